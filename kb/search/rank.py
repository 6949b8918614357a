"""The ranking model: named features of a candidate passage, one weight each (kb/data/rank_weights.toml).

BM25F (:mod:`kb.search.plan`) finds the candidates; each is then described by the features below,
computed on its stored text, and scored by ``sum(weight[f] * value[f])``.  The weights are data,
fitted on the development half of the blind judged queries (``kb eval DEV.jsonl --fit FILE``,
:mod:`kb.evaluate.fit`) and reported on the test half; nothing here is tuned by hand.

Every feature is in 0..1 (``listed`` too; its weight is expected to be negative):

``bm25``       the candidate's BM25F score divided by the best candidate's.
``cover``      the share of the query's words (weighted by idf) in the passage text: a word counts
               fully, one of its dictionary sub-words partly (``Plan.alts``).
``related``    the share of the query's words *absent* from the text that it has in other words:
               synonyms (kb/data/synonyms.txt, 同义词词林) and word-vector neighbours, each with
               its credit (``Plan.related``, :mod:`kb.search.semantic`).
``assoc``      the share of the query's words absent from the text that have, in the text, a word
               keeping them company in this corpus (:mod:`kb.index.cooccur`), credited by its score.
``heading``    the share of the query's words in the passage's own heading: the last heading of
               its path, or the heading it opens with (``一是综合协调要"好"。`` ``（二）宽胸襟``;
               not a numbered clause ending in a semicolon, the first item of a list):
               a section about X is the best answer to X.  The text features (``cover``,
               ``whole``, ``proximity``, ``early``, ``related``, ``assoc``, ``listed``) read a
               heading of the path with the text (``HEADED_TEXT``): a section about X whose body
               never repeats X (dev nDCG@10 +0.0035 / +0.013 / +0.008 on the three collections).
``ancestors``  the share in the headings above its own.
``title``      the share in the document's title.
``proximity``  how close together the query words found in the text stand (length of the words
               over the shortest stretch holding them all), times ``cover``; 0 for one word.
``stretch``    the longest stretch of the query text (at least ``MIN_STRETCH`` characters) found
               word for word, over the query's length, for queries of ``LONG_QUERY`` characters or
               more (a half-remembered sentence).
``whole``      1 when the whole query text (``MIN_WHOLE`` characters or more) is in the passage.
``listed``     how much the passage merely enumerates: the share of the matched query weight found
               only inside lists of short items (``A、B、C``), times the number of listed items over
               ``LIST_FULL`` (at most 1).  An enumeration names every topic it lists, so it must
               not win every topic.
``headed``     1 when the passage's own heading holds every query word (a share of 1 on ``heading``):
               the section about the topic, not one that shares a word with its heading.
``answer``     for a natural question, ``cover`` when the passage carries the cues of an answer to
               what it asks (:mod:`kb.search.intent`: a definition right after the topic word, an
               enumeration, reasons, a contrast, dates, instructions), else 0.
``opening``    1 for the first passage of its document when the query names a speech or an event
               (讲话, 开幕式, 培训班…): the opening states who speaks, where and on what occasion.
``early``      how early in the passage the query's words first stand: over the words found, weighted
               by idf, ``1 - first position / length``, over all the query's weight (a passage
               about X names X in its first sentences; one that reaches X late is about something else).
``short``      how far the passage falls short of ``SHORT_CHARS`` characters (a bare heading line or
               a caption is seldom the answer): ``1 - len / SHORT_CHARS``, 0 when longer.
``vector``     the cosine (at least 0) of the passage's vector with the query's: idf-weighted means of
               their words' vectors (:mod:`kb.search.vectors`), meaning in other words; 0 without
               passage vectors.
``dense``      the cosine of the passage's sentence embedding with the query's (multilingual-e5-small,
               :mod:`kb.search.dense`), placed between an unrelated text's and a paraphrase's
               (:func:`kb.search.dense.closeness`); 0 without embeddings.

Tried and dropped (fitted to 0 on the development set): the share of short lines in a passage
(keyword lists, menus), a passage opening with its document's title (a glued web title), and
``near``: the share of absent query words with one of their 16 nearest index words by vector
(cosine >= 0.5) in the passage, credited by similarity (at weight 0.5 paraphrase 0.377 -> 0.398 on
dev, but sentence, speaker-occasion and question lost as much: overall +0.0004), and ``nearest``:
the passage's place among the 100 passages nearest the query by sentence embedding, as
``10 / (10 + place - 1)`` (a rank, where the cosine is not comparable across queries; on the dev halves
of judged3-6 dense alone ranks the paraphrases' passages above kb for 11 of 29, but fitted with
``dense`` its weight went to 0, and the 5-fold held-out nDCG@10 fell 0.8380 -> 0.8327).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from kb.analysis import data_file
from kb.search.intent import answer_cue

FEATURES = ("bm25", "cover", "related", "assoc", "heading", "ancestors", "title", "proximity", "stretch", "whole",
            "listed", "headed", "answer", "opening", "early", "short", "vector", "dense")
MAX_OCCURRENCES = 24
MIN_STRETCH = 6
LONG_QUERY = 6
MIN_WHOLE = 4
LIST_FULL = 8
SHORT_CHARS = 80
#: an enumerated item: a few characters between enumeration commas
_LIST_RE = re.compile(r"(?:[^、，,。；;：:！!？?\s“”\"]{1,10}、)+[^、，,。；;：:！!？?\s“”\"]{1,10}")
#: the numbering a passage opens with when its first clause is its own heading
_LEAD_RE = re.compile(r"^(?:第[一二三四五六七八九十]+[，、,]|[一二三四五六七八九十]+[是要][^，。]|[（(][一二三四五六七八九十\d]+[）)]"
                      r"|[一二三四五六七八九十]+、|\d+[.、．]|首先|其次|再次|最后)")
#: where a lead heading ends; a numbered clause ending in a semicolon (``1、…落实情况；2、…``) is the
#: first item of a list, not the passage's heading (``LIST_ITEM_LEAD``)
_LEAD_END = re.compile(r"[。：:；;！!？?]")
_ITEM_END = frozenset("；;")
LEAD_MAX = 40
LIST_ITEM_LEAD = True
#: the text features (cover, whole, proximity, early) read the passage's own heading from its heading
#: path with its text: a section about X whose body never repeats X is still about X (``HEADED_TEXT``)
HEADED_TEXT = True


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    #: where the weights came from (the command that fitted them)
    source: str = ""

    def score(self, values: dict[str, float]) -> float:
        return sum(self.weights.get(name, 0.0) * v for name, v in values.items())


DEFAULT_WEIGHTS = {"bm25": 1.0, "cover": 1.2, "related": 0.5, "assoc": 0.0, "heading": 0.6, "ancestors": 0.2, "title": 0.2,
                   "proximity": 0.6, "stretch": 2.5, "whole": 1.0, "listed": -0.3, "headed": 0.0, "answer": 0.0,
                   "opening": 0.0, "early": 0.0, "short": 0.0, "vector": 0.0, "dense": 0.0}


@lru_cache(maxsize=4)
def load_model(path: Path | None = None) -> Model:
    """The weights in ``kb/data/rank_weights.toml`` (``[weights]`` table; missing names weigh 0)."""
    p = path or data_file("rank_weights.toml")
    if not p.is_file():
        return Model(dict(DEFAULT_WEIGHTS), "defaults")
    data = tomllib.loads(p.read_text(encoding="utf-8"))
    weights = {k: float(v) for k, v in data.get("weights", {}).items() if k in FEATURES}
    return Model(weights, str(data.get("fitted_by", "")))


def ordinal_of(fields: Mapping[str, object]) -> int:
    """A candidate's place in its document from its stored fields (-1 when they do not say)."""
    o = fields.get("ordinal")
    return int(o) if isinstance(o, int) or (isinstance(o, str) and o.isdigit()) else -1


def _positions(text: str, word: str) -> list[int]:
    out: list[int] = []
    i = text.find(word)
    while i != -1 and len(out) < MAX_OCCURRENCES:
        out.append(i)
        i = text.find(word, i + 1)
    return out


def min_window(text: str, words: list[str]) -> int:
    """The length of the shortest stretch of ``text`` containing every one of ``words``."""
    events = sorted((p, k, len(w)) for k, w in enumerate(words) for p in _positions(text, w))
    need = len(words)
    if need == 0 or not events:
        return 0
    count: dict[int, int] = {}
    best = len(text) + 1
    lo = 0
    for hi in range(len(events)):
        count[events[hi][1]] = count.get(events[hi][1], 0) + 1
        while len(count) == need:
            p_lo, k_lo, _ = events[lo]
            end = max(e[0] + e[2] for e in events[lo:hi + 1])
            best = min(best, end - p_lo)
            count[k_lo] -= 1
            if not count[k_lo]:
                del count[k_lo]
            lo += 1
    return best


def own_heading(body: str, heading_path: tuple[str, ...] | list[str]) -> tuple[str, str]:
    """(the passage's own heading, the headings above it), compacted texts.  A passage that opens with
    numbering (一是…。 / （二）… / 第三，…) has its first clause as its own heading."""
    path = [h for h in heading_path if h]
    m = _LEAD_RE.match(body)
    if m:
        end = _LEAD_END.search(body, m.end())
        stop = end.start() if end and end.start() <= LEAD_MAX else -1
        if stop > 0 and not (LIST_ITEM_LEAD and body[stop] in _ITEM_END):
            return body[:stop], "".join(path)
    if path:
        return path[-1], "".join(path[:-1])
    return "", ""


def list_spans(body: str) -> tuple[list[tuple[int, int]], int]:
    """The spans of enumerations of short items in ``body`` and how many items they hold."""
    spans, items = [], 0
    for m in _LIST_RE.finditer(body):
        spans.append((m.start(), m.end()))
        items += m.group(0).count("、") + 1
    return spans, items


def _share(weights: dict[str, float], total: float, text: str,
           alts: dict[str, list[tuple[str, float]]] | None = None) -> float:
    if not text or not total:
        return 0.0
    got = 0.0
    for w, idf in weights.items():
        if w in text:
            got += idf
        elif alts:
            got += idf * max((c for f, c in alts.get(w, []) if f in text), default=0.0)
    return got / total


def features(body: str, heading_path: tuple[str, ...] | list[str], title: str, weights: dict[str, float],
             plain: str, alts: dict[str, list[tuple[str, float]]] | None = None,
             related: dict[str, list[tuple[str, float]]] | None = None,
             bm25: float = 0.0, intent: str = "", occasion: bool = False,
             ordinal: int = -1,
             assoc: dict[str, list[tuple[str, float]]] | None = None,
             vector: float = 0.0, dense: float = 0.0) -> tuple[dict[str, float], str]:
    """The feature values of one candidate and the longest stretch of the query it contains.

    ``body``, ``heading_path`` and ``title`` are compacted; ``weights`` are the query words' idf
    weights; ``alts`` each word's sub-words and ``related`` its other words, with their credits;
    ``intent`` what a question asks (:func:`kb.search.intent.question_intent`), ``occasion`` whether
    the query names a speech or an event, ``ordinal`` the passage's place in its document, ``assoc``
    each word's associates in the corpus with their scores."""
    total = sum(weights.values())
    own, above = own_heading(body, heading_path)
    passage = body
    if HEADED_TEXT and own and not body.startswith(own):  # a heading of the path, not the opening clause
        body = own + "。" + body
    alts = alts or {}
    related = related or {}
    assoc = assoc or {}
    got = rel = early = near = 0.0
    present: list[str] = []
    for w, idf in weights.items():
        i = body.find(w)
        if i != -1:
            got += idf
            early += idf * (1.0 - i / len(body))
            present.append(w)
            continue
        form, credit = "", 0.0
        for f, c in alts.get(w, []):
            if c > credit and f in body:
                form, credit = f, c
        got += idf * credit
        if form:
            present.append(form)
        r = max((c for f, c in related.get(w, []) if f in body), default=0.0)
        if r > credit:
            rel += idf * (r - credit)
        if not credit:
            near += idf * max((c for f, c in assoc.get(w, []) if f in body), default=0.0)
    cover = got / total if total else 0.0
    proximity = 0.0
    if len(present) >= 2:
        window = min_window(body, present)
        if window:
            proximity = min(1.0, sum(len(w) for w in present) / window) * cover
    listed = 0.0
    spans, items = list_spans(body)
    if spans and present and total:
        only_listed = sum(weights.get(w, 0.0) for w in present
                          if all(any(a <= p and p + len(w) <= b for a, b in spans) for p in _positions(body, w)))
        matched = sum(weights.get(w, 0.0) for w in present) or total
        listed = min(1.0, only_listed / matched) * min(1.0, items / LIST_FULL)
    stretch, common, whole = 0.0, "", 0.0
    if len(plain) >= MIN_WHOLE:
        if plain in body:
            whole, common = 1.0, plain
        elif len(plain) >= LONG_QUERY:  # shorter queries: their words are marked, no stretch counts
            m = SequenceMatcher(None, plain, body, autojunk=False).find_longest_match(0, len(plain), 0, len(body))
            if m.size >= 3:
                common = plain[m.a:m.a + m.size]
            if m.size >= MIN_STRETCH:
                stretch = m.size / len(plain)
    if len(plain) >= LONG_QUERY:
        stretch = (1.0 if whole else stretch) * min(1.0, len(plain) / 12)
    else:
        stretch = 0.0
    heading = _share(weights, total, own, alts)
    values = {
        "bm25": bm25, "cover": cover, "related": rel / total if total else 0.0, "assoc": near / total if total else 0.0,
        "heading": heading, "ancestors": _share(weights, total, above, alts),
        "title": _share(weights, total, title, alts), "proximity": proximity, "stretch": stretch,
        "whole": whole, "listed": listed, "headed": 1.0 if heading >= 0.999 else 0.0,
        "answer": cover if intent and answer_cue(passage, intent, present) else 0.0,
        "opening": 1.0 if occasion and ordinal == 0 else 0.0,
        "early": early / total if total else 0.0,
        "short": max(0.0, 1.0 - len(passage) / SHORT_CHARS),
        "vector": vector,
        "dense": dense,
    }
    return values, common
