"""The top of a text: a title glued to the body, a title printed twice, the page's description (the
opening cut short, or a teaser ending in ... that the next lines repeat)."""

from __future__ import annotations

import re

from kb.clean import CleanText
from kb.models import Block
from kb.text import before_dash, fold, near_same

_GLUED = re.compile(r"^(.{4,80}?)\s*((?:各位(?:领导|代表|委员|同事|同志|职工代表)[、，,]\s*)?同志们|各位领导|各位代表|各位来宾|"
                    r"尊敬的[^，,：:]{1,20})\s*[:：，,]")
_TITLE_SHAPE = re.compile(r"(讲话|发言|致辞|讲稿|报告|材料|体会|心得|总结|主持词|开幕词|闭幕词|党课|提纲)(?:稿|文稿|范文|全文)?"
                          r"(?:[（(][^）)]{1,12}[）)])?$|^在.{2,40}上")


#: a title's ending, then the addressees of the salutation (市委巡察组 before 各位领导,同志们:)
_ADDRESSEE = re.compile(r"^(.{4,70}?(?:讲话|发言|致辞|讲稿|报告|材料|体会|心得|总结|主持词|党课)(?:稿|文稿|范文|全文)?)"
                        r"[\u4e00-\u9fff]{2,12}$")
_DOC_TITLE = re.compile(r"^(.{4,60}?)\.(?:docx?|wps|pdf)(?:\s*(?:下载本文档?|下载|免费下载|立即下载))?$", re.I)
#: 【公务接待具体事项】在日常行政管理工作中,……: a title in brackets run into the body
_BRACKET_TITLE = re.compile(r"^[【\[]([^】\]]{4,40})[】\]]\s*(\S.{20,})$")
_TEASER_END = re.compile(r"(\.{3,}|…+|。{3,})$")
#: a rule's or a procedure's title run into its first clause (``……管理制度一.总则1.……``, ``……安排流程1.会务……``)
_RULES_TITLE = re.compile(r"^([^。，,；;：:！？!?\s]{4,40}?(?:制度|办法|规定|流程|方案|细则|须知|守则|规程|章程|条例|职责|要点|"
                          r"计划|意见|通知|指南|指引))\s*(?=(?:第[一二三四五六七八九十]+[章条]|[一二三四五六七八九十]{1,3}[、.．]|"
                          r"[1１][.、．](?!\d)|[（(][一1][)）])\S{2,})")
#: a title printed twice (the page's heading, then the text's) and run into the text on one line, perhaps
#: numbered as the first of a page's collection: ``1、党政办年度工作总结 党政办年度工作总结 今年是……``
_TWICE_GLUED = re.compile(r"^(?:[1１一][、.．]\s*)?([^\s。，,；;：:！？!?]{4,40}?)\s*\1\s*(\S.{20,})$")
#: a speech's title run into its first sentence with no salutation between (``……例会上的讲话方才,各乡镇……``)
_MEETING_GLUED = re.compile(r"^(?:[1１][、.．]\s*)?((?:[\u4e00-\u9fff]{2,12}(?=在))?在[^。，,；;：:！？!?\s]{2,50}?(?:会议|大会|会|座谈会|培训班|研讨班|论坛|典礼|仪式|活动|开班式|"
                            r"开幕式|闭幕式|结业式)[上中]的?(?:讲话|发言|致辞|报告|总结讲话|主持词|交流发言|讲稿)(?:稿|文稿)?)"
                            r"(?![精指强要中时的，,、。；;：:\s])(?=\S{20,})")


def drop_opening_repeat(blocks: list[Block], out: CleanText) -> list[Block]:
    """A page's description: the opening of the text cut short, printed right before the text itself."""
    idx = [i for i, b in enumerate(blocks) if b.text][:6]
    drop: set[int] = set()
    for a, b in zip(idx, idx[1:], strict=False):
        head = blocks[a].text.rstrip("。…. ,，")
        if len(head) >= 20 and len(blocks[b].text) > len(blocks[a].text) + 4 and blocks[b].text.startswith(head):
            drop.add(a)
            out.drop("teaser", blocks[a].text)  # the opening repeated
    return [x for i, x in enumerate(blocks) if i not in drop]


def split_glued_title(blocks: list[Block], out: CleanText) -> list[Block]:
    """A title run into the body on one line (``……会议上的讲话同志们:今天,召开……``, ``【标题】正文……``) becomes two lines;
    a title repeated several times at the top (``标题 标题标题``) is kept once."""
    res = list(blocks)
    seen = 0
    for i, b in enumerate(res):
        if not b.text:
            continue
        seen += 1
        if seen > 3:
            break
        t = b.text
        doc = _DOC_TITLE.match(t)
        if doc:  # 在……会议上的讲话.doc 下载本文: a document site's title line
            out.drop("document link", t[doc.end(1):])
            res[i] = Block(doc.group(1).strip(), "title", b.level, b.page)
            break
        br = _BRACKET_TITLE.match(t)
        if br and not re.search(r"[。，,；;：:！？!?|]|(?:词|读|要|语|注|按)$", br.group(1)):
            res[i:i + 1] = [Block(br.group(1).strip(), "para", 0, b.page), Block(br.group(2).strip(), b.kind, b.level, b.page)]
            out.drop("title glued to the body (split)", br.group(1))
            break
        twice = _TWICE_GLUED.match(t)
        if twice and _TITLE_SHAPE.search(fold(twice.group(1))):
            res[i:i + 1] = [Block(twice.group(1), "para", 0, b.page), Block(twice.group(2).strip(), b.kind, b.level, b.page)]
            out.drop("title glued to the body (split)", twice.group(1))
            out.drop("repeated title", twice.group(1))
            break
        lead = _RULES_TITLE.match(fold(t)) or (_MEETING_GLUED.match(fold(t)) if seen == 1 else None)
        if lead and not _GLUED.match(fold(t)):
            title, cut = t[lead.start(1):lead.end(1)].strip(), lead.end(1)  # (1、 numbering the page's first piece)
            label = _MEETING_GLUED.match(fold(t)[cut:]) if lead.re is _MEETING_GLUED else None
            if label is not None and near_same(title, t[cut:cut + label.end(1)]):
                out.drop("page label", title)  # 在……例会上讲话在……例会上的讲话: the page's heading, then the text's
                title, cut = t[cut:cut + label.end(1)].strip(), cut + label.end(1)
            res[i:i + 1] = [Block(title, "para", 0, b.page), Block(t[cut:].strip(), b.kind, b.level, b.page)]
            out.drop("title glued to the body (split)", title)
            break
        m = _GLUED.match(fold(t))
        cut, body = (m.end(1), m.start(2)) if m else (0, 0)
        if m and not _TITLE_SHAPE.search(m.group(1).strip()) and (a := _ADDRESSEE.match(m.group(1))):
            cut = body = a.end(1)  # ……表态发言文稿 / 市委巡察组各位领导,同志们: the addressees open the body
        if m and _TITLE_SHAPE.search(t[:cut].strip()) and len(t) > cut + 4:
            title = _once(t[:cut].strip())
            parts = title.split()
            if len(parts) >= 2 and len(parts[-1]) >= 6 and _TITLE_SHAPE.search(parts[-1]):
                out.drop("page label", " ".join(parts[:-1]))  # 信访工作会议上讲话稿 在全县……的讲话
                title = parts[-1]
            res[i:i + 1] = [Block(title, "para", 0, b.page), Block(t[body:].strip(), b.kind, b.level, b.page)]
            out.drop("title glued to the body (split)", title)
            earlier = [j for j in range(i) if res[j].text]
            if earlier and res[earlier[-1]].text.strip() == title:  # the page's label lines, then the title again
                for j in earlier:
                    out.drop("page label", res[j].text)
                res = [x for j, x in enumerate(res) if j not in earlier]
            break
        once = _once(t)
        if once != t and len(once) <= 60 and not re.search(r"[。！？；!?;，,]", once):  # a title, not a sentence
            out.drop("repeated title", t)
            res[i] = Block(once, b.kind, b.level, b.page)
    return res


def _once(text: str) -> str:
    """``标题 标题标题`` -> ``标题``: a short text repeated two or more times."""
    s = re.sub(r"\s+", "", text)
    n = len(s)
    for k in (2, 3, 4):
        if n % k == 0 and n // k >= 4 and s[:n // k] * k == s:
            parts = text.split()
            return parts[0] if parts and re.sub(r"\s+", "", parts[0]) == s[:n // k] else s[:n // k]
    return text


def drop_teaser(blocks: list[Block], out: CleanText) -> list[Block]:
    """A web teaser: an early line ending in ... / … whose words the following lines repeat."""
    kept = []
    seen = 0
    for i, b in enumerate(blocks):
        t = b.text
        seen += bool(t)
        if seen <= 8 and _TEASER_END.search(t) and len(t) > 20:
            stem = re.sub(r"\s+", "", _TEASER_END.sub("", t))
            rest = re.sub(r"\s+", "", "".join(x.text for x in blocks[i + 1:i + 40]))
            probes = [stem[-12:], stem[len(stem) // 2:len(stem) // 2 + 12]]
            if all(p and p in rest for p in probes):
                out.drop("teaser", t)
                continue
        kept.append(b)
    return kept


def drop_repeated_title(blocks: list[Block], out: CleanText) -> list[Block]:
    """The page title printed twice at the top (a bookmark heading and the article heading)."""
    first = [i for i, b in enumerate(blocks) if b.text][:4]
    kept_texts: set[str] = set()
    drop: set[int] = set()
    for i in first:
        t = blocks[i].text
        if t in kept_texts and len(t) <= 60:
            drop.add(i)
            out.drop("repeated title", t)
        kept_texts.add(t)
    heads = [(i, before_dash(blocks[i].text)) for i in first if i not in drop and len(blocks[i].text) <= 80]
    for (i, a), (_j, b) in zip(heads, heads[1:], strict=False):
        if len(a) >= 6 and _TITLE_SHAPE.search(fold(a)) and _TITLE_SHAPE.search(fold(b)) and near_same(a, b):
            drop.add(i)  # the page's heading (……活动上讲话), then the text's own title (……活动上的讲话)
            out.drop("repeated title", blocks[i].text)
    return [b for i, b in enumerate(blocks) if i not in drop]


#: a standard's or a report's cover codes (ICS 27.120.99 / F65 / NB/T XXXX—20YY / 备案号：), never the author's text
_COVER_CODE = re.compile(r"^(?:(?:ICS|CCS)\s*[\d.A-Z\s]+|[A-Z]\s?\d{2}|[A-Z]{2,4}|备案号\s*[:：]\s*\S*|"
                         r"(?:GB|NB|DL|JB|HG|YY|QB|SL|DB\d*|T|JJF|JJG|WS|HJ|AQ|MT|SH|SY|TB|JT|CJ|GA|LY|NY|SN|[A-Z]{1,2})"
                         r"(?:/[TZ])?\s*[\dX]{2,}[\s.\dX]*(?:[-—－]\s*[\dXY]{2,4})?)$")


def drop_cover_codes(blocks: list[Block], out: CleanText) -> list[Block]:
    """Cover codes among the first fifteen lines, also as the first line of a block (a cover in a table)."""
    res: list[Block] = []
    seen = 0
    for b in blocks:
        seen += bool(b.text)
        if seen > 15 or not b.text:
            res.append(b)
            continue
        first, _, rest = b.text.partition("\n")
        if _COVER_CODE.match(first.replace("\u2002", " ").strip()):
            out.drop("cover code", first)
            if rest.strip():
                res.append(Block(rest.strip(), b.kind, b.level, b.page))
            continue
        res.append(b)
    return res


def join_vertical(blocks: list[Block], out: CleanText) -> list[Block]:
    """A word set vertically (a cover's title, a table's row label): three or more lines of one character
    each on the same page become one line (竞 / 争 / 性 / 磋 / 商 / 文 / 件 -> 竞争性磋商文件)."""
    res: list[Block] = []
    run: list[Block] = []
    for b in [*blocks, Block("", "para", 0, None)]:
        if re.fullmatch(r"[\u4e00-\u9fff]", b.text.strip()) and (not run or run[-1].page == b.page):
            run.append(b)
            continue
        if len(run) >= 3:
            word = "".join(x.text.strip() for x in run)
            out.drop("vertical text (joined)", word)
            res.append(Block(word, run[0].kind, run[0].level, run[0].page))
        else:
            res.extend(run)
        run = [b] if re.fullmatch(r"[\u4e00-\u9fff]", b.text.strip()) else []
        if not run:
            res.append(b)
    return res[:-1]


#: a forum's print view names the title in a field: 标题: 办公室接待工作制度 [打印本页]
_THIS_TITLE = re.compile(r"^(?:本文标题|文章标题|本文題目|本文标题为)\s*[:：]\s*(\S.{3,80}?)\s*$")
_TITLE_FIELD = re.compile(r"^标题\s*[:：]\s*(.{4,80}?)\s*(?:[\[【]打印本页[\]】])?$")


def title_field(blocks: list[Block], out: CleanText) -> list[Block]:
    """A ``标题:`` line among the first ten becomes the title block (the field name and the print link go);
    a page's ``本文标题:`` line anywhere goes, and names the title (``meta["page_title"]``)."""
    res = list(blocks)
    for i, b in enumerate(res[:10]):
        m = _TITLE_FIELD.match(b.text.strip())
        if m:
            out.drop("title field", b.text)
            res[i] = Block(m.group(1), "title", b.level, b.page)
            break
    for b in res:  # 本文标题:…… under the text (with the page's link): the page names the title, not the author
        if (m2 := _THIS_TITLE.match(b.text.strip())) is not None:
            out.drop("title field", b.text)
            out.meta.setdefault("page_title", m2.group(1))
    return [b for b in res if not _THIS_TITLE.match(b.text.strip())]
