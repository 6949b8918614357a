"""The learned part of the labels (kb/classify/model.py) and how kb.classify.label combines it with the
rule files: the features by group, the JSON file, reasons, and that edits to topics.toml still decide."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kb.analysis.resources as resources
from kb.classify import _heading_hits, classify_topics, kinds, label, topics, view_of
from kb.classify.model import LabelModel, View, features, load_model, readable


def _model(kind_w: dict[str, dict[str, float]], topic_w: dict[str, dict[str, float]] | None = None,
           th: tuple[float, float] = (0.5, 0.5)) -> LabelModel:
    return LabelModel(("words", "structure", "rules"), {"kinds": th, "topics": th},
                      {"kinds": kind_w, "topics": topic_w or {}}, {"topic_gate": True})


def test_features_by_group() -> None:
    v = View(text="同志们：今天召开会议。", position="opening", place=0.0, kind_scores={"开头": 1.0},
             rule_kinds=frozenset({"开头"}), topic_scores={"办会/会务": 0.5})
    f = features(v, ("structure",))
    assert f["pos:opening"] == 1.0 and f["place:first"] == 1.0 and f["comrades"] == 1.0
    assert f["len:tiny"] == 1.0 and not any(k.startswith(("w:", "ks:")) for k in f)
    r = features(v, ("rules",))
    assert r == {"ks:开头": 1.0, "rk:开头": 1.0, "ts:办会/会务": 0.5}
    assert "w:召开" in features(v, ("words",)) and "c:召开" in features(v, ("bigrams",))


def test_json_round_trip_and_readable_evidence() -> None:
    m = _model({"开头": {"": -1.0, "w:召开": 3.0, "pos:opening": 1.0}})
    back = LabelModel.from_json(m.to_json())
    assert back == m
    d = back.decide("kinds", {"w:召开": 1.0, "pos:opening": 1.0})["开头"]
    assert d.probability == pytest.approx(0.953, abs=1e-3)
    assert d.evidence == ("词「召开」", "pos:opening")
    assert readable("rk:原则/要求") == "规则给了「原则/要求」"


def test_label_without_a_model_is_the_rules() -> None:
    v = view_of("我们必须加强学习，要坚持读书。", ())
    got = label(v, model=False)
    assert ("原则/要求", "含「要」「必须」的要求句 ×2") in got.kinds
    assert [t for t, _s in got.topics] == ["学习"]


def test_model_adds_a_kind_with_its_reason_and_keeps_the_rules_reason() -> None:
    v = view_of("我们必须加强学习，要坚持读书。", ())
    m = _model({"原则/要求": {"": 2.0}, "事例/做法": {"": -5.0, "w:读书": 8.0}})
    got = dict(label(v, m).kinds)
    assert got["原则/要求"].startswith("含「要」「必须」的要求句 ×2（模型 0.88")
    assert got["事例/做法"].startswith("模型 0.95：词「读书」")


def test_override_thresholds_keep_what_the_rules_give_unless_the_model_is_sure() -> None:
    v = view_of("我们必须加强学习，要坚持读书。", ())
    keep = _model({"原则/要求": {"": -1.0}}, th=(0.9, 0.2))  # p 0.27: under add, over drop
    drop = _model({"原则/要求": {"": -3.0}}, th=(0.9, 0.2))  # p 0.05: under drop
    assert "原则/要求" in dict(label(v, keep).kinds)
    assert "原则/要求" not in dict(label(v, drop).kinds)


def test_a_topic_needs_a_signal_of_topics_toml_whatever_the_model_says() -> None:
    v = view_of("我们必须加强学习，要坚持读书。", ())
    m = _model({}, {"机要保密": {"": 5.0}, "学习": {"": 5.0}})
    assert [t for t, _s in label(v, m).topics] == ["学习"]  # no 保密 word: 机要保密 is not given


@pytest.fixture()
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for f in resources.DATA_DIR.iterdir():
        shutil.copy(f, tmp_path / f.name)
    monkeypatch.setattr(resources, "DATA_DIR", tmp_path)
    for c in (kinds, topics, _heading_hits):
        c.cache_clear()
    yield tmp_path
    for c in (kinds, topics, _heading_hits):
        c.cache_clear()


def test_an_edit_to_topics_toml_takes_effect_with_the_shipped_model(data_copy: Path) -> None:
    text = "要管好公章，印章使用须登记。"
    # a model with weights for every topic it was trained on, all of them sure
    weights = {t.name: {"": 5.0} for t in topics()[0]}
    model = LabelModel(("rules",), {"topics": (0.5, 0.5)}, {"topics": weights}, {"topic_gate": True})
    (data_copy / "classifier.json").write_text(model.to_json(), encoding="utf-8")
    assert load_model() == model
    assert "印章管理" not in [t for t, _s in classify_topics(text)]
    toml = data_copy / "topics.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[[topic]]\nname = "印章管理"\ndescription = "公章"\n'
                    'signals = { "公章" = 3, "印章" = 3 }\n', encoding="utf-8")
    topics.cache_clear()
    _heading_hits.cache_clear()
    assert [t for t, _s in classify_topics(text)][0] == "印章管理"
    # and a topic whose signal words are all removed is no longer given, whatever the model's weights
    before = [t for t, _s in classify_topics("做好保密工作，严防泄密。")]
    assert "机要保密" in before
    toml.write_text(toml.read_text(encoding="utf-8").replace('"保密" = 3, "机要" = 3', '"机要" = 3')
                    .replace('"泄密" = 3, ', ''), encoding="utf-8")
    topics.cache_clear()
    _heading_hits.cache_clear()
    assert "机要保密" not in [t for t, _s in classify_topics("做好保密工作，严防泄密。")]


def test_kb_classifier_off_means_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_CLASSIFIER", "off")
    assert load_model() is None


def test_decide_is_the_logistic_of_bias_plus_weighted_features_with_evidence_from_the_floor() -> None:
    import math

    w = {"原则/要求": {"": -1.0, "w:必须": 2.5, "w:坚持": 0.8, "quotes": -0.4},
         "事例/做法": {"": -2.0, "w:做法": 3.0}, "过渡": {"": -4.0}}
    m = _model(w)
    feats = {"w:必须": 1.0, "w:坚持": 1.0, "quotes": 0.5, "w:无关": 1.0}
    got = m.decide("kinds", feats, floor=0.5)
    for lab, ws in w.items():  # the reference: one loop per label, as before the matrix
        z = ws[""] + sum(ws.get(f, 0.0) * x for f, x in feats.items())
        assert got[lab].probability == round(1 / (1 + math.exp(-z)), 3)
    assert got["原则/要求"].evidence == ("词「必须」", "词「坚持」")  # pushed up, best first; quotes pulled down
    assert got["事例/做法"].evidence == () and got["过渡"].evidence == ()  # under the floor: no evidence worked out
    assert m.decide("kinds", {})["过渡"].probability == round(1 / (1 + math.exp(4.0)), 3)
    assert m.decide("topics", feats) == {}
