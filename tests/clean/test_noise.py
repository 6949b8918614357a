"""kb.clean.noise and the web-copy shapes it feeds into cleaning and metadata (made-up lines in real shapes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb import metadata
from kb.clean import noise
from kb.clean.document import clean
from kb.models import Block, SourceDocument

BODY = "办公室工作连着上下、通着左右，必须始终把政治建设摆在首位，确保每一项工作都经得起检验。"
BODY2 = "服务是办公室的立身之本，要把服务领导、服务基层、服务群众统一起来，做到办文办会办事样样过硬。"
BODY3 = "落实是办公室工作的生命线，抓落实要一抓到底，对领导交办的事项要件件有着落、事事有回音。"


def cleaned(*lines: str, fmt: str = "txt") -> list[str]:
    return [b.text for b in clean(SourceDocument(Path("x.txt"), fmt, tuple(Block(t) for t in lines))).lines]


def meta(*lines: str) -> metadata.DocumentMeta:
    c = clean(SourceDocument(Path("w001.txt"), "txt", tuple(Block(t) for t in lines)))
    full = "\n".join(b.text for b in c.lines)
    return metadata.detect(c.lines, c.meta, {}, Path("w001.txt"), full)[0]


@pytest.mark.parametrize("raw, kept", [
    ("共谋发展。; z2 r7 h/ y# l; K- n\" q' `", "共谋发展。"),
    ("+ z/ H3 C5 J* b: a4 n- A- P/ y+ ~- m 刚才,局长作了总结", "刚才,局长作了总结"),
    ("8 y0 x, q4 l0 e0 c9 p( b7 n& f1 `9 N6 s1 `( n", ""),
    ("K$ n. X\" F$ s\" y社会上都知道", "社会上都知道"),
    ("讲话的\"帽子戏法\"$ f0 Z) a% J! M1 ]", "讲话的\"帽子戏法\""),
    (", q( \\- S* a\" K, A(一)开幕词的概念、作用: S3 b' G0 |. @", "(一)开幕词的概念、作用:"),
    ("1. 2. 3. 4.", "1. 2. 3. 4."),  # an enumeration is not noise
    ("a b c d e", "a b c d e"),
    ("会议于 2021-10-24 18:48 召开", "会议于 2021-10-24 18:48 召开"),
    # Discuz's jammer (pairs of chr(32..59) + " " + chr(63..126)) with one symbol only: letter-digit tokens
    ("把政治建设摆在首位。0 x1 B8 G. h3 X6 b确保每一项工作", "把政治建设摆在首位。确保每一项工作"),
    ("用 A3 A4 B5 A5 纸张打印", "用 A3 A4 B5 A5 纸张打印"),  # paper sizes: no symbol, not noise
    ("型号 X1 B8 G3 H3 X6 B7.", "型号 X1 B8 G3 H3 X6 B7."),
])
def test_anti_scraping_runs(raw: str, kept: str) -> None:
    assert noise.strip_runs(raw) == kept


@pytest.mark.parametrize("line", [
    "上传人:la****1 文档编号:881133 上传时间:2023-05-01", "关于做好信访工作的讲话.doc_第1页", "第1页 / 共5页",
    "试读结束,开通会员文档无限下载使用", "免责声明:本答案或内容为用户上传", "免费阅读已结束,点击下载阅读编辑剩下 ...",
    "[复制链接]", "指尖阳光 发表于 2015-6-21 10:12 | 显示全部楼层 | 阅读模式", "关灯", "正文复制",
    "admin 分享 时间: 加入收藏 共计3370个字,预计阅读时长12分钟。", "時間: 佩珊807 分享", "General 更新 2024年05月17日",
    "2024-01-21 999+ 15.21KB 10 页 海报", "德育素材网 首页", "习近平习近平习近平", "评论功能已关闭",
])
def test_site_lines(line: str) -> None:
    assert noise.site_line(line)


@pytest.mark.parametrize("line", [BODY, "以下是办公室主任的一些主要职责和任务:", "一、提高政治站位", "同志们:",
                                  "第一页的内容请大家仔细阅读，会后讨论。"])
def test_author_lines_are_not_site_lines(line: str) -> None:
    assert not noise.site_line(line)
    assert noise.teaser_span(line) is None


def test_teasers_breadcrumbs_banners_and_stamps() -> None:
    line = "以下是为大家整理的关于在办公室主任会议上的讲话5篇,供大家参考选择。在办公室主任会议上的讲话5篇【篇"
    assert noise.teaser_span(line) == (0, 34)
    assert noise.teaser_title("下面是小编为大家整理的2023年在全区办公室系统业务培训班上讲话(全文完整),供大家参考。") == \
        "2023年在全区办公室系统业务培训班上讲话"
    assert noise.breadcrumb("學習啦>實用范文>致辭講話>會議發言稿>") == ""
    assert noise.breadcrumb("学习啦>实用范文>致辞讲话>会议发言稿>政府系统政务信息工作会议讲话") == "政府系统政务信息工作会议讲话"
    assert noise.breadcrumb("要坚持A>B的原则，推动工作。") is None
    assert noise.strip_banner("携笔同道公文写作范文宝典:www.example.com今天这次会议是联席会议") == "今天这次会议是联席会议"
    assert noise.stamp_with_tail("2021-10-24 18:48:08讲话稿") == "2021-10-24 18:48:08"
    assert noise.stamp_with_tail("2019-07-17 15:53:58  点击:1286") == "2019-07-17 15:53:58"
    assert noise.strip_site_tail("一是紧紧围绕重大决策部署组织开展督查。全文约2135字,请下载后阅读、编辑。") == \
        "一是紧紧围绕重大决策部署组织开展督查。"


def test_teaser_without_shi_after_xiamian() -> None:
    line = "督查,即督促检查(全称),是一项社会活动。下面小编给大家带来督查督办工作通报范文,供大家参考!"
    assert line[slice(*noise.teaser_span(line))] == "下面小编给大家带来督查督办工作通报范文,供大家参考!"
    # the speaker announcing what follows is not a teaser
    assert noise.teaser_span("下面给大家讲三点意见,供同志们在工作中参考。") is None
    assert noise.teaser_span("下面我讲几点意见。") is None
    # after a label: 【导语】 goes with it
    assert cleaned("【导语】以下是小编整理的在全县办公室主任会议上的讲话，欢迎阅读！", BODY) == [BODY]


def test_pinyin_of_a_converter_goes_only_when_the_document_has_it() -> None:
    lines = ["開(kāi)幕式發(fā)言稿", "我代表主辦單位對(duì)各位的到來(lái)表示歡迎!", "同(tong)(tong)樣,在(zai)全委"]
    assert noise.pinyin_document(lines)
    assert [noise.strip_pinyin(t) for t in lines] == ["開幕式發言稿", "我代表主辦單位對各位的到來表示歡迎!", "同樣,在全委"]
    assert not noise.pinyin_document(["方案(a)和方案(b)各有长处。"])
    assert cleaned("方案(a)和方案(b)各有长处，办公室要比较后报领导审定，确保每一项工作都经得起检验。") == [
        "方案(a)和方案(b)各有长处，办公室要比较后报领导审定，确保每一项工作都经得起检验。"]


def test_a_web_copy_is_cleaned_by_shape() -> None:
    assert cleaned("本站首页", "工作动态", "当前位置: 本站首页 >> 工作动态 >> 正文",
                   "2022年在全县办公室主任会议上的讲话文稿同志们:今天,召开全县办公室主任会议。" + BODY,
                   "# z, G; I% h# i( m2", BODY2, "</p>" + BODY3, "试读结束,开通会员文档无限下载使用") == [
        "2022年在全县办公室主任会议上的讲话文稿", "同志们:今天,召开全县办公室主任会议。" + BODY, BODY2, BODY3]


def test_titles_from_the_first_lines() -> None:
    m = meta("2022年在全县办公室主任会议上的讲话文稿同志们:今天,召开全县办公室主任会议。" + BODY, BODY)
    assert (m.title, m.date, m.genre) == ("2022年在全县办公室主任会议上的讲话文稿", "2022", "讲话")
    m = meta("在全市办公室系统培训会议上的讲话 在全市办公室系统培训会议上的讲话在全市办公室系统培训会议上的讲话同志们:" + BODY)
    assert m.title == "在全市办公室系统培训会议上的讲话"
    m = meta("学习啦>实用范文>致辞讲话>会议发言稿>", "政府系统政务信息工作会议讲话", "同志们:", BODY, BODY)
    assert m.title == "政府系统政务信息工作会议讲话"
    m = meta("关灯", "开启左侧", "浅谈领导讲话稿的写作", BODY, BODY2)
    assert m.title == "浅谈领导讲话稿的写作"
    m = meta(BODY, BODY2)
    assert (m.title, m.extra["title_source"]) == ("w001", "file name")  # the text states none
    m = meta("王刚在中央和国家机关保密工作会议上强调", "切实做好中央和国家机关保密工作 确保党和国家秘密的安全", BODY, BODY2)
    assert (m.title, m.subtitle, m.author) == ("王刚在中央和国家机关保密工作会议上强调",
                                              "切实做好中央和国家机关保密工作 确保党和国家秘密的安全", "王刚")
    m = meta("档案与档案工作", "主讲人:高冠钰", BODY, BODY2)
    assert (m.title, m.author) == ("档案与档案工作", "高冠钰")


def test_poster_and_update_time_are_the_pages() -> None:
    m = meta("在全区党政办公室主任会议上的讲话", "来源：网络  作者：心旷神怡  更新时间：2024-08-28", "同志们：", BODY, BODY)
    assert (m.author, m.date) == ("", "")
    assert (m.extra["poster"], m.extra["page_date"]) == ("心旷神怡", "2024-08-28")
    m = meta("机械学院党总支开展支部书记微党课比赛", "作者:郭新玲 时间:2020-08-31 点击数:",
             "8月30日下午,学院党总支在行知楼举行了支部书记微党课比赛。" + BODY, BODY)
    assert (m.author, m.date, m.extra["date_source"]) == ("", "2020-08-31", "page date (a news report)")


# --- more document-site and Q&A-site furniture (#13), invented lines in the sites' shapes -----------
@pytest.mark.parametrize("line", [
    "《值班工作制度汇编.docx》由会员分享,可在线阅读,更多相关《值班工作制度汇编.docx(9页珍藏版)》请在某某文库上搜索。",
    "---此处隐藏2150字,下载后查看---", "消耗 1 篇某某文库配额,会员有效期内无限次查看",
    "- 2、\"仅部分预览\"的文档,不可在线预览部分如存在完整性等问题,可反馈申请退款。", "- 格式:DOCX", "- 页数:9",
    "亲,该文档总共5页,全部预览完了,如果喜欢就下载吧!", "值班工作总结_第2页", "812字 下载全书", "网友问题", "登陆注册",
])
def test_more_site_lines(line: str) -> None:
    assert noise.site_line(line)


@pytest.mark.parametrize("line", ["第二部分 会议的组织", "会议共有代表312人出席。", "网友们的问题集中在三个方面。"])
def test_author_lines_like_the_new_shapes_are_kept(line: str) -> None:
    assert not noise.site_line(line)


def test_a_whole_line_of_short_ascii_tokens_goes() -> None:
    assert noise.strip_runs("7 [\" K  p2 ]4 W") == ""
    assert noise.strip_runs("A B C D E") == "A B C D E"  # letters without symbols: not noise


def test_a_bulleted_byline_is_not_a_photo_caption_and_a_dashed_share_bar_goes() -> None:
    assert cleaned("五次全省接待工作会议回顾", "●白立新", "—分享—", BODY) == ["五次全省接待工作会议回顾", "●白立新", BODY]


def test_source_editor_and_disclosure_fields_go() -> None:
    assert cleaned("本文来源: 某某市应急管理局", BODY, "(编辑 周某)") == [BODY]
    assert cleaned("• 索引号:", "1234567890/2024-000001", "• 发文日期:", "• 有效性:", BODY) == [BODY]
    assert cleaned("某某县人大微信", "公众号二维码", BODY, "9787000000002") == [BODY]


# --- disclaimers of any length, preview links, contact forms, Word's comments (#13, invented lines) ----
@pytest.mark.parametrize("line", [
    "本站不对文档的完整性、权威性及其观点立场正确性做任何保证或承诺！文档内容仅供研究参考，付费前请自行鉴别。"
    "如您付费，意味着您自己接受本站规则且自行承担风险，本站不退款、不进行额外附加服务；查看《如何避免下载的几个坑》。"
    "如果您已付费下载过本站文档，您可以点击这里二次下载。",
    "预览全文", "申明敬告：", "文档介绍", "扫码免费咨询", "联系方式：", "* 验 证 码：", "手机号码:",
])
def test_site_lines_of_the_sixth_collections_shapes(line: str) -> None:
    assert noise.site_line(line)


@pytest.mark.parametrize("line", [
    "本站设在县政府办公室，负责全县政务信息的收集、整理和报送工作。",
    "对群众反映的问题，我们不推诿、不扯皮，做到件件有回音，自行承担起第一责任人的责任。" * 3,
    "联系方式要在通讯录中及时更新，确保上下联络畅通。",
])
def test_author_lines_like_disclaimers_are_kept(line: str) -> None:
    assert not noise.site_line(line)


def test_words_conditional_comments_left_as_text() -> None:
    assert noise.strip_word_comments("[if !supportLists]1、[endif]加强公文审核把关。") == "1、加强公文审核把关。"
    assert noise.strip_word_comments("[if gte mso 9][endif]") == ""
    assert noise.strip_word_comments("会议纪要[第3期]印发各单位。") == "会议纪要[第3期]印发各单位。"
    assert cleaned("[if !supportLists]一、[endif]" + BODY, BODY2) == ["一、" + BODY, BODY2]


def test_a_related_topics_label_goes_and_a_sentence_after_it_stays() -> None:
    assert cleaned("在全县办公室主任会议上的讲话", BODY, BODY2, "相关专题：办公室工作", BODY3) == [
        "在全县办公室主任会议上的讲话", BODY, BODY2, BODY3]
    kept = "相关专题：各部门要把服务领导、服务基层统一起来，做到件件有着落。"
    assert kept in cleaned("在全县办公室主任会议上的讲话", BODY, kept, BODY3)


def test_a_long_title_with_its_subtitle_on_its_line_is_not_wrapped_into_the_text() -> None:
    title = "在全县办公室系统学习贯彻全会精神专题培训班开班式上的讲话——铁心守忠诚 当好参谋助手"
    out = cleaned(title, "县委办公室主任 张三", BODY)
    assert out[-1] == BODY and out[0].startswith("在全县办公室系统") and out[0].endswith("当好参谋助手")


@pytest.mark.parametrize("lines", [
    ("在全縣辦公室主任會議上的講話", "同誌們：", BODY),  # the salutation in traditional characters
    ("在全县办公室主任会议上的讲话——铁心守忠诚", "同志们：", BODY),
])
def test_the_title_line_is_not_wrapped_into_the_next(lines: tuple[str, ...]) -> None:
    assert cleaned(*lines) == list(lines)


@pytest.mark.parametrize("line", [
    "(未完,全文共2001字,当前显示475字)", "(请认真阅读下面的提示信息)", "微信扫一扫在手机阅读、分享本文",
    "栏目: 实用文精选 / 发布于: / 人气:7.68K", "注:更多精彩文章请关注某某写作模板栏目。",
    "《某某大学学报(哲学社会科学版)》", "Journal of Some Normal University(Philosophy and Social Sciences Edition)",
    "某某日报》",
    "为进一步了解社会公众对政策执行效果的评价,请您对该政策的制定及执行提出宝贵的意见或建议。我们将及时收集并分析,"
    "共同助力政策不断完善。",
    "《在全市创建工作会上的表态发言》所在栏目:优质范文 > 内容摘要:各位领导: 今天市委、市政府专门召开会议专题安排部署全市"
    "文明城市创建工作,足以说明此项工作的极其重要性。今年是创建的关键之年,高标准、高效率、高水平做好各项创建工作",
])
def test_site_lines_of_the_dev_halves_of_collections_3_to_6(line: str) -> None:
    assert noise.site_line(line)


@pytest.mark.parametrize("line", [
    "要认真学习《人民日报》评论员文章，领会精神实质。", "栏目设置要科学，人气要旺。", "在手机上阅读涉密文件是严格禁止的。",
    "我们要广泛听取群众意见，请您对我们的工作提出宝贵意见。",
])
def test_author_lines_like_those_site_lines_are_kept(line: str) -> None:
    assert not noise.site_line(line)


def test_a_news_reports_writer_is_its_author_and_a_bar_between_fields_is_no_part_of_a_value() -> None:
    m = meta("某省政协秘书长座谈会聚焦机关建设", "发布时间: 2018-11-21 09:46:23 | 来源: 某某报 | 作者: 张明 | 责任编辑: 胡某",
             "本报讯11月19日,某省政协秘书长座谈会第十五次会议召开。" + BODY, BODY2)
    assert (m.author, m.extra["page_date"]) == ("张明", "2018-11-21")
    assert m.extra.get("source_note") == "某某报"
    m = meta("县委县政府举行2020新春团拜会", "某县新闻网讯(记者 陈某某 潘某某) 1月21日下午,县文化中心剧院内温馨祥和。" + BODY, BODY2)
    assert m.author.replace(" ", "") == "陈某某潘某某"
    m = meta("在全区党政办公室主任会议上的讲话", "来源：网络  作者：心旷神怡  更新时间：2024-08-28", "同志们：", BODY, BODY)
    assert m.author == ""  # a speech page's 作者 is still its poster
