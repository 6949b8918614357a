"""kb.people: who wrote or gave a text, from invented lines in the shapes real pages and files use."""

from __future__ import annotations

import pytest

from kb import people


@pytest.mark.parametrize("line, name", [
    ("文 | 林晓岚", "林晓岚"), ("作者/周某某", "周某某"), ("制定人　|      王建国", "王建国"), ("撰文：陈思远", "陈思远"),
    ("文 | 山间明月", "山间明月"),  # a pen name is kept as written
    ("市委秘书长 李某", "李某"), ("全国人大常委会委员长 赵某某", "赵某某"),
    ("主讲人:何文涛", "何文涛"), ("某市公安局 钱红梅", "钱红梅"),
    ("文件 | 第三版", ""), ("办公室工作的三点体会", ""),
])
def test_byline_name(line: str, name: str) -> None:
    assert people.byline_name(line) == name


@pytest.mark.parametrize("line, name", [
    ("蓝 海 峰", "蓝海峰"), ("●白立新", "白立新"), ("张建国同志", "张建国"), ("谢谢", "谢谢"), ("会议纪要", ""),
])
def test_line_name(line: str, name: str) -> None:
    assert people.line_name(line) == name  # (谢谢 has a name's shape: the signature reader skips it)


@pytest.mark.parametrize("headline, name", [
    ("市委书记王小明在全市组织工作会议上的讲话", "王小明"),
    ("县委副书记、县长 李明同志在全县经济工作会议上的讲话", "李明"),
    ("在全市办公室主任会议上的讲话", ""),
    ("关于进一步加强值班工作的通知", ""),
])
def test_office_headline_speaker(headline: str, name: str) -> None:
    assert people.office_headline_speaker(headline) == name


def test_headline_speaker_with_tongzhi() -> None:
    assert people.headline_speaker("周立同志在全区信访工作会议上的讲话") == "周立"
    assert people.headline_speaker("王刚在中央和国家机关保密工作会议上强调") == "王刚"


@pytest.mark.parametrize("tail, name", [
    (["最后，祝大家工作顺利！", "谢谢大家！", "刘志强", "2023年5月6日"], "刘志强"),
    (["以上发言，不妥之处请批评指正。", "某县财政局局长 马春生"], "马春生"),
    (["最后，祝大家工作顺利！", "谢谢"], ""),
    (["全体干部要把思想统一到会议精神上来，狠抓落实，确保各项任务圆满完成。"], ""),
])
def test_signature_speaker(tail: list[str], name: str) -> None:
    assert people.signature_speaker(tail) == name


def test_reported_speaker_needs_two_quotes_of_one_person() -> None:
    report = ("5月8日，某区召开安全生产工作会议。\n周海涛在讲话中指出，要压实责任。\n"
              "周海涛强调，要抓好隐患排查。\n周海涛要求，各单位要加强值守。")
    assert people.reported_speaker(report) == "周海涛"
    assert people.reported_speaker("5月8日，某区召开会议。\n周海涛指出，要压实责任。") == ""
    both = "陈立指出，要压实责任。\n陈立强调，要排查。\n吴平指出，要值守。\n吴平要求，要落实。"
    assert people.reported_speaker(both) == ""  # two people quoted as often: no one is the speaker


@pytest.mark.parametrize("line, name", [
    ("（刘小红）", "刘小红"), ("——张晓东", "张晓东"), ("（范文）", ""), ("（节选）", ""),
])
def test_line_name_in_brackets_or_after_a_dash(line: str, name: str) -> None:
    assert people.line_name(line) == name


def test_office_before_a_name_without_a_common_surname() -> None:
    assert people.byline_name("全国人大常委会委员长 栗战书") == "栗战书"
    assert people.office_headline_speaker("市长王刚在全市安全生产工作会议上强调") == "王刚"
    assert people.office_headline_speaker("县委书记李明主持召开县委常委会") == "李明"


def test_a_signature_after_a_dash() -> None:
    assert people.signature_speaker(["……谢谢大家！", "——张晓东"]) == "张晓东"


@pytest.mark.parametrize("line, name", [
    ("XXX", "XXX"), ("县委副书记 ×××", "×××"), ("（某某某）", "某某某"), ("——XXX同志", "XXX"), ("XXXX年XX月", ""),
])
def test_placeholder_name(line: str, name: str) -> None:
    assert people.placeholder_name(line) == name


def test_placeholder_in_a_headline_and_a_signature() -> None:
    assert people.headline_speaker("XXX同志在全县办公室工作会议上的讲话") == "XXX"
    assert people.headline_speaker("×××在全市信访工作会议上的讲话") == "×××"
    assert people.signature_speaker(["……谢谢大家！", "XXX", "2023年5月8日"]) == "XXX"


@pytest.mark.parametrize("line, want", [
    ("张建华：在全县经济工作会议上的讲话", ("张建华", "在全县经济工作会议上的讲话")),
    ("县委书记 张建华：在全县经济工作会议上的讲话", ("张建华", "在全县经济工作会议上的讲话")),
    ("会议时间：2023年5月8日上午九时", ("", "")),
])
def test_name_before_title(line: str, want: tuple[str, str]) -> None:
    assert people.name_before_title(line) == want


@pytest.mark.parametrize("line, names", [
    ("赵延东、风笑天", "赵延东 风笑天"), ("韩爱惠 卢卫华 范延平 赵建明", "韩爱惠 卢卫华 范延平 赵建明"), ("王芳1 李强2", "王芳 李强"),
    ("姓名 学号 班级", ""), ("张建华", ""), ("范文 全文", ""),
])
def test_names_line(line: str, names: str) -> None:
    assert people.names_line(line) == names


def test_a_name_spelt_in_latin_letters_after_it() -> None:
    assert people.line_name("崔添翼 (Tianyi Cui)*") == "崔添翼"
    assert people.placeholder_name("（XXX）") == "XXX"


@pytest.mark.parametrize("line, name", [
    ("发言人：县委办主任 王建国", "王建国"), ("主讲：王建国（市委党校教授）", "王建国"), ("讲话人：XXX", "XXX"),
    ("县委书记  欧阳建国", "欧阳建国"),
])
def test_role_lines_with_an_office_a_note_or_a_stand_in(line: str, name: str) -> None:
    assert people.byline_name(line) == name


@pytest.mark.parametrize("line, name", [
    ("王建国（市委办公室）", "王建国"), ("欧阳建国", "欧阳建国"), ("县委常委、县委办主任  ***", ""),
])
def test_name_lines_with_a_unit_or_a_two_character_surname(line: str, name: str) -> None:
    assert people.line_name(line) == name


def test_stand_ins_behind_an_office() -> None:
    assert people.placeholder_name("县委常委、县委办主任  ***") == "***"
    assert people.placeholder_name("XX县委书记  XXX") == "XXX"


@pytest.mark.parametrize("headline, name", [
    ("赵建国委员长在十三届全国人大常委会第五次会议上的讲话", "赵建国"),
    ("钱立新副省长在全省政府系统值班工作会议上的讲话", "钱立新"),
    ("孙红主任在全县办公室主任会议上的发言", "孙红"),
    ("党委书记在全校教职工大会上的讲话", ""),  # an office, no name
    ("全县召开办公室主任会议", ""),  # a place, no name
    ("市委书记在全市大会上的讲话", ""),
])
def test_headline_speaker_with_the_office_after_the_name(headline: str, name: str) -> None:
    assert people.headline_speaker(headline) == name


@pytest.mark.parametrize("line, name", [
    ("某市委书记孟XX", "孟XX"), ("县长 王××", "王××"),  # a template's masked given name
    ("【致辞人】××市人口计生委", "××市人口计生委"), ("【主讲人】何文涛", "何文涛"),  # a role in brackets; a unit
    ("致辞人：某县教育局", "某县教育局"),
    ("办公室主任XX", ""),
])
def test_byline_with_a_masked_name_or_a_unit(line: str, name: str) -> None:
    assert people.byline_name(line) == name


@pytest.mark.parametrize("line", ["编辑 王小明", "责任编辑 李强", "摄影 张华", "记者 陈明", "通讯员 刘洋"])
def test_a_sites_or_papers_staff_is_no_name_line(line: str) -> None:
    assert people.line_name(line) == ""
    assert people.signature_speaker(["谢谢大家！", line]) == ""


def test_unit_dated() -> None:
    assert people.unit_dated("xx市人民政府办公室(2009年3月12日)") == "xx市人民政府办公室"
    assert people.unit_dated("某县人民政府办公室（2009年4月12日）某县地处山区,") == "某县人民政府办公室"
    assert people.unit_dated("办公室（2009年3月12日）") == ""  # too short to name a unit
    assert people.unit_dated("（2009年3月12日）") == ""


def test_speaker_in_text_two_line_headline_and_unit() -> None:
    lines = ["当前位置:首页 > 立法", "赵建国委员长在十三届全国人大常委会", "第五次会议上的讲话", "（2018年9月1日）",
             "各位委员：", "本次会议审议了六件法律草案。"]
    assert people.speaker_in_text(lines, 0) == "赵建国"
    talk = ["政务信息工作经验交流", "xx市人民政府办公室(2009年4月12日)", "近年来,我市高度重视政务信息工作。"]
    assert people.speaker_in_text(talk, 1) == "xx市人民政府办公室"
    notice = ["关于做好政务信息工作的通知", "xx市人民政府办公室(2009年4月12日)", "各县区:现将有关事项通知如下。"]
    assert people.speaker_in_text(notice, 1) == ""  # a notice's issuer is no speaker


def test_a_list_of_names_is_no_byline_or_signature() -> None:
    assert people.without_name_list(["王小明", "李强", "张华"]) == []
    assert people.without_name_list(["王小明", "（2023年5月8日）"]) == ["王小明", "（2023年5月8日）"]
    assert people.signature_speaker(["先进个人名单", "王小明", "李强", "张华"]) == ""
    assert people.signature_speaker(["谢谢大家！", "张建国", "2023年5月8日"]) == "张建国"
