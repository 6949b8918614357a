"""Shared page helpers: the cached searcher, settings, the basket in session state, the password gate,
and rendering helpers that escape every piece of document text.  No search logic lives here: pages
and helpers call :mod:`kb` functions and render what they return."""

from __future__ import annotations

import hmac
import re
from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

from kb.config import Settings, load_settings
from kb.errors import IndexMissingError, KbError
from kb.guard import GUARD
from kb.models import DocumentInfo
from kb.search.searcher import Searcher
from kb.toolkit.basket import Basket, citation, with_citation

PAGES = {
    "search": "app_pages/search.py",
    "browse": "app_pages/browse.py",
    "read": "app_pages/read.py",
    "basket": "app_pages/basket.py",
    "add": "app_pages/add.py",
    "status": "app_pages/status.py",
}

CSS = """
<style>
:root { --kb-red: #a8322d; --kb-ink: #1f2328; --kb-muted: #5b6470; --kb-line: #e6e1d8; }
.stApp, .stApp p, .stApp input, .stApp textarea, .stApp button p, .stMarkdown {
  font-family: "Source Sans", "Source Sans Pro", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei",
    sans-serif;
}
.block-container { padding-top: 2.2rem; max-width: 1100px; }
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
  border: 1px solid var(--kb-line); color: var(--kb-muted); background: #faf8f4; white-space: nowrap; }
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
@media (max-width: 640px) {
  .block-container { padding-left: .8rem; padding-right: .8rem; padding-top: 1.2rem; }
  .kb-head h1, .kb-pagetitle { font-size: 1.3rem; }
  .kb-text { font-size: .98rem; line-height: 1.8; }
}
</style>
"""


# --- settings, searcher, caches ---------------------------------------------------------------------
def settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner=False)
def _searcher(index_dir: str) -> Searcher:
    s = Searcher(index_dir)
    s.search("办公室", limit=1)  # warm up the word segmenter so the first real query is fast
    return s


def searcher(quiet: bool = False) -> Searcher | None:
    """The cached searcher, or None after explaining why there is none (missing or stale index)."""
    s = settings()
    try:
        return _searcher(str(s.index.absolute()))
    except IndexMissingError:
        if not quiet:
            st.info("知识库还没有建立索引。请到「添加文档」上传文件，或到「状态」页点「重建索引」从文档文件夹建立；"
                    "也可以在项目目录运行 `./run.sh`（或 `kb ingest`）。")
        return None
    except KbError as exc:
        if not quiet:
            st.warning("索引需要重建后才能使用（程序或词典更新过）。请到「状态」页点「重建索引」，"
                       "或在项目目录运行 `kb rebuild`。")
            st.caption(f"详细原因：{md_label(exc)}")
        return None



@st.cache_data(show_spinner=False, max_entries=8)
def _documents(index_dir: str, version: str) -> list[DocumentInfo]:
    return _searcher(index_dir).documents()


def documents(s: Searcher) -> list[DocumentInfo]:
    """All documents, cached until the index changes."""
    return _documents(str(settings().index.absolute()), s.version_key())


def titles(s: Searcher) -> dict[str, str]:
    return {d.doc_id: d.label for d in documents(s)}


def clear_caches() -> None:
    """After the corpus or index changed (upload, removal, rebuild)."""
    st.cache_data.clear()
    st.cache_resource.clear()


# --- escaping and small HTML pieces ----------------------------------------------------------------
_MD_SPECIAL = {"$": "&#36;", "*": "&#42;", "_": "&#95;", "`": "&#96;", "[": "&#91;", "]": "&#93;",
               "~": "&#126;", "|": "&#124;", "\\": "&#92;"}
#: one pass over the text: HTML metacharacters, then Markdown/LaTeX ones (entities are never re-escaped)
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", "#": "&#35;"}
                        | _MD_SPECIAL)
_SNIPPET = str.maketrans(_MD_SPECIAL)


def esc(text: Any) -> str:
    """Document text made safe for ``st.markdown(unsafe_allow_html=True)``: HTML-escaped (as
    ``html.escape`` does), Markdown and LaTeX characters neutralised, line breaks as ``<br>`` (so the
    HTML block never ends early)."""
    return re.sub(r"\r?\n", "<br>", str(text or "").translate(_ESCAPE))


def safe_snippet(snippet: str) -> str:
    """A kb snippet is already escaped (with <mark>); only neutralise Markdown and line breaks."""
    return re.sub(r"\r?\n", "<br>", snippet.translate(_SNIPPET))


def md_label(text: Any) -> str:
    """Text for a widget label or an alert (Markdown, never HTML): Markdown characters escaped, and
    ``:`` too, so ``http://…`` is not made a link (inside an autolink a backslash would show)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~$<>:])", r"\\\1", str(text or ""))


def html_block(body: str) -> None:
    st.markdown(body, unsafe_allow_html=True)


def header(title: str, subtitle: str = "") -> None:
    """The consistent page header: title and a one-line explanation."""
    sub = f'<span class="kb-sub">{esc(subtitle)}</span>' if subtitle else ""
    html_block(f'<div class="kb-head"><span class="kb-pagetitle">{esc(title)}</span>{sub}</div>')


def section(title: str) -> None:
    """A section heading inside a page (smaller than Streamlit's subheader, which is heavy in Chinese)."""
    html_block(f'<div class="kb-section">{esc(title)}</div>')


def badges(kinds: Iterable[Any] = (), topics: Iterable[Any] = (), year: Any = None) -> str:
    parts = [f'<span class="kb-badge kind">{esc(k)}</span>' for k in kinds if k]
    for t in topics:
        name = t[0] if isinstance(t, list | tuple) else t
        if name:
            parts.append(f'<span class="kb-badge topic">{esc(name)}</span>')
    if year:
        parts.append(f'<span class="kb-badge year">{esc(year)}</span>')
    return f'<div class="kb-badges">{"".join(parts)}</div>' if parts else ""


def heading_path(item: Any) -> tuple[str, ...]:
    path = _get(item, "heading_path") or ()
    if not path and _get(item, "heading"):
        path = str(_get(item, "heading")).split(" > ")
    return tuple(str(p) for p in path)


def _get(obj: Any, name: str, default: Any = "") -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def card_html(item: Any, body_html: str | None = None) -> str:
    """Title, date, heading path, the text (or a highlighted snippet) and badges of a hit or passage."""
    title = _get(item, "title") or _get(item, "source") or "未命名文档"
    date = _get(item, "date")
    meta = f' <span class="kb-meta">· {esc(date)}</span>' if date else ""
    path = heading_path(item)
    path_html = f'<div class="kb-path">{" › ".join(esc(p) for p in path)}</div>' if path else ""
    body = body_html if body_html is not None else esc(_get(item, "text"))
    year = _get(item, "year", None)
    return (f'<div><span class="kb-title">《{esc(title)}》</span>{meta}</div>{path_html}'
            f'<div class="kb-text">{body}</div>{badges(_get(item, "kinds", ()), _get(item, "topics", ()), year)}')


# --- the basket ------------------------------------------------------------------------------------------
def basket() -> Basket:
    if "basket" not in st.session_state:
        st.session_state["basket"] = Basket()
    b: Basket = st.session_state["basket"]
    return b


def _add_to_basket(item: Any) -> None:
    if basket().add(item):
        st.toast("已加入素材篮", icon=":material/shopping_basket:")


def basket_button(item: Any, key: str) -> None:
    pid = _get(item, "passage_id")
    if pid in basket():
        st.button("已在素材篮", key=f"bk-{key}", icon=":material/check:", disabled=True, type="tertiary")
    else:
        st.button("加入素材篮", key=f"bk-{key}", icon=":material/add:", on_click=_add_to_basket, args=(item,),
                  type="tertiary", help="把这一段收进素材篮，稍后排序、批注并导出为 Word")


def copy_popover(item: Any, key: str) -> None:
    """A copy button: the passage with its citation in a code box that has its own copy icon."""
    with st.popover("复制", icon=":material/content_copy:", type="tertiary", key=f"cp-{key}"):
        st.caption("点右上角的复制图标，复制正文和出处：")
        st.code(with_citation(item), language=None, wrap_lines=True)


def open_link(item: Any, key: str, label: str = "在原文中阅读") -> None:
    st.page_link(PAGES["read"], label=label, icon=":material/menu_book:",
                 query_params={"doc": str(_get(item, "doc_id")), "p": str(_get(item, "passage_id"))})


def actions(item: Any, key: str, open_doc: bool = True) -> None:
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        basket_button(item, key)
        copy_popover(item, key)
        if open_doc:
            open_link(item, key)


def _neighbours(s: Searcher, pid: str) -> None:
    near = s.neighbours(pid, before=2, after=2)
    if not near:
        st.caption("没有找到前后的段落。")
    for p in near:
        cls = "kb-near current" if p.passage_id == pid else "kb-near"
        html_block(f'<div class="{cls}">{esc(p.text)}</div>')


def _related(s: Searcher, pid: str, key: str) -> None:
    related = getattr(s, "related", None)
    if related is None:
        st.caption("相关段落功能还在准备中。")
        return
    hits = related(pid, limit=5)
    if not hits:
        st.caption("没有找到相关的段落。")
    for n, h in enumerate(hits):
        text = str(_get(h, "text"))
        short = text if len(text) <= 160 else text[:160] + "…"
        html_block(f'<div class="kb-near"><b>《{esc(_get(h, "title"))}》</b> {esc(short)}</div>')
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            basket_button(h, f"{key}-rel{n}")
            open_link(h, f"{key}-rel{n}", label="阅读")


def more_block(s: Searcher, pid: str, key: str) -> None:
    """前后文 and 相关段落 in one expander, loaded only when it is opened."""
    box = st.expander("前后文 · 相关段落", icon=":material/unfold_more:", key=f"more-{key}", on_change="rerun")
    if not box.open:
        return
    with box:
        st.markdown("**前后文**")
        _neighbours(s, pid)
        st.markdown("**相关段落**")
        _related(s, pid, key)


def hit_card(s: Searcher, hit: Any, key: str, snippet: bool = True, extras: bool = True) -> None:
    """One result: a bordered card with the highlighted snippet, source, badges and actions."""
    with st.container(border=True):
        body = safe_snippet(hit.snippet) if snippet and getattr(hit, "snippet", "") else None
        html_block(card_html(hit, body))
        also = getattr(hit, "also_in", ()) or ()
        if also:
            names = "、".join(f"《{md_label(a.get('title') or a.get('source'))}》" for a in also[:3])
            st.caption(f"同样的段落也出现在 {names}" + (" 等" if len(also) > 3 else ""))
        actions(hit, key)
        if extras:
            more_block(s, hit.passage_id, key)


def passage_card(item: Any, key: str, open_doc: bool = True) -> None:
    with st.container(border=True):
        html_block(card_html(item))
        actions(item, key, open_doc=open_doc)


# --- password gate ----------------------------------------------------------------------------------------
def password_ok(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def require_password(cfg: Settings, what: str) -> bool:
    """True when no password is set or this session has given it; otherwise show the prompt."""
    if not cfg.password or st.session_state.get("authenticated"):
        return True
    st.info(f"{what}需要管理密码。搜索、浏览和阅读不需要密码。")
    with st.form("password-form"):
        given = st.text_input("管理密码", type="password", key="password-input")
        ok = st.form_submit_button("确认", type="primary")
    if ok:
        verdict = GUARD.check(given, cfg.password)
        if verdict.ok:
            st.session_state["authenticated"] = True
            st.rerun()
        if verdict.wait:
            st.error(f"密码不正确。错误次数太多，请 {verdict.wait:g} 秒后再试。")
        else:
            st.error("密码不正确，请重新输入。")
    return False


__all__ = ["CSS", "PAGES", "actions", "badges", "basket", "basket_button", "card_html", "citation",
           "clear_caches", "copy_popover", "documents", "esc", "header", "hit_card", "html_block",
           "more_block", "open_link", "passage_card", "password_ok", "require_password",
           "safe_snippet", "searcher", "section", "settings", "titles"]
