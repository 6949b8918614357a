"""The writer's toolkit: formulations, quotations, rhetorical sentences and headings, on outside text
(the rules must be generic) and on the bundled corpus (the libraries hold what a reader finds)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from kb.cli.main import main
from kb.finders.quotes import find_quotes, normalise_speaker
from kb.finders.text import find_formulations, find_sentences, merge_key, parse_term, split_items
from kb.toolkit import libraries as toolkit


def _by_name(found: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in found}


# --- formulations on text the rules were not written for ------------------------------------------
def test_numbered_formulation_with_ji_expansion() -> None:
    f = _by_name(find_formulations("我们要做到“三个统一”，即思想统一、行动统一、步调统一。"))
    assert f["三个统一"]["expansion"] == "思想统一、行动统一、步调统一"
    assert f["三个统一"]["items"] == ["思想统一", "行动统一", "步调统一"]


def test_unquoted_formulation_expanded_by_yi_shi() -> None:
    f = _by_name(find_formulations("机关要发挥四个作用：一是参谋作用；二是协调作用；三是督查作用；四是服务作用。"))
    assert f["四个作用"]["expansion"] == "参谋作用、协调作用、督查作用、服务作用"
    assert f["四个作用"]["how"] == "一是"


def test_expansion_from_the_following_passage_and_from_child_headings() -> None:
    f = _by_name(find_formulations("归纳起来就是“三个新”。", following="一是新思路。……\n二是新办法。\n三是新作风。"))
    assert f["三个新"]["expansion"] == "新思路、新办法、新作风"
    f = _by_name(find_formulations("具体做到“三快”：", children=("（一）快报告", "（二）快处置", "三是快反馈")))
    assert f["三快"]["expansion"] == "快报告、快处置、快反馈"


def test_expansion_before_the_term_and_in_parentheses() -> None:
    f = _by_name(find_formulations("提出了“讲政治、顾大局、守纪律”的“三个要求”。"))
    assert f["三个要求"]["items"] == ["讲政治", "顾大局", "守纪律"]
    f = _by_name(find_formulations("建立“三个机制”（会商机制、通报机制、问责机制）。"))
    assert f["三个机制"]["expansion"] == "会商机制、通报机制、问责机制"


def test_shi_colon_expansions_for_several_terms() -> None:
    text = "提出了“两个坚持”、“三个更”的思路。两个坚持是:坚持学习,坚持实干;三个更是:站位更高,作风更实,服务更优。"
    f = _by_name(find_formulations(text))
    assert f["两个坚持"]["expansion"] == "坚持学习、坚持实干"
    assert f["三个更"]["expansion"] == "站位更高、作风更实、服务更优"


def test_compound_and_series() -> None:
    text = ("要抓好“一条主线、两项任务”（“一条主线”，就是服务大局；“两项任务”，就是抓调研和抓督查），"
            "做到“想得到、办得快、做得实”。")
    f = _by_name(find_formulations(text))
    assert f["一条主线、两项任务"]["form"] == "compound"
    assert f["一条主线"]["expansion"] == "服务大局"
    assert f["想得到、办得快、做得实"]["form"] == "series"


def test_ordinary_counts_and_set_phrases_are_not_formulations() -> None:
    found = find_formulations("主要有三个方面的问题。我们搞“一条龙”服务，住在“二楼”，迎接“十二五”，其中一个很重要的因素就是作风。")
    assert found == []


def test_merge_key_and_terms() -> None:
    assert merge_key("三个服务") == merge_key("三服务") == "三服务"
    assert parse_term("三个服务") == (3, "个", "服务")
    assert parse_term("三个方面") is None
    assert split_items("思想建设、业务建设和制度建设", 3) == ["思想建设", "业务建设", "制度建设"]


# --- quotations -----------------------------------------------------------------------------------
def test_quotations_with_speakers() -> None:
    text = ("鲁迅先生说过：“时间就像海绵里的水，只要愿挤，总还是有的。”《论语》中说：“学而不思则罔，思而不学则殆。”"
            "古人云：“不积跬步，无以至千里”，“千里之堤，溃于蚁穴”。俗话说得好，“磨刀不误砍柴工”。"
            "法国作家雨果说过，世界上最宽阔的是海洋，比海洋更宽阔的是天空。张三同志强调：“要把工作做细做实。”"
            "我讲“这件事要马上办”。")
    quotes = [(q["speaker"], q["text"][:5]) for q in find_quotes(text)]
    assert quotes == [("鲁迅", "时间就像海"), ("《论语》", "学而不思则"), ("古人", "不积跬步，"),
                      ("古人", "千里之堤，"), ("俗语", "磨刀不误砍"), ("张三", "要把工作做"),
                      ("雨果", "世界上最宽")]


def test_speaker_normalisation() -> None:
    assert normalise_speaker("小平同志") == ("邓小平", "person")
    assert normalise_speaker("江总书记") == ("江泽民", "person")
    assert normalise_speaker("李达康书记") == ("李达康", "person")
    assert normalise_speaker("俗话") == ("俗语", "saying")


# --- sentences ------------------------------------------------------------------------------------
def test_rhetorical_sentences() -> None:
    found = {s["text"]: s["types"] for s in find_sentences(
        "我们要心中装着群众，眼里看着群众，手上帮着群众。既要抓发展，又要保稳定。"
        "什么是担当？担当就是迎难而上。坚定信念，勤奋工作，廉洁自律，甘于奉献。今天开会。")}
    assert found["我们要心中装着群众，眼里看着群众，手上帮着群众。"] == ["排比"]
    assert "对偶" in found["既要抓发展，又要保稳定。"]
    assert found["什么是担当？"] == ["设问"]
    assert found["坚定信念，勤奋工作，廉洁自律，甘于奉献。"] == ["四字格"]
    assert "今天开会。" not in found


# --- the libraries on the bundled corpus ----------------------------------------------------------
def test_formulation_library_holds_the_corpus_formulations(corpus_searcher: Any) -> None:
    lib = {f.name: f for f in toolkit.formulations(corpus_searcher)}
    three = toolkit.formulation(corpus_searcher, "三服务")
    assert three is not None and three.name == "三个服务" and set(three.variants) == {"三个服务", "三服务"}
    assert three.expansion == "为领导服务、为部门和基层服务、为人民群众服务"
    assert "服务领导、服务基层、服务群众" in three.expansions
    assert three.count >= 10 and all(u.source and u.passage_id for u in three.uses)
    expected = {"三办": "办文、办会、办事", "四个更": "政治上更强、业务上更精、工作上更实、纪律上更严",
                "三个放": "管理上放权、工作上放手、政策上放宽", "四水干部": "磨脑水（髓）、喝墨水、流汗水、没油水",
                "三个转变": "转变工作职能、转变工作方式、转变工作作风", "三补": "补位、补急、补台",
                "四句话": "开口能讲、提笔能写、问策能对、遇事能办", "三个作用": "参谋助手作用、督促检查作用、协调综合作用",
                "三个大": "大机关、大机器、大家庭", "四个体系": "内容体系、标准体系、考核体系、奖惩体系"}
    for name, expansion in expected.items():
        assert expansion in lib[name].expansions, name
    assert lib["五个坚持"].expansion.startswith("坚持绝对忠诚的政治品格、坚持高度自觉的大局意识")
    assert lib["一项基本任务、三项重要工作"].expansion.startswith("一项基本任务：抓中央重大决策部署落实；三项重要工作：")
    # a series that is the expansion of a numbered formulation in the same passage is not listed again
    # (the blind labels list 四句话 with its expansion, not the series beside it)
    assert "开口能讲、提笔能写、问策能对、遇事能办" not in lib
    assert [f.name for f in toolkit.formulations(corpus_searcher, term="办会")][0] == "三办"
    on_topic = toolkit.formulations(corpus_searcher, term="三个服务", topic="服务理念")
    assert on_topic and all(u.passage_id for u in on_topic[0].uses) and on_topic[0].count <= three.count


def test_quotation_library_groups_by_speaker(corpus_searcher: Any) -> None:
    groups = toolkit.quotations_by_speaker(corpus_searcher)
    for speaker in ("毛泽东", "邓小平", "江泽民", "马克思", "康德", "苏东坡", "古人", "俗语", "《党章》", "胡锦涛"):
        assert speaker in groups, speaker
    assert groups["马克思"][0].text == "一个行动胜过一打纲领"
    assert any(q.text.startswith("择高处立") for q in groups["古人"])
    assert [q.speaker for q in toolkit.quotations(corpus_searcher, term="宰相门前")] == ["俗语"]
    assert all(q.speaker == "江泽民" for q in toolkit.quotations(corpus_searcher, speaker="江泽民"))


def test_heading_library_and_outline(corpus_searcher: Any) -> None:
    heads = toolkit.headings(corpus_searcher)
    assert heads and all(h.level >= 1 and h.doc_id and h.title for h in heads)
    top = toolkit.headings(corpus_searcher, level=1, doc="党政机关办公室主任工作会议")
    assert [h.text[:2] for h in top] == ["一、", "二、", "三、"]
    secret = toolkit.headings(corpus_searcher, topic="机要保密")
    assert any("机要保密" in h.text for h in secret)
    doc_id = top[0].doc_id
    assert toolkit.outline(corpus_searcher, doc_id) == [h for h in heads if h.doc_id == doc_id]


def test_sentence_library_filters_by_kind(corpus_searcher: Any) -> None:
    pairs = toolkit.sentences(corpus_searcher, kind="对偶")
    assert pairs and all("对偶" in s.types for s in pairs)
    assert any(s.text.startswith("事以密成") for s in pairs)
    assert any("引语" in s.types for s in toolkit.sentences(corpus_searcher, term="宰相门前"))


def test_libraries_are_cached_per_index_version(corpus_searcher: Any) -> None:
    toolkit.clear_cache()
    toolkit.formulations(corpus_searcher)
    started = time.perf_counter()
    for _ in range(20):
        toolkit.formulations(corpus_searcher)
        toolkit.quotations(corpus_searcher)
        toolkit.headings(corpus_searcher)
    assert time.perf_counter() - started < 0.5
    assert toolkit.feature_passages(corpus_searcher, "quotes") is toolkit.feature_passages(corpus_searcher, "quotes")


# --- the command line -----------------------------------------------------------------------------
@pytest.mark.parametrize("argv, needle", [
    (["formulations", "三办"], "办文、办会、办事"),
    (["quotes", "--speaker", "马克思"], "一个行动胜过一打纲领"),
    (["headings", "--level", "1", "--doc", "新时期"], "一、明确职责"),
    (["sentences", "--kind", "设问", "--limit", "3"], "[设问]"),
])
def test_cli_commands(corpus_index: Any, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str) -> None:
    assert main([*argv, "--index", str(corpus_index)]) == 0
    assert needle in capsys.readouterr().out


def test_cli_json(corpus_index: Any, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["formulations", "四个更", "--json", "--index", str(corpus_index)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["name"] == "四个更" and rows[0]["uses"][0]["source"].endswith(".md")


def test_library_entries_are_unique_and_searchable_over_the_whole_entry(corpus_searcher: Any) -> None:
    from kb.finders.text import merge_key

    keys = [merge_key(f.name) for f in toolkit.formulations(corpus_searcher)]
    assert len(keys) == len(set(keys))
    assert [f.name for f in toolkit.formulations(corpus_searcher)].count("三个转变") <= 1
    texts = [q.text for q in toolkit.quotations(corpus_searcher)]
    assert len({t.replace("，", "") for t in texts}) == len(texts)
    # 保密 is not in the saying, but in the passage on 保密工作 that quotes it
    assert any(s.text.startswith("事以密成") for s in toolkit.sentences(corpus_searcher, term="保密"))
    assert any(q.text.startswith("事以密成") for q in toolkit.quotations(corpus_searcher, term="保密"))
    own = toolkit.sentences(corpus_searcher, term="事以密成")
    assert own and own[0].text.startswith("事以密成")


# --- finders that generalise (blind labels, issue 15) -------------------------------------------
def test_formulations_of_every_shape() -> None:
    text = ("要增强四个意识，坚决做到两个维护，落实中央八项规定精神。对“三個代表”重要思想要深刻领会。"
            "办公室要做到“三办”，即办文、办会、办事。推行“两比两问两评”活动，开展“三严三实”教育。"
            "坚持“精明、能干、忠诚、可靠”的标准，做到“不忘初心、牢记使命”。"
            "他归纳为“明确一个目标，做好两项服务，实现三个转变”。两个月来，我讲三点意见。")
    found = {f["name"]: f for f in find_formulations(text)}
    for name in ("四个意识", "两个维护", "八项规定", "三個代表", "三办", "两比两问两评", "三严三实",
                 "精明、能干、忠诚、可靠", "不忘初心、牢记使命", "明确一个目标，做好两项服务，实现三个转变"):
        assert name in found, name
    assert found["三办"]["expansion"] == "办文、办会、办事"
    assert found["两个维护"]["expansion"] == ""  # the text does not state it: no 两个确立
    assert found["三個代表"]["key"] == merge_key("三个代表")
    assert not {"两个月来", "两个月", "三点意见", "三点", "三个转变"} & set(found)  # counts; a part of a compound


def test_expansions_only_where_the_text_states_them() -> None:
    f = _by_name(find_formulations("国家“两会”即将来临，正是信访维稳任务比较繁重的时候。"))
    assert f["两会"]["expansion"] == ""
    f = _by_name(find_formulations("纪律有六大类，即：政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律和生活纪律。"))
    assert f["六大类"]["items"] == ["政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律"]
    f = _by_name(find_formulations("提出了“讲大局、强责任、提能力、抓落实”的十二字要求。"))
    assert f["十二字"]["expansion"] == "讲大局、强责任、提能力、抓落实"
    assert "讲大局、强责任、提能力、抓落实" not in f  # listed as the expansion, not again


def test_quotations_sayings_and_speakers() -> None:
    qs = find_quotes("保密工作无小事。古人云：“事以密成，语以泄败。”如果写错一个字，就可能失之毫厘，谬以千里。"
                     "权力使用上要“多栽花，少栽刺”。")
    by_text = {q["text"].rstrip("。"): q for q in qs}
    assert by_text["事以密成，语以泄败"]["speaker"] == "古人"
    assert by_text["失之毫厘，谬以千里"]["speaker"] == "" and by_text["多栽花，少栽刺"]["speaker_kind"] == "saying"
    qs = find_quotes("總書記指出，“一個人也好，一個政黨也好，最難得的就是歷經滄桑而初心不改”；“做到不忘初心，必須有強烈的自我革命精神”。")
    assert [q["speaker"] for q in qs] == ["总书记", "总书记"]
    qs = find_quotes("江泽民同志1990年参加全国省市区秘书长座谈会强调：“办公厅处在承上启下的地位，是上情下达的枢纽。”")
    assert qs[0]["speaker"] == "江泽民"
    qs = find_quotes("习近平总书记强调，保密工作是党和国家事业的重要组成部分，直接关系到国家安全。")
    assert qs[0]["speaker"] == "习近平" and qs[0]["text"].startswith("保密工作是党和国家事业")
    qs = find_quotes("党的十八届三中全会明确提出，“设立国家安全委员会，完善国家安全体制”。")
    assert qs[0]["speaker"] == "党的十八届三中全会"
    assert find_quotes("存荣书记提出“把握大局、统筹兼顾、抓好落实、做好表率”。") == []  # a formulation


def test_headings_inside_a_passage() -> None:
    from kb.finders.text import find_headings

    text = ("我很深的体会有三点:一是办公室的工作很重要。习近平到中办调研时作了指示。"
            "二是办公室的同志很辛苦。办公室工作是一项苦差使；三要谋得深，就是善于突破表象。")
    assert find_headings(text) == ["一是办公室的工作很重要", "二是办公室的同志很辛苦"]
    assert find_headings("三要谋得深，就是善于突破日常工作中繁杂琐碎的表象，深入到循机理、管长远的工作中去。") == ["三要谋得深"]
    assert find_headings("关键在强化理论武装。\n坚持落实好各项学习制度，推进理论培训常态化，不断增进政治认同。") == ["关键在强化理论武装"]
    assert find_headings("1.1政策背景:国家治理体系现代化1.2现实需求:破解最后一公里") == [
        "1.1政策背景:国家治理体系现代化", "1.2现实需求:破解最后一公里"]
    assert find_headings("一是加强学习；二是提高素质。") == []


def test_rhetorical_sentences_of_the_blind_labels() -> None:
    found = {s["text"]: s["types"] for s in find_sentences(
        "要防止办公室工作错位、越位、缺位。思想不能松，干劲不能减。"
        "那么，怎么样才能成为单位的大拿呢？一言一行、一举一动，都备受关注。"
        "述职报告按时间可分为年度述职报告、阶段述职报告和任期述职报告。")}
    assert found["要防止办公室工作错位、越位、缺位。"] == ["排比"]
    assert "对偶" in found["思想不能松，干劲不能减。"]
    assert found["那么，怎么样才能成为单位的大拿呢？"] == ["设问"]
    assert "四字格" in found["一言一行、一举一动，都备受关注。"]
    assert not any(t.startswith("述职报告") for t in found)


def test_unattributed_sayings_have_their_own_group(corpus_searcher: Any) -> None:
    groups = toolkit.quotations_by_speaker(corpus_searcher)
    assert "" not in groups
    assert all(not q.speaker for q in groups.get(toolkit.UNATTRIBUTED, []))
