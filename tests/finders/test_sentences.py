"""Rhetorical sentences (kb.finders.sentences)."""

from __future__ import annotations

from kb.finders.sentences import find_sentences, sentence_types


def test_rhetorical_sentences() -> None:
    found = {s.text: list(s.types) for s in find_sentences(
        "我们要心中装着群众，眼里看着群众，手上帮着群众。既要抓发展，又要保稳定。"
        "什么是担当？担当就是迎难而上。坚定信念，勤奋工作，廉洁自律，甘于奉献。今天开会。")}
    assert found["我们要心中装着群众，眼里看着群众，手上帮着群众。"] == ["排比"]
    assert "对偶" in found["既要抓发展，又要保稳定。"]
    assert found["什么是担当？"] == ["设问"]
    assert found["坚定信念，勤奋工作，廉洁自律，甘于奉献。"] == ["四字格"]
    assert "今天开会。" not in found


def test_rhetorical_sentences_of_the_blind_labels() -> None:
    found = {s.text: list(s.types) for s in find_sentences(
        "要防止办公室工作错位、越位、缺位。思想不能松，干劲不能减。"
        "那么，怎么样才能成为单位的大拿呢？一言一行、一举一动，都备受关注。"
        "述职报告按时间可分为年度述职报告、阶段述职报告和任期述职报告。")}
    assert found["要防止办公室工作错位、越位、缺位。"] == ["排比"]
    assert "对偶" in found["思想不能松，干劲不能减。"]
    assert found["那么，怎么样才能成为单位的大拿呢？"] == ["设问"]
    assert "四字格" in found["一言一行、一举一动，都备受关注。"]
    assert not any(t.startswith("述职报告") for t in found)


def test_a_yes_no_question_is_not_a_rhetorical_question() -> None:
    assert "设问" not in sentence_types("“稳中求进”的意思你们不理解吗?")
    assert "设问" in sentence_types("对办公厅的工作提出了哪些新的要求?")
