"""Cleaning: what is not the author's text goes; broken lines are joined again.  Pure functions.

Input: the blocks of a :class:`SourceDocument`.  Output: :class:`CleanText` with logical lines
(paragraphs and headings), the metadata values found in boilerplate lines (来源/作者/更新时间), and
what was removed (for the report and the tests).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from kb.models import Block, SourceDocument

SENTENCE_END = "。！？!?；;…”’」』）)"
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.I)
_ENTITY_LEAK = re.compile(r"&?(mdash|ndash|nbsp|ldquo|rdquo|lsquo|rsquo|hellip|middot|quot|amp|lt|gt|emsp|ensp|"
                          r"bull|times|deg|copy|reg|#\d{2,6}|#x[0-9a-f]{2,5});", re.I)
_ENTITY_MAP = {"mdash": "—", "ndash": "–", "nbsp": " ", "ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’",
               "hellip": "…", "middot": "·", "quot": '"', "amp": "&", "lt": "<", "gt": ">", "emsp": " ",
               "ensp": " ", "bull": "•", "times": "×", "deg": "°", "copy": "©", "reg": "®"}
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"，。、；：？！“”‘’（）《》【】—…·「」『』"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \t\u3000\u00a0]+(?=[{_CJK}{_CJK_PUNCT}])")
_URL = re.compile(r"(https?://\S+|www\.[\w.-]+\.\w{2,}\S*)", re.I)
_META_LINE = re.compile(r"^(来源|稿源|作者|撰稿|编辑|责任编辑|更新时间|发布时间|发表时间|时间|日期|点击|浏览|阅读)\s*[:：]")
_META_FIELD = re.compile(r"(来源|稿源|作者|更新时间|发布时间|发表时间|日期|时间)\s*[:：]\s*(.*?)(?=\s{2,}|\s*(?:来源|作者|更新时间|"
                         r"发布时间|发表时间|点击|浏览|阅读|字号|编辑)\s*[:：]|$)")
_NAV_BLOCK = re.compile(r"^\s*(上一篇|下一篇|上一页|下一页|相关文章|相关阅读|相关推荐|推荐阅读|热门文章|猜你喜欢|"
                        r"版权所有|版权声明|copyright|©|免责声明|本文链接|原文链接|分享到|打印本页|关闭窗口|返回顶部|"
                        r"扫一扫|微信扫码|责任编辑)", re.I)
_PAGE_NUMBER = re.compile(r"^\s*(第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?|[-—–]?\s*\d{1,4}\s*[-—–]?|"
                          r"\d+\s*/\s*\d+|page\s*\d+(\s*of\s*\d+)?)\s*$", re.I)
_CIP = re.compile(r"(ISBN|图书在版编目|CIP\s*数据|版本图书馆|责任编辑|封面设计|出版发行|印\s*刷|开\s*本|印\s*张|字\s*数|"
                  r"版\s*次|印\s*次|印\s*数|书\s*号|定\s*价|如出现印装质量问题|联系电话|地\s*址\s|^I\.\s|^[Ⅰ-Ⅻ]\.)")
_TOC_LINE = re.compile(r"^(.{1,60}?)(\s*[.·…．_\-\t ]{2,}\s*|\t+|\s+)(\d{1,4})\s*$")
_TOC_HEAD = re.compile(r"^[〔\[【(（]?\s*目\s*录\s*[〕\]】)）]?$")
_CAPTION = re.compile(r"^\s*[◎▲△▼●]\s*")


@dataclass
class CleanText:
    lines: list[Block]
    meta: dict[str, str] = field(default_factory=dict)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (reason, text)


def normalize_line(text: str) -> str:
    """Fix a line's characters: entities, zero-width characters, markers, spaces between CJK."""
    text = _ZERO_WIDTH.sub("", text)
    text = _BOOKMARK.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = _ENTITY_LEAK.sub(lambda m: _ENTITY_MAP.get(m.group(1).lower(), _numeric_entity(m.group(1))), text)
    text = _SPACE_BETWEEN_CJK.sub("", text)
    return text.strip()


def _numeric_entity(name: str) -> str:
    try:
        if name.lower().startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
    except ValueError:
        pass
    return ""


def _is_boilerplate_url(line: str) -> bool:
    if not _URL.search(line):
        return False
    rest = _URL.sub("", line)
    rest = re.sub(r"[\s/|｜·:：\-—]+", "", rest)
    return len(rest) <= 12


def _meta_from_line(line: str, meta: dict[str, str]) -> None:
    for key, value in _META_FIELD.findall(line):
        value = value.strip()
        if not value:
            continue
        name = {"来源": "origin", "稿源": "origin", "作者": "author"}.get(key, "date")
        meta.setdefault(name, value)


def clean(src: SourceDocument) -> CleanText:
    """Remove boilerplate and join broken lines; keep headings and paragraphs in order."""
    out = CleanText(lines=[])
    raw = [Block(normalize_line(b.text), b.kind, b.level, b.page) for b in src.blocks]
    raw = _drop_running_lines(raw, out)
    in_toc = False
    nav_tail = False
    kept: list[Block] = []
    for i, b in enumerate(raw):
        t = b.text
        if not t:
            kept.append(b)
            in_toc = False
            continue
        if nav_tail:
            out.removed.append(("navigation", t))
            continue
        if _META_LINE.match(t) or (_META_FIELD.search(t) and len(_META_FIELD.findall(t)) >= 2):
            _meta_from_line(t, out.meta)
            out.removed.append(("metadata line", t))
            continue
        if _NAV_BLOCK.match(t) and len(t) < 80:
            out.removed.append(("navigation", t))
            # everything after 上一篇/相关文章/版权所有 near the end is site chrome
            if i > len(raw) * 0.6:
                nav_tail = True
            continue
        if _is_boilerplate_url(t):
            out.removed.append(("site banner", t))
            continue
        if _TOC_HEAD.match(t):
            in_toc = True
            out.removed.append(("table of contents", t))
            continue
        if _TOC_LINE.match(t) and len(t) < 70 and not t.endswith(("。", "；")):
            out.removed.append(("table of contents", t))
            continue
        if in_toc and len(t) <= 20 and not re.search(r"[。；！？]", t):
            out.removed.append(("table of contents", t))
            continue
        in_toc = False
        if _CIP.search(t) and len(t) < 120 and not re.search(r"[。！？]$", t):
            out.removed.append(("imprint", t))
            continue
        if _PAGE_NUMBER.match(t):
            out.removed.append(("page number", t))
            continue
        if _CAPTION.match(t) and b.kind != "heading":
            out.removed.append(("photo caption", t))
            continue
        kept.append(b)
    kept = _drop_teaser(kept, out)
    out.lines = join_lines(kept)
    return out


def _drop_running_lines(blocks: list[Block], out: CleanText) -> list[Block]:
    """Running headers/footers: short lines that recur on many pages of a paginated document."""
    pages = {b.page for b in blocks if b.page}
    if len(pages) < 3:
        return blocks
    counts = Counter(re.sub(r"\d+", "#", b.text) for b in blocks if b.text and len(b.text) < 60)
    running = {t for t, c in counts.items() if c >= max(3, len(pages) * 0.5)}
    kept = []
    for b in blocks:
        if b.text and re.sub(r"\d+", "#", b.text) in running:
            out.removed.append(("running header/footer", b.text))
            continue
        kept.append(b)
    return kept


def _drop_teaser(blocks: list[Block], out: CleanText) -> list[Block]:
    """A web teaser: an early line ending in ... / … whose text repeats what follows."""
    body = "".join(b.text for b in blocks[:60])
    kept = []
    for i, b in enumerate(blocks):
        t = b.text
        if i < 15 and re.search(r"(\.{3,}|…+)$", t) and len(t) > 30:
            stem = re.sub(r"(\.{3,}|…+)$", "", t)
            probe = re.sub(r"\s+", "", stem)[-20:]
            rest = "".join(x.text for x in blocks[i + 1:i + 40])
            if probe and probe in re.sub(r"\s+", "", rest):
                out.removed.append(("teaser", t))
                continue
        kept.append(b)
    del body
    return kept


# --- line re-joining ---------------------------------------------------------------------------
_HEADING_START = re.compile(
    r"^(第[一二三四五六七八九十百零〇\d]+[章节篇部分讲条]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|"
    r"\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）]|[①-⑳]|第[一二三四五六七八九十]+[，,、是]|[一二三四五六七八九十]是|"
    r"[一二三四五六七八九十]要|首先|其次|再次|最后|同志们[:：，,]?$)")


def looks_like_heading_start(text: str) -> bool:
    """True when a line opens with heading or list numbering (not 七、八点钟 inside a sentence)."""
    if not _HEADING_START.match(text):
        return False
    m = re.match(r"^[一二三四五六七八九十]、([一二三四五六七八九十])", text)
    if m:  # 七、八点钟 / 三、五天: a range, not a heading
        return False
    return True


def is_heading_candidate(text: str) -> bool:
    """A line that opens with numbering and is short enough to be a heading or a list item."""
    return looks_like_heading_start(text) and len(text) <= 40 and not text.endswith(("，", "、", ","))


#: a line at least this long that ends without sentence punctuation was wrapped, not ended
WRAP_MIN = 25


def join_lines(blocks: list[Block]) -> list[Block]:
    """Join lines broken inside a sentence (across line, blank-line or page breaks) into paragraphs.

    A line is continued by the next when it ends without sentence punctuation, is long enough to
    have been wrapped (``WRAP_MIN``), is not itself a heading, and the next line does not open with
    heading numbering; a next line that opens with 、，。 always continues (七、八点钟 is no heading).
    """
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
        starts_inside = t[0] in "，。、；：）)”’！？" or bool(re.match(r"^[一二三四五六七八九十]、[一二三四五六七八九十]", t))
        wrapped = (not prev.endswith(tuple(SENTENCE_END)) and last_len >= WRAP_MIN
                   and not is_heading_candidate(prev) and not looks_like_heading_start(t))
        if not gap and not prev.endswith(tuple(SENTENCE_END)) and prev.endswith(("，", ",", "、")) \
                and not looks_like_heading_start(t) and len(prev) >= 8:
            wrapped = True
        if starts_inside or wrapped:
            sep = " " if prev[-1:].isascii() and t[:1].isascii() and prev[-1:].isalnum() and t[:1].isalnum() else ""
            pending = Block(prev + sep + t, pending.kind, pending.level, pending.page)
            last_len = len(t)
        else:
            out.append(pending)
            pending, last_len = b, len(t)
        gap = False
    if pending is not None:
        out.append(pending)
    return out
