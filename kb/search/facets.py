"""Facet counts (by doc_id, year, kind, topic) and the exact total of a search, part of :mod:`kb.search.searcher`.

Whoosh's ``groupedby`` scores and collects every match of the query, and its ``kind``/``topic``
categorizers (KEYWORD fields without a column) rebuild a per-document list of values for every
segment on every query: 3 s at 100k passages.  Here sets of documents are bit sets (a Python ``int``
with bit ``docnum`` set, 12.5 kB at 100k documents: union, intersection and counting run in C):

- once per reader (per index generation: the cache is keyed by the reader object, which a commit
  replaces), each facet value's documents become a bit set, read from its postings;
- a search turns its query into the bit set of its matching documents **unscored**: each term's
  postings once (an LRU of term bit sets per reader, so the common words of later searches cost
  nothing), then unions, intersections and differences of the query tree; anything else (phrases)
  through ``Query.docs``;
- the counts are ``(matches & value).bit_count()`` per value.

The counts are **exact** (every match, not only the ranked candidates), so their sum over ``doc_id``
is the search's exact total.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from whoosh import query as Q

FIELDS = ("doc_id", "year", "kind", "topic")
#: the facet a search filter restricts (the rest, such as title:, restrict none)
FACET_OF = {"doc": "doc_id", "source": "doc_id", "year": "year", "kind": "kind", "topic": "topic"}
#: term bit sets kept per reader (12.5 kB each at 100k documents)
TERM_CACHE = 512


def bits_of(docnums: Iterable[int], n: int) -> int:
    buf = bytearray((n + 8) // 8)
    for d in docnums:
        buf[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(buf, "little")


class FacetTable:
    """Bit sets of the facet values of one reader, and of the terms searches ask for."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.n = self.reader.doc_count_all()
        self.all = (1 << self.n) - 1
        self._terms: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._lock = threading.Lock()
        self.values: dict[str, list[tuple[str, int]]] = {}
        for name in FIELDS:
            vals = []
            if name in self.reader.schema:
                for value in self.reader.field_terms(name):
                    if value:
                        vals.append((str(value), self.term(name, value, cache=False)))
            self.values[name] = vals

    def term(self, field: str, text: Any, cache: bool = True) -> int:
        key = (field, str(text))
        with self._lock:
            hit = self._terms.get(key)
            if hit is not None:
                self._terms.move_to_end(key)
                return hit
        if field not in self.reader.schema or (field, text) not in self.reader:
            bits = 0
        else:
            bits = bits_of(self.reader.postings(field, text).all_ids(), self.n)
        if cache:
            with self._lock:
                self._terms[key] = bits
                while len(self._terms) > TERM_CACHE:
                    self._terms.popitem(last=False)
        return bits

    def ids_of(self, field: str, values: Any) -> int:
        """The documents whose ``field`` (a unique id, such as ``pid``) is one of ``values``, as a bit set."""
        ids: list[int] = []
        for v in values:
            if (field, v) in self.reader:
                ids.extend(self.reader.postings(field, v).all_ids())
        return bits_of(ids, self.n)

    def matches(self, q: Any) -> int:
        """The documents matching ``q`` as a bit set."""
        if isinstance(q, Q.Term):
            return self.term(q.fieldname, q.text)
        if isinstance(q, Q.Or):  # DefaultOr too
            out = 0
            for sub in q.subqueries:
                out |= self.matches(sub)
            return out
        if isinstance(q, Q.And):
            out = self.all
            for sub in q.subqueries:
                out &= self.matches(sub)
            return out
        if isinstance(q, Q.AndMaybe):
            return self.matches(q.a)
        if isinstance(q, Q.AndNot):
            return self.matches(q.a) & ~self.matches(q.b)
        if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
            return 0
        return bits_of(self.searcher.docs_for_query(q), self.n)

    def count(self, bits: int) -> tuple[int, dict[str, list[tuple[str, int]]]]:
        """(how many documents, facet -> [(value, count)] best first)."""
        return bits.bit_count(), {name: self.count_field(name, bits) for name in self.values}

    def count_field(self, name: str, bits: int) -> list[tuple[str, int]]:
        """[(value, count)] of one facet over the documents ``bits``, best first."""
        counts = [(v, c) for v, b in self.values.get(name, []) if (c := (bits & b).bit_count())]
        counts.sort(key=lambda kv: (-kv[1], kv[0]))
        return counts


class FacetCache:
    """One :class:`FacetTable` for the current reader, rebuilt when the reader changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: Any = None
        self._table: FacetTable | None = None

    def table(self, searcher: Any) -> FacetTable:
        with self._lock:
            if self._table is None or self._key is not searcher.reader():
                self._table = FacetTable(searcher)
                self._key = self._table.reader
            return self._table


def count(table: FacetTable, query: Any, allow: Any = None,
          restrict: Any = None) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """Exact counts of the documents matching ``query``, inside ``allow`` and outside ``restrict``
    (queries, as Whoosh's ``filter`` and ``mask``)."""
    bits = table.matches(query)
    if allow is not None:
        bits &= table.matches(allow)
    if restrict is not None:
        bits &= ~table.matches(restrict)
    return table.count(bits)


def count_filtered(table: FacetTable, query: Any, filters: dict[str, Any],
                   restrict: Any = None, base: int | None = None) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """Counts of a filtered search, each facet counted with the **other** active filters applied:
    with a topic and a kind chosen, the kind list counts the matches of the topic (so that another kind
    can be chosen instead) and the topic list those of the kind.  ``filters`` maps a facet field (or
    any other name, always applied) to its filter query; ``query`` None means every document.  The
    total is that of the query with every filter.  ``base`` (a bit set) gives the query's matches
    when the caller knows them already (every hit of a quoted search, checked on the stored text)."""
    if base is None:
        base = table.all if query is None else table.matches(query)
    if restrict is not None:
        base &= ~table.matches(restrict)
    bits = {name: table.matches(q) for name, q in filters.items() if q is not None}
    everything = base
    for b in bits.values():
        everything &= b
    out: dict[str, list[tuple[str, int]]] = {}
    for name in table.values:
        if name not in bits:
            out[name] = table.count_field(name, everything)
            continue
        others = base
        for other, b in bits.items():
            if other != name:
                others &= b
        out[name] = table.count_field(name, others)
    return everything.bit_count(), out


def estimated_total(results: Any, n_hits: int, depth: int, exact: bool, n_docs: int) -> int:
    """All matches when they were all collected; else Whoosh's estimate (counting every match
    of a broad query is what makes a big index slow)."""
    if exact or results.scored_length() < depth:
        return n_hits if exact else max(n_hits, results.scored_length())
    # Whoosh's has_exact_length() asks the outer (filter/facet) collector, which always says yes,
    # and len(results) then re-runs the whole query when the inner top-N collector skipped blocks
    # (a third of a broad query's time at 10k passages): ask the inner collector instead
    inner = results.collector
    while getattr(inner, "child", None) is not None:
        inner = inner.child
    try:
        if inner is not None and inner.computes_count():
            return max(n_hits, min(inner.count(), n_docs))
    except AttributeError:  # a collector stopped by the deadline before its first segment has no matcher
        pass
    return max(n_hits, min(results.q.estimate_size(results.searcher.reader()), n_docs))
