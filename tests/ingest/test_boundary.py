"""The per-file boundary (kb.ingest.workers.build_one) end to end: a file that makes the builder
raise fails alone (status failed, code internal, a Chinese message naming it), every other file is
indexed, through `kb ingest`, `kb add`, the site's upload page and its rebuild button;
KB_STRICT=1 raises instead.  Also the real-world shape that used to raise: a PDF whose headings
are circled numbers (int('①'))."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from badfiles import TEXT, pdf_bytes

from kb.cli.main import main
from kb.config import Settings
from kb.index.store import IndexStore
from kb.index.writer import indexed_documents
from kb.ingest.pipeline import build_document as real_build
from kb.ingest.pipeline import ingest
from kb.ingest.workers import BuildError
from kb.search.searcher import Searcher

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
BOOM = "boom.txt"
_P = ["办公室工作连着上下、通着左右，必须始终把政治建设摆在首位。", "我们要把讲政治的要求落实到办文、办会、办事的每一个环节。",
      "服务是办公室的立身之本，今年以来共完成文稿起草三百余篇。", "落实是办公室工作的生命线，抓落实要一抓到底、久久为功。"]
CIRCLED_LINES = ["关于做好办公室工作的讲话", "同志们：", _P[0], "①提高政治站位", _P[1], _P[0], "②强化服务意识", _P[2],
                 _P[1], "③狠抓工作落实", _P[3], "⑴细化责任分工", _P[2]]
GOOD = ["good-1.txt", "good-2.txt", "circled.pdf"]


def _boom(path: Path, *args: Any, **kwargs: Any) -> Any:
    """A test double of the builder: raises, as a bug in a build stage would, for boom.txt."""
    if path.name == BOOM:
        raise ValueError("a bug in a build stage")
    return real_build(path, *args, **kwargs)


def _folder(corpus: Path) -> Path:
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "good-1.txt").write_text("第一篇。" + TEXT, encoding="utf-8")
    (corpus / "good-2.txt").write_text("第二篇。" + TEXT[::-1], encoding="utf-8")
    (corpus / "circled.pdf").write_bytes(pdf_bytes(CIRCLED_LINES))
    (corpus / BOOM).write_text("第三篇。" + TEXT, encoding="utf-8")
    return corpus


@pytest.fixture
def lenient(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KB_STRICT", raising=False)
    monkeypatch.setattr("kb.ingest.pipeline.build_document", _boom)


def _assert_internal(f: dict[str, Any], name: str = BOOM) -> None:
    assert (f["status"], f["code"]) == ("failed", "internal")
    assert f["error"] == (f"{name}: kb 处理这个文件时内部出错（ValueError: a bug in a build stage）。这是 kb 的缺陷，"
                          "不是文件的问题；其余文件照常索引。解决办法：请把这条消息、日志里的出错位置（Traceback）和这个文件"
                          "一起报告给 kb 的维护者；修好之前，可以把这个文件移出文档文件夹")


def test_circled_number_pdf_is_indexed_with_its_headings(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "circled.pdf").write_bytes(pdf_bytes(CIRCLED_LINES))
    doc = real_build(corpus / "circled.pdf", "circled.pdf", Settings())
    assert [h.text for h in doc.outline][:3] == ["①提高政治站位", "②强化服务意识", "③狠抓工作落实"]


def test_kb_ingest_fails_only_the_file_that_raises(tmp_path: Path, lenient: None,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _folder(tmp_path / "corpus")
    index = tmp_path / "index"
    code = main(["ingest", "--corpus", str(corpus), "--index", str(index), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    files = {f["path"]: f for f in out["files"]}
    _assert_internal(files[BOOM])
    assert all(files[n]["status"] == "added" for n in GOOD), files
    assert set(indexed_documents(IndexStore(index))) == set(GOOD)  # a first build: the rest is live
    s = Searcher(index)
    assert s.search("提高政治站位").hits
    s.close()


def test_the_pool_path_has_the_same_boundary(tmp_path: Path, lenient: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from kb.ingest import workers

    monkeypatch.setattr(workers, "_start_method", lambda: "fork")  # the workers see the test double
    corpus = _folder(tmp_path / "corpus")
    report = ingest(None, Settings(corpus=corpus, index=tmp_path / "index", workers=2))
    files = {f.path: f.to_dict() for f in report.files}
    _assert_internal(files[BOOM])
    assert all(files[n]["status"] == "added" for n in GOOD)


def test_strict_mode_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_STRICT", "1")
    monkeypatch.setattr("kb.ingest.pipeline.build_document", _boom)
    corpus = _folder(tmp_path / "corpus")
    with pytest.raises(BuildError, match="boom.txt: unexpected error while building this file"):
        ingest(None, Settings(corpus=corpus, index=tmp_path / "index"))


def test_kb_add_fails_only_the_file_that_raises(tmp_path: Path, lenient: None,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    src = _folder(tmp_path / "incoming")
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    code = main(["add", *(str(src / n) for n in [*GOOD, BOOM]), "--corpus", str(corpus), "--index", str(index),
                 "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    files = {f["path"]: f for f in out["files"]}
    _assert_internal(files[BOOM])
    assert all(files[n]["status"] == "added" for n in GOOD)


def _site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    corpus = tmp_path / "corpus"
    monkeypatch.setenv("KB_INDEX", str(tmp_path / "index"))
    monkeypatch.setenv("KB_CORPUS", str(corpus))
    monkeypatch.delenv("KB_PASSWORD", raising=False)
    monkeypatch.setenv("KB_WORKERS", "1")  # in-process, so the build sees the test double
    monkeypatch.chdir(tmp_path)
    return corpus


def test_site_upload_fails_only_the_file_that_raises(tmp_path: Path, lenient: None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    corpus = _site(tmp_path, monkeypatch)
    src = _folder(tmp_path / "incoming")
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/add.py").run()
    # the bad file first: the files after it are still saved and indexed
    at.file_uploader[0].set_value([(n, (src / n).read_bytes(), "application/octet-stream") for n in [BOOM, *GOOD]]
                                  + [("bad\x00name.txt", b"\xff\xfe\x00", "text/plain")])
    next(b for b in at.button if b.label == "添加到知识库").click().run()
    assert not at.exception
    assert any("处理结果：3/5 个文件已加入" in m.value for m in at.markdown), \
        [m.value for m in at.markdown] + [e.value for e in at.error]
    errors = [e.value for e in at.error]
    assert any(e.startswith("boom\\.txt\\: kb 处理这个文件时内部出错") for e in errors), errors
    assert len(errors) == 2  # boom.txt and the bad name, each on its own
    assert set(indexed_documents(IndexStore(tmp_path / "index"))) == set(GOOD)
    assert sorted(p.name for p in corpus.iterdir()) == sorted([BOOM, *GOOD])


def test_site_rebuild_fails_only_the_file_that_raises(tmp_path: Path, lenient: None,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    corpus = _site(tmp_path, monkeypatch)
    _folder(corpus)
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/status.py").run()
    next(b for b in at.button if b.label == "重建索引").click().run()
    assert not at.exception
    assert any(s.value.startswith("重建完成：3 篇文档") for s in at.success)
    assert any(w.value.startswith("boom\\.txt\\: kb 处理这个文件时内部出错") for w in at.warning)
    assert set(indexed_documents(IndexStore(tmp_path / "index"))) == set(GOOD)
