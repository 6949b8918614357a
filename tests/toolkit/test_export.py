"""kb.toolkit.export: the Word export of a basket, on A4 in the habits of GB/T 9704."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.shared import Pt

from kb.models import Hit
from kb.toolkit.basket import Basket
from kb.toolkit.export import BODY_FONT, HEADING_FONT, TITLE_FONT, file_name


def _basket() -> Basket:
    b = Basket(name="年中会议讲话素材")
    for n, (title, date) in enumerate((("在全区党政办公室主任会议上的讲话", "2024-08-28"), ("<script>alert(1)</script>", "2008"))):
        b.add(Hit(passage_id=f"d{n}-0001", doc_id=f"d{n}", title=title, heading="一、总体要求", text=f"第{n + 1}段正文。",
                  snippet="", score=1.0, source=f"f{n}.txt", date=date))
    b.set_note("d1-0001", "开头用")
    return b


def _east_asia(style_or_run: object) -> str:
    rpr = style_or_run.element.rPr  # type: ignore[attr-defined]
    return str(rpr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"))


def test_a4_margins_fonts_black_headings_and_no_python_docx_author() -> None:
    data = _basket().to_docx("年中会议讲话素材")
    doc = Document(io.BytesIO(data))
    sec = doc.sections[0]
    sizes = (sec.page_width, sec.page_height, sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)
    assert [round(x.mm) for x in sizes] == [210, 297, 37, 35, 28, 26]  # type: ignore[union-attr]
    assert doc.core_properties.title == "年中会议讲话素材"
    assert doc.core_properties.author == "" and doc.core_properties.last_modified_by == ""
    assert _east_asia(doc.styles["Normal"]) == BODY_FONT and doc.styles["Normal"].font.size == Pt(16)
    assert _east_asia(doc.styles["Title"]) == TITLE_FONT and doc.styles["Title"].font.size == Pt(22)
    for name in ("Title", "Heading 1"):
        color = doc.styles[name].font.color
        assert color.rgb is not None and str(color.rgb) == "000000" and color.theme_color is None, name
    assert _east_asia(doc.styles["Heading 1"]) == HEADING_FONT
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "年中会议讲话素材"
    assert "1. 一、总体要求" in texts and "第1段正文。" in texts
    assert "——摘自《<script>alert(1)</script>》，2008年" in texts  # plain text in Word, not markup
    assert "批注：开头用" in texts
    heads = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert len(heads) == 2


def test_page_numbers_and_font_fallbacks() -> None:
    data = _basket().to_docx("年中会议讲话素材", author="办公室秘书科")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        footer = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/footer"))
        fonts = z.read("word/fontTable.xml").decode("utf-8")
    assert "PAGE" in footer and "— " in footer and " —" in footer
    assert f'w:name="{TITLE_FONT}"' in fonts and 'w:altName w:val="宋体"' in fonts
    assert f'w:name="{BODY_FONT}"' in fonts and 'w:altName w:val="仿宋"' in fonts
    assert Document(io.BytesIO(data)).core_properties.author == "办公室秘书科"


def test_notes_at_the_end() -> None:
    doc = Document(io.BytesIO(_basket().to_docx(style="notes")))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "年中会议讲话素材"  # the basket's name when no title is given
    assert "第1段正文。[1]" in texts
    assert texts[-3:] == ["注释", "[1] 摘自《在全区党政办公室主任会议上的讲话》，2024年8月28日",
                          "[2] 摘自《<script>alert(1)</script>》，2008年"]


def test_file_name_is_the_title_without_forbidden_characters() -> None:
    assert file_name("年中会议讲话素材") == "年中会议讲话素材.docx"
    assert file_name('关于/做好:"保密"工作?', ".md") == "关于做好保密工作.md"
    assert file_name("  ...  ") == "素材篮.docx"
