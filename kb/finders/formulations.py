"""Formulations (提法) in one passage's text: numbered and coined phrases and quoted series, with the
expansion the text states (:mod:`kb.finders.expansions`).  Pure functions of the text (and, for
expansions that follow the passage, of the text after it and the headings under it); the rules' word
lists are in ``kb/data/formulations.toml``.

A formulation is found when the text marks it: a quoted numbered phrase (“三个服务”, “三办”), a
numbered phrase followed by its expansion (三个作用：一是…, 四个更是:…, “三办”，即办文、办会、办事), a
quoted series (“讲大局、强责任、提能力、抓落实”) or a quoted compound (“一项基本任务、三项重要工作”).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache

from kb.analysis import data_file, get_segmenter
from kb.finders.expansions import HOW_RANK, expansions
from kb.found import FoundFormulation
from kb.text import HAN, cn_number, curly_quotes, fold


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


#: Arabic numerals number formulations too (3个服务, 3条原则); the merge key reads them as Chinese
_DIGITS = "0123456789"
_CN = "零一二三四五六七八九"


def _cn_numeral(n: int) -> str:
    """3 -> 三, 12 -> 十二, 20 -> 二十 (1..99), for the merge key of 3个服务 = 三个服务."""
    tens, ones = divmod(n, 10)
    return ((_CN[tens] if tens > 1 else "") + "十" if tens else "") + (_CN[ones] if ones else "")


#: what a numbered phrase before a colon announces (三点：, 三层意思：, 3条原则：, 两点意见：, 八个字：)
_ANNOUNCED = re.compile(r"(?:[点层字]|方面|原则|要求|措施|任务|体会|意思|句话|建议|感受|希望|想法|作用|能力|"
                        r"服务|意识|标准|特点|职能|环节)$")


@lru_cache(maxsize=1)
def rules() -> FormulationRules:
    data = tomllib.loads(data_file("formulations.toml").read_text(encoding="utf-8"))
    return FormulationRules(data["numerals"] + _DIGITS, data["classifiers"], data["merge_drop"],
                            frozenset(data["stop_nouns"]), tuple(sorted(data["person_heads"], key=len, reverse=True)),
                            tuple(sorted((fold(k) for k in data.get("known", [])), key=len, reverse=True)),
                            frozenset(data.get("count_nouns", [])), frozenset(data.get("expandable", [])))


def _term_re() -> re.Pattern[str]:
    r = rules()
    return re.compile(rf"^([{r.numerals}]{{1,3}})([{r.classifiers}]?)([{HAN}]{{1,6}})$")


def parse_term(text: str, strict: bool = True, expanded: bool = False,
               quoted: bool = False) -> tuple[int, str, str] | None:
    """(number, classifier, noun) when ``text`` is a numbered phrase such as 三个服务 or 三办;
    ``expanded``: the text expands it, so 三个方面 and 三点 count too; ``quoted``: the text puts it in
    quotation marks, so a noun of ordinary counts that is no unit of time or people counts too (“四个机关”)."""
    r = rules()
    m = _term_re().match(fold(text))
    if not m:
        return None
    num, cls, noun = cn_number(m.group(1)), m.group(2), m.group(3)
    if not cls and len(noun) == 1 and noun in r.classifiers:  # 十二字, 四句: the classifier is all there is
        cls = noun
    if num < 1 or (noun in r.stop_nouns and not (expanded and noun in r.expandable)
                   and not (quoted and noun not in r.count_nouns and len(noun) > 1)):
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
    key = re.sub(r"^\d{1,2}(?=[\u4e00-\u9fff])", lambda m: _cn_numeral(int(m.group(0))) if int(m.group(0)) else m.group(0), key)
    return re.sub(rf"^([{r.numerals}]+)[{r.merge_drop}]", r"\1", key)


# --- formulations ---------------------------------------------------------------------------
_QUOTED = re.compile(r"“([^“”]{1,60})”")


def _formulation(name: str, core: str, form: str, expansion: str = "", items: list[str] | None = None,
                 how: str = "") -> FoundFormulation:
    return FoundFormulation(name, merge_key(core), form, expansion, tuple(items or ()), how)


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


#: characters of ordinary prose that a coined term (懒庸散慢, 急难愁盼) does not have
_PLAIN = set("的了们着过吗呢吧这那个是在和与把被让给或等我你他她就也都还要会能很更最一之上下谁为什么怎")
#: the last character of a place or an institution's name (玉峰国小, 城关镇): a name, not a coined term
_PLACE_END = set("小中村镇县市省区乡路街楼山河湖馆校院园站港")


def _coined(content: str) -> bool:
    """A quoted word the office coined by compressing a list, one character an item (“懒庸散慢”,
    “急难愁盼”, “放管服”), or 大 + a field of work (“大督查”): not a dictionary word, and the
    segmenter reads it as single characters or words it does not know."""
    if not re.fullmatch(f"[{HAN}]{{3,4}}", content) or set(content) & _PLAIN or content[-1] in _PLACE_END:
        return False
    seg = get_segmenter()
    if seg.has_word(content):
        return False
    words = [w for w, _s, _e in seg.cut(content)]
    if len(content) == 3 and content[0] == "大" and words == ["大", content[1:]]:
        return True
    return max(map(len, words)) <= 2 and sum(len(w) == 1 or not seg.has_word(w) for w in words) >= 2


def find_formulations(text: str, following: str = "", children: tuple[str, ...] = ()) -> list[FoundFormulation]:
    """Formulations in ``text``, one per key (:class:`kb.models.FoundFormulation`).  Matching
    runs on the folded text (三個代表 is found as 三个代表); names are the text's own surface."""
    r = rules()
    orig = text
    # single quotes and the mixed ones of web copies ('两办“, ‘四个意识’) around a short term read as “…”
    text = re.sub(rf"[‘']([{HAN}\d]{{1,12}})[’'“”]", r"“\1”", curly_quotes(fold(text)))
    following = fold(following)
    found: dict[str, FoundFormulation] = {}

    def surface_of(start: int, end: int) -> str:
        return orig[start:end]

    def surface(name: str) -> str:
        i = text.find(name)
        return orig[i:i + len(name)] if i >= 0 else name

    def keep(f: FoundFormulation) -> None:
        f = replace(f, name=surface(f.name))
        old = found.get(f.key)
        if old is None or (f.items and not old.items) or (f.expansion and not old.expansion):
            found[f.key] = f

    def numbered(core: str, start: int, end: int, quoted: bool) -> FoundFormulation | None:
        parsed = parse_term(core, strict=False, expanded=True, quoted=quoted)
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
        cands.sort(key=lambda c: (not c[1], HOW_RANK.get(c[2], 9)))
        if n == 1 and not any(c[2] in ("即", "就是") for c in cands):
            return None
        if noun in r.stop_nouns and not quoted and not (cands and cands[0][1]):
            return None
        name = core + head
        exp, items, how = cands[0] if cands else ("", [], "")
        if how in ("前引", "前列", "是：") and not items:
            exp, how = "", ""  # “三个没问题”：文字使用没问题。 names one of three: no expansion stated
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
        elif _coined(content) or re.fullmatch(f"双[{HAN}]{{1,3}}", content):  # “双拥”, “双胜利”: 双 numbers it
            keep(_formulation(content, content, "coined"))
    # numbered models written with plus signs: “3+1+X”, “1+N”; or as a code of digits before what
    # they number: “4321”工作思路, “9073”养老格局 (not a year: “2035”)
    for m in re.finditer(r"“((?:\d{1,2}|[A-Za-z])(?:[+＋](?:\d{1,2}|[A-Za-z])){1,4})”"
                         rf"|“((?!19\d\d|20\d\d)\d{{4,5}})”(?=[{HAN}])", text):
        code = m.group(1) or m.group(2)
        keep(_formulation(code, code, "compound"))
    # a run of quoted short items: “早”“准”“深”, “情报部”“参谋部”
    for m in re.finditer(r"(?:“[^“”，。,]{1,8}”[、，,]?){2,}", text):
        items = re.findall(r"“([^“”]+)”", m.group(0))
        if len({len(i) for i in items}) == 1 and (len(items) >= 3 or len(items[0]) >= 3) \
                and not any(parse_term(i, strict=False) for i in items) and "、".join(items) not in found:
            keep(_formulation(m.group(0).strip("、，,“”"), "、".join(items), "series"))
    # an unquoted series of single characters is a formula (德、能、勤、绩; 等、拖、靠); lists of
    # qualities (规范化、制度化、标准化) are not
    for m in re.finditer(rf"(?:(?<=[^{HAN}])|(?<=的)|^)([{HAN}](?:、[{HAN}]){{2,}})(?![{HAN}]*、)", text):
        if any(f.key == merge_key(m.group(1)) for f in found.values()):
            continue
        keep(_formulation(surface_of(m.start(1), m.end(1)), m.group(1), "series"))
    # numbered compounds: 两级三方, 两比两问两评, 三严三实
    for m in re.finditer(rf"(?<![{HAN}])?((?:[二两三四五六七八九十][{HAN}]){{2,3}})(?![{HAN}]{{0,1}}[届中全])", text):
        core = m.group(1)
        quoted = text[m.start() - 1:m.start()] == "“" and text[m.end():m.end() + 1] == "”"
        same_numeral = len({core[i] for i in range(0, len(core), 2)}) == 1
        if (quoted or same_numeral) and not re.search(r"[届中全次分个项条年月日天]", core) \
                and merge_key(core) not in found:
            keep(_formulation(core, core, "compound"))
    # N位一体 (三位一体, 四位一體) wherever it stands
    for m in re.finditer(r"[二两三四五六七八九十]位一体", text):
        if merge_key(m.group(0)) not in found:
            keep(_formulation(m.group(0), m.group(0), "compound"))
    # well-known formulations wherever they stand
    for k in r.known:
        if k in text and merge_key(k) not in found and not any(k in f.name for f in found.values()):
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
        cores = [num + cls] if cls == "字" else [num + cls + noun[:k] for k in (2, 1, 0) if k <= len(noun)]
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
                     rf"(?=[，。、；：,.;:！？”“\"（）()\s的和与及等是]|来?(?:概括|归纳|总结|形容|描述)|$)")
    for m in pat.finditer(text):
        core = m.group(0)
        if merge_key(core) in found or any(core in f.name or (fold(f.name) in core and core.startswith(
                fold(f.name)[:2])) for f in found.values()):
            continue
        if m.group(2) == "大" and len(m.group(1)) > 1 or m.group(3)[:1] == "多" \
                or any(m.group(3).startswith(c) for c in r.count_nouns):
            continue
        parsed = parse_term(core, strict=True, expanded=True)
        if parsed is None:
            continue
        cands = expansions(text, m.start(), m.end(), parsed[0], parsed[1], following, children)
        cands = [c for c in cands if c[1] and c[2] not in ("前引",)]
        if not cands:
            continue  # 三个项目, 10个百分点, 三项内容都: counts, unless the text expands them (quoted ones are above)
        exp, items, how = cands[0] if cands else ("", [], "")
        keep(_formulation(core, core, "numbered", exp, items, how))
    # a numbered phrase that announces what follows: 我讲三点：…, 把握3条原则：…, 抓好以下四个方面
    ann = re.compile(rf"(?<![第\d{r.numerals}几])([{r.numerals}]{{1,2}}[{r.classifiers}点层][{HAN}]{{0,4}}?)"
                     rf"(?:的工作)?(?:是|为|有|包括|如下|分别是)?(?=[：:])"
                     rf"|(?:以下|如下|下面|这么|这样)的?([{r.numerals}]{{1,2}}[{r.classifiers}点层][{HAN}]{{0,3}}?)(?=[。：:，,])")
    for m in ann.finditer(text):
        core = m.group(1) or m.group(2)
        parsed = parse_term(core, strict=True, expanded=True)
        if parsed is None or merge_key(core) in found or any(core in f.name for f in found.values()) \
                or any(parsed[2].startswith(c) for c in r.count_nouns) or not _ANNOUNCED.search(core):
            continue
        cands = [c for c in expansions(text, m.start(), m.start() + len(core), parsed[0], parsed[1], following, children)
                 if c[1] and c[2] not in ("前引", "前列")]
        exp, items, how = cands[0] if cands and not re.search(r"[点层]", core) else ("", [], "")
        keep(_formulation(core, core, "numbered", exp, items, how))  # 我讲三点: the points are the talk's
    # a series that is the expansion of a numbered formulation found here is not listed again
    expanded = {merge_key(f.expansion) for f in found.values() if f.expansion and f.how != "前文"}
    return [f for f in found.values() if not (f.form == "series" and f.key in expanded)]

