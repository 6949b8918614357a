"""kb's BM25F score of the engine's top candidates, with statistics of the whole corpus.

A distributed engine ranks each shard with that shard's own statistics (document frequencies, field
lengths): the same passage scores differently depending on where it landed, and shards of unequal
size disagree.  kb therefore re-scores the candidates the engine returns exactly as the embedded
index does (Whoosh's ``BM25F``: idf ``log(N / (df + 1)) + 1``, per-field length normalisation,
the plan's boosts; an OR or AND adds its parts' scores; a phrase scores as its terms), with the
document frequencies summed over the shards, ``N`` the records of all shards and the average field
lengths from the fields' token counts.  The candidates carry their tokens (the ``toks`` attribute)
and bigrams are rebuilt from their stored text, so nothing is segmented again.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any, Protocol

from whoosh import query as Q
from whoosh.util.numeric import byte_to_length, length_to_byte

from kb.analysis import bigram_tokens
from kb.engines import sphinxql as sql
from kb.index.schema import exact_text

B, K1 = 0.75, 1.2


class Stats(Protocol):
    def token_frequency(self, token: str) -> int: ...

    def doc_count_all(self) -> int: ...

    def avg_length(self, fieldname: str) -> float: ...


class Candidate:
    """One engine row's tokens per kb field (counted lazily) and field lengths."""

    def __init__(self, r: dict[str, Any]) -> None:
        self.r = r
        self._counts: dict[str, Counter[str]] = {}
        self._grams: list[str] | None = None

    def counts(self, field: str) -> Counter[str]:
        c = self._counts.get(field)
        if c is None:
            if field == "bi":
                c = Counter(self.grams())
            else:
                parts = str(self.r.get("toks", "")).split("\t")
                i = ("text", "heading", "title").index(field)
                c = Counter(parts[i].split()) if i < len(parts) and parts[i] else Counter()
            self._counts[field] = c
        return c

    def grams(self) -> list[str]:
        if self._grams is None:
            data = self.r.get("data")
            if isinstance(data, str):
                data = json.loads(data or "{}")
            lead = str(data.get("lead") or "") if isinstance(data, dict) else ""
            tail = str(data.get("tail") or "") if isinstance(data, dict) else ""
            text = exact_text(str(self.r.get("body", "")), lead, tail)
            self._grams = [sql.token("bi", g) for g, _p, _s, _e in bigram_tokens(text)]
        return self._grams

    def length(self, field: str) -> int:
        """The field's length as the embedded index stores it (one byte, Whoosh's rounding)."""
        return byte_to_length(length_to_byte(int(self.r.get(sql.LENGTHS[field], 0) or 0)))

    def has_phrase(self, tokens: list[str]) -> bool:
        grams = self.grams()
        n = len(tokens)
        first = tokens[0]
        return any(grams[i] == first and grams[i:i + n] == tokens for i in range(len(grams) - n + 1))


def bm25(idf: float, tf: float, fl: float, avgfl: float) -> float:
    return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))


def _term(c: Candidate, field: str, tok: str, stats: Stats) -> float | None:
    tf = c.counts(field).get(tok, 0)
    if not tf:
        return None
    df = stats.token_frequency(tok)
    idf = math.log(max(1, stats.doc_count_all()) / (df + 1)) + 1
    return bm25(idf, tf, c.length(field), stats.avg_length(field) or 1.0)


def score(q: Any, c: Candidate, stats: Stats) -> float | None:
    """The score of ``c`` for kb's planned query ``q``, None when ``c`` does not match it."""
    if q is None or isinstance(q, type(Q.NullQuery)):
        return None
    if isinstance(q, Q.Term):
        s = _term(c, q.fieldname, sql.token(q.fieldname, str(q.text)), stats)
        return None if s is None else s * q.boost
    if isinstance(q, Q.Phrase):
        toks = [sql.token(q.fieldname, str(w)) for w in q.words]
        if not toks or not c.has_phrase(toks):
            return None
        parts = [_term(c, q.fieldname, t, stats) for t in toks]
        return sum(p or 0.0 for p in parts) * q.boost
    if isinstance(q, Q.Prefix):
        pre = sql.token(q.fieldname, str(q.text))
        total, hit = 0.0, False
        for tok in c.counts(q.fieldname):
            if tok.startswith(pre):
                hit = True
                total += _term(c, q.fieldname, tok, stats) or 0.0
        return total * q.boost if hit else None
    if isinstance(q, Q.AndMaybe):
        a = score(q.a, c, stats)
        return None if a is None else a + (score(q.b, c, stats) or 0.0)
    if isinstance(q, Q.AndNot):
        a = score(q.a, c, stats)
        return None if a is None or score(q.b, c, stats) is not None else a
    if isinstance(q, Q.Or):
        found = [s for s in (score(sub, c, stats) for sub in q.subqueries) if s is not None]
        return sum(found) * float(getattr(q, "boost", 1.0)) if found else None
    if isinstance(q, Q.And):
        total = 0.0
        for sub in q.subqueries:
            s = score(sub, c, stats)
            if s is None:
                return None
            total += s
        return total * float(getattr(q, "boost", 1.0))
    return None
