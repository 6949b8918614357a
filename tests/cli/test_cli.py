"""The command line's contracts: JSON shapes, exit codes, messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kb.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def run_kb(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_shape_and_highlight(corpus_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_kb(capsys, "search", "抓落实", "--json", "--limit", "10", "--index", str(corpus_index))
    assert code == 0
    hits = json.loads(out)
    assert isinstance(hits, list) and hits
    for key in ("passage_id", "doc_id", "title", "heading", "text", "snippet", "score", "source"):
        assert key in hits[0]
    assert len({h["doc_id"] for h in hits}) >= 3
    # every hit shows its match: marked in the snippet, or (matched on the heading) in its heading
    assert all("<mark>" in h["snippet"] or "抓落实" in h["heading"] for h in hits)
    assert "<mark>抓落实</mark>" in hits[0]["snippet"]


def test_quoted_search_returns_exact_passage_first(corpus_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_kb(capsys, "search", '"提笔能写"', "--json", "--index", str(corpus_index))
    hits = json.loads(out)
    assert code == 0 and hits
    assert all("提笔能写" in h["text"] for h in hits)
    assert "<mark>提笔能写</mark>" in hits[0]["snippet"]


def test_phrase_in_no_document_returns_nothing(corpus_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_kb(capsys, "search", '"月球背面的办公室"', "--json", "--index", str(corpus_index))
    assert code == 0
    assert json.loads(out) == []


def test_stats_docs_show(corpus_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_kb(capsys, "stats", "--json", "--index", str(corpus_index))
    st = json.loads(out)
    assert code == 0 and st["documents"] == 5 and st["passages"] > 50
    assert st["versions"]["schema_version"] and st["versions"]["analysis_fingerprint"]
    code, out, _ = run_kb(capsys, "docs", "--json", "--index", str(corpus_index))
    docs = json.loads(out)
    assert len(docs) == 5
    code, out, _ = run_kb(capsys, "show", docs[0]["doc_id"], "--json", "--index", str(corpus_index))
    doc = json.loads(out)
    assert doc["doc_id"] == docs[0]["doc_id"]
    assert [p["ordinal"] for p in doc["passages"]] == list(range(len(doc["passages"])))


def test_missing_index_is_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_kb(capsys, "search", "办公室", "--index", str(tmp_path / "nothing"))
    assert code == 2
    assert "这里还没有索引" in err and "kb ingest" in err


def test_ingest_reports_bad_files_and_indexes_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text("办公室工作要抓落实。" * 5, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nthis is not a pdf")
    code, out, _ = run_kb(capsys, "ingest", str(corpus), "--json", "--index", str(tmp_path / "idx"),
                          "--corpus", str(corpus))
    report = json.loads(out)
    assert code == 1
    by_path = {f["path"]: f for f in report["files"]}
    assert by_path["good.txt"]["status"] == "added"
    for bad in ("empty.txt", "binary.txt", "broken.pdf"):
        assert by_path[bad]["status"] == "failed"
        assert by_path[bad]["error"].startswith(bad + ":"), by_path[bad]["error"]
    for f in report["files"]:
        assert set(f) >= {"path", "status", "passages", "error", "warnings"}
    code, out, _ = run_kb(capsys, "search", "抓落实", "--json", "--index", str(tmp_path / "idx"))
    assert json.loads(out)[0]["source"] == "good.txt"


def test_python_dash_m_kb_help() -> None:
    out = subprocess.run([sys.executable, "-m", "kb", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and "ingest" in out.stdout and "search" in out.stdout


def test_exclusions_need_no_double_dash(corpus_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_kb(capsys, "search", "抓落实", "-督查", "--json", "--limit", "50", "--index", str(corpus_index))
    hits = json.loads(out)
    assert code == 0 and hits
    assert not any("督查" in h["text"] for h in hits)
    code, out, _ = run_kb(capsys, "search", "-督查", "--index", str(corpus_index))
    assert code == 0 and "只有排除条件" in out
