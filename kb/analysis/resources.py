"""What decides how text becomes tokens, besides the code: the user dictionary, the stop words, the
segmenter's name and the analyzer version, hashed into ``analysis_fingerprint`` (recorded with the
index: a change makes the index stale and kb says how to rebuild)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from kb.text import fold

#: bump when tokenisation changes in a way that needs a rebuild
#: 2: the word analyzer became a chain (kb.analysis.chain.WordAnalyzer); the schema pickles new classes
ANALYZER_VERSION = "2"
SEGMENTERS = ("jieba", "rjieba")
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def data_file(name: str) -> Path:
    """A file of kb's editable data (kb/data): dictionaries, stop words, rules."""
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
    """``(word, frequency or None, tag or None)`` of the user dictionary, words folded."""
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
    """The stop words (folded): dropped from word tokens, their positions kept."""
    return frozenset(fold(w) for w in _lines(path or data_file("stopwords.txt")))


def analysis_fingerprint(segmenter: str) -> str:
    """A hash of everything that decides how text becomes tokens."""
    h = hashlib.sha256()
    h.update(f"analyzer={ANALYZER_VERSION};segmenter={segmenter};".encode())
    for name in ("userdict.txt", "stopwords.txt"):
        h.update(data_file(name).read_bytes())
    return h.hexdigest()[:16]
