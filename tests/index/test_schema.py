"""kb.index.schema: what the exact-substring field of a passage holds."""

from __future__ import annotations

from kb.index.schema import exact_text, section_leads


def test_each_section_opens_with_its_new_headings_and_the_document_with_its_title() -> None:
    paths = [(), ("一、总体要求",), ("一、总体要求",), ("二、重点任务", "（一）抓好督查"), ("二、重点任务", "（二）办好会务"),
             ("三、保障措施",)]
    assert section_leads("在全县办公室主任会议上的讲话", "——2023年5月8日", paths) == [
        "在全县办公室主任会议上的讲话\n——2023年5月8日", "一、总体要求", "", "二、重点任务\n（一）抓好督查",
        "（二）办好会务", "三、保障措施"]


def test_the_first_passage_under_a_heading_gets_title_and_heading() -> None:
    assert section_leads("标题", "", [("一、总体要求",), ("一、总体要求",)]) == ["标题\n一、总体要求", ""]
    assert section_leads("", " ", [()]) == [""]


def test_the_exact_text_is_the_lead_then_the_passage() -> None:
    assert exact_text("同志们：今天召开会议。", "讲话") == "讲话\n同志们：今天召开会议。"
    assert exact_text("同志们：今天召开会议。") == "同志们：今天召开会议。"


def test_exact_text_runs_on_into_the_next_passage_of_the_same_section() -> None:
    from kb.index.schema import TAIL_CHARS, exact_text, section_tails

    texts = ["一是要学习。", "二是" + "要" * 40, "三是要落实。"]
    paths = [("一、总体要求",), ("一、总体要求",), ("二、主要任务",)]
    assert section_tails(texts, paths) == ["二是" + "要" * (TAIL_CHARS - 2), "", ""]
    assert exact_text("一是要学习。", "一、总体要求", "二是要") == "一、总体要求\n一是要学习。二是要"
