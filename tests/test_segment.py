"""Headings, levels, run-on headings and passage splitting."""

from __future__ import annotations

from kb.models import Block
from kb.segment import MAX_CHARS, MIN_CHARS, passages_and_outline, sentences, split_paragraph, structure

P = "办公室工作连着上下、通着左右，必须始终把政治建设摆在首位，确保每一项工作都经得起检验。"


def outline(*lines: str) -> list[tuple[int, str]]:
    return [(u.heading_level, u.text) for u in structure([Block(t) for t in lines]) if u.heading_level]


def test_gbt_9704_levels_and_speech_habits() -> None:
    assert outline("一、总体要求", P, "（一）指导思想", P, "1.坚持党的领导", P, "（1）把方向", P, "二、主要任务", P,
                   "一是要绝对忠诚。", P) == [
        (1, "一、总体要求"), (2, "（一）指导思想"), (3, "1.坚持党的领导"), (4, "（1）把方向"), (1, "二、主要任务"),
        (2, "一是要绝对忠诚")]


def test_run_on_heading_is_split_from_its_text() -> None:
    units = structure([Block("（一）高起点搞谋划。" + P)])
    assert [(u.heading_level, u.text) for u in units] == [(1, "（一）高起点搞谋划"), (0, P)]


def test_numbered_lines_with_nothing_under_them_are_list_items() -> None:
    rules = ["一、召开秘密程度较高的重要会议,会前应与保卫、保密部门联系。",
             "二、涉及国家秘密内容的会议,应选择具备安全保密条件的会议场所",
             "三、凡传达秘密文件,要按文件规定办理,不得擅自扩大传达范围"]
    units = structure([Block(t) for t in rules])
    assert [(u.heading_level, u.text) for u in units] == [(0, t) for t in rules]
    # a heading with its text (or its sub-heading) under it stays a heading
    assert outline("一、总体要求", "（一）指导思想", P, "二、主要任务", P) == [
        (1, "一、总体要求"), (2, "（一）指导思想"), (1, "二、主要任务")]


def test_sloppy_numbering_continues_the_list() -> None:
    assert outline("一、高", "（一）高起点搞谋划。" + P, "（二）高标准抓落实。" + P, "三是高质量提建议。" + P, "二、宽", P) == [
        (1, "一、高"), (2, "（一）高起点搞谋划"), (2, "（二）高标准抓落实"), (2, "三是高质量提建议"), (1, "二、宽")]


def test_not_headings() -> None:
    assert outline("七、八点钟办公楼灯火通明是常事。", "同志们：", "最后，很感谢领导给我们提供了这次业务工作体会交流的机会，让我们总结经验。",
                   "一是要加强学习，不断提高自身素质，做到学以致用，二是要改进作风，三是要狠抓落实，确保各项工作落到实处。") == []


def test_unnumbered_short_line_between_paragraphs_is_a_heading() -> None:
    assert outline(P, "分析新形势 着眼新突破", P) == [(1, "分析新形势 着眼新突破")]


def test_passages_carry_heading_paths_and_bounds() -> None:
    long = "为此，提出以下要求。" + "".join(f"第{n}，要做好第{n}项工作。" + P * 2 for n in "一二三四")
    units = structure([Block("一、总体要求"), Block(long), Block("同志们："), Block(P)])
    passages, heads = passages_and_outline(units)
    assert all(p.heading_path == ("一、总体要求",) for p in passages)
    assert [p.text[:3] for p in passages[:5]] == ["为此，", "第二，", "第三，", "第四，", "同志们"]
    assert "第一，要做好第一项工作。" in passages[0].text  # the short lead is merged with the first point
    assert all(len(p.text) <= MAX_CHARS for p in passages)
    assert passages[-1].text == "同志们：\n" + P  # a short fragment is merged with what follows
    assert heads[0].ordinal == 0
    again, _h = passages_and_outline(structure([Block("一、总体要求"), Block(long), Block("同志们："), Block(P)]))
    assert again == passages


def test_sentences_respect_quotes_and_split_long_paragraphs() -> None:
    assert sentences("他说：“要讲政治。要讲奉献。”我们照办。好！") == ["他说：“要讲政治。要讲奉献。”", "我们照办。", "好！"]
    parts = split_paragraph(P * 12)
    assert all(MIN_CHARS <= len(p) <= MAX_CHARS and p.endswith("。") for p in parts)
    assert "".join(parts) == P * 12


def test_every_numbering_style_the_segmenter_claims() -> None:
    from kb.segment import STYLES, numbering

    examples = {
        "chapter": ("第十二章 总则", 12), "section": ("第一百零一节 细则", 101), "cn": ("三、主要任务", 3),
        "cn_paren": ("（十一）加强督查", 11), "num": ("12.坚持原则", 12), "num_paren": ("（3）把方向", 3),
        "circled": ("②抓落实", 2), "di": ("第二，要讲政治", 2), "shi": ("四是抓队伍", 4), "yao": ("五要重实效", 5),
        "order": ("其次，要重实效", 2),
    }
    assert set(examples) == {name for name, _pat in STYLES}
    for name, (line, n) in examples.items():
        assert numbering(line) == (name, n), line
    # every enclosed form of a number: circled, parenthesised, with a full stop, negative circled
    for line, n in (("①一级", 1), ("⑳二十", 20), ("⑴括号", 1), ("⒇括号", 20), ("⒈句点", 1), ("❸反白", 3), ("➉无衬线", 10)):
        assert numbering(line) == ("circled", n), line
    assert numbering("（１２）全角") == ("num_paren", 12)


def test_circled_headings_make_an_outline() -> None:
    assert outline("①提高站位", P, "②强化服务", P, "③狠抓落实", P) == [
        (1, "①提高站位"), (1, "②强化服务"), (1, "③狠抓落实")]
    assert outline("一、总体要求", P, "⑴指导思想", P, "⑵基本原则", P) == [
        (1, "一、总体要求"), (2, "⑴指导思想"), (2, "⑵基本原则")]
