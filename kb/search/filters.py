"""Filters (kind:, topic:, year:, doc: …) as Whoosh queries that restrict without scoring, and the check
of quoted text on a candidate's stored fields."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from whoosh import query as Q

from kb.analysis import query_words
from kb.text import compact


def filter_query(filters: dict[str, list[str]], segmenter: str, resolve_docs: Callable[[str], list[str]],
                 documents: Callable[[], Iterable[Any]]) -> Q.Query | None:
    """The Whoosh query of ``filters`` (kind, topic, genre, year, doc, source, title, heading), None
    without filters; values of one filter are alternatives, filters all apply."""
    parts: list[Q.Query] = []
    for name, values in filters.items():
        alts: list[Q.Query] = []
        for v in values:
            if name in ("kind", "topic", "genre"):
                alts.append(Q.Term(name, v))
            elif name == "year":
                m = re.match(r"^(\d{4})\s*[-~至到]\s*(\d{4})$", v)
                if m:
                    a, b = sorted((int(m.group(1)), int(m.group(2))))
                    alts.extend(Q.Term("year", str(y)) for y in range(a, min(b, a + 200) + 1))
                else:
                    alts.append(Q.Term("year", v[:4]))
            elif name == "doc":
                alts.extend(Q.Term("doc_id", d) for d in resolve_docs(v))
            elif name == "source":
                alts.extend(Q.Term("doc_id", d.doc_id) for d in documents() if v in d.source)
            elif name in ("title", "heading"):
                words = query_words(v, segmenter)
                if words:
                    alts.append(Q.And([Q.Term(name, w) for w in words]))
        parts.append(Q.Or(alts) if alts else Q.NullQuery)
    if not parts:
        return None
    return Q.And(parts) if len(parts) > 1 else parts[0]


def in_lead(needles: list[str], fields: dict[str, Any]) -> bool:
    """Quoted text found in the headings (or title) that open the passage, as its exact field holds them
    (:func:`kb.index.schema.exact_text`), each stretch searched on its own and the last running on into
    the passage's text; or running on into the next passage's opening that the field ends with."""
    data = fields.get("data") or {}
    lead, tail = str(data.get("lead") or ""), compact(str(data.get("tail") or ""))
    if not lead and not tail:
        return False
    stretches = [compact(x) for x in lead.split("\n")] if lead else []
    body = compact(fields["text"])
    # a heading that ran on into the passage's paragraph opens it as written (一、加强领导。经局党组研究……):
    # the two read on; a heading on a line of its own is kept without its mark and does not
    run_on = bool(stretches and stretches[-1]) and stretches[-1][-1] in _MARKS
    hay = "\x00".join([*stretches[:-1], stretches[-1] + body] if run_on else [*stretches, body])
    return all(n in hay or _heading_line(n, stretches) or _across(n, body, tail) for n in needles)


_MARKS = "。：:；;！？!?"


def _across(needle: str, body: str, tail: str) -> bool:
    """Quoted text that runs from the end of the passage into the next one (whose opening is ``tail``);
    text wholly inside the next passage is that passage's match, not this one's."""
    return bool(tail) and needle not in tail and needle in body + tail


def _heading_line(needle: str, stretches: list[str]) -> bool:
    """A heading is kept without its closing 。 or ： (``（一）严防严控。`` -> ``（一）严防严控``): quoted text
    that ends a heading with that mark still finds it."""
    return len(needle) > 1 and needle[-1] in "。：:；;！？!?" and any(s.endswith(needle[:-1]) for s in stretches)


def lookup_text(text: str) -> str:
    """What quoted text is looked up by: without a closing sentence mark, which a heading is kept
    without (``……做好工作日志记录。`` finds the heading ``……做好工作日志记录``; the stored text is then
    checked with the mark, see :func:`in_lead`)."""
    t = text.rstrip()
    return t[:-1] if len(t) > 2 and t[-1] in "。：:；;！？!?" else text
