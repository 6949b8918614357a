"""Junk that copied web pages carry, recognised by its shape (never by site): pure functions on lines.

- **anti-scraping runs**: forums (Discuz and the like) hide runs of short ASCII tokens between the
  sentences of a post so that a copy is spoiled: ``' ^2 _& f3 S+ }! ^1 @ k``, ``# z, G; I% h# i( m2``.
  A run of four or more space-separated tokens of at most three ASCII characters, with symbols in most
  of them, is taken out wherever it stands (a line of its own, the start of a line, glued to a word);
- **site lines**: document-site headers (上传人/文档编号/上传时间, ``….doc_第1页``, ``第1页 / 共5页``),
  paywall and download prompts (试读结束, 开通会员, 下载文档, 阅读已结束), disclaimers and copyright
  notices of the site (免责声明, 本文档由用户提供并上传), forum bars (发表于 …, 显示全部楼层, 阅读模式,
  [复制链接]), reading-time and share bars (共计3370个字, 预计阅读时长, 加入收藏), page-state words
  (关灯, 开启左侧, 正文复制): short lines holding one of these shapes go;
- **teasers**: the editor's sentence before a copied text (下面是小编为大家整理的……欢迎阅读,
  以下是为大家整理的……供大家参考选择) goes, and what was glued behind it stays;
- **banner prefixes**: ``携笔同道公文写作范文宝典:www.example.com今天这次会议……`` loses the banner;
- **breadcrumbs on one line**: ``学习啦>实用范文>致辞讲话>会议发言稿>`` goes (its last item stays when it
  is a title: ``…>政府系统政务信息工作会议讲话``);
- **time stamps with a category**: ``2021-10-24 18:48:08讲话稿`` (the time is kept as the page's date).
"""

from __future__ import annotations

import re

from kb.text import fold

_SYM = r"!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~"
#: one token of an anti-scraping run: 1-3 ASCII letters, digits or symbols
_TOKEN = rf"[A-Za-z0-9{_SYM}]{{1,3}}"
_RUN = re.compile(rf"(?<![A-Za-z0-9])(?:{_TOKEN}[ \t]+){{3,}}{_TOKEN}(?![A-Za-z0-9])|"
                  rf"^[ \t]*(?:{_TOKEN}[ \t]+){{2,}}{_TOKEN}[ \t]*$")
_HAS_SYM = re.compile(rf"[{_SYM}]")

_SITE = re.compile(
    r"上传人\s*[:：]|文档编号\s*[:：]|上传时间\s*[:：]|文档格式\s*[:：]|文档页数\s*[:：]|下载积分|\.(?:docx?|pdf|wps|txt)_第\s*\d+\s*页|"
    r"第\s*\d+\s*页\s*[/／]\s*共\s*\d+\s*页|^.{2,30}(?:立即了解|点击了解|了解更多|立即体验|免费试用|立即咨询|立即领取|马上领取|立即购买|立即查看|马上体验)$|共\s*\d+\s*页\s*[/／]?\s*第\s*\d+\s*页|"
    r"_第\s*\d+\s*页$|由会员分享|可在线阅读|请在\S{1,12}上搜索|此处隐藏\s*\d+\s*字|文库配额|会员有效期|无限次查看|"
    r"仅部分预览|不可在线预览|申请退款|联系客服|人工客服|全部预览完了|该文档总共\s*\d+\s*页|如果喜欢就下载|下载全书|"
    r"^[-•·]?\s*(?:格式|页数|大小|文件大小|上传者|贡献者|分享者)\s*[:：]\s*\S{0,12}$|^\d+\s*字(?:\s|$)|"
    r"^(?:登陆注册|登录注册|正确答案|网友问题|最佳答案|问题描述|热门问题|相关问题|我来回答|我要提问)$|"
    r"^\S{0,12}(?:微信|微博|公众号|二维码)$|^\d{10,}$|^\S{2,30}范文[一二三四五六七八九十\d]{1,2}$|"
    r"试读结束|开通会员|会员文档|文档无限下载|下载文档|离线阅读|免费阅读已结束|阅读已结束|点击下载|下载阅读|继续阅读|"
    r"查看全文|展开全文|阅读全文|剩余\s*\d+\s*页|还剩\s*\d+\s*页|全部图文内容|需要先登录|登录后|赏杯茶钱|整理文档很辛苦|"
    r"本文档由用户提供并上传|收益归属内容提供方|若内容存在侵权|请进行举报或认领|侵权投诉|版权说明|免责声明|"
    r"本站(?:部分)?(?:内容|文章|资源)?(?:来源于|来自)?网络|仅供(?:学习|参考)(?:交流)?|如有侵权|联系删除|"
    r"(?:预览|阅读|查看)全文|预览更多|"
    r"未完\s*[,，]?\s*全文共\s*\d+\s*字|当前显示\s*\d+\s*字|请认真阅读下面的提示|微信扫一扫|扫一扫在手机|在手机阅读、分享本文|"
    r"^栏目\s*[:：]|人气\s*[:：]\s*[\d.]+\s*[KkWw万]?|更多精彩(?:文章|内容|范文)?\s*请关注|"
    r"^《?[\u4e00-\u9fff]{2,14}(?:日报|晚报|学报|杂志)(?:[（(][^)）]{1,16}[)）])?》$|^Journal of [A-Za-z ,&]+(?:\([^)]*\))?$|"
    r"^(?:申明敬告|特别声明|郑重声明|版权申明|文档介绍|文档描述|文档预览|资料简介)\s*[:：]?$|"
    r"扫码\S{0,4}(?:咨询|领取|关注|下载|阅读|添加)|^[-•·*\s]*\*?\s*(?:联系方式|联系电话|内\s*容|验\s*证\s*码|姓\s*名|"
    r"电子邮箱|邮\s*箱|手机号码?)\s*[:：]\s*$|"
    r"\[复制链接\]|复制链接|显示全部楼层|阅读模式|只看该作者|电梯直达|楼主|本帖最后由|发表于\s*\d{4}|"
    r"共计\s*\d+\s*个?字|预计阅读时长|阅读时长|加入收藏|收藏本站|"
    r"^(?:关灯|开灯|开启左侧|关闭左侧|正文复制|复制全文|文档简介|资源描述|论文部分内容阅读|内容摘要|举报|海报|"
    r"VIP专免|VIP专享|VIP|会员专享|免费下载|立即下载|下载|打开APP|APP内打开|扫码下载|微信扫一扫|"
    r"内容发布更新时间.*|下面是文章的全部内容.*|\S{2,12}[网站]\s*首页|本站首页|网站首页)$|"
    r"\d+(?:\.\d+)?\s*[KM]B\b|\d+\s*页\s*海报|^关注(?:我|我们|本号|公众号)|全文约\s*\d+\s*字|请下载后阅读|"
    r"^网友评论|评论功能已关闭|^发表评论|^我要评论|^\d+\s*条评论|^[↑↓]?\s*(?:TOP|返回顶部)$|"
    r"(?:\.\s?){5,}\s*\d*\s*$|[…·]{4,}\s*\d*\s*$|\.indd\s+\d+|^[-—_=\s]*以下(?:空白|无正文)[-—_=\s]*$|仅供预览|^目[录錄]\s*[.…·]{5,}|"
    r"^\s*(?:doi\s*[:：]?\s*)?10\.\d{4,}/\S+$|^(?:责编|责任编辑|编辑|审核|校对|打印时间|发稿时间|发布者)\s*[:：]|"
    r"^\{\{.*\}\}$|点击此处(?:添加|输入|填写)|^(?:日期|时间)\s*[:：]\s*年\s*月\s*日$|^\d{4}\s*[-—]\s*XX|20XX|"
    r"\(\s*[\d,]+\s*views?\s*\)|^Powered by|查看完整版本|点击(?:阅读|查看)更多|点击看大图|"
    r"^更新时间\s*\d{4}年|^\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}\s*更新|"
    r"^\S{0,12}\s*(?:更新|发布|发表|上传|修改)(?:时间|日期|于)?\s*[:：]?\s*(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}"
    r"(?:\s*[-月/.]\s*\d{1,2}\s*日?)?(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$", re.I)
#: pinyin a converter put after characters: 開(kāi)幕式, 很(hen)高興
PINYIN = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff])(?:\((?:[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*|[a-z]{1,6})\))+")
_TONED = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
#: the editor's teaser before a copied text, up to the end of its sentence
_TEASER = re.compile(r"(?:^|(?<=[。！？!?\s】]))(?:下面|以下|下文|本文)(?:就?是|为|(?=小编))[^。！？!?\n]{0,80}?"
                     r"(?:小编|编辑|为大家|为您|为你|给大家|编写|收集|搜集|精心|网友|本站)[^。！？!?\n]{0,120}?"
                     r"(?:[。！？!?]|$)")
_TEASER_TAIL = re.compile(r"(?:欢迎|希望|供|仅供|敬请|请)[^。]{0,30}?(?:阅读|参考|借鉴|下载|有用|帮助|选择|收藏)")
_BANNER = re.compile(r"^[^\s。，,；]{0,24}?[:：]?\s*(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|cn|net|org)(?:\.cn)?"
                     r"(?:/\S*?)?(?=[\u4e00-\u9fff]|\s|$)", re.I)
_CRUMB = re.compile(r"^\s*((?:[^>＞»›\s]{1,16}\s*[>＞»›]\s*){2,})([^>＞»›]*)$")
_STAMP_TAIL = re.compile(r"^\s*((?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)"
                         r"\s*(?:[\u4e00-\u9fffA-Za-z·]{0,12}|(?:点击|浏览|阅读)(?:数|量|次数)?\s*[:：]?\s*\d*\s*次?|"
                         r"[|｜]\s*(?:来源|作者|编辑|责任编辑)\s*[:：]\s*\S{1,20})\s*$")


#: Word's conditional comments shown as text by a site that copied a Word page (``[if !supportLists]``)
_WORD_COMMENT = re.compile(r"\[if\s+!?\s*(?:supportLists|supportLineBreakNewLine|mso|gte\s+mso|vml|supportFields|"
                           r"supportAnnotations|supportFootnotes|supportEmptyParas|supportMisalignedColumns)[^\]]{0,20}\]|\[endif\]",
                           re.I)


def strip_word_comments(line: str) -> str:
    """The line without Word's conditional comments left as text (``[if !supportLists]1、[endif]``)."""
    return _WORD_COMMENT.sub("", line).strip() if "[" in line else line


def strip_runs(line: str) -> str:
    """The line without anti-scraping runs of short ASCII tokens (``; z2 r7 h/ y# l; K- n" q'``)."""
    if not _HAS_SYM.search(line):
        return line

    def sub(m: re.Match[str]) -> str:
        tokens = m.group(0).split()
        with_sym = sum(1 for t in tokens if _HAS_SYM.search(t))
        mixed = sum(1 for t in tokens if re.search(r"[A-Za-z]", t) and re.search(rf"[0-9{_SYM}]", t))
        noisy = sum(1 for t in tokens if _HAS_SYM.search(t) or re.fullmatch(r"[A-Za-z][0-9]|[0-9][A-Za-z]|[A-Za-z]", t))
        whole = m.group(0).strip() == line.strip() and len(tokens) >= 5 and noisy >= len(tokens) - 1
        if noisy * 10 >= len(tokens) * 6 and (with_sym >= 2 and (mixed >= 2 or with_sym >= 3 or whole)
                                              or mixed >= 3 and len(tokens) >= 6 and _shapes(tokens) >= 3) \
                and not _plain_list(tokens):
            keep = ""
            if m.group(0)[0] in "\"'" and line[:m.start()].count(m.group(0)[0]) % 2 == 1:
                keep = m.group(0)[0]  # the closing quotation mark the run was glued to
            elif m.group(0)[0] in ",.:;!?" and m.start() > 0 and re.match(r"[\u4e00-\u9fff”）)]", line[m.start() - 1]) \
                    and m.group(0)[1:2].isspace():
                keep = m.group(0)[0]  # the sentence's own punctuation before the run
            if m.group(0)[-1] in "(（" and re.match(r"[^()（）]{1,8}[)）]", line[m.end():]):
                return keep + m.group(0)[-1]  # the run was glued to the bracket of (一)
            return keep + (" " if m.start() > 0 and m.end() < len(line) and not _cjk_around(line, m) else "")
        return m.group(0)

    out = _RUN.sub(sub, line)
    return out.strip() if out != line else line


def _shapes(tokens: list[str]) -> int:
    """How many token shapes (a/A/9 classes) a run has: a jammer's tokens vary, a list of codes (X1 B8 G3) not."""
    return len({re.sub(r"[a-z]", "a", re.sub(r"[A-Z]", "A", re.sub(r"[0-9]", "9", t))) for t in tokens})


def _cjk_around(line: str, m: re.Match[str]) -> bool:
    before = line[m.start() - 1] if m.start() > 0 else ""
    after = line[m.end()] if m.end() < len(line) else ""
    return bool(re.match(r"[\u4e00-\u9fff，。、；：！？“”（）]", before) or re.match(r"[\u4e00-\u9fff，。、；：！？“”（）]", after))


def _plain_list(tokens: list[str]) -> bool:
    """``1. 2. 3. 4.`` or ``a) b) c) d)``: an enumeration, not noise."""
    return all(re.fullmatch(r"(?:[0-9]{1,2}|[A-Za-z]{1,2})[.)、]?", t) for t in tokens)  # (x1 B8: noise)


_SITE_TAIL = re.compile(r"[,，]?\s*[(（]?(?:全文约\s*\d+\s*字|试读结束|(?:请|需)?下载后阅读|开通会员|阅读全部图文内容)"
                        r"[^。]{0,30}?[。!！)）]?\s*$")
#: a list of books with their authors: the site's advertising (《文稿,还能这样写》作者雄文《笔杆子碎语》作者……)
_BOOK_AD = re.compile(r"《[^》]{2,24}》\s*(?:作者|主编|著)")
_REPEATED_WORD = re.compile(r"^(.{2,8}?)\1{2,}$")


def strip_site_tail(line: str) -> str:
    """A long line without the paywall sentence glued to its end (……报告。全文约2135字,请下载后阅读、编辑。)."""
    m = _SITE_TAIL.search(line)
    return line[:m.start()].rstrip() if m and m.start() >= 10 else line


#: a site's disclaimer, however long: the site disowns what it serves (本站不对文档的完整性……做任何保证)
_DISCLAIMER = re.compile(r"本站[^。！!]{0,40}?(?:不对|不承担|不保证|不退款|不作任何|不做任何|概不负责|不代表)|"
                         r"(?:付费|下载)前请自行鉴别|自行承担(?:所有|一切)?风险|所在栏目\s*[:：]|"
                         r"(?:请您|欢迎您)对(?:该|本)(?:政策|文件|网站|栏目|页面|信息)[^。]{0,20}提出(?:宝贵)?的?意见")


def site_line(line: str) -> bool:
    """A line of the site around the text: paywall, document-site header, forum bar, share bar, disclaimer."""
    t = line.strip()
    if not t or len(t) > 90 and not (len(t) <= 400 and _DISCLAIMER.search(fold(t))):
        return False
    f = fold(t)
    if _SITE.search(f) or _DISCLAIMER.search(f) or _REPEATED_WORD.match(t) or len(_BOOK_AD.findall(t)) >= 3:
        return True
    if re.fullmatch(r"(?:时间|時間|作者|发布|发布者)?\s*[:：]?\s*\S{1,16}\s+分享", f):  # 时间: 佩珊807 分享
        return True
    return bool(re.fullmatch(r"\S{1,16}\s+分享\s+时间\s*[:：].*", f))


#: a site editor's sentence anywhere: 簡介:寫寫幫文庫小編為你整理了多篇相關的《……》,但愿對你工作學習有幫助
_EDITOR = re.compile(r"(?:^[^。！？!?\n]{0,120}|(?<=[。！？!?\s】])[^。！？!?\n]{0,30})小编[^。！？!?\n]{0,12}(?:整理|收集|搜集|精选|推荐|分享|带来|编辑)"
                     r"[^。！？!?\n]{0,160}?(?:[。！？!?]|$)")


def teaser_span(line: str) -> tuple[int, int] | None:
    """Where the editor's teaser sentence is in a line, or None."""
    m = _TEASER.search(fold(line)) or _EDITOR.search(fold(line))
    if m is None:
        return None
    text = m.group(0)
    if not (_TEASER_TAIL.search(text) or re.search(r"整理|收集|搜集|推荐|分享|带来|提供", text)):
        return None
    return m.start(), m.end()


def strip_banner(line: str) -> str:
    """``携笔同道公文写作范文宝典:www.example.com今天这次会议……`` -> ``今天这次会议……``."""
    m = _BANNER.match(line)
    if m is None or not re.search(r"www\.|https?://", m.group(0), re.I):
        return line
    return line[m.end():].strip()


def breadcrumb(line: str) -> str | None:
    """For a one-line breadcrumb (``A>B>C>`` or ``A>B>C>标题``): the title after it (maybe ``""``); else None."""
    m = _CRUMB.match(line)
    if m is None or "。" in line or "，" in line:
        return None
    last = m.group(2).strip()
    return last if len(last) >= 6 else ""


def crumb_last(line: str) -> str:
    """The last item of a one-line breadcrumb (``当前位置:首页 > 范文大全 > 讲话稿 >`` -> ``讲话稿``)."""
    m = _CRUMB.match(line)
    if m is None:
        return ""
    items = [x.strip() for x in re.split(r"[>＞»›]", line) if x.strip()]
    return items[-1] if items else ""


def stamp_with_tail(line: str) -> str | None:
    """``2021-10-24 18:48:08讲话稿``: the time stamp, when the line is only that and a word or two."""
    m = _STAMP_TAIL.match(line)
    return m.group(1) if m else None


def pinyin_document(lines: list[str]) -> bool:
    """A text a converter annotated with pinyin (several ``字(zì)`` marks with tones, or many plain ones)."""
    marks = [m.group(0) for t in lines for m in PINYIN.finditer(t)]
    return sum(1 for m in marks if _TONED.search(m)) >= 3 or len(marks) >= 8


def strip_pinyin(line: str) -> str:
    return PINYIN.sub("", line)


_TEASER_TITLE = re.compile(r"整理(?:了|的)?(?:一篇|关于)?[“\"《]?(.{4,60}?)[”\"》]?(?:[（(][^）)]{0,12}[)）])?(?:[,，。:：]|供|希望|欢迎|$)")


def teaser_title(teaser: str) -> str:
    """The document a teaser names (下面是小编为大家整理的<2023年在全区……上讲话>(全文完整),供大家参考)."""
    m = _TEASER_TITLE.search(teaser)
    if m is None:
        return ""
    title = re.sub(r"^(?:的|了)", "", m.group(1)).strip()
    title = re.sub(r"[（(][^）)]*$", "", title).strip()
    return title if re.search(r"讲话|发言|致辞|报告|讲稿|材料|体会|心得|总结|党课|方案|通知|意见", title) else ""
