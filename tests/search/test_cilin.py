"""The 词林 read as synonym groups: only ``=`` lines, folded, each word's group-mates once."""

from __future__ import annotations

from pathlib import Path

from kb.search.cilin import SynonymGroups, read_cilin


def test_synonym_groups_give_the_other_words_of_every_group_once_in_file_order() -> None:
    groups = SynonymGroups([("安置", "安顿", "安排"), ("安排", "布置", "安置", "布置"), ("独自", "独自")])
    assert groups["安排"] == ("安置", "安顿", "布置")
    assert groups["布置"] == ("安排", "安置")
    assert groups["独自"] == ()
    assert "没有" not in groups and groups.get("没有") is None
    assert list(groups) == ["安置", "安顿", "安排", "布置", "独自"] and len(groups) == 5


def test_only_synonym_lines_are_read_and_their_words_folded(tmp_path: Path) -> None:
    f = tmp_path / "cilin.txt"
    f.write_text("Hc03A01= 安置 安顿 安排\nHc03A02# 相关 有关\nHc03A03@ 独词\nAa01A01= 機關 单位\n", encoding="utf-8")
    assert read_cilin(f) == [("安置", "安顿", "安排"), ("机关", "单位")]
