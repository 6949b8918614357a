"""搜索: the query box, results with highlighted snippets, source and heading."""

from __future__ import annotations

import html

import streamlit as st

from app_pages.common import searcher

st.title("🔍 搜索")
s = searcher()
if s is not None:
    q = st.text_input("查找词语或句子", value=st.query_params.get("q", ""), placeholder="例如：抓落实、“提笔能写”、三个服务是什么",
                      key="q")
    if q != st.query_params.get("q", ""):
        st.query_params["q"] = q
    if not q.strip():
        st.info("输入要查找的内容。不加引号按词语排序，加引号（\"提笔能写\"）必须原样出现。")
    else:
        result = s.search(q, limit=20)
        if result.message:
            st.warning(result.message)
        if not result.hits:
            st.info("没有找到相关内容。可以换个说法，或去掉引号。")
        else:
            st.caption(f"共 {result.total} 条，用时 {result.elapsed_ms:.0f} 毫秒")
        for h in result.hits:
            with st.container(border=True):
                st.markdown(f"**《{html.escape(h.title)}》** {html.escape(h.heading)}", unsafe_allow_html=True)
                st.markdown(h.snippet, unsafe_allow_html=True)
                st.caption(f"{h.source}" + (f" · {h.date}" if h.date else ""))
