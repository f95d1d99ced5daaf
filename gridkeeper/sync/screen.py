"""Screening a worker's change set before the township merges it (DESIGN §4, trust model).

Placeholder with today's scope rule until the full screen lands: a worker may change only records
inside its enrolled areas, and area records are the township's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date

import sqlite_utils

from .changeset import ChangeSet


@dataclass(frozen=True)
class Rejection:
    table: str
    rid: str
    reason: str
    field: str | None = None
    detail: str = ""


def screen_changeset(db: sqlite_utils.Database, cs: ChangeSet, *, sender: str, scope: set[str], township: str,
                     today: date | None = None) -> tuple[ChangeSet, list[Rejection]]:
    rejections: list[Rejection] = []
    tables = {}
    for tname, tc in cs.tables.items():
        fields, rows = tc["fields"], tc["rows"]
        ids = json.dumps([r[0] for r in rows])
        keep = []
        if tname == "areas":
            for row in rows:
                if not _echo(db, cs, tname, fields, row):
                    rejections.append(Rejection(tname, row[0], "area_record"))
        else:
            here = dict(db.execute(f"SELECT id, area_id FROM [{tname}] WHERE id IN (SELECT value FROM json_each(?))",
                                   [ids]).fetchall())
            apos = fields.index("area_id") if "area_id" in fields else None
            for row in rows:
                new_area = row[1][apos] if apos is not None and row[3][apos] is not None else None
                exists = row[0] in here
                ok = (not exists or here[row[0]] in scope) and (new_area is None or new_area in scope) \
                    and (exists or new_area is not None)
                if ok:
                    keep.append(row)
                else:
                    rejections.append(Rejection(tname, row[0], "out_of_scope"))
        if keep:
            tables[tname] = {"fields": fields, "rows": keep}
    refused = {(r.table, r.rid) for r in rejections}
    return replace(cs, tables=tables, conflicts=[c for c in cs.conflicts if (c[0], c[1]) not in refused],
                   history=[h for h in cs.history if (h[2], h[3]) not in refused]), rejections


def _echo(db, cs: ChangeSet, tname: str, fields: list[str], row) -> bool:
    """Whether every version of the row is one this store holds as current, or older."""
    cols = ", ".join(f"v.[{f}__t] + v._base, d{k}.device_id" for k, f in enumerate(fields))
    joins = " ".join(f"LEFT JOIN devices d{k} ON d{k}.idx = v.[{f}__d]" for k, f in enumerate(fields))
    here = db.execute(f"SELECT {cols} FROM [{tname}__ver] v {joins} WHERE v.id = ?", [row[0]]).fetchone()
    if here is None:
        return False
    for k, dt in enumerate(row[3]):
        if dt is None:
            continue
        if here[2 * k] is None or (row[2] + dt, cs.devices[row[4][k]]) > (here[2 * k], here[2 * k + 1] or ""):
            return False
    return True
