"""``Database``: what the store needs of ``sqlite_utils.Database``, without importing sqlite-utils.

Importing sqlite-utils costs ~0.2 s at start-up (it loads click, dateutil, tabulate and pluggy,
and pluggy scans every installed package's metadata for plugins) — more than the rest of the app
needs to show its main window. The store only ever calls ``conn``, ``execute`` and ``query``; they
behave exactly as sqlite-utils' do. Anything else (``db["persons"].insert_all(...)`` and the rest
of the sqlite-utils API) is handed to a real ``sqlite_utils.Database`` on the same connection,
created the first time it is asked for.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Iterable, Iterator


class Database:
    """A database connection with sqlite-utils' ``execute``/``query`` (see the module docstring)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._full = None

    def execute(self, sql: str, parameters: Iterable | dict | None = None) -> sqlite3.Cursor:
        if parameters is not None:
            return self.conn.execute(sql, parameters)
        return self.conn.execute(sql)

    def query(self, sql: str, params: Iterable | dict | None = None) -> Iterator[dict]:
        cursor = self.execute(sql, params or tuple())
        keys = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_full":
            raise AttributeError(name)
        if self._full is None:
            import sqlite_utils

            self._full = sqlite_utils.Database(self.conn)
        return getattr(self._full, name)

    def __getitem__(self, table: str):
        return self.__getattr__("table")(table)

    def __repr__(self) -> str:
        return f"<Database {self.conn!r}>"


def db_path(db) -> Path | None:
    """The file behind an open database (None in memory)."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None
