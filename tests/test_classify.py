"""Kinds and topics from the rule files, with reasons; and the hand-labelled evaluation.

The evaluation prints the per-label precision/recall/F1 table (run pytest with -s to see it, or
``kb eval-labels tests/labels/passages.jsonl``).  The floors below guard against
regressions; the goal is 0.85 macro-F1 (see the report for what limits it)."""

from __future__ import annotations

from pathlib import Path

from kb.classify import (
    annotate_passages,
    classify_kinds,
    classify_topics,
    feature_field,
    kind_names,
    score_topics,
    topic_names,
)
from kb.evaluate.labels import evaluate, load_labels, report
from kb.models import Passage

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "labels" / "passages.jsonl"
OUTSIDE = ROOT / "tests" / "labels" / "outside.jsonl"  # passages written for the test, not in the corpus
# Since issue 15 the thresholds are chosen on the blind labels' development half (an independent
# measure, /work/outside/labels); these older labels, written by the rules' authors, score lower now.
KINDS_FLOOR = 0.79  # reached: 0.81 (0.84 when the rules were tuned on these labels)
TOPICS_FLOOR = 0.66  # reached: 0.69 (0.78 when tuned on these labels)
# a model refitted on the dev halves of blind rounds 3-5 gave 0.79 here while the blind held-out kinds rose
# 0.53 -> 0.56: these 42 passages are a regression guard only (the floor leaves room for such a model)
OUTSIDE_KINDS_FLOOR = 0.77  # reached: 0.85 with the rules
OUTSIDE_TOPICS_FLOOR = 0.84  # reached: 0.88


def _p(i: int, text: str, path: tuple[str, ...] = ()) -> Passage:
    return Passage(passage_id=f"d-{i:04d}", doc_id="d", ordinal=i, text=text, heading_path=path)


def test_rule_files_declare_the_labels() -> None:
    assert kind_names()[:6] == ["原则/要求", "事例/做法", "表述/金句", "开头", "结尾", "过渡"]
    for topic in ("办文/公文", "办会/会务", "督查督办/抓落实", "信息报送", "调查研究", "综合协调", "机要保密",
                  "后勤保障/接待", "应急/值班", "队伍建设", "学习", "作风纪律/廉洁", "政治忠诚", "服务理念"):
        assert topic in topic_names()


def test_requirement_kind_keeps_its_reason_with_a_count() -> None:
    kinds = dict(classify_kinds("我们必须加强学习。要坚持问题导向，要狠抓工作落实。只有这样，才能做好工作。"))
    assert "原则/要求" in kinds
    assert "含「要」「必须」的要求句 ×3" in kinds["原则/要求"]


def test_case_kind_from_dates_and_results() -> None:
    text = "去年5月份，我们组织了一次推进会，按照分工同步展开，效果明显提高，3个小时完成任务。"
    assert "事例/做法" in dict(classify_kinds(text))


def test_roles_depend_on_position() -> None:
    assert "开头" in dict(classify_kinds("这次会议很重要。", position="opening"))
    assert "开头" not in dict(classify_kinds("这次会议很重要。", position="middle"))
    assert "结尾" in dict(classify_kinds("同志们，让我们共同努力！", position="closing"))
    assert "过渡" in dict(classify_kinds("下面，我讲三点意见。"))
    assert dict(classify_kinds("办公室", heading_level=2))["标题"] == "标题"


def test_topics_count_heading_words_more() -> None:
    plain = dict(score_topics("要做好工作。"))
    headed = dict(score_topics("要做好工作。", ("六是机要保密要“细”",)))
    assert "机要保密" not in plain and headed["机要保密"] >= 12
    assert [t for t, _s in classify_topics("严守保密纪律，确保机要文件和密码安全，防止泄密。")] == ["机要保密"]


def test_annotate_passages_sets_kinds_topics_and_features() -> None:
    ps = [_p(0, "同志们：今天召开这次会议，主要讲三个方面。"),
          _p(1, "办公室的职责是“三办”，即办文、办会、办事。毛泽东同志指出：“没有调查，就没有发言权。”",
             ("一、明确职责",)),
          _p(2, "同志们，让我们共同努力，再创佳绩！", ("一、明确职责",))]
    out = annotate_passages(ps, None)
    assert "开头" in out[0].kinds and "结尾" in out[2].kinds
    assert len(out[1].kinds) == len(out[1].kind_reasons)
    feats = out[1].features
    assert feats.formulations[0].name == "三办" and feats.quotes[0].speaker == "毛泽东"
    assert feature_field(out[1]).startswith("formulations,quotes")
    assert feature_field(out[0]) == ""


def test_hand_labels_are_enough_and_well_formed() -> None:
    labels = load_labels(LABELS)
    assert len(labels) >= 150
    kinds, topics = set(kind_names()), set(topic_names())
    for lab in labels:
        assert lab["contains"] and set(lab["kinds"]) <= kinds and set(lab["topics"]) <= topics, lab


def test_outside_labels_are_well_formed() -> None:
    labels = load_labels(OUTSIDE)
    assert len(labels) >= 40
    kinds, topics = set(kind_names()), set(topic_names())
    for lab in labels:
        assert lab["text"] and set(lab["kinds"]) <= kinds and set(lab["topics"]) <= topics, lab
        assert lab.get("position", "middle") in ("opening", "middle", "closing"), lab


def test_evaluation_against_outside_passages() -> None:
    result = evaluate(OUTSIDE, ROOT / "corpus")
    print("\n" + report(result))
    assert result["passages"] == len(load_labels(OUTSIDE)) and not result["missing"]
    assert result["kinds_macro_f1"] >= OUTSIDE_KINDS_FLOOR
    assert result["topics_macro_f1"] >= OUTSIDE_TOPICS_FLOOR


def test_heading_naming_several_topics_speaks_for_each_less() -> None:
    one = dict(score_topics("要做好工作。", ("六是机要保密要“细”",)))
    two = dict(score_topics("要做好工作。", ("六是机要保密和值班值守要“细”",)))
    assert two["机要保密"] < one["机要保密"] and "应急/值班" in two


def test_requirements_from_numbered_imperatives_and_emphasis() -> None:
    kinds = dict(classify_kinds("第三，严格内部管理，切实加强制度建设。"))
    assert "分条提出的要求" in kinds["原则/要求"]
    # an opening's requirements count as anywhere else: a web copy without headings is all opening
    assert dict(classify_kinds("第三，严格内部管理，切实加强制度建设。", position="opening")) == kinds
    assert dict(classify_kinds("我们要团结。", position="opening"))["原则/要求"] == "含「要」「必须」的要求句"


def test_evaluation_against_hand_labels() -> None:
    result = evaluate(LABELS, ROOT / "corpus")
    print("\n" + report(result))
    assert result["passages"] >= 145, result["missing"]
    assert result["kinds_macro_f1"] >= KINDS_FLOOR
    assert result["topics_macro_f1"] >= TOPICS_FLOOR


def test_search_filters_by_kind_and_topic(corpus_searcher) -> None:  # type: ignore[no-untyped-def]
    hits = corpus_searcher.search("落实", kind="事例/做法", limit=50).hits
    assert hits and all("事例/做法" in h.kinds for h in hits)
    hits = corpus_searcher.search("保密", topic="机要保密", limit=50).hits
    assert hits and all("机要保密" in h.topics for h in hits)
    assert corpus_searcher.search("kind:表述/金句 服务", limit=5).hits


def test_requirements_lower_the_case_score() -> None:
    from kb.classify import classify_kinds

    assert classify_kinds("我们组织培训，效果明显。") == [("事例/做法", "「我们…开展、建立」的做法；结果与成效")]
    assert dict(classify_kinds("我们组织了培训，必须说，效果明显。"))["事例/做法"].endswith("（减分）提要求而非叙事")
    # the same doings put as requirements (要…必须…) are a requirement, not a case
    assert [k for k, _r in classify_kinds("我们要组织培训，必须抓好落实，要务求实效，要讲效果。")] == ["原则/要求"]


def test_a_report_of_what_others_did_is_a_case() -> None:
    # a news report's narrative (作了报告, 介绍了, 进行了讨论) is a case even without a date
    assert dict(classify_kinds("副局长作了主题报告，介绍了当前工作中出现的一些新情况。"))["事例/做法"] == \
        "叙述所为之事（作了报告、进行了、介绍了） ×2"
    assert dict(classify_kinds("代表们一致认为，报告客观全面。"))["事例/做法"] == "叙述所为之事（作了报告、进行了、介绍了）"
    # a speech's greeting or thanks is the speech's frame, not a case it tells
    assert "事例/做法" not in dict(classify_kinds("同志们：这次会议总结了上级的要求。"))


def test_an_office_described_as_a_department_is_about_its_role() -> None:
    assert score_topics("办公室作为企业的综合部门，起着上传下达的作用。")[0] == ("地位作用", 5.0)


def test_kinds_read_traditional_script_as_simplified() -> None:
    simplified = classify_kinds("必须突出保密重点，必须管好涉密人员，必须管住涉密载体。")
    assert classify_kinds("必須突出保密重點，必須管好涉密人員，必須管住涉密載體。") == simplified
    assert dict(simplified)["原则/要求"] == "含「要」「必须」的要求句 ×3"


def test_writing_genres_are_about_documents_and_skills_are_not_coordination() -> None:
    assert score_topics("述职报告是一种应用文，其篇幅不宜过长。")[0] == ("办文/公文", 5.5)
    # 协调能力 is a skill of the staff, not the work of coordinating (协调 2 - 协调能力 2)
    assert "综合协调" not in dict(score_topics("秘书需要具备组织协调能力。"))


def test_an_opening_by_its_salutation_or_its_occasion_and_not_a_news_lead() -> None:
    assert dict(classify_kinds("委员长、各位副委员长、各位委员：党的二十大报告强调，必须坚持。", position="opening"))["开头"] \
        == "称呼与开场（各位委员：, 非常荣幸, 现将…汇报如下）"
    assert "开头" in dict(classify_kinds("非常荣幸能代表镇党委作简要汇报。", position="opening"))
    assert "开头" in dict(classify_kinds("我局进行了清理自查。现将自查情况汇报如下。", position="opening"))
    # a numbered point or a news lead that mentions a meeting opens no talk
    assert "开头" not in dict(classify_kinds("（一）召开秘密程度较高的会议，应与保密部门联系。", position="opening"))
    assert "开头" not in dict(classify_kinds("本报讯 11月19日，座谈会第十五次会议在鹤壁召开。", position="opening"))


def test_rules_and_duties_of_a_regulation_are_requirements() -> None:
    kinds = dict(classify_kinds("召开秘密程度较高的会议，秘书人员在会前应与保密部门取得联系，接待工作由办公室负责。"))
    assert kinds["原则/要求"] == "规定与职责（须、应、由…负责） ×2"
    assert "原则/要求" not in dict(classify_kinds("他对这项工作反应很快。"))  # 反应 is no 应


def test_the_work_around_a_meeting_is_about_meetings() -> None:
    assert score_topics("会议期间印发的文件，会后统一收回。")[0] == ("办会/会务", 3.5)


def test_a_regulations_own_clauses_are_about_rules() -> None:
    assert score_topics("参照有关规定，结合本县实际，制定本规则。")[0] == ("制度建设", 5.0)


def test_public_services_and_loving_the_drudgery() -> None:
    assert score_topics("推进政务服务便民化，为机关服务。")[0] == ("服务理念", 8.0)
    assert score_topics("从事一项工作，首先要热爱，以至酷爱，打杂也不怕。")[0] == ("敬业奉献", 5.5)


def test_lectures_and_wide_reading_are_learning_and_political_study_is_not() -> None:
    assert score_topics("举行公文知识专题讲座，要博闻强记。")[0] == ("学习", 6.5)
    assert dict(score_topics("深入学习贯彻会议精神。"))["学习"] == 0.5  # 学习 2 - 学习贯彻 1.5: under min_score


def test_a_chairs_cue_and_a_report_that_announces_itself_are_transitions() -> None:
    assert dict(classify_kinds("下面，请市政府各位副市长发言。"))["过渡"] == \
        "引出下文或下一位（下面请…发言、现将…如下）；短段落"
    assert "过渡" in dict(classify_kinds("所以，有必要对会议保密的问题也强调几句。"))


def test_the_figures_of_a_work_summary_are_a_case() -> None:
    kinds = dict(classify_kinds("全年高质量完成各类文稿120余篇，会议数量同比减少28%。"))
    assert kinds["事例/做法"] == "工作总结的实绩（全年完成、120余篇、减少28%） ×2"
