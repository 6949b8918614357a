"""What ingestion stores in the index, and the one function that writes a set of changes.

Two record types live in the index (``kb.index.schema``): one per passage (``rec="p"``) and one per document
(``rec="d"``: its metadata, content hash, size and mtime, MinHash signature and near-duplicate links).
:func:`write_changes` applies removals, re-keyed (moved) documents, new or replaced documents and
rewritten document records in **one commit**, so the index never holds half a document or a
near-duplicate link that points one way only.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kb.classify import feature_field
from kb.dedup import NearDuplicates, band_keys, passage_fingerprint
from kb.index.ids import doc_id_for, doc_record_key, passage_id_for  # noqa: F401  (re-exported)
from kb.index.schema import REC_DOC, REC_PASSAGE, exact_text, section_leads, section_tails
from kb.index.segments import SegmentWriters, adding
from kb.index.store import IndexStore
from kb.models import Document, NearLink, Passage, StoredDocument
from kb.text import display_name


def fingerprint(text: str) -> str:
    """Equal for passages that read the same after folding, spacing and punctuation are ignored."""
    return passage_fingerprint(text)


def source_key(path: Path, corpus: Path) -> str:
    """The name a document is known by: its path relative to the corpus, or its absolute path (a
    name that is not UTF-8 as :func:`kb.text.display_name` reads it)."""
    p = Path(os.path.normpath(path.absolute()))  # "a/../b" is "b"; symbolic links keep their own name
    try:
        return display_name(p.relative_to(corpus.absolute()).as_posix())
    except ValueError:
        return display_name(p.as_posix())


def passage_leads(doc: Document) -> list[str]:
    """The headings (and, for the first passage, the title) that open each passage of ``doc``; a heading
    that ran on into its paragraph as it was written (``一、加强领导。``), so that quoted text across the
    heading and its paragraph (``一、加强领导。经局党组研究……``) is found."""
    written = {h.text: h.line for h in doc.outline if h.line}
    return section_leads(doc.meta.title, doc.meta.subtitle,
                         [tuple(written.get(t, t) for t in p.heading_path) for p in doc.passages])


def passage_tails(doc: Document) -> list[str]:
    """The opening of the next passage of the same section, for each passage of ``doc``."""
    return section_tails([p.text for p in doc.passages], [p.heading_path for p in doc.passages])


def passage_fields(doc: Document, p: Passage, lead: str = "", tail: str = "") -> dict[str, Any]:
    """A passage record; ``lead`` is the heading (or title) text that opens it (:func:`passage_leads`),
    ``tail`` the next passage's opening (:func:`passage_tails`)."""
    meta = doc.meta
    return {
        "pid": p.passage_id, "rec": REC_PASSAGE, "doc_id": doc.doc_id, "ordinal": p.ordinal,
        "text": p.text, "bi": exact_text(p.text, lead, tail), "heading": " > ".join(p.heading_path), "title": meta.title,
        "kind": ",".join(p.kinds), "topic": ",".join(t for t, _s in p.topics),
        # the writer's-toolkit features this passage has (kb.classify.FEATURES), so libraries fetch only them
        "feature": feature_field(p),
        "year": str(meta.year or ""), "date": meta.date, "genre": meta.genre, "source": doc.source,
        "fp": fingerprint(p.text),
        "data": {"heading_path": list(p.heading_path), "kind_reasons": list(p.kind_reasons),
                 "topics": [[t, s] for t, s in p.topics], "features": p.features.to_dict(),
                 "heading_level": p.heading_level, "lead": lead, "tail": tail},
    }


def document_fields(doc: Document, near_duplicates: list[NearLink] | None = None) -> dict[str, Any]:
    m = doc.meta
    return {
        "pid": doc_record_key(doc.doc_id), "rec": REC_DOC, "doc_id": doc.doc_id, "title": m.title,
        "year": str(m.year or ""), "date": m.date, "genre": m.genre, "source": doc.source, "sha": doc.sha256,
        "data": {"meta": {"title": m.title, "subtitle": m.subtitle, "author": m.author, "date": m.date,
                          "occasion": m.occasion, "genre": m.genre, "origin": m.origin, "language": m.language,
                          "extra": m.extra},
                 "outline": [[h.text, h.level, h.ordinal] for h in doc.outline],
                 "warnings": list(doc.warnings), "passages": len(doc.passages), "format": doc.format,
                 "size": doc.size, "mtime": doc.mtime,
                 "minhash": list(doc.minhash), "bands": band_keys(doc.minhash) if doc.minhash else [],
                 "near_duplicates": _links(near_duplicates or []),
                 "ingested": time.strftime("%Y-%m-%dT%H:%M:%S")},
    }


def _links(links: Iterable[NearLink]) -> list[dict[str, Any]]:
    return [asdict(x) for x in links]


def stored_document(fields: Mapping[str, Any]) -> StoredDocument:
    """The typed view of a document record's stored fields."""
    data = fields.get("data") or {}
    extra = (data.get("meta") or {}).get("extra") or {}
    return StoredDocument(
        doc_id=str(fields["doc_id"]), source=str(fields.get("source") or ""), sha=str(fields.get("sha") or ""),
        title=str(fields.get("title") or ""), date=str(fields.get("date") or ""),
        passages=int(data.get("passages") or 0), size=data.get("size"), mtime=data.get("mtime"),
        corrections=str(extra.get("corrections") or ""), labelling=str(extra.get("labelling") or ""), minhash=tuple(data.get("minhash") or ()),
        near_duplicates=tuple(NearLink(str(x["doc_id"]), float(x.get("similarity") or 0), str(x.get("source") or ""),
                                       str(x.get("title") or "")) for x in data.get("near_duplicates") or []))


def indexed_documents(store: IndexStore) -> dict[str, StoredDocument]:
    """source key -> its document record."""
    if not store.exists():
        return {}
    ix = store.open(check=False)
    out: dict[str, StoredDocument] = {}
    with ix.searcher() as s:
        for fields in s.documents(rec=REC_DOC):
            out[fields["source"]] = stored_document(fields)
    return out


def passage_counts(store: IndexStore) -> dict[str, int]:
    """doc id -> how many passage records the index holds for it (``kb check`` compares this with the
    count each document record states)."""
    counts: dict[str, int] = {}
    if not store.exists():
        return counts
    with store.open(check=False).searcher() as s:
        for fields in s.documents(rec=REC_PASSAGE):
            counts[fields["doc_id"]] = counts.get(fields["doc_id"], 0) + 1
    return counts


@dataclass(frozen=True)
class Rekey:
    """A moved file's document, to be stored again under its new name from its records (the file is
    not read)."""

    old_id: str
    new_id: str
    new_key: str
    size: int
    mtime: float
    #: passages it holds (for the writer's memory pool)
    passages: int = 0


def rekeyed(old: StoredDocument, new_key: str, size: int, mtime: float) -> Rekey:
    return Rekey(old_id=old.doc_id, new_id=doc_id_for(new_key), new_key=new_key, size=size, mtime=mtime,
                 passages=old.passages)


def _rekeyed_records(s: Any, rk: Rekey) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The passage records and the document record of ``rk`` under its new name, from the index."""
    passages = []
    for fields in s.documents(doc_id=rk.old_id, rec=REC_PASSAGE):
        f = dict(fields)
        f.update(pid=passage_id_for(rk.new_id, int(f["ordinal"])), doc_id=rk.new_id, source=rk.new_key,
                 bi=exact_text(f["text"], str((f.get("data") or {}).get("lead") or ""),
                               str((f.get("data") or {}).get("tail") or "")))
        passages.append(f)
    old = s.document(pid=doc_record_key(rk.old_id))
    if old is None:
        return passages, None
    record = dict(old)
    record.update(pid=doc_record_key(rk.new_id), doc_id=rk.new_id, source=rk.new_key)
    record["data"] = dict(old.get("data") or {}) | {"size": rk.size, "mtime": rk.mtime}
    return passages, record


@dataclass
class Changes:
    """One commit's worth of changes."""

    docs: list[Document] = field(default_factory=list)
    rekeys: list[Rekey] = field(default_factory=list)
    remove_ids: list[str] = field(default_factory=list)
    #: doc_id -> (size, mtime) of a file touched but not changed, for its stored document record
    touched: dict[str, tuple[int, float]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.docs) + len(self.rekeys) + len(self.remove_ids) + len(self.touched)

    @property
    def passages(self) -> int:
        return sum(len(d.passages) for d in self.docs) + sum(r.passages for r in self.rekeys)


def hand_over(writers: SegmentWriters, doc: Document) -> None:
    """Give a new or changed document's passages to the writer processes (:mod:`kb.index.segments`);
    the next :func:`write_changes` with ``writers`` commits them with the document's record."""
    writers.add([passage_fields(doc, p, lead, tail)
                 for p, lead, tail in zip(doc.passages, passage_leads(doc), passage_tails(doc), strict=True)])


def write_changes(store: IndexStore, changes: Changes, near: NearDuplicates,
                  writer_kwargs: dict[str, Any] | None = None, writers: SegmentWriters | None = None) -> None:
    """Apply ``changes`` in one commit, with every document record whose near-duplicate links changed
    (or whose file was touched) written again from what the index holds.  With ``writers``, the
    passages of ``changes.docs`` were handed to the writer processes (:func:`hand_over`): their
    finished segments join this commit as they are (no merge)."""
    ix = store.open(check=False)
    written = {rk.new_id for rk in changes.rekeys} | {d.doc_id for d in changes.docs}
    rewrite = sorted((set(near.changed) | set(changes.touched)) - written - set(changes.remove_ids))
    with ix.searcher() as s:  # everything that is copied is read before the writer starts
        moved = [(rk, *_rekeyed_records(s, rk)) for rk in changes.rekeys]
        kept = {doc_id: dict(old) for doc_id in rewrite if (old := s.document(pid=doc_record_key(doc_id)))}
    with store.writer(ix, **(writer_kwargs or {})) as w:
        for doc_id in changes.remove_ids:
            w.delete_by_term("doc_id", doc_id)
        for rk, passages, record in moved:
            w.delete_by_term("doc_id", rk.old_id)
            w.delete_by_term("doc_id", rk.new_id)
            for f in passages:
                w.add_document(**f)
            if record is not None:
                record["data"] = dict(record["data"]) | {"near_duplicates": _links(near.links_of(rk.new_id))}
                w.add_document(**record)
        for doc in changes.docs:
            w.delete_by_term("doc_id", doc.doc_id)
            for p, lead, tail in zip(doc.passages, passage_leads(doc), passage_tails(doc), strict=True) \
                    if writers is None else ():
                w.add_document(**passage_fields(doc, p, lead, tail))
            w.add_document(**document_fields(doc, near.links_of(doc.doc_id)))
        for doc_id, rec in kept.items():
            update: dict[str, Any] = {"near_duplicates": _links(near.links_of(doc_id))}
            if doc_id in changes.touched:
                update["size"], update["mtime"] = changes.touched[doc_id]
            rec["data"] = dict(rec.get("data") or {}) | update
            w.delete_by_term("pid", doc_record_key(doc_id))
            w.add_document(**rec)
        if writers is not None:
            w.mergetype = adding(writers.finish())  # type: ignore[attr-defined]  # a SegmentWriter
    near.changed.clear()
    store.touch()


def remove_documents(store: IndexStore, doc_ids: Iterable[str]) -> None:
    """Remove documents (and their near-duplicate links from their partners) in one commit."""
    records = indexed_documents(store).values()
    near = NearDuplicates.from_records(records)
    known = {r.doc_id for r in records}
    ids = [d for d in doc_ids if d in known]
    for d in ids:
        near.remove(d)
    if ids:
        write_changes(store, Changes(remove_ids=ids), near)
