"""Normalisation keeps offsets and folds width, case, radicals and traditional characters."""

from __future__ import annotations

import pytest

from kb.text import cn_digits, cn_number, compact, fold, one_line


def test_fold_keeps_length_and_folds() -> None:
    for text in ("ＡＢＣ１２３", "⽤⼼办公", "辦公室工作", "办公\u3000室", "，。！？"):
        assert len(fold(text)) == len(text)
    assert fold("ＡＢＣ１２３") == "abc123"
    assert fold("⽤⼼") == "用心"
    assert fold("辦公室") == "办公室"
    assert fold("，。") == "，。"


def test_one_line_joins_the_lines_of_a_title_with_one_space() -> None:
    assert one_line("核电厂定期安全评价指南\n\n第6部分：实际状态 ") == "核电厂定期安全评价指南 第6部分：实际状态"
    assert one_line(" 在全区\r\n\t会议上的讲话") == "在全区 会议上的讲话"
    assert one_line("") == ""


def test_compact_removes_white_space() -> None:
    assert compact("提 笔\n能\u3000写") == "提笔能写"



@pytest.mark.parametrize(("token", "value"), [
    ("12", 12), ("１２", 12), ("①", 1), ("⑩", 10), ("⑳", 20), ("⑴", 1), ("⒇", 20), ("⒈", 1), ("⒛", 20),
    ("❶", 1), ("➀", 1), ("➓", 10), ("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23),
    ("一百", 100), ("一百零一", 101), ("三千二百", 3200), ("零", 0),
])
def test_cn_number(token: str, value: int) -> None:
    assert cn_number(token) == value


@pytest.mark.parametrize("token", ["", "二三", "首先", "abc", "²", "①②", "第一"])
def test_cn_number_of_what_is_not_a_number_is_zero(token: str) -> None:
    assert cn_number(token) == 0


def test_cn_digits() -> None:
    assert cn_digits("二〇二四") == 2024
    assert cn_digits("二○二四") == 2024
    assert cn_digits("2024") == 2024
    assert cn_digits("二十") is None


@pytest.mark.parametrize("a, b, same", [
    ("在全市机关作风建设活动上讲话", "在全市机关作风建设活动上的讲话", True),
    ("在全市机关作风建设活动上讲话", "在全市機關作風建設活動上的講話", True),  # script folded
    ("在全市机关作风建设活动上的讲话", "在全市机关作风建设活动上的讲话", False),  # the same, not near
    ("在全市机关作风建设推进会上的讲话", "在全市信访工作联席会议上的讲话", False),
    ("办公室工作", "办公室工作要点汇编材料全文", False),  # lengths too far apart
    ("", "讲话", False),
])
def test_near_same(a: str, b: str, same: bool) -> None:
    from kb.text import near_same

    assert near_same(a, b) is same
