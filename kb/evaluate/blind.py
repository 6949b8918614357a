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

Matching (stated in the README): two strings are the same when their normalised forms (folded:
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
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.errors import LabelsError
from kb.text import fold

RATIO = 0.5
EXPANSION_RATIO = 0.6
LIBRARIES = ("formulations", "quotations", "sentences", "headings")
HALVES = ("dev", "test", "all")
_GRAM = 6


# --- normalised matching ----------------------------------------------------------------------
def norm(s: str) -> str:
    """Folded text with only letters, digits and ideographs kept."""
    return "".join(c for c in fold(s) if c.isalnum())


def same(a: str, b: str, ratio: float = RATIO) -> bool:
    na, nb = norm(a), norm(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    short, long_ = (na, nb) if len(na) <= len(nb) else (nb, na)
    return len(short) >= 2 and short in long_ and len(short) >= ratio * len(long_)


_TITLES = re.compile(r"(?:同志|总书记|书记|主席|总理|先生|曾经|曾|云|曰|说|指出|强调)+$")


def same_speaker(gold: str, pred: str) -> bool:
    g, p = (norm(_TITLES.sub("", s.strip())) for s in (gold, pred))
    if not g or not p:
        return False
    return g == p or g in p or p in g


_ENUMERATOR = re.compile(r"(?:^|(?<=[、，,；;。\s]))(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、]?"
                         r"|[（(]?[一二三四五六七八九十\d]+[)）、.．])")


def _content(s: str) -> str:
    """An expansion without its enumerators and joining words: 一是位置重要；二是职责重要 = 位置重要、职责重要."""
    return norm(re.sub(r"和|及|以及", "、", _ENUMERATOR.sub("", s)))


def _items(s: str) -> frozenset[str]:
    return frozenset(norm(x) for x in re.split(r"[、，,；;。]", _ENUMERATOR.sub("", s)) if norm(x))


def same_expansion(gold: str, pred: str) -> bool:
    if same(gold, pred, EXPANSION_RATIO) or (_content(pred) and same(_content(gold), _content(pred), EXPANSION_RATIO)):
        return True
    gi, pi = _items(gold), _items(pred)
    return len(gi) > 1 and gi == pi


def same_formulation(gold: str, pred: str, key: Callable[[str], str] | None = None) -> bool:
    if same(gold, pred):
        return True
    return key is not None and bool(norm(gold)) and norm(key(gold)) == norm(key(pred))


def pair(gold: Sequence[Any], pred: Sequence[Any], eq: Callable[[Any, Any], bool]
         ) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """One-to-one pairs (gold in order, first unpaired prediction that is the same), unpaired gold,
    unpaired predictions."""
    used: set[int] = set()
    pairs, missed = [], []
    for g in gold:
        j = next((j for j, p in enumerate(pred) if j not in used and eq(g, p)), None)
        if j is None:
            missed.append(g)
        else:
            used.add(j)
            pairs.append((g, pred[j]))
    return pairs, missed, [p for j, p in enumerate(pred) if j not in used]


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
    from kb.finders.text import merge_key

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
def _grams(s: str) -> set[str]:
    return {s[i:i + _GRAM] for i in range(max(1, len(s) - _GRAM + 1))}


def covers(kb_text: str, label_text: str) -> bool:
    """True when a kb passage's text lies (mostly) inside the labelled text, or contains it."""
    k, lab = norm(kb_text), norm(label_text)
    if not k or not lab:
        return False
    if k in lab or lab in k:
        return True
    gk, gl = _grams(k), _grams(lab)
    common = len(gk & gl)
    return common >= 0.5 * len(gk) or common >= 0.5 * len(gl)


def _inside(item: str, label_norm: str) -> bool:
    n = norm(item)
    return bool(n) and (n in label_norm or n[:_GRAM] in label_norm or (len(n) > _GRAM and n[-_GRAM:] in label_norm))


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


def _labels_from_document(lp: LabelledPassage, doc: Any, classify_topics: Callable[..., Any]) -> Labels:
    ln = norm(lp.text)
    lab = Labels()
    heads = [h.text for h in doc.outline
             if norm(h.text) and (ln.startswith(norm(h.text)) or (len(norm(h.text)) >= 6 and norm(h.text) in ln))]
    title = [t for t in (doc.meta.title, doc.meta.subtitle) if norm(t) and ln.startswith(norm(t))]
    covering = [p for p in doc.passages if covers(p.text, lp.text)]
    inner = [h for p in covering for h in p.features.get("headings", []) if norm(h) and norm(h) in ln]
    lab.headings = list({norm(h): h for h in reversed(title + heads + inner)}.values())[::-1]
    if lab.headings:  # the passage is, begins with or holds a heading
        lab.kinds.add("标题")
    for p in covering:
        lab.kinds.update(p.kinds)
        lab.topics.update(t for t, _s in p.topics)
        for f in p.features.get("formulations", []):
            if _inside(f["name"], ln):
                lab.formulations.append({"name": f["name"], "expansion": f.get("expansion", "")})
        for q in p.features.get("quotes", []):
            if _inside(q["text"], ln):
                lab.quotations.append({"text": q["text"], "speaker": q.get("speaker", "")})
        for s in p.features.get("sentences", []):
            if _inside(s["text"], ln):
                lab.sentences.append({"text": s["text"], "types": list(s["types"])})
    if not covering and heads:
        lab.topics.update(t for t, _s in classify_topics("", tuple(heads)))
    return lab


# --- the command --------------------------------------------------------------------------------
def evaluate(labels_path: Path, passages_path: Path | None, corpus: Path, root: Path | None = None,
             halves: Sequence[str] = HALVES, misses_half: str | None = None) -> dict[str, Any]:
    passages_path = passages_path or labels_path.parent / "passages.jsonl"
    passages = load_passages(passages_path)
    gold = load_blind(labels_path)
    unknown = sorted(set(gold) - set(passages))
    gold = {k: v for k, v in gold.items() if k in passages}
    root = root or passages_path.parent.parent
    pred, problems = kb_labels({k: passages[k] for k in gold}, root, corpus)
    out: dict[str, Any] = {"labels": str(labels_path), "passages_file": str(passages_path),
                           "unknown_ids": unknown, "unreadable": problems, "halves": {}}
    for half in halves:
        g = {k: v for k, v in gold.items() if half == "all" or passages[k].half == half}
        out["halves"][half] = score(g, pred, misses=(half == misses_half))
    return out


def format_report(result: dict[str, Any]) -> str:
    lines = []
    if result.get("unknown_ids"):
        lines.append(f"{len(result['unknown_ids'])} label ids not in the passages file")
    for p in result.get("unreadable", []):
        lines.append(f"unreadable: {p}")
    halves = list(result["halves"])
    h = result["halves"]
    lines.append(f"{'':28}" + "".join(f"{x:>22}" for x in halves))
    lines.append(f"{'passages':28}" + "".join(f"{h[x]['passages']:>22}" for x in halves))
    lines.append(f"{'kinds macro-F1':28}" + "".join(f"{h[x]['kinds_macro_f1']:>22.2f}" for x in halves))
    lines.append(f"{'topics macro-F1':28}" + "".join(f"{h[x]['topics_macro_f1']:>22.2f}" for x in halves))
    for lib in LIBRARIES:
        lines.append(f"{lib + ' P / R (tp/pred/gold)':28}" + "".join(
            f"{h[x][lib]['p']:>7.2f}/{h[x][lib]['r']:.2f} {h[x][lib]['tp']:>3}/{h[x][lib]['predicted']:>3}/"
            f"{h[x][lib]['gold']:>3}" for x in halves))
    lines.append(f"{'expansions right / stated':28}" + "".join(
        f"{h[x]['expansions']['share_right']:>12.2f} {h[x]['expansions']['right']:>4}/{h[x]['expansions']['stated']:<4}"
        for x in halves))
    lines.append(f"{'expansions invented':28}" + "".join(
        f"{h[x]['expansions']['share_invented']:>12.2f} {h[x]['expansions']['invented']:>4}/"
        f"{h[x]['expansions']['unstated']:<4}" for x in halves))
    lines.append(f"{'speakers right / attributed':28}" + "".join(
        f"{h[x]['speakers']['share_right']:>12.2f} {h[x]['speakers']['right']:>4}/{h[x]['speakers']['attributed']:<4}"
        for x in halves))
    lines.append(f"{'sentence types right':28}" + "".join(
        f"{h[x]['sentence_types']['share_right']:>12.2f} {h[x]['sentence_types']['right']:>4}/"
        f"{h[x]['sentence_types']['paired']:<4}" for x in halves))
    for what in ("kinds", "topics"):
        labels = sorted(set().union(*(h[x][what] for x in halves)))
        lines.append("")
        lines.append(f"{what[:-1] + ' F1 (gold)':28}" + "".join(f"{x:>22}" for x in halves))
        for lab in labels:
            lines.append(f"{lab:<28}" + "".join(
                f"{h[x][what][lab]['f1']:>16.2f} ({int(h[x][what][lab]['support']):>3})" if lab in h[x][what]
                else f"{'-':>22}" for x in halves))
    for x in halves:
        m = h[x].get("misses")
        if not m:
            continue
        lines.append(f"\nmisses on {x}:")
        for lib in LIBRARIES:
            for pid, item in m["missed"][lib]:
                lines.append(f"  missed {lib:<13} {pid} {json.dumps(item, ensure_ascii=False)}")
            for pid, item in m["extra"][lib]:
                lines.append(f"  extra  {lib:<13} {pid} {json.dumps(item, ensure_ascii=False)}")
        for what, rows in m["wrong"].items():
            for pid, g, p in rows:
                lines.append(f"  wrong  {what:<13} {pid} gold {json.dumps(g, ensure_ascii=False)} "
                             f"kb {json.dumps(p, ensure_ascii=False)}")
        for what in ("kinds", "topics"):
            for pid, g, p in m[what]:
                lines.append(f"  {what:<20} {pid} gold {g} kb {p}")
    return "\n".join(lines)


def format_agreement(result: dict[str, Any]) -> str:
    halves = list(result)
    lines = [f"{'agreement (A vs B)':28}" + "".join(f"{x:>22}" for x in halves),
             f"{'passages':28}" + "".join(f"{result[x]['passages']:>22}" for x in halves)]
    for what in ("kinds", "topics"):
        lines.append(f"{what + ' mean kappa / macro-F1':28}" + "".join(
            f"{result[x][what]['mean_kappa']:>15.2f} / {result[x][what]['macro_f1']:.2f}" for x in halves))
    for lib in LIBRARIES:
        lines.append(f"{lib + ' F1':28}" + "".join(f"{result[x][lib]['f1']:>22.2f}" for x in halves))
    lines.append(f"{'expansions same (A stated)':28}" + "".join(
        f"{result[x]['expansions']['share_right']:>22.2f}" for x in halves))
    lines.append(f"{'speakers same (A attributed)':28}" + "".join(
        f"{result[x]['speakers']['share_right']:>22.2f}" for x in halves))
    for what in ("kinds", "topics"):
        labels = sorted(set().union(*(result[x][what]["kappa"] for x in halves)))
        lines.append("")
        lines.append(f"{what[:-1] + ' kappa':28}" + "".join(f"{x:>22}" for x in halves))
        for lab in labels:
            lines.append(f"{lab:<28}" + "".join(
                f"{result[x][what]['kappa'].get(lab, float('nan')):>22.2f}" for x in halves))
    return "\n".join(lines)
