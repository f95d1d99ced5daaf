"""Quarantine released when its time has come (rule 4 of ``sync.merge_rule``).

A version stamped too far ahead of this machine's clock waits in ``quarantine`` instead of merging.
:func:`release_quarantine` (run before each merge) merges the held versions whose stamps are no
longer ahead, by the ordinary rule, as if they arrived now; a reviewer may accept or reject one
earlier (``sync.review``).
"""

from __future__ import annotations

import json

import sqlite_utils

from ..domain.hlc import now_ms as clock_now, pack
from ..domain.records import table as get_table
from ..store.db import transaction
from ..store.meta import get_setting
from ..store.search_index import index_changes
from .changeset import ChangeSet
from .merge_context import MergeContext, MergeReport
from .merge_rule import merge_tables


def release_quarantine(db: sqlite_utils.Database, *, now_ms: int | None = None) -> int:
    """Merge held versions whose stamps are no longer ahead of this clock (rule 4). Returns how many.

    They merge by the ordinary rule, as if they had arrived now: a laptop whose clock ran a day
    fast has its edits counted once that day has come, unless a reviewer decided earlier.
    """
    now = clock_now() if now_ms is None else now_ms
    limit = pack(now + int(float(get_setting(db, "clock_skew_hours")) * 3600_000), 0xFFFF)
    due = db.execute("SELECT id, tbl, rid, field, value, stamp, device, seen FROM quarantine WHERE stamp <= ? "
                     "ORDER BY tbl, rid, field, stamp", [limit]).fetchall()
    if not due:
        return 0
    cs = ChangeSet(id="", sender="")
    devices: dict[str, int] = {}
    by_record: dict[tuple[str, str], list] = {}
    for q in due:
        by_record.setdefault((q[1], q[2]), []).append(q)
    for (tname, rid), items in by_record.items():
        names = get_table(tname).field_names
        tc = cs.tables.setdefault(tname, {"fields": names, "rows": []})
        values, deltas, dpos, seen = [None] * len(names), [None] * len(names), [None] * len(names), {}
        base = min(q[5] for q in items)
        for q in sorted(items, key=lambda q: (q[5], q[6]), reverse=True):
            k = names.index(q[3])
            v = None if q[4] is None else json.loads(q[4])
            pos = devices.setdefault(q[6], len(devices))
            if len(cs.devices) < len(devices):
                cs.devices.append(q[6])
            if deltas[k] is not None:
                # a second held version of one field travels as a carried loser: merged by the same
                # rule (a conflict if it loses above the seen mark), never dropped
                cs.conflicts.append([tname, rid, q[3], v, q[5], pos, q[7] or 0])
                continue
            values[k], deltas[k], dpos[k] = v, q[5] - base, pos
            if q[7]:
                seen[q[3]] = q[7]
        tc["rows"].append([rid, values, base, deltas, dpos, seen or None])
    with transaction(db):
        rep = MergeReport("", "")
        ctx = MergeContext(db, cs, rep, now_ms=now, step=lambda: None)
        merge_tables(ctx, cs)
        ctx.finish_clock()
        index_changes(db, touched=ctx.written, current_at=ctx.mark)
        db.conn.executemany("DELETE FROM quarantine WHERE id = ?", [(q[0],) for q in due])
    return len(due)
