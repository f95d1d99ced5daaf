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
township bundle parses into few Python objects (small ints are shared) and merges without
re-encoding. Unknown tables or fields are refused when applying.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import sqlite_utils

from ..domain.errors import GridkeeperError
from ..domain.ids import new_id
from ..domain.records import TABLE_ORDER, table as get_table
from ..store.areas import ancestor_ids
from ..store.enrolment import scope_area_ids
from ..store.meta import device_ids_by_index, load_clock, self_device

FORMAT = 2
MAX_STAMP = 1 << 62


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
    def from_bytes(cls, data: bytes) -> "ChangeSet":
        try:
            d = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            raise _bad("不是有效的数据", "not valid data") from None
        return cls.from_dict(d)

    @classmethod
    def from_dict(cls, d) -> "ChangeSet":
        """Parse and structurally validate (never trust a payload's shape)."""
        if not isinstance(d, dict) or d.get("format") != FORMAT:
            raise _bad("格式版本不受支持", "unsupported change-set format")
        try:
            cs = cls(id=str(d["id"]), sender=str(d["sender"]), devices=list(d["devices"]),
                     tables=dict(d["tables"]), seq_max=int(d.get("seq_max", 0)),
                     acks={str(k): int(v) for k, v in dict(d.get("acks", {})).items()},
                     revoked=[str(x) for x in d.get("revoked", [])], conflicts=list(d.get("conflicts", [])),
                     history=list(d.get("history", [])), issued=d.get("issued", 0))
        except (KeyError, TypeError, ValueError):
            raise _bad("缺少必要内容", "missing parts") from None
        if type(cs.issued) is not int or not 0 <= cs.issued < MAX_STAMP or not 0 <= cs.seq_max < MAX_STAMP \
                or not all(0 <= v < MAX_STAMP for v in cs.acks.values()):
            raise _bad("版本信息格式错误", "bad version stamp")
        if not all(isinstance(x, str) and x for x in cs.devices):
            raise _bad("设备列表无效", "bad device list")
        ndev = len(cs.devices)
        for tname, tc in cs.tables.items():
            if tname not in TABLE_ORDER:
                raise _bad(f"未知的表 {tname}", f"unknown table {tname}")
            t = get_table(tname)
            if not isinstance(tc, dict) or not isinstance(tc.get("fields"), list) or not isinstance(tc.get("rows"), list):
                raise _bad("表内容格式错误", "bad table content")
            fields = tc["fields"]
            if set(fields) - set(t.field_names) or len(set(fields)) != len(fields):
                raise _bad(f"{tname} 含未知字段", f"{tname} has unknown fields")
            nf = len(fields)
            if len({r[0] for r in tc["rows"] if isinstance(r, list) and r}) != len(tc["rows"]):
                raise _bad("记录重复", "duplicate records")
            names = set(fields)
            for row in tc["rows"]:
                if not (isinstance(row, list) and len(row) == 6 and isinstance(row[0], str) and row[0]
                        and isinstance(row[1], list) and len(row[1]) == nf and type(row[2]) is int
                        and 0 < row[2] < MAX_STAMP and isinstance(row[3], list) and len(row[3]) == nf
                        and isinstance(row[4], list) and len(row[4]) == nf
                        and (row[5] is None or isinstance(row[5], dict))):
                    raise _bad("记录格式错误", "bad record")
                for v in row[1]:
                    if v is not None and not isinstance(v, (str, int, float)) or isinstance(v, bool):
                        raise _bad("字段值类型错误", "bad field value")
                base = row[2]
                for dt, dv in zip(row[3], row[4]):
                    if dt is None:
                        if dv is not None:
                            raise _bad("版本信息格式错误", "bad version stamp")
                    elif not (type(dt) is int and type(dv) is int and 0 < base + dt < MAX_STAMP and 0 <= dv < ndev):
                        raise _bad("版本信息格式错误", "bad version stamp")
                if row[5] is not None:
                    for k, v in row[5].items():
                        if k not in names or type(v) is not int or not 0 <= v < MAX_STAMP:
                            raise _bad("版本信息格式错误", "bad version stamp")
        for c in cs.conflicts:
            if not (isinstance(c, list) and len(c) == 7 and c[0] in TABLE_ORDER and isinstance(c[1], str)
                    and isinstance(c[2], str) and c[2] in get_table(c[0]).field_names
                    and (c[3] is None or isinstance(c[3], (str, int, float))) and not isinstance(c[3], bool)
                    and type(c[4]) is int and 0 < c[4] < (1 << 62) and type(c[5]) is int and 0 <= c[5] < ndev
                    and type(c[6]) is int and 0 <= c[6] < (1 << 62)):
                raise _bad("冲突记录格式错误", "bad conflict entry")
        for h in cs.history:
            if not (isinstance(h, list) and len(h) == 6 and type(h[0]) is int and 0 < h[0] < (1 << 62)
                    and (h[1] is None or isinstance(h[1], str)) and h[2] in TABLE_ORDER and isinstance(h[3], str)
                    and h[4] in ("update", "delete", "restore") and isinstance(h[5], str) and len(h[5]) < 100_000):
                raise _bad("修改记录格式错误", "bad history entry")
        return cs


def _bad(zh: str, en: str) -> GridkeeperError:
    return GridkeeperError(f"同步数据内容无效：{zh}", f"the sync data is not valid: {en}", code="bad_changeset")


def select_changes(db: sqlite_utils.Database, *, since_seq: int = 0, area_ids: list[str] | None = None,
                   acks: dict | None = None, revoked: list | None = None,
                   tables: list[str] | None = None) -> ChangeSet:
    """Every record changed here after ``since_seq`` (optionally only inside ``area_ids``' subtrees).

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
        names = t.field_names
        sql = f"SELECT x.*, v.* FROM [{tname}] x JOIN [{tname}__ver] v USING (id) WHERE v._seq > ?"
        params: list = [since_seq]
        if scope is not None:
            sql += " AND " + ("x.id" if tname == "areas" else "x.area_id") + " IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(sorted(area_rows if tname == "areas" else scope)))
        cur = db.execute(sql + " ORDER BY x.id", params)
        cols = [d[0] for d in cur.description]
        vi = [cols.index(n) for n in names]
        ti = [cols.index(f"{n}__t") for n in names]
        di = [cols.index(f"{n}__d") for n in names]
        seq_i = cols.index("_seq")
        base_i = cols.index("_base")
        seen_i = cols.index("_seen")
        rows = []
        for r in cur:
            devs = []
            for k in di:
                d = r[k]
                if d is None:
                    devs.append(None)
                    continue
                p = pos_by_idx.get(d)
                if p is None:
                    p = pos_by_idx[d] = pos(dev_ids[d])
                devs.append(p)
            seen = r[seen_i]
            rows.append([r[0], [r[i] for i in vi], r[base_i], [r[i] for i in ti], devs,
                         json.loads(seen) if seen else None])
            if r[seq_i] > seq_max:
                seq_max = r[seq_i]
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
