"""Baskets kept on the server: a SQLite file (``baskets.sqlite`` in the ``data`` folder of the settings,
by default beside the index), so that a writer's baskets survive reloads, new tabs and restarts.

Each browser has an **owner id** (a random token the site keeps in a cookie); an owner has one or more
named baskets, one of them current.  Every change is one short transaction that reads the basket,
changes it and writes it back, so two tabs on the same basket never lose each other's items.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kb.config import Settings
from kb.errors import KbError
from kb.toolkit.basket import Basket, BasketItem

FILE_NAME = "baskets.sqlite"
DEFAULT_NAME = "素材篮"
_OWNER_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS baskets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner TEXT NOT NULL,
  name TEXT NOT NULL,
  items TEXT NOT NULL DEFAULT '[]',
  created REAL NOT NULL,
  updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS baskets_owner ON baskets(owner);
CREATE TABLE IF NOT EXISTS owners (
  owner TEXT PRIMARY KEY,
  current INTEGER
);
"""


class BasketStoreError(KbError):
    code = "basket_store"


def store_path(cfg: Settings) -> Path:
    """Where the baskets are kept: ``<data>/baskets.sqlite``, the data folder defaulting to the
    folder that holds the index."""
    folder = cfg.data if str(cfg.data) not in ("", ".") else cfg.index.absolute().parent
    return Path(folder) / FILE_NAME


def new_owner() -> str:
    """A fresh owner id (128 random bits, URL- and cookie-safe)."""
    return secrets.token_urlsafe(16)


def valid_owner(value: str | None) -> bool:
    return bool(value) and 16 <= len(value or "") <= 64 and set(value or "") <= _OWNER_CHARS


class BasketStore:
    """The baskets of every owner, in one SQLite file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=10)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(_SCHEMA)
            finally:
                db.close()
        except (OSError, sqlite3.Error) as exc:
            raise BasketStoreError(f"素材篮文件无法打开（{exc}）", path=self.path,
                                   fix="检查这个文件夹是否可写，或用 KB_DATA 设置另一个文件夹") from exc

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    # --- baskets of an owner --------------------------------------------------------------------
    def baskets(self, owner: str) -> list[tuple[int, str, int]]:
        """(id, name, number of items) of the owner's baskets, oldest first; one is made when there is none."""
        with self._lock, self._connect() as db:
            rows = db.execute("SELECT id, name, items FROM baskets WHERE owner=? ORDER BY id", (owner,)).fetchall()
            if not rows:
                now = time.time()
                cur = db.execute("INSERT INTO baskets(owner, name, created, updated) VALUES (?,?,?,?)",
                                 (owner, DEFAULT_NAME, now, now))
                rows = [(cur.lastrowid, DEFAULT_NAME, "[]")]
            return [(int(i), str(n), len(json.loads(items))) for i, n, items in rows]

    def current(self, owner: str) -> int:
        """The id of the owner's current basket (the first one when none was chosen)."""
        ids = [b[0] for b in self.baskets(owner)]
        with self._lock, self._connect() as db:
            row = db.execute("SELECT current FROM owners WHERE owner=?", (owner,)).fetchone()
        return int(row[0]) if row and row[0] in ids else ids[0]

    def choose(self, owner: str, basket_id: int) -> None:
        self._own(owner, basket_id)
        with self._lock, self._connect() as db:
            db.execute("INSERT INTO owners(owner, current) VALUES (?, ?) "
                       "ON CONFLICT(owner) DO UPDATE SET current=excluded.current", (owner, basket_id))

    def create(self, owner: str, name: str) -> int:
        """A new empty basket, made current."""
        name = name.strip() or DEFAULT_NAME
        now = time.time()
        with self._lock, self._connect() as db:
            cur = db.execute("INSERT INTO baskets(owner, name, created, updated) VALUES (?,?,?,?)",
                             (owner, name[:60], now, now))
            new = int(cur.lastrowid or 0)
        self.choose(owner, new)
        return new

    def rename(self, owner: str, basket_id: int, name: str) -> None:
        self._own(owner, basket_id)
        with self._lock, self._connect() as db:
            db.execute("UPDATE baskets SET name=?, updated=? WHERE id=?",
                       ((name.strip() or DEFAULT_NAME)[:60], time.time(), basket_id))

    def delete(self, owner: str, basket_id: int) -> None:
        """Delete a basket; the owner's first remaining basket becomes current."""
        self._own(owner, basket_id)
        with self._lock, self._connect() as db:
            db.execute("DELETE FROM baskets WHERE id=?", (basket_id,))
            db.execute("DELETE FROM owners WHERE owner=? AND current=?", (owner, basket_id))

    def _own(self, owner: str, basket_id: int) -> None:
        if basket_id not in {b[0] for b in self.baskets(owner)}:
            raise KeyError(basket_id)

    # --- one basket -----------------------------------------------------------------------------
    def load(self, owner: str, basket_id: int) -> Basket:
        with self._lock, self._connect() as db:
            row = db.execute("SELECT name, items FROM baskets WHERE id=? AND owner=?", (basket_id, owner)).fetchone()
        if row is None:
            raise KeyError(basket_id)
        return Basket([BasketItem.from_dict(d) for d in json.loads(row[1])], name=str(row[0]))

    def change(self, owner: str, basket_id: int, edit: Callable[[Basket], object]) -> object:
        """Apply ``edit`` to the stored basket and store the result, in one transaction; returns what
        ``edit`` returned (``Basket.add`` says whether it added)."""
        with self._lock, self._connect() as db:
            row = db.execute("SELECT name, items FROM baskets WHERE id=? AND owner=?", (basket_id, owner)).fetchone()
            if row is None:
                raise KeyError(basket_id)
            basket = Basket([BasketItem.from_dict(d) for d in json.loads(row[1])], name=str(row[0]))
            result = edit(basket)
            db.execute("UPDATE baskets SET items=?, updated=? WHERE id=?",
                       (json.dumps([i.to_dict() for i in basket], ensure_ascii=False), time.time(), basket_id))
        return result

    # --- export and import of all baskets ---------------------------------------------------------
    def export(self, owner: str) -> str:
        """Every basket of the owner as JSON (to keep, or to bring to another browser with :meth:`import_`)."""
        out = [{"name": self.load(owner, i).name, "items": [it.to_dict() for it in self.load(owner, i)]}
               for i, _n, _c in self.baskets(owner)]
        return json.dumps({"kb_baskets": 1, "baskets": out}, ensure_ascii=False, indent=1)

    def import_(self, owner: str, text: str) -> int:
        """Add the baskets of an :meth:`export` as new baskets; returns how many."""
        try:
            data = json.loads(text)
            baskets = data["baskets"]
            parsed = [(str(b["name"]), [BasketItem.from_dict(i) for i in b["items"]]) for b in baskets]
        except (ValueError, KeyError, TypeError) as exc:
            raise BasketStoreError("这不是 kb 导出的素材篮文件（JSON 格式不对）",
                                   fix="选择在素材篮页面用「导出全部素材篮」保存的 .json 文件") from exc
        for name, items in parsed:
            new = self.create(owner, name)

            def fill(b: Basket, items: list[BasketItem] = items) -> None:
                b.items.extend(items)

            self.change(owner, new, fill)
        return len(parsed)
