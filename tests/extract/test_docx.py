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
