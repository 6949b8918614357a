"""What every command module shares: the command registry, JSON printing and the searcher."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kb.config import Settings

if TYPE_CHECKING:
    from kb.search.searcher import Searcher

Handler = Callable[[argparse.Namespace, Settings], int]
#: command name -> handler; filled by the ``@command`` decorator in the command modules
COMMANDS: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    """Register ``fn`` as the handler of ``kb NAME``."""
    def deco(fn: Handler) -> Handler:
        COMMANDS[name] = fn
        return fn
    return deco


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON (UTF-8, Chinese kept as is): the ``--json`` contract."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def searcher(settings: Settings) -> Searcher:
    """The searcher over the index in ``settings`` (or over the engine, with ``KB_BACKEND=sphinx``)."""
    from kb.search.searcher import Searcher

    if settings.backend != "whoosh":
        from kb.engines.sphinx import engine_from
        from kb.engines.sphinx_search import EngineSearcher

        return EngineSearcher(engine_from(settings))  # type: ignore[return-value]  # the same search API

    return Searcher(settings.index)
