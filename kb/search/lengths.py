"""Field lengths in memory: BM25F reads the length of every document it scores; Whoosh reads each
from the segment's length column on disk (a seek and a read per document).  Each segment's one-byte
length columns are read once when a searcher opens and served from memory (same values)."""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import NumericColumn
from whoosh.searching import Searcher as WSearcher


class _MemoryLengths:
    """A segment's field-length column held in memory: BM25F asks for the length of every document
    it scores, and Whoosh's column reader does a seek and a read for each (a tenth of a word query's
    time at 10k passages).  Same values: the stored byte of each document, 0 past the column's end."""

    __slots__ = ("_count", "_disk", "_raw")

    def __init__(self, raw: bytes, disk: Any) -> None:
        self._raw, self._count, self._disk = raw, len(raw), disk

    def __getitem__(self, docnum: int) -> int:
        return self._raw[docnum] if 0 <= docnum < self._count else self._disk[docnum]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._disk, name)


def lengths_in_memory(ws: WSearcher) -> WSearcher:
    """Load the one-byte length columns of ``ws``'s scored fields into memory, per segment reader
    (whoosh3's ``W3PerDocReader`` keeps one column reader per field in ``_readers``)."""
    for leaf, _offset in ws.reader().leaf_readers():
        perdoc = getattr(leaf, "_perdoc", None)
        if perdoc is None or not hasattr(perdoc, "_cached_reader") or not isinstance(getattr(perdoc, "_readers", None), dict):
            continue
        for name in ws.schema.scorable_names():
            key = _lenfield(name)
            col = perdoc._cached_reader(key, LENGTHS_COLUMN)
            if (type(col) is NumericColumn.Reader and getattr(col, "_typecode", "") == "B"
                    and getattr(col, "_fixedlen", 0) == 1 and not getattr(col, "_reverse", True)):
                raw = col._dbfile.get(col._basepos, col._count)
                if len(raw) == col._count:
                    perdoc._readers[key] = _MemoryLengths(bytes(raw), col)
    return ws
