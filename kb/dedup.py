"""Near-duplicate documents and recurring passages.

Documents: a MinHash signature over character 5-grams of the cleaned text (folded, with spacing and
punctuation removed), computed by *one-permutation hashing*: each shingle is hashed once, the hash
picks one of ``BINS`` bins and the smallest value per bin is kept.  The share of equal bins estimates
the Jaccard similarity of the two shingle sets.  Candidates are found by locality-sensitive hashing:
the signature is cut into ``BANDS`` bands of ``ROWS`` values; two documents that share a band are
compared (so adding a document costs a few dictionary look-ups, never a pass over all documents).
Band keys and the signature are stored in each document record, so nothing is recomputed on load.

Passages: :func:`passage_fingerprint` is equal for passages that read the same once folding,
spacing, punctuation and list numbering are ignored; search collapses hits that share it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kb.models import NearLink, StoredDocument
from kb.text import compact

SHINGLE = 5
BINS = 64
ROWS = 4
BANDS = BINS // ROWS
EMPTY = -1
#: documents at least this similar (estimated Jaccard of their 5-gram sets) are near-duplicates
THRESHOLD = 0.6
#: texts shorter than this (in letters) are too short to compare meaningfully
MIN_CHARS = 60
#: shingles are deduplicated per this many positions: one set over a 50 MB text held ~15 million
#: strings (over a gigabyte); the signature is the same
SHINGLE_CHUNK = 1 << 20

_LIST_MARK = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十百\d]{1,3}[)）]|[一二三四五六七八九十百\d]{1,3}[、.．:：])")


#: what is not a letter or digit: ``[\W_]`` is exactly ``not str.isalnum()``, scanned in C (a join over the
#: characters made one string object per character: 1.3 GB for a 50 MB text)
_NOT_ALNUM = re.compile(r"[\W_]+")


def core_text(text: str) -> str:
    """Folded letters and digits only: what is compared."""
    return _NOT_ALNUM.sub("", compact(text))


def passage_fingerprint(text: str) -> str:
    """Equal for passages that read the same after folding (full-width, traditional/simplified,
    case), spacing, punctuation and a leading list number (一、 （二） 3.) are ignored."""
    core = core_text(_LIST_MARK.sub("", text, count=1))
    return hashlib.sha1(core.encode("utf-8")).hexdigest()[:16]


def _h64(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big") >> 1


def signature(text: str) -> tuple[int, ...]:
    """The MinHash signature of ``text`` (``BINS`` values, ``EMPTY`` for empty bins); () when the
    text is too short to compare."""
    core = core_text(text)
    if len(core) < MIN_CHARS:
        return ()
    sig = [EMPTY] * BINS
    n = len(core) - SHINGLE + 1
    for start in range(0, n, SHINGLE_CHUNK):  # the same minimum as over one set, in bounded memory
        for sh in {core[i:i + SHINGLE] for i in range(start, min(start + SHINGLE_CHUNK, n))}:
            h = _h64(sh)
            b, v = h % BINS, h // BINS
            if sig[b] == EMPTY or v < sig[b]:
                sig[b] = v
    return tuple(sig)


def band_keys(sig: tuple[int, ...] | list[int]) -> list[str]:
    """One key per band with no empty bin: documents sharing a key are candidates."""
    out = []
    for b in range(BANDS):
        rows = sig[b * ROWS:(b + 1) * ROWS]
        if len(rows) == ROWS and EMPTY not in rows:
            digest = hashlib.blake2b(",".join(map(str, rows)).encode(), digest_size=6).hexdigest()
            out.append(f"{b}:{digest}")
    return out


def similarity(a: tuple[int, ...] | list[int], b: tuple[int, ...] | list[int]) -> float:
    """Estimated Jaccard similarity of the two shingle sets (0 when either is empty)."""
    if len(a) != BINS or len(b) != BINS:
        return 0.0
    used = equal = 0
    for x, y in zip(a, b, strict=True):
        if x == EMPTY and y == EMPTY:
            continue
        used += 1
        equal += x == y
    return equal / used if used else 0.0


@dataclass
class NearDuplicates:
    """The LSH buckets of the indexed documents, and the links between near-duplicates.

    ``links[doc_id]`` is {other doc_id: its link}: what each document record stores as
    ``data["near_duplicates"]``.  ``changed`` collects the documents whose stored
    links changed and must be written again."""

    threshold: float = THRESHOLD
    sigs: dict[str, tuple[int, ...]] = field(default_factory=dict)
    info: dict[str, dict[str, str]] = field(default_factory=dict)
    buckets: dict[str, set[str]] = field(default_factory=dict)
    links: dict[str, dict[str, NearLink]] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)

    @classmethod
    def from_records(cls, records: Iterable[StoredDocument], threshold: float = THRESHOLD) -> NearDuplicates:
        nd = cls(threshold=threshold)
        for rec in records:
            nd._put(rec.doc_id, rec.minhash, rec.source, rec.title)
            nd.links[rec.doc_id] = {x.doc_id: x for x in rec.near_duplicates}
        return nd

    def _put(self, doc_id: str, sig: tuple[int, ...], source: str, title: str) -> None:
        self.info[doc_id] = {"source": source, "title": title}
        if not sig:
            return
        self.sigs[doc_id] = sig
        for key in band_keys(sig):
            self.buckets.setdefault(key, set()).add(doc_id)

    def remove(self, doc_id: str) -> None:
        """Forget a document (removed or about to be replaced) and unlink it from its partners."""
        sig = self.sigs.pop(doc_id, ())
        for key in band_keys(sig) if sig else ():
            bucket = self.buckets.get(key)
            if bucket:
                bucket.discard(doc_id)
        self.info.pop(doc_id, None)
        for other in self.links.pop(doc_id, {}):
            if self.links.get(other, {}).pop(doc_id, None) is not None:
                self.changed.add(other)
        self.changed.discard(doc_id)

    def add(self, doc_id: str, sig: tuple[int, ...], source: str, title: str) -> list[NearLink]:
        """Index a document and link it with the near-duplicates already known; returns its links,
        most similar first."""
        self.remove(doc_id)
        candidates: set[str] = set()
        for key in band_keys(sig) if sig else ():
            candidates |= self.buckets.get(key, set())
        self._put(doc_id, sig, source, title)
        mine = self.links.setdefault(doc_id, {})
        for other in sorted(candidates - {doc_id}):
            sim = round(similarity(sig, self.sigs.get(other, ())), 2)
            if sim < self.threshold:
                continue
            known = self.info.get(other, {})
            mine[other] = NearLink(other, sim, known.get("source", ""), known.get("title", ""))
            self.links.setdefault(other, {})[doc_id] = NearLink(doc_id, sim, source, title)
            self.changed.add(other)
        return self.links_of(doc_id)

    def rename(self, doc_id: str, new_id: str, source: str) -> None:
        """A document re-keyed (its file moved): same signature and partners, new id and source."""
        sig = self.sigs.get(doc_id, ())
        title = self.info.get(doc_id, {}).get("title", "")
        partners = list(self.links.get(doc_id, {}).values())
        self.remove(doc_id)
        self._put(new_id, sig, source, title)
        mine = self.links.setdefault(new_id, {})
        for p in partners:
            other = p.doc_id
            if other not in self.info:
                continue
            mine[other] = p
            self.links.setdefault(other, {})[new_id] = NearLink(new_id, p.similarity, source, title)
            self.changed.add(other)

    def links_of(self, doc_id: str) -> list[NearLink]:
        return sorted(self.links.get(doc_id, {}).values(), key=lambda x: (-x.similarity, x.doc_id))


def warning_for(link: NearLink) -> str:
    """The report's wording: ``与 a.txt 内容相近（相似度 0.93）``."""
    return f"与 {link.source} 内容相近（相似度 {link.similarity:.2f}）"
