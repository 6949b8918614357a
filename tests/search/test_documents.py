"""kb.search.documents: the order of the document list (浏览 › 按文档)."""

from __future__ import annotations

from kb.models import DocumentInfo
from kb.search.documents import DOCUMENT_ORDERS, sort_documents

DOCS = [DocumentInfo("a", title="在全市办公室系统培训会议上的讲话", date="2023-05-01"),
        DocumentInfo("b", title="w017", source="w017.txt"),
        DocumentInfo("c", title="办公室工作要点", date="2024-02-10"),
        DocumentInfo("d", title="2019年工作总结", date="2019-12-30"),
        DocumentInfo("e", title="关于加强保密工作的通知")]


def test_newest_first_by_default_and_the_undated_last_by_title() -> None:
    assert [d.doc_id for d in sort_documents(DOCS)] == ["c", "a", "d", "e", "b"]
    assert [d.doc_id for d in sort_documents(DOCS, "date-old")] == ["d", "a", "c", "e", "b"]


def test_by_title_file_names_and_numbers_after_the_chinese_titles() -> None:
    assert [d.doc_id for d in sort_documents(DOCS, "title")] == ["e", "c", "a", "d", "b"]  # Chinese titles by code point
    assert list(DOCUMENT_ORDERS) == ["date", "date-old", "title"]
