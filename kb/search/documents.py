"""Reading documents and passages back from the index as typed views (part of the Searcher).

:class:`DocumentReads` is mixed into :class:`kb.search.searcher.Searcher`: every method reads one
snapshot of the index (the Searcher wraps its public reads) and returns the dataclasses of
:mod:`kb.models`, never Whoosh's stored-field dicts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from whoosh import query as Q

from kb.found import PassageFeatures
from kb.index.ids import doc_record_key, passage_id_for
from kb.index.schema import REC_DOC, REC_PASSAGE
from kb.models import DocumentInfo, DocumentView, Heading, PassageView
from kb.text import compact

if TYPE_CHECKING:
    from whoosh.searching import Searcher as WSearcher

    from kb.index.store import IndexStore


class DocumentReads:
    """Documents, passages, outlines and statistics of the index, as typed views."""

    store: IndexStore

    def searcher(self) -> WSearcher:  # provided by the Searcher
        raise NotImplementedError

    @staticmethod
    def _info(fields: dict[str, Any]) -> DocumentInfo:
        data = fields.get("data") or {}
        meta = data.get("meta", {})
        year = fields.get("year")
        return DocumentInfo(
            doc_id=fields["doc_id"], title=fields.get("title", ""), source=fields.get("source", ""),
            date=fields.get("date", ""), year=int(year) if isinstance(year, int) else None,
            genre=fields.get("genre", ""), passages=int(data.get("passages", 0)), format=data.get("format", ""),
            subtitle=meta.get("subtitle", ""), author=meta.get("author", ""), occasion=meta.get("occasion", ""),
            origin=meta.get("origin", ""), language=meta.get("language", ""),
            warnings=tuple(data.get("warnings", [])), size=int(data.get("size", 0)),
            ingested=data.get("ingested", ""), sha256=fields.get("sha", ""))

    def documents(self) -> list[DocumentInfo]:
        """Every document, by title then file name."""
        out = [self._info(fields) for fields in self.searcher().documents(rec=REC_DOC)]
        out.sort(key=lambda d: (d.title, d.source))
        return out

    def document(self, doc_id: str) -> DocumentView | None:
        """One document with its outline and passages in order, or None when it is not indexed."""
        s = self.searcher()
        rec = s.document(pid=doc_record_key(doc_id))
        if rec is None:
            return None
        data = rec.get("data") or {}
        passages = sorted((self.passage_view(p) for p in s.documents(doc_id=doc_id) if p.get("rec") == REC_PASSAGE),
                          key=lambda p: p.ordinal)
        return DocumentView(info=self._info(rec), meta=dict(data.get("meta", {})),
                            outline=tuple(Heading(text=t, level=int(lvl), ordinal=int(o))
                                          for t, lvl, o in data.get("outline", [])),
                            passages=tuple(passages))

    @staticmethod
    def passage_view(fields: dict[str, Any]) -> PassageView:
        """The stored fields of a passage record as a :class:`PassageView`."""
        data = fields.get("data") or {}
        return PassageView(
            passage_id=fields["pid"], doc_id=fields["doc_id"], ordinal=int(fields["ordinal"]), text=fields["text"],
            heading=fields.get("heading", ""), heading_path=tuple(data.get("heading_path", [])),
            title=fields.get("title", ""), source=fields.get("source", ""), date=fields.get("date", ""),
            kinds=tuple(k for k in fields.get("kind", "").split(",") if k),
            kind_reasons=tuple(data.get("kind_reasons", [])),
            topics=tuple((str(t[0]), float(t[1])) if isinstance(t, list | tuple) else (str(t), 0.0)
                         for t in data.get("topics", [])),
            features=PassageFeatures.from_dict(data.get("features")))

    def feature_passages(self, feature: str) -> list[PassageView]:
        """The passages whose toolkit features include ``feature`` (formulations, quotes ...), in
        document order."""
        s = self.searcher()
        if "feature" in s.schema.names():
            rows = [r.fields() for r in s.search(Q.Term("feature", feature), limit=None)]
        else:  # an index built before the feature field: read every passage
            rows = [f for f in s.documents(rec=REC_PASSAGE) if (f.get("data") or {}).get("features", {}).get(feature)]
        views = [self.passage_view(f) for f in rows]
        views.sort(key=lambda p: (p.source, p.ordinal))
        return views

    def outlines(self) -> list[tuple[DocumentInfo, tuple[Heading, ...]]]:
        """Every document with its outline (headings in order)."""
        out = []
        for rec in self.searcher().documents(rec=REC_DOC):
            data = rec.get("data") or {}
            out.append((self._info(rec), tuple(Heading(text=t, level=int(lvl), ordinal=int(o))
                                               for t, lvl, o in data.get("outline", []))))
        return out

    def passage_texts(self) -> list[tuple[str, str]]:
        """(passage id, text) of every passage in the index."""
        return [(f["pid"], f["text"]) for f in self.searcher().documents(rec=REC_PASSAGE)]

    def exact_texts(self) -> list[tuple[str, list[str], str]]:
        """(passage id, the stretches a quoted search looks in: each heading (or the title) that opens
        the passage, then its text; the next passage's opening its text runs on into) of every passage."""
        out = []
        for f in self.searcher().documents(rec=REC_PASSAGE):
            data = f.get("data") or {}
            lead = str(data.get("lead") or "")
            out.append((f["pid"], [*(x for x in lead.split("\n") if x), f["text"]], str(data.get("tail") or "")))
        return out

    def passage_records(self) -> list[tuple[str, str, str, str, str]]:
        """(passage id, source, heading path, text, document title) of every passage, in document order."""
        rows = [(f["pid"], f.get("source", ""), f.get("heading", ""), f["text"], f.get("title", ""))
                for f in self.searcher().documents(rec=REC_PASSAGE)]
        return sorted(rows, key=lambda r: (r[1], int(r[0].rsplit("-", 1)[-1]) if r[0].rsplit("-", 1)[-1].isdigit() else 0))

    def passage(self, passage_id: str) -> PassageView | None:
        fields = self.searcher().document(pid=passage_id)
        return self.passage_view(fields) if fields and fields.get("rec") == REC_PASSAGE else None

    def neighbours(self, passage_id: str, before: int = 1, after: int = 1) -> list[PassageView]:
        """The passage with up to ``before`` passages before it and ``after`` after it, in order."""
        p = self.passage(passage_id)
        if p is None:
            return []
        s = self.searcher()
        out = []
        for o in range(p.ordinal - before, p.ordinal + after + 1):
            f = s.document(pid=passage_id_for(p.doc_id, o))
            if f:
                out.append(self.passage_view(f))
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


def resolve_docs(docs: list[DocumentInfo], value: str) -> list[str]:
    """``doc:`` accepts a doc id, or text found in titles or file names: the ids it means."""
    ids = [d.doc_id for d in docs if d.doc_id == value]
    if ids:
        return ids
    v = compact(value)
    return [d.doc_id for d in docs if v and (v in compact(d.title) or v in compact(d.source))]


#: the orders of the document list (浏览 › 按文档): key and label
DOCUMENT_ORDERS = {"date": "按日期（新的在前）", "date-old": "按日期（旧的在前）", "title": "按标题"}


def sort_documents(docs: list[DocumentInfo], how: str = "date") -> list[DocumentInfo]:
    """The documents in one of :data:`DOCUMENT_ORDERS`.  By date, the undated ones come last (by title);
    by title, titles that start with a letter or digit (often a file name) come after the Chinese ones."""
    def by_title(d: DocumentInfo) -> tuple[bool, str]:
        return not ("\u4e00" <= d.label[:1] <= "\u9fff"), d.label

    if how == "title":
        return sorted(docs, key=by_title)
    dated = sorted((d for d in docs if d.date), key=lambda d: (d.date, d.label), reverse=how != "date-old")
    return dated + sorted((d for d in docs if not d.date), key=by_title)
