"""Query planning: questions (kb.search.plan.is_question, frame_word, QUESTION_WEIGHT)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.search import plan
from kb.search.query import parse
from kb.search.searcher import Searcher


@pytest.mark.parametrize(("text", "expected"), [
    ("办公室主任应该具备哪些素质", True), ("怎样当好办公室主任", True), ("述职报告是怎么产生的", True),
    ("秘书一词最早出自什么时候", True), ("中央机关党总支第一任书记是谁", True), ("能写会说吗", True),
    ("办公室工作无小事", False), ("一分部署、九分落实", False), ("全市政务信息工作会议 讲话", False),
])
def test_is_question(text: str, expected: bool) -> None:
    assert plan.is_question(text) is expected


def test_frame_words_are_interrogatives_and_modals() -> None:
    assert all(plan.frame_word(w) for w in ("哪几", "怎样才能", "哪里", "多少", "应该", "分别", "是谁"))
    assert not any(plan.frame_word(w) for w in ("素质", "办公室主任", "具备", "请示", "短板"))


def test_a_question_weighs_its_frame_below_its_topic(corpus_searcher: Searcher) -> None:
    s = corpus_searcher
    planner = plan.Planner(s.searcher(), s.segmenter, s.synonyms, None)
    asked = planner.plan(parse("办公室干部应该具备哪些能力"))
    stated = planner.plan(parse("办公室干部应该具备能力"))  # no interrogative: not a question
    assert asked.weights["应该"] == pytest.approx(stated.weights["应该"] * plan.QUESTION_WEIGHT)
    assert asked.weights["干部"] == pytest.approx(stated.weights["干部"])
    assert "应该" not in asked.related


def test_the_office_vocabulary_is_read_as_groups_of_near_synonyms(tmp_path: Path) -> None:
    f = tmp_path / "vocab.txt"
    f.write_text("# comment\n上手 = 熟悉 = 适应\n\n摸底 = 调研\n", encoding="utf-8")
    assert plan.load_office_vocab(f) == {"上手": ("熟悉", "适应"), "熟悉": ("上手", "适应"), "适应": ("上手", "熟悉"),
                                         "摸底": ("调研",), "调研": ("摸底",)}
    shipped = plan.load_office_vocab()
    assert len(shipped) > 40 and all(w not in others for w, others in shipped.items())


def test_a_question_records_its_intent_and_a_named_occasion(corpus_searcher: Searcher) -> None:
    s = corpus_searcher
    planner = plan.Planner(s.searcher(), s.segmenter, s.synonyms, None)
    asked = planner.plan(parse("三个服务是什么"))
    assert (asked.intent, asked.occasion) == ("define", False)
    assert planner.plan(parse("三个服务")).intent == ""  # not a question
    event = planner.plan(parse("全区党政办公室主任会议 讲话"))
    assert (event.intent, event.occasion) == ("", True)
