"""Readers see one consistent snapshot and notice new commits and generations (kb.search.searcher):
no deleted or doubled passages after an ingest, no failed search during a rebuild."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import pytest
from corpusgen import make_corpus

from kb.config import Settings
from kb.ingest.pipeline import ingest, rebuild
from kb.search.searcher import Searcher

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _ordinals(s: Searcher) -> Counter[tuple[str, int]]:
    return Counter((str(f["doc_id"]), int(f["ordinal"])) for f in s.searcher().documents(rec="p"))


def test_an_open_searcher_sees_removals_and_additions_exactly(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    paths = make_corpus(corpus, 6)
    settings = Settings(corpus=corpus, index=index, workers=1)
    ingest(None, settings)
    s = Searcher(index)
    assert s.search('"编号3"').total == 1
    before = s.stats()
    paths[3].unlink()
    make_corpus(corpus, 2, start=10)
    report = ingest(None, settings)
    assert [r["source"] for r in report.removed] == ["讲话003.txt"] and report.count("added") == 2
    assert s.search('"编号3"').total == 0  # the searcher opened before the ingest
    fresh = Searcher(index)
    assert s.stats()["documents"] == fresh.stats()["documents"] == before["documents"] + 1
    assert s.stats()["passages"] == fresh.stats()["passages"]
    assert max(_ordinals(s).values()) == 1  # no passage twice
    assert _ordinals(s) == _ordinals(fresh)
    assert {d.source for d in s.documents()} == {d.source for d in fresh.documents()}
    fresh.close()
    s.close()


def test_searches_in_threads_never_fail_during_rebuilds_and_ingests(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, 12)
    settings = Settings(corpus=corpus, index=index, workers=1)
    ingest(None, settings)
    s = Searcher(index)  # shared by every thread, as the site shares it between sessions
    errors: list[BaseException] = []
    counts: list[int] = []
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                r = s.search("办公室 工作", limit=20)
                counts.append(len({h.passage_id for h in r.hits}) - len(r.hits))
                for h in r.hits[:3]:
                    assert s.passage(h.passage_id) is not None
            except BaseException as exc:  # noqa: BLE001 - every failure is the finding
                errors.append(exc)

    threads = [threading.Thread(target=loop) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for i in range(2):
            rebuild(settings)
            make_corpus(corpus, 1, start=20 + i)
            ingest(None, settings)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == []
    assert counts and set(counts) == {0}  # never a passage twice in one result
    s.close()


def test_the_site_stops_showing_a_removed_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    paths = make_corpus(corpus, 5)
    settings = Settings(corpus=corpus, index=index, workers=1)
    ingest(None, settings)
    monkeypatch.setenv("KB_INDEX", str(index))
    monkeypatch.setenv("KB_CORPUS", str(corpus))
    monkeypatch.delenv("KB_PASSWORD", raising=False)
    monkeypatch.chdir(tmp_path)

    def cards() -> int:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["q"] = '"编号2"'
        at.run()
        assert not at.exception
        return sum('class="kb-title"' in m.value for m in at.markdown)

    def documents() -> str:
        at = AppTest.from_file(APP, default_timeout=60)
        at.switch_page("app_pages/status.py").run()
        return str(at.metric[0].value)

    assert cards() == 1 and documents() == "5"
    paths[2].unlink()
    ingest(None, settings)
    assert cards() == 0 and documents() == "4"  # a new session of the same site process
