"""Search over the index: query routing, ranking, filters, facets, highlighting, documents.

One :class:`Searcher` serves the command line and the site.  Routing (see CHINESE-SEARCH.md):
plain text ranks on the word field (BM25F over text, heading and title) with the bigram field as a
lower-weight fallback and an exact-sequence bonus; quoted text is a phrase on the bigram field and
must appear exactly; filters restrict without scoring.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import query as Q
from whoosh import scoring, sorting
from whoosh.index import Index
from whoosh.searching import Searcher as WSearcher

from kb import highlight
from kb.analysis import bigrams, data_file, query_words
from kb.errors import QueryError
from kb.index import IndexStore
from kb.models import Hit, SearchResult
from kb.normalize import compact, fold
from kb.query import Clause, ParsedQuery, parse
from kb.schema import REC_DOC, REC_PASSAGE

# field weights (tuned with `kb eval`)
W_TEXT = 1.0
W_HEADING = 0.6
W_TITLE = 0.3
W_BIGRAM_PHRASE = 3.0
W_BIGRAM_TERMS = 0.15
W_SYNONYM = 0.6
MAX_WORDS = 48
MAX_BIGRAMS = 64

_CHUNK_SPLIT = re.compile(r"[\s，。、；：？！,.;:?!“”‘’\"'（）()《》【】\[\]—…·]+")


def load_synonyms(path: Path | None = None) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    p = path or data_file("synonyms.txt")
    for raw in p.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words = [fold(w.strip()) for w in re.split(r"[=,，、]", line) if w.strip()]
        for w in words:
            groups.setdefault(w, [])
            groups[w].extend(x for x in words if x != w and x not in groups[w])
    return groups


@dataclass
class _Plan:
    query: Q.Query
    terms: list[str]
    phrases: list[str]
    also: list[str]
    fallback: list[str]
    message: str | None = None


class Searcher:
    """Opens the index once; re-opens when another process commits to it."""

    def __init__(self, index_dir: Path | str) -> None:
        self.store = IndexStore(Path(index_dir))
        self._lock = threading.Lock()
        self._ix: Index | None = None
        self._searcher: WSearcher | None = None
        self._gen_dir: Path | None = None
        self.synonyms = load_synonyms()
        self._open()

    # --- lifecycle ---------------------------------------------------------------------------
    def _open(self) -> None:
        self._ix = self.store.open(check=True)
        self._gen_dir = self.store.current_dir()
        self.segmenter = self.store.segmenter()
        self._searcher = self._ix.searcher(weighting=scoring.BM25F(B=0.75, K1=1.2))

    def searcher(self) -> WSearcher:
        """The Whoosh searcher, refreshed when the index changed since it was opened."""
        with self._lock:
            assert self._searcher is not None
            if self.store.current_dir() != self._gen_dir:
                self._searcher.close()
                self._open()
            elif not self._searcher.up_to_date():
                self._searcher = self._searcher.refresh()
            return self._searcher

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()

    def version_key(self) -> str:
        """Changes whenever the index changes (for caches)."""
        s = self.searcher()
        return f"{self._gen_dir}:{s.reader().generation() if hasattr(s.reader(), 'generation') else ''}"

    # --- planning ----------------------------------------------------------------------------
    def _word_clause(self, word: str, boost: float = 1.0) -> Q.Query:
        return Q.Or([Q.Term("text", word, boost=W_TEXT * boost), Q.Term("heading", word, boost=W_HEADING * boost),
                     Q.Term("title", word, boost=W_TITLE * boost)])

    def _exact(self, text: str, boost: float = 1.0) -> Q.Query | None:
        grams = bigrams(text)
        if not grams:
            return None
        if len(grams) == 1:
            g = grams[0]
            if len(g) == 1:  # one character: any bigram that starts or ends with it
                return Q.Or([Q.Prefix("bi", g), Q.Wildcard("bi", "?" + g)], boost=boost)
            return Q.Term("bi", g, boost=boost)
        return Q.Phrase("bi", grams, boost=boost)

    def _text_clause(self, clause: Clause) -> Q.Query | None:
        if clause.exact:
            return self._exact(clause.text)
        words = query_words(clause.text, self.segmenter)
        if not words:
            return self._exact(clause.text)
        return Q.Or([self._word_clause(w) for w in words] + [q for q in [self._exact(clause.text, W_BIGRAM_PHRASE)]
                                                             if q is not None])

    def plan(self, pq: ParsedQuery) -> _Plan:
        terms: list[str] = []
        grams: list[str] = []
        phrases: list[str] = list(pq.phrases)
        also: list[str] = []
        required: list[Q.Query] = []
        optional: list[Q.Query] = []
        text = " ".join(pq.plain)
        if text:
            words = query_words(text, self.segmenter)[:MAX_WORDS]
            terms.extend(words)
            for w in words:
                optional.append(self._word_clause(w))
                for syn in self.synonyms.get(w, []):
                    if syn not in words:
                        also.append(syn)
                        terms.append(syn)
                        optional.append(self._word_clause(syn, W_SYNONYM))
            chunks = [c for c in _CHUNK_SPLIT.split(text) if len(c) >= 2]
            for c in chunks[:8]:
                ex = self._exact(c, W_BIGRAM_PHRASE)
                if ex is not None and len(c) >= 2:
                    optional.append(ex)
            whole = "".join(text.split())
            if len(chunks) > 1 and len(whole) <= 200:
                ex = self._exact(whole, W_BIGRAM_PHRASE * 2)
                if ex is not None:
                    optional.append(ex)
            # the fallback for half-remembered text: the bigrams, at a low weight
            grams = list(OrderedDict.fromkeys(g for c in chunks for g in bigrams(c)))[:MAX_BIGRAMS]
            if len(grams) >= 2:
                optional.append(Q.Or([Q.Term("bi", g) for g in grams], boost=W_BIGRAM_TERMS))
            if not words and not chunks:
                ex = self._exact(text)
                if ex is not None:
                    optional.append(ex)
                terms.append(text)
        for p in pq.phrases:
            ex = self._exact(p)
            if ex is not None:
                required.append(ex)
        for group in pq.any_of:
            alts = [q for q in (self._text_clause(c) for c in group) if q is not None]
            if alts:
                required.append(Q.Or(alts))
            for c in group:
                if c.exact:
                    phrases.append(c.text)
                else:
                    terms.extend(query_words(c.text, self.segmenter) or [c.text])
        if required and optional:
            q: Q.Query = Q.AndMaybe(Q.And(required) if len(required) > 1 else required[0], Q.Or(optional))
        elif required:
            q = Q.And(required) if len(required) > 1 else required[0]
        elif optional:
            q = Q.Or(optional)
        else:
            q = Q.NullQuery
        excl = [x for x in (self._exact(c.text) for c in pq.excludes) if x is not None]
        if excl and q is not Q.NullQuery:
            q = Q.AndNot(q, Q.Or(excl))
        return _Plan(q, terms, phrases, also, grams)

    def filter_query(self, filters: dict[str, list[str]]) -> Q.Query | None:
        parts: list[Q.Query] = []
        for name, values in filters.items():
            alts: list[Q.Query] = []
            for v in values:
                if name in ("kind", "topic"):
                    alts.append(Q.Term(name, v))
                elif name == "year":
                    m = re.match(r"^(\d{4})\s*[-~至到]\s*(\d{4})$", v)
                    if m:
                        a, b = sorted((int(m.group(1)), int(m.group(2))))
                        alts.extend(Q.Term("year", str(y)) for y in range(a, b + 1))
                    else:
                        alts.append(Q.Term("year", v[:4]))
                elif name == "doc":
                    alts.extend(Q.Term("doc_id", d) for d in self.resolve_docs(v))
                elif name == "genre":
                    alts.append(Q.Term("genre", v))
                elif name == "source":
                    alts.extend(Q.Term("doc_id", d["doc_id"]) for d in self.documents()
                                if v in d["source"])
                elif name in ("title", "heading"):
                    words = query_words(v, self.segmenter)
                    if words:
                        alts.append(Q.And([Q.Term(name, w) for w in words]))
            parts.append(Q.Or(alts) if alts else Q.NullQuery)
        if not parts:
            return None
        return Q.And(parts) if len(parts) > 1 else parts[0]

    def resolve_docs(self, value: str) -> list[str]:
        """doc: accepts a doc id, or text found in titles or file names."""
        docs = self.documents()
        ids = [d["doc_id"] for d in docs if d["doc_id"] == value]
        if ids:
            return ids
        v = compact(value)
        return [d["doc_id"] for d in docs if v in compact(d["title"]) or v in compact(d["source"])]

    # --- searching ---------------------------------------------------------------------------
    def search(self, query: str, limit: int = 10, offset: int = 0, kind: str | None = None,
               topic: str | None = None, doc: str | None = None, year: str | None = None,
               facets: bool = False, collapse: bool = True) -> SearchResult:
        started = time.perf_counter()
        pq = parse(query)
        for name, value in (("kind", kind), ("topic", topic), ("doc", doc), ("year", year)):
            if value:
                pq.filters.setdefault(name, []).append(value)
        if pq.is_empty:
            msg = "请输入要查找的词语或句子。" if not pq.excludes else "只有排除条件（-词语）时无法查找，请再加上要查找的内容。"
            return SearchResult(query=query, hits=[], total=0, message=msg)
        plan = self.plan(pq)
        fq = self.filter_query(pq.filters)
        s = self.searcher()
        mask = Q.Term("rec", REC_DOC)
        if not pq.has_text:
            if fq is None:
                return SearchResult(query=query, hits=[], total=0, message="请输入要查找的内容。")
            q = fq
            fq = None
            sortedby: Any = [sorting.FieldFacet("doc_id"), sorting.FieldFacet("ordinal")]
        else:
            q = plan.query
            sortedby = None
            if q is Q.NullQuery:
                return SearchResult(query=query, hits=[], total=0,
                                    message="查询里没有可以查找的文字（只有标点或停用词），请换个说法。")
        want = (offset + limit) * 3 + 10
        groupedby = self._facets() if facets else None
        try:
            results = s.search(q, limit=want, filter=fq, mask=mask, sortedby=sortedby, groupedby=groupedby,
                               terms=False)
        except Exception as exc:  # a query Whoosh cannot run is a bug in planning: say so clearly
            raise QueryError(f"the query could not be run ({exc.__class__.__name__}: {exc})",
                             fix="simplify the query; please report it") from exc
        hits: list[Hit] = []
        seen_fp: dict[str, int] = {}
        exact_needles = [compact(p) for p in plan.phrases]
        for r in results:
            fields = r.fields()
            if exact_needles:
                body = compact(fields["text"])
                if not all(n in body for n in exact_needles if n):
                    continue
            fp = fields.get("fp", "")
            if collapse and fp and fp in seen_fp:
                first = hits[seen_fp[fp]]
                also = first.also_in + ({"passage_id": fields["pid"], "doc_id": fields["doc_id"],
                                         "title": fields.get("title", ""), "source": fields.get("source", "")},)
                hits[seen_fp[fp]] = _replace(first, also_in=also)
                continue
            if fp:
                seen_fp[fp] = len(hits)
            hits.append(self._hit(fields, r.score or 0.0, plan))
        total = len(results) if not exact_needles else len(hits)
        facet_counts = self._facet_counts(results) if facets else {}
        return SearchResult(query=query, hits=hits[offset:offset + limit], total=max(total, len(hits)),
                            also_searched=plan.also, facets=facet_counts,
                            message=" ".join(pq.notes) or None,
                            elapsed_ms=(time.perf_counter() - started) * 1000)

    def _hit(self, fields: dict[str, Any], score: float, plan: _Plan) -> Hit:
        data = fields.get("data") or {}
        text = fields["text"]
        terms = plan.terms
        folded = fold(text)
        if not any(fold(t) in folded for t in terms) and not plan.phrases:
            # matched through the bigram fallback: mark the query's character pairs that occur
            terms = [g for g in plan.fallback if g in folded]
        return Hit(
            passage_id=fields["pid"], doc_id=fields["doc_id"], title=fields.get("title", ""),
            heading=fields.get("heading", ""), text=text,
            snippet=highlight.snippet(text, terms, plan.phrases), score=round(float(score), 4),
            source=fields.get("source", ""), ordinal=int(fields.get("ordinal", 0)),
            heading_path=tuple(data.get("heading_path", [])), date=fields.get("date", ""),
            year=int(fields["year"]) if str(fields.get("year", "")).isdigit() else None,
            kinds=tuple(k for k in fields.get("kind", "").split(",") if k),
            topics=tuple(t for t in fields.get("topic", "").split(",") if t),
            matched=tuple(t for t in plan.terms if fold(t) in fold(text)) + tuple(plan.phrases),
        )

    def _facets(self) -> sorting.Facets:
        f = sorting.Facets()
        f.add_field("doc_id")
        f.add_field("year")
        f.add_facet("kind", sorting.FieldFacet("kind", allow_overlap=True))
        f.add_facet("topic", sorting.FieldFacet("topic", allow_overlap=True))
        return f

    def _facet_counts(self, results: Any) -> dict[str, list[tuple[str, int]]]:
        out: dict[str, list[tuple[str, int]]] = {}
        for name in ("doc_id", "year", "kind", "topic"):
            try:
                groups = results.groups(name)
            except (KeyError, ValueError):
                continue
            counts = [(str(k), len(v) if not isinstance(v, int) else v) for k, v in groups.items()
                      if k not in (None, "", b"")]
            counts.sort(key=lambda kv: (-kv[1], kv[0]))
            out[name] = counts
        return out

    # --- documents ---------------------------------------------------------------------------
    def documents(self) -> list[dict[str, Any]]:
        s = self.searcher()
        out = []
        for fields in s.documents(rec=REC_DOC):
            data = fields.get("data") or {}
            meta = data.get("meta", {})
            out.append({"doc_id": fields["doc_id"], "title": fields.get("title", ""), "source": fields.get("source", ""),
                        "date": fields.get("date", ""), "year": fields.get("year", ""), "genre": fields.get("genre", ""),
                        "passages": data.get("passages", 0), "format": data.get("format", ""),
                        "subtitle": meta.get("subtitle", ""), "author": meta.get("author", ""),
                        "occasion": meta.get("occasion", ""), "origin": meta.get("origin", ""),
                        "language": meta.get("language", ""), "warnings": data.get("warnings", []),
                        "size": data.get("size", 0), "ingested": data.get("ingested", ""), "sha256": fields.get("sha", "")})
        out.sort(key=lambda d: (d["title"], d["source"]))
        return out

    def document(self, doc_id: str) -> dict[str, Any] | None:
        s = self.searcher()
        rec = s.document(pid=f"doc:{doc_id}")
        if rec is None:
            return None
        data = rec.get("data") or {}
        passages = sorted((dict(p) for p in s.documents(doc_id=doc_id) if p.get("rec") == REC_PASSAGE),
                          key=lambda p: p["ordinal"])
        info = next(d for d in self.documents() if d["doc_id"] == doc_id)
        return info | {"meta": data.get("meta", {}),
                       "outline": [{"text": t, "level": lvl, "ordinal": o} for t, lvl, o in data.get("outline", [])],
                       "passages": [self.passage_dict(p) for p in passages]}

    def passage_dict(self, fields: dict[str, Any]) -> dict[str, Any]:
        data = fields.get("data") or {}
        return {"passage_id": fields["pid"], "doc_id": fields["doc_id"], "ordinal": fields["ordinal"],
                "text": fields["text"], "heading": fields.get("heading", ""),
                "heading_path": data.get("heading_path", []), "title": fields.get("title", ""),
                "source": fields.get("source", ""), "date": fields.get("date", ""),
                "kinds": [k for k in fields.get("kind", "").split(",") if k],
                "kind_reasons": data.get("kind_reasons", []),
                "topics": data.get("topics", []), "features": data.get("features", {})}

    def passage(self, passage_id: str) -> dict[str, Any] | None:
        fields = self.searcher().document(pid=passage_id)
        return self.passage_dict(fields) if fields and fields.get("rec") == REC_PASSAGE else None

    def neighbours(self, passage_id: str, before: int = 1, after: int = 1) -> list[dict[str, Any]]:
        p = self.passage(passage_id)
        if p is None:
            return []
        s = self.searcher()
        out = []
        for o in range(p["ordinal"] - before, p["ordinal"] + after + 1):
            f = s.document(pid=f"{p['doc_id']}-{o:04d}")
            if f:
                out.append(self.passage_dict(f))
        return out

    def stats(self) -> dict[str, Any]:
        s = self.searcher()
        docs = s.doc_count()
        ndocs = len(list(s.document_numbers(rec=REC_DOC)))
        d = self.store.current_dir()
        size = sum(f.stat().st_size for f in d.iterdir() if f.is_file()) if d else 0
        return {"documents": ndocs, "passages": docs - ndocs, "index_bytes": size,
                "index_mb": round(size / 1048576, 2), "index": str(self.store.root),
                "generation": d.name if d else None, "versions": self.store.meta()}


def _replace(hit: Hit, **changes: Any) -> Hit:
    from dataclasses import replace

    return replace(hit, **changes)
