"""Line re-joining: a sentence broken across lines or pages becomes one sentence again.

A line is continued by the next one when it ends without sentence punctuation and was wrapped
(it is long: at least ``WRAP_MIN`` characters, or for paginated formats most of the usual line width),
unless it is itself a heading or the next line opens with heading numbering.  A next line that
opens with 、，。 or with a range such as 七、八点钟 always continues: no heading starts that way.
"""

from __future__ import annotations

import re

from kb.models import Block
from kb.text import ENCLOSED_NUMBERS, before_dash, fold

SENTENCE_END = "。！？!?；;…”’」』）)"
CHINESE_NUM = "一二三四五六七八九十"

_HEADING_START = re.compile(
    r"^(第[一二三四五六七八九十百零〇\d]+[章节篇部分讲条]|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|"
    r"\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）]|[" + ENCLOSED_NUMBERS + "]|第[一二三四五六七八九十]{1,3}[，,、是：:]|"
    r"[一二三四五六七八九十]{1,2}是|[一二三四五六七八九十]{1,2}要|首先|其次|再次|最后|同志们[:：，,]?$)")
_RANGE = re.compile(rf"^[{CHINESE_NUM}]、[{CHINESE_NUM}]+(?:[点天年月日个次种名位人条项倍岁成]|分钟|小时|周|月份)")


def looks_like_heading_start(text: str) -> bool:
    """True when a line opens with heading or list numbering (not 七、八点钟 inside a sentence)."""
    if not _HEADING_START.match(text):
        return False
    if _RANGE.match(text):  # 七、八点钟 / 三、五天 / 一、二十个: a range, not a heading
        return False
    return True


def is_heading_candidate(text: str) -> bool:
    """A line that opens with numbering and is short enough to be a heading or a list item."""
    return looks_like_heading_start(text) and len(text) <= 60 and not text.endswith(("，", "、", ",")) \
        and not re.search(r"[。！？；!?;]", text[:-1])


_DATED = (r"(?:\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月"
          r"(?:[一二三四五六七八九十]{1,3}日)?)")
#: a subtitle line: ——在……会议上的讲话 / 2026年1月27日在……会议上 (a line of its own, not a wrapped sentence)
SUBTITLE_LINE = re.compile(rf"^(——|—|--)|^{_DATED}\s*在")
_SALUTATION = re.compile(r"^(同志们|各位[\u4e00-\u9fff、]{1,16}|尊敬的[^，。；]{1,40})[：:]$")
_TITLE_END = re.compile(r"(讲话|发言|致辞|讲稿|报告|主持词|开幕词|闭幕词)$")
_NOTE_LINE = re.compile(r"^[（(]\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年[^）)]{1,12}[)）]$")
_ROLE = re.compile(r"^(?:主讲人|主讲|讲话人|报告人|发言人|宣讲人|作者)\s*[:：]")
_COMPLETE_END = re.compile(r"(上|讲话|发言|致辞|报告|主持词|[)）])$")


def _subtitle_continues(prev: str, nxt: str) -> bool | None:
    """For a subtitle line: whether ``nxt`` finishes it (a wrapped ``——……第十四届`` / ``人民代表大会……上``);
    None when ``prev`` is not a subtitle line."""
    if not SUBTITLE_LINE.match(prev) or len(prev) > 60 or re.search(r"[。；！？，]", prev):
        return None
    if _COMPLETE_END.search(prev) or re.search(r"(会议|大会)上\s", prev) or nxt.startswith(("（", "(")):
        return False  # complete (perhaps followed by the speaker), or followed by its dated note
    return len(nxt) <= 30 and bool(_COMPLETE_END.search(nxt)) and not re.search(r"[。；！？，：]", nxt)


#: a line at least this long that ends without sentence punctuation was wrapped, not ended
WRAP_MIN = 25
#: in text whose lines are paragraphs, only a line this long that ends without punctuation was broken
UNWRAPPED_MIN = 50


def _wrap_min(blocks: list[Block]) -> int:
    """Paginated text wraps at the column width: most of the usual (80th percentile) line length."""
    lengths = sorted(len(b.text) for b in blocks if b.text and b.page is not None)
    if len(lengths) < 10:
        return WRAP_MIN
    p80 = lengths[int(len(lengths) * 0.8)]
    return max(8, min(WRAP_MIN, int(p80 * 0.7)))


def _unwrapped(blocks: list[Block]) -> bool:
    """Text whose lines are whole paragraphs (a web page's text saved as a file): long lines end their
    sentences, so a line without final punctuation (a title, a heading) is not a wrapped one."""
    lines = [b.text for b in blocks if b.text and b.page is None and b.kind == "para"]
    long = [t for t in lines if len(t) >= 40]
    if not long:
        return False
    ended = sum(1 for t in long if t.endswith(tuple(SENTENCE_END)))
    median = sorted(len(t) for t in lines)[len(lines) // 2]
    return ended / len(long) >= 0.6 or median >= 80


def _starts_inside(text: str) -> bool:
    return text[0] in "，。、；：）)”’！？,.;:" or bool(_RANGE.match(text))


def _sep(prev: str, nxt: str) -> str:
    if prev.endswith("-") and prev[-2:-1].isalpha() and nxt[:1].islower():
        return "\0"  # a hyphenated English word: join without the hyphen
    if prev[-1:].isascii() and nxt[:1].isascii() and prev[-1:].isalnum() and nxt[:1].isalnum():
        return " "
    return ""


def join_lines(blocks: list[Block]) -> list[Block]:
    """Join lines broken inside a sentence (across line, blank-line or page breaks) into paragraphs."""
    wrap_min = _wrap_min(blocks)
    if _unwrapped(blocks):
        wrap_min = max(wrap_min, UNWRAPPED_MIN)  # lines are paragraphs: a short unended line is a title
    out: list[Block] = []
    pending: Block | None = None
    last_len = 0  # length of the last physical line joined into ``pending``
    gap = False
    for b in blocks:
        t = b.text
        if not t:
            gap = True
            continue
        if b.kind != "para":
            if pending is not None:
                out.append(pending)
                pending = None
            out.append(b)
            gap = False
            continue
        if pending is None:
            pending, last_len, gap = b, len(t), False
            continue
        prev = pending.text
        ended = prev.endswith(tuple(SENTENCE_END))
        wrapped = (not ended and last_len >= wrap_min and not is_heading_candidate(prev)
                   and not looks_like_heading_start(t))
        if not gap and not ended and prev.endswith(("，", ",", "、")) and not looks_like_heading_start(t) \
                and len(prev) >= 8:
            wrapped = True
        if t.startswith("——") and len(prev) <= 40:
            wrapped = False  # a title followed by its ——subtitle
        if _SALUTATION.match(fold(t)):
            wrapped = False  # 各位代表： / 同志们： opens the speech on a line of its own
        head = before_dash(prev)  # a title with its ——subtitle on its line
        if len(head) <= 40 and not gap and (_TITLE_END.search(fold(head)) or _NOTE_LINE.match(t) or _ROLE.match(t)):
            wrapped = False  # a complete title, then its speaker or dated note on a line of their own
        sub = _subtitle_continues(prev, t)
        if sub is not None:
            wrapped = sub  # a subtitle is followed by the speaker's name, not by more of itself
        if _starts_inside(t) or wrapped:
            sep = _sep(prev, t)
            text = prev[:-1] + t if sep == "\0" else prev + sep + t
            pending = Block(text, pending.kind, pending.level, pending.page)
            last_len = len(t)
        else:
            out.append(pending)
            pending, last_len = b, len(t)
        gap = False
    if pending is not None:
        out.append(pending)
    return out
