"""What merging one change set works with: versions, what is stored here, the report, the context.

A :class:`Version` is one field version as it arrives or as it is stored (value, HLC stamp, writing
device, the writer's seen mark); ``sync.merge_rule`` orders and merges them. :class:`StoredRecord`
is a record as this store holds it, read once per table (or handed over by the screen, which read
it in the same transaction). :class:`MergeContext` is what one change set's merge shares across
tables: the clock limit of rule 4 and the quarantine it fills (:meth:`MergeContext.hold`), the
mapping of the change set's devices to this store's, the records written (for the search index)
and the :class:`MergeReport`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import sqlite_utils

from ..domain.hlc import pack
from ..store import versions as V
from ..store.changes import load_seen
from ..store.devices import device_index
from ..store.search_index import INDEXED
from ..store.meta import get_setting, load_clock, now_iso, save_clock
from .changeset import ChangeSet


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


# -- versions ----------------------------------------------------------------------------------

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


def conflict_id(tbl: str, rid: str, fld: str, stamp: int, device: str) -> str:
    """The id of a conflict or quarantine row, from the version it holds: the same on every replica."""
    return hashlib.sha256(f"{tbl}\x1f{rid}\x1f{fld}\x1f{stamp}\x1f{device}".encode()).hexdigest()[:32]


def incoming_versions(cs: ChangeSet, fields: list[str], row) -> Iterator[tuple[int, Version]]:
    """A change-set row's field versions: (field position, Version) for every written field."""
    rid, values, base, deltas, dpos, seen = row
    seen = seen or {}
    devices = cs.devices
    for k, dt in enumerate(deltas):
        if dt is not None:
            yield k, Version(values[k], base + dt, devices[dpos[k]], seen.get(fields[k], 0))


def encode_value(v):
    """A value as the conflicts and quarantine tables store it (JSON text; None stays NULL)."""
    return None if v is None else json.dumps(v, ensure_ascii=False)


class WrittenFields:
    """The positions a deltas list writes and its largest delta, worked out once per list: a parsed
    change set shares its few dozen distinct lists between its rows (looked up by identity; the
    list is kept alive here, so its id is not reused meanwhile)."""

    def __init__(self):
        self._by_id: dict[int, tuple] = {}

    def of(self, deltas) -> tuple[tuple[int, ...], int]:
        w = self._by_id.get(id(deltas))
        if w is None:
            ks = tuple(k for k, dt in enumerate(deltas) if dt is not None)
            w = self._by_id[id(deltas)] = (ks, max((deltas[k] for k in ks), default=0), deltas)
        return w[0], w[1]


# -- what is stored here ---------------------------------------------------------------------

@dataclass(slots=True)
class StoredRecord:
    """A record as this store holds it: values and versions of the change set's fields, all seen marks."""

    values: list
    base: int
    stamps: list        # absolute stamp per field, None if never written
    dev_idx: list       # local device index per field
    seen: dict          # field -> seen mark, for every field of the table


def load_stored(db, tname: str, fields: list[str], ids: list[str]) -> dict[str, StoredRecord]:
    out: dict[str, StoredRecord] = {}
    for rid, base, seen, deltas, devices, has_row, values in V.read_versions(db, tname, fields, ids):
        if has_row:
            out[rid] = StoredRecord(values=values, base=base, stamps=[None if t is None else t + base for t in deltas],
                                    dev_idx=devices, seen=load_seen(seen))
    return out


def stored_as_screened(ctx, tname: str, fields: list[str]) -> dict[str, StoredRecord] | None:
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
                                tname, rid, fld, encode_value(v.value), v.stamp, v.device, v.seen, self.received))
        self.report.count(tname, "quarantined")
        if v.stamp > self.report.max_quarantined:
            self.report.max_quarantined = v.stamp

    def finish_clock(self) -> None:
        """Move past the sane stamps applied (never a quarantined one) and persist the clock."""
        if self.max_applied:
            self.clock.observe(self.max_applied)
        save_clock(self.db, self.clock)

    def flush_quarantine(self) -> None:
        if self.quarantine:
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO quarantine(id, bundle_id, sender, tbl, rid, field, value, stamp, device, "
                "seen, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.quarantine)
            self.quarantine = []
