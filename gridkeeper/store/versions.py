"""Version rows: the one home of their layout (schema 4, DESIGN §4 "keep version metadata compact").

Every record has a companion row in ``<table>__ver``::

    id, _seq, _base, _seen, _dev, _vers, _devs

- ``_base``: an HLC stamp; a field's stamp is ``_base + delta``.
- ``_vers``: the deltas, one per field in :func:`layout` order, as canonical compact JSON
  (``[0,0,null,0]``; ``null``: the field was never written). Fields written together share a
  stamp, so nearly every delta is 0.
- ``_dev``: the writing device (index into the local ``devices`` table) of the first written field.
- ``_devs``: NULL when every written field was written by ``_dev`` (nearly every record), else the
  JSON list of every field's device (``null`` where never written).
- ``_seen`` and ``_seq``: as before (see :mod:`store.schema`).

The packed form is canonical: the same versions give the same bytes (:func:`pack` is the only
writer). Binding 7 columns instead of 4 + 2 per field is what makes a bulk merge cheap (README,
"Version rows"). No other module knows this encoding: they call :func:`pack` / :func:`unpack`, or
use the SQL expressions :func:`stamp_sql`, :func:`device_sql` and :func:`written_sql` for one field.

Field order: the registry's order of the fields that schema 4 has; a field added by a later schema
is appended (in the order of the schemas that add them), so a migration adding one only appends a
``null`` to every row (:func:`append_field_sql`) and old rows keep their positions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..domain.records import Table, table as get_table

PACKED_SINCE = 4    # the schema version that introduced this layout
COLUMNS = ("id", "_seq", "_base", "_seen", "_dev", "_vers", "_devs")
INSERT_COLUMNS = ", ".join(COLUMNS)

_codec: tuple | None = None


def _msgspec() -> tuple:
    """msgspec's JSON encoder and decoder, imported on first use: the import costs ~100 ms that the
    main window must not pay before its first paint (tests/test_startup.py)."""
    global _codec
    if _codec is None:
        import msgspec   # lazy: start-up (see above)

        _codec = (msgspec.json.Encoder().encode, msgspec.json.Decoder(list).decode)
    return _codec


def _encode(lst) -> str:
    return _msgspec()[0](lst).decode()


@dataclass(frozen=True)
class Layout:
    """One table's packed field order and position lookups."""

    table: str
    fields: tuple[str, ...]
    pos: dict

    def positions(self, fields: Sequence[str]) -> list[int]:
        return [self.pos[f] for f in fields]


def field_order(t: Table, version: int | None = None) -> list[str]:
    """The packed order of the fields schema ``version`` has (default: every field of the registry,
    i.e. the current schema's; see the module docstring)."""
    fields = [f for f in t.fields if version is None or f.since <= version]
    first = [f.name for f in fields if f.since <= PACKED_SINCE]
    later = sorted((f for f in fields if f.since > PACKED_SINCE), key=lambda f: f.since)
    return first + [f.name for f in later]


@lru_cache(maxsize=None)
def layout(tname: str) -> Layout:
    """The current schema's layout of a table's version rows."""
    fields = tuple(field_order(get_table(tname)))
    return Layout(tname, fields, {f: k for k, f in enumerate(fields)})


def table_sql(tname: str) -> str:
    return (f"CREATE TABLE [{tname}__ver] (\n  id TEXT PRIMARY KEY NOT NULL,\n  _seq INTEGER NOT NULL,\n"
            "  _base INTEGER NOT NULL,\n  _seen TEXT,\n  _dev INTEGER,\n  _vers TEXT NOT NULL,\n  _devs TEXT\n"
            ") WITHOUT ROWID")


# -- packing ---------------------------------------------------------------------------------

def pack(deltas: Sequence, devices: Sequence) -> tuple:
    """``(_dev, _vers, _devs)`` of full-length lists in layout order (devices as local indexes).

    A device given for a field never written is dropped: the packed form is canonical."""
    dev = devices[0]
    if dev is None or deltas[0] is None:
        dev = next((d for d, t in zip(devices, deltas) if t is not None), None)
        if dev is None:   # nothing written (no such row is stored; canonical all the same)
            return None, _encode(deltas), None
    if None in deltas:
        devices = [None if t is None else d for d, t in zip(devices, deltas)]
    uniform = devices.count(dev) + devices.count(None) == len(devices)
    return dev, _encode(deltas), None if uniform else _encode(devices)


def pack_uniform(deltas: Sequence, dev: int) -> tuple:
    """:func:`pack` for versions all written by one device (local writes, imports, demo data)."""
    return dev, _encode(deltas), None


def pack_mapped(deltas: Sequence, positions: Sequence, local) -> tuple:
    """:func:`pack` of a change set's lists (layout order), devices given as positions that ``local``
    maps to this store's indexes. The common case (one writing device) costs two C-level passes."""
    p = positions[0]
    if p is None or deltas[0] is None:
        p = next((d for d, t in zip(positions, deltas) if t is not None), None)
        if p is None:
            return pack(deltas, positions)
    if positions.count(p) + positions.count(None) == len(positions):
        return local[p], _encode(deltas), None
    return pack(deltas, [None if d is None else local[d] for d in positions])


def unpack(dev, vers: str, devs: str | None) -> tuple[list, list]:
    """Full-length ``(deltas, devices)`` in layout order from a row's ``_dev, _vers, _devs``."""
    decode = _msgspec()[1]
    deltas = decode(vers)
    if devs is not None:
        return deltas, decode(devs)
    if None in deltas:
        return deltas, [None if t is None else dev for t in deltas]
    return deltas, [dev] * len(deltas)


def spread(lay: Layout, fields: Sequence[str], values: Sequence) -> list:
    """A list in ``fields`` order (e.g. a change set's) as a full-length list in layout order (None
    for the fields not given)."""
    out = [None] * len(lay.fields)
    for f, v in zip(fields, values):
        out[lay.pos[f]] = v
    return out


def picker(lay: Layout, fields: Sequence[str]):
    """A function taking a full-length layout-order list to a list in ``fields`` order."""
    if tuple(fields) == lay.fields:
        return list
    idx = lay.positions(fields)
    return lambda full: [full[k] for k in idx]


# -- reading ---------------------------------------------------------------------------------

def read_versions(db, tname: str, fields: Sequence[str], ids: list[str], *, values: bool = True,
                  chunk: int = 5000):
    """Stored records of ``ids``: ``(id, base, seen, deltas, devices, has_row, values)`` per record,
    lists in ``fields`` order (``values`` empty when not asked for, ``has_row`` whether the record
    row exists beside its version row)."""
    lay = layout(tname)
    in_order = picker(lay, fields)
    val_cols = "".join(f", x.[{f}]" for f in fields) if values else ""
    sql = (f"SELECT v.id, v._base, v._seen, v._dev, v._vers, v._devs, x.id IS NOT NULL{val_cols} "
           f"FROM json_each(?) j JOIN [{tname}__ver] v ON v.id = j.value LEFT JOIN [{tname}] x ON x.id = v.id")
    for i in range(0, len(ids), chunk):
        for r in db.execute(sql, [json.dumps(ids[i:i + chunk])]):
            deltas, devices = unpack(r[3], r[4], r[5])
            yield r[0], r[1], r[2], in_order(deltas), in_order(devices), bool(r[6]), list(r[7:])


def read_one(db, tname: str, rid: str):
    """``(base, seen, deltas, devices)`` of one record in layout order, or None."""
    row = db.execute(f"SELECT _base, _seen, _dev, _vers, _devs FROM [{tname}__ver] WHERE id = ?", [rid]).fetchone()
    if row is None:
        return None
    return (row[0], row[1], *unpack(row[2], row[3], row[4]))


# -- one field in SQL ------------------------------------------------------------------------

def _k(tname: str, fld: str) -> int:
    return layout(tname).pos[fld]


def written_sql(tname: str, fld: str, v: str = "v") -> str:
    """True where the field has a version."""
    return f"({v}._vers ->> {_k(tname, fld)} IS NOT NULL)"


def stamp_sql(tname: str, fld: str, v: str = "v") -> str:
    """The field's HLC stamp (NULL if never written)."""
    return f"({v}._base + ({v}._vers ->> {_k(tname, fld)}))"


def device_sql(tname: str, fld: str, v: str = "v") -> str:
    """The local index of the field's writing device (NULL if never written)."""
    k = _k(tname, fld)
    return f"coalesce({v}._devs ->> {k}, CASE WHEN {v}._vers ->> {k} IS NOT NULL THEN {v}._dev END)"


def unknown_device_sql(v: str = "v") -> str:
    """True where a row names a device index missing from ``devices``."""
    return (f"(({v}._dev IS NOT NULL AND {v}._dev NOT IN (SELECT idx FROM devices)) OR ({v}._devs IS NOT NULL AND "
            f"EXISTS (SELECT 1 FROM json_each({v}._devs) d WHERE d.value IS NOT NULL "
            "AND d.value NOT IN (SELECT idx FROM devices))))")


def malformed_sql(tname: str, v: str = "v") -> str:
    """True where a row is not in the packed form (lists of the wrong length, no device)."""
    n = len(layout(tname).fields)
    return (f"(NOT json_valid({v}._vers) OR json_type({v}._vers) != 'array' OR json_array_length({v}._vers) != {n} "
            f"OR {v}._dev IS NULL OR ({v}._devs IS NOT NULL AND (NOT json_valid({v}._devs) "
            f"OR json_type({v}._devs) != 'array' OR json_array_length({v}._devs) != {n})))")


# -- migrations ------------------------------------------------------------------------------

def convert_legacy_sql(t: Table, version: int) -> list[str]:
    """Statements turning a schema-3 version table (``<f>__t``/``<f>__d`` columns) into the packed one.

    Runs inside the migration's transaction, after the automatic backup; one pass in SQL."""
    names = field_order(t, version)
    n, old, new = t.name, f"{t.name}__ver", f"{t.name}__ver_packed"
    dev = "coalesce(" + ", ".join(f"CASE WHEN [{f}__t] IS NOT NULL THEN [{f}__d] END" for f in names) + ")"
    vers = "json_array(" + ", ".join(f"[{f}__t]" for f in names) + ")"
    devs = "json_array(" + ", ".join(f"CASE WHEN [{f}__t] IS NOT NULL THEN [{f}__d] END" for f in names) + ")"
    uniform = " AND ".join(f"([{f}__t] IS NULL OR [{f}__d] IS dev)" for f in names)
    return [table_sql(n).replace(f"[{old}]", f"[{new}]", 1),
            f"INSERT INTO [{new}] ({INSERT_COLUMNS}) SELECT id, _seq, _base, _seen, dev, {vers}, "
            f"CASE WHEN {uniform} THEN NULL ELSE {devs} END FROM (SELECT *, {dev} AS dev FROM [{old}])",
            f"DROP TABLE [{old}]",
            f"ALTER TABLE [{new}] RENAME TO [{old}]"]


def append_field_sql(tname: str) -> list[str]:
    """A field added to an existing table by a later schema: every row gets a ``null`` at the end."""
    return [f"UPDATE [{tname}__ver] SET _vers = json_insert(_vers, '$[#]', NULL), "
            f"_devs = CASE WHEN _devs IS NULL THEN NULL ELSE json_insert(_devs, '$[#]', NULL) END"]
