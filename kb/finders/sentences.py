"""Rhetorical sentences (金句) in one passage's text: 排比, 对偶, 四字格, 设问 and 顶真."""

from __future__ import annotations

import re

from kb.analysis import idioms
from kb.found import FoundSentence
from kb.text import HAN, fold, sentences

_CLAUSE = re.compile(r"[，；,;、：:]")
_ANTITHESIS = re.compile(r"既(?:要|是|有|能)?[^，。；]{1,20}[，,]?\s*(?:又|也)(?:要|是|有|能)?|不是[^。；]{1,30}而是|宁[^，。]{1,10}[，,]?\s*不"
                         r"|越是[^。]{1,30}越|与其[^。]{1,20}不如|多[^，。；]{1,4}[，,]?\s*少[^，。；]{1,4}|看似[^。；]{1,20}[，,]\s*实则"
                         r"|重[^，。；、]{1,4}、轻[^，。；、]{1,4}|一方面[^。]{1,40}另一方面")
_RHETORICAL_Q = re.compile(r"(?:什么是|什么叫|为什么|怎样才能|如何)[^？?。]{0,20}[？?]|^[^？?。]{1,12}是什么[？?]")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in sentences(text, "。！？!?\n", quote_aware=False)]


def _plain(s: str) -> str:
    return re.sub(r"[“”‘’「」\"'（）()]", "", s).strip()


def _alike(a: str, b: str) -> bool:
    if len(a) < 2 or len(b) < 2:
        return False
    pre = len(_common_prefix(a, b))
    suf = len(_common_prefix(a[::-1], b[::-1]))
    if pre >= 2 or suf >= 2:
        return True
    if max(len(a), len(b)) <= 4 and abs(len(a) - len(b)) <= 1 and (pre or suf or a[-2] == b[-2]):
        return True  # 错位、越位、缺位; 全面性、准确性; 最大、最高
    if len(a) == len(b) >= 3:
        return sum(x == y for x, y in zip(a, b, strict=True)) >= 2
    return False


def _parallel(clauses: list[str], step: int) -> bool:
    """Three or more clauses (every ``step``-th one) built alike."""
    for start in range(step):
        run = 1
        seq = clauses[start::step]
        for a0, b0 in zip(seq, seq[1:], strict=False):
            a, b = a0, b0
            # a lead-in before the first item or a tail after the last (要防止…错位、越位、缺位) is not compared
            if run == 1 and len(a) > len(b) + 3:
                a = a[-len(b):]
            elif len(b) > len(a) + 3:
                b = b[:len(a)]
            # items that open alike may differ in length (事关…的顺利推进，事关…薪火相传，事关…长治久安)
            opened = len(_common_prefix(a0, b0)) >= 2 and len(a0) <= 24 and len(b0) <= 24
            run = run + 1 if opened or ((_alike(a, b) or _shared(a, b)) and len(a) <= 24 and len(b) <= 24) else 1
            if run >= 3:
                return True
    return False


def _balanced_pair(a: str, b: str) -> bool:
    """Two neighbouring clauses of one length built alike: 思想不能松，干劲不能减; 在书本中…，在现实中…;
    a lead-in before the first is not compared (这些都需要我们思想不能松，干劲不能减)."""
    lead = len(a) > len(b) + 2 and len(b) >= 4
    if lead:
        a = a[-len(b):]
    if len(a) != len(b) or not 4 <= len(a) <= 14 or not re.fullmatch(f"[{HAN}]+", a + b):
        return False
    pre = len(_common_prefix(a, b))
    suf = len(_common_prefix(a[::-1], b[::-1]))
    same_pos = sum(x == y for x, y in zip(a, b, strict=True))
    if pre >= len(a) - 1:
        return False
    if lead:  # only the tail is compared: it must share its frame (不能松 / 不能减)
        return suf >= 2 and same_pos >= 3
    return pre + suf >= 2 or same_pos >= 2 or (len(a) <= 7 and same_pos >= 1)


def _shared(a: str, b: str) -> bool:
    """A three-character piece in common (最大的靠山是自己 / 最大的资本是能力)."""
    if abs(len(a) - len(b)) > 3:
        return False
    n = 2 if max(len(a), len(b)) <= 8 else 3  # 加强自身学习 / 提高自身素质
    return any(a[i:i + n] in b for i in range(len(a) - n + 1))


def _common_prefix(a: str, b: str) -> str:
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[:i]


def sentence_types(sentence: str) -> list[str]:
    """The figures of one sentence, read on its folded text (實則 is 实则)."""
    sentence = fold(sentence)
    clauses = [_plain(c) for c in _CLAUSE.split(sentence.rstrip("。！？!?；;")) if _plain(c)]
    quoted = [_plain(c) for q in re.findall(r"“([^“”]+)”", sentence) for c in _CLAUSE.split(q) if _plain(c)]
    types: list[str] = []
    if _parallel(clauses, 1) or _parallel(clauses, 2):
        types.append("排比")
    if _four_character_run(clauses) or _four_character_run(quoted):
        types.append("四字格")
    if _ANTITHESIS.search(sentence) or ("排比" not in types and any(
            _balanced_pair(a, b) for a, b in zip(clauses, clauses[1:], strict=False))):
        types.append("对偶")
    halves = [_plain(h) for h in re.split(r"[；;]", sentence.rstrip("。！？!?；;")) if _plain(h)]
    if "对偶" not in types and len(halves) >= 2 and any(
            len(_common_prefix(a, b)) >= 2 for a, b in zip(halves, halves[1:], strict=False)):
        types.append("排比" if len(halves) >= 3 and "排比" not in types else "对偶")
    if _RHETORICAL_Q.search(sentence) or re.search(r"(?:怎样|怎么|如何|什么|哪些|为什么|为何|呢)[^。！？!?]{0,4}[？?]$",
                                                  sentence):
        types.append("设问")
    if _chained(clauses):
        types.append("顶真")
    return types


def _four_character_run(clauses: list[str]) -> bool:
    """四字格: three four-character phrases in a row, or two of which one is an idiom or set phrase
    (兢兢业业，任劳任怨; both when the first ends a longer clause: 同志们兢兢业业，任劳任怨); two plain ones
    (认真组织，广泛动员) are ordinary prose."""
    run: list[str] = []
    lead = False
    for c in clauses:
        if re.fullmatch(f"[{HAN}]{{4}}", c):
            run = run + [c]
        else:  # a lead-in before the first phrase counts towards three (报告深入浅出、案例丰富、发人警醒)
            run, lead = ([c[-4:]], True) if len(c) > 4 and c[-4:] in idioms() else ([], False)
        if len(run) >= 3 or (len(run) == 2 and (all if lead else any)(x in idioms() for x in run)):
            return True
    return False


def _chained(clauses: list[str]) -> bool:
    """顶真: each clause opens with the words the one before ended with, twice or more in a row
    (学习的目的在于运用，运用的关键在于落实，落实的成效在于群众)."""
    links = 0
    for a, b in zip(clauses, clauses[1:], strict=False):
        links = links + 1 if len(a) >= 4 and len(b) >= 4 and any(a.endswith(b[:k]) for k in (2, 3)) else 0
        if links >= 2:
            return True
    return False


#: a sentence that lists contents or reports a meeting is not rhetoric (包括…、…; 分为…; 12月26日，…主持召开)
_LISTING = re.compile(r"包括|分为|主要有|等方面|如《|^\s*\d{1,2}月\d{1,2}日|主持召开|^[^，,]{0,12}(?:会议|会上)"
                      r"|^刚才|作了[^，。]{0,8}(?:通报|讲话|部署|总结|报告)|主持会议|适用于|^同志们[:：]")


#: words said by someone named before them: 习近平总书记指出：“…”; 古人云“…”
_SAID_QUOTE = re.compile(r"(?:指出|强调|说|说过|云|曰|讲|讲过|写道)[：:，,]?\s*“([^“”]+)”?")


def _quoted_or_counted(s: str) -> bool:
    """A sentence that is mostly a quotation with its speaker (a quotation, not the writer's own
    figure), or a tally of three numbers or more (1015元/人…25元…40元): not rhetoric."""
    said = _SAID_QUOTE.search(s)
    return bool(said and len(said.group(1)) >= 0.5 * len(s)) or len(re.findall(r"\d+(?:\.\d+)?", s)) >= 3


def find_sentences(text: str) -> list[FoundSentence]:
    """Rhetorical sentences, with types among 排比, 四字格, 对偶, 设问, 顶真."""
    out = []
    for s in split_sentences(text):
        if len(s) > 240 or _LISTING.search(fold(s)) or _quoted_or_counted(fold(s)):
            continue
        types = sentence_types(s)
        if types:
            out.append(FoundSentence(s, tuple(types)))
    return out

