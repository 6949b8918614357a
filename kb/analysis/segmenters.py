"""The word segmenters (jieba, or rjieba, its Rust port), loaded once per process with kb's user
dictionary.  The only module of kb that imports jieba."""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from kb.analysis.resources import SEGMENTERS, userdict_entries
from kb.errors import ConfigError


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

    def cut_for_search(self, text: str) -> list[str]:
        """jieba's search mode: the precise cut plus the dictionary words inside long words."""
        return [w for w, _s, _e in self._tk.tokenize(text, mode="search", HMM=True)]


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
    """The segmenter called ``name``, loaded on first use (thread-safe)."""
    if name not in SEGMENTERS:
        raise ConfigError(f"没有名为 {name!r} 的分词方式", fix=f"把 segmenter 设为 {'、'.join(SEGMENTERS)} 之一")
    seg = _segmenters.get(name)
    if seg is None:
        with _lock:
            seg = _segmenters.get(name)
            if seg is None:
                seg = _JiebaSegmenter() if name == "jieba" else _RJiebaSegmenter()
                _segmenters[name] = seg
    return seg


def search_mode_cut(text: str) -> list[str]:
    """jieba search mode on ``text`` (always jieba: the plain BM25 baseline's tokens)."""
    seg = get_segmenter("jieba")
    assert isinstance(seg, _JiebaSegmenter)
    return seg.cut_for_search(text)


@lru_cache(maxsize=1)
def idioms() -> frozenset[str]:
    """jieba's dictionary words tagged as idioms (``i``, 成语: 水涨船高) or set phrases (``l``, 习用语:
    好事不出门, 事以密成), for the finders of sayings."""
    import jieba

    out = set()
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and parts[2] in ("i", "l"):
                out.add(parts[0])
    return frozenset(out)
