"""Web page chrome in copied text: what a browser shows around an article, one control per line.

Text copied (or scraped) from a news or government site keeps the page's controls as lines of their
own: ``下载`` / ``打印`` / ``全屏`` / ``【字号：`` / ``加大`` / ``还原`` / ``减小`` / ``】``, a breadcrumb
(``您的位置:`` / ``首页`` / ``>`` / ``云南要闻``), a field name whose value is on the next line
(``来源:`` / ``四川日报``), a publication time stamp (``2026-02-03 09:02:33``), a photo caption
(``……作政府工作报告。本报记者 戴冰摄``), the site footer (主办单位, ICP备, 公网安备) and share or
related-article ids.  They are recognised by shape and by a small vocabulary of control words, never
by site; values found (source, time, editor) are kept as metadata.
"""

from __future__ import annotations

import re

from kb.models import Block

#: words that are page controls when a line consists of nothing else
UI_WORDS = frozenset(
    "下载 打印 全屏 收藏 分享 分享到 分享至 分享到微信 分享到微博 分享到QQ 微信 微博 朋友圈 QQ空间 QQ 字号 字体 加大 还原 减小 "
    "大 中 小 默认 标准 打印本页 打印此页 打印文章 关闭 关闭窗口 关闭本页 返回 返回顶部 返回首页 回到顶部 顶部 扫一扫 "
    "扫一扫在手机打开当前页 用手机扫描二维码 在手机上阅读 手机版 首页 无障碍 长者模式 关怀版 适老化 English 繁体 简体 繁體 "
    "登录 注册 网站地图 联系我们 使用帮助 设为首页 加入收藏 纠错 我要纠错 评论 点赞 阅读量 浏览次数 点击数 点击量 浏览量 "
    "阅读 浏览 相关 举报 联系客服 登陆 × x X 【 】 | ｜ > >> » › ＞ 《 》 上一篇 下一篇 来源 时间".split())
#: controls that end an article (left to :mod:`kb.clean.document`, which drops them and everything after them)
TAIL_WORDS = frozenset("打印本页 打印此页 关闭窗口 关闭本页 返回顶部 回到顶部 扫一扫 扫一扫在手机打开当前页 上一篇 下一篇".split())
_STRIP = re.compile(r"[【】\[\]（）()<>《》|｜:：,，—\s]+")
_POSITION = re.compile(r"^(当前位置|您的位置|您当前的位置|您现在的位置|您所在的位置|所在位置|当前页面)\s*[:：]")
_CRUMB_SEP = re.compile(r"^\s*(>|>>|»|›|＞|→|/)\s*$")
_KEY_ALONE = re.compile(r"^[（(【•·▪]?\s*(来源|稿源|出处|作者|撰稿|责任编辑|编辑|审核|审校|校对|发布时间|发表时间|发布日期|"
                        r"更新时间|时间|日期|阅读量|阅读|浏览次数|点击数|点击量|浏览量|索引号|主题分类|发文机构|发布机构|发文字号|"
                        r"文号|发文日期|成文日期|生成日期|有效性|内容概述|公开方式|公开范围|信息来源)\s*[:：]\s*$|^(作者)$")
_KEY_NAME = {"来源": "source_note", "稿源": "source_note", "出处": "source_note", "作者": "author", "撰稿": "author",
             "发布时间": "date", "发表时间": "date", "发布日期": "date", "更新时间": "date", "时间": "date",
             "日期": "date"}
_COUNT_KEYS = ("阅读量", "阅读", "浏览次数", "点击数", "点击量", "浏览量")
#: a publication time stamp on its own line: 2026-02-03 09:02:33 / 2026年02月10日 07时41分
STAMP = re.compile(r"^\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?\s+\d{1,2}\s*[:：时]\s*\d{2}"
                   r"(\s*[:：分]\s*(\d{2}\s*秒?)?)?$")
#: a photo caption: ……作政府工作报告。本报记者 戴冰摄 / 新甘肃·甘肃日报记者 盛学卿 / （摄影：……）
PHOTO = re.compile(r"(记者|摄影|通讯员)[\s/·]*[\u4e00-\u9fff]{2,4}(\s+[\u4e00-\u9fff]{1,3})?\s*摄?$")
_FOOTER = re.compile(r"^(主办单位|承办单位|协办单位|技术支持|运维单位|网站标识码|政府网站标识码)\s*[:：]|ICP备|公网安备|"
                     r"ICP证", re.I)
_HEX_ID = re.compile(r"^[0-9a-f]{16,}\s*[:：]?$", re.I)
_PAREN_META = re.compile(r"^[（(]\s*(来源|稿源|作者|编辑|责任编辑|责编)\s*(?:[:：]|\s)\s*([^）)]{1,40})[）)]$")


def ui_line(text: str) -> bool:
    """A line made only of page controls (``【字号：`` / ``分享到:`` / ``打印本页 关闭窗口`` / ``>``)."""
    t = text.strip()
    if not t or len(t) > 40:
        return False
    if t in UI_WORDS:
        return True
    tokens = _STRIP.sub(" ", t).split()
    if not tokens:
        return True  # only brackets and separators
    ui = [tok for tok in tokens if tok in UI_WORDS or re.fullmatch(r"点击.{2,10}", tok)]
    if len(ui) == len(tokens):
        return True
    return len(tokens) >= 3 and len(tokens) - len(ui) <= 1  # 天津市人民政府 无障碍 | 长者模式 | English


def is_caption(text: str) -> bool:
    """A news photo's caption line (ends with the photographer: 记者 张三摄)."""
    t = text.strip()
    return len(t) <= 120 and bool(PHOTO.search(t)) and not t.endswith(("。", "！", "？", "；", "，"))


def web_chrome(blocks: list[Block], meta: dict[str, str], removed: list[tuple[str, str]]) -> list[Block]:
    """Drop page controls, breadcrumbs, split field lines, time stamps, captions and footers."""
    kept: list[Block] = []
    i = 0
    n = len(blocks)
    while i < n:
        b = blocks[i]
        t = b.text.strip()
        if not t:
            kept.append(b)
            i += 1
            continue
        if _POSITION.match(t) or (t == "首页" and i + 1 < n and _CRUMB_SEP.match(blocks[i + 1].text)):
            i = _skip_breadcrumb(blocks, i, removed)
            continue
        key = _KEY_ALONE.match(t)
        if key:
            removed.append(("metadata line", t))
            i += 1
            nxt = blocks[i].text.strip() if i < n else ""
            name = key.group(1) or key.group(2)
            if nxt and len(nxt) <= 40 and not ui_line(nxt) and not _KEY_ALONE.match(nxt) \
                    and (name not in _COUNT_KEYS or re.fullmatch(r"[\d,]+\s*(次|人次)?", nxt)):
                if name == "作者":
                    meta.setdefault("byline", nxt)  # 作者 / 马晓燕: a paper's author on lines of their own
                elif name in _KEY_NAME:
                    meta.setdefault(_KEY_NAME[name], nxt)
                removed.append(("metadata line", nxt))
                i += 1
            continue
        pm = _PAREN_META.match(t)
        if pm:
            if pm.group(1) in _KEY_NAME:
                meta.setdefault(_KEY_NAME[pm.group(1)], pm.group(2).strip())
            removed.append(("metadata line", t))
        elif STAMP.match(t):
            meta.setdefault("date", t)
            removed.append(("time stamp", t))
        elif (ui_line(t) and not TAIL_WORDS.intersection(_STRIP.sub(" ", t).split())) or _HEX_ID.match(t):
            removed.append(("page controls", t))
        elif is_caption(t) and b.kind != "heading":
            removed.append(("photo caption", t))
        elif _FOOTER.search(t) and len(t) <= 120:
            removed.append(("site footer", t))
        else:
            kept.append(b)
        i += 1
    return kept


def _skip_breadcrumb(blocks: list[Block], i: int, removed: list[tuple[str, str]]) -> int:
    """Index after a breadcrumb: the 位置 line, then item (> item)*, then a repeat of the last item."""
    n = len(blocks)
    first = blocks[i].text.strip()
    removed.append(("breadcrumb", first))
    last = ""
    rest = _POSITION.sub("", first).strip()
    if rest:
        last = next((x for x in reversed(re.split(r"\s*[>»›＞/]\s*", rest)) if x.strip()), "")
    i += 1
    if not rest and i < n and 0 < len(blocks[i].text.strip()) <= 12 and first != "首页":
        last = blocks[i].text.strip()  # 您的位置: / 首页
        removed.append(("breadcrumb", last))
        i += 1
    if first == "首页":
        last = first
    while i + 1 < n and _CRUMB_SEP.match(blocks[i].text) and 0 < len(blocks[i + 1].text.strip()) <= 16:
        last = blocks[i + 1].text.strip()
        removed.append(("breadcrumb", blocks[i].text.strip()))
        removed.append(("breadcrumb", last))
        i += 2
    if i < n and last and blocks[i].text.strip() == last and len(last) <= 12:
        removed.append(("breadcrumb", last))  # the section's name repeated as the page's heading
        i += 1
    return i
