"""Finding the writer's material in one passage's text: numbered and coined formulations (提法) with
their expansions, and rhetorical sentences (排比, 对偶, 四字格, 设问).  Quotations live in
:mod:`kb.finders.quotes`.  Pure functions of the text (and, for expansions that follow the passage,
of the text after it and the headings under it); the rules' word lists are in
``kb/data/formulations.toml``.

A formulation is found when the text marks it: a quoted numbered phrase (“三个服务”, “三办”), a
numbered phrase followed by its expansion (三个作用：一是…, 四个更是:…, “三办”，即办文、办会、办事), a
quoted series (“讲大局、强责任、提能力、抓落实”) or a quoted compound (“一项基本任务、三项重要工作”).
An expansion is read from 即…/就是…/是：…, from 一是…二是…三是… that follow, from a parenthesis, from a
quoted series just before the phrase, or from the headings under the passage; the one whose number of
items matches the numeral is preferred.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kb.analysis import data_file
from kb.text import cn_number, sentences

HAN = "\u4e00-\u9fff"


@dataclass(frozen=True)
class FormulationRules:
    numerals: str
    classifiers: str
    merge_drop: str
    stop_nouns: frozenset[str]
    person_heads: tuple[str, ...]


@lru_cache(maxsize=1)
def rules() -> FormulationRules:
    data = tomllib.loads(data_file("formulations.toml").read_text(encoding="utf-8"))
    return FormulationRules(data["numerals"], data["classifiers"], data["merge_drop"],
                            frozenset(data["stop_nouns"]), tuple(sorted(data["person_heads"], key=len, reverse=True)))


def _term_re() -> re.Pattern[str]:
    r = rules()
    return re.compile(rf"^([{r.numerals}]{{1,3}})([{r.classifiers}]?)([{HAN}]{{1,6}})$")


def parse_term(text: str, strict: bool = True) -> tuple[int, str, str] | None:
    """(number, classifier, noun) when ``text`` is a numbered phrase such as 三个服务 or 三办."""
    r = rules()
    m = _term_re().match(text)
    if not m:
        return None
    num, cls, noun = cn_number(m.group(1)), m.group(2), m.group(3)
    if num < 1 or noun in r.stop_nouns:
        return None
    if not cls and any(c in r.numerals for c in noun):  # 十二五, 五加二 no; 三个一, 三个统一 yes
        return None
    if not cls and (m.group(1) in ("一", "二") or len(noun) > 3):  # 一肩挑, 二楼
        return None
    if strict and num == 1:  # 一条龙, 一个萝卜: set phrases, unless an expansion says otherwise
        return None
    return num, cls, noun


def merge_key(name: str) -> str:
    """三个服务 and 三服务 share a key."""
    r = rules()
    return re.sub(rf"^([{r.numerals}]+)[{r.merge_drop}]", r"\1", name)


# --- expansions -----------------------------------------------------------------------------
_SPLIT_STRONG = re.compile(r"[；;]")
_SPLIT_ITEMS = re.compile(r"[，,、；;]")
_ENUM_STRIP = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]|第[一二三四五六七八九十]+[，,、]?"
                         r"|[一二三四五六七八九十]+[是要])\s*")


def split_items(expansion: str, n: int) -> list[str]:
    """The items of an expansion, when they can be counted to ``n``; else []."""
    text = expansion.strip().strip("“”\"").replace("”“", "、").replace("”、“", "、")
    text = text.replace("“", "").replace("”", "").rstrip("。；;，,")
    strong = [s.strip() for s in _SPLIT_STRONG.split(text) if s.strip()]
    if len(strong) == n and n > 1:
        return [re.split(r"[，,：:]", s)[0] for s in strong]
    items = [s.strip() for s in _SPLIT_ITEMS.split(text) if s.strip()]
    if len(items) == n - 1 and items:
        m = re.match(r"^(.+?)(?:以及|和|及|与)(.+)$", items[-1])
        if m:
            items = items[:-1] + [m.group(1), m.group(2)]
    return items if len(items) == n else []


_AFTER_JI = re.compile(r"^”?(?:来?(?:概括|归纳|总结)|的[^，。；“”]{0,6})?[，,。：:]?\s*(?:即|也就是|就是)[：:]?\s*"
                       r"([^。]{2,200})")
_AFTER_COLON = re.compile(r"^”?(?:是|为|有)?[：:]\s*([^。]{2,200})")
_AFTER_PAREN = re.compile(r"^”?[（(]([^）)]{2,80})[）)]")


def _balanced(text: str) -> str:
    """Cut ``text`` at a closing parenthesis that has no opening one (the end of an aside)."""
    depth = 0
    for i, c in enumerate(text):
        if c in "（(":
            depth += 1
        elif c in "）)":
            if depth == 0:
                return text[:i]
            depth -= 1
    return text


def _first_fit(body: str, n: int) -> str:
    """The part of ``body`` that holds the ``n`` items: its first clause (to ；) or all of it."""
    first = re.split(r"[；;]", body)[0]
    if split_items(first, n) or not split_items(body, n):
        return first
    return body


def _enumerated(text: str, n: int) -> list[str]:
    """Items introduced by 一是…二是… (or 第一/（一）/一要) in order, read from the start of ``text``."""
    items: list[str] = []
    pos = 0
    cn = "一二三四五六七八九十"
    for k in range(1, n + 1):
        c = cn[k - 1] if k <= 10 else ""
        m = re.compile(rf"(?:^|[。；;：:！？!?\s，,])(?:{c}是|{c}要|第{c}[，,、：:]?|[（(]{c}[)）])").search(text, pos)
        if not m or (k == 1 and m.start() > 40):
            return []
        body = text[m.end():]
        item = re.split(r"[，,。；;：:！？!?\n]", body, maxsplit=1)[0].strip()
        if not item or len(item) > 30:
            return []
        items.append(item)
        pos = m.end()
    return items


def expansions(text: str, start: int, end: int, n: int, cls: str, following: str = "",
               children: tuple[str, ...] = ()) -> list[tuple[str, list[str], str]]:
    """Candidate (expansion, items, how) for the term at text[start:end], best first."""
    after = text[end:]
    out: list[tuple[int, str, list[str], str]] = []

    def add(rank: int, exp: str, how: str) -> None:
        exp = exp.strip().rstrip("，,。；;")
        if not exp:
            return
        items = split_items(exp, n) if cls != "字" else ([exp] if len(re.findall(f"[{HAN}]", exp)) == n else [])
        out.append((rank - (10 if items else 0), "、".join(items) if items and cls != "字" else exp, items, how))

    m = _AFTER_JI.match(after)
    if m:
        add(1, _first_fit(_balanced(m.group(1)), n), "即")
    m = _AFTER_COLON.match(after)
    if m:
        enum = _enumerated(m.group(1), n)
        if enum:
            out.append((-20, "、".join(enum), enum, "一是"))
        else:
            add(2, _first_fit(m.group(1), n), "是：")
    m = _AFTER_PAREN.match(after)
    if m:
        add(3, m.group(1), "（）")
    before = text[:start]
    m = re.search(r"“([^“”]{4,200})”的?“?$", before)
    if m:
        add(4, m.group(1), "前引")
    else:
        m = re.search(rf"([{HAN}]{{1,12}}(?:、[{HAN}]{{1,12}}){{2,}})“?$", before)
        if m:
            parts = m.group(1).split("、")
            if len(parts) == n and len(parts[0]) > max(len(p) for p in parts[1:]):
                parts[0] = parts[0][-max(len(p) for p in parts[1:]):]
            add(5, "、".join(parts), "前列")
    if re.match(r"^”?[^。；]{0,6}[。：:]?", after):
        enum = _enumerated((after.split("。", 1)[1] if "。" in after[:8] else after.lstrip("”：:。")) + "\n"
                           + following, n)
        if enum and not any(h == "一是" for _r, _e, _i, h in out):
            out.append((-15, "、".join(enum), enum, "一是"))
    tail = after.lstrip("”")
    if children and len(children) == n and len(tail) < 30:
        heads = [_ENUM_STRIP.sub("", c) for c in children]
        out.append((-25, "、".join(heads), heads, "下级标题"))
    out.sort(key=lambda t: t[0])
    return [(e, i, h) for _r, e, i, h in out]


# --- formulations ---------------------------------------------------------------------------
_HOW_RANK = {"下级标题": 0, "一是": 1, "即": 2, "是：": 3, "（）": 4, "前引": 5, "前列": 6}
_QUOTED = re.compile(r"“([^“”]{1,60})”")


def _formulation(name: str, core: str, form: str, expansion: str = "", items: list[str] | None = None,
                 how: str = "") -> dict[str, Any]:
    return {"name": name, "key": merge_key(core), "form": form, "expansion": expansion,
            "items": list(items or []), "how": how}


def _series_items(content: str) -> list[str]:
    items = [s for s in content.split("、")]
    if len(items) < 3 or not all(re.fullmatch(f"[{HAN}]{{1,10}}", s) for s in items):
        return []
    lens = [len(s) for s in items]
    return items if max(lens) - min(lens) <= 2 else []


def find_formulations(text: str, following: str = "", children: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Formulations in ``text``: [{name, key, form, expansion, items, how}], one per key."""
    r = rules()
    found: dict[str, dict[str, Any]] = {}

    def keep(f: dict[str, Any]) -> None:
        old = found.get(f["key"])
        if old is None or (f["items"] and not old["items"]) or (f["expansion"] and not old["expansion"]):
            found[f["key"]] = f

    def numbered(core: str, start: int, end: int, quoted: bool) -> dict[str, Any] | None:
        parsed = parse_term(core, strict=False)
        if parsed is None:
            return None
        n, cls, _noun = parsed
        head = ""
        if quoted and len(core) <= 3:
            head = next((h for h in r.person_heads if text.startswith(h, end)), "")
        cands = []
        for occ in re.finditer(re.escape(core), text):
            e = occ.end()
            if head:
                e += (text[e:e + 1] == "”") + (len(head) if text.startswith(head, e + (text[e:e + 1] == "”")) else 0)
            cands.extend(expansions(text, occ.start(), e, n, cls, following, children))
        cands.sort(key=lambda c: (not c[1], _HOW_RANK.get(c[2], 9)))
        if n == 1 and not any(c[2] in ("即", "就是") for c in cands):
            return None
        name = core + head
        exp, items, how = cands[0] if cands else ("", [], "")
        return _formulation(name, core, "numbered", exp, items, how)

    for m in _QUOTED.finditer(text):
        content = m.group(1)
        parts = content.split("、")
        terms = [parse_term(p, strict=False) for p in parts]
        if len(parts) > 1 and all(t and t[1] for t in terms):  # a compound: 一项基本任务、三项重要工作
            subs = []
            for p in parts:
                pm = re.search(rf"“{re.escape(p)}”[，,]?\s*(?:就是|即)[：:]?([^；;。）)]{{2,160}})", text)
                exp = pm.group(1).strip() if pm else ""
                subs.append(f"{p}：{exp}" if exp else "")
                keep(_formulation(p, p, "numbered", exp, [], "就是" if exp else ""))
            keep(_formulation(content, content, "compound", "；".join(s for s in subs if s), [], "就是"))
            continue
        f = numbered(content, m.start(), m.end(), quoted=True)
        if f:
            keep(f)
            continue
        items = _series_items(content)
        if items:
            keep(_formulation("、".join(items), "、".join(items), "series"))
    # a run of quoted short items: “早”“准”“深”, “高”“宽”“平”
    for m in re.finditer(r"(?:“[^“”，。]{1,4}”[、，,]?){3,}", text):
        items = re.findall(r"“([^“”]+)”", m.group(0))
        if len({len(i) for i in items}) == 1 and not any(parse_term(i, strict=False) for i in items):
            keep(_formulation("、".join(items), "、".join(items), "series"))
    # unquoted numbered phrases that the text expands (三个作用：一是…; 四个更是:…)
    pat = re.compile(rf"(?<![第\d{r.numerals}])([{r.numerals}]{{1,2}}[个项大条句种][{HAN}]{{1,3}}?)"
                     rf"(?=(?:来?(?:概括|归纳|总结)|的[^，。；“”]{{0,6}})?[，,。]?\s*(?:即|也就是|就是)|(?:是|为)?[：:])")
    for m in pat.finditer(text):
        core = m.group(1)
        if merge_key(core) in found:
            continue
        parsed = parse_term(core)
        if parsed is None:
            continue
        cands = expansions(text, m.start(), m.end(), parsed[0], parsed[1], following, children)
        if cands and cands[0][1]:
            exp, items, how = cands[0]
            keep(_formulation(core, core, "numbered", exp, items, how))
    # an expansion that is itself a series of equal phrases (开口能讲、提笔能写…) is a formulation too
    for f in list(found.values()):
        its = f["items"]
        if f["form"] == "numbered" and len(its) >= 3 and len({len(i) for i in its}) == 1 and 2 <= len(its[0]) <= 6:
            name = "、".join(its)
            if merge_key(name) not in found:
                found[merge_key(name)] = _formulation(name, name, "series", "", [], f"{f['name']}的内容")
    return list(found.values())


# --- rhetorical sentences -------------------------------------------------------------------
_CLAUSE = re.compile(r"[，；,;、：:]")
_ANTITHESIS = re.compile(r"既(?:要|是|有|能)?[^，。；]{1,20}[，,]?\s*又(?:要|是|有|能)?|不是[^。；]{1,30}而是|宁[^，。]{1,10}[，,]?\s*不"
                         r"|越是[^。]{1,30}越|与其[^。]{1,20}不如|多[^，。；]{1,4}[，,]?\s*少[^，。；]{1,4}")
_RHETORICAL_Q = re.compile(r"(?:什么是|什么叫|为什么|怎样才能|如何)[^？?。]{0,20}[？?]|^[^？?。]{1,12}是什么[？?]")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in sentences(text, "。！？!?\n", quote_aware=False)]


def _plain(s: str) -> str:
    return re.sub(r"[“”‘’「」\"'（）()]", "", s).strip()


def _alike(a: str, b: str) -> bool:
    if len(a) < 2 or len(b) < 2:
        return False
    pre = len(_common_prefix(a, b))
    suf = len(_common_prefix(a[::-1], b[::-1]))
    if pre >= 2 or suf >= 2:
        return True
    if len(a) == len(b) >= 3:
        return sum(x == y for x, y in zip(a, b, strict=True)) >= 2
    return False


def _parallel(clauses: list[str], step: int) -> bool:
    """Three or more clauses (every ``step``-th one) built alike."""
    for start in range(step):
        run = 1
        seq = clauses[start::step]
        for a, b in zip(seq, seq[1:], strict=False):
            run = run + 1 if (_alike(a, b) or _shared(a, b)) and len(a) <= 24 and len(b) <= 24 else 1
            if run >= 3:
                return True
    return False


def _shared(a: str, b: str) -> bool:
    """A three-character piece in common (最大的靠山是自己 / 最大的资本是能力)."""
    return any(a[i:i + 3] in b for i in range(len(a) - 2)) and abs(len(a) - len(b)) <= 3


def _common_prefix(a: str, b: str) -> str:
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[:i]


def sentence_types(sentence: str) -> list[str]:
    clauses = [_plain(c) for c in _CLAUSE.split(sentence.rstrip("。！？!?；;")) if _plain(c)]
    types: list[str] = []
    if _parallel(clauses, 1) or _parallel(clauses, 2):
        types.append("排比")
    run = 0
    for c in clauses:
        run = run + 1 if re.fullmatch(f"[{HAN}]{{4}}", c) else 0
        if run >= 3:
            types.append("四字格")
            break
    if _ANTITHESIS.search(sentence) or (len(clauses) == 2 and len(clauses[0]) == len(clauses[1])
                                         and 4 <= len(clauses[0]) <= 9
                                         and all(re.fullmatch(f"[{HAN}]+", c) for c in clauses)):
        types.append("对偶")
    if _RHETORICAL_Q.search(sentence):
        types.append("设问")
    return types


def find_sentences(text: str) -> list[dict[str, Any]]:
    """Rhetorical sentences: [{text, types}] with types among 排比, 四字格, 对偶, 设问."""
    out = []
    for s in split_sentences(text):
        if len(s) > 240:
            continue
        types = sentence_types(s)
        if types:
            out.append({"text": s, "types": types})
    return out
