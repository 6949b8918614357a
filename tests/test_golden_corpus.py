"""Golden tests over the five bundled documents: titles, dates, heading paths, no boilerplate,
no sentence cut by a line break."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from kb import metadata, segment
from kb.clean.document import CleanText, clean
from kb.extract import extract
from kb.models import DocumentMeta, Heading
from kb.segment import RawPassage

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
BOOK = "用心办公——办公厅工作随记（书籍节选）.md"
WEB = "在全区党政办公室主任会议上的讲话（中词库网页）.txt"
REPRINT = "新时期办公室工作讲话（网页转载）.txt"
SPEECH = "党政机关办公室主任工作会议上的讲话.txt"
TALK = "着眼高宽平 提升质能效——8年党办工作体会分享.txt"
ALL = [BOOK, WEB, REPRINT, SPEECH, TALK]


@dataclass
class Processed:
    cleaned: CleanText
    meta: DocumentMeta
    passages: list[RawPassage]
    outline: list[Heading]


def process(path: Path) -> Processed:
    src = extract(path)
    cleaned = clean(src)
    full = "\n".join(b.text for b in cleaned.lines)
    meta, consumed = metadata.detect(cleaned.lines, cleaned.meta, src.meta, path, full)
    units = segment.structure(cleaned.lines[consumed:], meta.title)
    passages, outline = segment.passages_and_outline(units)
    return Processed(cleaned, meta, passages, outline)


@pytest.fixture(scope="module")
def docs() -> dict[str, Processed]:
    return {name: process(CORPUS / name) for name in ALL}


def paths(doc: Processed) -> list[tuple[str, ...]]:
    seen: list[tuple[str, ...]] = []
    for p in doc.passages:
        if p.heading_path not in seen:
            seen.append(p.heading_path)
    return seen


@pytest.mark.parametrize("name, title, subtitle, date, genre", [
    (BOOK, "用心办公", "办公厅工作随记", "2008-12", "书籍/教材"),
    (WEB, "在全区党政办公室主任会议上的讲话", "", "", "讲话"),  # 2024-08-28 is the page's 更新时间
    (REPRINT, "新时期办公室工作讲话", "", "", "讲话"),
    (SPEECH, "党政机关办公室主任工作会议上的讲话", "", "", "讲话"),
    (TALK, "着眼“高”“宽”“平” 提升“质”“能”“效”", "8年党办工作体会分享", "", "体会/交流发言"),
])
def test_title_subtitle_date_genre(docs: dict[str, Processed], name: str, title: str, subtitle: str, date: str,
                                   genre: str) -> None:
    meta = docs[name].meta
    assert (meta.title, meta.subtitle, meta.date, meta.genre) == (title, subtitle, date, genre)
    assert meta.language == "zh-Hans"


def test_other_metadata(docs: dict[str, Processed]) -> None:
    book, web = docs[BOOK].meta, docs[WEB].meta
    assert (book.author, book.extra["publisher"], book.extra["isbn"]) == ("任亚平", "内蒙古人民出版社",
                                                                         "978-7-204-09736-4")
    assert (web.author, web.origin, web.occasion, web.extra["source_note"]) == (
        "", "中词库", "全区党政办公室主任会议", "网络")
    # the site's poster and update time are the page's, kept apart from the speaker and the speech date
    assert (web.extra["poster"], web.extra["page_date"]) == ("心旷神怡", "2024-08-28")
    assert docs[SPEECH].meta.occasion == "党政机关办公室主任工作会议"
    assert docs[SPEECH].meta.origin == SPEECH


def test_book_heading_paths(docs: dict[str, Processed]) -> None:
    assert paths(docs[BOOK]) == [
        ("自序",),
        ("办公厅工作", "谈办公厅工作"),
        ("办公厅工作", "谈办公厅工作", "分析新形势 着眼新突破"),
        ("办公厅工作", "谈办公厅工作", "分析新形势 着眼新突破", "第一，社会主义市场经济体制的建立和发展，给我们提出新要求"),
        ("办公厅工作", "谈办公厅工作", "分析新形势 着眼新突破",
         "第二，以经济建设为中心，抓住机遇、加快发展的工作重点，给我们提出新要求"),
        ("办公厅工作", "谈办公厅工作", "分析新形势 着眼新突破", "第三,改革、发展、稳定的工作大局和基本方针,给我们提出新要求"),
        ("办公厅工作", "谈办公厅工作", "分析新形势 着眼新突破", "第四,勤政为民,廉洁自律,给我们提出新要求"),
        ("办公厅工作", "提高干部素质 加强队伍建设"),
        ("办公厅工作", "提高干部素质 加强队伍建设", "第一，要讲政治"),
        ("办公厅工作", "提高干部素质 加强队伍建设", "第二，要讲奉献"),
    ]


def test_web_copy_heading_paths(docs: dict[str, Processed]) -> None:
    outline = [(h.level, h.text) for h in docs[WEB].outline]
    assert outline[:6] == [(1, "第一，牢牢把握正确工作方向"), (2, "一是要绝对忠诚"), (2, "二是要坚决服从"),
                           (2, "三是要恪守纪律"), (2, "四是要促进落实"), (1, "第二，全力围绕中心服务大局")]
    assert outline[-5:] == [(1, "第三，坚持事业立身道德立世"), (2, "一要加强学习持恒心"), (2, "二要担当奉献讲热心"),
                            (2, "三要保持定力须安心"), (2, "四要敬畏法德莫乱心")]
    assert len(outline) == 18
    first = docs[WEB].passages[0]
    assert first.heading_path == () and first.text.startswith("这次会议，是经区委区政府同意召开的")


def test_reprint_heading_paths(docs: dict[str, Processed]) -> None:
    outline = [(h.level, h.text) for h in docs[REPRINT].outline]
    assert outline == [
        (1, "一、明确职责，把握重点，充分认识办公室工作的重要地位和作用"),
        (1, "二、严谨求实，整章建制，大力提高办公室工作的质量和效率"),
        (2, "第一，靠觉悟，就是要用敬业奉献、严谨求实的事业心、责任心来凝铸办公室工作的质量和效率"),
        (3, "第一，讲严谨求实，就是要狠抓落实"),
        (2, "第二，靠制度，就是要以制度化、规范化来保障办公室工作的质量和效率"),
        (2, "第三，靠知识，就是要以强化干部的业务素质来促进办公室工作的质量和效率"),
        (1, "三、适应形势，提高素质，努力当好办公室主任"),
        (2, "（一）工作思路要面向新时期，适应新形势"),
        (3, "一是要适应市场经济的新形势"),
        (2, "（二）工作方法要注重统筹性，大力提高综合能力"),
        (2, "（三）工作态度要迎难而上，开拓创新，实事求是"),
    ]
    text = "".join(p.text for p in docs[REPRINT].passages)
    assert "晚上七、八点钟办公楼灯火通明是常事" in text  # 七、八点钟 is no heading
    assert "城市建设和社会发展规划、计划的编制、计划宏观管理" in text or "计划的编制、计划宏观管理" in text


def test_speech_and_talk_heading_paths(docs: dict[str, Processed]) -> None:
    assert [(h.level, h.text[:8]) for h in docs[SPEECH].outline] == [
        (1, "一、充分认识党政"), (1, "二、紧紧围绕党委"), (1, "三、牢牢把握正确"),
        (2, "一是要始终加强党"), (2, "二是要始终加强班"), (2, "三是要始终加强学"), (2, "四是要始终加强效")]
    assert docs[SPEECH].outline[0].text.endswith("不断增强做好“三服务”工作的责任感和使命感")
    assert [(h.level, h.text) for h in docs[TALK].outline] == [
        (1, "一、“高”"), (2, "（一）高起点搞谋划"), (2, "（二）高标准抓落实"), (2, "三是高质量提建议"),
        (1, "二、宽"), (2, "（一）宽视野"), (2, "（二）宽胸襟"), (2, "（三）宽业务"),
        (1, "三、“平”"), (2, "一是借业务优势平润内部关系"), (2, "二是借上级“威”势平缓矛盾关系"),
        (2, "三是借单位“位”势平顺对外关系")]
    under = [p for p in docs[TALK].passages if p.heading_path == ("一、“高”", "（一）高起点搞谋划")]
    assert under[0].text.startswith("党委办公室是各级党委")  # the run-on heading is split from its text
    assert docs[TALK].passages[-1].text.startswith("最后，很感谢领导")  # a closing paragraph, not a heading


BOILERPLATE = re.compile(
    r"中词库|zciku|www\.|https?://|\[bookmark|bookmark:|mdash;|&\w+;|ISBN|CIP|图书在版编目|定\s*价|印\s*数|开\s*本|"
    r"责任编辑|出版发行|如出现印装质量问题|来源：|作者：|更新时间|上一篇|下一篇|版权所有|◎|\t\d+$|〔目\s*录〕")
TOC_LINES = ["后记", "主编与指导编写的书籍", "办公之外的随记", "外出办公", "机关工委工作", "学习体会", "调查研究", "重要接待"]


@pytest.mark.parametrize("name", ALL)
def test_no_boilerplate_in_passages(docs: dict[str, Processed], name: str) -> None:
    for p in docs[name].passages:
        assert not BOILERPLATE.search(p.text), p.text[:80]
        assert p.text.strip() not in TOC_LINES
        assert "遇事留心·工作用心·办事细心" not in p.text  # a running header inside a sentence
    texts = [p.text for p in docs[name].passages]
    assert not any(t.endswith(("...", "…")) for t in texts)  # no teaser


def test_removed_counts(docs: dict[str, Processed]) -> None:
    counts = {name: len(docs[name].cleaned.removed) for name in ALL}
    assert counts == {BOOK: 54, WEB: 4, REPRINT: 1, SPEECH: 0, TALK: 0}
    reasons = {r for r, _t in docs[BOOK].cleaned.removed}
    assert reasons == {"front matter", "table of contents", "table of contents (repeated)", "photo caption",
                       "running header inside a sentence"}


def test_entities_repaired(docs: dict[str, Processed]) -> None:
    text = "".join(p.text for p in docs[SPEECH].passages)
    assert "6月9—10日，中央再次召开全国党委秘书长会议" in text


END = "。！？!?；;…”’」』）)：:"


@pytest.mark.parametrize("name", ALL)
def test_no_sentence_cut_by_a_line_break(docs: dict[str, Processed], name: str) -> None:
    """Each passage ends a sentence unless a new section follows, or it ends the document."""
    ps = docs[name].passages
    for i, p in enumerate(ps):
        if i + 1 < len(ps) and ps[i + 1].heading_path == p.heading_path:
            assert p.text.rstrip().endswith(tuple(END)) or p.text.endswith(("，", ",")) and len(p.text) >= 300, \
                (p.text[-40:], ps[i + 1].text[:20])
    # and no passage starts with what can only continue a sentence
    for p in ps:
        assert p.text[0] not in "，。、；：）", p.text[:30]


def test_passage_bounds_and_determinism(docs: dict[str, Processed]) -> None:
    for name in ALL:
        for p in docs[name].passages:
            assert len(p.text) <= segment.MAX_CHARS
        again = process(CORPUS / name)
        assert [p.text for p in again.passages] == [p.text for p in docs[name].passages]
