"""The query language, parsed without exceptions: any input gives a :class:`ParsedQuery`.

- plain words are ranked (natural questions work: stop words such as 是什么 are dropped);
- ``"quoted text"`` (also “…” and 「…」) must appear exactly;
- ``-word`` / ``-"text"`` excludes;
- ``A OR B`` (also ``A | B``) accepts either;
- filters: ``title:`` ``kind:`` ``topic:`` ``doc:`` ``year:`` (``year:2006`` or ``year:2005-2008``)
  ``genre:`` ``heading:``.
Unbalanced quotes, lone operators and punctuation are treated as text, never as errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FILTER_FIELDS = ("title", "kind", "topic", "doc", "year", "genre", "heading", "source")
MAX_QUERY_CHARS = 2000

_QUOTES = {"“": "”", "「": "」", "『": "』", '"': '"', "＂": "＂"}
_FILTER_RE = re.compile(r"^(" + "|".join(FILTER_FIELDS) + r")[:：](.*)$", re.I)


@dataclass
class Clause:
    """One item of a query: text (plain or exact)."""

    text: str
    exact: bool = False


@dataclass
class ParsedQuery:
    raw: str
    #: plain text ranked on words
    plain: list[str] = field(default_factory=list)
    #: exact phrases that must appear
    phrases: list[str] = field(default_factory=list)
    #: groups of alternatives, each group must match one of its clauses
    any_of: list[list[Clause]] = field(default_factory=list)
    excludes: list[Clause] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.plain or self.phrases or self.any_of or self.filters)

    @property
    def has_text(self) -> bool:
        return bool(self.plain or self.phrases or self.any_of)


def _lex(q: str) -> list[tuple[str, str]]:
    """Tokens as (kind, text): kind in word, phrase, or, neg_word, neg_phrase."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
            continue
        neg = False
        if c in "-－" and i + 1 < n and not q[i + 1].isspace():
            neg = True
            i += 1
            c = q[i]
        if c in _QUOTES:
            close = _QUOTES[c]
            j = q.find(close, i + 1)
            if j == -1:  # unbalanced: the rest is the phrase
                text = q[i + 1:]
                i = n
            else:
                text = q[i + 1:j]
                i = j + 1
            if text.strip():
                out.append(("neg_phrase" if neg else "phrase", text.strip()))
            continue
        j = i
        while j < n and not q[j].isspace() and q[j] not in _QUOTES:
            j += 1
        word = q[i:j]
        i = j
        if word in ("OR", "|", "｜", "或"):
            out.append(("or", word))
        elif word in ("AND", "&", "+"):
            continue
        elif neg:
            out.append(("neg_word", word))
        else:
            out.append(("word", word))
    return out


def parse(raw: str) -> ParsedQuery:
    q = (raw or "").strip()
    pq = ParsedQuery(raw=q)
    if len(q) > MAX_QUERY_CHARS:
        q = q[:MAX_QUERY_CHARS]
        pq.notes.append(f"查询过长，只使用了前 {MAX_QUERY_CHARS} 个字符。")
    tokens = _lex(q)
    # filters first
    rest: list[tuple[str, str]] = []
    for kind, text in tokens:
        if kind == "word":
            m = _FILTER_RE.match(text)
            if m and m.group(2).strip():
                pq.filters.setdefault(m.group(1).lower(), []).append(m.group(2).strip())
                continue
        rest.append((kind, text))
    # OR groups: item OR item OR item
    items: list[tuple[str, str] | list[tuple[str, str]]] = []
    i = 0
    while i < len(rest):
        kind, text = rest[i]
        if kind == "or":
            if items and i + 1 < len(rest) and rest[i + 1][0] in ("word", "phrase"):
                prev = items.pop()
                group = prev if isinstance(prev, list) else [prev]
                group.append(rest[i + 1])
                items.append(group)
                i += 2
                continue
            i += 1  # a lone OR is ignored
            continue
        items.append((kind, text))
        i += 1
    for item in items:
        if isinstance(item, list):
            pq.any_of.append([Clause(t, exact=(k == "phrase")) for k, t in item])
            continue
        kind, text = item
        if kind == "word":
            pq.plain.append(text)
        elif kind == "phrase":
            pq.phrases.append(text)
        elif kind == "neg_word":
            pq.excludes.append(Clause(text))
        elif kind == "neg_phrase":
            pq.excludes.append(Clause(text, exact=True))
    return pq
