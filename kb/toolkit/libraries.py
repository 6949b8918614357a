"""The writer's toolkit over an index: libraries of formulations (提法库), quotations (引语),
rhetorical sentences (金句: 排比, 对偶, 四字格, 设问) and headings (标题库), and each document's outline.

The site pages and the command line call these functions; each reads only the passages that have the
feature (the indexed ``feature`` field, filled by :func:`kb.classify.feature_field`) and caches the
assembled library per index version (``Searcher.version_key()``), so a library page on a large index
is one query the first time and a dictionary look-up after that.  Filters (term, topic, speaker,
level, kind) are applied to the cached library.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from kb.classify import classify_topics
from kb.finders.expansions import HOW_RANK
from kb.found import FoundFormulation
from kb.models import PassageView
from kb.text import compact, fold

T = TypeVar("T")
#: the group of sayings quoted without a speaker or source (失之毫厘，谬以千里)
UNATTRIBUTED = "名句（未注出处）"


@dataclass(frozen=True)
class Use:
    """One passage where a formulation, quotation or sentence stands."""

    passage_id: str
    doc_id: str
    title: str
    date: str
    source: str
    text: str
    heading: str = ""


@dataclass
class Formulation:
    name: str
    expansion: str
    #: every distinct expansion the corpus gives, best first
    expansions: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    #: the surface forms merged under this name (三个服务, 三服务)
    variants: list[str] = field(default_factory=list)
    #: numbered, series or compound
    form: str = "numbered"
    count: int = 0
    uses: list[Use] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Quotation:
    speaker: str
    #: person, classic (古人), saying (俗语) or book (《…》)
    speaker_kind: str
    text: str
    count: int = 0
    uses: list[Use] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Sentence:
    text: str
    #: among 排比, 对偶, 四字格, 设问, 引语 (an attributed quotation), 名句 (a saying without attribution)
    types: list[str]
    use: Use

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class HeadingEntry:
    text: str
    level: int
    doc_id: str
    title: str
    date: str
    source: str
    #: ordinal of the first passage under the heading
    ordinal: int
    topics: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- caching ------------------------------------------------------------------------------------
_CACHE: OrderedDict[tuple[int, str, str], Any] = OrderedDict()
_LOCK = threading.Lock()
_CACHE_SIZE = 32


def _cached(searcher: Any, name: str, build: Callable[[], T]) -> T:
    key = (id(searcher), searcher.version_key(), name)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]  # type: ignore[no-any-return]
    value = build()
    with _LOCK:
        _CACHE[key] = value
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()


def feature_passages(searcher: Any, feature: str) -> list[PassageView]:
    """The passages that have ``feature``, in document order (cached)."""
    return _cached(searcher, f"feature:{feature}", lambda: searcher.feature_passages(feature))


def _use(p: PassageView) -> Use:
    return Use(passage_id=p.passage_id, doc_id=p.doc_id, title=p.title, date=p.date, source=p.source,
               text=p.text, heading=p.heading)


def _topics_of(p: PassageView) -> set[str]:
    return set(p.topic_names)


def _matches(term: str | None, *texts: str) -> bool:
    if not term:
        return True
    needle = compact(fold(term))
    return any(needle in compact(fold(t)) for t in texts)


def _use_texts(uses: list[Use]) -> list[str]:
    """The words around an entry: the passages it stands in, their headings and titles (保密 finds
    事以密成，语以泄败 where a passage on 保密工作 quotes it)."""
    return [t for u in uses for t in (u.text, u.heading, u.title)]


def _search(term: str | None, own: list[str], uses: list[Use]) -> int:
    """0 when the entry's own text matches ``term``, 1 when only its passages do, -1 when nothing does."""
    if not term or _matches(term, *own):
        return 0
    return 1 if _matches(term, *_use_texts(uses)) else -1


# --- formulations -------------------------------------------------------------------------------
def _all_formulations(searcher: Any) -> list[tuple[Formulation, list[set[str]]]]:
    def build() -> list[tuple[Formulation, list[set[str]]]]:
        groups: dict[str, list[tuple[FoundFormulation, PassageView]]] = {}
        for passage in feature_passages(searcher, "formulations"):
            for f in passage.features.formulations:
                groups.setdefault(f.key, []).append((f, passage))
        out = []
        for entries in groups.values():
            names = Counter(f.name for f, _p in entries)
            with_exp = Counter(f.name for f, _p in entries if f.items)
            name = (with_exp or names).most_common(1)[0][0]
            if fold(name) != name:  # one entry in simplified script: 三個代表 is a variant of 三个代表
                simple = [n for n in names if fold(n) == n]
                name = max(simple, key=lambda n: names[n]) if simple else fold(name)
            ranked = sorted(((f for f, _p in entries if f.expansion)),
                            key=lambda f: (not f.items, HOW_RANK.get(f.how, 9), -len(f.expansion)))
            expansions = list(OrderedDict.fromkeys(f.expansion for f in ranked))
            seen: set[str] = set()
            uses, topics = [], []
            for _f, p in entries:
                if p.passage_id not in seen:
                    seen.add(p.passage_id)
                    uses.append(_use(p))
                    topics.append(_topics_of(p))
            best = ranked[0] if ranked else entries[0][0]
            out.append((Formulation(name=name, expansion=expansions[0] if expansions else "", expansions=expansions,
                                    items=list(best.items), variants=sorted(names, key=lambda n: (-names[n], n)),
                                    form=entries[0][0].form, count=len(uses), uses=uses), topics))
        out.sort(key=lambda ft: (-ft[0].count, ft[0].name))
        return out
    return _cached(searcher, "formulations", build)


def formulations(searcher: Any, term: str | None = None, topic: str | None = None,
                 form: str | None = None) -> list[Formulation]:
    """The formulation library, most used first; ``term`` matches name, variants or expansion;
    ``topic`` keeps the uses in passages on that topic; ``form`` is numbered, series or compound."""
    out, rank = [], []
    for f, topics in _all_formulations(searcher):
        if form and f.form != form:
            continue
        r = _search(term, [f.name, *f.variants, *f.expansions], f.uses)
        if r < 0:
            continue
        if topic:
            uses = [u for u, ts in zip(f.uses, topics, strict=True) if topic in ts]
            if not uses:
                continue
            f = Formulation(**(asdict(f) | {"uses": uses, "count": len(uses)}))
        out.append(f)
        rank.append(r)
    return [f for _r, f in sorted(zip(rank, out, strict=True), key=lambda rf: rf[0])]


def formulation(searcher: Any, name: str) -> Formulation | None:
    """One formulation by its name or any variant (三服务 finds 三个服务)."""
    key = compact(fold(name))
    return next((f for f, _t in _all_formulations(searcher)
                 if key in {compact(fold(v)) for v in [f.name, *f.variants]}), None)


# --- quotations ---------------------------------------------------------------------------------
def _quote_key(text: str) -> str:
    """One entry per saying, whatever its punctuation or script (事以密成，语以泄败 = 事以密成语以泄败)."""
    return re.sub(r"[^\w]", "", fold(text))


def _all_quotations(searcher: Any) -> list[Quotation]:
    def build() -> list[Quotation]:
        groups: dict[str, Quotation] = {}
        for passage in feature_passages(searcher, "quotes"):
            for q in passage.features.quotes:
                key = _quote_key(q.text)
                entry = groups.setdefault(key, Quotation(q.speaker, q.speaker_kind, q.text))
                if not entry.speaker and q.speaker:  # an attribution elsewhere names the saying's source
                    entry.speaker, entry.speaker_kind = q.speaker, q.speaker_kind
                if all(u.passage_id != passage.passage_id for u in entry.uses):
                    entry.uses.append(_use(passage))
                    entry.count = len(entry.uses)
        return sorted(groups.values(), key=lambda q: (q.speaker_kind != "person", q.speaker, -q.count, q.text))
    return _cached(searcher, "quotations", build)


def quotations(searcher: Any, term: str | None = None, speaker: str | None = None) -> list[Quotation]:
    """Attributed quotations, ordered by speaker (people first); ``speaker`` matches part of the name."""
    hits = [(r, q) for q in _all_quotations(searcher)
            if (r := _search(term, [q.text, q.speaker], q.uses)) >= 0
            and (not speaker or _matches(speaker, q.speaker))]
    return [q for _r, q in sorted(hits, key=lambda rq: rq[0])]


def quotations_by_speaker(searcher: Any, term: str | None = None,
                          speaker: str | None = None) -> dict[str, list[Quotation]]:
    out: dict[str, list[Quotation]] = {}
    for q in quotations(searcher, term, speaker):
        out.setdefault(q.speaker or UNATTRIBUTED, []).append(q)
    return out


# --- sentences (金句) -----------------------------------------------------------------------------
def _all_sentences(searcher: Any) -> list[Sentence]:
    def build() -> list[Sentence]:
        out: list[Sentence] = []
        seen: set[str] = set()
        for feature in ("sentences", "quotes"):
            for passage in feature_passages(searcher, feature):
                feats = passage.features
                rows = [(s.text, s.types) for s in feats.sentences] if feature == "sentences" else \
                    [(q.text, ("引语" if q.speaker else "名句",)) for q in feats.quotes]
                for text, types in rows:
                    k = _quote_key(text)
                    if k not in seen:
                        seen.add(k)
                        out.append(Sentence(text, list(types), _use(passage)))
        return out
    return _cached(searcher, "sentences", build)


def sentences(searcher: Any, term: str | None = None, kind: str | None = None) -> list[Sentence]:
    """Rhetorical sentences; ``kind`` is one of 排比, 对偶, 四字格, 设问, 引语, 名句; ``term`` matches the
    sentence or, after those, the passage it stands in."""
    hits = [(r, s) for s in _all_sentences(searcher)
            if (not kind or kind in s.types) and (r := _search(term, [s.text], [s.use])) >= 0]
    return [s for _r, s in sorted(hits, key=lambda rs: rs[0])]


# --- headings -----------------------------------------------------------------------------------
def _all_headings(searcher: Any) -> list[HeadingEntry]:
    def build() -> list[HeadingEntry]:
        out = []
        seen: set[tuple[str, str]] = set()
        # documents by file name: the same order from any backend (not the order they were indexed in)
        for info, heads in sorted(searcher.outlines(), key=lambda o: (o[0].source, o[0].doc_id)):
            for h in heads:
                text = h.text
                seen.add((info.doc_id, _quote_key(text)))
                out.append(HeadingEntry(text=text, level=h.level, doc_id=info.doc_id, title=info.title,
                                        date=info.date, source=info.source, ordinal=h.ordinal,
                                        topics=[t for t, _s in classify_topics("", (text,))]))
        # headings that stand inside a passage (一是…。 opening a point): one level under the passage's own
        inner = []
        for p in feature_passages(searcher, "headings"):
            for text in p.features.headings:
                if (p.doc_id, _quote_key(text)) in seen:
                    continue
                seen.add((p.doc_id, _quote_key(text)))
                inner.append(HeadingEntry(text=text, level=len(p.heading_path) + 1, doc_id=p.doc_id, title=p.title,
                                          date=p.date, source=p.source, ordinal=p.ordinal,
                                          topics=[t for t, _s in classify_topics("", (text,))]))
        order = {d: i for i, d in enumerate(dict.fromkeys(h.doc_id for h in out + inner))}
        return sorted(out + inner, key=lambda h: (order[h.doc_id], h.ordinal, h.level))
    return _cached(searcher, "headings", build)


def headings(searcher: Any, term: str | None = None, topic: str | None = None, level: int | None = None,
             doc: str | None = None) -> list[HeadingEntry]:
    """Every heading with its level, document and topics, in document order."""
    doc_ids = set(searcher.resolve_docs(doc)) if doc else None
    return [h for h in _all_headings(searcher)
            if _matches(term, h.text) and (topic is None or topic in h.topics)
            and (level is None or h.level == level) and (doc_ids is None or h.doc_id in doc_ids)]


def outline(searcher: Any, doc_id: str) -> list[HeadingEntry]:
    """One document's outline (提纲): its headings in order, with levels."""
    return [h for h in _all_headings(searcher) if h.doc_id == doc_id]
