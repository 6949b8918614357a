"""Expansions of numbered formulations: what 三个服务 stands for, read from the text around it.

An expansion is read from 即…/就是…/是：…, from 一是…二是…三是… that follow, from a parenthesis, from a
quoted series just before the phrase, or from the headings under the passage; the one whose number of
items matches the numeral is preferred (:func:`expansions` gives the candidates best first).
"""

from __future__ import annotations

import re

from kb.text import HAN

#: the order candidates are preferred in when they have the same number of items
HOW_RANK = {"下级标题": 0, "一是": 1, "即": 2, "就是": 2, "是：": 3, "（）": 4, "前引": 5, "前指": 5, "前文": 5, "前列": 6}

_SPLIT_STRONG = re.compile(r"[；;]")
_SPLIT_ITEMS = re.compile(r"[，,、；;]")
_ENUM_STRIP = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]|第[一二三四五六七八九十]+[，,、]?"
                         r"|[一二三四五六七八九十]+[是要])\s*")


def split_items(expansion: str, n: int) -> list[str]:
    """The items of an expansion, when they can be counted to ``n``; else []."""
    text = expansion.strip().strip("“”\"").replace("”“", "、").replace("”、“", "、")
    text = text.replace("“", "").replace("”", "").rstrip("。；;，,")
    strong = [s.strip() for s in _SPLIT_STRONG.split(text) if s.strip()]
    if len(strong) == n and n > 1:
        return [re.split(r"[，,：:]", s)[0] for s in strong]
    items = [s.strip() for s in _SPLIT_ITEMS.split(text) if s.strip()]
    if len(items) == n - 1 and items:
        m = re.match(r"^(.+?)(?:以及|和|及|与)(.+)$", items[-1])
        if m:
            items = items[:-1] + [m.group(1), m.group(2)]
    return items if len(items) == n else []


_AFTER_JI = re.compile(r"^[”“'‘’]?(?:来?(?:概括|归纳|总结)[^，。；“”]{0,12}|的[^，。；“”]{0,6})?[，,。：:]?\s*"
                       r"(?:即(?![将使便可时刻])|也就是|就是)[：:]?\s*"
                       r"([^。]{2,200})")
_AFTER_COLON = re.compile(r"^”?(?:是|为|有)?[：:]\s*([^。]{2,200})")
#: a head noun between the phrase and its expansion: “三无”目标，即…; “四严”要求：…
_AFTER_HEAD = re.compile(rf"^”?([{HAN}]{{1,4}})(?:[，,]\s*(?:即(?![将使便可时刻])|也就是|就是)[：:]?|[：:])\s*([^。]{{2,200}})")
_AFTER_PAREN = re.compile(r"^”?[（(]([^）)]{2,80})[）)]")


def _balanced(text: str) -> str:
    """Cut ``text`` at a closing parenthesis that has no opening one (the end of an aside)."""
    depth = 0
    for i, c in enumerate(text):
        if c in "（(":
            depth += 1
        elif c in "）)":
            if depth == 0:
                return text[:i]
            depth -= 1
    return text


def _first_fit(body: str, n: int) -> str:
    """The part of ``body`` that holds the ``n`` items: its first clause (to ；) or all of it."""
    first = re.split(r"[；;]", body)[0]
    if split_items(first, n) or not split_items(body, n):
        return first
    return body


def _enumerated(text: str, n: int) -> list[str]:
    """Items introduced by 一是…二是… (or 第一/（一）/一要) in order, read from the start of ``text``."""
    items: list[str] = []
    pos = 0
    cn = "一二三四五六七八九十"
    for k in range(1, n + 1):
        c = cn[k - 1] if k <= 10 else ""
        m = re.compile(rf"(?:^|[。；;：:！？!?\s，,])(?:{c}是|{c}要|第{c}[，,、：:]?|[（(]{c}[)）])").search(text, pos)
        if not m or (k == 1 and m.start() > 40):
            return []
        body = text[m.end():]
        item = re.split(r"[。；;！？!?\n]", body, maxsplit=1)[0].strip()
        if len(item) > 40 or (k < n and re.search(rf"[，,](?:{cn[k] if k < 10 else 'x'}是|{cn[k] if k < 10 else 'x'}要)", item)):
            item = re.split(r"[，,：:]", item, maxsplit=1)[0].strip()
        if not item or len(item) > 40:
            return []
        items.append(item)
        pos = m.end()
    short = sorted(len(i) for i in items)[len(items) // 2] if items else 0
    return [i if len(i) <= 2 * short or not re.search(r"[，,]", i) else re.split(r"[，,]", i, maxsplit=1)[0]
            for i in items]


def expansions(text: str, start: int, end: int, n: int, cls: str, following: str = "",
               children: tuple[str, ...] = ()) -> list[tuple[str, list[str], str]]:
    """Candidate (expansion, items, how) for the term at text[start:end], best first."""
    after = text[end:]
    out: list[tuple[int, str, list[str], str]] = []

    def add(rank: int, exp: str, how: str) -> None:
        exp = exp.strip().rstrip("，,。；;")
        if not exp:
            return
        items = split_items(exp, n) if cls != "字" else ([exp] if len(re.findall(f"[{HAN}]", exp)) == n else [])
        out.append((rank - (10 if items else 0), "、".join(items) if items and cls != "字" else exp, items, how))

    m = _AFTER_JI.match(after)
    if m:
        add(1, _first_fit(_balanced(m.group(1)), n), "即")
    m = _AFTER_COLON.match(after)
    if m:
        enum = _enumerated(m.group(1), n)
        if enum:
            out.append((-20, "、".join(enum), enum, "一是"))
        else:
            add(2, _first_fit(m.group(1), n), "是：")
    m = _AFTER_PAREN.match(after)
    if m:
        add(3, m.group(1), "（）")
    m = _AFTER_HEAD.match(after)
    if m and not out:
        body = _first_fit(_balanced(m.group(2)), n)
        enum = _enumerated(m.group(2), n)
        items = enum or split_items(body, n)
        if items:  # only when the items count to the number: the head noun may start a sentence of its own
            out.append((-18, "、".join(items), items, "一是" if enum else "即"))
    before = text[:start]
    m = re.search(r"“([^“”]{4,200})”的?“?$", before)
    if m:
        add(4, m.group(1), "前引")
    else:
        # the list before, without asides (签收（清点、分类）、登记…) and its closing 等 (…、归档等12个程序)
        plain = re.sub(r"[（(][^（）()]{0,20}[)）]", "", before)
        m = re.search(rf"([{HAN}]{{1,12}}(?:、[{HAN}]{{1,12}}){{2,}})“?$", plain)
        if m:
            parts = re.sub(r"等等?$", "", m.group(1)).split("、")
            if len(parts) == n and len(parts[0]) > max(len(p) for p in parts[1:]):
                parts[0] = parts[0][-max(len(p) for p in parts[1:]):]
            add(5, "、".join(parts), "前列")
    term = text[start:end].strip("“”")
    noun = re.sub(r"^[一二三四五六七八九十两\d]*[个项条大]?", "", term)
    if re.search(r"(?:这|这些|上述|以上)“?$", before) and len(noun) == 2 and n >= 2:
        # 这“两个确保”: the clauses before that open with the noun (…确保国家网络和信息安全”，“…确保国家安全。”)
        back = re.findall(rf"{re.escape(noun)}[^，,。；;、“”]{{1,24}}", before[-300:])
        if len(back) == n:
            out.append((-12, "、".join(back), back, "前指"))
    if cls == "字" and not any(i for _r, _e, i, _h in out):
        # “…”的号召 … “十二字”要求: the quoted words before that count to the number
        for q in reversed(re.findall(r"“([^“”]{4,60})”", before[-300:])):
            if len(re.findall(f"[{HAN}]", q)) == n and "、" in q:
                out.append((-11, q, [q], "前文"))
                break
    if re.match(r"^”?[^。；]{0,6}[。：:]?", after):
        enum = _enumerated((after.split("。", 1)[1] if "。" in after[:8] else after.lstrip("”：:。")) + "\n"
                           + following, n)
        if enum and not any(h == "一是" for _r, _e, _i, h in out):
            out.append((-15, "、".join(enum), enum, "一是"))
    tail = after.lstrip("”")
    if children and len(children) == n and len(tail) < 30:
        heads = [_ENUM_STRIP.sub("", c) for c in children]
        out.append((-25, "、".join(heads), heads, "下级标题"))
    out.sort(key=lambda t: t[0])
    return [(e, i, h) for _r, e, i, h in out]

