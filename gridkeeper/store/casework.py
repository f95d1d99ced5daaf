"""What resident requests (:mod:`store.requests`) and hazards (:mod:`store.hazards`) share.

The area each new record belongs to (from the person, household or house it is about),
adding a dated step that moves the record along its loop in one transaction, the village of every
area for the township lists, and small list helpers (numbering: :mod:`store.casework_numbers`). Everything writes through :mod:`store.records`
and :func:`store.changes.writing`, so it is versioned, synced and undoable.
"""

from __future__ import annotations

import json
from datetime import date

import sqlite_utils

from ..domain.casework import step_problems
from ..domain.errors import NotFoundError, ValidationError
from ..domain.validate import validate_record
from .casework_numbers import DATE_FIELD
from .changes import Change, writing
from .records import get_record


def area_from_links(db: sqlite_utils.Database, values: dict) -> dict:
    """Fill ``area_id`` from the linked person, household or house (the first that is given).

    A link to a missing or deleted record is refused here, in the user's language.
    """
    from ..domain.records import table as get_table

    for key, tbl in (("person_id", "persons"), ("household_id", "households"), ("house_id", "houses")):
        rid = values.get(key)
        if not rid:
            continue
        row = db.execute(f"SELECT area_id, deleted FROM [{tbl}] WHERE id = ?", [rid]).fetchone()
        if not row or row[1]:
            t = get_table(tbl)
            raise NotFoundError(f"所关联的{t.zh}记录不存在或已删除", f"the linked {t.en} record does not exist",
                                field=key)
        if not values.get("area_id"):
            values = dict(values, area_id=row[0])
    return values


def add_step(db: sqlite_utils.Database, table: str, rid: str, values: dict, *, effects: dict, check_transition,
             extra: dict | None = None, user: str | None = None, today: date | None = None,
             advance: bool = True) -> list[Change]:
    """Add a dated step to a request or hazard and, with ``advance``, move the record as the step means.

    ``effects`` maps step code → (status, {record field: step field}) (domain.casework); the record's
    fields the step fills are only filled when still empty, ``extra`` sets record fields outright
    (e.g. the resident's satisfaction with a feedback step). The record must then still satisfy its
    rules; step and record are written in one transaction (or nothing is). Returns the changes.
    """
    parent = get_record(db, table, rid)
    step_table = table[:-1] + "_steps"
    fk = table[:-1] + "_id"
    raw = dict(values, **{fk: rid, "area_id": parent["area_id"]})
    problems = []
    try:
        step = validate_record(step_table, raw, today=today)
        problems += step_problems(step, parent, DATE_FIELD[table])
    except ValidationError as e:     # still check the record below: every problem is told at once
        step, problems = raw, list(e.problems)
    update = dict(extra or {})
    status, fills = effects.get(step.get("step"), (None, {}))
    if advance:
        for field, src in fills.items():
            if not parent.get(field) and field not in update and step.get(src):
                update[field] = step[src]
        if status and status != parent["status"]:
            check_transition(parent["status"], status)
            update["status"] = status
    try:
        clean = validate_record(table, update, existing=parent, today=today) if update else {}
    except ValidationError as e:
        problems += [p for p in e.problems if all(q.field != p.field for q in problems)]
    if problems:
        raise ValidationError(problems)
    with writing(db, user) as w:
        w.create(step_table, step)
        if clean:
            w.update(table, rid, clean)
        return list(w.changes)


def change_status(db: sqlite_utils.Database, table: str, rid: str, status: str, values: dict, *,
                  check_transition, user: str | None = None, today: date | None = None) -> Change:
    """Move a record to ``status`` with the fields the move needs; refused moves change nothing."""
    from .records import update_record

    rec = get_record(db, table, rid)
    check_transition(rec["status"], status)
    return update_record(db, table, rid, dict(values, status=status), user=user, today=today)


def steps_of(db: sqlite_utils.Database, table: str, rid: str) -> list[dict]:
    step_table, fk = table[:-1] + "_steps", table[:-1] + "_id"
    return list(db.query(f"SELECT * FROM [{step_table}] WHERE {fk} = ? AND deleted = 0 ORDER BY date, id", [rid]))


def villages(db: sqlite_utils.Database) -> dict[str, tuple[str | None, str, str]]:
    """``{area_id: (village_id, village name, area name)}`` for every area: the township lists' columns.

    The village is the nearest village/community above (or at) the area; areas above villages map to
    themselves.
    """
    rows = {r[0]: r for r in db.execute("SELECT id, parent_id, level, name FROM areas")}
    out: dict[str, tuple[str | None, str, str]] = {}
    for aid, (_, parent, level, name) in rows.items():
        cur, seen = aid, 0
        while cur in rows and rows[cur][2] not in ("village", "community") and seen < 12:
            cur, seen = rows[cur][1], seen + 1
        vid = cur if cur in rows and rows[cur][2] in ("village", "community") else None
        out[aid] = (vid, rows[vid][3] if vid else "", name or "")
    return out


def area_clause(area_ids: list[str] | None, column: str = "area_id") -> tuple[str, list]:
    if area_ids is None:
        return "", []
    return f" AND {column} IN (SELECT value FROM json_each(?))", [json.dumps(area_ids)]


def median(values: list[float]) -> float | None:
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    return float(s[mid]) if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def days_between(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    return (date.fromisoformat(b) - date.fromisoformat(a)).days

