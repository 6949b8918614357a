"""The index on disk: generations, the write lock, orphan clean-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.errors import IndexLockedError, IndexMissingError
from kb.index.store import IndexStore


def test_missing_index_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError) as e:
        IndexStore(tmp_path / "index").open()
    assert str(e.value) == (f"{tmp_path / 'index'}: 这里还没有索引。解决办法：运行 `kb ingest` 从文档文件夹建立索引"
                            "（或者用 --index 指向另一个索引）")


def test_write_lock_is_exclusive_and_says_so(tmp_path: Path) -> None:
    store = IndexStore(tmp_path / "index")
    with store.write_lock(0), pytest.raises(IndexLockedError) as e:
        with IndexStore(tmp_path / "index").write_lock(0.2):
            pass
    lock = tmp_path / "index" / "WRITE.lock"
    assert str(e.value) == f"{tmp_path / 'index'}: 另一个进程正在写入索引。解决办法：等它完成后再试；用 `fuser {lock}` 可以查看是哪个进程"
    with store.write_lock(0):  # released
        pass


def test_a_lock_kept_by_the_children_of_a_dead_holder_says_so(tmp_path: Path) -> None:
    import subprocess

    dead = subprocess.Popen(["true"])
    dead.wait()
    store = IndexStore(tmp_path / "index")
    with store.write_lock(0):
        (tmp_path / "index" / "WRITE.lock").write_text(f"{dead.pid}\n", encoding="ascii")
        assert store.lock_holder() == dead.pid
        with pytest.raises(IndexLockedError) as e:
            with IndexStore(tmp_path / "index").write_lock(0.1):
                pass
    assert str(e.value).startswith(f"{tmp_path / 'index'}: 索引的写锁还被进程 {dead.pid} 留下的子进程占着（进程 {dead.pid} 已经结束）")


def test_activate_swaps_and_cleans_orphans(tmp_path: Path) -> None:
    store = IndexStore(tmp_path / "index")
    first = store.create_generation("jieba")
    store.activate(first)
    orphan = store.create_generation("jieba")  # as a killed rebuild leaves it
    assert store.current_dir() == first and store.orphans() == [orphan]
    assert store.resumable("jieba") == orphan
    assert store.cleanup() == [orphan] and not orphan.exists()
    second = store.create_generation("jieba")
    store.activate(second)
    assert store.current_dir() == second and not first.exists()
    assert (tmp_path / "index" / "CURRENT").read_text(encoding="utf-8") == second.name + "\n"


def test_stale_versions_are_named(tmp_path: Path) -> None:
    import json

    store = IndexStore(tmp_path / "index")
    store.activate(store.create_generation("jieba"))
    meta_path = store.current_dir() / "kb-meta.json"  # type: ignore[operator]
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["schema_version"] = "0"
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert store.stale_reasons()[0].startswith("索引结构已改变（索引 0，kb ")


def _built(tmp_path: Path) -> IndexStore:
    store = IndexStore(tmp_path / "index")
    store.ensure("jieba")
    return store


def test_an_index_from_another_analyzer_version_is_refused_before_its_schema_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from kb.errors import IndexStaleError

    store = _built(tmp_path)
    gen = store.current_dir()
    assert gen is not None
    meta_path = gen / "kb-meta.json" if (gen / "kb-meta.json").exists() else store.root / "kb-meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["analyzer_version"] = "0"
    meta_path.write_text(json.dumps(meta), encoding="utf-8")

    def unreadable(*_a: object, **_k: object) -> bool:  # what Whoosh does with a schema naming lost classes
        raise AttributeError("Can't get attribute 'WordTokenizer' on <module 'kb.analysis'>")

    monkeypatch.setattr("kb.index.store.windex.exists_in", unreadable)
    assert store.exists()
    with pytest.raises(IndexStaleError) as e:
        store.open()
    assert "分析器已改变（索引 0，kb " in str(e.value)
    assert str(e.value).endswith("解决办法：运行 `kb rebuild`，从文档文件夹重新建立索引")
    with pytest.raises(IndexStaleError) as e2:
        store.open(check=False)
    assert "索引无法打开（AttributeError" in str(e2.value)
