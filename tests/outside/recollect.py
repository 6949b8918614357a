"""Collect the outside corpus again from ``manifest.jsonl`` (the files are third-party and not in git).

Usage:
    python tests/outside/recollect.py github [--outside /work/outside] [--mirrors /work/.mirror]
        Writes every ``github:OWNER/NAME@COMMIT:PATH`` row from the repositories' snapshots
        (``git show COMMIT:PATH`` in ``MIRRORS/OWNER+NAME``); the search tool's ``fetch`` brings them.
    python tests/outside/recollect.py todo [--outside …] [--prefix raw/web2/] [--out rows.jsonl]
        Lists the web rows (source ``http…``) whose file is missing or has another sha256.
    python tests/outside/recollect.py check PATH… [--outside …]
        Checks saved files against the manifest.  A web copy is the page opening the search tool's
        ``pages`` corpus returns, saved as returned with no line end added: when a file differs only
        by one trailing line end, that line end is dropped.  A ``raw/txt`` row is written as UTF-8
        first and encoded here into the row's ``encoding`` (gbk, gb18030, utf-16-le[-bom],
        utf-16-be-bom, utf-8-bom) before it is checked.
    python tests/outside/recollect.py status [--outside …]
        Counts, per folder, the files present, matching their sha256, differing and missing.

A file whose bytes differ from the manifest but whose text is the same document (the first
collection, ``raw/web`` and ``raw/txt``, was saved in the first session by a way that is no longer
known, so its files come back with the same text but not always the same bytes) is kept and listed
in ``OUTSIDE/recollected.jsonl`` with both sha256 values; the blind truth is about the text (titles,
junk lines, spans), so it scores them as before.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.jsonl"

ENCODINGS = {
    "gbk": ("gbk", b""),
    "gb18030": ("gb18030", b""),
    "utf-16-le": ("utf-16-le", b""),
    "utf-16-le-bom": ("utf-16-le", b"\xff\xfe"),
    "utf-16-be-bom": ("utf-16-be", b"\xfe\xff"),
    "utf-8-bom": ("utf-8", b"\xef\xbb\xbf"),
    "utf-8": ("utf-8", b""),
}


def rows() -> list[dict[str, str]]:
    return [json.loads(line) for line in MANIFEST.read_text(encoding="utf-8").splitlines() if line.strip()]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def github(outside: Path, mirrors: Path) -> int:
    bad = 0
    for r in rows():
        src = r["source"]
        if not src.startswith("github:"):
            continue
        repo, _, rest = src[len("github:"):].partition("@")
        commit, _, path = rest.partition(":")
        git = mirrors / repo.replace("/", "+")
        gitdirs = [git, git / "repo", *sorted(git.glob("*.git"))] if git.exists() else []
        data = None
        for gd in gitdirs:
            p = subprocess.run(["git", f"--git-dir={gd}", "show", f"{commit}:{path}"], capture_output=True)
            if p.returncode == 0:
                data = p.stdout
                break
        out = outside / r["path"]
        if data is None:
            print(f"MISSING {r['path']}: {repo} not fetched or {commit[:8]}:{path} absent")
            bad += 1
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        ok = sha(data) == r["sha256"]
        bad += not ok
        print(("ok      " if ok else "DIFFERS ") + r["path"])
    return 1 if bad else 0


def encode(r: dict[str, str], data: bytes) -> bytes:
    enc, bom = ENCODINGS[r.get("encoding", "utf-8")]
    text = data.decode("utf-8-sig") if r["path"].startswith("raw/txt/") else None
    if text is None:
        return data
    try:
        return bom + text.encode(enc)
    except UnicodeEncodeError:
        return data


def check(outside: Path, paths: list[str]) -> int:
    by = {r["path"]: r for r in rows()}
    bad = 0
    for p in paths:
        f = Path(p)
        rel = str(f.resolve().relative_to(outside.resolve())) if f.is_absolute() or f.exists() else p
        r = by.get(rel)
        if r is None:
            print(f"NOT IN MANIFEST {p}")
            bad += 1
            continue
        full = outside / rel
        data = full.read_bytes()
        if r["path"].startswith("raw/txt/") and not _decodes_as(data, r):
            data = encode(r, data)
        cands = [data]
        if data.endswith(b"\n"):
            cands.append(data[:-1])
        hit = next((c for c in cands if sha(c) == r["sha256"]), None)
        if hit is not None:
            full.write_bytes(hit)
            print(f"ok      {rel}")
        else:
            full.write_bytes(data)
            print(f"DIFFERS {rel} (saved {sha(data)[:12]}, manifest {r['sha256'][:12]})")
            bad += 1
    return 1 if bad else 0


def _decodes_as(data: bytes, r: dict[str, str]) -> bool:
    """True when a raw/txt file is already in its row's encoding (not the UTF-8 a collector wrote)."""
    enc, bom = ENCODINGS[r.get("encoding", "utf-8")]
    if enc == "utf-8":
        return data.startswith(bom)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def status(outside: Path) -> int:
    counts: dict[str, list[int]] = {}
    diff = []
    for r in rows():
        folder = r["path"].rsplit("/", 1)[0]
        c = counts.setdefault(folder, [0, 0, 0, 0])
        f = outside / r["path"]
        c[0] += 1
        if not f.exists():
            c[3] += 1
        elif sha(f.read_bytes()) == r["sha256"]:
            c[1] += 1
        else:
            c[2] += 1
            diff.append({"path": r["path"], "sha256": r["sha256"], "sha256_recollected": sha(f.read_bytes())})
    print(f"{'folder':<12} {'rows':>5} {'same':>5} {'differ':>6} {'missing':>7}")
    for k, (n, s, d, m) in sorted(counts.items()):
        print(f"{k:<12} {n:>5} {s:>5} {d:>6} {m:>7}")
    with open(outside / "recollected.jsonl", "w", encoding="utf-8") as out:
        for row in diff:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


def todo(outside: Path, prefix: str, out: str | None) -> int:
    left = [r for r in rows() if r["source"].startswith("http") and r["path"].startswith(prefix)
            and (not (outside / r["path"]).exists() or sha((outside / r["path"]).read_bytes()) != r["sha256"])]
    text = "".join(json.dumps({k: r.get(k, "") for k in ("path", "source", "sha256", "query", "encoding", "special")},
                              ensure_ascii=False) + "\n" for r in left)
    if out:
        Path(out).write_text(text, encoding="utf-8")
        print(f"{len(left)} rows -> {out}")
    else:
        sys.stdout.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("verb", choices=["github", "todo", "check", "status"])
    p.add_argument("paths", nargs="*")
    p.add_argument("--outside", default="/work/outside")
    p.add_argument("--mirrors", default="/work/.mirror")
    p.add_argument("--prefix", default="raw/")
    p.add_argument("--out")
    a = p.parse_args(argv)
    outside = Path(a.outside)
    if a.verb == "github":
        return github(outside, Path(a.mirrors))
    if a.verb == "todo":
        return todo(outside, a.prefix, a.out)
    if a.verb == "check":
        return check(outside, a.paths)
    return status(outside)


if __name__ == "__main__":
    raise SystemExit(main())
