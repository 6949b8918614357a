"""Boilerplate lines anywhere in a text, recognised by their shape: metadata lines (来源/作者/更新时间,
values kept), 上一篇/相关文章/版权所有 and what follows them near the end, site banners (mostly a URL),
leaked HTML/CSS, tables of contents and their later repeats, imprint lines, page numbers, browser
headers and photo captions."""

from __future__ import annotations

import re
from collections import Counter

from kb.clean import CleanText
from kb.clean.book import BOOK_IMPRINT, toc_entry
from kb.models import Block
from kb.text import fold

_URL = re.compile(r"((?:https?|file|ftp)://\S+|about:blank|www\.[\w.-]+\.[a-z]{2,}\S*|\b[\w-]+(\.[\w-]+)*\.(com|cn|net|org|gov\.cn)\b\S*)",
                  re.I)
_META_LINE = re.compile(r"^(原标题|本文来源|文章来源|信息来源|来源|稿源|出处|作者|撰稿|撰文|编辑|责任编辑|更新时间|发布时间|发表时间|发布日期|时间|日期|"
                        r"点击|点击数|浏览|浏览次数|阅读|阅读量|字号)\s*[:：]")
_META_KEYS = r"来源|稿源|出处|作者|撰稿|编辑|责任编辑|更新时间|发布时间|发表时间|发布日期|日期|时间|点击|浏览|阅读|字号"
_META_FIELD = re.compile(rf"({_META_KEYS})\s*[:：]\s*(.*?)(?=\s*(?:{_META_KEYS})\s*[:：]|\s{{2,}}|$)")
_NAV_BLOCK = re.compile(r"^\s*(上一篇|下一篇|上一页|下一页|相关文章|相关阅读|相关推荐|相关链接|推荐阅读|热门文章|热门推荐|"
                        r"(?:相关报道|相关文档|相关附件|相关新闻|相关稿件|相关专题)\s*(?:[:：>》]+\s*[^。，,；;]{0,16})?\s*$|猜你喜欢|延伸阅读|版权所有|版权声明|copyright|©|免责声明|本文链接|原文链接|原文地址|分享到|"
                        r"打印本页|关闭窗口|返回顶部|返回首页|扫一扫|微信扫码|【打印】|【关闭】|网站首页|首页\s*[>›»])", re.I)
_PAGE_NUMBER = re.compile(r"^\s*(第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*第\s*\d+\s*页|"
                          r"[-—–]\s*\d{1,4}\s*[-—–]|\d{1,4}|\d+\s*/\s*\d+|page\s*\d+(\s*of\s*\d+)?)\s*$", re.I)
#: the date/time header a browser prints on each page (11/22/26, 11:01 AM <title>)
_BROWSER_HEADER = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(:\d{2})?(\s*[AaPp][Mm])?(\s|$)")
_PAGE_REF = re.compile(r"^(.*[\u4e00-\u9fff].*?)[\s.·…．_]*\d{1,4}$")
_CAPTION = re.compile(r"^\s*([◎▲△▼●]\s*|图为|[（(]?图\s*\d+[-.．]?\d*\s|[（(](摄影|图|图片)[:：/])")
_CODE = re.compile(r"^[\x00-\x7f]*([{}]|;\s*$|^\s*[.#@]?[\w-]+\s*:\s*[^;]{1,60};)[\x00-\x7f]*$")


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
        value = value.strip().strip("|｜/ ").strip()  # 作者: 张磊 | 责任编辑: …: the bar between fields
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


def _prose(text: str) -> bool:
    return len(text) >= 60 and len(re.findall(r"[。！？；]", text)) >= 2


def _prose_run(blocks: list[Block], i: int) -> bool:
    """Line ``i`` and the next non-empty line are long paragraphs of several sentences (article text;
    a list of related articles has a short headline between its excerpts)."""
    if not _prose(blocks[i].text):
        return False
    nxt = next((b.text for b in blocks[i + 1:] if b.text), "")
    return _prose(nxt)


def drop_boilerplate(blocks: list[Block], out: CleanText) -> list[Block]:
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
        if nav_tail and _prose_run(blocks, i):
            nav_tail = False  # two long paragraphs in a row: the article goes on after a 推荐阅读 box
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
        if _CAPTION.match(t) and b.kind != "heading" and len(t) < 300 and not re.fullmatch(r"[◎●]\s*[\u4e00-\u9fff]{2,4}", t):
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
