"""Search over the index: query routing, ranking, filters, facets, highlighting, documents.

One :class:`Searcher` serves the command line and the site.  The plan (which Whoosh query a
parsed query becomes) is in :mod:`kb.search.plan`, re-ranking of the best candidates on their stored
text in :mod:`kb.search.rank`, did-you-mean in :mod:`kb.search.suggest` and more-like-this in :mod:`kb.search.related`.
Quoted text is a phrase on the bigram field and must appear exactly; filters restrict without scoring.

A ranked search runs in two stages: Whoosh retrieves the top candidates of a cheap query (the words;
exact phrases only for long pasted stretches; very common words only when the others find too little:
see :mod:`kb.search.plan`), then :mod:`kb.search.rank` re-scores them on their stored text.  Facet counts
are exact, counted over the unscored matches (:mod:`kb.search.facets`).
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any

from whoosh import query as Q
from whoosh import scoring, sorting
from whoosh.index import Index
from whoosh.reading import IndexReader
from whoosh.searching import Searcher as WSearcher

from kb.analysis import get_segmenter, query_words, word_tokens
from kb.errors import QueryError
from kb.index import cooccur
from kb.index.schema import REC_DOC, REC_PASSAGE
from kb.index.store import DAMAGE_ERRORS, IndexStore
from kb.models import Hit, SearchResult
from kb.search import budget, dense, highlight, rank, related, suggest, vectors
from kb.search import facets as kbfacets
from kb.search.budget import (
    PARTIAL_NOTICE,
    Deadline,
    add_unscored,
    merge_side,
    search_within,
    side_deadline,
    side_only,
)
from kb.search.documents import DocumentReads, resolve_docs
from kb.search.filters import filter_query, in_lead
from kb.search.lengths import lengths_in_memory
from kb.search.plan import Plan, Planner, either, load_synonyms
from kb.search.query import parse_with_filters, readable
from kb.text import compact

#: how many candidates of a ranked query are re-ranked on their text
RERANK_DEPTH = 60
#: seconds a replaced Whoosh searcher stays open for the searches still running on it
RETIRE_AFTER = 60.0
BM25 = {"B": 0.75, "K1": 1.2}


def lift_into(rows: list[Any], pids: set[str], window: int) -> list[Any]:
    """``rows`` (score, fields, body) in rank order, with the rows of ``pids`` that lie beyond the first
    ``window`` moved to its end, so that they are re-ranked (the passages only meaning found score 0
    on the words and would otherwise never be looked at); the rows they push out keep their order."""
    late = [r for r in rows[window:] if r[1]["pid"] in pids]
    if not late:
        return rows
    n = min(len(late), window)
    rest = [r for r in rows[window:] if r[1]["pid"] not in pids]
    return [*rows[:window - n], *late[:n], *rows[window - n:window], *late[n:], *rest]


class Searcher(DocumentReads):
    """Opens the index once; re-opens when another process commits to it."""

    def __init__(self, index_dir: Path | str, model: rank.Model | None = None, semantic: bool = True,
                 preload: bool = False, query_seconds: float = budget.QUERY_SECONDS) -> None:
        self.store = IndexStore(Path(index_dir))
        #: the collecting deadline of one search (the site's 1 s; ``kb eval`` measures ranking with more)
        self.query_seconds = query_seconds
        #: the ranking model (kb/data/rank_weights.toml unless given)
        self.model = model or rank.load_model()
        #: expand queries with 词林 synonyms and word-vector neighbours (:mod:`kb.search.semantic`)
        self.semantic = semantic
        self._expander: tuple[str, Any] | None = None
        self._vectors = vectors.VectorCache()
        self._dense = dense.DenseCache()
        #: when a list, each ranked search appends (passage id, fields, feature values) of its candidates
        self.capture: list[tuple[str, dict[str, Any], dict[str, float]]] | None = None
        self._lock = threading.Lock()
        self._local = threading.local()
        self._read_lock = threading.RLock()
        self._retired: list[tuple[float, WSearcher]] = []
        self._ix: Index | None = None
        self._searcher: WSearcher | None = None
        self._gen_dir: Path | None = None
        self._lexicon: tuple[str, dict[str, list[str]]] | None = None
        self.synonyms = load_synonyms()
        self._facets = kbfacets.FacetCache()
        self._open()
        # ``preload`` (the site): read the vectors and the 词林 (and the segmenter) in a background thread
        # while the page is drawn.  Off by default: a command-line process has no page to draw, and a
        # thread alive at the moment an ingest starts its worker pool would change fork to forkserver
        if semantic and preload:
            from kb.search import semantic as kbsemantic

            kbsemantic.preload(functools.partial(get_segmenter, self.segmenter))

    # --- lifecycle ---------------------------------------------------------------------------
    def _open(self) -> None:
        self._ix = self.store.open(check=True)
        self._gen_dir = self.store.current_dir()
        self.segmenter = self.store.segmenter()
        self._searcher = lengths_in_memory(self._ix.searcher(weighting=scoring.BM25F(**BM25)))

    def searcher(self) -> WSearcher:
        """The Whoosh searcher of this thread's snapshot (see :meth:`snapshot`), else the newest one."""
        pinned = getattr(self._local, "pinned", None)
        return pinned if pinned is not None else self._latest()

    def _latest(self) -> WSearcher:
        """A searcher on the index's last commit.  A new commit or generation gets a *fresh* reader:
        Whoosh's ``refresh`` reuses the old segment readers and adds the old segments to the new ones
        (whoosh3 ``FileIndex._reader``), which served deleted and doubled passages.  The searcher it
        replaces is closed only after ``RETIRE_AFTER`` seconds, so a search still running on it in
        another thread (the site serves many) finishes on one consistent snapshot."""
        with self._lock:
            assert self._searcher is not None
            now = time.monotonic()
            if self.store.current_dir() != self._gen_dir:
                self._retired.append((now, self._searcher))
                self._open()
            elif not self._searcher.up_to_date():
                self._retired.append((now, self._searcher))
                assert self._ix is not None
                self._searcher = lengths_in_memory(self._ix.searcher(weighting=scoring.BM25F(**BM25)))
            while self._retired and now - self._retired[0][0] > RETIRE_AFTER:
                with contextlib.suppress(Exception):
                    self._retired.pop(0)[1].close()
            return self._searcher

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[WSearcher]:
        """Every read inside the block (in this thread) sees the same commit of the index."""
        pinned = getattr(self._local, "pinned", None)
        if pinned is not None:
            yield pinned
            return
        self._local.pinned = self._latest()
        try:
            yield self._local.pinned
        finally:
            self._local.pinned = None

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        for _t, old in self._retired:
            with contextlib.suppress(Exception):
                old.close()
        self._retired.clear()

    def version_key(self) -> str:
        """Changes whenever the index changes (for caches)."""
        s = self.searcher()
        return f"{self._gen_dir}:{s.reader().generation() if hasattr(s.reader(), 'generation') else ''}"

    # --- filters -----------------------------------------------------------------------------
    def filter_query(self, filters: dict[str, list[str]]) -> Q.Query | None:
        return filter_query(filters, self.segmenter, self.resolve_docs, self.documents)

    def facet_filters(self, filters: dict[str, list[str]]) -> dict[str, Q.Query | None]:
        """The filters grouped by the facet they restrict (doc and source restrict doc_id), so each
        facet can be counted with the other filters only (:func:`kb.search.facets.count_filtered`)."""
        groups: dict[str, dict[str, list[str]]] = {}
        for name, values in filters.items():
            groups.setdefault(kbfacets.FACET_OF.get(name, name), {})[name] = values
        return {field: self.filter_query(group) for field, group in groups.items()}

    def resolve_docs(self, value: str) -> list[str]:
        """doc: accepts a doc id, or text found in titles or file names."""
        return resolve_docs(self.documents(), value)

    # --- searching ---------------------------------------------------------------------------
    def search(self, query: str, limit: int = 10, offset: int = 0, kind: str | None = None,
               topic: str | None = None, doc: str | None = None, year: str | None = None,
               facets: bool = False, collapse: bool = True) -> SearchResult:
        started = time.perf_counter()
        query = readable(query) if isinstance(query, str) else ""  # echoed in the result: encodable
        limit, offset = max(1, int(limit)), max(0, int(offset))
        pq = parse_with_filters(query, kind=kind, topic=topic, doc=doc, year=year)
        notes = " ".join(pq.notes) or None

        def empty(message: str | None, plan: Plan | None = None) -> SearchResult:
            dym = self.did_you_mean(plan) if plan is not None else None
            return SearchResult(query=query, hits=[], total=0, message=message, did_you_mean=dym,
                                also_searched=plan.also if plan else [],
                                elapsed_ms=(time.perf_counter() - started) * 1000)

        if pq.is_empty:
            if pq.excludes:
                return empty("只有排除条件（-词语）时无法查找，请再加上要查找的内容。")
            return empty(notes or "请输入要查找的词语或句子。")
        s = self.searcher()
        plan = (Planner(s, self.segmenter, self.synonyms, self.expander()).plan(pq) if pq.has_text
                else Plan(Q.NullQuery))
        fq = self.filter_query(pq.filters)
        sortedby: Any = None
        q: Q.Query
        if not pq.has_text:
            q, fq = fq or Q.NullQuery, None
            sortedby = [sorting.FieldFacet("doc_id"), sorting.FieldFacet("ordinal")]
        elif plan.query is Q.NullQuery:
            if plan.missing:
                return empty(notes, plan)
            return empty("查询里没有可以查找的文字（只有标点或停用词），请换个说法。", plan)
        else:
            q = plan.query
        if plan.notes:
            notes = " ".join([*pq.notes, *plan.notes])
        ranked = sortedby is None and bool(plan.weights or plan.plain)
        depth = max(offset + limit, RERANK_DEPTH if ranked else 0) * 2 + 10
        mask = Q.Term("rec", REC_DOC)
        widen = list(plan.widen) if ranked else []
        fallback = plan.fallback if ranked else None
        near = self.nearness(plan) if ranked else None  # the query's vector (kb.search.vectors)
        meant = self.meaning(" ".join([*pq.plain, *pq.phrases])) if ranked else None  # its sentence embedding (kb.search.dense)
        side = None  # the expansions' own best passages join the candidates (kb.search.plan), in a time of their own
        if ranked and plan.expand:  # (cut short, they only bring fewer candidates: the result is not partial)
            side, _late = search_within(s, either(plan.expand), side_deadline(self.query_seconds),
                                        limit=depth, filter=fq, mask=mask)
        nearest, lifted = None, set()  # the passages nearest the query by meaning join the candidates (not for quoted text)
        if meant is not None and not plan.phrases and self.model.weights.get("dense") and dense.candidates():
            lifted = set(meant.top(dense.candidates(), dense.FLOOR))
            if lifted:
                nearest, _late = search_within(s, either([Q.Term("pid", p) for p in sorted(lifted)]),
                                               side_deadline(self.query_seconds), limit=len(lifted), filter=fq, mask=mask)
        deadline = Deadline(self.query_seconds)  # for collecting: the planning before it is bounded by the query's limits
        while True:
            try:
                results, cut = search_within(s, q, deadline, limit=depth, filter=fq, mask=mask, sortedby=sortedby)
            except DAMAGE_ERRORS as exc:  # a part of the index cannot be read
                raise self.store.damaged(exc) from exc
            except Exception as exc:  # a query Whoosh cannot run is a bug in planning: say so clearly
                raise QueryError(f"这个查询无法执行（{exc.__class__.__name__}: {exc}）",
                                 fix="把查询写简单一些；也请把这个查询报告给 kb 的维护者") from exc
            pool = results.scored_length() + (side_only(results, side) if side is not None else 0)
            if not cut and pool < RERANK_DEPTH and (widen or fallback is not None):
                # the words found too little: add the very common words, then the bigram fallback
                extra: list[Q.Query] = widen or [fallback]
                q = either([q, *extra])
                widen, fallback = [], (fallback if extra is widen else None)
                continue
            if side is not None:
                merge_side(results, side, depth)
            added = len(add_unscored(results, nearest))
            hits = self._collect(results, plan, ranked, collapse, depth, offset + limit, near, meant, lifted, added)
            if cut or len(hits) >= offset + limit or results.scored_length() < depth or depth >= 5000 \
                    or deadline.passed():
                break
            depth *= 4  # near-duplicates or exact checks used up the candidates: look further
        total = kbfacets.estimated_total(results, len(hits), depth, bool(plan.phrases), s.doc_count())
        counts: dict[str, list[tuple[str, int]]] = {}
        if cut:  # the deadline stopped the collection: say so, and count no facets over every match
            notes = " ".join(x for x in (notes, PARTIAL_NOTICE) if x)
        elif facets:
            matching = plan.matching() if pq.has_text else None
            table = self._facets.table(s)
            # quoted text whose every match was collected (and checked on the stored text), no filter: count
            # those hits, not the phrase queries again over the whole index (seconds at 100k passages)
            found = (table.ids_of("pid", [p for h in hits for p in (h.passage_id, *(a["passage_id"] for a in h.also_in))])
                     if plan.phrases and not pq.filters and results.scored_length() < depth else None)
            n, counts = kbfacets.count_filtered(table, matching, self.facet_filters(pq.filters), restrict=mask,
                                                base=found)
            if not plan.phrases:  # quoted text is checked on the stored text: its total is exact already
                total = max(n, len(hits))
        return SearchResult(query=query, hits=hits[offset:offset + limit], total=total,
                            also_searched=plan.also, facets=counts,
                            did_you_mean=self.did_you_mean(plan) if plan.missing or (not hits and not cut) else None,
                            message=notes, elapsed_ms=(time.perf_counter() - started) * 1000, truncated=cut)

    def facet_counts(self, **filters: str) -> dict[str, list[tuple[str, int]]]:
        """Passages per doc_id, year, kind and topic over the whole index, or over the passages of
        ``filters`` (kind=, topic=, doc=, year=; each facet counted with the other filters): one
        unscored pass over bit sets, whatever the number of values (the browse page's topic counts)."""
        given = {k: [v] for k, v in filters.items() if v}
        _n, counts = kbfacets.count_filtered(self._facets.table(self.searcher()), None, self.facet_filters(given),
                                             restrict=Q.Term("rec", REC_DOC))
        return counts

    def _collect(self, results: Any, plan: Plan, ranked: bool, collapse: bool, depth: int | None = None,
                 show: int | None = None, near: vectors.Nearness | None = None,
                 meant: vectors.Nearness | None = None, lifted: AbstractSet[str] = frozenset(),
                 added: int = 0) -> list[Hit]:
        """The hits in rank order; only the first ``show`` get a highlighted snippet (the rest are counted).
        ``lifted``: the passages nearest by meaning, re-ranked with the rest whatever their score on the
        words (``added`` of them were appended to the results unscored)."""
        needles = [n for n in (compact(p) for p in plan.phrases) if n]
        rows: list[tuple[float, dict[str, Any], str]] = []
        top, keyed = 0.0, False
        # with facets Whoosh scores every match (the counts need them all): look at the same top
        # ``depth`` as a search without facets, not at thousands of hits that are never shown
        for r in (results if depth is None else islice(results, depth + added)):
            fields = r.fields()
            body = compact(fields["text"])
            if needles and not all(n in body for n in needles) and not in_lead(needles, fields):
                continue
            keyed = keyed or not isinstance(r.score, (int, float))
            score = float(r.score) if isinstance(r.score, (int, float)) else 0.0  # sorted: a sort key
            top = max(top, score)
            rows.append((score, fields, body))
        if not keyed:  # equal scores by passage id: the same order whatever segment a passage is in
            rows.sort(key=lambda t: (-t[0], t[1]["pid"]))
        if ranked and lifted:
            rows = lift_into(rows, set(lifted), RERANK_DEPTH * 2)
        scored: list[tuple[float, dict[str, Any], str]] = []
        if self.capture is not None:  # a deeper retry re-ranks again: keep only its candidates
            self.capture.clear()
        w_bm25 = self.model.weights.get("bm25", 0.0)
        for i, (score, fields, body) in enumerate(rows):
            common = ""
            if ranked and i >= RERANK_DEPTH * 2:  # too far down to be re-ranked: keep the order
                score = w_bm25 * score / top if top else 0.0
            elif ranked:
                path = [compact(h) for h in (fields.get("data") or {}).get("heading_path", [])]
                values, common = rank.features(body, path, compact(fields.get("title", "")), plan.weights,
                                               plan.plain, plan.alts, plan.related, score / top if top else 0.0,
                                               plan.intent, plan.occasion, rank.ordinal_of(fields), plan.assoc,
                                               near.of(fields["pid"]) if near is not None else 0.0,
                                               dense.closeness(meant.of(fields["pid"])) if meant is not None else 0.0)
                score = self.model.score(values)
                if self.capture is not None:
                    self.capture.append((fields["pid"], fields, values))
            scored.append((score, fields, common))
        if ranked:  # equal scores by passage id: the same order whatever segment a passage is in
            scored.sort(key=lambda t: (-t[0], t[1]["pid"]))
        hits: list[Hit] = []
        seen_fp: dict[str, int] = {}
        for score, fields, common in scored:
            fp = fields.get("fp", "")
            if collapse and fp and fp in seen_fp:
                first = hits[seen_fp[fp]]
                also = first.also_in + ({"passage_id": fields["pid"], "doc_id": fields["doc_id"],
                                         "title": fields.get("title", ""), "source": fields.get("source", "")},)
                hits[seen_fp[fp]] = replace(first, also_in=also)
                continue
            if fp:
                seen_fp[fp] = len(hits)
            full = show is None or len(hits) < show
            hits.append(highlight.hit_of(fields, score, plan.terms if full else [], plan.phrases if full else [],
                                  common, full=full))
        return hits

    def nearness(self, plan: Plan) -> vectors.Nearness | None:
        """The query's cosine with every passage vector of this index (None without them)."""
        if not self.semantic or not plan.weights:
            return None
        return self._vectors.nearness(self.store.current_dir(), self.version_key(), plan.weights, plan.alts)

    def meaning(self, text: str) -> vectors.Nearness | None:
        """The query's sentence embedding against every passage's (None without them)."""
        if not self.semantic or not text.strip() or not self.model.weights.get("dense") and self.capture is None:
            return None
        return self._dense.nearness(self.store.current_dir(), self.version_key(), text)

    def expander(self) -> Any:
        """The query expander over this index's words (None without the semantic resources)."""
        if not self.semantic:
            return None
        key = self.version_key()
        if self._expander is None or self._expander[0] != key:
            from kb.search import semantic

            words = (w for w in self.searcher().reader().field_terms("text") if isinstance(w, str))
            self._expander = (key, semantic.index_expander(words, cooccur.load(self.store.current_dir())))
        return self._expander[1]

    # --- did you mean, related passages --------------------------------------------------------
    def lexicon(self) -> dict[str, list[str]]:
        """The word field's words of 2..8 CJK characters under masked keys (cached per index version)."""
        s = self.searcher()
        key = self.version_key()
        if self._lexicon is None or self._lexicon[0] != key:
            self._lexicon = (key, suggest.build_masks(s.reader().field_terms("text")))
        return self._lexicon[1]

    def did_you_mean(self, plan: Plan) -> str | None:
        """A corrected query (one character changed in a word the index lacks) that finds something."""
        s = self.searcher()
        raw = plan.raw_plain or ""
        if not raw:
            return None
        reader: IndexReader = s.reader()
        return suggest.correct(raw, self.lexicon(), lambda w: reader.doc_frequency("text", w),
                               lambda w: query_words(w, self.segmenter))

    def related(self, passage_id: str, limit: int = 5) -> list[Hit]:
        """Passages like this one (other documents first), by its most distinctive words."""
        s = self.searcher()
        fields = s.document(pid=passage_id)
        if not fields or fields.get("rec") != REC_PASSAGE:
            return []
        words = [w for w, _p, _s, _e in word_tokens(fields["text"], self.segmenter, index=False)]
        n = max(1, s.doc_count())
        reader: IndexReader = s.reader()
        terms = related.key_terms(words, lambda w: reader.doc_frequency("text", w), n)
        if not terms:
            return []
        q = Q.Or([Q.Term("text", w, boost=wt) for w, wt in terms])
        mask = Q.Or([Q.Term("rec", REC_DOC), Q.Term("pid", passage_id)])
        results = s.search(q, limit=limit * 4 + 10, mask=mask, terms=False)
        keys = [w for w, _wt in terms]
        hits = [(highlight.hit_of(f, float(r.score or 0.0), keys, []), f.get("fp", ""))
                for r in results for f in [r.fields()]]
        return related.order(hits, fields["doc_id"], fields.get("fp", ""), limit)


def _in_snapshot(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(self: Searcher, *args: Any, **kwargs: Any) -> Any:
        with self._read_lock, self.snapshot():
            try:
                return method(self, *args, **kwargs)
            except DAMAGE_ERRORS as exc:  # a truncated or missing index file met while reading
                raise self.store.damaged(exc) from exc
    return wrapper


# Each public read sees one commit of the index from start to end (never two generations mixed),
# and runs alone on this Searcher: Whoosh's readers share file objects (seek, then read), so two
# threads reading at once get each other's bytes ("Error -3 while decompressing data", "read length
# must be non-negative", None stored fields): measured with 3 threads on one Searcher, no writer.
for _name in ("search", "related", "documents", "document", "passage", "passage_texts", "neighbours", "stats",
              "feature_passages", "outlines",
              "lexicon", "did_you_mean", "resolve_docs", "filter_query", "version_key"):
    if hasattr(Searcher, _name):
        setattr(Searcher, _name, _in_snapshot(getattr(Searcher, _name)))
