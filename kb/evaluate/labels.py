"""Evaluate kinds and topics against hand labels: per-label precision, recall and F1, and macro-F1.

Labels are JSON lines ``{"doc": "part of the file name", "contains": "distinctive text", "kinds": [...],
"topics": [...]}``; each is resolved at run time to the passage whose text contains ``contains``
(passage ids change when segmentation does, text does not).  A label may instead carry its own
``"text"`` (with optional ``"heading_path"`` and ``"position"``: opening, middle or closing): a passage
from outside the corpus, classified on its own.  Other keys (``"note"``, ``"id"``) are comments.  Run::

    kb eval-labels tests/labels/passages.jsonl [--corpus corpus] [--json]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kb.models import Passage
from kb.text import compact


@dataclass
class Resolved:
    gold: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)  # pid -> (kinds, topics)
    passages: dict[str, Passage] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def load_labels(path: Path) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not a JSON object ({exc.msg})") from exc
    return rows


def corpus_passages(corpus: Path) -> dict[str, list[Passage]]:
    """source file name -> its passages, annotated (as the pipeline builds them)."""
    from kb.config import Settings
    from kb.extract import is_supported
    from kb.ingest.pipeline import build_document

    settings = Settings(corpus=corpus, index=corpus / ".unused-index")
    out = {}
    for f in sorted(corpus.iterdir()):
        if f.is_file() and is_supported(f):
            out[f.name] = list(build_document(f, f.name, settings).passages)
    return out


def outside_passage(lab: dict[str, Any], n: int) -> Passage:
    """A labelled passage given by its own text, classified as the pipeline would (position from the label)."""
    from kb.classify import features_for, label, view_of

    p = Passage(passage_id=f"outside-{n:04d}", doc_id="outside", ordinal=n, text=lab["text"],
                heading_path=tuple(lab.get("heading_path", ())))
    got = label(view_of(p.text, p.heading_path, features_for([p], 0), lab.get("position", "middle")))
    return replace(p, kinds=tuple(k for k, _r in got.kinds), kind_reasons=tuple(r for _k, r in got.kinds),
                   topics=tuple(got.topics))


def resolve(labels: list[dict[str, Any]], docs: dict[str, list[Passage]]) -> Resolved:
    res = Resolved()
    for n, lab in enumerate(labels):
        if "text" in lab:
            own = outside_passage(lab, n)
            res.gold[own.passage_id] = (set(lab.get("kinds", [])), set(lab.get("topics", [])))
            res.passages[own.passage_id] = own
            continue
        needle = compact(lab["contains"])
        hit = None
        for name, passages in docs.items():
            if lab.get("doc") and lab["doc"] not in name:
                continue
            hit = next((p for p in passages if needle in compact(p.text)), None)
            if hit:
                break
        if hit is None:
            res.missing.append(lab["contains"])
            continue
        k, t = res.gold.get(hit.passage_id, (set(), set()))
        res.gold[hit.passage_id] = (k | set(lab.get("kinds", [])), t | set(lab.get("topics", [])))
        res.passages[hit.passage_id] = hit
    return res


def scores(gold: dict[str, set[str]], pred: dict[str, set[str]]) -> dict[str, dict[str, float]]:
    """label -> {p, r, f1, support, predicted}; labels that are gold or predicted somewhere."""
    labels = sorted(set().union(*gold.values(), *pred.values()) if gold else set())
    out = {}
    for lab in labels:
        tp = sum(1 for pid in gold if lab in gold[pid] and lab in pred.get(pid, set()))
        fp = sum(1 for pid in gold if lab not in gold[pid] and lab in pred.get(pid, set()))
        fn = sum(1 for pid in gold if lab in gold[pid] and lab not in pred.get(pid, set()))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out[lab] = {"p": p, "r": r, "f1": f1, "support": tp + fn, "predicted": tp + fp}
    return out


def macro_f1(table: dict[str, dict[str, float]]) -> float:
    rows = [v["f1"] for v in table.values() if v["support"] > 0]
    return sum(rows) / len(rows) if rows else 0.0


def evaluate(labels_path: Path, corpus: Path) -> dict[str, Any]:
    labels = load_labels(labels_path)
    docs = corpus_passages(corpus) if any("text" not in lab for lab in labels) else {}
    res = resolve(labels, docs)
    gk = {pid: k for pid, (k, _t) in res.gold.items()}
    gt = {pid: t for pid, (_k, t) in res.gold.items()}
    pk = {pid: set(p.kinds) for pid, p in res.passages.items()}
    pt = {pid: {t for t, _s in p.topics} for pid, p in res.passages.items()}
    kt, tt = scores(gk, pk), scores(gt, pt)
    return {"passages": len(res.gold), "missing": res.missing, "kinds": kt, "topics": tt,
            "kinds_macro_f1": macro_f1(kt), "topics_macro_f1": macro_f1(tt)}


def format_table(title: str, table: dict[str, dict[str, float]]) -> str:
    lines = [f"{title:<20} {'P':>5} {'R':>5} {'F1':>5} {'gold':>5} {'pred':>5}"]
    for lab, v in table.items():
        lines.append(f"{lab:<20} {v['p']:5.2f} {v['r']:5.2f} {v['f1']:5.2f} {int(v['support']):5d} "
                     f"{int(v['predicted']):5d}")
    lines.append(f"{'macro-F1':<20} {'':5} {'':5} {macro_f1(table):5.2f}")
    return "\n".join(lines)


def report(result: dict[str, Any]) -> str:
    parts = [f"{result['passages']} labelled passages"
             + (f"; {len(result['missing'])} labels not found: {result['missing']}" if result["missing"] else ""),
             format_table("kind", result["kinds"]), format_table("topic", result["topics"])]
    return "\n\n".join(parts)
