"""Measurements that must run in a fresh process: ``python -m bench.probe cold|serve INDEX QUERIES.json``.

- ``cold``: what the site does for its first visitor once the server is up: import the site's search
  code path (``app_pages.common``, which imports kb.search.searcher), open the Searcher, run one query as the
  search page asks for it.  Prints JSON: import_s, open_s, first_query_s, total_s.
- ``serve``: the same code path, then every query of QUERIES.json as the search page asks for it
  (20 hits, highlights, facets); prints JSON with the process's resident memory (psutil) after them.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _import_site() -> None:
    """Import what the search page imports (streamlit is already loaded in a real server process,
    but it is part of the page's memory, so ``serve`` imports it)."""
    import warnings

    warnings.filterwarnings("ignore")
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    try:
        import app_pages.common  # noqa: F401
    except Exception:  # the site may be mid-edit; kb.search.searcher is what the page needs
        import kb.search.searcher  # noqa: F401


def main(argv: list[str]) -> int:
    mode, index, queries_file = argv[0], argv[1], argv[2]
    sys.path.insert(0, str(ROOT))
    queries = json.loads(Path(queries_file).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    if mode == "serve":
        import streamlit  # noqa: F401
    _import_site()
    from kb.search.searcher import Searcher

    t1 = time.perf_counter()
    s = Searcher(index)
    t2 = time.perf_counter()
    s.search(queries[0], limit=20, facets=True)
    t3 = time.perf_counter()
    out: dict[str, float] = {"import_s": t1 - t0, "open_s": t2 - t1, "first_query_s": t3 - t2, "total_s": t3 - t0}
    if mode == "serve":
        import psutil

        for q in queries:
            s.search(q, limit=20, facets=True)
        out["queries"] = len(queries)
        out["rss_mb"] = psutil.Process().memory_info().rss / 1048576
    sys.stdout.write(json.dumps(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
