"""Fitting the ranking model's weights on a development set: ``kb eval DEV.jsonl --fit FILE``.

Each development query is run once through the Searcher with feature capture on: every re-ranked
candidate's feature values (:mod:`kb.search.rank`) and its unit (what it reads).  The weights are then
found by coordinate ascent on mean nDCG@10 over those fixed candidate lists (Metzler & Croft's
method for linear ranking models): one weight at a time moves over a grid of steps, the best value
stays, until a full pass improves nothing.  ``bm25`` stays 1 (a linear model's scale is free);
``BOUNDS`` keeps a weight where a promise of kb needs it.

k-fold cross-validation on the development set says how far the fitted weights carry to queries they
were not fitted on: each fold is scored with weights fitted on the other folds, beside the starting
weights.  The test set is never used here.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

import numpy as np

from kb.evaluate.judged import Units, relevance
from kb.evaluate.queries import Judged, K, score
from kb.search.rank import FEATURES

STEPS = (-2.0, -1.0, -0.5, -0.25, -0.1, 0.1, 0.25, 0.5, 1.0, 2.0)
LIMITS = (-4.0, 8.0)
#: narrower ranges where kb promises something the judged queries rarely test: text pasted from a
#: passage (6 or more characters) ranks that passage in the top 3 (tests/search/test_searcher.py), so
#: a heading holding every word (``headed``) must not outweigh the whole text found word for word,
#: nor may the meaning of the words (``vector``, a cosine): whole text weighs at least 3 (2 lost pasted
#: stretches once ``vector`` weighed 1; 2 to 4 rank the development queries the same)
BOUNDS = {"whole": (3.0, 8.0), "headed": (0.0, 1.0), "vector": (0.0, 1.5)}
MAX_PASSES = 12
FOLDS = 5
#: a move must gain at least this much mean nDCG@10 (smaller gains are noise on ~100 queries)
MIN_GAIN = 0.002


@dataclass
class Candidates:
    """One query's re-ranked candidates: a feature matrix, their unit keys, and the relevance."""

    query: str
    x: np.ndarray
    keys: list[str]
    rel: dict[str, int]


def collect(searcher: Any, judged: list[Judged], units: Units) -> list[Candidates]:
    out = []
    for j in judged:
        rel = relevance(j, units)
        if not rel:
            continue
        searcher.capture = []
        try:
            searcher.search(j.query, limit=K)
            rows = list(searcher.capture)
        finally:
            searcher.capture = None
        x = np.array([[v[f] for f in FEATURES] for _pid, _fields, v in rows], dtype=np.float64).reshape(-1, len(FEATURES))
        keys = [units.key_of.get(pid, pid) for pid, _f, _v in rows]
        out.append(Candidates(j.query, x, keys, rel))
    return out


def ndcg_of(c: Candidates, w: np.ndarray) -> float:
    if not len(c.keys):
        return 0.0
    order = np.argsort(-(c.x @ w), kind="stable")
    ranked: list[list[str]] = []
    seen: set[str] = set()
    for i in order:
        k = c.keys[int(i)]
        if k in seen:
            continue
        seen.add(k)
        ranked.append([k])
        if len(ranked) == K:
            break
    return score(ranked, c.rel)[0]


def mean_ndcg(cands: list[Candidates], w: np.ndarray) -> float:
    return sum(ndcg_of(c, w) for c in cands) / len(cands) if cands else 0.0


def coordinate_ascent(cands: list[Candidates], start: dict[str, float],
                      only: tuple[str, ...] = ()) -> tuple[dict[str, float], float]:
    """Weights fitted from ``start`` (every feature but ``bm25``, or only those named in ``only``)."""
    w = np.array([start.get(f, 0.0) for f in FEATURES], dtype=np.float64)
    w[FEATURES.index("bm25")] = 1.0
    for f, (lo, hi) in BOUNDS.items():
        w[FEATURES.index(f)] = min(hi, max(lo, w[FEATURES.index(f)]))
    best = mean_ndcg(cands, w)
    for _ in range(MAX_PASSES):
        improved = False
        for i, f in enumerate(FEATURES):
            if f == "bm25" or (only and f not in only):
                continue
            base = w[i]
            for step in STEPS:
                lo, hi = BOUNDS.get(f, LIMITS)
                v = min(hi, max(lo, base + step))
                w[i] = v
                m = mean_ndcg(cands, w)
                if m > best + MIN_GAIN:
                    best, base, improved = m, v, True
            w[i] = base
        if not improved:
            break
    return {f: round(float(w[i]), 4) for i, f in enumerate(FEATURES)}, best


def cross_validate(cands: list[Candidates], start: dict[str, float], folds: int = FOLDS,
                   seed: int = 14, only: tuple[str, ...] = ()) -> dict[str, float]:
    """Mean held-out nDCG@10 of weights fitted on the other folds, and of the starting weights."""
    idx = list(range(len(cands)))
    random.Random(seed).shuffle(idx)
    fitted: list[float] = []
    started: list[float] = []
    w0 = np.array([start.get(f, 0.0) for f in FEATURES])
    for k in range(folds):
        held = [cands[i] for i in idx[k::folds]]
        train = [cands[i] for n, i in enumerate(idx) if n % folds != k]
        if not held or not train:
            continue
        wk, _ = coordinate_ascent(train, start, only)
        fitted.extend(ndcg_of(c, np.array([wk[f] for f in FEATURES])) for c in held)
        started.extend(ndcg_of(c, w0) for c in held)
    n = max(1, len(fitted))
    return {"folds": folds, "held_out_ndcg@10_fitted": round(sum(fitted) / n, 4),
            "held_out_ndcg@10_start": round(sum(started) / n, 4)}


def to_toml(weights: dict[str, float], command: str, stats: dict[str, Any]) -> str:
    lines = ["# The ranking model's weights (kb/search/rank.py), fitted on the development set only.",
             "# Do not edit by hand: refit with the command below after changing features or passages.",
             f"fitted_by = {_q(command)}"]
    for k, v in stats.items():
        lines.append(f"{k.replace('@', '_at_').replace('-', '_')} = {_q(v) if isinstance(v, str) else v}")
    lines.append("")
    lines.append("[weights]")
    for f in FEATURES:
        v = weights.get(f, 0.0)
        lines.append(f"{f} = {v if math.isfinite(v) else 0.0}")
    return "\n".join(lines) + "\n"


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
