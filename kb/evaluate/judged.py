"""Blind judged sets: ``kb eval dev.jsonl test.jsonl`` against kb and plain BM25 in the same run.

A blind set is JSON Lines, one query per line, written by people who read only the documents::

    {"id": "q017", "query": "领导交办的事怎么办", "kind": "paraphrase",
     "relevant": [{"file": "raw/web/x.html", "contains": "领导亲自交待的事", "grade": 2}]}

``file`` is relative to the corpus the index was built from (the evaluation corpus holds the bundled
documents under ``corpus/`` and the outside ones under ``raw/``).  Nothing is taken on trust:

- every evidence string is looked up in its file's extracted text (compact + fold, as kb matches):
  the ones that do not occur are reported, as are those that occur in the file but in no single
  passage of it (kb's cleaning removed it, or it spans two passages);
- a passage is relevant when it stands in the evidence's file and its text contains the evidence
  (after the same normalisation), or its own heading and its text read one after the other as the site
  shows them do (evidence from ``（一）站位高。`` on into the section's first sentence), the evidence
  taken without the pinyin a converter put after each character of the raw file; several evidence strings in one passage give it their highest grade;
  evidence that is a heading or the title (kb keeps those beside the text, not in it) marks the
  first passage of the file under that heading (or the file's first passage, for its title);
- both systems rank the same passages: kb through :class:`kb.search.searcher.Searcher`, the baseline
  through :class:`kb.search.baseline.PlainBM25` built in memory from the passages kb indexed.

Figures are nDCG@10, P@1 and recall@10 per set and per kind, with the delta kb - BM25.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.clean import noise
from kb.errors import KbError
from kb.evaluate.queries import Judged, K, Report, evaluate, unit_key
from kb.text import compact

KINDS = ("sentence", "formulation", "cross-script", "topic", "speaker-occasion", "question", "paraphrase")


@dataclass(frozen=True)
class Evidence:
    file: str
    #: the evidence as written, and compacted for matching
    text: str
    needle: str
    grade: int


@dataclass
class Units:
    """The index's passages grouped by what they read (passages that read the same are one unit)."""

    body: dict[str, str] = field(default_factory=dict)
    sources: dict[str, set[str]] = field(default_factory=dict)
    heading: dict[str, str] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    key_of: dict[str, str] = field(default_factory=dict)
    #: source -> its passages in order as (unit key, compact heading path + title)
    labels: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: unit key -> its own heading and its text as the site shows them, one after the other (compact),
    #: for evidence that runs from a section's heading into its first sentence
    headed: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, records: Iterable[tuple[str, ...]]) -> Units:
        """From (passage id, source, heading path, text[, title]) records in document order."""
        u = cls()
        for pid, source, heading, text, *rest in records:
            key = unit_key(text)
            u.key_of[pid] = key
            own = heading.rsplit(" > ", 1)[-1] if heading else ""
            if key not in u.body:
                u.body[key], u.heading[key], u.text[key] = compact(text), heading, text
                if own and not u.body[key].startswith(compact(own)):
                    u.headed[key] = compact(own) + u.body[key]
            u.sources.setdefault(key, set()).add(source)
            u.labels.setdefault(source, []).append((key, compact(own) + "\n" + compact(heading) + "\n"
                                                    + compact(rest[0] if rest else "")))
        return u

    def holds(self, key: str, needle: str) -> bool:
        """Whether unit ``key`` reads ``needle``: in its text, or from its own heading on into its text."""
        return needle in self.body[key] or needle in self.headed.get(key, "")

    def under_label(self, file: str, needle: str) -> str | None:
        """The first passage of ``file`` whose own heading, else heading path, else title contains ``needle``."""
        rows = self.labels.get(file, [])
        for part in range(3):
            for key, label in rows:
                if needle in label.split("\n")[part]:
                    return key
        return None


def load_jsonl(path: Path) -> list[Judged]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise KbError(f"评测查询集无法读取（{exc}）", path=path, fix="给出一个 .jsonl 文件的路径") from exc
    out: list[Judged] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise KbError(f"line {n} is not JSON ({exc})", path=path,
                          fix="每行写一个 JSON 对象") from exc
        rel = item.get("relevant") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not item.get("query") or not rel or not isinstance(rel, list):
            raise KbError(f"line {n} needs a 'query' and a list of 'relevant'", path=path,
                          fix='给每行写上 "relevant": [{"file": "raw/...", "contains": "...", "grade": 2}]')
        ev = [Evidence(str(r.get("file", "")), str(r.get("contains", "")), compact(str(r.get("contains", ""))),
                       int(r.get("grade", 1))) for r in rel if isinstance(r, dict)]
        out.append(Judged(item["query"], [(e.needle, e.grade) for e in ev], str(item.get("kind", "")),
                          id=str(item.get("id", n)), evidence=ev))
    return out


def bare(needle: str) -> str:
    """The evidence without the pinyin a converter wrote after each character (``機(jī)關(guān)``), which
    the judges copied from the raw file and the cleaning removes (:func:`kb.clean.noise.strip_pinyin`)."""
    return noise.strip_pinyin(needle) if "(" in needle else needle


def relevance(j: Judged, units: Units) -> dict[str, int]:
    """unit key -> grade: units from the evidence's file whose text contains it (highest grade)."""
    out: dict[str, int] = {}
    evidence: list[Evidence] = list(j.evidence) or [Evidence("", n, n, g) for n, g in j.relevant]
    found: set[int] = set()
    for key in units.body:
        srcs = units.sources[key]
        g = 0
        for n, e in enumerate(evidence):
            if e.needle and units.holds(key, bare(e.needle)) and (not e.file or e.file in srcs):
                g = max(g, e.grade)
                if not e.file or e.file in srcs:
                    found.add(n)
        if g:
            out[key] = g
    for n, e in enumerate(evidence):  # a heading or the title: the passage that follows it
        if n not in found and e.file and e.needle:
            under = units.under_label(e.file, bare(e.needle))
            if under is not None:
                out[under] = max(out.get(under, 0), e.grade)
    return out


def file_text(path: Path) -> str | None:
    """The compact extracted text of a file (what the judges read), or None when it cannot be read."""
    from kb.extract import extract

    try:
        src = extract(path)
    except (KbError, OSError):
        return None
    return compact("\n".join(b.text for b in src.blocks))


def check_evidence(sets: dict[str, list[Judged]], root: Path, units: Units) -> dict[str, Any]:
    """Every evidence string against its file's extracted text and against the file's passages."""
    texts: dict[str, str | None] = {}
    in_passages: dict[str, list[str]] = {}
    for key, srcs in units.sources.items():
        for s in srcs:
            in_passages.setdefault(s, []).append(key)
    checked = 0
    missing: list[dict[str, str]] = []
    unplaced: list[dict[str, str]] = []
    labelled: list[dict[str, str]] = []
    for name, judged in sets.items():
        for j in judged:
            for e in j.evidence:
                if not e.file:
                    continue
                checked += 1
                if e.file not in texts:
                    texts[e.file] = file_text(root / e.file)
                text = texts[e.file]
                row = {"set": name, "id": j.id, "file": e.file, "contains": e.text}
                if text is None:
                    missing.append(row | {"reason": "file not found or unreadable"})
                elif not e.needle or e.needle not in text:
                    missing.append(row | {"reason": "not in the file's text"})
                elif any(units.holds(k, bare(e.needle)) for k in in_passages.get(e.file, [])):
                    continue
                elif units.under_label(e.file, e.needle) is not None:
                    labelled.append(row | {"reason": "a heading or title: the passage under it counts"})
                else:
                    unplaced.append(row | {"reason": "in the file but in no single passage"})
    return {"checked": checked, "missing": missing, "not_in_a_passage": unplaced, "heading_or_title": labelled}


def by_kind(report: Report) -> dict[str, dict[str, float]]:
    kinds: dict[str, list[Any]] = {}
    for s in report.scores:
        kinds.setdefault(s.kind or "-", []).append(s)
    return {k: {"queries": len(v), "ndcg@10": round(sum(x.ndcg for x in v) / len(v), 4),
                "precision@1": round(sum(x.p1 for x in v) / len(v), 4),
                "recall@10": round(sum(x.recall for x in v) / len(v), 4)}
            for k, v in sorted(kinds.items(), key=lambda kv: (KINDS.index(kv[0]) if kv[0] in KINDS else 99, kv[0]))}


METRICS = ("ndcg@10", "precision@1", "recall@10")


def _delta(a: dict[str, Any], b: dict[str, Any]) -> dict[str, float]:
    return {m: round(a[m] - b[m], 4) for m in METRICS}


def run_sets(searcher: Any, sets: dict[str, list[Judged]], root: Path) -> dict[str, Any]:
    """kb and plain BM25 on each judged set, per kind, and the evidence check."""
    from kb.search.baseline import PlainBM25

    units = Units.of(searcher.passage_records())
    bm25 = PlainBM25((k, units.heading[k].rsplit(" > ", 1)[-1], units.text[k]) for k in units.body)

    def run_kb(q: str) -> tuple[list[list[str]], str]:
        result = searcher.search(q, limit=K)
        ranked = [[units.key_of.get(h.passage_id, "")] + [units.key_of.get(a["passage_id"], "") for a in h.also_in]
                  for h in result.hits]
        return ranked, result.hits[0].text if result.hits else ""

    def run_bm25(q: str) -> tuple[list[list[str]], str]:
        keys = bm25.search(q, K)
        return [[k] for k in keys], units.text[keys[0]] if keys else ""

    out: dict[str, Any] = {"sets": {}, "passages": len(units.key_of), "units": len(units.body)}
    try:
        for name, judged in sets.items():
            rel = {id(j): relevance(j, units) for j in judged}
            kb_r = evaluate("kb", judged, {}, run_kb, rel)
            base = evaluate("bm25", judged, {}, run_bm25, rel)
            kd, bd = kb_r.to_dict(), base.to_dict()
            kinds_kb, kinds_b = by_kind(kb_r), by_kind(base)
            out["sets"][name] = {
                "kb": kd, "bm25": bd, "delta": _delta(kd, bd),
                "kinds": {k: {"kb": v, "bm25": kinds_b[k], "delta": _delta(v, kinds_b[k])}
                          for k, v in kinds_kb.items() if k in kinds_b},
            }
    finally:
        bm25.close()
    out["evidence"] = check_evidence(sets, root, units)
    return out


def summary_lines(result: dict[str, Any]) -> list[str]:
    lines = [f"{result['passages']} passages ({result['units']} distinct) ranked by kb and by plain BM25 "
             "(jieba search mode, stop words, heading + text, Whoosh BM25F defaults)"]
    for name, s in result["sets"].items():
        kb_, b, d = s["kb"], s["bm25"], s["delta"]
        lines.append(f"[{name}] {kb_['queries']} queries ({len(kb_['unresolved'])} with no relevant passage)")
        lines.append(f"  {'':<18}{'nDCG@10':>22}{'P@1':>22}{'recall@10':>22}")
        lines.append(f"  {'all':<18}" + "".join(f"{kb_[m]:>8.3f} {b[m]:>6.3f} {d[m]:>+6.3f}" for m in METRICS)
                     + f"   p95 {kb_['p95_ms']:.1f} ms")
        for kind, v in s["kinds"].items():
            lines.append(f"  {kind + ' (' + str(v['kb']['queries']) + ')':<18}"
                         + "".join(f"{v['kb'][m]:>8.3f} {v['bm25'][m]:>6.3f} {v['delta'][m]:>+6.3f}" for m in METRICS))
    lines.append("  (each metric: kb, BM25, kb - BM25)")
    ev = result["evidence"]
    lines.append(f"evidence strings checked against their files: {ev['checked']}, not found {len(ev['missing'])}, "
                 f"a heading or title (the passage under it counts) {len(ev['heading_or_title'])}, "
                 f"in the file but in no single passage {len(ev['not_in_a_passage'])}")
    for row in ev["missing"] + ev["not_in_a_passage"]:
        lines.append(f"  [{row['set']} {row['id']}] {row['reason']}: {row['file']}: {row['contains'][:40]}")
    return lines
