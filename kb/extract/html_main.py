"""Where a web page's article ends: the element that holds most of its prose, and what follows it.

A news or document page puts its article in one container (``<div class="content">``, a layout table's
cell) and after it the page's furniture: related articles, comments, rankings, the footer.  The
container is found by its prose: every stretch of text of ten CJK characters or more with a comma or a
full stop counts for the block that holds it (fully) and for that block's parent (half); the best
block is the article when it holds at least ``MAIN_SHARE`` of the page's prose.  What comes after it
is dropped only when it holds little prose (under ``TAIL_SHARE`` of the article's): a page whose text
goes on after the container (a second part, an article split by an advertisement) keeps it all.
"""

from __future__ import annotations

import re

import lxml.html

_CJK = re.compile(r"[\u3400-\u9fff]")
_INLINE = {"p", "font", "span", "b", "strong", "em", "i", "u", "a", "br", "small", "big", "label", "sup", "sub"}
MAIN_SHARE = 0.5
TAIL_SHARE = 0.25


def _prose(text: str | None) -> int:
    if not text:
        return 0
    n = len(_CJK.findall(text))
    return n if n >= 10 and re.search(r"[，。,；！？]", text) else 0


def _block_of(el: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    while el.getparent() is not None and isinstance(el.tag, str) and el.tag in _INLINE:
        el = el.getparent()
    return el


def main_container(body: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The element holding the article's prose, or None when the page's prose is spread out."""
    score: dict[lxml.html.HtmlElement, float] = {}
    total = 0
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        for text, holder in ((el.text, el), (el.tail, el.getparent())):
            n = _prose(text)
            if not n or holder is None:
                continue
            total += n
            block = _block_of(holder)
            score[block] = score.get(block, 0.0) + n
            parent = block.getparent()
            if parent is not None:
                score[parent] = score.get(parent, 0.0) + n / 2
    candidates = [(s, el) for el, s in score.items() if el is not body and el.tag not in ("html", "body")]
    if not total or not candidates:
        return None
    best = max(candidates, key=lambda t: t[0])[1]
    inside = sum(_prose(x.text) + (_prose(x.tail) if x is not best else 0) for x in best.iter() if isinstance(x.tag, str))
    if inside < MAIN_SHARE * total:
        return None
    after = total - inside - _prose_before(body, best)
    return best if after < TAIL_SHARE * inside else None


def _prose_before(body: lxml.html.HtmlElement, main: lxml.html.HtmlElement) -> int:
    ancestors = set(main.iterancestors())
    n = 0
    for el in body.iter():
        if el is main:
            break
        if not isinstance(el.tag, str):
            continue
        # an ancestor's own text comes before the article, its tail after it
        n += _prose(el.text) + (0 if el in ancestors else _prose(el.tail))
    return n
