"""Cleaning: what is not the author's text goes; broken lines are joined again.  Pure functions.

Input: the blocks of a :class:`SourceDocument`.  Output: :class:`CleanText` with logical lines
(paragraphs and headings), the metadata values found in boilerplate (来源/作者/更新时间 lines, a
site banner, a book's CIP and imprint data), and what was removed with the reason (for the report
and the tests).  Character repair lives in :mod:`kb.chars`, re-joining in :mod:`kb.clean.join`,
book front matter in :mod:`kb.clean.book`.

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
from dataclasses import dataclass, field

from kb.chars import repair_line
from kb.clean import noise
from kb.clean.book import BOOK_IMPRINT, front_matter, toc_entry
from kb.clean.join import SENTENCE_END, is_heading_candidate, join_lines, looks_like_heading_start
from kb.clean.web import web_chrome
from kb.models import Block, SourceDocument
from kb.text import fold

__all__ = ["CleanText", "clean", "normalize_line", "join_lines", "looks_like_heading_start",
           "is_heading_candidate", "SENTENCE_END"]

_URL = re.compile(r"((?:https?|file|ftp)://\S+|about:blank|www\.[\w.-]+\.[a-z]{2,}\S*|\b[\w-]+(\.[\w-]+)*\.(com|cn|net|org|gov\.cn)\b\S*)",
                  re.I)
_META_LINE = re.compile(r"^(来源|稿源|出处|作者|撰稿|撰文|编辑|责任编辑|更新时间|发布时间|发表时间|发布日期|时间|日期|"
                        r"点击|点击数|浏览|浏览次数|阅读|阅读量|字号)\s*[:：]")
_META_KEYS = r"来源|稿源|出处|作者|撰稿|编辑|责任编辑|更新时间|发布时间|发表时间|发布日期|日期|时间|点击|浏览|阅读|字号"
_META_FIELD = re.compile(rf"({_META_KEYS})\s*[:：]\s*(.*?)(?=\s*(?:{_META_KEYS})\s*[:：]|\s{{2,}}|$)")
_NAV_BLOCK = re.compile(r"^\s*(上一篇|下一篇|上一页|下一页|相关文章|相关阅读|相关推荐|相关链接|推荐阅读|热门文章|热门推荐|"
                        r"(?:相关报道|相关文档|相关附件|相关新闻|相关稿件|相关专题)\s*[:：>》]*\s*$|猜你喜欢|延伸阅读|版权所有|版权声明|copyright|©|免责声明|本文链接|原文链接|原文地址|分享到|"
                        r"打印本页|关闭窗口|返回顶部|返回首页|扫一扫|微信扫码|【打印】|【关闭】|网站首页|首页\s*[>›»])", re.I)
_PAGE_NUMBER = re.compile(r"^\s*(第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*第\s*\d+\s*页|"
                          r"[-—–]\s*\d{1,4}\s*[-—–]|\d{1,4}|\d+\s*/\s*\d+|page\s*\d+(\s*of\s*\d+)?)\s*$", re.I)
#: the date/time header a browser prints on each page (11/22/26, 11:01 AM <title>)
_BROWSER_HEADER = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(:\d{2})?(\s*[AaPp][Mm])?(\s|$)")
_PAGE_REF = re.compile(r"^(.*[\u4e00-\u9fff].*?)[\s.·…．_]*\d{1,4}$")
_CAPTION = re.compile(r"^\s*([◎▲△▼●]\s*|图为|[（(]?图\s*\d+[-.．]?\d*\s|[（(](摄影|图|图片)[:：/])")
_CODE = re.compile(r"^[\x00-\x7f]*([{}]|;\s*$|^\s*[.#@]?[\w-]+\s*:\s*[^;]{1,60};)[\x00-\x7f]*$")
_TEASER_END = re.compile(r"(\.{3,}|…+|。{3,})$")


@dataclass
class CleanText:
    lines: list[Block]
    meta: dict[str, str] = field(default_factory=dict)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (reason, text)

    def drop(self, reason: str, text: str) -> None:
        self.removed.append((reason, text))


def normalize_line(text: str, fmt: str = "") -> str:
    """Fix a line's characters: entities, markers, mojibake, radicals, spaces between CJK."""
    return repair_line(text, fmt)


def _site_banner(line: str) -> str | None:
    """The site name when the line is a banner (mostly a URL), else None."""
    m = _URL.search(line)
    if not m:
        return None
    rest = _URL.sub("", line)
    rest = re.sub(r"[\s/|｜·:：\-—_]+", " ", rest).strip()
    if len(rest.replace(" ", "")) > 12:
        return None
    return rest or m.group(0)


def _meta_from_line(line: str, meta: dict[str, str]) -> None:
    for key, value in _META_FIELD.findall(line):
        value = value.strip()
        if not value:
            continue
        name = {"来源": "source_note", "稿源": "source_note", "出处": "source_note", "作者": "author",
                "撰稿": "author"}.get(key)
        if name is None and key in ("更新时间", "发布时间", "发表时间", "发布日期", "日期", "时间"):
            name = "date"
        if name:
            meta.setdefault(name, value)


def _is_code(line: str) -> bool:
    """A leaked HTML/CSS/script fragment (ASCII only, braces or declarations)."""
    return bool(_CODE.match(line)) and not re.search(r"[\u4e00-\u9fff]", line)


def clean(src: SourceDocument) -> CleanText:
    """Remove boilerplate and join broken lines; keep headings and paragraphs in order."""
    out = CleanText(lines=[])
    blocks = [Block(normalize_line(b.text, src.format), b.kind, b.level, b.page) for b in src.blocks]
    blocks = _drop_site_junk(blocks, out, runs=src.format in ("txt", "md", "html"))
    blocks = _split_glued_title(blocks, out)
    blocks = _drop_opening_repeat(blocks, out)
    blocks = _join_dash_lines(blocks)
    blocks = _drop_repeated_lines(blocks, out)
    blocks = _drop_running_lines(blocks, out)
    blocks = front_matter(blocks, out.meta, out.removed)
    blocks = web_chrome(blocks, out.meta, out.removed)
    blocks = _drop_boilerplate(blocks, out)
    blocks = _drop_teaser(blocks, out)
    blocks = _drop_repeated_title(blocks, out)
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
        stamp = noise.stamp_with_tail(s)
        if stamp is not None:
            out.meta.setdefault("date", stamp)
            out.drop("time stamp", s)
            continue
        if noise.site_line(s):
            out.drop("site furniture", s)
            continue
        tail = noise.strip_site_tail(s)
        if tail != s:
            out.drop("paywall", s[len(tail):].strip())
            s = tail
        if _POSITION_LINE.match(s) and len([x for x in res if x.text]) <= 6:
            while res and (not res[-1].text or len(res[-1].text) <= 16 and not re.search(r"[。，,；！？]", res[-1].text)):
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
            if len(s) < 4 or len(s) < 30 and span[0] == 0 and not re.search(r"[。！？!?；;]", s):
                if s:
                    out.drop("teaser", s)  # what was glued behind it: the teaser's own title and page marks
                continue
        res.append(Block(s, b.kind, b.level, b.page) if s != b.text else b)
    return res


_POSITION_LINE = re.compile(r"^(当前位置|您的位置|您当前的位置|您现在的位置|所在位置)\s*[:：]")
_GLUED = re.compile(r"^(.{4,80}?)\s*((?:各位(?:领导|代表|委员|同事|同志|职工代表)[、，,]\s*)?同志们|各位领导|各位代表|各位来宾|"
                    r"尊敬的[^，,：:]{1,20})\s*[:：，,]")
_TITLE_SHAPE = re.compile(r"(讲话|发言|致辞|讲稿|报告|材料|体会|心得|总结|主持词|开幕词|闭幕词|党课|提纲)(?:稿|文稿|范文|全文)?"
                          r"(?:[（(][^）)]{1,12}[）)])?$|^在.{2,40}上")


def _drop_opening_repeat(blocks: list[Block], out: CleanText) -> list[Block]:
    """A page's description: the opening of the text cut short, printed right before the text itself."""
    idx = [i for i, b in enumerate(blocks) if b.text][:6]
    drop: set[int] = set()
    for a, b in zip(idx, idx[1:], strict=False):
        head = blocks[a].text.rstrip("。…. ,，")
        if len(head) >= 20 and len(blocks[b].text) > len(blocks[a].text) + 4 and blocks[b].text.startswith(head):
            drop.add(a)
            out.drop("teaser", blocks[a].text)  # the opening repeated
    return [x for i, x in enumerate(blocks) if i not in drop]


def _split_glued_title(blocks: list[Block], out: CleanText) -> list[Block]:
    """A title run into the body on one line (``……会议上的讲话同志们:今天,召开……``) becomes two lines;
    a title repeated several times at the top (``标题 标题标题``) is kept once."""
    res = list(blocks)
    seen = 0
    for i, b in enumerate(res):
        if not b.text:
            continue
        seen += 1
        if seen > 3:
            break
        t = b.text
        m = _GLUED.match(fold(t))
        if m and _TITLE_SHAPE.search(m.group(1).strip()) and len(t) > m.end(1) + 4:
            title = _once(t[:m.end(1)].strip())
            parts = title.split()
            if len(parts) >= 2 and len(parts[-1]) >= 6 and _TITLE_SHAPE.search(parts[-1]):
                out.drop("page label", " ".join(parts[:-1]))  # 信访工作会议上讲话稿 在全县……的讲话
                title = parts[-1]
            res[i:i + 1] = [Block(title, "para", 0, b.page), Block(t[m.start(2):].strip(), b.kind, b.level, b.page)]
            out.drop("title glued to the body (split)", title)
            earlier = [j for j in range(i) if res[j].text]
            if earlier and res[earlier[-1]].text.strip() == title:  # the page's label lines, then the title again
                for j in earlier:
                    out.drop("page label", res[j].text)
                res = [x for j, x in enumerate(res) if j not in earlier]
            break
        once = _once(t)
        if once != t and len(once) <= 60 and not re.search(r"[。！？；!?;，,]", once):  # a title, not a sentence
            out.drop("repeated title", t)
            res[i] = Block(once, b.kind, b.level, b.page)
    return res


def _once(text: str) -> str:
    """``标题 标题标题`` -> ``标题``: a short text repeated two or more times."""
    s = re.sub(r"\s+", "", text)
    n = len(s)
    for k in (2, 3, 4):
        if n % k == 0 and n // k >= 4 and s[:n // k] * k == s:
            parts = text.split()
            return parts[0] if parts and re.sub(r"\s+", "", parts[0]) == s[:n // k] else s[:n // k]
    return text


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


def _drop_boilerplate(blocks: list[Block], out: CleanText) -> list[Block]:
    in_toc = False
    nav_tail = False
    toc: set[str] = set()
    kept: list[Block] = []
    n = len(blocks)
    texts = Counter(re.sub(r"\s+", "", b.text) for b in blocks if b.text and len(b.text) <= 60)
    for i, b in enumerate(blocks):
        t = b.text
        if not t:
            kept.append(b)
            in_toc = False
            continue
        # the length first: on a long line the pattern backtracks quadratically (0.1 MB: 260 s)
        page_ref = _PAGE_REF.match(t) if len(t) <= 64 else None
        if page_ref and texts[re.sub(r"\s+", "", page_ref.group(1))]:
            toc.add(re.sub(r"\s+", "", page_ref.group(1)))  # a contents line: a later heading + page number
            out.drop("table of contents", t)
            continue
        if nav_tail:
            out.drop("navigation", t)
            continue
        if _META_LINE.match(fold(t)) or len(_META_FIELD.findall(fold(t))) >= 2 and len(t) < 120:
            _meta_from_line(fold(t), out.meta)
            out.drop("metadata line", t)
            continue
        if _NAV_BLOCK.match(t) and len(t) < 100:
            out.drop("navigation", t)
            nav_tail = nav_tail or i > n * 0.6  # what follows 上一篇/相关文章 near the end is chrome
            continue
        site = _site_banner(t)
        if site is not None:
            out.meta.setdefault("site", site)
            out.drop("site banner", t)
            continue
        if _is_code(t):
            out.drop("html/css fragment", t)
            continue
        entry = toc_entry(t)
        if entry is not None:
            if entry == "":
                in_toc = True
            else:
                toc.add(entry)
            out.drop("table of contents", t)
            continue
        if in_toc and len(t) <= 24 and not re.search(r"[。；！？，]", t):
            toc.add(re.sub(r"\s+", "", t))
            out.drop("table of contents", t)
            continue
        in_toc = False
        if BOOK_IMPRINT.search(t) and len(t) < 120 and not re.search(r"[。！？]$", t):
            out.drop("imprint", t)
            continue
        if _PAGE_NUMBER.match(t) or _BROWSER_HEADER.match(t):
            out.drop("page number", t)
            continue
        if _CAPTION.match(t) and b.kind != "heading" and len(t) < 300:
            out.drop("photo caption", t)
            continue
        kept.append(b)
    return _drop_toc_repeats(kept, toc, out) if toc else kept


def _drop_toc_repeats(blocks: list[Block], toc: set[str], out: CleanText) -> list[Block]:
    """Runs of two or more lines that are all 目录 entries (a part-title page listing the parts)."""
    text_idx = [i for i, b in enumerate(blocks) if b.text]
    drop: set[int] = set()
    run: list[int] = []
    for i in text_idx + [-1]:
        key = re.sub(r"\s+", "", blocks[i].text) if i >= 0 else ""
        if key in toc and key not in {re.sub(r"\s+", "", blocks[j].text) for j in run}:
            run.append(i)
            continue
        if len(run) >= 3:
            drop.update(run)
        run = []
    for i in sorted(drop):
        out.drop("table of contents (repeated)", blocks[i].text)
    return [b for i, b in enumerate(blocks) if i not in drop]


def _drop_teaser(blocks: list[Block], out: CleanText) -> list[Block]:
    """A web teaser: an early line ending in ... / … whose words the following lines repeat."""
    kept = []
    seen = 0
    for i, b in enumerate(blocks):
        t = b.text
        seen += bool(t)
        if seen <= 8 and _TEASER_END.search(t) and len(t) > 20:
            stem = re.sub(r"\s+", "", _TEASER_END.sub("", t))
            rest = re.sub(r"\s+", "", "".join(x.text for x in blocks[i + 1:i + 40]))
            probes = [stem[-12:], stem[len(stem) // 2:len(stem) // 2 + 12]]
            if all(p and p in rest for p in probes):
                out.drop("teaser", t)
                continue
        kept.append(b)
    return kept


def _drop_repeated_title(blocks: list[Block], out: CleanText) -> list[Block]:
    """The page title printed twice at the top (a bookmark heading and the article heading)."""
    first = [i for i, b in enumerate(blocks) if b.text][:4]
    kept_texts: set[str] = set()
    drop: set[int] = set()
    for i in first:
        t = blocks[i].text
        if t in kept_texts and len(t) <= 60:
            drop.add(i)
            out.drop("repeated title", t)
        kept_texts.add(t)
    return [b for i, b in enumerate(blocks) if i not in drop]


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
