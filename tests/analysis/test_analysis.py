"""One analysis path for documents and queries: user dictionary, ordinal positions, bigrams."""

from __future__ import annotations

from kb.analysis import analysis_fingerprint, bigram_tokens, query_words, userdict_entries, word_tokens


def test_user_dictionary_keeps_the_fields_terms_whole() -> None:
    words = {w for w, _f, _t in userdict_entries()}
    assert len(words) >= 100
    for term in ("三服务", "三个服务", "办文办会办事", "参谋助手", "督查督办", "两个维护", "以文辅政", "四个意识",
                 "三重一大", "文稿起草", "公文处理", "会务保障", "信息报送", "值班值守", "机要保密"):
        assert term in words
        assert query_words(term) == [term]


def test_positions_are_ordinal_and_subwords_share_the_position() -> None:
    toks = list(word_tokens("加强机关作风建设"))
    positions = {w: p for w, p, _s, _e in toks}
    assert positions["作风"] == positions["机关作风"]
    assert sorted(set(p for _w, p, _s, _e in toks)) == list(range(len(set(p for _w, p, _s, _e in toks))))


def test_queries_drop_stopwords_and_punctuation() -> None:
    assert query_words("三个服务是什么？") == ["三个服务"]
    assert query_words("，。！") == []


def test_bigrams_skip_spaces_and_fold() -> None:
    assert [t for t, *_ in bigram_tokens("提 笔能")] == ["提笔", "笔能"]
    assert [t for t, *_ in bigram_tokens("ＷＴ")] == ["wt"]


def test_fingerprint_is_stable() -> None:
    assert analysis_fingerprint("jieba") == analysis_fingerprint("jieba")
    assert analysis_fingerprint("jieba") != analysis_fingerprint("rjieba")
