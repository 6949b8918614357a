"""More like this: the words that make a passage distinctive, and the order related hits are shown in.

Pure Python; :meth:`kb.search.searcher.Searcher.related` runs the query.  A passage's key terms are its words
of two or more characters weighted by tf * idf (words found in most passages say nothing); related
passages from other documents come first, and a passage identical to the source is not "related".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from kb.models import Hit

MAX_TERMS = 12
MAX_DF_SHARE = 0.5


def key_terms(words: list[str], df: Callable[[str], int], n_docs: int,
              limit: int = MAX_TERMS) -> list[tuple[str, float]]:
    """(word, weight) for the most distinctive words, weights scaled to 1.0 for the best."""
    scored = []
    for word, tf in Counter(w for w in words if len(w) >= 2).items():
        d = df(word)
        if d <= 1 and n_docs > 1:  # only in this passage: says nothing about the others
            continue
        if n_docs >= 20 and d / n_docs > MAX_DF_SHARE:
            continue
        scored.append((word, (1 + math.log(tf)) * math.log(1 + n_docs / max(d, 1))))
    scored.sort(key=lambda t: (-t[1], t[0]))
    top = scored[:limit]
    if not top:
        return []
    best = top[0][1] or 1.0
    return [(w, round(s / best, 4)) for w, s in top]


def order(hits: list[tuple[Hit, str]], doc_id: str, fp: str, limit: int) -> list[Hit]:
    """Other documents first (by score), then the same document; identical passages folded into
    ``also_in`` of the first, and copies of the source passage itself left out."""
    kept: list[Hit] = []
    first: dict[str, int] = {}
    for hit, hfp in hits:
        if fp and hfp == fp:
            continue
        if hfp and hfp in first:
            i = first[hfp]
            kept[i] = replace(kept[i], also_in=kept[i].also_in + ({
                "passage_id": hit.passage_id, "doc_id": hit.doc_id, "title": hit.title, "source": hit.source},))
            continue
        if hfp:
            first[hfp] = len(kept)
        kept.append(hit)
    others = [h for h in kept if h.doc_id != doc_id]
    same = [h for h in kept if h.doc_id == doc_id]
    return (others + same)[:limit]
