"""The Whoosh schema and the versions recorded beside an index."""

from __future__ import annotations

import whoosh
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from kb import __version__
from kb.analysis import ANALYZER_VERSION, analysis_fingerprint, bigram_analyzer, word_analyzer

#: bump when fields change in a way that needs a rebuild
SCHEMA_VERSION = "2"

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


def versions(segmenter: str) -> dict[str, str]:
    return {
        "schema_version": SCHEMA_VERSION,
        "analyzer_version": ANALYZER_VERSION,
        "segmenter": segmenter,
        "analysis_fingerprint": analysis_fingerprint(segmenter),
        "kb_version": __version__,
        "whoosh_version": whoosh.versionstring(),
    }
