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
import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kb import metadata as meta_mod
from kb import segment
from kb.clean import document as cleaning
from kb.config import Settings
from kb.dedup import NearDuplicates, signature, warning_for
from kb.errors import ExtractError, FileTooLargeError, GarbageTextError, IndexStaleError, KbError, describe
from kb.extract import extract
from kb.index import cooccur
from kb.index.segments import SegmentWriters, for_ingest
from kb.index.store import IndexStore, unwritable_as_kb_error
from kb.index.writer import (  # noqa: F401  (re-exported: the record builders were born here)
    Changes,
    doc_id_for,
    document_fields,
    fingerprint,
    hand_over,
    indexed_documents,
    passage_fields,
    passage_id_for,
    rekeyed,
    source_key,
    write_changes,
)
from kb.ingest import corrections
from kb.ingest.discover import Candidate, discover, is_inside, path_exists, special_kind  # noqa: F401 (re-exported)
from kb.ingest.files import file_sha256
from kb.ingest.workers import BuildJob, map_build, writer_options
from kb.models import Document, FileReport, IngestReport, Passage, StoredDocument
from kb.text import is_garbage

log = logging.getLogger(__name__)

#: documents per commit: a crash loses at most this many documents' work, redone by the next run
BATCH_DOCS = 25


# --- building documents (pure: no index access; safe to run in worker processes) ---------------
def build_document(path: Path, key: str, settings: Settings, sha256: str | None = None,
                   data_size: int | None = None) -> Document:
    src = extract(path, max_bytes=int(settings.max_file_mb * 1024 * 1024), ocr=settings.ocr)
    cleaned = cleaning.clean(src)
    full_text = "\n".join(b.text for b in cleaned.lines)
    meta, consumed = meta_mod.detect(cleaned.lines, cleaned.meta, src.meta, path, full_text)
    meta = corrections.apply(meta, corrections.load(settings.corpus).get(key, {}))  # a maintainer's, by hand
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
    meta = replace(meta, extra=dict(meta.extra) | {"labelling": _labelling()})
    warnings = list(src.warnings)
    if not passages:
        raise ExtractError("清理后没有找到正文段落", path=path,
                           fix="确认文件里有成段的正文（不只是目录或图片）")
    garbled = sum(1 for p in passages if is_garbage(p.text))
    if garbled and garbled >= GARBAGE_FAIL * len(passages):
        raise GarbageTextError("提取出的文字几乎全是乱码（字体没有正确的编码表，或者编码判断错了），没有可读的内容",
                               path=path, fix="用原程序把文件另存为 PDF（嵌入字体）或 UTF-8 文本后再导入；扫描件请先做文字识别（OCR）")
    if garbled >= GARBAGE_WARN * len(passages):
        warnings.append(f"{garbled}/{len(passages)} 个段落的文字看起来是乱码（字体编码或文字编码有问题），"
                        "搜索可能找不到这些段落")
    if sha256 is None:
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    st = path.stat()
    return Document(doc_id=doc_id, source=key, sha256=sha256, format=src.format, meta=meta, passages=passages,
                    outline=tuple(outline), warnings=tuple(warnings), size=data_size or st.st_size,
                    mtime=st.st_mtime, minhash=signature("\n".join(p.text for p in passages)))


#: a document whose passages are garbage in this share fails (``garbage``); in this share, a warning
GARBAGE_FAIL = 0.9
GARBAGE_WARN = 0.2


def _annotate(passages: tuple[Passage, ...], meta: Any) -> tuple[Passage, ...]:
    """Kinds, topics and toolkit features (kb.classify), when that stage is available."""
    try:
        from kb import classify
    except ImportError:  # pragma: no cover - classify is part of kb
        return passages
    annotate = getattr(classify, "annotate_passages", None)
    return tuple(annotate(passages, meta)) if annotate else passages


def _labelling() -> str:
    """The fingerprint of the labelling stage (kb.classify), "" when there is none."""
    from kb import classify

    fp = getattr(classify, "labelling_fingerprint", None)
    return fp() if fp else ""


# --- the ingest command ------------------------------------------------------------------------
@dataclass
class _Decision:
    """What to do with one file: report it as it is, build it, move its document, or note its mtime."""

    report: FileReport | None = None
    job: BuildJob | None = None
    move_from: StoredDocument | None = None
    #: (size, mtime) of a file touched but not changed
    touch: tuple[int, float] | None = None


def ingest(paths: list[Path] | None, settings: Settings, prune: bool | None = None,
           store: IndexStore | None = None) -> IngestReport:
    """Add new files, replace changed ones, skip unchanged ones and (for folders) remove documents
    whose files are gone.  ``prune`` defaults to True when whole folders are synced.

    Three phases: decide (size and mtime, then the content hash: unchanged, duplicate and moved files
    are not read further), build (``kb.ingest.workers.map_build``: extraction and segmentation, possibly in
    worker processes), write (``BATCH_DOCS`` changes a commit; kb.index.segments: larger).  Holds the index's
    write lock throughout (:class:`~kb.errors.IndexLockedError` after ``settings.lock_wait`` s)."""
    store = store or IndexStore(settings.index)
    store.check_writable()  # a full disk or a read-only folder is said before anything is read
    with store.write_lock(settings.lock_wait), unwritable_as_kb_error(store.root):
        if store.exists():
            report = _ingest(paths, settings, prune, store)
            store.cleanup()  # generations left by a killed rebuild
            return report
        # The first index is filled beside the live place and made live as soon as its first batch
        # is committed (``live_after_commit``), so nobody ever searches an empty one, and a first run
        # that is killed leaves what it committed searchable; the next run completes the rest.
        gen = store.resumable(settings.segmenter) or store.create_generation(settings.segmenter)
        report = _ingest(paths, settings, prune, _GenerationStore(store.root, gen, live_after_commit=True))
        if any(f.status in ("added", "updated", "unchanged") for f in report.files):
            store.activate(gen)
    return report


def _ingest(paths: list[Path] | None, settings: Settings, prune: bool | None, store: IndexStore) -> IngestReport:
    started = time.perf_counter()
    corpus = settings.corpus
    targets = [Path(p) for p in (paths or [corpus])]
    if store.exists():
        meta = store.meta()
        if meta.get("segmenter", settings.segmenter) != settings.segmenter:
            raise IndexStaleError(f"索引是用 {meta.get('segmenter')} 分词建立的，而设置要求 "
                                  f"{settings.segmenter}", path=store.root,
                                  fix="运行 `kb rebuild`，用新的分词方式重新建立索引")
        store.check_versions()
    report = IngestReport(index=str(store.root))
    indexed = indexed_documents(store)
    near = NearDuplicates.from_records(indexed.values())
    by_sha: dict[str, str] = {f.sha: k for k, f in indexed.items()}
    failures: dict[str, Any] = dict(store.meta().get("failed") or {})
    before = dict(failures)
    corrected = corrections.load(corpus)
    labelling = _labelling()
    candidates = list(discover(targets, corpus))
    unreadable_folders: list[str] = []
    seen_keys = {c.key for c in candidates}
    moved: set[str] = set()
    jobs: list[BuildJob] = []
    slots: dict[str, int] = {}  # key -> index of its FileReport
    changes = Changes()
    wkw = {"timeout": settings.lock_wait}
    writers: SegmentWriters | None = None

    def flush(force: bool = False) -> None:
        nonlocal changes
        full = len(changes) >= BATCH_DOCS if writers is None else writers.full
        if len(changes) and (force or full) or force and near.changed:
            write_changes(store, changes, near, wkw | writer_options(changes.passages, settings), writers)
            changes = Changes()
            if isinstance(store, _GenerationStore):
                store.committed()

    for cand in candidates:
        rel = cand.key
        if cand.error is not None:
            report.files.append(FileReport(rel, "failed", error=_named(cand.error, rel), code=cand.error.code))
            continue
        if cand.skip_reason:
            if cand.folder:
                unreadable_folders.append(rel)
            report.files.append(FileReport(rel, "skipped", error=f"{rel}: {cand.skip_reason}", code=cand.skip_code))
            continue
        d = _decide(cand, indexed, by_sha, corpus, seen_keys | moved, settings.max_file_mb,
                    corrections.fingerprint(corrected.get(rel, {})), labelling)
        if d.job is not None:
            slots[rel] = len(report.files)
            report.files.append(FileReport(rel, "failed", error=f"{rel}: 未处理", code="bug"))
            jobs.append(d.job)
            continue
        if d.move_from is not None:
            old = d.move_from
            moved.add(old.source)
            st = cand.path.stat()
            rk = rekeyed(old, rel, st.st_size, st.st_mtime)
            near.rename(rk.old_id, rk.new_id, rel)
            changes.rekeys.append(rk)
            report.files.append(FileReport(rel, "updated", passages=old.passages, doc_id=rk.new_id,
                                           title=old.title, date=old.date, renamed_from=old.source,
                                           warnings=[f"从 {old.source} 移来（内容相同，未重新读取）"]))
            flush()
            continue
        if d.touch is not None:
            changes.touched[indexed[rel].doc_id] = d.touch
        assert d.report is not None
        report.files.append(d.report)
    writers = for_ingest(settings, len(jobs), store.current_dir() or store.root)  # kb.index.segments
    try:
        for job, result in map_build(jobs, settings):
            previous = indexed.get(job.key)
            if isinstance(result, KbError):
                pages: list[int] = list(getattr(result, "pages", None) or [])
                warnings = [f"需要文字识别（OCR）：第 {'、'.join(map(str, pages))} 页"] if pages else []
                if previous is not None:
                    warnings.append("在这个文件能读取之前，之前收录的版本仍可搜索")
                report.files[slots[job.key]] = FileReport(job.key, "failed", error=_named(result, job.key),
                                                          code=result.code, warnings=warnings)
                failures[job.key] = {"sha": job.sha256, "code": result.code}
                continue
            doc = result
            from kb.search.vectors import remember_words  # before the writer consumes the tokens

            remember_words([p.text for p in doc.passages], settings.segmenter)
            links = near.add(doc.doc_id, doc.minhash, doc.source, doc.meta.title)
            report.files[slots[job.key]] = FileReport(
                job.key, "updated" if previous is not None else "added", passages=len(doc.passages),
                warnings=list(doc.warnings) + [warning_for(x) for x in links], doc_id=doc.doc_id,
                title=doc.meta.title, date=doc.meta.date, near_duplicates=links)
            changes.docs.append(doc)
            if writers is not None:
                hand_over(writers, doc)
            flush()
        if prune is None:
            prune = any(t.is_dir() for t in targets)
        if prune:
            gone = _gone(indexed, seen_keys | moved, targets, corpus, unreadable_folders)
            for g in gone:
                near.remove(g["doc_id"])
                changes.remove_ids.append(g["doc_id"])
                failures.pop(g["source"], None)
            report.removed.extend(gone)
        flush(force=True)
    finally:
        writers.close() if writers is not None else None
    _refresh_derived(store, bool(report.removed or any(f.status in ("added", "updated") for f in report.files)))
    for f in report.files:
        if f.status != "failed":
            failures.pop(f.path, None)
        elif f.path not in failures:
            failures[f.path] = {"sha": None, "code": f.code}
    for key in list(failures):
        if prune and key not in seen_keys and not path_exists(_path_of(key, corpus)):
            failures.pop(key)
    if failures != before:
        store.touch(failed=failures)
    report.elapsed_s = time.perf_counter() - started
    return report


def _refresh_derived(store: IndexStore, changed: bool) -> None:
    """What is derived from the committed passages: the words that keep each other company (expansion)
    and each passage's vector (what it is about; an older index gets them at its next ingest)."""
    if changed:
        cooccur.refresh_store(store)
    from kb.search import dense, vectors  # numpy and the word vectors: only once something is indexed

    if changed or not vectors.stored(store):
        vectors.refresh_store(store)
    if changed or not dense.stored(store):
        dense.refresh_store(store)


def _path_of(key: str, corpus: Path) -> Path:
    return Path(key) if Path(key).is_absolute() else corpus / key


def _unchanged(rel: str, old: StoredDocument) -> FileReport:
    return FileReport(rel, "unchanged", passages=old.passages, doc_id=old.doc_id, title=old.title, date=old.date)


def _decide(cand: Candidate, indexed: dict[str, StoredDocument], by_sha: dict[str, str], corpus: Path,
            present: set[str], max_file_mb: float, corrected: str = "", labelling: str = "") -> _Decision:
    rel = cand.key
    old = indexed.get(rel)
    if old is not None and old.corrections != corrected:
        old = None  # corrected by hand since it was built: build it again with the corrections
    if old is not None and old.labelling != labelling:
        old = None  # the rules, lists or model that label passages changed since: label it again
    try:
        st = cand.path.stat()
        if st.st_size > max_file_mb * 1024 * 1024:  # refused before its content is read, even to hash it
            return _Decision(report=FileReport(
                rel, "failed", code=FileTooLargeError.code,
                error=f"{rel}: " + describe(f"文件大小 {round(st.st_size / 1048576, 2):g} MB，超过上限 {max_file_mb:g} MB",
                                            "把它拆分成几个文件，或用 KB_MAX_FILE_MB 或 kb.toml 中的 max_file_mb 调高上限")))
        if st.st_size == 0:  # every empty file has the same hash: never a duplicate of another one
            kept = ["在这个文件能读取之前，之前收录的版本仍可搜索"] if old else []
            return _Decision(report=FileReport(rel, "failed", code="empty", warnings=kept,
                                               error=f"{rel}: " + describe("文件是空的（0 字节），没有可索引的内容",
                                                                           "放入有文字的文档，或者把它移出文档文件夹")))
        if old is not None and old.size == st.st_size and old.mtime == st.st_mtime:
            return _Decision(report=_unchanged(rel, old))
        sha = file_sha256(cand.path)
    except OSError as exc:
        return _Decision(report=FileReport(rel, "failed", error=f"{rel}: " + describe(f"文件无法读取（{exc.strerror}）",
                                                                       "检查文件的读取权限"), code="unreadable"))
    if old is not None and old.sha == sha:  # touched, not changed: remember the new mtime
        return _Decision(report=_unchanged(rel, old), touch=(st.st_size, st.st_mtime))
    twin = by_sha.get(sha)
    if twin is not None and twin != rel:
        if old is None and twin not in present and not path_exists(_path_of(twin, corpus)):
            by_sha[sha] = rel
            return _Decision(move_from=indexed[twin])
        return _Decision(report=FileReport(rel, "skipped", error=f"{rel}: 与 {twin} 是同一个文件（内容完全相同），"
                                           "只收录一次", code="duplicate", duplicate_of=twin))
    by_sha[sha] = rel
    return _Decision(job=BuildJob(cand.path, rel, sha, st.st_size))


def _named(exc: KbError, rel: str) -> str:
    """The error's message, naming the file as the report does (its corpus-relative path)."""
    return f"{rel}: {describe(exc.reason, exc.fix)}"


def _gone(indexed: dict[str, StoredDocument], seen: set[str], targets: list[Path],
          corpus: Path, unreadable: list[str] | None = None) -> list[dict[str, str]]:
    """Indexed documents under the synced folders whose files are gone (not those under a folder
    that cannot be read: their files may well be there)."""
    folders = [source_key(t, corpus) for t in targets if t.is_dir()]
    gone = []
    for key, fields in indexed.items():
        if key in seen or any(is_inside(key, u) for u in unreadable or []):
            continue
        inside = any(is_inside(key, f) for f in folders)
        if inside and not path_exists(_path_of(key, corpus)):
            gone.append({"doc_id": fields.doc_id, "source": key, "title": fields.title})
    return gone


def rebuild(settings: Settings) -> IngestReport:
    """Build a new index generation from the corpus beside the live one, then swap it in atomically.
    Searches keep using the old generation until the swap; a failed or killed rebuild leaves the old
    one live (its half-built generation is removed by the next ingest or rebuild)."""
    store = IndexStore(settings.index)
    store.check_writable()
    with store.write_lock(settings.lock_wait), unwritable_as_kb_error(store.root):
        store.cleanup()
        gen = store.create_generation(settings.segmenter)
        try:
            report = _ingest([settings.corpus], settings, False, _GenerationStore(store.root, gen))
            # one segment: Whoosh preloads every match of a segment under 5,000 documents and merges
            # small ones later; a single segment halves the word queries' Whoosh floor at 100k passages
            ix = _GenerationStore(store.root, gen).open(check=False)
            reader = ix.reader()
            segments = len(reader.leaf_readers())
            reader.close()
            if segments > 1:  # as plain files (see kb.ingest.workers.writer_options), not one compound file
                ix.writer(compound=False).commit(optimize=True)
            ix.close()
        except BaseException:
            shutil.rmtree(gen, ignore_errors=True)
            raise
        store.activate(gen)
    return report


class _GenerationStore(IndexStore):
    """An IndexStore fixed on one (not yet live) generation; with ``live_after_commit`` (a first
    build) the generation is made live after its first commit that holds documents."""

    def __init__(self, root: Path, gen: Path, live_after_commit: bool = False) -> None:
        super().__init__(root)
        self._gen = gen
        self._live_after_commit = live_after_commit

    def committed(self) -> None:
        if self._live_after_commit and indexed_documents(self):
            IndexStore(self.root).activate(self._gen)
            self._live_after_commit = False

    def current_dir(self) -> Path | None:
        return self._gen

    def ensure(self, segmenter: str) -> None:
        return None

    def cleanup(self) -> list[Path]:
        return []
