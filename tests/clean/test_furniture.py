"""kb.clean.furniture: page and form furniture by its shape."""

from pathlib import Path

from kb.clean import CleanText
from kb.clean.document import clean
from kb.clean.furniture import (
    control_bar,
    dash_item,
    drop_furniture,
    form_field,
    link_bar,
    site_notice,
    strip_marks,
)
from kb.models import Block, SourceDocument

BODY = "办公室工作连着上下、通着左右，必须始终把政治建设摆在首位，确保每一项工作都经得起检验。"


def _run(*lines: str, fmt: str = "html") -> tuple[list[str], list[str]]:
    out = CleanText(lines=[])
    kept = drop_furniture([Block(t) for t in lines], out, fmt)
    return [b.text for b in kept], [r for r, _t in out.removed]


def test_a_list_of_dated_links_goes() -> None:
    kept, why = _run(BODY, "梁振英定下出席违建事件质询日期", "2012年12月6日", "港屋宇署确认梁振英大宅更多违建", "2012年11月27日",
                     "香港廉署“已就梁振英违建立案”", "2012-06-27")
    assert kept == [BODY] and why == ["list of dated links"] * 6


def test_two_dated_lines_of_the_author_stay() -> None:
    # a programme with two dated items is the author's, not a list of links (three pairs or more go)
    lines = ("第一阶段：动员部署", "2024年3月1日", "第二阶段：集中整改", "2024年4月1日", BODY)
    assert _run(*lines)[0] == list(lines)


def test_link_bars() -> None:
    assert link_bar("关于我们｜联系我们｜广告服务｜人才招聘｜中国互联网举报中心")
    assert link_bar("- 网站建设 - 设置首页 - 广告服务")
    assert not link_bar("| 组队打卡 | 任务打卡 | 学习周 |")  # a table's row
    assert not link_bar("坚持“一盘棋”思想 | 做到统筹兼顾。")  # a sentence
    assert not link_bar("一是抓学习 - 二是抓落实")  # two items: not a bar
    kept, why = _run("- 搜狐招聘", "- 网站登录", "- 联系方式", BODY)
    assert kept == [BODY] and why == ["link bar"] * 3
    # in Markdown a run of - items is the author's list
    assert _run("- 加强学习", "- 改进作风", "- 狠抓落实", BODY, fmt="md")[0] == ["- 加强学习", "- 改进作风", "- 狠抓落实", BODY]
    assert dash_item("- About") and not dash_item("- 我们要加强学习，改进作风。")


def test_a_dated_note_under_the_title_stays_for_the_date() -> None:
    lines = ("信息的发布、采集和利用", "(原载《办公室业务》2000年第3期)", BODY)
    assert _run(*lines, fmt="txt")[0] == list(lines)


def test_copyright_and_publication_notes() -> None:
    kept, why = _run(*[BODY] * 5, "共青团中央主办　共青团中央网络影视中心承办　版权所有：中国青年网", "Copyright © 2005 Sohu.com Inc. All rights reserved.",
                     "（首发于“得到”App付费专栏，2016年8月18日）", "(摘自《上海社会科学院学术季刊》2000年第2期，原文约15，000字)《新华文摘》2000年第09期",
                     BODY)
    assert kept == [BODY] * 6 and why == ["copyright", "copyright", "publication note", "publication note"]
    # the author speaking of copyright, or quoting a source inside a sentence, stays
    said = ["要尊重版权所有人的合法权益，不得随意转载。", "（摘自讲话）这句话说得好，我们要牢记。", "本文摘自市委办公室的调研报告，现印发给大家。"]
    assert _run(*said)[0] == said


def test_empty_form_fields() -> None:
    assert form_field("指导教师签字：") and form_field("日期：    年    月   日") and form_field("年月日")
    assert form_field("单位（盖章）：")
    assert not form_field("请各位代表在签名簿上签名。")
    assert not form_field("日期：2024年3月1日")
    assert not form_field("2024年3月1日")


def test_template_placeholders_and_citation_marks_are_taken_out() -> None:
    assert strip_marks("收件人： {{content_name}}    发件人：") == "收件人： 发件人："
    assert strip_marks("{%p if ENABLE_目录 %}") == ""
    assert strip_marks("．新浪[引用日期2014-05-19]") == "．新浪"
    assert strip_marks("用{}表示集合，[1]为第一条注释。") == "用{}表示集合，[1]为第一条注释。"


def test_in_clean_a_recommended_box_does_not_end_the_article() -> None:
    # 推荐阅读 late in a page opens the tail of links; two long paragraphs after it are the article going on
    long1 = "历史总是由或善或假，或近或远的细节与面孔串在一起。2004，除了记住那些感动和高兴的事情，我们记住的当然还有一些不快和欺骗。"
    long2 = "世界越发热闹，有了几分江湖气，总有人不甘寂寞：有人在挨饿、有人在减肥、有人在绝食；有人在兜售没有动力可以永远旋转的机器。"
    lines = [BODY] * 8 + ["推荐阅读", long1, long2, "相关报道：", "·57岁小学肄业骗子演绎惊天骗局（2004-12-30）"]
    src = SourceDocument(path=Path("x.html"), format="html", blocks=tuple(Block(t) for t in lines))
    texts = [b.text for b in clean(src).lines]
    assert texts[-2:] == [long1, long2] and "推荐阅读" not in texts and all("骗局" not in t for t in texts)


def test_original_title_line_is_metadata() -> None:
    src = SourceDocument(path=Path("x.html"), format="html", blocks=(Block("原标题：春季学期开学，织密返校疫情防控网"), Block(BODY)))
    assert [b.text for b in clean(src).lines] == [BODY]


def test_credits_document_numbers_and_title_bars() -> None:
    kept, why = _run("把工作开展得更细更深入。(编辑 黎采)", "镇政发〔2024〕7号", "老秘网_材夜思范文",
                     "社会资本与再就业(页 1) - 学术前沿 - 三校社会学论坛 - powered by Discuz! Archiver", fmt="txt")
    assert kept == ["把工作开展得更细更深入。"] and why == ["credit", "document number", "page title bar", "page title bar"]
    # a document number quoted in a sentence, a bracket of the author's, a title with a dash stay
    said = ["根据《关于加强值班工作的通知》（镇政发〔2024〕7号）要求，现通知如下。", "要把工作做细做实。（见附件1）",
            "学习贯彻党的二十大精神 - 第一讲", "我们要建好用好这个网站。"]
    assert _run(*said, fmt="txt")[0] == said


def test_site_notices_and_control_bars() -> None:
    for line in ("阅读次数：1234", "点击：567次", "【字体：大 中 小】【打印本页】【关闭窗口】", "温馨提示：本站所有资料均来源于网络",
                 "本篇文章共3200字，阅读需要8分钟", "本文为转载文章，版权归原作者所有", "下载本文档需要登录",
                 "内容来自用户分享和网络整理，不保证内容的准确性", "本文来源于网络,如有侵权请联系删除"):
        assert site_notice(line), line
    for line in ("收藏本文", "VIP免费下载", "回复", "沙发", "收藏文章"):
        assert control_bar(line), line
    # the author speaking of the internet, copyright or reading stays
    for line in ("要加强网络内容管理，对来源于网络的谣言及时处置。", "如有侵权行为，要依法严肃处理。",
                 "这些材料来自基层一线，真实可信。", "全文共分三个部分，请大家认真阅读。", "要坚持每天阅读一小时。",
                 "我们要收藏好这份文件。", "阅读", "免费"):
        assert not site_notice(line), line


def test_notes_running_headers_datelines_and_loading_prompts() -> None:
    kept, why = _run("转自《北京科技报》", "[图片说明1：漫画/冷洁]", "中国土地 ·2025年10月·", "TNW中文站2016年10月14日07:17",
                     "正在加载...", "展开全部", "【美国The Next Web作品的中文相关权益归腾讯公司独家所有。未经授权，不得转载、摘编等。】", BODY)
    assert kept == [BODY]
    assert why == ["publication note", "photo caption", "running header", "dateline", "site notice", "site notice",
                   "site notice"]
    # the author's sentences of the same words stay
    said = ["转自《人民日报》的这篇评论，值得大家认真学习。", "2016年10月14日在全市会议上的讲话", "图片展示了我们一年来的成绩。",
            "未经批准，任何人不得擅自离岗。", "要展开全部工作的督查。"]
    assert _run(*said)[0] == said


def test_collection_piece_markers_and_more_site_notices() -> None:
    kept, why = _run("【篇1】", "【篇一】在全县办公室主任会议上的讲话", "范文二：在全市会议上的讲话", "相关热词搜索：讲话 会议",
                     "本文由第一范文网整理发布", "更多精彩内容，请关注微信公众号：公文写作", "[标签:讲话稿 办公室]",
                     "文档价格：5积分", "使用道具 举报", "返回列表 发新帖", fmt="txt")
    assert kept == ["在全县办公室主任会议上的讲话", "在全市会议上的讲话"]
    assert why.count("piece marker") == 3 and why.count("site notice") == 7
    said = ["第一篇 总论", "这篇讲话稿分为三个部分。", "要积极关注群众反映的问题。", "pattern = re.compile(r'扫描下方二维码关注公众号')",
            "本文由三个部分组成，一是回顾，二是分析，三是部署。"]
    assert _run(*said, fmt="txt")[0] == said


def test_ads_labels_related_lists_and_file_tails() -> None:
    kept, why = _run("在县委办公室全体工作人员会议上的讲话.doc 下载本文", "#### 一、工作成就", "【正确答案】(1)发文机关标志",
                     "预览结束,免费获取全文或定制代笔此类文章!", "请点击👉 mbgs777 👈联系老师", "搜索热词: 婚姻登记 低保 养老",
                     "1998年第S1期114-115,共2页", "[编辑:廖丹英]", "相关自查报告: 学校素质教育的自查报告、街道应急管理自查报告、班级安全自查报告",
                     "全年累计起草文稿[建议此处插入具体篇数,例如:XX余篇]。", fmt="txt")
    assert kept == ["在县委办公室全体工作人员会议上的讲话", "一、工作成就", "(1)发文机关标志", "全年累计起草文稿。"]
    assert why.count("site notice") == 6
    said = ["要认真阅读《公文处理条例》，结束后交流心得。", "请大家加强联系，及时向老师请教。", "相关部门：要各司其职、密切配合、形成合力。",
            "1998年第一期刊物上登载了这篇文章，共2页。", "文件名为通知.doc的附件要及时下载。"]
    assert _run(*said, fmt="txt")[0] == said


def test_a_site_editors_sentence_anywhere_is_a_teaser() -> None:
    from kb.clean import noise

    line = "簡介:寫寫幫文庫小編為你整理了多篇相關的《公文寫作技巧》,但愿對你工作學習有幫助。"
    assert noise.teaser_span(line) is not None
    assert noise.teaser_span("我们的编辑同志整理了大量材料，为会议做了充分准备。") is None
