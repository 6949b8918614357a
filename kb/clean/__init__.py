"""Cleaning: what is not the author's text goes (:func:`kb.clean.document.clean` is the entry)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.models import Block


@dataclass
class CleanText:
    lines: list[Block]
    meta: dict[str, str] = field(default_factory=dict)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (reason, text)

    def drop(self, reason: str, text: str) -> None:
        self.removed.append((reason, text))
