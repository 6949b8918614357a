"""Word export of a basket, on A4 in the habits of GB/T 9704 (党政机关公文格式):

- A4 paper, margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right;
- the title in 方正小标宋简体 二号 (22 pt), centred; body text in 仿宋_GB2312 三号 (16 pt) at a fixed
  28 pt line spacing, first line indented two characters; headings 黑体 三号, black, never a theme
  colour; citations and notes in 楷体;
- page numbers at the foot, 宋体 四号, ``— 1 —``;
- the document's title is the basket's title; its author is empty unless one is given (the
  ``export_author`` setting), never ``python-docx``.

Fonts: Word takes the East Asian font from ``w:eastAsia``; each font is also written to the font
table with an ``altName`` (方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体) so that a
machine without the GB/T fonts shows the installed fallback instead of a Latin font.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kb.toolkit.basket import Basket, CitationStyle

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
NOTE_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
#: the installed fallback of each GB/T font, written as ``altName`` into the font table
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", NOTE_FONT: "楷体", HEADING_FONT: "SimHei", PAGE_FONT: "SimSun"}
BODY_PT, TITLE_PT, HEADING_PT, PAGE_PT = 16, 22, 16, 14
LINE_PT = 28


def file_name(title: str, suffix: str = ".docx") -> str:
    """The file name of an export: the basket's title, with characters no file system allows removed."""
    clean = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "", title).strip().strip(".") or "素材篮"
    return clean[:80] + suffix


def _fonts(run_or_style: Any, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    font = run_or_style.font
    font.name = east_asia
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), east_asia)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _font_table(doc: Any) -> None:
    """Add each font with its installed fallback (``w:altName``) to word/fontTable.xml."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    part = next((r.target_part for r in doc.part.rels.values() if r.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    xml = part.blob.decode("utf-8")
    entries = "".join(f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
                      f'<w:charset w:val="86"/><w:family w:val="auto"/></w:font>'
                      for name, alt in FALLBACKS.items() if f'w:name="{name}"' not in xml)
    if entries:
        tree = parse_xml(part.blob)
        for el in parse_xml(f"<w:fonts {nsdecls('w')}>{entries}</w:fonts>"):
            tree.append(el)
        from lxml import etree

        part._blob = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_numbers(section: Any) -> None:
    """``— N —`` centred in the footer, N a PAGE field."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def run(text: str = "") -> Any:
        r = para.add_run(text)
        _fonts(r, PAGE_FONT, PAGE_PT)
        return r

    run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)
        else:
            r.text = text or ""
    run(" —")


def basket_docx(basket: Basket, title: str, style: CitationStyle = "inline", author: str = "") -> bytes:
    """The basket as a .docx: title, a line saying how many passages, then per item a heading, the
    text, its citation (or a note number, the sources then listed under 注释) and the writer's note."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    doc = Document()
    props = doc.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.comments = ""
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    sec.footer_distance = Mm(20)

    normal = doc.styles["Normal"]
    _fonts(normal, BODY_FONT, BODY_PT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    for name, font, size in (("Title", TITLE_FONT, TITLE_PT), ("Heading 1", HEADING_FONT, HEADING_PT)):
        st = doc.styles[name]
        _fonts(st, font, size, bold=False)
        st.paragraph_format.space_before = Pt(0)
        st.paragraph_format.space_after = Pt(0)
        st.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        st.paragraph_format.line_spacing = Pt(LINE_PT if name != "Title" else 35)
        ppr = st.element.get_or_add_pPr()
        for border in ppr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr"):
            ppr.remove(border)  # the default Title style has a blue rule under it
    _font_table(doc)
    _page_numbers(sec)

    head = doc.add_paragraph(title, style="Title")
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    intro = doc.add_paragraph(f"共 {len(basket)} 段，整理于 {date.today().isoformat()}。")
    intro.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(intro.runs[0], NOTE_FONT, BODY_PT)
    for n, item in enumerate(basket, 1):
        doc.add_paragraph(f"{n}. {item.label}", style="Heading 1")
        para = doc.add_paragraph(item.quoted)
        para.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if style == "notes":
            mark = para.add_run(f"[{n}]")
            mark.font.superscript = True
        else:
            cite = doc.add_paragraph(item.citation)
            cite.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _fonts(cite.runs[0], NOTE_FONT, BODY_PT)
        if item.note:
            note = doc.add_paragraph()
            note.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
            label = note.add_run("批注：")
            _fonts(label, HEADING_FONT, BODY_PT)
            _fonts(note.add_run(item.note), NOTE_FONT, BODY_PT)
    if style == "notes" and len(basket):
        doc.add_paragraph("注释", style="Heading 1")
        for n, item in enumerate(basket, 1):
            from kb.toolkit.basket import source_line

            doc.add_paragraph(f"[{n}] 摘自{source_line(item)}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
