"""Sayings quoted without a named speaker (俗语, 古语, 名句, 成语): the 金句 that speeches borrow.

Found by what they are, not by who says them: a saying from ``kb/data/sayings.txt`` (with or without
its punctuation, in either script); an idiom or set phrase from the segmenter's dictionary
(:func:`kb.analysis.idioms`: 水涨船高, 好事不出门) standing in quotation marks, or two of them making a
couplet (失之毫厘，谬以千里); quoted text shaped like classical lines: balanced clauses of one length
with no modern function word (“刀枪入库，马放南山”), a seven-character line (“年年岁岁花相似”) or
clauses with 文言 particles (“为之，则难者亦易矣”); whatever follows 俗话说 / 古人云 / 有句话 /
正所谓; unquoted couplets of terse 文言 words (政贵有恒，治须有常) or said in reverse (人人为我，我为人人);
and set frames (X无小事, X重于泰山).  A quoted line that names a term (的“职称或技术级别”, “螺旋式卸载技术”
两种) is not a saying.  The speaker is 俗语 / 古人 when the text says 俗话说 / 古人云, else "".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from kb.analysis import data_file, get_segmenter, idioms
from kb.found import FoundQuote
from kb.text import HAN, fold

_PUNCT = "，,、；;：:！!？?。 "
#: words that introduce a saying (俗话说, 古人云, 正所谓, 有句话); the groups name who says it
_SAYING_INTRO = re.compile(
    rf"(?:(俗话|俗语|常言|老话|古人|古语|古话|古训|古诗|诗|前人|先贤|先哲|哲人|人们|大家|民间)(?:都|常|常常|经常)?(?:说|讲|道|云|曰|有云|有言)(?:得好)?"
    rf"|(正所谓|正是|正如|可谓|所谓)"
    rf"|([{HAN}]{{0,4}})有(?:一|这样一|这么一)?句(?:老|名|古|俗)?(?:话|言|语)(?:是)?(?:这样|这么)?(?:说|讲|叫|叫做)?的?"
    rf"|有(?:一)?(?:句|则)?(?:名言|格言|古训|谚语|俗语))[：:，,]?\s*")
_WHO = {"俗话": "俗语", "俗语": "俗语", "常言": "俗语", "老话": "俗语", "民间": "俗语", "古人": "古人", "古语": "古人",
        "古话": "古人", "古训": "古人", "古诗": "古人", "诗": "古人", "前人": "古人", "先贤": "古人", "先哲": "古人",
        "哲人": "古人", "人们": "人们", "大家": "人们"}
#: characters of modern prose that a classical line or proverb does not use
_MODERN = set("的了们着过吗呢吧这那个是在和与把被让给或等该我你他她您咱")
#: 文言 particles: a short quoted line that has them reads as classical (为之，则难者亦易矣)
_PARTICLES = set("之乎者也矣焉兮哉")
#: particles that modern prose does not use: one is enough (之, 者, 也 are common in prose: two are needed)
_CLASSICAL = set("乎矣焉兮哉")


def han(s: str) -> str:
    """The ideographs of ``s``, folded (one script)."""
    return re.sub(rf"[^{HAN}]", "", fold(s))


def overlaps(a: str, b: str) -> bool:
    x, y = han(a), han(b)
    return bool(x) and bool(y) and (x in y or y in x)


@lru_cache(maxsize=1)
def _sayings_re() -> re.Pattern[str] | None:
    alts = []
    for raw in data_file("sayings.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or len(han(line)) < 5:
            continue
        chars = [c for c in fold(line) if c not in _PUNCT]
        alts.append(f"[{re.escape(_PUNCT)}]?".join(re.escape(c) for c in chars))
    alts.sort(key=len, reverse=True)
    return re.compile("|".join(alts)) if alts else None


def _intro_speaker(before: str) -> tuple[str, str]:
    """Who says the saying that follows ``before``: 俗语 after 俗话说, 古人 after 古人云, else ""."""
    found = list(_SAYING_INTRO.finditer(before))
    m = found[-1] if found else None
    if m is None or not re.fullmatch(r"[“\"]?", before[m.end():]):
        return "", "saying"
    if m.group(1) in ("人们", "大家") and not re.search(r"[常都]", m.group(0)):
        return "", "saying"
    who = _WHO.get(m.group(1) or "", "")
    return who, "classic" if who == "古人" else "saying"


def _saying(text: str, folded: str, start: int, end: int) -> FoundQuote:
    who, kind = _intro_speaker(folded[max(0, start - 12):start])
    return FoundQuote(text[start:end], who, kind)


def _listed(text: str, folded: str) -> list[FoundQuote]:
    pat = _sayings_re()
    return [] if pat is None else [_saying(text, folded, m.start(), m.end()) for m in pat.finditer(folded)]


def _is_series(content: str) -> bool:
    items = content.split("、")
    return (len(items) >= 3 and all(re.fullmatch(f"[{HAN}]{{2,8}}", i) for i in items)
            and max(map(len, items)) - min(map(len, items)) <= 1)


def _shaped(c: str) -> bool:
    """Quoted words shaped like a classical line or proverb."""
    clauses = [x for x in re.split(r"[，,；;。！？!?]", c) if x]
    plain = "".join(clauses)
    if not clauses or not all(re.fullmatch(f"[{HAN}]+", x) for x in clauses) or set(plain) & _MODERN:
        return False
    lens = {len(x) for x in clauses}
    if len(clauses) == 1:  # five-character quotes are mostly catchphrases, four-character ones idioms
        return (len(plain) == 7 and not set(plain) & _PROSE) or (len(plain) >= 5 and fold(plain) in idioms())
    couplet = len(clauses) in (2, 4) and len(lens) == 1 and 3 <= min(lens) <= 9 and not (
        clauses[0][:2] == clauses[1][:2])  # 各位来宾，各位朋友 is a greeting
    if couplet and min(lens) == 4:  # 开拓创新，真抓实干: a slogan of set phrases, not a saying
        couplet = sum(fold(x) in idioms() for x in clauses) < len(clauses)
    if couplet and min(lens) >= 6:  # 加强机关建设，改进机关作风: a slogan
        couplet = not set(plain) & _PROSE
    particles = len(plain) <= 24 and (bool(set(plain) & _CLASSICAL) or sum(c in _PARTICLES for c in plain) >= 2)
    return couplet or particles


def _quoted(text: str) -> list[FoundQuote]:
    """Quoted sayings the text does not attribute: couplets, classical lines, idioms."""
    out = []
    for m in re.finditer(r"“([^“”]{4,40})”", text):
        c = m.group(1).strip().rstrip("，,。")
        if "、" in c or not _shaped(c) or _named_term(c, text[:m.start()], text[m.end():]):
            continue
        out.append(FoundQuote(c, *_intro_speaker(fold(text[max(0, m.start() - 12):m.start()]))))
    return out


def _named_term(c: str, before: str, after: str) -> bool:
    """A single quoted line that names a term rather than quoting a saying: “非市场议价能力”作为标准,
    的“职称或技术级别”, “螺旋式卸载技术”两种 — it follows 的 or 是/为/称, or runs on into the sentence."""
    if re.search(r"[，,；;]", c):
        return False
    if re.search(r"(?:的|是|为|称|叫|叫做|即)$", before):
        return True
    return not re.match(r"\s*(?:$|[，,。；;！!？?、：:）)]|的(?:道理|古训|名言|名句|诗句|话|说法|境界|理念|精神|原则)|这)", after)


_PAIRED = set("之乎者也矣焉兮哉而则")
#: characters of office prose that a line of verse does not have (要, 加强, 推进, 工作 …)
_PROSE = set("要加强推进提高工作坚持全面深化落实发展建设管理服务我们你们他们各单位部门实行性务")


#: one-character words of modern prose (a line made of them is not classical for that)
_PLAIN_SINGLE = set("要将更还都再很也就才又而且并等及对向从为以被把让给使上下至由到在得地共写较")


#: words of modern prose's reasoning that verse and sayings do without (如果不做好准备，匆忙仓促地开会)
_CONJUNCTIONS = re.compile(r"如果|因为|所以|但是|虽然|而且|不仅|需要|应该|进行|可以|已经|通过")
_POSTS = r"书记|常委|委员|主任|部长|局长|厅长|县长|市长|省长|区长|镇长|同志|主席|代表|经理"


def _terse_pair(a: str, b: str) -> bool:
    """Two clauses in the terse words of 文言, three odd words between them (:func:`_odd_words`)."""
    if re.search(_POSTS, a + b) or set(a + b) & set("也就没很才都"):  # 贡献也就越大, 没有超标车: modern words
        return False  # 县委副书记成宾，县委常委李春旺: names of people (words the segmenter does not know)
    na, nb = _odd_words(a), _odd_words(b)
    return min(na, nb) >= 1 and na + nb >= 3


def _odd_words(clause: str) -> int:
    """How many words of ``clause`` are terse: one-character words, or words the segmenter does not know
    (政贵/有恒, 禁微/则/易), where office prose reads dictionary words (统一/思想); 0 for office words."""
    if set(clause) & _PROSE or clause in idioms():
        return 0
    seg = get_segmenter()
    words = [w for w, _s, _e in seg.cut(clause)]
    return sum((len(w) == 1 and w not in _PLAIN_SINGLE) or not seg.has_word(w) for w in words)


def _reversed(a: str, b: str) -> bool:
    """回环: the second clause says the first's words in another order (人人为我，我为人人; 星期六保证不休息，
    星期天休息不保证): the same characters but at most one, and few of them in the same place."""
    if len(a) != len(b) or len(a) < 4:
        return False
    extra = Counter(a) - Counter(b)
    same_place = sum(x == y for x, y in zip(a, b, strict=True))
    return sum(extra.values()) <= 1 and same_place <= len(a) - 3


def _couplets(text: str) -> list[FoundQuote]:
    """Unquoted classical couplets: two clauses of one length with no modern function word and a
    文言 particle at the same place in both (学而不思则罔，思而不学则殆; 博观而约取，厚积而薄发), two
    set phrases of five characters or more (好事不出门，坏事传千里), or two terse clauses (政贵有恒，治须有常)."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(rf"(?<![{HAN}\w%％》）)])(?=(?:要|就是|做到|懂得|正是)?(([{HAN}]{{4,9}})([，,])([{HAN}]{{4,9}}))(?![{HAN}]))",
                         text):  # a lookahead: clauses overlap (老百姓讲，马凭四条腿，官凭一张嘴)
        a, b = fold(m.group(2)), fold(m.group(4))
        if _reversed(a, b):
            spans.append(m.span(1))
            continue
        if len(a) != len(b) or len(a) > 7 or set(a + b) & _MODERN or _CONJUNCTIONS.search(a + b) \
                or re.search(_POSTS, a + b) or "越" in a + b:
            continue  # 县委副书记成宾，县委常委李春旺; 社会资本越丰富，再就业情况越好
        paired = any(x == y and x in _PAIRED for x, y in zip(a[1:-1], b[1:-1], strict=True))
        verse = len(a) == 7 and not set(a + b) & _PROSE  # 宝剑锋从磨砺出，梅花香自苦寒来
        if paired or verse or (len(a) >= 5 and a in idioms() and b in idioms()) or _terse_pair(a, b):
            spans.append(m.span(1))
    # couplets that share a clause are one saying of three (脸笑如花，腰弓像虾，脚快似马)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [FoundQuote(text[start:end]) for start, end in merged]


def _introduced(text: str) -> list[FoundQuote]:
    """Sayings after an introducing phrase: 俗话说“…”, 古人云：…。, 秘书中有句话：…。, 正所谓“…”."""
    out: list[FoundQuote] = []
    for m in _SAYING_INTRO.finditer(text):
        rest = text[m.end():]
        q = re.match(r"“([^“”]{4,80})”", rest)
        if q is None and (m.group(2) or m.group(1) in ("人们", "大家")):
            continue  # 正是 / 正如 / 所谓 / 大家常讲 need quotation marks: ordinary words too
        if q is not None and m.group(2) in ("正是", "正如") and not _shaped(q.group(1)):
            continue  # 正是“控溪吊桥”一带: a name, not a saying
        if q is None:
            q = re.match(r"([^。！？!?；;“”]{4,80})[。！？!?；;]", rest)
        if q is None or _is_series(q.group(1)) or re.search(r"[\d一二三四五六七八九十两]个", q.group(1)):
            continue
        if m.group(2) in ("所谓", "可谓") and not _shaped(q.group(1)):
            continue  # 所谓“三办” names a term; 所谓“天下大事，必作于细” quotes a saying
        if m.group(1) in ("人们", "大家") and not re.search(r"[常都]", m.group(0)):
            continue  # 大家讲…: not 大家常说
        who = _WHO.get(m.group(1) or "", "") or re.sub(r"^.*(?:是|也|就|都|还|不|常|却|又)", "", m.group(3) or "")
        kind = {"俗语": "saying", "古人": "classic", "人们": "saying"}.get(who, "person" if who else "saying")
        out.append(FoundQuote(q.group(1).strip().rstrip("，,"), who, kind))
    return out


#: set frames of sayings: “X无小事”(，Y), “X重于泰山”
_FRAMES = re.compile(rf"[{HAN}]{{2,6}}无小事(?:[，,][{HAN}]{{5,9}}(?=[。；;！]))?|(?<![{HAN}])[{HAN}]{{2}}重于泰山")
_LEAD_VERB = re.compile(r"^(?:真正)?(?:做到|就是|坚持|懂得|明白|认识到|牢记|树立|领悟|深知|要|是|了|把)")


def _templated(folded: str, text: str) -> list[FoundQuote]:
    out = []
    for m in _FRAMES.finditer(folded):
        lead = _LEAD_VERB.match(folded[m.start():m.end()])
        start = m.start() + (lead.end() if lead and m.end() - m.start() - lead.end() >= 5 else 0)
        out.append(FoundQuote(text[start:m.end()]))
    return out


def find_sayings(text: str) -> list[FoundQuote]:
    """Sayings in ``text`` (ASCII quotes already paired into “…”), one per saying, in text order: the
    longest reading wins, and keeps a speaker any shorter reading had."""
    folded = fold(text)
    out: list[FoundQuote] = _listed(text, folded)
    for found in (_quoted(text), _couplets(text), _introduced(text), _templated(folded, text)):
        for q in found:
            same = [o for o in out if overlaps(q.text, o.text)]
            if q.speaker and same and all(han(q.text) == han(o.text) and not o.speaker for o in same):
                out = [o for o in out if o not in same] + [q]  # the same words, now with who says them
            elif all(len(han(q.text)) > len(han(o.text)) for o in same):
                speaker = q.speaker or next((o.speaker for o in same if o.speaker), "")
                kind = q.speaker_kind if q.speaker else next((o.speaker_kind for o in same if o.speaker), q.speaker_kind)
                out = [o for o in out if o not in same] + [replace(q, speaker=speaker, speaker_kind=kind)]
    return sorted(out, key=lambda q: (text.find(q.text) % (len(text) + 1)))  # in text order
