"""The search layer behind a small interface, so that a larger engine could replace Whoosh later.

:class:`SearchBackend` is everything the rest of kb needs from an index: write built documents,
delete documents, search with filters and facets, highlight a text.  Extraction, cleaning,
segmentation and classification (``kb.ingest.pipeline.build_document``) produce :class:`~kb.models.Document`
values that know nothing of the engine; the command line and the site consume
:class:`~kb.models.SearchResult` and :class:`~kb.models.Hit`.

Honestly stated: :class:`WhooshBackend` is the **only** implementation.  It adds no behaviour: it
delegates writes to the pipeline's one write function (``kb.index.writer.write_changes``, one commit per
call, under the index's write lock) and searches to :class:`kb.search.searcher.Searcher`.  A distributed
engine (Elasticsearch/OpenSearch with an IK or jieba analyzer, Meilisearch, Tantivy with a jieba
tokenizer) would implement the same four methods; what it must keep is kb's analysis contract
(``kb.analysis``: the same segmenter, user dictionary and bigrams for documents and queries, recorded
in the index's versions) and the query language of ``kb.search.query``.  Until that second implementation
exists, the pipeline, CLI and site call the Whoosh code directly, and this interface is the seam
where the swap would happen, not a plug-in system.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from kb.models import Document, SearchResult
from kb.search import highlight as _highlight

if TYPE_CHECKING:
    from kb.search.searcher import Searcher


@runtime_checkable
class SearchBackend(Protocol):
    """What kb needs from a search engine."""

    def index_documents(self, docs: Sequence[Document]) -> None:
        """Add or replace ``docs`` (by doc_id) with all their passages, atomically."""

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        """Remove documents and their passages, atomically."""

    def search(self, query: str, limit: int = 10, offset: int = 0, *, filters: dict[str, str] | None = None,
               facets: bool = False) -> SearchResult:
        """Ranked passages for ``query`` in kb's query language; ``filters`` are kind, topic, doc and
        year (exact or a range such as 2005-2008); ``facets`` adds counts by doc_id, year, kind, topic."""

    def highlight(self, text: str, terms: list[str], phrases: list[str]) -> str:
        """An HTML fragment of ``text`` around the matches, matches in ``<mark>``, text escaped."""


class WhooshBackend:
    """kb's Whoosh index (``kb.index.store``, ``kb.index.writer``, ``kb.search.searcher``) behind :class:`SearchBackend`."""

    def __init__(self, index_dir: Path | str, segmenter: str = "jieba", lock_wait: float = 10.0) -> None:
        from kb.index.store import IndexStore

        self.store = IndexStore(Path(index_dir))
        self.segmenter = segmenter
        self.lock_wait = lock_wait
        self._searcher: Searcher | None = None

    def _write(self, docs: Sequence[Document] = (), remove: Iterable[str] = ()) -> None:
        from kb.dedup import NearDuplicates
        from kb.index.writer import Changes, indexed_documents, write_changes

        with self.store.write_lock(self.lock_wait):
            self.store.ensure(self.segmenter)
            indexed = indexed_documents(self.store)
            records = {str(f["doc_id"]): f for f in indexed.values()}
            near = NearDuplicates.from_records(indexed.values())
            ids = [d for d in remove if d in records]
            for d in ids:
                near.remove(d)
            for doc in docs:
                near.add(doc.doc_id, doc.minhash, doc.source, doc.meta.title)
            write_changes(self.store, Changes(docs=list(docs), remove_ids=ids), near, records,
                          {"timeout": self.lock_wait})

    def index_documents(self, docs: Sequence[Document]) -> None:
        self._write(docs=docs)

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        self._write(remove=list(doc_ids))

    def _open(self) -> Searcher:
        from kb.search.searcher import Searcher

        if self._searcher is None:
            self._searcher = Searcher(self.store.root)
        return self._searcher

    def search(self, query: str, limit: int = 10, offset: int = 0, *, filters: dict[str, str] | None = None,
               facets: bool = False) -> SearchResult:
        f = filters or {}
        unknown = set(f) - {"kind", "topic", "doc", "year"}
        if unknown:
            raise ValueError(f"unknown filter(s): {', '.join(sorted(unknown))}; use kind, topic, doc or year")
        return self._open().search(query, limit=limit, offset=offset, facets=facets, kind=f.get("kind"),
                                   topic=f.get("topic"), doc=f.get("doc"), year=f.get("year"))

    def highlight(self, text: str, terms: list[str], phrases: list[str]) -> str:
        return _highlight.snippet(text, terms, phrases)

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
