"""Running the pure build step (extract -> clean -> segment -> classify) for many files.

``map_build`` yields results in the order of ``jobs``; ``writer_options`` tunes the Whoosh writer
for the size of the batch.  (Sequential for now; worker processes are the speed issue's work.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.config import Settings
from kb.errors import KbError
from kb.models import Document


@dataclass(frozen=True)
class BuildJob:
    path: Path
    key: str
    sha256: str
    size: int


def _build(job: BuildJob, settings: Settings) -> Document | KbError:
    from kb.pipeline import build_document

    try:
        return build_document(job.path, job.key, settings, sha256=job.sha256, data_size=job.size)
    except KbError as exc:
        return exc


def map_build(jobs: list[BuildJob], settings: Settings) -> Iterator[tuple[BuildJob, Document | KbError]]:
    """(job, Document or the KbError it raised), in order.  Unexpected exceptions propagate."""
    for job in jobs:
        yield job, _build(job, settings)


def writer_options(n_passages: int, settings: Settings) -> dict[str, Any]:
    """Keyword arguments for ``Index.writer`` suited to a batch of ``n_passages``."""
    return {"limitmb": settings.limitmb}
