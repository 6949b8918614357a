"""kb.extract.docx: a Word file's text in order."""

import io
from pathlib import Path

import docx

from kb.extract.docx import read_docx


def _read(document: docx.document.Document) -> list[tuple[str, str]]:
    buf = io.BytesIO()
    document.save(buf)
    return [(b.kind, b.text) for b in read_docx(Path("form.docx"), buf.getvalue()).blocks]


def test_a_table_nested_in_a_cell_is_read() -> None:
    d = docx.Document()
    d.add_paragraph("医疗器械注册证核发申请表")
    outer = d.add_table(rows=1, cols=1)
    cell = outer.rows[0].cells[0]
    cell.paragraphs[0].text = "申报材料目录"
    inner = cell.add_table(rows=2, cols=2)
    inner.rows[0].cells[0].text, inner.rows[0].cells[1].text = "1.申请表", "☑"
    inner.rows[1].cells[0].merge(inner.rows[1].cells[1]).text = "注：申报材料不适用的，应注明不适用，标题不允许缺项。"
    assert _read(d) == [("para", "医疗器械注册证核发申请表"), ("table", "申报材料目录"), ("table", "1.申请表　☑"),
                        ("table", "注：申报材料不适用的，应注明不适用，标题不允许缺项。")]


def test_a_plain_table_is_one_line_per_row() -> None:
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    t.rows[0].cells[0].text, t.rows[0].cells[1].text = "单位", "得分"
    t.rows[1].cells[0].text, t.rows[1].cells[1].text = "办公室", "95"
    assert _read(d) == [("table", "单位　得分"), ("table", "办公室　95")]


def test_a_heading_style_on_a_paragraph_of_sentences_is_a_paragraph() -> None:
    d = docx.Document()
    d.add_heading("经常抱怨的自己", level=1)
    body = "你现在每一次的后悔遗憾，都有一个过去讨厌的自己。如果你对现在的自己不满意，那就勇敢地对过去种种讨厌的行为说再见吧。很多人都是这样。"
    d.add_heading(body, level=1)
    d.add_heading("一、充分认识做好新时代办公室工作的重要意义，切实增强责任感和使命感，推动各项工作落地见效", level=1)
    assert _read(d) == [("heading", "经常抱怨的自己"), ("para", body),
                        ("heading", "一、充分认识做好新时代办公室工作的重要意义，切实增强责任感和使命感，推动各项工作落地见效")]
