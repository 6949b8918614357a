"""Settings: declared once (name, default, help), read from defaults, then ``kb.toml``, then ``KB_*``
environment variables, then command-line flags.  ``kb settings`` and the README list them from here."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kb.errors import ConfigError


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    corpus: Path = _setting(Path("corpus"), "folder of source documents (the index is rebuilt from it)")
    index: Path = _setting(Path("index"), "folder of the built index (never committed)")
    max_file_mb: float = _setting(50.0, "files larger than this many MB are refused")
    password: str = _setting("", "when set, pages that change the corpus ask for it (search stays open)")
    segmenter: str = _setting("jieba", "word segmenter for indexing and queries: jieba or rjieba")
    workers: int = _setting(0, "worker processes for extraction and segmentation (0 = one per core)")
    ocr: bool = _setting(False, "run tesseract on PDF pages with no text layer, when it is installed")
    limitmb: int = _setting(256, "memory the index writer may use per process, in MB")
    writers: int = _setting(0, "index writer processes for an ingest of 20 files or more (0 = as many as workers; 1 = one writer)")
    lock_wait: float = _setting(10.0, "seconds to wait for another process writing the index before giving up")
    file_seconds: float = _setting(120.0, "seconds one file may take to build before it is reported too-slow")
    file_memory_mb: int = _setting(1024, "memory one file's build may use in a worker process, in MB (too-big)")
    data: Path = _setting(Path(""), "folder for what the site keeps (the writers' baskets); empty = beside the index")
    export_author: str = _setting("", "author written into Word exports of a basket (empty: none)")
    backend: str = _setting("whoosh", "where passages are indexed: whoosh (embedded, in the index folder) or sphinx "
                                      "(a SphinxQL engine: Sphinx 2.2 or Manticore, at KB_ENGINE)")
    engine: str = _setting("", "the engine's SphinxQL nodes: host:port, shards separated by commas, the mirrors of "
                               "a shard by | (e.g. 127.0.0.1:9306|127.0.0.1:9308,127.0.0.1:9310|127.0.0.1:9312)")

    @staticmethod
    def describe() -> list[tuple[str, str, str, str]]:
        """(name, environment variable, default, help) for every setting."""
        out = []
        for f in fields(Settings):
            out.append((f.name, f"KB_{f.name.upper()}", str(f.default), f.metadata["help"]))
        return out

    def with_overrides(self, **values: Any) -> Settings:
        clean = {k: v for k, v in values.items() if v is not None}
        return replace(self, **{k: _coerce(k, v) for k, v in clean.items()})


def _coerce(name: str, value: Any) -> Any:
    kinds = {f.name: f.type for f in fields(Settings)}
    kind = kinds.get(name)
    if kind is None:
        raise ConfigError(f"没有名为 {name!r} 的设置", fix="用 `kb settings` 查看所有设置")
    try:
        if kind in ("Path", Path):
            return Path(value)
        if kind in ("float", float):
            return float(value)
        if kind in ("int", int):
            return int(value)
        if kind in ("bool", bool):
            if isinstance(value, bool):
                return value
            return str(value).strip().lower() in ("1", "true", "yes", "on")
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"设置 {name} 的值 {value!r} 无效",
                          fix=f"给 {name} 一个 {kind} 类型的值") from exc


def load_settings(config_file: Path | None = None, environ: dict[str, str] | None = None,
                  **overrides: Any) -> Settings:
    """Defaults, then ``kb.toml`` (or ``KB_CONFIG``), then ``KB_*`` variables, then ``overrides``."""
    env = os.environ if environ is None else environ
    settings = Settings()
    path = config_file or Path(env.get("KB_CONFIG", "kb.toml"))
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"设置文件无法读取（{exc}）", path=path,
                              fix="改正 TOML 语法，或者删除这个文件") from exc
        section = data.get("kb", data)
        settings = settings.with_overrides(**{k: v for k, v in section.items() if not isinstance(v, dict)})
    from_env = {}
    for f in fields(Settings):
        var = f"KB_{f.name.upper()}"
        if var in env and env[var] != "":
            from_env[f.name] = env[var]
    settings = settings.with_overrides(**from_env)
    return settings.with_overrides(**overrides)
