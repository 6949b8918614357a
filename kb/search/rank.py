"""Re-ranking the best candidates of a plain query on their stored text (pure Python, part of search).

BM25F finds the candidates; this adds what it cannot see: how much of the query (weighted by idf)
the passage covers, how close together the query words stand, and how long a stretch of the query
text the passage contains word for word (a half-remembered sentence).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

# weights of the features (tuned with `kb eval`)
A_BM25 = 1.0
B_COVER = 1.2
C_PROXIMITY = 0.6
D_STRETCH = 2.5
E_WHOLE = 1.0
HEADING_CREDIT = 0.9
TITLE_CREDIT = 0.4
MAX_OCCURRENCES = 24
MIN_STRETCH = 6


@dataclass(frozen=True)
class Features:
    cover: float
    proximity: float
    stretch: float
    whole: bool
    #: the longest stretch of the query found in the passage (compact), for highlighting
    common: str


def _positions(text: str, word: str) -> list[int]:
    out: list[int] = []
    i = text.find(word)
    while i != -1 and len(out) < MAX_OCCURRENCES:
        out.append(i)
        i = text.find(word, i + 1)
    return out


def min_window(text: str, words: list[str]) -> int:
    """The length of the shortest stretch of ``text`` containing every one of ``words``."""
    events = sorted((p, k, len(w)) for k, w in enumerate(words) for p in _positions(text, w))
    need = len(words)
    if need == 0 or not events:
        return 0
    count: dict[int, int] = {}
    best = len(text) + 1
    lo = 0
    for hi in range(len(events)):
        count[events[hi][1]] = count.get(events[hi][1], 0) + 1
        while len(count) == need:
            p_lo, k_lo, _ = events[lo]
            end = max(e[0] + e[2] for e in events[lo:hi + 1])
            best = min(best, end - p_lo)
            count[k_lo] -= 1
            if not count[k_lo]:
                del count[k_lo]
            lo += 1
    return best


def _best_form(word: str, forms: list[tuple[str, float]], body: str, heading: str,
               title: str) -> tuple[str, float]:
    """The form of a query word the passage has (itself, a synonym, its sub-words) and its credit."""
    if word in body:
        return word, 1.0
    best, credit = "", 0.0
    for form, c in forms:
        if form in body and c > credit:
            best, credit = form, c
    if word in heading:  # the passage stands under a heading about it
        credit = max(credit, HEADING_CREDIT)
    elif word in title:
        credit = max(credit, TITLE_CREDIT)
    return best, credit


def features(body: str, heading: str, title: str, weights: dict[str, float], plain: str,
             alts: dict[str, list[tuple[str, float]]] | None = None) -> Features:
    """``body``, ``heading`` and ``title`` are the passage's texts, compacted; ``alts``
    gives each query word's other forms (synonyms, sub-words) with the credit they earn."""
    total = sum(weights.values())
    got = 0.0
    present: list[str] = []
    for w, idf in weights.items():
        form, credit = _best_form(w, (alts or {}).get(w, []), body, heading, title)
        got += idf * credit
        if form:
            present.append(form)
    cover = got / total if total else 0.0
    proximity = 0.0
    if len(present) >= 2:
        window = min_window(body, present)
        if window:
            proximity = min(1.0, sum(len(w) for w in present) / window)
    stretch, common, whole = 0.0, "", False
    if len(plain) >= 4:
        whole = plain in body
        if whole:
            stretch, common = 1.0, plain
        else:
            m = SequenceMatcher(None, plain, body, autojunk=False).find_longest_match(0, len(plain), 0, len(body))
            if m.size >= 3:
                common = plain[m.a:m.a + m.size]
            if m.size >= MIN_STRETCH:  # shorter shared stretches are just shared words
                stretch = m.size / len(plain)
    return Features(cover, proximity, stretch, whole, common)


def combined(bm25_norm: float, f: Features, n_words: int, plain_len: int) -> float:
    """One score from the normalised BM25F score and the features."""
    score = A_BM25 * bm25_norm + B_COVER * f.cover
    if n_words >= 2:
        score += C_PROXIMITY * f.proximity * f.cover
    if plain_len >= 6:
        # long pasted text: the shared stretch matters most; short queries: only a little
        score += D_STRETCH * f.stretch * min(1.0, plain_len / 12) + (E_WHOLE if f.whole else 0.0)
    elif f.whole:
        score += 0.3
    return score
