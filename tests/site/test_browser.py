"""End to end: `streamlit run app.py` driven by Playwright in headless Chromium (Debian's /usr/bin/chromium).

Search, filter (counts of the filtered set), copy with one click, collect passages into a basket that
survives a reload, a new tab and a restart of the site, export a .docx named after the basket and read
it back, upload a PDF and find it, check that hostile markup stays text, walk every page at 1280 px and
390 px failing on English interface text, check the phone layout, and see the password prompt on a
second server.  Every wait is for what the test checks next (no fixed sleeps).  Screenshots of every
page (desktop and phone width) go to tests/artifacts/screenshots/ (kept by CI as artefacts).
"""

from __future__ import annotations

import io
import os
import re
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
#: the first page of a fresh server loads the index and the word segmenter (a fresh clone builds
#: jieba's cache then): that wait may be long on a busy machine, the later ones are not
FIRST_LOAD = 180_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PDF_LINES = ["同志们：今天我们召开会议，研究部署数字政务协同平台建设工作。",
             "一、充分认识协同平台建设的重要意义",
             "数字政务协同平台是提升机关运转效率的重要抓手，各单位要高度重视，确保按期完成。",
             "二、扎实推进各项重点任务",
             "要坚持统筹规划、分步实施，把公文流转、会议管理和督查督办纳入平台统一办理。"]
BLANK_PAGE_LINES = ["同志们：档案数字化是机关基础性工作，要按照统一标准推进馆藏档案的扫描和著录。",
                    "一、摸清家底，分批实施", "各单位要在年底前完成重要档案的数字化，确保数据安全可靠。"]
HOSTILE = ("关于进一步加强机关网站页面安全和信息发布审核管理工作的讲话\n\n一、总体要求\n\n办公室网页要防止<img/src=x onerror=alert(1)>和<svg/onload=alert(2)>"
           "这样的代码被执行，页面只显示文字。\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, corpus: Path, index: Path, log: Path, password: str = "") -> None:
        self.args = (corpus, index, log, password)
        self._start(corpus, index, log, password)

    def restart(self) -> None:
        """Stop the site and start it again on a new port (cookies are per host, not per port)."""
        self.stop()
        self._start(*self.args)

    def _start(self, corpus: Path, index: Path, log: Path, password: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
        env |= {"KB_INDEX": str(index), "KB_CORPUS": str(corpus), "KB_WORKERS": "1"}
        if password:
            env["KB_PASSWORD"] = password
        self.log = log.open("a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
             "--server.port", str(self.port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {log}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                try:  # a short wait that ends at once if streamlit exits
                    self.proc.wait(0.3)
                except subprocess.TimeoutExpired:
                    pass
        raise RuntimeError(f"streamlit did not start; see {log}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="module", autouse=True)
def _fresh_screenshots() -> None:
    """The screenshot folder holds the pictures of this run only (none left from an older run)."""
    for old in SHOTS.glob("*.png"):
        old.unlink()


@pytest.fixture(scope="module")
def site_dirs(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Writable copies of the corpus and its index, plus a document full of markup."""
    root = tmp_path_factory.mktemp("browser-site")
    corpus, index = root / "corpus", root / "index"
    shutil.copytree(ROOT / "corpus", corpus)
    shutil.copytree(corpus_index, index)
    (corpus / "页面安全.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "坏文件.pdf").write_bytes(b"%PDF-1.4 not really a PDF")  # fails: listed on 状态
    _make_pdf(corpus / "缺页的讲话.pdf", "关于档案数字化工作的讲话", BLANK_PAGE_LINES, blank_page=True)
    report = ingest([corpus / "页面安全.txt", corpus / "坏文件.pdf", corpus / "缺页的讲话.pdf"],
                    Settings(corpus=corpus, index=index, workers=1), prune=False)
    assert [Path(f.path).name for f in report.failed] == ["坏文件.pdf"]
    warned = [f for f in report.files if f.warnings]
    assert [Path(f.path).name for f in warned] == ["缺页的讲话.pdf"], [f.warnings for f in report.files]
    (root / "warned-doc").write_text(str(warned[0].doc_id), encoding="utf-8")
    return corpus, index


@pytest.fixture(scope="module")
def warned_doc(site_dirs: tuple[Path, Path]) -> str:
    """The id of the document whose reader left a warning (its second page has no text)."""
    return (site_dirs[0].parent / "warned-doc").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (set KB_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def _make_pdf(path: Path, title: str = "关于推进数字政务协同的讲话", lines: list[str] = PDF_LINES,
              blank_page: bool = False) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 18)
    c.drawString(72, 780, title)
    c.setFont("STSong-Light", 12)
    y = 740
    for line in lines:
        c.drawString(72, y, line)
        y -= 28
    if blank_page:  # a page with no text layer (as a scanned page is): the reader warns about it
        c.showPage()
        c.rect(72, 400, 300, 200)
    c.save()



#: words that may stand in the interface although they are Latin letters (formats, product names)
ALLOWED_LATIN = {"kb", "word", "markdown", "pdf", "docx", "doc", "xlsx", "xls", "zip", "txt", "md", "html", "htm", "json",
                 "csv", "mb", "gb",
                 "ocr", "or", "python", "whoosh", "jieba", "rjieba", "toml", "url", "zh", "hans", "hant"}

#: every visible interface text and label that has Latin words, except document content and icons
ENGLISH_JS = """() => {
  const content = '.kb-text, .kb-title, .kb-near, .kb-meta, .kb-path, .kb-outline, .kb-h, code, pre, '
    + '[data-testid="stTable"] td, [data-testid="stPageLink"] p, [data-testid="stIconMaterial"], '
    + '[data-testid="stExpanderIcon"], .material-symbols-rounded, script, style, noscript, '
    + '[data-testid="stFileUploaderFile"], [data-testid="stMarkdownContainer"] table';
  const hidden = (el) => { const s = getComputedStyle(el); return s.display === 'none' || s.visibility === 'hidden'; };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const p = n.parentElement;
    if (!p || p.closest(content) || hidden(p)) continue;
    const t = n.nodeValue.trim();
    if (/[A-Za-z]{2,}/.test(t) && !/^[a-z_0-9]+$/.test(t)) out.push(t);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
    if (el.closest(content)) continue;
    for (const a of ['title', 'aria-label', 'placeholder']) {
      const v = el.getAttribute(a);
      if (v && /[A-Za-z]{2,}/.test(v)) out.push(a + '=' + v);
    }
  }
  return out;
}"""


def _english(page: object) -> list[str]:
    """Interface texts with a Latin word that is not an allowed format or product name."""
    found = page.evaluate(ENGLISH_JS)  # type: ignore[attr-defined]
    bad = []
    for text in found:
        words = re.findall(r"[A-Za-z]{2,}", text.split("=", 1)[-1])
        if any(w.lower() not in ALLOWED_LATIN for w in words):
            bad.append(text)
    return sorted(set(bad))


#: what sticks out past the right edge of the screen (a badge, a title, a button, a filter)
OVERFLOW_JS = """() => [...document.querySelectorAll('.kb-badge, .kb-title, .kb-text, .kb-meta, .kb-pagetitle, '
    + '[data-testid="stButton"], [data-testid="stSelectbox"], [data-testid="stPageLink"], [data-testid="stAlert"], '
    + '[data-testid="stButtonGroup"] button')]
  .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > innerWidth + 1; })
  .map((e) => e.innerText.slice(0, 40))
  .concat([...document.querySelectorAll('[data-testid="stMain"] [data-testid="stPageLink"] span:has(> [data-testid="stMarkdownContainer"])')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => 'cut off: ' + e.innerText.slice(0, 40)))"""


def _shot(page: object, name: str, docs: bool = False) -> None:
    """A screenshot of the whole page: the viewport is made as tall as Streamlit's scrolling main area."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.add_style_tag(content='[data-testid="stToastContainer"], [data-testid="stToast"] {display: none !important}')  # type: ignore[attr-defined]
    page.evaluate("() => document.fonts.ready")  # type: ignore[attr-defined]
    size = page.viewport_size  # type: ignore[attr-defined]
    tall = page.evaluate("() => Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"], [data-testid=\"stAppScrollToBottomContainer\"], [data-testid=\"stMainBlockContainer\"]')].map(e => e.scrollHeight), document.documentElement.scrollHeight)")  # type: ignore[attr-defined]
    height = min(max(int(tall), size["height"]), 6000)
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height})  # type: ignore[attr-defined]
        _settle(page)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))  # type: ignore[attr-defined]
    if height > size["height"]:
        page.set_viewport_size(size)  # type: ignore[attr-defined]
        _settle(page)
    if docs and os.environ.get("KB_UPDATE_SCREENSHOTS") == "1":  # the README's pictures, retaken on request
        DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, DOCS_SHOTS / f"{name}.png")


def _settle(page: object, timeout: int = TIMEOUT) -> None:
    """Wait until Streamlit has finished the current run and drawn it: no running indicator, no stale
    elements, no skeletons of widgets whose code is still loading."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelector('[data-testid=\"stApp\"]') && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-stale=\"true\"]') && !document.querySelector('[data-testid=\"stSkeleton\"]')",
        timeout=timeout)


def _open(page: object, url: str, ready: str = ".kb-pagetitle", timeout: int = TIMEOUT) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    page.wait_for_selector(ready, timeout=timeout)  # type: ignore[attr-defined]
    _settle(page, timeout)


def _search(page: object, text: str) -> None:
    box = page.get_by_placeholder("例如：抓落实", exact=False)  # type: ignore[attr-defined]
    box.fill(text)
    box.press("Enter")
    # the results of this query (not those of the last one, still on the page while the new run starts)
    page.wait_for_function("(q) => [...document.querySelectorAll('.kb-results')].some(e => e.dataset.q === q)",  # type: ignore[attr-defined]
                           arg=text, timeout=TIMEOUT)
    _settle(page)


def _nav(page: object, label: str) -> None:
    """Go to a page with the sidebar navigation (client side: the session stays)."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=label).first.click()  # type: ignore[attr-defined]
    page.wait_for_function("(t) => document.title.startsWith(t + ' ·')", arg=label, timeout=TIMEOUT)  # type: ignore[attr-defined]
    _settle(page)


def _wait_centred(page: object) -> None:
    """Wait until the deep-linked passage has been scrolled into the middle of the screen."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => { const r = document.querySelector('.kb-passage.target').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight && document.body.dataset.kbScrolled === '1'; }")


def _expand(page: object, label: str) -> None:
    """Open the expander with this label and wait until it has finished opening (its content is drawn
    in full: no animation left, the last line inside the box)."""
    page.get_by_text(label).first.click()  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        """(label) => { const d = [...document.querySelectorAll('[data-testid="stExpander"] details')]
            .find(x => x.querySelector('summary').innerText.includes(label));
          if (!d || !d.open || d.getAnimations({subtree: true}).some((a) => a.playState === 'running')) return false;
          const body = d.querySelector('[data-testid="stExpanderDetails"]'); if (!body) return false;
          const last = body.lastElementChild; if (!last) return false;
          return last.getBoundingClientRect().bottom <= d.getBoundingClientRect().bottom + 0.5; }""",
        arg=label, timeout=TIMEOUT)


def _found(page: object) -> int:
    """The number of passages the search says it found."""
    line = page.locator('[data-testid="stCaptionContainer"]', has_text="找到").first.inner_text()  # type: ignore[attr-defined]
    match = re.search(r"找到\s*(\d+)\s*段", line)
    assert match, line
    return int(match.group(1))


def _basket_link(page: object) -> str:
    return str(page.locator('[data-testid="stSidebarUserContent"] [data-testid="stPageLink"]').first.inner_text())  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def server(site_dirs: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    corpus, index = site_dirs
    srv = Server(corpus, index, tmp_path_factory.mktemp("logs") / "streamlit.log")
    yield srv
    srv.stop()


def test_site_end_to_end(site_dirs: tuple[Path, Path], browser: object, tmp_path: Path) -> None:
    corpus, index = site_dirs
    server = Server(corpus, index, tmp_path / "streamlit.log")
    try:
        _end_to_end(server, corpus, index, browser, tmp_path)
    finally:
        server.stop()


def _end_to_end(server: Server, corpus: Path, index: Path, browser: object, tmp_path: Path) -> None:
    alerts: list[str] = []
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True, locale="zh-CN")  # type: ignore[attr-defined]
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    page = context.new_page()
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    page.set_default_timeout(TIMEOUT)

    # search: empty state, then a query (which goes into the URL); every tab says which page it shows
    _open(page, f"{server.url}/", ready="text=知识库共有", timeout=FIRST_LOAD)
    assert page.title() == "搜索 · 办公室工作知识库"
    _shot(page, "search-empty-desktop")
    _search(page, "抓落实")
    assert page.locator(".kb-text mark").count() > 0
    _shot(page, "search-desktop", docs=True)

    # one click copies the passage with its citation
    page.locator(".kb-copy").first.click()
    page.locator(".kb-copy.done").first.wait_for()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    first_text = page.locator(".kb-text").first.inner_text()
    # the whole passage is copied, also when the card shows only an excerpt of it (…excerpt…)
    shown = first_text.replace("\n", "").strip("…")
    assert copied.splitlines()[-1].startswith("——摘自《") and shown[:12] in copied.replace("\n", "")

    # filter by year: the URL keeps it, every card is of that year, the document counts are of that year
    total = _found(page)
    page.get_by_role("combobox", name="年份").click()
    page.get_by_role("option", name="2008", exact=False).first.click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('year') === '2008'", timeout=TIMEOUT)
    page.wait_for_function("(n) => [...document.querySelectorAll('.kb-results')].some(e => e.dataset.total !== n)",
                           arg=str(total), timeout=TIMEOUT)
    _settle(page)
    found = _found(page)
    assert found < total
    dates = [d for d in page.locator(".kb-title + .kb-meta, .kb-meta").all_inner_texts() if d.startswith("·")]
    assert dates and all("2008" in d for d in dates)
    page.get_by_role("combobox", name="文档").click()
    options = page.get_by_role("option").all_inner_texts()
    counts = [int(m.group(1)) for o in options if (m := re.search(r"（(\d+)）$", o))]
    assert counts and sum(counts) == found, (options, found)
    page.keyboard.press("Escape")

    # collect two passages
    for n in range(2):
        page.get_by_role("button", name="加入素材篮").first.click()
        page.get_by_role("button", name="已在素材篮").nth(n).wait_for()
        _settle(page)
    assert page.get_by_role("button", name="已在素材篮").count() == 2
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=\"stSidebarUserContent\"] a')].some(a => a.innerText.includes('2 段'))")

    # a full reload and a new tab find the same basket (kept on the server, the id in a cookie)
    page.reload()
    page.wait_for_selector(".kb-title")
    _settle(page)
    assert "（2 段）" in _basket_link(page)
    assert page.get_by_role("button", name="已在素材篮").count() == 2
    tab = context.new_page()
    _open(tab, f"{server.url}/basket", ready="text=第 2 段")
    tab.close()

    # open the first hit in its document: the passage is highlighted and centred
    page.get_by_role("link", name="在原文中阅读").first.click()
    page.wait_for_selector(".kb-passage.target")
    _settle(page)
    assert "doc=" in page.url and "p=" in page.url
    _wait_centred(page)
    assert page.title().endswith("· 阅读")
    _shot(page, "read-desktop", docs=True)

    # the basket: a title that names the export, a note, the Word file read back
    _nav(page, "素材篮")
    page.wait_for_selector("text=第 2 段")
    title_box = page.get_by_role("textbox", name="标题（也是素材篮的名称和文件名）")
    title_box.fill("年中工作会议讲话素材")
    title_box.press("Enter")
    page.wait_for_function(  # the basket took the name: the basket picker shows it
        "() => [...document.querySelectorAll('[data-testid=\"stSelectbox\"]')].some(e => (e.innerText + "
        "[...e.querySelectorAll('input')].map(i => i.value).join('')).includes('年中工作会议讲话素材（2 段）'))")
    _settle(page)
    page.get_by_role("textbox", name="批注").first.fill("用在开头")
    page.get_by_role("textbox", name="批注").first.evaluate("(e) => e.blur()")  # commits it, focus on nothing
    _settle(page)
    _shot(page, "basket-desktop", docs=True)
    with page.expect_download() as info:
        page.get_by_role("button", name="导出 Word（.docx）").click()
    assert info.value.suggested_filename == "年中工作会议讲话素材.docx"
    saved = tmp_path / "basket.docx"
    info.value.save_as(saved)
    from docx import Document

    word = Document(io.BytesIO(saved.read_bytes()))
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0] == "年中工作会议讲话素材" and word.core_properties.title == "年中工作会议讲话素材"
    assert word.core_properties.author == ""
    assert sum(1 for p in paragraphs if p.startswith("——摘自《")) == 2
    assert "批注：用在开头" in paragraphs
    assert round(word.sections[0].page_width.mm) == 210  # type: ignore[union-attr]

    # the site restarts: the same browser finds its basket again
    server.restart()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)  # its new port
    _open(page, f"{server.url}/basket", ready="text=第 2 段", timeout=FIRST_LOAD)
    _shot(page, "basket-restarted-desktop")
    assert page.get_by_role("textbox", name="标题（也是素材篮的名称和文件名）").input_value() == "年中工作会议讲话素材"
    _open(page, f"{server.url}/", ready="text=知识库共有", timeout=FIRST_LOAD)

    # hostile markup is shown as text, never run
    _search(page, "页面安全 代码")
    text = page.locator(".kb-text").first.inner_text()
    assert "<img/src=x onerror=alert(1)>" in text or "<svg/onload=alert(2)>" in text
    assert page.locator('.kb-text img, .kb-text svg, [data-testid="stMain"] img[src="x"]').count() == 0

    # browse: topics, then documents newest first with clickable titles
    _nav(page, "浏览")
    _shot(page, "browse-topics-desktop")
    page.get_by_role("tab", name="按文档").click()
    page.wait_for_selector('[class*="st-key-docrow-"]')
    _settle(page)
    _shot(page, "browse-documents-desktop")
    first_doc = page.locator('[class*="st-key-docrow-"] [data-testid="stPageLink"] a').first
    name = first_doc.inner_text().splitlines()[-1]  # after the icon
    first_doc.click()
    page.wait_for_selector(".kb-passage")
    _settle(page)
    assert name.strip() in page.locator(".kb-pagetitle").inner_text()

    _nav(page, "提法")
    _shot(page, "library-desktop", docs=True)
    # a quotation is copied in one click with its speaker and its marks, then its citation
    _nav(page, "引语")
    page.locator(".kb-copy").first.click()
    page.locator(".kb-copy.done").first.wait_for()
    quoted = page.evaluate("() => navigator.clipboard.readText()").splitlines()
    assert re.match(r"^.+：“.+”$", quoted[0]) and quoted[1].startswith("——摘自《"), quoted
    _nav(page, "状态")
    page.wait_for_selector('[data-testid="stMetric"]')
    page.get_by_text("没有进入索引的文件（1）").wait_for()
    _shot(page, "status-desktop")
    # the file that failed is named with the reason, and can be removed (the confirmation resets)
    page.get_by_text("坏文件.pdf").first.wait_for()
    page.get_by_text("确认删除这个文件").click()
    page.get_by_role("button", name="删除").click()
    page.get_by_text("已把 坏文件.pdf 移到回收文件夹", exact=False).wait_for()
    page.get_by_text("文档文件夹里的文件都已进入索引").wait_for()
    assert (corpus / ".trash" / "坏文件.pdf").exists() and not (corpus / "坏文件.pdf").exists()

    # upload a PDF, then find its text
    pdf = tmp_path / "数字政务协同讲话.pdf"
    _make_pdf(pdf)
    _nav(page, "添加文档")
    page.locator('input[type="file"]').set_input_files(str(pdf))
    page.wait_for_selector("text=数字政务协同讲话.pdf")
    page.get_by_role("button", name="添加到知识库").click()
    page.wait_for_selector("text=处理结果", timeout=120_000)
    _settle(page)
    _shot(page, "add-desktop")
    assert page.get_by_text("已添加").count() >= 1
    _nav(page, "搜索")
    _search(page, "协同平台 公文流转")
    assert "数字政务协同" in page.locator(".kb-title").first.inner_text()
    assert not alerts, alerts
    context.close()


#: each page and what shows that it has drawn everything
PAGES = {"": "text=知识库共有", "?q=抓落实": ".kb-copy", "browse": "text=查看这个主题的段落", "read": "text=选择一篇文档",
         "formulations": "text=用过", "sentences": ".kb-badge.kind", "quotations": "text=引用", "headings": ".kb-badge.year",
         "basket": "text=第 1 段", "add": '[data-testid="stFileUploaderDropzone"]', "status": "text=重建索引"}


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_english_interface_text_on_any_page(server: Server, browser: object, width: dict[str, int],
                                               warned_doc: str, tmp_path: Path) -> None:
    """Every page, and what a page shows only after a hover or an action: the uploader's help text, the
    drop-downs, the toolbar of the table on 状态, the ingest report after uploading bad files, the reader's
    warnings on 阅读."""
    context = browser.new_context(viewport=width, locale="zh-CN")  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    tag = "desktop" if width is DESKTOP else "phone"
    # something in the basket, so that its page shows its widgets
    _open(page, f"{server.url}/?q=抓落实", ready=".kb-title", timeout=FIRST_LOAD)
    page.get_by_role("button", name="加入素材篮").first.click()
    page.get_by_role("button", name="已在素材篮").first.wait_for()
    found: dict[str, list[str]] = {}

    def check(where: str, shot: str) -> None:
        bad = _english(page)
        if bad:
            found[where] = bad
        wide = page.evaluate(OVERFLOW_JS)
        if wide:
            found[where + ": past the right edge"] = wide
        _shot(page, f"{shot}-{tag}")

    def help_tooltip(scope: str) -> None:
        """Hover the (?) of a widget and wait for its tooltip."""
        page.locator(f'{scope} [data-testid="stTooltipHoverTarget"]').first.hover()
        page.wait_for_function(  # shown, and faded in to the end
            """() => { let e = document.querySelector('[data-testid="stTooltipContent"]'); if (!e) return false;
              for (; e && e !== document.body; e = e.parentElement) {
                if (getComputedStyle(e).opacity !== '1' || e.getAnimations().some((a) => a.playState === 'running'))
                  return false; }
              return true; }""")

    for path, ready in PAGES.items():
        _open(page, f"{server.url}/{path}", ready=ready)
        if path == "read":  # the document picker's drop-down
            page.get_by_role("combobox").first.click()
            page.get_by_role("option").first.wait_for()
        if path == "browse":
            page.get_by_role("tab", name="按文档").click()
            page.wait_for_selector('[class*="st-key-docrow-"]')
        if path == "basket":
            _expand(page, "管理素材篮")
            page.wait_for_selector('[data-testid="stFileUploaderDropzone"]')
        if path == "?q=抓落实":
            page.locator(".kb-copy").first.hover()
        if path == "add":
            help_tooltip('[data-testid="stFileUploader"]')
            check("add: the uploader's help", "add-help")
            page.mouse.move(0, 0)
        if path == "status":  # the table's toolbar shows on hover
            page.locator('[data-testid="stTable"]').first.hover()
        check(path, f"page-{path.split('?')[0] or 'search'}{'-results' if '?' in path else ''}")

    # the ingest report after uploading files kb cannot read (nothing is saved to the corpus)
    _open(page, f"{server.url}/add", ready='[data-testid="stFileUploaderDropzone"]')
    page.locator('input[type="file"]').set_input_files([
        {"name": "坏的.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 cut short"},
        {"name": "空的.txt", "mimeType": "text/plain", "buffer": b""},
        {"name": "表格.xlsx", "mimeType": "application/octet-stream", "buffer": b"PK\x03\x04 not a workbook"}])
    page.wait_for_selector("text=表格.xlsx")
    page.get_by_role("button", name="添加到知识库").click()
    page.wait_for_selector("text=处理结果", timeout=120_000)
    _settle(page)
    assert page.get_by_text("处理结果：0/3 个文件已加入").count() == 1
    assert page.locator('[data-testid="stAlert"]').count() >= 3
    check("add: the report of bad files", "add-report")

    # the reader's warnings on 阅读
    _open(page, f"{server.url}/read?doc={warned_doc}", ready=".kb-passage")
    _expand(page, "读取这篇文档时的提示（1）")
    assert page.get_by_text("第 2 页：没有文字层，这些页的文字缺失（需要文字识别 OCR）").count() == 1
    check("read: the reader's warnings", "read-warnings")
    context.close()
    assert not found, found


def test_phone_layout(server: Server, browser: object) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)  # type: ignore[attr-defined]
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    _open(page, f"{server.url}/?q=抓落实", ready=".kb-title", timeout=FIRST_LOAD)

    def visible_title() -> bool:
        """The page title is drawn on screen and nothing (the top bar, the drawer) covers it; waits for
        it (the drawer slides out and its shade fades after a page is chosen)."""
        page.wait_for_function("""() => { const t = document.querySelector('.kb-pagetitle'); if (!t) return false;
            const r = t.getBoundingClientRect(); if (r.top < 0 || r.bottom > innerHeight || r.width === 0) return false;
            const hit = document.elementFromPoint(r.left + Math.min(20, r.width / 2), r.top + r.height / 2);
            return hit === t || t.contains(hit); }""")
        return True

    assert visible_title()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"] + 2
    # the filters are on the page, not hidden in the drawer
    filters = page.locator('.st-key-filters [data-testid="stSelectbox"]')
    filters.nth(3).wait_for()  # drawn after a skeleton while the widget code loads
    assert filters.count() == 4
    for n in range(4):
        box = filters.nth(n).bounding_box()
        assert filters.nth(n).is_visible() and box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # the document filter's drop-down shows whole titles with their counts, within the screen
    page.get_by_role("combobox", name="文档").click()
    page.get_by_role("option").nth(1).wait_for()
    cut = page.evaluate("""() => { const box = document.querySelector('[role=listbox]').getBoundingClientRect();
        if (box.left < 0 || box.right > innerWidth) return ['the list: ' + box.left + '..' + box.right];
        return [...document.querySelectorAll('[role=option] > div')].filter((e) => e.scrollWidth > e.clientWidth + 1)
          .map((e) => e.innerText); }""")
    assert not cut, cut
    page.keyboard.press("Escape")
    # the copy button is visible without tapping the text, fits the screen, and copies in one tap
    button = page.locator(".kb-copy").first
    box = button.bounding_box()
    assert button.is_visible() and box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    button.tap()
    page.locator(".kb-copy.done").first.wait_for()
    assert "——摘自《" in page.evaluate("() => navigator.clipboard.readText()")
    _shot(page, "search-phone", docs=True)

    # the reading page: the book title is visible under the top bar
    page.get_by_role("link", name="在原文中阅读").first.tap()
    page.wait_for_selector(".kb-passage.target")
    _settle(page)
    _wait_centred(page)  # the page's own scroll to the passage is done (else it would undo the next one)
    page.evaluate("() => document.querySelector('.kb-pagetitle').scrollIntoView({block: 'center'})")
    assert visible_title()
    _shot(page, "read-phone")

    # the menu drawer closes after a page is chosen
    page.locator('[data-testid="stExpandSidebarButton"]').first.tap()
    drawer = "document.querySelector('[data-testid=\"stSidebar\"]').getBoundingClientRect()"
    page.wait_for_function(f"() => {drawer}.left >= 0")  # the drawer is open
    page.locator('[data-testid="stSidebarNav"] a', has_text="提法").first.tap()
    page.wait_for_function("() => document.title.startsWith('提法 ·')")
    page.wait_for_function(f"() => {drawer}.right <= 0")  # and closed again
    _settle(page)
    assert visible_title()
    _shot(page, "library-phone")
    _open(page, f"{server.url}/basket")
    _shot(page, "basket-phone")
    context.close()


def test_password_prompt_when_one_is_set(site_dirs: tuple[Path, Path], browser: object, tmp_path: Path) -> None:
    corpus, index = site_dirs
    server = Server(corpus, index, tmp_path / "streamlit-pw.log", password="机关2024")
    try:
        context = browser.new_context(viewport=DESKTOP, locale="zh-CN")  # type: ignore[attr-defined]
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        # search stays open without the password (the first page of this server loads the index)
        _open(page, f"{server.url}/?q=抓落实", ready=".kb-title", timeout=FIRST_LOAD)
        _open(page, f"{server.url}/add", ready="text=需要管理密码")
        assert page.locator('input[type="file"]').count() == 0
        _shot(page, "password-desktop")
        box = page.locator('input[type="password"]')
        box.fill("wrong")
        page.get_by_role("button", name="确认").click()
        page.wait_for_selector("text=密码不正确")
        page.locator('input[type="password"]').fill("机关2024")
        page.get_by_role("button", name="确认").click()
        page.wait_for_selector('[data-testid="stFileUploader"]')
        context.close()
    finally:
        server.stop()
