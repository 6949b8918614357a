"""Crash safety and concurrency, with real processes: SIGKILL at random moments, searching while
ingesting or rebuilding, a held write lock."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpusgen import hashes, make_corpus, speech

from kb.config import Settings
from kb.index.store import IndexStore
from kb.index.writer import indexed_documents
from kb.ingest.check import check
from kb.ingest.pipeline import ingest
from kb.search.searcher import Searcher

ROOT = Path(__file__).resolve().parents[2]
#: the CLI with small commits (5 documents each), so a kill lands between and inside many commits
RUNNER = "import sys, kb.ingest.pipeline as p; p.BATCH_DOCS = 5; from kb.cli.main import main; sys.exit(main(sys.argv[1:]))"


def start(*args: str) -> subprocess.Popen[bytes]:
    """``kb ARGS`` in its own process group (with its build workers, if any)."""
    return subprocess.Popen([sys.executable, "-c", RUNNER, *args], cwd=ROOT,
                            env=os.environ | {"PYTHONPATH": str(ROOT)}, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the command and its worker processes, as the OOM killer or a power cut would."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def snapshot(index: Path) -> dict[str, tuple[str, int, list[str]]]:
    """source -> (sha, passage count, passage texts): what a correct index holds."""
    store = IndexStore(index)
    out = {}
    ix = store.open()
    with ix.searcher() as s:
        for key, rec in indexed_documents(store).items():
            texts = [f["text"] for f in sorted(s.documents(doc_id=rec.doc_id, rec="p"),
                                               key=lambda f: f["ordinal"])]
            out[key] = (rec.sha, rec.passages, texts)
    return out


def mutate(corpus: Path, rng: random.Random, serial: int) -> None:
    files = sorted(corpus.glob("*.txt"))
    for p in rng.sample(files, 2):  # change two
        p.write_text(speech(1000 + serial * 10 + rng.randrange(10)), encoding="utf-8")
    rng.choice(files).unlink()  # remove one (may be one just changed)
    make_corpus(corpus, 1, start=500 + serial)  # add one
    survivors = sorted(corpus.glob("*.txt"))
    victim = rng.choice(survivors)
    victim.rename(corpus / f"改名{serial:02d}.txt")  # move one


@pytest.mark.slow
def test_sigkill_at_random_moments_never_breaks_the_index(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, 40)
    rng = random.Random(7)
    kills = 0
    for i in range(12):
        if i:
            mutate(corpus, rng, i)
        expected = hashes(corpus)
        proc = start("ingest", "--corpus", str(corpus), "--index", str(index), "--json")
        time.sleep(rng.uniform(0.3, 2.2))
        if proc.poll() is None:
            kills += 1
        kill(proc)
        assert hashes(corpus) == expected  # the corpus is only read
        if IndexStore(index).exists():  # the index opens and answers after every kill
            s = Searcher(index)
            s.search("办公室")
            s.close()
    assert kills >= 6
    settings = Settings(corpus=corpus, index=index)
    final = ingest(None, settings)
    assert not final.failed
    assert check(settings).ok
    clean = ingest(None, Settings(corpus=corpus, index=tmp_path / "clean"))
    assert not clean.failed
    held = snapshot(index)
    assert held == snapshot(tmp_path / "clean")
    assert set(held) == {p.name for p in corpus.glob("*.txt")}
    s = Searcher(index)
    for name, (_sha, _n, texts) in held.items():  # every good file is found by a sentence of its own
        sentence = texts[0].split("。")[0]
        hits = s.search(f'"{sentence}"', limit=50).hits
        assert name in {x for h in hits for x in [h.source, *(o["source"] for o in h.also_in)]}, name
    s.close()
    assert len(list(index.glob("gen-*"))) == 1
    assert not list(index.glob("gen-*/.segments-*"))  # nothing left by writer processes that were killed


def search_while(proc: subprocess.Popen[bytes], index: Path, word: str) -> tuple[int, list[str]]:
    """Search every 20 ms until ``proc`` ends: (searches made, errors seen)."""
    s = Searcher(index)
    n, errors = 0, []
    while proc.poll() is None:
        try:
            s.search(word, limit=5)
            n += 1
        except Exception as exc:  # any exception is a failure of the guarantee
            errors.append(f"{exc.__class__.__name__}: {exc}")
        time.sleep(0.02)
    s.close()
    return n, errors


@pytest.mark.slow
def test_search_keeps_working_during_ingest(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, 5)
    ingest(None, Settings(corpus=corpus, index=index))
    make_corpus(corpus, 35, start=5)
    proc = start("ingest", "--corpus", str(corpus), "--index", str(index))
    n, errors = search_while(proc, index, "办公室")
    assert proc.wait() == 0 and errors == [] and n > 10
    assert len(indexed_documents(IndexStore(index))) == 40


@pytest.mark.slow
def test_search_during_rebuild_and_a_killed_rebuild(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, 40)
    settings = Settings(corpus=corpus, index=index)
    ingest(None, settings)
    store = IndexStore(index)
    live = store.current_dir()
    # killed half-way: the old generation stays live and answers; the orphan is removed later
    proc = start("rebuild", "--corpus", str(corpus), "--index", str(index))
    deadline = time.monotonic() + 10
    while len(list(index.glob("gen-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    kill(proc)
    assert store.current_dir() == live and [p.name for p in store.orphans()] != []
    assert Searcher(index).search("办公室").hits
    assert check(settings).unused_generations != []
    assert ingest(None, settings).count("unchanged") == 40
    assert store.orphans() == []
    # a full rebuild while searching: every search answers, and the new generation is swapped in
    proc = start("rebuild", "--corpus", str(corpus), "--index", str(index))
    n, errors = search_while(proc, index, "办公室")
    assert proc.wait() == 0 and errors == [] and n > 5
    assert store.current_dir() != live and store.orphans() == []
    assert len(indexed_documents(store)) == 40


HOLD_WHOOSH_LOCK = """
import sys, time
from kb.index.store import IndexStore
ix = IndexStore(sys.argv[1]).open(check=False)
w = ix.writer()
print("locked", flush=True)
time.sleep(30)
"""

HOLD_KB_LOCK = """
import sys, time
from kb.index.store import IndexStore
with IndexStore(sys.argv[1]).write_lock():
    print("locked", flush=True)
    time.sleep(30)
"""


@pytest.mark.slow
@pytest.mark.parametrize("holder", [HOLD_WHOOSH_LOCK, HOLD_KB_LOCK], ids=["whoosh-lock", "kb-lock"])
def test_held_lock_is_a_clear_message(tmp_path: Path, holder: str) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, 2)
    ingest(None, Settings(corpus=corpus, index=index))
    make_corpus(corpus, 1, start=2)
    other = subprocess.Popen([sys.executable, "-c", holder, str(index)], cwd=ROOT, stdout=subprocess.PIPE,
                             env=os.environ | {"PYTHONPATH": str(ROOT)})
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == b"locked"
        out = subprocess.run([sys.executable, "-m", "kb", "ingest", "--corpus", str(corpus), "--index", str(index)],
                             cwd=ROOT, capture_output=True, text=True,
                             env=os.environ | {"PYTHONPATH": str(ROOT), "KB_LOCK_WAIT": "0.5"})
    finally:
        other.kill()
        other.wait()
    assert out.returncode == 2
    if holder == HOLD_KB_LOCK:  # the message names the holder and what to do
        assert out.stderr == (f"kb: {index}: 另一个进程（pid {other.pid}）正在写入索引。解决办法：等它完成（`kb ingest` / "
                              f"`kb rebuild` 或网站的上传）后再试；如果它卡住了，可以用 `kill {other.pid}` 结束它，然后重试\n")
    else:
        assert out.stderr == (f"kb: {index}: 另一个进程正在写入索引。解决办法：等它完成后再试；用 "
                              f"`fuser {index / 'WRITE.lock'}` 可以查看是哪个进程\n")
    assert "Traceback" not in out.stderr
    # the killed holder's lock is gone: the next run goes through
    assert ingest(None, Settings(corpus=corpus, index=index)).count("added") == 1


