"""The analysis chain, in Whoosh's own manner: a tokenizer and small filters, one job each.

Word field (one :class:`WordAnalyzer`, the same object for documents and queries)::

    SegmentTokenizer | PunctuationFilter | StopwordFilter | SubwordFilter

- :class:`SegmentTokenizer` folds the text (``kb.text.fold``: one character for one, so offsets stay
  offsets into the original) and emits the segmenter's precise cut, *every* segment numbered by
  ordinal position (Whoosh phrase queries compare ordinals, CHINESE-SEARCH.md 1);
- :class:`PunctuationFilter` drops segments that are only punctuation, keeping the others' positions;
- :class:`StopwordFilter` drops stop words (kb/data/stopwords.txt), keeping positions;
- :class:`SubwordFilter`, for documents only (Whoosh calls analyzers with ``mode="index"``), puts a
  long word's dictionary sub-words of 2 and 3 characters at the word's own position (机关作风 also
  yields 机关, 作风), so a query cut differently still meets it.

Bigram field: :class:`BigramTokenizer` alone: every pair of adjacent non-space characters of the folded
text, punctuation included, with ordinal positions; a quoted query is a phrase of its bigrams, which
matches exactly the passages that contain that text.

Ingestion segments passages in worker processes (kb.ingest.workers): the tokens they computed are
handed to :func:`remember_tokens` and the analyzer emits them instead of running the chain again, so
the single index writer only builds postings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, cast

from whoosh.analysis import Analyzer, Filter, Token, Tokenizer
from whoosh.analysis.analyzers import CompositeAnalyzer

from kb.analysis.resources import stopwords
from kb.analysis.segmenters import get_segmenter, search_mode_cut
from kb.text import fold

#: (word, position, start, end): what the chain yields, as plain tuples
TokenTuple = tuple[str, int, int, int]

_PUNCT_RE = re.compile(r"^[\W_]+$", re.UNICODE)
#: sub-words of these lengths are added for longer words
SUBWORD_SIZES = (2, 3)


def is_punct(word: str) -> bool:
    """A segment made only of punctuation and symbols."""
    return bool(_PUNCT_RE.match(word))


class _Names:
    """Equality and hashing by attributes: the tokenizers are pickled into the index schema, so they
    keep only names (the segmenter is looked up, not stored)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(sorted(self.__dict__.items()))))


def _emit(items: Iterable[TokenTuple], positions: bool = False, chars: bool = False, keeporiginal: bool = False,
          removestops: bool = True, start_pos: int = 0, start_char: int = 0, **kwargs: Any) -> Iterator[Token]:
    """Whoosh tokens (one reused object, as Whoosh's own tokenizers do) from token tuples."""
    t = Token(positions, chars, removestops=removestops, **kwargs)
    for text, pos, start, end in items:
        t.text = text
        t.boost = 1.0
        t.stopped = False
        if keeporiginal:
            setattr(t, "original", text)  # noqa: B010 - Token declares no such attribute
        t.pos = start_pos + pos
        t.startchar = start_char + start
        t.endchar = start_char + end
        yield t


class SegmentTokenizer(_Names, Tokenizer):
    """Folded text -> every segment of the precise cut, with ordinal positions and character offsets."""

    def __init__(self, segmenter: str = "jieba") -> None:
        self.segmenter = segmenter

    def segments(self, value: str) -> Iterator[TokenTuple]:
        pos = -1
        for word, start, end in get_segmenter(self.segmenter).cut(fold(value)):
            if not word.strip():
                continue
            pos += 1
            yield word.strip(), pos, start, end

    def __call__(self, value: str, positions: bool = False, chars: bool = False,  # type: ignore[override]
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs: Any) -> Iterator[Token]:
        items: Iterable[TokenTuple] = self.segments(value) if tokenize else [(fold(value), 0, 0, len(value))]
        return _emit(items, positions, chars, keeporiginal, removestops, start_pos, start_char, mode=mode, **kwargs)


class PunctuationFilter(_Names, Filter):
    """Drops tokens that are only punctuation; the other tokens keep their positions."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        for t in tokens:
            if not is_punct(t.text):
                yield t


class StopwordFilter(_Names, Filter):
    """Drops stop words (kb/data/stopwords.txt); the other tokens keep their positions."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        stops = stopwords()
        for t in tokens:
            if t.text not in stops:
                yield t


class SubwordFilter(_Names, Filter):
    """For documents (not queries): before a word longer than two characters, its dictionary
    sub-words of :data:`SUBWORD_SIZES` characters, each at the word's position."""

    def __init__(self, segmenter: str = "jieba") -> None:
        self.segmenter = segmenter

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        seg = get_segmenter(self.segmenter)
        for t in tokens:
            word = t.text
            n = len(word)
            if n > 2 and getattr(t, "mode", "") != "query":
                start, end = t.startchar, t.endchar
                for size in SUBWORD_SIZES:
                    if size >= n:
                        break
                    for i in range(n - size + 1):
                        sub = word[i:i + size]
                        if seg.has_word(sub):
                            t.text, t.startchar, t.endchar = sub, start + i, start + i + size
                            yield t
                t.text, t.startchar, t.endchar = word, start, end
            yield t


# --- word tokens computed ahead of the index writer ----------------------------------------------
#: (segmenter, text) -> index-mode tokens computed in a build worker, emitted (once) by the analyzer
_ahead: dict[tuple[str, str], list[TokenTuple]] = {}
AHEAD_MAX = 50_000
#: texts up to this long (titles, headings: they repeat on every passage of a document) are cached
SHORT_TEXT = 80


class WordAnalyzer(CompositeAnalyzer):
    """The word analyzer: ``SegmentTokenizer | PunctuationFilter | StopwordFilter | SubwordFilter``."""

    def __init__(self, segmenter: str = "jieba") -> None:
        super().__init__(SegmentTokenizer(segmenter), PunctuationFilter(), StopwordFilter(), SubwordFilter(segmenter))
        self.segmenter = segmenter

    def chain(self, value: str, mode: str = "index") -> Iterator[TokenTuple]:
        """The chain's tokens for ``value`` as tuples (``mode="query"`` adds no sub-words)."""
        for t in CompositeAnalyzer.__call__(self, value, positions=True, chars=True, mode=mode):
            yield t.text, t.pos, t.startchar, t.endchar

    def __call__(self, value: str, no_morph: bool = False, **kwargs: Any) -> Iterator[Token]:  # type: ignore[override]
        if not kwargs.pop("tokenize", True):
            return _emit([(fold(value), 0, 0, len(value))], **kwargs)
        if kwargs.get("mode", "") == "query":
            return super().__call__(value, no_morph=no_morph, **kwargs)
        ahead = _ahead.pop((self.segmenter, value), None)
        if ahead is None:
            ahead = list(_short_tokens(value, self.segmenter)) if len(value) <= SHORT_TEXT else None
        if ahead is None:
            return super().__call__(value, no_morph=no_morph, **kwargs)
        return _emit(ahead, **kwargs)


@lru_cache(maxsize=8)
def word_analyzer(segmenter: str = "jieba") -> WordAnalyzer:
    """The one word analyzer for ``segmenter``, shared by the index schema and the query planner."""
    return WordAnalyzer(segmenter)


@lru_cache(maxsize=4096)
def _short_tokens(text: str, segmenter: str) -> tuple[TokenTuple, ...]:
    return tuple(word_analyzer(segmenter).chain(text))


def word_tokens(text: str, segmenter: str = "jieba", index: bool = True) -> Iterator[TokenTuple]:
    """(word, position, start, end) of ``text``: the word analyzer's chain, as documents (``index``)
    or as queries."""
    return word_analyzer(segmenter).chain(text, "index" if index else "query")


def query_words(text: str, segmenter: str = "jieba") -> list[str]:
    """The distinct words of a query in order (precise cut, no stop words or punctuation)."""
    seen: dict[str, None] = {}
    for word, _pos, _s, _e in word_tokens(text, segmenter, index=False):
        seen.setdefault(word, None)
    return list(seen)


def tokens_ahead(texts: list[str], segmenter: str) -> list[list[TokenTuple]]:
    """Index-mode word tokens of each text (what the word analyzer would produce for it)."""
    return [list(word_tokens(t, segmenter)) for t in texts]


def index_tokens(text: str, segmenter: str) -> list[TokenTuple]:
    """Index-mode word tokens of ``text`` as the Whoosh writer gets them: those a build worker
    computed ahead (consumed once), short texts (titles, headings) from a cache, else segmented now.
    The engine backend (:mod:`kb.engines.sphinxql`) writes its word fields from this too."""
    ahead = _ahead.pop((segmenter, text), None)
    if ahead is not None:
        return ahead
    if len(text) <= SHORT_TEXT:
        return list(_short_tokens(text, segmenter))
    return list(word_tokens(text, segmenter))


def tokens_computed(text: str, segmenter: str) -> list[TokenTuple] | None:
    """The index-mode tokens a build worker computed for ``text``, not yet consumed (left in place)."""
    return _ahead.get((segmenter, text))


def remember_tokens(segmenter: str, texts: list[str], tokens: list[list[TokenTuple]]) -> None:
    """Hand tokens computed in a worker to the analyzer, which emits them once instead of segmenting."""
    if len(_ahead) > AHEAD_MAX:  # never consumed (a failed batch): do not grow without bound
        _ahead.clear()
    for text, toks in zip(texts, tokens, strict=True):
        _ahead[(segmenter, text)] = toks


class BigramTokenizer(_Names, Tokenizer):
    """Folded text -> every pair of adjacent non-space characters, with ordinal positions."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False,  # type: ignore[override]
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs: Any) -> Iterator[Token]:
        items = bigram_tokens(value) if tokenize else iter([(fold(value), 0, 0, len(value))])
        return _emit(items, positions, chars, keeporiginal, removestops, start_pos, start_char, mode=mode, **kwargs)


def bigram_tokens(text: str) -> Iterator[TokenTuple]:
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
    """The bigrams of ``text`` in order."""
    return [t for t, _p, _s, _e in bigram_tokens(text)]


def bigram_analyzer() -> Analyzer:
    """The bigram analyzer (a tokenizer is a complete analyzer)."""
    return cast(Analyzer, BigramTokenizer())


# --- the plain BM25 baseline's analysis (kb.search.baseline) --------------------------------------
def search_mode_words(text: str) -> list[str]:
    """jieba search-mode words of the folded text, without stop words and punctuation: the tokens of
    the plain BM25 baseline (:mod:`kb.search.baseline`), documents and queries alike."""
    stops = stopwords()
    out = []
    for word in search_mode_cut(fold(text)):
        w = word.strip()
        if w and not is_punct(w) and w not in stops:
            out.append(w)
    return out


class SearchModeTokenizer(_Names, Tokenizer):
    """jieba search mode, one ordinal position per token (the plain BM25 baseline's analyzer)."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False,  # type: ignore[override]
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs: Any) -> Iterator[Token]:
        words = search_mode_words(value) if tokenize else [fold(value)]
        items = ((w, i, 0, 0) for i, w in enumerate(words))
        return _emit(items, positions, False, keeporiginal, removestops, start_pos, start_char, mode=mode, **kwargs)


def search_mode_analyzer() -> Analyzer:
    """The baseline's analyzer (a tokenizer is a complete analyzer)."""
    return cast(Analyzer, SearchModeTokenizer())
