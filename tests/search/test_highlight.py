"""Highlighting marks exactly the matches, escapes HTML, and cuts at sentence punctuation."""

from __future__ import annotations

import time

from kb.search.highlight import hit_of, marked_path, match_spans, render, snippet


def full(text: str, terms: list[str], phrases: list[str]) -> str:
    return render(text, match_spans(text, terms, phrases))


def test_marks_words_and_phrases_exactly() -> None:
    text = "办公室要抓落实。抓落实是办公室的本分。"
    assert full(text, ["抓落实"], []) == "办公室要<mark>抓落实</mark>。<mark>抓落实</mark>是办公室的本分。"
    assert full(text, [], ["的本"]) == "办公室要抓落实。抓落实是办公室<mark>的本</mark>分。"


def test_phrases_ignore_spaces_and_folding() -> None:
    assert match_spans("提 笔能写", [], ["提笔能写"]) == [(0, 5)]
    assert full("ＷＴＯ规则", ["wto"], []) == "<mark>ＷＴＯ</mark>规则"


def test_escapes_html_except_mark() -> None:
    out = full("<b>办公室</b> & 抓落实", ["办公室"], [])
    assert out == "&lt;b&gt;<mark>办公室</mark>&lt;/b&gt; &amp; 抓落实"


def test_fragment_is_cut_at_sentence_punctuation() -> None:
    text = "第一句话没有要找的词。" * 10 + "这里要抓落实。" + "后面还有很多别的内容。" * 10
    out = snippet(text, ["抓落实"], [], max_chars=60)
    assert "<mark>抓落实</mark>" in out
    assert out.startswith("…") and out.endswith("…")
    inner = out.strip("…")
    assert inner.endswith("。")


def test_fast_enough_for_a_page_of_hits() -> None:
    text = "办公室工作要紧紧围绕中心、服务大局，抓落实、保质量、提效率。" * 20
    t0 = time.perf_counter()
    for _ in range(20):
        snippet(text, ["办公室", "抓落实", "效率"], ["服务大局"])
    assert time.perf_counter() - t0 < 0.2


def test_the_heading_path_is_marked_and_escaped_heading_by_heading() -> None:
    path = ("一、充分认识<督查>工作的重要意义", "（二）抓落实")
    assert marked_path(path, ["抓落实"], ["重要意义"]) == (
        "一、充分认识&lt;督查&gt;工作的<mark>重要意义</mark> › （二）<mark>抓落实</mark>")
    assert marked_path((), ["抓落实"], []) == ""
    # a phrase is looked for within one heading, never across two
    assert marked_path(("办公室", "工作"), [], ["办公室工作"]) == "办公室 › 工作"


def test_a_card_marks_the_heading_a_quoted_search_found_and_not_for_counted_hits() -> None:
    fields = {"pid": "d-0001", "doc_id": "d", "text": "督查工作是推动决策落实的重要手段。", "ordinal": "1", "year": "2024",
              "kind": "方法", "topic": "", "data": {"heading_path": ["一、充分认识督查工作的重要意义"]}}
    hit = hit_of(fields, 1.5, [], ["充分认识督查工作"])
    assert hit.heading_html == "一、<mark>充分认识督查工作</mark>的重要意义"
    assert hit.snippet == "督查工作是推动决策落实的重要手段。"
    assert (hit.year, hit.kinds, hit.ordinal, hit.matched) == (2024, ("方法",), 1, ("充分认识督查工作",))
    counted = hit_of(fields, 1.5, [], ["充分认识督查工作"], full=False)
    assert (counted.heading_html, counted.snippet) == ("", "")
