"""What the app checks when it opens a database, and what it tells the user."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlite_utils

from ..domain.lang import pick
from .backup import daily_backup, list_backups
from .check import check_database
from .db import db_path
from .meta import get_meta, get_setting, load_clock
from .devices import self_device


@dataclass
class Health:
    ok: bool = True
    warnings: list[str] = field(default_factory=list)
    damaged: str | None = None            # the integrity problem, if any
    latest_backup: str | None = None      # offered when damaged
    days_since_export: int | None = None
    clock_behind_ms: int = 0


def days_since(iso: str | None, now: datetime | None = None) -> int | None:
    if not iso:
        return None
    try:
        then = datetime.fromisoformat(iso)
    except ValueError:
        return None
    now = now or datetime.now(then.tzinfo)
    return max(0, (now - then).days)


def startup_health(db: sqlite_utils.Database, *, backup: bool = True) -> Health:
    """Quick integrity check, the daily backup and the stale-data reminder.

    ``clock_behind_ms`` is measured too; the GUI words that warning itself (ui.app.clock_warning),
    so ``warnings`` holds only what the user should do about the data.
    """
    h = Health()
    rep = check_database(db, quick=True)
    if not rep.ok:
        h.ok = False
        h.damaged = rep.errors[0]
        path = db_path(db)
        good = [b for b in list_backups(path) if b.ok] if path else []
        h.latest_backup = str(good[0].path) if good else None
        h.warnings.append(pick(
            "数据库文件检查未通过。可以从最近的备份恢复，再合并乡镇的返回包补齐之后的数据。",
            "the database failed its check: restore the latest backup, then merge the township's return bundle."))
        return h
    if backup:
        try:
            daily_backup(db)
        except Exception as e:  # noqa: BLE001 - a failed backup must not stop the day's work
            h.warnings.append(pick(f"今天的自动备份没有完成：{e}", f"today's automatic backup failed: {e}"))
    h.clock_behind_ms = load_clock(db).system_clock_behind()
    if self_device(db).role == "worker":
        h.days_since_export = days_since(get_meta(db, "last_export_at"))
        limit = int(get_setting(db, "export_reminder_days"))
        if h.days_since_export is None:
            has_data = db.execute("SELECT 1 FROM persons LIMIT 1").fetchone()
            if has_data:
                h.warnings.append(pick("还没有导出过同步包：请导出并交给乡镇，以免数据只存在这台电脑上。",
                                       "no bundle has been exported yet: export one for the township so the data "
                                       "is not only on this laptop."))
        elif h.days_since_export >= limit:
            h.warnings.append(pick(f"距离上次导出同步包已经 {h.days_since_export} 天，请尽快导出交给乡镇。",
                                   f"the last bundle was exported {h.days_since_export} days ago; please export one "
                                   "for the township."))
    return h
