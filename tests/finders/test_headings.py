"""Headings inside a passage (kb.finders.headings)."""

from __future__ import annotations

from kb.finders.headings import find_headings


def test_headings_inside_a_passage() -> None:
    text = ("我很深的体会有三点:一是办公室的工作很重要。习近平到中办调研时作了指示。"
            "二是办公室的同志很辛苦。办公室工作是一项苦差使；三要谋得深，就是善于突破表象。")
    assert find_headings(text) == ["一是办公室的工作很重要", "二是办公室的同志很辛苦"]
    assert find_headings("三要谋得深，就是善于突破日常工作中繁杂琐碎的表象，深入到循机理、管长远的工作中去。") == ["三要谋得深"]
    assert find_headings("关键在强化理论武装。\n坚持落实好各项学习制度，推进理论培训常态化，不断增进政治认同。") == ["关键在强化理论武装"]
    assert find_headings("1.1政策背景:国家治理体系现代化1.2现实需求:破解最后一公里") == [
        "1.1政策背景:国家治理体系现代化", "1.2现实需求:破解最后一公里"]
    assert find_headings("一是加强学习；二是提高素质。") == []
