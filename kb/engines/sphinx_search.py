"""Searching kb's documents in a SphinxQL engine, with kb's planning, re-ranking and highlighting.

The query is parsed and planned by kb (:mod:`kb.search.query`, :class:`kb.search.plan.Planner`, with the
engine's keyword statistics summed over the shards standing in for Whoosh's document frequencies,
:mod:`kb.engines.stats`); the plan goes to the distributed table as a ``MATCH`` (BM25F ranking),
filters as ``WHERE``, facets as ``GROUP BY``; the candidates are scored again by kb with corpus-wide
statistics (:mod:`kb.engines.score`), then re-ranked, collapsed and highlighted by the same code as
the embedded index (:class:`kb.search.searcher.Searcher`'s ``_collect``).  When every mirror of a
shard is down the result still comes, from the other shards, with ``partial`` naming the missing
shards.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as Q

from kb.analysis import query_words
from kb.engines import score as kbscore
from kb.engines import sphinxql as sql
from kb.engines.sphinx import DIST_INDEX, Endpoint, Engine
from kb.engines.sphinx_documents import EngineDocuments
from kb.engines.sphinx_facets import EngineFacets
from kb.engines.sphinx_filters import EngineFilters
from kb.engines.stats import CorpusStats, Row, candidates, known_words
from kb.errors import EngineUnavailableError
from kb.models import SearchResult
from kb.search import highlight, rank, suggest, vectors
from kb.search.plan import Plan, Planner, either, exact_query, load_office_vocab, load_synonyms
from kb.search.query import parse_with_filters
from kb.search.searcher import RERANK_DEPTH, Searcher
from kb.text import compact

log = logging.getLogger(__name__)

RANKER = "ranker=expr('10000*bm25f(1.2,0.75)'), idf='plain,tfidf_unnormalized'"
#: retries of a search whose distributed query lost an agent (the other mirror answers the retry):
#: searchd marks a dead mirror only at its next ping
#: (ha_ping_interval), so the waits add up to more than that (0.1 + 0.2 + 0.4 + 0.8 + 1.0 s)
RETRIES = 5
AGENT_RETRY = "retry_count=2, retry_delay=0"
#: the corpus totals (record count, field lengths) are read again after this many seconds
STATS_TTL = 2.0
#: candidates taken from the engine per candidate kept (see :meth:`EngineSearcher.search`)
CANDIDATES = 2
#: the vocabulary of meaning-based expansion is checked against the engine again after this many seconds
VOCAB_TTL = 60.0


@dataclass
class EngineResult(SearchResult):
    #: the shards no mirror answered for (their passages are missing from this result)
    partial: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return super().to_dict() | {"partial": bool(self.partial), "missing_shards": list(self.partial)}


class _EnginePlanner(Planner):
    def __init__(self, stats: CorpusStats, search: EngineSearcher, segmenter: str,
                 synonyms: dict[str, tuple[str, ...]], expander: Any = None) -> None:
        super().__init__(stats, segmenter, synonyms, expander)
        self.search = search

    def occurs(self, text: str) -> bool:
        match = sql.to_match(exact_query(text))
        return match is not None and bool(self.search.run(match, "rec=0", 1, rank=False)[0])


class EngineSearcher(EngineFilters, EngineFacets, EngineDocuments):
    """The engine's counterpart of :class:`kb.search.searcher.Searcher` (search, documents, passages)."""

    _collect: Any = Searcher._collect
    _hit: Any = staticmethod(highlight.hit_of)

    def __init__(self, engine: Engine, semantic: bool = True) -> None:
        self.engine = engine
        self.segmenter = engine.segmenter
        self.synonyms = load_synonyms()
        self._entry: Endpoint | None = None
        #: the ranking model and capture hook the shared collector reads (as :class:`Searcher`)
        self.model = rank.load_model()
        self.semantic = semantic
        self._expander: tuple[float, Any] | None = None
        self.capture: list[tuple[str, dict[str, Any], dict[str, float]]] | None = None
        self._totals: tuple[float, dict[str, float]] | None = None
        self._lexicon: tuple[Any, dict[str, list[str]]] | None = None

    def nearness(self, rows: list[Any], plan: Plan, stats: Any) -> vectors.Nearness | None:
        """The ``vector`` feature of the candidates that are re-ranked, from their stored text (the
        engine stores no passage vectors: :func:`kb.search.vectors.candidate_nearness`)."""
        if not self.semantic or not plan.weights:
            return None
        n = max(1, stats.doc_count())

        def idf(word: str) -> float:
            return math.log(1 + n / (1 + stats.doc_frequency("text", word)))

        return vectors.candidate_nearness([r.fields() for r in rows[:RERANK_DEPTH * 2]], plan.weights, plan.alts,
                                          idf, self.segmenter,
                                          lambda words: stats.prefetch([sql.token("text", w) for w in words]))

    def expander(self) -> Any:
        """Meaning-based expansion (词林 synonyms, word vectors: :mod:`kb.search.semantic`) over the
        words the engine holds, as the embedded index's; the vocabulary is checked again after
        ``VOCAB_TTL`` seconds.  None without the semantic resources."""
        now = time.monotonic()
        if self._expander is not None and now - self._expander[0] <= VOCAB_TTL:
            return self._expander[1]
        from kb.search import semantic

        vectors = semantic.word_vectors()
        cilin = semantic.cilin_groups()
        table = load_office_vocab()  # every word of a group is one of its keys
        if vectors is None and not cilin and not table:
            self._expander = (now, None)
            return None
        candidates = {w for w in (set(vectors.index) if vectors is not None else set()) | set(cilin) | set(table)
                      if len(w) >= 2}
        vocab = known_words(self.engine, sorted(candidates))
        self._expander = (now, semantic.Expander(vocab, vectors, cilin, table=table))
        return self._expander[1]

    def totals(self, missing: set[int]) -> dict[str, float]:
        """The corpus totals (records, field lengths), kept for ``STATS_TTL`` seconds."""
        now = time.monotonic()
        if self._totals is None or now - self._totals[0] > STATS_TTL:
            self._totals = (now, CorpusStats.collect(self.engine, missing))
        return self._totals[1]

    # --- the distributed query -----------------------------------------------------------------
    def _entries(self) -> list[Endpoint]:
        eps = self.engine.alive_first(self.engine.endpoints)
        if self._entry in eps and self._entry is not None:
            eps.remove(self._entry)
            eps.insert(0, self._entry)
        return eps

    def query(self, statement: str, params: list[Any] | None = None) -> tuple[list[dict[str, Any]], dict[str, str], list[str]]:
        """Run a read on the distributed table of the first node that answers; (rows, meta, missing
        shards).  A query that lost an agent is retried (another mirror answers); when a shard has no
        mirror up, the rows of the others come with that shard named as missing."""
        # searchd retries a failed agent on another mirror itself (kb retries too, below)
        statement += (", " if " OPTION " in statement else " OPTION ") + AGENT_RETRY
        last: EngineUnavailableError | None = None
        warned: list[str] = []
        for attempt in range(RETRIES + 1):
            if attempt:
                time.sleep(min(0.1 * 2 ** (attempt - 1), 1.0))
            for ep in self._entries():
                try:
                    rows, meta, warnings = self.engine.execute(ep, statement, params, meta=True)
                except EngineUnavailableError as exc:
                    last = exc
                    continue
                self._entry = ep
                if not warnings:
                    return rows, meta, []
                warned = warnings
                missing = [f"shard {s}" for s in range(len(self.engine.shards)) if not self.engine.shard_up(s)]
                if missing:
                    return rows, meta, missing
                break
            else:
                break
        if warned:  # every shard answers a ping, yet the query kept losing an agent: say so, never hide it
            log.warning("distributed query incomplete after %d tries: %s", RETRIES + 1, "; ".join(warned))
            return rows, meta, [f"shard ? ({warned[0][:120]})"]
        if last is None:  # pragma: no cover - there is always one endpoint
            raise EngineUnavailableError("搜索引擎没有节点", fix="设置 KB_ENGINE")
        raise EngineUnavailableError(
            f"搜索引擎的节点都无法连接（{self.engine.setting}）：{last.reason}", fix=last.fix) from last

    def run(self, match: str | None, where: str, limit: int, rank: bool = True, order: str = "",
            missing: list[str] | None = None) -> tuple[list[Row], int]:
        conds = ([f"MATCH({sql.literal(match)})"] if match else []) + ([where] if where else [])
        opts = [RANKER] if rank and match else ["ranker=none"] if match else []
        opts.append(f"max_matches={max(limit, 1000)}")
        stmt = (f"SELECT {sql.SELECT}, WEIGHT() AS w FROM {DIST_INDEX}"
                + (" WHERE " + " AND ".join(conds) if conds else "") + (f" ORDER BY {order}" if order else "")
                + f" LIMIT {limit} OPTION " + ", ".join(opts))
        rows, meta, lost = self.query(stmt)
        if missing is not None:
            missing.extend(x for x in lost if x not in missing)
        return [Row(r, float(r.get("w", 0))) for r in rows], int(meta.get("total_found", len(rows)) or 0)

    @staticmethod
    def rescore(rows: list[Row], q: Any, stats: CorpusStats) -> list[Row]:
        """The engine's candidates in kb's BM25F order with corpus-wide statistics (:mod:`kb.engines.score`)."""
        for r in rows:
            r.score = kbscore.score(q, kbscore.Candidate(r.raw), stats) or 0.0
        return sorted(rows, key=lambda r: -r.score)

    # --- searching -----------------------------------------------------------------------------
    def search(self, query: str, limit: int = 10, offset: int = 0, kind: str | None = None,
               topic: str | None = None, doc: str | None = None, year: str | None = None,
               facets: bool = False, collapse: bool = True) -> EngineResult:
        started = time.perf_counter()
        query = query if isinstance(query, str) else ""
        limit, offset = max(1, int(limit)), max(0, int(offset))
        pq = parse_with_filters(query, kind=kind, topic=topic, doc=doc, year=year)
        notes = " ".join(pq.notes) or None
        missing: list[str] = []

        def result(**kw: Any) -> EngineResult:
            kw.setdefault("hits", [])
            kw.setdefault("total", 0)
            return EngineResult(query=query, message=kw.pop("message", notes), partial=missing,
                                elapsed_ms=(time.perf_counter() - started) * 1000, **kw)

        if pq.is_empty:
            if pq.excludes:
                return result(message="只有排除条件（-词语）时无法查找，请再加上要查找的内容。")
            return result(message=notes or "请输入要查找的词语或句子。")
        where, extra = self.where(pq.filters)
        if not pq.has_text:
            depth = offset + limit
            rows, total = self.run(" ".join(extra) or None, where, depth, rank=False,
                                   order="doc_id ASC, ordinal ASC", missing=missing)
            plan = Plan(None)
            hits = self._collect(rows, plan, False, collapse, None, offset + limit)
            by = self.facets(None, pq.filters, missing)[0] if facets else {}
            return result(hits=hits[offset:offset + limit], total=total, facets=by)
        lost: set[int] = set()
        stats = CorpusStats(self.engine, lost, self.totals(lost))
        if len(lost) == len(self.engine.shards):  # no shard answers: say why now, before any planning
            self._totals = None
            self.query(f"SELECT id FROM {DIST_INDEX} LIMIT 1")
        stats.prefetch(candidates(pq, self.segmenter, self.synonyms))
        plan = _EnginePlanner(stats, self, self.segmenter, self.synonyms,
                              self.expander() if self.semantic else None).plan(pq)
        for s in sorted(stats.missing):
            if f"shard {s}" not in missing:
                missing.append(f"shard {s}")
        # quoted text: the engine runs the exact phrases themselves (fast there), not Whoosh's prefilters;
        # the candidates are scored on what the embedded index scores (``q``)
        if plan.expand:  # no side search here: the expansions the embedded index searches apart join the query,
            plan.query = _joined(plan.query, plan.expand)  # the scores the same (kb.search.budget.merge_side)
            plan.exact = _joined(plan.exact, plan.expand) if plan.exact is not None else None
            plan.expand = []
        q = plan.query
        wanted = plan.exact if plan.exact is not None and plan.phrases else plan.query
        match = sql.to_match(wanted)
        if match is None:
            if plan.missing:
                return result(also_searched=plan.also, did_you_mean=self.did_you_mean(plan))
            return result(message="查询里没有可以查找的文字（只有标点或停用词），请换个说法。", also_searched=plan.also,
                          did_you_mean=self.did_you_mean(plan))
        match = " ".join([match, *extra]) if extra else match
        ranked = bool(plan.weights or plan.plain)
        depth = max(offset + limit, RERANK_DEPTH if ranked else 0) * 2 + 10
        widen = list(plan.widen) if ranked else []
        fallback = plan.fallback if ranked else None
        while True:
            # the engine ranks each shard with that shard's statistics: take more of its candidates
            # and keep the best ``depth`` by kb's BM25F over the whole corpus
            fetched, total = self.run(match, where, depth * CANDIDATES, missing=missing)
            rows = fetched
            if len(rows) < RERANK_DEPTH and (widen or fallback is not None):
                more: list[Any] = widen or [fallback]
                q, wanted = either([q, *more]), either([wanted, *more])
                widen, fallback = [], (fallback if more is widen else None)
                match = " ".join([sql.to_match(wanted) or "", *extra])
                continue
            rows = self.rescore(rows, q, stats)[:depth]
            hits = self._collect(rows, plan, ranked, collapse, depth, offset + limit,
                                 self.nearness(rows, plan, stats) if ranked else None)
            if len(hits) >= offset + limit or len(fetched) < depth * CANDIDATES or depth >= 5000:
                break
            depth *= 4
        if plan.phrases:
            total = len(hits) if len(fetched) < depth * CANDIDATES else max(total, len(hits))
        counts: dict[str, list[tuple[str, int]]] = {}
        if facets:
            matching = sql.to_match(plan.matching() if plan.exact is None else plan.exact)
            matching = " ".join([matching or "", *extra]) if extra else matching
            counts, n = self.facets(matching, pq.filters, missing)
            if not plan.phrases:
                total = max(n, len(hits))
        dym = self.did_you_mean(plan) if (plan.missing or not hits) else None
        return result(hits=hits[offset:offset + limit], total=total, also_searched=plan.also, facets=counts,
                      did_you_mean=dym)

    def stats(self) -> dict[str, Any]:
        rows, _m, lost = self.query(f"SELECT GROUPBY() AS g, COUNT(*) AS c FROM {DIST_INDEX} GROUP BY rec")
        n = {int(r["g"]): int(r["c"]) for r in rows}
        return {"documents": n.get(sql.REC_DOC, 0), "passages": n.get(sql.REC_PASSAGE, 0),
                "engine": self.engine.setting, "partial": lost}

    def did_you_mean(self, plan: Plan) -> str | None:
        """A corrected query (one character changed in a word the engine lacks) that finds something,
        as :meth:`Searcher.did_you_mean`; the words it may suggest are the meaning-based expansion's
        vocabulary (the words of 词林 and the word vectors that the engine holds, :meth:`expander`):
        SphinxQL cannot list an index's words, so a word outside those resources is not suggested."""
        raw = plan.raw_plain or ""
        expander = self.expander() if raw else None
        if expander is None:
            return None
        if self._lexicon is None or self._lexicon[0] is not expander:
            self._lexicon = (expander, suggest.build_masks(expander.vocab))
        lost: set[int] = set()
        stats = CorpusStats(self.engine, lost, self.totals(lost))
        table = self._lexicon[1]
        # every word the correction may ask about, in one round trip per shard
        words = {w for t in raw.split() for w in [compact(t), *query_words(compact(t), self.segmenter)] if w}
        asked = words | {v for w in words for key in suggest.masks(w) for v in table.get(key, ())}
        stats.prefetch([sql.token("text", w) for w in sorted(asked)])
        return suggest.correct(raw, table, lambda w: stats.doc_frequency("text", w),
                               lambda w: query_words(w, self.segmenter))

    def version_key(self) -> str:
        """Changes when the engine's records change (for the site's caches)."""
        t = CorpusStats.collect(self.engine, set())
        return "engine:" + ":".join(str(int(v)) for v in t.values())

    def related(self, passage_id: str, limit: int = 5) -> list[Any]:
        """Passages like this one, by its most distinctive words (as :meth:`Searcher.related`)."""
        from kb.analysis import word_tokens
        from kb.search import related

        p = self.passage(passage_id)
        if p is None:
            return []
        lost: set[int] = set()
        stats = CorpusStats(self.engine, lost, self.totals(lost))
        words = [w for w, _p, _s, _e in word_tokens(p.text, self.segmenter, index=False)]
        stats.prefetch([sql.token("text", w) for w in words])
        terms = related.key_terms(words, lambda w: stats.doc_frequency("text", w), max(1, stats.doc_count()))
        if not terms:
            return []
        match = "(" + " | ".join(sql.token("text", w) + f"^{wt:.3g}" for w, wt in terms) + ")"
        rows, _t = self.run(match, f"rec=0 AND pid!={sql.literal(passage_id)}", limit * 4 + 10)
        keys = [w for w, _wt in terms]
        hits = [(self._hit(r.fields(), r.score, keys, []), r.fields().get("fp", "")) for r in rows]
        fp = next((r.fields().get("fp", "") for r in rows if r.fields()["pid"] == passage_id), "")
        return related.order(hits, p.doc_id, fp, limit)

    def close(self) -> None:
        self.engine.close()


def _joined(q: Any, expand: list[Any]) -> Any:
    """``q`` OR the expansions, an exclusion kept outside (``(a | b) -x``, as MATCH can say it)."""
    if isinstance(q, Q.AndNot) and len(expand) == 1 and isinstance(expand[0], Q.AndNot):
        return Q.AndNot(either([q.a, expand[0].a]), q.b)
    return either([q, *expand])
