"""kb's tokens as the engine's fields (no engine needed): the bigram field and the token encoding
are exactly kb's analysis, written so the engine's tokenizer keeps each token whole."""

from __future__ import annotations

from kb.analysis import bigram_tokens
from kb.engines import sphinxql as sql


def _reference_encode(word: str) -> str:
    def safe(c: str) -> bool:
        return "0" <= c <= "9" or "a" <= c <= "z" or "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"

    return "".join(c if safe(c) else f"{sql.ESCAPE}{ord(c):x}{sql.ESCAPE}" for c in word)


def test_encode_escapes_exactly_the_characters_outside_the_engine_charset() -> None:
    assert sql.encode("作风2019ab") == "作风2019ab"
    assert sql.encode("a·b") == "a\ue001b7\ue001b"
    assert sql.encode("Ab") == "\ue00141\ue001b"  # folded text has no capitals; a capital is escaped
    assert sql.encode("𠀀") == "\ue00120000\ue001"  # beyond the BMP
    assert sql.encode("") == ""
    every = "".join(chr(i) for i in range(1, 0x5000, 3))
    assert sql.encode(every) == _reference_encode(every)


def test_gram_field_is_the_bigram_tokens_space_joined() -> None:
    for text in ("办公室工作要抓落实，2019年共办理文件35件。", "当好 参谋\t助手", "中", "", " ", "A·b c",
                 "“事以密成”", "Ｆｕｌｌ　宽度"):
        expected = " ".join(sql.token("bi", g) for g, _p, _s, _e in bigram_tokens(text))
        assert sql.gram_field(text) == expected, text
    assert sql.gram_field("办公室，") == "\ue000办公 \ue000公室 \ue000室\ue001ff0c\ue001"
    assert sql.gram_field("中") == "\ue000中"


def test_the_expansions_join_an_engine_query_with_its_exclusion_kept_outside() -> None:
    from whoosh import query as Q

    from kb.engines.sphinx_search import _joined
    from kb.search.plan import either

    words, syn, excl = Q.Term("text", "督查"), Q.Term("text", "检查"), Q.Term("text", "督办")
    joined = _joined(Q.AndNot(words, excl), [Q.AndNot(syn, excl)])
    assert joined == Q.AndNot(either([words, syn]), excl)
    assert _joined(words, [syn]) == either([words, syn])
