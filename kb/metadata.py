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
import unicodedata
from pathlib import Path

from kb.clean.join import looks_like_heading_start
from kb.dates import NOTE as _NOTE
from kb.dates import doc_number_year, parse_date, text_date
from kb.models import Block, DocumentMeta
from kb.people import (
    byline_name,
    headline_speaker,
    line_name,
    name_before_title,
    names_line,
    news_writer,
    office_headline_speaker,
    placeholder_name,
    speaker_in_text,
    without_name_list,
)
from kb.people import is_name_line as _is_name_line
from kb.text import display_name, fold, is_traditional
from kb.titles import (
    FURNITURE,
    SECTION_WORDS,
    date_line,
    furniture_line,
    furniture_on_top,
    menu_words,
    pick_title,
    site_from_title,
    site_name,
    split_title,
    subtitle_shape,
    tidy_title,
    title_from_file,
    title_shape,
    wrapped_meeting,
)

_MEETING = r"(?:会议|大会|座谈会|报告会|培训班|研讨会|推进会|工作会|交流会|动员会|论坛|典礼|仪式|年会|例会|全会|常委会)"
_OCCASION = re.compile(rf"在?((?:[^，。；在]{{2,40}}?){_MEETING})(?:上|开幕式上|闭幕式上|结束时)?的(?:讲话|发言|报告|致辞|"
                       r"总结讲话|主持词)")
#: a dated note under the title that names the occasion, perhaps followed by the speaker
_DATED_OCCASION = re.compile(r"^((?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月"
                             r"[一二三四五六七八九十]{1,3}日)\s*在[^，。；]{2,60}?(?:上|上的讲话|上的发言|上的报告))"
                             r"(?:\s+([^，。；\s]{2,20}\s*[\u4e00-\u9fff·]{2,8}))?$")
_HELD_AT = re.compile(rf"在((?:[^，。；在]{{2,40}}?){_MEETING})(?:上|开幕式上|闭幕式上)[)）]?$")
#: a news report opens with its day or its agency: 7月16日上午,…… / 法库传媒网讯 / 本报讯 / 新华社北京4月21日电
_NEWS_OPENING = re.compile(r"^\s*(?:\d{1,2}月\d{1,2}日|[\u4e00-\u9fff]{2,12}(?:网|报|台)讯|本报讯|新华社|记者)")
_LABELLED = r"(讲话|发言|报告|致辞|讲稿|体会|心得|意见|通知|方案|决定|办法|规定|纪要|总结|计划|制度|细则|条例|范文)$"
_GENRE_END = r"(讲话|发言|报告|致辞|讲稿|体会|心得|意见|通知|方案|决定|办法|规定|纪要|总结|计划)$"
_JUNK_META = re.compile(r"^(untitled|anonymous|unknown|administrator|admin|user|owner|microsoft.*|无标题|文档\d*|"
                        r"python-docx|docx4j|apache poi|libreoffice.*|openoffice.*|wps.*|kingsoft.*|pdf.*|"
                        r"document\d*|新建.*文档.*)$", re.I)


def _looks_like_title(text: str) -> bool:
    colon = re.sub(r"第\s*[\d一二三四五六七八九十]{1,3}\s*部分\s*[:：]", "", text)  # 第6部分：通用要求 (a standard's part)
    if furniture_line(text):
        return False  # a date, a site's name, a breadcrumb, a field or menu words (kb.titles)
    return 2 <= len(text) <= 48 and not re.search(r"[。；！，!;,:：]$|(?<!.{7})[？?]$", text) and "：" not in colon[:-1] \
        and (len(re.findall(r"[\u4e00-\u9fff]", text)) >= 2 or bool(re.fullmatch(r"[A-Za-z][A-Za-z .:'-]{3,}", text))) and not _COVER_LINE.search(text) and not _FORM_ROW.match(text) \
        and not re.match(r"^[（(][一二三四五六七八九十\d]{1,3}[)）]|^\d{1,2}[.、．](?!\d)", text) \
        and "?" not in text[:-1] and not text.startswith(("同志们", "各位", "尊敬的")) \
        and not re.match(r"^[（(](?:原载|刊于|载于|发表于|摘自|转自|来源)|^[一二三四五六七八九十]+、|^第[一二三四]|^[（(]\s*\d{4}\s*年[^)）]*[)）]$", text) and text not in SECTION_WORDS


#: a cover's issuer line (中华人民共和国能源行业标准 / 国家能源局  发布), never the title
_COVER_LINE = re.compile(r"^(?:中华人民共和国)?\S{0,16}(?:国家|行业|地方|团体|企业)标准$|\s(?:发布|实施|印发)$")
#: a table's header row or a form's labels (旅客姓名 有效身份证件号码 / 合 计 / 价税合计(大写) (小写))
_LABEL = r"\S{0,6}(?:姓名|名称|号码|编号|日期|时间|地址|电话|金额|数量|单价|单位|类别|等级|合计|备注|签字|学号|班级|题目)\S{0,3}"
_FORM_ROW = re.compile(rf"^(?:[\u4e00-\u9fff]{{1,6}}\s+){{2,}}[\u4e00-\u9fff]{{1,6}}$|^[\u4e00-\u9fff](?:\s+[\u4e00-\u9fff]){{1,3}}$|"
                       rf"^(?:{_LABEL}\s+)+{_LABEL}$")
_DRAFT = re.compile(r"^[（(](?:征求意见稿|送审稿|报批稿|讨论稿|草案|试行|修订稿|初稿|草稿)[)）]$")
#: a chapter label on its own line, its name on the next (第1章 / 人工智能概述)
_CHAPTER = re.compile(r"^第\s*[\d一二三四五六七八九十百]{1,4}\s*[章节篇讲部分课]$")
#: a second title line that only names the kind of text (…第12部分：设计 / 编制说明)
_KIND_LINE = re.compile(r"^(?:编制说明|起草说明|说明|实施细则|实施方案|工作方案|讲话稿|发言稿|报告|汇报|总结)$")
#: a form's title: 医疗器械注册证核发申请表 / 电子发票（航空运输电子客票行程单）
_FORM_TITLE = re.compile(r"^([\u4e00-\u9fff（）()]{2,40}?(?:表|单|发票|证明|清单|名单|申请书|登记册))(?:[（(][^）)]{1,20}[)）])?"
                         r"(?=$|[\u4e00-\u9fff]{2,6}\s)")
_FIELD = re.compile(r"^[\u4e00-\u9fff()（）]{2,12}\s*[:：]")

#: a news article's date and time under its headline (the source's name around it)
_NEWS_STAMP = re.compile(r"((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d{2}-\d{1,2}-\d{1,2})\s*\d{1,2}[:：]\d{2}")
_WEB_SUFFIXES = (".txt", ".html", ".htm", ".xhtml", ".md")
#: an item's label on a line of its own above the item's title (案例十四 / 附件2 / 专题三)
_ITEM_LABEL = re.compile(r"^(?:案例|附件|附录|专题|范例|例文|材料)\s*[\d一二三四五六七八九十百]{1,4}$")
#: a site's label before the title: 机关党建工作专题党课讲稿:机关党建的历史经验与启示 / 信访工作会议上讲话稿在全县……
_TITLE_LABEL = re.compile(r"^[^:：]{2,24}?(?:讲稿|讲话稿|发言稿|党课|范文|材料)(?:[:：]\s*|(?=在.{4,60}(?:讲话|发言|致辞|报告)$))")


def _title_block(lines: list[Block]) -> tuple[str, str, int, list[str]]:
    """(title, subtitle, lines consumed, the short lines under them) from the top of the text."""
    title = next((b.text for b in lines[:12] if b.kind == "title"), "")  # (a page's <h1> may follow its menu)
    speaker = ""
    subtitle = next((b.text for b in lines[:4] if b.kind == "subtitle"), "")
    consumed = 0
    head: list[str] = []
    page: int | None = None
    after_label = -1
    skipped = 0
    for k, b in enumerate(lines[:14]):
        t = b.text.strip()
        if k - skipped >= 8:
            break
        if b.kind in ("title", "subtitle") or not t:
            consumed += 1
            continue
        keyed = re.match(r"^(?:标题|题目|主题|文章标题|文档标题|名称)\s*[:：]\s*(\S.{3,60})$", t) if not head and not title else None
        if keyed:
            head.append(keyed.group(1).strip())  # 题目：在全县……会议上的讲话
            consumed += 1
            continue
        named, rest = name_before_title(t) if not head and not title else ("", "")
        if named and title_shape(rest):
            head.append(rest)  # 张建华：在全县……会议上的讲话: the speaker before the title
            speaker = named
            consumed += 1
            continue
        if not head and not title and _ITEM_LABEL.match(unicodedata.normalize("NFKC", t)) and k + 1 < len(lines) \
                and 6 <= len(nxt := lines[k + 1].text.strip()) <= 48 and not re.search(r"[。；！!;]", nxt):
            title, after_label = nxt, k + 1  # 案例十四 / 科技学院：……之应用例: the item's label above its title
            consumed += 2
            continue
        if k == after_label:
            continue
        if not head and not title and skipped < 6 and b.kind == "para" and furniture_on_top(t):
            consumed += 1  # 返回顶部 / • 发文日期: / (yi): the page's furniture above the title
            skipped += 1
            continue
        if page is None and not head and not title:
            page = b.page
        if b.page != page:
            break  # a title stands on one page
        if _COVER_LINE.search(t) and not head and not title:
            consumed += 1  # 中华人民共和国能源行业标准 / 国家能源局  发布: the cover's issuer
            continue
        if (head or title) and (_DRAFT.match(t) or not re.search(r"[\u4e00-\u9fff]", t) and len(t) > 20):
            subtitle = subtitle or (t if _DRAFT.match(t) else "")  # （征求意见稿）; the English title is skipped
            consumed += 1
            continue
        if (head or title) and not subtitle and doc_number_year(t):
            subtitle = t  # （梅市府办〔2008〕11号）: the document number under a notice's title
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
        if (byline_name(t) or (head and (_is_name_line(t) or names_line(t) or placeholder_name(t)))) and len(head) <= 1:
            break  # a byline: the notes below the title take it (and it is never the title itself)
        if head and _PIECE_LABEL.search(t):
            break  # 信息报送制度 篇一: the first piece of the page's collection begins, the title is above
        if not title and not subtitle and len(head) < 3 and (_looks_like_title(t) or head and wrapped_meeting(head[-1], t)) \
                and b.kind in ("para", "heading") and not (b.kind == "heading" and head):
            head.append(t)
            consumed += 1
            continue
        break
    if not title and len(head) >= 2 and len(head[0]) <= 4 and len(head[1]) > 6 and lines[0].kind == "para" \
            and re.search(_LABELLED, fold(re.sub(r"[（(][^）)]*[)）]$", "", head[1]))):
        head = head[1:]  # 信息公开 / 讲话稿 above the title: the site's section, not the title
    elif not title and len(head) >= 2 and len(head[0]) <= 12 and not title_shape(head[0]) and title_shape(head[1]) \
            and not _CHAPTER.match(head[0]):
        head = head[1:]  # 工作动态 / 开幕词, 公文写作培训班 / 会议保密管理制度: a section or forum name above the title
    if not title and len(head) >= 2 and subtitle.startswith("在") and (headline_speaker(head[0]) or office_headline_speaker(head[0])):
        speaker = speaker or headline_speaker(head[0]) or office_headline_speaker(head[0])
        title, head = " ".join(head[1:]), []  # 陆某在……会议上的报告 / 全面贯彻…… / 奋力书写…… / ——在……上的报告: the text's own title
    if not title and head:
        if len(head) >= 2 and (re.match(r"(?:及|与|和|暨|以及)\S", head[1]) and len(head[0]) + len(head[1]) <= 48
                               or wrapped_meeting(head[0], head[1])):  # ……在十二届全国人大常委会 / 第二十四次会议上的讲话
            title = head[0] + head[1]  # 化学学科常用符号公式 / 及其表示: one title over two lines
            consumed -= len(head) - 2
        elif len(head) >= 2 and (_CHAPTER.match(head[0]) or _KIND_LINE.match(head[1])):
            title = f"{head[0]} {head[1]}"  # 第1章 / 人工智能概述; ……第12部分：设计 / 编制说明
            consumed -= len(head) - 2
        elif len(head) >= 2 and re.search(_GENRE_END, fold(head[0])) and not _is_name_line(head[1]) \
                and not parse_date(head[1]):
            title, subtitle = head[0], subtitle or head[1].lstrip("—- ")  # a complete title, then its subtitle
            consumed -= len(head) - 2
        elif len(head) >= 2 and all(len(h) <= 16 for h in head) and abs(len(head[0]) - len(head[1])) <= 2:
            title = " ".join(head)  # 着眼“高”“宽”“平” / 提升“质”“能”“效”: a two-line title
        elif len(head) >= 2 and not head[0].endswith(("讲话", "发言", "报告")) and len(head[0]) >= 12 \
                and any(b.page is not None for b in lines[:8]) and not looks_like_heading_start(head[1]) \
                and not re.search(r"(书|表|单|名单|说明|办法|手册|指南|文件|方案|规定|通知)$", fold(head[0])):
            title = head[0] + head[1]  # one title wrapped over two lines (of a page)
            consumed -= len(head) - 2
        elif len(head) >= 2 and not _is_name_line(head[1]) and not parse_date(head[1]) and not byline_name(head[1]):
            title = head[0]  # lines are paragraphs: a headline and its second line (a subtitle when shaped like one)
            subtitle = subtitle or (head[1] if subtitle_shape(head[1]) else "")
            consumed -= len(head) - 2
        else:
            title = head[0]
            consumed -= len(head) - 1
    notes: list[str] = [speaker] if speaker else []
    for b in lines[consumed:consumed + 4]:
        t = b.text.strip()
        if b.kind != "para":
            break
        if site_name(t) and (title or notes):
            consumed += 1  # 维基文库,自由的图书馆 between the title and its dateline
            continue
        if (title or byline_name(t)) and (_is_name_line(t) or byline_name(t) or _NOTE.fullmatch(t)
                                           or re.fullmatch(r"[（(]?\s*\S{0,10}\d{4}年.{1,8}(?:[,，][^（()）]{1,16})?[)）]?", t)
                                           and not looks_like_heading_start(t)  # (一、2016年主要工作回顾: the text's heading)
                                           or date_line(t) or placeholder_name(t) or names_line(t)):
            notes.append(t)
            consumed += 1
            continue
        break
    return title, subtitle, consumed, notes


def detect(lines: list[Block], found: dict[str, str], src_meta: dict[str, str], path: Path,
           full_text: str) -> tuple[DocumentMeta, int]:
    """Metadata, and how many leading lines are the title block (to leave out of the body)."""
    title, subtitle, consumed, notes = _title_block(lines)
    picked = pick_title([b.text for b in lines[:20]]) if not title or furniture_line(title) \
        or fold(title.strip()) in FURNITURE else None
    if picked is not None:  # furniture or nothing on top: the line shaped like a title (kb.titles)
        top = [*lines[:picked.line], Block(picked.text, "title", 0, lines[picked.line].page), *lines[picked.line + 1:]]
        title, subtitle, consumed, notes = _title_block(top[picked.line:])
        consumed += picked.line
    if not title or menu_words(title):
        title = found.get("page_title", "")  # 下载本文档 on top: never the title (a document site names its pages)
    extra: dict[str, str] = {}
    for key in ("html_title", "html_og:title", "docx_title", "pdf_title"):
        value = _clean_meta_title(src_meta.get(key, ""))
        if not title and value:
            title = value
    if _is_form(lines) and not _FORM_TITLE.match(title):
        title = next((m.group(0) for b in lines[:10] if (m := _FORM_TITLE.match(b.text.strip()))), title)
    if not title and found.get("teaser_title"):
        title, extra["title_source"] = found["teaser_title"], "teaser"
    if not title:
        title, extra["title_source"] = title_from_file(path), "file name"
    title = re.sub(r"\s*篇\s*\d{1,2}$", "", title)  # 开幕式发言稿范文 篇1: the first item of a collection
    if doubled := re.fullmatch(r"(.{2,}?(.{4,}))\s*\2", title):
        title = doubled.group(1)  # 政府2024年工作计划2024年工作计划: a site's title, its tail said twice
    if extra.get("title_source") != "file name":
        title, subtitle = tidy_title(title, subtitle)
    if extra.get("title_source") != "file name":
        title, subtitle = split_title(title, subtitle)
    if subtitle and fold(subtitle).startswith(fold(title)) and len(subtitle) - len(title) >= 2 \
            and not subtitle[len(title):].lstrip().startswith(("（", "(", "—", "-", "[", "【")):
        title, subtitle = subtitle, ""  # 领导干部讲党课 / 领导干部讲党课的意义: the page's short name, then the text's title
    label = _TITLE_LABEL.match(fold(title)) if extra.get("title_source") != "file name" else None
    if label and len(title) - label.end() >= 6:
        extra["title_label"] = title[:label.end()].rstrip(":： ")
        title = title[label.end():].strip()
    author = found.get("author", "") if found.get("kind") == "book" else ""
    if found.get("byline") and _is_name_line(found["byline"]):
        author = found["byline"]  # 作者 / 马晓燕: the author's name under the title, not a site's field
    lead = next((b.text for b in lines[consumed:consumed + 3] if b.text.strip()), "")
    news = bool(_NEWS_MARK.match(lead)) and not title_shape(title)  # 本报讯 / 文成新闻网讯(记者 ……): a news report
    if news and not author and (m_rep := _REPORTERS.search(lead[:60])):
        author = " ".join(re.split(r"[\s、，,]+", m_rep.group(1).strip()))  # the reporters who wrote it
    if found.get("author") and not author:
        if news_writer(found["author"], title, path.suffix, title_shape(title)) \
                or news and bool(line_name(found["author"]) or names_line(found["author"])):
            author = found["author"].strip()  # a news page's 作者 is the reporter who wrote the text
        else:
            extra["poster"] = found["author"]  # a 范文/文库/forum page's 作者 field names its poster, not the speaker
    notes = without_name_list(notes)  # 王小明 / 李强 / 张华 under 先进个人名单: a list, no byline
    for n in notes:
        bare = line_name(n)
        if bare and full_text.count(bare) >= 3:
            bare = ""  # 方程式 under 化学学科常用符号公式: a word the text keeps using, not a name
        author = author or byline_name(n) or bare or placeholder_name(n) or names_line(n)
    m_name = re.search(r"[（(]([^（()）]{2,12})[)）]$", title)
    if m_name and (named := line_name(m_name.group(1)) or placeholder_name(m_name.group(1))) and title_shape(title[:m_name.start()]):
        title, author = title[:m_name.start()].strip(), author or named  # ……会议上的讲话（张建华）
    dateline = next((n for n in notes if re.fullmatch(r"[（(](?!原载|刊于|载于|发表于|摘自|转自)\s*[^（()）]{0,12}?\d{4}\s*年[^（()）]{1,12}[)）]", n)), "")
    if dateline and not subtitle:
        subtitle = dateline  # （2007年3月28日）: the dateline under the title
    if not author and extra.get("title_source") != "file name":
        author = next((n for t in (title, subtitle.lstrip("—- ")) if (n := headline_speaker(t) or office_headline_speaker(t))), "")
    if not author and subtitle:  # ——县委常委、办公室主任 李明华: a byline
        author = line_name(subtitle) or placeholder_name(subtitle)
    if not author and found.get("kind") != "book":
        author = speaker_in_text([b.text.strip() for b in lines if b.text.strip()], consumed)
    for key in ("docx_author", "html_author", "pdf_author"):
        value = src_meta.get(key, "").strip()
        if value and not _JUNK_META.match(value):
            extra.setdefault("file_author", value)  # the account that saved the file, not the text's author
    if path.suffix.lower() in _WEB_SUFFIXES:  # a bare 2025-03-29 under a web copy's title is the page's stamp
        notes = [n for n in notes if not re.fullmatch(r"\s*(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}[\s\d:]*", n)]
    date, extra["date_source"] = text_date(found, notes, subtitle, full_text, path, src_meta,
                                       title if extra.get("title_source") != "file name" else "")
    if not date:
        del extra["date_source"]
    for key in ("pdf_date", "docx_created"):
        if src_meta.get(key) and parse_date(src_meta[key]):
            extra.setdefault("file_date", parse_date(src_meta[key]))
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
    genre = _genre(fold(title), fold(subtitle), fold(full_text[:6000]),
                   found | {"label": fold(extra.get("title_label", "")),
                            "untitled": "1" if extra.get("title_source") == "file name" else ""})
    for key in ("html_publishdate", "html_pubdate", "html_date"):
        if src_meta.get(key) and parse_date(src_meta[key]) and not found.get("date"):
            found = found | {"date": src_meta[key]}
    if found.get("date") and found.get("kind") != "book":
        extra["page_date"] = parse_date(found["date"]) or found["date"]
        first = next((b.text for b in lines[consumed:consumed + 3] if b.text.strip()), "")
        if not date and _NEWS_OPENING.match(first) and parse_date(found["date"]):
            date, extra["date_source"] = parse_date(found["date"]), "page date (a news report)"
        elif not date and path.suffix.lower() in (".html", ".htm", ".xhtml") and genre == "文章" and parse_date(found["date"]):
            date, extra["date_source"] = parse_date(found["date"]), "page date (a web article)"
    if not date and path.suffix.lower() in (".html", ".htm", ".xhtml") and genre == "文章" and not title_shape(title):
        start = next((i + 1 for i, b in enumerate(lines[:12]) if b.text.strip() == title), consumed)
        under = "\n".join(b.text for b in lines[start:start + 3])[:400]
        if m_stamp := _NEWS_STAMP.search(under):  # TNW中文站2016年10月14日07:17: a news article's own time line
            date, extra["date_source"] = parse_date(m_stamp.group(1)), "page date (a news article)"
    origin = found.get("site") or src_meta.get("html_og:site_name") or site_from_title(src_meta.get("html_title", "")) \
        or display_name(path.name)
    language = "zh-Hant" if is_traditional(full_text) else "zh-Hans"
    meta = DocumentMeta(title=title, subtitle=subtitle, author=author, date=date, occasion=occasion,
                        genre=genre, origin=origin, language=language, extra=extra)
    return meta, consumed


def _is_form(lines: list[Block]) -> bool:
    """A form or an invoice: several of its first lines are field labels (产品名称： / 纳税人识别号:)."""
    texts = [b.text.strip() for b in lines[:14] if b.text.strip()]
    return sum(1 for t in texts if _FIELD.match(fold(t)) and len(t) <= 40) >= 2 or any(_FORM_ROW.match(t) for t in texts[:3])


def _clean_meta_title(value: str) -> str:
    if _JUNK_META.match(value.strip()) or re.fullmatch(r"\s*[（(【\[][^（()）【】\[\]]*[)）】\]]\s*", value) \
            or re.search(r"填写|请输入|在此输入|标题\s*$|^\s*(?:标准|文件|文档|项目|单位)?名称\s*$", value):
        return ""  # a template's placeholder: （填写标准名称）
    value = re.sub(r"^(Microsoft Word|WPS)\s*-\s*", "", value.strip(), flags=re.I)
    value = re.sub(r"\.(docx?|pdf|wps)$", "", value, flags=re.I)
    if re.search(r"[>＞»›]{1,2}.+[>＞»›]{1,2}", value):
        return ""  # a breadcrumb (人民网>>江苏频道>>教育)
    return re.split(r"\s*[_|｜«»]\s*|\s+[-—–·]\s+", value)[0].strip() if value else ""


def _genre(title: str, subtitle: str, text: str, found: dict[str, str]) -> str:
    both = f"{title} {subtitle}"
    if found.get("kind") == "book" or re.search(r"ISBN|图书在版编目", text[:6000]):
        return "书籍/教材"
    if re.search(r"(?:手册|读本|教材|教程)$", title):
        return "书籍/教材"
    if re.search(r"体会(?!议)|心得|交流发言|经验交流|分享|感悟|感想|读后感|观后感|有感", both):  # (全体会议 is no 体会)
        return "体会/交流发言"
    if re.search(r"讲话|致辞|发言|主持词|动员|讲稿|贺词|贺信|献词|祝酒词|欢迎词", both):
        return "讲话"
    if re.match(r"关于.{2,80}(?:通知|通报|意见|决定|请示|批复|函|规定|办法)$", title):
        return "公文"  # 关于印发《政府工作报告》……的通报: a notice about a report
    if re.search(r"报告", both):
        return "报告"
    if re.search(r"(通知|意见|办法|规定|方案|决定|通报|请示|批复|纪要)$", title):
        return "公文"
    if re.match(r"\s*(同志们|各位(领导|代表|同志))[：:，,]", text[:300]):
        return "讲话"
    if re.search(r"(方案|制度|细则|规则|规程|章程)$", title):
        return "公文"
    if re.search(r"写法|的概念|的结构|的格式|写作要求|怎么写|如何写|写作技巧", f"{both} {text[:1500]}"):
        return "文章"  # a writing guide quotes speeches; it is not one
    if (not title or found.get("untitled")) and _NOTICE_TEXT.search(text[:1500]):
        return "公文"  # a notice or a rule copied without its title: its addressee, 通知如下, 第一章 总则
    if re.search(r"(党课|讲稿|开幕词|闭幕词|主持词)(?:[（(].*[)）])?$", title) or re.search(r"讲稿|党课讲稿", found.get("label", "")):
        return "讲话"
    if len(set(_SPEECH.findall(text[:3000]))) >= 2:
        return "讲话"  # a speech without a title saying so: it addresses its audience in the first person
    head = text[:3000]
    if head and len(re.findall(r"[我偶](?![们們])", head)) * 1000 >= 10 * len(head):
        return "体会/交流发言"  # a personal account: 我 on every line
    return "文章"


#: a news agency's mark opening a report (本报讯, 文成新闻网讯, 新华社, 记者): its 作者 field is its writer
_NEWS_MARK = re.compile(r"^\s*(?:[\u4e00-\u9fff]{2,12}(?:网|报|台)讯|本报讯|本网讯|新华社|[（(]?\s*记者)")
#: the reporters named in a news report's first line: 文成新闻网讯(记者 陈某某 潘某某)
_REPORTERS = re.compile(r"[（(]\s*(?:本报|本台|本网)?(?:记者|通讯员)\s*([\u4e00-\u9fff]{2,9}(?:[\s、，,]+[\u4e00-\u9fff]{2,4}){0,3})\s*[)）]")
#: the label of one piece of a page's collection (``信息报送制度 篇一``, ``范文二``)
_PIECE_LABEL = re.compile(r"(?:^|\s)(?:篇|范文)[一二三四五六七八九十\d]{1,2}$")
#: the wording of a notice or a rule: 现将……通知如下, 特此通知, 第一章 总则, 主要职责如下, an addressee line
_NOTICE_TEXT = re.compile(r"通知如下|特此通知|现将有关事项|现予印发|请遵照执行|请认真贯彻执行|第一章\s*总\s*则|职责如下|"
                          r"^\s*各[^。\n，,]{1,30}(?:[、，,][^。\n]{1,30})*[:：]\s*$", re.M)
_SPEECH = re.compile(r"同志们[:：，,!！]|大家好|我代表|我谨代表|我讲几点|讲几点意见|谈几点|下面,?，?我|今天,?，?我们(?:在这里)?召开|"
                     r"今天召开|这次会议|谢谢大家|谢谢[!！]|提[几两三四]点要求|尊敬的")
