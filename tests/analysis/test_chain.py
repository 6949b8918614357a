"""kb.analysis.chain: each link of the word analyzer on literal token lists, and the whole chain."""

from __future__ import annotations

from whoosh.analysis import Token

from kb.analysis.chain import (
    BigramTokenizer,
    PunctuationFilter,
    SegmentTokenizer,
    StopwordFilter,
    SubwordFilter,
    remember_tokens,
    word_analyzer,
    word_tokens,
)


def _tokens(items: list[tuple[str, int]], mode: str = "index") -> list[Token]:
    out = []
    for text, pos in items:
        t = Token(positions=True, chars=True, mode=mode)
        t.text, t.pos, t.startchar, t.endchar = text, pos, 0, len(text)
        out.append(t)
    return out


def _texts(tokens: object) -> list[tuple[str, int]]:
    return [(t.text, t.pos) for t in tokens]  # type: ignore[attr-defined]


def test_segment_tokenizer_numbers_every_segment_by_ordinal_and_folds() -> None:
    toks = [(t.text, t.pos, t.startchar, t.endchar)
            for t in SegmentTokenizer()("办公室，ＷＴＯ", positions=True, chars=True)]
    assert toks == [("办公室", 0, 0, 3), ("，", 1, 3, 4), ("wto", 2, 4, 7)]


def test_punctuation_filter_drops_only_punctuation_and_keeps_positions() -> None:
    out = _texts(PunctuationFilter()(iter(_tokens([("办公室", 0), ("，", 1), ("“", 2), ("工作", 3)]))))
    assert out == [("办公室", 0), ("工作", 3)]


def test_stopword_filter_drops_stop_words_and_keeps_positions() -> None:
    out = _texts(StopwordFilter()(iter(_tokens([("办公室", 0), ("的", 1), ("工作", 2), ("是", 3)]))))
    assert out == [("办公室", 0), ("工作", 2)]


def test_subword_filter_adds_dictionary_subwords_at_the_words_position_for_documents_only() -> None:
    out = _texts(SubwordFilter()(iter(_tokens([("机关作风", 4)]))))
    assert out == [("机关", 4), ("作风", 4), ("机关作风", 4)]
    assert _texts(SubwordFilter()(iter(_tokens([("机关作风", 4)], mode="query")))) == [("机关作风", 4)]
    assert _texts(SubwordFilter()(iter(_tokens([("作风", 1)])))) == [("作风", 1)]


def test_the_chain_is_tokenizer_then_filters_and_one_object_serves_documents_and_queries() -> None:
    an = word_analyzer("jieba")
    assert an is word_analyzer("jieba")
    assert [type(i).__name__ for i in an.items] == ["SegmentTokenizer", "PunctuationFilter", "StopwordFilter",
                                                    "SubwordFilter"]
    doc = [(w, p) for w, p, _s, _e in word_tokens("加强机关作风建设，是办公室的任务")]
    assert doc == [("加强", 0), ("机关", 1), ("作风", 1), ("机关作风", 1), ("建设", 2), ("办公", 5), ("公室", 5),
                   ("办公室", 5), ("任务", 7)]
    query = [(w, p) for w, p, _s, _e in word_tokens("加强机关作风建设，是办公室的任务", index=False)]
    assert query == [("加强", 0), ("机关作风", 1), ("建设", 2), ("办公室", 5), ("任务", 7)]


def test_tokens_computed_ahead_are_emitted_once_instead_of_segmenting() -> None:
    text = "这是一段由工作进程预先切好的很长的文字" * 6
    remember_tokens("jieba", [text], [[("预先", 0, 0, 2)]])
    an = word_analyzer("jieba")
    first = [(t.text, t.pos) for t in an(text, positions=True, chars=True, mode="index")]
    assert first == [("预先", 0)]
    second = [(t.text, t.pos) for t in an(text, positions=True, chars=True, mode="index")]
    assert second == [(w, p) for w, p, _s, _e in word_tokens(text)]


def test_bigram_tokenizer_pairs_adjacent_non_space_characters() -> None:
    toks = [(t.text, t.pos) for t in BigramTokenizer()("提 笔能。", positions=True, chars=True)]
    assert toks == [("提笔", 0), ("笔能", 1), ("能。", 2)]
