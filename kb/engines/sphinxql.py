"""What kb sends to a SphinxQL engine (Sphinx 2.2, Manticore): rows built from kb's own analysis, and
kb's planned queries written as ``MATCH`` expressions.

kb's analysis (:mod:`kb.analysis`) stays the one source of truth: the engine only splits on spaces.
Every token is written so that the engine's tokenizer keeps it whole and so that the four fields kb
searches have disjoint vocabularies (the engine's per-keyword statistics are then exactly Whoosh's
per-field document frequencies):

- a character that is not ``0-9 a-z`` or CJK (punctuation in bigrams, ``·`` in a name) becomes
  ``U+E001 <hex code point> U+E001`` (private-use characters, declared word characters in the
  engine's ``charset_table``; see :data:`CHARSET_TABLE`);
- the word field's tokens are written as they are; heading, title and bigram tokens start with
  ``U+E002``, ``U+E003`` and ``U+E000``.

The same functions encode documents and queries, so the two always agree.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from functools import lru_cache
from typing import Any

from whoosh import query as Q

from kb.analysis import index_tokens
from kb.text import fold

#: kb field -> engine full-text field
FIELDS = {"text": "words", "heading": "headw", "title": "titlew", "bi": "grams"}
PREFIX = {"text": "", "heading": "\ue002", "title": "\ue003", "bi": "\ue000"}
ESCAPE = "\ue001"
#: word characters of the engine: ASCII letters and digits, CJK, and the private-use marks above
CHARSET_TABLE = "0..9, A..Z->a..z, a..z, U+4E00..U+9FFF, U+3400..U+4DBF, U+E000..U+E00F"

#: string attributes stored with each row (the stored fields kb's search and pages read)
STRING_ATTRS = ("pid", "doc_id", "body", "heading", "title", "kind", "topic", "feature", "date", "genre",
                "source", "fp", "sha", "data", "toks")
#: ``lw lh lt lg``: the lengths of the four full-text fields in tokens (kb's BM25F needs their averages)
UINT_ATTRS = ("rec", "ordinal", "year", "lw", "lh", "lt", "lg")
LENGTHS = {"text": "lw", "heading": "lh", "title": "lt", "bi": "lg"}
MULTI_ATTRS = ("kinds", "topics")
COLUMNS = ("id", *FIELDS.values(), *STRING_ATTRS, *UINT_ATTRS, *MULTI_ATTRS)
#: what a search reads back (the full-text fields are not stored)
SELECT = "id, " + ", ".join(STRING_ATTRS + UINT_ATTRS)

REC_PASSAGE, REC_DOC = 0, 1


#: one character that is not a word character of the engine (ASCII digits and lower-case letters, CJK)
_UNSAFE = re.compile("[^0-9a-z\u4e00-\u9fff\u3400-\u4dbf]")


def _escaped(m: re.Match[str]) -> str:
    return f"{ESCAPE}{ord(m.group()):x}{ESCAPE}"


def encode(word: str) -> str:
    """``word`` as one engine token (characters outside the engine's word characters escaped)."""
    if _UNSAFE.search(word) is None:
        return word
    return _UNSAFE.sub(_escaped, word)


@lru_cache(maxsize=65536)
def _encode_char(c: str) -> str:
    return encode(c)


def token(field: str, word: str) -> str:
    return PREFIX[field] + encode(word)


def word_field(text: str, field: str, segmenter: str) -> str:
    """kb's index-mode word tokens of ``text``, space-joined, as the engine's ``field``."""
    prefix = PREFIX[field]
    return " ".join(prefix + encode(w) for w, _p, _s, _e in index_tokens(text, segmenter))


def gram_field(text: str) -> str:
    """The bigram tokens of ``text`` (:func:`kb.analysis.bigram_tokens`: every pair of adjacent
    non-space characters of the folded text), space-joined; each character is encoded once."""
    chars = [_encode_char(c) for c in fold(text) if not c.isspace()]
    mark = PREFIX["bi"]
    if len(chars) == 1:
        return mark + chars[0]
    return " ".join([mark + a + b for a, b in zip(chars, chars[1:], strict=False)])


def _count(field: str) -> int:
    return field.count(" ") + 1 if field else 0


def row_id(pid: str) -> int:
    """The engine's document id of a record: 63 bits of a hash of kb's passage id (never 0)."""
    return int.from_bytes(hashlib.sha1(pid.encode("utf-8")).digest()[:8], "big") >> 1 or 1


def value_id(value: str) -> int:
    """A facet value (kind, topic) as an integer for the engine's multi-value attributes."""
    return zlib.crc32(value.encode("utf-8")) or 1


def shard_of(doc_id: str, shards: int) -> int:
    """Documents are spread over the shards by their id (all passages of a document together)."""
    return zlib.crc32(doc_id.encode("utf-8")) % shards


def row(fields: dict[str, Any], segmenter: str) -> dict[str, Any]:
    """An engine row from kb's stored fields (``kb.index.writer.passage_fields`` / ``document_fields``)."""
    passage = fields.get("rec", "p") == "p"
    kinds = [k for k in str(fields.get("kind", "")).split(",") if k]
    topics = [t for t in str(fields.get("topic", "")).split(",") if t]
    year = str(fields.get("year", ""))
    words = word_field(fields["text"], "text", segmenter) if passage else ""
    headw = word_field(fields.get("heading", ""), "heading", segmenter) if passage else ""
    # a document record's title is indexed as in the embedded index (it counts in the statistics;
    # searches never return it: they ask for rec=0)
    titlew = word_field(fields.get("title", ""), "title", segmenter)
    grams = gram_field(fields.get("bi") or fields["text"]) if passage else ""
    out: dict[str, Any] = {
        "id": row_id(str(fields["pid"])),
        "words": words, "headw": headw, "titlew": titlew, "grams": grams,
        # the word tokens of the three word fields, for kb's own scoring of the top candidates
        "toks": "\t".join((words, headw, titlew)),
        "lw": _count(words), "lh": _count(headw), "lt": _count(titlew), "lg": _count(grams),
        "body": fields.get("text", "") if passage else "",
        "rec": REC_PASSAGE if passage else REC_DOC,
        "ordinal": int(fields.get("ordinal", 0) or 0),
        "year": int(year) if year.isdigit() else 0,
        "kinds": [value_id(k) for k in kinds],
        "topics": [value_id(t) for t in topics],
        "data": json.dumps(fields.get("data") or {}, ensure_ascii=False),
    }
    for name in STRING_ATTRS:
        if name not in out:
            out[name] = str(fields.get(name, "") or "")
    return out


def fields_of(r: dict[str, Any]) -> dict[str, Any]:
    """kb's stored fields (the Whoosh shape) from a row the engine returned."""
    f = {name: r.get(name, "") for name in STRING_ATTRS if name not in ("body", "data", "toks")}
    f["text"] = r.get("body", "")
    f["rec"] = "p" if int(r.get("rec", 0)) == REC_PASSAGE else "d"
    f["ordinal"] = int(r.get("ordinal", 0))
    f["year"] = str(r["year"]) if int(r.get("year", 0) or 0) else ""
    try:
        f["data"] = json.loads(r.get("data") or "{}")
    except ValueError:
        f["data"] = {}
    return f


def insert_sql(index: str, n_rows: int) -> str:
    values = "(" + ", ".join("%s" for _ in COLUMNS) + ")"
    return f"REPLACE INTO {index} ({', '.join(COLUMNS)}) VALUES " + ", ".join([values] * n_rows)


def insert_params(rows: list[dict[str, Any]]) -> list[Any]:
    params: list[Any] = []
    for r in rows:
        for c in COLUMNS:
            v = r[c]
            params.append(MVA(v) if c in MULTI_ATTRS else v)
    return params


class MVA(list):  # type: ignore[type-arg]
    """A multi-value attribute: written as ``(1,2,3)``, which pymysql's own escaping cannot do."""


def literal(value: Any) -> str:
    """A SphinxQL literal (pymysql's escaping writes lists as tuples of quoted strings)."""
    if isinstance(value, MVA):
        return "(" + ",".join(str(int(v)) for v in value) + ")"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    s = str(value).replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
    return "'" + s.replace("\x00", "") + "'"


def render(sql: str, params: list[Any]) -> str:
    parts = sql.split("%s")
    if len(parts) != len(params) + 1:
        raise ValueError("parameter count does not match the statement")
    out = [parts[0]]
    for p, rest in zip(params, parts[1:], strict=True):
        out.append(literal(p))
        out.append(rest)
    return "".join(out)


def _boost(b: float) -> str:
    return "" if abs(b - 1.0) < 1e-9 else f"^{b:.3g}"


def to_match(q: Any) -> str | None:
    """kb's planned query (a tree of Whoosh query objects, see :mod:`kb.search.plan`) as a SphinxQL
    extended-syntax expression; ``None`` for a query that matches nothing."""
    if q is None or isinstance(q, type(Q.NullQuery)):
        return None
    if isinstance(q, Q.Term):
        if q.fieldname not in FIELDS:
            raise ValueError(f"field {q.fieldname!r} is not a full-text field of the engine")
        return token(q.fieldname, str(q.text)) + _boost(q.boost)
    if isinstance(q, Q.Prefix):
        return token(q.fieldname, str(q.text)) + "*"
    if isinstance(q, Q.Phrase):
        words = [token(q.fieldname, str(w)) for w in q.words]
        if len(words) == 1:
            return words[0] + _boost(q.boost)
        return '"' + " ".join(w + _boost(q.boost) for w in words) + '"'
    if isinstance(q, Q.AndMaybe):
        a, b = to_match(q.a), to_match(q.b)
        return a if b is None or a is None else f"({a}) MAYBE ({b})"
    if isinstance(q, Q.AndNot):
        a, b = to_match(q.a), to_match(q.b)
        return a if b is None or a is None else f"({a}) -({b})"
    if isinstance(q, Q.Or):
        parts = [p for p in (to_match(s) for s in q.subqueries) if p is not None]
        if not parts:
            return None
        boost = float(getattr(q, "boost", 1.0))
        if abs(boost - 1.0) > 1e-9:  # a boosted OR (the bigram fallback): boost each of its terms
            parts = [p for p in (to_match(_boosted(s, boost)) for s in q.subqueries) if p]
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"
    if isinstance(q, Q.And):
        found = [to_match(s) for s in q.subqueries]
        every = [p for p in found if p is not None]
        if len(every) < len(found):
            return None
        return every[0] if len(every) == 1 else "(" + " ".join(every) + ")"
    raise ValueError(f"kb cannot send a {type(q).__name__} query to the engine")


def _boosted(q: Any, b: float) -> Any:
    if isinstance(q, (Q.Term, Q.Phrase)):
        c = q.copy()
        c.boost = q.boost * b  # type: ignore[attr-defined]
        return c
    return q
