"""Cleaning rules one by one, on small made-up inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.chars import fix_spacing, recover_mojibake, repair_line, restore_quotes, undouble
from kb.clean.document import clean
from kb.clean.join import join_lines, looks_like_heading_start
from kb.models import Block, SourceDocument

BODY = "办公室工作连着上下、通着左右，必须始终把政治建设摆在首位，确保每一项工作都经得起检验。"


def doc(*lines: str, page: int | None = None) -> SourceDocument:
    return SourceDocument(path=Path("x.txt"), format="txt", blocks=tuple(Block(t, page=page) for t in lines))


def texts(*lines: str) -> list[str]:
    return [b.text for b in clean(doc(*lines)).lines]


@pytest.mark.parametrize("raw, fixed", [
    ("6月9mdash;10日", "6月9—10日"),
    ("[bookmark: _Toc1]在全区会议上的讲话", "在全区会议上的讲话"),
    ("我们要⽤心⽤情", "我们要用心用情"),
    ("服 务 是 办 公 室 的 立 身 之 本", "服务是办公室的立身之本"),
    ("分析新形势 着眼新突破", "分析新形势 着眼新突破"),  # the author's space in a short heading stays
    ("（2023 年3 月15 日）", "（2023年3月15日）"),
    ("文字(cid:12)里的\ue000私用\ufffd字符", "文字里的私用字符"),
    ("<span style=\"x\">正文</span>", "正文"),
    ("⸺副标题", "——副标题"),
])
def test_repair_line(raw: str, fixed: str) -> None:
    assert repair_line(raw) == fixed


def test_mojibake_and_bold_lines() -> None:
    assert recover_mojibake("办公室工作无小事".encode("gbk").decode("latin-1")) == "办公室工作无小事"
    assert recover_mojibake("Plain English text") is None
    assert undouble("重重要要讲讲话话") == "重要讲话"
    assert undouble("标题文字标题文字") == "标题文字"
    assert undouble("天天向上，好好学习") == "天天向上，好好学习"
    assert fix_spacing("作 者 任亚平") == "作者任亚平"


def test_web_boilerplate() -> None:
    out = clean(doc("某某网 / www.example.com", "来源：网络  作者：王五  更新时间：2024-08-28", BODY[:30] + "...",
                    BODY, "上一篇：另一篇讲话", "下一篇：又一篇", "版权所有 某某网"))
    assert [b.text for b in out.lines] == [BODY]
    assert out.meta == {"site": "某某网", "source_note": "网络", "author": "王五", "date": "2024-08-28"}
    assert sorted(r for r, _t in out.removed) == ["metadata line", "navigation", "navigation", "navigation",
                                                  "site banner", "teaser"]


def test_book_front_matter_and_toc() -> None:
    out = clean(doc("任亚平 著", "# 用心办公", "图书在版编目(CIP)数据",
                    "用心办公: 办公厅工作随记 / 任亚平著. — 呼和浩特: 内蒙古人民出版社, 2008.10", "ISBN 978-7-204-09736-4",
                    "版 次 2008 年 12 月第 1 版", "定 价 62.00 元", "目 录", "学习体会\t345", "调查研究\t289", "后 记\t493", "",
                    "自序", BODY, "学习体会", "调查研究", "后记", "◎ 图为作者在会议上讲话。", "第3页 共29页", BODY))
    assert [(b.kind, b.text) for b in out.lines][:2] == [("title", "用心办公"), ("subtitle", "办公厅工作随记")]
    assert [b.text for b in out.lines][2:] == ["自序", BODY, BODY]
    assert out.meta["author"] == "任亚平" and out.meta["date"] == "2008年12月"
    assert out.meta["publisher"] == "内蒙古人民出版社" and out.meta["isbn"] == "978-7-204-09736-4"
    reasons = [r for r, _t in out.removed]
    assert reasons.count("table of contents") == 4 and reasons.count("table of contents (repeated)") == 3
    assert "photo caption" in reasons and "page number" in reasons


def test_contents_lines_with_a_dot_leader_may_be_questions() -> None:
    leader = "." * 60
    assert texts(f"4.需量與最大需量之定義為何？ {leader} 6", f"4.契約容量高低不同，系統如何區隔？ {leader} 56", BODY) == [BODY]
    # a sentence that ends in an ellipsis and a number is the author's
    assert texts("他说：这件事，我们要办好……2", BODY) == ["他说：这件事，我们要办好……2", BODY]


def test_running_headers_on_pages() -> None:
    blocks = []
    for n in range(1, 5):
        blocks += [Block("县委办公室文件汇编", page=n), Block(f"第{n}段。" + BODY, page=n), Block(f"- {n} -", page=n)]
    out = clean(SourceDocument(Path("x.pdf"), "pdf", tuple(blocks)))
    assert all(b.text.endswith(BODY) for b in out.lines) and len(out.lines) == 4
    assert [r for r, _t in out.removed].count("running header/footer") == 8


def test_running_header_inside_a_sentence() -> None:
    head = "在党委的正确领导下，在历任秘书长和同志们的共同努力下，办公厅的各项工作取得了很大成绩，这离不开历任办公厅"
    tail = "提高服务层次，深化机关改革，为自治区党委各项方针政策的制定和贯彻落实提供了优质高效的服务。"
    assert texts(head, "", "办公", "遇事留心·工作用心·办事细心", "", tail) == [head + tail]


@pytest.mark.parametrize("lines, joined", [
    (["服务是办公室的立身之本。今年以来，大家起早贪黑，晚上", "七、八点钟离开是常事。"],
     ["服务是办公室的立身之本。今年以来，大家起早贪黑，晚上七、八点钟离开是常事。"]),
    (["这些职能包括城市建设和社会发展规划、计划的编制", "、计划宏观管理等职能。"],
     ["这些职能包括城市建设和社会发展规划、计划的编制、计划宏观管理等职能。"]),
    (["我们要认真学习领会会议精神，全面准确地把握各项要求，", "一、提高政治站位"],
     ["我们要认真学习领会会议精神，全面准确地把握各项要求，", "一、提高政治站位"]),
    (["一、提高政治站位", "办公室工作连着上下、通着左右。"], ["一、提高政治站位", "办公室工作连着上下、通着左右。"]),
])
def test_join_lines(lines: list[str], joined: list[str]) -> None:
    assert [b.text for b in join_lines([Block(t) for t in lines])] == joined


def test_heading_start_is_not_a_range() -> None:
    assert looks_like_heading_start("七、加强队伍建设")
    assert not looks_like_heading_start("七、八点钟办公楼灯火通明")
    assert not looks_like_heading_start("三、五天就能完成")


def test_prose_that_mentions_an_isbn_is_not_front_matter() -> None:
    """A paragraph that cites an ISBN is the author's text: nothing before or in it is dropped."""
    lines = ["关于办公室工作的讲话", "", "一、总体要求", "",
             "如何做好秘书长工作，对于我来说是一个全新的课题。这本书的书号是ISBN 978-7-204-09736-4。"
             "指导行为贯穿于督查、调研、协调和服务之中。要把服务领导、服务基层、服务群众统一起来。",
             "", "二、具体措施", "", "第一，靠觉悟。"]
    out = clean(SourceDocument(Path("speech.txt"), "txt", tuple(Block(t) for t in lines)))
    texts = [b.text for b in out.lines]
    assert "一、总体要求" in texts
    assert any(t.startswith("如何做好秘书长工作") for t in texts)
    assert not [r for r in out.removed if r[0] == "front matter"]


# --- web copies scraped as text: page controls, breadcrumbs, split fields, captions (real-world shapes) ---

WEB_TOP = ("下载", "打印", "全屏", "收藏", "【字号：", "加大", "还原", "减小", "】")


def test_web_page_controls_and_split_fields_are_dropped() -> None:
    out = clean(doc(*WEB_TOP, "2025年某市政府工作报告", "——2025年1月20日在某市第九届人民代表大会第三次会议上",
                    "来源:", "某市日报", "发表时间：", "2025-01-27 09:45:30", "阅读量：", "【字体：", "大", "中", "小",
                    "】", "某市市长 王某某", "王某某作政府工作报告。本报记者 张三摄", "各位代表：", BODY,
                    "扫一扫在手机打开当前页", "【", "打印本页", "】", "相关报道：", "另一篇报道的标题"))
    assert [b.text for b in out.lines] == ["2025年某市政府工作报告",
                                           "——2025年1月20日在某市第九届人民代表大会第三次会议上", "某市市长 王某某",
                                           "各位代表：", BODY]
    assert out.meta["source_note"] == "某市日报"
    assert out.meta["date"] == "2025-01-27 09:45:30"


def test_breadcrumb_and_repeated_section_name() -> None:
    assert texts("您的位置:", "首页", ">", "本市要闻", "本市要闻", "2025年政府工作报告", BODY) == [
        "2025年政府工作报告", BODY]
    assert texts("当前位置：", "首页", ">", "政务信息", ">", "要闻", "标题在这里", BODY) == ["标题在这里", BODY]
    assert texts("当前位置：首页 > 政务公开 > 工作报告", "标题在这里", BODY) == ["标题在这里", BODY]
    assert texts("某市人民政府 无障碍 | 长者模式 | English", "标题在这里", BODY,
                 "网站标识码：1200000000  某ICP备05000000号") == ["标题在这里", BODY]


def test_the_navigation_above_a_position_line_goes() -> None:
    # the site's name (an item of the position line), a bar of menu words and a field line above 当前位置
    assert texts("某某资讯网", "专业版 简繁转换 English", "搜索热词: 婚姻登记 低保 养老 收养",
                 "当前位置:某某资讯网 - 民政资讯 - 理论研究", "标题在这里", BODY) == ["标题在这里", BODY]
    # a sentence above it is text
    assert texts("我们要把会议精神传达到每一个人，落到实处。", "当前位置:首页 > 要闻", "标题在这里", BODY) == [
        "我们要把会议精神传达到每一个人，落到实处。", "标题在这里", BODY]


def test_a_document_sites_page_list_names_the_title() -> None:
    out = clean(doc("在全县信访工作会议上的讲话.doc_第1页", "在全县信访工作会议上的讲话.doc_第2页", "下载本文档", BODY))
    assert out.meta["page_title"] == "在全县信访工作会议上的讲话"
    assert clean(doc("機關公文寫作培訓_第1頁", BODY)).meta["page_title"] == "機關公文寫作培訓"


def test_time_stamp_caption_and_hex_ids() -> None:
    assert texts("2025年02月10日 07时41分", "标题在这里", "某某日报记者 李四 摄", BODY,
                 "abcd39f1fb7f426d9dfb6bd0fa1f2146:") == ["标题在这里", BODY]
    # a sentence that mentions a reporter is text, not a caption
    assert texts(BODY, "我们要尊重记者的采访权利。") == [BODY, "我们要尊重记者的采访权利。"]


def test_salutation_between_caption_and_body_is_kept() -> None:
    """各位代表： stood between a long unpunctuated line and the body: it was taken for a running header."""
    caption = "1月20日，某市第九届人民代表大会第三次会议开幕，市长作政府工作报告，会场气氛热烈"
    assert texts(caption, "各位代表：", "现在，我代表市人民政府，向大会报告工作，请予审议，并请各位政协委员提出意见。") == [
        caption, "各位代表：", "现在，我代表市人民政府，向大会报告工作，请予审议，并请各位政协委员提出意见。"]


def test_subtitle_is_not_run_into_the_speaker_line() -> None:
    got = [b.text for b in join_lines([Block("——2025年1月20日在某市第九届人民代表大会第三次会议上"),
                                       Block("某市市长 王某某"), Block("各位代表：")])]
    assert got == ["——2025年1月20日在某市第九届人民代表大会第三次会议上", "某市市长 王某某", "各位代表："]
    got = [b.text for b in join_lines([Block("——2025年1月20日在某省第十四届"), Block("人民代表大会第五次会议上"),
                                       Block("省长 王某某")])]
    assert got == ["——2025年1月20日在某省第十四届人民代表大会第五次会议上", "省长 王某某"]
    got = [b.text for b in join_lines([Block("——县委常委、办公室主任 李某某"), Block("（2025年3月12日）")])]
    assert got == ["——县委常委、办公室主任 李某某", "（2025年3月12日）"]
    assert repair_line("――2025年1月27日在某省会议上") == "——2025年1月27日在某省会议上"  # U+2015 bars


@pytest.mark.parametrize("raw, fixed", [
    ("“ ”办公室是党委政府的 中枢 ，是联系上下", "办公室是党委政府的“中枢”，是联系上下"),
    ("“ ” “ ”话精神，加强 四个中心 功能建设，提高 四个服务 水平", "话精神，加强“四个中心”功能建设，提高“四个服务”水平"),
    ("2025 “ ”年是 十四五 规划收官之年。", "2025年是“十四五”规划收官之年。"),
    ("他说：“我们要努力。”", "他说：“我们要努力。”"),  # marks in place stay
    ("“ ”用好 两重 两新 政策", "“ ”用好 两重 两新 政策"),  # counts differ: left as it is
])
def test_restore_quotes_moved_by_pdf_extraction(raw: str, fixed: str) -> None:
    assert restore_quotes(raw) == fixed


def test_word_broken_out_of_an_open_quotation_is_kept() -> None:
    """A web page's highlighted word lands on a line of its own inside “……”: it is text, not a header."""
    first = "7.“双向揭榜挂帅”：企业找技术、成果找市场“双向的工作机制，是近年来科技体制改革的一项重要"
    rest = "挂帅”的简称，其中“企业找技术”聚焦产业关键核心技术，面向全社会公开征集解决方案。"
    assert "揭榜" in "".join(texts(first, "揭榜", rest))


def test_visible_text_is_kept_exactly(tmp_path: Path) -> None:
    from kb.extract import extract

    page = tmp_path / "a.html"
    page.write_text("<html><body><p>攻击者常在页面中插入 &lt;script&gt;alert(1)&lt;/script&gt; 这样的代码，也会用 "
                    "&amp;lt;b&amp;gt; 窃取信息。</p><script>var x=1;</script></body></html>", encoding="utf-8")
    assert [b.text for b in clean(extract(page)).lines] == [
        "攻击者常在页面中插入 <script>alert(1)</script> 这样的代码，也会用 &lt;b&gt; 窃取信息。"]  # decoded once
    note = tmp_path / "b.txt"
    note.write_text("比较运算 a<b 且 c>d 时，写成 <tag> 的文字也要保留，&lt;原样&gt; 也是；6月9mdash;10日。\n",
                    encoding="utf-8")
    assert [b.text for b in clean(extract(note)).lines] == [
        "比较运算 a<b 且 c>d 时，写成 <tag> 的文字也要保留，&lt;原样&gt; 也是；6月9—10日。"]
    assert repair_line("<b>正文</b>&amp;", "docx") == "正文&"  # a Word/PDF line loses leaked markup
