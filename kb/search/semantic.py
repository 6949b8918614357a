"""Meaning beyond the query's own words: synonym groups and word vectors that ship in packages.

Two resources, both Apache-2.0, installed from the package registry (``requirements-data.lock``), read
from the installed package's files; nothing is downloaded at run time:

- **同义词词林 (extended)**, the ``data/cilin_ex.txt`` of ``WordSimilarity`` 0.0.3: lines
  ``Hc03A01= 安置 安顿 安排``; ``=`` groups are synonyms, ``#`` groups related words, ``@`` single
  words.  :func:`cilin_groups` reads the ``=`` groups (plain text).
- **word vectors** of ``cnsyn`` 1.2.0 (129,691 words, 75 dimensions, from PaddleNLP's
  TokenEmbedding), shipped as a joblib pickle of a scikit-learn BallTree (``query/words_tree_mini.m``).
  That file is *never unpickled*: :func:`read_joblib_arrays` walks its opcodes with a pickle machine
  whose every global resolves to an inert local record (no class or function named by the file is
  ever imported or called) and reads the raw array bytes joblib wrote after each array header.

:class:`Expander` gives, for a query word, other words the index knows with a credit in 0..1:
synonyms from the 词林 and the nearest neighbours by cosine similarity among the index's own words.
"""

from __future__ import annotations

import importlib.metadata
import io
import logging
import pickle
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from kb.text import fold

log = logging.getLogger(__name__)

#: only neighbours at least this similar (cosine) are used
MIN_SIMILARITY = 0.62
#: at most this many expansions per query word
MAX_EXPANSIONS = 4
#: the credit of a 词林 synonym (a vector neighbour's credit is its similarity)
CILIN_CREDIT = 0.7


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


@lru_cache(maxsize=2)
def cilin_groups(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """word -> its synonyms (the other words of its ``=`` groups in the extended 词林), folded."""
    p = path or package_file("WordSimilarity", "data/cilin_ex.txt")
    if p is None:
        return {}
    out: dict[str, list[str]] = {}
    for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if len(parts) < 3 or not parts[0].endswith("="):
            continue
        words = [fold(w) for w in parts[1:]]
        for w in words:
            lst = out.setdefault(w, [])
            lst.extend(x for x in words if x != w and x not in lst)
    return {k: tuple(v) for k, v in out.items()}


# --- reading the arrays of a joblib pickle without unpickling it ---------------------------------
@dataclass
class _Record:
    """What a global of the file stands for here: only its name and the arguments it was given."""

    name: str
    args: tuple[Any, ...] = ()
    state: Any = None

    def __call__(self, *args: Any) -> _Record:
        return _Record(self.name, args)

    def __setstate__(self, state: Any) -> None:
        self.state = state


#: the names such a file may mention (besides scikit-learn's and numpy's): each becomes a _Record
_ALLOWED = {("joblib.numpy_pickle", "NumpyArrayWrapper")}


class _DataOnly(pickle._Unpickler):  # the pure-Python machine: its opcode table can be extended
    dispatch: dict[int, Any] = dict(pickle._Unpickler.dispatch)  # type: ignore[attr-defined, misc]
    stack: list[Any]
    append: Any

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED and not module.startswith(("sklearn.", "numpy")):
            raise pickle.UnpicklingError(f"{module}.{name} is not expected in a word vector file")
        return _Record(f"{module}.{name}")

    def _build(self) -> None:
        state = self.stack.pop()
        obj = self.stack[-1]
        if isinstance(obj, _Record):
            obj.state = state
            if obj.name == "joblib.numpy_pickle.NumpyArrayWrapper" and isinstance(state, dict):
                self.stack[-1] = _read_array(self._file_of_unpickler, state)
            return
        raise pickle.UnpicklingError("unexpected object state in a word vector file")

    dispatch[pickle.BUILD[0]] = _build

    def _newobj(self) -> None:
        args = self.stack.pop()
        cls = self.stack.pop()
        if not isinstance(cls, _Record):
            raise pickle.UnpicklingError("unexpected object in a word vector file")
        self.append(cls(*args))

    dispatch[pickle.NEWOBJ[0]] = _newobj

    def __init__(self, file: Any) -> None:
        super().__init__(file)
        self._file_of_unpickler = file


def _read_array(f: Any, state: dict[str, Any]) -> np.ndarray:
    dt = state.get("dtype")
    code = dt.args[0] if isinstance(dt, _Record) and dt.args else None
    if not isinstance(code, str) or not code[-1:].isdigit():
        raise pickle.UnpicklingError("an array of objects is not expected in a word vector file")
    dtype = np.dtype(code)
    shape = tuple(int(x) for x in state.get("shape", ()))
    count = int(np.prod(shape)) if shape else 1
    data = f.read(count * dtype.itemsize)
    if len(data) != count * dtype.itemsize:
        raise pickle.UnpicklingError("the word vector file is truncated")
    arr = np.frombuffer(data, dtype=dtype, count=count)
    return arr.reshape(shape, order=str(state.get("order", "C")))  # type: ignore[call-overload, no-any-return]


def read_joblib_arrays(path: Path) -> Any:
    """The object tree of a joblib file with its arrays as numpy arrays and everything else inert."""
    with open(path, "rb") as f:
        return _DataOnly(io.BufferedReader(f, buffer_size=1 << 20)).load()


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
        if p is not None:
            try:
                wv = _vectors_from(read_joblib_arrays(p))
            except (pickle.UnpicklingError, OSError, ValueError, EOFError, KeyError, TypeError) as exc:
                log.warning("word vectors in %s cannot be read (%s): search goes on without them", p, exc)
        if path is not None:
            return wv
        _vectors, _vectors_failed = wv, wv is None
        return wv


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
    index: dict[str, int] = {}
    for i, w in enumerate(words):
        index.setdefault(w, i)
    return WordVectors(words, index, m)


class Expander:
    """Other words for a query word, restricted to words the index has, each with a credit."""

    def __init__(self, vocabulary: Iterable[str], vectors: WordVectors | None,
                 synonyms: dict[str, tuple[str, ...]] | None = None,
                 min_similarity: float = MIN_SIMILARITY, limit: int = MAX_EXPANSIONS) -> None:
        self.vocab = {w for w in vocabulary if len(w) >= 2}
        self.synonyms = synonyms or {}
        self.vectors = vectors
        self.min_similarity, self.limit = min_similarity, limit
        self._cache: dict[str, list[tuple[str, float]]] = {}
        self._words: list[str] = []
        self._sub: np.ndarray | None = None
        if vectors is not None:
            ids = [(w, vectors.index[w]) for w in sorted(self.vocab) if w in vectors.index]
            self._words = [w for w, _ in ids]
            self._sub = vectors.matrix[[i for _, i in ids]] if ids else None

    def expansions(self, word: str) -> list[tuple[str, float]]:
        """Up to ``limit`` (word, credit): 词林 synonyms first, then vector neighbours."""
        if word in self._cache:
            return self._cache[word]
        out: dict[str, float] = {}
        for s in self.synonyms.get(word, ()):
            if s != word and s in self.vocab and len(out) < self.limit:
                out[s] = CILIN_CREDIT
        v = self.vectors.vector(word) if self.vectors is not None and len(word) >= 2 else None
        if v is not None and self._sub is not None and len(out) < self.limit:
            sims = self._sub @ v
            top = np.argsort(-sims)[: self.limit * 3]
            for i in top:
                w, sim = self._words[int(i)], float(sims[int(i)])
                if sim < self.min_similarity or len(out) >= self.limit:
                    break
                if w != word and word not in w and w not in word:
                    out[w] = max(out.get(w, 0.0), sim)
        result = sorted(out.items(), key=lambda kv: -kv[1])
        if len(self._cache) > 4096:
            self._cache.clear()
        self._cache[word] = result
        return result


ExpanderFactory = Callable[[Iterable[str]], Expander]
