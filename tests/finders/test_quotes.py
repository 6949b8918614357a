"""Quotations and their speakers (kb.finders.quotes)."""

from __future__ import annotations

from kb.finders.quotes import find_quotes, find_speaker, normalise_speaker


def test_quotations_with_speakers() -> None:
    text = ("鲁迅先生说过：“时间就像海绵里的水，只要愿挤，总还是有的。”《论语》中说：“学而不思则罔，思而不学则殆。”"
            "古人云：“不积跬步，无以至千里”，“千里之堤，溃于蚁穴”。俗话说得好，“磨刀不误砍柴工”。"
            "法国作家雨果说过，世界上最宽阔的是海洋，比海洋更宽阔的是天空。张三同志强调：“要把工作做细做实。”"
            "我讲“这件事要马上办”。")
    quotes = [(q.speaker, q.text[:5]) for q in find_quotes(text)]
    assert quotes == [("鲁迅", "时间就像海"), ("《论语》", "学而不思则"), ("古人", "不积跬步，"),
                      ("古人", "千里之堤，"), ("俗语", "磨刀不误砍"), ("雨果", "世界上最宽"),
                      ("张三", "要把工作做")]


def test_speaker_normalisation() -> None:
    assert normalise_speaker("小平同志") == ("邓小平", "person")
    assert normalise_speaker("江总书记") == ("江泽民", "person")
    assert normalise_speaker("李达康书记") == ("李达康", "person")
    assert normalise_speaker("俗话") == ("俗语", "saying")


def test_quotations_sayings_and_speakers() -> None:
    qs = find_quotes("保密工作无小事。古人云：“事以密成，语以泄败。”如果写错一个字，就可能失之毫厘，谬以千里。"
                     "权力使用上要“多栽花，少栽刺”。")
    by_text = {q.text.rstrip("。"): q for q in qs}
    assert by_text["事以密成，语以泄败"].speaker == "古人"
    assert by_text["失之毫厘，谬以千里"].speaker == "" and by_text["多栽花，少栽刺"].speaker_kind == "saying"
    qs = find_quotes("總書記指出，“一個人也好，一個政黨也好，最難得的就是歷經滄桑而初心不改”；“做到不忘初心，必須有強烈的自我革命精神”。")
    assert [q.speaker for q in qs] == ["习近平", "习近平"]  # a bare 总书记 of today's texts
    assert qs[0].text == "一個人也好，一個政黨也好，最難得的就是歷經滄桑而初心不改"  # as the passage writes it
    assert find_quotes("江泽民总书记指出：“各级干部都要讲政治。”总书记强调：“办公厅要带头讲学习。”")[1].speaker == "江泽民"
    qs = find_quotes("江泽民同志1990年参加全国省市区秘书长座谈会强调：“办公厅处在承上启下的地位，是上情下达的枢纽。”")
    assert qs[0].speaker == "江泽民"
    qs = find_quotes("习近平总书记强调，保密工作是党和国家事业的重要组成部分，直接关系到国家安全。")
    assert qs[0].speaker == "习近平" and qs[0].text.startswith("保密工作是党和国家事业")
    qs = find_quotes("党的十八届三中全会明确提出，“设立国家安全委员会，完善国家安全体制”。")
    assert qs[0].speaker == "党的十八届三中全会"
    assert find_quotes("存荣书记提出“把握大局、统筹兼顾、抓好落实、做好表率”。") == []  # a formulation


def test_speakers_masked_and_bare_titles() -> None:
    qs = find_quotes("**市长指出，“市政府办公室是市政府整体工作正常有序运转的重要枢纽”。")
    assert qs[0].speaker == "**市长"
    qs = find_quotes("习近平总书记十分关心办公厅工作。总书记指出，“办公厅工作是党和国家工作的重要组成部分”。")
    assert qs[0].speaker == "习近平"


def test_adverbs_between_the_speaker_and_the_verb_are_not_a_name() -> None:
    """总书记也多次强调“一分部署、九分落实”: the speaker is 总书记 (the 引语 library showed 也多次, taken
    by the role + name rule from 书记 + 也多次)."""
    assert find_speaker("总书记也多次") == ("总书记", "person")
    assert find_speaker("李达康书记曾经反复") == ("李达康", "person")
    qs = find_quotes("马克思曾经说过，“一个行动胜过一打纲领”，总书记也多次强调“一分部署、九分落实”。")
    assert [(q.speaker, q.text) for q in qs] == [("马克思", "一个行动胜过一打纲领"), ("习近平", "一分部署、九分落实")]
    qs = find_quotes("习近平总书记十分关心办公室工作。总书记又一再强调，“办公厅工作无小事，必须做到万无一失”。")
    assert [q.speaker for q in qs] == ["习近平"]


def test_sources_named_after_the_quote() -> None:
    qs = find_quotes("“天下难事，必作于易；天下大事，必作于细”（《道德经》）。")
    assert [(q.speaker, q.speaker_kind) for q in qs] == [("《道德经》", "book")]
    qs = find_quotes("要“一切为了群众，一切依靠群众”，这是毛泽东同志提出的群众路线。")
    assert [(q.speaker, q.text) for q in qs] == [("毛泽东", "一切为了群众，一切依靠群众")]
    qs = find_quotes("“空谈误国，实干兴邦”，习近平总书记的这句话道出了真谛。")
    assert [q.speaker for q in qs] == ["习近平"]
    assert find_quotes("“今年的任务很重很重，大家要努力。”他说。") == []  # a pronoun names nobody


def test_people_named_without_a_title() -> None:
    qs = find_quotes("在澳大利亚墨尔本留学的马素湘说：“想不关注都难啊！到处都是两会的消息。”")
    assert [(q.speaker, q.speaker_kind) for q in qs] == [("马素湘", "person")]
    qs = find_quotes("人大代表 雷华春 说:“今天听了政府工作报告,这个报告作得非常好”")
    assert [q.speaker for q in qs] == ["雷华春"]
    qs = find_quotes("“今年我们县的变化很大，老百姓很满意。”卢宇说。")
    assert [q.speaker for q in qs] == ["卢宇"]
    qs = find_quotes("按照习近平总书记“绝对忠诚、绝对可靠、绝对纯洁，始终做到让党放心”的要求，我们要做好工作。")
    assert [q.speaker for q in qs] == ["习近平"]
    # the one spoken to is not the speaker; a pronoun and a place are nobody
    assert find_quotes("他转过身去，对旁边一个站柜台的女招待说：“把这个小伙计领到洗刷间去。”") == []
    assert find_quotes("总是在回答的最后说“谢谢你的提问！”") == []


def test_every_kind_of_quotation_mark() -> None:
    for text in ("毛泽东同志指出：「没有调查，就没有发言权。」", '毛泽东同志指出："没有调查，就没有发言权。"',
                 "毛泽东同志指出：〝没有调查，就没有发言权。〞", "毛泽东同志指出：＂没有调查，就没有发言权。＂"):
        assert [(q.speaker, q.text) for q in find_quotes(text)] == [("毛泽东", "没有调查，就没有发言权。")], text


def test_quotes_inside_a_quotation_belong_to_it() -> None:
    qs = find_quotes("习近平总书记指出：“要进一步增强“四个意识”，坚决维护党中央权威。”")
    assert [(q.speaker, q.text) for q in qs] == [("习近平", "要进一步增强“四个意识”，坚决维护党中央权威。")]


def test_traditional_script_is_read_folded_and_kept_as_written() -> None:
    qs = find_quotes("習近平總書記強調：「保密工作是黨和國家事業的重要組成部分。」古語云：吃得苦中苦，方為人上人。")
    assert [(q.speaker, q.text) for q in qs] == [("习近平", "保密工作是黨和國家事業的重要組成部分。"),
                                                 ("古人", "吃得苦中苦，方為人上人")]


def test_speakers_the_text_does_not_name_and_words_borrowed() -> None:
    assert [(q.speaker, q.text) for q in find_quotes("一位老秘书曾对我说：“写材料没有捷径可走，只有下笨功夫。”")] == [
        ("一位老秘书", "写材料没有捷径可走，只有下笨功夫。")]
    assert find_quotes("有人说：“秘书是领导的左右手。”")[0].speaker == "有人"
    assert find_quotes("有位哲人说过：“细节决定成败。”")[0].speaker == "有位哲人"
    assert find_quotes("用毛主席的话说，就是“加强纪律性，革命无不胜”。")[0].speaker == "毛泽东"
    assert find_quotes("周恩来总理曾经告诫秘书人员：“要严守机密，不该说的不说。”")[0].speaker == "周恩来"
    assert find_quotes("钟南山院士说：“武汉本来就是一个英雄的城市。”")[0].speaker == "钟南山"
    # a speaker who goes on (同时又讲到，我们“…”) keeps the name
    qs = find_quotes("江泽民总书记在十五大报告中讲到：“实际生活总是在不停的变动中。”同时又讲到，我们“一定要以正在做的事情为中心。”")
    assert [q.speaker for q in qs] == ["江泽民", "江泽民"]
    # not quotations: dialogue of a pronoun, the speaker's own words, a term in quotes
    assert find_quotes("他在会上说：“大家要抓紧时间把材料改好。”") == []
    assert find_quotes("我常说：“写材料要下笨功夫。”") == []
    assert find_quotes("同志们常说，办公室是“不管部”。") == []


def test_sources_read_without_quotation_marks() -> None:
    qs = find_quotes("“秘”按《说文解字》的解释，为不可测之意，“神”也。“秘书”一词最早出现在汉代。")
    assert [(q.speaker, q.text) for q in qs] == [("《说文解字》", "为不可测之意，“神”也。")]
    assert find_quotes("现代管理科学认为，任何一个系统要发挥最大功能，关键在于综合的程度。")[0].speaker == "现代管理科学"
    assert find_quotes("正如鲁迅先生所说，世上本没有路，走的人多了，也便成了路。")[0].speaker == "鲁迅"
    qs = find_quotes("李克强总理强调，要把简政放权作为“先手棋”。")
    assert qs[0].text == "要把简政放权作为“先手棋”。"  # the sentence runs on past a quoted word
    assert find_quotes("我们要记住“宁可十防九空，不可失防万一”这句话。")[0].text == "宁可十防九空，不可失防万一"
    # a rule followed (按照《条例》的规定) and an official reported in the news are not quotations
    assert find_quotes("按照《中国共产党纪律处分条例》的规定，纪律有六大类。") == []
    assert find_quotes("省委常委、省委秘书长许又声在开班仪式上强调，要按照“五个坚持”指示精神，推动保密工作。") == []


def test_a_quotation_the_passage_ends_inside() -> None:
    qs = find_quotes("人大代表余雷说：“早上听了政府工作报告，我听起来非常兴奋。贞丰在这几年发展得特别快")
    assert [(q.speaker, q.text) for q in qs] == [("余雷", "早上听了政府工作报告，我听起来非常兴奋。贞丰在这几年发展得特别快")]


def test_the_author_of_a_book_is_the_speaker() -> None:
    assert find_quotes("毛泽东同志在《党委会的工作方法》中指出：“党委书记要善于当班长。”")[0].speaker == "毛泽东"
    assert find_quotes("《韩非子》中说：“事以密成，语以泄败。”")[0].speaker == "《韩非子》"


def test_speakers_introduced_by_zhengru_and_unnamed_leaders() -> None:
    qs = find_quotes("正如传统行政管理学创始人威尔逊所言：“信任政府官员的惟一根据是效率。”")
    assert [(q.speaker, q.text) for q in qs] == [("威尔逊", "信任政府官员的惟一根据是效率。")]
    qs = find_quotes("记得一位领导同志曾经说过：发现——是社会问题转化为调研成果的关键。")
    assert qs[0].speaker == "一位领导同志"
    qs = find_quotes("秘书的另一个任务就是接待。不是有句话这样说，接待也是生产力。")
    assert [(q.speaker, q.text) for q in qs] == [("", "接待也是生产力")]  # 不是 is no speaker
    assert find_quotes("正如大家所说，这次会议开得很成功。") == []
    qs = find_quotes("江泽民同志指出：“办公厅处在承上启下的地位，影响很大。办公厅至少有这样一些...[继续阅读]各级办公厅搞调查研究。")
    assert qs[0].text == "办公厅处在承上启下的地位，影响很大。办公厅至少有这样一些"  # cut where the web copy cuts it


def test_instructions_and_words_before_a_title() -> None:
    qs = find_quotes("我们要牢记习近平总书记的殷殷嘱托：“办公厅工作是党和国家工作的重要组成部分。”")
    assert qs[0].speaker == "习近平"
    # 认真贯彻 is not a name before 总书记
    qs = find_quotes("认真贯彻总书记的重要指示“把对党忠诚放在首位，做到绝对忠诚”。")
    assert [(q.speaker, q.text) for q in qs] == [("习近平", "把对党忠诚放在首位，做到绝对忠诚")]
    assert find_quotes("李达康书记强调：“要把工作做细做实。”")[0].speaker == "李达康"


def test_officials_reported_in_the_news_are_not_quoted() -> None:
    assert find_quotes("报告结束，戴文鹏副局长对值班工作做了强调，要求全体人员提高责任意识。") == []
    assert find_quotes("李达康书记强调，要把工作做细做实，确保各项任务落到实处。") == []
    # a leader's words and a masked name in a speech are
    assert find_quotes("**市长指出，市政府办公室是市政府整体工作正常有序运转的重要枢纽。")[0].speaker == "**市长"
    assert find_quotes("李克强总理强调，要把简政放权作为先手棋。")[0].speaker == "李克强"
    # quoted words of any titled name are
    assert find_quotes("戴文鹏副局长强调：“要提高责任意识。”")[0].speaker == "戴文鹏"


def test_as_said_names_whoever_it_names_with_or_without_quotation_marks() -> None:
    text = "正如XX主任所言,党政办公室文秘事务不是人能干得了的工作。反之,能干得了这份工作的也不是人。"
    assert [(q.text, q.speaker) for q in find_quotes(text)] == [("党政办公室文秘事务不是人能干得了的工作。", "XX主任")]
    assert [(q.text, q.speaker) for q in find_quotes("正如王主任所言：“办文要细致周到。”")] == [("办文要细致周到。", "王主任")]
    assert find_quotes("正如我们所说，这项工作很重要。") == []  # the speaker's own words


def test_a_famous_line_introduced_as_one() -> None:
    qs = find_quotes("周恩來有句名言佳句:“誰擁有青年,誰就擁有未來”。")
    assert [(q.text, q.speaker) for q in qs] == [("誰擁有青年,誰就擁有未來", "周恩来")]
