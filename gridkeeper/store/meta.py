"""Local bookkeeping in the ``meta`` table: key/values, settings, the persisted clock.

The devices table (this device and the others it knows) is ``store.devices``."""

from __future__ import annotations

import json
from datetime import datetime

import sqlite_utils

from ..domain.hlc import HybridClock

DEFAULT_SETTINGS = {
    "clock_skew_hours": 24,       # incoming stamps further ahead than this are quarantined
    "export_reminder_days": 14,   # remind the worker when the last export is older than this
}


def get_meta(db: sqlite_utils.Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_meta(db: sqlite_utils.Database, key: str, value) -> None:
    db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
               [key, None if value is None else str(value)])


def get_setting(db: sqlite_utils.Database, key: str):
    raw = get_meta(db, f"setting.{key}")
    if raw is None:
        return DEFAULT_SETTINGS.get(key)
    return json.loads(raw)


def set_setting(db: sqlite_utils.Database, key: str, value) -> None:
    set_meta(db, f"setting.{key}", json.dumps(value))


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def load_clock(db: sqlite_utils.Database) -> HybridClock:
    return HybridClock(int(get_meta(db, "hlc_last", "0")))


def save_clock(db: sqlite_utils.Database, clock: HybridClock) -> None:
    set_meta(db, "hlc_last", clock.last)
