"""What the engine searcher reads besides the ranked rows: the engine's rows in the shape kb's
collector reads, and the statistics of the whole corpus summed over the shards (document
frequencies per kb field, record count, field lengths): what :class:`kb.search.plan.Planner` asks a
Whoosh reader, and what kb's BM25F (:mod:`kb.engines.score`) needs."""

from __future__ import annotations

from typing import Any

from kb.analysis import bigrams, query_words
from kb.engines import sphinxql as sql
from kb.engines.sphinx import Engine
from kb.errors import EngineUnavailableError


class Row:
    """One engine row in the shape ``Searcher._collect`` reads (``fields()`` and ``score``)."""

    __slots__ = ("_fields", "raw", "score")

    def __init__(self, r: dict[str, Any], score: float) -> None:
        self.raw = r
        self._fields: dict[str, Any] | None = None
        self.score = score

    def fields(self) -> dict[str, Any]:
        if self._fields is None:
            self._fields = sql.fields_of(self.raw)
        return self._fields


class CorpusStats:
    """Statistics of the whole corpus, summed over the shards (one mirror of each): document
    frequencies per kb field (what :class:`Planner` asks a Whoosh reader), the number of records and
    the average field lengths (what kb's BM25F needs, :mod:`kb.engines.score`)."""

    def __init__(self, engine: Engine, missing: set[int], totals: dict[str, float]) -> None:
        self.engine = engine
        self.missing = missing
        self.cache: dict[str, int] = {}
        self.totals = totals

    @staticmethod
    def collect(engine: Engine, missing: set[int]) -> dict[str, float]:
        sums = {"n": 0.0, "lw": 0.0, "lh": 0.0, "lt": 0.0, "lg": 0.0}
        cols = ", ".join(f"SUM({c}) AS sum_{c}" for c in sql.LENGTHS.values())
        for shard in range(len(engine.shards)):
            try:
                rows = engine.on_shard(shard, f"SELECT COUNT(*) AS n, {cols} FROM {{index}}")
            except EngineUnavailableError:
                missing.add(shard)
                continue
            for k in sums:
                sums[k] += float(rows[0].get(k if k == "n" else f"sum_{k}") or 0) if rows else 0.0
        return sums

    def reader(self) -> CorpusStats:
        return self

    def prefetch(self, tokens: list[str]) -> None:
        todo = list(dict.fromkeys(t for t in tokens if t and t not in self.cache))
        if not todo:
            return
        counts = dict.fromkeys(todo, 0)
        for shard in range(len(self.engine.shards)):
            if shard in self.missing:
                continue
            try:
                rows = self.engine.on_shard(shard, "CALL KEYWORDS(%s, '{index}', 1)", [" ".join(todo)])
            except EngineUnavailableError:
                self.missing.add(shard)
                continue
            for r in rows:
                tok = str(r.get("tokenized", ""))
                if tok in counts:
                    counts[tok] += int(r.get("docs", 0) or 0)
        self.cache.update(counts)

    def token_frequency(self, tok: str) -> int:
        if tok not in self.cache:
            self.prefetch([tok])
        return self.cache.get(tok, 0)

    def doc_frequency(self, fieldname: str, word: str) -> int:
        return self.token_frequency(sql.token(fieldname, word))

    def doc_count(self) -> int:
        return int(self.totals["n"])

    def doc_count_all(self) -> int:
        return int(self.totals["n"])

    def avg_length(self, fieldname: str) -> float:
        return self.totals[sql.LENGTHS[fieldname]] / max(1.0, self.totals["n"])


def candidates(pq: Any, segmenter: str, synonyms: dict[str, tuple[str, ...]]) -> list[str]:
    """The tokens whose statistics planning will ask for (fetched in one round trip per shard)."""
    out: list[str] = []
    texts = list(pq.plain) + [c.text for g in pq.any_of for c in g]
    for text in texts:
        for w in query_words(text, segmenter):
            forms = [w] + list(synonyms.get(w, ()))
            if 2 < len(w) <= 8:
                forms += [w[i:i + n] for n in range(2, len(w)) for i in range(len(w) - n + 1)]
            for f in forms:
                out += [sql.token("text", f), sql.token("heading", f), sql.token("title", f)]
        out += [sql.token("bi", g) for g in bigrams(text)]
    for p in pq.phrases:
        out += [sql.token("bi", g) for g in bigrams(p)]
    return out


#: tokens per CALL KEYWORDS when the vocabulary is checked
VOCAB_BATCH = 4000


def known_words(engine: Engine, words: list[str]) -> set[str]:
    """The ``words`` the engine's word field holds (document frequency > 0 on any shard): the index
    vocabulary that meaning-based expansion is restricted to, as Whoosh's ``field_terms``."""
    out: set[str] = set()
    for shard in range(len(engine.shards)):
        for i in range(0, len(words), VOCAB_BATCH):
            batch = [w for w in words[i:i + VOCAB_BATCH] if w not in out]
            if not batch:
                continue
            tokens = {sql.token("text", w): w for w in batch}
            try:
                rows = engine.on_shard(shard, "CALL KEYWORDS(%s, '{index}', 1)", [" ".join(tokens)])
            except EngineUnavailableError:
                break
            for r in rows:
                w = tokens.get(str(r.get("tokenized", "")))
                if w is not None and int(r.get("docs", 0) or 0):
                    out.add(w)
    return out
