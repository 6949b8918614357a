"""The learned part of the kind and topic labels: one logistic regression per label, shipped as data
(``kb/data/classifier.json``, written by ``kb train-labels``) and applied at ingest (one numpy product per passage).

A passage is seen as a :class:`View` (its text, headings, place in the document, toolkit features and
what the rule files say of it); :func:`features` turns it into named features by group: ``words``
(rjieba words, no stop words), ``bigrams`` (character pairs), ``heading`` (the words of its heading),
``structure`` (position, length, numbering, colon, quotation marks, 同志们, thanks, exclamation) and
``rules`` (the score of every kind and topic rule, and whether the rules give the label).  The file
names the groups it was trained on, its decision threshold per task and the weights; a label the file
has no weights for (a topic added to topics.toml since) is decided by the rules alone, and a topic
no longer in topics.toml is never given.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from kb.analysis import data_file
from kb.found import PassageFeatures

MODEL_FILE = "classifier.json"
#: the words features are cut by jieba's Rust port: the same precise cut, several times faster (a
#: 50 MB text has 200,000 passages, each cut once for the index and once here)
WORDS_SEGMENTER = "rjieba"
GROUPS = ("words", "bigrams", "heading", "structure", "rules")
_NUMBERED = re.compile(r"^\s*(?:第[一二三四五六七八九十]+[，,、是条章节部分]|[一二三四五六七八九十]+[、是要．.]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_READABLE = {"w": "词", "c": "字", "h": "标题词"}


@dataclass(frozen=True)
class View:
    """What the model sees of one passage."""

    text: str
    heading_path: tuple[str, ...] = ()
    heading_level: int = 0
    position: str = "middle"  # opening, middle, closing
    place: float = 0.5  # ordinal / (passages - 1)
    toolkit: PassageFeatures = PassageFeatures()  # formulations, quotes, sentences, headings
    kind_scores: dict[str, float] = field(default_factory=dict)  # kind -> rule score / threshold
    rule_kinds: frozenset[str] = frozenset()
    topic_scores: dict[str, float] = field(default_factory=dict)  # topic -> rule score / min_score
    rule_topics: frozenset[str] = frozenset()
    rule_reasons: tuple[tuple[str, str], ...] = ()  # (kind, reason) the rules give
    topic_raw: tuple[tuple[str, float], ...] = ()  # (topic, rule score) of every topic scoring, best first


def features(v: View, groups: Sequence[str] = GROUPS) -> dict[str, float]:
    """Named features of a passage, from the groups asked for."""
    out: dict[str, float] = {}
    text = v.text.strip()
    if "words" in groups:
        out.update((f"w:{w}", 1.0) for w in _words(text[:400]))
    if "heading" in groups and v.heading_path:
        out.update((f"h:{w}", 1.0) for w in _words(v.heading_path[-1]))
    if "bigrams" in groups:
        head = text[:300]
        han = [_is_han(c) for c in head]
        out.update((f"c:{head[i:i + 2]}", 1.0) for i in range(len(head) - 1) if han[i] and han[i + 1])
    if "structure" in groups:
        out.update(_structure(v, text))
    if "rules" in groups:
        for k, s in v.kind_scores.items():
            if s:
                out[f"ks:{k}"] = max(-2.0, min(s, 3.0))
        out.update((f"rk:{k}", 1.0) for k in v.rule_kinds)
        for t, s in v.topic_scores.items():
            out[f"ts:{t}"] = min(s, 3.0)
        out.update((f"rt:{t}", 1.0) for t in v.rule_topics)
    return out


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _words(text: str) -> list[str]:
    """The distinct Chinese words of two characters or more, stop words left out (the precise cut of
    :data:`WORDS_SEGMENTER` on the folded text, without the Whoosh chain's token objects)."""
    from kb.analysis import get_segmenter, stopwords
    from kb.text import fold

    stops = stopwords()
    seen: dict[str, None] = {}
    for w, _s, _e in get_segmenter(WORDS_SEGMENTER).cut(fold(text)):
        w = w.strip()
        if len(w) > 1 and w not in stops and _HAN.search(w):
            seen.setdefault(w, None)
    return list(seen)


def _structure(v: View, text: str) -> dict[str, float]:
    n = len(text)
    s = {f"pos:{v.position}": 1.0, "place": v.place, "place:first": float(v.place == 0.0),
         "place:last": float(v.place == 1.0), "len:tiny": float(n < 30), "len:short": float(30 <= n < 80),
         "len:long": float(n > 250), "heading": float(v.heading_level > 0 or bool(v.toolkit.headings)),
         "numbered": float(bool(_NUMBERED.match(text))), "colon_end": float(text.endswith(("：", ":"))),
         "no_stop": float(not re.search(r"[。！？!?]", text)), "quotes": min(text.count("“"), 3) / 3,
         "comrades": float("同志们" in text), "thanks": float(bool(re.search(r"谢谢|感谢|谢意", text))),
         "exclaim": float(text.endswith(("！", "!"))), "sentences": min(len(re.findall(r"[。！？]", text)), 6) / 6}
    for k in v.toolkit.names():
        s[f"has:{k}"] = 1.0
    return {k: x for k, x in s.items() if x}


@dataclass(frozen=True)
class Decision:
    label: str
    probability: float
    evidence: tuple[str, ...]  # the features that pushed it up most, readable


@dataclass(frozen=True)
class LabelModel:
    """Logistic regressions per task (kinds, topics) and label, with the groups and thresholds."""

    groups: tuple[str, ...]
    thresholds: dict[str, tuple[float, float]]  # task -> (add, drop): given from add, or from drop if the rules give it
    weights: dict[str, dict[str, dict[str, float]]]  # task -> label -> feature -> weight ("" = bias)
    info: dict[str, Any] = field(default_factory=dict)  # how it was trained and measured

    def decide(self, task: str, feats: dict[str, float], floor: float = 0.0) -> dict[str, Decision]:
        """label -> its decision, for every label of ``task`` the model has weights for.  The evidence
        (the features that pushed the label up most) is only worked out for a label whose probability
        reaches ``floor``: ingest asks with the lowest threshold, the others are never shown."""
        labels, bias, rows, matrix = self._matrix(task)
        if not labels:
            return {}
        names = [f for f in feats if f in rows]
        xs = np.fromiter((feats[f] for f in names), dtype=np.float64, count=len(names))
        picked = matrix[[rows[f] for f in names]] if names else matrix[:0]
        z = bias + xs @ picked
        ps = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
        out = {}
        for i, label in enumerate(labels):
            p = float(ps[i])
            top: tuple[str, ...] = ()
            if p >= floor and names:
                contrib = picked[:, i] * xs
                best = np.argsort(-contrib, kind="stable")[:3]
                top = tuple(readable(names[j]) for j in best if contrib[j] > 0.05)
            out[label] = Decision(label, round(p, 3), top)
        return out

    def _matrix(self, task: str) -> tuple[list[str], Any, dict[str, int], Any]:
        """The task's weights as one matrix (feature row x label column) with the biases, so that a
        passage's scores are one product, not a loop per label (a 50 MB text has 200,000 passages);
        made once per model."""
        cache: dict[str, Any] = self.__dict__.setdefault("_matrix_cache", {})
        if task not in cache:
            table = self.weights.get(task, {})
            labels = list(table)
            rows: dict[str, int] = {}
            for label in labels:
                for f in table[label]:
                    if f:
                        rows.setdefault(f, len(rows))
            matrix = np.zeros((len(rows), len(labels)))
            for j, label in enumerate(labels):
                for f, w in table[label].items():
                    if f:
                        matrix[rows[f], j] = w
            bias = np.array([table[lab].get("", 0.0) for lab in labels])
            cache[task] = (labels, bias, rows, matrix)
        return cache[task]  # type: ignore[no-any-return]

    def to_json(self) -> str:
        return json.dumps({"groups": list(self.groups), "thresholds": self.thresholds, "info": self.info,
                           "weights": self.weights}, ensure_ascii=False, indent=0, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LabelModel:
        d = json.loads(text)
        return cls(tuple(d["groups"]), {k: (float(v[0]), float(v[1])) for k, v in d["thresholds"].items()}, d["weights"],
                   d.get("info", {}))


def readable(f: str) -> str:
    """A feature as a reason: 词「必须」, 规则给了「原则/要求」, 位置 opening …"""
    kind, _, rest = f.partition(":")
    if kind in _READABLE:
        return f"{_READABLE[kind]}「{rest}」"
    if kind in ("rk", "rt"):
        return f"规则给了「{rest}」"
    if kind in ("ks", "ts"):
        return f"规则分「{rest}」"
    return f


@lru_cache(maxsize=4)
def _load(path: Path, mtime: float) -> LabelModel | None:
    return LabelModel.from_json(path.read_text(encoding="utf-8"))


def model_file() -> Path | None:
    """The model file labelling uses (``KB_CLASSIFIER`` or the shipped one), None for the rules alone."""
    env = os.environ.get("KB_CLASSIFIER", "")
    if env.lower() in ("off", "none", "rules"):
        return None
    path = Path(env) if env else data_file(MODEL_FILE)
    return path if path.is_file() else None


def load_model(path: Path | None = None) -> LabelModel | None:
    """The shipped model (``kb/data/classifier.json``; the environment's ``KB_CLASSIFIER`` names another
    file, or ``off`` for the rules alone), or None when there is none."""
    env = os.environ.get("KB_CLASSIFIER", "")
    if path is None and env.lower() in ("off", "none", "rules"):
        return None
    path = path or (Path(env) if env else data_file(MODEL_FILE))
    if not path.is_file():
        return None
    return _load(path, path.stat().st_mtime)
