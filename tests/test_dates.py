"""kb.dates: the date of the text itself, from invented texts in the shapes offices and sites use."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.dates import doc_number_year, parse_date, signed_date, text_date

BODY = "办公室工作连着上下、通着左右，必须始终把政治建设摆在首位，确保每一项工作都经得起检验。"


@pytest.mark.parametrize("text, iso", [("2023-3-9", "2023-03-09"), ("二〇一九年四月", "2019-04"), ("第3期", "")])
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text, path, want", [
    (f"{BODY}\n（首发于某某周刊专栏，2018年6月9日）\n{BODY}", "a.txt", ("2018-06-09", "publication note")),
    (f"{BODY}\n（原载《某某工作》2001年第4期）\n{BODY}", "a.txt", ("2001", "publication note")),
    (f"{BODY}\n本稿完成日期：2023年3月9日\n{BODY}", "a.docx", ("2023-03-09", "date field")),
    (f"{BODY}\n本稿完成日期：2023年3月9日\n{BODY}", "a.txt", ("", "")),
    (f"{BODY}\n发布时间：2023年3月9日\n{BODY}", "a.pdf", ("", "")),  # a page's time, not the document's
    (f"{BODY}\n会议时间：2023年3月9日\n{BODY}", "a.pdf", ("", "")),  # an event's time, not the document's
    (f"{BODY}\n报到日期和时间：2023年3月9日\n{BODY}", "a.docx", ("", "")),
    (f"{BODY}\n日期：2023年3月9日\n{BODY}", "a.docx", ("2023-03-09", "date field")),  # a label line
    (f"{BODY}\n李明\n2022年11月3日", "a.txt", ("2022-11-03", "signature")),
])
def test_text_date(text: str, path: str, want: tuple[str, str]) -> None:
    assert text_date({}, [], "", text, Path(path), {}) == want


@pytest.mark.parametrize("notes, text, want", [
    (["2009年"], f"在全县党委办公室系统工作会议上的讲话\n2009年\n{BODY}", ("2009", "note under the title")),
    ([], f"2015年9月11日,我办特邀省府办公厅业务骨干为全办干部举行公文知识专题讲座。\n{BODY}", ("2015-09-11", "opening")),
    ([], f"2023年是全面贯彻党的二十大精神的开局之年。\n{BODY}", ("", "")),  # a year is no day
])
def test_a_year_under_the_title_and_a_reports_opening_day(notes: list[str], text: str, want: tuple[str, str]) -> None:
    assert text_date({}, notes, "", text, Path("a.txt"), {}) == want


def test_doc_number_year() -> None:
    assert doc_number_year("（梅市府办〔2008〕11号）") == "2008"
    assert doc_number_year("镇政发〔2024〕7号") == "2024"
    assert doc_number_year("关于2024年工作的通知") == ""


@pytest.mark.parametrize("lines, want", [
    (["特此通知。", "xx市人民政府办公室", "2015年9月xx日", "注:更多精彩文章请关注本站范文栏目。"], "2015-09"),  # a masked day
    (["某县人民政府办公室", "2015年9月8日"], "2015-09-08"),
    (["会议于2015年9月8日召开。", "2015年9月8日"], ""),  # above the date is the body, not a signature
    (["某县人民政府办公室", "2015年9月8日", "相关文章", "更多范文请访问本站首页"], ""),  # too far from the end
])
def test_signed_date(lines: list[str], want: str) -> None:
    assert signed_date(lines) == want


def test_a_news_reports_first_sentence_gives_the_day() -> None:
    text = f"某部机关后勤工作会议2012年1月13日在北京召開。副部长出席会议并讲话。\n{BODY}"
    assert text_date({}, [], "", text, Path("a.txt"), {}) == ("2012-01-13", "opening")
    praise = f"大会2012年1月13日在北京召开的会议上表彰了先进。\n{BODY}"
    assert text_date({}, [], "", praise, Path("a.txt"), {}) == ("", "")


def test_a_day_below_the_salutation_is_the_bodys() -> None:
    text = f"在全县办公室主任会议上的讲话\n同志们：\n2023年5月8日，市委召开常委会，研究部署办公室工作。\n{BODY}"
    assert text_date({}, [], "", text, Path("a.txt"), {}) == ("", "")


def test_a_journals_issue_in_the_source_note() -> None:
    found = {"source_note": "摘自《某某大学学报》2000年第2期，原文约15，000字)"}
    assert text_date(found, [], "", BODY, Path("a.html"), {}) == ("2000", "publication note")
    tail = f"{BODY}\n（摘自《某某学刊》2001年第3期，原文约一万字，有删节）"
    assert text_date({}, [], "", tail, Path("a.txt"), {}) == ("2001", "publication note")
    assert text_date({"source_note": "人民网 2000年"}, [], "", BODY, Path("a.html"), {}) == ("", "")


@pytest.mark.parametrize("title, want", [
    ("2021年领导在接受市委巡察工作动员会上的表态发言", ("2021", "title year")),
    ("2023年在全区办公室系统业务培训班上讲话", ("2023", "title year")),
    ("2023年工作总结", ("", "")),
])
def test_the_meetings_year_at_the_start_of_a_title(title: str, want: tuple[str, str]) -> None:
    assert text_date({}, [], "", BODY, Path("a.txt"), {}, title) == want


def test_a_labelled_day_at_the_end_is_no_signature() -> None:
    assert text_date({}, [], "", f"{BODY}\n活动时间：2023年5月8日", Path("a.txt"), {}) == ("", "")
    assert text_date({}, [], "", f"{BODY}\n张建国\n2023年5月8日", Path("a.txt"), {}) == ("2023-05-08", "signature")


def test_a_day_under_the_pages_staff_line_is_no_signature() -> None:
    assert text_date({}, [], "", f"{BODY}\n（编辑：王小明）\n2023年5月8日", Path("a.txt"), {}) == ("", "")
    assert text_date({}, [], "", f"{BODY}\n2023年5月8日", Path("a.txt"), {}) == ("2023-05-08", "signature")


@pytest.mark.parametrize("title, year", [
    ("2022年春节团拜会致辞", "2022"), ("县政府2026年新春贺词", "2026"), ("在作风整治推进会上的讲话（2023年）", "2023"),
    ("2023年办公室个人工作总结", ""),  # the year it looks back on
    ("关于印发2022年政府工作报告重点任务的通报", ""),  # its subject's year
    ("2021年和2022年两次座谈会上的讲话", ""),  # two years
    ("2021-2025年规划编制工作会议上的讲话", ""),  # a span
    ("2099年新年贺词", ""),  # after next year: no date
])
def test_the_year_a_speechs_title_names(title: str, year: str) -> None:
    from kb.dates import title_year

    assert title_year(title) == year
