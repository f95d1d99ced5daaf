"""Local bookkeeping: this device, known devices, settings, the persisted clock."""

from __future__ import annotations

import json
from datetime import datetime

import sqlite_utils

from ..domain.errors import DatabaseError
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


class Device:
    __slots__ = ("idx", "device_id", "name", "role")

    def __init__(self, idx, device_id, name, role):
        self.idx, self.device_id, self.name, self.role = idx, device_id, name, role


def self_device(db: sqlite_utils.Database) -> Device:
    row = db.execute("SELECT idx, device_id, name, role FROM devices WHERE status = 'self'").fetchone()
    if not row:
        raise DatabaseError("数据库尚未初始化（没有本机身份），请先运行 gridkeeper init",
                            "the database has no device identity yet; run gridkeeper init first",
                            code="not_initialised")
    return Device(*row)


def role(db: sqlite_utils.Database) -> str:
    return self_device(db).role


def device_index(db: sqlite_utils.Database, device_id: str, *, add: bool = True) -> int:
    """The local index of a device id (exact match), adding a bare 'seen' entry for one never met before.

    With ``add=False`` an unknown id raises instead: the township merging a screened worker change
    set (sync/screen.py) only ever meets devices it knows, and must never let a file plant one.
    """
    row = db.execute("SELECT idx FROM devices WHERE device_id = ?", [device_id]).fetchone()
    if row:
        return row[0]
    if not add:
        raise DatabaseError(f"未知的设备：{device_id[:40]}", f"unknown device: {device_id[:40]}", code="unknown_device")
    cur = db.execute("INSERT INTO devices(device_id, status, added_at) VALUES (?, 'seen', ?)",
                     [device_id, now_iso()])
    return cur.lastrowid


def device_ids_by_index(db: sqlite_utils.Database) -> dict[int, str]:
    return dict(db.execute("SELECT idx, device_id FROM devices").fetchall())


def load_clock(db: sqlite_utils.Database) -> HybridClock:
    return HybridClock(int(get_meta(db, "hlc_last", "0")))


def save_clock(db: sqlite_utils.Database, clock: HybridClock) -> None:
    set_meta(db, "hlc_last", clock.last)
