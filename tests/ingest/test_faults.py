"""Bad input: every file that cannot be read gets a message naming it and the fix; the rest of the
batch is indexed; no corpus file is changed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from badfiles import TEXT, encrypted_pdf, make_bad_files, pdf_bytes
from corpusgen import hashes

from kb.config import Settings
from kb.index.store import IndexStore
from kb.index.writer import indexed_documents
from kb.ingest.pipeline import ingest
from kb.search.searcher import Searcher

#: file -> (code, words the message must hold): the reason, then the fix
EXPECTED = {
    "empty.txt": ("empty", "文件是空的（0 字节）"),
    "binary.txt": ("binary", "文件里是二进制数据，不是文字"),
    "truncated.pdf": ("corrupt", "PDF 已损坏或不完整"),
    "corrupt.pdf": ("corrupt", "PDF 已损坏或不完整"),
    "encrypted.pdf": ("encrypted", "PDF 设有打开密码"),
    "scanned.pdf": ("needs-ocr", "没有文字层"),
    "garbage-font.pdf": ("needs-ocr", "字体映射成了乱码"),
    "notazip.docx": ("corrupt", "不是有效的 .docx 文件（不是 zip 压缩包）"),
    "bomb.docx": ("corrupt", "（疑似压缩炸弹）"),
    "unknown-encoding.txt": ("encoding", "文字编码无法识别"),
}


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("faults")
    corpus = root / "corpus"
    make_bad_files(corpus)
    (corpus / "good.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "good.pdf").write_bytes(pdf_bytes())
    (corpus / "owner-password-only.pdf").write_bytes(encrypted_pdf("", "owner"))
    (corpus / "page.html").write_text(
        "<html><head><title>页面</title><style>.c{color:red}</style><script>var 脚本变量 = 1;</script></head>"
        f"<body><p>{TEXT}</p><script>document.write('脚本写入的文字')</script></body></html>", encoding="utf-8")
    before = hashes(corpus)
    settings = Settings(corpus=corpus, index=root / "index")
    report = ingest(None, settings)
    return {"settings": settings, "report": report, "files": {f.path: f for f in report.files},
            "before": before}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_is_reported_by_name_with_a_fix(bad_batch: dict[str, Any], name: str) -> None:
    code, words = EXPECTED[name]
    f = bad_batch["files"][name]
    assert (f.status, f.code) == ("failed", code), f.error
    assert f.error.startswith(f"{name}: ") and words in f.error and "。解决办法：" in f.error, f.error


def test_the_rest_of_the_batch_is_indexed(bad_batch: dict[str, Any]) -> None:
    files = bad_batch["files"]
    for name in ("good.txt", "good.pdf", "owner-password-only.pdf", "page.html"):
        assert files[name].status == "added" and files[name].passages >= 1, files[name]
    held = indexed_documents(IndexStore(bad_batch["settings"].index))
    assert set(held) == {"good.txt", "good.pdf", "owner-password-only.pdf", "page.html"}
    assert bad_batch["report"].to_dict()["summary"]["failed"] == len(EXPECTED)


def test_no_corpus_file_changed(bad_batch: dict[str, Any]) -> None:
    assert hashes(bad_batch["settings"].corpus) == bad_batch["before"]


def test_html_is_indexed_without_scripts_and_styles(bad_batch: dict[str, Any]) -> None:
    s = Searcher(bad_batch["settings"].index)

    def sources(word: str) -> set[str]:
        return {x for h in s.search(word, limit=20).hits for x in [h.source, *(o["source"] for o in h.also_in)]}

    for word in ("脚本变量", "脚本写入的文字", "color"):
        assert "page.html" not in sources(word)
    # the page's paragraph reads as good.txt's: one hit, both sources
    assert {"page.html", "good.txt"} <= sources("抓落实")


def test_scanned_pdf_names_the_pages_to_ocr(bad_batch: dict[str, Any]) -> None:
    assert bad_batch["files"]["scanned.pdf"].warnings == ["需要文字识别（OCR）：第 1 页"]


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "big.txt").write_text(TEXT * 200, encoding="utf-8")
    (corpus / "small.txt").write_text(TEXT, encoding="utf-8")
    r = ingest(None, Settings(corpus=corpus, index=tmp_path / "index", max_file_mb=0.01))
    f = {x.path: x for x in r.files}
    assert f["small.txt"].status == "added"
    assert (f["big.txt"].status, f["big.txt"].code) == ("failed", "too-large")
    assert f["big.txt"].error == ("big.txt: 文件大小 0.08 MB，超过上限 0.01 MB。解决办法：把它拆分成几个文件，"
                                  "或用 KB_MAX_FILE_MB 或 kb.toml 中的 max_file_mb 调高上限")


def test_symlink_outside_the_corpus_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    secret = tmp_path / "outside.txt"
    secret.write_text("机密文件的内容。" * 10, encoding="utf-8")
    (corpus / "link.txt").symlink_to(secret)
    (corpus / "good.txt").write_text(TEXT, encoding="utf-8")
    r = ingest(None, Settings(corpus=corpus, index=tmp_path / "index"))
    f = {x.path: x for x in r.files}
    assert (f["link.txt"].status, f["link.txt"].code) == ("failed", "unsafe-path")
    assert f["link.txt"].error == ("link.txt: 这是指向文档库之外的符号链接。"
                                   "解决办法：把文档复制到文档库文件夹里，不要用链接")
    assert set(indexed_documents(IndexStore(tmp_path / "index"))) == {"good.txt"}


def test_odd_file_names_are_indexed_under_their_names(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    long_name = "关于进一步加强和改进新形势下党政机关办公室工作的若干意见" * 2 + ".txt"
    names = ["控制\x07字符\x1b.txt", long_name, "sub/文件.txt"]
    for i, n in enumerate(names):
        (corpus / n).write_text(f"第{i}份。" + TEXT, encoding="utf-8")
    s = Settings(corpus=corpus, index=tmp_path / "index")
    r = ingest(None, s)
    assert sorted((f.path, f.status) for f in r.files) == sorted((n, "added") for n in names)
    # a path given with ../ is the same document, not a second one
    again = ingest([corpus / "sub" / ".." / "sub" / "文件.txt"], s)
    assert [(f.path, f.status) for f in again.files] == [("sub/文件.txt", "unchanged")]


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    p = corpus / "locked.txt"
    p.write_text(TEXT, encoding="utf-8")
    p.chmod(0)
    r = ingest(None, Settings(corpus=corpus, index=tmp_path / "index"))
    assert r.files[0].error == "locked.txt: 文件无法读取（Permission denied）。解决办法：检查文件的读取权限"
