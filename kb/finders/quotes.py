"""Quotations (引语) in one passage's text, with the person or source each is attributed to.

A quotation is quoted text (“…”) that a speaking verb introduces (指出, 强调, 说过, 讲到, 曰, 规定 …),
or, after a known speaker and 说过/指出/曰, the rest of the sentence without quotation marks.  The
speaker is looked for in the same sentence before the verb: a name from ``kb/data/speakers.txt``
(with its aliases: 小平同志 -> 邓小平, 俗话 -> 俗语), a book (《论语》), a person described by a
profession (德国哲学家康德), or a name with a title (张三同志, 李四书记).  A quote that follows another
after a comma keeps its speaker (古人曰：“…”，“…”).  First-person and unattributed quotes are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kb.analysis import data_file
from kb.text import fold

HAN = "\u4e00-\u9fff"
VERBS = ("指出|强调|说得好|说过|说道|曾说|所说的|所说|讲过|讲到|讲的|讲|说|曰|云|写道|提出的|提出了|提出|告诫|"
         "明确规定|规定|寄予了殷切期望|期望|称为|誉为|所言|有言|(?:提出了?|提)[^，。“”]{0,6}要求|要求|表示|谈到|认为")
_VERB_END = re.compile(rf"(?:{VERBS})(?:了|的)?\s*[：:，,]?\s*$")
_TITLES = "同志|总书记|书记|主席|总理|委员长|省长|市长|部长|主任|秘书长|先生"
_TITLED = re.compile(rf"([{HAN}]{{2,3}}?)(?:{_TITLES})(?!们)")
_DESCRIBED = re.compile(rf"[{HAN}]{{0,6}}(?:哲学家|思想家|文学家|诗人|作家|科学家|教育家|政治家|军事家|史学家|学者)"
                        rf"([{HAN}]{{2,4}}?)(?=曾经|曾|也|说|指出|讲|认为|写道)")
_BOOK = re.compile(r"《([^》]{1,24})》")
_FUNCTION_CHARS = set("的了在和与对把是为等们这那我你他她它其从向给被让于以及并也都就还")
_UNQUOTED = re.compile(r"(?:曾经|曾|也|多次|又|再次|深刻)?(?:说过|指出|强调|曰|讲过|有言)[，,：:]\s*(?![“\"])"
                       r"([^。！？!?“”]{6,160}[。！？!?]?)")
#: a meeting, an organ or a document that is quoted (党的十八届三中全会明确提出, 中央办公厅《…》)
_BODY = re.compile(rf"((?:党的)?[{HAN}\d]{{0,12}}(?:全会|大会|全国人大|中共中央|国务院|中央办公厅|国务院办公厅|中办|国办)"
                   rf"(?:《[^》]{{1,30}}》)?)[^，。]{{0,4}}$")
#: a person named after a role (人大代表余雷说, 局长王某指出)
_ROLE_NAME = re.compile(rf"(?:代表|委员|局长|厅长|处长|科长|县长|区长|市长|省长|部长|主任|书记|秘书长|经理|董事长|校长|院长)"
                        rf"([{HAN}]{{2,3}}?)$")


@dataclass(frozen=True)
class Speakers:
    canonical: dict[str, str]  # alias or name -> canonical name
    kinds: dict[str, str]      # canonical -> person / classic / saying / book

    def pattern(self) -> re.Pattern[str]:
        names = sorted(self.canonical, key=len, reverse=True)
        return re.compile("|".join(re.escape(n) for n in names))


@lru_cache(maxsize=1)
def speakers() -> Speakers:
    canonical: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for raw in data_file("speakers.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _eq, aliases = line.partition("=")
        name = name.strip()
        canonical[name] = name
        for a in aliases.split(","):
            if a.strip():
                canonical[a.strip()] = name
        kinds[name] = {"古人": "classic", "俗语": "saying"}.get(name, "person")
    canonical.setdefault("人们常", "俗语")
    return Speakers(canonical, kinds)


@lru_cache(maxsize=1)
def _speaker_re() -> re.Pattern[str]:
    return speakers().pattern()


def normalise_speaker(raw: str) -> tuple[str, str]:
    """(speaker, kind) for a raw mention: 毛泽东同志 -> 毛泽东; 江总书记 -> 江泽民; 《党章》 stays."""
    sp = speakers()
    raw = raw.strip()
    if raw.startswith("《"):
        return raw, "book"
    if raw in sp.canonical:
        name = sp.canonical[raw]
        return name, sp.kinds.get(name, "person")
    m = re.fullmatch(rf"([{HAN}]{{2,3}}?)({_TITLES})", raw)
    if m:
        base = m.group(1)
        if base in sp.canonical:
            name = sp.canonical[base]
            return name, sp.kinds.get(name, "person")
        if len(base) == 3 or m.group(2) == "同志":  # a full name: drop the title
            return base, "person"
    return raw, "person"


def find_speaker(context: str) -> tuple[str, str] | None:
    """The speaker mentioned in ``context`` (the sentence before the speaking verb), if any; the
    context is folded first (traditional script: 習近平總書記 -> 习近平)."""
    context = fold(context)
    m = _BOOK.search(context)
    if m and re.search(r"》(?:中|里|上)?[^，。]{0,6}$", context):
        return f"《{m.group(1)}》", "book"
    m = _DESCRIBED.search(context + "说")
    if m:
        return normalise_speaker(m.group(1))
    knowns = list(_speaker_re().finditer(context))
    known = knowns[-1] if knowns else None
    titled = [t for t in _TITLED.finditer(context) if not set(t.group(1)) & _FUNCTION_CHARS]
    titled = titled[::-1]  # the one nearest the speaking verb first
    if known:
        end = known.end()
        tm = re.match(rf"(?:{_TITLES})", context[end:])
        raw = known.group(0) + (tm.group(0) if tm else "")
        return normalise_speaker(raw if raw in speakers().canonical else known.group(0))
    if titled:
        t = titled[0]
        return normalise_speaker(t.group(0))
    if m := _BODY.search(context):
        return m.group(1), "book" if "《" in m.group(1) else "body"
    if m := _ROLE_NAME.search(context):
        return m.group(1), "person"
    if m := re.search(r"总书记|主席|总理", context):
        return m.group(0), "person"
    if m := _BOOK.search(context):
        return f"《{m.group(1)}》", "book"
    return None


def _is_series(content: str) -> bool:
    """A quoted series of short equal phrases (把握大局、统筹兼顾、抓好落实) is a formulation, not a quotation."""
    items = content.split("、")
    return (len(items) >= 3 and all(re.fullmatch(f"[{HAN}]{{2,8}}", i) for i in items)
            and max(map(len, items)) - min(map(len, items)) <= 1)


def _sentence_start(text: str, pos: int) -> int:
    cut = max(text.rfind(c, 0, pos) for c in "。！？!?；;\n")
    return cut + 1


def find_quotes(text: str) -> list[dict[str, Any]]:
    """Attributed quotations: [{speaker, speaker_kind, text}] in text order (ASCII "…" read as “…”)."""
    from kb.finders.text import curly_quotes

    text = curly_quotes(text)
    out: list[dict[str, Any]] = []
    last_end = -10
    last_speaker: tuple[str, str] | None = None
    for m in re.finditer(r"“([^“”]{2,300})”", text):
        content = m.group(1).strip()
        plain = re.sub(r"[^\u4e00-\u9fff]", "", content)
        before = text[_sentence_start(text, m.start()):m.start()]
        speaker: tuple[str, str] | None = None
        if last_speaker and re.fullmatch(r"[，,、；;\s]*", text[last_end:m.start()]):
            speaker = last_speaker
        else:
            v = _VERB_END.search(before)
            if v:
                context = before[:v.start()]
                speaker = find_speaker(context[context.rfind("”") + 1:])
        if speaker is None or len(plain) < 5 or _is_series(content):
            last_speaker = None
            continue
        out.append({"speaker": speaker[0], "speaker_kind": speaker[1], "text": content.rstrip("，,")})
        last_speaker, last_end = speaker, m.end()
    for m in _UNQUOTED.finditer(text):
        before = text[_sentence_start(text, m.start()):m.start()]
        fb = fold(before)
        strong = (_DESCRIBED.search(fb + "说") or _speaker_re().search(fb) or _BOOK.search(fb)
                  or _TITLED.search(fb) or _BODY.search(fb))
        if not strong:
            continue
        speaker = find_speaker(before)
        if speaker and not any(q["text"] in m.group(1) for q in out):
            out.append({"speaker": speaker[0], "speaker_kind": speaker[1], "text": m.group(1).strip()})
    for q in find_sayings(text):
        if not any(_overlaps(q["text"], o["text"]) for o in out):
            out.append(q)
    return out


# --- sayings without attribution (俗语, 古语, 名句) ------------------------------------------------
_PUNCT = "，,、；;：:！!？?。 "
_INTRO = {"俗话说": "俗语", "俗话讲": "俗语", "常言道": "俗语", "常言说": "俗语", "俗语说": "俗语", "民间有句话": "俗语",
          "古人云": "古人", "古人说": "古人", "古语云": "古人", "古语说": "古人", "古人讲": "古人", "正所谓": "",
          "所谓": "", "正是": ""}


def _han(s: str) -> str:
    return re.sub(rf"[^{HAN}]", "", fold(s))


def _overlaps(a: str, b: str) -> bool:
    x, y = _han(a), _han(b)
    return bool(x) and bool(y) and (x in y or y in x)


@lru_cache(maxsize=1)
def _sayings_re() -> re.Pattern[str] | None:
    alts = []
    for raw in data_file("sayings.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or len(_han(line)) < 5:
            continue
        chars = [c for c in fold(line) if c not in _PUNCT]
        alts.append(f"[{re.escape(_PUNCT)}]?".join(re.escape(c) for c in chars))
    alts.sort(key=len, reverse=True)
    return re.compile("|".join(alts)) if alts else None


_QUOTED_PAIR = re.compile(rf"“([{HAN}]{{3,9}})([，,])([{HAN}]{{3,9}})”")


def _intro_speaker(before: str) -> tuple[str, str]:
    for intro, who in _INTRO.items():
        if re.search(re.escape(intro) + r"[：:，,]?\s*“?$", before):
            return who, {"俗语": "saying", "古人": "classic"}.get(who, "saying")
    return "", "saying"


def find_sayings(text: str) -> list[dict[str, Any]]:
    """Sayings quoted without a named speaker: a known saying from ``kb/data/sayings.txt`` (with or
    without its punctuation, in either script), or a quoted pair of balanced clauses
    (“多栽花，少栽刺”).  The speaker is 俗语 / 古人 when the text says 俗话说 / 古人云, else ""."""
    out: list[dict[str, Any]] = []
    folded = fold(text)
    pat = _sayings_re()
    if pat is not None:
        for m in pat.finditer(folded):
            who, kind = _intro_speaker(folded[max(0, m.start() - 8):m.start()])
            out.append({"speaker": who, "speaker_kind": kind, "text": text[m.start():m.end()]})
    for m in _QUOTED_PAIR.finditer(text):
        a, b = m.group(1), m.group(3)
        if len(a) != len(b) or len(a) == 4 or any(_overlaps(m.group(0), o["text"]) for o in out):
            continue
        who, kind = _intro_speaker(folded[max(0, m.start() - 8):m.start()])
        out.append({"speaker": who, "speaker_kind": kind, "text": a + m.group(2) + b})
    return out
