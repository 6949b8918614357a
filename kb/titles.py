"""Which of a web copy's first lines is its title, scored from a few shapes rather than known strings, and a
title without what a site or a template put around it (:func:`tidy_title`, :func:`split_title`).

A candidate is a line among the first ones, or the last part of a line a site's menu or breadcrumb
runs into (``购物车 我的足迹 办会工作经验交流材料`` -> ``办会工作经验交流材料``).  Each candidate gets a
score from shapes that hold on any site:

- it ends like a title of the field (讲话, 发言, 报告, 总结, 材料, 心得, 体会, 方案, 制度 …) or has the
  ``在……(会议|座谈会|培训班)上的(讲话|发言)`` shape;
- it is 6 to 48 characters, has no sentence punctuation inside, is not a field (``作者：``), a heading
  (``一、``), a salutation (``同志们：``), a date or a time stamp, a site's name (``……网``, ``……文库``),
  a breadcrumb (``A>B>C``) or a line of menu words (``首页 返回 收藏 下载``);
- it stands early (the score falls with the position).

:func:`pick_title` returns the best candidate when its score says it is a title (a line only qualifies
with a title's ending or the meeting shape: a first line that is merely short is not enough).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kb.clean.web import ui_line
from kb.text import DOC_NUMBER, before_dash, display_name, fold, near_same

#: how a title of the field ends (the genre word, perhaps with 稿/范文/全文 and a note in brackets)
_GENRE_END = re.compile(r"(?:讲话|发言|致辞|讲稿|报告|汇报|材料|体会|心得|感悟|总结|主持词|开幕词|闭幕词|党课|提纲|方案|制度|"
                        r"办法|规定|意见|通知|计划|规划|细则|要点|倡议书|述职|述廉|述职述廉报告|演讲|演讲稿|流程|须知|守则|规程|章程|条例|指南)"
                        r"(?:稿|文稿|范文|全文|材料)?(?:[（(][^）)]{1,12}[）)])?$")
#: 在全县……会议上的讲话 / 在……座谈会上的交流发言 / 在……培训班开班式上的讲话
_MEETING = re.compile(r"在.{2,50}?(?:会议|大会|会|座谈会|培训班|研讨班|论坛|典礼|仪式|活动|开班式|开幕式|闭幕式|结业式)"
                      r"(?:[上中]|开幕式上|闭幕式上|结束时)的?(?:讲话|发言|致辞|报告|总结讲话|主持词|交流发言|讲稿)")
_SENTENCE = re.compile(r"[。；！!;]|[，,].{8,}[，,]")
_FIELD = re.compile(r"^[\u4e00-\u9fff]{1,6}\s*[:：]|^【(?:致辞人|致辞背景|讲话人|讲话背景|发言人|发言背景|时间|地点|场合|背景|"
                    r"适用范围|适用对象|提示|说明|要点|作者|来源|主题)】")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．](?!\d)|第[一二三四五六七八九十\d]+[章节条部分])")
_SALUTATION = re.compile(r"^(?:同志们|各位|尊敬的|亲爱的|大家好)")
_DATE_ONLY = re.compile(r"^[（(]?\s*(?:(?:19|20)\d{2}\s*(?:[年\-/.]\s*\d{1,2}(?:\s*[月\-/.]\s*\d{1,2}\s*日?)?|年)|"
                        r"[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}日)?)"
                        r"[\d:：\s]*[)）]?[*†‡]?$")
#: a site's name standing alone: 公文范文网 / 笔墨文库 / 办公室之家 / 维基文库,自由的图书馆
_SITE_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{1,12}(?:网|文库|之家|平台|百科|论坛|社区|在线|频道|网站)(?:(?:[,，\s]|--|——|[-_|｜]).{0,16})?$")
_CRUMB = re.compile(r"[>＞»›]")
#: a document site's counters: - 约1.65千字 / 约 6页 / 2026-01-29 发布于四川 / - 0
_COUNTER = re.compile(r"^[-•·]?\s*(?:约\s*[\d.]+\s*[千万]?\s*字|约?\s*\d+\s*页|\d+|"
                      r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}\s*发布于\S{0,8})$")
#: words that head a section of a paper or page, never a document's title
SECTION_WORDS = frozenset("摘要 内容摘要 目录 前言 引言 正文 附件 关键词 参考文献 导读 简介 概述".split())
#: menu and control words of a page (a line made of them, or leading a title, is furniture)
FURNITURE = frozenset(
    "首页 返回 收藏 下载 分享 打印 登录 注册 登陆 关灯 开灯 正文复制 复制 购物车 我的足迹 我的 会员 开通会员 VIP 举报 "
    "下载本文 下载本文档 下载文档 立即下载 免费下载 正文 "
    "评论 点赞 全屏 字号 搜索 投稿 上一篇 下一篇 目录 导航 菜单 客服 联系客服 帮助 充值 签到 消息 设置 退出 手机版 "
    "范文大全 范文 文库 讲话稿 发言稿 演讲稿 工作总结 心得体会 工作计划 述职报告 致辞 主持词 党课 公文 材料 首页推荐".split())


@dataclass(frozen=True)
class Candidate:
    """A possible title: its text, the index of the line it comes from, and its score."""

    text: str
    line: int
    score: float


def head_of(text: str) -> str:
    """The title part of a line that carries its subtitle after a dash (``……上的讲话 —— 铁心守忠诚``)."""
    head = before_dash(text).strip()
    return head if len(head) >= 6 else text.strip()


def title_shape(text: str) -> bool:
    """The title shapes of the field: a genre ending or the ``在……会议上的讲话`` shape (before a dashed
    subtitle on the same line)."""
    f = fold(head_of(text))
    return bool(_GENRE_END.search(f) or _MEETING.search(f))


#: a page's prompt or advertisement (点击了解详情 / 扫码关注), never a subtitle
_PROMPT = re.compile(r"点击|下载|登录|注册|关注|扫码|扫一扫|详情|购买|会员|\d+篇[)）]?$")


def subtitle_shape(text: str) -> bool:
    """The line under a headline is its subtitle when it is shaped like a title (交流发言, ……会议上的报告) or
    is a headline of its own (eight characters or more); a short label (老秘观点, a forum's name), a
    name line, a page's prompt (……,点击了解详情) or a collection's label (……的讲话5篇) is not."""
    t = fold(text.strip())
    return not _PROMPT.search(t) and (title_shape(t) or len(t) >= 8)


def wrapped_meeting(first: str, second: str) -> bool:
    """Two lines that make the ``在……会议上的讲话`` shape only together: one title wrapped over two lines."""
    return len(first) + len(second) <= 60 and bool(_MEETING.search(fold(first + second))) \
        and not _MEETING.search(fold(first)) and not _MEETING.search(fold(second))


def date_line(text: str) -> bool:
    """A date alone on its line (``（2023年5月8日）`` / ``2023-05-08 10:21``): a dateline, never the title."""
    return bool(_DATE_ONLY.match(text.strip()))


def site_name(text: str) -> bool:
    """A site's name standing alone (``公文范文网``, ``维基文库,自由的图书馆``)."""
    return bool(_SITE_NAME.match(fold(text.strip())))


def menu_words(text: str) -> bool:
    """A line of a page's menu and control words only (``返回 收藏 下载``, ``下載本文檔``)."""
    t = fold(text.strip())
    return bool(t) and all(tok in FURNITURE for tok in re.split(r"[\s|｜/·]+", t) if tok)


#: a page's path ending in its section word (``节日致辞 / 正文``), a bracketed sample label (``【范例一】``,
#: ``[范文2]``), a contents or outline label (``目录/提纲:……``)
_LABEL_LINE = re.compile(r"^(?:\S{1,12}\s*[/／|｜]\s*(?:正文|全文|内容|详情|阅读)|"
                         r"[【\[［(（]\s*(?:范例|范文|样文|例文|示例|模板|篇目?)\s*[一二三四五六七八九十\d]{1,3}\s*[】\]］)）]|"
                         r"(?:目录|提纲|目录\s*[/／]\s*提纲|大纲)\s*[:：]?\s*[…．.]*)$")


def furniture_line(text: str) -> bool:
    """A line of menu words only (``返回 收藏 下载``), a breadcrumb, a site's name, a date or a field."""
    t = text.strip()
    if menu_words(t) or _LABEL_LINE.match(fold(t)):
        return True
    return bool(_CRUMB.search(t) and "<" not in t or _SITE_NAME.match(fold(t)) or _COUNTER.match(t) or _DATE_ONLY.match(t) or DOC_NUMBER.fullmatch(t)
                or _FIELD.match(fold(t)) and not _SALUTATION.match(t))


def _variants(text: str) -> list[str]:
    """The line, and its last part after menu words or a breadcrumb (``首页 > 范文 > 标题`` -> ``标题``)."""
    t = re.sub(r"\s+", " ", text.strip())
    out = [t]
    crumbs = [x.strip() for x in re.split(r"\s*[>＞»›]+\s*", t) if x.strip()]
    if len(crumbs) >= 2:
        out.append(crumbs[-1])
    label = re.match(r"^第[一二三四五六七八九十\d]{1,3}篇\s*(?:[:：]\s*|\s+)(\S.{3,})$", t)
    if label:
        out.append(label.group(1))  # 第一篇:标题: the first of a page's collection
    tokens = t.split(" ")
    if len(tokens) >= 2 and all(fold(tok) in FURNITURE or len(tok) <= 4 for tok in tokens[:-1]):
        out.append(tokens[-1])
    return out


def score(text: str, position: int) -> float:
    """How much ``text`` (the line at ``position`` among the first lines) looks like the title."""
    t = text.strip()
    f = fold(t)
    n = len(t)
    if n < 4 or n > 60 or furniture_line(t) or _HEADING.match(t) or _SALUTATION.match(t):
        return 0.0
    if _SENTENCE.search(f) or not re.search(r"[\u4e00-\u9fff]{2}", t):
        return 0.0
    t = head_of(t)  # a subtitle after a dash is no part of the title's shape
    f, n = fold(t), len(t)
    s = 0.0
    if _MEETING.search(f):
        s += 3.0
    if _GENRE_END.search(f):
        s += 2.0
    s += 1.0 if 6 <= n <= 40 else 0.3
    if re.search(r"[，,：:？?]", f):
        s -= 0.8  # a title seldom has a comma or a colon
    if " " in t:
        s -= 0.5  # menu words or a stamp beside it
    return s / (1.0 + 0.15 * position)


def candidates(lines: list[str], limit: int = 12) -> list[Candidate]:
    """Scored title candidates among the first ``limit`` non-empty lines, best first."""
    out: list[Candidate] = []
    pos = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if pos >= limit:
            break
        if _SALUTATION.match(line.strip()) or len(line.strip()) > 120 and pos >= 2:
            break  # the body has begun (a long first line may be a site's blurb or spam)
        for v in _variants(line):
            sc = score(v, pos)
            if sc > 0:
                out.append(Candidate(v, i, sc))
        pos += 1
    return sorted(out, key=lambda c: (-c.score, c.line))


#: the least score of a title picked from the first lines (a title's ending, early on the page)
THRESHOLD = 2.0


def pick_title(lines: list[str], limit: int = 12) -> Candidate | None:
    """The title among the first lines, when one has a title's shape; else ``None``."""
    found = candidates(lines, limit)
    best = next(iter(found), None)
    if best is None or best.score < THRESHOLD or not title_shape(best.text):
        return None
    for c in found:  # the page's heading first, the text's own title a few lines on: the text's is the title
        if c.line > best.line and c.score >= THRESHOLD and title_shape(c.text) and c.text != best.text \
                and near_same(head_of(c.text), head_of(best.text)):
            return c
    return best



def strip_site_parts(title: str) -> str:
    """A title without the menu words before it (``购物车 我的足迹 标题``) or the site's name after it
    (``标题_公文范文网`` / ``标题 - 笔墨文库``); other titles are returned as they are."""
    t = title.strip()
    while len(parts := t.split(maxsplit=1)) == 2 and fold(parts[0]) in FURNITURE and len(parts[1]) >= 4:
        t = parts[1]
    while True:
        m2 = re.match(r"^(.{4,}?)(?:\s*[_|｜]\s*|\s+[-—–]\s+)([^_|｜\s]{2,20})$", t)
        if m2 is None or not site_name(m2.group(2)):
            return t
        t = m2.group(1).strip()


def furniture_on_top(text: str) -> bool:
    """A line above the title that is no part of the text: a field label, a site's name, menu words, a
    date, or a short run without a Chinese character or an English word (``(yi)``, ``|``)."""
    t = re.sub(r"^[•·▪●]\s*", "", text)
    if date_line(t):
        return False  # a dateline (the notes under the title read it)
    if furniture_line(t) or ui_line(t):
        return True
    return len(t) <= 30 and not re.search(r"[\u4e00-\u9fff]", t) and not re.fullmatch(r"[A-Za-z][A-Za-z .:'-]{3,}", t)


def split_title(title: str, subtitle: str) -> tuple[str, str]:
    """``标题 ——副题`` on one line, and a first heading run into the title (``……工作方案模板范文一、背景分析``)."""
    m = re.match(r"^(.{6,}?)\s*((?:——|--|－－).{4,})$", title)
    if m:  # (a dateline under the title stays the subtitle)
        title, subtitle = m.group(1).strip(), subtitle or m.group(2).strip()
    m2 = re.match(r"^(.{6,}?)(?:模板范文|范文模板)?[一1][、.．]\S{2,}$", title)
    if m2:
        title = re.sub(r"(?:模板范文|范文模板)$", "", m2.group(1))
    return title, subtitle


_TITLE_NOISE = (
    (re.compile(r"^(?:19|20)[XＸx×]{2}\s*(?:年\s*)?(?=\S)"), ""),  # 20XX 在……上的讲话: a template's year
    (re.compile(r"^\d{1,3}(?:\.\d{1,3})+\s+"), ""),  # 23.4 关于会议的保密: a book's section number
    (re.compile(r"\s*[（(]\s*(?:全文)?\s*(?:共\s*)?\d+\s*字\s*[)）]$"), ""),  # (全文2340字)
    (re.compile(r"\s+(?:来源|作者|发布者|发布时间|更新时间|上传时间|时间|阅读|浏览|点击)\s*[:：].*$"), ""),  # the page's fields beside it
    (re.compile(r"\.(?:docx?|wps|pdf|txt)(?:\s+\S{1,6})?$", re.I), ""),  # 讲话.doc 下载本文
    (re.compile(r"[_\-\s]*[(（]?(?:完整版?|精选版?|最新版?|精编版?|优秀版?|修订版|word版|可编辑版?)[)）]?$", re.I), ""),  # 培训_完整.pdf
    (re.compile(r"^#{1,6}\s+|^\*\*(?=.+\*\*$)|\*\*$"), ""),  # ### 标题 / **标题**: Markdown left in
    (re.compile(r"^第[一二三四五六七八九十\d]{1,3}篇\s*[:：]?\s*(?=\S{4})"), ""),  # 第1篇 标题: the first of a page's collection
    (re.compile(r"\s*[【\[［(（]\s*(?:(?:精品|精选|优秀|通用|热门|推荐|最新|经典)\s*(?:多|\d{1,2}|[一二三四五六七八九十]{1,3})?|多)\s*篇"
                r"\s*(?:精选|范文|汇编|合集|大全)?\s*[】\]］)）]$"), ""),  # 报送的制度【精品多篇】: the site's label (a plain (6篇) stays)
    (re.compile(r"\s*[\[［【(（]?\s*(?:第\s*)?页\s*\d{1,3}\s*[\]］】)）]?$|\s*[\[［【(（]\s*第?\s*\d{1,3}\s*页\s*[\]］】)）]?$"), ""),  # 制度[页2: a page label
    (re.compile(r"\s*[（(]\s*\d{1,3}\s*/\s*\d{1,3}\s*[)）]$"), ""),  # 會務工作(2 / 3): the page counter
    (re.compile(r"^(?:正文\s+)?\d{1,3}\s+(?=[\u4e00-\u9fff])"), ""),  # 正文 11 會務工作: a book's chapter number
    (re.compile(r"\s+[vV]?\d+(?:\.\d+)+(?:\s*(?:beta|alpha|rc)[\d.]*)?$"), ""),  # 背包问题九讲 2.0 beta1.2: the version
    (re.compile(r"\s*[（(][一二三四五六七八九十]{1,2}[)）]$"), ""),  # 会议讲话(一): the first of the page's versions
    (re.compile(r"\s*[（(\[【](?:组?图|多图|图文|视频)[)）\]】]$"), ""),  # 对比试车(图): a news page's mark of its pictures
    (re.compile(r"\s*[-_—]\s*副本(?:\s*[（(]\d+[)）])?$"), ""),  # 讲话-副本: the copy of a file a site was given
    (re.compile(r"\s+(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+\S{1,4})?$"), ""),  # a page's stamp
)


def tidy_title(title: str, subtitle: str) -> tuple[str, str]:
    """A title without what a site or a template put around it: ``20XX``, a section number, (全文2340字), a
    ``.doc`` suffix, the page's time stamp, its category glued on again (专项督查工作制度督查工作制度), and
    ``标题 - 栏目 - 作者`` when the next line is the title alone."""
    for pattern, repl in _TITLE_NOISE:
        title = pattern.sub(repl, title).strip() or title
    title = strip_site_parts(title)
    halves = title.split()
    if len(halves) == 2 and halves[0] == halves[1] and len(halves[0]) >= 4:
        title = halves[0]  # 标题 标题: the page's heading and the text's printed on one line
    parts = re.split(r"\s+[-—_|｜]\s+|_", title)
    if len(parts) >= 2 and len(parts[0]) >= 4 and subtitle.strip() == parts[0]:
        return parts[0], ""
    for k in range(len(title) // 2, 3, -1):  # the category repeated: its last k characters once more
        head, tail = title[:-k], title[-k:]
        if len(head) >= 6 and head.endswith(tail):
            return head, subtitle if subtitle != head else ""
    return title, subtitle if subtitle != title else ""


def site_from_title(value: str) -> str:
    """``在……上的讲话_公文范文网`` -> ``公文范文网``: web page titles end with the site's name."""
    parts = re.split(r"\s*[_|｜]\s*|\s+[-—]\s+", value.strip())
    return parts[-1] if len(parts) >= 2 and 2 <= len(parts[-1]) <= 20 else ""


_FILE_NOTE = re.compile(r"\s*[（(【\[][^）)】\]]{1,12}[）)】\]]\s*$")


def title_from_file(path: Path) -> str:
    """The file name without its suffix and notes such as （网页转载） or a leading number."""
    stem = display_name(path.stem)
    while _FILE_NOTE.search(stem):
        stem = _FILE_NOTE.sub("", stem)
    stem = re.sub(r"^\d{1,3}[-_.、\s]+", "", stem)
    return stem.replace("_", " ").strip() or display_name(path.stem)
