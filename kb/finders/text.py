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
from kb.text import cn_number, fold, sentences

HAN = "\u4e00-\u9fff"


def curly_quotes(text: str) -> str:
    """ASCII double quotes paired into “…” (line by line) and 「」 into “”; the same length as ``text``,
    so offsets stay valid.  Web pages and plain text often quote with \"…\"."""
    out = []
    for line in text.split("\n"):
        chars = list(line.replace("「", "“").replace("」", "”"))
        idx = [i for i, c in enumerate(chars) if c == '"']
        for k, i in enumerate(idx[:len(idx) - len(idx) % 2]):
            chars[i] = "“" if k % 2 == 0 else "”"
        out.append("".join(chars))
    return "\n".join(out)


@dataclass(frozen=True)
class FormulationRules:
    numerals: str
    classifiers: str
    merge_drop: str
    stop_nouns: frozenset[str]
    person_heads: tuple[str, ...]
    #: well-known formulations found wherever they stand, quoted or not (四个意识, 八项规定, 稳中求进)
    known: tuple[str, ...] = ()
    #: nouns of ordinary counts that an unquoted numbered phrase must not end in (两个月, 三点意见)
    count_nouns: frozenset[str] = frozenset()
    #: stop nouns that still make a formulation when the text expands them (三个方面：一是…)
    expandable: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def rules() -> FormulationRules:
    data = tomllib.loads(data_file("formulations.toml").read_text(encoding="utf-8"))
    return FormulationRules(data["numerals"], data["classifiers"], data["merge_drop"],
                            frozenset(data["stop_nouns"]), tuple(sorted(data["person_heads"], key=len, reverse=True)),
                            tuple(sorted((fold(k) for k in data.get("known", [])), key=len, reverse=True)),
                            frozenset(data.get("count_nouns", [])), frozenset(data.get("expandable", [])))


def _term_re() -> re.Pattern[str]:
    r = rules()
    return re.compile(rf"^([{r.numerals}]{{1,3}})([{r.classifiers}]?)([{HAN}]{{1,6}})$")


def parse_term(text: str, strict: bool = True, expanded: bool = False) -> tuple[int, str, str] | None:
    """(number, classifier, noun) when ``text`` is a numbered phrase such as 三个服务 or 三办;
    ``expanded``: the text expands it, so 三个方面 and 三点 count too."""
    r = rules()
    m = _term_re().match(fold(text))
    if not m:
        return None
    num, cls, noun = cn_number(m.group(1)), m.group(2), m.group(3)
    if not cls and len(noun) == 1 and noun in r.classifiers:  # 十二字, 四句: the classifier is all there is
        cls = noun
    if num < 1 or (noun in r.stop_nouns and not (expanded and noun in r.expandable)):
        return None
    if not cls and any(c in r.numerals for c in noun):  # 十二五, 五加二 no; 三个一, 三个统一 yes
        return None
    if not cls and (m.group(1) in ("一", "二") or len(noun) > 3):  # 一肩挑, 二楼
        return None
    if strict and num == 1:  # 一条龙, 一个萝卜: set phrases, unless an expansion says otherwise
        return None
    return num, cls, noun


def merge_key(name: str) -> str:
    """三个服务, 三服务 and 三個服務 share a key (folded: one script, no punctuation between items)."""
    r = rules()
    key = re.sub(r"[^\w]", "", fold(name))
    return re.sub(rf"^([{r.numerals}]+)[{r.merge_drop}]", r"\1", key)


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


_AFTER_JI = re.compile(r"^[”“'‘’]?(?:来?(?:概括|归纳|总结)[^，。；“”]{0,12}|的[^，。；“”]{0,6})?[，,。：:]?\s*"
                       r"(?:即(?![将使便可时刻])|也就是|就是)[：:]?\s*"
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
        item = re.split(r"[。；;！？!?\n]", body, maxsplit=1)[0].strip()
        if len(item) > 40 or (k < n and re.search(rf"[，,](?:{cn[k] if k < 10 else 'x'}是|{cn[k] if k < 10 else 'x'}要)", item)):
            item = re.split(r"[，,：:]", item, maxsplit=1)[0].strip()
        if not item or len(item) > 40:
            return []
        items.append(item)
        pos = m.end()
    short = sorted(len(i) for i in items)[len(items) // 2] if items else 0
    return [i if len(i) <= 2 * short or not re.search(r"[，,]", i) else re.split(r"[，,]", i, maxsplit=1)[0]
            for i in items]


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


_SERIES_SEP = re.compile(r"[、\-—－–]+")


def _series_items(content: str) -> list[str]:
    """The items of a quoted series presented as a formula: three or more short phrases of about one
    length (讲大局、强责任、提能力、抓落实; 学习-实践-提升), or two of four characters or more of the
    same length (不忘初心、牢记使命)."""
    items = [s for s in _SERIES_SEP.split(content)]
    if len(items) < 2 or not all(re.fullmatch(f"[{HAN}]{{1,10}}", s) for s in items):
        return []
    lens = [len(s) for s in items]
    if len(items) == 2:
        return items if lens[0] == lens[1] >= 3 else []
    return items if max(lens) - min(lens) <= 2 else []


def find_formulations(text: str, following: str = "", children: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Formulations in ``text``: [{name, key, form, expansion, items, how}], one per key.  Matching
    runs on the folded text (三個代表 is found as 三个代表); names are the text's own surface."""
    r = rules()
    orig = text
    text = curly_quotes(fold(text))
    following = fold(following)
    found: dict[str, dict[str, Any]] = {}

    def surface(name: str) -> str:
        i = text.find(name)
        return orig[i:i + len(name)] if i >= 0 else name

    def keep(f: dict[str, Any]) -> None:
        f["name"] = surface(f["name"])
        old = found.get(f["key"])
        if old is None or (f["items"] and not old["items"]) or (f["expansion"] and not old["expansion"]):
            found[f["key"]] = f

    def numbered(core: str, start: int, end: int, quoted: bool) -> dict[str, Any] | None:
        parsed = parse_term(core, strict=False, expanded=True)
        if parsed is None:
            return None
        n, cls, noun = parsed
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
        if noun in r.stop_nouns and not quoted and not (cands and cands[0][1]):
            return None
        name = core + head
        exp, items, how = cands[0] if cands else ("", [], "")
        if how in ("前引", "前列") and not items:
            exp, how = "", ""
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
        clauses = re.split(r"[，,、]", content)
        if len(clauses) >= 3 and all(re.search(rf"[{r.numerals}][{r.classifiers}][{HAN}]{{1,3}}$", c) for c in clauses):
            keep(_formulation(content, content, "compound"))  # 明确一个目标，做好两项服务，实现三个转变…
            continue
        f = numbered(content, m.start(), m.end(), quoted=True)
        if f:
            keep(f)
            continue
        items = _series_items(content)
        if items:
            keep(_formulation(content, "、".join(items), "series"))
    # a run of quoted short items: “早”“准”“深”, “情报部”“参谋部”
    for m in re.finditer(r"(?:“[^“”，。,]{1,8}”[、，,]?){2,}", text):
        items = re.findall(r"“([^“”]+)”", m.group(0))
        if len({len(i) for i in items}) == 1 and (len(items) >= 3 or len(items[0]) >= 3) \
                and not any(parse_term(i, strict=False) for i in items) and "、".join(items) not in found:
            keep(_formulation(m.group(0).strip("、，,“”"), "、".join(items), "series"))
    # numbered compounds: 两级三方, 两比两问两评, 三严三实
    for m in re.finditer(rf"(?<![{HAN}])?((?:[二两三四五六七八九十][{HAN}]){{2,3}})(?![{HAN}]{{0,1}}[届中全])", text):
        core = m.group(1)
        quoted = text[m.start() - 1:m.start()] == "“" and text[m.end():m.end() + 1] == "”"
        same_numeral = len({core[i] for i in range(0, len(core), 2)}) == 1
        if (quoted or same_numeral) and not re.search(r"[届中全次分个项条年月日天]", core) \
                and merge_key(core) not in found:
            keep(_formulation(core, core, "compound"))
    # well-known formulations wherever they stand
    for k in r.known:
        if k in text and merge_key(k) not in found and not any(k in f["name"] for f in found.values()):
            i = text.find(k)
            if len(k) <= 2 and f"“{k}”" not in text:
                continue
            parsed = parse_term(k, strict=False)
            cands = expansions(text, i, i + len(k), parsed[0], parsed[1], following, children) if parsed else []
            exp, items, how = cands[0] if cands and cands[0][1] else ("", [], "")
            keep(_formulation(k, k, "numbered" if parsed else "known", exp, items, how))
    # a numbered phrase right after the quoted series it names: “讲大局、强责任、提能力、抓落实”的十二字
    for m in re.finditer(rf"”的?([{r.numerals}]{{1,2}})([{r.classifiers}])([{HAN}]{{0,2}})", text):
        num, cls, noun = m.groups()
        cores = [num + cls] if cls == "字" else [num + cls + noun[:k] for k in (1, 2, 0) if k <= len(noun)]
        for core in cores:
            parsed = parse_term(core, strict=True, expanded=True)
            if parsed is None or merge_key(core) in found:
                continue
            cands = [c for c in expansions(text, m.start(1), m.start(1) + len(core), parsed[0], parsed[1])
                     if c[1] and c[2] == "前引"]
            if cands:
                keep(_formulation(core, core, "numbered", *cands[0]))
                break
    # unquoted numbered phrases: expanded by the text (三个作用：一是…), or not an ordinary count
    pat = re.compile(rf"(?<![第\d{r.numerals}几])([{r.numerals}]{{1,2}})([{r.classifiers}点层])([{HAN}]{{1,3}}?)"
                     rf"(?=[，。、；：,.;:！？”“\"（）()\s的和与及等是]|来?(?:概括|归纳|总结)|$)")
    for m in pat.finditer(text):
        core = m.group(0)
        if merge_key(core) in found or any(core in f["name"] or (fold(f["name"]) in core and core.startswith(
                fold(f["name"])[:2])) for f in found.values()):
            continue
        if m.group(2) == "大" and len(m.group(1)) > 1 or m.group(3)[:1] == "多" \
                or any(m.group(3).startswith(c) for c in r.count_nouns):
            continue
        parsed = parse_term(core, strict=True, expanded=True)
        if parsed is None:
            continue
        cands = expansions(text, m.start(), m.end(), parsed[0], parsed[1], following, children)
        cands = [c for c in cands if c[1] and c[2] not in ("前引",)]
        if parsed[2] in r.stop_nouns and not cands:
            continue
        exp, items, how = cands[0] if cands else ("", [], "")
        keep(_formulation(core, core, "numbered", exp, items, how))
    # a series that is the expansion of a numbered formulation found here is not listed again
    expanded = {merge_key(f["expansion"]) for f in found.values() if f["expansion"]}
    return [f for f in found.values() if not (f["form"] == "series" and f["key"] in expanded)]


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
    if max(len(a), len(b)) <= 4 and abs(len(a) - len(b)) <= 1 and (pre or suf or a[-2] == b[-2]):
        return True  # 错位、越位、缺位; 全面性、准确性; 最大、最高
    if len(a) == len(b) >= 3:
        return sum(x == y for x, y in zip(a, b, strict=True)) >= 2
    return False


def _parallel(clauses: list[str], step: int) -> bool:
    """Three or more clauses (every ``step``-th one) built alike."""
    for start in range(step):
        run = 1
        seq = clauses[start::step]
        for a, b in zip(seq, seq[1:], strict=False):
            # a lead-in before the first item or a tail after the last (要防止…错位、越位、缺位) is not compared
            if run == 1 and len(a) > len(b) + 3:
                a = a[-len(b):]
            elif len(b) > len(a) + 3:
                b = b[:len(a)]
            run = run + 1 if (_alike(a, b) or _shared(a, b)) and len(a) <= 24 and len(b) <= 24 else 1
            if run >= 3:
                return True
    return False


def _balanced_pair(a: str, b: str) -> bool:
    """Two neighbouring clauses of one length built alike: 思想不能松，干劲不能减; 在书本中…，在现实中…."""
    if len(a) != len(b) or not 4 <= len(a) <= 14 or not re.fullmatch(f"[{HAN}]+", a + b):
        return False
    pre = len(_common_prefix(a, b))
    suf = len(_common_prefix(a[::-1], b[::-1]))
    same_pos = sum(x == y for x, y in zip(a, b, strict=True))
    if pre >= len(a) - 1:
        return False
    return pre + suf >= 2 or same_pos >= 2 or (len(a) <= 7 and same_pos >= 1)


def _shared(a: str, b: str) -> bool:
    """A three-character piece in common (最大的靠山是自己 / 最大的资本是能力)."""
    if abs(len(a) - len(b)) > 3:
        return False
    n = 2 if max(len(a), len(b)) <= 8 else 3  # 加强自身学习 / 提高自身素质
    return any(a[i:i + n] in b for i in range(len(a) - n + 1))


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
        if run >= 2:
            types.append("四字格")
            break
    if _ANTITHESIS.search(sentence) or ("排比" not in types and any(
            _balanced_pair(a, b) for a, b in zip(clauses, clauses[1:], strict=False))):
        types.append("对偶")
    halves = [_plain(h) for h in re.split(r"[；;]", sentence.rstrip("。！？!?；;")) if _plain(h)]
    if "对偶" not in types and len(halves) >= 2 and any(
            len(_common_prefix(a, b)) >= 2 for a, b in zip(halves, halves[1:], strict=False)):
        types.append("排比" if len(halves) >= 3 and "排比" not in types else "对偶")
    if _RHETORICAL_Q.search(sentence) or re.search(r"(?:怎样|怎么|如何|什么|哪些|为什么|为何|吗|呢)[^。！？!?]{0,4}[？?]$",
                                                  sentence):
        types.append("设问")
    return types


#: a sentence that lists contents or reports a meeting is not rhetoric (包括…、…; 分为…; 12月26日，…主持召开)
_LISTING = re.compile(r"包括|分为|主要有|等方面|如《|^\s*\d{1,2}月\d{1,2}日|主持召开|^[^，,]{0,12}(?:会议|会上)")


def find_sentences(text: str) -> list[dict[str, Any]]:
    """Rhetorical sentences: [{text, types}] with types among 排比, 四字格, 对偶, 设问."""
    out = []
    for s in split_sentences(text):
        if len(s) > 240 or _LISTING.search(s):
            continue
        types = sentence_types(s)
        if types:
            out.append({"text": s, "types": types})
    return out


# --- headings inside a passage ----------------------------------------------------------------
_CNUM = "一二三四五六七八九十"
_HEAD_ENUM = re.compile(rf"(?:第[{_CNUM}]{{1,3}}(?:[，,、：:]|(?=[要是]))|[{_CNUM}]{{1,2}}(?:是|要|、)|[（(][{_CNUM}\d]{{1,3}}[)）]"
                        rf"|\d{{1,2}}(?:\.\d{{1,2}})+(?=[{HAN}])|\d{{1,2}}[、．](?=[{HAN}]))")
_HEAD_STOP = re.compile(rf"[。！？!?；;\n]|\d{{1,2}}\.\d{{1,2}}(?=[{HAN}])|(?<=[{HAN}])[{_CNUM}]、")
_HEAD_START = "。！？!?\n：:"
HEADING_MAX_CHARS = 40


def _plain_line_heading(line: str) -> bool:
    """A short line without sentence punctuation that reads as a title (在…会议上的讲话, 开幕词)."""
    s = line.strip()
    if not 4 <= len(s) <= HEADING_MAX_CHARS or re.search(r"[，。；！？：,;:!?]$|[。；！？!?]|阅读|下载|复制", s):
        return False
    han = len(re.findall(f"[{HAN}]", s))
    return han >= 6 and han >= 0.7 * len(re.sub(r"\s", "", s)) and s.count("，") + s.count(",") <= 2


def find_headings(text: str) -> list[str]:
    """Headings that stand inside a passage's text: a numbered point that opens a line or follows a
    sentence end and is one short sentence (一是…。 / 第二要善于组织。 / （一）… / 1.2…), a short
    numbered opening clause (三要谋得深，…), and short title lines of a passage of several lines."""
    out: list[str] = []
    lines = text.split("\n")
    for j, line in enumerate(lines):
        s = line.strip()
        if len(lines) > 1 and _plain_line_heading(s) and not _HEAD_ENUM.match(s):
            out.append(s)
        # a line that is one short sentence above a longer one: 关键在强化理论武装。
        nxt = lines[j + 1].strip() if j + 1 < len(lines) else ""
        if re.fullmatch(r"[^。！？!?；;，,]{4,18}[。！？!?]?", s) and len(nxt) > 2 * len(s) \
                and not s.endswith(("：", ":")) and not _HEAD_ENUM.match(s):
            out.append(s.rstrip("。！？!?") if not s.endswith(("？", "?")) else s)
    for m in _HEAD_ENUM.finditer(text):
        start = m.start()
        glued = re.match(r"\d{1,2}\.\d", m.group(0)) is not None  # 1.1…1.2… run together in web text
        if start > 0 and not glued and text[start - 1] not in _HEAD_START + " " \
                and not text[:start].endswith(("。”", "\n")):
            continue
        rest = text[m.end():]
        end = _HEAD_STOP.search(rest)
        clause = rest[:end.start()] if end else rest
        term = rest[end.start()] if end else ""
        if term in ("；", ";") or len(re.findall(f"[{HAN}]", clause)) < 3:
            continue
        cut = re.match(r"^([^，,]{2,12})[，,](?:就是|即|也就是|主要是)", clause)
        if cut:
            clause, term = cut.group(1), "，"
        head = text[start:m.end()] + clause
        if len(head) <= HEADING_MAX_CHARS and (term != "" or len(lines) > 1 or len(text) <= HEADING_MAX_CHARS):
            out.append(head.strip())
            continue
        first = re.split(r"[，,]", clause, maxsplit=1)[0]
        line_start = start == 0 or text[start - 1] == "\n"
        if line_start and 2 <= len(first) <= 12 and first != clause:
            out.append((text[start:m.end()] + first).strip())
    seen: set[str] = set()
    kept = []
    for h in out:
        k = re.sub(r"[^\w]", "", h)
        if h and k not in seen:
            seen.add(k)
            kept.append(h)
    return kept
