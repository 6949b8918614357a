"""Kinds and topics of passages, from rule files in ``kb/data/`` (kinds.toml, topics.toml); every
label keeps the reason it was given.  Also attaches the writer's-toolkit features (formulations,
quotations, rhetorical sentences) that the libraries in :mod:`kb.toolkit.libraries` read from the index.

``annotate_passages(passages, meta)`` is the pipeline stage.  ``kb eval-labels
tests/labels/passages.jsonl`` prints precision, recall and F1 per label against hand labels.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from kb.analysis import data_file
from kb.classify.model import LabelModel, View, features, load_model, model_file
from kb.finders.formulations import find_formulations
from kb.finders.headings import find_headings
from kb.finders.quotes import find_quotes
from kb.finders.sentences import find_sentences
from kb.found import FEATURE_NAMES, PassageFeatures
from kb.models import Passage
from kb.text import fold

#: the feature names stored in the index's ``feature`` field (a passage has those that are non-empty)
FEATURES = FEATURE_NAMES
OPENING_MAX = 12  # passages before the first heading that can still be an opening
CLOSING_LAST = 1  # how many final passages can be a closing


@dataclass(frozen=True)
class KindRule:
    reason: str
    weight: float
    max: int
    pattern: re.Pattern[str] | None = None
    feature: str | None = None
    heading: bool = False
    position: str = "any"
    max_len: int | None = None


@dataclass(frozen=True)
class Kind:
    name: str
    description: str
    threshold: float
    rules: tuple[KindRule, ...]


@dataclass(frozen=True)
class Topic:
    name: str
    description: str
    signals: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class TopicSettings:
    heading_weight: float = 2.0
    parent_weight: float = 0.5
    max_hits: int = 3
    min_score: float = 3.0
    relative: float = 0.45
    max_topics: int = 3
    heading_share: float = 0.0  # divide heading words by (topics the heading names) ** heading_share
    heading_topic_min: float = 2.0  # a topic counts as named by a heading from this heading score


@lru_cache(maxsize=1)
def kinds() -> tuple[Kind, ...]:
    data = tomllib.loads(data_file("kinds.toml").read_text(encoding="utf-8"))
    out = []
    for k in data["kind"]:
        rules = tuple(KindRule(reason=r["reason"], weight=float(r.get("weight", 1.0)), max=int(r.get("max", 1)),
                               pattern=re.compile(r["pattern"]) if "pattern" in r else None,
                               feature=r.get("feature"), heading=bool(r.get("heading", False)),
                               position=r.get("position", "any"), max_len=r.get("max_len"))
                      for r in k.get("rule", []))
        out.append(Kind(k["name"], k.get("description", ""), float(k.get("threshold", 1.0)), rules))
    return tuple(out)


@lru_cache(maxsize=1)
def topics() -> tuple[tuple[Topic, ...], TopicSettings]:
    data = tomllib.loads(data_file("topics.toml").read_text(encoding="utf-8"))
    settings = TopicSettings(**data.get("settings", {}))
    out = tuple(Topic(t["name"], t.get("description", ""),
                      tuple((fold(w), float(s)) for w, s in t.get("signals", {}).items()))
                for t in data["topic"])
    return out, settings


def kind_names() -> list[str]:
    return [k.name for k in kinds()]


def topic_names() -> list[str]:
    return [t.name for t in topics()[0]]


# --- kinds ------------------------------------------------------------------------------------
def kind_scores(text: str, features: PassageFeatures | None = None, position: str = "middle",
                heading_level: int = 0) -> list[tuple[Kind, float, list[str]]]:
    """(kind, rule score, the reasons of the rules that matched) for every kind; the rules read the
    folded text (必須 is 必须), as the topics and the finders do."""
    features = features or PassageFeatures()
    text = fold(text)
    out = []
    for kind in kinds():
        score = 0.0
        reasons = []
        for rule in kind.rules:
            if rule.position != "any" and rule.position != position:
                continue
            if rule.max_len is not None and len(text) > rule.max_len:
                continue
            if rule.heading:
                n = 1 if heading_level > 0 or features.headings else 0
            elif rule.feature is not None:
                n = features.count(rule.feature)
            elif rule.pattern is not None:
                n = len(rule.pattern.findall(text.strip()))
            else:
                n = 0
            n = min(n, rule.max)
            if n:
                score += n * rule.weight
                reasons.append(rule.reason + (f" ×{n}" if n > 1 else ""))
        out.append((kind, score, reasons))
    return out


def classify_kinds(text: str, features: PassageFeatures | None = None, position: str = "middle",
                   heading_level: int = 0) -> list[tuple[str, str]]:
    """[(kind, reason)] for a passage by the rules alone; ``position`` is opening, closing or middle."""
    return _chosen(kind_scores(text, features, position, heading_level))


def _chosen(scored: list[tuple[Kind, float, list[str]]]) -> list[tuple[str, str]]:
    return [(kind.name, "；".join(reasons)) for kind, score, reasons in scored if reasons and score >= kind.threshold]


# --- topics -----------------------------------------------------------------------------------
def score_topics(text: str, heading_path: Sequence[str] = ()) -> list[tuple[str, float]]:
    """(topic, score) pairs, best first: signal words in the text, and more in the heading path."""
    table, st = topics()
    body = fold(text)
    head = fold(heading_path[-1]) if heading_path else ""
    parent = fold(heading_path[-2]) if len(heading_path) > 1 else ""
    in_head = _heading_hits(head)
    in_parent = _heading_hits(parent)
    # a heading that names several topics (「…地位和作用，…“三服务”…」) speaks for each of them less
    share = 1 / max(1, sum(1 for v in in_head.values() if v >= st.heading_topic_min)) ** st.heading_share
    # a word can only occur when its first two characters do: most of the ~500 signal words are not
    # counted at all (the same counts, a third of the time on long documents)
    present = {body[i:i + 2] for i in range(len(body) - 1)} | set(body) | {""}
    cap = st.max_hits
    scores = []
    for t, (keys, signals) in zip(table, _signal_keys(table), strict=True):
        s = 0.0
        if not keys.isdisjoint(present):  # (a topic none of whose words can occur scores nothing here)
            for key, word, weight in signals:
                if key in present:
                    s += weight * min(body.count(word), cap)
        s += st.parent_weight * in_parent[t.name]
        s += st.heading_weight * share * in_head[t.name]
        if s > 0:
            scores.append((t.name, round(s, 2)))
    scores.sort(key=lambda ts: (-ts[1], ts[0]))
    return scores


@lru_cache(maxsize=4)
def _signal_keys(table: tuple[Topic, ...]) -> tuple[tuple[frozenset[str], tuple[tuple[str, str, float], ...]], ...]:
    """Per topic: the keys its signal words need present (the first two characters, or the character;
    "" for an empty word), and (key, word, weight) in the signals' order."""
    out = []
    for t in table:
        signals = tuple((word[:2] if len(word) > 1 else word, word, weight) for word, weight in t.signals)
        out.append((frozenset(k for k, _w, _x in signals), signals))
    return tuple(out)


@lru_cache(maxsize=512)
def _heading_hits(heading: str) -> dict[str, float]:
    """topic -> the weights of its signal words present in a (folded) heading; passages of one
    section share their headings, so this is counted once per heading."""
    table, _st = topics()
    return {t.name: sum(weight * min(heading.count(word), 1) for word, weight in t.signals) for t in table}


def choose_topics(scores: list[tuple[str, float]]) -> list[tuple[str, float]]:
    _table, st = topics()
    if not scores:
        return []
    best = scores[0][1]
    return [(t, s) for t, s in scores if s >= st.min_score and s >= st.relative * best][:st.max_topics]


def classify_topics(text: str, heading_path: Sequence[str] = ()) -> list[tuple[str, float]]:
    """Topics of a text under its headings (a heading alone: ``classify_topics("", (heading,))``), the
    same decision as at ingest (:func:`label`)."""
    return label(view_of(text, heading_path)).topics


# --- rules and the learned model together: the one decision ingest, browsing and topic: use -------
@dataclass(frozen=True)
class Labelled:
    kinds: list[tuple[str, str]]  # (kind, reason)
    topics: list[tuple[str, float]]  # (topic, score), best first


def view_of(text: str, heading_path: Sequence[str] = (), features: PassageFeatures | None = None,
            position: str = "middle", heading_level: int = 0, place: float = 0.5) -> View:
    """A passage as the model sees it, with what the rule files say of it."""
    _table, st = topics()
    ks = kind_scores(text, features, position, heading_level)
    ts = score_topics(text, heading_path)
    return View(text=text, heading_path=tuple(heading_path), heading_level=heading_level, position=position,
                place=place, toolkit=features or PassageFeatures(),
                kind_scores={k.name: round(s / k.threshold, 3) for k, s, r in ks if r},
                rule_kinds=frozenset(k.name for k, s, r in ks if r and s >= k.threshold),
                topic_scores={t: round(s / st.min_score, 3) for t, s in ts},
                rule_topics=frozenset(t for t, _s in choose_topics(ts)), rule_reasons=tuple(_chosen(ks)),
                topic_raw=tuple(ts))


def label(v: View, model: LabelModel | None | bool = True) -> Labelled:
    """Kinds with reasons and topics with scores: the rules (kinds.toml, topics.toml), decided by the
    shipped model (kb/data/classifier.json) where it has weights for the label; ``model=False``: rules only.
    A topic is only given when a signal word of topics.toml is in the text or its headings."""
    m = load_model() if model is True else (model or None)
    rule_kinds = list(v.rule_reasons)
    scores = list(v.topic_raw)
    rule_topics = choose_topics(scores)
    if m is None:
        return Labelled(rule_kinds, rule_topics)
    feats = features(v, m.groups)
    reasons = dict(rule_kinds)
    out_kinds = []
    kd = m.decide("kinds", feats, floor=min(m.thresholds.get("kinds", (0.0, 0.0))))
    for k in kinds():
        d = kd.get(k.name)
        if d is None:
            if k.name in reasons:
                out_kinds.append((k.name, reasons[k.name]))
        elif d.probability >= m.thresholds["kinds"][0] or (k.name in reasons and d.probability >= m.thresholds["kinds"][1]):
            why = "、".join(d.evidence) or "模型"
            out_kinds.append((k.name, f"{reasons[k.name]}（模型 {d.probability:.2f}）" if k.name in reasons
                              else f"模型 {d.probability:.2f}：{why}"))
    _table, st = topics()
    td = m.decide("topics", feats, floor=min(m.thresholds.get("topics", (0.0, 0.0))))
    gate = bool(m.info.get("topic_gate", True))
    given = dict(rule_topics)
    picked = []
    for t, s in scores if gate else [(t.name, dict(scores).get(t.name, 0.0)) for t in _table]:
        d = td.get(t)
        if d is None:
            if t in given:
                picked.append((t, s, 1.0))
        elif d.probability >= m.thresholds["topics"][0] or (t in given and d.probability >= m.thresholds["topics"][1]):
            picked.append((t, s, d.probability))
    picked.sort(key=lambda x: (-x[2], -x[1], x[0]))
    return Labelled(out_kinds, [(t, s) for t, s, _p in picked[:st.max_topics]])


# --- the pipeline stage -----------------------------------------------------------------------
def _children(passages: Sequence[Passage], i: int) -> tuple[str, ...]:
    """The headings directly under passage i's heading, from the passages that follow it."""
    hp = passages[i].heading_path
    out: list[str] = []
    for q in passages[i + 1:]:
        if q.heading_path[:len(hp)] != hp:
            break
        if len(q.heading_path) > len(hp) and q.heading_path[len(hp)] not in out:
            out.append(q.heading_path[len(hp)])
    return tuple(out)


def features_for(passages: Sequence[Passage], i: int, children: tuple[str, ...] | None = None) -> PassageFeatures:
    p = passages[i]
    following = "\n".join(q.text for q in passages[i + 1:i + 4])
    kids = _children(passages, i) if children is None else children
    forms = find_formulations(p.text, following, kids)
    if p.heading_path and (i == 0 or passages[i - 1].heading_path != p.heading_path):
        # the first passage under a heading also holds the heading's formulations (一是要增强“四个意识”)
        keys = {f.key for f in forms}
        forms += [f for f in find_formulations(p.heading_path[-1], p.text) if f.key not in keys]
    return PassageFeatures(tuple(forms), tuple(find_quotes(p.text)), tuple(find_sentences(p.text)),
                           tuple(find_headings(p.text)))


def _all_children(passages: Sequence[Passage]) -> list[tuple[str, ...]]:
    """``_children`` of every passage, in linear time for the common case: a passage followed by one
    with the same heading path has the same children (a 50 MB one-line text has 200,000 such)."""
    out: list[tuple[str, ...]] = [()] * len(passages)
    for i in range(len(passages) - 1, -1, -1):
        nxt = i + 1
        if nxt < len(passages) and passages[nxt].heading_path == passages[i].heading_path:
            out[i] = out[nxt]
        else:
            out[i] = _children(passages, i)
    return out


def _position(passages: Sequence[Passage], i: int, first_heading: int | None = -1) -> str:
    p = passages[i]
    if i >= len(passages) - CLOSING_LAST and len(passages) > 2:
        return "closing"
    if first_heading == -1:
        first_heading = next((j for j, q in enumerate(passages) if q.heading_path), None)
    limit = first_heading if first_heading is not None else 2
    if i == 0 or (not p.heading_path and i < min(limit, OPENING_MAX)):  # the first passage opens, headed or not
        return "opening"
    return "middle"


#: the data files whose content decides the labels and the toolkit features of a passage
LABELLING_FILES = ("kinds.toml", "topics.toml", "formulations.toml", "sayings.txt", "speakers.txt")


def labelling_fingerprint() -> str:
    """A hash of what decides kinds, topics and toolkit features: the rule and list files, the model
    labelling uses (or the rules alone) and kb's version (the finders' code).  Stored with each
    document, so that ``kb ingest`` labels a document again when it changed (kb.ingest.pipeline)."""
    paths = [data_file(name) for name in LABELLING_FILES]
    model = model_file()
    return _fingerprint(tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths),
                        (str(model), model.stat().st_mtime_ns, model.stat().st_size) if model else None)


@lru_cache(maxsize=8)
def _fingerprint(files: tuple[tuple[str, int, int], ...], model: tuple[str, int, int] | None) -> str:
    """The hash of those files' content (cached by path, mtime and size)."""
    from pathlib import Path

    from kb import __version__

    h = hashlib.sha256(f"kb={__version__};".encode())
    for name, _m, _s in files:
        h.update(Path(name).name.encode() + b"=" + Path(name).read_bytes())
    h.update(b"model=" + (Path(model[0]).read_bytes() if model else b"rules"))
    return h.hexdigest()[:16]


def annotate_passages(passages: Sequence[Passage], meta: Any = None) -> list[Passage]:
    """Kinds with reasons, topics with scores and toolkit features for one document's passages."""
    out = []
    children = _all_children(passages)
    first_heading = next((j for j, q in enumerate(passages) if q.heading_path), None)
    last = max(1, len(passages) - 1)
    for i, p in enumerate(passages):
        feats = features_for(passages, i, children[i])
        lab = label(view_of(p.text, p.heading_path, feats, _position(passages, i, first_heading), p.heading_level,
                            i / last))
        out.append(replace(p, kinds=tuple(k for k, _r in lab.kinds), kind_reasons=tuple(r for _k, r in lab.kinds),
                           topics=tuple(lab.topics), features=feats))
    return out


def feature_field(p: Passage) -> str:
    """The indexed ``feature`` value: the toolkit features this passage has, comma-joined."""
    return ",".join(p.features.names())
