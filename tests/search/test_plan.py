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


def test_a_frame_weighed_zero_is_not_searched_and_the_question_still_runs(corpus_searcher: Searcher,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # Whoosh divides by a clause's boost when it skips blocks: a clause of boost 0 raised ZeroDivisionError
    monkeypatch.setattr(plan, "QUESTION_WEIGHT", 0.0)
    s = corpus_searcher
    planned = plan.Planner(s.searcher(), s.segmenter, s.synonyms, None).plan(parse("办公室干部应该具备哪些能力"))
    assert planned.weights["应该"] == 0.0 and planned.weights["干部"] > 0
    assert "应该" not in planned.terms and "干部" in planned.terms
    result = s.search("办公室干部应该具备哪些能力")
    assert result.hits and result.message is None


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

#: what the worst pasted queries may cost: leaf clauses over the plan's queries (words, sub-words,
#: synonyms, expansions, phrases, prefilters, the bigram fallback)
WORST_CLAUSES = 400


@pytest.mark.parametrize(("name", "raw"), [
    ("500 characters", "办公室工作要抓落实，提高服务质量。" * 30),
    ("2,000 characters", "办公室工作要抓落实，提高服务质量。" * 120),
    ("10,000 characters", "督查督办、信息调研、综合协调和后勤保障" * 500),
    ("OR chain", " OR ".join(["办公室", "督查", "抓落实", "服务"] * 500)),
    ("OR chain of paragraphs", " OR ".join(["办公室工作要抓落实提高服务质量加强督查督办做好信息调研"] * 40)),
    ("many quoted phrases", " ".join(f'"{w}"' for w in ["办公室", "落实", "服务群众", "以文辅政"] * 300)),
    ("many exclusions", "办公室 " + " ".join(f'-"{w}"' for w in ["督查", "落实工作要求"] * 300)),
    ("many filters", "办公室 " + " ".join(f"year:{2000 + i} kind:表述/金句 doc:讲话{i}" for i in range(100))),
])
def test_the_worst_pasted_queries_have_a_bounded_plan(corpus_searcher: Searcher, name: str, raw: str) -> None:
    s = corpus_searcher
    planner = plan.Planner(s.searcher(), s.segmenter, s.synonyms, s.expander())
    p = planner.plan(parse(raw))
    assert 0 < p.clauses() <= WORST_CLAUSES, name


def test_an_or_alternative_is_searched_by_its_first_words_with_a_note(corpus_searcher: Searcher) -> None:
    s = corpus_searcher
    planner = plan.Planner(s.searcher(), s.segmenter, s.synonyms, None)
    long_alt = "办公室工作要抓落实提高服务质量加强督查督办做好信息调研"
    p = planner.plan(parse(f"{long_alt} OR 以文辅政"))
    assert p.notes == [f"“或”（OR）的选项太长，每个选项只用了前 {plan.MAX_ALT_WORDS} 个词。"]
    short = planner.plan(parse("督查 OR 以文辅政"))
    assert short.notes == []
    many = ("办公室 督查 抓落实 服务 调研 信息 协调 保障 文件 会议 领导 干部 群众 制度 质量 效率 作风 纪律 学习 "
            "安全 保密 档案 接待 值班 应急 后勤 财务 考核 培训 宣传").split()
    words = planner.plan(parse("、".join(many)))
    assert words.notes == [f"查询的词语太多，只用了前 {plan.MAX_WORDS} 个词查找（整段文字仍用来排序）。"]
    assert len(words.weights) <= plan.MAX_WORDS


def test_a_long_phrase_is_looked_up_by_its_first_characters() -> None:
    long = "办公室工作要抓落实" * 40
    q = plan.exact_query(long)
    assert isinstance(q, plan.Q.Phrase) and len(q.words) == plan.MAX_PHRASE_CHARS - 1
    assert plan.clause_count(plan.Q.AndNot(plan.Q.Or([q, plan.Q.Term("bi", "办公")]), q)) == 3


def test_the_searcher_says_what_the_planner_left_out(corpus_searcher: Searcher) -> None:
    r = corpus_searcher.search("办公室工作要抓落实提高服务质量加强督查督办做好信息调研 OR 以文辅政")
    assert r.message == f"“或”（OR）的选项太长，每个选项只用了前 {plan.MAX_ALT_WORDS} 个词。"


def test_quoted_text_is_looked_up_without_its_closing_sentence_mark() -> None:
    from kb.search.plan import _lookup_text, exact_query

    # a heading is kept without its 。: the lookup must not ask for the bigram "录。"
    assert _lookup_text("做好工作日志记录。") == "做好工作日志记录"
    assert _lookup_text("同志们：") == "同志们"
    assert _lookup_text("记录") == "记录" and _lookup_text("好。") == "好。"  # too short to drop the mark
    assert exact_query("做好工作日志记录。") == exact_query("做好工作日志记录")


def _leaves(q: object) -> list[object]:
    kids = list(q.children()) if not q.is_leaf() else []  # type: ignore[attr-defined]
    return [x for k in kids for x in _leaves(k)] if kids else [q]


def test_expansions_are_searched_apart_the_rarest_within_a_budget_of_postings(corpus_searcher: Searcher,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from kb.search.semantic import Expander

    s = corpus_searcher
    r = s.searcher().reader()
    forms = ("督查", "落实", "办公室")
    dfs = {f: r.doc_frequency("text", f) for f in forms}
    assert all(dfs.values()) and len(set(dfs.values())) == 3
    ex = Expander(forms, None, table={"督办": forms})
    planner = plan.Planner(s.searcher(), s.segmenter, {}, ex)
    p = planner.plan(parse("督办"))
    assert [t.text for t in p.expand] == sorted(forms, key=dfs.__getitem__)  # rarest first
    words = {getattr(t, "text", None) for t in _leaves(p.query)}
    assert "督办" in words and not words & set(forms)  # not in the words' query
    assert {f for f, _c in p.related["督办"]} == set(forms)  # every expansion is credited in re-ranking
    rarest = min(dfs.values())
    monkeypatch.setattr(plan, "EXPAND_POSTINGS", rarest)
    p = planner.plan(parse("督办"))
    assert [t.text for t in p.expand] == [min(forms, key=dfs.__getitem__)]
    assert {f for f, _c in p.related["督办"]} == set(forms)
