"""Canonical dumps: the replicated state of a database as comparable text.

Two databases that received the same changes give the same dump (DESIGN §4, guarantee 1).
"""

from __future__ import annotations

import hashlib
import json

import sqlite_utils

from ..domain.records import TABLE_ORDER
from . import versions as V


def canonical_rows(db: sqlite_utils.Database, table: str):
    cur = db.execute(f"SELECT * FROM [{table}] ORDER BY id")
    cols = [d[0] for d in cur.description]
    for row in cur:
        yield dict(zip(cols, row))


def canonical_dump(db: sqlite_utils.Database, *, conflicts: bool = True) -> str:
    """User-data tables (and the conflict set) as canonical JSON lines."""
    lines = []
    for t in TABLE_ORDER:
        for row in canonical_rows(db, t):
            lines.append(t + " " + json.dumps(row, sort_keys=True, ensure_ascii=False))
    if conflicts:
        for row in db.query("SELECT id, tbl, rid, field, value, stamp, device, seen FROM conflicts ORDER BY id"):
            lines.append("conflicts " + json.dumps(row, sort_keys=True, ensure_ascii=False))
    return "\n".join(lines)


def dump_hash(db: sqlite_utils.Database, **kw) -> str:
    return hashlib.sha256(canonical_dump(db, **kw).encode()).hexdigest()


def full_state_hash(db: sqlite_utils.Database) -> str:
    """Every table, local bookkeeping included: for "nothing changed at all" assertions."""
    h = hashlib.sha256()
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                              "AND name NOT LIKE 'search_fts%' ORDER BY name").fetchall():
        h.update(name.encode())
        for row in db.execute(f"SELECT * FROM [{name}] ORDER BY 1"):
            h.update(repr(row).encode())
    return h.hexdigest()


def version_dump(db: sqlite_utils.Database) -> str:
    """Every field version (absolute stamp, writing device id) and seen mark, as comparable text.

    Decoded from the packed rows (:mod:`store.versions`): local bookkeeping (``_seq``, device
    indexes, the base a row's deltas are stored against) is left out, so two replicas that received
    the same versions give the same text, whatever their device numbering or schema history.
    """
    devices = dict(db.execute("SELECT idx, device_id FROM devices").fetchall())
    lines = []
    for t in TABLE_ORDER:
        names = V.layout(t).fields
        for rid, base, seen, dev, vers, devs in db.execute(
                f"SELECT id, _base, _seen, _dev, _vers, _devs FROM [{t}__ver] ORDER BY id"):
            deltas, devs = V.unpack(dev, vers, devs)
            fields = {f: [dt + base, devices.get(d)] for f, dt, d in zip(names, deltas, devs) if dt is not None}
            seen = json.loads(seen) if seen else {}
            lines.append(f"{t} {rid} " + json.dumps([fields, seen], sort_keys=True, ensure_ascii=False))
    return "\n".join(lines)
