"""kb site: navigation and shared chrome only (pages live in app_pages/)."""

import streamlit as st

st.set_page_config(page_title="kb 办公室工作知识库", page_icon="📚", layout="wide")

pages = [
    st.Page("app_pages/search.py", title="搜索", icon="🔍", default=True, url_path="search"),
]
st.navigation(pages).run()
