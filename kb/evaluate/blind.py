"""Scoring kb against blind passage labels, library by library, and the labellers against each other.

The labels (format: /work/outside/labels/LABELLING.md) are JSON lines, one per passage id, with
``kinds``, ``topics``, ``formulations`` [{name, expansion}], ``quotations`` [{text, speaker}],
``sentences`` [{text, types}] and ``headings`` [str].  The passages file gives each id its ``file``
(relative to the passages file's root, or ``corpus/…`` for the bundled corpus), ``half`` (dev or
test) and ``text``.

What kb says about a passage is what it stores at ingest: each labelled file goes through the real
pipeline (:func:`kb.ingest.pipeline.build_document`); the kb passages that cover the labelled text
(most of their 6-character pieces occur in it, or it in them) give the kinds, topics and the toolkit
features (formulations, quotations, sentences) that lie inside the labelled text; the document's
outline gives the headings inside it (and the kind 标题 when the passage begins with one).

Matching (:mod:`kb.evaluate.matching`, stated in the README): two strings are the same when their normalised forms (folded:
traditional to simplified, full-width to half-width; only letters, digits and ideographs kept) are
equal, or one contains the other and the shorter is at least ``RATIO`` of the longer.  Formulations
also match on kb's merge key (三个服务 = 三服务).  Items are paired one to one per passage, gold in
order, each with the first unpaired prediction that is the same.  An expansion is right when it is
the same as the label's with ratio ``EXPANSION_RATIO`` or has the same items (split at 、，；); a
speaker is right when the normalised names contain one another (毛泽东同志 = 毛泽东, 《韩非子》 =
韩非子).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.errors import LabelsError
from kb.evaluate.matching import (
    covers,
    inside,
    norm,
    pair,
    same,
    same_expansion,
    same_formulation,
    same_speaker,
)

LIBRARIES = ("formulations", "quotations", "sentences", "headings")
HALVES = ("dev", "test", "all")


# --- label files ------------------------------------------------------------------------------
@dataclass(frozen=True)
class LabelledPassage:
    id: str
    file: str
    half: str
    text: str
    heading: str = ""


@dataclass
class Labels:
    """One labeller's (or kb's) labels for one passage."""

    kinds: set[str] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)
    formulations: list[dict[str, str]] = field(default_factory=list)
    quotations: list[dict[str, str]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Labels:
        return cls(kinds=set(row.get("kinds") or []), topics=set(row.get("topics") or []),
                   formulations=[{"name": f.get("name", ""), "expansion": f.get("expansion", "") or ""}
                                 for f in row.get("formulations") or []],
                   quotations=[{"text": q.get("text", ""), "speaker": q.get("speaker", "") or ""}
                               for q in row.get("quotations") or []],
                   sentences=[{"text": s.get("text", ""), "types": list(s.get("types") or [])}
                              for s in row.get("sentences") or []],
                   headings=[h for h in row.get("headings") or [] if isinstance(h, str)])

    def to_dict(self) -> dict[str, Any]:
        return {"kinds": sorted(self.kinds), "topics": sorted(self.topics), "formulations": self.formulations,
                "quotations": self.quotations, "sentences": self.sentences, "headings": self.headings}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise LabelsError(f"读不了标注文件（{exc.strerror}）", path=path, fix="检查路径") from exc
    rows = []
    for n, line in enumerate(lines, 1):
        if line.strip() and not line.lstrip().startswith("#"):
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise LabelsError(f"第 {n} 行不是 JSON 对象（{exc.msg}）", path=path,
                                  fix="每行一个 JSON 对象") from exc
            if not isinstance(row, dict):
                raise LabelsError(f"第 {n} 行不是 JSON 对象", path=path, fix="每行一个 JSON 对象")
            rows.append(row)
    return rows


def is_blind_format(rows: Iterable[dict[str, Any]]) -> bool:
    """True for labels keyed by passage id (the blind format), False for the older contains/text rows."""
    rows = list(rows)
    blind_keys = ("formulations", "quotations", "sentences", "headings")
    return bool(rows) and all("id" in r and "contains" not in r and any(k in r for k in blind_keys) for r in rows)


def load_passages(path: Path) -> dict[str, LabelledPassage]:
    return {r["id"]: LabelledPassage(r["id"], r["file"], r.get("half", "dev"), r["text"], r.get("heading", ""))
            for r in read_jsonl(path)}


def load_blind(path: Path) -> dict[str, Labels]:
    return {r["id"]: Labels.from_row(r) for r in read_jsonl(path)}


def load_rounds(labels_paths: Sequence[Path], passages_path: Path | None = None
                ) -> tuple[dict[str, Labels], dict[str, LabelledPassage], list[str]]:
    """The labels and passages of one or more labelling rounds taken together (each round's passages
    file beside its labels unless ``passages_path`` names one for all), and the ids labelled that no
    passages file has.  Two rounds may not use one id (each round has its own prefix: W…, X…)."""
    gold: dict[str, Labels] = {}
    passages: dict[str, LabelledPassage] = {}
    unknown: list[str] = []
    for path in labels_paths:
        ps = load_passages(passages_path or path.parent / "passages.jsonl")
        got = load_blind(path)
        twice = sorted(set(got) & set(gold))
        if twice:
            raise LabelsError(f"两轮标注用了同一个段落编号：{', '.join(twice[:5])}", path=path,
                              fix="每轮标注用自己的编号前缀（W…、X…），或分开评测")
        unknown += sorted(set(got) - set(ps))
        gold.update((k, v) for k, v in got.items() if k in ps)
        passages.update((k, v) for k, v in ps.items() if k in got)
    return gold, passages, unknown


# --- scores -----------------------------------------------------------------------------------
def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "predicted": n_pred,
            "gold": n_gold}


def set_scores(gold: dict[str, set[str]], pred: dict[str, set[str]]) -> dict[str, dict[str, float]]:
    """label -> {p, r, f1, support, predicted} over the passages in ``gold``."""
    labels = sorted(set().union(*gold.values(), *(pred.get(k, set()) for k in gold)) if gold else set())
    out = {}
    for lab in labels:
        tp = sum(1 for k in gold if lab in gold[k] and lab in pred.get(k, set()))
        np_ = sum(1 for k in gold if lab in pred.get(k, set()))
        ng = sum(1 for k in gold if lab in gold[k])
        row = prf(tp, np_, ng)
        out[lab] = {"p": row["p"], "r": row["r"], "f1": row["f1"], "support": ng, "predicted": np_}
    return out


def macro_f1(table: dict[str, dict[str, float]]) -> float:
    rows = [v["f1"] for v in table.values() if v["support"] > 0]
    return sum(rows) / len(rows) if rows else 0.0


def kappa(a: dict[str, set[str]], b: dict[str, set[str]], label: str) -> float:
    """Cohen's kappa of two labellers on one binary label over the passages both labelled."""
    ids = sorted(set(a) & set(b))
    if not ids:
        return 0.0
    xa = [label in a[i] for i in ids]
    xb = [label in b[i] for i in ids]
    n = len(ids)
    po = sum(x == y for x, y in zip(xa, xb, strict=True)) / n
    pa, pb = sum(xa) / n, sum(xb) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def _formulation_key() -> Callable[[str], str]:
    from kb.finders.formulations import merge_key

    return merge_key


def library_scores(gold: dict[str, Labels], pred: dict[str, Labels], misses: bool = False) -> dict[str, Any]:
    """Precision and recall of each library, expansions and speakers, over the passages in ``gold``."""
    key = _formulation_key()
    eqs: dict[str, Callable[[Any, Any], bool]] = {
        "formulations": lambda g, p: same_formulation(g["name"], p["name"], key),
        "quotations": lambda g, p: same(g["text"], p["text"]),
        "sentences": lambda g, p: same(g["text"], p["text"]),
        "headings": lambda g, p: same(g, p),
    }
    out: dict[str, Any] = {}
    exp = {"stated": 0, "right": 0, "unstated": 0, "invented": 0}
    spk = {"attributed": 0, "right": 0}
    typ = {"paired": 0, "right": 0}
    missed: dict[str, list[Any]] = {lib: [] for lib in LIBRARIES}
    extra: dict[str, list[Any]] = {lib: [] for lib in LIBRARIES}
    wrong: dict[str, list[Any]] = {"expansions": [], "speakers": []}
    for lib in LIBRARIES:
        tp = n_pred = n_gold = 0
        for pid, g in gold.items():
            p = pred.get(pid, Labels())
            gl, pl = getattr(g, lib), getattr(p, lib)
            pairs, miss, more = pair(gl, pl, eqs[lib])
            tp, n_pred, n_gold = tp + len(pairs), n_pred + len(pl), n_gold + len(gl)
            missed[lib].extend((pid, m) for m in miss)
            extra[lib].extend((pid, m) for m in more)
            for ga, pa in pairs:
                if lib == "formulations":
                    if ga["expansion"]:
                        exp["stated"] += 1
                        ok = same_expansion(ga["expansion"], pa["expansion"])
                        exp["right"] += ok
                        if not ok:
                            wrong["expansions"].append((pid, ga, pa))
                    else:
                        exp["unstated"] += 1
                        exp["invented"] += bool(pa["expansion"])
                        if pa["expansion"]:
                            wrong["expansions"].append((pid, ga, pa))
                elif lib == "quotations" and ga["speaker"]:
                    spk["attributed"] += 1
                    ok = same_speaker(ga["speaker"], pa["speaker"])
                    spk["right"] += ok
                    if not ok:
                        wrong["speakers"].append((pid, ga, pa))
                elif lib == "sentences" and ga["types"]:
                    typ["paired"] += 1
                    typ["right"] += bool(set(ga["types"]) & set(pa["types"]))
        out[lib] = prf(tp, n_pred, n_gold)
    out["expansions"] = exp | {"share_right": exp["right"] / exp["stated"] if exp["stated"] else 0.0,
                               "share_invented": exp["invented"] / exp["unstated"] if exp["unstated"] else 0.0}
    out["speakers"] = spk | {"share_right": spk["right"] / spk["attributed"] if spk["attributed"] else 0.0}
    out["sentence_types"] = typ | {"share_right": typ["right"] / typ["paired"] if typ["paired"] else 0.0}
    if misses:
        out["misses"] = {"missed": missed, "extra": extra, "wrong": wrong}
    return out


def score(gold: dict[str, Labels], pred: dict[str, Labels], misses: bool = False) -> dict[str, Any]:
    gk = {k: v.kinds for k, v in gold.items()}
    gt = {k: v.topics for k, v in gold.items()}
    kt = set_scores(gk, {k: v.kinds for k, v in pred.items()})
    tt = set_scores(gt, {k: v.topics for k, v in pred.items()})
    out: dict[str, Any] = {"passages": len(gold), "kinds": kt, "topics": tt, "kinds_macro_f1": macro_f1(kt),
           "topics_macro_f1": macro_f1(tt)}
    out.update(library_scores(gold, pred, misses))
    if misses:
        out["misses"]["kinds"] = [(k, sorted(gk[k]), sorted(pred.get(k, Labels()).kinds))
                                  for k in gold if gk[k] != pred.get(k, Labels()).kinds]
        out["misses"]["topics"] = [(k, sorted(gt[k]), sorted(pred.get(k, Labels()).topics))
                                   for k in gold if gt[k] != pred.get(k, Labels()).topics]
    return out


def agreement(a: dict[str, Labels], b: dict[str, Labels], passages: dict[str, LabelledPassage],
              halves: Sequence[str] = HALVES) -> dict[str, Any]:
    """Per half: Cohen's kappa per kind and topic (and their mean), and for the libraries the F1 of
    one labeller against the other, with agreement on expansions and speakers where both found it."""
    out: dict[str, Any] = {}
    for half in halves:
        ids = [i for i in a if i in b and i in passages and (half == "all" or passages[i].half == half)]
        aa, bb = {i: a[i] for i in ids}, {i: b[i] for i in ids}
        row: dict[str, Any] = {"passages": len(ids)}
        for what in ("kinds", "topics"):
            sa = {i: getattr(aa[i], what) for i in ids}
            sb = {i: getattr(bb[i], what) for i in ids}
            labels = sorted(set().union(*sa.values(), *sb.values()) if ids else set())
            ks = {lab: kappa(sa, sb, lab) for lab in labels}
            table = set_scores(sa, sb)
            row[what] = {"kappa": ks, "mean_kappa": sum(ks.values()) / len(ks) if ks else 0.0,
                         "macro_f1": macro_f1(table)}
        row.update(library_scores(aa, bb))
        out[half] = row
    return out


# --- what kb says about the labelled passages -------------------------------------------------
def resolve_file(name: str, root: Path, corpus: Path) -> Path | None:
    for cand in (root / name, corpus / name.removeprefix("corpus/"), corpus.parent / name):
        if cand.is_file():
            return cand
    return None


def kb_labels(passages: dict[str, LabelledPassage], root: Path, corpus: Path) -> tuple[dict[str, Labels], list[str]]:
    """kb's labels for every labelled passage, and the files kb could not read (with why)."""
    from kb.classify import classify_topics
    from kb.config import Settings
    from kb.errors import KbError
    from kb.ingest.pipeline import build_document

    settings = Settings(corpus=corpus, index=corpus / ".unused-index")
    by_file: dict[str, list[LabelledPassage]] = {}
    for lp in passages.values():
        by_file.setdefault(lp.file, []).append(lp)
    out: dict[str, Labels] = {}
    problems: list[str] = []
    for name, lps in sorted(by_file.items()):
        path = resolve_file(name, root, corpus)
        doc = None
        if path is None:
            problems.append(f"{name}: not found")
        else:
            try:
                doc = build_document(path, path.name, settings)
            except KbError as exc:
                problems.append(f"{name}: {exc}")
        for lp in lps:
            out[lp.id] = Labels() if doc is None else _labels_from_document(lp, doc, classify_topics)
    return out, problems


def begins_with_heading(passage_norm: str, headings: Sequence[str]) -> bool:
    """Whether a (normalised) labelled passage opens with one of the headings kb found in it."""
    return any(norm(h) and passage_norm.startswith(norm(h)) for h in headings)


def _labels_from_document(lp: LabelledPassage, doc: Any, classify_topics: Callable[..., Any]) -> Labels:
    ln = norm(lp.text)
    lab = Labels()
    heads = [h.text for h in doc.outline
             if norm(h.text) and (ln.startswith(norm(h.text)) or (len(norm(h.text)) >= 6 and norm(h.text) in ln))]
    title = [t for t in (doc.meta.title, doc.meta.subtitle) if norm(t) and ln.startswith(norm(t))]
    covering = [p for p in doc.passages if covers(p.text, lp.text)]
    inner = [h for p in covering for h in p.features.headings if norm(h) and norm(h) in ln]
    lab.headings = list({norm(h): h for h in reversed(title + heads + inner)}.values())[::-1]
    for p in covering:
        lab.kinds.update(p.kinds)
    # 标题 is the kind of a passage that is or begins with a heading (LABELLING.md), not of one that
    # holds a heading further on (a kb passage that is a heading in the middle of the window)
    lab.kinds.discard("标题")
    if begins_with_heading(ln, lab.headings):
        lab.kinds.add("标题")
    for p in covering:
        lab.topics.update(t for t, _s in p.topics)
        for f in p.features.formulations:
            if inside(f.name, ln):
                lab.formulations.append({"name": f.name, "expansion": f.expansion})
        for q in p.features.quotes:
            if inside(q.text, ln):
                lab.quotations.append({"text": q.text, "speaker": q.speaker})
        for s in p.features.sentences:
            if inside(s.text, ln):
                lab.sentences.append({"text": s.text, "types": list(s.types)})
    if not covering and heads:
        lab.topics.update(t for t, _s in classify_topics("", tuple(heads)))
    return lab


# --- the command --------------------------------------------------------------------------------
def evaluate(labels_path: Path | Sequence[Path], passages_path: Path | None, corpus: Path, root: Path | None = None,
             halves: Sequence[str] = HALVES, misses_half: str | None = None) -> dict[str, Any]:
    """Scores of kb's labels against one labelling round, or several taken together (``labels_path`` a
    list): their passages are looked up from ``root`` (default: the first passages file's folder's parent)."""
    paths = [labels_path] if isinstance(labels_path, Path) else list(labels_path)
    gold, passages, unknown = load_rounds(paths, passages_path)
    first = passages_path or paths[0].parent / "passages.jsonl"
    root = root or first.parent.parent
    pred, problems = kb_labels(passages, root, corpus)
    out: dict[str, Any] = {"labels": str(paths[0]) if len(paths) == 1 else [str(p) for p in paths],
                           "passages_file": str(first), "unknown_ids": unknown, "unreadable": problems,
                           "halves": {}}
    for half in halves:
        g = {k: v for k, v in gold.items() if half == "all" or passages[k].half == half}
        out["halves"][half] = score(g, pred, misses=(half == misses_half))
    return out


