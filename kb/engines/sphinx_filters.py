"""kb's search filters (kind, topic, year, genre, doc, source, title, heading) as SphinxQL: attribute
conditions for ``WHERE`` and full-text parts for ``MATCH``; a mixin of
:class:`kb.engines.sphinx_search.EngineSearcher`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kb.analysis import query_words
from kb.engines import sphinxql as sql
from kb.models import DocumentInfo
from kb.search.documents import resolve_docs
from kb.search.facets import FACET_OF


class EngineFilters:
    """``where`` for the engine searcher (which provides ``segmenter`` and ``documents``)."""

    segmenter: str

    if TYPE_CHECKING:
        def documents(self) -> list[DocumentInfo]: ...

    def where(self, filters: dict[str, list[str]], skip: str = "") -> tuple[str, list[str]]:
        """(attribute conditions, extra required MATCH parts) for kb's filters; ``skip`` leaves out
        the filters of one facet (each facet is counted with the other filters, as the embedded index
        does: :func:`kb.search.facets.count_filtered`)."""
        conds = ["rec=0"]
        extra: list[str] = []
        for name, values in filters.items():
            if skip and FACET_OF.get(name) == skip:
                continue
            alts: list[str] = []
            for v in values:
                if name in ("kind", "topic"):
                    alts.append(f"{name}s IN ({sql.value_id(v)})")
                elif name == "genre":
                    alts.append(f"genre={sql.literal(v)}")
                elif name == "year":
                    m = re.match(r"^(\d{4})\s*[-~至到]\s*(\d{4})$", v)
                    if m:
                        a, b = sorted((int(m.group(1)), int(m.group(2))))
                        alts.append(f"year BETWEEN {a} AND {min(b, a + 200)}")
                    elif v[:4].isdigit():
                        alts.append(f"year={int(v[:4])}")
                elif name == "doc":
                    alts += [f"doc_id={sql.literal(d)}" for d in self.resolve_docs(v)]
                elif name == "source":
                    alts += [f"doc_id={sql.literal(d.doc_id)}" for d in self.documents() if v in d.source]
                elif name in ("title", "heading"):
                    words = query_words(v, self.segmenter)
                    if words:
                        alts.append("(" + " ".join(sql.token(name, w) for w in words) + ")")
            if name in ("title", "heading") and alts:  # full-text conditions: part of the MATCH
                extra.append(alts[0] if len(alts) == 1 else "(" + " | ".join(alts) + ")")
                continue
            if not alts:
                conds.append("rec=2")  # matches nothing (Sphinx 2.2 has no FALSE literal)
            elif len(alts) == 1 or name in ("kind", "topic"):
                conds.append(alts[0] if len(alts) == 1 else self._either_ids(name, values))
            else:
                conds.append(self._either(name, alts, values))
        return " AND ".join(conds), extra

    def _either_ids(self, name: str, values: list[str]) -> str:
        return f"{name}s IN ({','.join(str(sql.value_id(v)) for v in values)})"

    def _either(self, name: str, alts: list[str], values: list[str]) -> str:
        # SphinxQL 2.2 has no OR in WHERE: alternatives of one attribute become IN lists
        if name == "doc" or name == "source":
            ids = [a.split("=", 1)[1] for a in alts]
            return f"doc_id IN ({','.join(ids)})"
        if name == "year":
            years: set[int] = set()
            for a in alts:
                nums = [int(x) for x in re.findall(r"\d{4}", a)]
                years.update(range(nums[0], nums[-1] + 1))
            return f"year IN ({','.join(map(str, sorted(years)))})"
        if name == "genre":
            return f"genre IN ({','.join(sql.literal(v) for v in values)})"
        return alts[0]

    def resolve_docs(self, value: str) -> list[str]:
        return resolve_docs(self.documents(), value)

