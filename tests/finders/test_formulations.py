"""Formulations (kb.finders.formulations) and their expansions (kb.finders.expansions), on text the
rules were not written for."""

from __future__ import annotations

from kb.finders.expansions import split_items
from kb.finders.formulations import find_formulations, merge_key, parse_term
from kb.found import FoundFormulation


def _by_name(found: list[FoundFormulation]) -> dict[str, FoundFormulation]:
    return {f.name: f for f in found}


def test_numbered_formulation_with_ji_expansion() -> None:
    f = _by_name(find_formulations("我们要做到“三个统一”，即思想统一、行动统一、步调统一。"))
    assert f["三个统一"].expansion == "思想统一、行动统一、步调统一"
    assert f["三个统一"].items == ("思想统一", "行动统一", "步调统一")


def test_unquoted_formulation_expanded_by_yi_shi() -> None:
    f = _by_name(find_formulations("机关要发挥四个作用：一是参谋作用；二是协调作用；三是督查作用；四是服务作用。"))
    assert f["四个作用"].expansion == "参谋作用、协调作用、督查作用、服务作用"
    assert f["四个作用"].how == "一是"


def test_expansion_from_the_following_passage_and_from_child_headings() -> None:
    f = _by_name(find_formulations("归纳起来就是“三个新”。", following="一是新思路。……\n二是新办法。\n三是新作风。"))
    assert f["三个新"].expansion == "新思路、新办法、新作风"
    f = _by_name(find_formulations("具体做到“三快”：", children=("（一）快报告", "（二）快处置", "三是快反馈")))
    assert f["三快"].expansion == "快报告、快处置、快反馈"


def test_expansion_before_the_term_and_in_parentheses() -> None:
    f = _by_name(find_formulations("提出了“讲政治、顾大局、守纪律”的“三个要求”。"))
    assert f["三个要求"].items == ("讲政治", "顾大局", "守纪律")
    f = _by_name(find_formulations("建立“三个机制”（会商机制、通报机制、问责机制）。"))
    assert f["三个机制"].expansion == "会商机制、通报机制、问责机制"


def test_shi_colon_expansions_for_several_terms() -> None:
    text = "提出了“两个坚持”、“三个更”的思路。两个坚持是:坚持学习,坚持实干;三个更是:站位更高,作风更实,服务更优。"
    f = _by_name(find_formulations(text))
    assert f["两个坚持"].expansion == "坚持学习、坚持实干"
    assert f["三个更"].expansion == "站位更高、作风更实、服务更优"


def test_compound_and_series() -> None:
    text = ("要抓好“一条主线、两项任务”（“一条主线”，就是服务大局；“两项任务”，就是抓调研和抓督查），"
            "做到“想得到、办得快、做得实”。")
    f = _by_name(find_formulations(text))
    assert f["一条主线、两项任务"].form == "compound"
    assert f["一条主线"].expansion == "服务大局"
    assert f["想得到、办得快、做得实"].form == "series"


def test_ordinary_counts_and_set_phrases_are_not_formulations() -> None:
    found = find_formulations("主要有三个方面的问题。我们搞“一条龙”服务，住在“二楼”，迎接“十二五”，其中一个很重要的因素就是作风。")
    assert found == []


def test_merge_key_and_terms() -> None:
    assert merge_key("三个服务") == merge_key("三服务") == "三服务"
    assert parse_term("三个服务") == (3, "个", "服务")
    assert parse_term("三个方面") is None
    assert split_items("思想建设、业务建设和制度建设", 3) == ["思想建设", "业务建设", "制度建设"]


def test_formulations_of_every_shape() -> None:
    text = ("要增强四个意识，坚决做到两个维护，落实中央八项规定精神。对“三個代表”重要思想要深刻领会。"
            "办公室要做到“三办”，即办文、办会、办事。推行“两比两问两评”活动，开展“三严三实”教育。"
            "坚持“精明、能干、忠诚、可靠”的标准，做到“不忘初心、牢记使命”。"
            "他归纳为“明确一个目标，做好两项服务，实现三个转变”。两个月来，我讲三点意见。")
    found = {f.name: f for f in find_formulations(text)}
    for name in ("四个意识", "两个维护", "八项规定", "三個代表", "三办", "两比两问两评", "三严三实",
                 "精明、能干、忠诚、可靠", "不忘初心、牢记使命", "明确一个目标，做好两项服务，实现三个转变"):
        assert name in found, name
    assert found["三办"].expansion == "办文、办会、办事"
    assert found["两个维护"].expansion == ""  # the text does not state it: no 两个确立
    assert found["三個代表"].key == merge_key("三个代表")
    assert not {"两个月来", "两个月", "三点意见", "三点", "三个转变"} & set(found)  # counts; a part of a compound


def test_expansions_only_where_the_text_states_them() -> None:
    f = _by_name(find_formulations("国家“两会”即将来临，正是信访维稳任务比较繁重的时候。"))
    assert f["两会"].expansion == ""
    f = _by_name(find_formulations("纪律有六大类，即：政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律和生活纪律。"))
    assert f["六大类"].items == ("政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律")
    f = _by_name(find_formulations("提出了“讲大局、强责任、提能力、抓落实”的十二字要求。"))
    assert f["十二字"].expansion == "讲大局、强责任、提能力、抓落实"
    assert "讲大局、强责任、提能力、抓落实" not in f  # listed as the expansion, not again


def test_unquoted_series_of_single_characters() -> None:
    found = _by_name(find_formulations("对自己任期内的德、能、勤、绩等方面的情况作评估，等、拖、靠思想依然突出。"))
    assert set(found) == {"德、能、勤、绩", "等、拖、靠"} and found["等、拖、靠"].form == "series"
    # lists of qualities and ordinary lists are not formulations
    assert find_formulations("推进规范化、制度化、标准化建设，加强政治纪律、组织纪律。") == []


def test_arabic_numerals_number_formulations_too() -> None:
    f = _by_name(find_formulations("要坚持“3个服务”的根本宗旨。"))
    assert f["3个服务"].key == merge_key("三个服务") == "三服务"
    f = _by_name(find_formulations("会议确定了4项任务：一是抓学习，二是抓作风，三是抓落实，四是抓保障。"))
    assert f["4项任务"].expansion == "抓学习、抓作风、抓落实、抓保障"
    assert _by_name(find_formulations("上市公司采用的“3+1+X”模式。"))["3+1+X"].form == "compound"
    # counts written in digits are not formulations unless the text expands them
    assert find_formulations("他用了3个月时间，完成了5个项目，增长了10个百分点。") == []
    assert find_formulations("他用了两个月时间，完成了三个项目。") == []  # unquoted counts need an expansion


def test_phrases_that_announce_what_follows() -> None:
    f = _by_name(find_formulations("对于办公室工作，我很深的体会有三点：一是办公室的工作很重要。二是办公室的同志很辛苦。"
                                   "三是办公室的平台很难得。"))
    assert f["三点"].expansion == ""  # the points of a talk, not what a formulation stands for
    assert "3条原则" in _by_name(find_formulations("具体讲要把握3条原则：权力使用上“多栽花，少栽刺”。"))
    assert "四个方面" in _by_name(find_formulations("下面，我强调并抓好以下四个方面。"))
    assert find_formulations("产品分为三种：甲类、乙类、丙类。") == []
    assert find_formulations("会议时间：3月5日。") == []


def test_expansion_after_a_head_noun() -> None:
    f = _by_name(find_formulations("各地要实现“三无”目标，即无进京非正常访、无赴省重复集体访、无中省交办信访积案。"))
    assert f["三无"].expansion == "无进京非正常访、无赴省重复集体访、无中省交办信访积案"
    f = _by_name(find_formulations("实行“四严”要求：严格审核、严格把关、严格时限、严格责任。"))
    assert f["四严"].items == ("严格审核", "严格把关", "严格时限", "严格责任")
    # a head noun that starts a sentence of its own does not give an expansion
    f = _by_name(find_formulations("要做好“三服务”工作，就是要把服务放在首位。"))
    assert f["三服务"].expansion == ""


def test_coined_terms_in_quotation_marks() -> None:
    assert _by_name(find_formulations("国务院连续五年将“大督查”纳入年度重点工作。"))["大督查"].form == "coined"
    assert "急难愁盼" in _by_name(find_formulations("及时收集梳理群众的“急难愁盼”问题。"))
    # quoted dictionary words, names of places and phrases of prose are not coined terms
    assert find_formulations("还必须担当起“综合”的责任，写好“命题作文”。") == []
    assert find_formulations("参观了“玉峰国小”和“城关镇”。") == []
    assert find_formulations("要练好“嘴上功夫”。") == []


def test_expansions_stated_sentences_before() -> None:
    f = _by_name(find_formulations("全会明确提出，“加快完善互联网管理领导体制，确保国家网络和信息安全”，“完善国家安全体制，确保国家安全。”"
                                   "这“两个确保”是党中央做出的重大战略部署。"))
    assert f["两个确保"].expansion == "确保国家网络和信息安全、确保国家安全" and f["两个确保"].how == "前指"
    f = _by_name(find_formulations("书记发出了“讲大局、强责任、提能力、抓落实”的号召。我们要贯彻落实书记提出的“十二字”要求。"))
    assert f["十二字"].expansion == "讲大局、强责任、提能力、抓落实"
    assert "讲大局、强责任、提能力、抓落实" in f  # named sentences before: the series stays an entry of its own
    # no clause before opens with the noun as many times as the number: no expansion
    f = _by_name(find_formulations("要确保安全生产。这“两个确保”很重要。"))
    assert f["两个确保"].expansion == ""


def test_single_and_mixed_quotation_marks() -> None:
    assert "两办" in _by_name(find_formulations("听说'两办“的文字秘书还有通宵加班。"))
    f = _by_name(find_formulations("他说：“要坚持‘两个务必’，做到‘三严三实’。”"))
    assert set(f) == {"两个务必", "三严三实"}
    assert find_formulations("他说'好的'，就走了。") == []  # a short quoted reply is no term


def test_quoted_numbered_phrases_of_ordinary_nouns_and_quoted_double_terms() -> None:
    # 机关 makes an unquoted 四个机关 a count; quoted, it is the formulation (in either script)
    assert [f.name for f in find_formulations("按照“四个机关”的定位和要求。")] == ["四个机关"]
    assert [f.name for f in find_formulations("按照“四個機關”的定位和要求。")] == ["四個機關"]
    assert find_formulations("全县四个机关参加。") == []
    assert find_formulations("用了“三个月”时间。") == []  # units of time stay counts
    assert [f.name for f in find_formulations("深化“双拥”服务，夺取“双胜利”。")] == ["双拥", "双胜利"]


def test_n_in_one_and_a_numbered_work_announced_by_a_colon() -> None:
    assert [f.name for f in find_formulations("按照政协自身建设“四位一體”的总体要求。")] == ["四位一體"]
    assert [f.name for f in find_formulations("提出了三位一体的工作模式。")] == ["三位一体"]
    assert [f.name for f in find_formulations("强调做好八个方面的工作：认真组织实施机关事务，加强管理。")] == ["八个方面"]
    assert find_formulations("会议用了三个小时来总结：大家都很满意。") == []


def test_a_quoted_code_of_digits_before_what_it_numbers() -> None:
    assert [f.name for f in find_formulations("紧紧围绕县委“4321”工作思路。")] == ["4321"]
    assert find_formulations("到“2035”年基本实现。") == []  # a year
    assert find_formulations("考上“985”大学。") == []  # three digits: a name


def test_the_points_a_speaker_announces_are_no_formulation() -> None:
    assert find_formulations("下面，我讲两点意见：") == []  # a transition of the talk, not a 提法


def test_a_list_before_its_count_without_its_asides_and_closing_deng() -> None:
    f = find_formulations("收文处理包括签收（清点、分类）、登记、拟办、送批等4个程序。")
    assert [(x.name, x.expansion, x.how) for x in f] == [("4个程序", "签收、登记、拟办、送批", "前列")]


def test_one_item_after_the_colon_of_a_count_of_three_is_no_expansion() -> None:
    f = find_formulations("审核者要确保“三个没问题”：文字使用没问题。辨识音近字，区分形近字。")
    assert [(x.name, x.expansion) for x in f] == [("三个没问题", "")]
