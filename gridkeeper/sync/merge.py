"""Applying a change set: field-level last-writer-wins with nothing silently lost (DESIGN §4).

Rules, per field of a record:

- The version with the greater ``(stamp, device id)`` wins.
- Every version carries ``seen``: the highest stamp its writer had already seen for the field.
  The store keeps, per field, the highest ``seen`` of every version it ever received (``__s``).
  A losing version whose stamp is above that mark was written without knowledge of the others: a
  *concurrent* edit, kept in ``conflicts``. A version at or below the mark was superseded by
  someone who had seen it: causally overwritten, nothing to review. Because the conflict set is
  "every version received that is not the winner and lies above the highest seen mark", it is a
  function of the set of versions received — the same whatever the order (convergence) — and a
  conflict's id is derived from its content.
- Resolving a conflict is an ordinary new write whose ``seen`` covers the losers, so the resolution
  syncs and prunes the conflict everywhere.
- ``deleted`` is a field like any other: an edit to another field never revives a record; only a
  newer write of ``deleted`` (an explicit restore) does.

Each change set is applied in one transaction. Stamps more than the clock-skew setting ahead of
this machine's clock are quarantined for review and do not move the local clock. A sender that is
not a township may only change records inside its enrolled areas; the rest is rejected and listed.
Records never seen here (the bulk of a first merge) take a set-based fast path.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import sqlite_utils

from ..domain.hlc import pack, wall_ms
from ..domain.records import TABLE_ORDER, table as get_table
from ..store.db import transaction
from ..store.enrolment import scope_area_ids
from ..store.meta import device_index, get_setting, load_clock, now_iso, save_clock, self_device
from .changeset import ChangeSet

SEARCHABLE = {"persons", "households", "houses"}


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

    def table(self, name: str) -> dict:
        return self.per_table.setdefault(name, {"records": 0, "applied": 0, "unchanged": 0, "conflicts": 0,
                                                 "quarantined": 0, "rejected": 0})

    def as_dict(self) -> dict:
        return {"bundle_id": self.bundle_id, "sender": self.sender, "already_merged": self.already_merged,
                "applied": self.applied, "unchanged": self.unchanged, "conflicts": self.conflicts,
                "quarantined": self.quarantined, "rejected": self.rejected, "per_table": self.per_table,
                "rejected_records": self.rejected_records[:200]}


def conflict_id(tbl: str, rid: str, fld: str, stamp: int, device: str) -> str:
    return hashlib.sha256(f"{tbl}\x1f{rid}\x1f{fld}\x1f{stamp}\x1f{device}".encode()).hexdigest()[:32]


def _wins(a_t: int, a_dev: str, b_t: int | None, b_dev: str | None) -> bool:
    if b_t is None:
        return True
    return (a_t, a_dev) > (b_t, b_dev or "")


def apply_changeset(db: sqlite_utils.Database, cs: ChangeSet, *, sha256: str = "", scope: list[str] | None = None,
                    full_scope: bool = True, now_ms: int | None = None, _fail_at: int | None = None) -> MergeReport:
    """Merge one change set atomically. ``scope``/``full_scope`` describe what the sender may change.

    ``_fail_at`` is for fault-injection tests: raise after that many steps.
    """
    rep = MergeReport(cs.id, cs.sender)
    steps = [0]

    def step():
        steps[0] += 1
        if _fail_at is not None and steps[0] >= _fail_at:
            raise RuntimeError(f"injected failure at step {steps[0]}")

    with transaction(db):
        if db.execute("SELECT 1 FROM bundles_applied WHERE bundle_id = ?", [cs.id]).fetchone():
            rep.already_merged = True
            return rep
        me = self_device(db)
        clock = load_clock(db)
        now = wall_ms() if now_ms is None else now_ms
        limit = pack(now + int(float(get_setting(db, "clock_skew_hours")) * 3600_000), 0xFFFF)
        local_idx = [device_index(db, d) for d in cs.devices]
        idx_to_dev = dict(db.execute("SELECT idx, device_id FROM devices").fetchall())
        seq = clock.tick()  # this merge's local sequence mark for touched records
        allowed = None if full_scope else scope_area_ids(db, scope or [])
        max_applied = 0
        received = now_iso()
        for tname in TABLE_ORDER:
            tc = cs.tables.get(tname)
            if not tc or not tc["rows"]:
                continue
            if tname != "areas" and allowed is not None and "areas" in cs.tables:
                allowed = scope_area_ids(db, scope or [])
            m = _merge_table(db, tname, tc, cs, rep, local_idx, idx_to_dev, limit, allowed, seq, received, step)
            max_applied = max(max_applied, m)
        if max_applied:
            clock.observe(max_applied)
        step()
        save_clock(db, clock)
        if rep.quarantined:
            db.execute("UPDATE devices SET flagged = ? WHERE device_id = ?",
                       ["clock_ahead", cs.sender])
        sender_row = db.execute("SELECT received_seq FROM devices WHERE device_id = ?", [cs.sender]).fetchone()
        db.execute("UPDATE devices SET received_seq = max(received_seq, ?), last_bundle_at = ?, clock_offset_ms = ? "
                   "WHERE device_id = ?", [cs.seq_max, received, _clock_offset(cs, now), cs.sender])
        if me.device_id in cs.acks:
            db.execute("UPDATE devices SET acked_seq = ? WHERE device_id = ?", [cs.acks[me.device_id], cs.sender])
        step()
        db.execute("INSERT INTO bundles_applied(bundle_id, sender, sha256, applied_at, report) VALUES (?, ?, ?, ?, ?)",
                   [cs.id, cs.sender, sha256, received, json.dumps(rep.as_dict(), ensure_ascii=False)])
        del sender_row
    return rep


def _clock_offset(cs: ChangeSet, now: int) -> int | None:
    _, hi = cs.stamp_range()
    if not hi:
        return None
    return (hi >> 16) - now if (hi >> 16) > now else None


def _merge_table(db, tname, tc, cs, rep, local_idx, idx_to_dev, limit, allowed, seq, received, step) -> int:
    t = get_table(tname)
    fields = tc["fields"]
    rows = tc["rows"]
    tr = rep.table(tname)
    tr["records"] += len(rows)
    ids = [r[0] for r in rows]
    existing_ver: dict[str, tuple] = {}
    existing_val: dict[str, tuple] = {}
    ver_cols = ["id", "_seq"] + [c for f in fields for c in (f"{f}__t", f"{f}__d", f"{f}__s")]
    for chunk in range(0, len(ids), 5000):
        part = json.dumps(ids[chunk:chunk + 5000])
        for r in db.execute(f"SELECT {', '.join(f'[{c}]' for c in ver_cols)} FROM [{tname}__ver] "
                            "WHERE id IN (SELECT value FROM json_each(?))", [part]):
            existing_ver[r[0]] = r
        for r in db.execute(f"SELECT id, {', '.join(f'[{f}]' for f in fields)} FROM [{tname}] "
                            "WHERE id IN (SELECT value FROM json_each(?))", [part]):
            existing_val[r[0]] = r
    step()
    area_pos = fields.index("area_id") if "area_id" in fields else None
    parent_pos = fields.index("parent_id") if tname == "areas" and "parent_id" in fields else None
    devs = cs.devices
    new_rows, new_vers = [], []
    max_applied = 0
    quarantine, rejected = [], []
    for rid, values, stamps in rows:
        cur_ver = existing_ver.get(rid)
        # scope: a limited sender may only touch records inside its areas
        if allowed is not None:
            if tname == "areas":
                ok = rid in allowed or (cur_ver is None and parent_pos is not None and values[parent_pos] in allowed)
            else:
                cur_area = existing_val[rid][1 + area_pos] if (cur_ver is not None and area_pos is not None) else None
                new_area = values[area_pos] if area_pos is not None and stamps[area_pos] else None
                ok = (cur_ver is None or cur_area in allowed) and (new_area is None or new_area in allowed) \
                    and (cur_ver is not None or new_area is not None)
            if not ok:
                n = sum(1 for s in stamps if s)
                tr["rejected"] += n
                rep.rejected += n
                rep.rejected_records.append({"table": tname, "id": rid})
                rejected.append((cs.id, cs.sender, tname, rid, None, json.dumps(values, ensure_ascii=False),
                                 "out_of_scope", received))
                continue
        if cur_ver is None:
            # fast path: a record never seen here — every sane field version wins outright
            ver = [rid, seq]
            vals = []
            for k, st in enumerate(stamps):
                if st is None:
                    vals.append(None)
                    ver += [None, None, None]
                elif st[0] > limit:
                    quarantine.append(_q(cs, tname, rid, fields[k], values[k], st, devs, received))
                    vals.append(0 if fields[k] == "deleted" else None)
                    ver += [None, None, None]
                else:
                    vals.append(values[k])
                    ver += [st[0], local_idx[st[1]], st[2] or None]
                    if st[0] > max_applied:
                        max_applied = st[0]
            applied = sum(1 for k in range(len(fields)) if ver[2 + 3 * k] is not None)
            if applied == 0:
                continue
            tr["applied"] += applied
            rep.applied += applied
            new_rows.append([rid, *vals])
            new_vers.append(ver)
            continue
        # slow path: field by field against what is here
        sets_val, sets_ver = {}, {}
        cur_vals = existing_val[rid]
        for k, st in enumerate(stamps):
            if st is None:
                continue
            f = fields[k]
            if st[0] > limit:
                quarantine.append(_q(cs, tname, rid, f, values[k], st, devs, received))
                continue
            inc_t, inc_dev, inc_s = st[0], devs[st[1]], st[2]
            cur_t, cur_d, cur_s = cur_ver[2 + 3 * k], cur_ver[3 + 3 * k], cur_ver[4 + 3 * k]
            cur_dev = idx_to_dev.get(cur_d) if cur_d is not None else None
            if cur_t == inc_t and cur_dev == inc_dev:
                if inc_s and inc_s > (cur_s or 0):
                    sets_ver[k] = (cur_t, cur_d, inc_s)
                    _prune(db, tname, rid, f, inc_s)
                tr["unchanged"] += 1
                rep.unchanged += 1
                continue
            seen = max(cur_s or 0, inc_s or 0)
            if _wins(inc_t, inc_dev, cur_t, cur_dev):
                loser = (cur_vals[1 + k], cur_t, cur_dev) if cur_t is not None else None
                sets_val[k] = values[k]
                sets_ver[k] = (inc_t, local_idx[st[1]], seen or None)
                winner_val = values[k]
                if inc_t > max_applied:
                    max_applied = inc_t
                tr["applied"] += 1
                rep.applied += 1
            else:
                loser = (values[k], inc_t, inc_dev)
                winner_val = cur_vals[1 + k]
                if seen > (cur_s or 0):
                    sets_ver[k] = (cur_t, cur_d, seen)
                tr["unchanged"] += 1
                rep.unchanged += 1
            if loser and loser[1] > seen:
                cid = conflict_id(tname, rid, f, loser[1], loser[2])
                cur = db.execute("INSERT OR IGNORE INTO conflicts(id, tbl, rid, field, value, stamp, device) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 [cid, tname, rid, f, _enc(loser[0]), loser[1], loser[2]])
                if cur.rowcount and loser[0] != winner_val:
                    tr["conflicts"] += 1
                    rep.conflicts += 1
            if seen > (cur_s or 0):
                _prune(db, tname, rid, f, seen)
        if sets_val:
            cols = list(sets_val)
            db.execute(f"UPDATE [{tname}] SET {', '.join(f'[{fields[k]}] = ?' for k in cols)} WHERE id = ?",
                       [sets_val[k] for k in cols] + [rid])
        if sets_ver:
            cols = list(sets_ver)
            assigns = [f"[{fields[k]}__{x}] = ?" for k in cols for x in "tds"]
            params = [v for k in cols for v in sets_ver[k]]
            if sets_val:
                assigns.append("_seq = ?")
                params.append(seq)
            db.execute(f"UPDATE [{tname}__ver] SET {', '.join(assigns)} WHERE id = ?", params + [rid])
        if sets_val and tname in SEARCHABLE:
            db.execute("INSERT OR IGNORE INTO search_dirty(tbl, rid) VALUES (?, ?)", [tname, rid])
    step()
    if new_rows:
        db.conn.executemany(f"INSERT INTO [{tname}] (id, {', '.join(f'[{f}]' for f in fields)}) "
                            f"VALUES (?{', ?' * len(fields)})", new_rows)
        db.conn.executemany(f"INSERT INTO [{tname}__ver] ({', '.join(f'[{c}]' for c in ver_cols)}) "
                            f"VALUES ({', '.join('?' * len(ver_cols))})", new_vers)
        if tname in SEARCHABLE:
            db.conn.executemany("INSERT OR IGNORE INTO search_dirty(tbl, rid) VALUES (?, ?)",
                                [(tname, r[0]) for r in new_rows])
        step()
    if quarantine:
        db.conn.executemany("INSERT OR IGNORE INTO quarantine(id, bundle_id, sender, tbl, rid, field, value, stamp, "
                            "device, seen, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", quarantine)
        tr["quarantined"] += len(quarantine)
        rep.quarantined += len(quarantine)
    if rejected:
        db.conn.executemany("INSERT INTO rejected_changes(bundle_id, sender, tbl, rid, field, value, reason, "
                            "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rejected)
    return max_applied


def _enc(v):
    return None if v is None else json.dumps(v, ensure_ascii=False)


def _q(cs, tname, rid, f, value, st, devs, received):
    qid = conflict_id(tname, rid, f, st[0], devs[st[1]])
    return (qid, cs.id, cs.sender, tname, rid, f, _enc(value), st[0], devs[st[1]], st[2], received)


def _prune(db, tname, rid, f, seen):
    db.execute("DELETE FROM conflicts WHERE tbl = ? AND rid = ? AND field = ? AND stamp <= ?", [tname, rid, f, seen])
