"""The data that flows between stages: file -> SourceDocument -> Document (meta + passages) -> index
-> Hit.  Frozen dataclasses; ``to_dict`` gives the JSON shape the CLI prints (a contract)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from kb.found import PassageFeatures

BlockKind = Literal["para", "heading", "table", "title", "subtitle", "caption", "meta"]


@dataclass(frozen=True)
class Block:
    """One unit of text as a reader found it: a paragraph, a line, a heading, a table row."""

    text: str
    kind: BlockKind = "para"
    #: heading level when the format says it (Markdown #, Word Heading 1..), 0 when unknown
    level: int = 0
    #: 1-based page number for paginated formats
    page: int | None = None


@dataclass(frozen=True)
class SourceDocument:
    """What a reader returns: the blocks of one file in document order, before cleaning."""

    path: Path
    format: str
    blocks: tuple[Block, ...]
    #: metadata the format itself carries (HTML <title>, DOCX core properties, PDF info)
    meta: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    encoding: str | None = None


@dataclass(frozen=True)
class DocumentMeta:
    title: str = ""
    subtitle: str = ""
    author: str = ""
    #: ISO date (YYYY-MM-DD, YYYY-MM or YYYY) when the text or the file states one
    date: str = ""
    occasion: str = ""
    genre: str = ""
    #: where the document came from: a site name, or the file
    origin: str = ""
    #: zh-Hans, zh-Hant or other
    language: str = "zh-Hans"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date[:4].isdigit() else None


@dataclass(frozen=True)
class Passage:
    """A unit of search: one paragraph or one point of a long paragraph."""

    passage_id: str
    doc_id: str
    ordinal: int
    text: str
    heading_path: tuple[str, ...] = ()
    #: labels such as 原则/要求, 事例/做法, 表述/金句 and roles (标题, 开头, 过渡, 结尾)
    kinds: tuple[str, ...] = ()
    #: the reason each kind was given, in the order of ``kinds``
    kind_reasons: tuple[str, ...] = ()
    #: (topic, score) pairs, best first
    topics: tuple[tuple[str, float], ...] = ()
    #: what the finders found for the writer's toolkit (formulations, quotes, sentences, headings)
    features: PassageFeatures = PassageFeatures()
    #: the heading this passage is, when it is one (level >= 1)
    heading_level: int = 0

    @property
    def heading(self) -> str:
        return " > ".join(self.heading_path)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int
    ordinal: int  # ordinal of the first passage under it
    #: the heading as written when it ran on into its paragraph (``（一）高起点搞谋划。``), else ""
    line: str = ""


@dataclass(frozen=True)
class Document:
    """A cleaned, segmented document, ready to index."""

    doc_id: str
    source: str
    sha256: str
    format: str
    meta: DocumentMeta
    passages: tuple[Passage, ...]
    outline: tuple[Heading, ...] = ()
    warnings: tuple[str, ...] = ()
    size: int = 0
    mtime: float = 0.0
    #: MinHash signature of the cleaned text (kb.dedup), for near-duplicate detection
    minhash: tuple[int, ...] = ()


@dataclass(frozen=True)
class Hit:
    passage_id: str
    doc_id: str
    title: str
    heading: str
    text: str
    snippet: str
    score: float
    source: str
    ordinal: int = 0
    heading_path: tuple[str, ...] = ()
    date: str = ""
    year: int | None = None
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    #: other places the same (near-identical) passage stands: [{passage_id, doc_id, title, source}]
    also_in: tuple[dict[str, str], ...] = ()
    matched: tuple[str, ...] = ()
    #: the heading path as HTML with the matches marked (kb.search.highlight.marked_path): quoted text
    #: found in a heading that opens the passage is marked there
    heading_html: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["heading_path"] = list(self.heading_path)
        d["kinds"] = list(self.kinds)
        d["topics"] = list(self.topics)
        d["also_in"] = list(self.also_in)
        d["matched"] = list(self.matched)
        return d


@dataclass(frozen=True)
class PassageView:
    """A passage as the index returns it, with the title, date and source of its document."""

    passage_id: str
    doc_id: str
    ordinal: int
    text: str
    heading: str = ""
    heading_path: tuple[str, ...] = ()
    title: str = ""
    source: str = ""
    date: str = ""
    kinds: tuple[str, ...] = ()
    kind_reasons: tuple[str, ...] = ()
    #: (topic, score) pairs, best first
    topics: tuple[tuple[str, float], ...] = ()
    features: PassageFeatures = PassageFeatures()

    @property
    def topic_names(self) -> tuple[str, ...]:
        return tuple(t for t, _s in self.topics)

    def to_dict(self) -> dict[str, Any]:
        return {"passage_id": self.passage_id, "doc_id": self.doc_id, "ordinal": self.ordinal, "text": self.text,
                "heading": self.heading, "heading_path": list(self.heading_path), "title": self.title,
                "source": self.source, "date": self.date, "kinds": list(self.kinds),
                "kind_reasons": list(self.kind_reasons), "topics": [[t, sc] for t, sc in self.topics],
                "features": self.features.to_dict()}


@dataclass(frozen=True)
class NearLink:
    """A document that reads almost the same as another: what a document record stores in its
    ``near_duplicates`` and the ingest report lists."""

    doc_id: str
    similarity: float
    source: str = ""
    title: str = ""


@dataclass(frozen=True)
class StoredDocument:
    """A document record as the index holds it: what ``kb ingest`` and ``kb check`` decide with,
    without reading the file again (its hash, size and mtime, its near-duplicate signature)."""

    doc_id: str
    source: str
    sha: str = ""
    title: str = ""
    date: str = ""
    #: how many passage records the document stated when it was written
    passages: int = 0
    size: int | None = None
    mtime: float | None = None
    #: the fingerprint of the hand corrections it was built with (kb.ingest.corrections)
    corrections: str = ""
    #: the fingerprint of the labelling it was built with (kb.classify.labelling_fingerprint)
    labelling: str = ""
    minhash: tuple[int, ...] = ()
    near_duplicates: tuple[NearLink, ...] = ()


@dataclass(frozen=True)
class DocumentInfo:
    """One document as listed from the index (``kb docs``): its fields, without its passages."""

    doc_id: str
    title: str = ""
    source: str = ""
    date: str = ""
    year: int | None = None
    genre: str = ""
    passages: int = 0
    format: str = ""
    subtitle: str = ""
    author: str = ""
    occasion: str = ""
    origin: str = ""
    language: str = ""
    warnings: tuple[str, ...] = ()
    size: int = 0
    ingested: str = ""
    sha256: str = ""

    @property
    def label(self) -> str:
        """The title, or the file name when the document states no title."""
        return self.title or self.source

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["year"] = self.year if self.year is not None else ""
        d["warnings"] = list(self.warnings)
        return d


@dataclass(frozen=True)
class ReadingPart:
    """One screen of a long document on the reading page: part ``number`` of ``count``, the passages
    ``start`` (inclusive) to ``stop`` (exclusive) by position."""

    number: int
    count: int
    start: int
    stop: int

    def holds(self, position: int) -> bool:
        return self.start <= position < self.stop


@dataclass(frozen=True)
class DocumentView:
    """One document with its metadata, outline and passages in order (``kb show``, the reading page)."""

    info: DocumentInfo
    meta: dict[str, Any] = field(default_factory=dict)
    outline: tuple[Heading, ...] = ()
    passages: tuple[PassageView, ...] = ()

    @property
    def doc_id(self) -> str:
        return self.info.doc_id

    def part(self, size: int, number: int = 0, passage_id: str = "") -> ReadingPart:
        """The passages read together on one screen: ``size`` at a time, in order.  The part holding
        ``passage_id`` when the document has it, else part ``number`` (from 1) when there is one, else
        the first."""
        size = max(1, size)
        count = max(1, -(-len(self.passages) // size))
        at = next((n for n, p in enumerate(self.passages) if p.passage_id == passage_id), -1) if passage_id else -1
        chosen = at // size + 1 if at >= 0 else number if 1 <= number <= count else 1
        start = (chosen - 1) * size
        return ReadingPart(chosen, count, start, min(len(self.passages), start + size))

    def step(self, passage_id: str, delta: int) -> PassageView | None:
        """The passage ``delta`` places after (or, when negative, before) ``passage_id``; None past either
        end or when the document has no such passage."""
        ids = [p.passage_id for p in self.passages]
        if passage_id not in ids:
            return None
        n = ids.index(passage_id) + delta
        return self.passages[n] if 0 <= n < len(ids) else None

    def to_dict(self) -> dict[str, Any]:
        return self.info.to_dict() | {
            "meta": self.meta,
            "outline": [{"text": h.text, "level": h.level, "ordinal": h.ordinal} for h in self.outline],
            "passages": [p.to_dict() for p in self.passages]}


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    total: int
    #: synonyms added to the query, shown as "also searched: ..."
    also_searched: list[str] = field(default_factory=list)
    did_you_mean: str | None = None
    #: facet -> [(value, count)], best first
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    #: a message for the user when the query could not be used as typed
    message: str | None = None
    elapsed_ms: float = 0.0
    #: the query's time budget stopped the search: the hits are those found in time (see ``message``)
    truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "hits": [h.to_dict() for h in self.hits],
            "also_searched": self.also_searched,
            "did_you_mean": self.did_you_mean,
            "facets": {k: [[v, c] for v, c in vals] for k, vals in self.facets.items()},
            "message": self.message,
            "elapsed_ms": round(self.elapsed_ms, 2),
            "truncated": self.truncated,
        }


FileStatus = Literal["added", "updated", "unchanged", "failed", "skipped"]


@dataclass
class FileReport:
    path: str
    status: FileStatus
    passages: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    doc_id: str | None = None
    title: str | None = None
    date: str | None = None
    #: machine-readable reason for failed/skipped files (see kb.errors codes)
    code: str | None = None
    duplicate_of: str | None = None
    #: the path this file's document was indexed under before it was renamed or moved (re-keyed,
    #: not read again)
    renamed_from: str | None = None
    #: documents that read almost the same (JSON: [{doc_id, similarity, source, title}])
    near_duplicates: list[NearLink] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)
    #: documents removed from the index because their files are gone
    removed: list[dict[str, str]] = field(default_factory=list)
    index: str = ""
    elapsed_s: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": [f.to_dict() for f in self.files],
            "removed": self.removed,
            "summary": {s: self.count(s) for s in ("added", "updated", "unchanged", "failed", "skipped")}
            | {"removed": len(self.removed), "passages": sum(f.passages for f in self.files
                                                            if f.status in ("added", "updated"))},
            "index": self.index,
            "elapsed_s": round(self.elapsed_s, 3),
        }
