"""Uploads saved safely into the corpus; documents removed to the trash, never deleted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from badfiles import TEXT, pdf_bytes
from corpusgen import hashes, speech

from kb.cli.main import main
from kb.config import Settings
from kb.errors import KbError
from kb.index.store import IndexStore
from kb.index.writer import indexed_documents
from kb.ingest.corpus import remove_document, safe_name, save_upload, upload
from kb.ingest.pipeline import ingest

DATA = TEXT.encode("utf-8")


def settings_for(tmp_path: Path) -> Settings:
    (tmp_path / "corpus").mkdir(exist_ok=True)
    return Settings(corpus=tmp_path / "corpus", index=tmp_path / "index", lock_wait=1.0)


@pytest.mark.parametrize("nasty, safe", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\windows\\win.ini.txt", "win.ini.txt"),
    ("/abs/讲话.txt", "讲话.txt"),
    ("..", "upload"),
    (".hidden.txt", "hidden.txt"),
    ("." * 300 + ".txt", "upload.txt"),
    ("a\x00b\x07c\u202e.TXT", "abc.txt"),
    ('x<y>:"z"|?*.md', "x_y___z____.md"),
    ("讲话", "讲话"),
])
def test_safe_name(nasty: str, safe: str) -> None:
    assert safe_name(nasty) == safe


def test_long_chinese_name_is_cut_keeping_the_extension() -> None:
    name = safe_name("关于进一步加强和改进新形势下党政机关办公室工作的若干意见" * 10 + ".docx")
    assert name.startswith("关于进一步加强") and name.endswith(".docx")
    assert len(name) <= 120 and len(name.encode("utf-8")) <= 230


@pytest.mark.parametrize("nasty", ["../../escape.txt", "/tmp/escape.txt", "sub/../../escape.txt", "..\\escape.txt",
                                   "\u202e../escape.txt", "." * 300 + ".txt"])
def test_uploads_never_leave_the_corpus(tmp_path: Path, nasty: str) -> None:
    s = settings_for(tmp_path)
    path = save_upload(nasty, DATA, s)
    assert path.parent.resolve() == s.corpus.resolve() and path.read_bytes() == DATA
    assert [p.name for p in tmp_path.iterdir()] == ["corpus"]


def test_same_name_other_content_gets_a_number_and_same_content_is_a_duplicate(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    first = save_upload("讲话.txt", DATA, s)
    second = save_upload("讲话.txt", DATA + "补充一句。".encode(), s)
    third = save_upload("讲话.txt", DATA + "再补充一句。".encode(), s)
    assert [first.name, second.name, third.name] == ["讲话.txt", "讲话 (2).txt", "讲话 (3).txt"]
    assert first.read_bytes() == DATA  # never overwritten
    again = upload("别的名字.txt", DATA, s)
    assert again.duplicate and again.path == first
    assert again.message == "别的名字.txt: the same content is already in the corpus as 讲话.txt; not saved again"
    assert sorted(p.name for p in s.corpus.iterdir()) == ["讲话 (2).txt", "讲话 (3).txt", "讲话.txt"]


def test_type_is_checked_by_content(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    assert save_upload("报告.txt", pdf_bytes(), s).name == "报告.pdf"  # a PDF under a wrong name
    cases = {
        "a.pdf": (DATA, "a.pdf: 文件内容不是 PDF 格式。解决办法：检查该文件；用生成它的程序重新另存为 PDF"),
        "b.txt": (bytes(range(256)) * 20, "b.txt: 文件里是二进制数据，不是文字。解决办法：确认它确实是文本文档"
                                          "（是否把 PDF、DOCX 或图片改了扩展名？）"),
        "c.exe": (DATA, "c.exe: 不支持 .exe 类型的文件。解决办法：转换为 PDF、DOCX、TXT、MD 或 HTML 格式"),
        "d.docx": (b"PK\x03\x04" + b"\0" * 100, "d.docx: 这是 zip 压缩包，不是文档。解决办法：解压后上传其中的文档"),
        "e.txt": (b"", "e.txt: 文件是空的。解决办法：上传带有内容的文档"),
    }
    for name, (data, message) in cases.items():
        with pytest.raises(KbError) as e:
            save_upload(name, data, s)
        assert str(e.value) == message
    big = Settings(corpus=s.corpus, index=s.index, max_file_mb=0.001)
    with pytest.raises(KbError) as e:
        save_upload("big.txt", DATA * 20, big)
    assert str(e.value).startswith("big.txt: 文件大小 0.0 MB，超过上限 0.001 MB。解决办法：把它拆分")
    assert [p.name for p in s.corpus.iterdir()] == ["报告.pdf"]


def test_remove_document_moves_the_file_to_the_trash(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    text = speech(5).encode("utf-8")
    keep = save_upload("保留.txt", text, s)
    gone = save_upload("删除.txt", text + "另一份。".encode(), s)
    ingest(None, s)
    docs = indexed_documents(IndexStore(s.index))
    remove_document(docs["删除.txt"].doc_id, s)
    assert not gone.exists() and (s.corpus / ".trash" / "删除.txt").read_bytes() == text + "另一份。".encode()
    assert set(indexed_documents(IndexStore(s.index))) == {"保留.txt"}
    assert docs["保留.txt"].near_duplicates != ()  # they were near-duplicates ...
    assert indexed_documents(IndexStore(s.index))["保留.txt"].near_duplicates == ()  # ... unlinked
    assert keep.exists() and ingest(None, s).count("unchanged") == 1  # the trash is not ingested
    with pytest.raises(KbError) as e:
        remove_document("nope", s)
    assert str(e.value) == f"{s.index}: 索引里没有文档 'nope'。解决办法：用 `kb docs` 列出所有文档"


def test_kb_add_copies_safely_and_ingests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = settings_for(tmp_path)
    outside = tmp_path / "incoming"
    outside.mkdir()
    (outside / "新讲话.txt").write_bytes(DATA)
    (outside / "坏.txt").write_bytes(b"")
    before = hashes(outside)
    code = main(["add", str(outside / "新讲话.txt"), str(outside / "坏.txt"), "--json",
                 "--corpus", str(s.corpus), "--index", str(s.index)])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    files = {f["path"]: f for f in report["files"]}
    assert files["新讲话.txt"]["status"] == "added"
    assert files[str(outside / "坏.txt")]["error"] == (f"{outside / '坏.txt'}: 文件是空的。"
                                                       "解决办法：上传带有内容的文档")
    assert (s.corpus / "新讲话.txt").read_bytes() == DATA and hashes(outside) == before
    code = main(["add", str(outside / "新讲话.txt"), "--corpus", str(s.corpus), "--index", str(s.index)])
    out = capsys.readouterr().out
    assert code == 0 and f"{outside / '新讲话.txt'}: already in the corpus as 新讲话.txt" in out


def test_remove_file_moves_a_failed_file_to_the_trash_and_forgets_its_failure(tmp_path: Path) -> None:
    from kb.ingest.check import check
    from kb.ingest.corpus import remove_file

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "好.txt").write_text(speech(1), encoding="utf-8")
    (corpus / "空.txt").write_bytes(b"  \n")
    cfg = Settings(corpus=corpus, index=tmp_path / "index", workers=1)
    assert [f.code for f in ingest(None, cfg).failed] == ["empty"]
    report = check(cfg)
    assert report.unreadable_files == ["空.txt"] and report.codes == {"空.txt": "empty"}
    dest = remove_file("空.txt", cfg)
    assert dest == corpus / ".trash" / "空.txt" and dest.exists() and not (corpus / "空.txt").exists()
    assert "空.txt" not in (IndexStore(cfg.index).meta().get("failed") or {})
    assert check(cfg).unreadable_files == []
    with pytest.raises(KbError) as gone:
        remove_file("空.txt", cfg)
    assert str(gone.value) == "空.txt: 文档文件夹里没有这个文件。解决办法：刷新页面：它可能已经被移走了"
    (tmp_path / "outside.txt").write_text("外面", encoding="utf-8")
    with pytest.raises(KbError) as outside:
        remove_file("../outside.txt", cfg)
    assert outside.value.code == "unsafe-path" and "文档文件夹之外" in str(outside.value)
