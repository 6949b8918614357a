"""The writer's toolkit: the libraries of formulations, quotations, rhetorical sentences and headings
on the bundled corpus (the libraries hold what a reader finds).  The finders themselves are tested on
outside text in tests/finders/."""

from __future__ import annotations

import time
from typing import Any

import pytest

from kb.cli.main import main
from kb.finders.formulations import merge_key
from kb.toolkit import libraries as toolkit


# --- formulations on text the rules were not written for ------------------------------------------
# --- quotations -----------------------------------------------------------------------------------
# --- sentences ------------------------------------------------------------------------------------
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
    assert [q.speaker for q in toolkit.quotations(corpus_searcher, term="宰相门前")] == ["人们"]  # 人们常说
    # 总书记也多次强调“一分部署、九分落实”: the library showed the speaker 也多次; a bare 总书记 is 习近平
    assert "也多次" not in groups
    assert {q.speaker for q in toolkit.quotations(corpus_searcher, term="一分部署") if q.text.startswith("一分部署")} \
        == {"习近平"}
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
def test_unattributed_sayings_have_their_own_group(corpus_searcher: Any) -> None:
    groups = toolkit.quotations_by_speaker(corpus_searcher)
    assert "" not in groups
    assert all(not q.speaker for q in groups.get(toolkit.UNATTRIBUTED, []))

