"""The README, the CLI's help and the settings list cannot drift apart (house rule 10)."""

from __future__ import annotations

import re
from pathlib import Path

from kb.cli.main import COMMANDS, build_parser
from kb.config import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subcommands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(sub.choices)  # type: ignore[attr-defined]


def test_every_command_is_documented_and_has_a_handler() -> None:
    for name in _subcommands():
        assert name in COMMANDS, f"kb {name} has no handler"
        assert re.search(rf"`kb {name}\b", README), f"README does not document `kb {name}`"


def test_every_setting_is_documented() -> None:
    for name, env, _default, _help in Settings.describe():
        assert f"`{env}`" in README, f"README does not list setting {name} ({env})"


def test_the_two_commands() -> None:
    block = README.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(\./\S+\.sh)\b", block, re.M)
    assert commands == ["./run.sh", "./test.sh"]
    for c in commands:
        assert (ROOT / c).is_file()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./test.sh" in ci
