"""A learned kind and topic model measured against the rules on blind labels (``kb eval-labels
LABELS --model``), by cross-validation over the documents of the development half.

Every labelled passage becomes training examples (the kb passages that cover it, with its labels; the
features are :func:`kb.classify.model_features`: jieba words, heading words, the kind rules that
match, the topic rule scores, position, toolkit features).  One logistic regression per label, fitted
in pure Python (AdaGrad with L2, the rarer class weighed up).  A document's passages are never both
trained on and scored; the rules are scored on the same passages in the same run.  On the blind dev
half the rules won (see the README), so kb labels with the rules and ships no weights.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.evaluate import blind
from kb.evaluate.matching import covers

TASKS = ("kinds", "topics")
THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


@dataclass
class Example:
    pid: str
    file: str
    feats: dict[str, float]
    rules: dict[str, set[str]]  # task -> labels the rules give this kb passage


def examples(gold: dict[str, blind.Labels], passages: dict[str, blind.LabelledPassage], root: Path,
             corpus: Path) -> list[Example]:
    """Training examples: one per kb passage that covers a labelled passage (labels looked up by pid)."""
    from kb.classify import _position, features_for, model_features
    from kb.config import Settings
    from kb.errors import KbError
    from kb.ingest.pipeline import build_document

    settings = Settings(corpus=corpus, index=corpus / ".unused-index")
    by_file: dict[str, list[blind.LabelledPassage]] = {}
    for pid in gold:
        by_file.setdefault(passages[pid].file, []).append(passages[pid])
    out: list[Example] = []
    for name, lps in sorted(by_file.items()):
        path = blind.resolve_file(name, root, corpus)
        if path is None:
            continue
        try:
            doc = build_document(path, path.name, settings)
        except KbError:
            continue
        ps = list(doc.passages)
        for lp in lps:
            for i, p in enumerate(ps):
                if covers(p.text, lp.text):
                    feats = features_for(ps, i)
                    f = model_features(p.text, feats, _position(ps, i), p.heading_level, p.heading_path)
                    out.append(Example(lp.id, name, f, {"kinds": set(p.kinds), "topics": {t for t, _s in p.topics}}))
    return out


def fit(xs: Sequence[dict[str, float]], ys: Sequence[bool], epochs: int = 40, lr: float = 0.3,
        l2: float = 1e-3, seed: int = 7) -> dict[str, float]:
    """Logistic regression by AdaGrad; returns feature -> weight, with the bias under ""."""
    w: dict[str, float] = {"": 0.0}
    g2: dict[str, float] = {}
    order = list(range(len(xs)))
    rnd = random.Random(seed)
    pos = sum(ys)
    # weigh the rarer class up so that a label with few examples still gets a decision boundary
    wpos = (len(ys) - pos) / pos if pos else 1.0
    wpos = min(max(wpos, 1.0), 5.0)
    for _e in range(epochs):
        rnd.shuffle(order)
        for j in order:
            x, y = xs[j], ys[j]
            z = w[""] + sum(w.get(f, 0.0) * v for f, v in x.items())
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - (1.0 if y else 0.0)) * (wpos if y else 1.0)
            for f, v in [("", 1.0), *x.items()]:
                grad = g * v + (l2 * w.get(f, 0.0) if f else 0.0)
                g2[f] = g2.get(f, 0.0) + grad * grad
                w[f] = w.get(f, 0.0) - lr * grad / (math.sqrt(g2[f]) + 1e-8)
    return {f: round(v, 4) for f, v in w.items() if f == "" or abs(v) >= 0.01}


def train(exs: Sequence[Example], gold: dict[str, blind.Labels]) -> dict[str, dict[str, dict[str, float]]]:
    weights: dict[str, dict[str, dict[str, float]]] = {}
    for task in TASKS:
        labels = sorted({lab for e in exs for lab in getattr(gold[e.pid], task)})
        weights[task] = {lab: fit([e.feats for e in exs], [lab in getattr(gold[e.pid], task) for e in exs])
                         for lab in labels}
    return weights


def _predict(model: Any, task: str, e: Example, threshold: float, max_labels: int) -> set[str]:
    scored = [(lab, p) for lab, p, _top in model.scores(task, e.feats) if p >= threshold]
    return {lab for lab, _p in scored[:max_labels]}


def cross_validate(exs: Sequence[Example], gold: dict[str, blind.Labels], folds: int = 5) -> dict[str, Any]:
    """Macro-F1 of the model (each document scored by a model fitted without it) and of the rules."""
    from kb.classify import LabelModel, topics

    max_topics = topics()[1].max_topics
    files = sorted({e.file for e in exs})
    rnd = random.Random(11)
    rnd.shuffle(files)
    fold_of = {f: i % folds for i, f in enumerate(files)}
    preds: dict[str, dict[float, dict[str, set[str]]]] = {t: {th: {} for th in THRESHOLDS} for t in TASKS}
    for k in range(folds):
        train_exs = [e for e in exs if fold_of[e.file] != k]
        model = LabelModel(train(train_exs, gold))
        for e in exs:
            if fold_of[e.file] != k:
                continue
            for task in TASKS:
                for th in THRESHOLDS:
                    cap = max_topics if task == "topics" else 99
                    preds[task][th].setdefault(e.pid, set()).update(_predict(model, task, e, th, cap))
    rules: dict[str, dict[str, set[str]]] = {t: {} for t in TASKS}
    for e in exs:
        for task in TASKS:
            rules[task].setdefault(e.pid, set()).update(e.rules[task])
    ids = sorted({e.pid for e in exs})
    out: dict[str, Any] = {"passages": len(ids), "folds": folds}
    for task in TASKS:
        g = {i: getattr(gold[i], task) for i in ids}
        by_th = {th: blind.macro_f1(blind.set_scores(g, preds[task][th])) for th in THRESHOLDS}
        best = max(THRESHOLDS, key=lambda th: by_th[th])
        out[task] = {"model_macro_f1": by_th[best], "threshold": best, "by_threshold": by_th,
                     "rules_macro_f1": blind.macro_f1(blind.set_scores(g, rules[task])),
                     "model_table": blind.set_scores(g, preds[task][best])}
    return out


def run(labels_path: Path, passages_path: Path | None, corpus: Path, root: Path | None = None, half: str = "dev",
        folds: int = 5) -> dict[str, Any]:
    passages_path = passages_path or labels_path.parent / "passages.jsonl"
    passages = blind.load_passages(passages_path)
    gold = {k: v for k, v in blind.load_blind(labels_path).items()
            if k in passages and (half == "all" or passages[k].half == half)}
    exs = examples(gold, passages, root or passages_path.parent.parent, corpus)
    result = cross_validate(exs, gold, folds)
    result["half"] = half
    return result


def format_result(r: dict[str, Any]) -> str:
    lines = [f"{r['passages']} labelled passages of the {r['half']} half, {r['folds']}-fold cross-validation "
             "over documents"]
    for task in TASKS:
        t = r[task]
        lines.append(f"{task:<7} rules macro-F1 {t['rules_macro_f1']:.2f}   model macro-F1 {t['model_macro_f1']:.2f} "
                     f"(threshold {t['threshold']})")
    return "\n".join(lines)
