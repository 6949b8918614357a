"""浏览: the corpus by topic (with counts and descriptions) and by document (a sortable table)."""

from __future__ import annotations

import streamlit as st

from app_pages.common import (
    PAGES,
    _searcher,
    documents,
    esc,
    header,
    html_block,
    md_label,
    searcher,
    settings,
)
from kb.search.searcher import Searcher


def _topic_definitions() -> list[dict[str, str]]:
    """Topic names and descriptions from kb.classify (kb/data/topics.toml), when it is available."""
    try:
        from kb import classify
    except ImportError:
        return []
    found = getattr(classify, "topics", None)
    if found is None:
        return []
    defs = found()
    defs = defs[0] if isinstance(defs, tuple) and defs and isinstance(defs[0], tuple) else defs
    return [{"name": t.name, "description": getattr(t, "description", "")} for t in defs]


@st.cache_data(show_spinner=False, max_entries=4)
def _topic_counts(index_dir: str, version: str, names: tuple[str, ...]) -> dict[str, int]:
    """Passages per topic (a filter-only search per topic)."""
    live: Searcher = _searcher(index_dir)
    return {name: live.search(f"topic:{name}", limit=1).total for name in names}


header("浏览", "按主题或按文档查看整个知识库")
s = searcher()
if s is None:
    st.stop()

by_topic, by_doc = st.tabs(["按主题", "按文档"])

with by_topic:
    defs = _topic_definitions()
    counts = _topic_counts(str(settings().index.absolute()), s.version_key(), tuple(d["name"] for d in defs))
    names = [d["name"] for d in defs]
    desc = {d["name"]: d["description"] for d in defs}
    if not names:
        st.info("主题分类还没有建立：段落打上主题标签后，这里会按主题列出。现在可以先按文档浏览，或直接搜索。")
    else:
        cols = st.columns(2)
        for n, name in enumerate(sorted(names, key=lambda t: -counts.get(t, 0))):
            with cols[n % 2].container(border=True):
                html_block(f'<div class="kb-title">{esc(name)} <span class="kb-meta">{counts.get(name, 0)} 段</span>'
                           f'</div><div class="kb-meta">{esc(desc.get(name, ""))}</div>')
                if counts.get(name, 0):
                    st.page_link(PAGES["search"], label="查看这个主题的段落", icon=":material/arrow_forward:",
                                 query_params={"topic": name})

with by_doc:
    docs = documents(s)
    if not docs:
        st.info("知识库里还没有文档。请到「添加文档」上传。")
    else:
        rows = [{"标题": d.label, "日期": d.date, "体裁": d.genre, "场合": d.occasion,
                 "段落": d.passages, "格式": d.format.upper(), "文件": d.source}
                for d in docs]
        st.caption(f"共 {len(docs)} 篇。点表头排序，选中一行后打开阅读。")
        event = st.dataframe(rows, hide_index=True, on_select="rerun", selection_mode="single-row",
                             key="doc-table", column_config={
                                 "标题": st.column_config.TextColumn(width="large"),
                                 "段落": st.column_config.NumberColumn(width="small"),
                                 "格式": st.column_config.TextColumn(width="small")})
        selected = list(getattr(getattr(event, "selection", None), "rows", []) or [])
        if selected:
            d = docs[selected[0]]
            with st.container(border=True):
                html_block(f'<div class="kb-title">《{esc(d.label)}》</div>'
                           f'<div class="kb-meta">{esc(" · ".join(x for x in (d.date, d.genre, d.occasion) if x))}'
                           f'</div>')
                st.page_link(PAGES["read"], label="阅读全文", icon=":material/menu_book:", query_params={"doc": d.doc_id})
        with st.expander("全部文档的阅读链接", icon=":material/library_books:"):
            for d in docs:
                st.page_link(PAGES["read"], label=md_label(d.label), icon=":material/description:",
                             query_params={"doc": d.doc_id})
