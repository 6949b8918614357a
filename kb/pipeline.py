"""Ingestion: discover files, extract, clean, segment, classify, and index them.

Contract: ``ingest(paths, settings) -> IngestReport``.  Each file is handled on its own: a file that
fails is reported (path, reason, fix) and the rest still go in.  The corpus is only ever read.
Each document's passages and its document record are written in the same commit, so the index never
holds half a document; commits happen every few documents, so an interrupted run keeps what it
finished and the next run completes the rest (it compares content hashes).
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb import clean as cleaning
from kb import metadata as meta_mod
from kb import segment
from kb.config import Settings
from kb.errors import ExtractError, IndexStaleError, KbError, UnsafePathError
from kb.extract import extract, is_supported
from kb.index import IndexStore
from kb.models import Document, FileReport, IngestReport, Passage
from kb.normalize import compact
from kb.parallel import BuildJob, map_build, writer_options
from kb.schema import REC_DOC, REC_PASSAGE

log = logging.getLogger(__name__)

#: documents per commit: a crash loses at most this many documents' work, redone by the next run
BATCH_DOCS = 25


def doc_id_for(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def passage_id_for(doc_id: str, ordinal: int) -> str:
    return f"{doc_id}-{ordinal:04d}"


def fingerprint(text: str) -> str:
    """Equal for passages that read the same after folding, spacing and punctuation are ignored."""
    core = "".join(ch for ch in compact(text) if ch.isalnum())
    return hashlib.sha1(core.encode("utf-8")).hexdigest()[:16]


def source_key(path: Path, corpus: Path) -> str:
    """The name a document is known by: its path relative to the corpus, or its absolute path."""
    p = path.absolute()
    try:
        return p.relative_to(corpus.absolute()).as_posix()
    except ValueError:
        return p.as_posix()


# --- building documents (pure: no index access; safe to run in worker processes) ---------------
def build_document(path: Path, key: str, settings: Settings, sha256: str | None = None,
                   data_size: int | None = None) -> Document:
    src = extract(path, max_bytes=int(settings.max_file_mb * 1024 * 1024))
    cleaned = cleaning.clean(src)
    full_text = "\n".join(b.text for b in cleaned.lines)
    meta, consumed = meta_mod.detect(cleaned.lines, cleaned.meta, src.meta, path, full_text)
    body = cleaned.lines[consumed:]
    units = segment.structure(body, meta.title)
    raw, outline = segment.passages_and_outline(units)
    doc_id = doc_id_for(key)
    passages = tuple(
        Passage(passage_id=passage_id_for(doc_id, i), doc_id=doc_id, ordinal=i, text=p.text,
                heading_path=p.heading_path)
        for i, p in enumerate(raw)
    )
    passages = _annotate(passages, meta)
    warnings = list(src.warnings)
    if not passages:
        raise ExtractError("no text passages were found after cleaning", path=path,
                           fix="check that the file holds running text (not only a table of contents or images)")
    if sha256 is None:
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    st = path.stat()
    return Document(doc_id=doc_id, source=key, sha256=sha256, format=src.format, meta=meta, passages=passages,
                    outline=tuple(outline), warnings=tuple(warnings), size=data_size or st.st_size,
                    mtime=st.st_mtime)


def _annotate(passages: tuple[Passage, ...], meta: Any) -> tuple[Passage, ...]:
    """Kinds, topics and toolkit features (kb.classify), when that stage is available."""
    try:
        from kb import classify
    except ImportError:  # pragma: no cover - classify is part of kb
        return passages
    annotate = getattr(classify, "annotate_passages", None)
    return tuple(annotate(passages, meta)) if annotate else passages


# --- discovery ---------------------------------------------------------------------------------
@dataclass
class Candidate:
    path: Path
    key: str
    error: KbError | None = None
    skip_reason: str | None = None


def _safe_inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def discover(paths: Iterable[Path], corpus: Path) -> Iterator[Candidate]:
    for top in paths:
        top = Path(top)
        if not top.exists() and not top.is_symlink():
            yield Candidate(top, source_key(top, corpus), error=KbError(
                "no such file or folder", path=top, fix="check the path"))
            continue
        if top.is_file() or top.is_symlink() and not top.is_dir():
            yield from _candidate(top, corpus, explicit=True)
            continue
        for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith(".") or name.startswith("~$"):
                    continue
                yield from _candidate(Path(dirpath) / name, corpus, explicit=False, root=top)


def _candidate(path: Path, corpus: Path, explicit: bool, root: Path | None = None) -> Iterator[Candidate]:
    key = source_key(path, corpus)
    if path.is_symlink():
        base = root or corpus
        if not _safe_inside(path, base) and not _safe_inside(path, corpus):
            yield Candidate(path, key, error=UnsafePathError(
                "the file is a symbolic link that points outside the corpus", path=path,
                fix="copy the document into the corpus folder instead of linking to it"))
            return
        if not path.exists():
            yield Candidate(path, key, error=KbError("the symbolic link is broken", path=path,
                                                     fix="remove it or point it at a file"))
            return
    if not is_supported(path):
        yield Candidate(path, key, skip_reason="not a supported format (PDF, DOCX, TXT, MD, HTML)")
        return
    yield Candidate(path, key)


# --- the index side ----------------------------------------------------------------------------
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


def passage_fields(doc: Document, p: Passage) -> dict[str, Any]:
    meta = doc.meta
    return {
        "pid": p.passage_id, "rec": REC_PASSAGE, "doc_id": doc.doc_id, "ordinal": p.ordinal,
        "text": p.text, "bi": p.text, "heading": " > ".join(p.heading_path), "title": meta.title,
        "kind": ",".join(p.kinds), "topic": ",".join(t for t, _s in p.topics),
        "year": str(meta.year or ""), "date": meta.date, "genre": meta.genre, "source": doc.source,
        "fp": fingerprint(p.text),
        "data": {"heading_path": list(p.heading_path), "kind_reasons": list(p.kind_reasons),
                 "topics": [[t, s] for t, s in p.topics], "features": p.features,
                 "heading_level": p.heading_level},
    }


def document_fields(doc: Document) -> dict[str, Any]:
    m = doc.meta
    return {
        "pid": f"doc:{doc.doc_id}", "rec": REC_DOC, "doc_id": doc.doc_id, "title": m.title,
        "year": str(m.year or ""), "date": m.date, "genre": m.genre, "source": doc.source, "sha": doc.sha256,
        "data": {"meta": {"title": m.title, "subtitle": m.subtitle, "author": m.author, "date": m.date,
                          "occasion": m.occasion, "genre": m.genre, "origin": m.origin, "language": m.language,
                          "extra": m.extra},
                 "outline": [[h.text, h.level, h.ordinal] for h in doc.outline],
                 "warnings": list(doc.warnings), "passages": len(doc.passages), "format": doc.format,
                 "size": doc.size, "mtime": doc.mtime,
                 "ingested": time.strftime("%Y-%m-%dT%H:%M:%S")},
    }


def write_documents(store: IndexStore, docs: list[Document], remove_ids: Iterable[str] = (),
                    writer_kwargs: dict[str, Any] | None = None) -> None:
    """Replace these documents (and remove others) in one commit."""
    ix = store.open(check=False)
    with store.writer(ix, **(writer_kwargs or {})) as w:
        for doc_id in remove_ids:
            w.delete_by_term("doc_id", doc_id)
        for doc in docs:
            w.delete_by_term("doc_id", doc.doc_id)
            for p in doc.passages:
                w.add_document(**passage_fields(doc, p))
            w.add_document(**document_fields(doc))
    store.touch()


# --- the ingest command ------------------------------------------------------------------------
def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def ingest(paths: list[Path] | None, settings: Settings, prune: bool | None = None,
           store: IndexStore | None = None) -> IngestReport:
    """Add new files, replace changed ones, skip unchanged ones and (for folders) remove documents
    whose files are gone.  ``prune`` defaults to True when whole folders are synced.

    Three phases: decide (hash compare: unchanged and duplicate files are not read further), build
    (``kb.parallel.map_build``: extraction and segmentation, possibly in worker processes), write
    (batches of ``BATCH_DOCS`` documents, one commit each)."""
    started = time.perf_counter()
    store = store or IndexStore(settings.index)
    corpus = settings.corpus
    targets = [Path(p) for p in (paths or [corpus])]
    if store.exists():
        meta = store.meta()
        if meta.get("segmenter", settings.segmenter) != settings.segmenter:
            raise IndexStaleError(f"the index was built with the {meta.get('segmenter')} segmenter and the "
                                  f"settings ask for {settings.segmenter}", path=store.root,
                                  fix="run `kb rebuild` to build it again with the new segmenter")
        store.check_versions()
    store.ensure(settings.segmenter)
    report = IngestReport(index=str(store.root))
    indexed = indexed_documents(store)
    by_sha: dict[str, str] = {f["sha"]: k for k, f in indexed.items()}
    seen_keys: set[str] = set()
    jobs: list[BuildJob] = []
    slots: dict[str, int] = {}  # key -> index of its FileReport
    for cand in discover(targets, corpus):
        seen_keys.add(cand.key)
        rel = cand.key
        if cand.error is not None:
            report.files.append(FileReport(rel, "failed", error=_named(cand.error, rel), code=cand.error.code))
            continue
        if cand.skip_reason:
            report.files.append(FileReport(rel, "skipped", error=f"{rel}: {cand.skip_reason}", code="unsupported"))
            continue
        decision = _decide(cand, indexed, by_sha)
        if isinstance(decision, FileReport):
            report.files.append(decision)
            continue
        slots[rel] = len(report.files)
        report.files.append(FileReport(rel, "failed", error=f"{rel}: not processed", code="bug"))
        jobs.append(decision)
    pending: list[Document] = []
    pending_passages = 0
    for job, result in map_build(jobs, settings):
        old = indexed.get(job.key)
        if isinstance(result, KbError):
            report.files[slots[job.key]] = FileReport(
                job.key, "failed", error=_named(result, job.key), code=result.code,
                warnings=[f"needs OCR: pages {', '.join(map(str, result.pages))}"]
                if getattr(result, "pages", None) else [])
            continue
        doc = result
        report.files[slots[job.key]] = FileReport(
            job.key, "updated" if old is not None else "added", passages=len(doc.passages),
            warnings=list(doc.warnings), doc_id=doc.doc_id, title=doc.meta.title, date=doc.meta.date)
        pending.append(doc)
        pending_passages += len(doc.passages)
        if len(pending) >= BATCH_DOCS:
            write_documents(store, pending, writer_kwargs=writer_options(pending_passages, settings))
            pending, pending_passages = [], 0
    if pending:
        write_documents(store, pending, writer_kwargs=writer_options(pending_passages, settings))
    if prune is None:
        prune = any(t.is_dir() for t in targets)
    if prune:
        report.removed.extend(_prune(store, indexed, seen_keys, targets, corpus))
    report.elapsed_s = time.perf_counter() - started
    return report


def _decide(cand: Candidate, indexed: dict[str, dict[str, Any]], by_sha: dict[str, str]) -> FileReport | BuildJob:
    """Unchanged or duplicate (a report, nothing more to do), or a job to build."""
    rel = cand.key
    old = indexed.get(rel)
    try:
        st = cand.path.stat()
        if old is not None:
            data = old.get("data") or {}
            if data.get("size") == st.st_size and data.get("mtime") == st.st_mtime:
                return FileReport(rel, "unchanged", passages=int(data.get("passages", 0)), doc_id=old["doc_id"],
                                  title=old.get("title"), date=old.get("date"))
        sha = _sha256(cand.path)
    except OSError as exc:
        return FileReport(rel, "failed", error=f"{rel}: the file cannot be read ({exc.strerror}). "
                          "Fix: check its permissions", code="unreadable")
    if old is not None and old.get("sha") == sha:
        data = old.get("data") or {}
        return FileReport(rel, "unchanged", passages=int(data.get("passages", 0)), doc_id=old["doc_id"],
                          title=old.get("title"), date=old.get("date"))
    twin = by_sha.get(sha)
    if twin is not None and twin != rel:
        return FileReport(rel, "skipped", error=f"{rel}: the same file as {twin} (identical content); "
                          "indexed once", code="duplicate", duplicate_of=twin)
    by_sha[sha] = rel
    return BuildJob(cand.path, rel, sha, st.st_size)


def _named(exc: KbError, rel: str) -> str:
    """The error's message, naming the file as the report does (its corpus-relative path)."""
    text = exc.reason + (f". Fix: {exc.fix}" if exc.fix else "")
    return f"{rel}: {text}"


def _prune(store: IndexStore, indexed: dict[str, dict[str, Any]], seen: set[str], targets: list[Path],
           corpus: Path) -> list[dict[str, str]]:
    folders = [source_key(t, corpus) for t in targets if t.is_dir()]
    gone = []
    for key, fields in indexed.items():
        if key in seen:
            continue
        inside = any(f in ("", ".") or key.startswith(f.rstrip("/") + "/") for f in folders)
        if inside and not (corpus / key if not key.startswith("/") else Path(key)).exists():
            gone.append({"doc_id": fields["doc_id"], "source": key, "title": fields.get("title", "")})
    if gone:
        write_documents(store, [], remove_ids=[g["doc_id"] for g in gone])
    return gone


def rebuild(settings: Settings) -> IngestReport:
    """Build a new index from the corpus beside the live one, then swap it in atomically."""
    store = IndexStore(settings.index)
    gen = store.create_generation(settings.segmenter)
    shadow = _GenerationStore(store.root, gen)
    report = ingest([settings.corpus], settings, prune=False, store=shadow)
    store.activate(gen)
    return report


class _GenerationStore(IndexStore):
    """An IndexStore fixed on one (not yet live) generation."""

    def __init__(self, root: Path, gen: Path) -> None:
        super().__init__(root)
        self._gen = gen

    def current_dir(self) -> Path | None:
        return self._gen

    def ensure(self, segmenter: str) -> None:
        return None
