"""Training the kind and topic model on the development half of blind labels (``kb train-labels``),
and measuring it against the rules by cross-validation over that half's documents.

Every labelled passage of the development half gives training examples: the kb passages that cover
it (the pipeline's own passages, seen as :class:`kb.classify.model.View`), with its labels.  One
logistic regression per label is fitted on all of them at once (numpy, full-batch Adam, L2, the rarer
class weighed up; features seen in one training document only are dropped).  Three ways are compared
on the same passages in the same run, each document scored by a model fitted without it: the rules
alone, the model alone (words, bigrams, heading words, structure) and both (the model with the rule
scores as features).  Per task, the way with the best cross-validated macro-F1 is what is written to
``kb/data/classifier.json`` (rules: no weights for that task).  The test half is never read here.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kb.classify.model import GROUPS, LabelModel, View, features
from kb.evaluate import blind
from kb.evaluate.matching import covers

TASKS = ("kinds", "topics")
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
#: (add, drop) pairs where the model only overrides the rules: it adds a label from ``add`` and takes
#: one the rules give away below ``drop``; add = drop is the model alone, (1.01, 0) the rules alone
OVERRIDES = tuple((a, d) for a in (0.6, 0.7, 0.8, 0.9, 0.95, 1.01) for d in (0.0, 0.05, 0.1, 0.2, 0.3))
#: the ways compared besides the rules: the model alone (no rule features) and both (the rule scores
#: as features, and the model deciding alone or only overriding the rules where it is confident)
WAYS: dict[str, tuple[str, ...]] = {"model": tuple(g for g in GROUPS if g != "rules"), "both": GROUPS}
_TEXT_PREFIXES = ("w:", "c:", "h:")  # word features: ten times the L2 of the rule and structure features
L2S = (0.01, 0.03)
MIN_SUPPORT = 8  # labelled passages a label needs in the training half to be learned (else: the rules)
MARGIN = 0.01  # a way must beat the rules by this much cross-validated macro-F1 to be written


@dataclass
class Example:
    pid: str
    file: str
    view: View
    rules: dict[str, set[str]]  # task -> labels the rules give this kb passage
    extra: set[str] = field(default_factory=set)  # kinds the evaluation adds (标题 from the outline)
    drop: set[str] = field(default_factory=set)  # kinds it takes away (标题 where the window opens with no heading)


def examples(gold: dict[str, blind.Labels], passages: dict[str, blind.LabelledPassage], root: Path,
             corpus: Path) -> list[Example]:
    """One example per kb passage that covers a labelled passage (labels looked up by pid)."""
    from kb.classify import _position, features_for, label, view_of
    from kb.classify import classify_topics as rule_topics
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
        last = max(1, len(ps) - 1)
        for lp in lps:
            titled = "标题" in blind._labels_from_document(lp, doc, rule_topics).kinds
            extra, drop = ({"标题"}, set()) if titled else (set(), {"标题"})
            for i, p in enumerate(ps):
                if covers(p.text, lp.text):
                    v = view_of(p.text, p.heading_path, features_for(ps, i), _position(ps, i), p.heading_level,
                                i / last)
                    r = label(v, model=False)
                    out.append(Example(lp.id, name, v, {"kinds": {k for k, _r in r.kinds},
                                                        "topics": {t for t, _s in r.topics}}, extra, drop))
    return out


def fit(xs: Sequence[dict[str, float]], ys: Sequence[set[str]], labels: Sequence[str], files: Sequence[str],
        l2: float = 0.03, steps: int = 200, lr: float = 0.1) -> dict[str, dict[str, float]]:
    """label -> feature -> weight ("" = bias): logistic regressions fitted together."""
    docs: dict[str, set[str]] = {}
    for x, f in zip(xs, files, strict=True):
        for k in x:
            docs.setdefault(k, set()).add(f)
    vocab = sorted(k for k, d in docs.items() if len(d) >= 2)
    col = {k: j for j, k in enumerate(vocab)}
    x_ = np.zeros((len(xs), len(vocab) + 1))
    x_[:, -1] = 1.0
    for i, x in enumerate(xs):
        for k, v in x.items():
            if k in col:
                x_[i, col[k]] = v
    y = np.array([[lab in s for lab in labels] for s in ys], dtype=float)
    pos = y.sum(0)
    wpos = np.clip((len(ys) - pos) / np.maximum(pos, 1), 1.0, 5.0)
    sample = np.where(y > 0, wpos, 1.0)
    w = np.zeros((len(vocab) + 1, len(labels)))
    m, v2 = np.zeros_like(w), np.zeros_like(w)
    reg = np.array([[l2 if k.startswith(_TEXT_PREFIXES) else l2 / 10] for k in vocab] + [[0.0]])
    for t in range(1, steps + 1):
        p = 1.0 / (1.0 + np.exp(-np.clip(x_ @ w, -30, 30)))
        g = x_.T @ ((p - y) * sample) / len(xs) + reg * w
        m = 0.9 * m + 0.1 * g
        v2 = 0.999 * v2 + 0.001 * g * g
        w -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v2 / (1 - 0.999 ** t)) + 1e-8)
    out = {}
    for j, lab in enumerate(labels):
        ws = {vocab[i]: round(float(w[i, j]), 4) for i in range(len(vocab)) if abs(w[i, j]) >= 0.005}
        ws[""] = round(float(w[-1, j]), 4)
        out[lab] = ws
    return out


def _gold(e: Example, gold: dict[str, blind.Labels], task: str) -> set[str]:
    return set(getattr(gold[e.pid], task))


def _union(exs: Sequence[Example], labels_of: Any) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for e in exs:
        out.setdefault(e.pid, set()).update(labels_of(e))
    return out


def _score(exs: Sequence[Example], gold: dict[str, blind.Labels], task: str, pred: dict[str, set[str]]) -> float:
    g = {e.pid: _gold(e, gold, task) for e in exs}
    return blind.macro_f1(blind.set_scores(g, pred))


def _decide(probs: dict[str, float], task: str, e: Example, th: tuple[float, float], gate: bool,
            max_topics: int = 3) -> set[str]:
    """What :func:`kb.classify.label` gives from the model's probabilities: a label from ``add``, or
    from ``drop`` when the rules give it (labels without weights follow the rules)."""
    add, drop = th
    got = {lab for lab, p in probs.items() if p >= add or (lab in e.rules[task] and p >= drop)}
    got |= {lab for lab in e.rules[task] if lab not in probs}
    if task == "topics":
        if gate:
            got = {t for t in got if e.view.topic_scores.get(t, 0) > 0}
        ranked = sorted(got, key=lambda t: (-probs.get(t, 1.0), -e.view.topic_scores.get(t, 0.0), t))
        got = set(ranked[:max_topics])
    else:
        got = (got | e.extra) - e.drop
    return got


def cross_validate(exs: Sequence[Example], gold: dict[str, blind.Labels], folds: int = 5,
                   l2s: Sequence[float] = L2S) -> dict[str, Any]:
    """Cross-validated macro-F1 per task of the rules, and of each way, L2 and threshold."""
    files = sorted({e.file for e in exs})
    random.Random(11).shuffle(files)
    fold_of = {f: i % folds for i, f in enumerate(files)}
    out: dict[str, Any] = {"passages": len({e.pid for e in exs}), "documents": len(files), "folds": folds}
    for task in TASKS:
        out[task] = {"rules": _score(exs, gold, task, _union(exs, lambda e, t=task: (e.rules[t] | e.extra) - e.drop if t == "kinds" else e.rules[t])), "ways": {}}
    for way, groups in WAYS.items():
        feats = [features(e.view, groups) for e in exs]
        for l2 in l2s:
            probs: list[dict[str, dict[str, float]]] = [{} for _e in exs]
            for k in range(folds):
                tr = [i for i, e in enumerate(exs) if fold_of[e.file] != k]
                weights = {task: fit([feats[i] for i in tr], [_gold(exs[i], gold, task) for i in tr],
                                     _labels(exs, gold, task), [exs[i].file for i in tr], l2) for task in TASKS}
                model = LabelModel(groups, {}, weights)
                for i, e in enumerate(exs):
                    if fold_of[e.file] == k:
                        probs[i] = {t: {lab: d.probability for lab, d in model.decide(t, feats[i]).items()}
                                    for t in TASKS}
            for task in TASKS:
                grid = [(t, t) for t in THRESHOLDS] + (list(OVERRIDES) if "rules" in groups else [])
                for gate in ((True, False) if task == "topics" else (True,)):
                    for th in grid:
                        pred: dict[str, set[str]] = {}
                        for i, e in enumerate(exs):
                            pred.setdefault(e.pid, set()).update(_decide(probs[i][task], task, e, th, gate))
                        out[task]["ways"][(way, l2, th, gate)] = _score(exs, gold, task, pred)
    for task in TASKS:
        ways = out[task]["ways"]
        best = {w: max((k for k in ways if k[0] == w and k[2][0] == k[2][1]), key=lambda k: ways[k]) for w in WAYS}
        best["both, overriding the rules"] = max((k for k in ways if k[0] == "both" and k[2][0] != k[2][1]),
                                                 key=lambda k: ways[k])
        out[task]["best"] = best
    return out


def _labels(exs: Sequence[Example], gold: dict[str, blind.Labels], task: str) -> list[str]:
    """The labels the model learns: those at least ``MIN_SUPPORT`` labelled passages have; a rarer one
    (结尾 in most rounds) keeps the rules' decision, which a model fitted on a handful of examples
    would only learn to take away."""
    support: dict[str, set[str]] = {}
    for e in exs:
        for lab in _gold(e, gold, task):
            support.setdefault(lab, set()).add(e.pid)
    return sorted(lab for lab, pids in support.items() if len(pids) >= MIN_SUPPORT)


def dev_examples(labels_path: Path | Sequence[Path], passages_path: Path | None, corpus: Path,
                 root: Path | None = None) -> tuple[list[Example], dict[str, blind.Labels]]:
    """The development half of one labelling round, or of several taken together."""
    paths = [labels_path] if isinstance(labels_path, Path) else list(labels_path)
    every, passages, _unknown = blind.load_rounds(paths, passages_path)
    gold = {k: v for k, v in every.items() if passages[k].half == "dev"}
    first = passages_path or paths[0].parent / "passages.jsonl"
    return examples(gold, passages, root or first.parent.parent, corpus), gold


def train(exs: Sequence[Example], gold: dict[str, blind.Labels], cv: dict[str, Any], command: str) -> LabelModel:
    """The model written to classifier.json: per task the best way by cross-validation (none: rules)."""
    choice = {}
    for task in TASKS:
        best = max(cv[task]["best"].values(), key=lambda k: cv[task]["ways"][k])
        choice[task] = best if cv[task]["ways"][best] >= cv[task]["rules"] + MARGIN else None
    groups = tuple(sorted({g for c in choice.values() if c for g in WAYS[c[0]]}, key=GROUPS.index))
    weights, thresholds = {}, {}
    info: dict[str, Any] = {"command": command, "passages": cv["passages"], "documents": cv["documents"],
                            "folds": cv["folds"], "cv": {}}
    for task in TASKS:
        c = choice[task]
        info["cv"][task] = {"rules": round(cv[task]["rules"], 4),
                            **{f"{w} (l2 {k[1]}, add {k[2][0]}, drop {k[2][1]}{', gated' if k[3] and task == 'topics' else ''})":
                               round(cv[task]["ways"][k], 4) for w, k in cv[task]["best"].items()}}
        if c is None:
            continue
        way, l2, th, gate = c
        feats = [features(e.view, WAYS[way]) for e in exs]
        weights[task] = fit(feats, [_gold(e, gold, task) for e in exs], _labels(exs, gold, task),
                            [e.file for e in exs], l2)
        thresholds[task] = (float(th[0]), float(th[1]))
        info[f"{task}_way"] = way
        if task == "topics":
            info["topic_gate"] = gate
    return LabelModel(groups, thresholds, weights, info)


def format_cv(cv: dict[str, Any]) -> str:
    lines = [f"{cv['passages']} labelled passages of {cv['documents']} documents (dev half), "
             f"{cv['folds']}-fold cross-validation over documents; macro-F1"]
    for task in TASKS:
        lines.append(f"{task:<7} rules {cv[task]['rules']:.3f}")
        for w, k in cv[task]["best"].items():
            lines.append(f"{'':7} {w:<28} {cv[task]['ways'][k]:.3f}  (l2 {k[1]}, add {k[2][0]}, drop {k[2][1]}"
                         f"{', topics need a topics.toml signal' if task == 'topics' and k[3] else ''})")
    return "\n".join(lines)
