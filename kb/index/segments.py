"""Passages written by several Whoosh writer processes at once, for a large ingest.

One Whoosh writer builds ~250 postings per passage in pure Python (~2.2 ms of a core, see
docs/benchmark.md): with one writer process it bounds ingestion however many build workers there
are.  :class:`SegmentWriters` runs ``n`` writer processes; each writes **its own segment** of the
passages handed to it (a plain ``SegmentWriter`` into a side folder of the generation, with the word
tokens the build workers computed, so nothing is segmented twice).  When the ingest commits, each
process finishes its segment (postings sorted and written), the parent moves the segment's files
into the index folder and its one commit adds them to the table of contents **as they are**
(``merge=False``: no posting is read again), with the deletions, document records and near-duplicate
links of the same commit (:func:`kb.index.writer.write_changes`).

- **Atomic**: the side folders start with a dot (Whoosh's ``clean_files`` and readers never look at
  them) and the table of contents is written last; a killed ingest leaves the last committed index,
  and the next one removes the side folders (:func:`remove_side_folders`) and the moved files that no
  table of contents names (Whoosh's ``clean_files`` on the next commit).
- **The same index**: every passage is written once, with the same fields and tokens as the single
  writer; only the segment a passage lands in (and so its internal document number) differs.
- The writer processes die with the parent (``PR_SET_PDEATHSIG``) and let go of the write lock's
  descriptor they inherit, as the build workers do.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import threading
import traceback
import uuid
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kb.config import Settings
from kb.index.store import die_with_parent

log = logging.getLogger(__name__)

#: prefix of the side folders (hidden from Whoosh, which skips names starting with a dot)
SIDE_PREFIX = ".segments-"
#: passages per commit group and writer: each writer's segment stays above Whoosh's 5,000-document
#: threshold below which a query preloads every match of a segment
GROUP_PASSAGES_PER_WRITER = 8000
#: the first commit comes after this many documents, as the single writer's (BATCH_DOCS): a first
#: build goes live, and a killed one stays searchable, as early as before
FIRST_GROUP_DOCS = 25


#: fewer files to build than this are written by one writer (a writer process costs ~0.1 s to start)
MIN_FILES = 20


def segment_writer_count(settings: Settings, n_jobs: int) -> int:
    """How many writer processes an ingest of ``n_jobs`` files uses: ``settings.writers``, 0 meaning
    as many as build workers (``settings.workers``, 0 = one per usable core), for ``MIN_FILES`` files
    or more; else one (the parent's own writer, no process)."""
    if n_jobs < MIN_FILES:
        return 1
    n = settings.writers or settings.workers
    if n <= 0:
        try:
            n = len(os.sched_getaffinity(0))
        except AttributeError:  # pragma: no cover - not Linux
            n = os.cpu_count() or 1
    return max(1, n)


def for_ingest(settings: Settings, n_jobs: int, gen_dir: Path) -> SegmentWriters | None:
    """Writer processes for an ingest of ``n_jobs`` files into ``gen_dir``, or None for one writer;
    side folders a killed ingest left there are removed first (the caller holds the write lock)."""
    remove_side_folders(gen_dir)
    n = segment_writer_count(settings, n_jobs)
    return SegmentWriters(gen_dir, n, settings.segmenter, settings.limitmb) if n > 1 else None


#: passages sent to a writer process in one message
ROWS_PER_SEND = 500

@dataclass(frozen=True)
class PassageRow:
    """One passage's stored fields and its word tokens, as the writer process adds it."""

    fields: dict[str, Any]
    tokens: list[tuple[str, int, int, int]]


class SegmentWriterError(RuntimeError):
    """A writer process failed (its traceback is in the message): the commit is cancelled."""


def remove_side_folders(gen_dir: Path) -> None:
    """Remove side folders left by a killed ingest (call holding the write lock)."""
    for side in gen_dir.glob(SIDE_PREFIX + "*"):
        shutil.rmtree(side, ignore_errors=True)


def _serve(conn: Connection, gen_dir: str, segmenter: str, limitmb: int) -> None:
    """A writer process: ``("add", rows)`` adds passages to its open segment, ``("finish",)``
    finishes it and answers ``("ok", side folder, segment)`` (or ``("error", traceback)``)."""
    die_with_parent()
    from whoosh import index as windex
    from whoosh.writing import SegmentWriter

    from kb.analysis import remember_tokens

    schema = windex.open_dir(gen_dir).schema
    writer: Any = None
    side: Path | None = None
    failed = ""
    while True:
        msg = conn.recv()
        if msg[0] == "add":
            if failed:
                continue
            try:
                if writer is None:
                    side = Path(gen_dir) / f"{SIDE_PREFIX}{uuid.uuid4().hex[:12]}"
                    side.mkdir()
                    writer = SegmentWriter(windex.create_in(str(side), schema), _lk=False, limitmb=limitmb,
                                           compound=False)
                for row in msg[1]:
                    remember_tokens(segmenter, [row.fields["text"]], [row.tokens])
                    writer.add_document(**row.fields)
            except Exception:
                failed = traceback.format_exc()
        elif msg[0] == "finish":
            if failed:
                conn.send(("error", failed))
                failed, writer, side = "", None, None
                continue
            if writer is None:
                conn.send(("ok", None, None))
                continue
            try:
                segment = writer._finalize_segment()
                writer._tempstorage.destroy()
                conn.send(("ok", str(side), segment))
            except Exception:
                conn.send(("error", traceback.format_exc()))
            writer, side = None, None
        else:
            conn.close()
            return


class SegmentWriters:
    """``n`` writer processes for one generation folder (see the module docstring)."""

    def __init__(self, gen_dir: Path, n: int, segmenter: str, limitmb: int) -> None:
        self.gen_dir = Path(gen_dir)
        self.segmenter = segmenter
        method = "fork" if threading.active_count() == 1 else "forkserver"
        ctx = get_context(method)
        self._procs: list[Any] = []
        self._conns: list[Connection] = []
        self._load = [0] * n
        self._finished = self._docs = 0
        for _i in range(n):
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=_serve, args=(child, str(self.gen_dir), segmenter, limitmb),  # type: ignore[attr-defined]
                               daemon=True)
            proc.start()
            child.close()
            self._procs.append(proc)
            self._conns.append(parent)

    @property
    def pending(self) -> int:
        """Passages handed to the writers since the last :meth:`finish`."""
        return sum(self._load)

    @property
    def full(self) -> bool:
        """Time to commit: ``GROUP_PASSAGES_PER_WRITER`` passages per writer handed over (before the
        first commit: ``FIRST_GROUP_DOCS`` documents)."""
        if not self._finished and self._docs >= FIRST_GROUP_DOCS:
            return True
        return self.pending >= GROUP_PASSAGES_PER_WRITER * len(self._load)

    def add(self, passages: list[dict[str, Any]]) -> None:
        """One document's passage fields, to the writer with the fewest passages in this group (a
        document's passages stay together in one segment)."""
        from kb.analysis import index_tokens

        i = min(range(len(self._load)), key=self._load.__getitem__)
        # in pieces: a huge document's tokens (~40 bytes a character) are never all held here at once
        for k in range(0, len(passages), ROWS_PER_SEND):
            rows = [PassageRow(f, index_tokens(f["text"], self.segmenter)) for f in passages[k:k + ROWS_PER_SEND]]
            self._conns[i].send(("add", rows))
        self._load[i] += len(passages)
        self._docs += 1

    def finish(self) -> list[Any]:
        """Every writer's segment, finished, its files moved into the generation folder; the
        segments to add to the next table of contents.  Raises :class:`SegmentWriterError`."""
        asked = [i for i, n in enumerate(self._load) if n]
        for i in asked:
            self._conns[i].send(("finish",))
        answers = []
        for i in asked:
            try:
                answers.append(self._conns[i].recv())
            except EOFError as exc:
                raise SegmentWriterError(f"writer process {self._procs[i].pid} died") from exc
        self._load = [0] * len(self._load)
        self._finished += 1
        errors = [a[1] for a in answers if a[0] != "ok"]
        if errors:
            raise SegmentWriterError("a writer process failed:\n" + errors[0])
        segments = []
        for _ok, side, segment in answers:
            if segment is None:
                continue
            prefix = f"{segment.indexname}_{segment.segid}"
            for f in Path(side).iterdir():
                if f.name.startswith(prefix):
                    os.replace(f, self.gen_dir / f.name)
            shutil.rmtree(side, ignore_errors=True)
            segments.append(segment)
        return segments

    def close(self) -> None:
        for conn in self._conns:
            with contextlib.suppress(OSError, BrokenPipeError):
                conn.send(("stop",))
                conn.close()
        for proc in self._procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
                proc.join()
        remove_side_folders(self.gen_dir)


def adding(segments: list[Any]) -> Any:
    """A Whoosh merge policy for the commit that adds ``segments``: the index's segments as they are
    (no merge), then the finished segments of the writer processes."""
    def policy(_writer: Any, existing: list[Any]) -> list[Any]:
        return [*existing, *segments]
    return policy
