"""素材篮: collected passages, reordered and annotated, exported to Word or Markdown.  Baskets are kept on
the server (kb.toolkit.baskets) under this browser's id, so they survive reloads, new tabs and restarts;
a writer can keep several named baskets."""

from __future__ import annotations

import streamlit as st

from app_pages.common import (
    PAGES,
    basket,
    basket_id,
    card_html,
    copy_button,
    esc,
    header,
    html_block,
    owner,
    say,
    settings,
    store,
)
from kb.errors import KbError
from kb.toolkit.basket import CITATION_STYLES
from kb.toolkit.export import file_name


def _change(edit: object) -> None:
    store().change(owner(), basket_id(), edit)  # type: ignore[arg-type]


def _move(pid: str, delta: int) -> None:
    _change(lambda b: b.move(pid, delta))


def _remove(pid: str) -> None:
    _change(lambda b: b.remove(pid))
    st.session_state.pop(f"note-{pid}", None)


def _save_note(pid: str) -> None:
    note = st.session_state.get(f"note-{pid}", "")
    _change(lambda b: b.set_note(pid, note))


def _forget_notes() -> None:
    for key in [k for k in st.session_state if str(k).startswith("note-")]:
        del st.session_state[key]


def _clear() -> None:
    _forget_notes()
    _change(lambda b: b.clear())
    st.session_state["clear-sure"] = False


def _choose() -> None:
    _forget_notes()
    st.session_state.pop("export-title", None)
    store().choose(owner(), int(st.session_state["basket-pick"]))


def _create() -> None:
    name = str(st.session_state.get("new-basket") or "").strip()
    if name:
        _forget_notes()
        st.session_state.pop("export-title", None)
        store().create(owner(), name)
        st.session_state["new-basket"] = ""


def _rename() -> None:
    name = str(st.session_state.get("export-title") or "").strip()
    if name:
        store().rename(owner(), basket_id(), name)


def _delete() -> None:
    _forget_notes()
    st.session_state.pop("export-title", None)
    store().delete(owner(), basket_id())
    st.session_state["delete-sure"] = False


header("素材篮", "收集的段落：排序、批注，然后导出为 Word 或 Markdown")
me = owner()
all_baskets = store().baskets(me)
current = basket_id()
b = basket()
names = {i: f"{n}（{c} 段）" for i, n, c in all_baskets}

st.session_state["basket-pick"] = current  # the stored choice (another tab may have changed it)
with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
    st.selectbox("当前素材篮", list(names), format_func=names.__getitem__,
                 key="basket-pick", on_change=_choose, width=260, placeholder="请选择")
    st.text_input("新建素材篮", key="new-basket", placeholder="输入名称后回车，例如：年中工作会讲话", on_change=_create,
                  width=300)

if not len(b):
    st.info("这个素材篮还是空的。在搜索结果、阅读页或素材库里点「加入素材篮」，段落就会收集到这里；"
            "素材篮保存在服务器上，刷新页面、打开新标签页或重启网站都不会丢失（同一浏览器）。")
    st.page_link(PAGES["search"], label="去搜索", icon=":material/search:")
else:
    with st.container(border=True):
        st.markdown(f"**导出 {len(b)} 段**")
        if "export-title" not in st.session_state:
            st.session_state["export-title"] = b.name
        doc_title = st.text_input("标题（也是素材篮的名称和文件名）", key="export-title", on_change=_rename)
        style = st.radio("出处写法", list(CITATION_STYLES), format_func=CITATION_STYLES.__getitem__, horizontal=True,
                         key="export-style")
        title = (doc_title or b.name).strip()
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            st.download_button("导出 Word（.docx）", b.to_docx(title, style, author=settings().export_author),
                               type="primary", file_name=file_name(title), icon=":material/description:",
                               key="dl-docx",
                               mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            st.download_button("导出 Markdown", b.to_markdown(title, style).encode("utf-8"),
                               file_name=file_name(title, ".md"), mime="text/markdown", icon=":material/markdown:",
                               key="dl-md")
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            sure = st.checkbox("确认清空", key="clear-sure")
            st.button("清空这个素材篮", icon=":material/delete:", on_click=_clear, type="tertiary", key="clear-basket",
                      disabled=not sure)

    last = len(b) - 1
    for n, item in enumerate(b):
        pid = item.passage_id
        with st.container(border=True):
            html_block(f'<div class="kb-meta">第 {n + 1} 段</div>' + card_html(item) +
                       f'<div class="kb-meta" style="margin-top:.3rem">{esc(item.citation)}</div>')
            if f"note-{pid}" not in st.session_state:
                st.session_state[f"note-{pid}"] = item.note
            st.text_area("批注", key=f"note-{pid}", on_change=_save_note, args=(pid,), height=68,
                         placeholder="写下用在哪里、怎么改……（随导出一起保存）")
            with st.container(horizontal=True, gap="small", vertical_alignment="center"):
                st.button("上移", icon=":material/arrow_upward:", key=f"up-{pid}", on_click=_move, args=(pid, -1),
                          disabled=n == 0, type="tertiary")
                st.button("下移", icon=":material/arrow_downward:", key=f"down-{pid}", on_click=_move, args=(pid, 1),
                          disabled=n == last, type="tertiary")
                st.button("移除", icon=":material/close:", key=f"rm-{pid}", on_click=_remove, args=(pid,),
                          type="tertiary")
                copy_button(item)
                st.page_link(PAGES["read"], label="在原文中阅读", icon=":material/menu_book:",
                             query_params={"doc": item.doc_id, "p": item.anchor})

with st.expander("管理素材篮：删除、备份和导入", icon=":material/inventory_2:"):
    st.caption("素材篮跟着这个浏览器（保存在服务器上）。要换一台电脑或浏览器继续用，先在这里备份，再到那边导入。")
    st.download_button("备份全部素材篮（.json）", store().export(me).encode("utf-8"), file_name="素材篮备份.json",
                       mime="application/json", icon=":material/download:", key="dl-all")
    backup = st.file_uploader("导入备份（.json）", type=["json"], key="import-file")
    if backup is not None and st.button("导入", icon=":material/upload:", key="import-go"):
        try:
            n_new = store().import_(me, backup.getvalue().decode("utf-8", errors="replace"))
        except KbError as exc:
            say(st.error, str(exc))
        else:
            _forget_notes()
            st.session_state.pop("export-title", None)
            st.success(f"已导入 {n_new} 个素材篮。")
            st.rerun()
    if len(all_baskets) > 1:
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            gone = st.checkbox(f"确认删除素材篮「{b.name}」", key="delete-sure")
            st.button("删除这个素材篮", icon=":material/delete_forever:", on_click=_delete, disabled=not gone,
                      key="delete-basket", type="tertiary")
