"""kb's speed-and-scale benchmark: ``python bench/run.py --passages N [--json]``.

One run measures, on this machine, against the targets of issue 8:

1. **Corpus** (bench/corpus.py): N passages resampled from the bundled documents in corpus/ (2-4
   sentences each from the bundled text, every number replaced by a fresh random one, and half the
   passages with an added sentence naming a random person, place and date, so the vocabulary keeps
   growing), written as .txt documents of 50-200 passages into a temporary corpus folder.
2. **Segmentation** (``seg_mb_s``): the configured segmenter (``--segmenter``, default
   ``Settings.segmenter``) cutting the same text on all cores, warm (dictionary load excluded): the
   floor of ingestion.  ``analysis_mb_s`` is kb's whole analysis (words with sub-words and bigrams).
3. **Ingestion**: ``python -m kb ingest`` on the corpus into a new index (the real path: discovery,
   hashing, extraction and segmentation in worker processes, Whoosh writes in batches); MB/s and
   passages/s over the corpus bytes, its ratio to segmentation (``ingest_vs_seg``), index size on
   disk, peak resident memory of the process and its children.
4. **Queries**: p50/p95 of ``Searcher.search`` over at least 200 queries each: 1-3 words, quoted
   phrases, words with a year filter, and the site's search-to-result (20 hits with highlights and
   facets).  The same queries run on a reference built in the same run: SQLite FTS5 over the same
   segmented text (space-joined words of the same segmenter, bm25 ranking, phrases as FTS5 phrases).
5. **Site**: cold start (``streamlit run app.py`` headless on a free loopback port until
   /_stcore/health answers, plus a fresh process importing the site's search code, opening the
   Searcher and serving a first search) and the resident memory of a fresh process that imports the
   site's code path, opens the Searcher and runs 200 search-to-result queries.

Prints a table; ``--json`` prints one JSON object instead (keys listed in ``KEYS``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import measure as M  # noqa: E402
from bench.corpus import write_corpus  # noqa: E402

KEYS = ("passages", "seg_mb_s", "ingest_mb_s", "ingest_vs_seg", "index_mb", "ingest_peak_mb", "query_p50_ms",
        "query_p95_ms", "phrase_p95_ms", "filtered_p95_ms", "to_screen_p95_ms", "fts5_p50_ms", "cold_start_s",
        "serve_rss_mb")

#: issue 8's targets at 100k passages on two cores: key -> (limit, "min" or "max")
TARGETS: dict[str, tuple[float, str]] = {
    "ingest_vs_seg": (0.7, "min"), "query_p95_ms": (50, "max"), "phrase_p95_ms": (100, "max"),
    "to_screen_p95_ms": (300, "max"), "cold_start_s": (3, "max"), "serve_rss_mb": (500, "max"),
}


def log(msg: str, quiet: bool) -> None:
    if not quiet:
        sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {msg}\n")
        sys.stderr.flush()


def run(args: argparse.Namespace) -> dict[str, Any]:
    from kb.config import load_settings

    segmenter = args.segmenter or load_settings(environ={}).segmenter
    procs = M.cores()
    workers = args.workers if args.workers is not None else 0
    work = Path(tempfile.mkdtemp(prefix="kb-bench-", dir=args.tmp))
    quiet = args.quiet
    r: dict[str, Any] = {"segmenter": segmenter, "cores": procs, "workers": workers or procs,
                         "load_before": round(os.getloadavg()[0], 2)}
    try:
        corpus, index = work / "corpus", work / "index"
        t = time.perf_counter()
        counts = write_corpus(corpus, args.passages, seed=args.seed)
        r.update(files=counts["files"], corpus_mb=round(counts["bytes"] / 1e6, 2),
                 corpus_gen_s=round(time.perf_counter() - t, 1))
        log(f"corpus: {counts['files']} files, {r['corpus_mb']} MB in {work}", quiet)
        texts = M.paragraphs(corpus)
        r["seg_mb_s"] = round(M.segmentation(texts, segmenter, procs), 3)
        r["seg_1core_mb_s"] = round(M.segmentation(texts[: max(200, len(texts) // 4)], segmenter, 1), 3)
        r["analysis_mb_s"] = round(M.segmentation(texts[: max(200, len(texts) // 4)], segmenter, procs, True), 3)
        log(f"segmentation {r['seg_mb_s']} MB/s on {procs} cores", quiet)

        cmd = [M.PY, "-m", "kb", "ingest", "--corpus", str(corpus), "--index", str(index), "--json"]
        wall, peak, out, err, cpu = M.run_watched(cmd, M.kb_env(segmenter, workers))
        try:
            report = json.loads(out)
        except ValueError as exc:
            raise RuntimeError(f"kb ingest failed:\n{err[-3000:]}") from exc
        passages = sum(int(f.get("passages", 0)) for f in report["files"] if f.get("status") in ("added", "updated"))
        failed = [f for f in report["files"] if f.get("status") == "failed"]
        mb = counts["bytes"] / 1e6
        r.update(passages=passages, ingest_failed=len(failed), ingest_s=round(wall, 1),
                 ingest_mb_s=round(mb / wall, 3), ingest_passages_s=round(passages / wall, 1),
                 ingest_peak_mb=round(peak / 1048576, 1),
                 index_mb=round(M.dir_bytes(index) / 1048576, 1))
        r["ingest_vs_seg"] = round(r["ingest_mb_s"] / r["seg_mb_s"], 3)
        # CPU seconds of the ingest and its workers: the cost independent of other load on the machine
        r["ingest_cpu_s"] = round(cpu, 1)
        r["ingest_mb_per_cpu_s"] = round(mb / cpu, 3) if cpu else None
        log(f"ingest {passages} passages in {wall:.1f} s ({r['ingest_passages_s']}/s), peak {r['ingest_peak_mb']} MB",
            quiet)

        qs = M.make_queries(texts, segmenter, args.queries, seed=args.seed)
        lat = M.kb_latencies(index, qs)
        for name, key in (("words", "query"), ("phrases", "phrase"), ("filtered", "filtered"),
                          ("screen", "to_screen")):
            p50, p95 = M.summary(lat[name])
            r[f"{key}_p50_ms"], r[f"{key}_p95_ms"] = round(p50, 1), round(p95, 1)
        r["queries_each"] = args.queries
        p50, p95 = M.summary(M.whoosh_floor(index, qs))
        r["whoosh_floor_p50_ms"], r["whoosh_floor_p95_ms"] = round(p50, 1), round(p95, 1)
        log(f"kb queries: words p95 {r['query_p95_ms']} ms, phrases p95 {r['phrase_p95_ms']} ms, "
            f"to screen p95 {r['to_screen_p95_ms']} ms", quiet)

        fts_s, fts_bytes = M.fts5_build(index, work / "fts5.db", segmenter)
        r.update(fts5_build_s=round(fts_s, 1), fts5_mb=round(fts_bytes / 1048576, 1))
        r.update(M.fts5_figures(work / "fts5.db", qs, segmenter))
        for kb_key, ref in (("query", "fts5"), ("phrase", "fts5_phrase"), ("filtered", "fts5_filtered"),
                            ("to_screen", "fts5_to_screen")):
            r[f"{kb_key}_p95_vs_fts5"] = round(r[f"{kb_key}_p95_ms"] / max(r[f"{ref}_p95_ms"], 0.01), 1)
        log(f"fts5: words p50 {r['fts5_p50_ms']} ms", quiet)

        qfile = work / "screen-queries.json"
        qfile.write_text(json.dumps(qs.screen, ensure_ascii=False), encoding="utf-8")
        if args.skip_site:
            r["cold_start_s"] = r["serve_rss_mb"] = None
        else:
            cold = M.site_cold_start(index, qfile)
            r.update({k: round(v, 2) for k, v in cold.items()})
            serve = M.serve_rss(index, qfile)
            r["serve_rss_mb"] = round(serve["rss_mb"], 1)
            r["serve_queries"] = serve["queries"]
            log(f"site: cold start {r['cold_start_s']} s, serving RSS {r['serve_rss_mb']} MB", quiet)
        r["load_after"] = round(os.getloadavg()[0], 2)
        r["targets_met"] = {k: _met(r.get(k), *TARGETS[k]) for k in TARGETS}
    finally:
        if args.keep:
            r["workdir"] = str(work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return r


def _met(value: Any, limit: float, kind: str) -> bool | None:
    if value is None:
        return None
    return bool(value >= limit) if kind == "min" else bool(value <= limit)


ROWS: list[tuple[str, str | tuple[str, str], str]] = [
    ("passages indexed", "passages", ""), ("corpus", "corpus_mb", "MB"),
    ("segmentation, all cores", "seg_mb_s", "MB/s"), ("kb analysis, all cores", "analysis_mb_s", "MB/s"),
    ("ingestion", "ingest_mb_s", "MB/s"), ("ingestion", "ingest_passages_s", "passages/s"),
    ("ingestion / segmentation", "ingest_vs_seg", "x"), ("ingestion wall time", "ingest_s", "s"),
    ("ingestion peak memory", "ingest_peak_mb", "MB"), ("index size", "index_mb", "MB"),
    ("ingestion CPU (all processes)", "ingest_cpu_s", "s"),
    ("words p50", "query_p50_ms", "ms"), ("words p95", "query_p95_ms", "ms"),
    ("phrases p95", "phrase_p95_ms", "ms"), ("filtered p95", "filtered_p95_ms", "ms"),
    ("search-to-result p95", "to_screen_p95_ms", "ms"),
    ("Whoosh floor (plain word OR) p50/p95", ("whoosh_floor_p50_ms", "whoosh_floor_p95_ms"), "ms"),
    ("FTS5 words p50 / p95", ("fts5_p50_ms", "fts5_p95_ms"), "ms"),
    ("FTS5 phrases p95", "fts5_phrase_p95_ms", "ms"), ("FTS5 filtered p95", "fts5_filtered_p95_ms", "ms"),
    ("FTS5 search-to-result p95", "fts5_to_screen_p95_ms", "ms"),
    ("words p95 / FTS5", "query_p95_vs_fts5", "x"), ("phrases p95 / FTS5", "phrase_p95_vs_fts5", "x"),
    ("search-to-result p95 / FTS5", "to_screen_p95_vs_fts5", "x"),
    ("site: server health", "health_s", "s"), ("site: first search", "first_search_s", "s"),
    ("site cold start", "cold_start_s", "s"), ("serving memory (200 queries)", "serve_rss_mb", "MB"),
]


def table(r: dict[str, Any]) -> str:
    lines = [f"kb benchmark: {r.get('passages')} passages, segmenter {r['segmenter']}, {r['cores']} cores, "
             f"{r['workers']} workers, load average {r['load_before']} -> {r.get('load_after')}",
             "corpus: bundled documents resampled (see bench/corpus.py): 2-4 sentences per passage, numbers "
             "re-drawn, random names/places/dates; .txt files of 50-200 passages", ""]
    for label, key, unit in ROWS:
        if isinstance(key, tuple):
            val = " / ".join(str(r.get(k)) for k in key)
            tk = key[0]
        else:
            val, tk = str(r.get(key)), key
        mark = ""
        if tk in TARGETS:
            limit, kind = TARGETS[tk]
            ok = r.get("targets_met", {}).get(tk)
            mark = f"  target {'>=' if kind == 'min' else '<='} {limit}: {'met' if ok else 'NOT met'}"
        lines.append(f"{label:<32}{val:>12} {unit:<11}{mark}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--passages", type=int, default=10000, help="passages in the synthetic corpus")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--segmenter", default=None, help="jieba or rjieba (default: kb's setting)")
    p.add_argument("--workers", type=int, default=None, help="ingest worker processes (default: one per core)")
    p.add_argument("--queries", type=int, default=200, help="queries of each kind (at least 200 for the figures)")
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--skip-site", action="store_true", help="skip the streamlit cold start and memory probes")
    p.add_argument("--keep", action="store_true", help="keep the temporary corpus and index")
    p.add_argument("--tmp", default=None, help="folder for the temporary corpus and index")
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = p.parse_args(argv)
    r = run(args)
    if args.json:
        sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(table(r) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
