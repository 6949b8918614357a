"""The ranking model's features, each on its own, and the weights file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.search import rank


def feats(body: str, query_words: dict[str, float], plain: str = "", path: tuple[str, ...] = (), title: str = "",
          **kw: object) -> dict[str, float]:
    values, _common = rank.features(body, path, title, query_words, plain, **kw)  # type: ignore[arg-type]
    return values


def test_every_feature_is_named_and_in_range() -> None:
    values = feats("一是综合协调要好。综合协调是办公室的基本职能。", {"综合协调": 2.0, "职能": 1.0}, "综合协调职能")
    assert tuple(values) == rank.FEATURES
    assert all(0.0 <= v <= 1.0 for v in values.values())


def test_cover_counts_idf_weighted_words_and_subwords() -> None:
    w = {"公文": 3.0, "质量": 1.0}
    assert feats("提高公文质量", w)["cover"] == 1.0
    assert feats("提高公文水平", w)["cover"] == 0.75
    alts = {"公文质量": [("公文", 0.4)]}
    assert feats("公文写作", {"公文质量": 2.0}, alts=alts)["cover"] == pytest.approx(0.4)


def test_related_credits_only_words_absent_from_the_text() -> None:
    related = {"交办": [("交待", 0.7)]}
    v = feats("领导亲自交待的事", {"领导": 1.0, "交办": 1.0}, related=related)
    assert v["cover"] == 0.5 and v["related"] == pytest.approx(0.35)
    assert feats("领导交办的事", {"领导": 1.0, "交办": 1.0}, related=related)["related"] == 0.0


def test_own_heading_is_the_last_of_the_path_or_the_opening_clause() -> None:
    assert rank.own_heading("正文没有编号。", ("第一，把握方向", "一是要绝对忠诚")) == ("一是要绝对忠诚", "第一，把握方向")
    assert rank.own_heading('一是综合协调要"好"。协调各方。', ("二、工作",)) == ('一是综合协调要"好"', "二、工作")
    assert rank.own_heading("（二）宽胸襟：就是为人处事要有气度", ()) == ("（二）宽胸襟", "")
    assert rank.own_heading("一是一年来的工作很多，" + "很" * 50 + "。", ()) == ("", "")
    assert rank.own_heading("没有标题。", ()) == ("", "")


def test_heading_feature_prefers_the_section_about_the_topic() -> None:
    w = {"综合协调": 1.0}
    section = feats('一是综合协调要"好"。要协调各方。', w)
    mention = feats("办公室工作有综合协调的任务。", w, path=("二、服务大局",))
    assert section["heading"] == 1.0 and mention["heading"] == 0.0
    assert feats("要协调各方。", {"协调": 1.0}, path=("二、服务大局", "（一）协调"))["heading"] == 1.0
    assert feats("要协调各方。", {"协调": 1.0}, path=("一、协调", "（一）方法"))["ancestors"] == 1.0
    assert feats("要协调各方。", {"协调": 1.0}, title="谈协调")["title"] == 1.0


def test_list_spans_find_enumerations_of_short_items() -> None:
    spans, items = rank.list_spans("办公室工作既有综合协调、信息调研，又有办文办会、督查督办、机要保密、后勤保障。")
    assert items == 6 and len(spans) == 2
    assert rank.list_spans("这是一个没有列举的句子，只有逗号。") == ([], 0)


def test_listed_penalises_topics_found_only_inside_a_list() -> None:
    w = {"督查督办": 1.0}
    listing = "办公室工作既有综合协调、信息调研、办文办会、督查督办、机要保密、后勤保障、接待联络、应急值守。"
    assert feats(listing, w)["listed"] == 1.0
    both = listing + "督查督办要实，要盯住不放。"
    assert feats(both, w)["listed"] == 0.0
    short = "既有综合协调、督查督办、后勤保障。"
    assert feats(short, w)["listed"] == pytest.approx(3 / rank.LIST_FULL)


def test_proximity_stretch_and_whole() -> None:
    w = {"苦差事": 1.0, "冷板凳": 1.0}
    near = feats("办公室是苦差事是冷板凳", w, "苦差事冷板凳")
    far = feats("苦差事" + "，其他的话" * 10 + "冷板凳", w, "苦差事冷板凳")
    assert near["proximity"] > far["proximity"] > 0
    assert feats("只有苦差事", {"苦差事": 1.0})["proximity"] == 0.0
    plain = "办公室是苦差事是冷板凳"
    assert feats("都说办公室是苦差事是冷板凳啊", w, plain)["whole"] == 1.0
    assert feats("都说办公室是苦差事是冷板凳啊", w, plain)["stretch"] == pytest.approx(len(plain) / 12)
    part = feats("都说办公室是苦差事，大家", w, plain)
    assert part["whole"] == 0.0 and part["stretch"] == pytest.approx(7 / 11 * 11 / 12)
    assert feats("办公室", {"办公室": 1.0}, "办公室")["stretch"] == 0.0  # short query: no stretch


def test_model_scores_the_weighted_sum(tmp_path: Path) -> None:
    m = rank.Model({"cover": 2.0, "listed": -1.0})
    assert m.score({"cover": 0.5, "listed": 1.0, "bm25": 1.0}) == 0.0
    f = tmp_path / "w.toml"
    f.write_text('fitted_by = "kb eval dev.jsonl --fit w.toml"\n[weights]\ncover = 1.5\nunknown = 9\n',
                 encoding="utf-8")
    loaded = rank.load_model(f)
    assert loaded.weights == {"cover": 1.5} and loaded.source == "kb eval dev.jsonl --fit w.toml"
    assert rank.load_model(tmp_path / "none.toml").weights == rank.DEFAULT_WEIGHTS


def test_the_shipped_weights_name_known_features_and_their_command() -> None:
    m = rank.load_model()
    assert set(m.weights) <= set(rank.FEATURES) and m.weights
    assert m.source.startswith("kb eval ")


def test_short_marks_bare_lines() -> None:
    assert feats("会务工作的内容", {"会务": 1.0})["short"] == pytest.approx(1 - 7 / rank.SHORT_CHARS)
    assert feats("长" * 100, {"会务": 1.0})["short"] == 0.0


def test_headed_marks_a_section_whose_own_heading_holds_every_query_word() -> None:
    w = {"督查": 1.0, "督办": 1.0}
    assert feats('五是督查督办要“实”。话说千遍，不如一干。', w)["headed"] == 1.0
    assert feats("既有综合协调，又有督查督办。", w, path=("五是督查工作",))["headed"] == 0.0


def test_answer_is_cover_when_the_passage_answers_what_the_question_asks() -> None:
    w = {"三个服务": 1.0}
    defining = feats("办公室的核心是“三个服务”。即服务领导、服务基层。", w, intent="define")
    assert defining["answer"] == 1.0
    assert feats("我们要搞好“三个服务”，这很重要。", w, intent="define")["answer"] == 0.0
    assert feats("办公室的核心是“三个服务”。即服务领导。", w)["answer"] == 0.0


def test_opening_marks_a_documents_first_passage_for_a_query_naming_an_occasion() -> None:
    w = {"开幕式": 1.0}
    assert feats("在开幕式上的致辞。", w, occasion=True, ordinal=0)["opening"] == 1.0
    assert feats("在开幕式上的致辞。", w, occasion=True, ordinal=3)["opening"] == 0.0
    assert feats("在开幕式上的致辞。", w, occasion=False, ordinal=0)["opening"] == 0.0


def test_early_rewards_a_passage_that_names_the_query_words_first() -> None:
    w = {"三个服务": 1.0}
    assert feats("三个服务" + "很" * 96, w)["early"] == pytest.approx(1.0)
    assert feats("很" * 50 + "三个服务" + "很" * 46, w)["early"] == pytest.approx(0.5)
    assert feats("很" * 10, w)["early"] == 0.0


def test_assoc_credits_an_absent_word_by_its_associate_found_in_the_text() -> None:
    assoc = {"问责": [("整改", 0.5)]}
    v = feats("抓好整改落实。", {"问责": 1.0, "落实": 1.0}, assoc=assoc)
    assert v["assoc"] == pytest.approx(0.25) and v["related"] == 0.0
    assert feats("问责和整改。", {"问责": 1.0}, assoc=assoc)["assoc"] == 0.0  # the word itself is there


def test_vector_is_the_cosine_given_and_zero_without_one() -> None:
    assert feats("抓好整改落实。", {"落实": 1.0}, vector=0.73)["vector"] == 0.73
    assert feats("抓好整改落实。", {"落实": 1.0})["vector"] == 0.0
    assert rank.DEFAULT_WEIGHTS["vector"] == 0.0 and "vector" in rank.FEATURES


def test_a_numbered_clause_ending_in_a_semicolon_is_a_list_item_not_a_heading() -> None:
    path = ("三、信息报送", "（一）信息报送内容")
    assert rank.own_heading("1、重大决策部署的落实情况；2、领导批示的落实情况；", path) == ("（一）信息报送内容", "三、信息报送")
    assert rank.own_heading("（1）会前清点文件；（2）会后清退文件。", ()) == ("", "")
    assert rank.own_heading("1、会前：清点文件。", ()) == ("1、会前", "")


def test_the_text_features_read_the_sections_own_heading_with_its_text() -> None:
    w = {"督查督办": 2.0}
    section = feats("话说千遍，不如一干。要抓好落实。", w, "督查督办", path=("第二，服务大局", '五是督查督办要"实"'))
    assert section["cover"] == 1.0 and section["whole"] == 1.0 and section["heading"] == 1.0
    assert section["short"] == pytest.approx(1.0 - len("话说千遍，不如一干。要抓好落实。") / rank.SHORT_CHARS)
    under = feats("话说千遍，不如一干。要抓好落实。", w, "督查督办", path=('五是督查督办要"实"', "（一）方法"))
    assert under["cover"] == 0.0 and under["ancestors"] == 1.0  # only its own heading is read with its text
