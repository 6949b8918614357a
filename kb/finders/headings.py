"""Headings that stand inside a passage's text (一是…。 / （一）… / 1.2… / short title lines)."""

from __future__ import annotations

import re

from kb.text import HAN

_CNUM = "一二三四五六七八九十"
_HEAD_ENUM = re.compile(rf"(?:第[{_CNUM}]{{1,3}}(?:[，,、：:]|(?=[要是]))|[{_CNUM}]{{1,2}}(?:是|要|、)|[（(][{_CNUM}\d]{{1,3}}[)）]"
                        rf"|\d{{1,2}}(?:\.\d{{1,2}})+(?=[{HAN}])|\d{{1,2}}[、．](?=[{HAN}]))")
_HEAD_STOP = re.compile(rf"[。！？!?；;\n]|\d{{1,2}}\.\d{{1,2}}(?=[{HAN}])|(?<=[{HAN}])[{_CNUM}]、")
_HEAD_START = "。！？!?\n：:"
HEADING_MAX_CHARS = 40


def _plain_line_heading(line: str) -> bool:
    """A short line without sentence punctuation that reads as a title (在…会议上的讲话, 开幕词)."""
    s = line.strip()
    if not 4 <= len(s) <= HEADING_MAX_CHARS or re.search(r"[，。；！？：,;:!?]$|[。；！？!?]|阅读|下载|复制", s):
        return False
    han = len(re.findall(f"[{HAN}]", s))
    return han >= 6 and han >= 0.7 * len(re.sub(r"\s", "", s)) and s.count("，") + s.count(",") <= 2


def find_headings(text: str) -> list[str]:
    """Headings that stand inside a passage's text: a numbered point that opens a line or follows a
    sentence end and is one short sentence (一是…。 / 第二要善于组织。 / （一）… / 1.2…), a short
    numbered opening clause (三要谋得深，…), and short title lines of a passage of several lines."""
    out: list[str] = []
    lines = text.split("\n")
    for j, line in enumerate(lines):
        s = line.strip()
        if len(lines) > 1 and _plain_line_heading(s) and not _HEAD_ENUM.match(s):
            out.append(s)
        # a line that is one short sentence above a longer one: 关键在强化理论武装。
        nxt = lines[j + 1].strip() if j + 1 < len(lines) else ""
        if re.fullmatch(r"[^。！？!?；;，,]{4,18}[。！？!?]?", s) and len(nxt) > 2 * len(s) \
                and not s.endswith(("：", ":")) and not _HEAD_ENUM.match(s):
            out.append(s.rstrip("。！？!?") if not s.endswith(("？", "?")) else s)
    for m in _HEAD_ENUM.finditer(text):
        start = m.start()
        glued = re.match(r"\d{1,2}\.\d", m.group(0)) is not None  # 1.1…1.2… run together in web text
        if start > 0 and not glued and text[start - 1] not in _HEAD_START + " " \
                and not text[:start].endswith(("。”", "\n")):
            continue
        rest = text[m.end():]
        end = _HEAD_STOP.search(rest)
        clause = rest[:end.start()] if end else rest
        term = rest[end.start()] if end else ""
        if term in ("；", ";") or len(re.findall(f"[{HAN}]", clause)) < 3:
            continue
        cut = re.match(r"^([^，,]{2,12})[，,](?:就是|即|也就是|主要是)", clause)
        if cut:
            clause, term = cut.group(1), "，"
        head = text[start:m.end()] + clause
        if len(head) <= HEADING_MAX_CHARS and (term != "" or len(lines) > 1 or len(text) <= HEADING_MAX_CHARS):
            out.append(head.strip())
            continue
        first = re.split(r"[，,]", clause, maxsplit=1)[0]
        line_start = start == 0 or text[start - 1] == "\n"
        if line_start and 2 <= len(first) <= 12 and first != clause:
            out.append((text[start:m.end()] + first).strip())
    seen: set[str] = set()
    kept = []
    for h in out:
        k = re.sub(r"[^\w]", "", h)
        if h and k not in seen:
            seen.add(k)
            kept.append(h)
    return kept
