"""Passage vectors: what a passage is about as one unit vector, a ranking feature beside the words.

A paraphrase shares few words with the passage it means, but its words lie near the passage's words
in the word vectors of cnsyn (:func:`kb.search.semantic.word_vectors`).  After an ingest or rebuild,
:func:`refresh_store` cuts every indexed passage (its own heading and its text) into words (the query
cut: precise, no stop words) and stores its **passage vector**: the idf-weighted mean of its words'
unit vectors, itself scaled to unit length (:func:`mean_vector`; idf of the index's word field, as
for a query's words).  A query's vector is the same mean over its ranked words with their query
weights (a question's frame words count little; a word without a vector by its pieces:
:func:`query_weights`).  At search time each re-ranked candidate's cosine with the query vector is
the ranking feature ``vector`` (:mod:`kb.search.rank`), weighted like the others by the fit on the
development set: a dot product of 75 numbers per candidate.

Measured and dropped: adding the 50 passages nearest the query by vector (over the whole matrix) to
the lexical candidates.  On the development queries (judged/dev + judged2/dev) none of them reached
a top 10 as a relevant passage (nDCG@10 the same with and without them), and fetching and
re-ranking them cost about 60 ms a query at 8,000 passages.

Stored in the index generation as one ``passage_vectors.npz`` (written to a temporary file, then
renamed): ``matrix`` (float32, one row a passage), ``pids`` and ``fps`` (each passage's id and
fingerprint, so a later ingest cuts only new or changed passages) and ``meta`` (the source of the
word vectors it was built with: other word vectors mean a rebuild of the whole file).  It is read with
``numpy.load(allow_pickle=False)``: nothing is ever unpickled.  An index without the file, or whose
file cannot be read, searches by its words alone.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from kb.analysis import query_words, tokens_computed
from kb.index.schema import REC_PASSAGE
from kb.index.store import IndexStore
from kb.search.semantic import WordVectors, word_vectors

log = logging.getLogger(__name__)

FILE = "passage_vectors.npz"
#: the format of the file (bump when what a row means changes)
FORMAT = "kb-passage-vectors-1"


@dataclass(frozen=True)
class PassageVectors:
    """The passage vectors of one index generation."""

    pids: tuple[str, ...]
    #: unit rows, float32, in the order of ``pids``
    matrix: np.ndarray
    fps: tuple[str, ...] = ()
    source: str = ""

    def row_of(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.pids)}


def mean_vector(weights: Mapping[str, float], wv: WordVectors) -> np.ndarray | None:
    """The unit-length weighted mean of the vectors of ``weights``' words (None when none has one)."""
    acc: np.ndarray | None = None
    for w, wt in weights.items():
        v = wv.vector(w)
        if v is None or wt <= 0:
            continue
        acc = v * wt if acc is None else acc + v * wt
    if acc is None:
        return None
    norm = float(np.linalg.norm(acc))
    return (acc / norm).astype(np.float32) if norm > 0 else None


def query_weights(weights: Mapping[str, float], alts: Mapping[str, list[tuple[str, float]]],
                  wv: WordVectors) -> dict[str, float]:
    """The words a query vector is made of, with their weights: each ranked word that has a vector,
    else its sub-words that have one (``Plan.alts``: 督促检查 -> 督促, 检查) at the word's weight times
    their credit, else the longest pieces of it that have one (:func:`pieces`), by their share of it."""
    out: dict[str, float] = {}
    for w, wt in weights.items():
        if wv.vector(w) is not None:
            out[w] = out.get(w, 0.0) + wt
            continue
        parts = [(sub, credit) for sub, credit in alts.get(w, []) if wv.vector(sub) is not None]
        for sub, credit in parts or [(p, len(p) / len(w)) for p in pieces(w, wv)]:
            out[sub] = out.get(sub, 0.0) + wt * credit
    return out


def pieces(word: str, wv: WordVectors) -> list[str]:
    """``word`` cut left to right into the longest pieces (two characters or more) that have a vector."""
    out, i = [], 0
    while i < len(word) - 1:
        j = next((j for j in range(len(word), i + 1, -1) if wv.vector(word[i:j]) is not None), 0)
        if j:
            out.append(word[i:j])
            i = j
        else:
            i += 1
    return out


#: the text words of passages an ingest has just built, taken from the tokens their build worker
#: computed (:func:`remember_words`) and consumed once by :func:`passage_words`: the refresh after the
#: commit does not cut them again (0.67 ms of a core a passage, measured).  Keyed by a digest of the text.
_words_ahead: dict[tuple[str, bytes], str] = {}
WORDS_AHEAD_MAX = 300_000
_SEP = "\x00"


def _text_key(text: str, segmenter: str) -> tuple[str, bytes]:
    return segmenter, hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def words_of_tokens(tokens: Iterable[tuple[str, int, int, int]]) -> list[str]:
    """:func:`kb.analysis.query_words` of a text, from its index-mode tokens: the index mode puts a long
    word's sub-words before it at its position, so the last token at each position is the query cut's."""
    last: dict[int, str] = {}
    for w, pos, _s, _e in tokens:
        last[pos] = w
    return list(dict.fromkeys(last.values()))


def remember_words(texts: Iterable[str], segmenter: str) -> int:
    """Keep the words of those ``texts`` whose tokens a build worker computed (at most
    ``WORDS_AHEAD_MAX`` passages: the others are cut at the refresh); how many were kept."""
    n = 0
    for text in texts:
        if len(_words_ahead) >= WORDS_AHEAD_MAX:
            break
        toks = tokens_computed(text, segmenter)
        if toks is None or _SEP in text:
            continue
        _words_ahead[_text_key(text, segmenter)] = _SEP.join(words_of_tokens(toks))
        n += 1
    return n


def forget_words() -> None:
    _words_ahead.clear()


@lru_cache(maxsize=4096)
def _heading_words(heading: str, segmenter: str) -> tuple[str, ...]:
    return tuple(query_words(heading, segmenter))


def passage_words(text: str, heading: str, segmenter: str) -> list[str]:
    """The words a passage vector is made of: those of its own heading and its text (query cut; the
    cut stops at the line break, so the heading's words and the text's are cut apart)."""
    ahead = _words_ahead.pop(_text_key(text, segmenter), None) if _words_ahead else None
    if ahead is None:
        return query_words(f"{heading}\n{text}" if heading else text, segmenter)
    words = ahead.split(_SEP) if ahead else []
    return list(dict.fromkeys([*_heading_words(heading, segmenter), *words])) if heading else words


@lru_cache(maxsize=8192)
def _candidate_words(text: str, heading: str, segmenter: str) -> tuple[str, ...]:
    """:func:`passage_words` of a search candidate, remembered: the same passages come back as
    candidates query after query, and cutting them is the cost of this path."""
    return tuple(passage_words(text, heading, segmenter))


def build(bags: list[list[str]] | list[tuple[str, ...]], wv: WordVectors, idf: Callable[[str], float]) -> np.ndarray:
    """One unit row per bag of words, each word weighted by its count times ``idf``; a bag without
    vectors gets a zero row."""
    out = np.zeros((len(bags), wv.matrix.shape[1]), dtype=np.float32)
    for i, bag in enumerate(bags):
        v = mean_vector({w: c * idf(w) for w, c in Counter(bag).items()}, wv)
        if v is not None:
            out[i] = v
    return out


def vectors_source(wv: WordVectors) -> str:
    """Names the word vectors a file was built with (their count and dimensions)."""
    return f"{FORMAT} words={len(wv.words)} dims={wv.matrix.shape[1]}"


def save(path: Path, pv: PassageVectors) -> None:
    """Write ``pv`` to ``path`` atomically (a temporary file in the same folder, then renamed)."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, matrix=np.ascontiguousarray(pv.matrix, dtype=np.float32),
                     pids=np.array(pv.pids, dtype=str), fps=np.array(pv.fps, dtype=str),
                     meta=np.array([pv.source], dtype=str))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(gen_dir: Path | None, name: str = FILE) -> PassageVectors | None:
    """The passage vectors stored in an index generation as ``name`` (None when it has none, or they
    cannot be read)."""
    if gen_dir is None:
        return None
    path = gen_dir / name
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            matrix, pids, fps, meta = z["matrix"], z["pids"], z["fps"], z["meta"]
    except (OSError, ValueError, KeyError, EOFError) as exc:
        log.warning("the passage vectors in %s cannot be read (%s): search goes on by words alone", path, exc)
        return None
    if matrix.dtype != np.float32 or matrix.ndim != 2 or matrix.shape[0] != len(pids) or len(fps) != len(pids):
        log.warning("the passage vectors in %s do not match their ids: search goes on by words alone", path)
        return None
    return PassageVectors(tuple(str(p) for p in pids), matrix, tuple(str(f) for f in fps),
                          str(meta[0]) if len(meta) else "")


@dataclass(frozen=True)
class Row:
    """An indexed passage as the vectors see it."""

    pid: str
    fp: str
    text: str
    heading: str


def refresh(gen_dir: Path | None, rows: Iterable[Row], idf: Callable[[str], float], segmenter: str = "jieba",
            wv: WordVectors | None = None) -> int:
    """Write the vectors of ``rows`` (the index's passages) into ``gen_dir``, words weighted by ``idf``
    (the index's own, as for queries).  A passage whose id and fingerprint are those of a row already
    in the file there keeps its vector (built with the same word vectors); the others are cut.
    Returns how many passages were cut."""
    wv = wv if wv is not None else word_vectors()
    if gen_dir is None or not gen_dir.is_dir() or wv is None:
        return 0
    rows = list(rows)
    old = load(gen_dir)
    source = vectors_source(wv)
    keep: dict[tuple[str, str], np.ndarray] = {}
    if old is not None and old.source == source:
        keep = {(p, f): old.matrix[i] for i, (p, f) in enumerate(zip(old.pids, old.fps, strict=True))}
    fresh = [r for r in rows if (r.pid, r.fp) not in keep]
    if old is not None and not fresh and old.pids == tuple(r.pid for r in rows):
        return 0
    made = dict(zip(((r.pid, r.fp) for r in fresh),
                    build([passage_words(r.text, r.heading, segmenter) for r in fresh], wv, idf), strict=True))
    matrix = np.zeros((len(rows), wv.matrix.shape[1]), dtype=np.float32)
    for i, r in enumerate(rows):
        v = keep.get((r.pid, r.fp))
        matrix[i] = v if v is not None else made[(r.pid, r.fp)]
    save(gen_dir / FILE, PassageVectors(tuple(r.pid for r in rows), matrix, tuple(r.fp for r in rows), source))
    return len(fresh)


def stored(store: IndexStore) -> bool:
    """Whether ``store``'s generation holds passage vectors."""
    gen = store.current_dir()
    return gen is not None and (gen / FILE).is_file()


def refresh_store(store: IndexStore) -> int:
    """:func:`refresh` on the passages of ``store``'s generation (after an ingest commits).  A file
    that cannot be written is logged, never an ingest failure: search goes on by words alone; so
    does a search without the word vectors (cnsyn not installed): then nothing is read."""
    try:
        return _refresh_store(store)
    finally:
        forget_words()  # what was not consumed (unchanged passages, no word vectors) is not kept


def _refresh_store(store: IndexStore) -> int:
    gen = store.current_dir()
    wv = word_vectors()
    if gen is None or wv is None:
        return 0
    ix = store.open(check=False)
    try:
        with ix.searcher() as s:
            rows = [Row(str(f["pid"]), str(f.get("fp", "")), str(f.get("text", "")),
                        _own_heading(f.get("heading", "")))
                    for f in s.documents(rec=REC_PASSAGE)]
            rows.sort(key=lambda r: r.pid)
            reader, n = s.reader(), max(1, s.doc_count())

            def idf(word: str) -> float:
                return math.log(1 + n / (1 + int(reader.doc_frequency("text", word))))

            try:
                return refresh(gen, rows, idf, store.segmenter(), wv)
            except OSError as exc:
                log.warning("the passage vectors of %s were not written (%s): search goes on by words alone",
                            gen, exc)
                return 0
    finally:
        ix.close()


def _own_heading(heading: object) -> str:
    return str(heading or "").split(" > ")[-1]


@dataclass(frozen=True)
class Nearness:
    """One query's vector against the passage vectors of an index."""

    pv: PassageVectors
    rows: Mapping[str, int]
    #: the query's unit vector
    query: np.ndarray

    def of(self, pid: str) -> float:
        """The cosine of passage ``pid`` with the query, at least 0 (0 for a passage without a vector)."""
        i = self.rows.get(pid)
        return max(0.0, float(self.pv.matrix[i] @ self.query)) if i is not None else 0.0

    def top(self, k: int, at_least: float = 0.0) -> list[str]:
        """The ids of the ``k`` passages nearest the query (cosine above ``at_least``), nearest first."""
        n = len(self.pv.pids)
        if k <= 0 or not n:
            return []
        cos = self.pv.matrix @ self.query
        idx = np.argpartition(-cos, k - 1)[:k] if k < n else np.arange(n)
        idx = idx[np.argsort(-cos[idx], kind="stable")]
        return [self.pv.pids[i] for i in idx if cos[i] > at_least]


def nearness(pv: PassageVectors | None, rows: Mapping[str, int], weights: Mapping[str, float],
             wv: WordVectors | None, alts: Mapping[str, list[tuple[str, float]]] | None = None) -> Nearness | None:
    """The query of ranked words ``weights`` (with their sub-words ``alts``: :func:`query_weights`)
    against the passage vectors ``pv`` (``rows``: their :meth:`PassageVectors.row_of`); None without
    vectors, or when no query word has one."""
    if pv is None or wv is None or not len(pv.pids):
        return None
    q = mean_vector(query_weights(weights, alts or {}, wv), wv)
    if q is None or q.shape[0] != pv.matrix.shape[1]:
        return None
    return Nearness(pv, rows, q)


class VersionedVectors:
    """Passage vectors of the index version a Searcher reads, loaded once per version: ``name`` is the
    file in the generation's folder, ``source`` the format they must have (any when empty)."""

    def __init__(self, name: str = FILE, source: str = "") -> None:
        self._name, self._source = name, source
        self._key: str | None = None
        self._pv: PassageVectors | None = None
        self._rows: dict[str, int] = {}
        self._lock = threading.Lock()

    def current(self, gen_dir: Path | None, key: str) -> tuple[PassageVectors | None, dict[str, int]]:
        """The vectors of version ``key`` (read from ``gen_dir`` when the version changed) and their rows."""
        with self._lock:
            if self._key != key:
                pv = load(gen_dir, self._name)
                self._pv = pv if pv is not None and (not self._source or pv.source == self._source) else None
                self._rows = self._pv.row_of() if self._pv is not None else {}
                self._key = key
            return self._pv, self._rows


class VectorCache(VersionedVectors):
    """The word-vector passage vectors of the index version a Searcher reads."""

    def nearness(self, gen_dir: Path | None, key: str, weights: Mapping[str, float],
                 alts: Mapping[str, list[tuple[str, float]]]) -> Nearness | None:
        pv, rows = self.current(gen_dir, key)
        return nearness(pv, rows, weights, word_vectors() if pv is not None else None, alts)


def candidate_nearness(fields: list[dict[str, object]], weights: Mapping[str, float],
                       alts: Mapping[str, list[tuple[str, float]]], idf: Callable[[str], float],
                       segmenter: str = "jieba",
                       prefetch: Callable[[list[str]], None] | None = None) -> Nearness | None:
    """:func:`nearness` for a backend without stored passage vectors (the distributed engine): the
    vectors of these candidates' stored ``fields`` only, built as :func:`refresh_store` builds them
    (``prefetch`` is told every word first, so their document frequencies are fetched at once)."""
    wv = word_vectors()
    if wv is None or not fields:
        return None
    bags = [_candidate_words(str(f.get("text", "")), _own_heading(f.get("heading", "")), segmenter) for f in fields]
    if prefetch is not None:
        prefetch(sorted({w for bag in bags for w in bag}))
    pv = PassageVectors(tuple(str(f["pid"]) for f in fields), build(bags, wv, idf))
    return nearness(pv, pv.row_of(), weights, wv, alts)
