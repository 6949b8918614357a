"""Facet counts on the engine: exact counts of the matches by document, year, kind and topic
(``GROUP BY`` on the distributed table; Sphinx 2.2 has no ``FACET``); a mixin of
:class:`kb.engines.sphinx_search.EngineSearcher`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kb.engines import sphinxql as sql
from kb.engines.sphinx import DIST_INDEX

FACETS = (("doc_id", "doc_id"), ("year", "year"), ("kind", "kinds"), ("topic", "topics"))
MAX_GROUPS = 100000


class EngineFacets:
    """``facets`` for the engine searcher (which provides ``query`` and ``where``)."""

    if TYPE_CHECKING:
        def query(self, statement: str, params: list[Any] | None = None
                  ) -> tuple[list[dict[str, Any]], dict[str, str], list[str]]: ...

        def where(self, filters: dict[str, list[str]], skip: str = "") -> tuple[str, list[str]]: ...

    def facets(self, match: str | None, filters: dict[str, list[str]],
               missing: list[str]) -> tuple[dict[str, list[tuple[str, int]]], int]:
        """Exact counts of the matches by doc_id, year, kind and topic (``GROUP BY`` on the engine),
        each facet with the other facets' filters only.  A document's passages share its year: when
        doc_id and year are counted under the same filters, the year counts add up the document
        counts (one full-text evaluation fewer).  Also the number of matches with every filter."""
        out: dict[str, list[tuple[str, int]]] = {}
        years: dict[str, int] = {}
        conds = {}
        for name in ("doc_id", "year", "kind", "topic", ""):
            where, extra = self.where(filters, skip=name)
            full = " ".join(p for p in [match or "", *extra] if p)
            conds[name] = " AND ".join(([f"MATCH({sql.literal(full)})"] if full else []) + [where])
        year_from_docs = conds["year"] == conds["doc_id"]
        for name, attr in FACETS:
            if name == "year" and year_from_docs:
                continue
            extra_cols = {"kinds": ", kind", "topics": ", topic", "doc_id": ", year"}.get(attr, "")
            rows, _meta, lost = self.query(
                f"SELECT GROUPBY() AS g, COUNT(*) AS c{extra_cols} FROM {DIST_INDEX} WHERE {conds[name]} "
                f"GROUP BY {attr} ORDER BY c DESC LIMIT {MAX_GROUPS} OPTION max_matches={MAX_GROUPS}, ranker=none")
            missing.extend(x for x in lost if x not in missing)
            vals: list[tuple[str, int]] = []
            for r in rows:
                value = self._group_value(name, r)
                if value:
                    vals.append((value, int(r["c"])))
                if name == "doc_id" and int(r.get("year") or 0):
                    years[str(r["year"])] = years.get(str(r["year"]), 0) + int(r["c"])
            vals.sort(key=lambda kv: (-kv[1], kv[0]))
            out[name] = vals
        if year_from_docs:
            out["year"] = sorted(years.items(), key=lambda kv: (-kv[1], kv[0]))
        if conds["doc_id"] == conds[""]:  # every passage has one doc_id: its counts add up to the total
            total = sum(c for _v, c in out["doc_id"])
        else:
            _rows, meta, lost = self.query(f"SELECT id FROM {DIST_INDEX} WHERE {conds['']} LIMIT 1 OPTION ranker=none")
            missing.extend(x for x in lost if x not in missing)
            total = int(meta.get("total_found", 0) or 0)
        return {k: out[k] for k in ("doc_id", "year", "kind", "topic")}, total

    @staticmethod
    def _group_value(name: str, r: dict[str, Any]) -> str:
        g = r["g"]
        if name == "year":
            return str(g) if int(g) else ""
        if name in ("kind", "topic"):  # the value whose id is the group's (from the row's own list)
            for v in str(r.get(name, "")).split(","):
                if v and sql.value_id(v) == int(g):
                    return v
            return ""
        return str(g)

