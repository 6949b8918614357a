"""The typed finder results (kb.found): what the index stores for them, and reading older indexes."""

from __future__ import annotations

from kb.found import FoundFormulation, FoundQuote, FoundSentence, PassageFeatures


def test_passage_features_round_trip_through_the_stored_shape() -> None:
    feats = PassageFeatures(
        formulations=(FoundFormulation("三办", "三办", "numbered", "办文、办会、办事", ("办文", "办会", "办事"), "即"),),
        quotes=(FoundQuote("没有调查，就没有发言权。", "毛泽东", "person"),),
        sentences=(FoundSentence("既要抓发展，又要保稳定。", ("对偶",)),),
        headings=("一是加强学习",))
    stored = feats.to_dict()
    assert stored == {
        "formulations": [{"name": "三办", "key": "三办", "form": "numbered", "expansion": "办文、办会、办事",
                          "items": ["办文", "办会", "办事"], "how": "即"}],
        "quotes": [{"text": "没有调查，就没有发言权。", "speaker": "毛泽东", "speaker_kind": "person"}],
        "sentences": [{"text": "既要抓发展，又要保稳定。", "types": ["对偶"]}],
        "headings": ["一是加强学习"]}
    assert PassageFeatures.from_dict(stored) == feats
    assert feats.names() == ("formulations", "quotes", "sentences", "headings") and feats.count("quotes") == 1


def test_empty_features_store_nothing_and_old_indexes_still_read() -> None:
    assert PassageFeatures().to_dict() == {} and not PassageFeatures() and PassageFeatures().count("other") == 0
    # the dictionaries an index built before the typed features holds (keys in another order, no items)
    old = {"quotes": [{"speaker": "", "speaker_kind": "saying", "text": "事以密成，语以泄败"}],
           "formulations": [{"name": "三个服务", "key": "三服务", "form": "numbered", "expansion": "", "how": ""}]}
    feats = PassageFeatures.from_dict(old)
    assert feats.quotes == (FoundQuote("事以密成，语以泄败"),)
    assert feats.formulations == (FoundFormulation("三个服务", "三服务", "numbered"),)
    assert PassageFeatures.from_dict(None) == PassageFeatures()
