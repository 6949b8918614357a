"""More of issue 12's battery, through the command line (``kb ingest`` / ``kb rebuild`` / ``kb add``
with ``--json``): the whole set of bad files in one batch, circled-number headings in plain text, a
read-only index, a disk that fills up during a rebuild, and ``kb rebuild`` killed again and again.
For each: the batch goes on, the file is named with a reason and a code, no traceback, exit status 1
only when a file failed (2 when the index cannot be written), the corpus unchanged, the index
searchable."""

from __future__ import annotations

import errno
import json
import os
import random
import time
from pathlib import Path
from typing import Any

import pytest
from badfiles import TEXT, make_bad_files, pdf_bytes
from corpusgen import hashes, make_corpus
from test_boundary import CIRCLED_LINES
from test_faults import EXPECTED

from kb.cli.main import main
from kb.config import Settings
from kb.index.store import IndexStore
from kb.index.writer import indexed_documents
from kb.ingest.pipeline import ingest
from kb.search.searcher import Searcher

GOOD = "办公室工作要抓落实。" + TEXT


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any], str]:
    code = main([*argv, "--json"])
    out = capsys.readouterr()
    return code, json.loads(out.out) if out.out.strip() else {}, out.err


def _files(out: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["path"]: f for f in out["files"]}


def _hits(index: Path, query: str) -> list[str]:
    s = Searcher(index)
    try:
        return [h.source for h in s.search(query, limit=20).hits]
    finally:
        s.close()


def test_every_bad_file_in_one_batch_through_kb_ingest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    make_bad_files(corpus)
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "good.pdf").write_bytes(pdf_bytes())
    before = hashes(corpus)
    code, out, err = _run(capsys, "ingest", "--corpus", str(corpus), "--index", str(index))
    files = _files(out)
    assert code == 1 and "Traceback" not in err
    for name, (reason, words) in EXPECTED.items():  # each named, with its reason and the fix
        f = files[name]
        assert (f["status"], f["code"]) == ("failed", reason), f
        assert f["error"].startswith(f"{name}: ") and words in f["error"] and "解决办法：" in f["error"]
    assert files["good.txt"]["status"] == files["good.pdf"]["status"] == "added"
    assert out["summary"]["failed"] == len(EXPECTED) and out["summary"]["added"] == 2
    assert hashes(corpus) == before
    assert set(indexed_documents(IndexStore(index))) == {"good.txt", "good.pdf"}
    assert "good.txt" in _hits(index, "抓落实")
    # the next run: nothing new, the bad files still named (exit 1); without them, exit 0
    code, out, err = _run(capsys, "ingest", "--corpus", str(corpus), "--index", str(index))
    assert code == 1 and out["summary"]["unchanged"] == 2 and out["summary"]["failed"] == len(EXPECTED)
    for name in EXPECTED:
        (corpus / name).unlink()
    code, out, err = _run(capsys, "ingest", "--corpus", str(corpus), "--index", str(index))
    assert code == 0 and out["summary"]["failed"] == 0 and "Traceback" not in err
    code, report, err = _run(capsys, "check", "--corpus", str(corpus), "--index", str(index))
    assert code == 0 and report["ok"], report


def test_circled_number_headings_in_plain_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``int('②')`` used to raise in TXT as in PDF (issue 12, finding 3)."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "circled.txt").write_text("\n\n".join(CIRCLED_LINES), encoding="utf-8")
    (corpus / "circled-gbk.txt").write_bytes("\n".join(["另一篇讲话", *CIRCLED_LINES[1:]]).encode("gbk"))
    code, out, err = _run(capsys, "ingest", "--corpus", str(corpus), "--index", str(index))
    assert code == 0 and "Traceback" not in err, out
    assert {f["path"]: f["status"] for f in out["files"]} == {"circled.txt": "added", "circled-gbk.txt": "added"}
    s = Searcher(index)
    try:
        doc = next(d for d in s.documents() if d.source == "circled.txt")
        full = s.document(doc.doc_id)
        assert full is not None
        assert [h.text for h in full.outline][:3] == ["①提高政治站位", "②强化服务意识", "③狠抓工作落实"]
        assert s.search("强化服务意识").hits
    finally:
        s.close()


def test_an_unreadable_file_is_named_even_when_run_as_root(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/ingest/test_faults.py's chmod 000 case is skipped as root (root reads every file): the same
    refusal, made by the reading itself, as a file on a network share without permission gives."""
    from kb.ingest import pipeline

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "locked.txt").write_text("锁住的文件。" + TEXT, encoding="utf-8")
    real = pipeline.file_sha256

    def sha(path: Path) -> str:
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(pipeline, "file_sha256", sha)
    code, out, err = _run(capsys, "ingest", "--corpus", str(corpus), "--index", str(index))
    files = _files(out)
    assert code == 1 and "Traceback" not in err
    assert files["locked.txt"] == files["locked.txt"] | {
        "status": "failed", "code": "unreadable",
        "error": "locked.txt: 文件无法读取（Permission denied）。解决办法：检查文件的读取权限"}
    assert files["good.txt"]["status"] == "added" and _hits(index, "抓落实") == ["good.txt"]


# --- a read-only index -----------------------------------------------------------------------------------
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def _read_only(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    """Every write under ``root`` fails as on a read-only file system (the test runs as root, for whom
    ``chmod`` protects nothing): opening for writing, creating folders, renaming, removing."""
    real_open, real_mkdir = os.open, os.mkdir
    real_rename, real_replace, real_unlink = os.rename, os.replace, os.unlink

    def under(path: Any) -> bool:
        try:
            return Path(os.fsdecode(path)).resolve().is_relative_to(root.resolve())
        except (TypeError, ValueError):
            return False

    def refuse(path: Any) -> None:
        raise OSError(errno.EROFS, "Read-only file system", os.fsdecode(path))

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & WRITE_FLAGS and under(path):
            refuse(path)
        return real_open(path, flags, *args, **kwargs)

    def one_path(real: Any) -> Any:
        def fn(path: Any, *args: Any, **kwargs: Any) -> Any:
            if under(path):
                refuse(path)
            return real(path, *args, **kwargs)
        return fn

    def two_paths(real: Any) -> Any:
        def fn(src: Any, dst: Any, *args: Any, **kwargs: Any) -> Any:
            if under(src) or under(dst):
                refuse(dst)
            return real(src, dst, *args, **kwargs)
        return fn

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "mkdir", one_path(real_mkdir))
    monkeypatch.setattr(os, "unlink", one_path(real_unlink))
    monkeypatch.setattr(os, "rename", two_paths(real_rename))
    monkeypatch.setattr(os, "replace", two_paths(real_replace))
    real_io_open = open

    def builtin_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, bytes, os.PathLike)) and set(mode) & set("wax+") and under(file):
            refuse(file)
        return real_io_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", builtin_open)


@pytest.mark.parametrize("command", ["ingest", "rebuild", "add"])
def test_a_read_only_index_is_a_message_and_stays_searchable(tmp_path: Path, command: str,
                                                             capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    assert ingest(None, Settings(corpus=corpus, index=index)).count("added") == 1
    live = IndexStore(index).current_dir()
    (corpus / "new.txt").write_text("新增的讲话。" + TEXT[::-1], encoding="utf-8")
    src = tmp_path / "upload.txt"
    src.write_text("上传的讲话。" + TEXT, encoding="utf-8")
    before = hashes(corpus)
    _read_only(monkeypatch, index)
    argv = {"ingest": ["ingest"], "rebuild": ["rebuild"], "add": ["add", str(src)]}[command]
    code = main([*argv, "--corpus", str(corpus), "--index", str(index)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err, err
    assert err.startswith(f"kb: {index}: 无法写入索引：索引文件夹是只读的（Read-only file system："), err
    assert err.rstrip().endswith("文档文件夹没有被改动")
    assert hashes(corpus) == before  # kb add did not save the file either
    assert _hits(index, "抓落实") == ["good.txt"]  # the read-only index still answers
    monkeypatch.undo()
    assert IndexStore(index).current_dir() == live
    assert set(indexed_documents(IndexStore(index))) == {"good.txt"}


def test_a_disk_that_fills_up_during_a_rebuild_leaves_the_live_index(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, 3)
    ingest(None, Settings(corpus=corpus, index=index))
    store = IndexStore(index)
    live = store.current_dir()

    def full(*_a: Any, **_k: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("kb.ingest.pipeline.write_changes", full)
    code = main(["rebuild", "--corpus", str(corpus), "--index", str(index)])
    err = capsys.readouterr().err
    monkeypatch.undo()
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"kb: {index}: 无法写入索引：索引所在的磁盘空间不足（No space left on device）")
    assert store.current_dir() == live and store.orphans() == []  # the half-built generation is gone
    assert len(indexed_documents(store)) == 3 and _hits(index, "办公室")


# --- kb rebuild killed again and again -------------------------------------------------------------------
@pytest.mark.slow
def test_rebuild_killed_at_random_moments_never_breaks_the_live_index(tmp_path: Path) -> None:
    """Issue 12 killed ``kb rebuild`` 16 times: the live index must answer after every kill, the
    corpus stay as it was, and the next rebuild equal a clean build."""
    from test_crash import kill, snapshot, start

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, 30)
    settings = Settings(corpus=corpus, index=index)
    ingest(None, settings)
    store = IndexStore(index)
    expected, held = hashes(corpus), snapshot(index)
    rng = random.Random(16)
    kills = 0
    for _ in range(8):
        live = store.current_dir()
        proc = start("rebuild", "--corpus", str(corpus), "--index", str(index))
        time.sleep(rng.uniform(0.5, 6.0))
        if proc.poll() is None:
            kills += 1
        kill(proc)
        assert hashes(corpus) == expected
        # killed: the old generation is live; finished: the new one is, with the same content
        assert store.current_dir() == live or proc.returncode == 0
        assert snapshot(index) == held
        s = Searcher(index)
        assert s.search("办公室").hits
        s.close()
    assert kills >= 4
    assert main(["rebuild", "--corpus", str(corpus), "--index", str(index)]) == 0
    assert store.orphans() == [] and snapshot(index) == held
    ingest(None, Settings(corpus=corpus, index=tmp_path / "clean"))
    assert snapshot(tmp_path / "clean") == held
