"""Query latency on an existing kb index, without building a corpus: ``python bench/quick_queries.py INDEX_DIR``.

The same queries as ``bench/run.py`` (``bench.measure.make_queries`` with the same seed over the
paragraphs of the corpus the index was built from: ``--corpus``, by default the ``corpus`` folder
beside ``INDEX_DIR``, as ``bench/run.py --keep`` leaves them), the same calls as
``bench.measure.kb_latencies`` (words top 10, quoted phrases top 10, words with a year filter,
search-to-result = ``Searcher.search(q, limit=20, facets=True)``) and the Whoosh floor.  A few
seconds per kind at 100k passages instead of the ~20 minutes of a full run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import measure as M  # noqa: E402

KINDS = ("words", "phrases", "filtered", "screen")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("index", type=Path, help="a kb index folder")
    p.add_argument("--corpus", type=Path, default=None, help="the corpus it was built from (default: INDEX/../corpus)")
    p.add_argument("--queries", type=int, default=200, help="queries of each kind")
    p.add_argument("--seed", type=int, default=8, help="as bench/run.py (default 8)")
    p.add_argument("--segmenter", default="jieba")
    p.add_argument("--kinds", default=",".join(KINDS), help="comma-separated subset of " + ",".join(KINDS))
    p.add_argument("--no-floor", action="store_true", help="skip the Whoosh floor")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    corpus = args.corpus or args.index.resolve().parent / "corpus"
    qs = M.make_queries(M.paragraphs(corpus), args.segmenter, args.queries, seed=args.seed)
    kinds = [k for k in args.kinds.split(",") if k in KINDS]
    from kb.search.searcher import Searcher

    s = Searcher(args.index)
    for q in qs.words[:3]:  # warm: jieba's dictionary, the readers
        s.search(q)
    calls: dict[str, list[tuple[tuple[str], dict[str, Any]]]] = {"words": [((q,), {"limit": 10}) for q in qs.words],
             "phrases": [((q,), {"limit": 10}) for q in qs.phrases],
             "filtered": [((q,), {"limit": 10, "year": y}) for q, y in qs.filtered],
             "screen": [((q,), {"limit": 20, "facets": True}) for q in qs.screen]}
    r: dict[str, object] = {"index": str(args.index), "queries_each": args.queries,
                            "load_before": round(os.getloadavg()[0], 2)}
    for kind in kinds:
        out: list[float] = []
        cpu = time.process_time()
        for a, kw in calls[kind]:
            M.timed(out, s.search, *a, **kw)
        p50, p95 = M.summary(out)
        r[f"{kind}_p50_ms"], r[f"{kind}_p95_ms"] = round(p50, 1), round(p95, 1)
        r[f"{kind}_cpu_ms_mean"] = round((time.process_time() - cpu) * 1000 / max(1, len(out)), 1)
    s.close()
    if not args.no_floor:
        p50, p95 = M.summary(M.whoosh_floor(args.index, qs))
        r["floor_p50_ms"], r["floor_p95_ms"] = round(p50, 1), round(p95, 1)
    r["load_after"] = round(os.getloadavg()[0], 2)
    if args.json:
        sys.stdout.write(json.dumps(r) + "\n")
    else:
        for k, v in r.items():
            sys.stdout.write(f"{k:<22}{v}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
