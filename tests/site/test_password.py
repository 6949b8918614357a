"""No way around the admin password (issue 12: "no password bypass in 9 tries"), with AppTest: every
protected action (upload, removal, removing a file that is not indexed, rebuild, corrections) stays
hidden when the page is opened directly, with made-up query parameters, and after near-miss
passwords; the right one opens them; after too many wrong ones even the right one waits."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kb.config import Settings
from kb.guard import FREE_TRIES, PasswordGuard
from kb.ingest.pipeline import ingest
from kb.search.searcher import Searcher

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PASSWORD = "机关Pw2024"
#: what a guesser tries instead of the password
NEAR_MISSES = ["", " ", PASSWORD + " ", " " + PASSWORD, PASSWORD.lower(), PASSWORD.upper(), PASSWORD[:-1],
               PASSWORD + "\x00", "机关Ｐｗ２０２４"]


@pytest.fixture
def protected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "good.txt").write_text("办公室工作要抓落实。" * 20, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")  # not indexed: the status page lists it, with a remove button
    ingest(None, Settings(corpus=corpus, index=index, workers=1))
    monkeypatch.setenv("KB_INDEX", str(index))
    monkeypatch.setenv("KB_CORPUS", str(corpus))
    monkeypatch.setenv("KB_PASSWORD", PASSWORD)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("app_pages.common.GUARD", PasswordGuard())  # this test's wrong tries only
    s = Searcher(index)
    doc = s.documents()[0].doc_id
    s.close()
    return {"doc": doc}


def _page(path: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    at.switch_page(path)
    return at.run()


def _opened(at: AppTest) -> set[str]:
    """The protected actions this run of the page shows."""
    keys = {str(getattr(w, "key", "") or "") for w in [*at.button, *at.checkbox, *at.selectbox]}
    shown = set()
    if at.file_uploader:
        shown.add("upload")
    if "remove-pick" in keys:
        shown.add("remove")
    if "rebuild" in keys:
        shown.add("rebuild")
    if any(k.startswith("rmf-go-") for k in keys):
        shown.add("remove-file")
    if any(b.label == "保存更正" for b in at.button) or "meta-reset" in keys:
        shown.add("correct")
    return shown


def _try(at: AppTest, given: str) -> AppTest:
    at.text_input(key="password-input").input(given)
    next(b for b in at.button if b.label == "确认").click()
    return at.run()


PAGES = [("app_pages/add.py", {"upload", "remove"}), ("app_pages/status.py", {"rebuild", "remove-file"}),
         ("app_pages/read.py", {"correct"})]


@pytest.mark.parametrize(("path", "actions"), PAGES, ids=["add", "status", "read"])
def test_protected_actions_stay_hidden_without_the_password(protected: dict[str, str], path: str,
                                                            actions: set[str]) -> None:
    params = {"doc": protected["doc"]} if path.endswith("read.py") else {}
    at = _page(path, **params)
    assert not at.exception and _opened(at) == set()
    # made-up parameters change nothing
    at = _page(path, **params, password=PASSWORD, authenticated="true", auth="1", admin="1")
    assert not at.exception and _opened(at) == set()
    for given in NEAR_MISSES[:FREE_TRIES]:
        at = _try(at, given)
        assert not at.exception and _opened(at) == set(), given
        assert any("密码不正确" in e.value for e in at.error)
    at = _try(at, PASSWORD)
    assert not at.exception and _opened(at) == actions


def test_every_near_miss_is_wrong_and_a_lockout_refuses_even_the_right_one(protected: dict[str, str],
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    now = [0.0]
    monkeypatch.setattr("app_pages.common.GUARD", PasswordGuard(clock=lambda: now[0]))
    at = _page("app_pages/add.py")
    for given in NEAR_MISSES:
        at = _try(at, given)
        assert _opened(at) == set(), given
        now[0] += 1000.0  # past any lock-out: each near miss is compared, and is wrong
    at = _try(at, "wrong")  # the tenth wrong try: locked out
    errors = [e.value for e in at.error]
    assert any("错误次数太多" in e for e in errors), errors
    at = _try(at, PASSWORD)  # during the lock-out, not even compared
    assert _opened(at) == set()
    now[0] += 1000.0
    at = _try(at, PASSWORD)
    assert _opened(at) == {"upload", "remove"}
    # the session stays signed in; a new session asks again
    assert _opened(_page("app_pages/status.py")) == set()
