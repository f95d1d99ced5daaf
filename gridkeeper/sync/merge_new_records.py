"""Records never seen here: the batched path of a merge (the bulk of a first merge).

Every sane version of a record this store has never held wins outright (rule 1 against nothing),
so the change set's rows go in as they are: the incoming base/deltas are already the store's
version-row layout, device positions are mapped to this store's indexes, and each table's batch is
one ``executemany`` (:func:`add_new_records`). Fields stamped in the future wait in quarantine
(rule 4, :func:`_add_partly_held`). Records the store holds, or that carry losing versions, take
the record-by-record path of ``sync.merge_rule``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from ..store import versions as V
from ..store.changes import dump_seen
from .changeset import ChangeSet
from .merge_context import MergeContext, Version, WrittenFields, incoming_versions


def add_new_records(ctx: MergeContext, tname: str, fields: list[str], rows: list) -> None:
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
    written_of = WrittenFields().of
    for row in rows:
        written, largest = written_of(row[3])
        if not written:
            continue
        hi = row[2] + largest
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
                        _version_rows(ctx.seq, local, V.layout(tname), fields, sane), len(sane))
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


def _insert_records(db, tname: str, fields: list[str], rows: Iterable, vers: Iterable, n: int = 0) -> None:
    """Bulk insert: value rows ``[id, *values]``, packed version rows ``[id, seq, base, seen, dev, vers, devs]``
    (``n``: how many, when known)."""
    cols = ", ".join(f"[{f}]" for f in fields)
    with _indexes_built_after(db, tname, n):
        db.conn.executemany(f"INSERT INTO [{tname}] (id, {cols}) VALUES (?{', ?' * len(fields)})", rows)
    db.conn.executemany(f"INSERT INTO [{tname}__ver] ({V.INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", vers)


# A batch at least this big into an empty table builds the table's secondary indexes afterwards
# (a new laptop taking the whole township from its return bundle): SQLite builds an index over
# rows already there by sorting, much quicker than growing it one random insert at a time.
BUILD_INDEXES_AFTER = 5_000


@contextmanager
def _indexes_built_after(db, tname: str, n: int):
    """Drop the empty table's non-unique secondary indexes for the block, then create them again
    from their own stored SQL. All inside the merge's transaction: if the block fails, the bundle's
    savepoint rolls back the drop with everything else (nothing is re-created over a failed write).
    Unique indexes stay: they enforce constraints while the rows go in."""
    conn = db.conn
    if n < BUILD_INDEXES_AFTER or conn.execute(f"SELECT 1 FROM [{tname}] LIMIT 1").fetchone():
        yield
        return
    indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                           "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %' ORDER BY name", [tname]).fetchall()
    for name, _sql in indexes:
        conn.execute(f"DROP INDEX [{name}]")
    yield
    for _name, sql in indexes:
        conn.execute(sql)


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
    written = dict(incoming_versions(cs, fields, row))
    for k in range(len(fields)):
        yield k, written.get(k)
