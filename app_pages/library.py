"""The writer's libraries (提法, 金句, 引语, 标题): rendering for the kb.toolkit.libraries entries.

Each library page calls :func:`library_page`; the toolkit does the finding, this module only renders
(document text always escaped).  Until kb.toolkit.libraries is available the page says so instead of failing."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from app_pages.common import (
    PAGES,
    basket_button,
    copy_popover,
    esc,
    header,
    html_block,
    md_label,
    searcher,
)
from kb.search.searcher import Searcher

PER_PAGE = 20


def _use_item(use: Any, text: str | None = None) -> dict[str, Any]:
    """A basket/copy item from a toolkit ``Use``; with ``text`` the item is that excerpt (a sentence,
    a quotation) rather than the whole passage, under an id of its own."""
    item = {"passage_id": use.passage_id, "doc_id": use.doc_id, "title": use.title, "date": use.date,
            "source": use.source, "text": use.text, "heading": getattr(use, "heading", "")}
    if text and text != use.text:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        item |= {"passage_id": f"{use.passage_id}#{digest}", "text": text}
    return item


def _read_link(doc_id: str, pid: str, label: str = "在原文中阅读") -> None:
    st.page_link(PAGES["read"], label=label, icon=":material/menu_book:",
                 query_params={"doc": doc_id, "p": pid.split("#")[0]})


def _actions(item: dict[str, Any], key: str) -> None:
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        basket_button(item, key)
        copy_popover(item, key)
        _read_link(item["doc_id"], item["passage_id"])


def _source(use: Any) -> str:
    when = f" · {esc(use.date)}" if use.date else ""
    path = f' <span class="kb-path">{esc(use.heading)}</span>' if getattr(use, "heading", "") else ""
    return f'<div class="kb-meta">《{esc(use.title or use.source)}》{when}{path}</div>'


def _uses(uses: Sequence[Any], key: str, text: str | None = None) -> None:
    box = st.expander(f"出处（{len(uses)}）", icon=":material/push_pin:", key=f"uses-{key}", on_change="rerun")
    if not box.open:
        return
    with box:
        for n, use in enumerate(uses[:20]):
            html_block(_source(use) + f'<div class="kb-near">{esc(use.text)}</div>')
            _actions(_use_item(use, text), f"{key}-u{n}")
        if len(uses) > 20:
            st.caption(f"……另有 {len(uses) - 20} 处")


def _badges(values: Sequence[str], cls: str = "topic") -> str:
    return "".join(f'<span class="kb-badge {cls}">{esc(v)}</span>' for v in values if v)


def render_formulation(s: Searcher, f: Any, key: str) -> None:
    with st.container(border=True):
        items = f'<div class="kb-badges">{_badges(f.items)}</div>' if f.items else ""
        variants = [v for v in f.variants if v != f.name]
        also = f'<div class="kb-meta">又作：{esc("、".join(variants))}</div>' if variants else ""
        html_block(f'<div><span class="kb-title" style="font-size:1.15rem">{esc(f.name)}</span> '
                   f'<span class="kb-meta">用过 {f.count} 次</span></div>'
                   f'<div class="kb-text">{esc(f.expansion)}</div>{items}{also}')
        others = [e for e in f.expansions if e != f.expansion]
        if others:
            html_block('<div class="kb-meta">其他说法：</div>' +
                       "".join(f'<div class="kb-near">{esc(e)}</div>' for e in others[:3]))
        if f.uses:
            _uses(f.uses, key)


def render_quotation(s: Searcher, q: Any, key: str) -> None:
    with st.container(border=True):
        kind = {"person": "人物", "classic": "古语", "saying": "俗语", "book": "典籍"}.get(q.speaker_kind, q.speaker_kind)
        html_block(f'<div class="kb-text" style="font-weight:600">“{esc(q.text.strip("“”"))}”</div>'
                   f'<div class="kb-meta">—— {esc(q.speaker)} <span class="kb-badge">{esc(kind)}</span> · '
                   f'引用 {q.count} 次</div>')
        if q.uses:
            _actions(_use_item(q.uses[0], q.text), key)
            if len(q.uses) > 1:
                _uses(q.uses, key, q.text)


def render_sentence(s: Searcher, sen: Any, key: str) -> None:
    with st.container(border=True):
        html_block(f'<div class="kb-text" style="font-weight:600">{esc(sen.text)}</div>'
                   f'{_source(sen.use)}<div class="kb-badges">{_badges(sen.types, "kind")}</div>')
        _actions(_use_item(sen.use, sen.text), key)


def render_heading(s: Searcher, h: Any, key: str) -> None:
    from kb.ingest.pipeline import passage_id_for

    with st.container(border=True):
        pad = max(0, int(h.level) - 1) * 1.2
        html_block(f'<div style="padding-left:{pad}rem"><span class="kb-badge year">{int(h.level)} 级</span> '
                   f'<span class="kb-title">{esc(h.text)}</span></div>'
                   f'<div class="kb-meta" style="padding-left:{pad}rem">《{esc(h.title or h.source)}》'
                   f'{" · " + esc(h.date) if h.date else ""}</div>'
                   f'<div class="kb-badges" style="padding-left:{pad}rem">{_badges(h.topics)}</div>')
        _read_link(h.doc_id, passage_id_for(h.doc_id, int(h.ordinal)), label="看这一节")


RENDERERS: dict[str, Callable[[Searcher, Any, str], None]] = {
    "formulations": render_formulation, "quotations": render_quotation, "sentences": render_sentence,
    "headings": render_heading,
}


def topic_names() -> list[str]:
    try:
        from kb.classify import topic_names as names
    except ImportError:
        return []
    return list(names())


def library_page(key: str, title: str, subtitle: str, function: str, placeholder: str,
                 filter_name: str | None = None, filter_label: str = "", filter_options: Sequence[Any] = (),
                 filter_format: Callable[[Any], str] | None = None) -> None:
    """One library: a search box, an optional filter, the entries (paged)."""
    header(title, subtitle)
    s = searcher()
    if s is None:
        return
    try:
        from kb.toolkit import libraries as toolkit
    except ImportError:
        toolkit = None
    fn = getattr(toolkit, function, None)
    if fn is None:
        st.info("这个素材库正在建设中：文档标注完成后，这里会列出从全部文档中整理出的条目。现在可以先用「搜索」查找。")
        return
    cols = st.columns([3, 2]) if filter_name else [st.container()]
    with cols[0]:
        term = st.text_input("查找", key=f"{key}-term", placeholder=placeholder, label_visibility="collapsed")
    kwargs: dict[str, Any] = {}
    if filter_name:
        with cols[1]:
            if filter_options:
                choice = st.selectbox(filter_label, [None, *filter_options], key=f"{key}-filter",
                                      format_func=lambda v: "全部" + filter_label if v is None else
                                      (filter_format(v) if filter_format else md_label(v)),
                                      label_visibility="collapsed")
            else:
                choice = st.text_input(filter_label, key=f"{key}-filter", placeholder=filter_label,
                                       label_visibility="collapsed") or None
        if choice is not None:
            kwargs[filter_name] = choice
    items = list(fn(s, term=term.strip() or None, **kwargs))
    if not items:
        st.warning("没有找到条目。" + ("换个词，或去掉筛选再试。" if term.strip() or kwargs else "文档里还没有识别出这类内容。"))
        return
    pages = max(1, math.ceil(len(items) / PER_PAGE))
    page = int(st.session_state.get(f"{key}-page") or 1)
    if page > pages:
        st.session_state[f"{key}-page"] = page = 1
    st.caption(f"共 {len(items)} 条" + (f"，第 {page}/{pages} 页" if pages > 1 else ""))
    render = RENDERERS[function]
    for n, item in enumerate(items[(page - 1) * PER_PAGE: page * PER_PAGE]):
        render(s, item, f"{key}-{page}-{n}")
    if pages > 1:
        st.pagination(pages, key=f"{key}-page")
