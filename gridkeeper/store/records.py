"""Service functions to create, update, delete, restore, fetch and list every record kind.

The GUI, the CLI and the importers all call these; each validates with the shared validators,
writes through change capture in one transaction, and returns what changed.
"""

from __future__ import annotations

import json
from datetime import date

import sqlite_utils

from ..domain.errors import NotFoundError
from ..domain.records import table as get_table
from ..domain.validate import ValueProblem, validate_record
from .areas import subtree_ids
from .changes import Change, writing
from .casework_numbers import fill_number
from .dispute_numbers import next_dispute_number


def _area_of_parent(db, table: str, values: dict, existing: dict | None) -> dict:
    """Child records inherit their area from their parent when none is given."""
    if values.get("area_id") or (existing and existing.get("area_id")):
        return values
    parent = None
    if table == "persons" and values.get("household_id"):
        parent = ("households", values["household_id"])
    elif table == "households" and values.get("house_id"):
        parent = ("houses", values["house_id"])
    elif table == "care_subjects" and values.get("person_id"):
        parent = ("persons", values["person_id"])
    elif table == "visits":
        for key, tbl in (("care_subject_id", "care_subjects"), ("person_id", "persons"),
                         ("household_id", "households")):
            if values.get(key):
                parent = (tbl, values[key])
                break
    elif table in ("dispute_parties", "dispute_steps") and values.get("dispute_id"):
        parent = ("disputes", values["dispute_id"])
    elif table == "request_steps" and values.get("request_id"):
        parent = ("requests", values["request_id"])
    elif table == "hazard_steps" and values.get("hazard_id"):
        parent = ("hazards", values["hazard_id"])
    elif table in ("requests", "hazards"):
        for key, tbl in (("person_id", "persons"), ("household_id", "households"), ("house_id", "houses")):
            if values.get(key):
                parent = (tbl, values[key])
                break
    elif table in ("person_tags", "residence_events") and values.get("person_id"):
        parent = ("persons", values["person_id"])
    elif table in ("volunteer_services", "point_redemptions") and values.get("volunteer_id"):
        parent = ("persons", values["volunteer_id"])
    if parent:
        row = db.execute(f"SELECT area_id FROM [{parent[0]}] WHERE id = ?", [parent[1]]).fetchone()
        if row:
            values = dict(values, area_id=row[0])
    return values


def create_record(db: sqlite_utils.Database, table: str, values: dict, *, user: str | None = None,
                  today: date | None = None) -> str:
    values = _area_of_parent(db, table, dict(values), None)
    if table == "disputes" and not str(values.get("number") or "").strip():
        try:       # numbered per area, year and device (store.disputes); a bad date is the validator's
            values["number"] = next_dispute_number(db, values.get("area_id"), values.get("received"))
        except ValueProblem:
            pass
    elif table in ("requests", "hazards"):
        values = fill_number(db, table, values)
    clean = validate_record(table, values, today=today)
    with writing(db, user) as w:
        return w.create(table, clean)


def update_record(db: sqlite_utils.Database, table: str, rid: str, values: dict, *, user: str | None = None,
                  today: date | None = None) -> Change:
    existing = get_record(db, table, rid)
    clean = validate_record(table, values, existing=existing, today=today)
    with writing(db, user) as w:
        return w.update(table, rid, clean)


def delete_record(db: sqlite_utils.Database, table: str, rid: str, *, user: str | None = None) -> Change:
    get_record(db, table, rid)
    with writing(db, user) as w:
        return w.delete(table, rid)


def restore_record(db: sqlite_utils.Database, table: str, rid: str, *, user: str | None = None) -> Change:
    get_record(db, table, rid, include_deleted=True)
    with writing(db, user) as w:
        return w.restore(table, rid)


def undo_changes(db: sqlite_utils.Database, changes: list[Change], *, user: str | None = None) -> list[Change]:
    """Undo earlier writes with new versioned writes (newest first). A created record is deleted."""
    out = []
    with writing(db, user) as w:
        for ch in reversed(changes):
            if ch.created:
                out.append(w.delete(ch.table, ch.rid))
            else:
                out.append(w.update(ch.table, ch.rid, ch.old))
    return out


def get_record(db: sqlite_utils.Database, table: str, rid: str, *, include_deleted: bool = False) -> dict:
    get_table(table)
    rows = list(db.query(f"SELECT * FROM [{table}] WHERE id = ?", [rid]))
    if not rows or (rows[0]["deleted"] and not include_deleted):
        t = get_table(table)
        raise NotFoundError(f"{t.zh}记录不存在或已删除：{rid}", f"{t.en} record not found or deleted: {rid}")
    return rows[0]


def list_records(db: sqlite_utils.Database, table: str, *, area_id: str | None = None,
                 where: str | None = None, params: list | None = None, include_deleted: bool = False,
                 order_by: str = "id", limit: int | None = None, offset: int = 0) -> list[dict]:
    """Records of one kind, optionally within an area's subtree; newest schema, plain dicts."""
    get_table(table)
    clauses, args = [], []
    if not include_deleted:
        clauses.append("deleted = 0")
    if area_id and get_table(table).area_column == "area_id":
        ids = subtree_ids(db, area_id)
        clauses.append("area_id IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(ids))
    if where:
        clauses.append(f"({where})")
        args += params or []
    sql = f"SELECT * FROM [{table}]"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += f" ORDER BY {order_by}"
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return list(db.query(sql, args))


def count_records(db: sqlite_utils.Database, table: str, *, include_deleted: bool = False) -> int:
    get_table(table)
    sql = f"SELECT count(*) FROM [{table}]" + ("" if include_deleted else " WHERE deleted = 0")
    return db.execute(sql).fetchone()[0]
