"""Nothing from a query or a document is rendered as Markdown or HTML: the no-results warning and
the titles on 状态 show the text, not an image or a link."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kb.config import Settings
from kb.ingest.pipeline import ingest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
IMAGE = '![x](http://127.0.0.1:9/q.png) "乌有之词乌有之词"'
LINK_TITLE = "[点我](javascript:alert(1))"


def test_the_no_results_warning_does_not_render_the_query(corpus_index: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_INDEX", str(corpus_index))
    monkeypatch.chdir(tmp_path)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["q"] = IMAGE
    at.run()
    assert not at.exception
    [warning] = [w.value for w in at.warning if "没有找到" in w.value]
    assert "\\!\\[x\\]\\(http\\://127\\.0\\.0\\.1\\:9/q\\.png\\)" in warning and "![x](" not in warning


def test_document_titles_on_the_status_page_are_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    body = "办公室工作要抓落实，提高质量和效率，做到办文、办会、办事规范有序。" * 4
    garbled = "佛佛釉釉釉佛佛釉釉釉，" * 6 + "。"  # a garbled passage: the document gets a warning, shown on 状态
    (corpus / "a.html").write_text(f"<html><head><title>{LINK_TITLE}</title></head><body><p>{body}</p>"
                                   f"<p>{garbled}</p><p>{garbled}</p></body></html>", encoding="utf-8")
    report = ingest(None, Settings(corpus=corpus, index=index, workers=1))
    assert report.files[0].status == "added" and report.files[0].warnings
    monkeypatch.setenv("KB_INDEX", str(index))
    monkeypatch.setenv("KB_CORPUS", str(corpus))
    monkeypatch.delenv("KB_PASSWORD", raising=False)
    monkeypatch.chdir(tmp_path)
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/status.py").run()
    assert not at.exception
    shown = "\n".join(str(m.value) for m in at.markdown)
    assert "\\[点我\\]\\(javascript\\:alert\\(1\\)\\)" in shown and "[点我](javascript:" not in shown
