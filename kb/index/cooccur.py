"""Words that keep each other company in this corpus, mined from the index when it is built.

A query in other words (a paraphrase) often shares no word with the passage it means, but its words
stand, elsewhere in the same corpus, beside the passage's words.  After an ingest or rebuild,
:func:`refresh` reads the indexed passages, cuts each into words (the query cut: precise, no stop
words), and counts for every pair of mid-frequency words how many passages hold both.  A word's
**associates** are the words whose passage sets overlap most with its own (cosine of the two sets,
``both / sqrt(df_a * df_b)``), at least ``MIN_PAIR`` passages together and ``MIN_SCORE`` similar,
``PER_WORD`` at most.  :class:`kb.search.semantic.Expander` offers them after the curated and 词林
synonyms, with their score as credit.

The cost is bounded whatever the corpus: at most ``MAX_PASSAGES`` passages are read (an even sample
of a larger index), each contributes its ``PER_PASSAGE`` rarest words, and words in more than
``MAX_DF_SHARE`` of the passages (grammar, the corpus's own subject) are not mined.  The result is
one UTF-8 file in the index generation (``associates.txt``: a header with the passage count it was
mined on, then ``word<TAB>other:score other:score``); it is mined again only when the passage count
has moved by ``REMINE_SHARE`` since (adding a file to a large corpus does not re-read it).  Searching
only reads that file, once per index version.
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

from kb.analysis import query_words
from kb.index.schema import REC_PASSAGE
from kb.index.store import IndexStore

log = logging.getLogger(__name__)

FILE = "associates.txt"
MAX_PASSAGES = 20000
PER_PASSAGE = 30
MIN_DF = 3
MAX_DF_SHARE = 0.05
MIN_PAIR = 3
MIN_SCORE = 0.25
PER_WORD = 4
REMINE_SHARE = 0.1
_HEADER = "# kb associates v1 passages="

Associates = dict[str, list[tuple[str, float]]]


def _content(word: str) -> bool:
    return len(word) >= 2 and not word.isascii() and not any(ch.isdigit() for ch in word)


def mine(texts: Iterable[str], segmenter: str = "jieba") -> Associates:
    """Each word's associates in ``texts`` (most similar first)."""
    bags = [{w for w in query_words(t, segmenter) if _content(w)} for t in texts]
    n = len(bags)
    df: Counter[str] = Counter(w for bag in bags for w in bag)
    top = max(MIN_DF, int(MAX_DF_SHARE * n))
    pairs: Counter[tuple[str, str]] = Counter()
    for bag in bags:
        kept = sorted((w for w in bag if MIN_DF <= df[w] <= top), key=lambda w: (df[w], w))[:PER_PASSAGE]
        pairs.update(combinations(sorted(kept), 2))
    out: dict[str, list[tuple[str, float]]] = {}
    for (a, b), both in pairs.items():
        if both < MIN_PAIR:
            continue
        s = both / math.sqrt(df[a] * df[b])
        if s >= MIN_SCORE:
            out.setdefault(a, []).append((b, s))
            out.setdefault(b, []).append((a, s))
    return {w: sorted(v, key=lambda x: (-x[1], x[0]))[:PER_WORD] for w, v in sorted(out.items())}


def write(path: Path, table: Associates, passages: int) -> None:
    lines = [f"{_HEADER}{passages}"]
    lines += [w + "\t" + " ".join(f"{o}:{s:.3f}" for o, s in v) for w, v in table.items()]
    fd, tmp = tempfile.mkstemp(prefix=FILE + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def mined_on(path: Path) -> int | None:
    """The passage count the file at ``path`` was mined on (None when there is none)."""
    try:
        with open(path, encoding="utf-8") as f:
            head = f.readline().strip()
    except OSError:
        return None
    return int(head[len(_HEADER):]) if head.startswith(_HEADER) and head[len(_HEADER):].isdigit() else None


def load(gen_dir: Path | None) -> Associates:
    """The associates stored in an index generation ({} when it has none or it cannot be read)."""
    if gen_dir is None:
        return {}
    out: Associates = {}
    try:
        text = (gen_dir / FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    for line in text.splitlines():
        word, _, rest = line.partition("\t")
        if not rest or line.startswith("#"):
            continue
        got = []
        for item in rest.split(" "):
            other, _, score = item.rpartition(":")
            try:
                got.append((other, float(score)))
            except ValueError:
                continue
        out[word] = got
    return out


def refresh(gen_dir: Path | None, texts: list[str], segmenter: str = "jieba") -> bool:
    """Mine ``texts`` (the index's passages) into ``gen_dir`` unless what is there was mined on a
    passage count within ``REMINE_SHARE`` of theirs; True when it mined."""
    if gen_dir is None or not gen_dir.is_dir():
        return False
    path = gen_dir / FILE
    before = mined_on(path)
    n = len(texts)
    if before is not None and abs(n - before) <= REMINE_SHARE * max(before, 1):
        return False
    step = max(1, math.ceil(n / MAX_PASSAGES))
    write(path, mine(texts[::step], segmenter), n)
    return True


def refresh_store(store: IndexStore) -> bool:
    """:func:`refresh` on the passages of ``store``'s generation (after an ingest commits).  A file
    that cannot be written is logged, never an ingest failure: search goes on without associates."""
    gen = store.current_dir()
    if gen is None:
        return False
    ix = store.open(check=False)
    try:
        with ix.searcher() as s:
            texts = [str(f.get("text", "")) for f in s.documents(rec=REC_PASSAGE)]
    finally:
        ix.close()
    try:
        return refresh(gen, texts, store.segmenter())
    except OSError as exc:
        log.warning("the word associates of %s were not written (%s): search goes on without them", gen, exc)
        return False
