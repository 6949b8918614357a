"""Page and form furniture recognised by its shape (never by site): pure functions on lines.

- **lists of dated links**: a related-articles box copied as headline / date / headline / date (three
  pairs or more, ``港屋宇署确认……违建`` / ``2012年11月27日``);
- **link bars**: a line of short items between ``|`` or `` - `` separators (``关于我们｜联系我们｜广告服务``,
  ``- 网站建设 - 设置首页 - 广告服务``), or a run of three or more ``- item`` lines;
- **copyright lines**: ``版权所有`` / ``Copyright ©`` / ``All rights reserved`` anywhere in a short line;
- **publication notes**: a whole line in brackets that says where the text was first printed
  (``（首发于“得到”App付费专栏，2016年8月18日）``, ``(摘自《……学刊》2000年第2期)``);
- **unfilled form fields**: ``指导教师签字：`` with nothing after it, ``日期：    年    月   日``;
- **template placeholders**: ``{{content_name}}`` / ``{%p if ENABLE_目录 %}`` are taken out of the line;
- **wiki citation marks**: ``[引用日期2014-05-19]``;
- **credits closing a paragraph**: ``……更细更深入。(编辑 黎采)`` loses the bracket, the paragraph stays;
- **document numbers** on a line of their own (``镇政发〔2024〕7号``, kept as metadata) and a page's
  **title bar** (``……(页 1) - 学术前沿 - 三校社会学论坛 - powered by Discuz!``, ``老秘网_材夜思范文``).
"""

from __future__ import annotations

import re

from kb.clean import CleanText
from kb.models import Block
from kb.text import DOC_NUMBER

_DATE_ONLY = re.compile(r"^[(（\[【]?\s*(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?"
                        r"(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*[)）\]】]?$")
_BAR_SEP = re.compile(r"\s*[|｜]\s*|\s+-\s+|^-\s+")
_COPYRIGHT = re.compile(r"版权所有(?![人者方])|copyright\s*(?:©|\(c\)|\d{4})|©\s*\d{4}|all rights reserved", re.I)
_NOTE = re.compile(r"^[（(【\[]\s*(?:首发于|首发|原载于?|原刊于?|刊于|转载自|转自|摘自|选自|本文原载|本文首发|本文摘自|"
                   r"本文选自|来源于)[^）)】\]]{2,80}[）)】\]]\s*(?:《[^》]{2,20}》[^。，]{0,16})?$")
_NOTE_BARE = re.compile(r"^(?:转自|摘自|选自|原载|原载于|转载自|刊于|来源于)\s*《[^》]{2,24}》[^。，！？]{0,20}$")
#: a journal's running header: 中国土地 ·2025年10月· / 秘书工作 2024年第3期
_JOURNAL_HEAD = re.compile(r"^[\u4e00-\u9fff]{2,12}\s*[·•]?\s*(?:19|20)\d{2}\s*年\s*(?:\d{1,2}\s*月|第\s*\d{1,2}\s*期)\s*[·•]?$")
#: a news source's dateline on its own line: TNW中文站2016年10月14日07:17 / 新华网 2016-10-14 07:17
_DATELINE = re.compile(r"^([^\s\d。，]{2,16})\s*((?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?\s*\d{1,2}[:：]\d{2})$")
#: an image's caption marker: [图片说明1：漫画/冷洁]
_IMAGE_NOTE = re.compile(r"^[\[【(（]?\s*(?:图片说明|图片来源|图片)\s*\d*\s*[:：]")
_SIGN = re.compile(r"^[\u4e00-\u9fff（）()、]{0,12}(?:签字|签名|签章|盖章|印章)[)）]?\s*[:：]?\s*[_＿\s]*"
                   r"(?:[（(]?(?:签字|签名|盖章)[)）]?)?[_＿\s]*$")
_BLANK_DATE = re.compile(r"^[\u4e00-\u9fff（）()]{0,10}[:：]?\s*[_＿\s]*年[_＿\s]*月[_＿\s]*日[_＿\s]*$")
_PLACEHOLDER = re.compile(r"\{\{[^{}\n]{1,60}\}\}|\{%[^%\n]{1,80}%\}|"
                          r"\[(?:建议|请)?(?:在?此处|在此)(?:插入|填写|补充|添加|填入)[^\[\]\n]{0,80}\]")
#: an editor's or reporter's credit closing a paragraph: ……更细更深入。(编辑 黎采) / 。（责任编辑：张三）
_TAIL_CREDIT = re.compile(r"(?<=[。！？!?”])\s*[（(【\[]\s*(?:(?:责任编辑|责编|编辑|来源|稿源|作者|记者|通讯员|撰稿|审核|审校|校对|"
                          r"供稿)\s*[:：/]?|(?:文|图|文/图|摄影)\s*[:：/])\s*[^（）()【】\[\]。，]{1,30}[）)】\]]\s*$")
#: a page's title bar: 社会资本……(页 1) - 学术前沿 - 三校社会学论坛 - powered by Discuz! / 老秘网_材夜思范文
_TITLE_BAR = re.compile(r"(?:\s[-–|｜]\s|_)\s*[^-–|｜_]{0,30}(?:网|论坛|社区|站|文库|范文|powered by|discuz)[^-–|｜_]{0,30}$", re.I)
#: a page's counter or font-size bar: 阅读次数：1234 / 人气：56 / 【字体：大 中 小】
_COUNTER = re.compile(r"^[【\[]?(?:阅读|浏览|点击|访问|查看)(?:次数|量|数|人次)?\s*[:：]\s*\d[\d,]*\s*(?:次|人次)?[】\]]?$|^人气\s*[:：]\s*\d+$")
_FONT_BAR = re.compile(r"(?:字体|字号)\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小")
#: the site's disclaimer: where its texts come from (网络, 用户上传) or what to do about copyright
_DISCLAIMER = re.compile(r"^(?:[\u4e00-\u9fff]{2,6}[:：])?\s*(?:本站|本网|本文|本篇|内容|资料|文章|文档|作品)[^。！？，,]{0,12}"
                         r"(?:来源于|来自|源于|转载|转自|整理自|由)(?:网络|互联网|用户|网友)|^(?:本文|本篇)(?:为|系)?转载|"
                         r"版权归原作者|归原作者所有|如有侵权[，,]?\s*(?:请|联系|告知|必删|立删)|侵权请|"
                         r"联系(?:我们|本站|小编)?删除|不代表本站|本站立场|不保证(?:内容)?的?准确|"
                         r"^本文由[^。，]{1,24}?(?:整理|编辑|收集|搜集)?(?:发布|提供|上传)$|^[\u4e00-\u9fff，,、\s]{0,12}(?:关注|扫描|扫码)[^。]{0,10}公众号|"
                         r"\d+\s*(?:积分|下载券|金币)(?:\s|$)|^(?:相关)?(?:热词|热门)?搜索\s*[:：]|^[\[【]?(?:标签|tags?)\s*[:：]|"
                         r"(?:试读|预览|免费阅读|阅读)已?结束|(?:点击|添加|加)[^。，,]{0,16}(?:联系|咨询)(?:老师|客服|小编)|"
                         r"^(?:相关|热门)?(?:搜索热词|热搜词?|搜索关键词)\s*[:：]|^\d{4}\s*年第\s*\S{1,4}\s*期.{0,20}共\s*\d+\s*页$|"
                         r"^[【\[]\s*(?:正确答案|答案解析|参考解析|最佳答案)\s*[】\]]$|"
                         r"未经(?:书面)?(?:授权|许可|同意)[，,]?\s*(?:任何\S{0,6})?(?:不得|禁止|严禁|请勿)\S{0,4}(?:转载|复制|摘编|使用|镜像)")
#: a list of related titles: 相关自查报告: 学校素质教育的自查报告、街道办事处应急管理自查报告、……
_RELATED = re.compile(r"^相关[\u4e00-\u9fff]{1,8}\s*[:：][^。！？]{6,}、[^。！？]+、")
#: an editor's credit on a line of its own: [编辑:廖丹英] / 【责任编辑：张三】
_CREDIT_LINE = re.compile(r"^[\[【(（]\s*(?:责任编辑|责编|编辑|来源|稿源|作者|记者|审核|审校|校对|供稿)\s*[:：\s]\s*[^\]】)）]{1,30}[\]】)）]$")
_LOADING = re.compile(r"^(?:正在加载|加载中|加载更多|点击加载更多|展开全部|收起全部|展开更多|查看更多|展开|收起)\s*[.。…]*$")
#: reading time or length of the page: 本篇文章共3200字，阅读需要8分钟
_READING = re.compile(r"\d+\s*个?字.{0,8}阅读.{0,6}\d+\s*分钟|阅读(?:需要|约需|时间|时长)\s*[:：]?\s*\d+\s*分钟")
_LOGIN = re.compile(r"(?:下载|阅读|查看|复制)[^。，]{0,8}(?:需要|需|请先|须)登录|登录后(?:下载|阅读|查看|复制)")
#: words of page controls; a short line made only of them is a control bar (收藏本文 / VIP免费下载 / 回复)
_CONTROL_WORDS = sorted("收藏 本文 本页 此文 文章 文档 下载 免费 立即 VIP 会员 专享 打印 分享 举报 关闭 回复 沙发 板凳 楼主 只看 "
                        "全文 继续 登录 注册 点赞 评论 复制 链接 返回 顶部 加入 收藏夹 扫码 手机 阅读 使用道具 返回列表 发新帖 发帖 回帖 "
                        "引用 评分 倒序浏览 浏览 字号 页面 .docx .doc .pdf .wps".split(), key=len, reverse=True)
_GENERIC_WORDS = frozenset("本文 本页 此文 文章 文档 免费 立即 会员 专享 全文 继续 登录 注册 评论 复制 链接 返回 顶部 加入 手机 阅读 "
                           "引用 评分 浏览 字号 页面".split())
#: a saved file's name and download link after a title: ……上的讲话.doc 下载本文
_FILE_TAIL = re.compile(r"(?<=[\u4e00-\u9fff）)])\.(?:docx?|pdf|wps|pptx?|txt)\s*(?:下载本文|免费下载|立即下载|下载)?\s*$", re.I)
#: Markdown heading marks left in a plain-text copy (#### 一、工作成就), and a Q&A site's answer labels
_MARKS = re.compile(r"^(?:#{1,6}(?:\s+|$)|[【\[]\s*(?:正确答案|答案解析|参考解析|最佳答案)\s*[】\]]\s*)")
#: a collection's piece marker: 【篇1】 / 篇一： / 范文二：（the piece's title after it stays）
_PIECE = re.compile(r"^(?:[【\[]\s*(?:篇|范文)\s*[一二三四五六七八九十\d]{1,3}\s*[】\]]|(?:篇|范文)[一二三四五六七八九十\d]{1,3}\s*[:：])\s*")
_CITE_MARK = re.compile(r"\[引用日期\s*\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2}日?\]")


def link_bar(text: str) -> bool:
    """A line of short link items between | or `` - `` separators (three items or more)."""
    t = text.strip()
    if len(t) > 120 or re.search(r"[。！？；]", t) or t.startswith(("|", "｜")) or t.endswith(("|", "｜")):
        return False  # (a table row: | 组队打卡 | 任务打卡 |)
    items = [x for x in _BAR_SEP.split(t) if x.strip()]
    seps = len(_BAR_SEP.findall(t))
    return seps >= 2 and len(items) >= 3 and all(len(x.strip()) <= 12 for x in items[:-1])


def dash_item(text: str) -> bool:
    """``- 搜狐招聘``: one short item of a footer's link list."""
    return bool(re.fullmatch(r"[-–·•]\s*\S.{0,30}", text.strip())) and not re.search(r"[。，！？；]", text)


def form_field(text: str) -> bool:
    """A form's field left empty: a signature line or a date with no numbers."""
    t = text.strip()
    return bool(_SIGN.match(t) or _BLANK_DATE.match(t))


def control_bar(text: str) -> bool:
    """A short line made only of page-control words (``收藏本文``, ``VIP免费下载``, ``回复``)."""
    t = re.sub(r"[\s|｜/【】\[\]()（）·•:：]+", "", text)
    if not t or len(t) > 16:
        return False
    if t in _GENERIC_WORDS:
        return False  # one word that an author may write alone (阅读, 文章): only with another control word
    for w in _CONTROL_WORDS:
        t = t.replace(w, "")
    return t == ""


def site_notice(text: str) -> bool:
    """A disclaimer, counter, font-size bar, reading-time or login line of the site (at most 120 characters)."""
    t = text.strip()
    return len(t) <= 200 and bool(_RELATED.match(t)) or len(t) <= 120 and bool(
        _COUNTER.match(t) or _FONT_BAR.search(t) or _DISCLAIMER.search(t) or _LOADING.match(t) or _CREDIT_LINE.match(t)
                                  or _READING.search(t) or _LOGIN.search(t) or control_bar(t))


def strip_marks(text: str) -> str:
    """The line without template placeholders and wiki citation marks."""
    if "{" not in text and "[" not in text:
        return text
    out = _CITE_MARK.sub("", _PLACEHOLDER.sub("", text))
    return re.sub(r"[ \t]{2,}", " ", out).strip() if out != text else text


def _dated_list(blocks: list[Block], start: int) -> int:
    """End index of a run of headline / date pairs starting at ``start`` (three or more), else ``start``."""
    i, pairs = start, 0
    while i + 1 < len(blocks):
        head, date = blocks[i].text.strip(), blocks[i + 1].text.strip()
        if not head or not 4 <= len(head) <= 40 or head.endswith(("。", "；", "，")) or _DATE_ONLY.match(head) \
                or not _DATE_ONLY.match(date):
            break
        pairs += 1
        i += 2
    return i if pairs >= 3 else start


def drop_furniture(blocks: list[Block], out: CleanText, fmt: str = "") -> list[Block]:
    """Drop link lists and bars, copyright lines, publication notes, empty form fields; strip placeholders.
    Runs of ``- item`` lines go only from a web page (in Markdown or plain text they are the author's list),
    link bars only from web pages and plain text (in a PDF or Word file ``a | b | c`` is a table's row)."""
    html = fmt == "html"
    kept: list[Block] = []
    i = texts_seen = 0
    n = len(blocks)
    while i < n:
        b = blocks[i]
        t = b.text.strip()
        if not t:
            kept.append(b)
            i += 1
            continue
        end = _dated_list(blocks, i)
        if end > i:
            for x in blocks[i:end]:
                out.drop("list of dated links", x.text)
            i = end
            continue
        j = i
        while html and j < n and dash_item(blocks[j].text):
            j += 1
        if html and j - i >= 3:
            for x in blocks[i:j]:
                out.drop("link bar", x.text)
            i = j
            continue
        i += 1
        texts_seen += 1
        s = strip_marks(t)
        if s != t:
            out.drop("template placeholder", t)
            if not s:
                continue
        marks = _MARKS.match(s) if fmt == "txt" or not s.startswith("#") else None
        tail = _FILE_TAIL.search(s)
        if marks or tail:
            out.drop("site marks", (marks.group(0) if marks else "") + (tail.group(0) if tail else ""))
            s = s[marks.end() if marks else 0:tail.start() if tail else len(s)].strip()
            if not s:
                continue
        piece = _PIECE.match(s)
        if piece:
            out.drop("piece marker", piece.group(0).strip())
            s = s[piece.end():].strip()
            if not s:
                continue
        credit = _TAIL_CREDIT.search(s)
        if credit:
            out.drop("credit", credit.group(0).strip())
            s = s[:credit.start()].rstrip()
        if fmt in ("html", "txt") and link_bar(s):
            out.drop("link bar", s)
        elif _COPYRIGHT.search(s) and len(s) <= 120:
            out.drop("copyright", s)
        elif (_NOTE.match(s) or _NOTE_BARE.match(s)) and not (texts_seen < 5 and re.search(r"(?:19|20)\d{2}\s*年", s)):
            # (under the title, a dated note says when the text first appeared: the date is read from it)
            out.meta.setdefault("source_note", s.strip("（()）【】[]"))
            out.drop("publication note", s)
        elif _JOURNAL_HEAD.match(s) or _IMAGE_NOTE.match(s) and len(s) <= 60:
            out.drop("running header" if _JOURNAL_HEAD.match(s) else "photo caption", s)
        elif _DATELINE.match(s) and not re.search(r"[在于召开举行]", s):
            out.meta.setdefault("date", _DATELINE.match(s).group(2))  # type: ignore[union-attr]
            out.drop("dateline", s)
        elif site_notice(s):
            out.drop("site notice", s)
        elif DOC_NUMBER.fullmatch(s):  # a 公文's document number on a line of its own: 镇政发〔2024〕7号
            out.meta.setdefault("doc_number", s)
            out.drop("document number", s)
        elif fmt in ("html", "txt") and len(s) <= 120 and _TITLE_BAR.search(s) and not re.search(r"[。，！？；]", s):
            out.drop("page title bar", s)
        elif form_field(s):
            out.drop("empty form field", s)
        else:
            kept.append(b if s == b.text else Block(s, b.kind, b.level, b.page))
    return kept
