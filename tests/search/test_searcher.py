"""Search behaviour on the bundled corpus and on small made-up corpora."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from kb.cli.main import main
from kb.config import Settings
from kb.errors import IndexStaleError
from kb.ingest.pipeline import ingest
from kb.search.searcher import Searcher
from kb.text import compact

NASTY = ['"', '""', '“', '”', '"办公室', '办公室"', "-", "--", "- -", "-办公室", "OR", "OR OR", "A OR", "OR 办公室",
         "|", "||", "title:", "title:  ", "kind:", "year:", "year:abcd", "year:2005-2008", "doc:", "topic:",
         "title:讲话 -", "。", "，。！？", "……", "——", "（）", "()[]{}", "*", "?", "办*", "a*b?", "\\", "'", "`",
         "😀", "😀😀 办公室", "\x00", "\x00\x01\x02", "\t\n", "\u200b", "\ufeff办公室", "AND", "NOT", "+",
         "hello world", "WTO", "wto 2006", "12345", "3.14", "<script>alert(1)</script>", "&amp;", "办" * 2000,
         "办公室工作要抓落实。" * 220, " ".join(["办公室"] * 500), "a" * 3000, "的", "的 了 吗", "是什么",
         '"的"', '"办"', "-\"办公室\"", "办公室 -办公室", "title:办公室 OR", "(办公室", "办公室)", "~", "^2",
         "办公室^2", "field:value", "kind:表述 year:2008", "year:2005-3000", "doc:不存在的文件", "\\u0000"]


@pytest.mark.parametrize("query", NASTY)
def test_any_input_gives_results_or_a_message(corpus_searcher: Searcher, query: str) -> None:
    result = corpus_searcher.search(query, limit=20, facets=True)
    assert result.hits or result.message or result.total == 0
    for h in result.hits:
        assert h.passage_id and isinstance(h.snippet, str)
        assert "<script>" not in h.snippet


def test_messages_say_what_is_wrong(corpus_searcher: Searcher) -> None:
    assert corpus_searcher.search("").message == "请输入要查找的词语或句子。"
    assert corpus_searcher.search('""').message == "请输入要查找的词语或句子。"
    assert corpus_searcher.search("OR OR").message == "请输入要查找的词语或句子。"
    assert "排除条件" in (corpus_searcher.search("-办公室").message or "")
    assert "没有可以查找的文字" in (corpus_searcher.search("，。！？").message or "")
    r = corpus_searcher.search("title:")
    assert r.message == "筛选条件 title: 后面没有内容，已忽略（写法如 title:讲话）。" and not r.hits
    assert "查询过长" in (corpus_searcher.search("办" * 2500).message or "")


def test_nasty_inputs_through_the_cli(corpus_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for query in NASTY[::3]:
        for extra in ([], ["--json"], ["--json", "--full"]):
            code = main(["search", "--index", str(corpus_index), *extra, "--", query])
            out, _err = capsys.readouterr()
            assert code == 0, query
            if extra == ["--json"]:
                assert isinstance(json.loads(out), list)
            elif extra:
                assert set(json.loads(out)) >= {"hits", "total", "facets", "also_searched", "did_you_mean"}


def _passages(searcher: Searcher) -> list[tuple[str, str]]:
    return searcher.passage_texts()


def test_quoted_text_finds_exactly_the_passages_containing_it(corpus_searcher: Searcher) -> None:
    rng = random.Random(4)
    passages = _passages(corpus_searcher)
    # a quoted stretch is found in the text, or in one of the headings (the title) opening the passage
    # (or running from its end into the next passage's opening, but not wholly inside that opening)
    parts = {pid: ([compact(x) for x in t], compact(tail)) for pid, t, tail in corpus_searcher.exact_texts()}
    checked = 0
    for _ in range(150):
        _pid, text = rng.choice(passages)
        body = compact(text)
        n = rng.choice([2, 2, 3, 4, 5, 8, 12])
        if len(body) <= n:
            continue
        i = rng.randrange(len(body) - n)
        needle = body[i:i + n]
        if '"' in needle or "”" in needle or "“" in needle:
            continue
        expected = {p for p, (b, tail) in parts.items()
                    if any(needle in x for x in b) or tail and needle not in tail and needle in b[-1] + tail}
        result = corpus_searcher.search(f'"{needle}"', limit=1000, collapse=False)
        got = {h.passage_id for h in result.hits}
        assert got == expected, needle
        checked += 1
    assert checked > 100


@pytest.mark.parametrize("needle", ["(室)", "2006年", "wto", "“三个服务”", "办文、办会、办事", "，即", "3个"])
def test_quoted_text_with_punctuation_latin_and_digits(corpus_searcher: Searcher, needle: str) -> None:
    n = compact(needle)
    expected = {p for p, t, tail in corpus_searcher.exact_texts() if any(n in compact(x) for x in t)
                or tail and n not in compact(tail) and n in compact(t[-1]) + compact(tail)}
    got = {h.passage_id for h in corpus_searcher.search(f'"{needle}"', limit=1000, collapse=False).hits}
    assert expected and got == expected


def test_copied_stretch_without_quotes_ranks_its_passage_in_the_top_3(corpus_searcher: Searcher) -> None:
    rng = random.Random(7)
    passages = [(p, t) for p, t in _passages(corpus_searcher) if len(compact(t)) > 30]
    bodies = {pid: compact(t) for pid, t in _passages(corpus_searcher)}
    misses = []
    for _ in range(80):
        _pid, text = rng.choice(passages)
        body = compact(text)
        n = rng.choice([6, 7, 8, 10, 14, 20])
        i = rng.randrange(len(body) - n)
        stretch = body[i:i + n]
        if any(q in stretch for q in '"“”-'):
            continue
        owners = {p for p, b in bodies.items() if stretch in b}
        hits = corpus_searcher.search(stretch, limit=3, collapse=False).hits
        if not owners & {h.passage_id for h in hits}:
            misses.append(stretch)
    assert not misses


def test_exclusion_and_or(corpus_searcher: Searcher) -> None:
    hits = corpus_searcher.search("督查 -督办", limit=50).hits
    assert hits and all("督办" not in compact(h.text) for h in hits)
    either = corpus_searcher.search("四水 OR 顶层策划师", limit=50).hits
    assert any("四水" in h.text for h in either) and any("顶层策划师" in h.text for h in either)
    assert all("四水" in h.text or "顶层策划师" in h.text for h in either)


def test_synonyms_are_searched_and_shown(corpus_searcher: Searcher, corpus_index: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    result = corpus_searcher.search("党办")
    assert "党委办公室" in result.also_searched
    main(["search", "党办", "--index", str(corpus_index)])
    assert "也搜索了：党委办公室" in capsys.readouterr().out


def test_natural_questions(corpus_searcher: Searcher) -> None:
    hits = corpus_searcher.search("三个服务是什么", limit=3).hits
    assert any("三个服务" in h.text for h in hits)
    assert "三个服务" in corpus_searcher.search("三个服务是什么", limit=1).hits[0].snippet.replace("<mark>", "").replace(
        "</mark>", "")


def test_did_you_mean(corpus_searcher: Searcher, corpus_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = corpus_searcher.search("办工室")
    assert result.did_you_mean == "办公室" and not result.hits
    main(["search", "办工室", "--index", str(corpus_index)])
    assert "您是不是要找：办公室" in capsys.readouterr().out
    assert corpus_searcher.search("办公室").did_you_mean is None


def test_facets_count_the_current_query(corpus_searcher: Searcher) -> None:
    result = corpus_searcher.search("办公室", facets=True, limit=5)
    assert set(result.facets) >= {"doc_id", "year", "kind", "topic"}
    assert sum(c for _v, c in result.facets["doc_id"]) == result.total
    narrow = corpus_searcher.search('"四水"', facets=True)
    assert narrow.facets["doc_id"] == [(narrow.hits[0].doc_id, 1)]


def test_related_passages(corpus_searcher: Searcher) -> None:
    source = corpus_searcher.search('"三个服务"', limit=1).hits[0]
    related = corpus_searcher.related(source.passage_id, limit=5)
    assert 0 < len(related) <= 5
    assert source.passage_id not in {h.passage_id for h in related}
    others = [h.doc_id != source.doc_id for h in related]
    assert others == sorted(others, reverse=True)  # other documents first
    assert corpus_searcher.related("no-such-passage") == []


def _build(tmp_path: Path, files: dict[str, str]) -> Path:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    idx = tmp_path / "idx"
    report = ingest(None, Settings(corpus=corpus, index=idx))
    assert not report.failed
    return idx


SHARED = "办公室要当好参谋助手，坚持围绕中心服务大局，把督查督办作为抓落实的重要抓手，确保各项决策部署落地见效。"


OTHER_A = ("今年以来，我们认真贯彻上级的部署要求，坚持把学习摆在首位，组织干部系统学习业务知识和法律法规，"
           "开展岗位练兵和业务比武活动，干部队伍的能力素质得到明显提升，各项工作稳步推进。")
OTHER_B = ("下一步，我们将进一步健全完善工作制度，优化工作流程，加强信息化建设，提高办事效率和服务水平，"
           "努力为机关高效运转提供有力保障，以优异的成绩向组织和群众交上一份满意的答卷。")

OTHER_C = ("乙单位始终把队伍建设作为基础性工作来抓，通过以会代训、跟班学习、集中培训等方式，"
           "不断提升干部的政治素质和业务能力，形成了风清气正、干事创业的良好氛围。")
OTHER_D = ("以上是我们的一些做法和体会，与兄弟单位相比还有不少差距，我们将认真学习借鉴先进经验，"
           "在新的起点上推动各项工作再上新台阶，为全局发展作出新的更大贡献。")


def test_the_same_paragraph_in_two_documents_is_one_hit(tmp_path: Path) -> None:
    idx = _build(tmp_path, {
        "甲.txt": "甲单位工作总结\n\n" + OTHER_A + "\n\n" + SHARED + "\n\n" + OTHER_B + "\n",
        "乙.txt": "乙单位经验交流\n\n" + OTHER_C + "\n\n" + SHARED + "\n\n" + OTHER_D + "\n",
    })
    s = Searcher(idx)
    try:
        hits = s.search("督查督办 抓手").hits
        shared = [h for h in hits if "重要抓手" in h.text]
        assert len(shared) == 1
        assert len(shared[0].also_in) == 1 and shared[0].also_in[0]["doc_id"] != shared[0].doc_id
        assert len(s.search("督查督办 抓手", collapse=False).hits) == len(hits) + 1
    finally:
        s.close()


def test_a_stale_index_says_how_to_rebuild(tmp_path: Path) -> None:
    idx = _build(tmp_path, {"a.txt": "办公室工作要抓落实。\n"})
    Searcher(idx).close()
    meta_path = next(idx.glob("gen-*/kb-meta.json"))
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["analysis_fingerprint"] = "0000000000000000"
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(IndexStaleError) as err:
        Searcher(idx)
    assert "kb rebuild" in str(err.value) and "stale" in str(err.value)


def test_field_lengths_held_in_memory_equal_the_columns_on_disk(corpus_index: Path) -> None:
    from whoosh.codec.whoosh3 import _lenfield

    from kb.search.lengths import _MemoryLengths
    from kb.search.searcher import Searcher

    s = Searcher(corpus_index)
    ws = s.searcher()
    disk = s.store.open(check=False).reader()
    try:
        checked = 0
        for (leaf, _o), (plain, _p) in zip(ws.reader().leaf_readers(), disk.leaf_readers(), strict=True):
            for name in ws.schema.scorable_names():
                assert isinstance(leaf._perdoc._readers[_lenfield(name)], _MemoryLengths)
                for n in range(leaf.doc_count_all() + 1):  # one past the end too
                    assert leaf.doc_field_length(n, name) == plain.doc_field_length(n, name)
                    checked += 1
        assert checked > 100
    finally:
        disk.close()
        s.close()


def test_a_searcher_starts_no_background_thread_unless_asked(corpus_index) -> None:  # type: ignore[no-untyped-def]
    """An ingest forks its workers only when the process has one thread; a command-line searcher must
    not leave a loader thread behind (the site asks for it with preload=True)."""
    import threading

    from kb.search.searcher import Searcher

    before = {t.name for t in threading.enumerate()}
    s = Searcher(corpus_index)
    try:
        assert "kb-semantic-preload" not in {t.name for t in threading.enumerate()} - before
    finally:
        s.close()


def test_quoted_headings_and_titles_find_the_passage_they_open(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "讲话.txt").write_text(
        "在全县督查工作会议上的讲话\n\n同志们：今天召开全县督查工作会议，主要任务是部署下一阶段的督查督办工作。\n\n"
        "一、充分认识督查工作的重要意义\n\n督查工作是推动决策落实的重要手段，是各级党委政府抓落实的有力抓手。\n\n"
        "督查人员要敢于较真碰硬，坚持问题导向，把每一项督办件都落到实处。\n\n"
        "二、切实把握督查工作的基本要求\n\n要坚持实事求是，如实反映情况，既报喜又报忧，不搞形式主义。\n", encoding="utf-8")
    s = Settings(corpus=corpus, index=tmp_path / "index")
    ingest(None, s)
    searcher = Searcher(s.index)
    heading = searcher.search('"充分认识督查工作的重要意义"', limit=10)
    assert [h.text[:8] for h in heading.hits] == ["督查工作是推动决"]  # the section's first passage, once
    # found in its heading, not its body: the card's heading path marks it
    assert heading.hits[0].heading_html == "一、<mark>充分认识督查工作的重要意义</mark>"
    assert "<mark>" not in heading.hits[0].snippet
    assert heading.hits[0].to_dict()["heading_html"] == heading.hits[0].heading_html
    title = searcher.search('"在全县督查工作会议上的讲话"', limit=10)
    assert [h.ordinal for h in title.hits] == [0]
    both = searcher.search('"切实把握督查工作的基本要求" "实事求是"', limit=10)
    assert [h.text[:6] for h in both.hits] == ["要坚持实事求"]
    # a stretch made of a heading's end and the text's beginning is not in the document
    assert searcher.search('"重要意义督查工作是"', limit=10).hits == []
