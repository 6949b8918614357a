"""The site, page by page, with streamlit.testing.v1.AppTest against a temp index of the bundled corpus."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from docx import Document
from streamlit.testing.v1 import AppTest

from kb.config import Settings, load_settings
from kb.ingest.pipeline import ingest
from kb.search.searcher import Searcher
from kb.toolkit.basket import Basket
from kb.toolkit.baskets import BasketStore, store_path
from kb.toolkit.messages import REASONS

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
LIBRARIES = ["app_pages/formulations.py", "app_pages/sentences.py", "app_pages/quotations.py",
             "app_pages/headings.py"]
ALL_PAGES = ["app_pages/search.py", "app_pages/browse.py", "app_pages/read.py", *LIBRARIES,
             "app_pages/basket.py", "app_pages/add.py", "app_pages/status.py"]

#: markup a browser would run; the cleaner strips well-formed tags, these forms reach the index
HOSTILE = """关于<script/x>alert("标题")</script/x>的讲话

一、总体要求

办公室工作要做到<script/x>alert('x')</script/x>三服务，防止<img/src=x onerror=alert(1)>出现，还有 $x^2$ 和 **粗体** 这样的字符。

二、具体措施

落实是办公室工作的生命线，<svg/onload=alert(2)>抓落实要一抓到底。
"""


@pytest.fixture
def site(corpus_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KB_INDEX", str(corpus_index))
    monkeypatch.setenv("KB_CORPUS", str(tmp_path / "corpus"))
    monkeypatch.delenv("KB_PASSWORD", raising=False)
    monkeypatch.chdir(tmp_path)  # no kb.toml from the working tree
    return corpus_index


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    idx = root / "index"
    report = ingest(None, Settings(corpus=corpus, index=idx))
    assert not report.failed, [f.error for f in report.failed]
    return idx


def app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    return at


def page(path: str, **params: str) -> AppTest:
    at = app(**params)
    at.switch_page(path)
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [w.value for w in at.warning] + [e.value for e in at.error] + [s.value for s in at.success]
    return "\n".join(str(p) for p in parts)


def first_doc(index: Path) -> dict[str, str]:
    s = Searcher(index)
    try:
        docs = s.documents()
        doc = next(d for d in docs if d.passages > 5)
        full = s.document(doc.doc_id)
        assert full is not None
        return {"doc": doc.doc_id, "p": full.passages[3].passage_id, "title": doc.title}
    finally:
        s.close()


# --- 搜索 ------------------------------------------------------------------------------------------------
def test_every_page_runs_without_errors(site: Path) -> None:
    for path in ALL_PAGES:
        at = page(path).run()
        assert not at.exception, (path, at.exception)
        assert at.markdown, path


def test_search_empty_query_explains_and_offers_examples(site: Path) -> None:
    at = app().run()
    assert not at.exception
    assert any("知识库共有 5 篇文档" in i.value for i in at.info)
    assert at.pills(key="example").options
    assert at.text_input(key="q").value == ""


def test_search_from_url_shows_cards_with_highlights_and_filters(site: Path) -> None:
    at = app(q="抓落实").run()
    assert not at.exception
    assert at.text_input(key="q").value == "抓落实"
    assert any(c.value.startswith("找到 **") for c in at.caption)
    cards = [m.value for m in at.markdown if 'class="kb-title"' in m.value]
    assert len(cards) == 10
    assert "<mark>" in cards[0] and sum("<mark>" in c for c in cards) >= 5
    assert "kb-path" in "".join(cards)  # heading paths shown
    labels = [b.label for b in at.button]
    assert labels.count("加入素材篮") == 10
    assert [pl.label for pl in at.page_link].count("在原文中阅读") == 10
    assert at.pagination(key="page").value == 1
    year = at.selectbox(key="f-year")
    assert any(o.startswith("2008（") for o in year.options)  # (the web copy's 2024 was its page's update time)
    year.select("2008").run()
    assert not at.exception
    assert at.query_params.get("year") in ("2008", ["2008"])
    cards = [m.value for m in at.markdown if 'class="kb-title"' in m.value]
    assert cards and all("2008" in c for c in cards)


def test_search_paging_moves_to_the_next_page(site: Path) -> None:
    at = app(q="办公室").run()
    first = [m.value for m in at.markdown if 'class="kb-title"' in m.value]
    at.pagination(key="page").set_value(2).run()
    assert not at.exception
    second = [m.value for m in at.markdown if 'class="kb-title"' in m.value]
    assert second and second != first


def test_search_no_hits_says_what_to_try(site: Path) -> None:
    at = app(q='"量子纠缠超导体"').run()
    assert not at.exception
    assert any("没有找到与「\"量子纠缠超导体\"」相关的段落" in w.value for w in at.warning)


def copy_texts(at: AppTest) -> list[str]:
    """The texts the one-click copy buttons of the page copy (their data-copy attribute)."""
    found = re.findall(r'class="kb-copy" data-copy="([^"]*)"', "".join(m.value for m in at.markdown))
    return [html.unescape(t) for t in found]


def stored(at: AppTest) -> Basket:
    """The current basket of the AppTest's browser, read back from the SQLite store."""
    store = BasketStore(store_path(load_settings()))
    owner = at.session_state["kb-owner"]
    return store.load(owner, store.current(owner))


def test_search_has_query_help_and_one_click_copy_with_citation(site: Path) -> None:
    at = app(q="抓落实").run()
    assert any("加引号" in m.value for m in at.markdown)  # the help expander's content
    copies = copy_texts(at)
    assert len(copies) == 10
    assert copies[0].splitlines()[-1].startswith("——摘自《")
    assert len(copies[0].splitlines()) >= 2
    assert not at.code  # no second click in a popover


def test_search_no_hint_about_quotes_without_quotes(site: Path) -> None:
    at = app(q="量子纠缠超导体").run()
    warning = next(w.value for w in at.warning if "没有找到" in w.value)
    assert "引号" not in warning
    assert warning == "没有找到与「量子纠缠超导体」相关的段落。可以换个说法或减少词语再试。"


def test_neighbours_and_related_open_lazily(site: Path) -> None:
    at = app(q="抓落实").run()
    assert "kb-near current" not in "".join(m.value for m in at.markdown)  # nothing loaded while closed
    pid_key = next(b.key for b in at.button if b.label == "加入素材篮").removeprefix("bk-")
    at.session_state[f"more-{pid_key}"] = True
    at.run()
    assert not at.exception
    assert "kb-near current" in "".join(m.value for m in at.markdown)


def test_add_to_basket_from_search_then_export(site: Path) -> None:
    at = app(q="抓落实").run()
    at.button(key=next(b.key for b in at.button if b.label == "加入素材篮")).click().run()
    assert not at.exception
    assert len(stored(at)) == 1
    assert "已在素材篮" in [b.label for b in at.button]
    adds = [b for b in at.button if b.label == "加入素材篮"]
    adds[0].click().run()
    assert len(stored(at)) == 2
    assert "素材篮（2 段）" in [pl.label for pl in at.sidebar.page_link]
    at.switch_page("app_pages/basket.py").run()
    assert not at.exception
    assert len(stored(at)) == 2  # kept on the server
    assert [d.label for d in at.download_button][:2] == ["导出 Word（.docx）", "导出 Markdown"]
    items = list(stored(at))
    at.button(key=f"down-{items[0].passage_id}").click().run()
    assert [i.passage_id for i in stored(at)] == [items[1].passage_id, items[0].passage_id]
    at.text_area(key=f"note-{items[0].passage_id}").input("放在第二部分").run()
    assert stored(at).items[1].note == "放在第二部分"
    doc = Document(io.BytesIO(stored(at).to_docx()))
    body = [p.text for p in doc.paragraphs]
    assert items[0].text in body and "批注：放在第二部分" in body
    at.button(key=f"rm-{items[1].passage_id}").click().run()
    assert len(stored(at)) == 1


def test_several_named_baskets_and_the_title_names_the_file(site: Path) -> None:
    at = app(q="抓落实").run()
    at.button(key=next(b.key for b in at.button if b.label == "加入素材篮")).click().run()
    at.switch_page("app_pages/basket.py").run()
    at.text_input(key="export-title").input("年中会议讲话").run()
    assert stored(at).name == "年中会议讲话"
    assert at.download_button(key="dl-docx").proto.deferred_file_id or True
    at.text_input(key="new-basket").input("调研报告").run()
    assert not at.exception
    assert stored(at).name == "调研报告" and len(stored(at)) == 0
    assert any("这个素材篮还是空的" in i.value for i in at.info)
    names = at.selectbox(key="basket-pick").options
    assert names == ["年中会议讲话（1 段）", "调研报告（0 段）"]
    at.selectbox(key="basket-pick").select_index(0).run()
    assert stored(at).name == "年中会议讲话" and len(stored(at)) == 1


def test_basket_page_when_empty(site: Path) -> None:
    at = page("app_pages/basket.py").run()
    assert any("素材篮还是空的" in i.value and "刷新页面" in i.value for i in at.info)


# --- 浏览 / 阅读 ---------------------------------------------------------------------------------------------
def test_browse_lists_documents_newest_first_with_clickable_titles(site: Path) -> None:
    s = Searcher(site)
    docs = s.documents()
    s.close()
    at = page("app_pages/browse.py").run()
    assert not at.exception
    links = [pl for pl in at.main.page_link if pl.proto.query_string.startswith("doc=")]
    assert len(links) == 5
    dated = sorted((d for d in docs if d.date), key=lambda d: d.date, reverse=True)
    assert links[0].proto.query_string == f"doc={dated[0].doc_id}"
    at.segmented_control(key="doc-sort").set_value("title").run()
    links = [pl for pl in at.main.page_link if pl.proto.query_string.startswith("doc=")]
    assert links[0].proto.query_string == f"doc={sorted(docs, key=lambda d: d.label)[0].doc_id}"


def test_browse_topic_counts_are_one_facet_count(site: Path) -> None:
    s = Searcher(site)
    expected = {name: s.search(f"topic:{name}", limit=1).total for name, _c in s.facet_counts()["topic"]}
    s.close()
    at = page("app_pages/browse.py").run()
    body = "".join(m.value for m in at.markdown)
    for name, n in expected.items():
        assert f'{name} <span class="kb-meta">{n} 段</span>' in body


def test_read_page_deep_links_to_a_passage(site: Path) -> None:
    target = first_doc(site)
    at = page("app_pages/read.py", doc=target["doc"], p=target["p"]).run()
    assert not at.exception
    body = "\n".join(m.value for m in at.markdown)
    assert f'class="kb-passage target" id="p-{target["p"]}"' in body
    assert target["title"] in body
    assert 'class="kb-outline"' in body or "没有识别出小标题" in texts(at)
    assert len(copy_texts(at)) == body.count('class="kb-passage')  # every passage has one-click copy


def test_read_page_without_or_with_unknown_doc(site: Path) -> None:
    at = page("app_pages/read.py").run()
    assert at.selectbox[0].label == "文档"
    at = page("app_pages/read.py", doc="nope").run()
    assert not at.exception
    assert any("没有找到这篇文档" in w.value for w in at.warning)


def test_read_page_ignores_a_passage_id_from_another_document(site: Path) -> None:
    target = first_doc(site)
    at = page("app_pages/read.py", doc=target["doc"], p="</script><script>alert(1)</script>").run()
    assert not at.exception
    assert "kb-passage target" not in "\n".join(m.value for m in at.markdown)


def test_read_page_shows_the_readers_warnings_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    corpus, idx = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(corpus / "缺页.pdf"))
    c.setFont("STSong-Light", 14)
    c.drawString(72, 780, "关于档案数字化工作的讲话")
    c.drawString(72, 740, "同志们：档案数字化是机关基础性工作，要按照统一标准推进馆藏档案的扫描和著录。")
    c.showPage()  # the second page has no text
    c.rect(72, 400, 300, 200)
    c.save()
    report = ingest(None, Settings(corpus=corpus, index=idx, workers=1))
    assert report.files[0].warnings == ["第 2 页：没有文字层，这些页的文字缺失（需要文字识别 OCR）"]
    monkeypatch.setenv("KB_INDEX", str(idx))
    monkeypatch.setenv("KB_CORPUS", str(corpus))
    monkeypatch.chdir(tmp_path)
    at = page("app_pages/read.py", doc=str(report.files[0].doc_id)).run()
    assert not at.exception
    assert [e.label for e in at.expander][0] == "读取这篇文档时的提示（1）"
    assert "第 2 页：没有文字层，这些页的文字缺失（需要文字识别 OCR）" in [c.value for c in at.caption]


# --- libraries ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", LIBRARIES)
def test_library_pages(site: Path, path: str) -> None:
    at = page(path).run()
    assert not at.exception
    assert at.text_input  # the library's search box
    assert any(c.value.startswith("共 ") for c in at.caption), [w.value for w in at.warning]
    cards = [m.value for m in at.markdown if "kb-" in m.value and "<style>" not in m.value]
    assert len(cards) >= 3
    if path.endswith("formulations.py"):  # a formulation's uses open on demand
        at.session_state["uses-form-1-0"] = True
        at.run()
    assert copy_texts(at), path  # every entry can be copied (headings too) ...
    assert "加入素材篮" in [b.label for b in at.button]  # ... and put in the basket


def test_quotation_copy_keeps_its_marks_and_speaker(site: Path) -> None:
    at = page("app_pages/quotations.py").run()
    first = copy_texts(at)[0].splitlines()
    assert re.match(r"^.+：“.+”$", first[0]), first  # the quotation may hold quoted words of its own
    assert first[1].startswith("——摘自《")


# --- 添加文档 / 状态, with and without a password -------------------------------------------------------------------
def test_add_page_without_password_shows_the_uploader(site: Path) -> None:
    at = page("app_pages/add.py").run()
    assert not at.exception
    assert len(at.file_uploader) == 1
    # any name is accepted by the widget (one bad name must not fail the batch); kb checks each file
    assert at.file_uploader[0].help.startswith("支持 PDF、Word（.docx）、纯文本（.txt）、Markdown（.md）和网页（.html、.htm）；每个文件不超过 ")
    assert at.selectbox(key="remove-pick").options


def test_removal_resets_its_confirmation(tmp_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = tmp_path / "index"
    assert not ingest(None, Settings(corpus=tmp_corpus, index=index, workers=1)).failed
    monkeypatch.setenv("KB_INDEX", str(index))
    monkeypatch.setenv("KB_CORPUS", str(tmp_corpus))
    monkeypatch.delenv("KB_PASSWORD", raising=False)
    monkeypatch.chdir(tmp_path)
    at = page("app_pages/add.py").run()
    pick = at.selectbox(key="remove-pick")
    first = pick.options[0]
    pick.select_index(0).run()
    at.checkbox(key="remove-sure").check().run()
    at.button(key="remove-go").click().run()
    assert not at.exception
    assert any(m.value.startswith("已删除：") for m in at.success)
    assert at.checkbox(key="remove-sure").value is False and at.selectbox(key="remove-pick").value is None
    assert first not in at.selectbox(key="remove-pick").options and len(at.selectbox(key="remove-pick").options) == 4
    assert at.button(key="remove-go").disabled


def test_add_page_asks_for_the_password(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_PASSWORD", "秘密123")
    at = page("app_pages/add.py").run()
    assert not at.exception
    assert not at.file_uploader
    assert any("需要管理密码" in i.value for i in at.info)
    at.text_input(key="password-input").input("wrong")
    submit = next(b for b in at.button if b.label == "确认")
    submit.click().run()
    assert any("密码不正确" in e.value for e in at.error)
    at.text_input(key="password-input").input("秘密123")
    next(b for b in at.button if b.label == "确认").click().run()
    assert not at.exception
    assert len(at.file_uploader) == 1
    # search stays open
    at.switch_page("app_pages/search.py").run()
    assert not at.exception and at.text_input(key="q")


def test_status_page_shows_counts_and_protects_rebuild(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = page("app_pages/status.py").run()
    assert not at.exception
    assert [m.label for m in at.metric] == ["文档", "段落", "索引大小"]
    assert at.metric[0].value == "5"
    assert any(b.label == "重建索引" for b in at.button)
    monkeypatch.setenv("KB_PASSWORD", "pw")
    at = page("app_pages/status.py").run()
    assert not any(b.label == "重建索引" for b in at.button)
    assert any("需要管理密码" in i.value for i in at.info)


def test_upload_indexes_a_file_and_reports_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("kb.ingest.corpus")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    monkeypatch.setenv("KB_INDEX", str(tmp_path / "index"))
    monkeypatch.setenv("KB_CORPUS", str(corpus))
    monkeypatch.delenv("KB_PASSWORD", raising=False)
    monkeypatch.chdir(tmp_path)
    at = page("app_pages/add.py").run()
    at.file_uploader[0].set_value([("新材料.txt", HOSTILE.encode("utf-8"), "text/plain"),
                                   ("空.txt", b"", "text/plain")])
    next(b for b in at.button if b.label == "添加到知识库").click().run()
    assert not at.exception
    body = texts(at)
    assert any("处理结果：1/2 个文件已加入" in m.value for m in at.markdown)
    assert "新材料.txt" in body
    assert list(corpus.iterdir())
    # kb's own message, in Chinese, naming the file (escaped: nothing of a file name renders as Markdown)
    assert [e.value for e in at.error] == ["空\\.txt\\: 文件是空的。解决办法：上传带有内容的文档"]
    at.switch_page("app_pages/search.py")
    at.session_state["q"] = "三服务"
    at.run()
    assert any('class="kb-title"' in m.value for m in at.markdown)


def test_status_lists_files_not_in_the_index_and_removes_them(tmp_corpus: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_corpus / "坏文件.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (tmp_corpus / "空白.txt").write_bytes(b"   \n")
    index = tmp_path / "index"
    report = ingest(None, Settings(corpus=tmp_corpus, index=index, workers=1))
    assert {Path(f.path).name for f in report.failed} == {"坏文件.pdf", "空白.txt"}
    monkeypatch.setenv("KB_INDEX", str(index))
    monkeypatch.setenv("KB_CORPUS", str(tmp_corpus))
    monkeypatch.setenv("KB_PASSWORD", "pw")
    monkeypatch.chdir(tmp_path)
    at = page("app_pages/status.py").run()
    assert not at.exception
    assert any("没有进入索引的文件（2）" in m.value for m in at.markdown)
    assert {"**坏文件\\.pdf**", "**空白\\.txt**"} <= {m.value for m in at.markdown}  # names as text (escaped)
    assert REASONS["empty"] in [c.value for c in at.caption]
    assert not [b for b in at.button if b.key and b.key.startswith("rmf-go-")]  # password first
    at.text_input(key="password-input").input("pw")
    next(b for b in at.button if b.label == "确认").click().run()
    at.checkbox(key="rmf-sure-空白.txt").check().run()
    at.button(key="rmf-go-空白.txt").click().run()
    assert not at.exception
    assert any(m.value.startswith("已把 空白\\.txt 移到回收文件夹") for m in at.success)
    assert not (tmp_corpus / "空白.txt").exists() and (tmp_corpus / ".trash" / "空白.txt").exists()
    assert any("没有进入索引的文件（1）" in m.value for m in at.markdown)
    assert at.checkbox(key="rmf-sure-坏文件.pdf").value is False


# --- safety and failure states ----------------------------------------------------------------------------------
def test_document_text_is_escaped_everywhere(hostile_index: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_INDEX", str(hostile_index))
    monkeypatch.delenv("KB_PASSWORD", raising=False)
    monkeypatch.chdir(tmp_path)
    s = Searcher(hostile_index)
    doc = s.documents()[0]
    full = s.document(doc.doc_id)
    assert full is not None
    pid = full.passages[0].passage_id
    s.close()
    runs = [app(q="办公室 三服务"), app(q="抓落实"), page("app_pages/read.py", doc=doc.doc_id, p=pid),
            page("app_pages/browse.py"), page("app_pages/add.py")]
    for at in runs:
        at.run()
        assert not at.exception
        html = "\n".join(m.value for m in at.markdown if "<style>" not in m.value)
        assert "<script" not in html and "<img" not in html and "<svg" not in html, html
    search_html = "\n".join(m.value for m in runs[0].markdown)
    assert "&lt;script/x&gt;alert(&#x27;x&#x27;)&lt;/script/x&gt;" in search_html
    assert "&lt;img/src=x onerror=alert(1)&gt;" in search_html
    assert "&#36;x^2&#36;" in search_html  # no LaTeX either
    assert "《关于&lt;script/x&gt;alert(&quot;标题&quot;)&lt;/script/x&gt;的讲话》" in search_html
    read_html = "\n".join(m.value for m in runs[2].markdown)
    assert "&lt;svg/onload=alert(2)&gt;" in read_html
    assert "&lt;img/src=x onerror=alert(1)&gt;" in read_html
    copy = "\n".join(copy_texts(runs[0]))  # what the copy button copies is the plain text
    assert "<img/src=x onerror=alert(1)>" in copy or "<svg/onload=alert(2)>" in copy


def test_missing_index_gives_a_helpful_message_on_every_page(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_INDEX", str(tmp_path / "no-index"))
    monkeypatch.setenv("KB_CORPUS", str(tmp_path / "corpus"))
    monkeypatch.delenv("KB_PASSWORD", raising=False)
    monkeypatch.chdir(tmp_path)
    for path in ALL_PAGES:
        at = page(path, q="落实").run()
        assert not at.exception, (path, at.exception)
        if path in ("app_pages/basket.py", "app_pages/add.py"):
            continue
        assert any("还没有建立索引" in i.value for i in at.info), path


# --- long documents and titles on two lines -----------------------------------------------------------
@pytest.fixture(scope="module")
def long_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """A Word document of 130 passages whose title paragraph has two line breaks (as a cover page has)."""
    root = tmp_path_factory.mktemp("long")
    corpus, idx = root / "corpus", root / "index"
    corpus.mkdir()
    doc = Document()
    title = doc.add_paragraph(style="Title")
    run = title.add_run("关于全年重点工作的讲话")
    run.add_break()
    run.add_break()
    title.add_run("第二部分")
    for k in range(1, 131):
        doc.add_paragraph(f"第{k}项，各单位要认真落实会议精神，把第{k}项任务分解到岗、责任到人，确保按期完成，不断提高工作质量和效率。")
    doc.save(str(corpus / "long.docx"))
    assert not ingest(None, Settings(corpus=corpus, index=idx, workers=1)).failed
    s = Searcher(idx)
    try:
        (info,) = s.documents()
    finally:
        s.close()
    assert info.title == "关于全年重点工作的讲话\n\n第二部分" and info.passages == 130, info
    return corpus, idx, info.doc_id


def _long_site(long_index: tuple[Path, Path, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    corpus, idx, doc_id = long_index
    monkeypatch.setenv("KB_INDEX", str(idx))
    monkeypatch.setenv("KB_CORPUS", str(corpus))
    monkeypatch.setenv("KB_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("KB_PASSWORD", raising=False)
    monkeypatch.chdir(tmp_path)
    return doc_id


def test_a_long_document_is_read_part_by_part(long_index: tuple[Path, Path, str], monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    doc_id = _long_site(long_index, monkeypatch, tmp_path)
    at = page("app_pages/read.py", doc=doc_id).run()
    assert not at.exception
    body = "\n".join(m.value for m in at.markdown)
    assert body.count('class="kb-passage') == 60 and "第1项" in body and "第61项" not in body
    assert any(c.value == "第 1–60 段，共 130 段" for c in at.caption)
    assert at.button(key="part-prev-top").disabled
    at.button(key="part-next-top").click().run()
    assert at.query_params["part"] == "2"
    body = "\n".join(m.value for m in at.markdown)
    assert body.count('class="kb-passage') == 60 and "第61项" in body and "第60项，" not in body
    # the outline link to a passage of another part opens that part (this one's is an anchor)
    at = page("app_pages/read.py", doc=doc_id, p=f"{doc_id}-0125").run()
    body = "\n".join(m.value for m in at.markdown)
    assert f'class="kb-passage target" id="p-{doc_id}-0125"' in body
    assert any(c.value == "第 121–130 段，共 130 段" for c in at.caption)


def test_the_passage_a_link_opened_steps_to_the_next_and_the_one_before(
        long_index: tuple[Path, Path, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    doc_id = _long_site(long_index, monkeypatch, tmp_path)
    at = page("app_pages/read.py", doc=doc_id, p=f"{doc_id}-0059").run()
    at.button(key="step-next").click().run()
    assert at.query_params["p"] == f"{doc_id}-0060"
    body = "\n".join(m.value for m in at.markdown)
    assert f'class="kb-passage target" id="p-{doc_id}-0060"' in body  # on the next part now
    at.button(key="step-prev").click().run()
    assert at.query_params["p"] == f"{doc_id}-0059"
    at = page("app_pages/read.py", doc=doc_id, p=f"{doc_id}-0000").run()
    assert at.button(key="step-prev").disabled and not at.button(key="step-next").disabled


def test_a_title_on_two_lines_never_breaks_the_page(long_index: tuple[Path, Path, str],
                                                    monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A blank line ends Markdown's HTML block: the rest of a card (the copy button with the document's
    text in its attributes) would show as text.  Titles show, and are cited, on one line."""
    _long_site(long_index, monkeypatch, tmp_path)
    at = page("app_pages/search.py", q="重点工作").run()
    assert not at.exception
    cards = [m.value for m in at.markdown if ("kb-copy" in m.value or "kb-title" in m.value) and "<style>" not in m.value]
    assert cards and all("\n" not in c for c in cards)
    assert any("《关于全年重点工作的讲话 第二部分》" in c for c in cards)
    assert all(t.endswith("——摘自《关于全年重点工作的讲话 第二部分》") for t in copy_texts(at))
