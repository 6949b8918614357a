"""kb.toolkit.basket: the basket model, the citation format and the Word / Markdown exports."""

from __future__ import annotations

import io

import pytest
from docx import Document

from kb.models import Hit
from kb.toolkit.basket import Basket, BasketItem, citation, source_line, with_citation


def _hit(n: int, date: str = "2024-08-28", title: str = "在全区党政办公室主任会议上的讲话") -> Hit:
    return Hit(passage_id=f"doc{n}-000{n}", doc_id=f"doc{n}", title=title, heading="一、总体要求", text=f"第{n}段正文。",
               snippet="", score=1.0, source=f"file{n}.txt", date=date, heading_path=("一、总体要求",))


def test_citation_formats_title_and_date() -> None:
    assert citation(_hit(1)) == "——摘自《在全区党政办公室主任会议上的讲话》，2024年8月28日"
    assert citation(_hit(1, date="2008-06")) == "——摘自《在全区党政办公室主任会议上的讲话》，2008年6月"
    assert citation(_hit(1, date="2008")) == "——摘自《在全区党政办公室主任会议上的讲话》，2008年"
    assert citation(_hit(1, date="")) == "——摘自《在全区党政办公室主任会议上的讲话》"


def test_citation_accepts_passage_dicts_and_falls_back_to_the_file_name() -> None:
    assert citation({"title": "", "source": "讲话.txt", "date": ""}) == "——摘自《讲话.txt》"
    assert source_line({"title": "标题", "date": "2020-01-02"}) == "《标题》，2020年1月2日"
    assert with_citation({"text": " 正文 ", "title": "标题", "date": ""}) == "正文\n——摘自《标题》"


def test_add_is_idempotent_and_keeps_order() -> None:
    b = Basket()
    assert b.add(_hit(1)) and b.add(_hit(2)) and b.add(_hit(3))
    assert not b.add(_hit(2))
    assert [i.passage_id for i in b] == ["doc1-0001", "doc2-0002", "doc3-0003"]
    assert "doc2-0002" in b and len(b) == 3


def test_move_set_note_remove_clear() -> None:
    b = Basket()
    for n in (1, 2, 3):
        b.add(_hit(n))
    b.move("doc3-0003", -1)
    assert [i.passage_id for i in b] == ["doc1-0001", "doc3-0003", "doc2-0002"]
    b.move("doc1-0001", -5)  # already first: stays
    b.move("doc1-0001", 10)  # to the end, not beyond
    assert [i.passage_id for i in b] == ["doc3-0003", "doc2-0002", "doc1-0001"]
    b.set_note("doc2-0002", "  用在开头  ")
    assert b.items[1].note == "用在开头"
    b.remove("doc3-0003")
    assert [i.passage_id for i in b] == ["doc2-0002", "doc1-0001"]
    with pytest.raises(KeyError):
        b.remove("nope")
    b.clear()
    assert len(b) == 0


def test_item_from_passage_dict_joins_heading_path() -> None:
    item = BasketItem.of({"passage_id": "d-0001", "doc_id": "d", "text": "正文", "title": "标题",
                          "heading_path": ["一、甲", "（一）乙"], "date": "", "source": "a.txt"})
    assert item.heading == "一、甲 > （一）乙"
    assert item.citation == "——摘自《标题》"


def test_markdown_export_inline_and_footnotes() -> None:
    b = Basket()
    b.add(_hit(1))
    b.add(_hit(2, date=""), note="备用")
    md = b.to_markdown("材料")
    assert md.startswith("# 材料\n")
    assert "第1段正文。\n\n——摘自《在全区党政办公室主任会议上的讲话》，2024年8月28日" in md
    assert "> 批注：备用" in md
    notes = b.to_markdown("材料", style="notes")
    assert "第1段正文。[^1]" in notes
    assert "[^2]: 摘自《在全区党政办公室主任会议上的讲话》" in notes


def test_docx_export_reads_back_with_citations_and_notes() -> None:
    b = Basket()
    b.add(_hit(1))
    b.add(_hit(2, title="<script>alert(1)</script>"), note="开头用")
    data = b.to_docx("我的素材")
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "我的素材"
    assert "第1段正文。" in texts
    assert "——摘自《在全区党政办公室主任会议上的讲话》，2024年8月28日" in texts
    assert "——摘自《<script>alert(1)</script>》，2024年8月28日" in texts  # plain text in Word, not markup
    assert "批注：开头用" in texts
    assert doc.core_properties.title == "我的素材"


def test_docx_export_with_notes_at_the_end() -> None:
    b = Basket()
    b.add(_hit(1))
    b.add(_hit(2, date="2008"))
    doc = Document(io.BytesIO(b.to_docx(style="notes")))
    texts = [p.text for p in doc.paragraphs]
    assert "第1段正文。[1]" in texts
    assert texts[-3:] == ["注释", "[1] 摘自《在全区党政办公室主任会议上的讲话》，2024年8月28日",
                          "[2] 摘自《在全区党政办公室主任会议上的讲话》，2008年"]


def test_empty_basket_exports() -> None:
    b = Basket()
    assert Document(io.BytesIO(b.to_docx())).paragraphs[0].text == "素材篮"
    assert "共 0 段" in b.to_markdown()
