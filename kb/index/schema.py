"""The Whoosh schema and the versions recorded beside an index."""

from __future__ import annotations

import whoosh
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from kb import __version__
from kb.analysis import ANALYZER_VERSION, analysis_fingerprint, bigram_analyzer, word_analyzer

#: bump when fields change in a way that needs a rebuild (3: the exact field of a section's first
#: passage also holds its heading, of a document's first passage its title)
SCHEMA_VERSION = "3"

#: record types in the one index: passages, and one record per document (its metadata and hash),
#: written in the same commit as its passages so the two can never disagree
REC_PASSAGE = "p"
REC_DOC = "d"


def build_schema(segmenter: str) -> Schema:
    words = word_analyzer(segmenter)
    return Schema(
        pid=ID(stored=True, unique=True),
        rec=ID(stored=True),
        doc_id=ID(stored=True, sortable=True),
        ordinal=NUMERIC(stored=True, sortable=True),
        text=TEXT(analyzer=words, stored=True, phrase=True),
        bi=TEXT(analyzer=bigram_analyzer(), stored=False, phrase=True),
        heading=TEXT(analyzer=words, stored=True, phrase=True),
        title=TEXT(analyzer=words, stored=True, phrase=True),
        kind=KEYWORD(stored=True, commas=True, scorable=False),
        topic=KEYWORD(stored=True, commas=True, scorable=False),
        #: writer's-toolkit features present (formulations, quotes, sentences): see kb.classify.FEATURES
        feature=KEYWORD(stored=True, commas=True, scorable=False),
        year=ID(stored=True, sortable=True),
        date=ID(stored=True),
        genre=ID(stored=True),
        source=ID(stored=True),
        fp=ID(stored=True),
        sha=ID(stored=True),
        data=STORED(),
    )


#: characters of the next passage that a passage's exact field runs on into (a quoted sentence pair
#: split between two passages, ``练好基本功。二是……``, is found in the first)
TAIL_CHARS = 30


def exact_text(text: str, lead: str = "", tail: str = "") -> str:
    """What the exact-substring field (``bi``) of a passage holds: its text, after the headings that
    open it (and the document's title and subtitle for its first passage), so that a quoted heading or
    title finds the passage it stands over; then the opening of the next passage of the same section
    (``tail``), so that quoted text across the split is found."""
    body = text + tail
    return f"{lead}\n{body}" if lead else body


def section_tails(texts: list[str], paths: list[tuple[str, ...]]) -> list[str]:
    """For passages in document order: the first ``TAIL_CHARS`` characters of the next passage when it
    is under the same headings (the same paragraph or section), else ``""``."""
    return [texts[i + 1][:TAIL_CHARS] if i + 1 < len(texts) and paths[i + 1] == paths[i] else ""
            for i in range(len(texts))]


def section_leads(title: str, subtitle: str, paths: list[tuple[str, ...]]) -> list[str]:
    """For passages in document order with these heading paths, the text that opens each one: the
    headings that begin with it (those its path does not share with the passage before), and the
    title and subtitle before the first passage."""
    out: list[str] = []
    prev: tuple[str, ...] = ()
    for i, path in enumerate(paths):
        k = 0
        while k < min(len(path), len(prev)) and path[k] == prev[k]:
            k += 1
        parts = [t for t in (title, subtitle) if t and t.strip()] if i == 0 else []
        parts += [h for h in path[k:] if h.strip()]
        out.append("\n".join(parts))
        prev = path
    return out


def versions(segmenter: str) -> dict[str, str]:
    return {
        "schema_version": SCHEMA_VERSION,
        "analyzer_version": ANALYZER_VERSION,
        "segmenter": segmenter,
        "analysis_fingerprint": analysis_fingerprint(segmenter),
        "kb_version": __version__,
        "whoosh_version": whoosh.versionstring(),
    }
