"""What a question asks, the cues of a passage that answers it, and a named occasion."""

from __future__ import annotations

import pytest

from kb.search import intent


@pytest.mark.parametrize("question, expected", [
    ("三个服务是什么", intent.DEFINE), ("什么是开幕词", intent.DEFINE), ("何为参谋助手", intent.DEFINE),
    ("办公室工作有哪些特点", intent.LIST), ("述职报告由哪几部分组成", intent.LIST),
    ("怎样当好办公室主任", intent.HOW), ("通知的格式怎么写", intent.HOW), ("如何提高效率", intent.HOW),
    ("办公室工作为什么辛苦", intent.WHY), ("请示和报告有什么区别", intent.CONTRAST),
    ("秘书一词最早出自什么时候", intent.WHEN), ("办公室主任", ""),
])
def test_the_frame_of_a_question_gives_its_intent(question: str, expected: str) -> None:
    assert intent.question_intent(question) == expected


def test_a_definition_cue_must_follow_the_topic_closely_or_announce_it() -> None:
    assert intent.answer_cue("办公室的核心是“三个服务”。即服务领导、服务基层。", intent.DEFINE, ["三个服务"])
    assert intent.answer_cue("所谓“三个服务”，大家都知道。", intent.DEFINE, ["三个服务"])
    assert intent.answer_cue("什么是忠诚？忠诚就是效忠。", intent.DEFINE, ["忠诚"])
    far = "我们要搞好三个服务" + "，工作很多" * 5 + "，即办文办会。"
    assert not intent.answer_cue(far, intent.DEFINE, ["三个服务"])
    assert not intent.answer_cue("办公室的核心是服务。", intent.DEFINE, [])


def test_other_intents_look_for_their_cues_anywhere_in_the_passage() -> None:
    assert intent.answer_cue("办公室工作的特点：一是综合性强，二是服务性强。", intent.LIST, ["特点"])
    assert not intent.answer_cue("办公室工作的特点很鲜明。", intent.LIST, ["特点"])
    assert intent.answer_cue("之所以辛苦，在于事务繁杂。", intent.WHY, ["辛苦"])
    assert intent.answer_cue("写好通知，必须把握格式。", intent.HOW, ["通知"])
    assert intent.answer_cue("秘书一词始于汉代。", intent.WHEN, ["秘书"])
    assert not intent.answer_cue("秘书一词始于汉代。", "", ["秘书"])


def test_a_query_naming_a_speech_or_event_names_an_occasion() -> None:
    assert intent.names_occasion("全市办公室系统培训会议 讲话")
    assert intent.names_occasion("晨报创刊 书画展 开幕式 致辞")
    assert not intent.names_occasion("督查督办")
