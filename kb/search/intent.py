"""What a query asks, beside what it is about: the intent of a natural question and an occasion named.

A natural question says what kind of passage answers it: 什么是X / X是什么 wants the passage that
*defines* X (X，即… / X就是… / 所谓X), X有哪些 a passage that *lists* (一是… 二是… / 包括 / 主要有),
怎样/如何 one that says *how* (要… 必须… 做到…), 为什么 one that gives *reasons* (因为 / 之所以 / 在于),
X和Y有什么区别 one that *contrasts*, 什么时候 one that *dates*.  :func:`question_intent` finds the
intent from the question's frame (the interrogative words, :data:`FRAMES`, first match wins), and
:func:`answer_cue` says whether a passage carries the cues of that intent
(:data:`CUES`): the ranking feature ``answer`` (:mod:`kb.search.rank`).

A query that names a speech occasion (讲话, 致辞, 开幕式, 培训班…: :data:`OCCASION_WORDS`) asks for a
speech or an event, and the opening passage of a document is where its speaker and occasion are
stated: the ranking feature ``opening``.

Everything here is grammar and genre vocabulary of Chinese office writing, not topics: the lists are
short, closed and documented, and none is taken from judged queries.
"""

from __future__ import annotations

import re

DEFINE, LIST, HOW, WHY, CONTRAST, WHEN = "define", "list", "how", "why", "contrast", "when"

#: what marks a question (怎样… 哪些… 什么时候… 谁… 多少…): a query holding one of these, or ending
#: in ？ 吗 呢, is a question, and its words holding one are its interrogative frame
QUESTION_MARKS = ("哪", "怎", "什么", "谁", "多少", "为何", "何时", "何处", "何以", "如何", "是否", "能否", "有没有", "是不是")
#: the modal frame of a question (办公室主任*应该*具备哪些素质, 请示和报告*分别*适用于什么): grammar, not topic
FRAME_WORDS = frozenset({"应该", "应当", "需要", "能够", "可以", "必须", "分别", "才能", "到底", "究竟", "一般",
                         "通常", "主要", "有", "是", "要", "能", "会", "该", "说"})
#: a question's frame words count this much of their idf (in retrieval and re-ranking): they say what
#: is asked, the other words what it is about
QUESTION_WEIGHT = 0.15

#: (intent, the frame patterns that ask it), tried in order: the first that matches the query wins
FRAMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (CONTRAST, re.compile(r"(区别|不同|差别|差异|异同)")),
    (WHEN, re.compile(r"(什么时候|何时|哪一?年|多会儿|最早)")),
    (WHY, re.compile(r"(为什么|为何|何以|什么原因|原因是什么|怎么会)")),
    (DEFINE, re.compile(r"(^什么是|^何为|^何谓|是什么意思|是什么$|是什么[？?]?$|指什么|什么叫|含义|定义|是指什么)")),
    (LIST, re.compile(r"(哪些|哪几|有什么|包括什么|几个方面|几点|由什么组成|组成部分)")),
    (HOW, re.compile(r"(怎么|怎样|如何|怎么办|咋|方法|办法|技巧|做法)")),
)

#: the cues of a passage that answers each intent (a definition's cue must follow the topic closely)
CUES: dict[str, re.Pattern[str]] = {
    DEFINE: re.compile(r"(即|就是|是指|指的是|也就是|意思是|是一种|是一项|是一个)"),
    LIST: re.compile(r"(一是|二是|第一[，,、]|第二[，,、]|首先|其次|[（(][一二三四五六七八九十][）)]|[一二三四五六七八九十]、|"
                     r"\d[.、．]|包括|主要有|以下|如下|分为)"),
    HOW: re.compile(r"(要|必须|应当|应该|做到|注重|坚持|把握|方法|办法|做法|措施|步骤|技巧)"),
    WHY: re.compile(r"(因为|由于|之所以|原因|在于|所以|因此|决定了)"),
    CONTRAST: re.compile(r"(区别|不同|而|则|相比|相对|差异|不是.{0,12}而是)"),
    WHEN: re.compile(r"(\d{2,4}年|[一二三四五六七八九十]+年|时期|年代|世纪|朝|最早|起源|始于)"),
}
#: how far after the topic word a definition's cue may stand (X”的指导思想，即… counts)
DEFINE_REACH = 12
#: a definition may also be announced before the topic: 所谓X / 什么是X？X就是
_DEFINE_BEFORE = ("所谓", "什么是", "何为", "何谓")

#: words that name a speech or an event: a query holding one asks for an occasion and its speaker
OCCASION_WORDS = ("讲话", "致辞", "致词", "发言", "讲座", "授课", "报告会", "开幕", "闭幕", "开班", "结业", "典礼",
                  "仪式", "大会", "会议", "座谈会", "培训班", "研讨会", "动员", "表彰", "总结会", "讲坛", "党课",
                  "述职", "演讲", "致辞稿", "讲话稿")


def question_intent(text: str) -> str:
    """The intent of the question ``text`` ('' when it asks none of the known ones)."""
    t = text.strip()
    for intent, pattern in FRAMES:
        if pattern.search(t):
            return intent
    return ""


def names_occasion(text: str) -> bool:
    """Whether the query names a speech or an event (讲话, 开幕式, 培训班…)."""
    return any(w in text for w in OCCASION_WORDS)


def answer_cue(body: str, intent: str, topic: list[str]) -> bool:
    """Whether ``body`` carries the cues of an answer to a question of ``intent`` about the ``topic``
    words (the question's words found in the passage).  A definition needs its cue within
    ``DEFINE_REACH`` characters after a topic word, or 所谓/什么是 right before one."""
    cue = CUES.get(intent)
    if cue is None or not topic:
        return False
    if intent != DEFINE:
        return cue.search(body) is not None
    for w in topic:
        i = body.find(w)
        while i != -1:
            if cue.search(body, i + len(w), i + len(w) + DEFINE_REACH):
                return True
            if any(body.endswith(b, 0, i) or body.endswith(b, 0, i - 1) for b in _DEFINE_BEFORE):
                return True
            i = body.find(w, i + 1)
    return False


def is_question(text: str) -> bool:
    """Whether ``text`` asks something: it holds an interrogative (``QUESTION_MARKS``) or ends in ？ 吗 呢."""
    t = text.strip()
    return any(m in t for m in QUESTION_MARKS) or t.endswith(("?", "？", "吗", "呢"))


def frame_word(word: str) -> bool:
    """Whether ``word`` of a question is its frame (an interrogative such as 哪几 or 怎样才能, or a modal
    such as 应该 or 分别) rather than what the question is about."""
    return word in FRAME_WORDS or any(m in word for m in QUESTION_MARKS)
