"""What every page carries: the style sheet and one script.

The script (run once per browser tab, through ``st.html(..., unsafe_allow_javascript=True)``):

- **Chinese for Streamlit's own widgets**: a MutationObserver replaces the English texts, tooltips,
  placeholders and ARIA labels Streamlit draws (uploader, selects, table toolbar, code copy button,
  password eye, paging) by :data:`ZH` and :data:`ZH_PATTERNS`;
- **the basket's owner id** kept in a cookie (``kb_owner``, a year), read by the server from
  ``st.context.cookies`` when a tab connects, so a reload, a new tab or a restarted site finds the
  same baskets;
- **one-click copy**: any ``.kb-copy`` button copies its ``data-copy`` text (the passage with its
  citation), with a fallback for pages served over plain http where the Clipboard API is missing;
- **phones**: choosing a page in the menu drawer closes the drawer.
"""

from __future__ import annotations

import json

#: Streamlit's English interface texts (exact, after trimming) and their Chinese
ZH: dict[str, str] = {
    "Browse files": "选择文件", "Upload": "上传文件", "Drag and drop files here": "把文件拖到这里",
    "Drag and drop file here": "把文件拖到这里", "Choose an option": "请选择", "Choose options": "请选择",
    "No results": "没有匹配的选项", "No options to select": "没有可选的项", "Copy to clipboard": "复制",
    "Copied": "已复制", "Copy": "复制", "Download as CSV": "下载为 CSV", "Download": "下载", "Search": "搜索",
    "Fullscreen": "全屏", "Close fullscreen": "退出全屏", "View fullscreen": "全屏查看", "Exit fullscreen": "退出全屏",
    "Show/hide columns": "显示或隐藏列", "Clear all": "全部清除", "Clear": "清除", "Close": "关闭",
    "Remove": "移除", "Delete": "删除", "Show password text": "显示密码", "Hide password text": "隐藏密码",
    "Press Enter to apply": "按回车确认", "Press Enter to submit form": "按回车提交",
    "Press ⌘+Enter to apply": "按 ⌘+回车确认", "Press Ctrl+Enter to apply": "按 Ctrl+回车确认",
    "Running...": "正在处理……", "Stop": "停止", "Rerun": "重新运行", "Main menu": "菜单",
    "View more": "更多", "View less": "收起", "Show more": "更多", "Show less": "收起",
    "Sort ascending": "升序排列", "Sort descending": "降序排列", "Autosize": "自动列宽", "Pin column": "固定列",
    "Unpin column": "取消固定", "Hide column": "隐藏列", "Format": "格式", "Automatic": "自动",
    "Previous page": "上一页", "Next page": "下一页", "Previous": "上一页", "Next": "下一页",
    "Collapse sidebar": "收起侧栏", "Expand sidebar": "展开侧栏", "Open sidebar": "展开侧栏",
    "Close sidebar": "收起侧栏", "Connecting": "正在连接", "Please wait...": "请稍候……",
    "Uploading...": "正在上传……", "Remove file": "移除文件", "Delete file": "移除文件", "Open": "展开",
    "Clear value": "清除", "Clear selection": "清除选择", "Select all": "全选", "Increment": "增加",
    "Decrement": "减少", "Toggle password visibility": "显示或隐藏密码", "Dismiss": "关闭",
    "Page not found": "没有这个页面",
    "The page that you have requested does not seem to exist. Running the app's main page.": "要打开的页面不存在，已转到首页。",
    "Skip to main content": "跳到正文", "Link to heading": "本节链接", "App pages": "页面导航", "Sidebar": "侧栏", "Pagination": "翻页",
    "file upload": "上传文件", "File upload": "上传文件", "Main": "正文", "Toolbar": "工具栏",
    "Manage app": "管理网站", "Loading...": "正在加载……", "Copied!": "已复制", "Expand": "展开", "Collapse": "收起",
}
#: English texts with a number or list in them: (JavaScript regular expression, replacement)
ZH_PATTERNS: list[tuple[str, str]] = [
    (r"^Limit (\d+(?:\.\d+)?)\s?MB per file(?: • (.*))?$", "每个文件不超过 $1 MB · $2"),
    (r"^(\d+(?:\.\d+)?)\s?MB per file(?: • (.*))?$", "每个文件不超过 $1 MB · $2"),
    (r"^(\d+(?:\.\d+)?)\s?(KB|MB|GB|B) of (\d+(?:\.\d+)?)\s?(KB|MB|GB)$", "$1 $2 / $3 $4"),
    (r"^Showing page (\d+) of (\d+)$", "第 $1 页，共 $2 页"),
    (r"^Page (\d+)$", "第 $1 页"),
    (r"^Go to page (\d+)$", "转到第 $1 页"),
    (r"^Help for (.+)$", "「$1」的说明"),
    (r"^(\d+) options? available\.?$", "有 $1 个选项"),
    (r"^(\d+) results? available\.?$", "有 $1 个结果"),
    (r"^(\d+) results? available for search term (.*)\.?$", "「$2」有 $1 个结果"),
    (r"^option (.+), selected\.?$", "已选择 $1"),
    (r"^option (.+), deselected\.?$", "已取消 $1"),
    (r"^option (.+) focused(?:, not selected)?, (\d+) of (\d+)\..*$", "$1（第 $2 个，共 $3 个）"),
    (r"^Use Up and Down to choose options.*$", "用上下方向键选择，回车确认，Esc 关闭"),
    (r"^Select is focused.*$", "已选中下拉框：输入文字可以筛选，按下方向键打开"),
    (r"^Selectbox is focused.*$", "已选中下拉框：输入文字可以筛选，按下方向键打开"),
    (r"^Drag and drop files? here$", "把文件拖到这里"),
]

OWNER_COOKIE = "kb_owner"

_SCRIPT = r"""
<script>
(() => {
  const w = window, d = document;
  if (w.__kbSetOwner) { w.__kbSetOwner(__OWNER__); return; }
  const ZH = __ZH__, PATTERNS = __PATTERNS__.map(([re, to]) => [new RegExp(re), to]);
  const ATTRS = ["title", "aria-label", "placeholder", "data-tooltip"];
  const tr = (s) => {
    if (!s) return null;
    const t = s.trim();
    if (!t || !/[A-Za-z]/.test(t)) return null;
    if (Object.prototype.hasOwnProperty.call(ZH, t)) return s.replace(t, ZH[t]);
    for (const [re, to] of PATTERNS) {
      if (re.test(t)) return s.replace(t, t.replace(re, to).replace(/ · $/, "").replace(/, /g, "、"));
    }
    return null;
  };
  const skip = (el) => el && el.closest && el.closest(".kb-text, .kb-title, .kb-near, .kb-meta, .kb-path, code, pre, textarea");
  const fixNode = (n) => {
    if (n.nodeType === 3) {
      if (skip(n.parentElement)) return;
      const t = tr(n.nodeValue); if (t !== null && t !== n.nodeValue) n.nodeValue = t;
    } else if (n.nodeType === 1) {
      for (const a of ATTRS) {
        const v = n.getAttribute(a); const t = tr(v);
        if (t !== null && t !== v) n.setAttribute(a, t);
      }
      if (skip(n)) return;
      const walker = d.createTreeWalker(n, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
      let c = walker.nextNode();
      while (c) {
        if (c.nodeType === 3) { if (!skip(c.parentElement)) { const t = tr(c.nodeValue); if (t !== null && t !== c.nodeValue) c.nodeValue = t; } }
        else for (const a of ATTRS) { const v = c.getAttribute(a); const t = tr(v); if (t !== null && t !== v) c.setAttribute(a, t); }
        c = walker.nextNode();
      }
    }
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "characterData") fixNode(r.target);
      else if (r.type === "attributes") fixNode(r.target);
      else r.addedNodes.forEach(fixNode);
    }
  }).observe(d.body, {subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS});
  fixNode(d.body);
  d.documentElement.lang = "zh-CN";

  // the basket's owner id, kept a year
  w.__kbSetOwner = (owner) => {
    if (owner && !d.cookie.split("; ").some((c) => c === "__COOKIE__=" + owner)) {
      d.cookie = "__COOKIE__=" + owner + "; path=/; max-age=31536000; SameSite=Lax";
    }
  };
  w.__kbSetOwner(__OWNER__);

  // one-click copy of .kb-copy buttons
  const copyText = async (text) => {
    try { if (navigator.clipboard && w.isSecureContext) { await navigator.clipboard.writeText(text); return true; } } catch (e) {}
    const area = d.createElement("textarea");
    area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.top = "-1000px";
    d.body.appendChild(area); area.select();
    let ok = false; try { ok = d.execCommand("copy"); } catch (e) {}
    area.remove(); return ok;
  };
  d.addEventListener("click", async (e) => {
    const b = e.target.closest && e.target.closest(".kb-copy");
    if (b) {
      e.preventDefault();
      const ok = await copyText(b.getAttribute("data-copy") || "");
      b.classList.add(ok ? "done" : "failed");
      b.querySelector(".kb-copy-label").textContent = ok ? "已复制" : "复制失败，请手动选择文字";
      w.__kbLastCopy = ok ? b.getAttribute("data-copy") : null;
      setTimeout(() => { b.classList.remove("done", "failed"); b.querySelector(".kb-copy-label").textContent = "复制"; }, 2000);
      return;
    }
    // phones: close the menu drawer after choosing a page
    const link = e.target.closest && e.target.closest('[data-testid="stSidebar"] a');
    if (link && w.innerWidth < 768) {
      const closeDrawer = (tries) => {
        const bar = d.querySelector('[data-testid="stSidebar"]');
        const close = d.querySelector('[data-testid="stSidebarCollapseButton"] button');
        if (bar && close && bar.getAttribute("data-collapsed") !== "true") close.click();
        else if (tries > 0) setTimeout(() => closeDrawer(tries - 1), 50);
      };
      setTimeout(() => closeDrawer(10), 0);
    }
  }, true);
})();
</script>
"""


def script(owner: str) -> str:
    """The page script, with this tab's basket owner id."""
    return (_SCRIPT.replace("__ZH__", json.dumps(ZH, ensure_ascii=False))
            .replace("__PATTERNS__", json.dumps(ZH_PATTERNS, ensure_ascii=False))
            .replace("__COOKIE__", OWNER_COOKIE)
            .replace("__OWNER__", json.dumps(owner)))


CSS = """
<style>
:root { --kb-red: #a8322d; --kb-ink: #1f2328; --kb-muted: #5b6470; --kb-line: #e6e1d8; }
.stApp, .stApp p, .stApp input, .stApp textarea, .stApp button p, .stMarkdown {
  font-family: "Source Sans", "Source Sans Pro", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei",
    sans-serif;
}
.block-container { padding-top: 2.4rem; max-width: 1100px; }
.kb-head { display: flex; align-items: baseline; gap: .6rem; flex-wrap: wrap; margin-bottom: .2rem; }
.kb-head h1, .kb-pagetitle { font-size: 1.6rem; font-weight: 700; margin: 0; color: var(--kb-ink); }
.kb-sub { color: var(--kb-muted); font-size: .92rem; }
.kb-section { font-size: 1.12rem; font-weight: 700; color: var(--kb-ink); margin: 1.2rem 0 .4rem 0; }
.kb-title { font-weight: 650; color: var(--kb-ink); font-size: 1.02rem; }
.kb-meta { color: var(--kb-muted); font-size: .84rem; margin-top: .1rem; }
.kb-path { color: var(--kb-muted); font-size: .84rem; margin: .15rem 0 .35rem 0; }
.kb-text { line-height: 1.85; font-size: 1rem; color: var(--kb-ink); text-align: justify; }
.kb-text mark, .kb-snippet mark { background: #fff0b3; color: inherit; padding: 0 .1em; border-radius: 3px; }
.kb-badges { margin-top: .35rem; display: flex; flex-wrap: wrap; gap: .3rem; }
.kb-badge { display: inline-block; font-size: .75rem; line-height: 1.5; padding: 0 .5em; border-radius: 999px;
  border: 1px solid var(--kb-line); color: var(--kb-muted); background: #faf8f4; white-space: nowrap;
  max-width: 100%; overflow: hidden; text-overflow: ellipsis; vertical-align: bottom; box-sizing: border-box; }
.kb-badge.kind { border-color: #f1c9c6; color: #8c2a26; background: #fdf1f0; }
.kb-badge.topic { border-color: #c8dcf0; color: #1f5a8c; background: #f0f6fc; }
.kb-badge.year { border-color: #d9d9d9; color: #444; background: #f4f4f4; }
.kb-badge.status { font-size: .8rem; font-weight: 600; }
.kb-badge.ok { border-color: #b7dfc0; color: #1d6b33; background: #eef8f0; }
.kb-badge.warn { border-color: #f0d9a8; color: #8a5a00; background: #fdf6e7; }
.kb-badge.bad { border-color: #f1c9c6; color: #a8322d; background: #fdf1f0; }
.kb-near { border-left: 3px solid var(--kb-line); padding: .15rem 0 .15rem .7rem; margin: .35rem 0;
  color: var(--kb-muted); line-height: 1.75; }
.kb-near.current { border-left-color: var(--kb-red); color: var(--kb-ink); }
.kb-h { font-weight: 700; color: var(--kb-ink); margin: 1.1rem 0 .3rem 0; }
.kb-h.l1 { font-size: 1.2rem; } .kb-h.l2 { font-size: 1.07rem; } .kb-h.l3 { font-size: 1rem; }
.kb-passage { padding: .35rem .6rem; border-radius: 6px; scroll-margin-top: 5rem; }
.kb-passage.target { background: #fff6d6; box-shadow: inset 3px 0 0 var(--kb-red); }
.kb-num { color: #9aa1a9; font-size: .75rem; margin-right: .4rem; }
.kb-outline a { color: var(--kb-ink); text-decoration: none; } .kb-outline a:hover { color: var(--kb-red); }
.kb-outline div { padding: .12rem 0; font-size: .9rem; }
.kb-empty { color: var(--kb-muted); }
/* Streamlit pulls a Markdown block up by the margin of a closing paragraph (-1rem); a block that ends in
   a div has none, so the technical detail closing a report card would be cut by the card's border */
[data-testid="stMarkdownContainer"]:has(> .kb-detail) { margin-bottom: 0; }
.kb-copy { display: inline-flex; align-items: center; gap: .3rem; border: 0; background: transparent; cursor: pointer;
  color: var(--kb-ink); font-size: .875rem; padding: .25rem .1rem; border-radius: 6px; font-family: inherit; }
.kb-copy:hover { color: var(--kb-red); }
.kb-copy::before { content: ""; width: 1.05rem; height: 1.05rem; background-color: currentColor;
  -webkit-mask: url("data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A//www.w3.org/2000/svg%22%20viewBox%3D%220%200%2024%2024%22%3E%3Cpath%20d%3D%22M16%201H4a2%202%200%200%200-2%202v14h2V3h12V1zm3%204H8a2%202%200%200%200-2%202v14a2%202%200%200%200%202%202h11a2%202%200%200%200%202-2V7a2%202%200%200%200-2-2zm0%2016H8V7h11v14z%22/%3E%3C/svg%3E") center / contain no-repeat; mask: url("data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A//www.w3.org/2000/svg%22%20viewBox%3D%220%200%2024%2024%22%3E%3Cpath%20d%3D%22M16%201H4a2%202%200%200%200-2%202v14h2V3h12V1zm3%204H8a2%202%200%200%200-2%202v14a2%202%200%200%200%202%202h11a2%202%200%200%200%202-2V7a2%202%200%200%200-2-2zm0%2016H8V7h11v14z%22/%3E%3C/svg%3E") center / contain no-repeat; }
.kb-copy.done { color: #1d6b33; } .kb-copy.failed { color: var(--kb-red); }
[class*="st-key-docrow-"] { border-bottom: 1px solid var(--kb-line); padding: .1rem 0 .2rem 0; }
[class*="st-key-docrow-"] [data-testid="stPageLink"] p { font-weight: 600; }
/* a long title in the document list wraps (Streamlit cuts a page link's label at the screen's edge) */
[class*="st-key-docrow-"] [data-testid="stPageLink"] span, [class*="st-key-docrow-"] [data-testid="stPageLink"] p {
  white-space: normal; overflow-wrap: anywhere; }
/* a drop-down is at least as wide as a document title with its count (a filter is a quarter of the page,
   half of a phone's), never wider than the screen */
div:has(> [role="listbox"]) { min-width: min(26rem, calc(100vw - 1.6rem)); }
/* the sort choices wrap on a phone instead of running off the screen */
[data-testid="stButtonGroup"] div:has(> button) { flex-wrap: wrap; row-gap: .3rem; }
/* Streamlit's uploader and selects: their English is replaced by the page script; hide the remaining icon-only noise */
[data-testid="stFileUploaderDropzoneInstructions"] small { white-space: normal; }
@media (max-width: 640px) {
  .block-container { padding-left: .8rem; padding-right: .8rem; padding-top: 4.2rem; }
  .kb-head h1, .kb-pagetitle { font-size: 1.3rem; }
  .kb-text { font-size: .98rem; line-height: 1.8; }
  [data-testid="stPopoverBody"] { max-width: calc(100vw - 1.5rem) !important; }
  [role="listbox"] [role="option"] { font-size: .9rem; }
  .st-key-filters { flex-direction: row !important; flex-wrap: wrap !important; gap: .4rem !important; }
  .st-key-filters > div { width: calc(50% - .2rem) !important; min-width: 0 !important; flex: 0 0 auto !important; }
}
</style>
"""
