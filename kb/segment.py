"""Segmentation: cleaned lines -> headings (with levels) and passages (with heading paths).

Heading levels come from the numbering (GB/T 9704: 一、 / （一） / 1. / （1）, and speech habits:
第一， / 一是 / 一要 / 首先) in the order the document uses them: the first style met is level 1, a
new style under it level 2, and so on; Markdown and Word heading levels are kept and numbered headings
nest under them.  Documents number sloppily, so the ordinal counts too: ``三是`` right after
``（二）`` continues that list (a sibling), and ``第一`` again under ``第一`` opens a sub-list.
A numbered line is a heading when it stands alone and is short (at most ``HEADING_MAX`` characters,
one sentence); a numbered paragraph that opens with a short sentence runs on into its text
(``（一）高起点搞谋划。党委办公室是……``) and is split into heading and paragraph.  A short unnumbered
line without punctuation between paragraphs is a heading too (PDFs and plain text lose the styles).

Passages: one paragraph, or one point of a long paragraph.  A paragraph longer than ``MAX_CHARS``
is split at its enumerations (第一，/ 一是 / （一） / 首先 after a sentence end), then at sentence ends
outside quotation marks into pieces of about ``TARGET_CHARS``; pieces under ``MIN_CHARS`` are merged
with a neighbour under the same heading.  Why these bounds: a writer copies a whole point with its
reasoning; 40-400 Chinese characters is one to four sentences, what a result card shows whole; a
fragment under 40 characters (a salutation, 同志们：) says nothing on its own.  Everything is a pure
function of the text, so passage ordinals, and with them the stable ids, only change when it does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.clean.document import looks_like_heading_start
from kb.models import Block, Heading
from kb.text import ENCLOSED_NUMBERS, cn_number
from kb.text import sentences as text_sentences

MAX_CHARS = 400
TARGET_CHARS = 260
MIN_CHARS = 40
HEADING_MAX = 60
_CN = "一二三四五六七八九十"

# numbering styles, most formal first; the key names a style, the pattern matches its opening and
# captures the ordinal
STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("chapter", re.compile(r"^第([一二三四五六七八九十百零〇\d]+)[章篇部讲]")),
    ("section", re.compile(r"^第([一二三四五六七八九十百零〇\d]+)节")),
    ("cn", re.compile(rf"^([{_CN}]{{1,3}})、")),
    ("cn_paren", re.compile(rf"^[（(]([{_CN}]{{1,3}})[)）]")),
    ("num", re.compile(r"^(\d{1,2})[.．、](?!\d)")),
    ("num_paren", re.compile(r"^[（(](\d{1,2})[)）]")),
    ("circled", re.compile(rf"^([{ENCLOSED_NUMBERS}])")),
    ("di", re.compile(rf"^第([{_CN}]{{1,3}})[，,、：:]")),
    ("shi", re.compile(rf"^([{_CN}]{{1,2}})是")),
    ("yao", re.compile(rf"^([{_CN}]{{1,2}})要")),
    ("order", re.compile(r"^(首先|其次|再次|最后)[，,：:]?")),
]
_ENUM_SPLIT = re.compile(rf"(?<=[。；;！？!?])(?=(?:第[{_CN}]{{1,3}}[，,、]|[{_CN}]{{1,2}}[是要][，,：:]?"
                         rf"|[（(][{_CN}\d]{{1,3}}[)）]|[{ENCLOSED_NUMBERS}]|首先|其次|再次|最后))")
_END = "。！？!?；;"
_CLOSE = "”’」』）)"


def _ordinal(token: str) -> int:
    order = {"首先": 1, "其次": 2, "再次": 3, "最后": 9}
    return order.get(token) or cn_number(token)


def numbering(text: str) -> tuple[str, int] | None:
    """(style, ordinal) of a line that opens with heading numbering, else None."""
    if not looks_like_heading_start(text):
        return None
    for name, pat in STYLES:
        m = pat.match(text)
        if m:
            return name, _ordinal(m.group(1))
    return None


@dataclass
class Unit:
    """A heading or a paragraph after structure detection."""

    text: str
    heading_level: int = 0  # > 0: a heading of that level
    style: str | None = None
    line: str = ""  # a heading's line as written (with its 。 or ：)
    run_on: bool = False  # a heading that ran on into its paragraph on one line


def is_standalone_heading(text: str) -> bool:
    """A numbered line short enough and whole enough to be a heading by itself."""
    if len(text) > HEADING_MAX or text.endswith(("，", "、", "；", ",", ";")):
        return False
    inner = text[:-1]
    if re.search(r"[。！？!?；;]", inner) or inner.count("，") >= 3:
        return False  # more than one sentence, or a sentence of many clauses
    if text.startswith(("首先", "其次", "再次", "最后")) and len(text) > 16:
        return False
    return not (text.endswith(("：", ":")) and len(text) > 30)


def split_run_on_heading(text: str, style: str | None) -> tuple[str, str] | None:
    """(heading, rest) when a numbered paragraph opens with a short heading sentence and runs on."""
    if style is None:
        return None
    m = re.match(r"^(.{2,48}?[。！？!?：:])(?![”’])(.+)$", text)
    if not m:
        return None
    head, rest = m.group(1), m.group(2).strip()
    if len(head) > 40 or len(rest) < 10:
        return None
    if style in ("shi", "yao") and len(head) > 30:
        return None
    if style == "order" and len(head) > 16:
        return None
    return head.rstrip("。：:"), rest


def _plain_heading(lines: list[Block], i: int) -> bool:
    """A short unnumbered line without sentence punctuation between a finished paragraph and a long one."""
    t = lines[i].text.strip()
    if not 2 <= len(t) <= 30 or re.search(r"[，。；！？：,.;:!?、]", t) or lines[i].kind != "para":
        return False
    if not re.search(r"[\u4e00-\u9fff]", t) or i + 1 >= len(lines) or i == 0:
        return False
    prev, nxt = lines[i - 1], lines[i + 1]
    return (prev.kind != "para" or prev.text.rstrip().endswith(tuple(_END + _CLOSE + "：:"))) \
        and nxt.kind == "para" and len(nxt.text) >= MIN_CHARS


class _Levels:
    """The open numbering lists, outermost first: [style, last ordinal]."""

    def __init__(self) -> None:
        self.stack: list[list[object]] = []

    def place(self, style: str, n: int) -> int:
        """The depth (1-based, under the Markdown/Word base) of a heading numbered ``style`` ``n``."""
        for depth, (s, last) in enumerate(self.stack):
            if s == style and n == int(last) + 1:  # type: ignore[call-overload]
                return self._set(depth, style, n)
        if self.stack and n == 1 and self.stack[-1][0] == style and int(self.stack[-1][1]) == 1:  # type: ignore[call-overload]
            self.stack.append([style, n])  # 第一 again under 第一: a sub-list
            return len(self.stack)
        for depth, (s, _last) in enumerate(self.stack):
            if s == style:
                return self._set(depth, style, n)  # sloppy numbering: same style, same level
        if self.stack and n > 1 and n == int(self.stack[-1][1]) + 1:  # type: ignore[call-overload]
            return self._set(len(self.stack) - 1, str(self.stack[-1][0]), n)  # 三是 after （二）
        self.stack.append([style, n])
        return len(self.stack)

    def _set(self, depth: int, style: str, n: int) -> int:
        del self.stack[depth + 1:]
        self.stack[depth] = [style, n]
        return depth + 1


def structure(lines: list[Block], title: str = "") -> list[Unit]:
    """Assign heading levels to the lines; return headings and paragraphs in order."""
    units: list[Unit] = []
    levels = _Levels()
    md_levels = sorted({b.level for b in lines if b.kind == "heading" and b.level})
    md_rank = {lvl: i + 1 for i, lvl in enumerate(md_levels)}
    base = 0
    lines = [b for b in lines if b.text.strip() and b.kind not in ("title", "subtitle")]
    for i, b in enumerate(lines):
        text = b.text.strip()
        if title and text == title and not units:
            continue
        if b.kind == "heading":
            level = md_rank.get(b.level, 1)
            units.append(Unit(text, heading_level=level, style=f"md{level}"))
            base = level
            levels = _Levels()
            continue
        num = numbering(text)
        if num is not None and b.kind in ("para", "table"):
            style, n = num
            run_on = None if is_standalone_heading(text) else split_run_on_heading(text, style)
            if is_standalone_heading(text) or run_on:
                level = base + levels.place(style, n)
                if run_on:
                    units.append(Unit(run_on[0], heading_level=level, style=style,
                                      line=text[:len(text) - len(run_on[1])].strip(), run_on=True))
                    units.append(Unit(run_on[1]))
                else:
                    units.append(Unit(text.rstrip("。：:"), heading_level=level, style=style, line=text))
                continue
        if b.kind == "para" and _plain_heading(lines, i):
            level = base + levels.place("plain", 1)
            units.append(Unit(text, heading_level=level, style="plain"))
            continue
        units.append(Unit(text))
    return _bare_headings_to_paragraphs(units)


def _bare_headings_to_paragraphs(units: list[Unit]) -> list[Unit]:
    """A numbered heading with no text under it (the next unit is a heading of its level or above, or
    nothing) is an item of a list of rules (``二、涉及国家秘密内容的会议,应选择……``): a paragraph, so that
    its text is in a passage."""
    out: list[Unit] = []
    for i, u in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else None
        bare = u.heading_level and u.style not in (None, "plain") and not u.style.startswith("md") \
            and (nxt is None or 0 < nxt.heading_level <= u.heading_level)
        out.append(Unit(u.line or u.text) if bare else u)
    return out


def sentences(text: str) -> list[str]:
    """Split at sentence ends outside quotation marks; closing marks stay with their sentence."""
    return text_sentences(text, _END)


def split_paragraph(text: str) -> list[str]:
    """Split a long paragraph at its enumerations, then at sentence ends, into passages."""
    if len(text) <= MAX_CHARS:
        return [text]
    parts = [p for p in _ENUM_SPLIT.split(text) if p.strip()]
    out: list[str] = []
    for part in parts:
        if len(part) <= MAX_CHARS:
            out.append(part)
            continue
        buf = ""
        for s in sentences(part):
            if buf and len(buf) + len(s) > TARGET_CHARS:
                out.append(buf)
                buf = ""
            buf += s
            while len(buf) > MAX_CHARS:  # a single enormous sentence: cut at a comma
                cut = _cut_point(buf, TARGET_CHARS)
                out.append(buf[:cut])
                buf = buf[cut:]
        if buf:
            out.append(buf)
    merged: list[str] = []
    for p in out:
        if merged and (len(p) < MIN_CHARS or len(merged[-1]) < MIN_CHARS) and len(merged[-1]) + len(p) <= MAX_CHARS:
            merged[-1] += p
        else:
            merged.append(p)
    return [m.strip() for m in merged if m.strip()]


def _cut_point(text: str, target: int) -> int:
    for i in range(min(target, len(text) - 1), target // 2, -1):
        if text[i - 1] in "，、,；;：:":
            return i
    return target


@dataclass
class RawPassage:
    text: str
    heading_path: tuple[str, ...]


def passages_and_outline(units: list[Unit]) -> tuple[list[RawPassage], list[Heading]]:
    path: list[tuple[int, str]] = []
    raw: list[RawPassage] = []
    heads: list[tuple[str, int, tuple[str, ...], str]] = []
    for u in units:
        if u.heading_level:
            while path and path[-1][0] >= u.heading_level:
                path.pop()
            path.append((u.heading_level, u.text))
            heads.append((u.text, u.heading_level, tuple(t for _lvl, t in path), u.line if u.run_on else ""))
            continue
        hp = tuple(t for _lvl, t in path)
        for piece in split_paragraph(u.text):
            raw.append(RawPassage(piece, hp))
    merged: list[RawPassage] = []
    for p in raw:
        if merged and merged[-1].heading_path == p.heading_path and len(merged[-1].text) < MIN_CHARS \
                and len(merged[-1].text) + len(p.text) <= MAX_CHARS:
            merged[-1] = RawPassage(merged[-1].text + "\n" + p.text, p.heading_path)
        else:
            merged.append(p)
    outline: list[Heading] = []
    for text, level, hp, line in heads:
        ordinal = next((i for i, p in enumerate(merged) if p.heading_path[:len(hp)] == hp), len(merged))
        outline.append(Heading(text, level, ordinal, line))
    return merged, outline
