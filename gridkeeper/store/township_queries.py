"""Read-only queries the township workspace shows beside the sync services' own lists.

Kept apart from :mod:`gridkeeper.store.township` (the services) so the GUI's extra look-ups —
"which record is this conflict about", "which grid did this bundle come from" — stay small,
plain and testable without Qt. Nothing here writes.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import sqlite_utils

from ..domain.records import table as get_table
from ..domain.vocab import AREA_LEVELS

_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def device_names(db: sqlite_utils.Database) -> dict[str, str]:
    """``{device_id: name}`` for every device this database has heard of."""
    return {r[0]: r[1] or r[0][:8] for r in db.execute("SELECT device_id, name FROM devices")}


def device_grids(db: sqlite_utils.Database) -> dict[str, str]:
    """``{device_id: "东山村 第3网格、…"}``: the areas each device is enrolled for, with their village."""
    out = {}
    for dev_id, areas_json in db.execute("SELECT device_id, areas FROM devices"):
        names = []
        for aid in json.loads(areas_json or "[]"):
            row = db.execute("SELECT a.name, p.name FROM areas a LEFT JOIN areas p ON p.id = a.parent_id "
                             "WHERE a.id = ?", [aid]).fetchone()
            if row:
                names.append(f"{row[1]} {row[0]}" if row[1] else row[0])
        out[dev_id] = "、".join(names)
    return out


def bundle_created(bundle_id: str | None) -> str | None:
    """When a bundle was written (sender's clock), read from its UUIDv7 id: ``YYYY-MM-DD HH:MM``.

    The id is inside the signed manifest, so this needs no extra decryption; None when not a UUIDv7.
    """
    try:
        hexpart = (bundle_id or "").replace("-", "")
        if len(hexpart) != 32 or hexpart[12] != "7":
            return None
        ms = int(hexpart[:12], 16)
        return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError, OSError):
        return None


def record_context(db: sqlite_utils.Database, tbl: str, rid: str) -> str:
    """A short human description of a record for review lists: a person's name and household,
    a household's number and address, an area's name, a visit's date and who was visited…"""
    try:
        get_table(tbl)
    except Exception:  # noqa: BLE001 - an unknown table name from a damaged row: show the id
        return rid[:8]

    def one(sql, params):
        row = db.execute(sql, params).fetchone()
        return row if row else None

    if tbl == "persons":
        r = one("SELECT p.name, h.number, h.address FROM persons p LEFT JOIN households h ON h.id = p.household_id "
                "WHERE p.id = ?", [rid])
        if r:
            return f"{r[0] or ''}（{r[2] or r[1] or ''}）" if (r[1] or r[2]) else (r[0] or "")
    elif tbl == "households":
        r = one("SELECT number, address FROM households WHERE id = ?", [rid])
        if r:
            return " ".join(x for x in r if x)
    elif tbl == "houses":
        r = one("SELECT street, building, unit, room, owner_name FROM houses WHERE id = ?", [rid])
        if r:
            return " ".join(x for x in r if x)
    elif tbl == "areas":
        r = one("SELECT a.name, a.level, p.name FROM areas a LEFT JOIN areas p ON p.id = a.parent_id WHERE a.id = ?",
                [rid])
        if r:
            return f"{r[2] + ' ' if r[2] else ''}{r[0]}（{AREA_LEVELS.label(r[1])}）"
    elif tbl == "care_subjects":
        r = one("SELECT p.name FROM care_subjects c LEFT JOIN persons p ON p.id = c.person_id WHERE c.id = ?", [rid])
        if r:
            return r[0] or ""
    elif tbl == "visits":
        r = one("SELECT v.date, coalesce(p.name, p2.name, h.address) FROM visits v "
                "LEFT JOIN persons p ON p.id = v.person_id "
                "LEFT JOIN care_subjects c ON c.id = v.care_subject_id LEFT JOIN persons p2 ON p2.id = c.person_id "
                "LEFT JOIN households h ON h.id = v.household_id WHERE v.id = ?", [rid])
        if r:
            return " ".join(x for x in r if x)
    elif tbl == "disputes":
        r = one("SELECT number, summary FROM disputes WHERE id = ?", [rid])
        if r:
            return " ".join(x for x in ((r[0] or ""), (r[1] or "")[:30]) if x)
    elif tbl in ("dispute_parties", "dispute_steps"):
        col = "name" if tbl == "dispute_parties" else "date"
        r = one(f"SELECT t.[{col}], d.number FROM [{tbl}] t LEFT JOIN disputes d ON d.id = t.dispute_id "
                "WHERE t.id = ?", [rid])
        if r:
            return " ".join(x for x in (r[1], r[0]) if x)
    return rid[:8]


def rejected_changes(db: sqlite_utils.Database, *, limit: int = 500) -> list[dict]:
    """Out-of-scope changes the township refused, newest first, with sender name and labels.

    Each row: id, bundle_id, sender, sender_name, tbl, table_label, rid, summary (the refused values
    as text), context, reason, detail (the screen's short English explanation), received_at.
    """
    names = device_names(db)
    out = []
    for r in db.query("SELECT * FROM rejected_changes ORDER BY received_at DESC, id DESC LIMIT ?", [int(limit)]):
        try:
            values = json.loads(r["value"]) if r["value"] else {}
        except ValueError:
            values = {"value": r["value"]}
        try:
            label = get_table(r["tbl"]).label
        except Exception:  # noqa: BLE001
            label = r["tbl"]
        if isinstance(values, dict):
            parts = [v for v in values.values()]
        elif isinstance(values, list):
            parts = values
        else:
            parts = [values]
        summary = "、".join(str(v) for v in parts if v not in (None, "", 0) and not _ID.fullmatch(str(v)))
        out.append(dict(r, sender_name=names.get(r["sender"], (r["sender"] or "")[:8]), table_label=label,
                        summary=summary[:120], context=record_context(db, r["tbl"], r["rid"])))
    return out


def count_rejected_changes(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM rejected_changes").fetchone()[0]
