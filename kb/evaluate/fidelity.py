"""kb eval-text: how faithfully kb reads documents nobody tuned it on, scored against blind truth.

Truth is one JSON file per document (written by someone who read only the raw file)::

    {"file": "web/a.html", "title": "...", "subtitle": "", "speaker": "", "date": "", "genre": "...",
     "junk_lines": ["lines that are not the author's text"], "author_spans": ["exact author text"]}

``evaluate(corpus, truth, split)`` ingests the corpus into a temporary index (the corpus is only read)
and scores every document that has truth:

- **fields** (title, subtitle, speaker, date, genre): a title kb took from the file name because the
  text states none counts as no title; a value is *right* when its normal form equals
  the truth's (:func:`normal`: NFKC, folded to simplified characters, white space removed, surrounding
  quotes and book-title marks and trailing punctuation dropped, ASCII lower-cased; dates compared as
  ISO dates, genres mapped onto kb's genres by :func:`genre_class`).  Precision = right / values kb gave,
  recall = right / values the truth states; a value kb gives where the truth states none counts
  against precision only;
- **junk left**: truth junk lines whose normal form is found inside a passage (or equals one, for
  lines shorter than :data:`MIN_JUNK` characters), per 100 documents, each listed;
- **spans missing**: author spans that an exact quoted search (``kb search '"…"'``) does not find in
  their document; the JSON says whether the text is in the passages at all, or in the title or a
  heading (which a quoted search over passages does not reach);
- a junk string that also occurs inside the author's text (a page description repeating the opening)
  counts as left only when every occurrence of it is kept;
- **furniture titles**: documents whose title is one of the truth's junk lines (or a breadcrumb);
- **failed**: files kb could not read, with the reason it gave.

A plain baseline is scored in the same run: the reader's lines without any cleaning (title = first
line, date = the first date in the first 500 characters, no speaker, genre 文章, every line a passage,
spans looked up by substring).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.errors import KbError
from kb.evaluate.truth import FIELDS, Truth, TruthError, compare, load_split, load_truth, normal
from kb.text import compact

#: junk lines shorter than this (normal form) count only when a whole passage is made of them
MIN_JUNK = 4
#: spans longer than this are searched by their first MAX_SPAN characters (a quoted search's unit)
MAX_SPAN = 80


@dataclass(frozen=True)
class Reading:
    """One document as a reader (kb, or the baseline) gave it."""

    source: str
    doc_id: str
    values: dict[str, str]
    passages: tuple[str, ...]
    error: str = ""
    #: the document's title and headings (kept out of the passages' text)
    headings: tuple[str, ...] = ()


SpanFinder = Callable[[Reading, str], bool]


def match_truth(truths: list[Truth], readings: dict[str, Reading]) -> list[tuple[Truth, Reading | None]]:
    """Pair each truth with the document it describes (by path, then file name, then stem)."""
    by_name: dict[str, list[str]] = {}
    by_stem: dict[str, list[str]] = {}
    for src in readings:
        by_name.setdefault(Path(src).name, []).append(src)
        by_stem.setdefault(Path(src).stem, []).append(src)
    pairs: list[tuple[Truth, Reading | None]] = []
    for t in truths:
        f = t.file.replace("\\", "/")
        hit = next((s for s in readings if f == s or f.endswith("/" + s) or s.endswith("/" + f)), None)
        if hit is None and len(by_name.get(Path(f).name, [])) == 1:
            hit = by_name[Path(f).name][0]
        if hit is None and len(by_stem.get(t.stem, [])) == 1:
            hit = by_stem[t.stem][0]
        pairs.append((t, readings.get(hit) if hit else None))
    return pairs


# --- scoring ----------------------------------------------------------------------------------
@dataclass
class FieldScore:
    right: int = 0
    given: int = 0
    stated: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.given if self.given else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.stated if self.stated else 1.0


@dataclass
class DocResult:
    file: str
    half: str
    source: str = ""
    error: str = ""
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    junk_left: list[str] = field(default_factory=list)
    spans_missing: list[dict[str, Any]] = field(default_factory=list)
    spans: int = 0
    furniture_title: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "half": self.half, "source": self.source, "error": self.error,
                "fields": self.fields, "junk_left": self.junk_left, "spans": self.spans,
                "spans_missing": self.spans_missing, "furniture_title": self.furniture_title}


@dataclass
class HalfReport:
    name: str
    docs: list[DocResult] = field(default_factory=list)

    def fields(self) -> dict[str, FieldScore]:
        out = {k: FieldScore() for k in FIELDS}
        for d in self.docs:
            for k, f in d.fields.items():
                s = out[k]
                s.right += f["right"]
                s.given += bool(f["kb_norm"])
                s.stated += bool(f["truth_norm"])
        return out

    def summary(self) -> dict[str, Any]:
        n = len(self.docs)
        junk = sum(len(d.junk_left) for d in self.docs)
        spans = sum(d.spans for d in self.docs)
        missing = sum(len(d.spans_missing) for d in self.docs)
        return {
            "documents": n, "failed": sum(bool(d.error) for d in self.docs),
            "fields": {k: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "right": s.right,
                           "given": s.given, "stated": s.stated} for k, s in self.fields().items()},
            "junk_left": junk, "junk_per_100_docs": round(100 * junk / n, 2) if n else 0.0,
            "spans": spans, "spans_missing": missing,
            "spans_in_headings": sum(1 for d in self.docs for m in d.spans_missing if m.get("in_heading")),
            "spans_found": round(1 - missing / spans, 4) if spans else 1.0,
            "furniture_titles": sum(d.furniture_title for d in self.docs),
        }

    def to_dict(self) -> dict[str, Any]:
        return {"summary": self.summary(), "documents": [d.to_dict() for d in self.docs]}


def _junk_left(junk: Iterable[str], passages: tuple[str, ...], spans: tuple[str, ...], raw: str = "") -> list[str]:
    """Junk lines still in the passages.  With the raw text: a junk string that also occurs as part of the
    author's text (a description that repeats the opening) counts only when every occurrence is kept."""
    texts = [normal(p) for p in passages]
    joined = "\n".join(texts)
    author = "\n".join(normal(s) for s in spans)
    whole = normal(raw) if raw else ""
    left: list[str] = []
    for line in junk:
        j = normal(line)
        if not j or j in author:  # the truth also calls it the author's: not counted
            continue
        if (len(j) >= MIN_JUNK and j in joined) or j in texts:
            if whole and len(j) >= MIN_JUNK and joined.count(j) < whole.count(j):
                continue
            left.append(line)
    return left


def _is_furniture_title(title: str, junk: Iterable[str]) -> bool:
    t = normal(title)
    if not t:
        return False
    if re.search(r"[>›»＞].+[>›»＞]", title):  # a breadcrumb A>B>C
        return True
    return any(t == normal(j) for j in junk)


def score(pairs: list[tuple[Truth, Reading | None]], find_span: SpanFinder,
          raw: dict[str, str] | None = None) -> dict[str, HalfReport]:
    """Per half (``all`` always), what was right; pure given ``find_span`` (and the raw texts by source)."""
    raw = raw or {}
    halves: dict[str, HalfReport] = {"all": HalfReport("all")}
    for truth, reading in pairs:
        res = DocResult(file=truth.file, half=truth.half)
        if reading is None:
            res.error = "not read (no document for this truth file)"
        elif reading.error:
            res.error = reading.error
        res.source = reading.source if reading else ""
        values = reading.values if reading and not reading.error else {}
        for k in FIELDS:
            got, want = values.get(k, ""), truth.values.get(k, "")
            gn, wn = compare(k, got), compare(k, want)
            res.fields[k] = {"kb": got, "truth": want, "kb_norm": gn, "truth_norm": wn, "right": bool(gn) and gn == wn}
        passages = reading.passages if reading and not reading.error else ()
        res.junk_left = _junk_left(truth.junk_lines, passages, truth.author_spans,
                                   raw.get(reading.source, "") if reading else "") if passages else []
        res.furniture_title = bool(values) and _is_furniture_title(values.get("title", ""), truth.junk_lines)
        res.spans = len(truth.author_spans)
        joined = "\n".join(compact(p) for p in passages)
        for span in truth.author_spans:
            probe = span_probe(span)
            if reading is not None and not reading.error and probe and find_span(reading, probe):
                continue
            where = next((h for h in (reading.headings if reading else ()) if compact(probe) in compact(h)), "")
            res.spans_missing.append({"span": span, "probe": probe,
                                      "in_passages": bool(probe) and compact(probe) in joined,
                                      "in_heading": bool(where)})
        halves["all"].docs.append(res)
        if truth.half:
            halves.setdefault(truth.half, HalfReport(truth.half)).docs.append(res)
    return halves


def span_probe(span: str) -> str:
    """What is searched for a span: its longest piece without ASCII quotes, at most MAX_SPAN characters."""
    pieces = sorted((p.strip() for p in re.split(r"[\"\n\r]+", span)), key=len, reverse=True)
    best = pieces[0] if pieces else ""
    return best[:MAX_SPAN].strip()


# --- running kb and the baseline ----------------------------------------------------------------
def _kb_readings(corpus: Path, index: Path, settings: Any) -> tuple[dict[str, Reading], Any]:
    from kb.ingest.pipeline import ingest
    from kb.search.searcher import Searcher

    report = ingest(None, settings.with_overrides(corpus=corpus, index=index))
    out: dict[str, Reading] = {}
    searcher = Searcher(index) if any(f.status in ("added", "updated") for f in report.files) else None
    docs = {d.source: d.to_dict() for d in searcher.documents()} if searcher else {}
    for f in report.files:
        if f.status == "failed" or (f.status == "skipped" and f.code != "duplicate"):
            out[f.path] = Reading(f.path, "", {}, (), error=f.error or f.status)
            continue
        src = f.duplicate_of if f.status == "skipped" else f.path
        d = docs.get(src or "")
        if d is None or searcher is None:
            continue
        view = searcher.document(d["doc_id"])
        full = view.to_dict() if view is not None else {}
        extra = (full.get("meta") or {}).get("extra") or {}
        title = "" if extra.get("title_source") == "file name" else d["title"]  # kb found none: it says so
        values = {"title": title, "subtitle": d["subtitle"], "speaker": d["author"], "date": d["date"],
                  "genre": d["genre"]}
        heads = (d["title"], d["subtitle"], *(h["text"] for h in full.get("outline", [])))
        out[f.path] = Reading(f.path, d["doc_id"], values, tuple(p["text"] for p in full.get("passages", [])),
                              headings=tuple(h for h in heads if h))
    return out, searcher


def _baseline_readings(corpus: Path, sources: Iterable[str]) -> dict[str, Reading]:
    from kb.extract import extract
    from kb.metadata import parse_date

    out: dict[str, Reading] = {}
    for src in sources:
        try:
            doc = extract(corpus / src)
        except KbError as exc:
            out[src] = Reading(src, "", {}, (), error=exc.reason)
            continue
        lines = tuple(b.text.strip() for b in doc.blocks if b.text.strip())
        head = "\n".join(lines)[:500]
        values = {"title": lines[0] if lines else "", "subtitle": "", "speaker": "", "date": parse_date(head),
                  "genre": "文章"}
        out[src] = Reading(src, src, values, lines)
    return out


def evaluate(corpus: Path, truth_dir: Path, split: Path | None, settings: Any,
             baseline: bool = True) -> dict[str, Any]:
    """``{"kb": halves, "baseline": halves, "skipped": {...}}``; the corpus is ingested into a temporary
    index.  Truth about files that are not in the corpus is left out (and listed under ``skipped``)."""
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise TruthError("文档文件夹不存在", path=corpus, fix="给出要评测的文档所在的文件夹")
    truths = load_truth(Path(truth_dir), load_split(split))
    present = {p.name for p in corpus.rglob("*") if p.is_file()}
    outside = [t for t in truths if Path(t.file).name not in present]
    truths = [t for t in truths if Path(t.file).name in present]
    tmp = Path(tempfile.mkdtemp(prefix="kb-eval-text-"))
    try:
        readings, searcher = _kb_readings(corpus, tmp / "index", settings)

        def find(reading: Reading, probe: str) -> bool:
            if searcher is None or not reading.doc_id:
                return False
            res = searcher.search(f'"{probe}"', limit=20, doc=reading.doc_id, collapse=False)
            return any(h.doc_id == reading.doc_id for h in res.hits)

        raw = _baseline_readings(corpus, readings)
        out = {"kb": score(match_truth(truths, readings), find, {k: "\n".join(r.passages) for k, r in raw.items()})}
        if searcher is not None:
            searcher.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out["skipped"] = {"outside the corpus": [t.file for t in outside]}  # type: ignore[dict-item]
    if baseline:
        out["baseline"] = score(match_truth(truths, raw),
                                lambda r, probe: compact(probe) in "\n".join(compact(p) for p in r.passages))
    return out


def report_lines(results: dict[str, Any], detail: bool = True, detail_halves: tuple[str, ...] = ("dev", "all")
                 ) -> list[str]:
    """The text `kb eval-text` prints: each half, kb beside the baseline, then kb's misses on the
    halves in ``detail_halves`` only (the test half's misses stay closed unless asked for)."""
    lines: list[str] = []
    skipped = (results.get("skipped") or {}).get("outside the corpus") or []
    if skipped:
        lines.append(f"(left out: {len(skipped)} truth files about documents not in the corpus)")
    kb = results["kb"]
    base = results.get("baseline", {})
    names = [h for h in kb if h != "all"] or ["all"]
    for half in sorted(names, key=lambda h: (h != "dev", h)):
        s = kb[half].summary()
        b = base[half].summary() if half in base else None
        lines.append(f"== {half}: {s['documents']} documents, {s['failed']} failed"
                     + ("   (baseline: plain reader lines, no cleaning)" if b else ""))
        for k in FIELDS:
            f = s["fields"][k]
            row = f"  {k:<9} P {f['precision']:.3f} R {f['recall']:.3f}  ({f['right']}/{f['given']} given, {f['stated']} stated)"
            if b:
                bf = b["fields"][k]
                row += f"   baseline P {bf['precision']:.3f} R {bf['recall']:.3f}"
            lines.append(row)
        row = f"  junk lines left {s['junk_left']} ({s['junk_per_100_docs']:.1f} per 100 documents)"
        lines.append(row + (f"   baseline {b['junk_left']} ({b['junk_per_100_docs']:.1f})" if b else ""))
        row = (f"  author spans found {s['spans'] - s['spans_missing']}/{s['spans']} ({100 * s['spans_found']:.1f}%;"
               f" {s['spans_in_headings']} of the missing are in a title or heading)")
        lines.append(row + (f"   baseline {100 * b['spans_found']:.1f}%" if b else ""))
        lines.append(f"  furniture titles {s['furniture_titles']}" + (f"   baseline {b['furniture_titles']}" if b else ""))
        if detail and half in detail_halves:
            lines.extend(_misses(kb[half]))
        elif detail:
            lines.append(f"  (misses of the {half} half not listed: --test-misses lists them)")
    return lines


def _misses(half: HalfReport) -> list[str]:
    out: list[str] = []
    for d in half.docs:
        notes: list[str] = []
        if d.error:
            notes.append(f"    failed: {d.error}")
        for k, f in d.fields.items():
            if not f["right"] and (f["kb_norm"] or f["truth_norm"]):
                notes.append(f"    {k}: kb {f['kb']!r}  truth {f['truth']!r}")
        for j in d.junk_left:
            notes.append(f"    junk left: {j[:100]!r}")
        for m in d.spans_missing:
            where = " (in the title or a heading)" if m.get("in_heading") else "" if m["in_passages"] else " (not in passages)"
            notes.append(f"    span not found{where}: {m['probe'][:60]!r}")
        if d.furniture_title:
            notes.append("    furniture title")
        if notes:
            out.append(f"  - {d.file}")
            out.extend(notes)
    return out
