"""How far a new database has come (for the main window's 下一步 panel): any records yet, any areas,
the township card trusted (worker)."""

from __future__ import annotations

import sqlite_utils

from .devices import self_device


def setup_state(db: sqlite_utils.Database) -> dict:
    me = self_device(db)
    has = lambda table: db.execute(f"SELECT 1 FROM [{table}] WHERE deleted = 0 LIMIT 1").fetchone() is not None  # noqa: E731
    card = db.execute("SELECT 1 FROM devices WHERE role = 'township' AND status NOT IN ('self', 'seen') LIMIT 1"
                      ).fetchone() is not None
    return {"role": me.role, "records": has("households") or has("persons"), "areas": has("areas"),
            "township_card": card}
