"""End to end: `streamlit run app.py` driven by Playwright in headless Chromium (Debian's /usr/bin/chromium).

Search, filter, open a document, collect two passages, export a .docx and read it back, upload a PDF
and find it, check that hostile markup stays text, and see the password prompt on a second server.
Screenshots of every page (desktop and phone width) go to tests/artifacts/screenshots/.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.config import Settings
from kb.ingest.pipeline import ingest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "tests" / "artifacts" / "screenshots"
DOCS_SHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT = 30_000
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PDF_LINES = ["同志们：今天我们召开会议，研究部署数字政务协同平台建设工作。",
             "一、充分认识协同平台建设的重要意义",
             "数字政务协同平台是提升机关运转效率的重要抓手，各单位要高度重视，确保按期完成。",
             "二、扎实推进各项重点任务",
             "要坚持统筹规划、分步实施，把公文流转、会议管理和督查督办纳入平台统一办理。"]
HOSTILE = ("关于页面安全的讲话\n\n一、总体要求\n\n办公室网页要防止<img/src=x onerror=alert(1)>和<svg/onload=alert(2)>"
           "这样的代码被执行，页面只显示文字。\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, corpus: Path, index: Path, log: Path, password: str = "") -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
        env |= {"KB_INDEX": str(index), "KB_CORPUS": str(corpus), "KB_WORKERS": "1"}
        if password:
            env["KB_PASSWORD"] = password
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
             "--server.port", str(self.port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {log}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"streamlit did not start; see {log}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="module")
def site_dirs(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Writable copies of the corpus and its index, plus a document full of markup."""
    root = tmp_path_factory.mktemp("browser-site")
    corpus, index = root / "corpus", root / "index"
    shutil.copytree(ROOT / "corpus", corpus)
    shutil.copytree(corpus_index, index)
    (corpus / "页面安全.txt").write_text(HOSTILE, encoding="utf-8")
    report = ingest([corpus / "页面安全.txt"], Settings(corpus=corpus, index=index, workers=1), prune=False)
    assert not report.failed
    return corpus, index


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (set KB_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def _make_pdf(path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 18)
    c.drawString(72, 780, "关于推进数字政务协同的讲话")
    c.setFont("STSong-Light", 12)
    y = 740
    for line in PDF_LINES:
        c.drawString(72, y, line)
        y -= 28
    c.save()


def _shot(page: object, name: str, docs: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.add_style_tag(content='[data-testid="stToastContainer"], [data-testid="stToast"] {display: none !important}')  # type: ignore[attr-defined]
    page.wait_for_timeout(400)  # type: ignore[attr-defined]
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    if docs:
        DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, DOCS_SHOTS / f"{name}.png")


def _settle(page: object) -> None:
    """Wait until Streamlit has finished the current run."""
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=TIMEOUT)  # type: ignore[attr-defined]
    page.wait_for_timeout(250)  # type: ignore[attr-defined]


def _search(page: object, text: str) -> None:
    box = page.get_by_placeholder("例如：抓落实", exact=False)  # type: ignore[attr-defined]
    box.fill(text)
    box.press("Enter")
    page.wait_for_selector(".kb-title", timeout=TIMEOUT)  # type: ignore[attr-defined]
    _settle(page)


def _nav(page: object, label: str) -> None:
    """Go to a page with the sidebar navigation (client side: the session and its basket stay)."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=label).first.click()  # type: ignore[attr-defined]
    _settle(page)


def test_site_end_to_end(site_dirs: tuple[Path, Path], browser: object, tmp_path: Path) -> None:
    corpus, index = site_dirs
    server = Server(corpus, index, tmp_path / "streamlit.log")
    alerts: list[str] = []
    try:
        context = browser.new_context(viewport=DESKTOP, accept_downloads=True, locale="zh-CN")  # type: ignore[attr-defined]
        page = context.new_page()
        page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
        page.set_default_timeout(TIMEOUT)

        # search: empty state, then a query (which goes into the URL)
        page.goto(f"{server.url}/")
        page.wait_for_selector("text=知识库共有", timeout=TIMEOUT)
        _settle(page)
        _shot(page, "search-empty-desktop")
        _search(page, "抓落实")
        assert "q=" in page.url
        assert page.locator(".kb-text mark").count() > 0
        _shot(page, "search-desktop", docs=True)

        # filter by year in the sidebar
        before = page.locator(".kb-title").count()
        page.get_by_role("combobox", name="年份").click()
        page.get_by_role("combobox", name="年份").press("ArrowDown")
        page.get_by_role("option", name="2024", exact=False).first.click()
        _settle(page)
        page.wait_for_function("() => new URLSearchParams(location.search).get('year') === '2024'", timeout=TIMEOUT)
        dates = page.locator(".kb-meta").all_inner_texts()
        assert dates and all("2024" in d for d in dates[: min(before, len(dates))])

        # collect two passages
        for n in range(2):
            page.get_by_role("button", name="加入素材篮").first.click()
            page.get_by_role("button", name="已在素材篮").nth(n).wait_for(timeout=TIMEOUT)
            _settle(page)
        assert page.get_by_role("button", name="已在素材篮").count() == 2

        # open the first hit in its document: the passage is highlighted
        page.get_by_role("link", name="在原文中阅读").first.click()
        page.wait_for_selector(".kb-passage.target", timeout=TIMEOUT)
        _settle(page)
        assert "doc=" in page.url and "p=" in page.url
        _shot(page, "read-desktop", docs=True)

        # the basket survived the page change; export it to Word and read it back
        _nav(page, "素材篮")
        page.wait_for_selector("text=第 2 段", timeout=TIMEOUT)
        page.get_by_role("textbox", name="批注").first.fill("用在开头")
        page.get_by_role("textbox", name="批注").first.press("Tab")
        _settle(page)
        _shot(page, "basket-desktop", docs=True)
        with page.expect_download(timeout=TIMEOUT) as info:
            page.get_by_role("button", name="导出 Word（.docx）").click()
        saved = tmp_path / "basket.docx"
        info.value.save_as(saved)
        from docx import Document

        paragraphs = [p.text for p in Document(io.BytesIO(saved.read_bytes())).paragraphs]
        assert paragraphs[0] == "素材篮"
        assert sum(1 for p in paragraphs if p.startswith("——摘自《")) == 2
        assert "批注：用在开头" in paragraphs

        # hostile markup is shown as text, never run
        _nav(page, "搜索")
        _search(page, "页面安全 代码")
        text = page.locator(".kb-text").first.inner_text()
        assert "<img/src=x onerror=alert(1)>" in text or "<svg/onload=alert(2)>" in text
        assert page.locator('.kb-text img, .kb-text svg, [data-testid="stMain"] img[src="x"]').count() == 0

        # browse, status and a library page
        _nav(page, "浏览")
        _shot(page, "browse-topics-desktop")
        page.get_by_role("tab", name="按文档").click()
        page.wait_for_selector('[data-testid="stDataFrame"]', timeout=TIMEOUT)
        _shot(page, "browse-documents-desktop")
        _nav(page, "提法")
        _shot(page, "library-desktop", docs=True)
        _nav(page, "状态")
        page.wait_for_selector('[data-testid="stMetric"]', timeout=TIMEOUT)
        _shot(page, "status-desktop")

        # upload a PDF, then find its text
        pdf = tmp_path / "数字政务协同讲话.pdf"
        _make_pdf(pdf)
        _nav(page, "添加文档")
        page.locator('input[type="file"]').set_input_files(str(pdf))
        page.wait_for_selector("text=数字政务协同讲话.pdf", timeout=TIMEOUT)
        page.get_by_role("button", name="添加到知识库").click()
        page.wait_for_selector("text=处理结果", timeout=60_000)
        _settle(page)
        _shot(page, "add-desktop")
        assert page.get_by_text("已添加").count() >= 1
        _nav(page, "搜索")
        _search(page, "协同平台 公文流转")
        assert "数字政务协同" in page.locator(".kb-title").first.inner_text()

        # phone width: the same pages must fit
        page.set_viewport_size(PHONE)
        _settle(page)
        _shot(page, "search-phone")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 2, width
        page.get_by_role("link", name="在原文中阅读").first.click()
        page.wait_for_selector(".kb-passage.target", timeout=TIMEOUT)
        _settle(page)
        _shot(page, "read-phone")
        page.goto(f"{server.url}/basket")
        page.wait_for_selector("text=素材篮还是空的", timeout=TIMEOUT)
        _shot(page, "basket-empty-phone")
        page.goto(f"{server.url}/formulations")
        _settle(page)
        _shot(page, "library-phone")
        assert not alerts, alerts
        context.close()
    finally:
        server.stop()


def test_password_prompt_when_one_is_set(site_dirs: tuple[Path, Path], browser: object, tmp_path: Path) -> None:
    corpus, index = site_dirs
    server = Server(corpus, index, tmp_path / "streamlit-pw.log", password="机关2024")
    try:
        context = browser.new_context(viewport=DESKTOP, locale="zh-CN")  # type: ignore[attr-defined]
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.goto(f"{server.url}/add")
        page.wait_for_selector("text=需要管理密码", timeout=TIMEOUT)
        assert page.locator('input[type="file"]').count() == 0
        _settle(page)
        _shot(page, "password-desktop")
        box = page.locator('input[type="password"]')
        box.fill("wrong")
        page.get_by_role("button", name="确认").click()
        page.wait_for_selector("text=密码不正确", timeout=TIMEOUT)
        page.locator('input[type="password"]').fill("机关2024")
        page.get_by_role("button", name="确认").click()
        page.wait_for_selector('[data-testid="stFileUploader"]', timeout=TIMEOUT)
        # search stays open without the password
        page2 = context.new_page()
        page2.goto(f"{server.url}/?q=抓落实")
        page2.wait_for_selector(".kb-title", timeout=TIMEOUT)
        context.close()
    finally:
        server.stop()
