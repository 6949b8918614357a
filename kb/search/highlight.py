"""Highlighting on the stored text, without segmenting it again.

The words that matched are found as substrings of the folded passage (folding keeps offsets), exact
phrases on the passage with spaces ignored; the fragment is cut at Chinese sentence punctuation around
the densest run of matches.  Output is HTML: the text escaped, matches wrapped in ``<mark>``.

A result card shows the passage's heading path too (``Hit.heading_html``, :func:`marked_path`), with
the same marks: quoted text found in a heading that opens the passage (not in its body) is found
(:func:`kb.search.filters.in_lead`) and must be seen where it was found.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from kb.models import Hit
from kb.text import fold, sentence_spans

SENTENCE_MARKS = "。！？；!?;\n"
FRAGMENT_CHARS = 160


def _spans_for(text_folded: str, needle: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    if not needle:
        return out
    start = text_folded.find(needle)
    while start != -1:
        out.append((start, start + len(needle)))
        start = text_folded.find(needle, start + 1)
    return out


def _phrase_spans(text: str, phrase: str) -> list[tuple[int, int]]:
    """Spans of ``phrase`` in ``text`` ignoring white space on both sides (PDF text has stray spaces)."""
    folded = fold(text)
    idx = [i for i, c in enumerate(folded) if not c.isspace()]
    squeezed = "".join(folded[i] for i in idx)
    needle = "".join(fold(phrase).split())
    out = []
    for s, e in _spans_for(squeezed, needle):
        out.append((idx[s], idx[e - 1] + 1))
    return out


def match_spans(text: str, terms: list[str], phrases: list[str]) -> list[tuple[int, int]]:
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    for t in sorted(set(terms), key=len, reverse=True):
        spans.extend(_spans_for(folded, fold(t)))
    for p in phrases:
        spans.extend(_phrase_spans(text, p))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def render(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    end = len(text) if end is None else end
    out = []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(html.escape(text[pos:s]))
        out.append("<mark>" + html.escape(text[s:e]) + "</mark>")
        pos = e
    out.append(html.escape(text[pos:end]))
    return "".join(out)


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    return sentence_spans(text, SENTENCE_MARKS, quote_aware=False)


def snippet(text: str, terms: list[str], phrases: list[str], max_chars: int = FRAGMENT_CHARS) -> str:
    """An HTML fragment of ``text`` around its matches, cut at sentence punctuation."""
    spans = match_spans(text, terms, phrases)
    if len(text) <= max_chars:
        return render(text, spans)
    if not spans:
        cut = _cut_at_sentence(text, max_chars)
        return render(text, [], 0, cut) + ("…" if cut < len(text) else "")
    sentences = _sentence_bounds(text)
    # score each window of consecutive sentences that fits in max_chars by matches (weighted by length)
    best = (-1.0, 0, min(len(text), max_chars))
    for i in range(len(sentences)):
        s0 = sentences[i][0]
        j = i
        while j + 1 < len(sentences) and sentences[j + 1][1] - s0 <= max_chars:
            j += 1
        e0 = min(sentences[j][1], s0 + max_chars)
        score: float = sum(min(e, e0) - max(s, s0) for s, e in spans if s < e0 and e > s0)
        score += 0.01 * len({text[s:e] for s, e in spans if s < e0 and e > s0})
        if score > best[0]:
            best = (score, s0, e0)
    _, s0, e0 = best
    prefix = "…" if s0 > 0 else ""
    suffix = "…" if e0 < len(text) else ""
    return prefix + render(text, spans, s0, e0) + suffix


def _cut_at_sentence(text: str, limit: int) -> int:
    cut = limit
    for m in re.finditer(r"[。！？；!?;]", text[:limit]):
        cut = m.end()
    return cut if cut > limit // 3 else limit


#: what stands between the headings of a path on a result card
PATH_SEPARATOR = " › "


def marked_path(path: Sequence[str], terms: list[str], phrases: list[str]) -> str:
    """The heading path as HTML, each heading escaped with its matches of ``terms`` and ``phrases``
    marked, joined by ``PATH_SEPARATOR`` ('' for no path)."""
    return PATH_SEPARATOR.join(render(h, match_spans(h, terms, phrases)) for h in path if h)


def hit_of(fields: dict[str, Any], score: float, terms: list[str], phrases: list[str],
           common: str = "", full: bool = True) -> Hit:
    """The result card of a passage's stored ``fields``: when ``full``, its text around the matches
    of ``terms`` (those it holds), ``phrases`` and ``common`` (the longest stretch of the query it
    holds), and its heading path with the same marks."""
    data = fields.get("data") or {}
    text = fields["text"]
    path = tuple(data.get("heading_path", []))
    folded = fold(text) if full else ""
    found = [t for t in terms if fold(t) in folded]
    # a sub-word is marked only where its whole word is not (抓落实 rather than its 落实)
    present = [t for t in found if not any(t != o and t in o for o in found)]
    marks = list(phrases) + ([common] if len(common) >= 2 else [])
    return Hit(
        passage_id=fields["pid"], doc_id=fields["doc_id"], title=fields.get("title", ""),
        heading=fields.get("heading", ""), text=text,
        snippet=snippet(text, present, marks) if full else "", score=round(float(score), 4),
        source=fields.get("source", ""), ordinal=int(fields.get("ordinal", 0)),
        heading_path=path, date=fields.get("date", ""),
        year=int(fields["year"]) if str(fields.get("year", "")).isdigit() else None,
        kinds=tuple(k for k in fields.get("kind", "").split(",") if k),
        topics=tuple(t for t in fields.get("topic", "").split(",") if t),
        matched=tuple(present) + tuple(phrases),
        heading_html=marked_path(path, terms, list(phrases)) if full else "",
    )
