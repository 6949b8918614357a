"""Measuring search: ``kb eval FILE`` runs judged queries and reports nDCG@10, recall@10, precision@1.

A judged set is JSON: ``{"queries": [{"query": "抓落实", "kind": "topic", "relevant":
[{"contains": "就是看能不能抓落实", "grade": 2}, ...]}, ...]}``.  Relevance is judged by text, not by
passage id (ids change when segmentation changes): a passage is relevant with grade g when its text,
compacted (folded, white space removed), contains a judged string of grade g.  Passages that read the
same count once (the engine shows them as one hit with ``also_in``).

The baseline (``--baseline``) is what a plain engine would do: the same documents split at line
breaks into whole paragraphs, one jieba-word field, Whoosh BM25F, the query's words OR-ed together.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.errors import KbError
from kb.text import compact

K = 10


@dataclass
class Judged:
    query: str
    relevant: list[tuple[str, int]]
    kind: str = ""
    id: str = ""
    #: blind sets (JSON Lines): each evidence string with the file it was taken from
    #: (:class:`kb.evaluate.judged.Evidence`)
    evidence: list[Any] = field(default_factory=list)


@dataclass
class QueryScore:
    query: str
    kind: str
    ndcg: float
    recall: float
    p1: float
    n_relevant: int
    ms: float
    top: str = ""
    id: str = ""


@dataclass
class Report:
    name: str
    scores: list[QueryScore] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)

    def mean(self, attr: str) -> float:
        vals = [getattr(s, attr) for s in self.scores]
        return sum(vals) / len(vals) if vals else 0.0

    def timing(self) -> dict[str, float]:
        ms = sorted(s.ms for s in self.scores)
        if not ms:
            return {"mean_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0}
        p95 = ms[min(len(ms) - 1, math.ceil(0.95 * len(ms)) - 1)]
        return {"mean_ms": round(statistics.fmean(ms), 2), "p95_ms": round(p95, 2), "max_ms": round(ms[-1], 2)}

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "queries": len(self.scores), "ndcg@10": round(self.mean("ndcg"), 4),
                "recall@10": round(self.mean("recall"), 4), "precision@1": round(self.mean("p1"), 4),
                **self.timing(), "unresolved": self.unresolved,
                "per_query": [s.__dict__ for s in self.scores]}


def load(path: Path) -> list[Judged]:
    """A judged set: JSON Lines (a blind set, see :mod:`kb.evaluate.judged`) or the JSON regression set."""
    if Path(path).suffix.lower() == ".jsonl":
        from kb.evaluate.judged import load_jsonl

        return load_jsonl(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KbError(f"评测查询集无法读取（{exc}）", path=path,
                      fix='写成这样的 JSON：{"queries": [{"query": "...", "relevant": '
                          '[{"contains": "...", "grade": 2}]}]}') from exc
    items = data.get("queries", []) if isinstance(data, dict) else data
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not item.get("query") or not item.get("relevant"):
            raise KbError(f"query {i + 1} needs a 'query' and a list of 'relevant'", path=path,
                          fix='给每个查询写上 "relevant": [{"contains": "段落里的文字", "grade": 2}]')
        rel = [(compact(r["contains"]), int(r.get("grade", 1))) for r in item["relevant"]]
        out.append(Judged(item["query"], rel, item.get("kind", "")))
    return out


def unit_key(text: str) -> str:
    """Passages that read the same are one unit (as the engine's collapse does)."""
    return "".join(ch for ch in compact(text) if ch.isalnum())


def grades(j: Judged, units: dict[str, str]) -> dict[str, int]:
    """unit key -> grade, for the units (key -> compact text) that contain a judged string."""
    out: dict[str, int] = {}
    for key, body in units.items():
        g = max((grade for needle, grade in j.relevant if needle and needle in body), default=0)
        if g:
            out[key] = g
    return out


def score(ranked: list[list[str]], rel: dict[str, int], k: int = K) -> tuple[float, float, float]:
    """(nDCG@k, recall@k, precision@1) for ranked hits, each hit a list of the unit keys it stands for."""
    gains, found = [], set()
    for keys in ranked[:k]:
        new = [u for u in keys if u in rel and u not in found]
        g = max((rel[u] for u in new), default=0)
        found.update(new)
        gains.append(g)
    dcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(rel.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    ndcg = dcg / idcg if idcg else 0.0
    recall = len(found) / len(rel) if rel else 0.0
    p1 = 1.0 if gains and gains[0] > 0 else 0.0
    return ndcg, recall, p1


Runner = Callable[[str], tuple[list[list[str]], str]]


def evaluate(name: str, judged: list[Judged], units: dict[str, str], run: Runner,
             relevance: dict[int, dict[str, int]] | None = None) -> Report:
    """Score ``run`` on each query; ``relevance`` (``id(judged)`` -> unit grades) when it was worked
    out already, else from ``units`` (key -> compact text)."""
    report = Report(name)
    for j in judged:
        rel = relevance[id(j)] if relevance is not None else grades(j, units)
        if not rel:
            report.unresolved.append(j.query)
            continue
        run(j.query)  # warm caches so timings measure the steady state
        t0 = time.perf_counter()
        ranked, top = run(j.query)
        ms = (time.perf_counter() - t0) * 1000
        ndcg, recall, p1 = score(ranked, rel)
        report.scores.append(QueryScore(j.query, j.kind, round(ndcg, 4), round(recall, 4), p1, len(rel),
                                        round(ms, 2), top[:60], j.id))
    return report


def evaluate_searcher(searcher: Any, judged: list[Judged]) -> Report:
    """Run the judged queries through :meth:`kb.search.searcher.Searcher.search`."""
    texts: dict[str, str] = {}
    units: dict[str, str] = {}
    for pid, text in searcher.passage_texts():
        key = unit_key(text)
        texts[pid] = key
        units[key] = compact(text)

    def run(q: str) -> tuple[list[list[str]], str]:
        result = searcher.search(q, limit=K)
        ranked = [[texts.get(h.passage_id, "")] + [texts.get(a["passage_id"], "") for a in h.also_in]
                  for h in result.hits]
        return ranked, result.hits[0].text if result.hits else ""

    return evaluate("kb", judged, units, run)


def paragraphs(corpus: Path) -> list[str]:
    """The corpus's documents split at line breaks into paragraphs (extraction only, no cleaning)."""
    from kb.extract import extract, is_supported

    out: list[str] = []
    for path in sorted(p for p in Path(corpus).rglob("*") if p.is_file() and is_supported(p)):
        try:
            src = extract(path)
        except KbError:
            continue
        for block in src.blocks:
            out.extend(line.strip() for line in block.text.splitlines() if line.strip())
    return out


def evaluate_baseline(corpus: Path, judged: list[Judged], segmenter: str = "jieba") -> Report:
    """Plain BM25 over jieba words on whole paragraphs, built in memory from the same corpus."""
    from kb.analysis import query_words, word_analyzer
    from kb.search.baseline import PlainBM25

    paras = paragraphs(corpus)
    keys = [unit_key(p) for p in paras]
    units = {unit_key(p): compact(p) for p in paras}
    s = PlainBM25(((str(i), "", p) for i, p in enumerate(paras)), analyzer=word_analyzer(segmenter),
                  query_words=lambda q: query_words(q, segmenter))

    def run(q: str) -> tuple[list[list[str]], str]:
        hits = [int(n) for n in s.search(q, K)]
        return [[keys[n]] for n in hits], paras[hits[0]] if hits else ""

    try:
        return evaluate("baseline", judged, units, run)
    finally:
        s.close()


def summary_lines(reports: Iterable[Report]) -> list[str]:
    lines = []
    for r in reports:
        t = r.timing()
        lines.append(f"{r.name:<9} queries {len(r.scores):>3}  nDCG@10 {r.mean('ndcg'):.4f}  "
                     f"recall@10 {r.mean('recall'):.4f}  P@1 {r.mean('p1'):.4f}  "
                     f"time mean {t['mean_ms']:.1f} ms, p95 {t['p95_ms']:.1f} ms")
        if r.unresolved:
            lines.append(f"          {len(r.unresolved)} queries have no relevant text in the corpus: "
                         + "、".join(r.unresolved))
    return lines
