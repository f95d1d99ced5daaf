"""Change capture: the only way records are written (DESIGN §4).

Every write goes through a :class:`Writer`, which stamps each changed field with a hybrid logical
clock stamp and this device, keeps the ``<table>__ver`` companion row in step, appends the audit
history — inside the caller's transaction. Deleting writes the
versioned ``deleted`` tombstone field; restoring is a newer write of the same field.

Callers validate first (``domain.validate``); the writer trusts its input.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field

import sqlite_utils

from ..domain.errors import NotFoundError
from ..domain.ids import new_id
from ..domain.messages import M
from ..domain.records import table as get_table
from . import versions as V
from .db import transaction
from .meta import load_clock, save_clock
from .devices import self_device
from .search import index_changes

def load_seen(text: str | None) -> dict:
    """A version row's ``_seen`` marks: field -> highest stamp a writer of that field had seen."""
    return json.loads(text) if text else {}


def dump_seen(seen: dict) -> str | None:
    """Canonical ``_seen`` text (sorted keys; NULL when there is nothing to remember)."""
    seen = {k: v for k, v in seen.items() if v}
    return json.dumps(seen, sort_keys=True, separators=(",", ":")) if seen else None


@dataclass
class Change:
    """What one write did: enough to show it, and to undo it with another write."""

    table: str
    rid: str
    created: bool
    old: dict = field(default_factory=dict)   # field -> value before (changed fields only)
    new: dict = field(default_factory=dict)   # field -> value after

    @property
    def changed(self) -> bool:
        return bool(self.new)


class Writer:
    """Versioned writes for one transaction. Use :func:`writing` to get one."""

    def __init__(self, db: sqlite_utils.Database, user: str | None = None):
        self.db = db
        me = self_device(db)
        self.dev_idx = me.idx
        self.device_id = me.device_id
        self.user = user or me.name
        self.clock = load_clock(db)
        self.started_at = self.clock.last   # the persisted mark when this writer began
        self.tables: set[str] = set()       # tables written (the search index re-reads only these)
        self.changes: list[Change] = []

    # -- single records ---------------------------------------------------------------------
    def create(self, table: str, values: dict, rid: str | None = None) -> str:
        rid = rid or new_id()
        self._write(table, rid, values, must_exist=False, create=True)
        return rid

    def update(self, table: str, rid: str, values: dict) -> Change:
        return self._write(table, rid, values, must_exist=True)

    def touch(self, table: str, rid: str, fields: list[str]) -> Change:
        """Re-stamp fields with their current values (confirming them, e.g. to settle a conflict)."""
        return self._write(table, rid, {}, must_exist=True, touch=fields)

    def delete(self, table: str, rid: str) -> Change:
        return self._write(table, rid, {"deleted": 1}, must_exist=True)

    def restore(self, table: str, rid: str) -> Change:
        return self._write(table, rid, {"deleted": 0}, must_exist=True)

    def _write(self, table: str, rid: str, values: dict, *, must_exist: bool, create: bool = False,
               touch: list[str] | None = None) -> Change:
        t = get_table(table)
        names = set(t.field_names)
        unknown = set(values) - names
        if unknown:
            raise KeyError(f"{table} has no field(s) {sorted(unknown)}")
        cur = self.db.execute(f"SELECT * FROM [{table}] WHERE id = ?", [rid])
        row = cur.fetchone()
        if row is None and must_exist:
            raise NotFoundError(M("record_not_found", rid=rid))
        if row is not None and create:
            raise ValueError(f"{table} {rid} already exists")
        old = dict(zip([d[0] for d in cur.description], row)) if row else {}
        if row is None:
            changed = {k: v for k, v in values.items() if v is not None}
            changed["deleted"] = int(values.get("deleted") or 0)
        else:
            changed = {k: v for k, v in values.items() if old.get(k) != v}
            for k in touch or ():
                changed.setdefault(k, old.get(k))
        change = Change(table, rid, row is None, {k: old.get(k) for k in changed}, changed)
        if not changed:
            return change
        stamp = self.clock.tick()
        self.tables.add(table)
        cols = list(changed)
        if row is None:
            self.db.execute(
                f"INSERT INTO [{table}] (id, {', '.join(f'[{c}]' for c in cols)}) VALUES (?{', ?' * len(cols)})",
                [rid, *changed.values()])
            lay = V.layout(table)
            deltas = V.spread(lay, cols, [0] * len(cols))
            self.db.execute(f"INSERT INTO [{table}__ver] ({V.INSERT_COLUMNS}) VALUES (?, ?, ?, NULL, ?, ?, ?)",
                            [rid, stamp, stamp, *V.pack_uniform(deltas, self.dev_idx)])
        else:
            self.db.execute(f"UPDATE [{table}] SET {', '.join(f'[{c}] = ?' for c in cols)} WHERE id = ?",
                            [*changed.values(), rid])
            self._restamp(table, rid, cols, stamp)
            # this write saw the current version of these fields, which is at least every loser's
            # stamp: the concurrent losers are settled (here, and wherever this write arrives)
            self.db.execute(f"DELETE FROM conflicts WHERE tbl = ? AND rid = ? AND field IN "
                            f"({', '.join('?' * len(cols))}) AND stamp < ?", [table, rid, *cols, stamp])
        action = "create" if row is None else ("delete" if changed.get("deleted") == 1 else
                                               "restore" if "deleted" in changed else "update")
        self.db.execute(
            "INSERT INTO history(stamp, device, user, tbl, rid, action, fields) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [stamp, self.device_id, self.user, table, rid, action,
             json.dumps({k: [change.old.get(k), v] for k, v in changed.items()}, ensure_ascii=False)])
        self.changes.append(change)
        return change

    def _restamp(self, table: str, rid: str, cols: list[str], stamp: int) -> None:
        """The version row after this device wrote ``cols`` at ``stamp``: the new versions saw the
        current ones (each field's seen mark covers its current stamp)."""
        base, seen_text, deltas, devices = V.read_one(self.db, table, rid)
        seen = load_seen(seen_text)
        pos = V.layout(table).pos
        for c in cols:
            k = pos[c]
            if deltas[k] is not None and deltas[k] + base > seen.get(c, 0):
                seen[c] = deltas[k] + base
            deltas[k], devices[k] = stamp - base, self.dev_idx
        self.db.execute("UPDATE [{0}__ver] SET _seq = ?, _seen = ?, _dev = ?, _vers = ?, _devs = ? WHERE id = ?"
                        .format(table), [stamp, dump_seen(seen), *V.pack(deltas, devices), rid])

    # -- bulk (demo data, imports) ----------------------------------------------------------
    def create_many(self, table: str, rows: list[dict]) -> list[str]:
        """Create many records at once (each its own stamp); rows may carry their own ``id``.

        Set-based where the driver is slow: binding parameters costs far more than SQLite's own
        work (~0.7 µs a value with sqlcipher3), so only the columns that hold a value in some row
        are bound, and each version row is the packed 7-column form (rows written alike share one
        packed form), as :meth:`_write` would make it for each record.
        """
        t = get_table(table)
        self.tables.add(table)
        cols = [f.name for f in t.fields if f.name != "deleted"]
        ids = [r.get("id") or new_id() for r in rows]
        given = set().union(*rows)
        used = [c for c in cols if c in given and any(r.get(c) is not None for r in rows)]
        data = [[rid] + [r.get(c) for c in used] + [int(r.get("deleted") or 0)] for rid, r in zip(ids, rows)]
        named = ", ".join(f"[{c}]" for c in used + ["deleted"])
        self.db.conn.executemany(f"INSERT INTO [{table}] (id, {named}) VALUES (?{', ?' * (len(used) + 1)})", data)
        # a field holding a value carries version 0 + stamp by this device; ``deleted`` is always written
        lay_fields = V.layout(table).fields
        always = [f == "deleted" for f in lay_fields]
        tick, dev, packed = self.clock.tick, self.dev_idx, {}
        ver = []
        for rid, r in zip(ids, rows):
            deltas = tuple(0 if a or r.get(f) is not None else None for f, a in zip(lay_fields, always))
            p = packed.get(deltas)
            if p is None:   # rows written alike share one packed form
                p = packed[deltas] = V.pack_uniform(deltas, dev)
            stamp = tick()
            ver.append((rid, stamp, stamp, None, *p))
        self.db.conn.executemany(f"INSERT INTO [{table}__ver] ({V.INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", ver)
        # No history rows for bulk creates: who created a record and when is its version row's base
        # stamp and device (see records.record_history); a row each would double a township database.
        return ids

    def finish(self) -> None:
        save_clock(self.db, self.clock)


@contextmanager
def writing(db: sqlite_utils.Database, user: str | None = None):
    """A transaction whose writes are all versioned; the clock is persisted with them, and the
    search index brought up to date with them before the commit."""
    with transaction(db):
        w = Writer(db, user)
        yield w
        w.finish()
        index_changes(db, tables=w.tables, current_at=w.started_at)
