"""Books: front matter, CIP and imprint data, tables of contents.

A book converted from PDF starts with its cover, title page and copyright page (the CIP record,
GB/T 12451, and the imprint: 责任编辑, 开本, 印数, 定价 ...).  None of it is the author's text, but it
states the title, subtitle, author, publisher and date better than anything else, so
:func:`front_matter` keeps those values and replaces the whole front matter by one title block.
"""

from __future__ import annotations

import re

from kb.models import Block

#: lines of a CIP record or an imprint (only ever removed when short and without a sentence end)
BOOK_IMPRINT = re.compile(
    r"(ISBN|图书在版编目|CIP\s*数据|版本图书馆|责任编辑|责任校对|责任印制|封面设计|装帧设计|出版发行|印\s*刷\s|开\s*本|印\s*张|"
    r"字\s*数|版\s*次|印\s*次|印\s*数|书\s*号|定\s*价|如出现印装质量问题|如有印装质量问题|版权所有.{0,4}(翻印|侵权)必究|"
    r"^I\.\s|^[Ⅰ-Ⅻ]\.)")
_ANCHOR = re.compile(r"图书在版编目|ISBN\s*[\d-]{10}|CIP\s*数据核字")
_LABEL = re.compile(r"^(作\s*者|著\s*者|主\s*编|编\s*著|责任编辑|责任校对|责任印制|封面设计|装帧设计|出版发行|出\s*版|"
                    r"发\s*行|地\s*址|邮\s*编|网\s*址|电\s*话|经\s*销|印\s*刷|排\s*版|开\s*本|印\s*张|字\s*数|版\s*次|"
                    r"印\s*次|印\s*数|书\s*号|定\s*价)\s*[:：]?\s*(.*)$")
_CIP_TITLE = re.compile(r"^(?P<title>[^:：/]{1,40}?)\s*(?:[:：]\s*(?P<sub>[^/]{1,60}?))?\s*/\s*"
                        r"(?P<author>[^.．/]{1,40}?)\s*(?:等著|编著|主编|著|编|撰)?\s*[.．]\s*[—-]+\s*"
                        r"(?:[^:：]{1,20}[:：]\s*(?P<publisher>[^,，]{2,30}))?")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年.]\s*(\d{1,2})")
_TOC_HEAD = re.compile(r"^[〔\[【(（]?\s*(目\s*录|目\s*次|contents)\s*[〕\]】)）]?$", re.I)
_TOC_LINE = re.compile(r"^(?P<entry>[^。；！？，]{1,40}?)(\s*[.·…．_\-]{2,}\s*|\s+)(?P<page>\d{1,4})\s*$")
#: with a dot leader the entry may be a question or hold a comma (``4.契約容量高低不同，系統如何區隔？ ...... 56``)
_TOC_LEADER = re.compile(r"^(?P<entry>[^。；]{1,60}?)\s*[.·…．_]{4,}\s*(?P<page>\d{1,4}|[IVXLivxl]{1,6})\s*$")


def toc_entry(text: str) -> str | None:
    """``""`` for a 目录 heading, the entry (without spaces) for a contents line, else None."""
    if _TOC_HEAD.match(text):
        return ""
    m = _TOC_LINE.match(text) or _TOC_LEADER.match(text)
    if m and re.search(r"[\u4e00-\u9fff]", m.group("entry")) and not re.search(r"(19|20)\d\d年?$", text):
        return re.sub(r"[\s.·…．_\-]+", "", m.group("entry"))
    return None


def _is_front_line(b: Block) -> bool:
    """Short lines, or imprint/CIP lines; never a paragraph of prose that happens to mention an ISBN."""
    t = b.text
    if not t or len(t) <= 60:
        return True
    if len(t) > 200 or t.count("。") > 1:
        return False
    return bool(BOOK_IMPRINT.search(t[:24])) or bool(_CIP_TITLE.match(t))


def _front_end(blocks: list[Block]) -> int:
    """Index of the last line of the front matter, or -1 when the document has none."""
    texts = [i for i, b in enumerate(blocks) if b.text][:120]
    anchor = next((i for i in texts if _ANCHOR.search(blocks[i].text) and _is_front_line(blocks[i])), None)
    if anchor is None or any(not _is_front_line(blocks[i]) for i in texts if i < anchor):
        return -1
    end = anchor
    for i in texts:
        if i <= anchor:
            continue
        t = blocks[i].text
        if BOOK_IMPRINT.search(t) or _LABEL.match(t):
            end = i
        elif not _is_front_line(blocks[i]) or i - end > 12:
            break
    return end


def front_matter(blocks: list[Block], meta: dict[str, str], removed: list[tuple[str, str]]) -> list[Block]:
    """Replace a book's front matter by its title (and subtitle) block, keeping its data in ``meta``."""
    end = _front_end(blocks)
    if end < 0:
        return blocks
    title = subtitle = ""
    candidates: list[str] = []
    for b in blocks[:end + 1]:
        t = b.text.strip()
        if not t:
            continue
        removed.append(("front matter", t))
        m = _CIP_TITLE.match(t)
        if m and not title:
            title, subtitle = m.group("title").strip(), (m.group("sub") or "").strip()
            meta.setdefault("author", re.sub(r"\s+", "", m.group("author")))
            if m.group("publisher"):
                meta.setdefault("publisher", m.group("publisher").strip())
            continue
        lab = _LABEL.match(t)
        if lab:
            key, value = re.sub(r"\s+", "", lab.group(1)), lab.group(2).strip()
            if key in ("作者", "著者", "主编", "编著") and value:
                meta.setdefault("author", re.sub(r"\s+", "", value))
            elif key in ("出版发行", "出版") and value:
                meta.setdefault("publisher", value)
            elif key == "版次" and (d := _DATE.search(value)):
                meta.setdefault("date", f"{d.group(1)}年{d.group(2)}月")
            elif key == "书号" and (isbn := re.search(r"ISBN\s*([\d-]{10,17}[\dX]?)", value)):
                meta.setdefault("isbn", isbn.group(1))
            continue
        isbn = re.match(r"^ISBN\s*([\d-]{10,17}[\dX]?)", t)
        if isbn:
            meta.setdefault("isbn", isbn.group(1))
            continue
        if not BOOK_IMPRINT.search(t) and not t.endswith(("著", "出版社")) and len(t) <= 40:
            candidates.append(t)
    if not title and candidates:
        title = candidates[0]
        subtitle = next((c.lstrip("—- ") for c in candidates[1:] if c.startswith("——")), "")
    meta["kind"] = "book"
    head = [Block(title, kind="title")] if title else []
    if subtitle:
        head.append(Block(subtitle, kind="subtitle"))
    return head + blocks[end + 1:]
