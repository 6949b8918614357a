"""Highlighting marks exactly the matches, escapes HTML, and cuts at sentence punctuation."""

from __future__ import annotations

import time

from kb.search.highlight import match_spans, render, snippet


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
