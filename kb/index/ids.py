"""The one owner of every identifier kb writes into the index or shows in a link.

- a **document id** is the first 12 hex digits of the SHA-1 of the document's source key (its path
  relative to the corpus), so the same file keeps the same id across rebuilds;
- a **passage id** is ``<doc id>-<ordinal, 4 digits>``;
- a document's own record in the index is keyed ``doc:<doc id>``.

Nothing else in kb formats these strings.
"""

from __future__ import annotations

import hashlib

DOC_RECORD_PREFIX = "doc:"


def doc_id_for(key: str) -> str:
    """The document id of the source key ``key``."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def passage_id_for(doc_id: str, ordinal: int) -> str:
    """The id of passage number ``ordinal`` (0-based) of document ``doc_id``."""
    return f"{doc_id}-{ordinal:04d}"


def doc_record_key(doc_id: str) -> str:
    """The key of a document's own record (title, metadata, outline) in the index."""
    return f"{DOC_RECORD_PREFIX}{doc_id}"
