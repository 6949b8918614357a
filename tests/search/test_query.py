"""The query language parser: every input parses, and the syntax means what the help says."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.search.query import HELP_MARKDOWN, MAX_QUERY_CHARS, Clause, parse, parse_with_filters

ROOT = Path(__file__).resolve().parents[2]


def test_plain_quoted_excluded_or_and_filters() -> None:
    pq = parse('抓落实 "提笔能写" -督办 -"形式主义" 四水 OR 顶层策划师 title:讲话 year:2005-2008 kind:表述')
    assert pq.plain == ["抓落实"]
    assert pq.phrases == ["提笔能写"]
    assert pq.excludes == [Clause("督办"), Clause("形式主义", exact=True)]
    assert pq.any_of == [[Clause("四水"), Clause("顶层策划师")]]
    assert pq.filters == {"title": ["讲话"], "year": ["2005-2008"], "kind": ["表述"]}


@pytest.mark.parametrize("raw, plain, phrases", [
    ("“三个服务”", [], ["三个服务"]),
    ("「办文办会」", [], ["办文办会"]),
    ('"没有结尾', [], ["没有结尾"]),
    ('""', [], []),
    ("OR OR", [], []),
    ("OR 办公室", ["办公室"], []),
    ("-", ["-"], []),
    ("办公室\x00\x07抓落实", ["办公室", "抓落实"], []),
])
def test_odd_inputs(raw: str, plain: list[str], phrases: list[str]) -> None:
    pq = parse(raw)
    assert pq.plain == plain and pq.phrases == phrases


def test_an_unclosed_quotation_in_pasted_text_is_searched_as_words() -> None:
    """A paste that ends inside a quotation (“一定要以……) made the rest of the text, across passages,
    one required phrase: no hits, and 30 s of phrase matching at 100k passages."""
    from kb.search.query import UNCLOSED_NOTE, UNCLOSED_PHRASE_CHARS

    tail = "一定要以我国改革开放和现代化建设的实际问题为中心。2016年以来，先后承办会议2116次"
    pq = parse(f"“弹钢琴”和“三服务”的要求，“{tail}")
    assert pq.phrases == ["弹钢琴", "三服务"] and pq.plain == ["和", "的要求，", tail] and pq.notes == [UNCLOSED_NOTE]
    assert parse("“一句话。又一句").plain == ["一句话。又一句"]  # a sentence end inside: pasted
    short = "办" * UNCLOSED_PHRASE_CHARS
    assert parse(f'"{short}').phrases == [short] and parse(f'"{short}').notes == []  # begun by the user
    assert parse("“办公室工作。").phrases == ["办公室工作。"]
    assert parse("-“" + "很" * 40).excludes == [Clause("很" * 40, exact=True)]


def test_lone_surrogates_are_read_as_gbk_bytes_or_dropped() -> None:
    """A command-line argument that is not UTF-8 arrives as lone surrogates, which nothing can encode
    (they made the Searcher raise UnicodeEncodeError): GBK bytes read as GBK, the rest dropped."""
    gbk = "办公室 抓落实".encode("gbk").decode("utf-8", "surrogateescape")
    assert any("\udc80" <= c <= "\udcff" for c in gbk)
    assert parse(gbk).plain == ["办公室", "抓落实"]
    assert parse("\udcff").plain == ["\\xff"]  # not GBK: the byte written out, as in a file name
    assert parse("\ud800办公室 \udfff抓落实\ud83d").plain == ["办公室", "抓落实"]
    pq = parse("kind:\udcff 办公室 -\udcfe")
    assert pq.filters == {"kind": ["\\xff"]} and pq.excludes == [Clause("\\xfe")]
    for q in (gbk, "\udcff", "\ud800办公室"):
        "".join([*parse(q).plain, *(c.text for c in parse(q).excludes)]).encode("utf-8")
    assert parse_with_filters("办公室", kind="\udcff", doc="\ud800").filters == {"kind": ["\\xff"]}


def test_empty_filter_is_a_note_and_a_following_word_is_its_value() -> None:
    assert parse("title:").notes == ["筛选条件 title: 后面没有内容，已忽略（写法如 title:讲话）。"]
    assert parse("title: 讲话 落实").filters == {"title": ["讲话"]}
    assert parse("title：讲话").filters == {"title": ["讲话"]}


def test_long_queries_are_cut_with_a_note() -> None:
    pq = parse("办" * (MAX_QUERY_CHARS + 10))
    assert len(pq.plain[0]) == MAX_QUERY_CHARS and "查询过长" in pq.notes[0]


def test_help_is_the_documented_syntax() -> None:
    assert HELP_MARKDOWN == (ROOT / "docs" / "query-language.md").read_text(encoding="utf-8")
    for item in ('"引号里的文字"', "-词语", "A OR B", "title:", "kind:", "topic:", "doc:", "year:"):
        assert item in HELP_MARKDOWN


def test_clause_limits_keep_every_query_cheap() -> None:
    from kb.search.query import MAX_ALTERNATIVES, MAX_EXCLUDES, MAX_FILTERS, MAX_PHRASES, MAX_QUERY_CHARS

    pq = parse(" OR ".join(f"词{i}" for i in range(2000)))
    assert sum(len(g) for g in pq.any_of) == MAX_ALTERNATIVES
    assert pq.notes == [f"查询过长，只使用了前 {MAX_QUERY_CHARS} 个字符。", f"“或”（OR）的选项太多，只使用了前 {MAX_ALTERNATIVES} 个。"]
    pq = parse(" ".join(f'"短语{i}" -排除{i} year:{2000 + i}' for i in range(40)))
    assert len(pq.phrases) == MAX_PHRASES and len(pq.excludes) == MAX_EXCLUDES
    assert sum(len(v) for v in pq.filters.values()) == MAX_FILTERS


def test_a_pasted_huge_query_answers_within_a_second(corpus_searcher) -> None:  # type: ignore[no-untyped-def]
    import time

    s = corpus_searcher
    s.search("办公室")
    for q in (" OR ".join(["办公室", "督查", "抓落实", "服务"] * 500), "办公室工作要抓落实" * 1200,
              " ".join(f'"{w}"' for w in ["办公室", "落实"] * 600), " -".join(["督查"] * 3000)):
        started = time.perf_counter()
        r = s.search(q, limit=10)
        assert time.perf_counter() - started < 1.0, q[:40]
        assert r.message is None or "查询过长" in r.message or "太多" in (r.message or "")
