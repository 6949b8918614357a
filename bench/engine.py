"""kb on a SphinxQL engine: ``python bench/engine.py --passages N [--shards 2 --mirrors 2] [--json]``.

One run, on this machine (everything on loopback):

1. **Corpus**: the same generator as bench/run.py (bench/corpus.py), N passages.
2. **Segmentation** (``seg_mb_s``): jieba on all cores, warm: the floor of ingestion.
3. **Engine**: a cluster of ``shards`` x ``mirrors`` searchd nodes (kb.engines.cluster, free ports,
   configs in the work folder), then ``python -m kb ingest`` with ``KB_BACKEND=sphinx`` (the real path:
   build workers, rows to every mirror); ``ingest_vs_seg`` = ingestion MB/s / segmentation MB/s.
4. **Queries**: p50/p95 over the same query sets as bench/run.py: 1-3 words, quoted phrases, words
   with a year filter, and search-to-result (20 highlighted hits + facets), through
   :class:`kb.engines.sphinx_search.EngineSearcher` (kb's planning, kb's BM25F on the candidates,
   re-ranking and highlighting).
5. **Memory**: resident memory of all searchd processes after the queries, and of the search process
   (the site's code path: an EngineSearcher after the queries).
6. **Reference**: SQLite FTS5 over the same passages (read back from the engine), same segmentation,
   same queries, in the same run.  ``--embedded N`` also runs bench/run.py's embedded index at N
   passages (slow: about 20 minutes at 100k).

Above ``SAMPLE_MAX`` passages the segmentation reference and the queries come from every k-th file of
the corpus (``seg_sample_*`` in the output say which): the texts of the whole corpus are not held in
this process.  Every finished step is also written at once to a JSON-lines progress file
(``--progress FILE``, by default ``progress.jsonl`` in the work folder: :mod:`bench.progress`), with
an ingest checkpoint every ``--checkpoint`` passages (counted on the engine) and the memory seen, so a
run stopped at any point still has honest figures for what it finished.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import measure as M  # noqa: E402
from bench.corpus import write_corpus  # noqa: E402
from bench.progress import IngestWatch, Progress  # noqa: E402

#: above this many passages, the segmentation reference and the queries come from a sample of the
#: corpus's files (every k-th file): the whole corpus's texts in this process would be ~0.4 GB at 1M
SAMPLE_MAX = 200_000
#: the embedded run's figures reported beside the engine's
EMBEDDED_KEYS = ("passages", "seg_mb_s", "ingest_vs_seg", "ingest_s", "ingest_cpu_s", "ingest_peak_mb", "query_p95_ms",
                 "phrase_p95_ms", "filtered_p95_ms", "to_screen_p95_ms", "fts5_p95_ms", "fts5_phrase_p95_ms",
                 "fts5_to_screen_p95_ms", "index_mb", "load_before")
TARGETS = {"ingest_vs_seg": (0.7, "min"), "to_screen_p95_ms": (100, "max"), "phrase_p95_ms": (50, "max")}


def log(msg: str, quiet: bool) -> None:
    if not quiet:
        sys.stderr.write(f"[engine bench {time.strftime('%H:%M:%S')}] {msg}\n")
        sys.stderr.flush()


def engine_latencies(setting: str, qs: M.QuerySet) -> tuple[dict[str, list[float]], int]:
    from kb.engines.sphinx import Engine
    from kb.engines.sphinx_search import EngineSearcher

    s = EngineSearcher(Engine(setting))
    for q in qs.words[:3]:
        s.search(q)
    out: dict[str, list[float]] = {"words": [], "phrases": [], "filtered": [], "screen": []}
    partial = 0
    for q in qs.words:
        partial += bool(M.timed(out["words"], s.search, q, limit=10).partial)
    for q in qs.phrases:
        M.timed(out["phrases"], s.search, q, limit=10)
    for q, year in qs.filtered:
        M.timed(out["filtered"], s.search, q, limit=10, year=year)
    for q in qs.screen:
        M.timed(out["screen"], s.search, q, limit=20, facets=True)
    rss = psutil.Process().memory_info().rss
    s.close()
    return out | {"partial": [float(partial)]}, rss


def engine_passages(setting: str) -> Any:
    """(pid, text, year) of every passage, read from one mirror of each shard."""
    from kb.engines.sphinx import SHARD_INDEX, Engine

    eng = Engine(setting)
    for shard, mirrors in enumerate(eng.shards):
        last = 0
        while True:
            rows, _m, _w = eng.execute(mirrors[0], f"SELECT id, pid, body, year FROM {SHARD_INDEX.format(shard)} "
                                                   f"WHERE id > {last} AND rec=0 ORDER BY id ASC LIMIT 5000 "
                                                   "OPTION max_matches=5000")
            if not rows:
                break
            for r in rows:
                yield r["pid"], r["body"], str(r["year"] or "")
            last = int(rows[-1]["id"])
    eng.close()


def fts5_build(setting: str, db: Path, segmenter: str) -> tuple[float, int]:
    from kb.analysis import get_segmenter

    seg = get_segmenter(segmenter)
    t = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("CREATE VIRTUAL TABLE p USING fts5(body, text UNINDEXED, year UNINDEXED, pid UNINDEXED)")
    con.executemany("INSERT INTO p(body, text, year, pid) VALUES (?, ?, ?, ?)",
                    ((" ".join(M._words(seg, text)), text, year, pid) for pid, text, year in engine_passages(setting)))
    con.commit()
    con.close()
    return time.perf_counter() - t, db.stat().st_size


def sample_paragraphs(corpus: Path, passages: int, limit: int = SAMPLE_MAX) -> tuple[list[str], int]:
    """The passages' texts of every k-th file of ``corpus`` (k = 1 up to ``limit`` passages), and k."""
    k = max(1, -(-passages // limit))
    out: list[str] = []
    for f in sorted(corpus.rglob("*.txt"))[::k]:
        out.extend(p for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip())
    return out, k


def segmentation_cpu(texts: list[str], segmenter: str) -> float:
    """MB of ``texts`` segmented per CPU second of this process (as the pool's workers cut them): unlike
    the wall-clock figures, it does not move with what else the machine runs."""
    M._seg_init(segmenter)
    t = time.process_time()
    M._seg_chunk(texts)
    return sum(len(x.encode("utf-8")) for x in texts) / 1e6 / max(time.process_time() - t, 1e-6)


def engine_count(setting: str) -> Any:
    """A function counting the passages the engine holds (each shard: its mirror holding fewest)."""
    from kb.engines.sphinx import SHARD_INDEX, Engine

    eng = Engine(setting, timeout=10.0)

    def count() -> int:
        total = 0
        for shard, mirrors in enumerate(eng.shards):
            total += min(int(eng.execute(ep, f"SELECT COUNT(*) AS n FROM {SHARD_INDEX.format(shard)} WHERE rec=0"
                                         )[0][0]["n"]) for ep in mirrors)
        return total
    return count


def run(args: argparse.Namespace) -> dict[str, Any]:
    from kb.engines import cluster

    segmenter = "jieba"
    procs = M.cores()
    quiet = args.quiet
    work = Path(tempfile.mkdtemp(prefix="kb-engine-bench-", dir=args.tmp))
    progress = Progress(Path(args.progress) if args.progress else work / "progress.jsonl")
    log(f"work folder {work}; progress in {progress.path}", quiet)
    r: dict[str, Any] = {"shards": args.shards, "mirrors": args.mirrors, "cores": procs,
                         "load_before": round(os.getloadavg()[0], 2), "engine_version": _searchd_version()}
    progress.step("start", dict(r, passages_asked=args.passages, embedded_asked=args.embedded, work=str(work)))
    nodes = cluster.plan(work / "engine", args.shards, args.mirrors)
    try:
        corpus = work / "corpus"
        t = time.perf_counter()
        counts = write_corpus(corpus, args.passages, seed=args.seed)
        mb = counts["bytes"] / 1e6
        r.update(files=counts["files"], corpus_mb=round(mb, 2), corpus_gen_s=round(time.perf_counter() - t, 1))
        progress.step("corpus", {k: r[k] for k in ("files", "corpus_mb", "corpus_gen_s")})
        log(f"corpus: {counts['files']} files, {r['corpus_mb']} MB", quiet)
        texts, every = sample_paragraphs(corpus, args.passages)
        seg = {"seg_sample_passages": len(texts), "seg_sample_every_kth_file": every,
               "seg_sample_mb": round(sum(len(x.encode("utf-8")) for x in texts) / 1e6, 2)}
        seg["seg_mb_s"] = round(M.segmentation(texts, segmenter, procs), 3)
        seg["seg_1core_mb_s"] = round(M.segmentation(texts[: max(200, len(texts) // 4)], segmenter, 1), 3)
        seg["seg_mb_per_cpu_s"] = round(segmentation_cpu(texts[: max(200, len(texts) // 10)], segmenter), 3)
        r.update(seg)
        progress.step("segmentation", seg)
        log(f"segmentation {r['seg_mb_s']} MB/s on {procs} cores (over {len(texts)} passages)", quiet)

        cluster.write_configs(nodes)
        cluster.start_all(nodes)
        setting = cluster.engine_setting(nodes)
        env = M.kb_env(segmenter, args.workers or 0) | {"KB_BACKEND": "sphinx", "KB_ENGINE": setting,
                                                        "KB_INDEX": str(work / "state")}
        cmd = [M.PY, "-m", "kb", "ingest", "--corpus", str(corpus), "--json"]
        engine_cpu = _cpu(nodes)
        watch = IngestWatch(progress, engine_count(setting), lambda: (cluster.rss_bytes(nodes), _cpu(nodes)),
                            every=args.checkpoint)
        watch.start()
        try:
            wall, peak, out, err, cpu = M.run_watched(cmd, env)
        finally:
            watch.stop()
        engine_cpu = _cpu(nodes) - engine_cpu
        try:
            report = json.loads(out)
        except ValueError as exc:
            raise RuntimeError(f"kb ingest failed:\n{err[-3000:]}") from exc
        passages = sum(int(f.get("passages", 0)) for f in report["files"] if f.get("status") in ("added", "updated"))
        ing: dict[str, Any] = dict(
            passages=passages, ingest_s=round(wall, 1), ingest_mb_s=round(mb / wall, 3),
            ingest_passages_s=round(passages / wall, 1), ingest_peak_mb=round(peak / 1048576, 1),
            ingest_cpu_s=round(cpu, 1), ingest_failed=sum(f.get("status") == "failed" for f in report["files"]))
        ing["ingest_vs_seg"] = round(ing["ingest_mb_s"] / r["seg_mb_s"], 3)
        # the same ratio in CPU time (kb's processes + searchd's, against segmentation's CPU time, seg_mb_per_cpu_s):
        # what the wall-clock ratio would be on idle cores, whatever else the machine is running
        ing["engine_ingest_cpu_s"] = round(engine_cpu, 1)
        ing["ingest_cpu_ms_per_passage"] = round(1000 * (cpu + engine_cpu) / max(passages, 1), 2)
        ing["ingest_vs_seg_cpu"] = round((mb / r["seg_mb_per_cpu_s"]) / max(cpu + engine_cpu, 0.01), 3)
        ing["engine_disk_mb"] = round(M.dir_bytes(work / "engine") / 1048576, 1)
        # each node's RAM chunk is flushed to a new disk chunk at rt_mem_limit; a search reads every chunk
        ing["engine_disk_chunks_per_node"] = round(len(list((work / "engine").rglob("*.sph"))) / max(len(nodes), 1), 1)
        ing["engine_rss_after_ingest_mb"] = round(cluster.rss_bytes(nodes) / 1048576, 1)
        ing["engine_rss_peak_during_ingest_mb"] = round(watch.peak_engine_rss / 1048576, 1)
        r.update(ing)
        progress.step("ingest", ing)
        log(f"ingest {passages} passages in {wall:.1f} s ({r['ingest_passages_s']}/s), ratio {r['ingest_vs_seg']}",
            quiet)

        qs = M.make_queries(texts, segmenter, args.queries, seed=args.seed)
        lat, site_rss = engine_latencies(setting, qs)
        qf: dict[str, Any] = {"queries_each": args.queries}
        for name, key in (("words", "query"), ("phrases", "phrase"), ("filtered", "filtered"),
                          ("screen", "to_screen")):
            p50, p95 = M.summary(lat[name])
            qf[f"{key}_p50_ms"], qf[f"{key}_p95_ms"] = round(p50, 1), round(p95, 1)
        qf["partial_results"] = int(lat["partial"][0])
        qf["engine_rss_mb"] = round(cluster.rss_bytes(nodes) / 1048576, 1)
        qf["search_process_rss_mb"] = round(site_rss / 1048576, 1)
        r.update(qf)
        progress.step("queries", qf)
        log(f"queries: words p95 {r['query_p95_ms']} ms, phrases p95 {r['phrase_p95_ms']} ms, "
            f"to screen p95 {r['to_screen_p95_ms']} ms; engine RSS {r['engine_rss_mb']} MB", quiet)

        fts_s, fts_bytes = fts5_build(setting, work / "fts5.db", segmenter)
        fts: dict[str, Any] = {"fts5_build_s": round(fts_s, 1), "fts5_mb": round(fts_bytes / 1048576, 1)}
        fts.update(M.fts5_figures(work / "fts5.db", qs, segmenter))
        r.update(fts)
        progress.step("fts5", fts)
        log(f"fts5: words p95 {r['fts5_p95_ms']} ms, to screen p95 {r['fts5_to_screen_p95_ms']} ms", quiet)
    except BaseException as exc:
        progress.step("failed", {"error": f"{type(exc).__name__}: {exc}"[:3000]}, record=False)
        raise
    finally:
        cluster.stop_all(nodes)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.embedded:
        from bench import run as embedded

        try:
            e = embedded.run(argparse.Namespace(
                passages=args.embedded, segmenter=segmenter, workers=args.workers, queries=args.queries,
                seed=args.seed, skip_site=True, keep=False, tmp=args.tmp, quiet=quiet))
            r["embedded"] = {k: e.get(k) for k in EMBEDDED_KEYS}
        except Exception as exc:  # the engine's figures stand; say what failed
            r["embedded_error"] = f"{type(exc).__name__}: {exc}"[:3000]
        progress.step("embedded", {k: r[k] for k in ("embedded", "embedded_error") if k in r})
    r["load_after"] = round(os.getloadavg()[0], 2)
    r["targets_met"] = {k: (r[k] >= lim if kind == "min" else r[k] <= lim) for k, (lim, kind) in TARGETS.items()}
    progress.step("done", {"load_after": r["load_after"], "targets_met": r["targets_met"]})
    return r


def _cpu(nodes: list[Any]) -> float:
    """CPU seconds used so far by the nodes' searchd processes."""
    total = 0.0
    from kb.engines import cluster

    for q in cluster.processes(nodes):
        with contextlib.suppress(psutil.Error):
            t = q.cpu_times()
            total += t.user + t.system
    return total


def _searchd_version() -> str:
    import subprocess

    exe = shutil.which("searchd")
    if exe is None:
        return ""
    out = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=10).stdout
    return out.splitlines()[0].strip() if out else ""


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--passages", type=int, default=10000)
    p.add_argument("--shards", type=int, default=2)
    p.add_argument("--mirrors", type=int, default=2)
    p.add_argument("--workers", type=int, default=None, help="ingest build workers (default: one per core)")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--embedded", type=int, default=0, help="also run the embedded index at this many passages")
    p.add_argument("--keep", action="store_true")
    p.add_argument("--progress", default=None, help="JSON-lines progress file (default: progress.jsonl in the work "
                                                   "folder, kept with --keep)")
    p.add_argument("--checkpoint", type=int, default=50000, help="an ingest checkpoint every this many passages")
    p.add_argument("--tmp", default=None)
    p.add_argument("--json", action="store_true")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    M.print_result(run(args), args.json, 28)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
