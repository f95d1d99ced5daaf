"""The merge rule: field-level last-writer-wins with nothing silently lost (DESIGN §4).

The rule, per field of a record (README, "Merge"), as this module implements it step by step:

1. **Order.** Versions are totally ordered by ``(stamp, device id)``; the greater wins
   (:func:`beats`). Two versions with the same stamp and device but different values can only come
   from a misbehaving device: the canonical encoding of the value breaks that tie, so every
   replica still picks the same one.
2. **Seen mark.** Every version carries ``seen``: the highest stamp its writer had seen for the
   field. The store keeps, per field, the highest ``seen`` of every version it ever received
   (``FieldState.seen``). It only grows.
3. **Conflicts.** A losing version whose stamp is above the field's seen mark was written without
   knowledge of the winner: a concurrent edit, kept in ``conflicts``. A loser at or below the mark
   was superseded by someone who had seen it: nothing to review. So the conflict set is "every
   version received that is not the winner and lies above the seen mark" — a function of the set
   of versions received, whatever the order. A conflict row holds the losing version's content
   (table, record, field, value, stamp, device) and an id derived from it; the loser's own seen mark
   is folded into the field's mark on arrival, so the row does not keep it (``seen`` is 0)
   (:func:`_settle_conflicts`).
4. **Quarantine.** A version stamped more than the clock-skew setting ahead of this machine's clock
   is held in ``quarantine`` instead (``MergeContext.hold`` in ``sync.merge_context``) and does not
   move the local clock. Once the clock has caught up, ``sync.quarantine.release_quarantine``
   merges it by the same rule — or a reviewer accepts (a new write) or rejects it earlier.
5. **Tombstones.** ``deleted`` is a field like any other: an edit to another field never revives a
   record; only a newer write of ``deleted`` (an explicit restore) does.

A change set may carry only some of a table's fields (an older schema): fields it does not carry
keep their versions and seen marks untouched (:func:`_store_record`).

Records never seen here (the bulk of a first merge) take a set-based path where every sane version
wins outright (``sync.merge_new_records``: one ``executemany`` per table); the others merge record
by record, version by version (:func:`_merge_record`). Applying a change set as a whole — one
transaction, the screen of a worker's change set first, the bookkeeping around the records — is
``sync.merge``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..domain.records import TABLE_ORDER
from ..store import versions as V
from ..store.changes import dump_seen
from .changeset import ChangeSet
from .merge_context import (MergeContext, StoredRecord, Version, WrittenFields, conflict_id, encode_value,
                            incoming_versions, load_stored, stored_as_screened)
from .merge_new_records import add_new_records


# -- versions and their order ----------------------------------------------------------------

def _value_key(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def beats(a: Version, b: Version | None) -> bool:
    """Whether version ``a`` wins over ``b``: by (stamp, device), then canonical value (rule 1)."""
    if b is None:
        return True
    if a.stamp != b.stamp:
        return a.stamp > b.stamp
    if a.device != b.device:
        return a.device > b.device
    return _value_key(a.value) > _value_key(b.value)


@dataclass(slots=True)
class FieldState:
    """One field of one record while it merges: the current version, the seen mark, the losers."""

    current: Version | None
    seen: int
    losers: list = field(default_factory=list)
    replaced: bool = False

    def offer(self, v: Version) -> str:
        """Merge one incoming version (rules 1–2). Returns ``applied``, ``unchanged`` or ``lost``."""
        if v.seen > self.seen:
            self.seen = v.seen
        cur = self.current
        if v.same(cur):
            return "unchanged"
        if beats(v, cur):
            if cur is not None:
                self.losers.append(cur)
            self.current = v
            self.replaced = True
            return "applied"
        self.losers.append(v)
        return "lost"


# -- a change set's tables -------------------------------------------------------------------

def merge_tables(ctx: MergeContext, cs: ChangeSet) -> None:
    """Every table of the change set, parents before children."""
    for tname in TABLE_ORDER:
        tc = cs.tables.get(tname)
        if tc and tc["rows"]:
            _merge_table(ctx, tname, tc["fields"], tc["rows"])
    ctx.flush_quarantine()


def _merge_table(ctx: MergeContext, tname: str, fields: list[str], rows: list) -> None:
    """Records held here or carrying losers merge one by one; records never seen here in one batch."""
    ctx.report.table(tname)["records"] += len(rows)
    stored = stored_as_screened(ctx, tname, fields)
    if stored is None:
        stored = load_stored(ctx.db, tname, fields, [r[0] for r in rows])
    carried = _carried_losers(ctx.cs, tname, fields)
    ctx.step()
    fresh = []
    echoes = _Echoes(ctx)
    for row in rows:
        rid = row[0]
        rec = stored.get(rid)
        if rec is None and rid not in carried:
            fresh.append(row)
        elif rec is not None and rid not in carried and echoes.holds(row, rec):
            continue
        else:
            _merge_record(ctx, tname, fields, row, rec, carried.get(rid, ()))
    if echoes.unchanged:
        ctx.report.count(tname, "unchanged", echoes.unchanged)
    ctx.step()
    if fresh:
        add_new_records(ctx, tname, fields, fresh)
        ctx.step()


def _carried_losers(cs: ChangeSet, tname: str, fields: list[str]) -> dict[str, list]:
    """Losing versions the sender knows for this table's records: rid -> [(field position, Version)]."""
    pos = {f: k for k, f in enumerate(fields)}
    out: dict[str, list] = {}
    for c in cs.conflicts:
        if c[0] == tname and c[2] in pos:
            out.setdefault(c[1], []).append((pos[c[2]], Version(c[3], c[4], cs.devices[c[5]], c[6])))
    return out


class _Echoes:
    """Records re-sent exactly as stored (a cumulative bundle before its acknowledgement came back).

    :meth:`holds` is the slow path's verdict on such a record, reached without building its field
    states: every version the row carries is the one stored (same stamp, writer and value, so the
    rule calls it ``unchanged``), none is stamped beyond the quarantine limit, and no seen mark is
    above the stored one (so none is raised and no conflict is pruned). Nothing is written; the
    versions count as unchanged. Any difference takes the slow path.
    """

    def __init__(self, ctx: MergeContext):
        self.limit = ctx.limit
        self.devices = ctx.cs.devices
        self.device_of_idx = ctx.device_of_idx
        self.written_of = WrittenFields().of
        self.unchanged = 0

    def holds(self, row, rec: StoredRecord) -> bool:
        _rid, values, base, deltas, dpos, seen = row
        ks, top = self.written_of(deltas)
        if not ks or base + top > self.limit:
            return False
        stamps, svalues, dev_idx, devices, device_of = rec.stamps, rec.values, rec.dev_idx, self.devices, \
            self.device_of_idx
        for k in ks:
            if stamps[k] != base + deltas[k] or svalues[k] != values[k] \
                    or device_of.get(dev_idx[k], "") != devices[dpos[k]]:
                return False
        if seen:
            stored_seen = rec.seen
            if any(mark > stored_seen.get(f, 0) for f, mark in seen.items()):
                return False
        self.unchanged += len(ks)
        return True


# -- record by record ------------------------------------------------------------------------

def _merge_record(ctx: MergeContext, tname: str, fields: list[str], row, rec: StoredRecord | None,
                  carried: Iterable) -> None:
    """The slow path: version by version against what is here (rules 1–4), then store the outcome."""
    rid = row[0]
    state = _field_states(ctx, fields, rec)
    seen_before = [fs.seen for fs in state]
    incoming = [(k, v, True) for k, v in incoming_versions(ctx.cs, fields, row)]
    incoming += [(k, v, False) for k, v in carried]          # losers: merged, never counted
    for k, v, counted in incoming:
        if v.stamp > ctx.limit:
            ctx.hold(tname, rid, fields[k], v)
            continue
        outcome = state[k].offer(v)
        if outcome == "applied":
            ctx.applied_stamp(v.stamp)
        if counted:
            ctx.report.count(tname, "applied" if outcome == "applied" else "unchanged")
    conflicts_changed = _settle_conflicts(ctx, tname, rid, fields, state, seen_before)
    _store_record(ctx, tname, rid, fields, rec, state, seen_before, conflicts_changed)


def _field_states(ctx: MergeContext, fields: list[str], rec: StoredRecord | None) -> list[FieldState]:
    if rec is None:
        return [FieldState(None, 0) for _ in fields]
    return [FieldState(None if rec.stamps[k] is None else
                       Version(rec.values[k], rec.stamps[k], ctx.device_of_idx.get(rec.dev_idx[k], "")),
                       rec.seen.get(f, 0))
            for k, f in enumerate(fields)]


def _settle_conflicts(ctx: MergeContext, tname: str, rid: str, fields: list[str], state: list[FieldState],
                      seen_before: list[int]) -> bool:
    """Rule 3: keep every loser above the field's seen mark; prune what the mark now covers."""
    db = ctx.db
    changed = False
    for k, fs in enumerate(state):
        if fs.seen > seen_before[k]:
            if db.execute("DELETE FROM conflicts WHERE tbl = ? AND rid = ? AND field = ? AND stamp <= ?",
                          [tname, rid, fields[k], fs.seen]).rowcount:
                changed = True
        for loser in fs.losers:
            if loser.stamp <= fs.seen or loser.same(fs.current):
                continue
            cur = db.execute(
                "INSERT INTO conflicts(id, tbl, rid, field, value, stamp, device, seen) VALUES (?, ?, ?, ?, ?, ?, ?, 0) "
                "ON CONFLICT(id) DO UPDATE SET value = excluded.value WHERE excluded.value > conflicts.value",
                [conflict_id(tname, rid, fields[k], loser.stamp, loser.device), tname, rid, fields[k],
                 encode_value(loser.value), loser.stamp, loser.device])
            if cur.rowcount:
                changed = True
                if fs.current is None or loser.value != fs.current.value:
                    ctx.report.count(tname, "conflicts")
    return changed


def _store_record(ctx: MergeContext, tname: str, rid: str, fields: list[str], rec: StoredRecord | None,
                  state: list[FieldState], seen_before: list[int], conflicts_changed: bool) -> None:
    """Write the merged fields back: values, versions, seen marks (fields not carried untouched)."""
    replaced = [k for k, fs in enumerate(state) if fs.replaced]
    seen_raised = any(fs.seen > s for fs, s in zip(state, seen_before))
    if not replaced and not seen_raised and not conflicts_changed:
        return
    seen = dict(rec.seen) if rec is not None else {}
    for k, fs in enumerate(state):
        if fs.seen:
            seen[fields[k]] = fs.seen
    db = ctx.db
    if rec is None:
        written = [k for k, fs in enumerate(state) if fs.current is not None]
        if not written:
            return
        ctx.wrote(tname, [rid])
        base = min(state[k].current.stamp for k in written)
        values = [fs.current.value if fs.current is not None else (0 if f == "deleted" else None)
                  for f, fs in zip(fields, state)]
        lay = V.layout(tname)
        deltas = V.spread(lay, fields, [None if fs.current is None else fs.current.stamp - base for fs in state])
        devices = V.spread(lay, fields, [None if fs.current is None else ctx.local_idx(fs.current.device)
                                         for fs in state])
        cols = ", ".join(f"[{f}]" for f in fields)
        db.execute(f"INSERT INTO [{tname}] (id, {cols}) VALUES (?{', ?' * len(fields)})", [rid, *values])
        db.execute(f"INSERT INTO [{tname}__ver] ({V.INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [rid, ctx.seq, base, dump_seen(seen), *V.pack(deltas, devices)])
        return
    ctx.wrote(tname, [rid])
    if replaced:
        db.execute(f"UPDATE [{tname}] SET {', '.join(f'[{fields[k]}] = ?' for k in replaced)} WHERE id = ?",
                   [state[k].current.value for k in replaced] + [rid])
    base, _, deltas, devices = V.read_one(db, tname, rid)
    pos = V.layout(tname).pos
    for k in replaced:
        p = pos[fields[k]]
        deltas[p], devices[p] = state[k].current.stamp - base, ctx.local_idx(state[k].current.device)
    db.execute(f"UPDATE [{tname}__ver] SET _seq = ?, _seen = ?, _dev = ?, _vers = ?, _devs = ? WHERE id = ?",
               [ctx.seq, dump_seen(seen), *V.pack(deltas, devices), rid])
