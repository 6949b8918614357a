"""``kb check``: does the index mirror the corpus?

Compares every supported file in the corpus with the document records in the index (size and mtime
first, the content hash when they differ) and reports:

- **missing**: files that are not in the index (and are not a known-unreadable file or a duplicate);
- **stale**: files whose content changed since they were indexed;
- **orphaned**: documents whose files are gone;
- **incomplete**: documents whose passage count differs from their record (should never happen);
- **versions**: the index was built by another schema, analyzer or dictionary;
- and, for information, files known to be unreadable, duplicates and unused index generations.

Missing, stale and orphaned documents are fixed by ``kb ingest``; the others by ``kb rebuild``.
Only reads: neither the corpus nor the index is changed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kb.config import Settings
from kb.errors import KbError
from kb.index.store import IndexStore
from kb.ingest.files import file_sha256

INGEST_FIX = "运行 `kb ingest`，让索引跟上文档文件夹"
REBUILD_FIX = "运行 `kb rebuild`，从文档文件夹重新建立索引"
NO_INDEX = "这里还没有索引"


@dataclass
class CheckReport:
    index: str
    corpus: str
    documents: int = 0
    files: int = 0
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)
    versions: list[str] = field(default_factory=list)
    #: the index cannot be used at all (absent or unreadable)
    unusable: str | None = None
    unreadable_files: list[str] = field(default_factory=list)
    #: the error code of each unreadable file, when the last ingest recorded one (kb.errors codes)
    codes: dict[str, str] = field(default_factory=dict)
    duplicates: list[dict[str, str]] = field(default_factory=list)
    unused_generations: list[str] = field(default_factory=list)
    #: corpus paths named and skipped: folders that cannot be read, FIFOs, sockets, devices, link loops
    skipped: list[dict[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.unusable or self.missing or self.stale or self.orphaned or self.incomplete
                    or self.versions)

    @property
    def fix(self) -> str | None:
        if self.ok:
            return None
        if self.unusable and NO_INDEX in self.unusable:
            return INGEST_FIX
        if self.unusable or self.versions or self.incomplete:
            return REBUILD_FIX
        return INGEST_FIX

    def problems(self) -> list[str]:
        out = []
        if self.unusable:
            out.append(self.unusable)
        out += [f"索引已过时：{v}" for v in self.versions]
        out += [f"{p}：不在索引里" for p in self.missing]
        out += [f"{p}：收录以后改过" for p in self.stale]
        out += [f"{p}：已收录，但文件已不在" for p in self.orphaned]
        out += [f"{p}：索引里只有这个文档的一部分" for p in self.incomplete]
        return out

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"ok": self.ok, "fix": self.fix, "problems": self.problems()}


def check(settings: Settings) -> CheckReport:
    from kb.index.writer import indexed_documents, passage_counts
    from kb.ingest.discover import discover, is_inside, path_exists

    store = IndexStore(settings.index)
    report = CheckReport(index=str(store.root), corpus=str(settings.corpus))
    report.unused_generations = [p.name for p in store.orphans()] if store.root.is_dir() else []
    if not store.exists():
        report.unusable = f"{store.root}：{NO_INDEX}"
        return report
    report.versions = store.stale_reasons()
    damage = store.verify()
    if damage:
        report.unusable = "; ".join(damage)
        return report
    try:
        store.open(check=False)
        indexed = indexed_documents(store)
    except KbError as exc:
        report.unusable = str(exc)
        return report
    report.documents = len(indexed)
    failed = store.meta().get("failed") or {}
    by_sha = {f.sha: k for k, f in indexed.items()}
    seen: set[str] = set()
    unreadable_folders: list[str] = []
    for cand in discover([settings.corpus], settings.corpus):
        if cand.skip_reason:
            if cand.skip_code != "unsupported":
                report.skipped.append({"path": cand.key, "code": cand.skip_code,
                                       "reason": f"{cand.key}: {cand.skip_reason}"})
            if cand.folder:
                unreadable_folders.append(cand.key)
            continue
        report.files += 1
        key = cand.key
        seen.add(key)
        if cand.error is not None:
            report.unreadable_files.append(key)
            report.codes[key] = cand.error.code
            continue
        old = indexed.get(key)
        try:
            st = cand.path.stat()
            if old is not None and old.size == st.st_size and old.mtime == st.st_mtime:
                continue
            sha = file_sha256(cand.path)
        except OSError:
            report.unreadable_files.append(key)
            continue
        if old is not None:
            if old.sha != sha:
                report.stale.append(key)
        elif sha in by_sha and path_exists(settings.corpus / by_sha[sha]):
            report.duplicates.append({"path": key, "duplicate_of": by_sha[sha]})
        elif key in failed and failed[key].get("sha") in (sha, None):
            report.unreadable_files.append(key)
            if failed[key].get("code"):
                report.codes[key] = str(failed[key]["code"])
        else:
            report.missing.append(key)
    counts = passage_counts(store)
    for key, fields in sorted(indexed.items()):
        path = Path(key) if Path(key).is_absolute() else settings.corpus / key
        hidden = any(is_inside(key, u) for u in unreadable_folders)
        if key not in seen and not hidden and not path_exists(path):
            report.orphaned.append(key)
        if counts.get(fields.doc_id, 0) != fields.passages:
            report.incomplete.append(key)
    return report
