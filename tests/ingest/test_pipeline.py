"""Incremental ingestion: added, updated, unchanged, moved, duplicate, near-duplicate, removed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from corpusgen import hashes, make_corpus, speech

import kb.ingest.pipeline as pipeline
from kb.config import Settings
from kb.index.store import IndexStore
from kb.index.writer import indexed_documents
from kb.ingest.pipeline import ingest, rebuild


def settings_for(tmp_path: Path) -> Settings:
    return Settings(corpus=tmp_path / "corpus", index=tmp_path / "index", lock_wait=1.0)


def by_path(report: Any) -> dict[str, Any]:
    return {f.path: f for f in report.files}


def docs(s: Settings) -> dict[str, dict[str, Any]]:
    return indexed_documents(IndexStore(s.index))


class Counter:
    """Counts what the pipeline reads: content hashes and extractions."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.hashed: list[str] = []
        self.extracted: list[str] = []
        real_sha, real_extract = pipeline.file_sha256, pipeline.extract

        def sha(path: Path) -> str:
            self.hashed.append(path.name)
            return real_sha(path)

        def extract(path: Path, max_bytes: int | None = None) -> Any:
            self.extracted.append(path.name)
            return real_extract(path, max_bytes=max_bytes)

        monkeypatch.setattr(pipeline, "file_sha256", sha)
        monkeypatch.setattr(pipeline, "extract", extract)


def test_second_run_reads_no_file_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = settings_for(tmp_path)
    make_corpus(s.corpus, 6)
    first = ingest(None, s)
    assert first.count("added") == 6 and not first.failed
    counter = Counter(monkeypatch)
    second = ingest(None, s)
    assert [f.status for f in second.files] == ["unchanged"] * 6
    assert counter.hashed == [] and counter.extracted == []
    assert second.to_dict()["summary"] == {"added": 0, "updated": 0, "unchanged": 6, "failed": 0, "skipped": 0,
                                           "removed": 0, "passages": 0}


def test_documents_are_labelled_again_when_the_labelling_changes(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A new model or rule file (here: the rules alone instead of the shipped model) relabels every
    document on the next ingest, once; the stored documents record what labelled them."""
    from kb.classify import labelling_fingerprint

    s = settings_for(tmp_path)
    make_corpus(s.corpus, 3)
    ingest(None, s)
    shipped = labelling_fingerprint()
    assert {d.labelling for d in docs(s).values()} == {shipped}
    monkeypatch.setenv("KB_CLASSIFIER", "off")
    assert labelling_fingerprint() != shipped
    again = ingest(None, s)
    assert [f.status for f in again.files] == ["updated"] * 3 and not again.failed
    assert {d.labelling for d in docs(s).values()} == {labelling_fingerprint()}
    assert [f.status for f in ingest(None, s).files] == ["unchanged"] * 3


def test_touched_file_is_hashed_once_then_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = settings_for(tmp_path)
    (a,) = make_corpus(s.corpus, 1)
    ingest(None, s)
    os.utime(a, (1_000_000_000, 1_000_000_000))
    counter = Counter(monkeypatch)
    assert by_path(ingest(None, s))[a.name].status == "unchanged"
    assert counter.hashed == [a.name] and counter.extracted == []
    assert by_path(ingest(None, s))[a.name].status == "unchanged"
    assert counter.hashed == [a.name]  # the new mtime was recorded


def test_changed_file_is_replaced_and_gone_file_removed(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    a, b, c = make_corpus(s.corpus, 3)
    ingest(None, s)
    a.write_text(speech(100), encoding="utf-8")
    c.unlink()
    r = ingest(None, s)
    files = by_path(r)
    assert files[a.name].status == "updated" and files[b.name].status == "unchanged"
    assert [x["source"] for x in r.removed] == [c.name]
    held = docs(s)
    assert set(held) == {a.name, b.name}
    assert held[a.name].sha == pipeline.file_sha256(a)


def test_no_prune_keeps_documents_whose_files_are_gone(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    a, b = make_corpus(s.corpus, 2)
    ingest(None, s)
    b.unlink()
    r = ingest(None, s, prune=False)
    assert r.removed == [] and set(docs(s)) == {a.name, b.name}
    # naming files (not folders) never prunes
    assert ingest([a], s).removed == [] and b.name in docs(s)


def test_identical_file_is_indexed_once_and_reported(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    (a,) = make_corpus(s.corpus, 1)
    shutil.copy(a, s.corpus / "讲话000（副本）.txt")
    r = ingest(None, s)
    dup = by_path(r)["讲话000（副本）.txt"]
    assert (dup.status, dup.code, dup.duplicate_of) == ("skipped", "duplicate", a.name)
    assert dup.error == f"讲话000（副本）.txt: 与 {a.name} 是同一个文件（内容完全相同），只收录一次"
    assert set(docs(s)) == {a.name}


def test_moved_file_is_rekeyed_without_reading_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = settings_for(tmp_path)
    a, _b = make_corpus(s.corpus, 2)
    ingest(None, s)
    before = docs(s)[a.name]
    (s.corpus / "sub").mkdir()
    moved = s.corpus / "sub" / "改名.txt"
    a.rename(moved)
    counter = Counter(monkeypatch)
    r = ingest(None, s)
    f = by_path(r)["sub/改名.txt"]
    assert (f.status, f.renamed_from, f.passages) == ("updated", a.name, before.passages)
    assert f.warnings == [f"从 {a.name} 移来（内容相同，未重新读取）"]
    assert r.removed == [] and counter.extracted == []
    held = docs(s)
    assert set(held) == {"sub/改名.txt", _b.name}
    assert held["sub/改名.txt"].sha == before.sha and held["sub/改名.txt"].doc_id != before.doc_id
    from kb.search.searcher import Searcher

    hits = Searcher(s.index).search("第0号文件", limit=50).hits
    assert {h.source for h in hits if h.doc_id == held["sub/改名.txt"].doc_id}
    assert all(h.source != a.name for h in hits)
    assert ingest(None, s).count("unchanged") == 2


def near_copy(text: str) -> str:
    """The same speech as another website prints it: other punctuation, a line of its own."""
    return "来源：某某网 2020-01-01\n" + text.replace("，", ", ").replace("“", '"').replace("”", '"')


def test_near_duplicates_are_linked_both_ways_and_unlinked(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    a, _ = make_corpus(s.corpus, 2)
    ingest(None, s)
    copy = s.corpus / "转载.txt"
    copy.write_text(near_copy(a.read_text(encoding="utf-8")), encoding="utf-8")
    r = ingest(None, s)
    f = by_path(r)["转载.txt"]
    assert f.status == "added" and len(f.near_duplicates) == 1
    sim = f.near_duplicates[0].similarity
    assert 0.6 <= sim <= 1.0
    assert f.warnings == [f"与 {a.name} 内容相近（相似度 {sim:.2f}）"]
    held = docs(s)
    assert [x.source for x in held[a.name].near_duplicates] == ["转载.txt"]
    assert [x.source for x in held["转载.txt"].near_duplicates] == [a.name]
    # passages that recur share a fingerprint: search shows them once, with both sources
    from kb.search.searcher import Searcher

    first = a.read_text(encoding="utf-8").split("\n\n")[2].split("。")[0]
    hits = Searcher(s.index).search(f'"{first}"', limit=10).hits
    assert len(hits) == 1 and len(hits[0].also_in) == 1
    assert {hits[0].source, hits[0].also_in[0]["source"]} == {a.name, "转载.txt"}
    copy.unlink()
    ingest(None, s)
    assert docs(s)[a.name].near_duplicates == ()


def test_failed_update_keeps_the_old_version(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    (a,) = make_corpus(s.corpus, 1)
    ingest(None, s)
    a.write_bytes(b"")
    f = by_path(ingest(None, s))[a.name]
    assert f.status == "failed" and f.code == "empty"
    assert f.warnings == ["在这个文件能读取之前，之前收录的版本仍可搜索"]
    assert a.name in docs(s)


def test_rebuild_swaps_generations_and_keeps_results(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    make_corpus(s.corpus, 4)
    ingest(None, s)
    store = IndexStore(s.index)
    old = store.current_dir()
    counts = {k: v.passages for k, v in docs(s).items()}
    before = hashes(s.corpus)
    r = rebuild(s)
    assert r.count("added") == 4
    assert store.current_dir() != old and old is not None and not old.exists()
    assert {k: v.passages for k, v in docs(s).items()} == counts
    assert hashes(s.corpus) == before


def test_failures_are_recorded_for_check(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    make_corpus(s.corpus, 1)
    (s.corpus / "空.txt").write_bytes(b"")
    ingest(None, s)
    failed = IndexStore(s.index).meta()["failed"]
    assert set(failed) == {"空.txt"} and failed["空.txt"]["code"] == "empty"
    (s.corpus / "空.txt").unlink()
    ingest(None, s)
    assert IndexStore(s.index).meta()["failed"] == {}
