"""Sample passages of later collections for blind labelling (the second labelling round, labels2).

Usage: python tests/outside/sample_label_passages.py INDEX OUT.jsonl [--collections 2,3] [--per-doc 3]
INDEX: a generation folder of an index built by tests/outside/evaluate.sh (the bundled and outside
corpora together).  For every document of the named collections (raw/webN, halves from
blind/splitN.json), up to ``--per-doc`` passages of at least 20 characters are drawn with a fixed seed
and written in reading order as {id, file, half, heading, text}, the format LABELLING.md describes.
The labellers see only this file; the passages are third-party text and stay outside the repository.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from whoosh import index

BLIND = Path(__file__).resolve().parent / "blind"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("index")
    p.add_argument("out")
    p.add_argument("--collections", default="2,3")
    p.add_argument("--per-doc", type=int, default=3)
    p.add_argument("--seed", type=int, default=20261202)
    p.add_argument("--prefix", default="M")
    a = p.parse_args(argv)
    half: dict[str, str] = {}
    for n in a.collections.split(","):
        half |= json.loads((BLIND / f"split{n}.json").read_text(encoding="utf-8"))["files"]
    by: dict[str, list[dict[str, object]]] = {}
    with index.open_dir(a.index).searcher() as s:
        for f in s.all_stored_fields():
            if f.get("rec") == "p" and f.get("source") in half:
                by.setdefault(str(f["source"]), []).append(f)
    rnd = random.Random(a.seed)
    rows = []
    for src in sorted(by):
        ps = [q for q in sorted(by[src], key=lambda f: int(str(f["ordinal"]))) if len(str(q["text"])) >= 20]
        pick = ps if len(ps) <= a.per_doc else sorted(rnd.sample(ps, a.per_doc), key=lambda f: int(str(f["ordinal"])))
        rows += [{"file": src, "half": half[src], "heading": q.get("heading", ""), "text": q["text"]} for q in pick]
    with open(a.out, "w", encoding="utf-8") as out:
        for i, r in enumerate(rows, 1):
            out.write(json.dumps({"id": f"{a.prefix}{i:03d}"} | r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} passages from {len(by)} documents -> {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
