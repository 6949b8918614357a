"""Segmentation: cleaned lines -> headings (with levels) and passages (with heading paths).

Heading levels come from the numbering style (GB/T 9704: 一、 / （一） / 1. / （1）, and speech
habits: 第一， / 一是 / 一要 / 首先) in the order the document uses them: the first style met is
level 1, a new style under it level 2, and so on; Markdown and Word heading levels are kept.  A heading
that runs on into its paragraph (``（一）高起点搞谋划。党委办公室是……``) is split from it.

Passages: one paragraph, or one point of a long paragraph.  Bounds: a passage is at most
``MAX_CHARS`` (long paragraphs split at their enumerations, then at sentence ends), and fragments under
``MIN_CHARS`` are merged with the next passage under the same heading: a writer copies a whole point
with its reasoning, and 80-400 Chinese characters is one to four sentences, what a card shows whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.clean import looks_like_heading_start
from kb.models import Block, Heading

MAX_CHARS = 400
TARGET_CHARS = 260
MIN_CHARS = 40

# numbering styles, most formal first; the key names a style, the pattern matches its opening
STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("chapter", re.compile(r"^第[一二三四五六七八九十百零〇\d]+[章篇部分讲]")),
    ("section", re.compile(r"^第[一二三四五六七八九十百零〇\d]+节")),
    ("cn", re.compile(r"^[一二三四五六七八九十]{1,3}、")),
    ("cn_paren", re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]")),
    ("num", re.compile(r"^\d{1,2}[.．、](?!\d)")),
    ("num_paren", re.compile(r"^[（(]\d{1,2}[)）]")),
    ("circled", re.compile(r"^[①-⑳]")),
    ("di", re.compile(r"^第[一二三四五六七八九十]{1,3}[，,、：:]")),
    ("shi", re.compile(r"^[一二三四五六七八九十]{1,2}是")),
    ("yao", re.compile(r"^[一二三四五六七八九十]{1,2}要")),
    ("order", re.compile(r"^(首先|其次|再次|最后)[，,：:]?")),
]
_ENUM_SPLIT = re.compile(r"(?<=[。；;！？!?])(?=(?:第[一二三四五六七八九十]{1,3}[，,、]|[一二三四五六七八九十]{1,2}[是要][，,：:]?"
                         r"|[（(][一二三四五六七八九十\d]{1,3}[)）]|[①-⑳]|首先|其次|再次|最后))")
_SENT_SPLIT = re.compile(r"(?<=[。！？!?；;])(?![”’」』）)])")


def numbering_style(text: str) -> str | None:
    if not looks_like_heading_start(text):
        return None
    for name, pat in STYLES:
        if pat.match(text):
            return name
    return None


@dataclass
class Unit:
    """A heading or a paragraph after structure detection."""

    text: str
    heading_level: int = 0  # > 0: a heading of that level
    style: str | None = None


def split_run_on_heading(text: str, style: str | None) -> tuple[str, str] | None:
    """(heading, rest) when a numbered line opens with a short heading sentence and runs on."""
    if style is None:
        return None
    m = re.match(r"^(.{2,40}?[。！？!?：:])(.+)$", text)
    if not m:
        return None
    head, rest = m.group(1), m.group(2).strip()
    if len(head) > 36 or len(rest) < 10:
        return None
    if style in ("shi", "yao", "di", "order") and len(head) > 30:
        return None
    return head.rstrip("。：:"), rest


def structure(lines: list[Block], title: str = "") -> list[Unit]:
    """Assign heading levels to the lines; return headings and paragraphs in order."""
    units: list[Unit] = []
    stack: list[str] = []  # numbering styles from outer to inner
    md_levels = sorted({b.level for b in lines if b.kind == "heading" and b.level})
    md_rank = {lvl: i + 1 for i, lvl in enumerate(md_levels)}
    base = 0
    for b in lines:
        text = b.text.strip()
        if not text or (title and text == title and not units):
            continue
        if b.kind == "heading":
            level = md_rank.get(b.level, 1)
            units.append(Unit(text, heading_level=level, style=f"md{level}"))
            base = level
            stack = []
            continue
        if b.kind in ("title", "subtitle"):
            continue
        style = numbering_style(text)
        short = len(text) <= 40 and not re.search(r"[。！？!?]$", text[:-1] or "x")
        is_heading_line = style is not None and (
            (short and len(text) <= 40 and not text.endswith(("，", "、")))
        )
        run_on = None if is_heading_line else split_run_on_heading(text, style)
        if style is not None and (is_heading_line or run_on):
            if style in stack:
                del stack[stack.index(style) + 1:]
            else:
                stack.append(style)
            level = base + len(stack)
            if run_on:
                units.append(Unit(run_on[0], heading_level=level, style=style))
                units.append(Unit(run_on[1]))
            else:
                units.append(Unit(text.rstrip("。"), heading_level=level, style=style))
            continue
        units.append(Unit(text))
    return units


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
        sentences = [s for s in _SENT_SPLIT.split(part) if s.strip()]
        buf = ""
        for s in sentences:
            if buf and len(buf) + len(s) > TARGET_CHARS:
                out.append(buf)
                buf = ""
            buf += s
            while len(buf) > MAX_CHARS:  # a single enormous sentence: cut at commas
                cut = _cut_point(buf, TARGET_CHARS)
                out.append(buf[:cut])
                buf = buf[cut:]
        if buf:
            out.append(buf)
    # merge tiny pieces into their neighbour
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
    outline: list[Heading] = []
    for u in units:
        if u.heading_level:
            while path and path[-1][0] >= u.heading_level:
                path.pop()
            path.append((u.heading_level, u.text))
            outline.append(Heading(u.text, u.heading_level, len(raw)))
            continue
        hp = tuple(t for _lvl, t in path)
        for piece in split_paragraph(u.text):
            raw.append(RawPassage(piece, hp))
    # merge short fragments with the next passage under the same heading
    merged: list[RawPassage] = []
    for p in raw:
        if merged and merged[-1].heading_path == p.heading_path and len(merged[-1].text) < MIN_CHARS \
                and len(merged[-1].text) + len(p.text) <= MAX_CHARS:
            merged[-1] = RawPassage(merged[-1].text + "\n" + p.text, p.heading_path)
        else:
            merged.append(p)
    # outline ordinals refer to passages after merging: recompute by heading path order
    fixed: list[Heading] = []
    for h in outline:
        ordinal = next((i for i, p in enumerate(merged) if h.text in p.heading_path), len(merged))
        fixed.append(Heading(h.text, h.level, ordinal))
    return merged, fixed
