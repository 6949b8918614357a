"""What the index writer puts in a passage's exact field: the headings that open it, as written."""

from __future__ import annotations

from pathlib import Path

from kb.config import Settings
from kb.index.writer import passage_leads
from kb.ingest.pipeline import build_document

P = "经局党组研究，成立了办公用房清理和公车治理领导小组，分管领导任组长，各科室负责人为成员，局办公室为责任科室。"


def test_a_run_on_heading_opens_its_passage_as_written(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("关于办公用房清理情况的自查报告\n\n一、加强领导，完善领导机构。" + P + "\n\n二、加强管理，认真自查。" + P + "\n",
                 encoding="utf-8")
    doc = build_document(f, "a.txt", Settings(corpus=tmp_path, index=tmp_path / "index"))
    assert [(h.text, h.line) for h in doc.outline] == [("一、加强领导，完善领导机构", "一、加强领导，完善领导机构。"),
                                                      ("二、加强管理，认真自查", "二、加强管理，认真自查。")]
    leads = passage_leads(doc)
    assert leads[0].endswith("一、加强领导，完善领导机构。") and leads[1] == "二、加强管理，认真自查。"
    assert doc.passages[0].text == P  # the passage's own text is unchanged
