"""kb.dates: the date of the text itself, from invented texts in the shapes offices and sites use."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.dates import doc_number_year, parse_date, text_date

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
