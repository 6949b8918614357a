"""Dates in a text: ISO dates of any written form, and the date of the text itself.

Where the text's date comes from, best first (``text_date`` says which): a book's imprint, a note under
the title (``（2006年12月4日在……上的讲话）``, ``2009年``), a report's opening day (``2015年9月11日,我办……``),
a dated note anywhere near the top, a dated signature at the
end, a publication note (``（首发于……，2016年8月18日）``, ``（原载《……》2000年第3期）``), in PDF and Word
files the document's own date field (``本稿完成日期：``), a day with the occasion in the title
(``2023年5月8日在……上的讲话``), else the meeting's year in a title (``在2025年……会议上的讲话`` -> 2025; the year
of ``2023年工作总结`` is the year it looks back on: no date), the file name.  A web page's
更新时间/发布时间 is the page's date, never the text's (see :mod:`kb.metadata`).
"""

from __future__ import annotations

import datetime
import itertools
import re
from pathlib import Path

from kb.text import DOC_NUMBER, cn_digits, cn_number, fold

_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*(?:[月\-/.]\s*(\d{1,2})\s*日?)?")
_CN_DATE = re.compile(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?")
NOTE = re.compile(r"[（(]\s*((?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?)\s*(?:在[^）)]{2,80}?)?(?:[,，][^（()）]{1,16})?[)）]")


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


def text_date(found: dict[str, str], notes: list[str], subtitle: str, full_text: str, path: Path,
          src_meta: dict[str, str], title: str = "") -> tuple[str, str]:
    """The date of the text itself; a web page's 更新时间/发布时间 is the page's (``extra["page_date"]``)."""
    book = found.get("kind") == "book"
    if book and found.get("date") and (d := parse_date(found["date"])):
        return d, "book imprint"
    for n in (*notes, subtitle):  # the day it was given, before the day a web page published it
        if d := parse_date(n) or (yn.group(1) if (yn := _YEAR_NOTE.fullmatch(n)) else ""):
            return d, "note under the title"
        if year := doc_number_year(n):
            return year, "document number"  # （梅市府办〔2008〕11号）
    first = list(itertools.takewhile(lambda x: not _SALUTATION.match(x), full_text.split("\n", 3)[:3]))
    opening = next((m0 for line in first if (m0 := _DAY_OPENING.match(line))), None)
    if opening and not book:  # 2015年9月11日,我办特邀……: a report that opens with the day it tells of
        return parse_date(opening.group(1)), "opening"
    held = next((m0 for line in first if (m0 := _HELD_ON.match(fold(line)))), None)
    if held and not book:  # ……工作会议2012年1月13日在北京召开。: a news report's first sentence gives the day
        return parse_date(held.group(1)), "opening"
    m = NOTE.search(full_text[:3000]) if found.get("kind") != "book" else None
    if m and re.search(r"在|讲话|发言|报告|致辞|[（(]\s*\d{4}年[^）)]*[)）]", m.group(0)):
        return parse_date(m.group(1)), "dated note"
    tail = full_text.rstrip()[-80:]
    m2 = re.search(r"((?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月"
                   r"[一二三四五六七八九十]{1,3}日)[)）]?\s*$", tail)
    last = full_text.rstrip().rsplit("\n", 2)
    if m2 and not re.search(r"[:：]\s*$", last[-1][:last[-1].rfind(m2.group(1))]) \
            and not _STAFF_ABOVE.search(last[-2] if len(last) > 1 else ""):
        return parse_date(m2.group(1)), "signature"  # (活动时间：… is a field; a day under 编辑：… is the page's)
    if d := signed_date(full_text.rstrip().split("\n")[-4:]):
        return d, "signature"
    m4 = _PUBLISHED.search(full_text[:3000]) or _PUBLISHED_ISSUE.search(full_text[:3000]) \
        or _PUBLISHED_ISSUE.search(full_text[-1500:])
    if m4:
        return parse_date(m4.group(1)) or m4.group(1), "publication note"
    if m8 := _ISSUE.search(found.get("source_note", "")):  # the cleaner's 摘自《……》2000年第2期 line
        return m8.group(1), "publication note"
    m5 = _DATE_FIELD.search(full_text[:3000]) if path.suffix.lower() in (".pdf", ".docx", ".doc") else None
    if m5 and parse_date(m5.group(1)):
        return parse_date(m5.group(1)), "date field"  # a form's or a draft's own date (开票日期: / 本稿完成日期：)
    m6 = _DAY_OCCASION.search(title)
    if m6:  # 2023年5月8日在全市……会议上的讲话: the day it was given
        return parse_date(m6.group(1)), "title"
    m7 = _YEAR_OCCASION.search(title)
    if m7:  # 在2025年全市……会议上的讲话 / 2023年在全区……培训班上讲话: the meeting's year
        return m7.group(1) or m7.group(2), "title year"
    if year := title_year(title):  # 2022年春节团拜会致辞 / 县政府2026年新春贺词 / ……讲话(2023年)
        return year, "title year"
    m3 = re.search(r"(?<!\d)((?:19|20)\d{2})[-_.年]?(\d{2})?[-_.月]?(\d{2})?(?!\d)", path.stem)
    if m3:
        y, mo, d = m3.group(1), m3.group(2), m3.group(3)
        if mo and 1 <= int(mo) <= 12:
            return (f"{y}-{mo}-{d}" if d and 1 <= int(d) <= 31 else f"{y}-{mo}"), "file name"
        return y, "file name"
    return "", ""  # (a file's creation date is the file's, not the text's: see extra["file_date"])


_DAY = r"((?:19|20)\d{2}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?)"
#: where the text first appeared, with the day: （首发于“得到”App专栏，2016年8月18日） / （原载《人民日报》2019年3月1日）
_PUBLISHED = re.compile(rf"[（(][^（()）]{{0,30}}?(?:首发|发表|刊于|原载|载于|写于|作于)[^（()）]{{0,30}}?{_DAY}[^（()）]{{0,10}}[)）]")
#: （原载《办公室业务》2000年第3期）: the year (and month) of the issue
_PUBLISHED_ISSUE = re.compile(r"[（(](?:原载|刊于|载于|发表于|摘自|转自)[^（()）]{0,30}?((?:19|20)\d{2})\s*年\s*(?:第\s*\d{1,3}\s*期)?"
                              r"[^（()）]{0,20}[)）]")
#: a document's own date field (not a web page's 发布时间/更新时间)
#: (a bare 日期 only as a line's label; a bare 时间 is an event's — 会议时间, 报到时间 — not the document's)
_DATE_FIELD = re.compile(rf"(?:完成日期|开票日期|填开日期|填报日期|填表日期|制定日期|签发日期|印发日期|成文日期|编制日期|"
                         rf"(?:^|(?<=\n))[ \t　]*日期)\s*[:：|｜]?\s*{_DAY}")


#: the year of the meeting a speech was given at: 在2025年全市……会议上 / 2023年在全区……培训班上 (the year of
#: 2023年工作总结 is the year it looks back on, of 关于2020年8月20日……的通知 its subject's: no date)
#: a year in a title, not followed by a month (2022年春节团拜会致辞, ……讲话（2023年）)
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?:度)?(?!\s*\d{1,2}\s*月|\s*[-—至到~～])")


#: a speech's title (the year it names is the year it was given; a 总结's or a 通知's is its subject's)
_SPEECH_TITLE = re.compile(r"(?:讲话|致辞|贺词|献词|发言|讲稿|主持词|开幕词|闭幕词|祝酒词)(?:稿|文稿)?\s*(?:[（(]\s*(?:19|20)\d{2}\s*年?\s*[)）])?$")


def title_year(title: str) -> str:
    """The one year a speech's title names (not one of a span, not one after next year), else ``""``."""
    if not _SPEECH_TITLE.search(title):
        return ""
    years = {m.group(1) for m in _TITLE_YEAR.finditer(title)}
    if len(years) != 1 or re.search(r"(?:19|20)\d{2}\s*年?\s*[-—至到~～]\s*(?:19|20)?\d{2}", title):
        return ""
    year = years.pop()
    return year if int(year) <= datetime.date.today().year + 1 else ""


_YEAR_OCCASION = re.compile(r"(?:^((?:19|20)\d{2})\s*年度?[^在\d]{0,8}?在|在\s*((?:19|20)\d{2})\s*年)(?!\s*\d{1,2}\s*月).{2,50}?[会班]\S{0,8}?上")




def doc_number_year(text: str) -> str:
    """The year of a document number standing alone (``（梅市府办〔2008〕11号）`` -> ``2008``), else ``""``."""
    m = DOC_NUMBER.fullmatch(text)
    return m.group(1) if m else ""
#: a year alone under a title: 2009年 / （2009年）
_YEAR_NOTE = re.compile(r"\s*[（(]?\s*((?:19|20)\d{2})\s*年\s*[)）]?\s*")
#: a report's first words giving the day: 2015年9月11日,…… / 2012年1月13日上午，……
_DAY_OPENING = re.compile(r"\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?:[上下]午|晚上?|上|,|，|在|召开)")
#: a day and the occasion in a title: 2023年5月8日在全市……会议上的讲话
_DAY_OCCASION = re.compile(r"((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*在")
#: a news report's first sentence: ……工作会议2012年1月13日在北京召开。
_HELD_ON = re.compile(r"[^。！？]{0,40}?((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)(?:[上下]午|晚上?)?在[^，。,；]{1,20}?(?:召开|举行|举办)[。，,]")
#: the day under a signature, perhaps with the day masked in a template: 2015年9月xx日
_SIGNED = re.compile(r"\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(?:\d{1,2}|[xXＸ×*＊]{1,2})\s*日\s*")


def signed_date(lines: list[str]) -> str:
    """The date of a signature among the last lines: a date line right under a short line (the unit or the name,
    ``xx市人民政府办公室`` / ``2015年9月xx日``) with at most one short line after it; a masked day gives the month."""
    t = [x.strip() for x in lines if x.strip()]
    for i in range(len(t) - 1, 0, -1):
        m = _SIGNED.fullmatch(t[i])
        if m and len(t) - i <= 2 and all(len(x) <= 40 for x in t[i + 1:]) and len(t[i - 1]) <= 30 \
                and not re.search(r"[。！？!?；;，,:：]", t[i - 1]) and 1 <= int(m.group(2)) <= 12:
            return parse_date(t[i])
    return ""
#: a journal's issue in a source note: 《上海社会科学院学术季刊》2000年第2期
_ISSUE = re.compile(r"^[^《》]{0,12}《[^《》]{2,40}》\s*((?:19|20)\d{2})\s*年\s*第\s*\d{1,3}\s*期")
#: a speech's salutation: the dates below it are the body's (同志们： / 各位代表： / 尊敬的……)
_SALUTATION = re.compile(r"\s*(?:同志们|各位|尊敬的|亲爱的|女士们|老师们|同学们)")
#: a page's staff or source line: the day under it is the page's, not a signature's
_STAFF_ABOVE = re.compile(r"编辑|责编|审核|校对|来源|发布|上传|摄影|记者|通讯员")
