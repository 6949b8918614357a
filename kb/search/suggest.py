"""Did you mean: a query word the index does not know, corrected by one character (办工室 -> 办公室).

Whoosh's spelling corrector compares Latin letters and is useless for Chinese.  Here a word that
occurs nowhere is compared with the indexed words of the same length that differ from it in exactly
one character (looked up through "masked" keys: 办_室 finds 办公室), and the variant found in the most
passages wins.  Pure Python: the searcher passes in the lexicon and a document-frequency function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kb.text import compact

MIN_CHARS, MAX_CHARS = 2, 8


def _is_cjk_word(w: str) -> bool:
    return MIN_CHARS <= len(w) <= MAX_CHARS and all("\u4e00" <= ch <= "\u9fff" for ch in w)


def masks(word: str) -> list[str]:
    return [word[:i] + "\0" + word[i + 1:] for i in range(len(word))]


def build_masks(terms: Iterable[str]) -> dict[str, list[str]]:
    """masked key -> the indexed words that have it."""
    out: dict[str, list[str]] = {}
    for term in terms:
        if _is_cjk_word(term):
            for key in masks(term):
                out.setdefault(key, []).append(term)
    return out


def variants(word: str, table: dict[str, list[str]], df: Callable[[str], int]) -> list[tuple[int, str]]:
    """(passages, variant) for the indexed words one character away from ``word``, best first."""
    found = {w for key in masks(word) for w in table.get(key, ()) if w != word}
    return sorted(((df(w), w) for w in found), key=lambda t: (-t[0], t[1]))


def correct_token(token: str, table: dict[str, list[str]], df: Callable[[str], int],
                  cut: Callable[[str], list[str]]) -> str | None:
    c = compact(token)
    if not c or df(c):
        return None
    if _is_cjk_word(c):
        best = [v for v in variants(c, table, df) if v[0] > 0]
        if best:
            return best[0][1]
    out, changed = c, False
    for w in cut(c):
        if len(w) >= MIN_CHARS and not df(w) and _is_cjk_word(w):
            best = [v for v in variants(w, table, df) if v[0] > 0]
            if best:
                out = out.replace(w, best[0][1], 1)
                changed = True
    return out if changed else None


def correct(text: str, table: dict[str, list[str]], df: Callable[[str], int],
            cut: Callable[[str], list[str]]) -> str | None:
    """The query with its unknown words corrected, or None when there is nothing to suggest."""
    tokens = text.split()
    fixed = [correct_token(t, table, df, cut) for t in tokens]
    if not any(fixed):
        return None
    return " ".join(f or t for f, t in zip(fixed, tokens, strict=True))
