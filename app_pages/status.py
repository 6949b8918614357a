"""状态: index statistics, versions, when it was built, and a rebuild button (password-protected)."""

from __future__ import annotations

import platform

import streamlit as st

import kb
from app_pages.common import (
    clear_caches,
    documents,
    header,
    md_label,
    require_password,
    searcher,
    section,
    settings,
)
from kb.errors import KbError
from kb.ingest.pipeline import rebuild

header("状态", "索引的规模、版本和建立时间")
cfg = settings()
s = searcher()

if s is not None:
    stats = s.stats()
    versions = stats.get("versions") or {}
    c1, c2, c3 = st.columns(3)
    c1.metric("文档", stats.get("documents", 0))
    c2.metric("段落", stats.get("passages", 0))
    c3.metric("索引大小", f"{stats.get('index_mb', 0)} MB")
    with st.container(border=True):
        st.markdown("**索引**")
        st.table({
            "项目": ["索引位置", "当前版本目录", "建立时间", "最近更新", "分词器", "索引格式版本", "分析器版本",
                   "kb 版本", "Whoosh 版本", "Python"],
            "值": [str(stats.get("index", "")), str(stats.get("generation") or ""), str(versions.get("created", "")),
                  str(versions.get("updated", "")), str(versions.get("segmenter", "")),
                  str(versions.get("schema_version", "")), str(versions.get("analyzer_version", "")),
                  str(versions.get("kb_version", kb.__version__)), str(versions.get("whoosh_version", "")),
                  platform.python_version()],
        })
    warned = [d for d in documents(s) if d.warnings]
    if warned:
        with st.expander(f"有提示的文档（{len(warned)}）", icon=":material/warning:"):
            for d in warned:
                st.markdown(f"**{md_label(d.label)}**")
                for w in d.warnings:
                    st.caption(md_label(w))

st.divider()
section("重建索引")
st.caption(f"从文档文件夹（`{str(cfg.corpus).replace('`', '')}`）重新建立整个索引。新索引建好后才替换旧的，重建期间搜索照常可用。")
if require_password(cfg, "重建索引"):
    if st.button("重建索引", icon=":material/refresh:", type="primary", key="rebuild"):
        with st.spinner("正在重建索引……"):
            try:
                report = rebuild(cfg)
            except KbError as exc:
                st.error(f"重建失败：{md_label(exc)}")
            else:
                clear_caches()
                summary = report.to_dict()["summary"]
                st.success(f"重建完成：{summary.get('added', 0) + summary.get('updated', 0)} 篇文档，"
                           f"{summary.get('passages', 0)} 个段落，用时 {report.elapsed_s:.1f} 秒。")
                for f in report.failed:
                    st.warning(md_label(f.error or f.path))
