"""kb.ingest.workers: building files in worker processes keeps map_build's contract."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from kb.config import Settings
from kb.errors import EmptyFileError, KbError
from kb.ingest import workers as parallel
from kb.ingest.workers import (
    BuildError,
    BuildJob,
    FileTooBigError,
    FileTooSlowError,
    InternalBuildError,
    WorkerCrashError,
    map_build,
    worker_count,
    writer_options,
)
from kb.models import Document

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


@pytest.fixture(autouse=True)
def _fork(monkeypatch: pytest.MonkeyPatch) -> None:
    # fork, so the workers see this test's monkeypatches (pytest-timeout may run a thread, which
    # would otherwise select forkserver)
    monkeypatch.setattr(parallel, "_start_method", lambda: "fork")


def _jobs(folder: Path) -> list[BuildJob]:
    return [BuildJob(p, p.name, f"sha-{i}", p.stat().st_size) for i, p in enumerate(sorted(folder.iterdir()))]


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """The bundled documents, an empty file among them, and copies enough for a pool."""
    d = tmp_path / "in"
    d.mkdir()
    for p in sorted(CORPUS.iterdir()):
        (d / p.name).write_bytes(p.read_bytes())
    (d / "c-empty.txt").write_bytes(b"")
    return d


def _summary(results: list[tuple[BuildJob, Document | KbError]]) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for job, r in results:
        if isinstance(r, Document):
            out.append((job.key, (r.doc_id, r.sha256, [p.text for p in r.passages])))
        else:
            out.append((job.key, (type(r).__name__, r.path, r.reason, r.fix, r.code, str(r))))
    return out


def test_pool_matches_sequential_in_order_with_errors_intact(files: Path) -> None:
    jobs = _jobs(files)
    assert len(jobs) >= parallel.MIN_PARALLEL_JOBS
    seq = list(map_build(jobs, Settings(workers=1)))
    par = list(map_build(jobs, Settings(workers=2)))
    assert [j.key for j, _r in par] == [j.key for j in jobs]
    assert _summary(par) == _summary(seq)
    err = dict((j.key, r) for j, r in par)["c-empty.txt"]
    assert isinstance(err, EmptyFileError)
    assert err.path == str(files / "c-empty.txt")


def _boom(path: Path, *args: Any, **kwargs: Any) -> Document:
    if path.name.startswith("新时期"):
        raise ValueError("a bug in a build stage")
    return _real_build(path, *args, **kwargs)


def _die(path: Path, *args: Any, **kwargs: Any) -> Document:
    if path.name.startswith("新时期"):
        os._exit(3)  # the worker process dies, as on a segfault or the OOM killer
    return _real_build(path, *args, **kwargs)


from kb.ingest.pipeline import build_document as _real_build  # noqa: E402


@pytest.mark.parametrize("workers", [1, 2])
def test_strict_mode_raises_a_defect_naming_the_file(files: Path, monkeypatch: pytest.MonkeyPatch,
                                                     workers: int) -> None:
    monkeypatch.setenv("KB_STRICT", "1")
    monkeypatch.setattr("kb.ingest.pipeline.build_document", _boom)
    with pytest.raises(BuildError) as info:
        list(map_build(_jobs(files), Settings(workers=workers)))
    assert "新时期办公室工作讲话（网页转载）.txt: unexpected error while building this file: " \
           "ValueError: a bug in a build stage" in str(info.value)
    assert info.value.__cause__ is not None


@pytest.mark.parametrize("workers", [1, 2])
def test_a_defect_fails_only_its_file(files: Path, monkeypatch: pytest.MonkeyPatch, workers: int,
                                      caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.delenv("KB_STRICT")
    monkeypatch.setattr("kb.ingest.pipeline.build_document", _boom)
    jobs = _jobs(files)
    results = list(map_build(jobs, Settings(workers=workers)))
    assert [j.key for j, _r in results] == [j.key for j in jobs]
    by_key = {j.key: r for j, r in results}
    name = "新时期办公室工作讲话（网页转载）.txt"
    err = by_key[name]
    assert isinstance(err, InternalBuildError) and err.code == "internal"
    assert err.path == str(files / name)
    assert err.reason == ("kb 处理这个文件时内部出错（ValueError: a bug in a build stage）。"
                          "这是 kb 的缺陷，不是文件的问题；其余文件照常索引")
    assert err.fix is not None and "报告给 kb 的维护者" in err.fix
    assert "Traceback (most recent call last)" in caplog.text and "a bug in a build stage" in caplog.text
    built = [k for k, r in by_key.items() if isinstance(r, Document)]
    assert len(built) == len(jobs) - 2  # all but the defective one and the empty file


#: the other files, built before the budgets apply (a loaded machine may take over 1 s to build one)
_PREBUILT: dict[Path, Document | KbError] = {}


def _slow(path: Path, *args: Any, **kwargs: Any) -> Document:
    if path.name.startswith("新时期"):
        while True:  # a build stage that never ends (a quadratic regex on a huge line)
            pass
    built = _PREBUILT.get(path)
    if isinstance(built, KbError):
        raise built
    return built if built is not None else _real_build(path, *args, **kwargs)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_over_the_time_budget_is_too_slow(files: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    jobs = _jobs(files)
    for j in jobs:  # in this process, before the fork: the workers inherit them
        if not j.path.name.startswith("新时期"):
            _PREBUILT[j.path] = parallel.build_one(j, Settings(file_seconds=0))
    monkeypatch.setattr("kb.ingest.pipeline.build_document", _slow)
    results = dict((j.key, r) for j, r in map_build(jobs, Settings(workers=workers, file_seconds=1.0)))
    err = results["新时期办公室工作讲话（网页转载）.txt"]
    assert isinstance(err, FileTooSlowError) and err.code == "too-slow"
    assert err.reason == "处理这个文件超过了 1 秒的时限，已放弃（其余文件照常索引）"
    assert sum(isinstance(r, Document) for r in results.values()) == len(jobs) - 2


class _SlowFinalizer:
    def __del__(self) -> None:  # the deadline passes while this runs: its exception is "ignored"
        import time
        until = time.monotonic() + 0.6
        while time.monotonic() < until:
            pass


def _alarm_lost_in_a_finalizer(path: Path, *args: Any, **kwargs: Any) -> Document:
    if path.name.startswith("新时期"):
        _SlowFinalizer()  # dropped at once: __del__ runs now, over the 0.3 s deadline
        while True:
            pass
    return _real_build(path, *args, **kwargs)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the lost alarm
def test_the_time_budget_holds_when_its_first_alarm_is_lost(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time
    monkeypatch.setattr("kb.ingest.pipeline.build_document", _alarm_lost_in_a_finalizer)
    job = next(j for j in _jobs(files) if j.key.startswith("新时期"))
    started = time.monotonic()
    result = parallel.build_one(job, Settings(file_seconds=0.3))
    assert isinstance(result, FileTooSlowError)
    assert time.monotonic() - started < 0.6 + 0.3 + 2.0  # the repeated alarm, not never


def _hungry(path: Path, *args: Any, **kwargs: Any) -> Document:
    if path.name.startswith("新时期"):
        hoard = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GB
        assert hoard
    return _real_build(path, *args, **kwargs)


def test_a_file_over_the_memory_budget_is_too_big(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kb.ingest.pipeline.build_document", _hungry)
    jobs = _jobs(files)
    results = dict((j.key, r) for j, r in map_build(jobs, Settings(workers=2, file_memory_mb=256)))
    err = results["新时期办公室工作讲话（网页转载）.txt"]
    assert isinstance(err, FileTooBigError) and err.code == "too-big"
    assert sum(isinstance(r, Document) for r in results.values()) == len(jobs) - 2


def test_a_crashed_worker_fails_its_file_and_the_rest_complete(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kb.ingest.pipeline.build_document", _die)
    jobs = _jobs(files)
    results = list(map_build(jobs, Settings(workers=2)))
    assert [j.key for j, _r in results] == [j.key for j in jobs]
    by_key = {j.key: r for j, r in results}
    crashed = [k for k, r in by_key.items() if isinstance(r, WorkerCrashError)]
    assert crashed == ["新时期办公室工作讲话（网页转载）.txt"]
    assert str(by_key[crashed[0]]).endswith(
        "处理这个文件的工作进程意外退出（被终止、内存不足，或文档库程序崩溃）。"
        "解决办法：确认文件能正常打开，再运行一次 `kb ingest`；其他文件已经收录")
    built = [k for k, r in by_key.items() if isinstance(r, Document)]
    assert len(built) == len(jobs) - 2  # all but the crashed one and the empty file


def test_worker_count_and_writer_options() -> None:
    assert worker_count(Settings(workers=3), 10) == 3
    assert worker_count(Settings(workers=3), 2) == 2
    assert worker_count(Settings(workers=0)) == len(os.sched_getaffinity(0))
    assert writer_options(1000, Settings(limitmb=128)) == {"limitmb": 128, "compound": False}


def test_workers_yield_to_the_whoosh_writer_but_not_on_the_engine_path() -> None:
    assert parallel.worker_nice(Settings()) == parallel.WORKER_NICE == 5
    assert parallel.worker_nice(Settings(backend="sphinx", engine="127.0.0.1:9306")) == 0


def test_ingest_with_workers_builds_the_same_index(tmp_path: Path, files: Path) -> None:
    from kb.ingest.pipeline import ingest
    from kb.search.searcher import Searcher

    texts, postings = [], []
    for workers in (1, 2):
        idx = tmp_path / f"idx{workers}"
        report = ingest([files], Settings(corpus=files, index=idx, workers=workers))
        assert [f.path for f in report.failed] == ["c-empty.txt"]
        s = Searcher(idx)
        texts.append(sorted(p for _pid, p in s.passage_texts()))
        # the words segmented ahead in the workers index exactly as the writer's own tokenizer would
        reader = s.searcher().reader()
        postings.append({(f, t): list(reader.postings(f, t).items_as("positions"))
                         for f, t in reader.all_terms() if f in ("text", "heading", "title", "bi")})
        s.close()
    assert texts[0] == texts[1] and texts[0]
    assert postings[0] == postings[1] and len(postings[0]) > 1000


def test_forkserver_workers_started_from_the_site_build_every_file(files: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The site is threaded, so its ingests start workers with forkserver; Streamlit installs app.py as
    the __main__ module, which a forkserver worker runs again as __mp_main__: it must draw nothing
    there, or every worker dies and every file of a multi-file upload fails."""
    import sys
    import types

    fake_main = types.ModuleType("__main__")
    fake_main.__file__ = str(ROOT / "app.py")
    fake_main.__spec__ = None
    monkeypatch.setitem(sys.modules, "__main__", fake_main)
    monkeypatch.setattr(parallel, "_start_method", lambda: "forkserver")
    jobs = _jobs(files)
    results = list(map_build(jobs, Settings(workers=2)))
    built = [j.key for j, r in results if isinstance(r, Document)]
    assert len(built) == len(jobs) - 1  # all but the empty file
    assert [type(r).__name__ for _j, r in results if not isinstance(r, Document)] == ["EmptyFileError"]


def _layout_free(idx: Path, queries: list[str]) -> tuple[Any, ...]:
    """What an index holds, whatever segment each passage is in: records, postings by passage id,
    and the hits, totals and facets of ``queries``."""
    from kb.search.searcher import Searcher

    s = Searcher(idx)
    reader = s.searcher().reader()
    pid = {d: f["pid"] for d, f in reader.iter_docs()}
    postings = {(f, t): sorted((pid[d], tuple(p)) for d, p in reader.postings(f, t).items_as("positions"))
                for f, t in reader.all_terms() if f in ("text", "heading", "title", "bi")}
    postings |= {(f, t): sorted(pid[d] for d in reader.postings(f, t).all_ids())
                 for f, t in reader.all_terms() if f in ("doc_id", "kind", "topic", "rec")}
    postings = {k: v for k, v in postings.items() if v}  # terms left only by deleted passages
    records = sorted((f["pid"], f.get("text", ""), f.get("source", "")) for f in s.searcher().documents())
    found = []
    for q in queries:
        r = s.search(q, limit=20, facets=True)
        found.append((q, [(h.passage_id, round(h.score, 9)) for h in r.hits], r.total, r.facets, r.did_you_mean))
    segments = len(reader.leaf_readers()) if hasattr(reader, "leaf_readers") else 1
    s.close()
    return records, postings, found, segments


def test_parallel_segment_writers_build_the_same_index(tmp_path: Path) -> None:
    """Twenty files or more with two workers: two writer processes write their own segments
    (kb.index.segments), and the index holds exactly what one writer builds; so after an incremental
    ingest (files changed, removed, added) and a removal."""
    from corpusgen import make_corpus, speech

    from kb.index import segments
    from kb.index.store import IndexStore
    from kb.index.writer import indexed_documents, remove_documents
    from kb.ingest.pipeline import ingest

    corpus = tmp_path / "corpus"
    make_corpus(corpus, segments.MIN_FILES + 4)
    queries = ["办公室", "落实 督查", '"三个服务"', "服务 群众", "会议 -督查", "办工室", "year:2010 工作"]
    built = []
    for workers in (1, 2):
        idx = tmp_path / f"idx{workers}"
        settings = Settings(corpus=corpus, index=idx, workers=workers)
        assert segments.segment_writer_count(settings, segments.MIN_FILES) == workers
        report = ingest(None, settings)
        assert not report.failed and sum(f.status == "added" for f in report.files) == segments.MIN_FILES + 4
        assert not list(IndexStore(idx).current_dir().glob(segments.SIDE_PREFIX + "*"))  # type: ignore[union-attr]
        built.append(_layout_free(idx, queries))
    assert built[0][:3] == built[1][:3] and len(built[0][1]) > 1000
    assert built[1][3] == 3  # a segment per writer process, and the parent's (document records)
    # incremental: two changed, one removed, one added (fewer files than MIN_FILES: the one writer)
    files = sorted(corpus.glob("*.txt"))
    files[0].write_text(speech(900), encoding="utf-8")
    files[1].write_text(speech(901), encoding="utf-8")
    files[2].unlink()
    make_corpus(corpus, 1, start=700)
    for workers in (1, 2):
        ingest(None, Settings(corpus=corpus, index=tmp_path / f"idx{workers}", workers=workers))
    fresh = tmp_path / "fresh"
    ingest(None, Settings(corpus=corpus, index=fresh, workers=1))
    after = [_layout_free(tmp_path / f"idx{w}", queries)[:3] for w in (1, 2)]
    assert after[0] == after[1]
    # a fresh build holds the same (its scores differ: Whoosh counts deleted passages until a merge)
    assert after[0][:2] == _layout_free(fresh, queries)[:2]
    doc_id = sorted(d.doc_id for d in indexed_documents(IndexStore(fresh)).values())[0]
    for w in (1, 2):
        remove_documents(IndexStore(tmp_path / f"idx{w}"), [doc_id])
    assert _layout_free(tmp_path / "idx1", queries)[:3] == _layout_free(tmp_path / "idx2", queries)[:3]


def test_a_failing_writer_process_cancels_the_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer process that fails: the ingest raises, the index keeps its last commit, and no side
    folder stays behind."""
    from corpusgen import make_corpus

    from kb.index import segments
    from kb.index.store import IndexStore
    from kb.ingest.pipeline import ingest

    corpus = tmp_path / "corpus"
    make_corpus(corpus, 3)
    idx = tmp_path / "idx"
    ingest(None, Settings(corpus=corpus, index=idx, workers=1))
    before = _layout_free(idx, ["办公室"])
    make_corpus(corpus, segments.MIN_FILES, start=100)
    real = segments.SegmentWriters.add

    def broken(self: Any, passages: list[dict[str, Any]]) -> None:  # a value Whoosh cannot index
        real(self, [dict(f, ordinal="not a number") for f in passages])

    monkeypatch.setattr(segments.SegmentWriters, "add", broken)
    with pytest.raises(segments.SegmentWriterError, match="writer process failed"):
        ingest(None, Settings(corpus=corpus, index=idx, workers=2))
    assert _layout_free(idx, ["办公室"]) == before
    assert not list(IndexStore(idx).current_dir().glob(segments.SIDE_PREFIX + "*"))  # type: ignore[union-attr]


def test_a_long_document_comes_back_without_its_tokens(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over AHEAD_MAX_CHARS the worker sends no tokens (the writer segments the passages itself):
    the tokens of 50 MB of text are ~2 GB of tuples."""
    job = next(j for j in _jobs(files) if j.key.startswith("新时期"))
    monkeypatch.setattr(parallel, "_worker_settings", Settings())
    kind, (doc, tokens) = parallel._work(job)
    assert kind == "ok" and tokens is not None and len(tokens) == len(doc.passages)
    monkeypatch.setattr(parallel, "AHEAD_MAX_CHARS", sum(len(p.text) for p in doc.passages) - 1)
    kind, (again, tokens) = parallel._work(job)
    assert kind == "ok" and tokens is None and again.passages == doc.passages
    assert parallel._unpack(job, kind, (again, tokens), Settings()) is again
