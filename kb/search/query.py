"""The query language, parsed without exceptions: any input gives a :class:`ParsedQuery`.

- plain words are ranked (natural questions work: stop words such as 是什么 are dropped);
- ``"quoted text"`` (also “…” and 「…」) must appear exactly;
- ``-word`` / ``-"text"`` excludes;
- ``A OR B`` (also ``A | B``) accepts either;
- filters: ``title:`` ``kind:`` ``topic:`` ``doc:`` ``year:`` (``year:2006`` or ``year:2005-2008``)
  ``genre:`` ``heading:``.
Unbalanced quotes, lone operators and punctuation are treated as text, never as errors.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field

from kb.text import display_name

FILTER_FIELDS = ("title", "kind", "topic", "doc", "year", "genre", "heading", "source")
MAX_QUERY_CHARS = 2000
#: clause limits, so that no query costs more than about a second at 100k passages (a pasted
#: 2,000-character OR chain took 7.4 s on 290 documents): alternatives in all OR groups, required
#: phrases, exclusions; what is over is left out with a note
MAX_ALTERNATIVES = 16
MAX_PHRASES = 8
MAX_EXCLUDES = 8
MAX_FILTERS = 8

_EXAMPLES = {"title": "讲话", "kind": "表述", "topic": "督查", "doc": "用心办公", "year": "2008",
             "genre": "讲话", "heading": "落实", "source": "corpus"}
_QUOTES = {"“": "”", "「": "」", "『": "』", '"': '"', "＂": "＂"}
_FILTER_RE = re.compile(r"^(" + "|".join(FILTER_FIELDS) + r")[:：](.*)$", re.I)


@dataclass
class Clause:
    """One item of a query: text (plain or exact)."""

    text: str
    exact: bool = False


@dataclass
class ParsedQuery:
    raw: str
    #: plain text ranked on words
    plain: list[str] = field(default_factory=list)
    #: exact phrases that must appear
    phrases: list[str] = field(default_factory=list)
    #: groups of alternatives, each group must match one of its clauses
    any_of: list[list[Clause]] = field(default_factory=list)
    excludes: list[Clause] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.plain or self.phrases or self.any_of or self.filters)

    @property
    def has_text(self) -> bool:
        return bool(self.plain or self.phrases or self.any_of)


#: an unclosed quotation mark followed by more than this many characters, or by a sentence end, is
#: taken as pasted text cut inside a quotation, not as a phrase the user began: searched as words
UNCLOSED_PHRASE_CHARS = 30
_SENTENCE_END = re.compile(r"[。！？；!?;]")
UNCLOSED_NOTE = "引号没有配对，引号后面的文字按普通文字查找。"


def _pasted_tail(text: str) -> bool:
    """A 560-character paste that ended inside a quotation made its last 150 characters, across three
    passages, one required phrase: no hits, and 30 s of matching at 100k passages."""
    body = text.strip()
    return len(body) > UNCLOSED_PHRASE_CHARS or bool(_SENTENCE_END.search(body.rstrip("。！？；!?;")))


def _lex(q: str) -> list[tuple[str, str]]:
    """Tokens as (kind, text): kind in word, phrase, or, neg_word, neg_phrase, unclosed (the text
    after a quotation mark that is never closed, when it reads as pasted text: searched as words)."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
            continue
        neg = False
        if c in "-－" and i + 1 < n and not q[i + 1].isspace():
            neg = True
            i += 1
            c = q[i]
        if c in _QUOTES:
            close = _QUOTES[c]
            j = q.find(close, i + 1)
            if j == -1:  # unbalanced: the rest is the phrase
                text = q[i + 1:]
                i = n
                if not neg and _pasted_tail(text):  # a pasted paragraph cut inside a quotation
                    out.append(("unclosed", text.strip()))
                    continue
            else:
                text = q[i + 1:j]
                i = j + 1
            if text.strip():
                out.append(("neg_phrase" if neg else "phrase", text.strip()))
            continue
        j = i
        while j < n and not q[j].isspace() and q[j] not in _QUOTES:
            j += 1
        word = q[i:j]
        i = j
        if word in ("OR", "|", "｜", "或"):
            out.append(("or", word))
        elif word in ("AND", "&", "+"):
            continue
        elif neg:
            out.append(("neg_word", word))
        else:
            out.append(("word", word))
    return out


#: the query syntax in Chinese (Markdown), for the README and the site's help
HELP_MARKDOWN: str = """## 查询语法

| 写法 | 含义 | 例子 |
|---|---|---|
| 词语、短语或整句 | 按相关度排序：覆盖的词越多、词挨得越近、与原句相同的连续文字越长，排得越靠前。可以直接问问题，“是什么”“如何”等虚词会被忽略 | `抓落实`　`如何提高公文质量`　`三个服务是什么` |
| 记得的半句话 | 不加引号直接粘贴，含有这段文字的段落排在最前；个别字记错也能找到 | `办公室是苦差事 是冷板凳` |
| `"引号里的文字"` | 必须原样出现（不分全角半角、繁简、空格）；中文引号 “…” 「…」 也可以 | `"提笔能写"` |
| `-词语` 或 `-"文字"` | 排除含有这段文字的段落 | `督查 -督办` |
| `A OR B` | 含有 A 或 B 之一即可（OR 也可写成竖线） | `四水干部 OR 顶层策划师` |
| `title:` | 只查标题含有这些词的文件 | `title:讲话 抓落实` |
| `kind:` | 只查某类段落（如 表述/金句、原则/要求、事例/做法） | `kind:表述/金句 落实` |
| `topic:` | 只查某个主题的段落 | `topic:督查督办/抓落实` |
| `doc:` | 只查某个文件（文件编号，或标题、文件名中的文字） | `doc:用心办公 秘书长` |
| `year:` | 只查某年或某几年的文件 | `year:2008`　`year:2005-2010` |

- 同义词会一起查找（如 党办 = 党委办公室、督查 = 督办），结果上方显示“也搜索了：……”。同义词表在 `kb/data/synonyms.txt`，改后立即生效。
- 没有结果、而把某个字改一下就有结果时，会提示“您是不是要找：……”（如 办工室 → 办公室）。
- 几个条件可以组合：`title:讲话 year:2016-2020 "围绕中心" -脱贫`。
- 只写筛选条件（如 `doc:用心办公`）时，按文件中的顺序列出段落。
- 内容完全相同的段落（同一段话出现在几个文件里）只显示一次，并注明“也见于”哪些文件。
- 专业词语的切分由用户词典 `kb/data/userdict.txt` 决定（如 三服务、办文办会办事、以文辅政）；修改词典或停用词表 `kb/data/stopwords.txt` 后，需要运行 `kb rebuild` 重建索引。
- 任何输入都不会出错：引号不成对、单独的 OR 或 -、只有标点时，会按普通文字处理或给出提示。
"""

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\uffff]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def readable(raw: str) -> str:
    """Text with lone surrogates (a command-line argument that is not UTF-8 arrives so; nothing can
    encode them: not the index, not JSON, not the terminal) read as its bytes in GB18030 when it can
    be, as a file name is (:func:`kb.text.display_name`); surrogates that are left are dropped."""
    if not _SURROGATES.search(raw):
        return raw
    with contextlib.suppress(UnicodeError):  # a surrogate that is no escaped byte (\ud800-\udc7f)
        raw = display_name(raw)
    return _SURROGATES.sub("", raw)


def parse(raw: str) -> ParsedQuery:
    q = _CONTROL_RE.sub(" ", readable(raw) if isinstance(raw, str) else "").strip()
    pq = ParsedQuery(raw=q)
    if len(q) > MAX_QUERY_CHARS:
        q = q[:MAX_QUERY_CHARS]
        pq.notes.append(f"查询过长，只使用了前 {MAX_QUERY_CHARS} 个字符。")
    tokens = _lex(q)
    # filters first
    rest: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        i += 1
        if kind == "word":
            m = _FILTER_RE.match(text)
            if m:
                name, value = m.group(1).lower(), m.group(2).strip()
                if not value and i < len(tokens) and tokens[i][0] in ("word", "phrase"):
                    value = tokens[i][1].strip()  # "title: 讲话" means title:讲话
                    i += 1
                if value and sum(len(v) for v in pq.filters.values()) >= MAX_FILTERS:
                    pq.notes.append(f"筛选条件太多，只使用了前 {MAX_FILTERS} 个。")
                elif value:
                    pq.filters.setdefault(name, []).append(value)
                else:
                    pq.notes.append(f"筛选条件 {name}: 后面没有内容，已忽略（写法如 {name}:{_EXAMPLES[name]}）。")
                continue
        rest.append((kind, text))
    # OR groups: item OR item OR item
    items: list[tuple[str, str] | list[tuple[str, str]]] = []
    i = 0
    while i < len(rest):
        kind, text = rest[i]
        if kind == "or":
            if items and i + 1 < len(rest) and rest[i + 1][0] in ("word", "phrase"):
                prev = items.pop()
                group = prev if isinstance(prev, list) else [prev]
                group.append(rest[i + 1])
                items.append(group)
                i += 2
                continue
            i += 1  # a lone OR is ignored
            continue
        items.append((kind, text))
        i += 1
    alternatives = 0
    for item in items:
        if isinstance(item, list):
            room = MAX_ALTERNATIVES - alternatives
            if room < 2:
                pq.notes.append(f"“或”（OR）的选项太多，只使用了前 {MAX_ALTERNATIVES} 个。")
                continue
            if len(item) > room:
                pq.notes.append(f"“或”（OR）的选项太多，只使用了前 {MAX_ALTERNATIVES} 个。")
                item = item[:room]
            alternatives += len(item)
            pq.any_of.append([Clause(t, exact=(k == "phrase")) for k, t in item])
            continue
        kind, text = item
        if kind == "unclosed":
            pq.plain.append(text)
            pq.notes.append(UNCLOSED_NOTE)
        elif kind == "word":
            pq.plain.append(text)
        elif kind == "phrase":
            pq.phrases.append(text)
        elif kind == "neg_word":
            pq.excludes.append(Clause(text))
        elif kind == "neg_phrase":
            pq.excludes.append(Clause(text, exact=True))
    if len(pq.phrases) > MAX_PHRASES:
        pq.phrases = pq.phrases[:MAX_PHRASES]
        pq.notes.append(f"引号里的文字太多，只使用了前 {MAX_PHRASES} 段。")
    if len(pq.excludes) > MAX_EXCLUDES:
        pq.excludes = pq.excludes[:MAX_EXCLUDES]
        pq.notes.append(f"排除的词语太多，只使用了前 {MAX_EXCLUDES} 个。")
    pq.notes = list(dict.fromkeys(pq.notes))
    return pq


def parse_with_filters(query: str, **filters: str | None) -> ParsedQuery:
    """:func:`parse` the query, then add the filters given beside it (kind, topic, doc, year), as the
    search commands and the site pass them."""
    pq = parse(query)
    for name, value in filters.items():
        value = readable(value).strip() if isinstance(value, str) else None
        if value:
            pq.filters.setdefault(name, []).append(value)
    return pq
