"""kb.evaluate.matching: when a kb answer and a blind label say the same."""

from __future__ import annotations

from kb.evaluate import matching
from kb.evaluate.blind import _formulation_key


def test_matching_rules() -> None:
    assert matching.norm("三個代表，") == "三个代表"
    assert matching.same("事以密成，语以泄败", "事以密成语以泄败。")
    assert matching.same("为领导服务、为部门服务", "为领导服务、为部门服务、为群众服务")  # 10 of 15 characters
    assert not matching.same("服务", "为领导服务、为部门服务、为群众服务")  # too short a part
    assert matching.same_formulation("三服务", "三个服务", _formulation_key())
    assert matching.same_speaker("毛泽东", "毛泽东同志") and matching.same_speaker("韩非子", "《韩非子》")
    assert not matching.same_speaker("习近平", "")
    assert matching.same_expansion("一是位置重要；二是职责重要；三是作用重要", "位置重要、职责重要、作用重要")
    assert matching.same_expansion("政治纪律、组织纪律和廉洁纪律", "政治纪律、组织纪律、廉洁纪律")
    assert not matching.same_expansion("两个确立", "")


def test_pairs_are_one_to_one() -> None:
    pairs, missed, extra = matching.pair(["甲乙丙", "甲乙丙", "丁戊己"], ["甲乙丙", "庚辛壬"], matching.same)
    assert pairs == [("甲乙丙", "甲乙丙")] and missed == ["甲乙丙", "丁戊己"] and extra == ["庚辛壬"]


def test_covers_and_inside() -> None:
    label = "一是要增强“四个意识”。办公室要做到“三个服务”，即为领导服务、为部门服务、为群众服务。"
    assert matching.covers("办公室要做到三个服务，即为领导服务、为部门服务、为群众服务。", label)
    assert not matching.covers("保密工作要常抓不懈，严守纪律。", label)
    assert matching.inside("“三个服务”", matching.norm(label)) and not matching.inside("两个维护", matching.norm(label))
