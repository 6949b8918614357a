"""Generated test corpora: documents made of distinct sentences from the bundled corpus."""

from __future__ import annotations

import hashlib
import random
import re
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def sentences() -> tuple[str, ...]:
    out: list[str] = []
    for p in sorted((ROOT / "corpus").iterdir()):
        text = p.read_text(encoding="utf-8")
        out += [s.strip() + "。" for s in re.split(r"[。！？\n]", text) if 12 <= len(s.strip()) <= 120]
    return tuple(dict.fromkeys(out))


def speech(seed: int, n: int = 24) -> str:
    """A speech-like text: a title, two headings and ``n`` sentences chosen by ``seed``."""
    rng = random.Random(seed)
    pool = sentences()
    picked = rng.sample(pool, n)
    half = n // 2
    return (f"第{seed}号文件：关于办公室工作的讲话\n\n一、总体要求\n\n" + "".join(picked[:half])
            + "\n\n二、具体措施\n\n" + "".join(picked[half:]) + f"\n\n编号{seed}。\n")


def make_corpus(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        p = folder / f"讲话{i:03d}.txt"
        p.write_text(speech(i), encoding="utf-8")
        paths.append(p)
    return paths


def hashes(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) -> its sha256: the corpus before and after."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}
