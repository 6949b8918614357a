"""浏览: the corpus by topic (with counts and descriptions) and by document (a list with clickable titles,
newest first, sortable by date or by title)."""

from __future__ import annotations

import streamlit as st

from app_pages.common import _searcher, documents, esc, header, html_block, md_label, searcher, settings
from kb.classify import topics
from kb.models import DocumentInfo
from kb.search.documents import DOCUMENT_ORDERS, sort_documents
from kb.text import one_line

PER_PAGE = 50


@st.cache_data(show_spinner=False, max_entries=4)
def _topic_counts(index_dir: str, version: str) -> dict[str, int]:
    """Passages per topic: one facet count over the whole index."""
    return dict(_searcher(index_dir).facet_counts().get("topic", []))


def _row(d: DocumentInfo) -> None:
    meta = " · ".join(x for x in (d.date or "未注明日期", d.genre, d.occasion, f"{d.passages} 段") if x)
    with st.container(horizontal=True, gap="small", vertical_alignment="center", key=f"docrow-{d.doc_id}"):
        st.page_link("app_pages/read.py", label=md_label(one_line(d.label)), icon=":material/description:",
                     query_params={"doc": d.doc_id})
        st.caption(meta)


header("浏览", "按主题或按文档查看整个知识库")
s = searcher()
if s is None:
    st.stop()

by_topic, by_doc = st.tabs(["按主题", "按文档"])

with by_topic:
    defs, _settings = topics()
    counts = _topic_counts(str(settings().index.absolute()), s.version_key())
    if not defs:
        st.info("主题分类还没有建立：段落打上主题标签后，这里会按主题列出。现在可以先按文档浏览，或直接搜索。")
    else:
        cols = st.columns(2)
        for n, t in enumerate(sorted(defs, key=lambda t: -counts.get(t.name, 0))):
            with cols[n % 2].container(border=True):
                html_block(f'<div class="kb-title">{esc(t.name)} <span class="kb-meta">{counts.get(t.name, 0)} 段</span>'
                           f'</div><div class="kb-meta">{esc(t.description)}</div>')
                if counts.get(t.name, 0):
                    st.page_link("app_pages/search.py", label="查看这个主题的段落", icon=":material/arrow_forward:",
                                 query_params={"topic": t.name})

with by_doc:
    docs = documents(s)
    if not docs:
        st.info("知识库里还没有文档。请到「添加文档」上传。")
    else:
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            how = st.segmented_control("排序", list(DOCUMENT_ORDERS), format_func=DOCUMENT_ORDERS.__getitem__, default="date",
                                       key="doc-sort", label_visibility="collapsed") or "date"
            st.caption(f"共 {len(docs)} 篇，点标题打开阅读。")
        ordered = sort_documents(docs, how)
        pages = max(1, -(-len(ordered) // PER_PAGE))
        page = int(st.session_state.get("doc-page") or 1)
        page = page if 1 <= page <= pages else 1
        with st.container(key="doclist"):
            for d in ordered[(page - 1) * PER_PAGE: page * PER_PAGE]:
                _row(d)
        if pages > 1:
            st.pagination(pages, key="doc-page")
