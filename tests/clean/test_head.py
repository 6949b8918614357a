"""kb.clean.head: the top of a text (cover codes, vertical words), through clean() on invented lines."""

from __future__ import annotations

from pathlib import Path

from kb.clean.document import clean
from kb.models import Block, SourceDocument

BODY = "办公室工作连着上下、通着左右，必须始终把政治建设摆在首位，确保每一项工作都经得起检验。"


def cleaned(*blocks: Block, fmt: str = "docx") -> list[str]:
    return [b.text for b in clean(SourceDocument(Path("x." + fmt), fmt, tuple(blocks))).lines]


def test_a_standards_cover_loses_its_codes_and_keeps_its_title() -> None:
    lines = ("ICS\u200229.240", "K40", "备案号：", "DL", "中华人民共和国电力行业标准", "DL/T XXXX—20XX",
             "配电网运行评价导则", BODY)
    out = cleaned(*(Block(t) for t in lines))
    assert out == ["中华人民共和国电力行业标准", "配电网运行评价导则", BODY]


def test_a_cover_code_as_the_first_line_of_a_table_cell() -> None:
    out = cleaned(Block("NB/T XXXX－20YY\n城市道路照明设计规范", "table"), Block(BODY))
    assert out[0] == "城市道路照明设计规范"


def test_cover_codes_are_only_looked_for_at_the_top() -> None:
    lines = [Block(BODY)] * 16 + [Block("GB 50034"), Block(BODY)]
    assert "GB 50034" in cleaned(*lines)


def test_a_word_set_vertically_becomes_one_line() -> None:
    lines = [Block(c, page=1) for c in "招标采购文件"] + [Block(BODY, page=1)]
    assert cleaned(*lines, fmt="pdf")[0] == "招标采购文件"


def test_two_single_characters_or_a_page_break_are_not_a_vertical_word() -> None:
    lines = [Block("甲", page=1), Block("乙", page=1), Block(BODY, page=1), Block("丙", page=1), Block("丁", page=2),
             Block("戊", page=2), Block(BODY, page=2)]
    assert cleaned(*lines, fmt="pdf")[:2] == ["甲", "乙"]


def test_a_title_field_of_a_print_view_becomes_the_title() -> None:
    c = clean(SourceDocument(Path("x.txt"), "txt", (Block("某某论坛_公文范文"), Block("标题: 机关值班工作制度 [打印本页]"),
                                                      Block(BODY))))
    # (the site's title bar 某某论坛_公文范文 goes: kb.clean.furniture)
    assert [(b.text, b.kind) for b in c.lines[:1]] == [("机关值班工作制度", "title")]


def test_a_title_in_brackets_run_into_the_body_is_split_off() -> None:
    lines = cleaned(Block("【公务接待具体事项】在日常行政管理工作中，公务接待是一项重要且常规的事务，体现了单位对外形象。"),
                    Block(BODY), fmt="txt")
    assert lines[:2] == ["公务接待具体事项", "在日常行政管理工作中，公务接待是一项重要且常规的事务，体现了单位对外形象。"]
    kept = cleaned(Block("【本文关键词】办公室工作、参谋助手、服务大局、统筹协调、以文辅政"), Block(BODY), fmt="txt")
    assert kept[0].startswith("【本文关键词】")  # a field in brackets, not a title


def test_a_document_sites_title_line_with_its_download_link() -> None:
    lines = cleaned(Block("在县委办公室全体工作人员会议上的讲话.doc 下载本文"),
                    Block("所谓参谋部，就是县委常委会在作出一些重大决策之前"), Block(BODY), fmt="txt")
    assert lines[0] == "在县委办公室全体工作人员会议上的讲话"


def test_a_title_glued_to_the_addressees_of_its_salutation() -> None:
    lines = cleaned(Block("2021年在市委巡察工作动员会上的表态发言市委巡察组各位领导,同志们:" + BODY), fmt="txt")
    assert lines == ["2021年在市委巡察工作动员会上的表态发言", "市委巡察组各位领导,同志们:" + BODY]


def test_a_pages_this_title_field_names_the_title_and_goes() -> None:
    out = clean(SourceDocument(Path("x.txt"), "txt", (Block(BODY), Block("本文标题:在区人大会议闭幕式上的发言"))))
    assert [b.text for b in out.lines] == [BODY]
    assert out.meta["page_title"] == "在区人大会议闭幕式上的发言"


# --- titles run into the text, and a title written twice (#13, invented lines in the sites' shapes) ----
def test_a_rules_title_run_into_its_first_clause_is_split() -> None:
    out = cleaned(Block("机关会议室使用管理制度一.总则1.为规范会议室的使用，提高会议室利用效率，特制定本制度。"), Block(BODY))
    assert out[0] == "机关会议室使用管理制度"
    assert out[1].startswith("一.总则1.为规范会议室的使用")
    out = cleaned(Block("大型会议会务安排流程1.会务筹备阶段要明确会议主题、规模和时间，拟定会议方案。"), Block(BODY))
    assert out[:2] == ["大型会议会务安排流程", "1.会务筹备阶段要明确会议主题、规模和时间，拟定会议方案。"]


def test_a_sentence_that_mentions_a_rule_is_not_split() -> None:
    line = "根据机关会议室使用管理制度，各部门须提前一天预约，并在使用后及时清理会场，确保设备完好。"
    assert cleaned(Block(line), Block(BODY))[0] == line


def test_a_speech_title_run_into_its_first_sentence_without_a_salutation() -> None:
    out = cleaned(Block("在全县重点工作推进例会上的讲话方才，各乡镇和县直各部门分别汇报了近期重点工作的推进情况，讲得都很好。"),
                  Block(BODY))
    assert out[0] == "在全县重点工作推进例会上的讲话"
    assert out[1].startswith("方才，各乡镇和县直各部门")


def test_the_pages_label_before_the_texts_own_title_goes() -> None:
    """在……例会上讲话在……例会上的讲话方才……: the site's heading, then the text's title, then the text."""
    out = cleaned(Block("在全县重点工作推进例会上讲话在全县重点工作推进例会上的讲话方才，各乡镇和县直各部门分别汇报了推进情况，讲得都很好。"),
                  Block(BODY))
    assert out[0] == "在全县重点工作推进例会上的讲话"
    assert out[1].startswith("方才，")
    assert not any("上讲话在" in t for t in out)


def test_a_sentence_about_a_speech_is_not_split() -> None:
    line = "在全县重点工作推进例会上的讲话精神，要求各单位认真传达学习，结合实际抓好贯彻落实，确保取得实效。"
    assert cleaned(Block(line), Block(BODY))[0] == line


def test_a_near_duplicate_heading_before_the_title_goes() -> None:
    out = cleaned(Block("在全市机关作风建设推进活动上讲话"), Block("在全市机关作风建设推进活动上的讲话"), Block("同志们："),
                  Block(BODY), Block(BODY))
    assert out[0] == "在全市机关作风建设推进活动上的讲话"
    assert "在全市机关作风建设推进活动上讲话" not in out


def test_two_different_titles_both_stay() -> None:
    out = cleaned(Block("在全市机关作风建设推进会上的讲话"), Block("在全市信访工作联席会议上的讲话"), Block(BODY), Block(BODY))
    assert out[:2] == ["在全市机关作风建设推进会上的讲话", "在全市信访工作联席会议上的讲话"]


def test_a_title_printed_twice_and_run_into_the_text() -> None:
    out = cleaned(Block("1、党政办年度工作总结 党政办年度工作总结 今年是园区扩幅员、优规划、快建设的重要一年，办公室较好地完成了各项任务。"),
                  Block(BODY))
    assert out[:2] == ["党政办年度工作总结", "今年是园区扩幅员、优规划、快建设的重要一年，办公室较好地完成了各项任务。"]
    line = "抓落实 抓落实 是办公室工作的生命线"  # too short a text after it: no title shape to split
    assert cleaned(Block(line), Block(BODY))[0] == line


# --- shapes of real web copies (seventh outside collection, dev half), on invented lines --------------
def _web(*lines: str) -> tuple[list[str], str, dict[str, str]]:
    from kb.metadata import detect

    out = clean(SourceDocument(Path("x.txt"), "txt", tuple(Block(t) for t in lines)))
    meta, consumed = detect(out.lines, out.meta, {}, Path("x.txt"), "\n".join(b.text for b in out.lines))
    return [b.text for b in out.lines], meta.title, out.meta


def test_a_lost_character_before_the_salutation_does_not_glue_it_to_the_title() -> None:
    lines, title, _ = _web("秘书长在全市政府系统办公室工作会议上的讲话", "", "?同志们:", BODY)
    assert title == "秘书长在全市政府系统办公室工作会议上的讲话"
    assert lines[1] == "同志们:"


def test_an_advert_above_the_title_is_furniture() -> None:
    lines, title, _ = _web("公文高手,超级方便的写作神器! 立即了解", "", "浅谈对照检查材料的撰写", BODY)
    assert title == "浅谈对照检查材料的撰写" and not any("立即了解" in x for x in lines)


def test_a_numbered_title_run_into_the_body_without_a_salutation() -> None:
    lines, title, _ = _web("1、新任县委书记在县委办干部大会上的讲话昨天上午,召开了全县干部大会,宣布了主要负责人调整。" + BODY)
    assert title == "新任县委书记在县委办干部大会上的讲话"
    assert lines[1].startswith("昨天上午")


def test_a_page_marker_run_into_the_title_and_body() -> None:
    lines, title, _ = _web("第1页共9页在全县作风整顿动员大会上的讲话这次会议是一次十分重要的会议。" + BODY)
    assert title == "在全县作风整顿动员大会上的讲话"
    assert not any("第1页" in x for x in lines)


def test_the_pages_fields_in_a_list_are_the_poster_and_the_update_time() -> None:
    lines, title, meta = _web("领导新年开工讲话", "- 作者: 网络投稿", "- 2025年03月26日 07:11:44", BODY)
    assert title == "领导新年开工讲话" and lines[1:] == [BODY]
    assert meta.get("date", "").startswith("2025年03月26日")


def test_an_editors_long_opening_and_a_title_whose_tail_is_said_twice() -> None:
    lines, title, _ = _web("在日常工作中,定期检查和更新工作计划是非常重要的,可以更好地分配工作资源和人力,某某公文网小编今天就为您"
                           "带来了乡镇2024年工作计划8篇,相信一定会对你有所帮助。",
                           "乡镇2024年工作计划2024年工作计划篇1", "一、工作思路", BODY)
    assert title == "乡镇2024年工作计划"
    assert not any("小编" in x for x in lines)
