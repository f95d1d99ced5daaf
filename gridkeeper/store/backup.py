"""Consistent copies of the database with SQLite's online backup API, kept beside the data."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import sqlite_utils

from ..paths import backups_dir_for

KEEP_BEFORE_RISKY = 10


def backup_to(db: sqlite_utils.Database, dest: str | Path) -> Path:
    """Write a consistent copy of ``db`` to ``dest`` (online backup API: safe while in use)."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    if tmp.exists():
        tmp.unlink()
    target = sqlite3.connect(str(tmp))
    try:
        db.conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    tmp.replace(dest)
    return dest


def backup_before(db: sqlite_utils.Database, reason: str) -> Path | None:
    """A rotating backup before a risky operation (migration, merge, import, restore)."""
    from .db import db_path

    path = db_path(db)
    if path is None:
        return None
    folder = backups_dir_for(path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = backup_to(db, folder / f"before-{reason}-{stamp}.db")
    olds = sorted(folder.glob("before-*.db"))
    for old in olds[:-KEEP_BEFORE_RISKY]:
        old.unlink(missing_ok=True)
    return dest
