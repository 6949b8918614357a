"""Plain BM25 over given passages: the baseline every ranking figure is printed beside.

Deliberately plain (CHINESE-SEARCH.md section 8): one field holding the passage's heading and its
text, jieba search mode tokens without stop words (:func:`kb.analysis.search_mode_words`), Whoosh's
BM25F with its default parameters, the query's tokens OR-ed together.  No re-ranking, no synonyms,
no phrases.  Built in memory from the passages kb indexed, so it ranks exactly the same units.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from whoosh import query as Q
from whoosh import scoring
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from kb.analysis import search_mode_analyzer, search_mode_words


class PlainBM25:
    """``PlainBM25([(key, heading, text), ...]).search(query, k)`` -> the keys of the top ``k``."""

    def __init__(self, passages: Iterable[tuple[str, str, str]], analyzer: Any = None,
                 query_words: Callable[[str], list[str]] = search_mode_words) -> None:
        """``analyzer`` and ``query_words`` default to jieba search mode without stop words."""
        self._words = query_words
        self._ix = RamStorage().create_index(Schema(key=ID(stored=True),
                                                    text=TEXT(analyzer=analyzer or search_mode_analyzer())))
        with self._ix.writer() as w:
            for key, heading, text in passages:
                w.add_document(key=key, text=f"{heading}\n{text}" if heading else text)
        self._s = self._ix.searcher(weighting=scoring.BM25F())

    def search(self, query: str, k: int = 10) -> list[str]:
        words = list(dict.fromkeys(self._words(query)))
        if not words:
            return []
        return [h["key"] for h in self._s.search(Q.Or([Q.Term("text", w) for w in words]), limit=k)]

    def close(self) -> None:
        self._s.close()
