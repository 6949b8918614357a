"""Turning a parsed query into a Whoosh query (the "plan"), part of :mod:`kb.search`.

Routing (see CHINESE-SEARCH.md):

- plain words rank on the word field (BM25F over passage text, heading and title); a long query word
  also searches its dictionary sub-words (the document side may have been cut differently), and a
  word the word field has never seen falls back to its exact character sequence on the bigram field;
- each stretch of the plain text between punctuation is also searched as an exact bigram phrase
  (boosted), and the bigrams of the whole text as a low-weight fallback, so half-remembered text
  still finds its passage;
- synonyms from ``kb/data/synonyms.txt`` are added at a lower weight and reported;
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

from kb.analysis import bigrams, data_file, query_words
from kb.normalize import compact, fold
from kb.query import Clause, ParsedQuery

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
MAX_WORDS = 24
#: longer "words" (a run of Latin letters, digits) are not split into sub-words
MAX_SUBWORD_PARENT = 8
MAX_CHUNKS = 6
MAX_BIGRAMS = 48
#: the longest stretch searched as one exact phrase (longer pasted text is searched by its chunks)
MAX_PHRASE_CHARS = 120

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
    #: each ranked word's other forms (synonyms, sub-words) and the credit they earn in re-ranking
    alts: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    #: the plain text, compacted (for re-ranking by shared substrings)
    plain: str = ""
    #: plain tokens that occur nowhere in the index (typos?)
    missing: list[str] = field(default_factory=list)
    #: the low-weight bigram fallback for half-remembered text, added when the words find too little
    fallback: Any = None
    #: the plain text as typed (for did-you-mean)
    raw_plain: str = ""


def exact_query(text: str, boost: float = 1.0) -> Q.Query | None:
    """Passages containing ``text`` (after folding, white space ignored), on the bigram field."""
    grams = bigrams(text)
    if not grams:
        return None
    if len(grams) == 1:
        g = grams[0]
        if len(g) == 1:  # one character: the bigrams that start with it
            return Q.Prefix("bi", g, boost=boost)
        return Q.Term("bi", g, boost=boost)
    return Q.Phrase("bi", grams, boost=boost)


class Planner:
    def __init__(self, searcher: Any, segmenter: str, synonyms: dict[str, tuple[str, ...]]) -> None:
        self.s = searcher
        self.segmenter = segmenter
        self.synonyms = synonyms
        self.n_docs = max(1, searcher.doc_count())

    def df(self, word: str) -> int:
        return int(self.s.doc_frequency("text", word) + self.s.doc_frequency("heading", word))

    def idf(self, word: str) -> float:
        return math.log(1 + self.n_docs / (1 + self.s.doc_frequency("text", word)))

    def occurs(self, text: str) -> bool:
        q = exact_query(text)
        return q is not None and bool(self.s.search(q, limit=1, terms=False).scored_length())

    def word_clause(self, word: str, boost: float = 1.0) -> Q.Query:
        return Q.Or([Q.Term("text", word, boost=W_TEXT * boost), Q.Term("heading", word, boost=W_HEADING * boost),
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

    def ranked_clause(self, word: str, plan: Plan, boost: float = 1.0) -> list[Q.Query]:
        """The clauses for one plain query word (with its sub-words or exact fallback)."""
        if self.df(word):
            out = [self.word_clause(word, boost)]
            plan.terms.append(word)
        else:
            ex = exact_query(word, W_TEXT * boost)
            out = [ex] if ex is not None else []
            plan.terms.append(word)
        for sub in self.subwords(word):
            out.append(self.word_clause(sub, W_SUBWORD * boost))
            plan.terms.append(sub)
            plan.alts.setdefault(word, []).append((sub, CREDIT_SUBWORD * len(sub) / len(word)))
        return out

    def text_clause(self, clause: Clause, plan: Plan) -> Q.Query | None:
        if clause.exact:
            plan.phrases.append(clause.text)
            return exact_query(clause.text)
        words = query_words(clause.text, self.segmenter)
        if not words:
            return exact_query(clause.text)
        parts: list[Q.Query] = []
        for w in words:
            parts.extend(self.ranked_clause(w, plan))
        return Q.Or(parts) if parts else None

    def plain_clauses(self, text: str, plan: Plan, excluded: frozenset[str] = frozenset()) -> list[Q.Query]:
        optional: list[Q.Query] = []
        tokens = [t for t in text.split() if t]
        garbled = {t for t in tokens if self.is_garbled(t)}
        plan.missing = sorted(garbled, key=tokens.index)
        kept = " ".join(t for t in tokens if t not in garbled)
        words = query_words(kept, self.segmenter)[:MAX_WORDS] if kept else []
        for w in words:
            plan.weights[w] = self.idf(w) * (SINGLE_CHAR_WEIGHT if len(w) == 1 else 1.0)
            optional.extend(self.ranked_clause(w, plan))
            for syn in self.synonyms.get(w, ()):
                if syn not in words and syn not in plan.also and syn not in excluded and self.df(syn):
                    plan.also.append(syn)
                    plan.terms.append(syn)
                    plan.alts.setdefault(w, []).append((syn, CREDIT_SYNONYM))
                    optional.append(self.word_clause(syn, W_SYNONYM))
        chunks = list(OrderedDict.fromkeys(c for c in CHUNK_SPLIT.split(text) if len(c) >= 2))
        for c in chunks[:MAX_CHUNKS]:
            ex = exact_query(c[:MAX_PHRASE_CHARS], W_CHUNK)
            if ex is not None:
                optional.append(ex)
        whole = compact(text)
        plan.plain = whole[:200]
        if len(chunks) > 1 and len(whole) <= MAX_PHRASE_CHARS:
            ex = exact_query(whole, W_WHOLE)
            if ex is not None:
                optional.append(ex)
        if len(whole) >= 5:  # half-remembered text: any of its character pairs, at a low weight
            grams = list(OrderedDict.fromkeys(g for c in chunks for g in bigrams(c)))[:MAX_BIGRAMS]
            if len(grams) >= 2:  # run only when the words find too few candidates (see Searcher)
                plan.fallback = Q.Or([Q.Term("bi", g) for g in grams], boost=W_BIGRAM_TERMS)
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

    def plan(self, pq: ParsedQuery) -> Plan:
        plan = Plan(query=Q.NullQuery, raw_plain=" ".join(pq.plain))
        required: list[Q.Query] = []
        excluded = frozenset(compact(c.text) for c in pq.excludes)
        optional = self.plain_clauses(" ".join(pq.plain), plan, excluded) if pq.plain else []
        for p in pq.phrases:
            ex = exact_query(p)
            if ex is not None:
                required.append(ex)
                plan.phrases.append(p)
        for group in pq.any_of:
            alts = [q for q in (self.text_clause(c, plan) for c in group) if q is not None]
            if alts:
                required.append(Q.Or(alts))
        if required and optional:
            q: Q.Query = Q.AndMaybe(Q.And(required) if len(required) > 1 else required[0], Q.Or(optional))
        elif required:
            q = Q.And(required) if len(required) > 1 else required[0]
        elif optional:
            q = Q.Or(optional)
        else:
            q = Q.NullQuery
        excl = [x for x in (exact_query(c.text) for c in pq.excludes) if x is not None]
        if excl and q is not Q.NullQuery:
            q = Q.AndNot(q, Q.Or(excl))
        plan.query = q
        plan.terms = list(OrderedDict.fromkeys(t for t in plan.terms if t))
        return plan
