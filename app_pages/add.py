"""添加文档: upload files into the corpus and index them, with a per-file report; remove documents.
Password-protected when a password is configured (search stays open)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.common import (
    PAGES,
    clear_caches,
    documents,
    esc,
    esc_line,
    header,
    html_block,
    md_label,
    require_password,
    say,
    searcher,
    section,
    settings,
)
from kb.errors import KbError
from kb.ingest.add import add_files
from kb.ingest.corpus import remove_document
from kb.models import FileReport
from kb.text import one_line
from kb.toolkit.messages import REASONS, is_chinese, reason

STATUS = {"added": ("ok", "已添加"), "updated": ("ok", "已更新"), "unchanged": ("", "内容没有变化"),
          "skipped": ("warn", "已跳过"), "failed": ("bad", "失败")}


def _report_card(f: FileReport, name: str) -> None:
    tone, label = STATUS.get(f.status, ("", f.status))
    with st.container(border=True):
        title = f.title or name
        bits = [label]
        if f.passages:
            bits.append(f"{f.passages} 段")
        if f.date:
            bits.append(f"日期 {f.date}")
        found = (f'<div class="kb-meta">识别的标题：{esc_line(title)} · {esc(" · ".join(bits[1:]) or "没有段落")}</div>'
                 if f.status not in ("failed", "skipped") else "")  # nothing was read from a failed file
        html_block(f'<div><span class="kb-badge status {tone}">{esc(label)}</span> '
                   f'<span class="kb-title">{esc(name)}</span></div>{found}')
        if f.duplicate_of:
            st.warning(f"与已有文档重复：{md_label(f.duplicate_of)}（只保留一份）")
        if f.error and f.status in ("failed", "skipped") and not f.duplicate_of:
            if f.code in REASONS and not is_chinese(f.error):  # kb's English message: say it in Chinese
                st.error(f"{md_label(name)}：{reason(f.code)}")
                st.caption(f"给维护人员的详细信息（{md_label(f.code)}）：{md_label(f.error)}")
            else:
                say(st.error, f.error)
        for w in f.warnings:
            say(st.warning, str(w))
        if f.doc_id and f.status in ("added", "updated"):
            st.session_state.setdefault("preview", {})[f.doc_id] = name
            st.page_link(PAGES["read"], label="阅读全文", icon=":material/menu_book:", query_params={"doc": f.doc_id})


def _upload(files: list[Any]) -> None:
    cfg = settings()
    with st.spinner(f"正在处理 {len(files)} 个文件……"):
        try:
            result = add_files([(up.name, up.getvalue()) for up in files], cfg)
        except KbError as exc:
            say(st.error, f"没有添加任何文件：{exc}")
            return
    clear_caches()
    st.session_state["upload-reports"] = result.items


def _remove(doc_id: str, label: str) -> None:
    """Remove the document; the choice and its confirmation are reset for the next removal."""
    try:
        remove_document(doc_id, settings())
    except KbError as exc:
        st.session_state["removed"] = ("error", f"删除失败：{md_label(exc)}")
    else:
        clear_caches()
        st.session_state.get("preview", {}).pop(doc_id, None)
        st.session_state["removed"] = ("ok", f"已删除：{md_label(label)}")
    st.session_state["remove-sure"] = False
    st.session_state["remove-pick"] = None


header("添加文档", "上传讲话稿和材料：支持 PDF、Word（.docx）、TXT、Markdown、HTML")
cfg = settings()
if not require_password(cfg, "添加或删除文档"):
    st.stop()

with st.form("upload-form", clear_on_submit=True):
    # the uploader accepts any name (``type=None``): Streamlit's own check of the names fails the whole
    # batch for one bad name, kb checks each file's name and content on its own
    files = st.file_uploader("选择文件（可多选）", type=None, accept_multiple_files=True, key="uploads",
                             help=f"支持 PDF、Word（.docx）、纯文本（.txt）、Markdown（.md）和网页（.html、.htm）；"
                                  f"每个文件不超过 {cfg.max_file_mb:g} MB。扫描版 PDF 需要先做文字识别（OCR）。")
    submitted = st.form_submit_button("添加到知识库", icon=":material/upload:", type="primary")
if submitted:
    if files:
        _upload(list(files))
    else:
        st.warning("请先选择要上传的文件。")

reports = st.session_state.get("upload-reports") or []
if reports:
    ok = sum(1 for _, f in reports if f.status in ("added", "updated"))
    section(f"处理结果：{ok}/{len(reports)} 个文件已加入")
    for name, f in reports:
        _report_card(f, name)

s = searcher(quiet=True)
preview = st.session_state.get("preview") or {}
if s is not None and preview:
    section("预览提取的段落")
    for doc_id, name in list(preview.items())[-5:]:
        doc = s.document(doc_id)
        if doc is None:
            continue
        with st.expander(f"{md_label(one_line(doc.info.title or name))}（{len(doc.passages)} 段）", icon=":material/preview:"):
            for p in doc.passages[:8]:
                path = " › ".join(p.heading_path)
                head = f'<div class="kb-path">{esc(path)}</div>' if path else ""
                html_block(f'<div class="kb-near">{head}{esc(p.text)}</div>')
            if len(doc.passages) > 8:
                st.caption(f"……还有 {len(doc.passages) - 8} 段，打开阅读页查看全文。")

st.divider()
section("删除文档")
if s is None:
    st.caption("索引还没有建立。")
else:
    docs = documents(s)
    labels = {d.doc_id: f"{d.label}（{d.source}）" for d in docs}
    pick = st.selectbox("要删除的文档", list(labels), format_func=lambda d: labels[d], index=None,
                        placeholder="选择文档", key="remove-pick")
    sure = st.checkbox("确认删除：文件会移到回收文件夹，并从索引中去掉", key="remove-sure")
    st.button("删除", icon=":material/delete:", disabled=not (pick and sure), key="remove-go", on_click=_remove,
              args=(pick, labels.get(pick or "", "")))
    done = st.session_state.pop("removed", None)
    if done:
        (st.success if done[0] == "ok" else st.error)(done[1])
