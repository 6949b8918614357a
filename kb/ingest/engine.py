"""``kb ingest`` into the engine: the same discovery, building (worker processes) and per-file
reports as the embedded pipeline (:mod:`kb.ingest.pipeline`), written to every mirror of each
document's shard.  Lagging mirrors are repaired first.  Files are compared with what the engine holds
by content hash; documents whose files are gone are removed.  Not done here (the embedded pipeline
does them): near-duplicate links between documents, and re-keying a moved file without reading it.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from kb.config import Settings
from kb.engines import sphinxql as sql
from kb.engines.sphinx import DIST_INDEX, Engine
from kb.errors import KbError, describe
from kb.index.writer import stored_document
from kb.ingest.files import file_sha256
from kb.ingest.pipeline import discover
from kb.ingest.workers import BuildJob, map_build
from kb.models import Document, FileReport, IngestReport, StoredDocument

log = logging.getLogger(__name__)

#: documents per write (each write goes to every mirror of the documents' shards)
BATCH_DOCS = 50
#: batches being written in the background while the build workers go on (more only holds memory)
WRITES_AHEAD = 2


class BackgroundWriter:
    """Writes batches of documents to the engine in one background thread, so that the build
    workers are not idle while a batch is written (the write mostly waits on the engine); at most
    ``ahead`` batches are pending.  A failed write raises at the next :meth:`submit` or at
    :meth:`finish`, as the write itself would have."""

    def __init__(self, engine: Engine, ahead: int = WRITES_AHEAD) -> None:
        self.engine = engine
        self.ahead = max(1, ahead)
        self.pending: deque[Future[None]] = deque()
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="kb-engine-write")

    def submit(self, batch: list[Document]) -> None:
        while len(self.pending) >= self.ahead:
            self.pending.popleft().result()
        self.pending.append(self.pool.submit(self.engine.index_documents, batch))

    def finish(self) -> None:
        """Wait for every pending write (the first failure raises)."""
        while self.pending:
            self.pending.popleft().result()

    def close(self) -> None:
        for f in self.pending:
            f.cancel()
        self.pool.shutdown(wait=True)


def indexed(engine: Engine) -> dict[str, StoredDocument]:
    """source key -> its document record, from the engine."""
    from kb.engines.sphinx_search import EngineSearcher

    rows, _m, _lost = EngineSearcher(engine).query(
        f"SELECT {sql.SELECT} FROM {DIST_INDEX} WHERE rec=1 LIMIT 1000000 OPTION max_matches=1000000")
    return {f.source: f for f in (stored_document(sql.fields_of(r)) for r in rows)}


def ingest(paths: list[Path] | None, settings: Settings, engine: Engine, prune: bool | None = None) -> IngestReport:
    started = time.perf_counter()
    corpus = settings.corpus
    targets = [Path(p) for p in (paths or [corpus])]
    engine.repair()
    old = indexed(engine)
    by_sha = {f.sha: k for k, f in old.items()}
    report = IngestReport(index=engine.setting)
    jobs: list[BuildJob] = []
    slots: dict[str, int] = {}
    seen: set[str] = set()
    for cand in discover(targets, corpus):
        rel = cand.key
        seen.add(rel)
        if cand.error is not None:
            report.files.append(FileReport(rel, "failed", error=str(cand.error), code=cand.error.code))
            continue
        if cand.skip_reason:
            report.files.append(FileReport(rel, "skipped", error=f"{rel}: {cand.skip_reason}", code="unsupported"))
            continue
        try:
            st = cand.path.stat()
            sha = file_sha256(cand.path)
        except OSError as exc:
            report.files.append(FileReport(rel, "failed", error=f"{rel}: " + describe(
                f"文件无法读取（{exc.strerror}）", "检查文件的读取权限"), code="unreadable"))
            continue
        prev = old.get(rel)
        if prev is not None and prev.sha == sha:
            report.files.append(FileReport(rel, "unchanged", passages=prev.passages, doc_id=prev.doc_id,
                                           title=prev.title, date=prev.date))
            continue
        twin = by_sha.get(sha)
        if twin is not None and twin != rel:
            report.files.append(FileReport(rel, "skipped", error=f"{rel}: 与 {twin} 是同一个文件（内容完全相同），"
                                           "只收录一次", code="duplicate", duplicate_of=twin))
            continue
        by_sha[sha] = rel
        slots[rel] = len(report.files)
        report.files.append(FileReport(rel, "failed", error=f"{rel}: 未处理", code="bug"))
        jobs.append(BuildJob(cand.path, rel, sha, st.st_size))
    batch: list[Document] = []
    writer = BackgroundWriter(engine)
    try:
        for job, result in map_build(jobs, settings):
            if isinstance(result, KbError):
                report.files[slots[job.key]] = FileReport(job.key, "failed", error=str(result), code=result.code)
                continue
            report.files[slots[job.key]] = FileReport(
                job.key, "updated" if job.key in old else "added", passages=len(result.passages),
                warnings=list(result.warnings), doc_id=result.doc_id, title=result.meta.title, date=result.meta.date)
            batch.append(result)
            if len(batch) >= BATCH_DOCS:
                writer.submit(batch)
                batch = []
        if batch:
            writer.submit(batch)
        writer.finish()
    finally:
        writer.close()
    if prune is None:
        prune = any(t.is_dir() for t in targets)
    if prune:
        gone = [f for k, f in old.items() if k not in seen and not (corpus / k).exists()]
        if gone:
            engine.delete_documents([f.doc_id for f in gone])
            report.removed.extend({"doc_id": f.doc_id, "source": f.source, "title": f.title} for f in gone)
    report.elapsed_s = time.perf_counter() - started
    return report
