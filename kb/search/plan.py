"""Turning a parsed query into a Whoosh query (the "plan"), part of :mod:`kb.search.searcher`.

Routing (see CHINESE-SEARCH.md):

- plain words rank on the word field (BM25F over passage text, heading and title); a long query word
  also searches its dictionary sub-words (the document side may have been cut differently), and a
  word the word field has never seen falls back to its exact character sequence on the bigram field;
- a long stretch of the plain text between punctuation (pasted text, ``LONG_CHUNK`` characters or
  more) is also searched as an exact bigram phrase (boosted), and the bigrams of the whole text as a
  low-weight fallback, so half-remembered text still finds its passage; shorter stretches are left to
  the re-ranking (:mod:`kb.search.rank` rewards exact stretches and proximity on the stored text): a phrase
  matcher in the query stops Whoosh from skipping blocks of postings;
- a very common word (in more than ``COMMON_FRACTION`` of the passages) is left out of the first
  retrieval when the query has other words (it is added back when they find too little): scoring
  its tens of thousands of postings would cost more than the rest of the query, for a word the
  re-ranking still counts on the candidates' text; words in more than ``FIELD_FRACTION`` of the
  passages are searched on the passage text only, not on headings and titles;
- synonyms from ``kb/data/synonyms.txt`` are added at a lower weight and reported;
- the meaning-based expansions (词林 synonyms, word vectors) are ``Plan.expand``, searched apart, their best
  passages joining the candidates (:func:`kb.search.budget.merge_side`): in one union with the words they
  slowed every passage of a common word.  Only the rarest, up to ``EXPAND_POSTINGS`` postings in all,
  are searched; re-ranking credits every one on every candidate's text (``Plan.related``, ``related``);
- ``"quoted"`` text is a required phrase on the bigram field; ``-x`` excludes passages containing x.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh import query as Q
from whoosh.query.compound import DefaultOr

from kb.analysis import bigrams, data_file, query_words
from kb.search.budget import rarest_within
from kb.search.filters import lookup_text as _lookup_text
from kb.search.intent import QUESTION_WEIGHT, frame_word, is_question, names_occasion, question_intent
from kb.search.query import Clause, ParsedQuery
from kb.text import compact, fold

# field weights (tuned with `kb eval`)
W_TEXT = 1.0
W_HEADING = 0.5
W_TITLE = 0.2
W_SUBWORD = 0.4
W_SYNONYM = 0.5
W_CHUNK = 2.0
W_WHOLE = 3.0
W_BIGRAM_TERMS = 0.1
CREDIT_SUBWORD = 0.8
#: a one-character word is found inside many unrelated words: it counts less in re-ranking
SINGLE_CHAR_WEIGHT = 0.3
CREDIT_SYNONYM = 0.6
#: the weight of a semantic expansion (词林 synonym or word-vector neighbour), times its credit
W_EXPANSION = 0.3
#: the expansions searched for candidates: the rarest, up to this many postings in all
EXPAND_POSTINGS = 2000
MAX_WORDS = 24
#: longer "words" (a run of Latin letters, digits) are not split into sub-words
MAX_SUBWORD_PARENT = 8
MAX_CHUNKS = 6
#: the words one OR alternative is searched by (a pasted OR chain: each alternative a paragraph)
MAX_ALT_WORDS = 4
MAX_BIGRAMS = 48
#: the longest stretch searched as one exact phrase (longer pasted text is searched by its chunks)
MAX_PHRASE_CHARS = 120
#: stretches of plain text at least this long are searched as exact phrases in the first retrieval
LONG_CHUNK = 6
#: words in more than this share of the passages wait until the other words find too little
COMMON_FRACTION = 0.2
#: words in more than this share of the passages are not searched on headings and titles
FIELD_FRACTION = 0.05
#: ... and only when they are in more passages than this (below it, their postings cost little)
COSTLY_DF = 2000
#: quoted text is looked up by its rarest bigrams, then checked on the stored text
PREFILTER_GRAMS = 3

CHUNK_SPLIT = re.compile(r"[\s，。、；：？！,.;:?!“”‘’\"'（）()《》【】\[\]—…·]+")


@lru_cache(maxsize=4)
def load_synonyms(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """word -> the other words of its group(s), from a file of lines ``a = b = c``."""
    groups: dict[str, list[str]] = {}
    p = path or data_file("synonyms.txt")
    for raw in p.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words = [fold(w.strip()) for w in re.split(r"[=,，、]", line) if w.strip()]
        for w in words:
            groups.setdefault(w, [])
            groups[w].extend(x for x in words if x != w and x not in groups[w])
    return {k: tuple(v) for k, v in groups.items()}


def load_office_vocab(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """kb's office vocabulary (``kb/data/office_vocab.txt``): word -> its near-synonyms (same format
    as synonyms.txt; used by :class:`kb.search.semantic.Expander`)."""
    return load_synonyms(path or data_file("office_vocab.txt"))


@dataclass
class Plan:
    query: Any
    #: words to highlight (query words, sub-words, synonyms)
    terms: list[str] = field(default_factory=list)
    #: exact phrases that must appear (quoted text)
    phrases: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    #: the ranked words with their idf weights (for re-ranking)
    weights: dict[str, float] = field(default_factory=dict)
    #: each ranked word's dictionary sub-words and the credit they earn in re-ranking
    alts: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    #: each ranked word's other words (synonyms, 词林, word-vector neighbours) with their credit
    related: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    #: the plain text, compacted (for re-ranking by shared substrings)
    plain: str = ""
    #: plain tokens that occur nowhere in the index (typos?)
    missing: list[str] = field(default_factory=list)
    #: the low-weight bigram fallback for half-remembered text, added when the words find too little
    fallback: Any = None
    #: the plain text as typed (for did-you-mean)
    raw_plain: str = ""
    #: clauses of very common words, added when the first retrieval finds too little
    widen: list[Any] = field(default_factory=list)
    #: clauses of the meaning-based expansions, searched on their own (see the module's docstring)
    expand: list[Any] = field(default_factory=list)
    #: the query with quoted text as exact phrases (``query`` has their bigram prefilters)
    exact: Any = None
    #: what a question asks (:func:`kb.search.intent.question_intent`), and whether an occasion is named
    intent: str = ""
    occasion: bool = False
    #: each ranked word's associates in this corpus with their score (ranking only: feature ``assoc``)
    assoc: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    #: what the planner left out of an oversized query, said to the user (Chinese)
    notes: list[str] = field(default_factory=list)

    def clauses(self) -> int:
        """The leaf clauses (terms, phrases, prefixes) of the costliest search this plan can run: the
        query (or its exact form, for the counts) with the common words and the fallback added."""
        extra = sum(clause_count(q) for q in [self.fallback, *self.widen, *self.expand])
        return max(clause_count(self.query), clause_count(self.exact)) + extra

    def matching(self) -> Any:
        """The query whose matches are counted (the words, common ones included, the expansions; no fallback)."""
        q = self.query if self.exact is None else self.exact
        extra = [*self.widen, *self.expand]
        return either([q, *extra]) if extra else q


def clause_count(q: Any) -> int:
    """The leaf clauses of a Whoosh query tree (what its matchers cost grows with)."""
    if q is None or q is Q.NullQuery:
        return 0
    kids = list(q.children()) if q.is_leaf() is False else []
    return sum(clause_count(k) for k in kids) if kids else 1


def either(parts: list[Q.Query], boost: float = 1.0) -> Q.Query:
    """An OR as a tree of union matchers: Whoosh's ``Or`` preloads every match of a segment under
    5,000 documents into an array, which defeats block skipping."""
    return parts[0] if len(parts) == 1 and boost == 1.0 else DefaultOr(parts, boost=boost)


def exact_query(text: str, boost: float = 1.0) -> Q.Query | None:
    """Passages containing ``text`` (after folding, white space ignored), on the bigram field.
    Longer text than ``MAX_PHRASE_CHARS`` is looked up by its first ``MAX_PHRASE_CHARS`` characters
    (a superset; quoted text is then checked whole on the stored text)."""
    grams = bigrams(_lookup_text(text)[:MAX_PHRASE_CHARS])
    if not grams:
        return None
    if len(grams) == 1:
        g = grams[0]
        if len(g) == 1:  # one character: the bigrams that start with it
            return Q.Prefix("bi", g, boost=boost)
        return Q.Term("bi", g, boost=boost)
    return Q.Phrase("bi", grams, boost=boost)


def prefilter_query(searcher: Any, text: str) -> Q.Query | None:
    """Passages containing the ``PREFILTER_GRAMS`` rarest bigrams of ``text`` (an intersection of terms,
    which Whoosh runs far faster than a phrase of common bigrams such as 办公 公室): a superset of the
    passages containing ``text``; the Searcher keeps only those whose stored text contains it."""
    grams = list(OrderedDict.fromkeys(bigrams(_lookup_text(text))))
    if len(grams) < 2 or any(len(g) < 2 for g in grams):
        return exact_query(text)
    r = searcher.reader()
    rare = sorted(grams, key=lambda g: r.doc_frequency("bi", g))[:PREFILTER_GRAMS]
    return Q.And([Q.Term("bi", g) for g in rare])


class Planner:
    def __init__(self, searcher: Any, segmenter: str, synonyms: dict[str, tuple[str, ...]],
                 expander: Any = None) -> None:
        #: :class:`kb.search.semantic.Expander` (or None): other words for a query word, with credits
        self.expander = expander
        self.s = searcher
        self.segmenter = segmenter
        self.synonyms = synonyms
        self.r = searcher.reader()
        self.n_docs = max(1, searcher.doc_count())

    def text_df(self, word: str) -> int:
        return int(self.r.doc_frequency("text", word))

    def df(self, word: str) -> int:
        return self.text_df(word) + int(self.r.doc_frequency("heading", word))

    def idf(self, word: str) -> float:
        return math.log(1 + self.n_docs / (1 + self.text_df(word)))

    def common(self, word: str, fraction: float = COMMON_FRACTION) -> bool:
        df = self.text_df(word)
        return df > COSTLY_DF and df > fraction * self.n_docs

    def occurs(self, text: str) -> bool:
        q = exact_query(text)
        return q is not None and any(True for _ in q.docs(self.s))

    def word_clause(self, word: str, boost: float = 1.0) -> Q.Query:
        text = Q.Term("text", word, boost=W_TEXT * boost)
        if self.common(word, FIELD_FRACTION):
            return text
        return either([text, Q.Term("heading", word, boost=W_HEADING * boost),
                       Q.Term("title", word, boost=W_TITLE * boost)])

    def subwords(self, word: str) -> list[str]:
        """Dictionary words inside a long query word (公文质量 -> 公文, 质量) that the index knows."""
        if not 2 < len(word) <= MAX_SUBWORD_PARENT:
            return []
        out = []
        for size in range(len(word) - 1, 1, -1):
            for i in range(len(word) - size + 1):
                sub = word[i:i + size]
                if sub not in out and self.df(sub):
                    out.append(sub)
        return out[:6]

    def ranked_clause(self, word: str, plan: Plan, boost: float = 1.0,
                      widen: list[Q.Query] | None = None) -> list[Q.Query]:
        """The clauses for one plain query word (with its sub-words or exact fallback); with
        ``widen``, the clauses of very common sub-words go there instead.  A word weighed 0 (a
        question's frame at ``QUESTION_WEIGHT`` 0) is not searched: Whoosh divides by a clause's boost."""
        if boost <= 0:
            return []
        if self.df(word):
            out = [self.word_clause(word, boost)]
            plan.terms.append(word)
        else:
            ex = exact_query(word, W_TEXT * boost)
            out = [ex] if ex is not None else []
            plan.terms.append(word)
        for sub in self.subwords(word):
            (widen if widen is not None and self.common(sub) else out).append(self.word_clause(sub, W_SUBWORD * boost))
            plan.terms.append(sub)
            plan.alts.setdefault(word, []).append((sub, CREDIT_SUBWORD * len(sub) / len(word)))
        return out

    def text_clause(self, clause: Clause, plan: Plan) -> Q.Query | None:
        if clause.exact:
            plan.phrases.append(clause.text)
            return exact_query(clause.text)
        words = query_words(clause.text, self.segmenter)
        if len(words) > MAX_ALT_WORDS:
            words = words[:MAX_ALT_WORDS]
            note = f"“或”（OR）的选项太长，每个选项只用了前 {MAX_ALT_WORDS} 个词。"
            if note not in plan.notes:
                plan.notes.append(note)
        if not words:
            return exact_query(clause.text)
        parts: list[Q.Query] = []
        for w in words:
            parts.extend(self.ranked_clause(w, plan))
        return either(parts) if parts else None

    def plain_clauses(self, text: str, plan: Plan, excluded: frozenset[str] = frozenset()) -> list[Q.Query]:
        optional: list[Q.Query] = []
        tokens = [t for t in text.split() if t]
        garbled = {t for t in tokens if self.is_garbled(t)}
        plan.missing = sorted(garbled, key=tokens.index)
        kept = " ".join(t for t in tokens if t not in garbled)
        words = query_words(kept, self.segmenter) if kept else []
        if len(words) > MAX_WORDS:
            words = words[:MAX_WORDS]
            plan.notes.append(f"查询的词语太多，只用了前 {MAX_WORDS} 个词查找（整段文字仍用来排序）。")
        wait = not all(self.common(w) for w in words)  # other words can find the candidates
        # meaning-based expansion only for a query the index knows something of: a query none of whose
        # words occurs anywhere is out of the collection, and its neighbours in the vectors are noise
        expand = self.expander is not None and any(self.df(w) for w in words)
        question = is_question(kept) and not all(frame_word(w) for w in words)
        plan.intent = question_intent(kept) if question else ""
        plan.occasion = names_occasion(kept)
        costs: list[tuple[int, str, Q.Query]] = []  # the expansions, each with its postings
        for w in words:
            frame = question and frame_word(w)
            scale = QUESTION_WEIGHT if frame else 1.0
            plan.weights[w] = self.idf(w) * (SINGLE_CHAR_WEIGHT if len(w) == 1 else 1.0) * scale
            (plan.widen if wait and self.common(w) else optional).extend(
                self.ranked_clause(w, plan, boost=scale, widen=plan.widen))
            if frame:  # the grammar of the question: no synonyms or neighbours for it
                continue
            for syn in self.synonyms.get(w, ()):
                if syn not in words and syn not in plan.also and syn not in excluded and self.df(syn):
                    plan.also.append(syn)
                    plan.terms.append(syn)
                    plan.related.setdefault(w, []).append((syn, CREDIT_SYNONYM))
                    (plan.widen if self.common(syn) else optional).append(self.word_clause(syn, W_SYNONYM))
            if expand and len(w) >= 2:
                plan.assoc[w] = self.expander.associated(w)
                known = {f for f, _c in plan.related.get(w, [])}
                for form, credit in self.expander.expansions(w):
                    if form in known or form in words or form in excluded or self.common(form, FIELD_FRACTION):
                        continue
                    plan.terms.append(form)
                    plan.related.setdefault(w, []).append((form, credit))
                    costs.append((self.text_df(form), form, Q.Term("text", form, boost=W_EXPANSION * credit)))
        plan.expand = rarest_within(costs, EXPAND_POSTINGS)
        chunks = list(OrderedDict.fromkeys(c for c in CHUNK_SPLIT.split(text) if len(c) >= 2))
        for c in chunks[:MAX_CHUNKS]:
            ex = exact_query(c[:MAX_PHRASE_CHARS], W_CHUNK) if len(compact(c)) >= LONG_CHUNK else None
            if ex is not None:
                optional.append(ex)
        whole = compact(text)
        plan.plain = whole[:200]
        # pasted text cut by punctuation (not words typed apart: their sequence is only rewarded in re-ranking)
        if len(chunks) > 1 and len(tokens) == 1 and LONG_CHUNK <= len(whole) <= MAX_PHRASE_CHARS:
            ex = exact_query(whole, W_WHOLE)
            if ex is not None:
                optional.append(ex)
        if len(whole) >= 5:  # half-remembered text: any of its character pairs, at a low weight
            grams = list(OrderedDict.fromkeys(g for c in chunks for g in bigrams(c)))[:MAX_BIGRAMS]
            if len(grams) >= 2:  # run only when the words find too few candidates (see Searcher)
                plan.fallback = either([Q.Term("bi", g) for g in grams], boost=W_BIGRAM_TERMS)
        if not optional and plan.expand:
            optional, plan.expand = plan.expand, []
        if not optional and plan.widen:
            optional, plan.widen = plan.widen, []
        if not optional and plan.fallback is not None:
            optional.append(plan.fallback)
        if not optional and not garbled and any(ch.isalnum() for ch in whole):
            ex = exact_query(whole)
            if ex is not None:
                optional.append(ex)
        return optional

    def is_garbled(self, token: str) -> bool:
        """A short token that occurs nowhere and whose words are unknown (办工室): likely a typo."""
        c = compact(token)
        if not 2 <= len(c) <= 4 or not all("\u4e00" <= ch <= "\u9fff" for ch in c):
            return False
        if any(self.df(c[i:j]) for i in range(len(c) - 1) for j in range(i + 2, len(c) + 1)):
            return False  # part of it is a known word (公文质量: 公文, 质量)
        return not self.occurs(c)

    @staticmethod
    def combine(required: list[Q.Query], optional: list[Q.Query], excl: list[Q.Query]) -> Q.Query:
        if required and optional:
            q: Q.Query = Q.AndMaybe(Q.And(required) if len(required) > 1 else required[0], either(optional))
        elif required:
            q = Q.And(required) if len(required) > 1 else required[0]
        elif optional:
            q = either(optional)
        else:
            return Q.NullQuery
        return Q.AndNot(q, either(excl)) if excl else q

    def plan(self, pq: ParsedQuery) -> Plan:
        plan = Plan(query=Q.NullQuery, raw_plain=" ".join(pq.plain))
        required: list[Q.Query] = []
        excluded = frozenset(compact(c.text) for c in pq.excludes)
        optional = self.plain_clauses(" ".join(pq.plain), plan, excluded) if pq.plain else []
        exact: list[Q.Query] = []
        for p in pq.phrases:
            ex, pre = exact_query(p), prefilter_query(self.s, p)
            if ex is not None and pre is not None:
                exact.append(ex)
                required.append(pre)
                plan.phrases.append(p)
        for group in pq.any_of:
            alts = [q for q in (self.text_clause(c, plan) for c in group) if q is not None]
            if alts:
                required.append(either(alts))
                exact.append(required[-1])
        if required and (plan.widen or plan.expand):  # they only add to the score here: no need to wait
            optional, plan.widen, plan.expand = optional + plan.expand + plan.widen, [], []
        excl = [x for x in (exact_query(c.text) for c in pq.excludes) if x is not None]
        plan.query = self.combine(required, optional, excl)
        if exact != required:
            plan.exact = self.combine(exact, optional, excl)
        if excl:
            plan.widen = [Q.AndNot(w, either(excl)) for w in plan.widen]
            plan.expand = [Q.AndNot(either(plan.expand), either(excl))] if plan.expand else []
        plan.terms = list(OrderedDict.fromkeys(t for t in plan.terms if t))
        return plan
