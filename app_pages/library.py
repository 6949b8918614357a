"""The writer's libraries (提法, 金句, 引语, 标题): rendering for the kb.toolkit.libraries entries.

Each library page calls :func:`library_page` with the toolkit's finder and one of the renderers here;
the toolkit does the finding, :class:`kb.toolkit.basket.BasketItem` makes the basket and copy items,
this module only renders (document text always escaped)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st

from app_pages.common import (
    basket,
    basket_button,
    copy_button,
    esc,
    esc_line,
    header,
    html_block,
    md_label,
    open_link,
    searcher,
)
from kb.classify import topic_names
from kb.search.searcher import Searcher
from kb.toolkit.basket import Basket, BasketItem
from kb.toolkit.libraries import Formulation, HeadingEntry, Quotation, Sentence, Use

PER_PAGE = 20
SPEAKER_KINDS = {"person": "人物", "classic": "古语", "saying": "俗语", "book": "典籍"}
E = TypeVar("E")


def _actions(item: BasketItem, key: str, contents: Basket, label: str = "在原文中阅读") -> None:
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        basket_button(item, key, contents)
        copy_button(item)
        open_link(item, label=label)


def _source(use: Use) -> str:
    when = f" · {esc(use.date)}" if use.date else ""
    path = f' <span class="kb-path">{esc(use.heading)}</span>' if use.heading else ""
    return f'<div class="kb-meta">《{esc_line(use.title or use.source)}》{when}{path}</div>'


def _uses(uses: Sequence[Use], key: str, contents: Basket, make: Callable[[Use], BasketItem]) -> None:
    box = st.expander(f"出处（{len(uses)}）", icon=":material/push_pin:", key=f"uses-{key}", on_change="rerun")
    if not box.open:
        return
    with box:
        for n, use in enumerate(uses[:20]):
            html_block(_source(use) + f'<div class="kb-near">{esc(use.text)}</div>')
            _actions(make(use), f"{key}-u{n}", contents)
        if len(uses) > 20:
            st.caption(f"……另有 {len(uses) - 20} 处")


def _badges(values: Sequence[str], cls: str = "topic") -> str:
    return "".join(f'<span class="kb-badge {cls}">{esc(v)}</span>' for v in values if v)


def render_formulation(f: Formulation, key: str, contents: Basket) -> None:
    with st.container(border=True):
        items = f'<div class="kb-badges">{_badges(f.items)}</div>' if f.items else ""
        variants = [v for v in f.variants if v != f.name]
        also = f'<div class="kb-meta">又作：{esc("、".join(variants))}</div>' if variants else ""
        expansion = (f'<div class="kb-text">{esc(f.expansion)}</div>' if f.expansion else
                     '<div class="kb-meta">文中没有写出完整表述，展开「出处」看原文。</div>')
        html_block(f'<div><span class="kb-title" style="font-size:1.15rem">{esc(f.name)}</span> '
                   f'<span class="kb-meta">用过 {f.count} 次</span></div>{expansion}{items}{also}')
        others = [e for e in f.expansions if e != f.expansion]
        if others:
            html_block('<div class="kb-meta">其他说法：</div>' +
                       "".join(f'<div class="kb-near">{esc(e)}</div>' for e in others[:3]))
        if f.uses:
            _uses(f.uses, key, contents, BasketItem.of)


def render_quotation(q: Quotation, key: str, contents: Basket) -> None:
    with st.container(border=True):
        kind = SPEAKER_KINDS.get(q.speaker_kind, q.speaker_kind)
        item = BasketItem.quotation(q) if q.uses else None
        html_block(f'<div class="kb-text" style="font-weight:600">“{esc(q.text.strip("“”"))}”</div>'
                   f'<div class="kb-meta">—— {esc(q.speaker)} <span class="kb-badge">{esc(kind)}</span> · '
                   f'引用 {q.count} 次</div>' + (_source(q.uses[0]) if q.uses else ""))
        if item is not None:
            _actions(item, key, contents)
            if len(q.uses) > 1:
                _uses(q.uses, key, contents, lambda use: BasketItem.quotation(q, use))


def render_sentence(sen: Sentence, key: str, contents: Basket) -> None:
    with st.container(border=True):
        html_block(f'<div class="kb-text" style="font-weight:600">{esc(sen.text)}</div>'
                   f'{_source(sen.use)}<div class="kb-badges">{_badges(sen.types, "kind")}</div>')
        _actions(BasketItem.excerpt(sen.use, sen.text), key, contents)


def render_heading(h: HeadingEntry, key: str, contents: Basket) -> None:
    with st.container(border=True):
        pad = max(0, h.level - 1) * 1.2
        html_block(f'<div style="padding-left:{pad}rem"><span class="kb-badge year">{h.level} 级</span> '
                   f'<span class="kb-title">{esc(h.text)}</span></div>'
                   f'<div class="kb-meta" style="padding-left:{pad}rem">《{esc_line(h.title or h.source)}》'
                   f'{" · " + esc(h.date) if h.date else ""}</div>'
                   f'<div class="kb-badges" style="padding-left:{pad}rem">{_badges(h.topics)}</div>')
        _actions(BasketItem.heading_entry(h), key, contents, label="看这一节")


def topics() -> list[str]:
    return list(topic_names())


def library_page(key: str, title: str, subtitle: str, find: Callable[..., Sequence[E]],
                 render: Callable[[E, str, Basket], None], placeholder: str,
                 filter_name: str | None = None, filter_label: str = "", filter_options: Sequence[Any] = (),
                 filter_format: Callable[[Any], str] | None = None) -> None:
    """One library: a search box, an optional filter, the entries (paged)."""
    header(title, subtitle)
    s: Searcher | None = searcher()
    if s is None:
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
                                      label_visibility="collapsed", placeholder="请选择")
            else:
                choice = st.text_input(filter_label, key=f"{key}-filter", placeholder=filter_label,
                                       label_visibility="collapsed") or None
        if choice is not None:
            kwargs[filter_name] = choice
    items = list(find(s, term=term.strip() or None, **kwargs))
    if not items:
        st.warning("没有找到条目。" + ("换个词，或去掉筛选再试。" if term.strip() or kwargs else "文档里还没有识别出这类内容。"))
        return
    pages = max(1, math.ceil(len(items) / PER_PAGE))
    page = int(st.session_state.get(f"{key}-page") or 1)
    if page > pages:
        st.session_state[f"{key}-page"] = page = 1
    st.caption(f"共 {len(items)} 条" + (f"，第 {page}/{pages} 页" if pages > 1 else ""))
    contents = basket()
    for n, item in enumerate(items[(page - 1) * PER_PAGE: page * PER_PAGE]):
        render(item, f"{key}-{page}-{n}", contents)
    if pages > 1:
        st.pagination(pages, key=f"{key}-page")
