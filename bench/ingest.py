"""Ingestion alone, one writer against several: ``python bench/ingest.py --passages N [--json]``.

One run, on this machine: the benchmark corpus (bench/corpus.py, N passages); segmentation on all
cores (``seg_mb_s``, the floor of ingestion, as bench/run.py measures it); then ``python -m kb
ingest`` into a new index twice, with one Whoosh writer (``KB_WRITERS=1``) and with the writer
processes of kb.index.segments (``KB_WRITERS=0``: as many as build workers), each timed from
outside (wall, CPU of all processes, peak memory), as a ratio of segmentation speed and of each
other, with the number of segments each index is left with.  The two indexes must hold the same
passages (checked).  ``--order`` sets which goes first (the machine may be busier for one of them).
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

MODES = {"single": "1", "parallel": "0"}


def _index_facts(index: Path) -> tuple[int, list[str]]:
    from kb.search.searcher import Searcher

    s = Searcher(index)
    reader = s.searcher().reader()
    segments = len(reader.leaf_readers()) if hasattr(reader, "leaf_readers") else 1
    texts = sorted(t for _pid, t in s.passage_texts())
    s.close()
    return segments, texts


def run(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="kb-ingest-bench-", dir=args.tmp))
    r: dict[str, Any] = {"cores": M.cores(), "load_before": round(os.getloadavg()[0], 2)}
    try:
        corpus = work / "corpus"
        counts = write_corpus(corpus, args.passages, seed=args.seed)
        mb = counts["bytes"] / 1e6
        r.update(files=counts["files"], corpus_mb=round(mb, 2))
        texts = M.paragraphs(corpus)
        r["seg_mb_s"] = round(M.segmentation(texts, "jieba", M.cores()), 3)
        kept: dict[str, list[str]] = {}
        for mode in args.order.split(","):
            env = M.kb_env("jieba", args.workers) | {"KB_WRITERS": MODES[mode]}
            index = work / f"index-{mode}"
            cmd = [M.PY, "-m", "kb", "ingest", "--corpus", str(corpus), "--index", str(index), "--json"]
            load = os.getloadavg()[0]
            wall, peak, out, err, cpu = M.run_watched(cmd, env)
            try:
                report = json.loads(out)
            except ValueError as exc:
                raise RuntimeError(f"kb ingest failed:\n{err[-3000:]}") from exc
            passages = sum(int(f.get("passages", 0)) for f in report["files"] if f.get("status") == "added")
            segments, kept[mode] = _index_facts(index)
            r[mode] = {"passages": passages, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
                       "passages_s": round(passages / wall, 1), "ingest_vs_seg": round(mb / wall / r["seg_mb_s"], 3),
                       "peak_mb": round(peak / 1048576, 1), "segments": segments, "load_before": round(load, 2)}
        r["same_passages"] = kept.get("single") == kept.get("parallel")
        if "single" in r and "parallel" in r:
            r["speedup_wall"] = round(r["single"]["wall_s"] / r["parallel"]["wall_s"], 2)
            r["speedup_cpu"] = round(r["single"]["cpu_s"] / r["parallel"]["cpu_s"], 2)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    r["load_after"] = round(os.getloadavg()[0], 2)
    r["time"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    return r


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--passages", type=int, default=10000)
    p.add_argument("--workers", type=int, default=0, help="build workers (default: one per core)")
    p.add_argument("--order", default="single,parallel", help="which ingest runs first")
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--keep", action="store_true")
    p.add_argument("--tmp", default=None)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    M.print_result(run(args), args.json, 16)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
