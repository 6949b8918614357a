"""kb.evaluate.train: the logistic regressions, the decision rule shared with kb.classify.label, and
that the trainer writes weights only for a task where a way beats the rules in cross-validation."""

from __future__ import annotations

from kb.classify.model import LabelModel, View
from kb.evaluate import blind, train


def _ex(pid: str, file: str, text: str, rules: set[str], topics: dict[str, float] | None = None) -> train.Example:
    return train.Example(pid, file, View(text=text, topic_scores=topics or {}), {"kinds": rules, "topics": set()})


def test_fit_learns_a_word_seen_in_two_documents() -> None:
    xs = [{"w:必须": 1.0}, {"w:必须": 1.0}, {"w:去年": 1.0}, {"w:去年": 1.0}, {"w:一次": 1.0}]
    ys = [{"原则/要求"}, {"原则/要求"}, set(), set(), set()]
    w = train.fit(xs, ys, ["原则/要求"], ["a", "b", "a", "b", "a"], l2=0.001)
    assert w["原则/要求"]["w:必须"] > 1.0 > 0 > w["原则/要求"]["w:去年"]
    assert "w:一次" not in w["原则/要求"]  # one document only: dropped
    m = LabelModel(("words",), {"kinds": (0.5, 0.5)}, {"kinds": w})
    assert m.decide("kinds", {"w:必须": 1.0})["原则/要求"].probability > 0.9


def test_decide_adds_from_add_keeps_rule_labels_from_drop_and_follows_rules_without_weights() -> None:
    e = _ex("L1", "a", "x", {"原则/要求", "结尾"})
    probs = {"原则/要求": 0.3, "事例/做法": 0.96, "开头": 0.5}
    assert train._decide(probs, "kinds", e, (0.95, 0.2), True) == {"原则/要求", "事例/做法", "结尾"}
    assert train._decide(probs, "kinds", e, (0.95, 0.4), True) == {"事例/做法", "结尾"}
    assert train._decide(probs, "kinds", e, (0.45, 0.45), True) == {"事例/做法", "开头", "结尾"}


def test_gated_topics_need_a_rule_signal_and_at_most_three() -> None:
    e = _ex("L1", "a", "x", set(), {"学习": 1.0, "队伍建设": 0.5, "作风纪律/廉洁": 0.5, "形势任务": 0.2})
    probs = {"学习": 0.9, "机要保密": 0.99, "队伍建设": 0.8, "作风纪律/廉洁": 0.7, "形势任务": 0.6}
    assert train._decide(probs, "topics", e, (0.5, 0.5), True) == {"学习", "队伍建设", "作风纪律/廉洁"}
    assert "机要保密" in train._decide(probs, "topics", e, (0.5, 0.5), False)


def test_train_writes_no_weights_where_the_rules_win() -> None:
    exs = [_ex("L1", "a", "要加强学习。", {"原则/要求"}), _ex("L2", "b", "去年召开了会议。", set())]
    gold = {"L1": blind.Labels(kinds={"原则/要求"}), "L2": blind.Labels(kinds={"事例/做法"})}
    cv = {"passages": 2, "documents": 2, "folds": 2}
    for task in train.TASKS:
        key = ("model", 0.01, (0.5, 0.5), True)
        cv[task] = {"rules": 0.70, "ways": {key: 0.705}, "best": {"model": key}}
    m = train.train(exs, gold, cv, "kb train-labels x")
    assert m.weights == {} and m.thresholds == {}
    assert m.info["cv"]["kinds"] == {"rules": 0.7, "model (l2 0.01, add 0.5, drop 0.5)": 0.705}
    assert m.info["cv"]["topics"] == {"rules": 0.7, "model (l2 0.01, add 0.5, drop 0.5, gated)": 0.705}
    cv["kinds"]["ways"] = {("model", 0.01, (0.5, 0.5), True): 0.75}
    m = train.train(exs, gold, cv, "kb train-labels x")
    assert set(m.weights) == {"kinds"} and m.thresholds == {"kinds": (0.5, 0.5)} and m.info["kinds_way"] == "model"


def test_a_label_with_few_labelled_passages_is_left_to_the_rules() -> None:
    n = train.MIN_SUPPORT
    exs = [_ex(f"L{i}", "ab"[i % 2], "要加强学习。", set()) for i in range(n + 2)]
    gold = {e.pid: blind.Labels(kinds={"原则/要求"} | ({"结尾"} if i < n - 1 else set())) for i, e in enumerate(exs)}
    assert train._labels(exs, gold, "kinds") == ["原则/要求"]  # 结尾: n - 1 passages, too few to learn
    gold[f"L{n}"] = blind.Labels(kinds={"原则/要求", "结尾"})
    assert train._labels(exs, gold, "kinds") == ["原则/要求", "结尾"]
    e = _ex("L1", "a", "x", {"结尾"})
    assert train._decide({"原则/要求": 0.1}, "kinds", e, (0.8, 0.2), True) == {"结尾"}  # no weights: the rules'
