"""kb.toolkit.basket: the basket model, item ids, the citation and copy formats, the Markdown export."""

from __future__ import annotations

import io

import pytest
from docx import Document

from kb.models import Hit, PassageView
from kb.toolkit.basket import Basket, BasketItem, anchor_of, citation, excerpt_id, source_line, with_citation
from kb.toolkit.libraries import HeadingEntry, Quotation, Use


def _hit(n: int, date: str = "2024-08-28", title: str = "在全区党政办公室主任会议上的讲话") -> Hit:
    return Hit(passage_id=f"doc{n}-000{n}", doc_id=f"doc{n}", title=title, heading="一、总体要求", text=f"第{n}段正文。",
               snippet="", score=1.0, source=f"file{n}.txt", date=date, heading_path=("一、总体要求",))


def test_citation_formats_title_and_date() -> None:
    assert citation(_hit(1)) == "——摘自《在全区党政办公室主任会议上的讲话》，2024年8月28日"
    assert citation(_hit(1, date="2008-06")) == "——摘自《在全区党政办公室主任会议上的讲话》，2008年6月"
    assert citation(_hit(1, date="2008")) == "——摘自《在全区党政办公室主任会议上的讲话》，2008年"
    assert citation(_hit(1, date="")) == "——摘自《在全区党政办公室主任会议上的讲话》"


def test_a_title_printed_on_two_lines_is_cited_and_exported_on_one() -> None:
    hit = _hit(1, title="核电厂定期安全评价指南\n\n第6部分：构筑物的实际状态")
    assert citation(hit) == "——摘自《核电厂定期安全评价指南 第6部分：构筑物的实际状态》，2024年8月28日"
    item = BasketItem.of(hit)
    assert item.copy_text() == "第1段正文。\n——摘自《核电厂定期安全评价指南 第6部分：构筑物的实际状态》，2024年8月28日"
    item = BasketItem.of(Hit(passage_id="d-0001", doc_id="d", title="上篇\n下篇", heading="", text="正文。", snippet="",
                             score=1.0, source="d.txt"))
    assert item.label == "上篇 下篇"
    basket = Basket()
    basket.add(item)
    assert "## 1. 上篇 下篇\n" in basket.to_markdown("素材")


def _use(text: str = "正如古人所说：“事以密成，语以泄败。”保密工作要抓细抓实。") -> Use:
    return Use(passage_id="d-0007", doc_id="d", title="保密工作会议讲话", date="2019-03", source="b.txt", text=text,
               heading="二、抓好保密")


def test_citation_of_passages_and_uses_falls_back_to_the_file_name() -> None:
    p = PassageView(passage_id="d-0001", doc_id="d", ordinal=1, text=" 正文 ", source="讲话.txt")
    assert citation(p) == "——摘自《讲话.txt》"
    assert source_line(_use()) == "《保密工作会议讲话》，2019年3月"
    assert with_citation(p) == "正文\n——摘自《讲话.txt》"


def test_excerpt_items_have_their_own_ids_and_open_their_passage() -> None:
    item = BasketItem.excerpt(_use(), "保密工作要抓细抓实。")
    assert item.passage_id == excerpt_id("d-0007", "保密工作要抓细抓实。")
    assert item.passage_id.startswith("d-0007#") and len(item.passage_id) == len("d-0007#") + 8
    assert item.anchor == anchor_of(item.passage_id) == "d-0007"
    assert item.kind == "sentence" and item.heading == "二、抓好保密"
    assert BasketItem.of(_use()).passage_id == "d-0007"


def test_quotation_copy_keeps_the_marks_and_the_speaker() -> None:
    q = Quotation(speaker="古人", speaker_kind="classic", text="“事以密成，语以泄败。”", count=1, uses=[_use()])
    item = BasketItem.quotation(q)
    assert item.kind == "quotation" and item.text == "事以密成，语以泄败。"
    assert item.copy_text() == "古人：“事以密成，语以泄败。”\n——摘自《保密工作会议讲话》，2019年3月"
    b = Basket()
    b.add(item)
    assert "古人：“事以密成，语以泄败。”\n\n——摘自" in b.to_markdown()


def test_heading_items_point_at_the_passage_they_open() -> None:
    h = HeadingEntry(text="二、抓好保密", level=1, doc_id="d", title="保密工作会议讲话", date="", source="b.txt",
                     ordinal=12)
    item = BasketItem.heading_entry(h)
    assert (item.passage_id, item.kind, item.copy_text()) == ("d-0012", "heading", "二、抓好保密\n——摘自《保密工作会议讲话》")


def test_items_round_trip_through_dicts() -> None:
    item = BasketItem.excerpt(_use(), "保密工作要抓细抓实。", kind="quotation", speaker="某人")
    assert BasketItem.from_dict(item.to_dict()) == item
    assert BasketItem.from_dict({"passage_id": "x", "doc_id": "d", "text": "t", "kind": "bogus"}).kind == "passage"


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


def test_item_from_a_passage_joins_its_heading_path() -> None:
    p = PassageView(passage_id="d-0001", doc_id="d", ordinal=1, text="正文", title="标题",
                    heading_path=("一、甲", "（一）乙"), source="a.txt")
    item = BasketItem.of(p)
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


def test_empty_basket_exports_under_its_name() -> None:
    b = Basket(name="调研报告")
    assert Document(io.BytesIO(b.to_docx())).paragraphs[0].text == "调研报告"
    assert b.to_markdown().startswith("# 调研报告\n") and "共 0 段" in b.to_markdown()
