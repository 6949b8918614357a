"""Titles, subtitles, authors, dates, occasions and genres."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.metadata import detect, parse_date, title_from_file
from kb.models import Block

P = "办公室工作连着上下、通着左右，必须始终把政治建设摆在首位，确保每一项工作都经得起检验。"


@pytest.mark.parametrize("text, iso", [
    ("更新时间：2024-08-28", "2024-08-28"), ("2008 年 12 月第 1 版", "2008-12"), ("（2006年12月4日在大会上的讲话）",
                                                                              "2006-12-04"),
    ("二〇〇六年十二月四日", "2006-12-04"), ("二〇二三年三月", "2023-03"), ("没有日期", ""),
])
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso


def test_title_from_file() -> None:
    assert title_from_file(Path("新时期办公室工作讲话（网页转载）.txt")) == "新时期办公室工作讲话"
    assert title_from_file(Path("03_在全市会议上的讲话.docx")) == "在全市会议上的讲话"


def run(*lines: str, path: str = "a.txt", found: dict[str, str] | None = None) -> tuple[object, int]:
    blocks = [Block(t) for t in lines]
    return detect(blocks, found or {}, {}, Path(path), "\n".join(lines))


def test_title_subtitle_speaker_and_note() -> None:
    meta, consumed = run("在全市办公室主任会议上的讲话", "——做好新时代办公室工作", "（2023年3月15日）", "张建国", P)
    assert consumed == 4
    assert (meta.title, meta.subtitle, meta.date, meta.author, meta.occasion, meta.genre) == (  # type: ignore[attr-defined]
        "在全市办公室主任会议上的讲话", "做好新时代办公室工作", "2023-03-15", "张建国", "全市办公室主任会议", "讲话")


def test_two_line_parallel_title_and_experience_genre() -> None:
    meta, consumed = run("着眼“高”“宽”“平”", "提升“质”“能”“效”", "——8年党办工作体会分享", P)
    assert consumed == 3
    assert (meta.title, meta.subtitle, meta.genre) == (  # type: ignore[attr-defined]
        "着眼“高”“宽”“平” 提升“质”“能”“效”", "8年党办工作体会分享", "体会/交流发言")


def test_no_title_in_text_uses_file_name_and_signature_date() -> None:
    meta, consumed = run("同志们：", P, "二〇〇六年十二月四日", path="新时期办公室工作讲话（网页转载）.txt")
    assert consumed == 0
    assert (meta.title, meta.date, meta.genre, meta.extra["date_source"]) == (  # type: ignore[attr-defined]
        "新时期办公室工作讲话", "2006-12-04", "讲话", "signature")


def test_traditional_chinese_is_detected() -> None:
    meta, _c = run("在全縣辦公室工作會議上的講話", "辦公室工作連著上下、通著左右，必須始終把政治建設擺在首位，確保每一項工作都經得起檢驗。")
    assert (meta.language, meta.genre, meta.occasion) == ("zh-Hant", "讲话", "全縣辦公室工作會議")  # type: ignore[attr-defined]


def test_report_subtitle_speaker_date_and_occasion() -> None:
    """A report copied from a news site: the day it was given wins over the day the page was published."""
    meta, consumed = run("2025年某市政府工作报告", "——2025年1月20日在某市第九届人民代表大会第三次会议上", "某市市长 王某某",
                         "各位代表：", P, found={"date": "2025-01-27 09:45:30"})
    assert consumed == 3
    assert (meta.title, meta.subtitle, meta.author, meta.date, meta.occasion, meta.genre) == (  # type: ignore[attr-defined]
        "2025年某市政府工作报告", "2025年1月20日在某市第九届人民代表大会第三次会议上", "王某某", "2025-01-20",
        "某市第九届人民代表大会第三次会议", "报告")


def test_dated_occasion_line_with_speaker_and_office_names() -> None:
    meta, _c = run("某省2025年政府工作报告", "2025年1月27日在某省第十四届人民代表大会第四次会议上 某省省长 赵某", P)
    assert (meta.subtitle, meta.author, meta.date) == (  # type: ignore[attr-defined]
        "2025年1月27日在某省第十四届人民代表大会第四次会议上", "赵某", "2025-01-27")
    meta, _c = run("2025年某市政府工作报告", "——2025年2月3日在某市人民代表大会会议上", "某市市长 龚 正", P)
    assert meta.author == "龚正"  # type: ignore[attr-defined]
    meta, _c = run("2025年某市政府工作报告", "——2025年2月3日在某市人民代表大会会议上", "北京市市长殷勇", P)
    assert meta.author == "殷勇"  # type: ignore[attr-defined]


def test_byline_subtitle_gives_the_author_and_tool_names_are_not_authors() -> None:
    blocks = [Block(t) for t in ("在全县办公室会议上的讲话", "——县委常委、办公室主任 李某某", "（2025年3月12日）", P)]
    meta, _c = detect(blocks, {}, {"docx_author": "python-docx"}, Path("a.docx"), P)
    assert (meta.author, meta.date) == ("李某某", "2025-03-12")
    meta, _c = detect([Block("同志们："), Block(P)], {}, {"docx_author": "python-docx"}, Path("a.docx"), P)
    assert meta.author == ""
