"""Headings that stand inside a passage's text (一是…。 / （一）… / 1.2… / short title lines)."""

from __future__ import annotations

import re

from kb.text import ENCLOSED_NUMBERS, HAN, fold

_CNUM = "一二三四五六七八九十"
#: every numbering shape a point can open with: 一、 一. （一） (1) 1) 一） 1. 1、 1.2 ① 第一， 第一章 其一， 一是 一要
_HEAD_ENUM = re.compile(rf"(?:第[{_CNUM}]{{1,3}}(?:[，,、：:]|(?=[要是]))|第[{_CNUM}\d]{{1,3}}(?:章|节|部分|讲)\s*"
                        rf"|其[{_CNUM}](?:是)?[，,、：:]|[{_CNUM}]{{1,2}}(?:是|要|、|[.．](?=[{HAN}]))"
                        rf"|[（(][{_CNUM}\d]{{1,3}}[)）]|[{ENCLOSED_NUMBERS}]"
                        rf"|\d{{1,2}}(?:\.\d{{1,2}})+(?=[{HAN}])(?![万亿千百元个人次倍年月日米吨])|\d{{1,2}}[、．.](?=[{HAN}])|[\d{_CNUM}]{{1,2}}[)）](?=[{HAN}]))")
#: words a heading ends in, to find where a heading glued to its first sentence stops (web copies:
#: 一、深刻认识办公室工作的重要意义办公室作为…)
_HEAD_FINAL = re.compile(r"(?:意义|作用|要求|水平|能力|建设|工作|质量|效率|意识|责任感|紧迫感|使命感|主动性|积极性|实效|作风|形象|"
                         r"本领|素质|落实|机制|体系|职能|定位|保障|方向|目标|任务|原则|成效|格局|局面|基础|关系)")
#: a single line that is a document's title: 在…会议上的讲话(提纲), 开幕词, 工作报告
_TITLE_LINE = re.compile(r"(?:讲话|讲话稿|讲话提纲|致辞|开幕词|闭幕词|发言|发言稿|报告|讲稿|党课|心得体会|总结)$")
_HEAD_STOP = re.compile(rf"[。！？!?；;\n]|\d{{1,2}}\.\d{{1,2}}(?=[{HAN}])|(?<=[{HAN}])[{_CNUM}]、")
_HEAD_START = "。！？!?\n：:"
HEADING_MAX_CHARS = 40


def _plain_line_heading(line: str) -> bool:
    """A short line without sentence punctuation that reads as a title (在…会议上的讲话, 开幕词)."""
    s = line.strip()
    if not 4 <= len(s) <= HEADING_MAX_CHARS or re.search(r"[，。；！？：,;:!?…]$|[。；！？!?]|阅读|下载|复制", s):
        return False
    han = len(re.findall(f"[{HAN}]", s))
    return han >= 6 and han >= 0.7 * len(re.sub(r"\s", "", s)) and s.count("，") + s.count(",") <= 2


def find_headings(text: str) -> list[str]:
    """Headings that stand inside a passage's text: a numbered point that opens a line or follows a
    sentence end and is one short sentence (一是…。 / 第二要善于组织。 / （一）… / 1.2…), a short
    numbered opening clause (三要谋得深，…), and short title lines of a passage of several lines.
    The text is read folded (會議講話 reads as 会议讲话); each heading is kept as written."""
    folded = fold(text)
    out = []
    for h in _headings(folded):
        at = folded.find(h)
        out.append(text[at:at + len(h)] if at >= 0 else h)
    return out


def _headings(text: str) -> list[str]:
    out: list[str] = []
    lines = text.split("\n")
    for j, line in enumerate(lines):
        s = line.strip()
        if (len(lines) > 1 or _TITLE_LINE.search(s)) and _plain_line_heading(s) and not _HEAD_ENUM.match(s):
            out.append(s)
        # a line that is one short sentence above a longer one: 关键在强化理论武装。
        nxt = lines[j + 1].strip() if j + 1 < len(lines) else ""
        if re.fullmatch(r"[^。！？!?；;，,]{4,18}[。！？!?]?|(?!同志们|各位|尊敬|大家|朋友们)[\u4e00-\u9fff]{4}[，,][\u4e00-\u9fff]{4}。?", s) \
                and len(nxt) > 2 * len(s) \
                and not s.endswith(("：", ":", "…")) and not _HEAD_ENUM.match(s):
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
        colon = re.match(r"^([^：:]{2,12})[：:](.*)$", clause)
        if colon and len(re.findall(f"[{HAN}]", colon.group(2))) < 0.5 * len(colon.group(2)):
            clause, term = colon.group(1), "："  # 3、正文:3 k! b+…: the rest is page debris
        short = ("“" in clause and term in ("。", "！")) or term == "："  # 一是要“细”。 3、正文:
        if term in ("；", ";") or len(re.findall(f"[{HAN}]", clause)) < (2 if short else 3):
            continue
        cut = re.match(r"^([^，,]{2,12})[，,](?:就是|即|也就是|主要是)", clause)
        if cut:
            clause, term = cut.group(1), "，"
        head = text[start:m.end()] + clause
        if len(head) <= HEADING_MAX_CHARS and (term != "" or glued or len(lines) > 1 or len(text) <= HEADING_MAX_CHARS):
            out.append(head.strip())
            continue
        first = re.split(r"[，,]", clause, maxsplit=1)[0]
        line_start = start == 0 or text[start - 1] == "\n"
        if (line_start or text[start - 1] in "。！？!?")  and m.group(0).endswith(("、", "）", ")")):
            window = re.split(r"[、；;]", clause[:HEADING_MAX_CHARS - len(m.group(0))])[0]
            ends = [f.end() for f in _HEAD_FINAL.finditer(window) if f.end() >= 6]
            if ends:  # a heading glued to its first sentence: cut after the last heading word
                out.append((text[start:m.end()] + window[:ends[-1]]).strip())
                continue
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
