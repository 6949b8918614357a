"""The material basket (素材篮): passages a writer collects, orders and annotates, then exports.

Pure library code (no streamlit): the site keeps a :class:`Basket` in its session state.  Exports:
Markdown (citations after each passage, or as Markdown footnotes) and Word ``.docx`` (citations after
each passage, or numbered notes collected at the end).  :func:`citation` is the one citation format
used everywhere: ``——摘自《标题》，日期``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

CitationStyle = Literal["inline", "notes"]
CITATION_STYLES: dict[str, str] = {"inline": "每段之后注明出处", "notes": "出处集中列在文末（注释）"}


def _get(obj: Any, name: str, default: Any = "") -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _pretty_date(value: str) -> str:
    """2024-08-28 -> 2024年8月28日; 2024-08 -> 2024年8月; 2024 -> 2024年; anything else unchanged."""
    parts = value.strip().split("-")
    if not parts or not all(p.isdigit() for p in parts) or len(parts[0]) != 4 or len(parts) > 3:
        return value.strip()
    units = ("年", "月", "日")
    return "".join(f"{int(p) if i else p}{units[i]}" for i, p in enumerate(parts))


def source_line(hit_or_passage: Any) -> str:
    """《标题》，日期 — the source part of a citation (title falls back to the file name)."""
    title = str(_get(hit_or_passage, "title") or _get(hit_or_passage, "source") or "未命名文档").strip()
    when = _pretty_date(str(_get(hit_or_passage, "date") or ""))
    return f"《{title}》" + (f"，{when}" if when else "")


def citation(hit_or_passage: Any) -> str:
    """The citation of a hit, a passage dict or a basket item: ``——摘自《标题》，日期``."""
    return f"——摘自{source_line(hit_or_passage)}"


def with_citation(hit_or_passage: Any) -> str:
    """The passage text followed by its citation on the next line (what the copy button copies)."""
    return f"{str(_get(hit_or_passage, 'text')).strip()}\n{citation(hit_or_passage)}"


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

    @classmethod
    def of(cls, hit_or_passage: Any, note: str = "") -> BasketItem:
        """From a :class:`kb.models.Hit`, a passage dict (``Searcher.passage``) or another item."""
        heading = _get(hit_or_passage, "heading") or " > ".join(_get(hit_or_passage, "heading_path", ()) or ())
        return cls(passage_id=str(_get(hit_or_passage, "passage_id")), doc_id=str(_get(hit_or_passage, "doc_id")),
                   text=str(_get(hit_or_passage, "text")).strip(), title=str(_get(hit_or_passage, "title") or ""),
                   heading=str(heading or ""), date=str(_get(hit_or_passage, "date") or ""),
                   source=str(_get(hit_or_passage, "source") or ""), note=note or str(_get(hit_or_passage, "note") or ""))

    @property
    def citation(self) -> str:
        return citation(self)


@dataclass
class Basket:
    """An ordered list of passages, each at most once, each with an optional note."""

    items: list[BasketItem] = field(default_factory=list)

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

    def add(self, hit_or_passage: Any, note: str = "") -> bool:
        """Append the passage; False (and no change) when it is already in the basket."""
        item = BasketItem.of(hit_or_passage, note)
        if item.passage_id in self:
            return False
        self.items.append(item)
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
    def to_markdown(self, title: str = "素材篮", style: CitationStyle = "inline") -> str:
        lines = [f"# {title}", "", f"共 {len(self.items)} 段，整理于 {date.today().isoformat()}。", ""]
        notes: list[str] = []
        for n, item in enumerate(self.items, 1):
            lines.append(f"## {n}. {item.heading or item.title or '摘录'}")
            lines.append("")
            if style == "notes":
                lines.append(f"{item.text}[^{n}]")
                notes.append(f"[^{n}]: 摘自{source_line(item)}")
            else:
                lines.append(item.text)
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

    def to_docx(self, title: str = "素材篮", style: CitationStyle = "inline") -> bytes:
        """A Word document: a heading per item, the passage, its citation (or a note number) and the
        writer's note.  With ``style="notes"`` the sources are listed under 注释 at the end."""
        from docx import Document
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt, RGBColor

        doc = Document()
        _chinese_fonts(doc)
        doc.core_properties.title = title
        doc.add_heading(title, level=0)
        intro = doc.add_paragraph(f"共 {len(self.items)} 段，整理于 {date.today().isoformat()}。")
        intro.runs[0].font.color.rgb = RGBColor(0x66, 0x66, 0x66)
        for n, item in enumerate(self.items, 1):
            doc.add_heading(f"{n}. {item.heading or item.title or '摘录'}", level=2)
            para = doc.add_paragraph(item.text)
            para.paragraph_format.first_line_indent = Pt(24)
            if style == "notes":
                mark = para.add_run(f"[{n}]")
                mark.font.superscript = True
            else:
                cite = doc.add_paragraph(item.citation)
                cite.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                cite.runs[0].font.color.rgb = RGBColor(0x55, 0x55, 0x55)
            if item.note:
                note = doc.add_paragraph()
                label = note.add_run("批注：")
                label.bold = True
                note.add_run(item.note).italic = True
        if style == "notes" and self.items:
            doc.add_heading("注释", level=2)
            for n, item in enumerate(self.items, 1):
                doc.add_paragraph(f"[{n}] 摘自{source_line(item)}")
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def _chinese_fonts(doc: Any) -> None:
    """Word needs the East Asian font named explicitly, or it falls back to a Latin one."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for name, size in (("Normal", 12), ("Title", 20), ("Heading 2", 14)):
        style = doc.styles[name]
        style.font.name = "宋体" if name == "Normal" else "黑体"
        style.font.size = Pt(size)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), style.font.name)
