"""Corrections by hand: a maintainer's title, subtitle, speaker, date and genre for a document.

They live beside the corpus in ``corpus/.kb-corrections.json`` (the document's file is never touched)::

    {"version": 1, "documents": {"web/讲话.html": {"title": "…", "date": "2022-03-05"}}}

keyed by the document's source key (its path relative to the corpus).  The build step applies them
after metadata detection (:func:`apply`), so they survive ``kb rebuild`` and appear wherever the
document's fields go: search hits, citations, the basket's exports.  Each built document records a
fingerprint of the corrections it was built with (``meta.extra["corrections"]``); ``kb ingest`` builds a
document again when its corrections changed, even if its file did not.

``correct(settings, doc, values)`` is the one entry point of ``kb meta`` and the site's form.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from kb.config import Settings
from kb.errors import KbError
from kb.models import DocumentMeta, IngestReport

FILE = ".kb-corrections.json"
#: the fields a maintainer may correct, and the DocumentMeta attribute each one sets
FIELDS = {"title": "title", "subtitle": "subtitle", "speaker": "author", "date": "date", "genre": "genre"}
GENRES = ("讲话", "体会/交流发言", "报告", "公文", "书籍/教材", "文章")


class CorrectionError(KbError):
    code = "correction"


def path_for(corpus: Path) -> Path:
    return Path(corpus) / FILE


_cache: dict[str, tuple[float, int, dict[str, dict[str, str]]]] = {}


def load(corpus: Path) -> dict[str, dict[str, str]]:
    """source key -> {field: value}; empty when there is no corrections file."""
    p = path_for(corpus)
    try:
        st = p.stat()
    except OSError:
        return {}
    key = str(p.resolve())
    hit = _cache.get(key)
    if hit and hit[0] == st.st_mtime and hit[1] == st.st_size:
        return hit[2]
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorrectionError(f"更正文件无法读取（{exc}）", path=p,
                              fix="把它改成合法的 JSON，或删除它（删除后已做的更正会丢失）") from exc
    docs = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(docs, dict):
        raise CorrectionError("更正文件的格式不对（缺少 documents）", path=p,
                              fix='写成 {"version": 1, "documents": {"文件名": {"title": "…"}}}')
    out = {str(k): {f: str(v) for f, v in (fields or {}).items() if f in FIELDS}
           for k, fields in docs.items() if isinstance(fields, dict)}
    _cache[key] = (st.st_mtime, st.st_size, out)
    return out


def fingerprint(values: dict[str, str]) -> str:
    """A short stable id of one document's corrections (``""`` when there are none)."""
    if not values:
        return ""
    return hashlib.sha256(json.dumps(values, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:12]


def apply(meta: DocumentMeta, values: dict[str, str]) -> DocumentMeta:
    """The metadata with the maintainer's values in place of the detected ones."""
    if not values:
        return meta
    changes: dict[str, Any] = {FIELDS[f]: v for f, v in values.items() if f in FIELDS}
    extra = dict(meta.extra) | {"corrections": fingerprint(values), "corrected": ",".join(sorted(values))}
    if "date" in values:
        extra["date_source"] = "correction"
    return replace(meta, **changes, extra=extra)


def validate(values: dict[str, str | None]) -> dict[str, str | None]:
    """Normalised values (dates as ISO); ``None`` means: forget the correction of that field."""
    from kb.metadata import parse_date

    out: dict[str, str | None] = {}
    for name, value in values.items():
        if name not in FIELDS:
            raise CorrectionError(f"不能更正字段 {name!r}", fix="可以更正的字段：" + "、".join(FIELDS))
        if value is None:
            out[name] = None
            continue
        value = " ".join(value.split())
        if name == "date" and value:
            iso = parse_date(value)
            if not iso:
                raise CorrectionError(f"日期 {value!r} 无法识别", fix="写成 2022-03-05、2022年3月5日、2022-03 或 2022")
            value = iso
        if name == "genre" and value and value not in GENRES:
            raise CorrectionError(f"体裁 {value!r} 不在可选范围内", fix="从这些体裁中选一个：" + "、".join(GENRES))
        if name == "title" and not value:
            raise CorrectionError("标题不能为空", fix="给出标题，或用 --reset 恢复自动识别的标题")
        out[name] = value
    return out


def save(corpus: Path, key: str, values: dict[str, str | None], reset: bool = False) -> dict[str, str]:
    """Record corrections of one document (atomically); returns what is now stored for it."""
    values = validate(values)
    p = path_for(corpus)
    docs = {k: dict(v) for k, v in load(corpus).items()}
    current = {} if reset else dict(docs.get(key, {}))
    for name, value in values.items():
        if value is None:
            current.pop(name, None)
        else:
            current[name] = value
    if current:
        docs[key] = current
    else:
        docs.pop(key, None)
    text = json.dumps({"version": 1, "documents": dict(sorted(docs.items()))}, ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".kb-corrections-", dir=str(p.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, p)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CorrectionError(f"更正无法保存（{exc.strerror}）", path=p, fix="检查文档库文件夹的写入权限") from exc
    return current


def changed(current: dict[str, str], submitted: dict[str, str]) -> dict[str, str | None]:
    """The fields a form changed (a form shows the current values and sends them all back)."""
    return {k: " ".join(v.split()) for k, v in submitted.items()
            if k in FIELDS and " ".join(v.split()) != " ".join((current.get(k) or "").split())}


def current_fields(doc: dict[str, Any]) -> dict[str, str]:
    """A document's correctable fields as the index holds them (``kb docs --json`` shape)."""
    return {"title": doc.get("title", ""), "subtitle": doc.get("subtitle", ""), "speaker": doc.get("author", ""),
            "date": doc.get("date", ""), "genre": doc.get("genre", "")}


def correct(settings: Settings, doc: str, values: dict[str, str | None], reset: bool = False
            ) -> tuple[str, dict[str, str], IngestReport]:
    """Correct a document (by id, or a part of its title or file name) and build it again.

    Returns (its source key, the corrections now stored, the ingest report of the rebuild)."""
    from kb.ingest.pipeline import ingest
    from kb.search.searcher import Searcher

    s = Searcher(settings.index)
    try:
        matches = s.resolve_docs(doc)
        docs = {d.doc_id: d.to_dict() for d in s.documents()}
    finally:
        s.close()
    if doc in docs:
        matches = [doc]
    if not matches:
        raise CorrectionError(f"索引里没有文档 {doc!r}", fix="用 `kb docs` 列出所有文档，给出文档编号")
    if len(matches) > 1:
        names = "、".join(docs[m]["source"] for m in matches[:5] if m in docs)
        raise CorrectionError(f"{doc!r} 对应多篇文档（{names}）", fix="给出文档编号（`kb docs` 的第一列）")
    key = str(docs[matches[0]]["source"])
    path = Path(key) if Path(key).is_absolute() else settings.corpus / key
    if not path.exists():
        raise CorrectionError("文档的文件已不在文档库里", path=key, fix="先运行 `kb ingest` 同步文档库")
    stored = save(settings.corpus, key, values, reset=reset)
    report = ingest([path], settings, prune=False)
    return key, stored, report
