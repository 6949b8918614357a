"""Cleaning: what is not the author's text goes; broken lines are joined again.  Pure functions.

Input: the blocks of a :class:`SourceDocument`.  Output: :class:`CleanText` with logical lines
(paragraphs and headings), the metadata values found in boilerplate (来源/作者/更新时间 lines, a
site banner, a book's CIP and imprint data), and what was removed with the reason (for the report
and the tests).  Character repair lives in :mod:`kb.chars`, re-joining in :mod:`kb.clean.join`,
book front matter in :mod:`kb.clean.book`, boilerplate lines in :mod:`kb.clean.boilerplate`, the top
of a text (glued and repeated titles, teasers) in :mod:`kb.clean.head`.

What goes, and how it is recognised (by its shape, not by a list of known sites):

- web copies: a line that is mostly a URL (a site banner; its name is kept as the origin),
  来源/作者/更新时间 lines (values kept), a teaser ending in ``...`` whose words the next lines repeat,
  the page title repeated at the top, 上一篇/下一篇/相关文章/版权所有 and everything after them near
  the end, HTML/CSS/script fragments;
- books: front matter before the CIP/imprint page (title, subtitle, author and date are kept),
  ISBN/定价/印数 lines, a 目录 with its page numbers and any later repeat of its entries, photo
  captions (◎ ..., 图为 ...);
- paginated text: page numbers (第3页 共29页, - 3 -), lines repeated on most pages (running headers
  and footers), and short lines standing between the two halves of a broken sentence (a running
  header that landed inside a paragraph).
"""

from __future__ import annotations

import re
from collections import Counter

from kb.chars import repair_line
from kb.clean import CleanText, noise
from kb.clean.boilerplate import drop_boilerplate
from kb.clean.book import front_matter
from kb.clean.furniture import drop_furniture
from kb.clean.head import (
    drop_cover_codes,
    drop_opening_repeat,
    drop_repeated_title,
    drop_teaser,
    join_vertical,
    split_glued_title,
    title_field,
)
from kb.clean.join import SENTENCE_END, is_heading_candidate, join_lines, looks_like_heading_start
from kb.clean.web import web_chrome
from kb.models import Block, SourceDocument
from kb.text import fold

__all__ = ["CleanText", "clean", "normalize_line", "join_lines", "looks_like_heading_start",
           "is_heading_candidate", "SENTENCE_END"]


def normalize_line(text: str, fmt: str = "") -> str:
    """Fix a line's characters: entities, markers, mojibake, radicals, spaces between CJK."""
    return repair_line(text, fmt)


def clean(src: SourceDocument) -> CleanText:
    """Remove boilerplate and join broken lines; keep headings and paragraphs in order."""
    out = CleanText(lines=[])
    blocks = [Block(normalize_line(b.text, src.format), b.kind, b.level, b.page) for b in src.blocks]
    blocks = _drop_site_junk(blocks, out, runs=src.format in ("txt", "md", "html"))
    if src.format in ("pdf", "docx"):
        blocks = drop_cover_codes(join_vertical(blocks, out), out)
    blocks = split_glued_title(title_field(blocks, out), out)
    blocks = drop_opening_repeat(blocks, out)
    blocks = _join_dash_lines(blocks)
    blocks = _drop_repeated_lines(blocks, out)
    blocks = _drop_running_lines(blocks, out)
    blocks = front_matter(blocks, out.meta, out.removed)
    blocks = web_chrome(blocks, out.meta, out.removed)
    blocks = drop_boilerplate(blocks, out)
    blocks = drop_furniture(blocks, out, src.format)
    blocks = drop_teaser(blocks, out)
    blocks = drop_repeated_title(blocks, out)
    blocks = _drop_lines_inside_sentences(blocks, out)
    out.lines = join_lines(blocks)
    return out


def _drop_site_junk(blocks: list[Block], out: CleanText, runs: bool = True) -> list[Block]:
    """Anti-scraping runs, banner prefixes, site lines, teasers, one-line breadcrumbs (see kb.clean.noise).

    Anti-scraping runs are looked for only in web copies (``runs``): in a PDF or Word file the same shape
    is more often a formula (``x i = 1 , 2``)."""
    res: list[Block] = []
    pinyin = noise.pinyin_document([b.text for b in blocks])
    section = ""
    for b in blocks:
        t = b.text
        if not t:
            res.append(b)
            continue
        if pinyin and noise.PINYIN.search(t):
            out.drop("pinyin annotations", t)
            t = noise.strip_pinyin(t)
        w = noise.strip_word_comments(t)
        if w != t:
            out.drop("Word comments", t)
            if not w:
                continue
            t = w
        s = noise.strip_runs(t) if runs else t
        if s != t:
            out.drop("anti-scraping noise", t)
            if not s:
                continue
        s2 = noise.strip_banner(s)
        if s2 != s:
            out.drop("site banner", s[:len(s) - len(s2)].strip())
            out.meta.setdefault("site", s[:len(s) - len(s2)].strip())
            if not s2:
                continue
        s = s2
        crumb = noise.breadcrumb(s)
        if crumb is not None:
            out.drop("breadcrumb", s)
            if crumb:
                res.append(Block(crumb, b.kind, b.level, b.page))
            section = noise.crumb_last(s)
            continue
        if section and s == section and len(s) <= 12:
            out.drop("breadcrumb", s)  # the section's name printed again under the breadcrumb
            section = ""
            continue
        section = ""
        lead = _PAGE_LEAD.match(s)
        if lead and len(s) - lead.end() >= 10:
            out.drop("site furniture", s[:lead.end()].strip())  # 第1页共9页在全县……: a page marker glued on
            s = s[lead.end():]
        if _BULLET_FIELD.match(s):
            s = s[1:].lstrip()  # - 作者: 网络投稿 / - 2025年03月26日 07:11:44: the page's fields in a list
        stamp = noise.stamp_with_tail(s)
        if stamp is not None:
            out.meta.setdefault("date", stamp)
            out.drop("time stamp", s)
            continue
        if noise.site_line(s):
            out.drop("site furniture", s)
            if paged := _PAGE_OF.match(fold(s)):
                out.meta.setdefault("page_title", s[:paged.end(1)].strip())  # 标题_第1页: the document's pages
            continue
        tail = noise.strip_site_tail(s)
        if tail != s:
            out.drop("paywall", s[len(tail):].strip())
            s = tail
        if _POSITION_LINE.match(s) and len([x for x in res if x.text]) <= 6:
            while res and (not res[-1].text or _navigation_above(res[-1].text, s)):
                gone = res.pop()
                if gone.text:
                    out.drop("navigation", gone.text)  # the site's menu and section name above 当前位置
        span = noise.teaser_span(s)
        if span is not None:
            out.drop("teaser", s[span[0]:span[1]])
            named = noise.teaser_title(s[span[0]:span[1]])
            if named:
                out.meta.setdefault("teaser_title", named)
            s = (s[:span[0]] + s[span[1]:]).strip()
            if len(s) < 4 or len(s) < 30 and span[0] == 0 and not re.search(r"[。！？!?；;]", s) \
                    or re.fullmatch(r"[【\[][^】\]]{1,6}[】\]]", s):  # (the teaser's label: 【导语】)
                if s:
                    out.drop("teaser", s)  # what was glued behind it: the teaser's own title and page marks
                continue
        res.append(Block(s, b.kind, b.level, b.page) if s != b.text else b)
    return res


#: a document site's page marker run into the text (第1页共9页在全县……会议上的讲话……)
_PAGE_LEAD = re.compile(r"^\s*第\s*\d{1,3}\s*页\s*[/／]?\s*共\s*\d{1,3}\s*页\s*")
#: a page's fields as a list under the title (- 作者: 网络投稿 / - 2025年03月26日 07:11:44)
_BULLET_FIELD = re.compile(r"^[-•·]\s+(?=(?:作者|来源|时间|发布时间|发布日期|更新时间|日期|编辑|责任编辑|浏览|阅读|点击)\s*[:：]|"
                           r"(?:19|20)\d{2}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?\s+\d{1,2}[:：]\d{2})")
_POSITION_LINE = re.compile(r"^(当前位置|您的位置|您当前的位置|您现在的位置|您所在的位置|所在位置)\s*[:：]")


#: a document site's list of the pages of a document: 在……会议上的讲话.doc_第1页
_PAGE_OF = re.compile(r"^(.{4,60}?)(?:\.(?:docx?|pdf|wps|txt))?\s*_\s*第\s*\d+\s*页$", re.I)


def _navigation_above(line: str, position: str) -> bool:
    """A line above the page's 当前位置 line that is the site's navigation, not the text: short and without
    sentence punctuation, one of the position line's own items (the site's name, a section), or a bar of
    menu words or a field (``专业版 简繁转换 English`` / ``搜索热词: 婚姻登记 低保``)."""
    t = line.strip()
    if re.search(r"[。，,；！？!?]", t):
        return False
    items = {x.strip() for x in re.split(r"[>＞»›|｜/]+|\s[-–—]\s|\s{2,}", _POSITION_LINE.sub("", position)) if x.strip()}
    if len(t) <= 16 or t in items:
        return True
    words = t.split()
    return len(t) <= 40 and (len(words) >= 3 and all(len(w) <= 8 for w in words) or bool(re.match(r"^\S{2,6}\s*[:：]", t)))

def _join_dash_lines(blocks: list[Block]) -> list[Block]:
    """A line that is only —— (a subtitle dash on its own line) belongs to the next line."""
    res: list[Block] = []
    carry = ""
    for b in blocks:
        if re.fullmatch(r"[—－-]{2}", b.text):
            carry = "——"
            continue
        if carry and b.text:
            res.append(Block(carry + b.text, b.kind, b.level, b.page))
            carry = ""
            continue
        res.append(b)
    return res


def _drop_repeated_lines(blocks: list[Block], out: CleanText) -> list[Block]:
    """The same line printed two or more times in a row (a bold effect in PDFs)."""
    res: list[Block] = []
    for b in blocks:
        if b.text and res and b.text == res[-1].text and b.page is not None and len(b.text) >= 2:
            out.drop("repeated line", b.text)
            continue
        res.append(b)
    return res


def _drop_running_lines(blocks: list[Block], out: CleanText) -> list[Block]:
    """Running headers/footers: short lines that recur on many pages of a paginated document."""
    pages = {b.page for b in blocks if b.page}
    if len(pages) < 3:
        return blocks
    shape: Counter[str] = Counter()
    for key in {(re.sub(r"\d+", "#", b.text.strip()), b.page) for b in blocks if b.text and len(b.text.strip()) <= 40}:
        shape[key[0]] += 1
    running = {t for t, c in shape.items() if c >= max(3, len(pages) * 0.5)}
    res = []
    for b in blocks:
        if b.text and re.sub(r"\d+", "#", b.text.strip()) in running:
            out.drop("running header/footer", b.text)
            continue
        res.append(b)
    return res

def _is_broken(text: str) -> bool:
    return len(text) >= 40 and not text.endswith(tuple(SENTENCE_END) + ("：", ":")) \
        and bool(re.search(r"[\u4e00-\u9fff，、]$", text))


def _drop_lines_inside_sentences(blocks: list[Block], out: CleanText) -> list[Block]:
    """Short lines between the two halves of a broken sentence: a running header or a page title.

    ``……历任办公厅`` / ``# 办公`` / ``遇事留心·工作用心·办事细心`` / ``提高服务层次,……``: a real
    heading never stands inside a sentence, so one or two short unnumbered lines there are dropped.
    """
    idx = [i for i, b in enumerate(blocks) if b.text]
    drop: set[int] = set()
    for k, i in enumerate(idx):
        prev = blocks[i]
        if prev.kind != "para" or not _is_broken(prev.text) or prev.text.count("“") > prev.text.count("”"):
            continue  # (an open quotation: a highlighted word of a web page broken onto its own line)
        for width in (1, 2):
            if k + width + 1 >= len(idx):
                break
            mids = [blocks[j] for j in idx[k + 1:k + 1 + width]]
            nxt = blocks[idx[k + 1 + width]]
            if all(len(m.text) <= 30 and not re.search(r"[。！？；，]", m.text) and not looks_like_heading_start(m.text)
                   and not m.text.endswith(("：", ":")) for m in mids) and nxt.kind == "para" and len(nxt.text) >= 40 \
                    and not looks_like_heading_start(nxt.text):
                for m, j in zip(mids, idx[k + 1:k + 1 + width], strict=True):
                    drop.add(j)
                    out.drop("running header inside a sentence", m.text)
                break
    return [b for i, b in enumerate(blocks) if i not in drop]
