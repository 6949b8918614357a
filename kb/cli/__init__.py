"""The command line (``kb``, ``python -m kb``): a thin layer over the library."""

from kb.cli.main import main

__all__ = ["main"]
