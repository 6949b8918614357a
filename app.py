"""kb site: navigation and shared chrome only (pages live in app_pages/)."""

import streamlit as st

from app_pages.common import basket, chrome, owner, store

SITE = "办公室工作知识库"


def main() -> None:
    st.set_page_config(page_title=SITE, page_icon=":material/library_books:", layout="wide",
                       initial_sidebar_state="auto")

    pages = {
        "查找": [
            st.Page("app_pages/search.py", title="搜索", icon=":material/search:", default=True, url_path="search"),
            st.Page("app_pages/browse.py", title="浏览", icon=":material/folder_open:", url_path="browse"),
            st.Page("app_pages/read.py", title="阅读", icon=":material/menu_book:", url_path="read"),
        ],
        "写作素材": [
            st.Page("app_pages/formulations.py", title="提法", icon=":material/explore:", url_path="formulations"),
            st.Page("app_pages/sentences.py", title="金句", icon=":material/auto_awesome:", url_path="sentences"),
            st.Page("app_pages/quotations.py", title="引语", icon=":material/format_quote:", url_path="quotations"),
            st.Page("app_pages/headings.py", title="标题", icon=":material/bookmark:", url_path="headings"),
            st.Page("app_pages/basket.py", title="素材篮", icon=":material/shopping_basket:", url_path="basket"),
        ],
        "管理": [
            st.Page("app_pages/add.py", title="添加文档", icon=":material/add:", url_path="add"),
            st.Page("app_pages/status.py", title="状态", icon=":material/monitoring:", url_path="status"),
        ],
    }
    page = st.navigation(pages)
    st.set_page_config(page_title=f"{page.title} · {SITE}")  # each tab says which page it shows
    chrome()
    with st.sidebar:
        st.markdown(f"**{SITE}**")
        b = basket()
        several = len(store().baskets(owner())) > 1
        name = f"素材篮「{b.name}」" if several else "素材篮"
        st.page_link("app_pages/basket.py", label=f"{name}（{len(b)} 段）" if len(b) else f"{name}（空）",
                     icon=":material/shopping_basket:")
    page.run()


# Streamlit runs this file as __main__.  An ingest started from the site (an upload of several files)
# builds them in worker processes; with the forkserver start method a worker re-runs the parent's main
# module as "__mp_main__": it must draw nothing there (the page APIs fail outside a running site).
if __name__ != "__mp_main__":
    main()
