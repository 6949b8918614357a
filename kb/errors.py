"""Typed errors.  Each carries the file it is about (where there is one) and says how to fix it.

The message always starts with the file name, so a per-file report reads naturally:
``corpus/a.pdf: PDF 已加密……。解决办法：……``.  Messages are Chinese (what a user reads: the ingest
report, the upload page, 状态); ``code`` is the stable English name tools read from ``--json``.
"""

from __future__ import annotations

import re
from pathlib import Path

#: what joins a reason and its fix in every message
FIX_LABEL = "。解决办法："


def describe(reason: str, fix: str | None) -> str:
    """``reason。解决办法：fix`` (the reason alone when there is no fix).

    A reason still written in English (an index or settings error not about a file) keeps the
    English ``. Fix: `` so that no message mixes the two languages."""
    if not fix:
        return reason
    if not _CJK.search(reason):
        return f"{reason}. Fix: {fix}"
    return reason.rstrip("。.") + FIX_LABEL + fix


_CJK = re.compile(r"[\u4e00-\u9fff]")


class KbError(Exception):
    """Base class of every error kb reports to a user."""

    #: a short machine-readable code, stable for tools that read ``--json`` output
    code = "error"

    def __init__(self, message: str, path: Path | str | None = None, fix: str | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.reason = message
        self.fix = fix
        text = describe(message, fix)
        if self.path:
            text = f"{self.path}: {text}"
        super().__init__(text)

    @property
    def message(self) -> str:
        return str(self)


# --- input files -------------------------------------------------------------------------------
class ExtractError(KbError):
    """A file could not be read into text."""

    code = "unreadable"


class EmptyFileError(ExtractError):
    code = "empty"


class BinaryFileError(ExtractError):
    code = "binary"


class EncodingError(ExtractError):
    code = "encoding"


class CorruptFileError(ExtractError):
    code = "corrupt"


class EncryptedPdfError(ExtractError):
    code = "encrypted"


class NeedsOcrError(ExtractError):
    code = "needs-ocr"

    def __init__(self, message: str, path: Path | str | None = None, fix: str | None = None,
                 pages: list[int] | None = None) -> None:
        self.pages = pages or []
        super().__init__(message, path, fix)


class UnsupportedFormatError(ExtractError):
    code = "unsupported"


class FileTooLargeError(ExtractError):
    code = "too-large"


class UnsafePathError(KbError):
    code = "unsafe-path"


# --- index ---------------------------------------------------------------------------------------
class IndexError_(KbError):
    """Problems with the index as a whole (named with a trailing _ to keep the builtin usable)."""

    code = "index"


class IndexMissingError(IndexError_):
    code = "index-missing"


class IndexStaleError(IndexError_):
    code = "index-stale"


class IndexLockedError(IndexError_):
    code = "index-locked"


class QueryError(KbError):
    code = "query"


class ConfigError(KbError):
    code = "config"


class LabelsError(KbError):
    """A label file for ``kb eval-labels`` is missing, unreadable or not JSON lines."""

    code = "labels"


# --- search engine (KB_BACKEND=sphinx) -----------------------------------------------------------
class EngineError(KbError):
    """The search engine (SphinxQL: Sphinx or Manticore) cannot serve kb."""

    code = "engine"


class EngineUnavailableError(EngineError):
    """No node of the engine answers (not started, wrong address, timed out)."""

    code = "engine-unavailable"


class EngineConfigError(EngineError):
    """The engine answers but is not set up as kb needs (setting syntax, missing tables)."""

    code = "engine-config"


class GarbageTextError(ExtractError):
    """What was extracted is not readable text (a PDF font without a usable encoding, a wrong codec)."""

    code = "garbage"
