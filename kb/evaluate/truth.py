"""Blind document truth for ``kb eval-text``: the files a helper wrote from the documents alone, the
split into development and test halves, and the normal forms both sides are compared in.

A truth file (format: ``tests/outside/blind/BLIND.md``) is one JSON object per document::

    {"file": "web/a.html", "title": "...", "subtitle": "", "speaker": "", "date": "", "genre": "...",
     "junk_lines": ["..."], "author_spans": ["..."]}
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.errors import KbError
from kb.text import compact

FIELDS = ("title", "subtitle", "speaker", "date", "genre")
GENRES = ("书籍/教材", "体会/交流发言", "讲话", "报告", "公文", "文章")
_TRIM = "《》“”‘’\"'「」『』【】[]()（）<>〈〉"
_TRAIL = "。，、；：:;,.!！?？…—-_|｜ "


class TruthError(KbError):
    code = "truth"


def normal(value: str) -> str:
    """The form two values are compared in: NFKC, folded, no white space, no quotes or trailing marks."""
    s = compact(unicodedata.normalize("NFKC", value or "")).lower()
    for _ in range(3):
        s = s.strip(_TRIM).rstrip(_TRAIL).lstrip("—-_|｜ ")
    return s


def normal_date(value: str) -> str:
    from kb.metadata import parse_date

    return parse_date(value or "") or normal(value)


def genre_class(value: str) -> str:
    """A free-text genre (讲话稿, 经验交流材料, 通知 ...) as one of kb's genres; ``""`` for none."""
    v = normal(value)
    if not v:
        return ""
    if v in GENRES:
        return v
    rules = ((r"书|教材|专著|手册", "书籍/教材"), (r"体会|心得|交流|经验|感悟|感想|分享", "体会/交流发言"),
             (r"讲话|致辞|发言|讲稿|主持|演讲|动员|开幕词|闭幕词|贺词|欢迎词", "讲话"), (r"报告|汇报|述职", "报告"),
             (r"通知|意见|方案|办法|规定|决定|通报|请示|批复|纪要|公文|函|条例|细则|公告|制度|规划|计划", "公文"))
    for pattern, name in rules:
        if re.search(pattern, v):
            return name
    return "文章"


def compare(name: str, value: str) -> str:
    if name == "date":
        return normal_date(value)
    if name == "genre":
        return genre_class(value)
    return normal(value)


# --- truth ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Truth:
    stem: str
    file: str
    half: str
    values: dict[str, str]
    junk_lines: tuple[str, ...]
    author_spans: tuple[str, ...]


def load_split(path: Path | None) -> dict[str, str]:
    """file (and its stem) -> half, from ``{"dev": [...], "test": [...]}`` or ``{file: half}``."""
    if path is None:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TruthError(f"拆分文件无法读取（{exc}）", path=path, fix="给出 JSON 文件：{\"dev\": [...], \"test\": [...]}") from exc
    out: dict[str, str] = {}
    items: Iterable[tuple[str, Any]]
    if isinstance(data, dict) and all(isinstance(v, list) for v in data.values()):
        items = ((str(f), half) for half, files in data.items() for f in files)
    elif isinstance(data, dict):
        items = ((str(k), v) for k, v in data.items() if isinstance(v, str))
    else:
        items = ((str(e.get("file", "")), e.get("half") or e.get("split", "")) for e in data if isinstance(e, dict))
    for f, half in items:
        if isinstance(half, dict):
            half = half.get("half") or half.get("split") or ""
        out[f] = str(half)
        out.setdefault(Path(f).name, str(half))
        out.setdefault(Path(f).stem, str(half))
    return out


def load_truth(truth_dir: Path, split: dict[str, str] | None = None) -> list[Truth]:
    """Every ``*.json`` under ``truth_dir``; the half is the split's, else the sub-folder's name."""
    root = Path(truth_dir)
    if not root.is_dir():
        raise TruthError("真值文件夹不存在", path=root, fix="给出存放真值 JSON 文件的文件夹（如 /work/outside/truth）")
    split = split or {}
    out: list[Truth] = []
    for p in sorted(root.rglob("*.json")):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise TruthError(f"真值文件无法读取（{exc}）", path=p, fix="把它改成合法的 JSON，或移出真值文件夹") from exc
        if not isinstance(data, dict):
            raise TruthError("真值文件应为 JSON 对象", path=p, fix="写成 {\"file\": ..., \"title\": ...} 的形式")
        file = str(data.get("file") or p.stem)
        rel = p.parent.relative_to(root).parts
        half = split.get(file) or split.get(Path(file).name) or split.get(p.stem) or (rel[0] if rel else "")
        out.append(Truth(stem=p.stem, file=file, half=half,
                         values={k: str(data.get(k) or "") for k in FIELDS},
                         junk_lines=tuple(str(x) for x in data.get("junk_lines") or [] if str(x).strip()),
                         author_spans=tuple(str(x) for x in data.get("author_spans") or [] if str(x).strip())))
    return out


# --- what kb made of a document ----------------------------------------------------------------
