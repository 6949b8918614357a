"""搜索: the query box (kept in the URL), filters with counts, result cards, paging."""

from __future__ import annotations

import math

import streamlit as st

from app_pages.common import basket, documents, esc, header, hit_card, html_block, md_label, searcher, titles
from kb.search.query import HELP_MARKDOWN

PER_PAGE = 10
FILTERS = {"kind": "类别", "topic": "主题", "doc": "文档", "year": "年份"}
EXAMPLES = ["抓落实", "“提笔能写”", "三服务是什么", "参谋助手 OR 左右手", "办文 办会 办事", "调查研究 -会议"]


def _reset_page() -> None:
    st.session_state["page"] = 1


def _set_query(text: str) -> None:
    st.session_state["q"] = text
    st.session_state["page"] = 1


def _pick_example() -> None:
    choice = st.session_state.get("example")
    if choice:
        _set_query(choice)
    st.session_state["example"] = None


def _clear_filters() -> None:
    for name in FILTERS:
        st.session_state[f"f-{name}"] = ""
        st.query_params.pop(name, None)
    st.session_state["page"] = 1


def _filter_changed(name: str) -> None:
    """Filters live in the URL as raw values (a doc id, a year), so a link reproduces the view."""
    value = st.session_state.get(f"f-{name}") or ""
    if value:
        st.query_params[name] = value
    else:
        st.query_params.pop(name, None)
    st.session_state["page"] = 1


def _current(name: str) -> str:
    """A bound widget's value before the widget is drawn (session state, else the URL)."""
    value = st.session_state.get(name)
    if value is None:
        value = st.query_params.get(name, "")
    return str(value or "")


header("搜索", "在全部讲话稿和材料中查找段落")
s = searcher()
if s is None:
    st.stop()

q = st.text_input("查找词语或句子", key="q", bind="query-params", on_change=_reset_page,
                  placeholder="例如：抓落实、“提笔能写”、办公室怎样当好参谋助手", label_visibility="collapsed")
with st.expander("查询写法", icon=":material/help:"):
    st.markdown(HELP_MARKDOWN)

chosen = {name: str(st.query_params.get(name, "") or "") for name in FILTERS}
active = {k: v for k, v in chosen.items() if v}

if not q.strip() and not active:
    docs = documents(s)
    n_passages = sum(d.passages for d in docs)
    st.info(f"在上面输入要找的词语或句子，回车即可。知识库共有 {len(docs)} 篇文档、{n_passages} 个段落。")
    st.pills("试试这些查询：", EXAMPLES, key="example", on_change=_pick_example)
    st.caption("不加引号按相关程度排序；加引号的内容必须原样出现。点开上面的「查询写法」看更多用法。")
    st.stop()

page = int(_current("page") or 1) if str(_current("page") or "1").isdigit() else 1
# one search: the hits of this page and the facet counts (each facet counted with the other filters)
result = s.search(q, limit=PER_PAGE, offset=(max(page, 1) - 1) * PER_PAGE, facets=True, **active)
facets = result.facets

# --- filters with counts, above the results (reachable on a phone too) -----------------------------------
names = {"doc": titles(s)}
with st.container(horizontal=True, gap="small", vertical_alignment="bottom", key="filters"):
    for name, label in FILTERS.items():
        key = "doc_id" if name == "doc" else name
        counts = dict(facets.get(key, []))
        if not counts and not chosen[name]:
            continue
        options = [""] + list(counts)
        if chosen[name] and chosen[name] not in counts:
            options.append(chosen[name])
        if name == "year":
            options = [""] + sorted((o for o in options if o), reverse=True)

        def fmt(value: str, counts: dict[str, int] = counts, name: str = name, label: str = label) -> str:
            if not value:
                return f"全部{label}"
            text = names.get(name, {}).get(value, value)
            if len(text) > 18:  # with its count, one line of the drop-down on a phone
                text = text[:17] + "…"
            return f"{text}（{counts[value]}）" if value in counts else f"{text}（0）"

        st.selectbox(label, options, index=options.index(chosen[name]) if chosen[name] in options else 0,
                     key=f"f-{name}", format_func=fmt, on_change=_filter_changed, args=(name,), width=185,
                     placeholder="请选择", label_visibility="collapsed")
    if active:
        st.button("清除筛选", icon=":material/close:", on_click=_clear_filters, type="tertiary")

# --- results ---------------------------------------------------------------------------------------------
if result.message:
    st.info(result.message)
if getattr(result, "partial", None):  # an engine shard with no mirror up (KB_BACKEND=sphinx)
    st.warning(f"结果不完整：{'、'.join(result.partial)} 暂时没有响应，这部分文件里的段落没有列出。")
if result.did_you_mean:
    st.button(f"你是不是要找：{result.did_you_mean}", icon=":material/lightbulb:", on_click=_set_query, args=(result.did_you_mean,),
              type="tertiary")
if not result.hits:
    if not result.message:
        if result.total:
            st.info("这一页没有结果了，请回到前面的页。")
        else:
            tips = ["去掉筛选条件"] if active else []
            tips += ["换个说法", "减少词语"]
            if any(m in q for m in "\"“”「」"):
                tips.append("去掉引号")
            st.warning(f"没有找到与「{md_label(q.strip())}」相关的段落。可以{'、'.join(tips[:-1])}或{tips[-1]}再试。")
    st.stop()

html_block(f'<span class="kb-results" data-q="{esc(q.strip())}" data-total="{result.total}"></span>')
line = f"找到 **{result.total}** 段"
if result.also_searched:
    line += f" · 同时查找了：{'、'.join(result.also_searched[:6])}"
line += f" · 用时 {result.elapsed_ms:.0f} 毫秒"
st.caption(line)

contents = basket()
for n, hit in enumerate(result.hits):
    hit_card(s, hit, key=f"s{n}-{hit.passage_id}", contents=contents)

pages = max(1, math.ceil(result.total / PER_PAGE))
if pages > 1:
    if page > min(pages, 50):
        st.session_state["page"] = 1
    st.pagination(min(pages, 50), key="page", bind="query-params", max_visible_pages=7)
