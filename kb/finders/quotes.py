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

HAN = "\u4e00-\u9fff"
VERBS = ("指出|强调|说得好|说过|说道|曾说|所说的|所说|讲过|讲到|讲的|讲|说|曰|云|写道|提出的|提出了|提出|告诫|"
         "明确规定|规定|寄予了殷切期望|期望|称为|誉为|所言|有言")
_VERB_END = re.compile(rf"(?:{VERBS})(?:了|的)?\s*[：:，,]?\s*$")
_TITLES = "同志|总书记|书记|主席|总理|委员长|省长|市长|部长|主任|秘书长|先生"
_TITLED = re.compile(rf"([{HAN}]{{2,3}}?)(?:{_TITLES})(?!们)")
_DESCRIBED = re.compile(rf"[{HAN}]{{0,6}}(?:哲学家|思想家|文学家|诗人|作家|科学家|教育家|政治家|军事家|史学家|学者)"
                        rf"([{HAN}]{{2,4}}?)(?=曾经|曾|也|说|指出|讲|认为|写道)")
_BOOK = re.compile(r"《([^》]{1,24})》")
_FUNCTION_CHARS = set("的了在和与对把是为等们这那我你他她它其从向给被让于以及并也都就还")
_UNQUOTED = re.compile(r"(?:曾经|曾|也|多次)?(?:说过|指出|曰|讲过|有言)[，,：:]\s*(?!“)([^。！？!?]{6,160}[。！？!?]?)")


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
    """The speaker mentioned in ``context`` (the sentence before the speaking verb), if any."""
    m = _BOOK.search(context)
    if m and re.search(r"》(?:中|里|上)?[^，。]{0,6}$", context):
        return f"《{m.group(1)}》", "book"
    m = _DESCRIBED.search(context + "说")
    if m:
        return normalise_speaker(m.group(1))
    known = _speaker_re().search(context)
    titled = [t for t in _TITLED.finditer(context) if not set(t.group(1)) & _FUNCTION_CHARS]
    if known and (not titled or known.start() <= titled[0].start()):
        end = known.end()
        tm = re.match(rf"(?:{_TITLES})", context[end:])
        raw = known.group(0) + (tm.group(0) if tm else "")
        return normalise_speaker(raw if raw in speakers().canonical else known.group(0))
    if titled:
        t = titled[0]
        return normalise_speaker(t.group(0))
    if m := re.search(r"总书记|主席|总理", context):
        return m.group(0), "person"
    if m := _BOOK.search(context):
        return f"《{m.group(1)}》", "book"
    return None


def _sentence_start(text: str, pos: int) -> int:
    cut = max(text.rfind(c, 0, pos) for c in "。！？!?；;\n")
    return cut + 1


def find_quotes(text: str) -> list[dict[str, Any]]:
    """Attributed quotations: [{speaker, speaker_kind, text}] in text order."""
    out: list[dict[str, Any]] = []
    last_end = -10
    last_speaker: tuple[str, str] | None = None
    for m in re.finditer(r"“([^“”]{2,300})”", text):
        content = m.group(1).strip()
        plain = re.sub(r"[^\u4e00-\u9fff]", "", content)
        before = text[_sentence_start(text, m.start()):m.start()]
        speaker: tuple[str, str] | None = None
        if last_speaker and re.fullmatch(r"[，,、\s]*", text[last_end:m.start()]):
            speaker = last_speaker
        else:
            v = _VERB_END.search(before)
            if v:
                context = before[:v.start()]
                speaker = find_speaker(context[context.rfind("”") + 1:])
        if speaker is None or len(plain) < 5:
            last_speaker = None
            continue
        out.append({"speaker": speaker[0], "speaker_kind": speaker[1], "text": content.rstrip("，,")})
        last_speaker, last_end = speaker, m.end()
    for m in _UNQUOTED.finditer(text):
        before = text[_sentence_start(text, m.start()):m.start()]
        strong = _DESCRIBED.search(before + "说") or _speaker_re().search(before) or _BOOK.search(before)
        if not strong:
            continue
        speaker = find_speaker(before)
        if speaker and not any(q["text"] in m.group(1) for q in out):
            out.append({"speaker": speaker[0], "speaker_kind": speaker[1], "text": m.group(1).strip()})
    return out
