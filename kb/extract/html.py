"""HTML pages: the visible text of block elements in order, without scripts, styles and navigation."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import lxml.html
from lxml import etree

from kb.errors import CorruptFileError, EmptyFileError
from kb.extract.encoding import _control_share, decode_bytes
from kb.extract.html_main import main_container
from kb.models import Block, SourceDocument
from kb.text import plausibility

_DROP = ("script", "style", "noscript", "template", "iframe", "svg", "canvas", "nav", "form",
         "button", "select", "input", "textarea", "head")
_BLOCK = {"p", "div", "section", "article", "li", "td", "th", "tr", "br", "h1", "h2", "h3", "h4", "h5",
          "h6", "blockquote", "pre", "dd", "dt", "table", "ul", "ol", "header", "footer", "aside",
          "main", "center", "figcaption", "caption", "hr"}
_CHROME_CLASS = re.compile(r"(^|[\s_-])(nav|menu|footer|header|breadcrumb|sidebar|share|comment|copyright|"
                           r"related|pager|pagination|toolbar|banner|advert|ads?)([\s_-]|$)", re.I)


_LISTS = ("ul", "ol", "li", "dl", "dd", "dt", "table", "tr", "td", "th", "p", "div", "span", "section", "header",
          "footer", "center", "font")


def _drop_link_lists(root: lxml.html.HtmlElement) -> None:
    """Menus, link bars and related-article lists: elements whose text is nearly all link text.

    An element goes when at least 60% of its text is inside links and fewer than 30 characters are not
    (a sentence with a link in it stays; ``首页|新闻|图片|评论`` and a list of headlines go)."""
    for el in reversed(list(root.iter(*_LISTS))):
        if el.getparent() is None or next(el.iter("h1", "h2"), None) is not None:
            continue  # (an element that holds the page's heading is kept, linked or not)
        text = re.sub(r"\s+", "", el.text_content())
        if not text:
            continue
        linked = sum(len(re.sub(r"\s+", "", a.text_content())) for a in el.iter("a"))
        if linked and linked >= 0.6 * len(text) and len(text) - linked < 30:
            el.drop_tree()


_LAYOUT = ("p", "div", "br", "table", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre")


def _layout_row(tr: lxml.html.HtmlElement) -> bool:
    """A row of a layout table (an old site puts the whole article in one cell): its cells hold paragraphs,
    line breaks or tables of their own, so it is walked as blocks, not flattened into one line."""
    return next(tr.iter(*_LAYOUT), None) is not None


def _cjk(el: lxml.html.HtmlElement) -> int:
    return len(_CJK.findall(el.text_content()))


_CJK = re.compile(r"[\u3400-\u9fff]")


def _meta_charset(data: bytes) -> str | None:
    m = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:4096], re.I)
    return m.group(1).decode("ascii").lower() if m else None


def _decode(path: Path, data: bytes) -> str:
    """The page's text.  A declared charset is an untrusted hint: used only when it names a real
    codec that decodes these bytes strictly into plausible text; never ``undefined`` (Python's codec
    that always raises) nor UTF-16/32 (a page whose bytes are ASCII-compatible cannot be UTF-16; the
    HTML standard reads such a declaration as UTF-8).  Otherwise the bytes are detected."""
    cs = _meta_charset(data)
    if cs:
        alias = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs"}.get(cs, cs)
        try:
            codec = codecs.lookup(alias).name
        except LookupError:
            codec = ""
        if codec and codec != "undefined" and not codec.startswith(("utf-16", "utf-32")):
            try:
                text = data.decode(codec)
            except (UnicodeError, ValueError):  # 'undefined'-like codecs raise plain UnicodeError
                text = ""
            if text and _control_share(text) < 0.01 and (plausibility(text) >= 0.5 or not _has_cjk(text)):
                return text
    return decode_bytes(data, path)[0]


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text[:20000])


def read_html(path: Path, data: bytes) -> SourceDocument:
    text = _decode(path, data)
    if not text.strip():
        raise EmptyFileError("文件是空的", path=path, fix="给文件加上内容，或把它移出文档库")
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8", remove_comments=True,
                                                                         huge_tree=True))  # deeper than 255
    except (etree.ParserError, ValueError) as exc:
        raise CorruptFileError(f"网页无法解析（{exc}）", path=path,
                               fix="用浏览器打开，重新另存为网页") from exc
    meta: dict[str, str] = {}
    title_el = root.find(".//title")
    if title_el is not None and (title_el.text or "").strip():
        meta["html_title"] = title_el.text.strip()
    for m in root.iter("meta"):
        name = (m.get("name") or m.get("property") or "").lower()
        if name in ("author", "description", "keywords", "og:title", "publishdate", "pubdate", "date"):
            meta[f"html_{name}"] = (m.get("content") or "").strip()
    for tag in _DROP:
        for el in root.iter(tag):
            el.drop_tree() if el.getparent() is not None else None
    total = _cjk(root)
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        cls = f"{el.get('class') or ''} {el.get('id') or ''}"
        if el.tag in ("nav", "aside") or (cls.strip() and _CHROME_CLASS.search(cls)
                                          and el.tag not in ("body", "html", "main", "article")):
            if el.tag not in ("nav", "aside") and total and _cjk(el) * 2 >= total:
                continue  # a page wrapper (class "with-sidebar", "int-nav container"): it holds the article
            el.drop_tree()
    _drop_link_lists(root)
    blocks: list[Block] = []
    buf: list[str] = []

    def flush(kind: str = "para", level: int = 0) -> None:
        s = re.sub(r"[ \t\r\f\v]+", " ", "".join(buf)).strip()
        buf.clear()
        if s:
            for line in s.split("\n"):
                if line.strip():
                    blocks.append(Block(line.strip(), kind=kind, level=level))  # type: ignore[arg-type]

    def walk(top: lxml.html.HtmlElement) -> None:
        """Depth-first over the tree without recursion (a page nested 100,000 deep is fine)."""
        walker = etree.iterwalk(top, events=("start", "end"))
        for action, el in walker:
            tag = el.tag if isinstance(el.tag, str) else ""
            if action == "start":
                if tag == "tr" and not _layout_row(el):  # a table row is one line, cells between ideographic spaces
                    flush()
                    cells = [re.sub(r"\s+", " ", c.text_content()).strip() for c in el if c.tag in ("td", "th")]
                    if any(cells):
                        blocks.append(Block("　".join(c for c in cells if c), kind="table"))
                    walker.skip_subtree()  # its end event still comes: the tail is added there
                    continue
                if tag in _BLOCK:
                    flush()
                if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                    buf.append(el.text_content())
                    flush("title" if tag == "h1" and single_h1 else "heading", int(tag[1]))  # the page's one <h1>
                    walker.skip_subtree()
                    continue
                if el.text and tag:
                    buf.append(el.text)
                continue
            if tag == "br":
                buf.append("\n")
            if tag in _BLOCK and tag != "tr":
                flush()
            if el is main:
                flush()
                return  # the article's container has ended: what follows is the page's furniture
            if el.tail and el is not top:
                buf.append(el.tail)

    body = root.find("body")
    main = main_container(body if body is not None else root)
    single_h1 = sum(1 for h in root.iter("h1") if h.text_content().strip()) == 1
    walk(body if body is not None else root)
    flush()
    if not blocks and len(re.sub(r"<[^>]*>|\s+", "", text)) > 20 and text.count("<") > 2048:
        raise CorruptFileError("网页的标签嵌套超过 2048 层，HTML 解析器读不到里面的正文", path=path,
                               fix="用浏览器打开后另存为网页，或者把正文复制到 .txt 文件里再导入")
    if not blocks:
        raise EmptyFileError("网页上没有可见的文字", path=path,
                             fix="保存网页时连同正文一起保存（不只是框架），或把正文复制到 .txt 文件")
    return SourceDocument(path=path, format="html", blocks=tuple(blocks), meta=meta, encoding="utf-8")
