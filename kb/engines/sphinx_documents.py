"""Documents and passages read back from the engine as kb's typed views (documents, a document
with its outline and passages, a passage and its neighbours), and what the writer's libraries read
(:mod:`kb.toolkit.libraries`: the passages with a toolkit feature, every document's outline); a
mixin of :class:`kb.engines.sphinx_search.EngineSearcher`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kb.engines import sphinxql as sql
from kb.engines.sphinx import DIST_INDEX
from kb.engines.sphinx_facets import MAX_GROUPS
from kb.index.ids import doc_record_key, passage_id_for
from kb.models import DocumentInfo, DocumentView, Heading, PassageView
from kb.search.searcher import Searcher

#: rows read per round trip when every passage is read (feature passages)
PAGE = 5000


class EngineDocuments:
    """Reads for the engine searcher (which provides ``query``)."""

    if TYPE_CHECKING:
        def query(self, statement: str, params: list[Any] | None = None
                  ) -> tuple[list[dict[str, Any]], dict[str, str], list[str]]: ...

    # --- documents and passages ----------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        """Every document, by title then file name (as :meth:`Searcher.documents`)."""
        rows, _m, _lost = self.query(f"SELECT {sql.SELECT} FROM {DIST_INDEX} WHERE rec=1 "
                                     f"LIMIT {MAX_GROUPS} OPTION max_matches={MAX_GROUPS}")
        out = [Searcher._info(sql.fields_of(r)) for r in rows]
        out.sort(key=lambda d: (d.title, d.source))
        return out

    def _passages(self, where: str, limit: int = 100000) -> list[PassageView]:
        rows, _m, _lost = self.query(f"SELECT {sql.SELECT} FROM {DIST_INDEX} WHERE {where} AND rec=0 "
                                     f"ORDER BY ordinal ASC LIMIT {limit} OPTION max_matches={max(limit, 1000)}")
        return [Searcher.passage_view(sql.fields_of(r)) for r in rows]

    def passage(self, passage_id: str) -> PassageView | None:
        found = self._passages(f"pid={sql.literal(passage_id)}", 1)
        return found[0] if found else None

    def document(self, doc_id: str) -> DocumentView | None:
        rows, _m, _lost = self.query(f"SELECT {sql.SELECT} FROM {DIST_INDEX} "
                                     f"WHERE pid={sql.literal(doc_record_key(doc_id))} LIMIT 1")
        if not rows:
            return None
        rec = sql.fields_of(rows[0])
        data = rec["data"]
        return DocumentView(info=Searcher._info(rec), meta=dict(data.get("meta", {})),
                            outline=tuple(Heading(text=t, level=int(lvl), ordinal=int(o))
                                          for t, lvl, o in data.get("outline", [])),
                            passages=tuple(self._passages(f"doc_id={sql.literal(doc_id)}")))

    def neighbours(self, passage_id: str, before: int = 1, after: int = 1) -> list[PassageView]:
        p = self.passage(passage_id)
        if p is None:
            return []
        pids = [passage_id_for(p.doc_id, o) for o in range(p.ordinal - before, p.ordinal + after + 1) if o >= 0]
        return self._passages(f"pid IN ({','.join(sql.literal(x) for x in pids)})", 100)


    def feature_passages(self, feature: str) -> list[PassageView]:
        """The passages whose toolkit features include ``feature`` (formulations, quotes ...), in
        document order (as :meth:`Searcher.feature_passages`).  Sphinx 2.2 cannot filter on a word
        of a string attribute, so the passages' ``feature`` values are read in pages of ``PAGE`` by
        row id, and the matching passages' rows then by passage id."""
        pids: list[str] = []
        last = 0
        while True:
            rows, _m, _lost = self.query(
                f"SELECT id, pid, feature FROM {DIST_INDEX} WHERE rec=0 AND id>{last} ORDER BY id ASC "
                f"LIMIT {PAGE} OPTION max_matches={PAGE}")
            pids += [str(r["pid"]) for r in rows if feature in str(r.get("feature", "")).split(",")]
            if len(rows) < PAGE:
                break
            last = int(rows[-1]["id"])
        views: list[PassageView] = []
        for i in range(0, len(pids), 500):
            batch = ",".join(sql.literal(p) for p in pids[i:i + 500])
            views += self._passages(f"pid IN ({batch})", 500)
        views.sort(key=lambda p: (p.source, p.ordinal))
        return views

    def outlines(self) -> list[tuple[DocumentInfo, tuple[Heading, ...]]]:
        """Every document with its outline (headings in order), as :meth:`Searcher.outlines`."""
        rows, _m, _lost = self.query(f"SELECT {sql.SELECT} FROM {DIST_INDEX} WHERE rec=1 "
                                     f"LIMIT {MAX_GROUPS} OPTION max_matches={MAX_GROUPS}")
        out = []
        for r in rows:
            rec = sql.fields_of(r)
            out.append((Searcher._info(rec), tuple(Heading(text=t, level=int(lvl), ordinal=int(o))
                                                   for t, lvl, o in rec["data"].get("outline", []))))
        return out
