"""kb.titles: the title of a web copy from the shapes of its first lines (invented pages in real sites' shapes)."""

from __future__ import annotations

import pytest

from kb import titles

BODY = "今天，我们召开全县办公室工作会议，主要任务是总结去年工作，安排部署今年任务。"


@pytest.mark.parametrize("lines, want", [
    (["返回", "收藏", "下载", "在全市政务督查系统工作座谈会上的交流发言", BODY], "在全市政务督查系统工作座谈会上的交流发言"),
    (["购物车 我的足迹 办会工作经验交流材料", BODY], "办会工作经验交流材料"),
    (["范文网 首页 工作总结 心得体会 讲话稿 演讲稿", "2023年办公室个人工作总结", "阅读：1234 次", BODY], "2023年办公室个人工作总结"),
    (["首页 > 范文大全 > 讲话稿 > 在全县信访工作会议上的讲话", BODY], "在全县信访工作会议上的讲话"),
    (["公文范文网", "2024年3月8日", "在全区安全生产工作会议上的讲话", "同志们：", BODY], "在全区安全生产工作会议上的讲话"),
])
def test_pick_title_skips_furniture(lines: list[str], want: str) -> None:
    picked = titles.pick_title(lines)
    assert picked is not None and picked.text == want


@pytest.mark.parametrize("lines", [
    ["关灯", "正文复制", "讲话稿", BODY],  # furniture only: no title
    ["同志们：", "在全县工作会议上的讲话", BODY],  # the body has begun before it
    ["机要局属于党委系统，负责管理党政机关的保密工作。比如文件加密、密码管理都归它管。", BODY],
    ["一、提高认识，增强责任感", BODY],
])
def test_pick_title_none_without_a_titles_shape(lines: list[str]) -> None:
    assert titles.pick_title(lines) is None


@pytest.mark.parametrize("line, furniture", [
    ("返回 收藏 下载", True), ("学习啦>实用范文>致辞讲话", True), ("维基文库,自由的图书馆", True),
    ("（2023年5月8日）", True), ("作者：笔杆子", True), ("开幕式发言稿范文 篇1", False),
    ("在全县办公室主任会议上的讲话", False),
])
def test_furniture_line(line: str, furniture: bool) -> None:
    assert titles.furniture_line(line) is furniture


@pytest.mark.parametrize("title, want", [
    ("购物车 我的足迹 办会工作经验交流材料", "办会工作经验交流材料"),
    ("办公室主任经验交流发言材料_范文大全网", "办公室主任经验交流发言材料"),
    ("在全县信访工作会议上的讲话 - 笔墨文库", "在全县信访工作会议上的讲话"),
    ("配电网运行评价导则\n\n第2部分：指标体系", "配电网运行评价导则\n\n第2部分：指标体系"),
    ("首页 讲话", "首页 讲话"),  # nothing would be left
])
def test_strip_site_parts(title: str, want: str) -> None:
    assert titles.strip_site_parts(title) == want


def test_title_shape() -> None:
    assert titles.title_shape("在全市组织工作会议上的讲话")
    assert titles.title_shape("办公室主任经验交流材料")
    assert not titles.title_shape("机要局的职能")


def test_a_salutation_is_no_field() -> None:
    assert not titles.furniture_line("同志们：")
    assert not titles.furniture_line("各位领导：")
    assert titles.date_line("（2023年5月8日）") and not titles.date_line("2023年工作总结")


def test_a_document_number_is_furniture() -> None:
    assert titles.furniture_line("镇政发〔2024〕7号")
    assert titles.furniture_line("国办函[2023]15号")
    assert not titles.furniture_line("关于印发2024年工作要点的通知")


def test_a_long_blurb_on_the_first_line_and_a_collections_label() -> None:
    blurb = "久久精品，熟妇人妻无码中文字幕，亚洲精品无码久久久久久久简介：写写帮文库小编为你整理了多篇相关的文章，但愿对你工作学习有帮助"
    picked = titles.pick_title([blurb * 2, "第一篇:公文写作技巧与案例分析讲课提纲", "教学设想", BODY])
    assert picked is not None and picked.text == "公文写作技巧与案例分析讲课提纲"


def test_text_that_looks_like_markup_is_no_breadcrumb() -> None:
    assert not titles.furniture_line('关于<script/x>alert("标题")</script/x>的讲话')
    assert titles.furniture_line("首页 > 范文大全 > 讲话稿")


def test_menu_words_in_traditional_characters() -> None:
    assert titles.menu_words("下載本文檔") and titles.menu_words("返回 收藏 下載")
    assert not titles.menu_words("機關公文寫作培訓")
    assert titles.furniture_line("下載本文檔")


def test_a_news_pages_picture_mark_leaves_the_title() -> None:
    assert titles.tidy_title("对比试车—测试两款微型车(图)", "") == ("对比试车—测试两款微型车", "")
    assert titles.tidy_title("新春走基层【组图】", "") == ("新春走基层", "")


def test_a_title_wrapped_over_two_lines_in_the_meeting_shape() -> None:
    assert titles.wrapped_meeting("张某某委员长在十二届全国人大常委会", "第二十四次会议上的讲话")
    assert not titles.wrapped_meeting("关于加强机关作风建设", "在全县机关作风建设会议上的讲话")


@pytest.mark.parametrize("line", ["- 约1.65千字", "- 约 6页", "- 0", "- 2026-01-29 发布于四川"])
def test_a_document_sites_counters_are_furniture(line: str) -> None:
    assert titles.furniture_line(line)


def test_a_files_copy_suffix_and_a_double_hyphen_subtitle() -> None:
    assert titles.tidy_title("在中青年干部培训班上的辅导讲话-副本", "") == ("在中青年干部培训班上的辅导讲话", "")
    assert titles.split_title("奋斗的青春最美丽--在纪念五四运动座谈会上的讲话", "") == (
        "奋斗的青春最美丽", "--在纪念五四运动座谈会上的讲话")


# --- sixth collection's shapes (#13), invented lines ---------------------------------------------------
def test_the_texts_own_title_after_a_near_same_page_heading_wins() -> None:
    picked = titles.pick_title(["在全市机关作风建设活动上讲话", "来源：网络", "在全市机关作风建设活动上的讲话", "同志们：", BODY])
    assert picked is not None and picked.text == "在全市机关作风建设活动上的讲话"
    picked = titles.pick_title(["在全市机关作风建设活动上的讲话", "在全市信访工作联席会议上的讲话", BODY])
    assert picked is not None and picked.text == "在全市机关作风建设活动上的讲话"  # two titles: the first


def test_a_dashed_subtitle_on_the_titles_line() -> None:
    assert titles.head_of("在全县办公室主任会议上的讲话 —— 铁心守忠诚") == "在全县办公室主任会议上的讲话"
    assert titles.head_of("——铁心守忠诚") == "——铁心守忠诚"  # nothing before the dash: the line itself
    assert titles.title_shape("在全县办公室主任会议上的讲话——铁心守忠诚 当好参谋助手")
    assert not titles.title_shape("铁心守忠诚——在全县办公室工作中当好参谋助手的体会和做法很多")
    picked = titles.pick_title(["在全县办公室主任会议上的讲话——铁心守忠诚 当好参谋助手", "同志们：", BODY])
    assert picked is not None and picked.text.startswith("在全县办公室主任会议上的讲话")


@pytest.mark.parametrize("title", ["机关公文处理流程", "会议室使用须知", "值班人员守则", "档案查阅规程", "机关事务管理条例",
                                   "公文写作指南"])
def test_the_genre_ends_of_rules_and_procedures(title: str) -> None:
    assert titles.title_shape(title)
    picked = titles.pick_title([title, BODY])
    assert picked is not None and picked.text == title


@pytest.mark.parametrize("title, want", [
    ("办公室工作人员培训课件_完整", "办公室工作人员培训课件"),
    ("在全县办公室主任会议上的讲话（精选）", "在全县办公室主任会议上的讲话"),
    ("值班工作制度完整版", "值班工作制度"),
    ("会议服务规范（word版）", "会议服务规范"),
    ("在新时代建功立业的完整人生", "在新时代建功立业的完整人生"),  # 完整 inside a title stays
])
def test_a_sites_edition_suffix_leaves_the_title(title: str, want: str) -> None:
    assert titles.tidy_title(title, "")[0] == want


@pytest.mark.parametrize("title, want", [
    ("督查督办工作制度[页2", "督查督办工作制度"),  # a page label
    ("会议纪要（第2页）", "会议纪要"),
    ("信息报送制度【精品多篇】", "信息报送制度"),  # the page's collection
    ("在全县会议上的讲话（精选5篇）", "在全县会议上的讲话"),
    ("第1篇 市政府办公室上半年工作总结大会讲话稿", "市政府办公室上半年工作总结大会讲话稿"),
    ("督查工作调研报告汇编(6篇)", "督查工作调研报告汇编(6篇)"),  # how many it collects: the title's
    ("第一篇：在全县会议上的讲话", "在全县会议上的讲话"),
    ("学习三篇文章的体会", "学习三篇文章的体会"),  # 篇 inside a title stays
])
def test_a_pages_labels_around_the_title(title: str, want: str) -> None:
    assert titles.tidy_title(title, "")[0] == want


@pytest.mark.parametrize("line, furniture", [
    ("节日致辞 / 正文", True), ("工作总结/正文", True), ("【范例一】", True), ("【範例一】", True), ("[范文2]", True),
    ("目錄/提綱:……", True), ("目录", True),
    ("关于改进会风文风的意见/建议", False), ("【公务接待】", False), ("提纲挈领抓落实", False),
])
def test_section_labels_of_a_page_are_furniture(line: str, furniture: bool) -> None:
    assert titles.furniture_line(line) is furniture


@pytest.mark.parametrize("line", ["【致辞人】某市人口计生委", "【致辭背景】某市人口計生係統動員大會致辭", "【适用范围】各级机关"])
def test_a_bracketed_field_is_no_title(line: str) -> None:
    assert titles.furniture_line(line)
