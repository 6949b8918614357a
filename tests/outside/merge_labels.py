"""Merge two blind labellers' files: agreed fields, disagreements to settle, and the final labels.

Usage:
  python tests/outside/merge_labels.py split DIR   # labeller-1/2.jsonl -> agreed-partial.jsonl, disagreements.jsonl
  python tests/outside/merge_labels.py final DIR   # agreed-partial.jsonl + settled.jsonl -> final.jsonl
DIR holds passages.jsonl and the labellers' files (LABELLING.md).  A field is agreed when both
labellers gave the same value (kinds and topics as sets; items compared as sets of their JSON form).
The third helper (ADJUDICATE.md) reads only disagreements.jsonl and writes settled.jsonl.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FIELDS = ("kinds", "topics", "formulations", "quotations", "sentences", "headings")


def _rows(path: Path) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[str(row["id"])] = row
    return out


def _key(value: object) -> frozenset[str]:
    items = value if isinstance(value, list) else []
    return frozenset(json.dumps(v, ensure_ascii=False, sort_keys=True) for v in items)


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def split(d: Path) -> str:
    passages = _rows(d / "passages.jsonl")
    a, b = _rows(d / "labeller-1.jsonl"), _rows(d / "labeller-2.jsonl")
    agreed, disputed = [], []
    for pid, p in passages.items():
        ra, rb = a.get(pid, {}), b.get(pid, {})
        same: dict[str, object] = {"id": pid}
        diff: dict[str, object] = {}
        for f in FIELDS:
            va, vb = ra.get(f, []), rb.get(f, [])
            if _key(va) == _key(vb):
                same[f] = va
            else:
                diff[f] = {"labeller_1": va, "labeller_2": vb}
        agreed.append(same)
        if diff:
            disputed.append({"id": pid, "heading": p.get("heading", ""), "text": p["text"], "disagreements": diff})
    _write(d / "agreed-partial.jsonl", agreed)
    _write(d / "disagreements.jsonl", disputed)
    return f"{len(agreed)} passages, {len(disputed)} with a disagreement"


def final(d: Path) -> str:
    agreed = _rows(d / "agreed-partial.jsonl")
    settled = _rows(d / "settled.jsonl") if (d / "settled.jsonl").exists() else {}
    passages = _rows(d / "passages.jsonl")
    rows, missing = [], 0
    for pid, p in passages.items():
        row: dict[str, object] = {"id": pid, "file": p["file"], "half": p["half"], "heading": p.get("heading", ""),
                                  "text": p["text"]}
        for f in FIELDS:
            if f in agreed.get(pid, {}):
                row[f] = agreed[pid][f]
            elif f in settled.get(pid, {}):
                row[f] = settled[pid][f]
            else:
                missing += 1
                row[f] = []
        rows.append(row)
    _write(d / "final.jsonl", rows)
    return f"{len(rows)} passages -> final.jsonl ({missing} disputed fields left unsettled, written empty)"


if __name__ == "__main__":
    cmd, folder = sys.argv[1], Path(sys.argv[2])
    print(split(folder) if cmd == "split" else final(folder))
