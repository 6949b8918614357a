"""Typed errors.  Each carries the file it is about (where there is one) and says how to fix it.

The message always starts with the file name, so a per-file report reads naturally:
``corpus/a.pdf: the PDF is encrypted ... Fix: ...``.
"""

from __future__ import annotations

from pathlib import Path


class KbError(Exception):
    """Base class of every error kb reports to a user."""

    #: a short machine-readable code, stable for tools that read ``--json`` output
    code = "error"

    def __init__(self, message: str, path: Path | str | None = None, fix: str | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.reason = message
        self.fix = fix
        text = message
        if fix:
            text = f"{text}. Fix: {fix}"
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
