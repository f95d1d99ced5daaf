"""Rows for the township's review lists: what a conflict or refused change is about.

"Which record is this conflict about" (:func:`record_context`) and the out-of-scope changes the
township refused (:func:`rejected_changes`), with their senders' names and table labels: small,
plain look-ups testable without Qt. Nothing here writes.
"""

from __future__ import annotations

import json
import re

import sqlite_utils

from ..domain.records import table as get_table
from ..domain.vocab import AREA_LEVELS
from .devices import device_names
from .households import label_from_fields

_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


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
    else:   # every other kind (requests, hazards, services, tags…): the same label as the deleted list
        label = label_from_fields(db, tbl, rid)
        if label != rid:
            return label
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
