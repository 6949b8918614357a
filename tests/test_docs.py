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


def _architecture_tree() -> set[str]:
    """The module files named in the README's architecture tree (indented two spaces a level)."""
    block = README.split("## Architecture", 1)[1].split("```", 2)[1]
    stack: list[str] = []
    files: set[str] = set()
    for line in block.splitlines():
        if not line.strip():
            continue
        indent = (len(line) - len(line.lstrip(" "))) // 2
        name = line.strip().split()[0]
        stack = stack[:indent] + [name]
        path = "".join(p if p.endswith("/") else p + "/" for p in stack[:-1]) + name
        if name.endswith(".py"):
            files.add(path)
    return files


def test_the_architecture_tree_lists_every_module_and_nothing_else() -> None:
    actual = {p.relative_to(ROOT).as_posix() for p in (ROOT / "kb").rglob("*.py") if p.name != "__init__.py"}
    listed = {p for p in _architecture_tree() if p.startswith("kb/")}
    assert sorted(actual - listed) == [], "modules missing from the README's architecture tree"
    assert sorted(listed - actual) == [], "the README's architecture tree names modules that do not exist"
