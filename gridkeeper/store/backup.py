"""Backups: consistent copies with SQLite's online backup API, kept beside the data, rotating.

- ``daily-YYYYMMDD.db``: the first start of each day. Kept: the last 7 days, the newest of each of
  the last 4 weeks and the newest of each of the last 12 months.
- ``before-<reason>-<time>.db``: before every migration, merge, import and restore; the last 10.
- ``manual-…``: made by the user (``gridkeeper backup``); never deleted automatically.

Backups and their folder are owner-only (0600 / 0700, see :mod:`gridkeeper.store.files`).
A backup of an encrypted database is encrypted with the same key (SQLCipher's backup API into a
keyed target), so it opens with the database's key file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import sqlite_utils

from ..domain.errors import DatabaseError, GridkeeperError
from ..paths import backups_dir_for
from . import atrest, driver
from .database import db_path
from .files import create_private, ensure_dir, private_dir

KEEP_BEFORE_RISKY = 10
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
_DAILY = re.compile(r"^daily-(\d{8})\.db$")


def backup_to(db: sqlite_utils.Database, dest: str | Path, *, _max_pages: int | None = None) -> Path:
    """Write a consistent copy of ``db`` to ``dest`` (online backup API: safe while in use).

    The copy is written beside ``dest`` and renamed into place only when complete: a full disk or
    a pulled USB stick leaves no half-written backup behind, and a clear error.
    """
    dest = Path(dest)
    tmp = dest.with_name(dest.name + ".part")
    try:
        ensure_dir(dest.parent)
        if tmp.exists():
            tmp.unlink()
        create_private(tmp)  # owner-only before the first page is copied; the rename keeps the mode
        target = driver.raw_connect(tmp, atrest.key_of(db))
        try:
            if _max_pages:
                target.execute(f"PRAGMA max_page_count = {int(_max_pages)}")
            db.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        tmp.replace(dest)
    except (OSError,) + driver.Error as e:
        tmp.unlink(missing_ok=True)
        full = "full" in str(e).lower() or getattr(e, "errno", None) == 28
        raise DatabaseError(
            ("目标磁盘空间不足，" if full else "写入备份失败，") + f"没有生成备份：{dest}（{e}）",
            ("not enough space on the target disk; " if full else "writing the backup failed; ")
            + f"no backup was made: {dest} ({e})", code="backup_failed") from None
    return dest


def backup_before(db: sqlite_utils.Database, reason: str) -> Path | None:
    """A rotating backup before a risky operation (migration, merge, import, restore)."""
    path = db_path(db)
    if path is None:
        return None
    folder = private_dir(backups_dir_for(path))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = backup_to(db, folder / f"before-{reason}-{stamp}.db")
    olds = sorted(folder.glob("before-*.db"), key=lambda p: p.stat().st_mtime)
    for old in olds[:-KEEP_BEFORE_RISKY]:
        old.unlink(missing_ok=True)
    return dest


def daily_backup(db: sqlite_utils.Database, *, today: date | None = None) -> Path | None:
    """The first start of each day makes one backup; older daily backups rotate."""
    path = db_path(db)
    if path is None:
        return None
    today = today or date.today()
    folder = private_dir(backups_dir_for(path))
    dest = folder / f"daily-{today:%Y%m%d}.db"
    made = None
    if not dest.exists():
        made = backup_to(db, dest)
    rotate_daily(folder, today=today)
    return made


def rotate_daily(folder: Path, *, today: date | None = None) -> list[Path]:
    """Delete daily backups outside the 7 daily / 4 weekly / 12 monthly windows; returns deleted."""
    dated = []
    for p in folder.glob("daily-*.db"):
        m = _DAILY.match(p.name)
        if m:
            dated.append((datetime.strptime(m[1], "%Y%m%d").date(), p))
    dated.sort(reverse=True)
    keep: set[Path] = {p for _, p in dated[:KEEP_DAILY]}
    weeks, months = {}, {}
    for d, p in dated:  # newest first: the first seen per week/month is its newest
        weeks.setdefault(d.isocalendar()[:2], p)
        months.setdefault((d.year, d.month), p)
    keep.update(list(weeks.values())[:KEEP_WEEKLY])
    keep.update(list(months.values())[:KEEP_MONTHLY])
    deleted = []
    for _, p in dated:
        if p not in keep:
            p.unlink(missing_ok=True)
            deleted.append(p)
    return deleted


@dataclass
class BackupInfo:
    path: Path
    kind: str         # daily / before-merge / before-import / manual / …
    created: datetime
    size: int
    persons: int | None
    households: int | None
    ok: bool

    def as_dict(self):
        d = dict(self.__dict__)
        d["path"] = str(self.path)
        d["created"] = self.created.isoformat(timespec="seconds")
        return d


def list_backups(db_path: str | Path, *, counts: bool = True) -> list[BackupInfo]:
    """Backups of a database, newest first, with their record counts (read-only peek)."""
    folder = backups_dir_for(db_path)
    out = []
    key = None
    for p in folder.glob("*.db"):
        kind = p.name.split("-2")[0] if p.name.startswith("before-") else p.name.split("-")[0]
        persons = households = None
        ok = True
        if counts:
            try:
                if atrest.is_plain_file(p):
                    own = None
                elif atrest.sidecar_path(p).exists():  # e.g. the copy kept when another device's backup
                    own = atrest.key_for(p)            # was restored: it keeps the key it was written with
                else:
                    key = key or atrest.key_for(db_path)
                    own = key
                conn = driver.raw_connect(p, own, readonly=True)
                persons = conn.execute("SELECT count(*) FROM persons WHERE deleted = 0").fetchone()[0]
                households = conn.execute("SELECT count(*) FROM households WHERE deleted = 0").fetchone()[0]
                conn.close()
            except driver.Error + (GridkeeperError,):
                ok = False
        st = p.stat()
        out.append(BackupInfo(p, kind, datetime.fromtimestamp(st.st_mtime), st.st_size, persons, households, ok))
    out.sort(key=lambda b: b.created, reverse=True)
    return out
