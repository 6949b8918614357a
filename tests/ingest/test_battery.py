"""The battery of issue 12 as tests: each bad input beside good files.  For every kind: the batch
goes on, the file is named with a reason and a code in the JSON report, no traceback, exit status 1
only when a file failed, the corpus unchanged, the index searchable."""

from __future__ import annotations

import io
import json
import os
import socket
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from badfiles import TEXT
from corpusgen import hashes, sentences

from kb.cli.main import main
from kb.config import Settings
from kb.index.store import IndexStore
from kb.index.writer import indexed_documents
from kb.search.searcher import Searcher

GOOD = "办公室工作要抓落实。" + TEXT


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any], str]:
    code = main([*argv, "--json"])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def _ingest(capsys: pytest.CaptureFixture[str], corpus: Path, index: Path) -> tuple[int, dict[str, Any], str]:
    return _run(capsys, "ingest", "--corpus", str(corpus), "--index", str(index))


def _files(out: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["path"]: f for f in out["files"]}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    c = tmp_path / "corpus"
    c.mkdir()
    (c / "good.txt").write_text(GOOD, encoding="utf-8")
    return c


def _searchable(index: Path, word: str = "抓落实") -> bool:
    s = Searcher(index)
    try:
        return bool(s.search(word).hits)
    finally:
        s.close()


# --- only regular files are read ---------------------------------------------------------------------
def test_fifo_socket_and_link_loop_are_named_and_skipped(corpus: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(corpus / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(corpus / "sock.txt"))
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    before = hashes(corpus)
    started = time.monotonic()
    code, out, err = _ingest(capsys, corpus, tmp_path / "index")
    assert time.monotonic() - started < 30  # a FIFO used to block forever
    files = _files(out)
    assert code == 0 and "Traceback" not in err
    assert files["pipe.txt"] == files["pipe.txt"] | {
        "status": "skipped", "code": "special-file", "error": "pipe.txt: 是命名管道（FIFO），不是普通文件，kb 不读取它"}
    assert (files["sock.txt"]["status"], files["sock.txt"]["code"]) == ("skipped", "special-file")
    assert files["loop.txt"] == files["loop.txt"] | {
        "status": "skipped", "code": "link-loop", "error": "loop.txt: 是一个循环的符号链接（指向它自己），已跳过"}
    assert files["good.txt"]["status"] == "added" and _searchable(tmp_path / "index")
    assert hashes(corpus) == before
    # kb check and kb add do not block on them either
    code, report, err = _run(capsys, "check", "--corpus", str(corpus), "--index", str(tmp_path / "index"))
    assert code == 0 and {s["code"] for s in report["skipped"]} == {"special-file", "link-loop"}
    code, out, err = _run(capsys, "add", str(corpus / "pipe.txt"), "--corpus", str(tmp_path / "c2"),
                          "--index", str(tmp_path / "i2"))
    assert code == 1 and _files(out)[str(corpus / "pipe.txt")]["code"] == "unsafe-path"
    sock.close()


def test_unreadable_folder_is_named_and_its_documents_kept(corpus: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    sub = corpus / "sub"
    sub.mkdir()
    (sub / "inner.txt").write_text("内部文件。" + GOOD, encoding="utf-8")
    index = tmp_path / "index"
    assert _ingest(capsys, corpus, index)[0] == 0
    real_walk = os.walk

    def walk(top: Any, *args: Any, **kwargs: Any) -> Any:  # as for a folder made unreadable (chmod 000)
        onerror = kwargs.get("onerror")
        for dirpath, dirnames, filenames in real_walk(top, *args, **kwargs):
            if "sub" in dirnames and onerror is not None:
                dirnames.remove("sub")
                err = PermissionError(13, "Permission denied")
                err.filename = str(Path(dirpath) / "sub")
                onerror(err)
            yield dirpath, dirnames, filenames

    monkeypatch.setattr(os, "walk", walk)
    code, out, err = _ingest(capsys, corpus, index)
    files = _files(out)
    assert code == 0 and "Traceback" not in err and out["removed"] == []
    assert files["sub"]["code"] == "unreadable-folder"
    assert files["sub"]["error"].startswith("sub: 这个文件夹无法读取（Permission denied）")
    assert set(indexed_documents(IndexStore(index))) == {"good.txt", "sub/inner.txt"}
    code, report, err = _run(capsys, "check", "--corpus", str(corpus), "--index", str(index))
    assert report["orphaned"] == [] and [s["code"] for s in report["skipped"]] == ["unreadable-folder"]


def test_folder_link_outside_is_named(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "linked").symlink_to(outside, target_is_directory=True)
    code, out, err = _ingest(capsys, corpus, tmp_path / "index")
    assert code == 0 and _files(out)["linked"]["code"] == "folder-link"
    assert set(indexed_documents(IndexStore(tmp_path / "index"))) == {"good.txt"}


def test_a_name_that_is_not_utf8_is_indexed_under_its_gbk_reading(corpus: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    raw = os.path.join(os.fsencode(corpus), "办公室讲话.txt".encode("gbk"))
    with open(raw, "w", encoding="utf-8") as fh:
        fh.write("另一篇讲话。" + GOOD[::-1] + GOOD)
    index = tmp_path / "index"
    code, out, err = _ingest(capsys, corpus, index)
    assert code == 0, out
    assert _files(out)["办公室讲话.txt"]["status"] == "added"
    assert not list((index).rglob("*.tmp"))
    code, out, err = _ingest(capsys, corpus, index)
    assert out["summary"]["unchanged"] == 2 and code == 0
    code, report, err = _run(capsys, "check", "--corpus", str(corpus), "--index", str(index))
    assert code == 0, report


# --- honest reports ------------------------------------------------------------------------------------
def test_empty_files_are_empty_not_duplicates(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("a.txt", "b.txt", "c.docx", "d.pdf"):
        (corpus / name).write_bytes(b"")
    index = tmp_path / "index"
    code, out, err = _ingest(capsys, corpus, index)
    files = _files(out)
    assert code == 1
    for name in ("a.txt", "b.txt", "c.docx", "d.pdf"):
        assert files[name] == files[name] | {"status": "failed", "code": "empty", "duplicate_of": None,
                                             "error": f"{name}: 文件是空的（0 字节），没有可索引的内容。"
                                                      "解决办法：放入有文字的文档，或者把它移出文档文件夹"}
    code, report, err = _run(capsys, "check", "--corpus", str(corpus), "--index", str(index))
    assert code == 0 and report["duplicates"] == [] and sorted(report["unreadable_files"]) == [
        "a.txt", "b.txt", "c.docx", "d.pdf"]


@pytest.mark.parametrize("declared", ["undefined", "utf-16", "x-no-such-charset", "gbk"])
def test_a_declared_charset_is_only_a_hint(corpus: Path, tmp_path: Path, declared: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (corpus / "page.html").write_text(f'<html><head><meta charset="{declared}"><title>页面</title></head>'
                                      f"<body><p>网页里的讲话。{TEXT}</p></body></html>", encoding="utf-8")
    index = tmp_path / "index"
    code, out, err = _ingest(capsys, corpus, index)
    assert code == 0 and _files(out)["page.html"]["status"] == "added", out
    s = Searcher(index)
    hit = s.search("网页里的讲话").hits
    assert hit and hit[0].source == "page.html"
    s.close()


def _docx_with_document_xml(size: int) -> bytes:
    from docx import Document

    buf = io.BytesIO()
    d = Document()
    d.add_paragraph(TEXT)
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                body = b"<w:p><w:r><w:t>" + b"a" * 60 + b"</w:t></w:r></w:p>"
                data = data.replace(b"</w:body>", body * (size // len(body)) + b"</w:body>")
            z.writestr(info, data)
    return out.getvalue()


def test_a_docx_part_that_unpacks_huge_is_refused_unread(corpus: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    data = _docx_with_document_xml(40 * 1024 * 1024)
    assert len(data) < 1024 * 1024
    (corpus / "bomb.docx").write_bytes(data)
    started = time.monotonic()
    code, out, err = _ingest(capsys, corpus, tmp_path / "index")
    assert time.monotonic() - started < 30
    f = _files(out)["bomb.docx"]
    assert code == 1 and f["code"] == "corrupt" and "word/document.xml 从 139 KB 解压成 40 MB" in f["error"]
    assert _files(out)["good.txt"]["status"] == "added"


# --- linear time and budgets -----------------------------------------------------------------------------
def _one_line(n: int) -> str:
    pool = "".join(sentences()).replace("\n", "")
    return (pool * (n // len(pool) + 1))[:n]


def test_cleaning_and_segmenting_one_line_text_is_linear(tmp_path: Path) -> None:
    from kb import segment
    from kb.clean import document as cleaning
    from kb.extract import extract

    def cost(n: int) -> float:
        p = tmp_path / f"line{n}.txt"
        p.write_text(_one_line(n), encoding="utf-8")
        started = time.perf_counter()
        cleaned = cleaning.clean(extract(p))
        segment.passages_and_outline(segment.structure(cleaned.lines))
        return time.perf_counter() - started

    small, big = cost(100_000), cost(800_000)
    assert big < 8 * small * 2 + 1.0, (small, big)  # 8x the text, at most ~2x8 the time (was 0.1 MB: 260 s)


def test_a_huge_one_line_file_is_too_slow_not_a_hang(corpus: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (corpus / "one-line.txt").write_text(_one_line(3_000_000), encoding="utf-8")
    monkeypatch.setenv("KB_FILE_SECONDS", "3")
    monkeypatch.setenv("KB_WORKERS", "1")
    started = time.monotonic()
    code, out, err = _ingest(capsys, corpus, tmp_path / "index")
    assert time.monotonic() - started < 60
    f = _files(out)["one-line.txt"]
    assert code == 1 and f["code"] == "too-slow" and f["error"].startswith("one-line.txt: 处理这个文件超过了 3 秒的时限")
    assert _files(out)["good.txt"]["status"] == "added" and _searchable(tmp_path / "index")


#: seconds to build 1 MB of one-line text on the reference machine (the one this was written on, quiet)
REFERENCE_MB_SECONDS = 1.8


@pytest.mark.slow
# the build's own time budget (file_seconds scaled by the machine's measured speed) is what bounds this
# test; the suite's fixed 600 s cut it short on a busy machine (a fresh-clone CI run beside an ingest)
@pytest.mark.timeout(3600)
def test_fifty_mb_of_one_line_text_builds_within_the_default_budgets(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's test: 50 MB of one-line Chinese text (just under max_file_mb) is built in a worker
    process under the default budgets (file_seconds 120 s — scaled on a machine slower than the reference,
    see REFERENCE_MB_SECONDS — and file_memory_mb 1 GB), not too-slow or too-big."""
    import hashlib
    from dataclasses import replace

    from kb.ingest import workers
    from kb.ingest.pipeline import build_document
    from kb.models import Document

    monkeypatch.setattr(workers, "_start_method", lambda: "fork")  # the worker starts at once
    settings = Settings(corpus=tmp_path, index=tmp_path / "index")
    assert settings.file_seconds == 120 and settings.file_memory_mb == 1024 and settings.max_file_mb == 50
    per_char = len(_one_line(100_000).encode("utf-8")) / 100_000  # the pool mixes CJK (3 bytes) and ASCII
    # the time budget is the default on a machine as fast as the reference (2 cores, 1 MB built in
    # REFERENCE_MB_SECONDS), scaled by a 1 MB build measured here and now on a slower or busier one
    ref = tmp_path / "one-mb.txt"
    ref.write_text(_one_line(int(1024 * 1024 / per_char)), encoding="utf-8")
    build_document(ref, ref.name, settings)  # the first build also loads the dictionaries
    started = time.perf_counter()
    build_document(ref, ref.name, settings)
    # x1.5: the load of a shared machine changes during the two minutes of the big build (measured once,
    # before it); a step that is not linear would take hours on 50 MB, not 1.5 times the budget
    factor = 1.5 * max(1.0, (time.perf_counter() - started) / REFERENCE_MB_SECONDS)
    settings = replace(settings, file_seconds=settings.file_seconds * factor)
    p = tmp_path / "one-line.txt"
    text = _one_line(int(49.5 * 1024 * 1024 / per_char))
    p.write_text(text, encoding="utf-8")
    size = p.stat().st_size
    assert 49 * 1024 * 1024 < size < settings.max_file_mb * 1024 * 1024
    job = workers.BuildJob(p, p.name, hashlib.sha256(p.read_bytes()).hexdigest(), size)
    result = workers._alone(job, settings)  # the pool's path: a fresh worker with its memory cap
    assert isinstance(result, Document), result
    assert len(result.passages) > 50_000 and all(len(x.text) <= 400 for x in result.passages)
    assert sum(len(x.text) for x in result.passages) > 0.95 * len(text)


# --- adding files ----------------------------------------------------------------------------------------
def test_kb_add_refuses_a_symbolic_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "passwd.txt"
    link.symlink_to("/etc/passwd")
    corpus = tmp_path / "corpus"
    code, out, err = _run(capsys, "add", str(link), "--corpus", str(corpus), "--index", str(tmp_path / "index"))
    f = _files(out)[str(link)]
    assert code == 1 and f["code"] == "unsafe-path"
    assert f["error"] == (f"{link}: 这是一个符号链接，kb add 不跟随符号链接（它可能指向系统文件）。"
                          "解决办法：给出真实文件的路径，或者先把文件复制过来")
    assert not corpus.exists() or not list(corpus.iterdir())


def test_kb_add_on_a_read_only_index_leaves_the_corpus_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from kb.index import store as store_mod

    src = tmp_path / "new.txt"
    src.write_text(GOOD, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()

    def read_only(self: Any, data: bytes) -> int:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(store_mod.Path, "write_bytes", read_only)
    code = main(["add", str(src), "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    err = capsys.readouterr().err
    monkeypatch.undo()
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"kb: {tmp_path / 'index'}: 无法写入索引：索引文件夹是只读的（Read-only file system")
    assert "文档文件夹没有被改动" in err
    assert list(corpus.iterdir()) == []


def test_a_full_disk_is_said_before_anything_is_written(corpus: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda p: usage(10**9, 10**9 - 5 * 2**20, 5 * 2**20))
    before = hashes(corpus)
    code = main(["ingest", "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"kb: {tmp_path / 'index'}: 无法写入索引：索引所在的磁盘空间不足（只剩 5 MB）")
    assert hashes(corpus) == before and not IndexStore(tmp_path / "index").exists()


# --- garbage text --------------------------------------------------------------------------------------
GARBAGE = "佛佛釉釉釉佛佛釉釉釉，" * 6 + "。"


def test_garbage_text_fails_and_partly_garbage_text_warns(corpus: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from badfiles import pdf_bytes

    (corpus / "garbage.txt").write_text("\n\n".join([GARBAGE] * 6), encoding="utf-8")
    (corpus / "garbage.pdf").write_bytes(pdf_bytes([GARBAGE[i:i + 30] for i in range(0, len(GARBAGE), 30)] * 8))
    (corpus / "mixed.txt").write_text("\n\n".join(["混合的文件。" + TEXT, GARBAGE, GARBAGE]), encoding="utf-8")
    code, out, err = _ingest(capsys, corpus, tmp_path / "index")
    files = _files(out)
    assert code == 1
    for name in ("garbage.txt", "garbage.pdf"):
        assert (files[name]["status"], files[name]["code"]) == ("failed", "garbage"), files[name]
        assert files[name]["error"].startswith(f"{name}: 提取出的文字几乎全是乱码")
    assert files["mixed.txt"]["status"] == "added"
    assert any("的文字看起来是乱码" in w for w in files["mixed.txt"]["warnings"]), files["mixed.txt"]
    assert files["good.txt"]["status"] == "added"


@pytest.mark.parametrize(("depth", "status", "code"), [(300, "added", None), (1500, "added", None),
                                                       (100_000, "failed", "corrupt")])
def test_deeply_nested_html(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                            depth: int, status: str, code: str | None) -> None:
    (corpus / "deep.html").write_text("<html><body>" + "<div>" * depth + f"<p>深层网页。{TEXT}</p>"
                                      + "</div>" * depth + "</body></html>", encoding="utf-8")
    rc, out, err = _ingest(capsys, corpus, tmp_path / "index")
    f = _files(out)["deep.html"]
    assert (f["status"], f["code"]) == (status, code), f
    assert rc == (1 if code else 0) and "Traceback" not in err
    if code:
        assert f["error"].startswith("deep.html: 网页的标签嵌套超过 2048 层")


def test_an_add_whose_ingest_cannot_run_leaves_the_corpus_as_it_was(tmp_path: Path) -> None:
    from kb.ingest.add import add_files

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "old.txt").write_text(GOOD, encoding="utf-8")
    before = hashes(corpus)
    settings = Settings(corpus=corpus, index=index, lock_wait=0.2, workers=1)
    with IndexStore(index).write_lock(0):  # another writer holds the index
        result = add_files([("新文件.txt", ("新的讲话。" + TEXT).encode("utf-8"))], settings)
    assert hashes(corpus) == before
    [(name, f)] = result.items
    assert (name, f.status, f.code) == ("新文件.txt", "failed", "index-locked")
    assert f.error is not None and f.error.startswith("新文件.txt: 没有加入：另一个进程正在写入索引；文件没有保存到文档文件夹")


def test_a_disk_that_fills_up_during_an_ingest_is_a_message(corpus: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    index = tmp_path / "index"
    assert _ingest(capsys, corpus, index)[0] == 0
    (corpus / "new.txt").write_text("新增的讲话。" + GOOD, encoding="utf-8")

    def full(*_a: Any, **_k: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("kb.ingest.pipeline.write_changes", full)
    code = main(["ingest", "--corpus", str(corpus), "--index", str(index)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"kb: {index}: 无法写入索引：索引所在的磁盘空间不足（No space left on device）")
    monkeypatch.undo()
    assert _searchable(index) and set(indexed_documents(IndexStore(index))) == {"good.txt"}


# --- what already held, kept as tests ------------------------------------------------------------------
def _docx_with(document_xml: bytes) -> bytes:
    from docx import Document

    buf = io.BytesIO()
    Document().save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, document_xml if info.filename == "word/document.xml" else src.read(info))
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_xxe_and_billion_laughs_docx_neither_leak_nor_explode(corpus: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容不应出现", encoding="utf-8")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file://{secret}">]>'
           f'<w:document {W}><w:body><w:p><w:r><w:t>外部实体&x;。{TEXT}</w:t></w:r></w:p></w:body></w:document>')
    laughs = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
              + "".join(f'<!ENTITY {c} "&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};">'
                        for p, c in zip("abcdefgh", "bcdefghi", strict=True))
              + f']><w:document {W}><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>')
    (corpus / "xxe.docx").write_bytes(_docx_with(xxe.encode("utf-8")))
    (corpus / "laughs.docx").write_bytes(_docx_with(laughs.encode("utf-8")))
    started = time.monotonic()
    code, out, err = _ingest(capsys, corpus, tmp_path / "index")
    assert time.monotonic() - started < 60 and "Traceback" not in err
    files = _files(out)
    assert files["good.txt"]["status"] == "added"
    assert files["laughs.docx"]["status"] == "failed", files["laughs.docx"]
    s = Searcher(tmp_path / "index")
    assert not s.search('"机密内容不应出现"').hits
    s.close()


@pytest.mark.parametrize("name", ["带 空格 的名字.txt", "换行\n名字.txt", "-以横线开头.txt", "--help.txt",
                                  "长" * 83 + ".txt"])
def test_odd_names_through_the_command_line(corpus: Path, tmp_path: Path, name: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert len(name.encode("utf-8")) <= 255
    (corpus / name).write_text("另一篇。" + TEXT, encoding="utf-8")
    code, out, err = _ingest(capsys, corpus, tmp_path / "index")
    assert code == 0 and _files(out)[name]["status"] == "added"
    code, out, err = _run(capsys, "add", str(corpus / name), "--corpus", str(tmp_path / "c2"),
                          "--index", str(tmp_path / "i2"))
    assert code == 0, out


@pytest.mark.parametrize(("name", "data"), [
    ("bad-utf8-in-the-middle.txt", ("前半部分。" + TEXT).encode("utf-8") + b"\xff\xfe\xfa" + ("后半部分。" + TEXT).encode("utf-8")),
    ("utf16-no-bom.txt", ("没有字节顺序标记的文件。" + TEXT).encode("utf-16-le")),
    ("binary.txt", bytes(range(256)) * 40),
])
def test_text_encodings_that_held(corpus: Path, tmp_path: Path, name: str, data: bytes,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    (corpus / name).write_bytes(data)
    before = hashes(corpus)
    code, out, err = _ingest(capsys, corpus, tmp_path / "index")
    f = _files(out)[name]
    if name == "binary.txt":
        assert (code, f["status"], f["code"]) == (1, "failed", "binary")
    else:
        assert code == 0 and f["status"] == "added", f
    assert hashes(corpus) == before and _searchable(tmp_path / "index")


def test_utf16_without_bom_or_ascii_is_detected() -> None:
    from kb.extract.encoding import decode_bytes

    text = "没有字节顺序标记的文件。" + TEXT
    assert decode_bytes(text.encode("utf-16-le"), "a.txt") == (text, "utf-16-le")
    assert decode_bytes(text.encode("utf-16-be"), "a.txt") == (text, "utf-16-be")
    assert decode_bytes(text.encode("gbk"), "a.txt") == (text, "gbk")
