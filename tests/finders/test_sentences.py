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


def test_antitheses_lead_ins_traditional_script_and_chains() -> None:
    assert "对偶" in sentence_types("辦公室工作看似簡單,實則蘊藏著大學問。")  # read folded: 實則 is 实则
    assert "对偶" in sentence_types("它既是检视成效的显微镜,也是重构认知的思维导图。")
    assert "对偶" in sentence_types("职能部门要纠正重审批、轻管理的现象。")
    assert "对偶" in sentence_types("我们一定要做到标准不能降低,要求不能降低。")  # a lead-in before the pair
    assert "顶真" in sentence_types("学习的目的在于运用，运用的关键在于落实，落实的成效在于群众满意。")
    # reports of a meeting are not rhetoric, whatever their shape
    assert find_sentences("刚才，信访局局长对信访形势作了通报；书记对下步工作作了全面部署；县长提出了具体要求。") == []


def test_four_character_runs_need_three_or_an_idiom() -> None:
    assert "四字格" in sentence_types("同志们兢兢业业，任劳任怨，付出了辛勤的劳动。")
    assert "四字格" in sentence_types("报告深入浅出、案例丰富、发人警醒，让与会者深受教育。")
    assert "四字格" in sentence_types("又提出了“清正廉洁、严谨负责、高效务实、敬业奉献”的形象标准。")
    # two plain four-character phrases are ordinary prose
    assert "四字格" not in sentence_types("能动系党总支高度重视此次活动，认真组织，广泛动员。")
    assert "四字格" not in sentence_types("同样，如果凭主观臆断、随意行事，也难以达到预期效果。")


def test_a_quotation_with_its_speaker_and_a_tally_of_numbers_are_not_rhetoric() -> None:
    said = "毛泽东同志曾指出：“必须十分重视保守秘密，九分半不行，九分九不行，非十分不可。”"
    assert find_sentences(said) == []
    assert find_sentences("一般工作人员每餐标准为15元，业务往来为25元，贵宾为40元。") == []
    # the writer's own figure stays, even with a short quotation in it
    assert [s.types for s in find_sentences("我们要心中装着群众，眼里看着“群众”，手上帮着群众。")] == [("排比",)]


def test_items_that_open_alike_are_parallel_whatever_their_length() -> None:
    text = "源源不断地培养造就大批优秀青年干部，事关全面小康社会建设的顺利推进，事关党的事业薪火相传，事关国家长治久安。"
    assert sentence_types(text) == ["排比"]
