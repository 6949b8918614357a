"""Titles, subtitles, authors, dates, occasions and genres."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.metadata import detect, parse_date, title_from_file
from kb.models import Block

P = "办公室工作连着上下、通着左右，必须始终把政治建设摆在首位，确保每一项工作都经得起检验。"


@pytest.mark.parametrize("text, iso", [
    ("更新时间：2024-08-28", "2024-08-28"), ("2008 年 12 月第 1 版", "2008-12"), ("（2006年12月4日在大会上的讲话）",
                                                                              "2006-12-04"),
    ("二〇〇六年十二月四日", "2006-12-04"), ("二〇二三年三月", "2023-03"), ("没有日期", ""),
])
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso


def test_title_from_file() -> None:
    assert title_from_file(Path("新时期办公室工作讲话（网页转载）.txt")) == "新时期办公室工作讲话"
    assert title_from_file(Path("03_在全市会议上的讲话.docx")) == "在全市会议上的讲话"


def run(*lines: str, path: str = "a.txt", found: dict[str, str] | None = None) -> tuple[object, int]:
    blocks = [Block(t) for t in lines]
    return detect(blocks, found or {}, {}, Path(path), "\n".join(lines))


def test_title_subtitle_speaker_and_note() -> None:
    meta, consumed = run("在全市办公室主任会议上的讲话", "——做好新时代办公室工作", "（2023年3月15日）", "张建国", P)
    assert consumed == 4
    assert (meta.title, meta.subtitle, meta.date, meta.author, meta.occasion, meta.genre) == (  # type: ignore[attr-defined]
        "在全市办公室主任会议上的讲话", "做好新时代办公室工作", "2023-03-15", "张建国", "全市办公室主任会议", "讲话")


def test_two_line_parallel_title_and_experience_genre() -> None:
    meta, consumed = run("着眼“高”“宽”“平”", "提升“质”“能”“效”", "——8年党办工作体会分享", P)
    assert consumed == 3
    assert (meta.title, meta.subtitle, meta.genre) == (  # type: ignore[attr-defined]
        "着眼“高”“宽”“平” 提升“质”“能”“效”", "8年党办工作体会分享", "体会/交流发言")


def test_no_title_in_text_uses_file_name_and_signature_date() -> None:
    meta, consumed = run("同志们：", P, "二〇〇六年十二月四日", path="新时期办公室工作讲话（网页转载）.txt")
    assert consumed == 0
    assert (meta.title, meta.date, meta.genre, meta.extra["date_source"]) == (  # type: ignore[attr-defined]
        "新时期办公室工作讲话", "2006-12-04", "讲话", "signature")


def test_traditional_chinese_is_detected() -> None:
    meta, _c = run("在全縣辦公室工作會議上的講話", "辦公室工作連著上下、通著左右，必須始終把政治建設擺在首位，確保每一項工作都經得起檢驗。")
    assert (meta.language, meta.genre, meta.occasion) == ("zh-Hant", "讲话", "全縣辦公室工作會議")  # type: ignore[attr-defined]


def test_report_subtitle_speaker_date_and_occasion() -> None:
    """A report copied from a news site: the day it was given wins over the day the page was published."""
    meta, consumed = run("2025年某市政府工作报告", "——2025年1月20日在某市第九届人民代表大会第三次会议上", "某市市长 王某某",
                         "各位代表：", P, found={"date": "2025-01-27 09:45:30"})
    assert consumed == 3
    assert (meta.title, meta.subtitle, meta.author, meta.date, meta.occasion, meta.genre) == (  # type: ignore[attr-defined]
        "2025年某市政府工作报告", "2025年1月20日在某市第九届人民代表大会第三次会议上", "王某某", "2025-01-20",
        "某市第九届人民代表大会第三次会议", "报告")


def test_dated_occasion_line_with_speaker_and_office_names() -> None:
    meta, _c = run("某省2025年政府工作报告", "2025年1月27日在某省第十四届人民代表大会第四次会议上 某省省长 赵某", P)
    assert (meta.subtitle, meta.author, meta.date) == (  # type: ignore[attr-defined]
        "2025年1月27日在某省第十四届人民代表大会第四次会议上", "赵某", "2025-01-27")
    meta, _c = run("2025年某市政府工作报告", "——2025年2月3日在某市人民代表大会会议上", "某市市长 龚 正", P)
    assert meta.author == "龚正"  # type: ignore[attr-defined]
    meta, _c = run("2025年某市政府工作报告", "——2025年2月3日在某市人民代表大会会议上", "北京市市长殷勇", P)
    assert meta.author == "殷勇"  # type: ignore[attr-defined]


def test_byline_subtitle_gives_the_author_and_tool_names_are_not_authors() -> None:
    blocks = [Block(t) for t in ("在全县办公室会议上的讲话", "——县委常委、办公室主任 李某某", "（2025年3月12日）", P)]
    meta, _c = detect(blocks, {}, {"docx_author": "python-docx"}, Path("a.docx"), P)
    assert (meta.author, meta.date) == ("李某某", "2025-03-12")
    meta, _c = detect([Block("同志们："), Block(P)], {}, {"docx_author": "python-docx"}, Path("a.docx"), P)
    assert meta.author == ""


# --- covers, forms and titles from other sites (#13): invented lines in real shapes --------------------
@pytest.mark.parametrize("lines, title, subtitle", [
    # a standard's cover: codes are gone before metadata; the issuer line and the English title are skipped
    (("中华人民共和国电力行业标准", "某某局　　发布", "配电网运行评价导则\n\n第2部分：指标体系",
      "Guide for evaluation of distribution network operation—Part 2: Indicators", "（征求意见稿）", P),
     "配电网运行评价导则\n\n第2部分：指标体系", "（征求意见稿）"),
    (("第3章", "数据的清洗与整理", P), "第3章 数据的清洗与整理", ""),
    (("城市道路照明设计规范 第4部分：隧道", "编制说明", P), "城市道路照明设计规范 第4部分：隧道 编制说明", ""),
    (("20XX 在全县安全生产工作会议上的讲话", P), "在全县安全生产工作会议上的讲话", ""),
    (("12.3 关于文件的归档", P), "关于文件的归档", ""),
    (("区委书记在全区值班工作会议上的讲话(全文3120字)", P), "区委书记在全区值班工作会议上的讲话", ""),
    (("公文写作基础知识.docx", P), "公文写作基础知识", ""),
    (("社区志愿服务年度总结 2022-03-14 总结", P), "社区志愿服务年度总结", ""),
    (("应急值守管理办法值守管理办法", P), "应急值守管理办法", ""),
    (("新来的秘书怎样才能写好材料？", P), "新来的秘书怎样才能写好材料？", ""),
])
def test_titles_without_what_covers_and_sites_put_around_them(lines: tuple[str, ...], title: str,
                                                               subtitle: str) -> None:
    meta, _c = run(*lines)
    assert (meta.title, meta.subtitle) == (title, subtitle)  # type: ignore[attr-defined]


def test_a_dateline_is_never_the_title() -> None:
    meta, _c = run("（2019年4月2日）", P)
    assert meta.title != "（2019年4月2日）"  # type: ignore[attr-defined]
    assert meta.date == "2019-04-02"  # type: ignore[attr-defined]


def test_a_form_takes_its_own_title_not_its_first_row_or_issuer() -> None:
    meta, _c = run("受理编号：", "某省市场监督管理局", "特种设备使用登记申请表", "设备名称：", "使用单位：", P)
    assert meta.title == "特种设备使用登记申请表"  # type: ignore[attr-defined]
    meta2, _c = run("乘客姓名 证件号码", "电子发票（铁路电子客票）", "开票日期: 2022年3月5日", P, path="x.pdf")
    assert (meta2.title, meta2.date) == ("电子发票（铁路电子客票）", "2022-03-05")  # type: ignore[attr-defined]


def test_dates_from_a_publication_note_and_a_files_own_date_field() -> None:
    meta, _c = run("制度的生命力在于执行", "李某", "（首发于某某周刊专栏，2018年6月9日）", P)
    assert meta.date == "2018-06-09"  # type: ignore[attr-defined]
    meta2, _c = run("某某规划编制说明", P, "本稿完成日期：2023年3月9日", P, path="x.docx")
    assert meta2.date == "2023-03-09"  # type: ignore[attr-defined]
    meta3, _c = run("某某规划编制说明", P, "本稿完成日期：2023年3月9日", P, path="x.txt")
    assert meta3.date == ""  # type: ignore[attr-defined]  # (in a web copy a date field is the page's)


def test_speakers_below_the_title_block() -> None:
    meta, _c = run("在全市年轻干部座谈会上的讲话", "（2019年9月19日，根据录音整理）", "蓝 海 峰", "同志们：", P)
    assert meta.author == "蓝海峰"  # type: ignore[attr-defined]
    meta2, _c = run("五次全省接待工作会议回顾", "●白立新", P)
    assert meta2.author == "白立新"  # type: ignore[attr-defined]
    meta3, _c = run("在全县春耕生产工作会议上的讲话", P, "谢谢大家！", "刘志强", "2023年3月6日")
    assert meta3.author == "刘志强"  # type: ignore[attr-defined]


def test_an_issue_note_gives_the_year_and_is_not_the_subtitle() -> None:
    meta, _c = run("信息工作的几点体会", "(原载《某某工作》2001年第4期)", P)
    assert (meta.subtitle, meta.date) == ("", "2001")  # type: ignore[attr-defined]


def test_a_dated_note_with_a_remark_under_the_title() -> None:
    meta, _c = run("在全市青年干部培训班上的讲话", "(2015年6月3日,根据录音整理)", "孟 庆 华", P)
    assert (meta.date, meta.author) == ("2015-06-03", "孟庆华")  # type: ignore[attr-defined]


BODY = "今天，我们召开全县办公室工作会议，主要任务是总结去年工作，安排部署今年任务。刚才，几位同志作了发言，讲得很好。"


def test_a_title_under_site_furniture_is_picked_by_its_shape() -> None:
    meta, consumed = run("返回", "收藏 下载", "在全市政务督查系统工作座谈会上的交流发言", "（2023年5月8日）", "同志们：", BODY)
    assert (meta.title, meta.date, consumed) == ("在全市政务督查系统工作座谈会上的交流发言", "2023-05-08", 4)  # type: ignore[attr-defined]


def test_menu_words_and_a_sites_name_leave_the_title() -> None:
    meta, _c = run("购物车 我的足迹 办会工作经验交流材料", BODY)
    assert meta.title == "办会工作经验交流材料"  # type: ignore[attr-defined]
    meta, _c = run("办公室主任经验交流发言材料_范文大全网", BODY)
    assert meta.title == "办公室主任经验交流发言材料"  # type: ignore[attr-defined]
    meta, _c = run("在全市经济工作会议上的讲话 来源：公文网", BODY)
    assert meta.title == "在全市经济工作会议上的讲话"  # type: ignore[attr-defined]


def test_a_dateline_is_not_joined_to_a_short_title() -> None:
    meta, _c = run("在全市经济工作会议上的讲话", "2023年12月20日", BODY)
    assert (meta.title, meta.date) == ("在全市经济工作会议上的讲话", "2023-12-20")  # type: ignore[attr-defined]


def test_a_sites_name_between_the_title_and_its_dateline() -> None:
    meta, _c = run("在第十三届全国人民代表大会常务委员会第三十八次会议上的讲话", "维基文库,自由的图书馆", "（2022年12月30日）",
                   "全国人大常委会委员长 栗战书", BODY)
    assert (meta.subtitle, meta.date, meta.author) == ("（2022年12月30日）", "2022-12-30", "栗战书")  # type: ignore[attr-defined]


@pytest.mark.parametrize("lines, speaker", [
    (("在青年干部座谈会上的发言", "（刘小红）", BODY), "刘小红"),
    (("在青年干部座谈会上的发言", BODY, "——张晓东"), "张晓东"),
    (("市长王刚在全市安全生产工作会议上强调压实责任", BODY), "王刚"),
    (("办公室工作心得体会", "（范文）", BODY), ""),
])
def test_speaker_shapes(lines: tuple[str, ...], speaker: str) -> None:
    meta, _c = run(*lines)
    assert meta.author == speaker  # type: ignore[attr-defined]


@pytest.mark.parametrize("title, date", [
    ("在2025年全市政务信息工作业务培训会议上的讲话", "2025"),
    ("2023年在全区办公室系统业务培训班上讲话", "2023"),
    ("2023年办公室个人工作总结", ""),  # the year it looks back on
    ("五角场街道办事处2016年工作总结和2017年工作安排", ""),
    ("关于2020年08月20日工资调整的通知", ""),  # its subject's day
])
def test_a_year_in_the_title_is_a_date_only_as_the_meetings(title: str, date: str) -> None:
    meta, _c = run(title, BODY)
    assert meta.date == date  # type: ignore[attr-defined]


def test_furniture_above_the_title_is_skipped_but_a_dateline_is_not() -> None:
    meta, consumed = run("返回顶部", "• 发文日期:", "(yi)", "学习习近平总书记关于保密工作重要指示精神", BODY)
    assert (meta.title, consumed) == ("学习习近平总书记关于保密工作重要指示精神", 4)  # type: ignore[attr-defined]
    meta, _c = run("（2014年2月17日）", "杨雁华", "同志们：", BODY)
    assert (meta.extra["title_source"], meta.date, meta.author) == ("file name", "2014-02-17", "杨雁华")  # type: ignore[attr-defined]
    meta, _c = run("全市政务信息工作会议讲话(一)", BODY)
    assert meta.title == "全市政务信息工作会议讲话"  # type: ignore[attr-defined]


@pytest.mark.parametrize("lines, title, speaker, date", [
    (("张建华：在全县经济工作会议上的讲话", BODY), "在全县经济工作会议上的讲话", "张建华", ""),
    (("在全县经济工作会议上的讲话（张建华）", BODY), "在全县经济工作会议上的讲话", "张建华", ""),
    (("在全县办公室工作会议上的讲话", "县委副书记 XXX", BODY), "在全县办公室工作会议上的讲话", "XXX", ""),
    (("在全县经济工作会议上的讲话", "二〇二三年五月八日", BODY), "在全县经济工作会议上的讲话", "", "2023-05-08"),
])
def test_speaker_beside_the_title_and_a_dateline_in_chinese_numerals(lines: tuple[str, ...], title: str, speaker: str,
                                                                     date: str) -> None:
    meta, _c = run(*lines)
    assert (meta.title, meta.author, meta.date) == (title, speaker, date)  # type: ignore[attr-defined]


def test_a_papers_authors_version_and_marked_date_under_the_title() -> None:
    meta, _c = run("背包问题九讲 2.0 beta1.2", "崔添翼 (Tianyi Cui)*", "2012-05-08†", BODY)
    assert (meta.title, meta.author, meta.date) == ("背包问题九讲", "崔添翼", "2012-05-08")  # type: ignore[attr-defined]
    meta, _c = run("社会资本、人力资本与下岗职工的再就业", "赵延东、风笑天", BODY)
    assert meta.author == "赵延东 风笑天"  # type: ignore[attr-defined]


@pytest.mark.parametrize("path, title, speaker, poster", [
    ("news.html", "我市启动春季学期返校疫情防控工作", "王晓燕", ""),  # a news page: its reporter wrote it
    ("news.html", "在全市信访工作会议上的讲话", "", "王晓燕"),  # a copied speech: the account that posted it
    ("page.txt", "我市启动春季学期返校疫情防控工作", "", "王晓燕"),  # a saved copy of unknown kind
    ("news.html", "我市启动春季学期返校疫情防控工作", "", "笔杆子"),  # a nickname is a poster's
])
def test_a_news_pages_writer_and_a_copys_poster(path: str, title: str, speaker: str, poster: str) -> None:
    meta, _c = run(title, BODY, path=path, found={"author": poster or speaker})
    assert (meta.author, meta.extra.get("poster", "")) == (speaker, poster)  # type: ignore[attr-defined]


def test_an_items_label_above_its_title() -> None:
    meta, consumed = run("案例十四", "某科技学院：配合中央监控系统降低用电成本之应用例", "▇背景", BODY)
    assert (meta.title, consumed) == ("某科技学院：配合中央监控系统降低用电成本之应用例", 2)  # type: ignore[attr-defined]


def test_an_items_label_in_compatibility_characters() -> None:
    meta, _c = run("案\uf9b5十四", "某科技学院：配合中央监控系统降低用电成本之应用例", BODY)
    assert meta.title == "某科技学院：配合中央监控系统降低用电成本之应用例"  # type: ignore[attr-defined]


@pytest.mark.parametrize("lines, title", [
    (("公文写作培训班", "会议保密管理制度", BODY), "会议保密管理制度"),  # a forum's name above the title
    (("工作动态", "开幕词", BODY), "开幕词"),  # a section's name
    (("镇政发〔2024〕7号", "镇巴县人民政府工作规则", BODY), "镇巴县人民政府工作规则"),  # a document number
    (("(jīng)", "(hù)", "(qiáng)", "镇巴县人民政府工作规则 镇巴县人民政府工作规则", BODY), "镇巴县人民政府工作规则"),
])
def test_what_stands_above_or_beside_a_title_is_not_part_of_it(lines: tuple[str, ...], title: str) -> None:
    meta, _c = run(*lines)
    assert meta.title == title  # type: ignore[attr-defined]


def test_a_news_articles_time_line_under_its_headline_is_its_date() -> None:
    news = ("DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶", "科技频道2016年10月14日07:17", BODY)
    meta, _c = run(*news, path="page.html")
    assert (meta.date, meta.extra["date_source"]) == ("2016-10-14", "page date (a news article)")  # type: ignore[attr-defined]
    meta, _c = run(*news, path="page.txt")
    assert meta.date == ""  # type: ignore[attr-defined]  # a saved copy of unknown kind: the page's time is not the text's
    meta, _c = run("在全市信访工作会议上的讲话", "公文网2016年10月14日07:17", BODY, path="page.html")
    assert meta.date == ""  # type: ignore[attr-defined]  # a copied speech: the page's upload time


def test_a_pages_headline_naming_the_speaker_above_the_texts_own_title() -> None:
    meta, _c = run("陆某在全国档案局长馆长会议上的报告", "全面贯彻落实党的二十大精神", "奋力书写档案事业高质量发展新篇章",
                   "——在全国档案局长馆长会议上的报告", "（2023年2月16日）", BODY)
    assert (meta.title, meta.subtitle, meta.author, meta.date) == (  # type: ignore[attr-defined]
        "全面贯彻落实党的二十大精神 奋力书写档案事业高质量发展新篇章", "在全国档案局长馆长会议上的报告", "陆某", "2023-02-16")


def test_a_word_the_text_keeps_using_is_no_name_and_a_title_goes_on_with_ji() -> None:
    meta, _c = run("化学学科常用符号公式", "及其表示", "方程式", "又称化学反应方程式，是用化学式描述物质之间化学反应的式子。",
                   "热化学方程式要注明各物质的状态。", path="a.pdf")
    assert (meta.title, meta.author) == ("化学学科常用符号公式及其表示", "")  # type: ignore[attr-defined]


@pytest.mark.parametrize("lines, title", [
    (("### 政务中心窗口工作总结", BODY), "政务中心窗口工作总结"),  # Markdown left in
    (("在县委办公室全体工作人员会议上的讲话.doc 下载本文", BODY), "在县委办公室全体工作人员会议上的讲话"),
    (("正文 11 会务工作(2 / 3)", BODY), "会务工作"),  # a book's chapter page
    (("法搜网--中国法律信息搜索网", "梅州市人民政府办公室关于加强政务信息报送工作的通知", BODY),
     "梅州市人民政府办公室关于加强政务信息报送工作的通知"),
])
def test_what_sites_and_converters_leave_on_a_title(lines: tuple[str, ...], title: str) -> None:
    meta, _c = run(*lines)
    assert meta.title == title  # type: ignore[attr-defined]


def test_a_numeric_stamp_under_a_web_copys_title_is_the_pages_date() -> None:
    meta, _c = run("关于进一步提升市级部门办公室工作水平的思考", "三味园范文网", "2025-03-29", BODY)
    assert meta.date == ""  # type: ignore[attr-defined]
    meta, _c = run("在全市经济工作会议上的讲话", "（2023年12月20日）", BODY)
    assert meta.date == "2023-12-20"  # type: ignore[attr-defined]


def test_a_notices_document_number_is_its_subtitle_and_gives_the_year() -> None:
    meta, _c = run("梅州市人民政府办公室关于加强政务信息报送工作的通知", "(梅市府办〔2008〕11号)", "各县(市、区)人民政府：", BODY)
    assert (meta.subtitle, meta.date, meta.extra["date_source"]) == (  # type: ignore[attr-defined]
        "(梅市府办〔2008〕11号)", "2008", "document number")


def test_a_title_given_as_a_field() -> None:
    meta, _c = run("题目：在全县党委办公室系统工作会议上的讲话", "同志们：", BODY)
    assert meta.title == "在全县党委办公室系统工作会议上的讲话"  # type: ignore[attr-defined]


def test_menu_words_on_top_are_never_the_title() -> None:
    meta, _ = run("下載本文檔", P, found={"page_title": "機關公文寫作培訓"})
    assert meta.title == "機關公文寫作培訓"  # type: ignore[attr-defined]
    meta, _ = run("下載本文檔", P, path="m019.txt")
    assert meta.title == "m019"  # type: ignore[attr-defined]  (the file name, never the menu words)


@pytest.mark.parametrize("second, subtitle", [
    ("交流发言", "交流发言"), ("切实做好机关保密工作 确保秘密安全", "切实做好机关保密工作 确保秘密安全"),
    ("老秘观点", ""), ("公文写作培训班", ""), ("文稿修改众筹计划,点击了解详情", ""), ("在办公室主任会议上的讲话5篇", ""),
])
def test_the_line_under_a_headline_is_a_subtitle_only_when_shaped_like_one(second: str, subtitle: str) -> None:
    meta, _ = run("学习总书记关于保密工作重要指示精神", second, P)
    assert (meta.title, meta.subtitle) == ("学习总书记关于保密工作重要指示精神", subtitle)  # type: ignore[attr-defined]


def test_the_person_a_news_report_quotes_again_and_again_is_its_speaker() -> None:
    report = ("6月26日,某县召开信访工作会议。", "李明华在讲话中指出,要认清形势,切实增强紧迫感。",
              "李明华强调,要突出重点,把握着力点。", "李明华要求,各级各部门要坚决落实工作部署。")
    meta, _ = run(*report)
    assert meta.author == "李明华"  # type: ignore[attr-defined]


def test_a_numbered_heading_with_a_year_is_no_dated_note() -> None:
    meta, consumed = run("某街道办事处2016年工作总结和2017年工作安排", "一、2016年主要工作回顾", P)
    assert (meta.title, meta.subtitle, consumed) == ("某街道办事处2016年工作总结和2017年工作安排", "", 1)  # type: ignore[attr-defined]


def test_a_meeting_title_wrapped_over_two_lines_is_one_title() -> None:
    meta, consumed = run("张某某委员长在十二届全国人大常委会", "第二十四次会议上的讲话", "（2016年11月7日）", P)
    assert (meta.title, meta.subtitle, meta.date, consumed) == (  # type: ignore[attr-defined]
        "张某某委员长在十二届全国人大常委会第二十四次会议上的讲话", "（2016年11月7日）", "2016-11-07", 3)


# --- genres from the sixth collection's development half (#13), invented documents ----------------------
@pytest.mark.parametrize("lines, genre", [
    (("县长在2020年县政府全体会议上的讲话", "同志们：", P), "讲话"),  # 全体会议 holds no 体会
    (("县政府2025年新春贺词", P), "讲话"),
    (("关于印发《政府工作报告》重点任务分工落实情况的通报", P), "公文"),  # a notice about a report
    (("办公室文秘岗位基本技能手册", P), "书籍/教材"),
    (("在学习交流会上的心得体会", P), "体会/交流发言"),
])
def test_genre_of_a_titled_document(lines: tuple[str, ...], genre: str) -> None:
    meta, _ = run(*lines)
    assert meta.genre == genre  # type: ignore[attr-defined]


@pytest.mark.parametrize("lines", [
    ("各乡（镇）、街道办事处，市直各单位：", "经研究，现将2025年国庆节放假及有关事项通知如下：", "一、10月1日至7日放假调休，共7天。", P),
    ("第一章 总 则", "第一条 为规范督查督办工作，制定本制度。", P),
    ("院长办公室是医院行政工作的综合办事机构，在院长的直接领导下开展工作，主要职责如下：", "1、组织全院性重要会议的准备工作。", P),
])
def test_an_untitled_notice_or_rule_is_a_gongwen(lines: tuple[str, ...]) -> None:
    meta, _ = run(*lines, path="r019.txt")
    assert meta.genre == "公文"  # type: ignore[attr-defined]


def test_an_untitled_text_without_a_notices_wording_stays_an_article() -> None:
    meta, _ = run(P, "服务是办公室的立身之本，要把服务领导、服务基层、服务群众统一起来。", path="r020.txt")
    assert meta.genre == "文章"  # type: ignore[attr-defined]


def test_the_first_piece_of_a_pages_collection_is_not_part_of_the_title() -> None:
    meta, _ = run("信息报送的制度", "信息报送制度 篇一", "信息报送工作制度", "第一章 总则", P)
    assert meta.title == "信息报送的制度"  # type: ignore[attr-defined]


def test_the_pages_short_name_then_the_texts_longer_title() -> None:
    meta, _ = run("领导干部讲党课", "领导干部讲党课的意义", "一、领导干部讲党课是党的优良传统", P)
    assert (meta.title, meta.subtitle) == ("领导干部讲党课的意义", "")  # type: ignore[attr-defined]
    meta, _ = run("在全市办公室主任会议上的讲话", "在全市办公室主任会议上的讲话（摘要）", P)
    assert meta.title == "在全市办公室主任会议上的讲话"  # type: ignore[attr-defined]  # a note in brackets
