"""Text analysis shared by indexing and querying: the only module that imports jieba (or rjieba).

Two token streams are produced from the same folded text (see ``kb.text.fold``):

- **words**: the segmenter's precise cut, numbered by *ordinal* position (so Whoosh phrase queries
  work); at index time a long word's dictionary sub-words are added at the word's own position
  (机关作风 also yields 机关, 作风), so a query cut differently still meets it.  Stop words and
  punctuation are dropped but keep their positions.
- **bigrams**: every pair of adjacent non-space characters, punctuation included, with ordinal
  positions.  A quoted query becomes a phrase of its bigrams, which matches exactly the passages
  that contain that text (after folding).

The user dictionary, stop words and the segmenter's name are hashed into ``analysis_fingerprint``,
which the index records: a change makes the index stale and kb says how to rebuild.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, cast

from whoosh.analysis import Analyzer, Token, Tokenizer

from kb.errors import ConfigError
from kb.text import fold

#: bump when tokenisation changes in a way that needs a rebuild
ANALYZER_VERSION = "1"
SEGMENTERS = ("jieba", "rjieba")
DATA_DIR = Path(__file__).parent / "data"

log = logging.getLogger(__name__)

_PUNCT_RE = re.compile(r"^[\W_]+$", re.UNICODE)


def data_file(name: str) -> Path:
    return DATA_DIR / name


def _lines(path: Path) -> list[str]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@lru_cache(maxsize=4)
def userdict_entries(path: Path | None = None) -> tuple[tuple[str, int | None, str | None], ...]:
    entries = []
    for line in _lines(path or data_file("userdict.txt")):
        parts = line.split()
        word = fold(parts[0])
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        entries.append((word, freq, tag))
    return tuple(entries)


@lru_cache(maxsize=4)
def stopwords(path: Path | None = None) -> frozenset[str]:
    return frozenset(fold(w) for w in _lines(path or data_file("stopwords.txt")))


def analysis_fingerprint(segmenter: str) -> str:
    """A hash of everything that decides how text becomes tokens."""
    h = hashlib.sha256()
    h.update(f"analyzer={ANALYZER_VERSION};segmenter={segmenter};".encode())
    for name in ("userdict.txt", "stopwords.txt"):
        h.update(data_file(name).read_bytes())
    return h.hexdigest()[:16]


class Segmenter(Protocol):
    name: str

    def cut(self, text: str) -> list[tuple[str, int, int]]:
        """Precise-mode words of ``text`` with their character offsets."""

    def has_word(self, word: str) -> bool: ...


class _JiebaSegmenter:
    name = "jieba"

    def __init__(self) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._tk = jieba.Tokenizer()
        self._tk.initialize()
        for word, freq, tag in userdict_entries():
            self._tk.add_word(word, freq, tag)

    def cut(self, text: str) -> list[tuple[str, int, int]]:
        return list(self._tk.tokenize(text, HMM=True))

    def has_word(self, word: str) -> bool:
        return bool(self._tk.FREQ.get(word))


class _RJiebaSegmenter:
    name = "rjieba"

    def __init__(self) -> None:
        import rjieba

        self._jb = rjieba.Jieba()
        for word, freq, tag in userdict_entries():
            self._jb.add_word(word, freq, tag)

    def cut(self, text: str) -> list[tuple[str, int, int]]:
        return list(self._jb.tokenize(text, mode="default", hmm=True))

    def has_word(self, word: str) -> bool:
        return bool(self._jb.has_word(word))


_segmenters: dict[str, Segmenter] = {}
_lock = threading.Lock()


def get_segmenter(name: str = "jieba") -> Segmenter:
    if name not in SEGMENTERS:
        raise ConfigError(f"unknown segmenter {name!r}", fix=f"set segmenter to one of {', '.join(SEGMENTERS)}")
    seg = _segmenters.get(name)
    if seg is None:
        with _lock:
            seg = _segmenters.get(name)
            if seg is None:
                seg = _JiebaSegmenter() if name == "jieba" else _RJiebaSegmenter()
                _segmenters[name] = seg
    return seg


def is_punct(word: str) -> bool:
    return bool(_PUNCT_RE.match(word))


def word_tokens(text: str, segmenter: str = "jieba", index: bool = True,
                keep_stops: bool = False) -> Iterator[tuple[str, int, int, int]]:
    """(word, position, start, end) for ``text``; ``index`` adds sub-words at the word's position."""
    seg = get_segmenter(segmenter)
    folded = fold(text)
    stops = stopwords()
    pos = -1
    for word, start, end in seg.cut(folded):
        if word.isspace() or not word.strip():
            continue
        pos += 1
        word = word.strip()
        if is_punct(word):
            continue
        if not keep_stops and word in stops:
            continue
        if index and len(word) > 2:
            n = len(word)
            for size in (2, 3):
                if size >= n:
                    break
                for i in range(n - size + 1):
                    sub = word[i:i + size]
                    if seg.has_word(sub):
                        yield sub, pos, start + i, start + i + size
        yield word, pos, start, end


def query_words(text: str, segmenter: str = "jieba") -> list[str]:
    """The distinct words of a query in order (precise cut, no stop words or punctuation)."""
    seen: dict[str, None] = {}
    for word, _pos, _s, _e in word_tokens(text, segmenter, index=False):
        seen.setdefault(word, None)
    return list(seen)


def bigram_tokens(text: str) -> Iterator[tuple[str, int, int, int]]:
    """(bigram, position, start, end) over the non-space characters of the folded text."""
    folded = fold(text)
    idx = [i for i, c in enumerate(folded) if not c.isspace()]
    if len(idx) == 1:
        i = idx[0]
        yield folded[i], 0, i, i + 1
        return
    for pos in range(len(idx) - 1):
        a, b = idx[pos], idx[pos + 1]
        yield folded[a] + folded[b], pos, a, b + 1


def bigrams(text: str) -> list[str]:
    return [t for t, _p, _s, _e in bigram_tokens(text)]


# --- word tokens computed ahead of the index writer ----------------------------------------------
#: (segmenter, text) -> index-mode word tokens, computed in kb.ingest.workers's build workers and read (once)
#: by WordTokenizer, so the single writer process does not segment again what a worker already did
_ahead: dict[tuple[str, str], list[tuple[str, int, int, int]]] = {}
AHEAD_MAX = 50_000


def tokens_ahead(texts: list[str], segmenter: str) -> list[list[tuple[str, int, int, int]]]:
    """Index-mode word tokens of each text (what WordTokenizer would produce for it)."""
    return [list(word_tokens(t, segmenter)) for t in texts]


def remember_tokens(segmenter: str, texts: list[str], tokens: list[list[tuple[str, int, int, int]]]) -> None:
    if len(_ahead) > AHEAD_MAX:  # never consumed (a failed batch): do not grow without bound
        _ahead.clear()
    for text, toks in zip(texts, tokens, strict=True):
        _ahead[(segmenter, text)] = toks


@lru_cache(maxsize=4096)
def _short_tokens(text: str, segmenter: str) -> tuple[tuple[str, int, int, int], ...]:
    """Titles and headings repeat on every passage of a document: segment each once."""
    return tuple(word_tokens(text, segmenter))


class _KbTokenizer(Tokenizer):
    """Base of the two Whoosh tokenizers; pickled into the index schema, so it keeps only names."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(sorted(self.__dict__.items()))))

    def _emit(self, items: Iterator[tuple[str, int, int, int]], positions: bool, chars: bool,
              keeporiginal: bool, removestops: bool, start_pos: int, start_char: int,
              **kwargs: Any) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, **kwargs)
        for text, pos, start, end in items:
            t.text = text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                setattr(t, "original", text)  # noqa: B010 - Token declares no such attribute
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


class WordTokenizer(_KbTokenizer):
    def __init__(self, segmenter: str = "jieba") -> None:
        self.segmenter = segmenter

    def __call__(self, value: str, positions: bool = False, chars: bool = False,  # type: ignore[override]
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs: Any) -> Iterator[Token]:
        if not tokenize:
            items: Iterator[tuple[str, int, int, int]] = iter([(fold(value), 0, 0, len(value))])
        elif mode == "query":
            items = word_tokens(value, self.segmenter, index=False)
        else:
            ahead = _ahead.pop((self.segmenter, value), None)
            if ahead is not None:
                items = iter(ahead)
            elif len(value) <= 80:
                items = iter(_short_tokens(value, self.segmenter))
            else:
                items = word_tokens(value, self.segmenter)
        return self._emit(items, positions, chars, keeporiginal, removestops, start_pos, start_char,
                          mode=mode, **kwargs)


class BigramTokenizer(_KbTokenizer):
    def __call__(self, value: str, positions: bool = False, chars: bool = False,  # type: ignore[override]
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs: Any) -> Iterator[Token]:
        items = bigram_tokens(value) if tokenize else iter([(fold(value), 0, 0, len(value))])
        return self._emit(items, positions, chars, keeporiginal, removestops, start_pos, start_char,
                          mode=mode, **kwargs)


def word_analyzer(segmenter: str = "jieba") -> Analyzer:
    """The word analyzer for a Whoosh field (a tokenizer is a complete analyzer here)."""
    return cast(Analyzer, WordTokenizer(segmenter))


def bigram_analyzer() -> Analyzer:
    return cast(Analyzer, BigramTokenizer())
