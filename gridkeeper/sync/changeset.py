"""Change sets: the field versions one device sends another (DESIGN §4).

A change set carries, for every record changed since the recipient last acknowledged, all of its
field versions: value, HLC stamp, writing device and the highest stamp its writer had seen. It is
cumulative until acknowledged, so a lost bundle loses nothing: the next one carries the same and
more. Acknowledgements travel back and shrink later change sets.

The wire form (:meth:`ChangeSet.to_bytes`) is canonical JSON::

    {"format": 2, "id": ..., "sender": ..., "devices": [device ids],
     "seq_max": int, "acks": {device_id: seq}, "revoked": [device ids],
     "tables": {"persons": {"fields": [...],
                            "rows": [[id, [values...], base, [deltas...], [devices...], {field: seen} | null]]}},
     "conflicts": [...], "history": [...]}

A field's stamp is ``base + delta`` (``null`` delta: never written); its device is
``devices[d]``; ``seen`` is the highest stamp a writer of that field had seen. This is the store's
own version-row layout: fields written together share the base, so deltas are mostly 0 — a
township bundle parses into few Python objects (small ints are shared). Fields are listed in the
store's version-row order (:func:`store.versions.layout`), so a record new to the receiver is
stored without reordering its lists. Unknown tables or fields are refused when applying.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Annotated, Optional, Union

import msgspec

import sqlite_utils

from ..domain.errors import GridkeeperError
from ..domain.gcpause import gc_paused
from ..domain.ids import new_id
from ..domain.messages import M, Message
from ..domain.records import TABLE_ORDER, table as get_table
from ..store import versions
from ..store.areas import ancestor_ids
from ..store.devices import device_ids_by_index, scope_area_ids, self_device
from ..store.meta import load_clock

FORMAT = 2
MAX_STAMP = 1 << 62
MAX_TEXT = 100_000   # characters of one text value (README, "Trust model")


@dataclass(frozen=True)
class Limits:
    """What one change set may hold, checked before and while it is parsed (DESIGN §4 trust model).

    ``max_payload`` bounds the decompressed bytes; ``max_elements`` bounds the JSON values (counted
    as separators before parsing, so a flood of tiny records is refused without building it);
    ``max_records`` the rows of all tables; ``max_text`` one string's characters. Parsing a payload
    at these bounds peaks at a few hundred MB (README, "Trust model").
    """

    max_payload: int
    max_elements: int
    max_records: int
    max_text: int = 100_000    # at most MAX_TEXT (what the typed pass enforces)


# What the township accepts from one worker laptop: a grid's cumulative changes are a few thousand
# records; a whole village's a few tens of thousands.
WORKER_LIMITS = Limits(max_payload=32 << 20, max_elements=4_000_000, max_records=100_000)
# What a worker accepts from its township (the whole township, for a village worker or a new laptop).
RETURN_LIMITS = Limits(max_payload=256 << 20, max_elements=40_000_000, max_records=1_000_000)


@dataclass
class ChangeSet:
    id: str
    sender: str
    devices: list[str] = field(default_factory=list)
    tables: dict = field(default_factory=dict)
    seq_max: int = 0
    acks: dict = field(default_factory=dict)
    revoked: list = field(default_factory=list)
    # losing versions known to the sender for the records it sends: [table, id, field, value, stamp, device, seen]
    conflicts: list = field(default_factory=list)
    # the audit trail of the sender's own edits to those records: [stamp, user, table, id, action, fields]
    history: list = field(default_factory=list)
    # the sender's clock when it wrote the change set: orders return bundles (an older one never
    # rolls back a newer one's assigned areas)
    issued: int = 0

    def counts(self) -> dict:
        return {t: len(v["rows"]) for t, v in self.tables.items() if v["rows"]}

    def stamp_range(self) -> tuple[int, int]:
        lo, hi = None, None
        for tc in self.tables.values():
            for row in tc["rows"]:
                written = [d for d in row[3] if d is not None]
                if written:
                    a, b = row[2] + min(written), row[2] + max(written)
                    lo = a if lo is None or a < lo else lo
                    hi = b if hi is None or b > hi else hi
        return lo or 0, hi or 0

    @staticmethod
    def versions(row, fields: list[str]) -> list:
        """A row's field versions as ``(stamp, device position, seen)`` or None, in field order."""
        base, seen = row[2], row[5] or {}
        return [None if dt is None else (base + dt, dv, seen.get(f, 0))
                for f, dt, dv in zip(fields, row[3], row[4])]

    def to_dict(self) -> dict:
        return {"format": FORMAT, "id": self.id, "sender": self.sender, "devices": self.devices,
                "seq_max": self.seq_max, "acks": self.acks, "revoked": self.revoked, "tables": self.tables,
                "conflicts": self.conflicts, "history": self.history, "issued": self.issued}

    def to_bytes(self) -> bytes:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, data: bytes, limits: Limits = RETURN_LIMITS) -> "ChangeSet":
        """Parse untrusted bytes: bounds first, then one typed pass (msgspec), then the cross-checks."""
        if len(data) > limits.max_payload:
            raise _bad(M("too_large:over_the_mb_limit", mb=limits.max_payload >> 20), code="too_large")
        if data.count(b",") + data.count(b"[") > limits.max_elements:
            raise _bad(M("too_large:more_than_values", n=limits.max_elements), code="too_large")
        with gc_paused():   # millions of small objects, no cycles among them
            with _typed_pass():
                wire = _WIRE.decode(data)
            return cls._from_wire(wire, limits)

    @classmethod
    def from_dict(cls, d, limits: Limits = RETURN_LIMITS) -> "ChangeSet":
        """The same checks as :meth:`from_bytes` for an already decoded object (tests, tools)."""
        with _typed_pass():
            data = msgspec.json.encode(d)
        return cls.from_bytes(data, limits)

    @classmethod
    def _from_wire(cls, w: "_Wire", limits: Limits) -> "ChangeSet":
        """What the typed pass cannot say: sizes, references between parts, the registry's fields."""
        if w.format != FORMAT:
            raise _bad(M("bad_changeset:unsupported_format"))
        ndev = len(w.devices)
        if len(w.conflicts) > limits.max_records or len(w.history) > limits.max_records:
            raise _too_many_records(limits)
        if not all(w.devices) or len(set(w.devices)) != ndev:
            raise _bad(M("bad_changeset:bad_device_list"))
        tables = {}
        nrec = 0
        for tname, tc in w.tables.items():
            if tname not in TABLE_ORDER:
                raise _bad(M("bad_changeset:unknown_table", table=tname))
            fields = tc.fields
            if set(fields) - set(get_table(tname).field_names) or len(set(fields)) != len(fields):
                raise _bad(M("bad_changeset:unknown_fields", table=tname))
            rows = _table_rows(tname, tc.rows)   # bounded work: the values were counted before parsing
            nrec += len(rows)
            if nrec > limits.max_records:
                raise _too_many_records(limits)
            _check_rows(rows, fields, ndev, limits)
            tables[tname] = {"fields": fields, "rows": rows}
        for c in w.conflicts:
            if c[0] not in TABLE_ORDER or c[2] not in get_table(c[0]).field_names or c[5] >= ndev \
                    or (type(c[3]) is str and len(c[3]) > limits.max_text):
                raise _bad(M("bad_changeset:bad_conflict_entry"))
        for h in w.history:
            if h[2] not in TABLE_ORDER or h[4] not in ("update", "delete", "restore"):
                raise _bad(M("bad_changeset:bad_history_entry"))
        return cls(id=w.id, sender=w.sender, devices=w.devices, tables=tables, seq_max=w.seq_max, acks=w.acks,
                   revoked=w.revoked, conflicts=w.conflicts, history=w.history, issued=w.issued)


def _check_rows(rows: list, fields: list[str], ndev: int, limits: Limits) -> None:
    """What the typed pass cannot say about rows: lengths agree, every version has a stamp in range
    and a device of the list, a field without a version has no value, seen marks name fields.
    (Text lengths up to ``MAX_TEXT`` are checked by the typed pass.)"""
    nf = len(fields)
    names = set(fields)
    if len({r[0] for r in rows}) != len(rows):
        raise _bad(M("bad_changeset:duplicate_records"))
    shapes: dict = {}
    for rid, values, base, deltas, dpos, seen in rows:
        if len(values) != nf or len(deltas) != nf or len(dpos) != nf:
            raise _bad(M("bad_changeset:bad_record"))
        shape = shapes.get((id(deltas), id(dpos)))
        if shape is None:   # the parse shares equal lists: a few dozen distinct pairs per change set
            shape = shapes[(id(deltas), id(dpos))] = _VersionShape(deltas, dpos, ndev)
        if not shape.sane(values, base):
            raise _bad(M("bad_changeset:bad_version_stamp"))
        if seen and not names.issuperset(seen):
            raise _bad(M("bad_changeset:bad_version_stamp"))
        if limits.max_text < MAX_TEXT and any(type(v) is str and len(v) > limits.max_text for v in values):
            raise _bad(M("bad_changeset:text_too_long"))


class _VersionShape:
    """What one pair of deltas and device positions says, worked out once for every row sharing it:
    whether each field either has a stamp and a device of the list or neither; the smallest and
    largest delta (a row's stamps are in range when its base plus those are); the fields never
    written, whose values must be empty."""

    def __init__(self, deltas, dpos, ndev: int):
        self.lists = (deltas, dpos)   # keeps the pair alive: the shapes are looked up by identity
        self.paired = all((dt is None) == (dv is None) and (dv is None or dv < ndev) for dt, dv in zip(deltas, dpos))
        written = [dt for dt in deltas if dt is not None]
        self.lo, self.hi = (min(written), max(written)) if written else (None, None)
        unwritten = [k for k, dt in enumerate(deltas) if dt is None]
        self.empty = (lambda values: True) if not unwritten else (
            lambda values, k=unwritten[0]: values[k] is None) if len(unwritten) == 1 else (
            lambda values, get=itemgetter(*unwritten), none=(None,) * len(unwritten): get(values) == none)

    def sane(self, values, base: int) -> bool:
        if not self.paired:
            return False
        if self.lo is not None and not (base + self.lo > 0 and base + self.hi < MAX_STAMP):
            return False
        return self.empty(values)


# -- the wire layout, typed: one msgspec pass checks shapes, types and stamp ranges ----------------
_Stamp = Annotated[int, msgspec.Meta(gt=0, lt=MAX_STAMP)]
_Mark = Annotated[int, msgspec.Meta(ge=0, lt=MAX_STAMP)]
_Delta = Annotated[int, msgspec.Meta(gt=-MAX_STAMP, lt=MAX_STAMP)]
_Pos = Annotated[int, msgspec.Meta(ge=0)]
_DevPos = Annotated[int, msgspec.Meta(ge=0, lt=MAX_STAMP)]
_Id = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
_Value = Union[Annotated[str, msgspec.Meta(max_length=MAX_TEXT)], int, float, None]


@contextmanager
def _typed_pass(where: str = ""):
    """msgspec's refusals as a change set refused whole (``where``: the part being decoded, which
    msgspec's path, relative to that part, does not name)."""
    try:
        yield
    except msgspec.ValidationError as e:
        error = str(e).replace("`$", f"`$.{where}") if where else str(e)
        raise _bad(M("bad_changeset:bad_content", error=error)) from None
    except (msgspec.DecodeError, RecursionError, UnicodeDecodeError, TypeError):
        raise _bad(M("bad_changeset:not_valid_data")) from None


def _table_rows(tname: str, raw: msgspec.Raw) -> list:
    """One table's rows: typed (every number's type and range checked by msgspec), then sharing.

    Fields written together share a stamp and a writer, so a township return bundle of 266,000
    rows holds a few dozen distinct deltas and device lists: each row is given the one shared tuple
    equal to its own (its own is dropped at once). Decoding table by table keeps only one table's
    unshared lists alive at a time, so the parse peaks about where sharing them inside the decode
    did (46-village return bundle: +301 MB over its payload, against +292 MB), and the typed pass
    checks the numbers in C (``true`` and ``1.0`` are not integers to it), which is quicker than a
    Python hook per list. :func:`_check_rows` then works once per shared pair of lists.
    """
    with _typed_pass(f"tables.{tname}.rows"):
        rows = _ROWS.decode(raw)
    deltas: dict = {}
    positions: dict = {}
    share_d, share_p = deltas.setdefault, positions.setdefault
    for i, (rid, values, base, d, p, seen) in enumerate(rows):
        rows[i] = (rid, values, base, share_d(d, d), share_p(p, p), seen)
    return rows


_Deltas = tuple[Optional[_Delta], ...]
_Positions = tuple[Optional[_DevPos], ...]
_Row = tuple[_Id, list[_Value], _Stamp, _Deltas, _Positions, Optional[dict[str, _Mark]]]
_ROWS = msgspec.json.Decoder(list[_Row])


class _TableChanges(msgspec.Struct, forbid_unknown_fields=True):
    fields: list[Annotated[str, msgspec.Meta(max_length=64)]]
    rows: msgspec.Raw   # decoded table by table (:func:`_table_rows`)


class _Wire(msgspec.Struct, forbid_unknown_fields=True):
    format: int
    id: _Id
    sender: _Id
    devices: list[_Id]
    tables: dict[str, _TableChanges]
    seq_max: _Mark = 0
    acks: dict[str, _Mark] = {}
    revoked: list[_Id] = []
    # losing versions known to the sender: [table, id, field, value, stamp, device position, seen]
    conflicts: list[tuple[str, _Id, str, _Value, _Stamp, _Pos, _Mark]] = []
    # the sender's audit trail: [stamp, user, table, id, action, fields (JSON text)]
    history: list[tuple[_Stamp, Optional[Annotated[str, msgspec.Meta(max_length=200)]], str, _Id, str,
                        Annotated[str, msgspec.Meta(max_length=100_000)]]] = []
    issued: _Mark = 0


_WIRE = msgspec.json.Decoder(_Wire)


def _too_many_records(limits: Limits) -> GridkeeperError:
    return _bad(M("too_large:more_than_records", n=limits.max_records), code="too_large")


def _bad(problem: Message, code: str = "bad_changeset") -> GridkeeperError:
    """A change set refused whole: what is wrong with it, under one heading."""
    return GridkeeperError(M("bad_changeset", problem=problem), code=code)


def select_changes(db: sqlite_utils.Database, *, since_seq: int = 0, area_ids: list[str] | None = None,
                   acks: dict | None = None, revoked: list | None = None,
                   tables: list[str] | None = None) -> ChangeSet:
    """Every record changed here after ``since_seq`` (optionally only inside ``area_ids``' subtrees).

    Scoping follows the registry (``Table.scope``): area-scoped records by their area, the area tree
    by its own ids (with the ancestors of ``area_ids``), township-wide records (``"all"``) whole.

    All tables are read in one read transaction: one consistent snapshot, so an edit committed
    while the export runs is either wholly in it or has a change mark above its ``seq_max`` (and
    goes in the next one) — never skipped under an acknowledged mark.
    """
    conn = db.conn
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        return _select_changes(db, since_seq=since_seq, area_ids=area_ids, acks=acks, revoked=revoked,
                               tables=tables or TABLE_ORDER)
    finally:
        if own and conn.in_transaction:
            conn.execute("COMMIT")


def _select_changes(db, *, since_seq, area_ids, acks, revoked, tables) -> ChangeSet:
    me = self_device(db)
    dev_ids = device_ids_by_index(db)
    devices: list[str] = []
    pos_of: dict[str, int] = {}

    def pos(device_id: str) -> int:
        p = pos_of.get(device_id)
        if p is None:
            p = pos_of[device_id] = len(devices)
            devices.append(device_id)
        return p

    pos_by_idx: dict[int, int] = {}
    scope = None
    if area_ids is not None:
        scope = scope_area_ids(db, area_ids)
        area_rows = set(scope)
        for a in area_ids:
            area_rows.update(ancestor_ids(db, a))
    cs = ChangeSet(id=new_id(), sender=me.device_id, acks=dict(acks or {}), revoked=list(revoked or []),
                   issued=load_clock(db).last)
    seq_max = since_seq
    for tname in tables:
        t = get_table(tname)
        names = list(versions.layout(tname).fields)
        val_cols = ", ".join(f"x.[{n}]" for n in names)
        sql = (f"SELECT x.id, v._seq, v._base, v._seen, v._dev, v._vers, v._devs, {val_cols} "
               f"FROM [{tname}] x JOIN [{tname}__ver] v USING (id) WHERE v._seq > ?")
        params: list = [since_seq]
        if scope is not None and t.area_column is not None:   # township-wide tables go whole to everyone
            sql += f" AND x.[{t.area_column}] IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(sorted(area_rows if t.scope == "tree" else scope)))
        rows = []
        for r in db.execute(sql + " ORDER BY x.id", params):
            deltas, devs = versions.unpack(r[4], r[5], r[6])
            wire_devs = []
            for d in devs:
                if d is None:
                    wire_devs.append(None)
                    continue
                p = pos_by_idx.get(d)
                if p is None:
                    p = pos_by_idx[d] = pos(dev_ids[d])
                wire_devs.append(p)
            seen = r[3]
            # a field without a version (e.g. ``deleted`` of a record whose first versions wait in
            # quarantine) is sent as no value: the column default is not a change, and the reader
            # refuses a value without a stamp
            values = list(r[7:])
            if None in deltas:
                values = [None if dt is None else v for v, dt in zip(values, deltas)]
            rows.append([r[0], values, r[2], deltas, wire_devs, json.loads(seen) if seen else None])
            if r[1] > seq_max:
                seq_max = r[1]
        if rows:
            cs.tables[tname] = {"fields": names, "rows": rows}
            ids = json.dumps([r[0] for r in rows])
            for c in db.execute("SELECT tbl, rid, field, value, stamp, device, seen FROM conflicts WHERE tbl = ? "
                                "AND rid IN (SELECT value FROM json_each(?)) ORDER BY id", [tname, ids]):
                cs.conflicts.append([c[0], c[1], c[2], None if c[3] is None else json.loads(c[3]), c[4],
                                     pos(c[5]), c[6]])
            for h in db.execute("SELECT stamp, user, tbl, rid, action, fields FROM history WHERE device = ? AND "
                                "tbl = ? AND action != 'create' AND stamp > ? AND rid IN "
                                "(SELECT value FROM json_each(?)) ORDER BY stamp", [me.device_id, tname, since_seq, ids]):
                cs.history.append(list(h))
    cs.devices = devices
    cs.seq_max = seq_max
    return cs
