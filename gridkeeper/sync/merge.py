"""Applying a change set: field-level last-writer-wins with nothing silently lost (DESIGN §4).

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
   is folded into the field's mark on arrival, so the row does not keep it (``seen`` is 0).
4. **Quarantine.** A version stamped more than the clock-skew setting ahead of this machine's clock
   is held in ``quarantine`` instead (:meth:`MergeContext.hold`) and does not move the local clock.
   Once the clock has caught up, :func:`release_quarantine` merges it by the same rule — or a
   reviewer accepts (a new write) or rejects it earlier.
5. **Tombstones.** ``deleted`` is a field like any other: an edit to another field never revives a
   record; only a newer write of ``deleted`` (an explicit restore) does.

A change set may carry only some of a table's fields (an older schema): fields it does not carry
keep their versions and seen marks untouched.

Each change set is applied in one transaction (a savepoint inside a merge run). What a worker
laptop sends is screened first (``sync.screen``): records outside its scope or breaking the trust
model are rejected and listed, the rest merges. Records never seen here (the bulk of a first
merge) take a set-based path (:func:`_add_new_records`: one ``executemany`` per table).

Over 500 lines: not yet split (issue #16 is open for it). The seams are the quarantine release
and the batched path for new records.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import sqlite_utils

from ..domain.gcpause import gc_paused
from ..domain.hlc import now_ms as clock_now, pack
from ..domain.records import TABLE_ORDER, table as get_table
from ..store import versions as V
from ..store.changes import dump_seen, load_seen
from ..store.db import transaction
from ..store.devices import device_index, scope_area_ids, self_device
from ..store.search_index import INDEXED, index_changes
from ..store.meta import get_setting, load_clock, now_iso, save_clock, set_meta
from .changeset import ChangeSet
from .screen import note_rejections, rejection_rows, screen_changeset


# -- the report ------------------------------------------------------------------------------

@dataclass
class MergeReport:
    bundle_id: str
    sender: str
    already_merged: bool = False
    applied: int = 0
    unchanged: int = 0
    conflicts: int = 0
    quarantined: int = 0
    rejected: int = 0
    per_table: dict = field(default_factory=dict)
    rejected_records: list = field(default_factory=list)
    max_quarantined: int = 0   # the furthest-ahead stamp held back (the sender's clock offset)

    def table(self, name: str) -> dict:
        return self.per_table.setdefault(name, {"records": 0, "applied": 0, "unchanged": 0, "conflicts": 0,
                                                 "quarantined": 0, "rejected": 0})

    def count(self, tname: str, what: str, n: int = 1) -> None:
        self.table(tname)[what] += n
        setattr(self, what, getattr(self, what) + n)

    def changed_tables(self) -> set[str]:
        """The tables this merge changed (for views deciding whether to refresh)."""
        return {t for t, c in self.per_table.items() if c["applied"] or c["conflicts"]}

    def as_dict(self) -> dict:
        return {"bundle_id": self.bundle_id, "sender": self.sender, "already_merged": self.already_merged,
                "applied": self.applied, "unchanged": self.unchanged, "conflicts": self.conflicts,
                "quarantined": self.quarantined, "rejected": self.rejected, "per_table": self.per_table,
                "rejected_records": self.rejected_records[:200]}


# -- versions and their order ----------------------------------------------------------------

@dataclass(slots=True)
class Version:
    """One field version: its value, HLC stamp, writing device and the writer's seen mark."""

    value: object
    stamp: int
    device: str
    seen: int = 0

    def same(self, other: Version | None) -> bool:
        return other is not None and self.stamp == other.stamp and self.device == other.device \
            and self.value == other.value


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


def conflict_id(tbl: str, rid: str, fld: str, stamp: int, device: str) -> str:
    return hashlib.sha256(f"{tbl}\x1f{rid}\x1f{fld}\x1f{stamp}\x1f{device}".encode()).hexdigest()[:32]


# -- what is stored here ---------------------------------------------------------------------

@dataclass(slots=True)
class StoredRecord:
    """A record as this store holds it: values and versions of the change set's fields, all seen marks."""

    values: list
    base: int
    stamps: list        # absolute stamp per field, None if never written
    dev_idx: list       # local device index per field
    seen: dict          # field -> seen mark, for every field of the table


def _load_stored(db, tname: str, fields: list[str], ids: list[str]) -> dict[str, StoredRecord]:
    out: dict[str, StoredRecord] = {}
    for rid, base, seen, deltas, devices, has_row, values in V.read_versions(db, tname, fields, ids):
        if has_row:
            out[rid] = StoredRecord(values=values, base=base, stamps=[None if t is None else t + base for t in deltas],
                                    dev_idx=devices, seen=load_seen(seen))
    return out


def _stored_as_screened(ctx, tname: str, fields: list[str]) -> dict[str, StoredRecord] | None:
    """The stored records the screen read in this transaction (None when it read none for ``fields``)."""
    fields_read, rows = ctx.loaded.get(tname, (None, None))
    if fields_read != fields:
        return None
    return {rid: StoredRecord(values=values, base=base, stamps=[None if t is None else t + base for t in deltas],
                              dev_idx=devices, seen=load_seen(seen))
            for rid, (base, seen, deltas, devices, values) in rows.items()}


# -- the merge context -----------------------------------------------------------------------

class MergeContext:
    """What one change set's merge shares across tables: clock limit, devices, report, pending rows."""

    def __init__(self, db: sqlite_utils.Database, cs: ChangeSet, report: MergeReport, *, now_ms: int,
                 step: Callable[[], None]):
        self.db = db
        self.cs = cs
        self.report = report
        self.step = step
        self.now = now_ms
        self.limit = pack(now_ms + int(float(get_setting(db, "clock_skew_hours")) * 3600_000), 0xFFFF)
        self.clock = load_clock(db)
        self.mark = self.clock.last           # the persisted mark before this merge
        self.seq = self.clock.tick()          # this merge's local change mark for touched records
        self.written: dict[str, list[str]] = {}  # ids of the records written here, for the search index
        self.received = now_iso()
        self.max_applied = 0
        self.device_of_idx: dict[int, str] = dict(db.execute("SELECT idx, device_id FROM devices").fetchall())
        self._idx_of: dict[str, int] = {d: i for i, d in self.device_of_idx.items()}
        self.quarantine: list[tuple] = []
        self._idx_at: list[int | None] = [None] * len(cs.devices)
        self.add_devices = True   # False once screened: a worker's change set adds no device but itself
        self.loaded: dict = {}    # what the screen read of the stored records (table -> (fields, rows))

    def use(self, cs: ChangeSet) -> None:
        """Merge this (screened) change set from now on."""
        self.cs = cs
        self._idx_at = [None] * len(cs.devices)
        self.add_devices = False

    def idx_at(self, pos: int) -> int:
        """This store's index for the change set's device at position ``pos``."""
        idx = self._idx_at[pos]
        if idx is None:
            idx = self._idx_at[pos] = self.local_idx(self.cs.devices[pos])
        return idx

    def local_idx(self, device_id: str) -> int:
        """This store's index for a device (a bare 'seen' entry for a writer first met here)."""
        idx = self._idx_of.get(device_id)
        if idx is None:
            idx = self._idx_of[device_id] = device_index(self.db, device_id,
                                                         add=self.add_devices or device_id == self.cs.sender)
            self.device_of_idx[idx] = device_id
        return idx

    def wrote(self, tname: str, ids) -> None:
        """Records of ``tname`` written by this merge (the search index re-reads the ones it shows)."""
        if tname in INDEXED:
            self.written.setdefault(tname, []).extend(ids)

    def applied_stamp(self, stamp: int) -> None:
        if stamp > self.max_applied:
            self.max_applied = stamp

    def hold(self, tname: str, rid: str, fld: str, v: Version) -> None:
        """Rule 4: a stamp from the future waits in quarantine."""
        self.quarantine.append((conflict_id(tname, rid, fld, v.stamp, v.device), self.cs.id, self.cs.sender,
                                tname, rid, fld, _enc(v.value), v.stamp, v.device, v.seen, self.received))
        self.report.count(tname, "quarantined")
        if v.stamp > self.report.max_quarantined:
            self.report.max_quarantined = v.stamp

    def flush_quarantine(self) -> None:
        if self.quarantine:
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO quarantine(id, bundle_id, sender, tbl, rid, field, value, stamp, device, "
                "seen, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.quarantine)
            self.quarantine = []


# -- applying a change set -------------------------------------------------------------------

def apply_changeset(db: sqlite_utils.Database, cs: ChangeSet, *, sha256: str = "", scope: list[str] | None = None,
                    full_scope: bool = True, now_ms: int | None = None,
                    then: Callable[[sqlite_utils.Database], None] | None = None,
                    _fail_at: int | None = None) -> MergeReport:
    """Merge one change set atomically. ``scope``/``full_scope`` describe what the sender may change.

    ``then`` runs inside the same transaction after the records merged (e.g. a worker taking its
    assigned areas from a return bundle), so the bundle is recorded as merged only with it.
    ``_fail_at`` is for fault-injection tests: raise after that many steps.
    """
    rep = MergeReport(cs.id, cs.sender)
    steps = [0]

    def step():
        steps[0] += 1
        if _fail_at is not None and steps[0] >= _fail_at:
            raise RuntimeError(f"injected failure at step {steps[0]}")

    with gc_paused(), transaction(db):
        if db.execute("SELECT 1 FROM bundles_applied WHERE bundle_id = ?", [cs.id]).fetchone():
            rep.already_merged = True
            return rep
        me = self_device(db)
        ctx = MergeContext(db, cs, rep, now_ms=clock_now() if now_ms is None else now_ms, step=step)
        if not full_scope:
            cs = _screen(ctx, cs, scope_area_ids(db, scope or []), township=me.device_id)
            ctx.use(cs)
        merge_tables(ctx, cs)
        _record_history(db, cs, rep)
        step()
        _finish_clock(ctx)
        _note_sender(ctx, me.device_id)
        if then is not None:
            then(db)
        step()
        _index(ctx)   # the search index is current in the same transaction (no search pays for a merge)
        db.execute("INSERT INTO bundles_applied(bundle_id, sender, sha256, applied_at, report) VALUES (?, ?, ?, ?, ?)",
                   [cs.id, cs.sender, sha256, ctx.received, json.dumps(rep.as_dict(), ensure_ascii=False)])
    return rep


def _index(ctx: MergeContext) -> None:
    """Index what this merge wrote now, or inside a merge run when the run commits its group."""
    run = _RUNS.get(id(ctx.db.conn))
    if run is not None:
        run.defer_index(ctx.written, ctx.mark)
    else:
        index_changes(ctx.db, touched=ctx.written, current_at=ctx.mark)


def merge_tables(ctx: MergeContext, cs: ChangeSet) -> None:
    """Every table of the change set, parents before children."""
    for tname in TABLE_ORDER:
        tc = cs.tables.get(tname)
        if tc and tc["rows"]:
            _merge_table(ctx, tname, tc["fields"], tc["rows"])
    ctx.flush_quarantine()


def _merge_table(ctx: MergeContext, tname: str, fields: list[str], rows: list) -> None:
    ctx.report.table(tname)["records"] += len(rows)
    stored = _stored_as_screened(ctx, tname, fields)
    if stored is None:
        stored = _load_stored(ctx.db, tname, fields, [r[0] for r in rows])
    carried = _carried_losers(ctx.cs, tname, fields)
    ctx.step()
    fresh = []
    for row in rows:
        rid = row[0]
        rec = stored.get(rid)
        if rec is None and rid not in carried:
            fresh.append(row)
        else:
            _merge_record(ctx, tname, fields, row, rec, carried.get(rid, ()))
    ctx.step()
    if fresh:
        _add_new_records(ctx, tname, fields, fresh)
        ctx.step()


def _carried_losers(cs: ChangeSet, tname: str, fields: list[str]) -> dict[str, list]:
    """Losing versions the sender knows for this table's records: rid -> [(field position, Version)]."""
    pos = {f: k for k, f in enumerate(fields)}
    out: dict[str, list] = {}
    for c in cs.conflicts:
        if c[0] == tname and c[2] in pos:
            out.setdefault(c[1], []).append((pos[c[2]], Version(c[3], c[4], cs.devices[c[5]], c[6])))
    return out


def _incoming(cs: ChangeSet, fields: list[str], row) -> Iterator[tuple[int, Version]]:
    """A change-set row's field versions: (field position, Version) for every written field."""
    rid, values, base, deltas, dpos, seen = row
    seen = seen or {}
    devices = cs.devices
    for k, dt in enumerate(deltas):
        if dt is not None:
            yield k, Version(values[k], base + dt, devices[dpos[k]], seen.get(fields[k], 0))


def _add_new_records(ctx: MergeContext, tname: str, fields: list[str], rows: list) -> None:
    """Records never seen here: every sane version wins outright (the set-based fast path).

    The incoming base/deltas are already the store's version-row layout, so a record whose stamps
    are all sane is packed as it is (:func:`store.versions.pack_mapped`) and the whole
    batch goes in with one ``executemany`` per table, its rows made as SQLite takes them (no second
    copy of a township's records in memory); a record with fields stamped in the future has those
    fields held in quarantine (:func:`_add_partly_held`).
    """
    limit = ctx.limit
    sane, held_rows, held_vers = [], [], []
    applied = top = 0
    for row in rows:
        base, deltas = row[2], row[3]
        if None in deltas:
            written = [dt for dt in deltas if dt is not None]
            if not written:
                continue
        else:
            written = deltas
        hi = base + max(written)
        if hi > limit:
            _add_partly_held(ctx, tname, fields, row, held_rows, held_vers)
            continue
        if hi > top:
            top = hi
        sane.append(row)
        applied += len(written)
    ctx.applied_stamp(top)
    ctx.report.count(tname, "applied", applied)
    if sane:
        local = {None: None}   # change-set device position -> this store's index (looked up before inserting)
        for pos in range(len(ctx.cs.devices)):
            local[pos] = ctx.idx_at(pos)
        _insert_records(ctx.db, tname, fields, _value_rows(fields, sane),
                        _version_rows(ctx.seq, local, V.layout(tname), fields, sane))
        ctx.wrote(tname, [r[0] for r in sane])
    if held_rows:
        _insert_records(ctx.db, tname, fields, held_rows, held_vers)
        ctx.wrote(tname, [r[0] for r in held_rows])


def _value_rows(fields: list[str], rows: list) -> Iterator[tuple]:
    """``(id, *values)`` of change-set rows (a ``deleted`` that was never written is stored as 0)."""
    del_pos = fields.index("deleted") if "deleted" in fields else None
    for row in rows:
        values = row[1]
        if del_pos is not None and values[del_pos] is None:
            values = list(values)
            values[del_pos] = 0
        yield (row[0], *values)


def _version_rows(seq: int, local: dict, lay: V.Layout, fields: list[str], rows: list) -> Iterator[tuple]:
    """Packed version rows ``(id, seq, base, seen, dev, vers, devs)`` of change-set rows, devices as
    this store's indexes (a change set of this schema lists its fields in the layout's order)."""
    same = tuple(fields) == lay.fields
    packed: dict[tuple[int, int], tuple] = {}   # a parsed change set shares its few distinct lists
    for rid, _values, base, deltas, dpos, seen in rows:
        key = (id(deltas), id(dpos))   # (``rows`` keeps them alive: an id is not reused meanwhile)
        p = packed.get(key)
        if p is None:
            if not same:   # an older schema's change set: fewer fields
                p = V.pack_mapped(V.spread(lay, fields, deltas), V.spread(lay, fields, dpos), local)
            else:
                p = V.pack_mapped(deltas, dpos, local)
            packed[key] = p
        yield (rid, seq, base, dump_seen(seen) if seen else None, *p)


def _insert_records(db, tname: str, fields: list[str], rows: Iterable, vers: Iterable) -> None:
    """Bulk insert: value rows ``[id, *values]``, packed version rows ``[id, seq, base, seen, dev, vers, devs]``."""
    cols = ", ".join(f"[{f}]" for f in fields)
    db.conn.executemany(f"INSERT INTO [{tname}] (id, {cols}) VALUES (?{', ?' * len(fields)})", rows)
    db.conn.executemany(f"INSERT INTO [{tname}__ver] ({V.INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", vers)


def _add_partly_held(ctx: MergeContext, tname: str, fields: list[str], row, new_rows: list, new_vers: list) -> None:
    """A new record some of whose fields are stamped in the future: those wait, the rest applies."""
    rid, values, base, deltas, dpos, seen_in = row
    vals, stamps, devs, seen, applied = [], [], [], {}, 0
    for k, v in _incoming_all(ctx.cs, fields, row):
        if v is not None and v.stamp > ctx.limit:
            ctx.hold(tname, rid, fields[k], v)
            v = None
        if v is None:
            vals.append(0 if fields[k] == "deleted" else None)
            stamps.append(None)
            devs.append(None)
            continue
        vals.append(v.value)
        stamps.append(v.stamp - base)
        devs.append(ctx.local_idx(v.device))
        if v.seen:
            seen[fields[k]] = v.seen
        ctx.applied_stamp(v.stamp)
        applied += 1
    if applied:
        lay = V.layout(tname)
        new_rows.append([rid, *vals])
        new_vers.append([rid, ctx.seq, base, dump_seen(seen),
                         *V.pack(V.spread(lay, fields, stamps), V.spread(lay, fields, devs))])
        ctx.report.count(tname, "applied", applied)


def _incoming_all(cs: ChangeSet, fields: list[str], row) -> Iterator[tuple[int, Version | None]]:
    written = dict(_incoming(cs, fields, row))
    for k in range(len(fields)):
        yield k, written.get(k)


def _merge_record(ctx: MergeContext, tname: str, fields: list[str], row, rec: StoredRecord | None,
                  carried: Iterable) -> None:
    """The slow path: version by version against what is here (rules 1–4), then store the outcome."""
    rid = row[0]
    state = _field_states(ctx, fields, rec)
    seen_before = [fs.seen for fs in state]
    incoming = [(k, v, True) for k, v in _incoming(ctx.cs, fields, row)]
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
                 _enc(loser.value), loser.stamp, loser.device])
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


# -- bookkeeping around the records ----------------------------------------------------------

def _record_history(db, cs: ChangeSet, rep: MergeReport) -> None:
    if not cs.history:
        return
    # (a screened change set holds no history of refused records; a refused audit-trail entry must
    # not take the record's valid entries with it)
    refused = {(r["table"], r["id"]) for r in rep.rejected_records if r.get("reason") != "bad_history"}
    db.conn.executemany(
        "INSERT OR IGNORE INTO history(stamp, device, user, tbl, rid, action, fields) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(h[0], cs.sender, h[1], h[2], h[3], h[4], h[5]) for h in cs.history if (h[2], h[3]) not in refused])


def _finish_clock(ctx: MergeContext) -> None:
    """Move past the sane stamps applied (never a quarantined one) and persist the clock."""
    if ctx.max_applied:
        ctx.clock.observe(ctx.max_applied)
    save_clock(ctx.db, ctx.clock)


def _note_sender(ctx: MergeContext, me: str) -> None:
    """What this merge says about the sender: its clock, what it sent, what it acknowledged of ours."""
    db, cs, rep = ctx.db, ctx.cs, ctx.report
    if rep.quarantined:
        db.execute("UPDATE devices SET flagged = ? WHERE device_id = ?", ["clock_ahead", cs.sender])
    now = ctx.now
    hi = max(ctx.max_applied, rep.max_quarantined)
    offset = (hi >> 16) - now if hi and (hi >> 16) > now else None
    db.execute("UPDATE devices SET received_seq = max(received_seq, ?), last_bundle_at = ?, clock_offset_ms = ? "
               "WHERE device_id = ?", [cs.seq_max, ctx.received, offset, cs.sender])
    if me in cs.acks:
        db.execute("UPDATE devices SET acked_seq = ? WHERE device_id = ?", [cs.acks[me], cs.sender])


def _screen(ctx: MergeContext, cs: ChangeSet, scope: set[str], *, township: str) -> ChangeSet:
    """Keep only what the (worker) sender may change; list the rest as rejected (DESIGN §4 trust model)."""
    clean, rejections = screen_changeset(ctx.db, cs, sender=cs.sender, scope=scope, township=township,
                                         loaded=ctx.loaded)
    if rejections:
        _record_rejections(ctx, cs, rejections)
    return clean


def _record_rejections(ctx: MergeContext, cs: ChangeSet, rejections: list) -> None:
    """The report and ``rejected_changes`` rows, from what the screen says about each rejection.

    ``Rejection.versions`` and ``Rejection.value`` (safe, shortened JSON) come with every rejection:
    no scan of the change set per rejection (a bundle of 60,000 bad rows stays linear), and no raw
    value from the file reaches the database (a lone surrogate there would fail the insert).
    """
    note_rejections(ctx.report, rejections)
    ctx.db.conn.executemany("INSERT INTO rejected_changes(bundle_id, sender, tbl, rid, field, value, reason, "
                            "received_at, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            rejection_rows(cs, rejections, ctx.received))


def _enc(v):
    return None if v is None else json.dumps(v, ensure_ascii=False)


# -- quarantine released when its time has come ----------------------------------------------

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
        _finish_clock(ctx)
        index_changes(db, touched=ctx.written, current_at=ctx.mark)
        db.conn.executemany("DELETE FROM quarantine WHERE id = ?", [(q[0],) for q in due])
    return len(due)


# -- merge runs ------------------------------------------------------------------------------

class MergeRun:
    """A batch of merges committed in groups: see :func:`merge_run`."""

    def __init__(self, db: sqlite_utils.Database, commit_every_s: float):
        self.db = db
        self.commit_every_s = commit_every_s
        self._last = time.monotonic()
        self._written: dict[str, list[str]] = {}   # records written since the last commit
        self._mark: int | None = None              # the persisted mark before the group's first merge

    def defer_index(self, written: dict[str, list[str]], mark: int) -> None:
        """A merge of this run wrote these records: index them with the group (one pass, not one per bundle).

        A bundle rolled back after this call leaves its ids here: re-reading a record that did not
        change is harmless (its entry is written again from what is stored)."""
        if self._mark is None:
            self._mark = mark
        for t, ids in written.items():
            self._written.setdefault(t, []).extend(ids)

    def index(self) -> None:
        """Bring the search index up to date with the group before it commits."""
        if self._mark is not None:
            index_changes(self.db, touched=self._written, current_at=self._mark)
        self._written, self._mark = {}, None

    def bundle_done(self) -> None:
        """Call after each change set: commits the group when it is old enough."""
        if time.monotonic() - self._last >= self.commit_every_s:
            self.index()
            self.db.conn.execute("COMMIT")
            self.db.conn.execute("BEGIN IMMEDIATE")
            self._last = time.monotonic()


_RUNS: dict[int, MergeRun] = {}   # id(connection) -> the merge run under way on it


@contextmanager
def merge_run(db: sqlite_utils.Database, *, commit_every_s: float = 2.0):
    """Merge many change sets with a commit every couple of seconds instead of one per bundle.

    Inside the run each change set is still all or nothing (a savepoint: a refused or failing
    bundle rolls back alone and the run goes on). Groups commit with ``synchronous=NORMAL``: a
    power cut mid-run can lose the last group of merges — never corrupt the file or half-apply
    one — and those bundles simply merge again when re-run (merging is idempotent, the files are
    still there). Leaving the run commits with ``FULL``, which makes every merge of the run durable.
    The search index is brought up to date once per group, just before it commits (what every
    bundle of the group wrote, in one pass): a committed group is always indexed.
    Yields a :class:`MergeRun`; call ``bundle_done()`` after each change set.
    """
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA wal_autocheckpoint = 16000")  # fewer, larger checkpoints during the run
    db.conn.execute("BEGIN IMMEDIATE")
    run = _RUNS[id(db.conn)] = MergeRun(db, commit_every_s)
    try:
        yield run
        run.index()
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    finally:
        _RUNS.pop(id(db.conn), None)
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA wal_autocheckpoint = 1000")
        with transaction(db):
            set_meta(db, "last_merge_run", now_iso())
