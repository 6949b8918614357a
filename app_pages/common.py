"""Shared page helpers: the cached searcher, settings, the basket (kept on the server by
:mod:`kb.toolkit.baskets` under the browser's owner id), the password gate, and rendering helpers that
escape every piece of document text.  No search logic lives here: pages call :mod:`kb` functions and
render the typed views they return (:mod:`kb.models`, :mod:`kb.toolkit.basket`)."""

from __future__ import annotations

import hmac
import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import streamlit as st

from app_pages.chrome import CSS, OWNER_COOKIE, script
from kb.config import Settings, load_settings
from kb.errors import IndexMissingError, KbError
from kb.guard import GUARD
from kb.models import DocumentInfo, Hit, PassageView
from kb.search.searcher import Searcher
from kb.text import one_line
from kb.toolkit.basket import Basket, BasketItem, citation
from kb.toolkit.baskets import BasketStore, new_owner, store_path, valid_owner
from kb.toolkit.messages import for_user

PAGES = {
    "search": "app_pages/search.py",
    "browse": "app_pages/browse.py",
    "read": "app_pages/read.py",
    "basket": "app_pages/basket.py",
    "add": "app_pages/add.py",
    "status": "app_pages/status.py",
}

# --- settings, searcher, caches ---------------------------------------------------------------------
def settings() -> Settings:
    return load_settings()


#: said while the first page after a start loads the index and the word segmenter (seconds; much longer
#: the first time on a new machine, when jieba builds its cache): a blank page looks broken
OPENING = "正在打开知识库：第一次打开要加载索引和分词词典，请稍候……"


@st.cache_resource(show_spinner=OPENING)
def _searcher(index_dir: str) -> Searcher:
    conf = settings()
    if conf.backend != "whoosh":  # a SphinxQL engine (KB_BACKEND=sphinx, KB_ENGINE=...)
        from kb.engines.sphinx import engine_from
        from kb.engines.sphinx_search import EngineSearcher

        return EngineSearcher(engine_from(conf))  # type: ignore[return-value]
    s = Searcher(index_dir, preload=True)  # the site loads the meaning resources while it draws
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


def esc_line(text: Any) -> str:
    """A title or a name escaped for HTML on one line (a title printed on two lines shows on one)."""
    return esc(one_line(str(text or "")))


def safe_snippet(snippet: str) -> str:
    """A kb snippet is already escaped (with <mark>); only neutralise Markdown and line breaks."""
    return re.sub(r"\r?\n", "<br>", snippet.translate(_SNIPPET))


def md_label(text: Any) -> str:
    """Text for a widget label or an alert (Markdown, never HTML): Markdown characters escaped, and
    ``:`` too, so ``http://…`` is not made a link (inside an autolink a backslash would show)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~$<>:])", r"\\\1", str(text or ""))


def html_block(body: str) -> None:
    """HTML made of escaped pieces, drawn by Markdown.  A line break is made a space first: in Markdown
    a blank line ends an HTML block, and whatever follows it (the rest of a button, an attribute holding
    document text) would be shown as text."""
    st.markdown(re.sub(r"\s*\n\s*", " ", body), unsafe_allow_html=True)


def header(title: str, subtitle: str = "") -> None:
    """The consistent page header: title and a one-line explanation."""
    sub = f'<span class="kb-sub">{esc(subtitle)}</span>' if subtitle else ""
    html_block(f'<div class="kb-head"><span class="kb-pagetitle">{esc_line(title)}</span>{sub}</div>')


def say(show: Any, message: str) -> None:
    """One of kb's messages (an error or a warning) in an alert of ``show`` (``st.error``, ``st.warning``,
    ``st.caption``): the Chinese sentence, and a library's English detail below it for the maintainer."""
    said = for_user(message)
    show(md_label(said.text))
    if said.detail:
        html_block(f'<div class="kb-meta kb-detail">给维护人员的技术细节：<code>{esc(said.detail)}</code></div>')


def section(title: str) -> None:
    """A section heading inside a page (smaller than Streamlit's subheader, which is heavy in Chinese)."""
    html_block(f'<div class="kb-section">{esc(title)}</div>')


def badges(kinds: Iterable[str] = (), topics: Iterable[str] = (), year: int | str | None = None) -> str:
    parts = [f'<span class="kb-badge kind">{esc(k)}</span>' for k in kinds if k]
    parts += [f'<span class="kb-badge topic">{esc(t)}</span>' for t in topics if t]
    if year:
        parts.append(f'<span class="kb-badge year">{esc(year)}</span>')
    return f'<div class="kb-badges">{"".join(parts)}</div>' if parts else ""


def card_html(item: Hit | PassageView | BasketItem, body_html: str | None = None) -> str:
    """Title, date, heading path, the text (or a highlighted snippet) and badges of a hit or passage."""
    title = item.title or item.source or "未命名文档"
    meta = f' <span class="kb-meta">· {esc(item.date)}</span>' if item.date else ""
    path: tuple[str, ...] = ()
    if isinstance(item, Hit | PassageView):
        path = item.heading_path
    elif item.heading:
        path = tuple(item.heading.split(" > "))
    marked = item.heading_html if isinstance(item, Hit) else ""  # escaped, with the matches marked
    path_html = f'<div class="kb-path">{marked or " › ".join(esc(p) for p in path)}</div>' if path else ""
    body = body_html if body_html is not None else esc(item.quoted if isinstance(item, BasketItem) else item.text)
    marks = ""
    if isinstance(item, Hit):
        marks = badges(item.kinds, item.topics, item.year)
    elif isinstance(item, PassageView):
        marks = badges(item.kinds, item.topic_names)
    return (f'<div><span class="kb-title">《{esc_line(title)}》</span>{meta}</div>{path_html}'
            f'<div class="kb-text">{body}</div>{marks}')


# --- the basket ------------------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _store(path: str) -> BasketStore:
    return BasketStore(Path(path))


def store() -> BasketStore:
    return _store(str(store_path(settings()).absolute()))


def owner() -> str:
    """This browser's basket owner: the ``kb_owner`` cookie, else a new id the page script stores."""
    if "kb-owner" not in st.session_state:
        given = st.context.cookies.get(OWNER_COOKIE)
        st.session_state["kb-owner"] = given if valid_owner(given) else new_owner()
    value: str = st.session_state["kb-owner"]
    return value


def chrome() -> None:
    """The style sheet and the page script (Chinese widgets, owner cookie, copy, phone drawer)."""
    st.markdown(CSS, unsafe_allow_html=True)
    st.html(script(owner()), unsafe_allow_javascript=True)


def basket_id() -> int:
    return store().current(owner())


def basket() -> Basket:
    """The current basket of this browser, read from the store."""
    return store().load(owner(), basket_id())


def _add_to_basket(item: BasketItem) -> None:
    if store().change(owner(), basket_id(), lambda b: b.add(item)):
        st.toast("已加入素材篮", icon=":material/shopping_basket:")


def basket_button(item: BasketItem, key: str, contents: Basket | None = None) -> None:
    inside = item.passage_id in (contents if contents is not None else basket())
    if inside:
        st.button("已在素材篮", key=f"bk-{key}", icon=":material/check:", disabled=True, type="tertiary")
    else:
        st.button("加入素材篮", key=f"bk-{key}", icon=":material/add:", on_click=_add_to_basket, args=(item,),
                  type="tertiary", help="把这一段收进素材篮，稍后排序、批注并导出为 Word")


def copy_html(item: BasketItem, label: str = "复制") -> str:
    """A one-click copy button: copies the text (a quotation with its marks and speaker) and its citation."""
    text = html.escape(item.copy_text(), quote=True).replace("\n", "&#10;")
    tip = html.escape(f"复制正文和出处：{item.citation}", quote=True).replace("\n", "&#10;")
    return (f'<button type="button" class="kb-copy" data-copy="{text}" title="{tip}">'
            f'<span class="kb-copy-label">{esc(label)}</span></button>')


def copy_button(item: BasketItem) -> None:
    html_block(copy_html(item))


def open_link(item: BasketItem, label: str = "在原文中阅读") -> None:
    st.page_link(PAGES["read"], label=label, icon=":material/menu_book:",
                 query_params={"doc": item.doc_id, "p": item.anchor})


def actions(item: BasketItem, key: str, open_doc: bool = True, contents: Basket | None = None) -> None:
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        basket_button(item, key, contents)
        copy_button(item)
        if open_doc:
            open_link(item)


def _neighbours(s: Searcher, pid: str) -> None:
    near = s.neighbours(pid, before=2, after=2)
    if not near:
        st.caption("没有找到前后的段落。")
    for p in near:
        cls = "kb-near current" if p.passage_id == pid else "kb-near"
        html_block(f'<div class="{cls}">{esc(p.text)}</div>')


def _related(s: Searcher, pid: str, key: str) -> None:
    hits = s.related(pid, limit=5)
    if not hits:
        st.caption("没有找到相关的段落。")
    contents = basket()
    for n, h in enumerate(hits):
        short = h.text if len(h.text) <= 160 else h.text[:160] + "…"
        html_block(f'<div class="kb-near"><b>《{esc_line(h.title or h.source)}》</b> {esc(short)}</div>')
        item = BasketItem.of(h)
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            basket_button(item, f"{key}-rel{n}", contents)
            copy_button(item)
            open_link(item, label="阅读")


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


def hit_card(s: Searcher, hit: Hit, key: str, contents: Basket | None = None, extras: bool = True) -> None:
    """One result: a bordered card with the highlighted snippet, source, badges and actions."""
    with st.container(border=True):
        html_block(card_html(hit, safe_snippet(hit.snippet) if hit.snippet else None))
        if hit.also_in:
            names = "、".join(f"《{md_label(a.get('title') or a.get('source'))}》" for a in hit.also_in[:3])
            st.caption(f"同样的段落也出现在 {names}" + (" 等" if len(hit.also_in) > 3 else ""))
        actions(BasketItem.of(hit), key, contents=contents)
        if extras:
            more_block(s, hit.passage_id, key)


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


__all__ = ["PAGES", "actions", "badges", "basket", "basket_button", "card_html", "chrome", "citation",
           "clear_caches", "copy_button", "copy_html", "documents", "esc", "esc_line", "header", "hit_card", "html_block",
           "more_block", "open_link", "owner", "password_ok", "require_password", "safe_snippet", "searcher",
           "section", "settings", "store", "titles"]
