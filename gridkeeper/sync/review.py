"""Reviewing what a merge could not decide alone: conflicts and quarantined future-dated changes.

Every resolution is an ordinary versioned write, so it travels back to the workers in the next
return bundle and settles the same question there.
"""

from __future__ import annotations

import json

import sqlite_utils

from ..domain.errors import NotFoundError
from ..domain.messages import M
from ..domain.hlc import to_datetime
from ..domain.records import TABLES, table as get_table
from ..store.changes import writing
from ..store import versions as V
from ..store.db import transaction


def list_conflicts(db: sqlite_utils.Database, *, area_ids: list[str] | None = None) -> list[dict]:
    """Open conflicts whose losing value differs from the current one, with both sides."""
    out = []
    for c in db.query("SELECT * FROM conflicts ORDER BY tbl, rid, field, stamp"):
        if not _known_field(c["tbl"], c["field"]):
            continue  # names read back from the database go into SQL only once checked against the schema
        t = get_table(c["tbl"])
        row = db.execute(f"SELECT [{c['field']}], {t.area_column or 'NULL'} FROM [{c['tbl']}] "
                         "WHERE id = ?", [c["rid"]]).fetchone()
        if row is None:
            continue
        other = None if c["value"] is None else json.loads(c["value"])
        if other == row[0]:
            continue
        if area_ids is not None and t.area_column is not None and row[1] not in area_ids:
            continue
        ver = db.execute(f"SELECT {V.stamp_sql(c['tbl'], c['field'])}, {V.device_sql(c['tbl'], c['field'])} "
                         f"FROM [{c['tbl']}__ver] v WHERE id = ?", [c["rid"]]).fetchone()
        cur_dev = db.execute("SELECT device_id, name FROM devices WHERE idx = ?", [ver[1]]).fetchone() if ver else None
        other_dev = db.execute("SELECT name FROM devices WHERE device_id = ?", [c["device"]]).fetchone()
        out.append(dict(c, value=other, current=row[0], current_stamp=ver[0] if ver else None,
                        current_device=cur_dev[0] if cur_dev else None,
                        current_device_name=cur_dev[1] if cur_dev else None,
                        device_name=other_dev[0] if other_dev else None,
                        when=to_datetime(c["stamp"]).isoformat(), table_label=t.label,
                        field_label=t.field(c["field"]).label))
    return out


def _known_field(tbl: str, fld: str) -> bool:
    return tbl in TABLES and fld in TABLES[tbl].field_names


def resolve_conflict(db: sqlite_utils.Database, conflict_id: str, *, keep: str, user: str | None = None) -> None:
    """``keep="current"`` confirms the winner, ``keep="other"`` restores the losing value.

    Either way a new version is written whose ``seen`` mark covers every loser, which prunes this
    conflict here and wherever the write arrives.
    """
    row = db.execute("SELECT tbl, rid, field, value FROM conflicts WHERE id = ?", [conflict_id]).fetchone()
    if not row:
        raise NotFoundError(M("this_conflict_is_already_resolved"))
    tbl, rid, fld, value = row
    if not _known_field(tbl, fld):
        raise NotFoundError(M("this_conflict_entry_is_damaged"))
    with writing(db, user) as w:
        if keep == "other":
            w.update(tbl, rid, {fld: None if value is None else json.loads(value)})
        elif keep == "current":
            w.touch(tbl, rid, [fld])
        else:
            raise ValueError(keep)


def resolve_all(db: sqlite_utils.Database, conflict_ids: list[str], *, keep: str = "current") -> int:
    done = 0
    with transaction(db):
        for cid in conflict_ids:
            if db.execute("SELECT 1 FROM conflicts WHERE id = ?", [cid]).fetchone():
                resolve_conflict(db, cid, keep=keep)
                done += 1
    return done


def list_quarantine(db: sqlite_utils.Database) -> list[dict]:
    out = []
    for q in db.query("SELECT * FROM quarantine ORDER BY received_at, tbl, rid, field"):
        q["value"] = None if q["value"] is None else json.loads(q["value"])
        q["claimed_time"] = to_datetime(q["stamp"]).isoformat()
        out.append(q)
    return out


def accept_quarantined(db: sqlite_utils.Database, qid: str, *, user: str | None = None) -> None:
    """Apply a held future-dated value as a new write stamped by this machine's (sane) clock."""
    q = db.execute("SELECT tbl, rid, field, value FROM quarantine WHERE id = ?", [qid]).fetchone()
    if not q:
        raise NotFoundError(M("this_quarantined_change_is_already"))
    tbl, rid, fld, value = q
    if not _known_field(tbl, fld):
        raise NotFoundError(M("this_quarantined_entry_is_damaged"))
    with writing(db, user) as w:
        exists = db.execute(f"SELECT 1 FROM [{tbl}] WHERE id = ?", [rid]).fetchone()
        v = None if value is None else json.loads(value)
        if exists:
            w.update(tbl, rid, {fld: v})
        else:
            w.create(tbl, {fld: v}, rid=rid)
        db.execute("DELETE FROM quarantine WHERE id = ?", [qid])


def reject_quarantined(db: sqlite_utils.Database, qid: str) -> None:
    with transaction(db):
        cur = db.execute("DELETE FROM quarantine WHERE id = ?", [qid])
        if not cur.rowcount:
            raise NotFoundError(M("this_quarantined_change_is_already"))


def group_by_record(items: list[dict]) -> list[dict]:
    """Conflicts or quarantined changes grouped per record, in first-seen order:
    ``[{"tbl", "rid", "items": [...]}, ...]`` — the review queue shows one line per record (a new
    household held in quarantine is one line, not one per field) with its fields beneath."""
    groups: dict[tuple[str, str], dict] = {}
    for it in items:
        key = (it["tbl"], it["rid"])
        if key not in groups:
            groups[key] = {"tbl": it["tbl"], "rid": it["rid"], "items": []}
        groups[key]["items"].append(it)
    return list(groups.values())
