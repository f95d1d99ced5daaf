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
    if parent:
        row = db.execute(f"SELECT area_id FROM [{parent[0]}] WHERE id = ?", [parent[1]]).fetchone()
        if row:
            values = dict(values, area_id=row[0])
    return values


def create_record(db: sqlite_utils.Database, table: str, values: dict, *, user: str | None = None,
                  today: date | None = None) -> str:
    values = _area_of_parent(db, table, dict(values), None)
    if table == "disputes" and not str(values.get("number") or "").strip():
        from .disputes import next_dispute_number

        try:       # numbered per area, year and device (store.disputes); a bad date is the validator's
            values["number"] = next_dispute_number(db, values.get("area_id"), values.get("received"))
        except ValueProblem:
            pass
    elif table in ("requests", "hazards"):
        from .casework import fill_number

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
    if area_id and table != "areas":
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


def history_entries(db: sqlite_utils.Database, table: str | None = None, rid: str | None = None) -> list[dict]:
    """Audit-trail rows (oldest first) with the device's name, decoded fields and local time;
    all of them, or one record's."""
    from ..domain.hlc import to_datetime

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
        from .areas import area_label
        from .households import record_label

        label = area_label(db, value) if field.ref == "areas" else record_label(db, field.ref, value)
        return label or str(value)
    return str(value)


def record_history(db: sqlite_utils.Database, table: str, rid: str) -> list[dict]:
    """Who changed this record, when, and which fields (oldest first)."""
    from ..domain.hlc import to_datetime

    out = history_entries(db, table, rid)
    if not any(r["action"] == "create" for r in out):
        # created in bulk (demo, spreadsheet import) or received from another device: the version
        # row says when and by which device the record's first fields were written
        ver = db.execute(f"SELECT v._base, d.device_id, d.name FROM [{table}__ver] v LEFT JOIN devices d "
                         f"ON d.idx = v.deleted__d WHERE v.id = ?", [rid]).fetchone()
        if ver:
            out.insert(0, {"stamp": ver[0], "device": ver[1] or "", "device_name": ver[2], "user": None, "tbl": table,
                           "rid": rid, "action": "create", "fields": {},
                           "when": to_datetime(ver[0]).astimezone().isoformat(timespec="seconds")})
    return out


def list_deleted(db: sqlite_utils.Database, *, tables: tuple[str, ...] = ("households", "persons", "houses",
                                                                          "care_subjects", "visits", "disputes"),
                 limit: int = 500) -> list[dict]:
    """Deleted records, most recently deleted first: what the "deleted records" view offers to restore.

    Each: ``{"table", "id", "label", "deleted_at", "device_name"}``. The time and device are those of
    the tombstone's version, so a delete made on another laptop shows too.
    """
    from ..domain.hlc import to_datetime
    from .households import record_label

    rows = []
    for t in tables:
        get_table(t)
        for rid, stamp, device in db.execute(
                f"SELECT x.id, v.deleted__t + v._base, d.name FROM [{t}] x JOIN [{t}__ver] v USING (id) "
                f"LEFT JOIN devices d ON d.idx = v.deleted__d WHERE x.deleted = 1 "
                f"ORDER BY v.deleted__t + v._base DESC LIMIT ?", [limit]):
            rows.append({"table": t, "id": rid, "stamp": stamp, "device_name": device or ""})
    rows.sort(key=lambda r: r["stamp"], reverse=True)
    rows = rows[:limit]
    for r in rows:
        r["label"] = record_label(db, r["table"], r["id"])
        r["deleted_at"] = to_datetime(r.pop("stamp")).astimezone().isoformat(timespec="seconds")
    return rows
