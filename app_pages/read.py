"""阅读: one document as an outline (提纲) and its passages; ?doc=ID&p=PASSAGE_ID opens it at a passage."""

from __future__ import annotations

import json

import streamlit as st

from app_pages.common import (
    badges,
    basket,
    basket_button,
    clear_caches,
    copy_button,
    documents,
    esc,
    header,
    html_block,
    require_password,
    say,
    searcher,
    settings,
)
from kb.errors import KbError
from kb.index.ids import passage_id_for
from kb.ingest import corrections
from kb.text import one_line
from kb.toolkit.basket import BasketItem

#: passages drawn on one screen: a long book or thesis is read part by part (drawing hundreds of
#: passages with their buttons at once takes many seconds)
PART = 60


def _go(**params: str) -> None:
    """Move the reading page to another part or passage of this document (the link stays shareable)."""
    for key in ("p", "part"):
        st.query_params.pop(key, None)
    st.query_params.update(params)

s = searcher()
if s is None:
    header("阅读")
    st.stop()

docs = documents(s)
doc_id = st.query_params.get("doc", "")
target = st.query_params.get("p", "")

if not doc_id:
    header("阅读", "选择一篇文档，按提纲阅读全文")
    if not docs:
        st.info("知识库里还没有文档。请到「添加文档」上传。")
        st.stop()
    labels = {d.doc_id: one_line(d.label) + (f"（{d.date}）" if d.date else "") for d in docs}
    pick = st.selectbox("文档", list(labels), format_func=lambda d: labels[d], index=None,
                        placeholder="选择要阅读的文档（可输入标题中的字查找）")
    if pick:
        st.query_params["doc"] = pick
        st.rerun()
    st.caption(f"共 {len(docs)} 篇文档。也可以在「浏览」里按文档或按主题找，或在「搜索」的结果里点「在原文中阅读」，"
               "从找到的那一段读起。")
    st.page_link("app_pages/browse.py", label="去浏览全部文档", icon=":material/folder_open:")
    st.stop()

doc = s.document(doc_id)
if doc is None:
    header("阅读")
    st.warning("没有找到这篇文档：它可能已被删除，或者链接不完整。")
    st.page_link("app_pages/browse.py", label="去浏览全部文档", icon=":material/folder_open:")
    st.stop()

if target not in {p.passage_id for p in doc.passages}:
    target = ""  # only a passage of this document is ever highlighted or scrolled to
info = doc.info
title = one_line(info.label)
st.set_page_config(page_title=f"{title} · 阅读")
header(f"{title}")
meta = [x for x in (info.subtitle, info.date, info.author, info.occasion, info.genre) if x]
html_block(f'<div class="kb-meta">{" · ".join(esc(m) for m in meta)}</div>'
           f'<div class="kb-meta">来源文件：{esc(info.source)} · {len(doc.passages)} 段</div>')
if info.warnings:  # what the reader noticed (pages without text, repaired characters): said in Chinese
    with st.expander(f"读取这篇文档时的提示（{len(info.warnings)}）", icon=":material/warning:"):
        for w in info.warnings:
            say(st.caption, str(w))

with st.expander("更正标题、讲话人、日期等信息", icon=":material/edit:"):
    cfg = settings()
    if require_password(cfg, "更正文档信息"):
        now = corrections.current_fields(info.to_dict())
        st.caption(f"更正保存在文档库的 `{corrections.FILE}` 里，原文件不改动；重建索引后依然有效，引用和导出都用更正后的信息。")
        with st.form("meta-form"):
            sent = {"title": st.text_input("标题", value=now["title"]),
                    "subtitle": st.text_input("副标题", value=now["subtitle"]),
                    "speaker": st.text_input("讲话人/作者", value=now["speaker"]),
                    "date": st.text_input("日期", value=now["date"], help="如 2022-03-05、2022年3月5日、2022-03"),
                    "genre": st.selectbox("体裁", corrections.GENRES,
                                          index=corrections.GENRES.index(now["genre"])
                                          if now["genre"] in corrections.GENRES else None)}
            save = st.form_submit_button("保存更正", type="primary")
        reset = st.button("恢复自动识别的信息", key="meta-reset")
        if save or reset:
            values = corrections.changed(now, {k: v or "" for k, v in sent.items()}) if save else {}
            if save and not values:
                st.info("没有改动。")
            else:
                try:
                    _key, _stored, report = corrections.correct(cfg, doc_id, values, reset=reset)
                except KbError as exc:
                    say(st.error, str(exc))
                else:
                    if report.failed:
                        say(st.error, report.failed[0].error or "重新收录失败")
                    else:
                        clear_caches()
                        st.rerun()

try:
    asked = int(st.query_params.get("part", "0"))
except ValueError:
    asked = 0
part = doc.part(PART, asked, target)
position = {p.passage_id: n for n, p in enumerate(doc.passages)}


def _href(pid: str) -> str:
    """An outline link: to the passage on this screen, else to the part of the document that holds it."""
    if part.holds(position.get(pid, -1)):
        return f"#p-{esc(pid)}"
    return f"?doc={esc(doc_id)}&amp;p={esc(pid)}"


outline = doc.outline
with st.sidebar:
    st.markdown("**提纲**")
    if outline:
        rows = []
        for h in outline:
            pad = max(0, h.level - 1) * 0.9
            pid = passage_id_for(doc_id, h.ordinal)
            rows.append(f'<div style="padding-left:{pad}rem"><a href="{_href(pid)}" target="_self">'
                        f'{esc(h.text)}</a></div>')
        html_block(f'<div class="kb-outline">{"".join(rows)}</div>')
    else:
        st.caption("这篇文档没有识别出小标题。")

with st.expander("提纲", icon=":material/list:", expanded=False):
    if outline:  # document text: the page script never translates inside .kb-outline
        rows = "".join(f'<div style="padding-left:{max(0, h.level - 1) * 1.2}rem">'
                       f'<a href="{_href(passage_id_for(doc_id, h.ordinal))}" target="_self">{esc(h.text)}</a></div>'
                       for h in outline)
        html_block(f'<div class="kb-outline">{rows}</div>')
    else:
        st.caption("这篇文档没有识别出小标题。")



def _parts(where: str) -> None:
    """Where this screen is in a long document, and the way to the part before and after it."""
    if part.count == 1:
        return
    with st.container(horizontal=True, gap="small", vertical_alignment="center", key=f"parts-{where}"):
        st.button("上一部分", icon=":material/chevron_left:", key=f"part-prev-{where}", disabled=part.number == 1,
                  on_click=_go, kwargs={"doc": doc_id, "part": str(part.number - 1)}, type="tertiary")
        st.button("下一部分", icon=":material/chevron_right:", key=f"part-next-{where}",
                  disabled=part.number == part.count, on_click=_go,
                  kwargs={"doc": doc_id, "part": str(part.number + 1)}, type="tertiary")
        st.caption(f"第 {part.start + 1}–{part.stop} 段，共 {len(doc.passages)} 段")


_parts("top")
shown_path: tuple[str, ...] = ()
contents = basket()
for p in doc.passages[part.start:part.stop]:
    path = p.heading_path
    if path != shown_path:
        common_len = 0
        while common_len < min(len(path), len(shown_path)) and path[common_len] == shown_path[common_len]:
            common_len += 1
        for level in range(common_len, len(path)):
            html_block(f'<div class="kb-h l{min(level + 1, 3)}">{esc(path[level])}</div>')
        shown_path = path
    pid = p.passage_id
    cls = "kb-passage target" if pid == target else "kb-passage"
    html_block(f'<div class="{cls}" id="p-{esc(pid)}"><span class="kb-num">{p.ordinal + 1}</span>'
               f'<span class="kb-text">{esc(p.text)}</span>'
               f'{badges(p.kinds, p.topic_names)}</div>')
    item = BasketItem.of(p)
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        basket_button(item, f"rd-{pid}", contents)
        copy_button(item)
        if pid == target:  # step through the document from the passage a link opened
            before, after = doc.step(pid, -1), doc.step(pid, 1)
            st.button("上一段", icon=":material/arrow_upward:", key="step-prev", disabled=before is None,
                      on_click=_go, kwargs={"doc": doc_id, "p": before.passage_id if before else pid}, type="tertiary")
            st.button("下一段", icon=":material/arrow_downward:", key="step-next", disabled=after is None,
                      on_click=_go, kwargs={"doc": doc_id, "p": after.passage_id if after else pid}, type="tertiary")
_parts("bottom")

if target:
    # scroll the deep-linked passage into view once the page has drawn it
    st.html("<script>(()=>{const id=" + json.dumps(f"p-{target}").replace("<", "\\u003c") + ";let n=0;"
            "document.body.dataset.kbScrolled='0';"
            "const t=setInterval(()=>{const el=document.getElementById(id);n++;"
            "if(el){el.scrollIntoView({behavior:'instant',block:'center'});clearInterval(t);"
            "document.body.dataset.kbScrolled='1';}"
            "if(n>50)clearInterval(t);},100);})();</script>", unsafe_allow_javascript=True)
