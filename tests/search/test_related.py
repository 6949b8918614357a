"""kb.search.related: distinctive words by tf*idf, and the order related hits are shown in."""

from __future__ import annotations

from kb.models import Hit
from kb.search.related import key_terms, order


def _hit(pid: str, doc: str, score: float = 1.0) -> Hit:
    return Hit(passage_id=pid, doc_id=doc, title=f"《{doc}》", heading="", text="", snippet="", score=score,
               source=f"{doc}.txt")


def test_key_terms_weigh_rare_repeated_words_highest_and_skip_one_character_words() -> None:
    dfs = {"督查": 5, "督办": 20, "办公室": 90, "落实": 40}
    words = ["督查", "督查", "督办", "办公室", "落实", "的", "要"]
    terms = key_terms(words, lambda w: dfs.get(w, 1), 100)
    assert [w for w, _s in terms] == ["督查", "督办", "落实"]
    assert terms[0][1] == 1.0
    assert all(0 < s <= 1.0 for _w, s in terms)


def test_words_found_only_in_this_passage_or_in_most_passages_say_nothing() -> None:
    assert key_terms(["独有词", "常见词"], lambda w: {"独有词": 1, "常见词": 80}[w], 100) == []


def test_other_documents_come_first_and_copies_fold_into_also_in() -> None:
    hits = [(_hit("a-0001", "a"), "fp1"), (_hit("b-0003", "b"), "fp2"), (_hit("c-0002", "c"), "fp2"),
            (_hit("a-0000", "a"), "src")]
    out = order(hits, doc_id="a", fp="src", limit=5)
    assert [h.passage_id for h in out] == ["b-0003", "a-0001"]
    assert out[0].also_in == ({"passage_id": "c-0002", "doc_id": "c", "title": "《c》", "source": "c.txt"},)


def test_order_keeps_the_limit() -> None:
    hits = [(_hit(f"b-{i:04d}", "b"), f"fp{i}") for i in range(8)]
    assert len(order(hits, doc_id="a", fp="", limit=3)) == 3
