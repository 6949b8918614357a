"""kb.ingest.corrections: metadata corrected by hand, beside the corpus, applied at build time."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kb.cli.main import main
from kb.config import Settings
from kb.ingest import corrections
from kb.ingest.pipeline import ingest, rebuild
from kb.models import DocumentMeta
from kb.search.searcher import Searcher

ROOT = Path(__file__).resolve().parent.parent.parent
SPEECH = ("在全县办公室主任会议上的讲话\n\n同志们：\n\n今天召开全县办公室主任会议，主要任务是总结工作、部署任务。"
          "办公室工作要做到遇事留心、工作用心、办事细心，切实提高服务水平。\n\n"
          "希望大家认真贯彻落实会议精神，努力开创办公室工作新局面。\n")


@pytest.fixture
def kb_settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "讲话.txt").write_text(SPEECH, encoding="utf-8")
    s = Settings(corpus=corpus, index=tmp_path / "index")
    assert not ingest(None, s).failed
    return s


def _doc(s: Settings) -> dict[str, str]:
    searcher = Searcher(s.index)
    try:
        return searcher.documents()[0].to_dict()
    finally:
        searcher.close()


def test_apply_and_fingerprint() -> None:
    meta = DocumentMeta(title="关灯", author="心旷神怡", date="2024-08-28", extra={"date_source": "date line"})
    fixed = corrections.apply(meta, {"title": "在全县会议上的讲话", "speaker": "", "date": "2022-03-05"})
    assert (fixed.title, fixed.author, fixed.date) == ("在全县会议上的讲话", "", "2022-03-05")
    assert fixed.extra == {"date_source": "correction", "corrections": corrections.fingerprint(
        {"title": "在全县会议上的讲话", "speaker": "", "date": "2022-03-05"}), "corrected": "date,speaker,title"}
    assert corrections.apply(meta, {}) is meta and corrections.fingerprint({}) == ""


def test_validation_messages_in_chinese() -> None:
    assert corrections.validate({"date": "2022年3月5日", "subtitle": None}) == {"date": "2022-03-05", "subtitle": None}
    cases = {("date", "上周"): "日期 '上周' 无法识别。解决办法：写成 2022-03-05、2022年3月5日、2022-03 或 2022",
             ("genre", "诗歌"): "体裁 '诗歌' 不在可选范围内。解决办法：从这些体裁中选一个：讲话、体会/交流发言、报告、公文、书籍/教材、文章",
             ("title", ""): "标题不能为空。解决办法：给出标题，或用 --reset 恢复自动识别的标题",
             ("author", "x"): "不能更正字段 'author'。解决办法：可以更正的字段：title、subtitle、speaker、date、genre"}
    for (name, value), message in cases.items():
        with pytest.raises(corrections.CorrectionError) as e:
            corrections.validate({name: value})
        assert str(e.value) == message and e.value.code == "correction"


def test_correction_is_stored_beside_the_corpus_and_survives_rebuild(kb_settings: Settings) -> None:
    s = kb_settings
    before = (s.corpus / "讲话.txt").read_bytes()
    doc = _doc(s)
    key, stored, report = corrections.correct(s, doc["doc_id"], {"speaker": "李明", "date": "2022年3月5日",
                                                                  "genre": "讲话"})
    assert (key, stored) == ("讲话.txt", {"speaker": "李明", "date": "2022-03-05", "genre": "讲话"})
    assert [(f.path, f.status) for f in report.files] == [("讲话.txt", "updated")]
    assert (s.corpus / "讲话.txt").read_bytes() == before  # the original is never touched
    assert json.loads((s.corpus / corrections.FILE).read_text(encoding="utf-8")) == {
        "version": 1, "documents": {"讲话.txt": {"speaker": "李明", "date": "2022-03-05", "genre": "讲话"}}}
    for step in ("ingest", "rebuild"):
        if step == "ingest":
            assert [f.status for f in ingest(None, s).files] == ["unchanged"]  # not built again without a change
        else:
            rebuild(s)
        d = _doc(s)
        assert (d["author"], d["date"], d["genre"]) == ("李明", "2022-03-05", "讲话")
    searcher = Searcher(s.index)
    try:
        hit = searcher.search('"努力开创办公室工作新局面"').hits[0]
        assert (hit.title, hit.date) == ("在全县办公室主任会议上的讲话", "2022-03-05")  # what citations show
    finally:
        searcher.close()
    # an edit of the corrections file by hand is picked up by the next ingest
    data = json.loads((s.corpus / corrections.FILE).read_text(encoding="utf-8"))
    data["documents"]["讲话.txt"]["title"] = "县办公室主任会议讲话"
    (s.corpus / corrections.FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert [f.status for f in ingest(None, s).files] == ["updated"]
    assert _doc(s)["title"] == "县办公室主任会议讲话"
    _key, stored, _r = corrections.correct(s, "县办公室", {}, reset=True)
    assert stored == {} and _doc(s)["title"] == "在全县办公室主任会议上的讲话" and _doc(s)["author"] == ""
    assert json.loads((s.corpus / corrections.FILE).read_text(encoding="utf-8"))["documents"] == {}


def test_unknown_document_and_broken_file(kb_settings: Settings) -> None:
    s = kb_settings
    with pytest.raises(corrections.CorrectionError) as e:
        corrections.correct(s, "没有这篇", {"title": "甲"})
    assert str(e.value) == "索引里没有文档 '没有这篇'。解决办法：用 `kb docs` 列出所有文档，给出文档编号"
    (s.corpus / corrections.FILE).write_text("{", encoding="utf-8")
    with pytest.raises(corrections.CorrectionError) as e2:
        corrections.load(s.corpus)
    assert e2.value.fix == "把它改成合法的 JSON，或删除它（删除后已做的更正会丢失）"


def test_kb_meta_command(kb_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    s = kb_settings
    opts = ["--corpus", str(s.corpus), "--index", str(s.index)]
    doc_id = _doc(s)["doc_id"]
    assert main(["meta", doc_id, "--title", "县里的讲话", "--subtitle", "", *opts]) == 0
    assert capsys.readouterr().out == ("讲话.txt: 更正已保存（.kb-corrections.json，原文件未改动）\n"
                                       "  标题：县里的讲话  (更正)\n  副标题：—  (更正)\n  讲话人：—\n  日期：—\n  体裁：讲话\n")
    assert main(["meta", "县里的讲话", "--forget", "title", "--json", *opts]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["fields"]["title"] == "在全县办公室主任会议上的讲话" and out["corrections"] == {"subtitle": ""}
    assert main(["meta", doc_id, "--date", "昨天", *opts]) == 2
    assert "日期 '昨天' 无法识别" in capsys.readouterr().err


def test_read_page_form_corrects_with_the_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    s = Settings(corpus=corpus, index=tmp_path / "index")
    assert not ingest(None, s).failed
    doc = next(d for d in _all(s) if "中词库" in d["source"])
    monkeypatch.setenv("KB_INDEX", str(s.index))
    monkeypatch.setenv("KB_CORPUS", str(corpus))
    monkeypatch.setenv("KB_PASSWORD", "pw")
    monkeypatch.chdir(tmp_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"doc": doc["doc_id"]})
    at.switch_page("app_pages/read.py").run()
    assert not at.exception and not any(b.label == "保存更正" for b in at.button)
    at.text_input(key="password-input").input("pw")
    next(b for b in at.button if b.label == "确认").click().run()
    date = next(t for t in at.text_input if t.label == "日期")
    assert date.value == ""  # the page's update time is not the speech's date: a maintainer supplies it
    date.input("2019年5月")
    next(t for t in at.text_input if t.label == "讲话人/作者").input("")
    next(b for b in at.button if b.label == "保存更正").click().run()
    assert not at.exception, at.exception
    fixed = next(d for d in _all(s) if d["doc_id"] == doc["doc_id"])
    assert fixed["date"] == "2019-05"
    assert corrections.load(corpus)[doc["source"]]["date"] == "2019-05"
    assert any("2019-05" in m.value for m in at.markdown)


def _all(s: Settings) -> list[dict[str, str]]:
    searcher = Searcher(s.index)
    try:
        return [d.to_dict() for d in searcher.documents()]
    finally:
        searcher.close()
