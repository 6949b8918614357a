"""Plain text and Markdown(-like) files."""

from __future__ import annotations

import re
from pathlib import Path

from kb.extract.encoding import decode_bytes
from kb.models import Block, SourceDocument

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")


def read_text(path: Path, data: bytes) -> SourceDocument:
    text, enc = decode_bytes(data, path)
    blocks = tuple(Block(line) for line in text.splitlines())
    return SourceDocument(path=path, format="txt", blocks=blocks, encoding=enc)


def _strip_inline_md(line: str) -> str:
    line = re.sub(r"\*\*(.+?)\*\*", r"\1", line)
    line = re.sub(r"__(.+?)__", r"\1", line)
    line = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)", r"\1", line)
    line = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", line)
    line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"`([^`]+)`", r"\1", line)
    return line


def read_markdown(path: Path, data: bytes) -> SourceDocument:
    text, enc = decode_bytes(data, path)
    blocks: list[Block] = []
    for raw in text.splitlines():
        if _MD_RULE.match(raw):
            blocks.append(Block(""))
            continue
        m = _MD_HEADING.match(raw)
        if m:
            blocks.append(Block(_strip_inline_md(m.group(2)), kind="heading", level=len(m.group(1))))
            continue
        line = re.sub(r"^\s*>\s?", "", raw)
        line = line.rstrip()
        if line.endswith("  "):  # markdown hard break
            line = line.rstrip()
        blocks.append(Block(_strip_inline_md(line)))
    return SourceDocument(path=path, format="md", blocks=tuple(blocks), encoding=enc)
