"""A damaged index (truncated or missing parts) gives a Chinese message with the fix, never a
traceback; `kb check` reads every segment file; `kb rebuild` repairs it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kb.cli.main import main
from kb.index.store import IndexDamagedError, IndexStore
from kb.search.searcher import Searcher

ROOT = Path(__file__).resolve().parents[2]
FIX = "解决办法：运行 `kb rebuild` 从文档文件夹重新建立索引（文档本身没有受影响）"


def _damage(gen: Path, kind: str) -> None:
    if kind == "toc":
        f = next(gen.glob("_MAIN_*.toc"))
        f.write_bytes(f.read_bytes()[:20])
    elif kind == "trm":
        f = next(gen.glob("*.trm"))
        f.write_bytes(f.read_bytes()[:100])
    elif kind == "pst":
        next(gen.glob("*.pst")).unlink()
    elif kind == "stored":
        next(gen.glob("*._stored.col")).write_bytes(b"")


@pytest.mark.parametrize("kind", ["toc", "trm", "pst", "stored"])
def test_a_damaged_index_is_diagnosed_and_rebuilt(corpus_index: Path, tmp_path: Path, kind: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    index = tmp_path / "index"
    shutil.copytree(corpus_index, index)
    corpus = ROOT / "corpus"
    store = IndexStore(index)
    gen = store.current_dir()
    assert gen is not None
    _damage(gen, kind)
    with pytest.raises(IndexDamagedError) as info:
        Searcher(index).search("办公室")
    assert info.value.code == "index-damaged"
    assert str(info.value).startswith(f"{index}: 索引已损坏，有部分文件读不出来（") and str(info.value).endswith(FIX)
    code = main(["search", "办公室", "--index", str(index), "--corpus", str(corpus)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and err.startswith(f"kb: {index}: 索引已损坏")
    code = main(["check", "--index", str(index), "--corpus", str(corpus), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and not report["ok"] and "索引已损坏" in report["unusable"]
    assert report["fix"] == "运行 `kb rebuild`，从文档文件夹重新建立索引"
    assert main(["rebuild", "--index", str(index), "--corpus", str(corpus), "--json"]) == 0
    capsys.readouterr()
    assert main(["check", "--index", str(index), "--corpus", str(corpus)]) == 0
    s = Searcher(index)
    assert s.search("办公室").hits
    s.close()
