"""Creating a database's own device identity (the keys themselves are made in ``sync.keys``)."""

from __future__ import annotations

import json

import sqlite_utils

from ..domain.errors import GridkeeperError
from .db import transaction
from .meta import now_iso, set_meta

ROLES = ("worker", "township")


def register_self(db: sqlite_utils.Database, *, device_id: str, name: str, role: str,
                  age_recipient: str | None = None, sign_public: str | None = None,
                  fingerprint: str | None = None, secrets: bytes | None = None) -> None:
    if role not in ROLES:
        raise GridkeeperError(f"角色应为 worker（网格员）或 township（乡镇）：{role}",
                              f"role must be worker or township, not {role}", code="bad_role")
    name = (name or "").strip()
    if not name:
        raise GridkeeperError("设备名称不能为空", "the device name is required", code="bad_name")
    if db.execute("SELECT 1 FROM devices WHERE status = 'self'").fetchone():
        raise GridkeeperError("这个数据库已经初始化过", "this database is already initialised", code="already_initialised")
    with transaction(db):
        db.execute("""INSERT INTO devices(device_id, name, role, age_recipient, sign_public, fingerprint, areas,
                      status, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'self', ?)""",
                   [device_id, name, role, age_recipient, sign_public, fingerprint, json.dumps([]), now_iso()])
        if secrets is not None:
            db.execute("INSERT INTO device_secrets(device_id, blob) VALUES (?, ?)", [device_id, secrets])
        set_meta(db, "created_at", now_iso())
