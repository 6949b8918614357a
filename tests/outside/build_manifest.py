"""Merge the outside corpus's manifests with its split into tests/outside/manifest.jsonl.

Usage: python tests/outside/build_manifest.py [/work/outside]
Reads manifest-*.jsonl (path, source, sha256, kind, encoding, query, special) and split.json,
split2.json, split3.json … ({"files": {path: "dev" | "test"}}, one per collection) from the outside folder; checks each file's sha256 when the file
is there; writes one JSON object per document, sorted by path.  The documents themselves are never
copied into the repository (third-party text).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(root: Path) -> int:
    split: dict[str, str] = {}
    for f in sorted(root.glob("split*.json")):  # split.json, split2.json (raw/web2), split3.json (raw/web3) …
        split |= json.loads(f.read_text(encoding="utf-8")).get("files", {})
    rows: dict[str, dict[str, object]] = {}
    for m in sorted(root.glob("manifest-*.jsonl")):
        for line in m.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            path = row["path"]
            f = root / path
            if f.exists() and hashlib.sha256(f.read_bytes()).hexdigest() != row.get("sha256"):
                print(f"{path}: sha256 differs from the manifest", file=sys.stderr)
            rows[path] = row | {"half": split.get(path, "")}
    out = HERE / "manifest.jsonl"
    out.write_text("".join(json.dumps(rows[k], ensure_ascii=False) + "\n" for k in sorted(rows)), encoding="utf-8")
    print(f"{len(rows)} documents -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/outside")))
