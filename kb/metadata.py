"""Document metadata from the text and the file: title, subtitle, author, date, occasion, genre."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from kb.models import Block, DocumentMeta
from kb.normalize import is_traditional

_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*(?:[月\-/.]\s*(\d{1,2})\s*日?)?")
_OCCASION = re.compile(r"在(.{2,40}?(?:会议|大会|座谈会|报告会|培训班|研讨会|推进会|工作会|交流会|动员会|论坛|典礼|仪式))(?:上|开幕式上|闭幕式上)的(讲话|发言|报告|致辞)")
_TITLE_WORDS = re.compile(r"(讲话|发言|报告|致辞|体会|心得|交流|分享|随记|思考|浅谈|谈|论|启示|做好|提升|加强|着眼)")


def parse_date(text: str) -> str:
    m = _DATE.search(text)
    if not m:
        return ""
    y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
    if not 1 <= mo <= 12:
        return str(y)
    if d and 1 <= int(d) <= 31:
        return f"{y:04d}-{mo:02d}-{int(d):02d}"
    return f"{y:04d}-{mo:02d}"


def _looks_like_title(text: str) -> bool:
    return 4 <= len(text) <= 40 and not re.search(r"[。；！？]$", text) and "：" not in text[:-1] \
        and not text.startswith(("同志们", "各位"))


def detect(lines: list[Block], found: dict[str, str], src_meta: dict[str, str], path: Path,
           full_text: str) -> tuple[DocumentMeta, int]:
    """Metadata, and how many leading lines are the title block (to leave out of the body)."""
    title = ""
    subtitle = ""
    consumed = 0
    for b in lines:
        if b.kind == "title":
            title = b.text
    if not title:
        for b in lines:
            if b.kind == "subtitle":
                subtitle = b.text
    # a title block: up to three short lines before the body, the last may start with ——
    head: list[str] = []
    for b in lines[:6]:
        t = b.text.strip()
        if not t:
            continue
        if t.startswith(("——", "—", "--")) and head:
            subtitle = subtitle or t.lstrip("—- ").strip()
            consumed += 1
            break
        if _looks_like_title(t) and len(head) < 3 and (b.kind in ("para", "title", "heading")):
            if b.kind == "heading" and b.level > 1 and head:
                break
            head.append(t)
            consumed += 1
            continue
        break
    if not title and head:
        # two or three short lines in a row form one title (着眼“高”“宽”“平” / 提升“质”“能”“效”)
        if len(head) >= 2 and all(len(h) <= 16 for h in head) and not any(h.startswith(("一、", "第一")) for h in head):
            title = " ".join(head)
        else:
            title = head[0]
            consumed = min(consumed, 1) + (1 if subtitle and consumed > 1 else 0)
    for key in ("html_title", "docx_title", "pdf_title", "html_og:title"):
        if not title and src_meta.get(key):
            title = src_meta[key].split("_")[0].split("|")[0].split(" - ")[0].strip()
    if not title:
        title = path.stem
    author = found.get("author") or src_meta.get("docx_author") or src_meta.get("html_author") \
        or src_meta.get("pdf_author") or ""
    date = parse_date(found.get("date", ""))
    if not date:
        # notes such as (2006年12月4日在……上的讲话) or a dated signature at the end
        for m in re.finditer(r"[（(]\s*((?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?)", full_text):
            date = parse_date(m.group(1))
            break
    if not date:
        tail = full_text[-300:]
        m = re.search(r"((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)\s*$", tail)
        if m:
            date = parse_date(m.group(1))
    if not date and src_meta.get("docx_created"):
        date = src_meta["docx_created"]
    occasion = ""
    m = _OCCASION.search(title) or _OCCASION.search(full_text[:2000])
    if m:
        occasion = m.group(1)
    genre = _genre(title, full_text)
    origin = found.get("origin", "") or ""
    language = "zh-Hant" if is_traditional(full_text) else "zh-Hans"
    meta = DocumentMeta(title=title, subtitle=subtitle, author=author, date=date, occasion=occasion,
                        genre=genre, origin=origin or path.name, language=language)
    return meta, consumed


def _genre(title: str, text: str) -> str:
    if re.search(r"ISBN|出版社|图书在版编目", text[:6000]):
        return "书籍/教材"
    if re.search(r"(体会|心得|交流|分享|感悟)", title):
        return "体会/交流发言"
    if re.search(r"(讲话|致辞|发言)", title) or text.lstrip().startswith("同志们"):
        return "讲话"
    if re.search(r"报告", title):
        return "报告"
    if re.search(r"^\s*同志们[：:，,]", text[:200], re.M):
        return "讲话"
    return "文章"


def file_date(path: Path) -> str:
    try:
        return dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
    except OSError:
        return ""
