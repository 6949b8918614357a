"""Shared helpers for pages: the cached searcher and settings (no search logic here)."""

from __future__ import annotations

import os

import streamlit as st

from kb.config import Settings, load_settings
from kb.errors import KbError
from kb.search import Searcher


def settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner=False)
def _searcher(index_dir: str) -> Searcher:
    return Searcher(index_dir)


def searcher() -> Searcher | None:
    """The cached searcher, or None after showing why there is none (missing or stale index)."""
    s = settings()
    try:
        return _searcher(str(s.index.absolute()))
    except KbError as exc:
        st.warning(f"索引还不能使用：{exc}")
        st.info("在项目目录运行 `./run.sh`（或 `kb ingest`）即可从 corpus/ 建立索引。")
        return None


def index_env() -> str:
    return os.environ.get("KB_INDEX", "index")
