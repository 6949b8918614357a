"""The material basket (素材篮): passages a writer collects, orders and annotates, then exports.

Pure library code (no streamlit).  A :class:`Basket` is an ordered list of :class:`BasketItem`; the
site keeps baskets in :mod:`kb.toolkit.baskets` (SQLite) and exports them with
:mod:`kb.toolkit.export` (Word) or :meth:`Basket.to_markdown`.  Items are made here from the typed
views the index returns (:class:`kb.models.Hit`, :class:`kb.models.PassageView`) and from library
entries (:mod:`kb.toolkit.libraries`), and so are their ids: a whole passage keeps its passage id, an
excerpt of it (a sentence, a quotation) gets ``<passage id>#<8 hex digits of its text>``.

:func:`citation` is the one citation format used everywhere: ``——摘自《标题》，日期``; :meth:`BasketItem.copy_text`
is what the copy button copies (a quotation keeps its marks and its speaker).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from typing import Any, Literal

from kb.index.ids import passage_id_for
from kb.models import Hit, PassageView
from kb.text import one_line
from kb.toolkit.libraries import HeadingEntry, Quotation, Use

CitationStyle = Literal["inline", "notes"]
CITATION_STYLES: dict[str, str] = {"inline": "每段之后注明出处", "notes": "出处集中列在文末（注释）"}
#: what an item is: a whole passage, a quotation (with its speaker), a sentence or a heading
ItemKind = Literal["passage", "quotation", "sentence", "heading"]
QUOTE_MARKS = "“”\"「」『』"


def pretty_date(value: str) -> str:
    """2024-08-28 -> 2024年8月28日; 2024-08 -> 2024年8月; 2024 -> 2024年; anything else unchanged."""
    parts = value.strip().split("-")
    if not parts or not all(p.isdigit() for p in parts) or len(parts[0]) != 4 or len(parts) > 3:
        return value.strip()
    units = ("年", "月", "日")
    return "".join(f"{int(p) if i else p}{units[i]}" for i, p in enumerate(parts))


def excerpt_id(passage_id: str, text: str) -> str:
    """The basket id of an excerpt (a sentence, a quotation) of passage ``passage_id``."""
    return f"{passage_id}#{hashlib.sha1(text.encode('utf-8')).hexdigest()[:8]}"


def anchor_of(item_id: str) -> str:
    """The passage id an item id points into (the part before ``#``)."""
    return item_id.split("#", 1)[0]


@dataclass(frozen=True)
class BasketItem:
    passage_id: str
    doc_id: str
    text: str
    title: str = ""
    heading: str = ""
    date: str = ""
    source: str = ""
    note: str = ""
    kind: ItemKind = "passage"
    #: who said it, for a quotation (习近平总书记, 古人, 《论语》 ...)
    speaker: str = ""

    @classmethod
    def of(cls, source: Hit | PassageView | Use | BasketItem, note: str = "") -> BasketItem:
        """The whole passage of a search hit, an index passage or a library use."""
        if isinstance(source, BasketItem):
            return replace(source, note=note or source.note)
        heading = source.heading
        if not heading and isinstance(source, Hit | PassageView):
            heading = " > ".join(source.heading_path)
        return cls(passage_id=source.passage_id, doc_id=source.doc_id, text=source.text.strip(),
                   title=source.title, heading=heading, date=source.date, source=source.source, note=note)

    @classmethod
    def excerpt(cls, use: Use, text: str, kind: ItemKind = "sentence", speaker: str = "") -> BasketItem:
        """A part of the passage ``use`` (a sentence, a quotation), under an id of its own."""
        text = text.strip()
        whole = cls.of(use)
        if text == whole.text and kind == "passage":
            return whole
        return replace(whole, passage_id=excerpt_id(use.passage_id, text), text=text, kind=kind, speaker=speaker)

    @classmethod
    def quotation(cls, q: Quotation, use: Use | None = None) -> BasketItem:
        """A quotation as it was quoted in ``use`` (its first use by default), with its speaker."""
        where = use or q.uses[0]
        return cls.excerpt(where, q.text.strip().strip(QUOTE_MARKS), kind="quotation", speaker=q.speaker)

    @classmethod
    def heading_entry(cls, h: HeadingEntry) -> BasketItem:
        """A heading from the headings library (its id is the passage it opens)."""
        return cls(passage_id=passage_id_for(h.doc_id, h.ordinal), doc_id=h.doc_id, text=h.text.strip(),
                   title=h.title, date=h.date, source=h.source, kind="heading")

    @property
    def anchor(self) -> str:
        """The passage to open in the reading page."""
        return anchor_of(self.passage_id)

    @property
    def label(self) -> str:
        """The item's heading in an export: its heading, else its document's title, on one line."""
        return one_line(self.heading or self.title) or "摘录"

    @property
    def citation(self) -> str:
        return citation(self)

    @property
    def quoted(self) -> str:
        """The text as it is pasted: a quotation in its marks after its speaker, anything else as is."""
        if self.kind == "quotation":
            body = f"“{self.text.strip(QUOTE_MARKS)}”"
            return f"{self.speaker}：{body}" if self.speaker else body
        return self.text

    def copy_text(self) -> str:
        """What the copy button copies: the text (a quotation with its marks and speaker), then the
        citation on its own line."""
        return f"{self.quoted}\n{self.citation}"

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BasketItem:
        names = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: str(v) for k, v in data.items() if k in names}
        if values.get("kind") not in ("passage", "quotation", "sentence", "heading"):
            values["kind"] = "passage"
        return cls(**values)


def source_line(item: BasketItem | Hit | PassageView | Use) -> str:
    """《标题》，日期 — the source part of a citation (title falls back to the file name)."""
    title = one_line(item.title or item.source) or "未命名文档"  # a title printed on two lines cites on one
    when = pretty_date(item.date or "")
    return f"《{title}》" + (f"，{when}" if when else "")


def citation(item: BasketItem | Hit | PassageView | Use) -> str:
    """The citation of a hit, a passage, a library use or a basket item: ``——摘自《标题》，日期``."""
    return f"——摘自{source_line(item)}"


def with_citation(item: BasketItem | Hit | PassageView | Use) -> str:
    """The text followed by its citation on the next line (what the copy button copies)."""
    return BasketItem.of(item).copy_text()


@dataclass
class Basket:
    """An ordered list of passages, each at most once, each with an optional note."""

    items: list[BasketItem] = field(default_factory=list)
    name: str = "素材篮"

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[BasketItem]:
        return iter(self.items)

    def __contains__(self, passage_id: object) -> bool:
        return any(i.passage_id == passage_id for i in self.items)

    def _index(self, passage_id: str) -> int:
        for n, item in enumerate(self.items):
            if item.passage_id == passage_id:
                return n
        raise KeyError(passage_id)

    def add(self, item: BasketItem | Hit | PassageView | Use, note: str = "") -> bool:
        """Append the item; False (and no change) when it is already in the basket."""
        new = BasketItem.of(item, note)
        if new.passage_id in self:
            return False
        self.items.append(new)
        return True

    def remove(self, passage_id: str) -> None:
        self.items.pop(self._index(passage_id))

    def move(self, passage_id: str, delta: int) -> None:
        """Move an item up (negative) or down (positive), staying within the list."""
        i = self._index(passage_id)
        j = max(0, min(len(self.items) - 1, i + delta))
        if i != j:
            self.items.insert(j, self.items.pop(i))

    def set_note(self, passage_id: str, note: str) -> None:
        i = self._index(passage_id)
        self.items[i] = replace(self.items[i], note=note.strip())

    def clear(self) -> None:
        self.items.clear()

    # --- export ----------------------------------------------------------------------------------
    def to_markdown(self, title: str = "", style: CitationStyle = "inline") -> str:
        title = title.strip() or self.name
        lines = [f"# {title}", "", f"共 {len(self.items)} 段，整理于 {date.today().isoformat()}。", ""]
        notes: list[str] = []
        for n, item in enumerate(self.items, 1):
            lines.append(f"## {n}. {item.label}")
            lines.append("")
            if style == "notes":
                lines.append(f"{item.quoted}[^{n}]")
                notes.append(f"[^{n}]: 摘自{source_line(item)}")
            else:
                lines.append(item.quoted)
                lines.append("")
                lines.append(item.citation)
            if item.note:
                lines.append("")
                lines.append(f"> 批注：{item.note}")
            lines.append("")
        if notes:
            lines.extend(notes)
            lines.append("")
        return "\n".join(lines)

    def to_docx(self, title: str = "", style: CitationStyle = "inline", author: str = "") -> bytes:
        """A Word document on A4 in the habits of GB/T 9704 (see :mod:`kb.toolkit.export`)."""
        from kb.toolkit.export import basket_docx

        return basket_docx(self, title.strip() or self.name, style, author)
