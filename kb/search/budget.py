"""The time budget of one query: collection stops at the deadline and the hits found so far are kept.

The planner bounds how big a query can get (:mod:`kb.search.query` caps its length and its OR
alternatives, phrases, exclusions and filters; :mod:`kb.search.plan` caps the words and clauses
each part becomes).  What is left to bound is a query that is small but still slow on a big index
(thousands of common words' postings): :func:`search_within` runs Whoosh's collection under a
:class:`Deadline`, and when the deadline passes it returns the hits collected so far, marked
partial, so the Searcher says so (:data:`PARTIAL_NOTICE`) instead of keeping the site busy.
"""

from __future__ import annotations

import time
from typing import Any

from whoosh import collectors
from whoosh import query as Q
from whoosh.matching import binary
from whoosh.searching import Results
from whoosh.searching import Searcher as WSearcher

#: seconds one search may spend collecting matches (the rest of a search, re-ranking the
#: candidates' text and highlighting, is bounded by the number of candidates)
QUERY_SECONDS = 1.0
#: seconds the side search of the meaning-based expansions may spend collecting, before the words' own
#: search and apart from its deadline (cut short, it only brings fewer candidates)
SIDE_SECONDS = 0.25
#: the collector looks at the clock once per this many matches
CHECK_EVERY = 64
PARTIAL_NOTICE = "这个查询太复杂，在时限内只查找了一部分段落，结果可能不全；请缩短查询或减少条件后再试。"


class Deadline:
    """A point in time (``time.monotonic``) that a search must not pass."""

    def __init__(self, seconds: float = QUERY_SECONDS) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        return self.at - time.monotonic()

    def passed(self) -> bool:
        return self.left() <= 0


class DeadlineCollector(collectors.WrappingCollector):
    """Stops collecting (``collectors.TimeLimit``) once the deadline has passed; the wrapped
    collector keeps what it collected.  No timer thread and no signal: the clock is read every
    ``CHECK_EVERY`` matches (a thread alive when an ingest starts its workers would change their
    start method; a signal would replace the per-file build alarm's)."""

    def __init__(self, child: collectors.Collector, deadline: Deadline) -> None:
        self.child = child
        self.deadline = deadline
        self.timed_out = False

    def collect_matches(self) -> None:
        child = self.child
        n = 0
        for sub_docnum in child.matches():
            child.collect(sub_docnum)
            n += 1
            if n % CHECK_EVERY == 0 and self.deadline.passed():
                self.timed_out = True
                raise collectors.TimeLimit

    def set_subsearcher(self, subsearcher: WSearcher, offset: int) -> None:
        if self.deadline.passed():  # the segments not reached stay unsearched
            self.timed_out = True
            raise collectors.TimeLimit
        super().set_subsearcher(subsearcher, offset)

    def results(self) -> Results:
        return self.child.results()


# --- a fix to Whoosh's exclusion matcher -----------------------------------------------------------------
_and_not_find_next = binary.AndNotMatcher._find_next


def _find_next_while_active(self: binary.AndNotMatcher) -> bool | None:
    """Whoosh's ``AndNotMatcher._find_next`` reads the id of its positive matcher even when a
    ``skip_to`` or ``skip_to_quality`` has just exhausted it: an ``IndexError`` deep in the postings
    (at 100k passages, 3 of 5 queries of three words and eight ``-word`` exclusions of common words
    failed so, as "这个查询无法执行").  An exhausted positive side has nothing left to exclude."""
    if not self.a.is_active():
        return False
    return _and_not_find_next(self)


binary.AndNotMatcher._find_next = _find_next_while_active  # type: ignore[method-assign]


def side_deadline(query_seconds: float = QUERY_SECONDS) -> Deadline:
    """The deadline of a side search: :data:`SIDE_SECONDS`, scaled as the query's own deadline is."""
    return Deadline(SIDE_SECONDS * query_seconds / QUERY_SECONDS)


def search_within(s: WSearcher, q: Q.Query, deadline: Deadline, **kwargs: Any) -> tuple[Results, bool]:
    """``s.search(q, **kwargs)`` under ``deadline``: (results, True when the deadline cut it short)."""
    collector = DeadlineCollector(s.collector(**kwargs), deadline)
    try:
        s.search_with_collector(q, collector)
    except collectors.TimeLimit:
        collector.timed_out = True
    return collector.results(), collector.timed_out


def merge_side(results: Results, side: Results | None, depth: int) -> None:
    """Add the top passages of a side search (the meaning-based expansions, :mod:`kb.search.plan`) to
    ``results``' ranked list, in place: a passage found by both scores the sum of its two scores (what
    one union of the two queries would give it), and the best ``depth`` stay in score order."""
    if side is None or not side.top_n:
        return
    scores = {docnum: score for score, docnum in results.top_n}
    for score, docnum in side.top_n:
        scores[docnum] = scores.get(docnum, 0.0) + score
    results.top_n = sorted(((sc, d) for d, sc in scores.items()), key=lambda t: (-t[0], t[1]))[:depth]


def add_unscored(results: Results, side: Results | None) -> list[int]:
    """Append the passages of ``side`` that ``results`` lacks to its ranked list with a score of 0, in
    place (the sentence embeddings' nearest passages, :mod:`kb.search.dense`: found by meaning, not by
    the query's words); returns their document numbers."""
    if side is None or not side.top_n:
        return []
    have = {docnum for _score, docnum in results.top_n}
    added = [docnum for _score, docnum in side.top_n if docnum not in have]
    results.top_n = [*results.top_n, *((0.0, d) for d in added)]
    return added


def side_only(results: Results, side: Results) -> int:
    """How many of a side search's passages ``results`` does not have (what :func:`merge_side` adds)."""
    have = {docnum for _score, docnum in results.top_n}
    return sum(1 for _score, docnum in side.top_n if docnum not in have)


def rarest_within(costs: list[tuple[int, str, Q.Query]], postings: int) -> list[Q.Query]:
    """The clauses of ``costs`` (document frequency, word, clause), rarest first (then by word), while
    their document frequencies add up to at most ``postings``: what a side search may afford."""
    out: list[Q.Query] = []
    total = 0
    for df, _word, clause in sorted(costs, key=lambda t: (t[0], t[1])):
        total += df
        if total > postings:
            break
        out.append(clause)
    return out
