"""Headings inside a passage (kb.finders.headings)."""

from __future__ import annotations

from kb.finders.headings import find_headings


def test_headings_inside_a_passage() -> None:
    text = ("我很深的体会有三点:一是办公室的工作很重要。习近平到中办调研时作了指示。"
            "二是办公室的同志很辛苦。办公室工作是一项苦差使；三要谋得深，就是善于突破表象。")
    assert find_headings(text) == ["一是办公室的工作很重要", "二是办公室的同志很辛苦"]
    assert find_headings("三要谋得深，就是善于突破日常工作中繁杂琐碎的表象，深入到循机理、管长远的工作中去。") == ["三要谋得深"]
    assert find_headings("关键在强化理论武装。\n坚持落实好各项学习制度，推进理论培训常态化，不断增进政治认同。") == ["关键在强化理论武装"]
    assert find_headings("1.1政策背景:国家治理体系现代化1.2现实需求:破解最后一公里") == [
        "1.1政策背景:国家治理体系现代化", "1.2现实需求:破解最后一公里"]
    assert find_headings("一是加强学习；二是提高素质。") == []


def test_headings_of_every_numbering_shape() -> None:
    assert find_headings("①加强学习。我们要坚持学习。\n②提高素质。") == ["①加强学习", "②提高素质"]
    assert find_headings("1.加强理论学习。要坚持读原著、学原文。") == ["1.加强理论学习"]
    assert find_headings("一.加强理论学习。要坚持读原著、学原文。") == ["一.加强理论学习"]
    assert find_headings("第三章 保密管理\n各单位要严格执行保密制度。") == ["第三章 保密管理"]
    assert find_headings("其一，强化责任担当。各单位要切实负起责任。") == ["其一，强化责任担当"]
    assert find_headings("（1）明确任务分工。各部门要按照分工抓好落实。") == ["（1）明确任务分工"]


def test_headings_in_web_copies() -> None:
    """Glued to the first sentence, after page debris, at the end of a run of points, a title line."""
    assert find_headings("下面,我讲几点意见。\n一、深刻认识办公室工作的重要意义办公室作为一个单位、一个系统、一个机构的综合办事部门,"
                         "处于承上启下、协调左右的中枢位置。") \
        == ["一、深刻认识办公室工作的重要意义"]
    assert find_headings("我再强调三点意见。一、把握形势,清醒认识,切实增强做好信访工作的责任感和紧迫感和谐稳定是一个地方的重要环境。") \
        == ["一、把握形势,清醒认识,切实增强做好信访工作的责任感和紧迫感"]
    assert find_headings("- D9 F& ?1 W3 k. z1 二是要“新”。办公室在一定程度上是一个单位的“代言人”。") == ["二是要“新”"]
    assert find_headings("X- r$ o! d, i 3、正文:3 k! b+ [2 w1 ^$ ]! h# Z# ; E; N5 p1 w U3") == ["3、正文"]
    assert find_headings("1.2现实需求:破解最后一公里1.3问题挑战:传统督查模式与新时代要求的适配性不足")[-1] \
        == "1.3问题挑战:传统督查模式与新时代要求的适配性不足"
    assert find_headings("在全县第二次信访联席会议上的讲话提纲") == ["在全县第二次信访联席会议上的讲话提纲"]


def test_a_line_of_two_four_character_phrases_above_a_paragraph() -> None:
    text = "高度重视，精心部署。\n能动系党总支高度重视此次活动，认真组织，广泛动员，为活动开展做了充分准备。"
    assert find_headings(text) == ["高度重视，精心部署"]
    # a greeting or a transition on its own line is not a heading
    assert find_headings("同志们，大家好！\n今天我们召开全市办公室主任会议，主要任务是总结工作、部署任务。") == []
    assert find_headings("下面，我讲几点意见。\n今天我们召开全市办公室主任会议，主要任务是总结工作、部署任务。") == []


def test_numbers_closed_by_a_parenthesis_alone() -> None:
    text = "1）加强组织领导。\n各单位要高度重视，切实加强领导，确保各项工作落到实处。\n二）强化督促检查。\n要定期开展督查。"
    assert find_headings(text) == ["1）加强组织领导", "二）强化督促检查"]
    assert find_headings("会议强调了几点，2）要落实到位的事项很多。") == []  # not at a line or sentence start


def test_headings_in_traditional_script_are_read_folded_and_kept_as_written() -> None:
    assert find_headings("在全市政府系統辦公室主任會議上的講話") == ["在全市政府系統辦公室主任會議上的講話"]
    assert find_headings("在全市政府系统办公室主任会议上的讲话") == ["在全市政府系统办公室主任会议上的讲话"]


def test_a_number_with_a_unit_and_a_chairs_cue_are_no_headings() -> None:
    assert find_headings("全区救助3.6万人次，发放各类救助金1547万元。") == []
    # a chair's cue (请…发言……) is a line of the running order, not a heading
    assert find_headings("主持词\n请赵成城副市长发言……\n下面，让我们以热烈的掌声欢迎市长讲话……\n谢谢") == []
