"""状态: index statistics, versions, when it was built, the corpus files that are not in the index (with
the reason and a remove button), and a rebuild button (both password-protected)."""

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
    say,
    searcher,
    section,
    settings,
)
from kb.errors import KbError
from kb.ingest.check import check
from kb.ingest.corpus import remove_file
from kb.ingest.pipeline import rebuild
from kb.toolkit.messages import reason


def _remove(key: str) -> None:
    """Move the file to the corpus's .trash folder; the confirmation is reset for the next file."""
    try:
        dest = remove_file(key, settings())
    except KbError as exc:
        st.session_state["file-removed"] = ("error", f"删除失败：{md_label(exc)}")
    else:
        clear_caches()
        st.session_state["file-removed"] = ("ok", f"已把 {md_label(key)} 移到回收文件夹（{md_label(dest.parent)}）。")
    st.session_state[f"rmf-sure-{key}"] = False


@st.cache_data(show_spinner="正在核对文档文件夹和索引……", max_entries=4, ttl=30)
def _not_indexed(index: str, corpus: str, version: str) -> list[tuple[str, str]]:
    """(file, reason) of every corpus file that is not in the index."""
    report = check(settings())
    rows = [(key, reason(report.codes.get(key))) for key in report.unreadable_files]
    rows += [(key, "还没有建立索引：到下面点「重建索引」，或在「添加文档」重新上传。") for key in report.missing]
    rows += [(d["path"], f"与《{d['duplicate_of']}》内容完全相同，只保留一份。") for d in report.duplicates]
    rows += [(d["path"], reason(d.get("code"))) for d in report.skipped]
    return rows

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
                    say(st.caption, str(w))

    missing = _not_indexed(str(cfg.index), str(cfg.corpus), s.version_key())
    section(f"没有进入索引的文件（{len(missing)}）" if missing else "文档文件夹里的文件都已进入索引")
    done = st.session_state.pop("file-removed", None)
    if done:
        (st.success if done[0] == "ok" else st.error)(done[1])
    if missing:
        st.caption("文档文件夹里有这些文件，但索引里没有它们：修好文件后重新上传，或把它删掉（移到回收文件夹，可以找回）。")
        allowed = not cfg.password or bool(st.session_state.get("authenticated"))
        if not allowed:
            st.info("删除文件需要管理密码：在本页下方「重建索引」处输入密码后，这里会出现删除按钮。")
        for n, (key, why) in enumerate(missing):
            with st.container(border=True, key=f"nofile-{n}"):
                st.markdown(f"**{md_label(key)}**")
                st.caption(md_label(why))
                if allowed:
                    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
                        sure = st.checkbox("确认删除这个文件", key=f"rmf-sure-{key}")
                        st.button("删除", icon=":material/delete:", key=f"rmf-go-{key}", disabled=not sure,
                                  on_click=_remove, args=(key,), type="tertiary")

st.divider()
section("重建索引")
st.caption(f"从文档文件夹（`{str(cfg.corpus).replace('`', '')}`）重新建立整个索引。新索引建好后才替换旧的，重建期间搜索照常可用。")
if require_password(cfg, "重建索引"):
    if st.button("重建索引", icon=":material/refresh:", type="primary", key="rebuild"):
        with st.spinner("正在重建索引……"):
            try:
                report = rebuild(cfg)
            except KbError as exc:
                say(st.error, f"重建失败：{exc}")
            else:
                clear_caches()
                summary = report.to_dict()["summary"]
                st.success(f"重建完成：{summary.get('added', 0) + summary.get('updated', 0)} 篇文档，"
                           f"{summary.get('passages', 0)} 个段落，用时 {report.elapsed_s:.1f} 秒。")
                for f in report.failed:
                    say(st.warning, f.error or f.path)
