"""The worst queries of issue 12 on an existing kb index: ``python bench/worst_queries.py INDEX_DIR``.

Issue 12's query budget: "no query takes more than about a second at 100k passages".  The kinds
that cost most, each built from the text of the corpus the index was built from (``--corpus``, by
default the ``corpus`` folder beside ``INDEX_DIR``, as ``bench/run.py --keep`` leaves them) with a
fixed seed, and run as the search page runs them (``Searcher.search(q, limit=20, facets=True)``),
warm, ``--repeat`` times each (a different draw each time):

- ``paragraph``: a pasted paragraph of 500-600 characters;
- ``phrases8_facets``: 8 quoted runs of 4-8 characters (the most quoted text a query keeps);
- ``or16``: 16 words joined by OR (the most alternatives a query keeps), common words among them;
- ``excludes8``: 3 words and 8 ``-word`` exclusions of common words;
- ``filters_facets``: 2 words with year, kind and topic filters;
- ``length_cap``: 2,000 characters of pasted text (the length cap: the rest is cut with a notice);
- ``everything``: 8 quoted runs, 8 exclusions, 16 OR words and 4 filters in one query;
- ``common_word``: the single most common word of the index, with facets.

For each: the slowest and the median wall time, the slowest CPU time (the load-independent
figure on a shared machine), whether the time-budget notice fired (the
``truncated`` flag, ``PARTIAL_NOTICE``), the notes the query got, and the load average.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import measure as M  # noqa: E402

_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")
#: words in most office passages (the costliest to exclude, OR or count)
COMMON = ["工作", "办公室", "服务", "落实", "提高", "加强", "管理", "发展", "建设", "组织", "推进", "领导"]


def _runs(rng: random.Random, body: list[str], n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        runs = _RUN.findall(rng.choice(body))
        if runs:
            r = rng.choice(runs)
            size = rng.randint(4, min(8, len(r)))
            start = rng.randint(0, len(r) - size)
            out.append(r[start:start + size])
    return out


def _pasted(rng: random.Random, body: list[str], chars: int) -> str:
    out = ""
    while len(out) < chars:
        out += rng.choice(body)
    return out[:chars]


def builders(body: list[str], words: list[str], facet_values: dict[str, list[str]]
             ) -> dict[str, Callable[[random.Random], str]]:
    """kind -> a function drawing one query of that kind."""
    def facet(rng: random.Random, name: str) -> str:
        values = facet_values.get(name) or [""]
        return rng.choice(values[:5])

    def quoted(rng: random.Random, n: int) -> str:
        return " ".join(f'"{r}"' for r in _runs(rng, body, n))

    return {
        "paragraph": lambda rng: _pasted(rng, body, rng.randint(500, 600)),
        "phrases8_facets": lambda rng: quoted(rng, 8),
        "or16": lambda rng: " OR ".join(rng.sample(COMMON, 6) + rng.sample(words, 10)),
        "excludes8": lambda rng: " ".join(rng.sample(words, 3) + [f"-{w}" for w in rng.sample(COMMON, 8)]),
        "filters_facets": lambda rng: " ".join(rng.sample(words, 2)) + f" year:{facet(rng, 'year')} "
                                      f"kind:{facet(rng, 'kind')} topic:{facet(rng, 'topic')}",
        "length_cap": lambda rng: _pasted(rng, body, 2000),
        "everything": lambda rng: " ".join([quoted(rng, 8), " ".join(f"-{w}" for w in rng.sample(COMMON, 8)),
                                            " OR ".join(rng.sample(words, 16)),
                                            f"year:{facet(rng, 'year')} kind:{facet(rng, 'kind')}"]),
        "common_word": lambda rng: COMMON[0],
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("index", type=Path, help="a kb index folder")
    p.add_argument("--corpus", type=Path, default=None, help="the corpus it was built from (default: INDEX/../corpus)")
    p.add_argument("--repeat", type=int, default=10, help="queries of each kind")
    p.add_argument("--seed", type=int, default=12)
    p.add_argument("--kinds", default="", help="comma-separated subset (default: all)")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    from kb.analysis import query_words
    from kb.search.budget import PARTIAL_NOTICE
    from kb.search.searcher import Searcher

    corpus = args.corpus or args.index.resolve().parent / "corpus"
    body = [t.replace("\n", "") for t in M.paragraphs(corpus) if len(t) > 60]
    rng = random.Random(args.seed)
    s = Searcher(args.index)
    words = sorted({w for t in rng.sample(body, min(200, len(body))) for w in query_words(t, s.segmenter)
                    if len(w) >= 2 and not w.isdigit()})
    warm = s.search(COMMON[0], limit=20, facets=True)  # jieba, the readers, the facet table
    facet_values = {k: [v for v, _n in vals] for k, vals in warm.facets.items()}
    make = builders(body, words, facet_values)
    chosen = [k for k in (args.kinds.split(",") if args.kinds else make) if k in make]
    failures: list[dict[str, str]] = []
    r: dict[str, object] = {"index": str(args.index), "passages": s.searcher().doc_count(),
                            "repeat": args.repeat, "budget_s": 1.0}
    for kind in chosen:
        times: list[float] = [0.0]
        cpu: list[float] = [0.0]
        cut = 0
        notes: set[str] = set()
        load = os.getloadavg()[0]
        for _ in range(args.repeat):
            q = make[kind](rng)
            started, started_cpu = time.perf_counter(), time.process_time()
            try:
                res = s.search(q, limit=20, facets=True)
            except Exception as exc:  # a failure is a finding: name the query
                failures.append({"kind": kind, "query": q, "error": f"{exc.__class__.__name__}: {exc}"})
                continue
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            cut += res.truncated
            for note in (res.message or "").split("。"):
                if note.strip() and note.strip() + "。" != PARTIAL_NOTICE.split("。")[0] + "。":
                    notes.add(note.strip())
        r[kind] = {"max_ms": round(max(times), 1), "median_ms": round(statistics.median(times), 1),
                   "cpu_max_ms": round(max(cpu), 1),
                   "budget_notice": f"{cut}/{args.repeat}", "notes": sorted(notes)[:4], "load": round(load, 2)}
    s.close()
    r["failures"] = failures
    r["load_after"] = round(os.getloadavg()[0], 2)
    M.print_result(r, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
