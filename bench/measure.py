"""The benchmark's measurements (see bench/run.py for what each one means)."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def fts5_figures(db: Path, queries: QuerySet, segmenter: str) -> dict[str, float]:
    """p50 and p95 (ms) of the SQLite FTS5 reference: words, phrases, filtered, to screen."""
    flat = fts5_latencies(db, queries, segmenter)
    out: dict[str, float] = {}
    for name, key in (("words", "fts5"), ("phrases", "fts5_phrase"), ("filtered", "fts5_filtered"),
                      ("screen", "fts5_to_screen")):
        p50, p95 = summary(flat[name])
        out[f"{key}_p50_ms"], out[f"{key}_p95_ms"] = round(p50, 2), round(p95, 2)
    return out


def print_result(r: dict[str, Any], as_json: bool, width: int = 28) -> None:
    """A benchmark's figures: one JSON object, or one ``name  value`` line each."""
    if as_json:
        sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    for k, v in r.items():
        sys.stdout.write(f"{k:<{width}}{v}\n")


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        return os.cpu_count() or 1


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    xs = sorted(values)
    k = max(0, min(len(xs) - 1, int(round(q / 100 * (len(xs) - 1)))))
    return xs[k]


def paragraphs(corpus: Path) -> list[str]:
    out: list[str] = []
    for f in sorted(corpus.rglob("*.txt")):
        out.extend(p for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip())
    return out


# --- segmentation: the floor of ingestion ----------------------------------------------------------
_SEG: Any = None


def _seg_init(name: str) -> None:
    global _SEG
    from kb.analysis import get_segmenter

    _SEG = get_segmenter(name)
    _SEG.cut("预热分词器")


def _seg_chunk(texts: list[str]) -> int:
    from kb.text import fold

    return sum(len(_SEG.cut(fold(t))) for t in texts)


def _analyse_chunk(texts: list[str]) -> int:
    from kb.analysis import bigram_tokens, word_tokens

    n = 0
    for t in texts:
        n += sum(1 for _ in word_tokens(t, _SEG.name)) + sum(1 for _ in bigram_tokens(t))
    return n


def segmentation(texts: list[str], segmenter: str, procs: int, full: bool = False) -> float:
    """MB/s of the segmenter over ``texts`` on ``procs`` processes (warm pools; dictionary load excluded).
    ``full``: kb's whole analysis (word tokens with sub-words, plus bigrams), what the writer runs."""
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    chunks = [texts[i:i + 200] for i in range(0, len(texts), 200)]
    with mp.get_context("fork").Pool(procs, initializer=_seg_init, initargs=(segmenter,)) as pool:
        pool.map(_seg_chunk, [["预热"]] * procs)
        t = time.perf_counter()
        sum(pool.imap_unordered(_analyse_chunk if full else _seg_chunk, chunks))
        dt = time.perf_counter() - t
    return mb / dt


# --- processes with their children's memory ---------------------------------------------------------
def tree_rss(proc: psutil.Process) -> int:
    """RSS of ``proc`` and its children; processes that end while being listed count as 0 (psutil
    raises NoSuchProcess from ``children`` when a child exits between listing and inspection)."""
    total = 0
    try:
        family = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        family = [proc]
    for p in family:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_watched(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, int, str, str, float]:
    """Run ``cmd``; (wall seconds, peak RSS of it and its children in bytes, stdout, stderr, CPU
    seconds of it and its children)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    peak = 0
    import threading

    out: dict[str, str] = {}

    def drain() -> None:
        out["stdout"], out["stderr"] = proc.communicate()

    th = threading.Thread(target=drain)
    th.start()
    while th.is_alive():
        peak = max(peak, tree_rss(ps))
        th.join(0.2)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, peak, out.get("stdout", ""), out.get("stderr", ""), cpu


def kb_env(segmenter: str, workers: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(KB_SEGMENTER=segmenter, KB_WORKERS=str(workers), KB_CONFIG=str(ROOT / ".bench-no-config.toml"),
               PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""))
    return env


def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# --- queries -----------------------------------------------------------------------------------------
@dataclass
class QuerySet:
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    filtered: list[tuple[str, str]] = field(default_factory=list)  # (words, year)
    screen: list[str] = field(default_factory=list)


_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")


def make_queries(texts: list[str], segmenter: str, n: int, seed: int = 88) -> QuerySet:
    """Word queries of 1-3 content words (from one passage, as a user remembers them), quoted
    phrases of 4-10 characters copied from a passage, the same word queries with a year filter."""
    from kb.analysis import query_words

    rng = random.Random(seed)
    qs = QuerySet()
    body = [t for t in texts if len(t) > 60]
    seen: set[str] = set()
    while len(qs.words) < 3 * n:
        words = [w for w in query_words(rng.choice(body), segmenter) if len(w) >= 2 and not w.isdigit()]
        if not words:
            continue
        k = rng.choice((1, 2, 2, 3))
        q = " ".join(rng.sample(words, min(k, len(words))))
        if q not in seen:
            seen.add(q)
            qs.words.append(q)
    while len(qs.phrases) < n:
        runs = _RUN.findall(rng.choice(body))
        if runs:
            r = rng.choice(runs)
            size = rng.randint(4, min(10, len(r)))
            start = rng.randint(0, len(r) - size)
            qs.phrases.append(f"“{r[start:start + size]}”")
    qs.screen = qs.words[n:2 * n]
    qs.filtered = [(q, str(rng.randint(1995, 2025))) for q in qs.words[2 * n:3 * n]]
    qs.words = qs.words[:n]
    return qs


def timed(out: list[float], fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``fn(*args, **kwargs)``, append its milliseconds to ``out``."""
    t = time.perf_counter()
    r = fn(*args, **kwargs)
    out.append((time.perf_counter() - t) * 1000)
    return r


def kb_latencies(index: Path, qs: QuerySet) -> dict[str, list[float]]:
    from kb.search.searcher import Searcher

    s = Searcher(index)
    for q in qs.words[:3]:
        s.search(q)
    out: dict[str, list[float]] = {"words": [], "phrases": [], "filtered": [], "screen": []}
    for q in qs.words:
        timed(out["words"], s.search, q, limit=10)
    for q in qs.phrases:
        timed(out["phrases"], s.search, q, limit=10)
    for q, year in qs.filtered:
        timed(out["filtered"], s.search, q, limit=10, year=year)
    for q in qs.screen:
        timed(out["screen"], s.search, q, limit=20, facets=True)
    s.close()
    return out


def whoosh_floor(index: Path, qs: QuerySet) -> list[float]:
    """The engine's own floor: the query's words as a plain OR of terms over text, heading and title
    (no bigram phrases, no re-ranking, no highlighting), top 10, Whoosh's block-max skipping allowed."""
    from whoosh import query as Q

    from kb.analysis import query_words
    from kb.search.searcher import Searcher

    s = Searcher(index)
    ws = s.searcher()
    out: list[float] = []
    for q in qs.words:
        words = query_words(q, s.segmenter)
        wq = Q.Or([Q.Term(f, w) for w in words for f in ("text", "heading", "title")])
        timed(out, lambda wq: [r.fields() for r in ws.search(wq, limit=10, terms=False)], wq)
    s.close()
    return out


# --- the reference: SQLite FTS5 over the same segmented text --------------------------------------------
def stored_passages(index: Path) -> Iterator[tuple[str, str, str]]:
    """(passage id, text, year) of every passage in the kb index."""
    from kb.search.searcher import Searcher

    s = Searcher(index)
    reader = s.searcher().reader()
    for fields in reader.all_stored_fields():
        if fields.get("rec") == "p":
            yield fields["pid"], fields["text"], str(fields.get("year", ""))
    s.close()


def _words(seg: Any, text: str) -> list[str]:
    from kb.analysis import is_punct
    from kb.text import fold

    return [w for w, _s, _e in seg.cut(fold(text)) if w.strip() and not is_punct(w)]


def fts5_build(index: Path, db: Path, segmenter: str) -> tuple[float, int]:
    from kb.analysis import get_segmenter

    seg = get_segmenter(segmenter)
    t = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("CREATE VIRTUAL TABLE p USING fts5(body, text UNINDEXED, year UNINDEXED, pid UNINDEXED)")
    con.executemany("INSERT INTO p(body, text, year, pid) VALUES (?, ?, ?, ?)",
                    ((" ".join(_words(seg, text)), text, year, pid) for pid, text, year in stored_passages(index)))
    con.commit()
    con.close()
    return time.perf_counter() - t, db.stat().st_size


def _fts_or(seg: Any, q: str) -> str:
    words = [w.replace('"', "") for w in _words(seg, q)]
    return " OR ".join(f'"{w}"' for w in words) or '""'


def _fts_phrase(seg: Any, q: str) -> str:
    return '"' + " ".join(w.replace('"', "") for w in _words(seg, q.strip("“”\""))) + '"'


def fts5_latencies(db: Path, qs: QuerySet, segmenter: str) -> dict[str, list[float]]:
    from kb.analysis import get_segmenter

    seg = get_segmenter(segmenter)
    con = sqlite3.connect(db)
    top = "SELECT pid, text, bm25(p) FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT ?"
    screen = ("SELECT pid, snippet(p, 0, '<mark>', '</mark>', '…', 24), bm25(p) FROM p WHERE p MATCH ? "
              "ORDER BY bm25(p) LIMIT 20")
    facet = "SELECT year, count(*) FROM p WHERE p MATCH ? GROUP BY year"
    out: dict[str, list[float]] = {"words": [], "phrases": [], "filtered": [], "screen": []}
    def run(sql: str, *params: Any) -> list[Any]:
        return con.execute(sql, params).fetchall()

    def screen_run(match: str) -> tuple[list[Any], list[Any]]:
        return run(screen, match), run(facet, match)

    for q in qs.words:
        timed(out["words"], lambda q: run(top, _fts_or(seg, q), 10), q)
    for q in qs.phrases:
        timed(out["phrases"], lambda q: run(top, _fts_phrase(seg, q), 10), q)
    flt = "SELECT pid, text, bm25(p) FROM p WHERE p MATCH ? AND year = ? ORDER BY bm25(p) LIMIT 10"
    for q, year in qs.filtered:
        timed(out["filtered"], lambda q, y: run(flt, _fts_or(seg, q), y), q, year)
    for q in qs.screen:
        timed(out["screen"], lambda q: screen_run(_fts_or(seg, q)), q)
    con.close()
    return out


# --- the site ------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def site_cold_start(index: Path, queries_file: Path, timeout: float = 60.0) -> dict[str, float]:
    """Seconds until ``streamlit run app.py`` answers /_stcore/health, plus a fresh process's
    import + Searcher open + first query (what the first visitor's script run does)."""
    port = free_port()
    env = dict(os.environ, KB_INDEX=str(index), KB_CONFIG=str(ROOT / ".bench-no-config.toml"))
    cmd = [PY, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    health = None
    server_rss = 0.0
    try:
        while time.perf_counter() - t < timeout:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        health = time.perf_counter() - t
                        break
            except OSError:
                time.sleep(0.05)
        server_rss = psutil.Process(proc.pid).memory_info().rss / 1048576
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    if health is None:
        raise RuntimeError(f"streamlit did not answer /_stcore/health within {timeout:.0f} s")
    t = time.perf_counter()
    res = subprocess.run([PY, "-m", "bench.probe", "cold", str(index), str(queries_file)], cwd=ROOT,
                         capture_output=True, text=True, env=env, check=True)
    wall = time.perf_counter() - t
    first = json.loads(res.stdout.strip().splitlines()[-1])
    return {"health_s": health, "first_search_s": first["total_s"], "first_search_wall_s": wall,
            "cold_start_s": health + first["total_s"], "server_rss_mb": server_rss,
            "open_s": first["open_s"], "import_s": first["import_s"], "first_query_s": first["first_query_s"]}


def serve_rss(index: Path, queries_file: Path) -> dict[str, float]:
    env = dict(os.environ, KB_INDEX=str(index), KB_CONFIG=str(ROOT / ".bench-no-config.toml"))
    res = subprocess.run([PY, "-m", "bench.probe", "serve", str(index), str(queries_file)], cwd=ROOT,
                         capture_output=True, text=True, env=env, check=True)
    return dict(json.loads(res.stdout.strip().splitlines()[-1]))


def summary(xs: list[float]) -> tuple[float, float]:
    return (statistics.median(xs) if xs else 0.0), pct(xs, 95)
