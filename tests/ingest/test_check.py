"""`kb check`: the index against the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpusgen import make_corpus, speech

from kb.cli.main import main
from kb.config import Settings
from kb.ingest.check import check
from kb.ingest.pipeline import ingest


def setup(tmp_path: Path) -> Settings:
    s = Settings(corpus=tmp_path / "corpus", index=tmp_path / "index")
    make_corpus(s.corpus, 3)
    (s.corpus / "空.txt").write_bytes(b"")
    ingest(None, s)
    return s


def test_clean_index_is_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = setup(tmp_path)
    r = check(s)
    assert r.ok and r.unreadable_files == ["空.txt"] and r.documents == 3 and r.files == 4
    code = main(["check", "--corpus", str(s.corpus), "--index", str(s.index)])
    out = capsys.readouterr().out
    assert code == 0 and out.endswith("索引与文档文件夹一致。\n")


def test_missing_stale_orphaned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = setup(tmp_path)
    make_corpus(s.corpus, 1, start=10)
    (s.corpus / "讲话000.txt").write_text(speech(99), encoding="utf-8")
    (s.corpus / "讲话001.txt").unlink()
    r = check(s)
    assert (r.missing, r.stale, r.orphaned) == (["讲话010.txt"], ["讲话000.txt"], ["讲话001.txt"])
    code = main(["check", "--json", "--corpus", str(s.corpus), "--index", str(s.index)])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and data["ok"] is False
    assert data["fix"] == "运行 `kb ingest`，让索引跟上文档文件夹"
    assert data["problems"] == ["讲话010.txt：不在索引里", "讲话000.txt：收录以后改过",
                                "讲话001.txt：已收录，但文件已不在"]
    ingest(None, s)
    assert check(s).ok


def test_version_mismatch_says_rebuild(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = setup(tmp_path)
    from kb.index.store import IndexStore

    store = IndexStore(s.index)
    meta_path = store.current_dir() / "kb-meta.json"  # type: ignore[operator]
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["analyzer_version"] = "0"
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    code = main(["check", "--corpus", str(s.corpus), "--index", str(s.index)])
    out, err = capsys.readouterr()
    assert code == 1 and "! 索引已过时：分析器已改变（索引 0，kb " in out
    assert err == "索引与文档文件夹不一致。解决办法：运行 `kb rebuild`，从文档文件夹重新建立索引\n"
    assert main(["rebuild", "--corpus", str(s.corpus), "--index", str(s.index)]) == 1  # 空.txt still fails
    capsys.readouterr()
    assert check(s).ok


def test_no_index(tmp_path: Path) -> None:
    s = Settings(corpus=tmp_path / "corpus", index=tmp_path / "index")
    r = check(s)
    assert not r.ok and r.fix == "运行 `kb ingest`，让索引跟上文档文件夹"
