"""素材篮: collected passages, reordered and annotated, exported to Word or Markdown."""

from __future__ import annotations

from datetime import date

import streamlit as st

from app_pages.common import PAGES, basket, card_html, esc, header, html_block
from kb.toolkit.basket import CITATION_STYLES


def _move(pid: str, delta: int) -> None:
    basket().move(pid, delta)


def _remove(pid: str) -> None:
    basket().remove(pid)
    st.session_state.pop(f"note-{pid}", None)


def _save_note(pid: str) -> None:
    basket().set_note(pid, st.session_state.get(f"note-{pid}", ""))


def _clear() -> None:
    for item in basket():
        st.session_state.pop(f"note-{item.passage_id}", None)
    basket().clear()


header("素材篮", "收集的段落：排序、批注，然后导出为 Word 或 Markdown")
b = basket()
if not len(b):
    st.info("素材篮还是空的。在搜索结果、阅读页或素材库里点「加入素材篮」，段落就会收集到这里；"
            "换页面也不会丢失（关闭浏览器标签页后清空）。")
    st.page_link(PAGES["search"], label="去搜索", icon=":material/search:")
    st.stop()

with st.container(border=True):
    st.markdown(f"**导出 {len(b)} 段**")
    doc_title = st.text_input("文档标题", value="素材篮", key="export-title")
    style = st.radio("出处写法", list(CITATION_STYLES), format_func=CITATION_STYLES.__getitem__, horizontal=True,
                     key="export-style")
    stamp = date.today().strftime("%Y%m%d")
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.download_button("导出 Word（.docx）", b.to_docx(doc_title or "素材篮", style), type="primary",
                           file_name=f"素材篮-{stamp}.docx", icon=":material/description:", key="dl-docx",
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        st.download_button("导出 Markdown", b.to_markdown(doc_title or "素材篮", style).encode("utf-8"),
                           file_name=f"素材篮-{stamp}.md", mime="text/markdown", icon=":material/markdown:", key="dl-md")
        st.button("清空素材篮", icon=":material/delete:", on_click=_clear, type="tertiary", key="clear-basket")

last = len(b) - 1
for n, item in enumerate(list(b)):
    pid = item.passage_id
    with st.container(border=True):
        html_block(f'<div class="kb-meta">第 {n + 1} 段</div>' + card_html(item) +
                   f'<div class="kb-meta" style="margin-top:.3rem">{esc(item.citation)}</div>')
        if f"note-{pid}" not in st.session_state:
            st.session_state[f"note-{pid}"] = item.note
        st.text_area("批注", key=f"note-{pid}", on_change=_save_note, args=(pid,), height=68,
                     placeholder="写下用在哪里、怎么改……（随导出一起保存）")
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            st.button("上移", icon=":material/arrow_upward:", key=f"up-{pid}", on_click=_move, args=(pid, -1), disabled=n == 0,
                      type="tertiary")
            st.button("下移", icon=":material/arrow_downward:", key=f"down-{pid}", on_click=_move, args=(pid, 1), disabled=n == last,
                      type="tertiary")
            st.button("移除", icon=":material/close:", key=f"rm-{pid}", on_click=_remove, args=(pid,), type="tertiary")
            st.page_link(PAGES["read"], label="在原文中阅读", icon=":material/menu_book:", query_params={"doc": item.doc_id, "p": pid.split("#")[0]})
