"""Highlighting on the stored text, without segmenting it again.

The words that matched are found as substrings of the folded passage (folding keeps offsets), exact
phrases on the passage with spaces ignored; the fragment is cut at Chinese sentence punctuation around
the densest run of matches.  Output is HTML: the text escaped, matches wrapped in ``<mark>``.
"""

from __future__ import annotations

import html
import re

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
