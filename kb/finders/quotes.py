"""Quotations (引语) in one passage's text, with the person or source each is attributed to.

A quotation is quoted text (“…”) that a speaking verb introduces (指出, 强调, 说过, 讲到, 曰, 规定 …),
or, after a known speaker and 说过/指出/曰, the rest of the sentence without quotation marks, or
quoted text that names its source after it (“…”（《论语》）, “…”——毛泽东).  The speaker is looked
for in the same sentence before the verb: a name from ``kb/data/speakers.txt`` (with its aliases:
小平同志 -> 邓小平, 俗话 -> 俗语), a book (《论语》), a person described by a profession (德国哲学家康德),
a name with a title (张三同志, 李四书记), a meeting or an organ (党的十八届三中全会).  Adverbs between
the speaker and the verb are not part of the name (总书记也多次强调 -> 总书记; a bare 总书记 is 习近平
when the text names no other).  A quote that follows another after a comma keeps its speaker
(古人曰：“…”，“…”), and so does one the speaker goes on with (同时又讲到，我们“…”).  Also: a speaker the
text does not name (一位老秘书曾对我说, 有人说), words borrowed (用毛主席的话说，就是“…”), the author
before a book (毛泽东同志在《…》中指出), sources read without quotation marks (按《说文解字》的解释，…;
现代管理科学认为，…), quotes followed by 这句话, and a quote the passage ends inside.  The text is read
folded (習近平總書記強調), each quote kept as written.  Sayings without a speaker are found by
:mod:`kb.finders.sayings`; first-person quotes, pronouns' dialogue and news reports of an organ's
post (省委秘书长…强调，…) are left out.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kb.analysis import get_segmenter
from kb.finders.sayings import find_sayings, han, overlaps
from kb.finders.speakers import NAME, TITLES, normalise_speaker, speaker_re, speakers
from kb.found import FoundQuote
from kb.text import HAN, curly_quotes, fold

VERBS = ("指出|强调|说得好|说过|说道|曾说|所说的|所说|所指出的|所指出|所强调的|所言|讲过|讲到|讲的|讲|说|曰|云|写道|"
         "提出的|提出了|提出|告诫|寄语|号召|批示|阐述|明确规定|规定|寄予了殷切期望|期望|称为|誉为|有言|"
         "(?:提出了?|提)[^，。“”]{0,6}要求|要求|表示|谈到|认为|主张|倡导|教导|嘱咐|叮嘱|勉励|有(?:一)?句(?:名言|话|格言|警句|名句)(?:佳句|警句)?|"
         "介绍|坦言|直言|感慨|回忆|告诉记者|对记者|(?:重要)?(?:指示|论述|嘱托|教诲)")
_VERB_END = re.compile(rf"(?:{VERBS})(?:了|的|过)?(?:那样|一样)?\s*[：:，,]?\s*$"
                       rf"|(?:告诫|勉励|嘱咐|叮嘱|要求|教导|寄语|激励|提醒)[^，。；“”：:]{{1,10}}(?:说|讲|道)?[：:]\s*$")
#: words of another quoted as one's own: 用毛主席的话说，就是“…”; 借用鲁迅先生的一句话：“…”
_BORROWED = re.compile(r"(?:用|借用|引用|套用)([^，。；“”]{1,14}?)的(?:一句|那句)?(?:话|名言)(?:来)?(?:说|讲)?"
                       r"[，,：:]?(?:就是|即|叫做|叫)?\s*$")
#: words that stand between a speaker and the verb and are not part of the name (也多次, 曾经, 深刻)
_ADVERB_TAIL = re.compile(r"(?:也|又|还|都|就|更|曾经|曾|早就|早已|多次|再次|反复|一再|屡次|深刻|明确|鲜明|郑重|"
                          r"特别|专门|亲自|严肃|生动|形象|精辟|一针见血地|语重心长地|地|在讲话中|在会上)+$")
#: a name with a title; the name may be masked in published texts (**市长, 王某书记, 习***)
_TITLED = re.compile(rf"([{HAN}]{{2,3}}?|[{HAN}]?[*＊×Ｘ]{{1,3}}|[{HAN}]某)(?:常务)?副?(?:{TITLES})(?!们)")
#: the last character of an organ before a title (省委秘书长, 市政府秘书长): a post, not a named person
_ORGAN_END = set("委府厅局部办院会省市县区乡镇处科")
_DESCRIBED = re.compile(rf"[{HAN}]{{0,6}}(?:哲学家|思想家|文学家|诗人|作家|科学家|教育家|政治家|军事家|史学家|学者|"
                        rf"革命家|文豪|大师)([{HAN}]{{2,4}}?)(?=曾经|曾|也|说|指出|讲|认为|写道)")
_BOOK = re.compile(r"《([^》]{1,24})》")
_FUNCTION_CHARS = set("的了在和与对把是为等们这那我你他她它其从向给被让于以及并也都就还又曾多次再")
_UNQUOTED = re.compile(r"(?:所说的那样|所说的|所说|所言|所讲的|所讲|所指出的|说过|指出|强调|曰|讲过|有言|说|讲|认为|写道)"
                       r"[，,：:]\s*(?![“\"])((?:[^。！？!?“”]|“[^“”]{1,40}”){6,160}[。！？!?]?)")
#: a meeting, an organ or a document that is quoted (党的十八届三中全会明确提出, 中央办公厅《…》)
_BODY = re.compile(rf"((?:党的)?[{HAN}\d]{{0,12}}(?:全会|大会|全国人大|中共中央|国务院|中央办公厅|国务院办公厅|中办|国办)"
                   rf"(?:《[^》]{{1,30}}》)?)[^，。]{{0,4}}$")
#: a person named after a role (人大代表余雷说, 局长王某指出); not a title inside another (总书记)
_ROLE_NAME = re.compile(rf"(?<!总)(?:代表|委员|局长|厅长|处长|科长|县长|区长|市长|省长|部长|主任|书记|秘书长|经理|董事长|校长|"
                        rf"院长)([{HAN}]{{2,3}}?)$")
#: a source named after the quote: “…”（《论语》）, “…”——毛泽东, “…”这是毛泽东同志的名言
_AFTER_SOURCE = re.compile(rf"^\s*(?:[（(]\s*(?:[{HAN}]{{0,6}}[·・])?([^（）()]{{2,24}})[）)]|[—－-]{{1,2}}\s*([^，。；\s]{{2,24}}))")
_AFTER_SAID = re.compile(r"^[，,。]?(?:这是|这句话是|这是出自|语出|出自)([^，。；“”]{2,16}?)(?:的名言|的话|所说|说的|中的话|对|在|提出|"
                         r"的(?:要求|教导|期望|告诫))[^。；]{0,30}[。，,；]"
                         r"|^[，,。]?([^，。；“”]{2,12}?)的?这句(?:话|名言|诗)")


#: a quote the text presents as words said: “…”这句话, “…”这段话, “…”这句名言
_THIS_SAYING = re.compile(r"(?:这|那)(?:一)?(?:句|段)(?:话|名言|格言|古训|诗)")
#: a source read without quotation marks: 按《说文解字》的解释，…; 现代管理科学认为，…
_READ_IN = re.compile(r"(?:按|据|根据|按照|依)(《[^》]{1,24}》)的?(?:解释|记载|说法|所载|所说)[，,：:]?\s*(?![“])"
                      rf"|((?:现代|当代|西方)?[{HAN}]{{2,6}}(?:学|科学|理论))(?:认为|告诉我们|研究表明)[，,：:]\s*(?![“])")
_READ_REST = re.compile(r"((?:[^。！？!?“”]|“[^“”]{1,40}”){6,160}[。！？!?]?)")


def find_speaker(context: str) -> tuple[str, str] | None:
    """The speaker mentioned in ``context`` (the sentence before the speaking verb), if any; the
    context is folded first (traditional script: 習近平總書記 -> 习近平), and adverbs at its end
    (也多次, 曾经, 深刻) are dropped."""
    context = re.sub(r"\s+", "", fold(context))
    context = _ADVERB_TAIL.sub("", context) or context
    m = _BOOK.search(context)
    if m and re.search(r"》(?:中|里|上)?[^，。]{0,6}$", context):
        author = find_speaker(context[:m.start()]) if re.search(r"在$", context[:m.start()]) else None
        if author and author[1] == "person":
            return author  # 毛泽东同志在《党委会的工作方法》中指出: the author is quoted
        return f"《{m.group(1)}》", "book"
    m = _DESCRIBED.search(context + "说")
    if m:
        return normalise_speaker(m.group(1))
    if generic := _generic_subject(context):
        return generic  # 一位领导同志曾经 (not 位领导)
    knowns = list(speaker_re().finditer(context))
    known = knowns[-1] if knowns else None
    titled = [t for t in _TITLED.finditer(context) if not set(t.group(1)) & _FUNCTION_CHARS]
    titled = titled[::-1]  # the one nearest the speaking verb first
    if known:
        end = known.end()
        tm = re.match(rf"(?:{TITLES})", context[end:])
        raw = known.group(0) + (tm.group(0) if tm else "")
        return normalise_speaker(raw if raw in speakers().canonical else known.group(0))
    if titled:
        return normalise_speaker(titled[0].group(0))
    if m := _BODY.search(context):
        return m.group(1), "book" if "《" in m.group(1) else "body"
    if (m := _ROLE_NAME.search(context)) and not set(m.group(1)) & _FUNCTION_CHARS:
        return m.group(1), "person"
    if m := re.search(r"总书记|主席|总理", context):
        return m.group(0), "person"
    if m := _BOOK.search(context):
        return f"《{m.group(1)}》", "book"
    return None


_NOT_NAME = set("的了在和与对把是为等们这那我你他她它其从向给被让于以及并也都就还又曾多次再说讲要会上下中里件案议书章")
#: a speaker named after the quote: “…”，卢宇说。 / “…”王局长表示。
_SAID_AFTER = re.compile(r"^[，,]?\s*([^，。；“”\s]{2,12}?)(?:说|表示|介绍|指出|强调)[。，,]")
#: a person named after the role they hold (人大代表, 专家, 负责人): the role is the speaker
_ROLE_WORDS = re.compile(r"(?:代表|委员|专家|学者|教授|老师|记者|负责人|主任|局长|处长|科长|书记|县长|市长|经理|院长|校长|所长)$")


def _named_subject(before: str) -> tuple[str, str] | None:
    """A person named right before the speaking verb without a title: the last words of the clause,
    after what describes them (在墨尔本留学的马素湘 -> 马素湘), when they are a surname and a given name."""
    clause = re.split(r"[，,。；;：:！？!?”\s]", re.sub(r"\s+", "", fold(before)))[-1]
    clause = _ADVERB_TAIL.sub("", clause) or clause
    if not clause or "对" in clause[1:]:  # 对保尔说: the one spoken to, not the speaker
        return None
    tail = clause.rsplit("的", 1)[-1]
    m = NAME.fullmatch(tail[-3:]) if len(tail) >= 3 and NAME.fullmatch(tail[-3:]) else NAME.fullmatch(tail[-2:])
    if m is None or set(m.group(0)[1:]) & _NOT_NAME or get_segmenter().has_word(m.group(0)):
        return None  # 古诗, 文件: words, not names
    if len(tail) <= 3 or _ROLE_WORDS.search(tail[:-len(m.group(0))]):
        return m.group(0), "person"
    return None


def _source_after(after: str) -> tuple[str, str] | None:
    """A source named right after a quote: （《论语》）, ——毛泽东, ，这是毛泽东同志的名言。"""
    m = _AFTER_SOURCE.match(after)
    if m:
        raw = (m.group(1) or m.group(2) or "").strip()
        found = find_speaker(raw) if raw else None
        if found and (found[1] != "person" or len(han(raw)) <= 8):
            return found
        return None
    m = _SAID_AFTER.match(after)
    if m:
        found = find_speaker(m.group(1)) or _named_subject(m.group(1))
        return found if found and found[1] == "person" else None
    m = _AFTER_SAID.match(after)
    if m is None:
        return None
    found = find_speaker(m.group(1) or m.group(2))
    return found if found and found[1] != "body" else None


def _named_before(before: str) -> tuple[str, str] | None:
    """A known speaker or a name with its title that stands right before a quote (no verb)."""
    b = re.sub(r"\s+", "", fold(before))
    known = [k for k in speaker_re().finditer(b) if k.end() == len(b)]
    if known and speakers().kinds.get(speakers().canonical[known[-1].group(0)]) == "person":
        return normalise_speaker(known[-1].group(0))
    titled = [t for t in _TITLED.finditer(b) if t.end() == len(b) and not set(t.group(1)) & _FUNCTION_CHARS]
    return normalise_speaker(titled[-1].group(0)) if titled else None


def _is_series(content: str) -> bool:
    """A quoted series of short equal phrases (把握大局、统筹兼顾、抓好落实) is a formulation, not a quotation."""
    items = content.split("、")
    return (len(items) >= 3 and all(re.fullmatch(f"[{HAN}]{{2,8}}", i) for i in items)
            and max(map(len, items)) - min(map(len, items)) <= 1)


def _sentence_start(text: str, pos: int) -> int:
    cut = max(text.rfind(c, 0, pos) for c in "。！？!?；;\n")
    return cut + 1


#: a quotation, with the quotes inside it (“为不可测之意，“神”也”: web copies nest “” in “”)
_QUOTE = re.compile(r"“((?:[^“”]|“[^“”]{0,60}”){2,300})”")


#: a speaker the text does not name: 一位部门的同志说过, 有位老领导曾对我说, 有人说 (not 他说: dialogue)
_GENERIC = re.compile(rf"^(?:(?:一位|有位|有一位|一名|某位|有的|一些|不少|许多|很多)[{HAN}]{{0,6}}?|老|[{HAN}]{{0,2}}的)?"
                      rf"(?:同志|领导|老秘书|秘书|干部|专家|学者|老师|前辈|作家|朋友|代表|委员|负责人|工作人员|人士|哲人|伟人|名人|智者|长者|诗人)$"
                      rf"|^有人$")
#: whoever 正如 introduces is quoted (正如传统行政管理学创始人威尔逊所言：“…”)
_AS_SAID = re.compile(rf"(?:正如|正像|诚如)([{HAN}·XxＸ*＊×]{{2,20}}?)(?:所言|所说|所讲|所指出|说的|讲的)(?:的|那样)?[：:，,]?\s*$")
#: a quoted one goes on: 同时又讲到，我们“…”, 他还指出，“…”
_GOES_ON = re.compile(r"(?:^|[，,；;。”])\s*(?:同时|并且?|接着|随后|他|她)?(?:又|还|并|也)(?:讲到|谈到|说到|指出|强调|说)[，,：:]?"
                      rf"[{HAN}]{{0,4}}$")


def _generic_subject(context: str) -> tuple[str, str] | None:
    """The unnamed speaker ending ``context`` (一位部门的同志, 有位老领导, 有人), or None; the one spoken
    to is not the speaker (一位老秘书曾对我说 -> 一位老秘书)."""
    clause = re.split(r"[，,。；;：:！？!?”\s]", context)[-1]
    clause = re.sub(r"对[^，。；]{1,8}$", "", clause)
    clause = _ADVERB_TAIL.sub("", re.sub(r"(?:常常|经常|常|曾经|曾|也|还)+$", "", clause))
    quantified = list(re.finditer(r"一位|有位|有一位|一名|某位", clause))
    if quantified:  # 记得一位领导同志 -> 一位领导同志
        clause = clause[quantified[-1].start():]
    return (clause, "person") if _GENERIC.match(clause) else None


def _quoted(text: str) -> list[FoundQuote]:
    out: list[FoundQuote] = []
    last_end = -10
    last_speaker: tuple[str, str] | None = None
    prev_speaker: tuple[str, str] | None = None
    for m in _QUOTE.finditer(text):
        content = m.group(1).strip()
        before = text[_sentence_start(text, m.start()):m.start()]
        speaker: tuple[str, str] | None = None
        if last_speaker and re.fullmatch(r"[，,、；;\s]*", text[last_end:m.start()]):
            speaker = last_speaker
        else:
            v = _VERB_END.search(before)
            if v:
                context = before[:v.start()]
                speaker = find_speaker(context[context.rfind("”") + 1:])
                if speaker is None and not re.match(r"[云曰]", v.group(0)):
                    speaker = _named_subject(context)
                if speaker is None and re.search(r"[：:，,]\s*$", v.group(0)):
                    speaker = _generic_subject(context)
            if (a := _AS_SAID.search(before)) and (named := _as_said_name(a)) \
                    and (speaker is None or (speaker[0] and named[0].endswith(speaker[0]))):
                speaker = named  # 正如王主任所言: 王主任, not 主任
            if speaker is None and prev_speaker and _GOES_ON.search(before):
                speaker = prev_speaker  # 同时又讲到，我们“…”: the one quoted before goes on
            if speaker is None and (b := _BORROWED.search(before)):
                speaker = find_speaker(b.group(1))
            if speaker is None and len(han(content)) >= 8:  # 习近平总书记“…”的要求: the name right before
                speaker = _named_before(before)
            if speaker is None:
                speaker = _source_after(text[m.end():m.end() + 40])
            if speaker is None and len(han(content)) >= 8 and _THIS_SAYING.match(text[m.end():]):
                speaker = ("", "saying")  # “…”这句话: words the text quotes, whoever said them
        if speaker is None or len(han(content)) < 5 or _is_series(content):
            last_speaker = None
            continue
        out.append(FoundQuote(content.rstrip("，,"), speaker[0], speaker[1]))
        last_speaker, last_end = speaker, m.end()
        prev_speaker = speaker if speaker[0] else prev_speaker
    return out


def _as_said_name(a: re.Match[str]) -> tuple[str, str] | None:
    """The one 正如…所言 names: 传统行政管理学创始人威尔逊 -> 威尔逊; a masked name as masked (XX主任)."""
    name = re.split(r"[的人家者]", a.group(1))[-1].replace("x", "X")
    if len(name) < 2 or not han(name) or name[0] in "我你他她它咱大":  # 正如我们所说: the speaker's own words
        return None
    return name, "person"


def _leader(t: re.Match[str]) -> bool:
    """A titled name whose words are quoted without quotation marks: a national leader's title (总书记,
    总理) or a name masked in a published speech (**市长); a news report's officials (戴文鹏副局长…强调，
    要求…) are reported, not quoted, and a post (省委秘书长) is no name."""
    name, title = t.group(1), t.group(0)[len(t.group(1)):]
    if name[-1] in _ORGAN_END or name.endswith("副"):
        return False
    return bool(re.search(r"[*＊×Ｘ某]", name)) or title in ("总书记", "主席", "总理", "委员长")


def _unquoted(text: str, out: list[FoundQuote]) -> list[FoundQuote]:
    """After a named speaker and 指出/强调/说过…, the rest of the sentence without quotation marks."""
    found: list[FoundQuote] = []
    for m in _UNQUOTED.finditer(text):
        before = text[_sentence_start(text, m.start()):m.start()]
        fb = _ADVERB_TAIL.sub("", fold(before)) or fold(before)
        strong = (_DESCRIBED.search(fb + "说") or speaker_re().search(fb) or _BOOK.search(fb)
                  or any(_leader(t) for t in _TITLED.finditer(fb)) or _BODY.search(fb) or _generic_subject(fb))
        weak = not re.match(r"所|说过|讲过|指出|强调|曰|有言", m.group(0))  # 说, 讲, 认为: only right after the name
        known = [k for k in speaker_re().finditer(fb) if k.end() == len(fb)]
        as_said = (a := _AS_SAID.search(fb + text[m.start():m.start(1)])) is not None and _as_said_name(a) is not None
        if not as_said and (not strong or (weak and not known and not re.search(rf"(?:{TITLES}|》)$", fb))):
            continue
        speaker = find_speaker(before)
        if (a := _AS_SAID.search(fb + text[m.start():m.start(1)])) and (named := _as_said_name(a)) \
                and not (speaker and speaker[0] and not named[0].endswith(speaker[0])):  # 王主任, not 主任
            speaker = named  # 正如XX主任所言，…: whoever it names
        if speaker and weak and speaker[1] == "saying":
            continue  # 大家常讲，…: a saying needs its quotation marks (kb.finders.sayings)
        if speaker and not any(q.text in m.group(1) for q in out + found):
            found.append(FoundQuote(m.group(1).strip(), speaker[0], speaker[1]))
    for m in _READ_IN.finditer(text):
        rest = _READ_REST.match(text, m.end())
        if rest and not any(overlaps(q.text, rest.group(1)) for q in out + found):
            found.append(FoundQuote(rest.group(1).strip(), m.group(1) or m.group(2), "book"))
    return found


def find_quotes(text: str) -> list[FoundQuote]:
    """Attributed quotations and sayings, in text order (ASCII "…" and 「…」 read as
    “…”).  The text is read folded (習近平總書記強調 reads as 习近平总书记强调); each quotation keeps
    the words as the passage writes them."""
    shown = curly_quotes(text)
    text = fold(shown)
    out = _quoted(_closed(text))
    out += _unquoted(text, out)
    for q in find_sayings(text):
        if not any(overlaps(q.text, o.text) for o in out):
            out.append(q)
    out.sort(key=lambda q: text.find(q.text) % (len(text) + 1))  # in text order
    return [_as_written(q, text, shown) for q in _name_bare_titles(text, out)]


def _closed(text: str) -> str:
    """``text`` with a quotation the passage ends inside (说：“…) closed at the passage's end, or where a
    web copy cuts it (…[继续阅读], ...)."""
    opened = text.rfind("“")
    if opened <= text.rfind("”"):
        return text
    cut = re.search(r"\.{3}|…|\[|【", text[opened:])
    end = opened + cut.start() if cut else len(text)
    return text[:end] + "”" + text[end:]


def _as_written(q: FoundQuote, folded: str, shown: str) -> FoundQuote:
    """``q`` with its words as ``shown`` writes them (fold keeps offsets: one character for one)."""
    at = folded.find(q.text)
    return replace(q, text=shown[at:at + len(q.text)]) if at >= 0 else q


def _name_bare_titles(text: str, quotes: list[FoundQuote]) -> list[FoundQuote]:
    """A bare 总书记 / 主席 / 总理 takes the name the text gave that title last (习近平总书记 … 总书记指出)."""
    folded = fold(text)
    out = []
    for q in quotes:
        if q.speaker in ("总书记", "主席", "总理"):
            pos = folded.find(han(q.text)[:6]) if han(q.text) else -1
            named = [m.group(1) for m in re.finditer(rf"([{HAN}]{{2,3}}?){q.speaker}", folded[:max(pos, 0)])
                     if normalise_speaker(m.group(1))[0] in speakers().kinds]
            if named:
                q = replace(q, speaker=normalise_speaker(named[-1])[0])
            elif q.speaker == "总书记" and not any(normalise_speaker(m.group(1))[0] in speakers().kinds
                                                 for m in re.finditer(rf"([{HAN}]{{2,3}}?)总书记", folded)):
                q = replace(q, speaker="习近平")  # the General Secretary of today's texts, when none is named
        out.append(q)
    return out
