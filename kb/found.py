"""What the finders (:mod:`kb.finders`) return for one passage, typed: formulations, quotations,
rhetorical sentences and headings, as :class:`PassageFeatures`.  Stored in the index as
:meth:`PassageFeatures.to_dict` (the shape indexes have always held) and read back with
:meth:`PassageFeatures.from_dict`."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class FoundFormulation:
    """A formulation (提法) as a finder read it in one passage (:mod:`kb.finders.formulations`)."""

    name: str
    #: one key for 三个服务, 三服务 and 三個服務 (:func:`kb.finders.formulations.merge_key`)
    key: str
    #: numbered (三个服务), series (“讲大局、强责任”), compound (两级三方), coined (“大督查”) or known (稳中求进)
    form: str
    expansion: str = ""
    items: tuple[str, ...] = ()
    #: where the expansion was read: 即, 是：, 一是, （）, 前引, 前列, 前指 (这“两个确保”), 前文 (a quote sentences before), 下级标题, 就是 ("" for none)
    how: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"items": list(self.items)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FoundFormulation:
        return cls(str(d.get("name", "")), str(d.get("key", "")), str(d.get("form", "")), str(d.get("expansion", "")),
                   tuple(str(i) for i in d.get("items", ())), str(d.get("how", "")))


@dataclass(frozen=True)
class FoundQuote:
    """A quotation (引语) or saying: the words, and who or what is quoted ("" when the text names none)."""

    text: str
    speaker: str = ""
    #: person, book, body (a meeting or organ), classic (古人) or saying (俗语, an unattributed saying)
    speaker_kind: str = "saying"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FoundQuote:
        return cls(str(d.get("text", "")), str(d.get("speaker", "")), str(d.get("speaker_kind", "saying")))


@dataclass(frozen=True)
class FoundSentence:
    """A rhetorical sentence (金句) with its figures: 排比, 对偶, 四字格, 设问, 顶真."""

    text: str
    types: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"types": list(self.types)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FoundSentence:
        return cls(str(d.get("text", "")), tuple(str(t) for t in d.get("types", ())))


#: the feature names, as stored in the index's ``feature`` field and under ``data["features"]``
FEATURE_NAMES = ("formulations", "quotes", "sentences", "headings")


@dataclass(frozen=True)
class PassageFeatures:
    """What the finders found in one passage, for the writer's toolkit.  Stored in the index as
    :meth:`to_dict` (only the non-empty lists), the shape indexes have always held."""

    formulations: tuple[FoundFormulation, ...] = ()
    quotes: tuple[FoundQuote, ...] = ()
    sentences: tuple[FoundSentence, ...] = ()
    headings: tuple[str, ...] = ()

    def count(self, name: str) -> int:
        """How many of feature ``name`` (one of :data:`FEATURE_NAMES`; 0 for any other name)."""
        return len(getattr(self, name)) if name in FEATURE_NAMES else 0

    def names(self) -> tuple[str, ...]:
        """The features this passage has, in :data:`FEATURE_NAMES` order."""
        return tuple(n for n in FEATURE_NAMES if self.count(n))

    def __bool__(self) -> bool:
        return bool(self.names())

    def to_dict(self) -> dict[str, Any]:
        return {n: [x if isinstance(x, str) else x.to_dict() for x in getattr(self, n)] for n in self.names()}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> PassageFeatures:
        d = d or {}
        return cls(tuple(FoundFormulation.from_dict(f) for f in d.get("formulations", ())),
                   tuple(FoundQuote.from_dict(q) for q in d.get("quotes", ())),
                   tuple(FoundSentence.from_dict(s) for s in d.get("sentences", ())),
                   tuple(str(h) for h in d.get("headings", ())))
