"""Blind passage labels that survive the loss of the outside folder (the third labelling round on).

The first two rounds' label files held the passages' text (third-party), so they lived only in
/work/outside and were lost with that machine.  From the third round on, the passages labelled are
windows of the raw files themselves (whole lines, or sentences of a one-line page), fixed by character
offsets into the file's text; the label files kept in git (``blind/labelsN/``) hold those offsets, and
every quoted string of a label (a quotation, a sentence, a formulation's name and expansion, a heading)
as offsets into its passage, never the passage's text.  Only an expansion that a labeller put together
from the passage's words (not one substring of it) stays as written, as short as the judged queries'
evidence strings.  ``restore`` rebuilds the files the scorers read from the raw files
that ``recollect.py`` brings back (byte for byte, checked by sha256).

Usage:
  python tests/outside/label_windows.py sample OUT_DIR [--outside /work/outside] [--collections 4,5]
      [--per-doc 3] [--seed 20261202] [--prefix W] [--exclude blind/labels3 ...]
      -> OUT_DIR/passages.jsonl (id, file, half, heading, text, start, end) for the labellers
  python tests/outside/label_windows.py freeze DIR GIT_DIR
      -> GIT_DIR/*.jsonl: DIR's passages, labeller and final files without any third-party text
  python tests/outside/label_windows.py restore GIT_DIR OUT_DIR [--outside /work/outside]
      -> OUT_DIR/*.jsonl with the text put back (and a ``raw`` link to the outside files)

A window is at least 40 and at most 360 characters; lines the document truth marks as junk, and lines
of fewer than 8 ideographs, are never part of one.  Files are the collections' ``raw/webN`` copies,
halves from ``blind/splitN.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
from pathlib import Path
from typing import Any

BLIND = Path(__file__).resolve().parent / "blind"
MIN, MAX = 40, 360
CJK = re.compile(r"[\u4e00-\u9fff]")
SENT_END = re.compile(r"[。！？；!?;]")
TEXT_KEYS = ("text", "name", "expansion")  # an expansion not in the passage is the labeller's own


def _truth_junk(n: str, stem: str) -> set[str]:
    for half in ("dev", "test"):
        f = BLIND / f"truth{n}" / half / f"{stem}.json"
        if f.exists():
            return {str(j).strip() for j in json.loads(f.read_text(encoding="utf-8")).get("junk_lines", [])}
    return set()


def _pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, long lines cut after sentence ends into pieces of at most MAX."""
    out = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        while e - s > MAX:
            cut = None
            for m in SENT_END.finditer(text, s, s + MAX):
                if m.end() - s >= MIN:
                    cut = m.end()
            cut = cut or s + MAX
            out.append((s, cut))
            s = cut
        if e > s:
            out.append((s, e))
    return out


def windows(text: str, junk: set[str]) -> list[tuple[int, int]]:
    """Windows of consecutive good pieces, MIN..MAX characters each, as (start, end) offsets."""
    good = [(s, e) for s, e in _pieces(text)
            if text[s:e].strip() not in junk and len(CJK.findall(text[s:e])) >= 8]
    out: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    for s, e in good:
        if cur and text[cur[1]:s].strip() == "" and e - cur[0] <= MAX:
            cur = (cur[0], e)
        else:
            if cur and cur[1] - cur[0] >= MIN:
                out.append(cur)
            cur = (s, e)
        if cur[1] - cur[0] >= MIN * 3:
            out.append(cur)
            cur = None
    if cur and cur[1] - cur[0] >= MIN:
        out.append(cur)
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e - (len(text[s:e]) - len(text[s:e].rstrip())))
            for s, e in out]


def _text_of(outside: Path, rel: str) -> str:
    return (outside / rel).read_bytes().decode("utf-8-sig")


def _taken(rounds: list[Path]) -> dict[str, list[tuple[int, int]]]:
    """file -> (start, end) of the windows earlier rounds (their passages.jsonl in git) labelled."""
    out: dict[str, list[tuple[int, int]]] = {}
    for d in rounds:
        for r in _read(d / "passages.jsonl"):
            out.setdefault(r["file"], []).append((int(r["start"]), int(r["end"])))
    return out


def sample(out_dir: Path, outside: Path, collections: str, per_doc: int, seed: int, prefix: str,
           exclude: list[Path] | None = None) -> str:
    rnd = random.Random(seed)
    taken = _taken(exclude or [])
    rows = []
    for n in collections.split(","):
        half = json.loads((BLIND / f"split{n}.json").read_text(encoding="utf-8"))["files"]
        for rel in sorted(half):
            path = outside / rel if (outside / rel).exists() else outside / "raw" / f"web{n}" / Path(rel).name
            if not path.exists():
                continue
            rel_out = str(path.relative_to(outside))
            text = _text_of(outside, rel_out)
            ws = [(s, e) for s, e in windows(text, _truth_junk(n, path.stem))
                  if not any(s < e2 and s2 < e for s2, e2 in taken.get(rel_out, []))]  # no window twice
            pick = ws if len(ws) <= per_doc else sorted(rnd.sample(ws, per_doc))
            rows += [{"file": rel_out, "half": half[rel], "heading": "", "text": text[s:e], "start": s, "end": e}
                     for s, e in pick]
    out_dir.mkdir(parents=True, exist_ok=True)
    if not (out_dir / "raw").exists():
        os.symlink((outside / "raw").resolve(), out_dir / "raw")
    with open(out_dir / "passages.jsonl", "w", encoding="utf-8") as out:
        for i, r in enumerate(rows, 1):
            out.write(json.dumps({"id": f"{prefix}{i:03d}"} | r, ensure_ascii=False) + "\n")
    return f"{len(rows)} passages from {len({r['file'] for r in rows})} documents -> {out_dir / 'passages.jsonl'}"


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _span(s: str, text: str) -> list[int] | None:
    i = text.find(s) if s else -1
    return [i, i + len(s)] if i >= 0 else None


def _freeze_row(row: dict[str, Any], text: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        if k == "text" and isinstance(v, str):
            continue
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            items = []
            for item in v:
                it = dict(item)
                for tk in TEXT_KEYS:
                    if isinstance(it.get(tk), str) and (sp := _span(it[tk], text)) is not None:
                        it[tk + "@"] = sp
                        del it[tk]
                    elif isinstance(it.get(tk), str) and it[tk] and tk != "expansion":
                        it[tk] = ""  # not in the passage: kept as an empty string, never as text
                        it[tk + "@missing"] = True
                items.append(it)
            out[k] = items
        elif k == "headings" and isinstance(v, list):
            out["headings@"] = [sp for h in v if isinstance(h, str) and (sp := _span(h, text)) is not None]
        elif k == "disagreements" and isinstance(v, dict):
            out[k] = _disputed(v, lambda f, lab: _freeze_row({f: lab}, text))
        else:
            out[k] = v
    return out


def _disputed(v: dict[str, Any], fn: Any) -> dict[str, Any]:
    """Each labeller's value of each disputed field, through ``fn(field, value)`` (freeze or restore)."""
    return {f: {who: fn(f, lab) for who, lab in d.items()} for f, d in v.items()}


def _restore_row(row: dict[str, Any], text: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            items = []
            for item in v:
                it = {}
                for ik, iv in item.items():
                    if ik.endswith("@") and isinstance(iv, list):
                        it[ik[:-1]] = text[iv[0]:iv[1]]
                    elif not ik.endswith("@missing"):
                        it[ik] = iv
                items.append(it)
            out[k] = items
        elif k == "headings@":
            out["headings"] = [text[a:b] for a, b in v]
        elif k == "disagreements" and isinstance(v, dict):
            out[k] = _disputed(v, lambda f, frozen: _restore_row(frozen, text)[f])
        else:
            out[k] = v
    return out


def freeze(src: Path, dst: Path) -> str:
    passages = {r["id"]: r for r in _read(src / "passages.jsonl")}
    dst.mkdir(parents=True, exist_ok=True)
    done = []
    for f in sorted(src.glob("*.jsonl")):
        rows = []
        for r in _read(f):
            p = passages[r["id"]]
            fr = _freeze_row(r, p["text"])
            if f.name == "passages.jsonl":
                fr["sha256"] = hashlib.sha256(p["text"].encode("utf-8")).hexdigest()
            rows.append(fr)
        _write(dst / f.name, rows)
        done.append(f.name)
    return f"froze {', '.join(done)} -> {dst}"


def restore(src: Path, dst: Path, outside: Path) -> str:
    dst.mkdir(parents=True, exist_ok=True)
    frozen = {r["id"]: r for r in _read(src / "passages.jsonl")}
    texts: dict[str, str] = {}
    bad = []
    for pid, p in frozen.items():
        try:
            t = _text_of(outside, p["file"])[p["start"]:p["end"]]
        except OSError:
            bad.append(pid)
            continue
        if hashlib.sha256(t.encode("utf-8")).hexdigest() != p["sha256"]:
            bad.append(pid)
            continue
        texts[pid] = t
    for f in sorted(src.glob("*.jsonl")):
        rows = []
        for r in _read(f):
            if r["id"] not in texts:
                continue
            rr = _restore_row(r, texts[r["id"]])
            if f.name in ("passages.jsonl", "final.jsonl", "disagreements.jsonl"):
                rr["text"] = texts[r["id"]]
            rr.pop("sha256", None)
            rows.append(rr)
        _write(dst / f.name, rows)
    link = dst / "raw"
    if not link.exists():
        os.symlink((outside / "raw").resolve(), link)
    return (f"restored {len(texts)} of {len(frozen)} passages -> {dst}"
            + (f"; {len(bad)} whose file is missing or differs (recollect.py): {bad[:10]}" if bad else ""))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("verb", choices=["sample", "freeze", "restore"])
    p.add_argument("a")
    p.add_argument("b", nargs="?")
    p.add_argument("--outside", default="/work/outside")
    p.add_argument("--collections", default="4,5")
    p.add_argument("--per-doc", type=int, default=3)
    p.add_argument("--seed", type=int, default=20261202)
    p.add_argument("--prefix", default="W")
    p.add_argument("--exclude", nargs="*", default=[], type=Path,
                   help="sample: earlier rounds' folders (blind/labelsN): their windows are not sampled again")
    a = p.parse_args(argv)
    if a.verb == "sample":
        print(sample(Path(a.a), Path(a.outside), a.collections, a.per_doc, a.seed, a.prefix, a.exclude))
    elif a.verb == "freeze":
        print(freeze(Path(a.a), Path(a.b)))
    else:
        print(restore(Path(a.a), Path(a.b), Path(a.outside)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
