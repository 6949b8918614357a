"""Sayings without a named speaker (kb.finders.sayings)."""

from __future__ import annotations

from kb.finders.quotes import find_quotes
from kb.finders.sayings import find_sayings


def test_sayings_found_by_their_shape() -> None:
    """Sayings the sayings list does not hold are found by shape: an introducing phrase, a seven-character
    line, clauses with 文言 particles, a 4 + 4 pair with a comma, a set frame (X无小事)."""
    qs = {q.text: q for q in find_quotes("机关里有句话：三分文件七分落实。俗话说，“人心齐，泰山移”。")}
    assert qs["三分文件七分落实"].speaker == "机关里" and qs["人心齐，泰山移"].speaker == "俗语"
    qs = {q.text: q.speaker for q in find_quotes("读之乏味，出现“年年岁岁花相似”。正是“为之，则难者亦易矣”。")}
    assert qs == {"年年岁岁花相似": "", "为之，则难者亦易矣": ""}
    assert [q.text for q in find_quotes("有的松了口气，“刀枪入库，马放南山”。")] == ["刀枪入库，马放南山"]
    assert [q.text for q in find_quotes("要做到群众利益无小事，一枝一叶总关情。")] == ["群众利益无小事，一枝一叶总关情"]
    # lists and modern phrases in quotation marks are not sayings
    assert find_quotes("坚持“三分部署、七分落实”，打通“最后一公里”，防止“区里的耳朵”失灵。") == []


def test_classical_couplets_and_sayings_without_quotation_marks() -> None:
    """Couplets with a 文言 particle at the same place in both halves, seven-character verse, and idioms
    of the dictionary of five characters or more, with or without quotation marks."""
    texts = [q.text for q in find_sayings("学而不思则罔，思而不学则殆。要博观而约取，厚积而薄发。"
                                          "宝剑锋从磨砺出，梅花香自苦寒来。")]
    assert texts == ["学而不思则罔，思而不学则殆", "博观而约取，厚积而薄发", "宝剑锋从磨砺出，梅花香自苦寒来"]
    qs = find_quotes("大家都说“师傅领进门，修行靠个人。”古诗云：“千磨万击还坚劲，任尔东西南北风。”")
    assert {(q.speaker, q.text) for q in qs} == {("人们", "师傅领进门，修行靠个人。"), ("古人", "千磨万击还坚劲，任尔东西南北风")}


def test_slogans_greetings_and_idioms_in_quotation_marks_are_not_sayings() -> None:
    text = ("要“开拓创新，真抓实干”，“加强机关建设，改进机关作风”。各位来宾，各位朋友。“各位来宾，各位朋友”。"
            "这是“刻不容缓”的“两大历史性任务”。一举一动，一言一行，都体现形象。大家讲写作的一些粗浅体会。"
            "大家常讲，干事写材料首先要把握好事实关。以人民为中心，以质量为核心。")
    assert find_quotes(text) == []


def test_well_known_sayings_of_the_list() -> None:
    qs = find_quotes("我们要以铜为镜，可以正衣冠；做到公生明、廉生威。正如古人所说，功崇惟志，业广惟勤。")
    assert [q.text.rstrip("。") for q in qs] == ["以铜为镜，可以正衣冠", "公生明、廉生威", "功崇惟志，业广惟勤"]


def test_quoted_terms_and_tables_are_not_sayings() -> None:
    assert find_quotes("该理论挑战了新古典经济学中“市场交易无摩擦”的理想化假设。") == []
    assert find_quotes("对再就业收入有显著影响的是“职称或技术级别”和“教育程度”。") == []
    assert find_quotes("这个季节正是“控溪吊桥”一带的枫红时刻。") == []
    assert find_quotes("-98.10%本期无新增借款，借款利息支出减少。") == []
    assert find_quotes("他说：“自己回家，我没时间。”") == []
    # the same shapes as sayings are kept: a verse line, a classical line with its particles
    assert [q.text for q in find_quotes("写材料最怕出现“年年岁岁花相似”。")] == ["年年岁岁花相似"]
    assert [q.text for q in find_quotes("“为之，则难者亦易矣”，做事贵在坚持。")] == ["为之，则难者亦易矣"]


def test_terse_classical_couplets_without_quotation_marks() -> None:
    assert [q.text for q in find_quotes("我认为，政贵有恒，治须有常。")] == ["政贵有恒，治须有常"]
    assert [q.text for q in find_quotes("老百姓讲，马凭四条腿，官凭一张嘴。")] == ["马凭四条腿，官凭一张嘴"]
    # office couplets of dictionary words are not sayings
    assert find_quotes("我们要统一思想，提高认识。") == []
    assert find_quotes("对先进典型，予以表彰，加以推广。") == []
    assert find_quotes("上至接待领导，下至联系群众，什么都要管。") == []
    assert find_quotes("发现的问题越多，症结摸得越准，贡献也就越大。") == []
    # the same saying read twice keeps who says it
    assert [(q.speaker, q.text) for q in find_quotes("古语云：吃得苦中苦，方为人上人。")] == [("古人", "吃得苦中苦，方为人上人")]
    assert find_quotes("出席会议的有县委副书记成宾，县委常委李春旺。") == []


def test_reversed_couplets() -> None:
    qs = find_quotes("加班加点是常事，星期六保证不休息，星期天休息不保证。")
    assert [q.text for q in qs] == ["星期六保证不休息，星期天休息不保证"]
    assert [q.text for q in find_quotes("我们倡导，人人为我，我为人人。")] == ["人人为我，我为人人"]
    # two clauses built alike are not reversed
    assert find_quotes("我们要一手抓发展，一手抓稳定。") == []


def test_modern_reasoning_is_not_verse() -> None:
    assert find_quotes("反之，如果不做好准备，匆忙仓促地开会，不仅会拖延会议的时间。") == []
    assert [q.text for q in find_quotes("宝剑锋从磨砺出，梅花香自苦寒来。")] == ["宝剑锋从磨砺出，梅花香自苦寒来"]
    assert find_quotes("实证结果表明，社会资本越丰富，再就业情况越好。") == []


def test_couplets_that_share_a_clause_are_one_saying() -> None:
    assert [q.text for q in find_sayings("脸笑如花，腰弓像虾，脚快似马。")] == ["脸笑如花，腰弓像虾，脚快似马"]
