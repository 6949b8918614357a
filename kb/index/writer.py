"""What ingestion stores in the index, and the one function that writes a set of changes.

Two record types live in the index (``kb.index.schema``): one per passage (``rec="p"``) and one per document
(``rec="d"``: its metadata, content hash, size and mtime, MinHash signature and near-duplicate links).
:func:`write_changes` applies removals, re-keyed (moved) documents, new or replaced documents and
rewritten document records in **one commit**, so the index never holds half a document or a
near-duplicate link that points one way only.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.classify import feature_field
from kb.dedup import NearDuplicates, band_keys, passage_fingerprint
from kb.text import display_name
from kb.index.store import IndexStore
from kb.models import Document, Passage
from kb.index.ids import doc_id_for, doc_record_key, passage_id_for  # noqa: F401  (re-exported)
from kb.index.schema import REC_DOC, REC_PASSAGE


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


def passage_fields(doc: Document, p: Passage) -> dict[str, Any]:
    meta = doc.meta
    return {
        "pid": p.passage_id, "rec": REC_PASSAGE, "doc_id": doc.doc_id, "ordinal": p.ordinal,
        "text": p.text, "bi": p.text, "heading": " > ".join(p.heading_path), "title": meta.title,
        "kind": ",".join(p.kinds), "topic": ",".join(t for t, _s in p.topics),
        # the writer's-toolkit features this passage has (kb.classify.FEATURES), so libraries fetch only them
        "feature": feature_field(p),
        "year": str(meta.year or ""), "date": meta.date, "genre": meta.genre, "source": doc.source,
        "fp": fingerprint(p.text),
        "data": {"heading_path": list(p.heading_path), "kind_reasons": list(p.kind_reasons),
                 "topics": [[t, s] for t, s in p.topics], "features": p.features,
                 "heading_level": p.heading_level},
    }


def document_fields(doc: Document, near_duplicates: list[dict[str, Any]] | None = None) -> dict[str, Any]:
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
                 "near_duplicates": list(near_duplicates or []),
                 "ingested": time.strftime("%Y-%m-%dT%H:%M:%S")},
    }


def indexed_documents(store: IndexStore) -> dict[str, dict[str, Any]]:
    """source key -> stored fields of its document record."""
    if not store.exists():
        return {}
    ix = store.open(check=False)
    out: dict[str, dict[str, Any]] = {}
    with ix.searcher() as s:
        for fields in s.documents(rec=REC_DOC):
            out[fields["source"]] = dict(fields)
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


def rekeyed(store: IndexStore, old: dict[str, Any], new_key: str, size: int, mtime: float) -> Rekey:
    """A moved file's document under its new name, from the stored records (the file is not read)."""
    new_id = doc_id_for(new_key)
    ix = store.open(check=False)
    passages = []
    with ix.searcher() as s:
        for fields in s.documents(doc_id=old["doc_id"], rec=REC_PASSAGE):
            f = dict(fields)
            f.update(pid=passage_id_for(new_id, int(f["ordinal"])), doc_id=new_id, source=new_key,
                     bi=f["text"])
            passages.append(f)
    record = dict(old)
    record.update(pid=doc_record_key(new_id), doc_id=new_id, source=new_key)
    record["data"] = dict(old.get("data") or {}) | {"size": size, "mtime": mtime}
    return Rekey(old_id=str(old["doc_id"]), new_id=new_id, passages=passages, record=record)


@dataclass
class Rekey:
    old_id: str
    new_id: str
    passages: list[dict[str, Any]]
    record: dict[str, Any]


@dataclass
class Changes:
    """One commit's worth of changes."""

    docs: list[Document] = field(default_factory=list)
    rekeys: list[Rekey] = field(default_factory=list)
    remove_ids: list[str] = field(default_factory=list)
    #: doc_id -> updates to the ``data`` of its stored document record (size and mtime of a touched file)
    data_updates: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.docs) + len(self.rekeys) + len(self.remove_ids) + len(self.data_updates)

    @property
    def passages(self) -> int:
        return sum(len(d.passages) for d in self.docs) + sum(len(r.passages) for r in self.rekeys)


def write_changes(store: IndexStore, changes: Changes, near: NearDuplicates, records: dict[str, dict[str, Any]],
                  writer_kwargs: dict[str, Any] | None = None) -> None:
    """Apply ``changes`` in one commit, with every document record whose near-duplicate links changed.

    ``records`` (doc_id -> stored document record fields) is kept up to date with what was written."""
    ix = store.open(check=False)
    written: dict[str, dict[str, Any]] = {}
    with store.writer(ix, **(writer_kwargs or {})) as w:
        for doc_id in changes.remove_ids:
            w.delete_by_term("doc_id", doc_id)
        for rk in changes.rekeys:
            w.delete_by_term("doc_id", rk.old_id)
            w.delete_by_term("doc_id", rk.new_id)
            for f in rk.passages:
                w.add_document(**f)
            rec = dict(rk.record)
            rec["data"] = dict(rec["data"]) | {"near_duplicates": near.links_of(rk.new_id)}
            w.add_document(**rec)
            written[rk.new_id] = rec
        for doc in changes.docs:
            w.delete_by_term("doc_id", doc.doc_id)
            for p in doc.passages:
                w.add_document(**passage_fields(doc, p))
            rec = document_fields(doc, near.links_of(doc.doc_id))
            w.add_document(**rec)
            written[doc.doc_id] = rec
        rewrite = (set(near.changed) | set(changes.data_updates)) - set(written) - set(changes.remove_ids)
        for doc_id in sorted(rewrite):
            old = records.get(doc_id)
            if old is None:
                continue
            rec = dict(old)
            rec["data"] = dict(old.get("data") or {}) | changes.data_updates.get(doc_id, {}) | {
                "near_duplicates": near.links_of(doc_id)}
            w.delete_by_term("pid", doc_record_key(doc_id))
            w.add_document(**rec)
            written[doc_id] = rec
    near.changed.clear()
    for doc_id in changes.remove_ids:
        records.pop(doc_id, None)
    for rk in changes.rekeys:
        records.pop(rk.old_id, None)
    records.update(written)
    store.touch()


def remove_documents(store: IndexStore, doc_ids: Iterable[str]) -> None:
    """Remove documents (and their near-duplicate links from their partners) in one commit."""
    by_source = indexed_documents(store)
    records = {str(f["doc_id"]): f for f in by_source.values()}
    near = NearDuplicates.from_records(by_source.values())
    ids = [d for d in doc_ids if d in records]
    for d in ids:
        near.remove(d)
    if ids:
        write_changes(store, Changes(remove_ids=ids), near, records)
