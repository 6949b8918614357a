"""Normalisation keeps offsets and folds width, case, radicals and traditional characters."""

from __future__ import annotations

from kb.text import compact, fold


def test_fold_keeps_length_and_folds() -> None:
    for text in ("ＡＢＣ１２３", "⽤⼼办公", "辦公室工作", "办公\u3000室", "，。！？"):
        assert len(fold(text)) == len(text)
    assert fold("ＡＢＣ１２３") == "abc123"
    assert fold("⽤⼼") == "用心"
    assert fold("辦公室") == "办公室"
    assert fold("，。") == "，。"


def test_compact_removes_white_space() -> None:
    assert compact("提 笔\n能\u3000写") == "提笔能写"
