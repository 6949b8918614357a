"""Document metadata from the text and the file: title, subtitle, author, date, occasion, genre.

Where each value comes from, best source first:

- title/subtitle: a title block the reader or the cleaner marked (Word's Title style, a book's CIP
  record); else the first one to three short lines before the body, a line starting with —— being
  the subtitle; else the format's own metadata (HTML <title>, DOCX/PDF properties); else the file
  name without notes such as （网页转载）;
- author: lines right under the title (``张三`` / ``市委书记 张三``), 作者： lines, the imprint, the
  format's metadata;
- date: 更新时间/发布时间 lines, a book's 版次, a dated note under the title or anywhere
  (``（2006年12月4日在……上的讲话）``), a dated signature at the end (also 二〇〇六年十二月四日), a date
  in the file name, the format's metadata; ``extra["date_source"]`` says which;
- occasion: ``在……会议上的讲话`` in the title, subtitle or a note near the top;
- genre: 书籍/教材, 讲话, 体会/交流发言, 报告, 公文, else 文章;
- origin: the site (banner) for web copies, else the file name;
- language: zh-Hant when the text is traditional Chinese (display stays as written).
"""

from __future__ import annotations

import re
from pathlib import Path

from kb.models import Block, DocumentMeta
from kb.text import cn_digits, cn_number, display_name, fold, is_traditional

_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*(?:[月\-/.]\s*(\d{1,2})\s*日?)?")
_CN_DATE = re.compile(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?")
_MEETING = r"(?:会议|大会|座谈会|报告会|培训班|研讨会|推进会|工作会|交流会|动员会|论坛|典礼|仪式|年会|例会|全会|常委会)"
_OCCASION = re.compile(rf"在?((?:[^，。；在]{{2,40}}?){_MEETING})(?:上|开幕式上|闭幕式上|结束时)?的(?:讲话|发言|报告|致辞|"
                       r"总结讲话|主持词)")
#: a dated note under the title that names the occasion, perhaps followed by the speaker
_DATED_OCCASION = re.compile(r"^((?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月"
                             r"[一二三四五六七八九十]{1,3}日)\s*在[^，。；]{2,60}?(?:上|上的讲话|上的发言|上的报告))"
                             r"(?:\s+([^，。；\s]{2,20}\s*[\u4e00-\u9fff·]{2,8}))?$")
_HELD_AT = re.compile(rf"在((?:[^，。；在]{{2,40}}?){_MEETING})(?:上|开幕式上|闭幕式上)[)）]?$")
_NOTE = re.compile(r"[（(]\s*((?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?)\s*(?:在[^）)]{2,80}?)?[)）]")
_NAME = re.compile(r"^(?:(?P<role>[\u4e00-\u9fff、]{2,24}?)\s+|(?P<office>[\u4e00-\u9fff]{0,16}(?:市长|省长|主席|书记|主任|"
                   r"部长|厅长|局长|县长|区长|镇长|乡长|校长|院长|秘书长|董事长|总经理))(?=[\u4e00-\u9fff]{2,3}$))?(?P<name>[\u4e00-\u9fff]{2,3}(?:·[\u4e00-\u9fff]{2,5})?|"
                   r"[\u4e00-\u9fff]\s[\u4e00-\u9fff]{1,2})\s*(?:同志)?$")
#: the commonest Chinese surnames (a name line under a title starts with one of them)
SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪"
               "范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞"
               "颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻"
               "祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇"
               "栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
_GENRE_END = r"(讲话|发言|报告|致辞|讲稿|体会|心得|意见|通知|方案|决定|办法|规定|纪要|总结|计划)$"
_JUNK_META = re.compile(r"^(untitled|anonymous|unknown|administrator|admin|user|owner|microsoft.*|无标题|文档\d*|"
                        r"python-docx|docx4j|apache poi|libreoffice.*|openoffice.*|wps.*|kingsoft.*|pdf.*|"
                        r"document\d*|新建.*文档.*)$", re.I)
_FILE_NOTE = re.compile(r"\s*[（(【\[][^）)】\]]{1,12}[）)】\]]\s*$")


def parse_date(text: str) -> str:
    """ISO date (YYYY-MM-DD, YYYY-MM or YYYY) of the first date in ``text``, or ``""``."""
    m = _DATE.search(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
        if not 1 <= mo <= 12:
            return str(y)
        if d and 1 <= int(d) <= 31:
            return f"{y:04d}-{mo:02d}-{int(d):02d}"
        return f"{y:04d}-{mo:02d}"
    m2 = _CN_DATE.search(text)
    if m2:
        y = cn_digits(m2.group(1)) or 0
        mo = cn_number(m2.group(2))
        if not 1 <= mo <= 12:
            return str(y)
        if m2.group(3):
            return f"{y:04d}-{mo:02d}-{cn_number(m2.group(3)):02d}"
        return f"{y:04d}-{mo:02d}"
    return ""


def _looks_like_title(text: str) -> bool:
    return 2 <= len(text) <= 48 and not re.search(r"[。；！？，]$", text) and "：" not in text[:-1] \
        and not text.startswith(("同志们", "各位", "尊敬的")) and not re.match(r"^[一二三四五六七八九十]+、|^第[一二三四]", text)


def _is_name_line(text: str) -> bool:
    m = _NAME.match(text)
    return m is not None and fold(m.group("name")[0]) in SURNAMES


def title_from_file(path: Path) -> str:
    """The file name without its suffix and notes such as （网页转载） or a leading number."""
    stem = display_name(path.stem)
    while _FILE_NOTE.search(stem):
        stem = _FILE_NOTE.sub("", stem)
    stem = re.sub(r"^\d{1,3}[-_.、\s]+", "", stem)
    return stem.replace("_", " ").strip() or display_name(path.stem)


def _title_block(lines: list[Block]) -> tuple[str, str, int, list[str]]:
    """(title, subtitle, lines consumed, the short lines under them) from the top of the text."""
    title = next((b.text for b in lines[:3] if b.kind == "title"), "")
    speaker = ""
    subtitle = next((b.text for b in lines[:4] if b.kind == "subtitle"), "")
    consumed = 0
    head: list[str] = []
    for b in lines[:8]:
        t = b.text.strip()
        if b.kind in ("title", "subtitle") or not t:
            consumed += 1
            continue
        if t.startswith(("——", "--", "—")) and (head or title) and len(t) <= 60:
            subtitle = subtitle or t.lstrip("—- ").strip()
            consumed += 1
            continue
        dated = _DATED_OCCASION.match(t)
        if dated and (head or title) and not subtitle and len(t) <= 80:
            subtitle = dated.group(1)  # 2026年2月3日在……会议上 (陕西省省长 赵刚)
            if dated.group(2):
                speaker = dated.group(2).strip()
            consumed += 1
            continue
        if not title and not subtitle and len(head) < 3 and _looks_like_title(t) and b.kind in ("para", "heading") \
                and not (b.kind == "heading" and head):
            head.append(t)
            consumed += 1
            continue
        break
    if not title and head:
        if len(head) >= 2 and re.search(_GENRE_END, fold(head[0])) and not _is_name_line(head[1]) \
                and not parse_date(head[1]):
            title, subtitle = head[0], subtitle or head[1].lstrip("—- ")  # a complete title, then its subtitle
            consumed -= len(head) - 2
        elif len(head) >= 2 and all(len(h) <= 16 for h in head) and abs(len(head[0]) - len(head[1])) <= 2:
            title = " ".join(head)  # 着眼“高”“宽”“平” / 提升“质”“能”“效”: a two-line title
        elif len(head) >= 2 and not head[0].endswith(("讲话", "发言", "报告")) and len(head[0]) >= 12:
            title = head[0] + head[1]  # one title wrapped over two lines
            consumed -= len(head) - 2
        else:
            title = head[0]
            consumed -= len(head) - 1
    notes: list[str] = [speaker] if speaker else []
    for b in lines[consumed:consumed + 3]:
        t = b.text.strip()
        if b.kind != "para":
            break
        if title and (_is_name_line(t) or _NOTE.fullmatch(t) or re.fullmatch(r"[（(]?\s*\S{0,10}\d{4}年.{1,8}[)）]?", t)):
            notes.append(t)
            consumed += 1
            continue
        break
    return title, subtitle, consumed, notes


def detect(lines: list[Block], found: dict[str, str], src_meta: dict[str, str], path: Path,
           full_text: str) -> tuple[DocumentMeta, int]:
    """Metadata, and how many leading lines are the title block (to leave out of the body)."""
    title, subtitle, consumed, notes = _title_block(lines)
    extra: dict[str, str] = {}
    for key in ("html_title", "html_og:title", "docx_title", "pdf_title"):
        value = _clean_meta_title(src_meta.get(key, ""))
        if not title and value:
            title = value
    if not title:
        title = title_from_file(path)
    author = found.get("author", "")
    for n in notes:
        m = _NAME.match(n)
        if m and _is_name_line(n) and not author:
            author = re.sub(r"\s+", "", m.group("name"))
    if not author and subtitle and _is_name_line(subtitle):  # ——县委常委、办公室主任 李明华: a byline
        m = _NAME.match(subtitle)
        author = re.sub(r"\s+", "", m.group("name")) if m else ""
    for key in ("docx_author", "html_author", "pdf_author"):
        value = src_meta.get(key, "").strip()
        if not author and value and not _JUNK_META.match(value):
            author = value
    date, extra["date_source"] = _date(found, notes, subtitle, full_text, path, src_meta)
    if not date:
        del extra["date_source"]
    occasion = ""
    for k, text in enumerate((title, subtitle, *notes, full_text[:300])):
        m = _OCCASION.search(fold(text))  # fold keeps offsets: match simplified, show as written
        if m is None and 0 < k <= len(notes) + 1:
            m = _HELD_AT.search(fold(text))  # ——2026年1月25日在……大会第四次会议上 (the report's occasion)
        if m and found.get("kind") != "book":
            occasion = text[m.start(1):m.end(1)].strip("—")
            break
    for key in ("publisher", "isbn", "source_note"):
        if found.get(key):
            extra[key] = found[key]
    genre = _genre(fold(title), fold(subtitle), fold(full_text[:6000]), found)
    origin = found.get("site") or src_meta.get("html_og:site_name") or _site_from_title(src_meta.get("html_title", "")) \
        or display_name(path.name)
    language = "zh-Hant" if is_traditional(full_text) else "zh-Hans"
    meta = DocumentMeta(title=title, subtitle=subtitle, author=author, date=date, occasion=occasion,
                        genre=genre, origin=origin, language=language, extra=extra)
    return meta, consumed


def _site_from_title(value: str) -> str:
    """``在……上的讲话_公文范文网`` -> ``公文范文网``: web page titles end with the site's name."""
    parts = re.split(r"\s*[_|｜]\s*|\s+[-—]\s+", value.strip())
    return parts[-1] if len(parts) >= 2 and 2 <= len(parts[-1]) <= 20 else ""


def _clean_meta_title(value: str) -> str:
    if _JUNK_META.match(value.strip()):
        return ""
    value = re.sub(r"^(Microsoft Word|WPS)\s*-\s*", "", value.strip(), flags=re.I)
    value = re.sub(r"\.(docx?|pdf|wps)$", "", value, flags=re.I)
    return re.split(r"\s*[_|｜]\s*|\s+-\s+", value)[0].strip() if value else ""


def _date(found: dict[str, str], notes: list[str], subtitle: str, full_text: str, path: Path,
          src_meta: dict[str, str]) -> tuple[str, str]:
    book = found.get("kind") == "book"
    if book and found.get("date") and (d := parse_date(found["date"])):
        return d, "book imprint"
    for n in (*notes, subtitle):  # the day it was given, before the day a web page published it
        if d := parse_date(n):
            return d, "note under the title"
    if found.get("date") and (d := parse_date(found["date"])):
        return d, "date line"
    m = _NOTE.search(full_text[:3000]) if found.get("kind") != "book" else None
    if m and re.search(r"在|讲话|发言|报告|致辞|[（(]\s*\d{4}年[^）)]*[)）]", m.group(0)):
        return parse_date(m.group(1)), "dated note"
    tail = full_text.rstrip()[-80:]
    m2 = re.search(r"((?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月"
                   r"[一二三四五六七八九十]{1,3}日)[)）]?\s*$", tail)
    if m2:
        return parse_date(m2.group(1)), "signature"
    m3 = re.search(r"(?<!\d)((?:19|20)\d{2})[-_.年]?(\d{2})?[-_.月]?(\d{2})?(?!\d)", path.stem)
    if m3:
        y, mo, d = m3.group(1), m3.group(2), m3.group(3)
        if mo and 1 <= int(mo) <= 12:
            return (f"{y}-{mo}-{d}" if d and 1 <= int(d) <= 31 else f"{y}-{mo}"), "file name"
        return y, "file name"
    for key in ("pdf_date", "docx_created"):
        if src_meta.get(key) and (d := parse_date(src_meta[key])):
            return d, "file properties"
    return "", ""


def _genre(title: str, subtitle: str, text: str, found: dict[str, str]) -> str:
    both = f"{title} {subtitle}"
    if found.get("kind") == "book" or re.search(r"ISBN|图书在版编目", text[:6000]):
        return "书籍/教材"
    if re.search(r"体会|心得|交流发言|经验交流|分享|感悟|感想", both):
        return "体会/交流发言"
    if re.search(r"讲话|致辞|发言|主持词|动员|讲稿", both):
        return "讲话"
    if re.search(r"报告", both):
        return "报告"
    if re.search(r"(通知|意见|办法|规定|方案|决定|通报|请示|批复|纪要)$", title):
        return "公文"
    if re.match(r"\s*(同志们|各位(领导|代表|同志))[：:，,]", text[:300]):
        return "讲话"
    return "文章"
