"""kb.search.suggest: did-you-mean by one changed character, on a literal lexicon."""

from __future__ import annotations

from kb.search.suggest import build_masks, correct, masks, variants

LEXICON = {"办公室": 40, "办公厅": 12, "保密": 9, "机要": 7, "机要保密": 3, "督查": 5}


def df(word: str) -> int:
    return LEXICON.get(word, 0)


def cut(text: str) -> list[str]:  # a literal segmenter for the tests: split known two-char pieces
    return [text[i:i + 2] for i in range(0, len(text), 2)]


TABLE = build_masks(LEXICON)


def test_masks_blank_one_character_at_a_time() -> None:
    assert masks("办工室") == ["\0工室", "办\0室", "办工\0"]


def test_variants_are_the_indexed_words_one_character_away_most_frequent_first() -> None:
    assert variants("办公所", TABLE, df) == [(40, "办公室"), (12, "办公厅")]
    assert variants("办公室", TABLE, df) == [(12, "办公厅")]


def test_an_unknown_word_is_corrected_and_a_known_one_is_left_alone() -> None:
    assert correct("办工室", TABLE, df, cut) == "办公室"
    assert correct("办公室", TABLE, df, cut) is None
    assert correct("办工室 督查", TABLE, df, cut) == "办公室 督查"


def test_a_long_unknown_query_is_corrected_word_by_word() -> None:
    assert correct("机要保蜜", TABLE, df, cut) == "机要保密"


def test_latin_words_and_words_with_no_near_variant_get_no_suggestion() -> None:
    assert correct("wto", TABLE, df, cut) is None
    assert correct("天气", TABLE, df, cut) is None
