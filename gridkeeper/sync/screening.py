"""What one screening of a worker's change set holds while the check families run (``sync.screen``).

:class:`Screening` is the state the checks share: the change set and its signer, the sender's
scope, the records kept so far (accepted or pure echoes), the records new to the township, the
references and synced codes still to check across records, and the rejections. A check refuses a
record with :meth:`Screening.reject` (while its table is screened) or
:meth:`Screening.reject_accepted` (a rule across records failed after it was kept). Every refusal
is a :class:`Rejection` with a stable reason code; its texts are safe to store and print.

Records new to the township are screened column by column (:class:`NewColumns`): each check family
flags the rows it refuses in one :class:`Flags`, and the most important problem of a row is the one
listed (:data:`WRITER` first).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from itertools import compress, repeat
from operator import is_not

import sqlite_utils

from ..domain.records import table as get_table
from .changeset import MAX_STAMP, ChangeSet

_CHUNK = 5000
MISSING = object()   # "no such entry" where None is a value


@dataclass(frozen=True)
class Rejection:
    """One refused record (or audit-trail entry) of a change set.

    ``reason`` is a stable code (``sync.screen.REASONS``); ``field`` the first offending field, if
    any; ``detail`` short English text (``"persons.phone: not a phone number"``). ``rid`` and
    ``detail`` are safe to store and print (no NUL, no lone surrogates, bounded length). ``value``
    is the refused values as JSON text (safe, shortened) for the review list; ``versions`` how many
    field versions the rejection refused (the merge report counts versions).
    """

    table: str
    rid: str
    reason: str
    field: str | None = None
    detail: str = ""
    value: str | None = None
    versions: int = 1

    def as_dict(self) -> dict:
        return {"table": self.table, "id": self.rid, "reason": self.reason, "field": self.field,
                "detail": self.detail}


def safe_text(value, limit: int = 200) -> str:
    """Printable, storable text for reports: lone surrogates and NUL escaped, shortened."""
    s = value if isinstance(value, str) else repr(value)
    if len(s) > limit:
        s = s[:limit] + "…"
    s = s.replace("\x00", "\\x00")
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        s = s.encode("utf-8", "backslashreplace").decode("utf-8")
    return s


def safe_value(v):
    """A refused value as it may be stored in JSON: numbers SQLite can hold, safe shortened text."""
    if v is None or type(v) is bool:
        return v
    if type(v) is int:
        return v if -(1 << 63) <= v < (1 << 63) else safe_text(str(v), 40)
    if type(v) is float:
        return safe_text(repr(v), 40)
    return safe_text(v)


def count_versions(row) -> int:
    """How many field versions a change-set row carries (at least 1: a refusal refuses something)."""
    try:
        return max(1, sum(1 for dt in row[3] if dt is not None))
    except (TypeError, IndexError):
        return 1


def written_positions(dts) -> list[int]:
    """Positions of a column's written versions (its deltas that are not None)."""
    return list(compress(range(len(dts)), map(is_not, dts, repeat(None))))


@dataclass(slots=True)
class TableShape:
    """One table of a change set as the checks see it: its fields and the registry's facts about them."""

    name: str
    fields: list[str]
    fobj: list                # the registry's Field for each field
    fpos: dict[str, int]      # field name -> position
    area_k: int | None        # position of area_id
    del_k: int | None         # position of deleted
    township_only: bool       # the area tree, synced vocabularies: only the township writes them
    ref_ks: list[int]         # positions of references to other records (not the area tree's)
    required: list[int]       # positions of required fields

    @classmethod
    def of(cls, tname: str, fields: list[str]) -> TableShape:
        t = get_table(tname)
        fobj = [t.field(f) for f in fields]
        fpos = {f: k for k, f in enumerate(fields)}
        ref_ks = [k for k, f in enumerate(fobj) if f.kind == "ref" and fields[k] not in ("area_id", "parent_id")
                  and f.ref]
        return cls(tname, fields, fobj, fpos, fpos.get("area_id"), fpos.get("deleted"), t.author == "township",
                   ref_ks, [k for k, f in enumerate(fobj) if f.required])


# Which problem of a new record is listed when it has several (lower first); a value problem of
# field k ranks VALUE + k, so the first bad field is named.
WRITER, SCOPE, STAMP, UNWRITTEN, REQUIRED, VALUE = 1, 2, 3, 4, 9, 10


class Flags:
    """Problems found in records new to the township, by row: the most important one per row is kept."""

    __slots__ = ("bad",)

    def __init__(self):
        self.bad: dict[int, tuple] = {}    # row position -> (priority, reason, field, detail)

    def flag(self, i: int, prio: int, reason: str, field: str | None, detail: str) -> None:
        b = self.bad.get(i)
        if b is None or prio < b[0]:
            self.bad[i] = (prio, reason, field, detail)


@dataclass(slots=True)
class NewColumns:
    """Rows new to the township transposed once into columns, for checks in C-level passes."""

    n: int
    rids: tuple
    bases: tuple
    deltas: tuple          # per row
    seens: tuple           # per row
    cols_v: list           # values per field
    cols_t: list           # deltas per field (None: not written)
    cols_p: list | None    # device positions per field; None when every version is the signer's
    partial: list[bool]    # per field: some row leaves it unwritten
    written: list          # per field: the written deltas
    own_pos: set           # device positions of the signer (and None)

    @classmethod
    def of(cls, rows: list, nf: int, own: list[bool]) -> NewColumns:
        own_pos = {p for p, o in enumerate(own) if o}
        own_pos.add(None)
        rids, values, bases, deltas, dposs, seens = zip(*rows)
        cols_v = list(zip(*values)) if nf else []
        cols_t = list(zip(*deltas)) if nf else []
        if len(cols_v) != nf or len(cols_t) != nf:
            raise ValueError("rows shorter than their fields")
        # writers: one pass over every device position; the columns only when one is not the signer's
        cols_p = None if own_pos.issuperset(set().union(*dposs)) else list(zip(*dposs))
        partial = [None in dts for dts in cols_t]
        written = [list(compress(dts, map(is_not, dts, repeat(None)))) if part else dts
                   for dts, part in zip(cols_t, partial)]
        return cls(len(rows), rids, bases, deltas, seens, cols_v, cols_t, cols_p, partial, written, own_pos)


class Screening:
    """One change set being screened: what the checks read, keep and refuse (see ``sync.screen``)."""

    def __init__(self, db: sqlite_utils.Database, cs: ChangeSet, sender: str, scope: set[str], township: str,
                 day: date):
        self.db, self.cs, self.sender, self.scope, self.township, self.day = db, cs, sender, scope, township, day
        self.dev_idx = {d: i for i, d in db.execute("SELECT idx, device_id FROM devices")}
        self.idx_dev = {i: d for d, i in self.dev_idx.items()}
        devs = cs.devices
        self.own = [d == sender for d in devs]
        self.known_dev = [d == sender or d in self.dev_idx for d in devs]
        self.pos_of_idx = {}
        for p, d in enumerate(devs):
            if d in self.dev_idx:
                self.pos_of_idx.setdefault(self.dev_idx[d], p)
        self.losers: dict[tuple, list] = {}
        for c in cs.conflicts:
            self.losers.setdefault((c[0], c[1]), []).append(c)
        self.loser_tables = {t for t, _ in self.losers}
        self.rejected: dict[tuple, Rejection] = {}
        self.out_rows: dict[str, dict] = {}       # table -> {id: row} kept (accepted or pure echo)
        self.out_losers: dict[tuple, list] = {}   # (table, rid) -> losing versions kept
        self.fields: dict[str, list] = {}
        self.new_ok: dict[str, set] = {}          # table -> ids new to the township, accepted so far
        self.town_area: dict[str, dict] = {}      # table -> {id: area at the township} (loaded records)
        self.refs: list[tuple] = []               # (table, field, target table, [(rid, target id)])
        self.synced: list[tuple] = []             # (table, field, vocabulary, [(rid, code)]): new synced codes
        self.history_rejections: list[Rejection] = []
        self.history_kept: list = []
        self.loaded: dict | None = None         # what was read of the stored records, for the merge

    def reject(self, tname, rid, reason, field=None, detail="", row=None, fields=None, versions=1) -> None:
        """Refuse a record while its table is screened (the first refusal of a record stands)."""
        key = (tname, rid)
        if key in self.rejected:
            return
        value = None
        if row is not None and fields is not None:
            try:
                value = json.dumps({f: safe_value(v) for f, v, dt in zip(fields, row[1], row[3]) if dt is not None},
                                   ensure_ascii=False)
            except (TypeError, ValueError):
                value = None
        self.rejected[key] = Rejection(tname, safe_text(rid, 80), reason, field, safe_text(detail), value, versions)

    def reject_accepted(self, tname, rid, reason, detail, field=None) -> None:
        """Refuse a record screened as acceptable (a cross-record rule failed)."""
        if (tname, rid) in self.rejected:
            return
        fields = self.fields[tname]
        row = self.out_rows[tname].pop(rid, None)
        losers = self.out_losers.pop((tname, rid), [])
        n = (count_versions(row) if row is not None else 0) + len(losers)
        self.new_ok.get(tname, set()).discard(rid)
        self.reject(tname, rid, reason, field, detail, row, fields, max(n, 1))

    def ids_query(self, sql: str, ids: list, extra: list = ()):
        """Rows of ``sql`` for the ids in chunks: its first parameter is the JSON list, then ``extra``."""
        for i in range(0, len(ids), _CHUNK):
            yield from self.db.execute(sql, [json.dumps(ids[i:i + _CHUNK]), *extra])

    def town_areas(self, tname: str, ids) -> dict:
        """{id: area at the township} for records of a table (loading those not loaded yet)."""
        known = self.town_area.setdefault(tname, {})
        missing = [i for i in set(ids) if i not in known]
        if missing:
            has_area = "area_id" in get_table(tname).field_names
            col = "x.area_id" if has_area else "NULL"
            for rid, area in self.ids_query(f"SELECT x.id, {col} FROM json_each(?) j "
                                            f"JOIN [{tname}] x ON x.id = j.value", missing):
                known[rid] = area
        return known

    def result(self) -> ChangeSet:
        """The screened change set: the kept records, their kept losers and history, devices renumbered."""
        cs = self.cs
        tables = {}
        for tname, rows in self.out_rows.items():
            if rows:
                tables[tname] = {"fields": self.fields[tname], "rows": list(rows.values())}
        losers = [c for (tname, rid), kept in self.out_losers.items() if rid in self.out_rows.get(tname, ())
                  for c in kept]
        used = set().union(*[row[4] for tc in tables.values() for row in tc["rows"]])
        used.discard(None)
        used.update(c[5] for c in losers)
        devs = cs.devices
        if used == set(range(len(devs))):
            new_devs = list(devs)
        else:  # drop devices no kept version uses, renumbering positions
            order = sorted(used)
            new_devs = [devs[p] for p in order]
            remap = {p: i for i, p in enumerate(order)}
            for tc in tables.values():
                tc["rows"] = [[r[0], r[1], r[2], r[3], [None if p is None else remap[p] for p in r[4]], r[5]]
                              for r in tc["rows"]]
            losers = [[c[0], c[1], c[2], c[3], c[4], remap[c[5]], c[6]] for c in losers]
        assert all(d == self.sender or d in self.dev_idx for d in new_devs)
        acks = {}
        ack = cs.acks.get(self.township)
        if type(ack) is int and 0 <= ack < MAX_STAMP:
            acks[self.township] = ack
        seq_max = cs.seq_max if type(cs.seq_max) is int and 0 <= cs.seq_max < MAX_STAMP else 0
        return ChangeSet(id=cs.id, sender=cs.sender, devices=new_devs, tables=tables, seq_max=seq_max, acks=acks,
                         revoked=[], conflicts=losers, history=list(self.history_kept), issued=cs.issued)

    def rejections(self) -> list[Rejection]:
        return list(self.rejected.values()) + self.history_rejections
