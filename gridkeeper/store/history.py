"""Reading the audit trail: who changed a record, when and what, in words people read; deleted records.

Kept apart from ``records`` (the writes) because describing a change needs the labels of the records
it points at (``households.record_label``), and those modules write through ``records``.
"""

from __future__ import annotations

import json

import sqlite_utils

from ..domain.hlc import to_datetime
from ..domain.records import TABLES
from ..domain.records import table as get_table
from . import versions as V
from .areas import area_label
from .households import record_label


def history_entries(db: sqlite_utils.Database, table: str | None = None, rid: str | None = None) -> list[dict]:
    """Audit-trail rows (oldest first) with the device's name, decoded fields and local time;
    all of them, or one record's."""
    where, params = ("WHERE h.tbl = ? AND h.rid = ?", [table, rid]) if table and rid else ("", [])
    out = []
    for row in db.query("SELECT h.*, d.name AS device_name FROM history h LEFT JOIN devices d "
                        f"ON d.device_id = h.device {where} ORDER BY h.stamp", params):
        row["when"] = to_datetime(row["stamp"]).astimezone().isoformat(timespec="seconds")
        row["fields"] = json.loads(row["fields"])
        out.append(row)
    return out


def describe_changes(table: str, fields: dict, *, chinese: bool = False, db: sqlite_utils.Database | None = None) -> str:
    """"联系电话: 138… → 139…；…" for a history entry's fields (the tombstone field left out).

    Values are shown as people read them: codes as their labels (户籍 → 流动), and, given ``db``,
    references as the record they point at (a household's number and head, an area's path of names)
    instead of its id.
    """
    try:
        t = get_table(table)
    except KeyError:
        t = None
    parts = []
    for f, (old, new) in fields.items():
        if f == "deleted":
            continue
        field = t.field(f) if t and f in t.field_names else None
        label = (field.zh if chinese else field.label) if field else f
        parts.append(f"{label}: {_shown(db, field, old, chinese)} → {_shown(db, field, new, chinese)}")
    return "；".join(parts)


def _shown(db, field, value, chinese: bool) -> str:
    if value is None or value == "":
        return ""
    if field is None:
        return str(value)
    if field.vocab is not None:
        codes = value
        if isinstance(value, str) and value.startswith("["):
            try:
                codes = json.loads(value)
            except ValueError:
                codes = value
        if isinstance(codes, list):
            return "、".join(field.vocab.zh(c) if chinese else field.vocab.label(c) for c in codes)
        return field.vocab.zh(value) if chinese else field.vocab.label(value)
    if field.ref and db is not None:
        label = area_label(db, value) if field.ref == "areas" else record_label(db, field.ref, value)
        return label or str(value)
    return str(value)


def record_history(db: sqlite_utils.Database, table: str, rid: str) -> list[dict]:
    """Who changed this record, when, and which fields (oldest first)."""
    out = history_entries(db, table, rid)
    if not any(r["action"] == "create" for r in out):
        # created in bulk (demo, spreadsheet import) or received from another device: the version
        # row says when and by which device the record's first fields were written
        ver = db.execute(f"SELECT v._base, d.device_id, d.name FROM [{table}__ver] v LEFT JOIN devices d "
                         f"ON d.idx = {V.device_sql(table, 'deleted')} WHERE v.id = ?", [rid]).fetchone()
        if ver:
            out.insert(0, {"stamp": ver[0], "device": ver[1] or "", "device_name": ver[2], "user": None, "tbl": table,
                           "rid": rid, "action": "create", "fields": {},
                           "when": to_datetime(ver[0]).astimezone().isoformat(timespec="seconds")})
    return out


def _restorable_tables() -> tuple[str, ...]:
    """Every record kind a worker writes (the area tree and the township's vocabulary are retired, not deleted)."""
    return tuple(t.name for t in TABLES.values() if t.author == "any")


def list_deleted(db: sqlite_utils.Database, *, tables: tuple[str, ...] | None = None,
                 limit: int = 500) -> list[dict]:
    """Deleted records, most recently deleted first: what the "deleted records" view offers to restore.

    Each: ``{"table", "id", "label", "deleted_at", "device_name"}``. The time and device are those of
    the tombstone's version, so a delete made on another laptop shows too.
    """
    rows = []
    for t in tables or _restorable_tables():
        get_table(t)
        deleted_at = V.stamp_sql(t, "deleted")
        for rid, stamp, device in db.execute(
                f"SELECT x.id, {deleted_at}, d.name FROM [{t}] x JOIN [{t}__ver] v USING (id) "
                f"LEFT JOIN devices d ON d.idx = {V.device_sql(t, 'deleted')} WHERE x.deleted = 1 "
                f"ORDER BY {deleted_at} DESC LIMIT ?", [limit]):
            rows.append({"table": t, "id": rid, "stamp": stamp, "device_name": device or ""})
    rows.sort(key=lambda r: r["stamp"], reverse=True)
    rows = rows[:limit]
    for r in rows:
        r["label"] = record_label(db, r["table"], r["id"])
        r["deleted_at"] = to_datetime(r.pop("stamp")).astimezone().isoformat(timespec="seconds")
    return rows
