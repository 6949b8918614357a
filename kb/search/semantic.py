"""Meaning beyond the query's own words: synonym groups and word vectors that ship in packages.

Two resources, both Apache-2.0, installed from the package registry (``requirements-data.lock``), read
from the installed package's files; nothing is downloaded at run time:

- **同义词词林 (extended)**, the ``data/cilin_ex.txt`` of ``WordSimilarity`` 0.0.3: lines
  ``Hc03A01= 安置 安顿 安排``; ``=`` groups are synonyms, ``#`` groups related words, ``@`` single
  words.  :func:`cilin_groups` reads the ``=`` groups (plain text) into :class:`SynonymGroups`.
- **word vectors** of ``cnsyn`` 1.2.0 (129,691 words, 75 dimensions, from PaddleNLP's
  TokenEmbedding), shipped as a joblib pickle of a scikit-learn BallTree (``query/words_tree_mini.m``).
  That file is *never unpickled*: :func:`read_joblib_arrays` walks its opcodes with a pickle machine
  whose every global resolves to an inert local record (no class or function named by the file is
  ever imported or called) and reads the raw array bytes joblib wrote after each array header.

:class:`Expander` gives, for a query word, other words the index knows with a credit in 0..1:
synonyms from the 词林 and the nearest neighbours by cosine similarity among the index's own words.

Reading the package files takes about a second of pure Python (the pickle machine, folding 200,000
words), so the first read also writes a **compact copy** into kb's cache folder (``KB_CACHE_DIR``, else
``$XDG_CACHE_HOME/kb`` or ``~/.cache/kb``; :func:`cache_dir`): the unit-length vectors as a ``.npy``
array mapped with ``numpy.load(mmap_mode="r", allow_pickle=False)`` (never unpickled), their words
as UTF-8 lines, and the folded 词林 groups one a line.  A copy is named after its source file's path, size and
modification time, so a replaced package file is read again; a copy that cannot be read or does not
match is ignored and rewritten.  The values are those of the package files, bit for bit.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
import os
import pickle
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from kb.search.cilin import SynonymGroups, read_cilin
from kb.search.plan import load_office_vocab
from kb.search.safe_pickle import _Record, read_joblib_arrays
from kb.text import fold

log = logging.getLogger(__name__)

#: only neighbours at least this similar (cosine) are used
MIN_SIMILARITY = 0.62
#: at most this many expansions per query word
MAX_EXPANSIONS = 4
#: the credit of a near-synonym of kb's office vocabulary (kb/data/office_vocab.txt)
TABLE_CREDIT = 0.75
#: the credit of a 词林 synonym (a vector neighbour's credit is its similarity)
CILIN_CREDIT = 0.7
#: :meth:`Expander.neighbours`: this many nearest words of the index, at least this similar (the
#: expansions take the first ``MAX_EXPANSIONS`` at ``MIN_SIMILARITY`` or more)
NEAR_LIMIT = 16
NEAR_MIN_SIMILARITY = 0.5


def package_file(dist: str, suffix: str) -> Path | None:
    """The installed file of distribution ``dist`` whose path ends with ``suffix`` (None if absent)."""
    try:
        files = importlib.metadata.files(dist) or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for f in files:
        if str(f).replace("\\", "/").endswith(suffix):
            p = Path(str(f.locate()))
            return p if p.is_file() else None
    return None


#: the version of the compact copies' layout (part of their names)
CACHE_FORMAT = 1


def cache_dir() -> Path:
    """Where the compact copies of the semantic resources are kept."""
    env = os.environ.get("KB_CACHE_DIR")
    if env:
        return Path(env) / "semantic"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kb" / "semantic"


def _cache_key(source: Path) -> str:
    st = source.stat()
    raw = f"{CACHE_FORMAT}|{source.resolve()}|{st.st_size}|{st.st_mtime_ns}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


def _write_atomic(path: Path, write: Callable[[Any], None]) -> None:
    """Write through ``write(file)`` into a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@lru_cache(maxsize=2)
def cilin_groups(path: Path | None = None) -> SynonymGroups:
    """word -> its synonyms (the other words of its ``=`` groups in the extended 词林), folded."""
    p = path or package_file("WordSimilarity", "data/cilin_ex.txt")
    if p is None:
        return SynonymGroups([])
    if path is not None:
        return SynonymGroups(read_cilin(p))
    try:
        copy = cache_dir() / f"cilin-{_cache_key(p)}.txt"
    except OSError:
        return SynonymGroups(read_cilin(p))
    try:
        text = copy.read_text(encoding="utf-8")
        return SynonymGroups([tuple(line.split(" ")) for line in text.split("\n")] if text else [])
    except (OSError, ValueError):
        pass
    groups = read_cilin(p)
    if not any(not w or any(ch.isspace() for ch in w) for g in groups for w in g):  # one group a line
        blob = "\n".join(" ".join(g) for g in groups).encode("utf-8")
        try:
            _write_atomic(copy, lambda f: f.write(blob))
        except OSError as exc:
            log.debug("no compact copy of %s in %s (%s)", p, copy.parent, exc)
    return SynonymGroups(groups)


@dataclass
class WordVectors:
    words: list[str]
    index: dict[str, int]
    #: unit-length rows, float32
    matrix: np.ndarray

    def vector(self, word: str) -> np.ndarray | None:
        i = self.index.get(word)
        return None if i is None else self.matrix[i]


_vectors: WordVectors | None = None
_vectors_lock = threading.Lock()
_vectors_failed = False


def word_vectors(path: Path | None = None) -> WordVectors | None:
    """cnsyn's word vectors (loaded once per process), or None when the package is not installed."""
    global _vectors, _vectors_failed
    if path is None and (_vectors is not None or _vectors_failed):
        return _vectors
    with _vectors_lock:
        if path is None and (_vectors is not None or _vectors_failed):
            return _vectors
        p = path or package_file("cnsyn", "query/words_tree_mini.m")
        wv = None
        if p is not None and path is None:
            wv = _cached_vectors(p)
        if p is not None and wv is None:
            try:
                wv = _vectors_from(read_joblib_arrays(p))
            except (pickle.UnpicklingError, OSError, ValueError, EOFError, KeyError, TypeError) as exc:
                log.warning("word vectors in %s cannot be read (%s): search goes on without them", p, exc)
            if wv is not None and path is None:
                _store_vectors(p, wv)
        if path is not None:
            return wv
        _vectors, _vectors_failed = wv, wv is None
        return wv


def _vector_copies(source: Path) -> tuple[Path, Path]:
    key = _cache_key(source)
    d = cache_dir()
    return d / f"vectors-{key}.npy", d / f"vectors-{key}.words.txt"


def _cached_vectors(source: Path) -> WordVectors | None:
    """The compact copy of ``source``'s vectors (matrix mapped read-only), or None when there is none
    that matches."""
    try:
        npy, txt = _vector_copies(source)
        if not (npy.is_file() and txt.is_file()):
            return None
        words = txt.read_text(encoding="utf-8").split("\n")
        matrix = np.load(npy, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError) as exc:
        log.debug("compact copy of %s not used (%s)", source, exc)
        return None
    if matrix.dtype != np.float32 or matrix.ndim != 2 or matrix.shape[0] != len(words):
        return None
    return _indexed(words, matrix)


def _store_vectors(source: Path, wv: WordVectors) -> None:
    if any("\n" in w for w in wv.words):  # one word a line
        return
    try:
        npy, txt = _vector_copies(source)
        _write_atomic(npy, lambda f: np.save(f, np.ascontiguousarray(wv.matrix), allow_pickle=False))
        _write_atomic(txt, lambda f: f.write("\n".join(wv.words).encode("utf-8")))
    except OSError as exc:
        log.debug("no compact copy of %s (%s)", source, exc)


def _indexed(words: list[str], matrix: np.ndarray) -> WordVectors:
    index: dict[str, int] = {}
    for i, w in enumerate(words):
        index.setdefault(w, i)
    return WordVectors(words, index, matrix)


def _vectors_from(tree: Any) -> WordVectors:
    if not isinstance(tree, dict) or "words" not in tree or "model" not in tree:
        raise ValueError("not a cnsyn word tree")
    words = [fold(str(w)) for w in tree["words"]]
    model = tree["model"]
    state = model.state if isinstance(model, _Record) else None
    arrays = [x for x in (state if isinstance(state, tuple) else ()) if isinstance(x, np.ndarray)]
    emb = next((a for a in arrays if a.ndim == 2 and a.shape[0] == len(words)), None)
    if emb is None:
        raise ValueError("no embedding matrix of the right shape")
    m = emb.astype(np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    m /= np.where(norms == 0, 1.0, norms)
    return _indexed(words, m)


class Expander:
    """Other words for a query word, restricted to words the index has, each with a credit."""

    def __init__(self, vocabulary: Iterable[str], vectors: WordVectors | None,
                 synonyms: Mapping[str, tuple[str, ...]] | None = None,
                 min_similarity: float = MIN_SIMILARITY, limit: int = MAX_EXPANSIONS,
                 table: Mapping[str, tuple[str, ...]] | None = None,
                 associates: Mapping[str, list[tuple[str, float]]] | None = None) -> None:
        self.vocab = {w for w in vocabulary if len(w) >= 2}
        self.synonyms = synonyms or {}
        #: kb's office vocabulary (kb/data/office_vocab.txt): near-synonyms, before the 词林's
        self.table = table or {}
        #: words that keep the word company in this corpus, with their score (:mod:`kb.index.cooccur`)
        self.associates = associates or {}
        self.vectors = vectors
        self.min_similarity, self.limit = min_similarity, limit
        self._cache: dict[str, list[tuple[str, float]]] = {}
        self._near: dict[str, list[tuple[str, float]]] = {}
        self._words: list[str] = []
        self._sub: np.ndarray | None = None
        if vectors is not None:
            ids = [(w, vectors.index[w]) for w in sorted(self.vocab) if w in vectors.index]
            self._words = [w for w, _ in ids]
            self._sub = vectors.matrix[[i for _, i in ids]] if ids else None

    def expansions(self, word: str) -> list[tuple[str, float]]:
        """Up to ``limit`` (word, credit): the office vocabulary's near-synonyms first, then 词林
        synonyms, then vector neighbours (the corpus's associates are apart: :meth:`associated`)."""
        if word in self._cache:
            return self._cache[word]
        out: dict[str, float] = {}
        for s in self.table.get(word, ()):
            if s != word and s in self.vocab and len(out) < self.limit:
                out[s] = TABLE_CREDIT
        v = self.vectors.vector(word) if self.vectors is not None and len(word) >= 2 else None
        for s in self.cilin(word, v):
            if len(out) < self.limit:
                out[s] = CILIN_CREDIT
        for w, sim in self.neighbours(word):
            if sim < self.min_similarity or len(out) >= self.limit:
                break
            out[w] = max(out.get(w, 0.0), sim)
        result = sorted(out.items(), key=lambda kv: -kv[1])
        if len(self._cache) > 4096:
            self._cache.clear()
        self._cache[word] = result
        return result


    def associated(self, word: str) -> list[tuple[str, float]]:
        """The words that keep ``word`` company in this corpus (:mod:`kb.index.cooccur`), with their
        score: evidence for ranking (feature ``assoc``), not searched for (as expansions they lost
        paraphrases on the development set)."""
        return [(a, s) for a, s in self.associates.get(word, ()) if a != word and a in self.vocab]

    def neighbours(self, word: str) -> list[tuple[str, float]]:
        """Up to ``NEAR_LIMIT`` words of the index nearest to ``word`` (cosine at least
        ``NEAR_MIN_SIMILARITY``, most similar first; not the word, nor a word it holds or is held in)."""
        if word in self._near:
            return self._near[word]
        out: list[tuple[str, float]] = []
        v = self.vectors.vector(word) if self.vectors is not None and len(word) >= 2 else None
        if v is not None and self._sub is not None:
            sims = self._sub @ v
            k = min(len(sims) - 1, NEAR_LIMIT * 2)
            top = np.argpartition(-sims, k)[:k + 1] if k > 0 else np.arange(len(sims))
            for i in sorted(top, key=lambda i: -sims[i]):
                w, sim = self._words[int(i)], float(sims[int(i)])
                if sim < NEAR_MIN_SIMILARITY or len(out) >= NEAR_LIMIT:
                    break
                if w != word and word not in w and w not in word:
                    out.append((w, sim))
        if len(self._near) > 4096:
            self._near.clear()
        self._near[word] = out
        return out

    def cilin(self, word: str, v: np.ndarray | None) -> list[str]:
        """The word's 词林 synonyms the index knows, most similar by vector first (a 词林 group mixes the
        senses of a word: 机关 = 机密 = 天机; the limit keeps the nearest).  Dropping the dissimilar
        ones (cosine < 0.45) was measured and lost paraphrases on the development set."""
        found = [s for s in self.synonyms.get(word, ()) if s != word and s in self.vocab]
        if v is None or self.vectors is None:
            return found
        scored = []
        for n, s in enumerate(found):
            u = self.vectors.vector(s)
            sim = -1.0 if u is None else float(u @ v)  # no vector: after the rest
            scored.append((-sim, n, s))
        return [s for _sim, _n, s in sorted(scored)]


ExpanderFactory = Callable[[Iterable[str]], Expander]


def index_expander(vocabulary: Iterable[str], associates: Mapping[str, list[tuple[str, float]]] | None = None
                   ) -> Expander | None:
    """The expander over an index's words with every resource there is: kb's office vocabulary, the
    词林, the word vectors (:func:`resources`) and the index's associates; None with none of them."""
    vectors, cilin = resources()
    table = load_office_vocab()
    if vectors is None and not cilin and not table:
        return None
    return Expander(vocabulary, vectors, cilin, table=table, associates=associates)


_preload_lock = threading.Lock()
_preloader: threading.Thread | None = None


def preload(*also: Callable[[], object]) -> None:
    """Start reading the resources (and running ``also``, e.g. loading the segmenter) in a background
    thread, once per process, so that a search opened now finds them ready (:func:`resources`)."""
    global _preloader
    with _preload_lock:
        if _preloader is not None:
            return

        def run() -> None:
            try:
                word_vectors()
                cilin_groups()
                for fn in also:
                    fn()
            except Exception as exc:  # the search reads them again in its own thread and reports there
                log.debug("preloading the semantic resources failed (%s)", exc)

        _preloader = threading.Thread(target=run, name="kb-semantic-preload", daemon=True)
        _preloader.start()


def resources() -> tuple[WordVectors | None, Mapping[str, tuple[str, ...]]]:
    """The word vectors and the 词林 groups, once a :func:`preload` running meanwhile has finished."""
    t = _preloader
    if t is not None and t.is_alive() and t is not threading.current_thread():
        t.join()
    return word_vectors(), cilin_groups()
