"""Who wrote or gave a text, from the lines that name them: pure functions on lines.

- a name line under a title (``张三`` / ``市委秘书长 李某`` / ``钱新建 江苏省南通市崇川市场监督管理局``),
  a role line (``主讲人:高冠钰``) and a byline with a separator (``文 | 逸遥``, ``作者/张三``,
  ``制定人 | 李彦宏``);
- a headline or note naming the speaker (``王刚在……会议上强调``, ``李明同志在全县……会议上的讲话``,
  ``市委书记王小明在……大会上的讲话``);
- the signature at the end of a speech (``李明`` / ``2023年5月6日``, or ``市委秘书长 李某``);
- a news report of a speech: the person it quotes two or more times (``陈云在讲话中指出`` … ``陈云要求``).

A site's poster (a 作者 field of the page) is never taken here: see :mod:`kb.metadata`.
"""

from __future__ import annotations

import re

from kb.text import fold

#: a template's or a site's stand-in for a name: XXX / ××× / *** / 某某某 / 张某某 (kept as written)
PLACEHOLDER = r"(?:[XＸx×*＊]{2,4}|某某某?)"
#: a surname with the given name masked: 孟XX / 王×× (市委书记孟XX)
_MASK = r"(?:[XＸx×*＊]{1,3})"
#: two-character surnames (欧阳建国 is a four-character name)
_COMPOUND = "(?:欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|令狐|端木|独孤|南宫|呼延|轩辕|澹台|万俟|歐陽|諸葛|東方|長孫)"
NAME = re.compile(r"^(?:(?P<role>[\u4e00-\u9fff、]{2,24}?)\s+|(?P<office>[\u4e00-\u9fff]{0,16}(?:市长|省长|主席|书记|主任|"
                   r"部长|厅长|局长|县长|区长|镇长|乡长|校长|院长|馆长|所长|处长|科长|社长|会长|理事长|秘书长|董事长|总经理))(?=[\u4e00-\u9fff]{2,3}$))?(?P<name>"
                   rf"{_COMPOUND}[\u4e00-\u9fff]{{1,2}}|[\u4e00-\u9fff]{{2,3}}(?:·[\u4e00-\u9fff]{{2,5}})?|"
                   r"[\u4e00-\u9fff](?:\s+[\u4e00-\u9fff]){1,2}|[\u4e00-\u9fff]\s[\u4e00-\u9fff]{2})\s*(?:同志)?$")
#: the commonest Chinese surnames (a name line under a title starts with one of them)
SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪"
               "范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞"
               "颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻"
               "祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇"
               "栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")

#: 王刚在……会议上强调 / 陆国强在……会议上的报告 / 许又声要求,……: the person a news headline names
_HEADLINE_SPEAKER = re.compile(r"^(某[\u4e00-\u9fff]{1,3}?(?:长|书记|主任)|[\u4e00-\u9fff]{2,3}?)(?:同志)?(?:在[^，,。]{2,40}?(?:上|时|中)(?:的)?"
                               r"(?:讲话|报告|发言|致辞|强调|指出|要求|表示)|(?:强调|指出|要求|表示)[,，:：]|"
                               r"(?:召开|主持召开|主持|出席|调研|督导))")


#: the office after the name: 张德江委员长在……会议上的讲话 / 刘昆副省长在……上的讲话
_NAME_OFFICE = re.compile(r"^([\u4e00-\u9fff]{2,3}?)(?:常务)?副?(?:委员长|总书记|总理|主席|书记|省长|市长|县长|区长|部长|厅长|局长|主任|"
                          r"院长|校长|秘书长|董事长|总经理)(?:同志)?在[^，,。]{2,60}?(?:上|时|中)的?(?:讲话|报告|发言|致辞|总结讲话)")

#: the last character of a unit's or a place's name (党委 / 全县 / 市政府), never of a person's in a headline
_UNIT_ENDS = "委府局厅部办院党司县市省区镇乡村州"


def headline_speaker(text: str) -> str:
    m = _HEADLINE_SPEAKER.match(fold(text)) or _NAME_OFFICE.match(fold(text))
    if m is not None and (m.group(1)[-1] in _UNIT_ENDS or re.match(r"[全各本我该][县市省区镇乡村州国]", m.group(1))):
        return ""  # 党委书记在…… / 全县召开……: an office or a place, no name
    if m is None:
        m2 = re.match(rf"^({PLACEHOLDER})(?:同志)?在[^，,。]{{2,60}}?(?:上|时|中)的?(?:讲话|报告|发言|致辞)", text.strip())
        return m2.group(1) if m2 else ""  # XXX同志在全县……会议上的讲话: a template's name
    return text[:len(m.group(1))] if fold(text[0]) in SURNAMES or text.startswith("某") else ""





def placeholder_name(text: str) -> str:
    """``XXX`` / ``县委副书记 ×××`` / ``（某某某）`` / ``——XXX``: the stand-in name of a name line, else ``""``."""
    m = re.fullmatch(rf"(?:[XＸx×*＊\u4e00-\u9fff、]{{2,24}}\s+)?({PLACEHOLDER})(?:同志)?", _unwrap(text))
    return m.group(1) if m else ""


def name_before_title(text: str) -> tuple[str, str]:
    """``张建华：在全县……会议上的讲话`` / ``县委书记 张建华：……`` -> (the name, the title), else ``("", "")``."""
    m = re.match(r"^([^：:，,。]{2,30}?)\s*[:：]\s*(\S.{3,60})$", text.strip())
    if m is None:
        return "", ""
    left = m.group(1).strip()
    name = line_name(left) or byline_name(left) or placeholder_name(left)
    return (name, m.group(2).strip()) if name else ("", "")


#: a lecturer's or speaker's line: 主讲人:高冠钰
_ROLES = r"(?:主讲人|主讲|讲话人|报告人|发言人|宣讲人|讲课人|授课人|讲座人|演讲人|致辞人)"
#: (also in brackets: 【致辞人】××市人口计生委)
_ROLE_LINE = re.compile(rf"^(?:{_ROLES}\s*[:：]|【{_ROLES}】)\s*([\u4e00-\u9fff·]{{2,5}})\s*$")
#: the same with an office before the name or a note after it: 发言人：县委办主任 王某 / 主讲：王某（市委党校教授）
_ROLE_VALUE = re.compile(rf"^(?:{_ROLES}\s*[:：]|【{_ROLES}】)\s*(.{{2,40}})$")
_ORG_END = r"(?:局|厅|委|办|公司|集团|市政|院|校|中心|部|处|科|所|站|会|社|馆|行|队|室|政府|学校|大学|医院)"
#: a byline of a name and an organisation (鐘鑫市政 焦國艷 / 钱新建 江苏省南通市崇川市场监督管理局)
_BYLINE = re.compile(rf"^(?:(?P<org1>[\u4e00-\u9fff]{{2,24}}{_ORG_END})\s+(?P<n1>[\u4e00-\u9fff]{{2,3}})|"
                     rf"(?P<n2>[\u4e00-\u9fff]{{2,3}})\s+(?P<org2>[\u4e00-\u9fff]{{2,30}}{_ORG_END}))$")


_OFFICE_NAME = re.compile(r"(?:委员长|总理|市长|省长|县长|区长|镇长|乡长|行长|馆长|局长|厅长|部长|书记|主任|主席|院长|校长|所长|处长|科长|社长|会长|秘书长|理事长|经理|委员)"
                          rf"\s*({_COMPOUND}[\u4e00-\u9fff]{{1,2}}|[\u4e00-\u9fff]{{2,3}}|[\u4e00-\u9fff]{_MASK})$")


def byline_name(text: str) -> str:
    """The person's name when ``text`` is a byline line (a role line, or a name beside an organisation)."""
    sep = separator_byline(text)
    if sep:
        return sep
    text = _BULLET.sub("", text)
    t = fold(text.strip())
    m = _ROLE_LINE.match(t)
    if m:
        return text.strip()[m.start(1):m.end(1)]
    mv = _ROLE_VALUE.match(t)
    value = text.strip()[mv.start(1):mv.end(1)] if mv else ""
    if value and (named := line_name(value) or placeholder_name(value) or unit_name(value)):
        return named  # (a unit named as the speaker: 致辞人：××市人口计生委)
    m3 = _OFFICE_NAME.search(t)
    if m3 and len(t) <= 40 and not re.search(r"[。，,；;：:！？]", t) \
            and (fold(m3.group(1)[0]) in SURNAMES or t[m3.start(1) - 1:m3.start(1)].isspace()):  # 委员长 栗战书
        return text.strip()[m3.start(1):m3.end(1)]
    m2 = _BYLINE.match(t)
    if m2:
        name = m2.group("n1") or m2.group("n2")
        start = m2.start("n1") if m2.group("n1") else m2.start("n2")
        if name[0] in SURNAMES:
            return text.strip()[start:start + len(name)]
    return ""


_UNIT = rf"[XＸx×*＊\u4e00-\u9fff（）()]{{2,24}}?{_ORG_END}"


def unit_name(text: str) -> str:
    """``××市人口计生委`` / ``xx市人民政府办公室``: a unit's name standing alone, else ``""``."""
    t = text.strip()
    return t if re.fullmatch(_UNIT, fold(t)) and re.search(r"[\u4e00-\u9fff]{2}", t) else ""


#: a unit and the day under a title: xx市人民政府办公室(2009年3月12日) (the body may follow on the same line)
_UNIT_DATED = re.compile(rf"^({_UNIT})\s*[（(]\s*(?:19|20)\d{{2}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*[)）]")


def unit_dated(text: str) -> str:
    """The unit of ``xx市人民政府办公室(2009年3月12日)`` at the start of a line, else ``""``."""
    m = _UNIT_DATED.match(fold(text.strip()))
    return text.strip()[:m.end(1)] if m and m.end(1) >= 5 else ""


def line_name(text: str) -> str:
    """The name when ``text`` is a name line (``蓝 绍 敏`` -> ``蓝绍敏``, ``●白振刚`` -> ``白振刚``,
    ``（刘小红）`` under a title), else ``""``."""
    m = NAME.match(_unwrap(text))
    return re.sub(r"\s+", "", m.group("name")) if m and is_name_line(text) else ""


def is_name_line(text: str) -> bool:
    t = _unwrap(text)
    m = NAME.match(t)
    return m is not None and (fold(m.group("name")[0]) in SURNAMES or bool(re.match(_COMPOUND, m.group("name")))) \
        and fold(t) not in _NOT_NAMES and not _STAFF.fullmatch(fold(m.group("role") or ""))


#: a site's or a paper's staff before a name (编辑 王小明 / 摄影 李明 / 记者 张三): never the speaker
_STAFF = re.compile(r"(?:责任|特约|实习|值班)?(?:编辑|责编|编审|审核|审校|校对|终审|初审|摄影|摄像|图片|美编|排版|录入|上传|上传人|发布人|"
                    r"来源|供稿|记者|通讯员|网友|楼主|监制|策划)")


def names_line(text: str) -> str:
    """A paper's or a talk's authors on one line (``赵延东、风笑天`` / ``韩爱惠 卢卫华 范延平``): the names
    separated by spaces, else ``""``.  Every name is two or three characters; the first and at least half start with a
    common surname."""
    t = re.sub(r"[*†‡\d]+(?=[\s、，,]|$)", "", text.strip())
    parts = [x for x in re.split(r"\s*[、，,]\s*|\s+", t) if x]
    ok = 2 <= len(parts) <= 8 and all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", x) and fold(x) not in _NOT_NAMES for x in parts) \
        and fold(parts[0][0]) in SURNAMES and 2 * sum(fold(x[0]) in SURNAMES for x in parts) >= len(parts)
    return " ".join(parts) if ok else ""


def _unwrap(text: str) -> str:
    """A name line without its bullet, its leading dash (``——张三``), the brackets around it (``（张三）``),
    its spelling in Latin letters or a footnote mark (``崔添翼 (Tianyi Cui)*``)."""
    t = _BULLET.sub("", text.strip()).lstrip("—-－ ").strip()
    t = re.sub(r"(?<=[\u4e00-\u9fff])\s*[（(][A-Za-z][A-Za-z .\-]{1,40}[)）]\s*[*†‡]?$|(?<=[\u4e00-\u9fff])[*†‡]$", "", t)
    t = re.sub(r"(?<=[\u4e00-\u9fff*×X])\s*[（(][\u4e00-\u9fff、]{2,20}[)）]$", "", t)  # 王某（市委办公室）
    m = re.fullmatch(r"[（(]\s*([^（()）]{2,30}?)\s*[)）]", t)
    return m.group(1) if m else t


#: words a note in brackets under a title says that start like a name (范文 starts with the surname 范)
_NOT_NAMES = frozenset("范文 全文 节选 摘要 摘编 草案 初稿 定稿 修订 修改稿 讨论稿 征求意见稿 代拟稿 发言稿 讲话稿 提纲 "
                       "文稿 范本 合集 汇编 精选 精编 完整版 最新版 通用版 简版 参考 连载 续 上 下 上篇 下篇".split())

_BULLET = re.compile(r"^\s*[●○◆◇■□◎•·]\s*")
#: an office before a name in a headline: 市委书记王小明在…… / 县委副书记、县长 李明同志在……
_OFFICE_BEFORE = (r"(?:[\u4e00-\u9fff、]{0,16}?(?:书记|市长|省长|县长|区长|镇长|乡长|主任|部长|局长|厅长|主席|院长|校长|"
                  r"秘书长|常委|董事长|总经理|总裁|经理|理事长|会长|委员))\s*")
_OFFICE_HEADLINE = re.compile(rf"^{_OFFICE_BEFORE}([\u4e00-\u9fff]{{2,3}}?)(?:同志)?(?:在[^，,。]{{2,60}}?(?:上|时|中)的?"
                              r"(?:讲话|报告|发言|致辞|讲稿|总结讲话|主持词|强调|指出|要求|表示)|(?:强调|指出|要求|主持召开|出席))")
#: a byline with a separator: 文 | 逸遥 / 作者/张三 / 制定人 | 李彦宏 / 撰文:王某
_SEP_BYLINE = re.compile(r"^(?:文|作者|撰文|撰稿|撰稿人|文字|文图|图文|执笔|执笔人|起草人|撰写人|制定人|整理|口述|讲述)"
                         r"\s*[|｜丨/／:：]\s*([\u4e00-\u9fff·]{2,6}|[\u4e00-\u9fff]\s[\u4e00-\u9fff]{1,2})$")
#: words a speech ends with that look like a two-character name (谢谢 starts with the surname 谢)
_CLOSINGS = frozenset("谢谢 谢谢大家 此致 敬礼 完 全文完 结束 以上 附件".split())
_DATE_LINE = re.compile(r"^[（(]?\s*(?:(?:19|20)\d{2}\s*[年.\-/]\s*\d{1,2}|[〇○零一二三四五六七八九]{4}\s*年)")
#: a news report quoting a person: 陈云在讲话中指出, / 陈云要求, / 李明同志强调:
_QUOTED = re.compile(r"(?:^|(?<=[。！？；\n]))\s*([\u4e00-\u9fff]{2,3}?)(?:同志)?(?:在[^，,。]{0,12}?(?:讲话|致辞|会上|会议上|报告)中?)?"
                     r"(?:指出|强调|要求|表示|提出)[,，:：]")


def separator_byline(text: str) -> str:
    """The name in ``文 | 逸遥`` / ``作者/张三`` / ``制定人 | 李彦宏`` (a pen name is kept as written), else ``""``."""
    m = _SEP_BYLINE.match(fold(re.sub(r"[\s\u3000]+", " ", text.strip())))
    return re.sub(r"[\s\u3000]+", " ", text.strip())[m.start(1):m.end(1)] if m else ""


def office_headline_speaker(text: str) -> str:
    """``市委书记王小明在全市……会议上的讲话`` -> ``王小明`` (the office before the name is not part of it)."""
    m = _OFFICE_HEADLINE.match(fold(text.strip()))
    if m is None or fold(m.group(1)[0]) not in SURNAMES:
        return ""
    return text.strip()[m.start(1):m.end(1)]


def without_name_list(notes: list[str]) -> list[str]:
    """The notes under a title without their name lines when three or more are names: a list, not a byline."""
    return [n for n in notes if not line_name(n)] if sum(1 for n in notes if line_name(n)) >= 3 else notes


def signature_speaker(lines: list[str]) -> str:
    """The name signed at the end of a speech: among the last four lines, skipping a date and the unit (and none
    when the line above the name is a name too: the end of a list)."""
    last = [x.strip() for x in lines if x.strip()][-4:]
    for k, t in list(enumerate(last))[::-1]:
        if k > 0 and is_name_line(last[k - 1]) and is_name_line(t):
            return ""
        if _DATE_LINE.match(t) and len(t) <= 20 or t in _CLOSINGS:
            continue
        name = byline_name(t)
        if name:
            return name
        if placeholder_name(t):
            return placeholder_name(t)
        m = NAME.match(_unwrap(t))
        if m and is_name_line(t) and t.rstrip("同志") not in _CLOSINGS:
            return re.sub(r"\s+", "", m.group("name"))
        if len(t) > 30 or re.search(r"[。！？!?；;，,]", t):
            return ""  # the body: no signature
    return ""


def reported_speaker(text: str) -> str:
    """The person a news report quotes at the start of two or more sentences (``陈云指出`` … ``陈云要求``)."""
    counts: dict[str, int] = {}
    for m in _QUOTED.finditer(fold(text)):
        name = m.group(1)
        if fold(name[0]) in SURNAMES:
            key = text[m.start(1):m.end(1)]
            counts[key] = counts.get(key, 0) + 1
    best = max(counts.items(), key=lambda kv: kv[1], default=("", 0))
    return best[0] if best[1] >= 2 and list(counts.values()).count(best[1]) == 1 else ""


def news_writer(value: str, title: str, suffix: str, speech: bool) -> bool:
    """A saved HTML news page's 作者 field naming a person (``作者：王晓燕``) under a title that is no speech,
    experience talk or template (``speech``: its title has their shape; those pages' 作者 is the account
    that posted the copy)."""
    return suffix.lower() in (".html", ".htm", ".xhtml") and bool(line_name(value) or names_line(value)) \
        and not speech and not re.search(r"范文|模板|例文|精选|大全|\d+篇", title)


def speaker_in_text(texts: list[str], consumed: int) -> str:
    """A speaker named below the title block: a headline-shaped line near the top (``李明同志在……上的讲话``),
    a byline a few lines down, the signature at the end, or the person a news report quotes again and again
    (:func:`reported_speaker`: a report carries that person's speech; ``texts``: the non-empty lines;
    ``consumed``: how many the title block took)."""
    top = texts[:consumed + 8]
    notice = any(re.search(r"(?:通知|通报|决定|意见|办法|规定|方案|批复|请示|函|公告)$", x) for x in texts[:max(consumed, 1)])
    for i, t in enumerate(top):
        if i <= consumed + 2 and not notice and (unit := unit_dated(t)):
            return unit  # xx市人民政府办公室(2009年3月12日) under an experience talk's title: the unit that wrote it
        headline = len(t) <= 60 and not re.search(r"[。！？；，,]", t)  # (李明华在讲话中指出,……: the report's sentence)
        if len(t) <= 60 and (name := (headline_speaker(t) or office_headline_speaker(t) if headline else "") or byline_name(t)):
            return name
        if headline and i < 3 and i + 1 < len(texts) and len(t) <= 30 and len(texts[i + 1]) <= 30 and "在" in t \
                and (name := headline_speaker(t + texts[i + 1]) or office_headline_speaker(t + texts[i + 1])):
            return name  # 张德江委员长在十二届全国人大常委会 / 第二十四次会议上的讲话: a headline over two lines
        if i + 1 < len(texts) and line_name(t) and re.search(r"[:：]$", texts[i + 1]) and len(texts[i + 1]) <= 40:
            return line_name(t)  # 刘某某 / 同志们： the speaker's name right above the salutation
    return (signature_speaker(texts[-4:]) if len(texts) >= 3 else "") or reported_speaker("\n".join(texts)[:8000])
