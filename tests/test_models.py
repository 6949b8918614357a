"""kb.models: the reading page's parts of a long document and the step to the passage before or after."""

from __future__ import annotations

from kb.models import DocumentInfo, DocumentView, PassageView, ReadingPart


def _doc(n: int) -> DocumentView:
    return DocumentView(DocumentInfo("d"), passages=tuple(
        PassageView(passage_id=f"d-{k:04d}", doc_id="d", ordinal=k, text=f"第{k}段") for k in range(n)))


def test_a_long_document_is_read_in_parts_and_a_passage_opens_its_part() -> None:
    doc = _doc(130)
    assert doc.part(60) == ReadingPart(1, 3, 0, 60)
    assert doc.part(60, number=3) == ReadingPart(3, 3, 120, 130)
    assert doc.part(60, number=2, passage_id="d-0125") == ReadingPart(3, 3, 120, 130)  # the passage decides
    assert doc.part(60, number=9) == ReadingPart(1, 3, 0, 60)  # no such part: the first
    assert doc.part(60, number=2, passage_id="x-0001") == ReadingPart(2, 3, 60, 120)  # not this document's
    assert doc.part(60).holds(59) and not doc.part(60).holds(60)


def test_a_short_or_empty_document_is_one_part() -> None:
    assert _doc(60).part(60) == ReadingPart(1, 1, 0, 60)
    assert _doc(0).part(60) == ReadingPart(1, 1, 0, 0)


def test_step_to_the_passage_before_and_after() -> None:
    doc = _doc(3)
    after = doc.step("d-0001", 1)
    before = doc.step("d-0001", -1)
    assert after is not None and after.passage_id == "d-0002"
    assert before is not None and before.passage_id == "d-0000"
    assert doc.step("d-0002", 1) is None and doc.step("d-0000", -1) is None
    assert doc.step("other-0001", 1) is None
