"""Applying a change set: field-level last-writer-wins with nothing silently lost (DESIGN §4).

Rules, per field of a record:

- The version with the greater ``(stamp, device id)`` wins.
- Every version carries ``seen``: the highest stamp its writer had already seen for the field.
  The store keeps, per field, the highest ``seen`` of every version it ever received (``_seen``).
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
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import sqlite_utils

from ..domain.hlc import now_ms as clock_now, pack
from ..domain.records import TABLE_ORDER
from ..store.changes import dump_seen, load_seen
from ..store.db import transaction
from ..store.enrolment import scope_area_ids
from ..store.meta import device_index, get_setting, load_clock, now_iso, save_clock, self_device, set_meta
from .changeset import ChangeSet
from .screen import note_rejections, rejection_rows, screen_changeset

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

    def as_dict(self) -> dict:
        return {"bundle_id": self.bundle_id, "sender": self.sender, "already_merged": self.already_merged,
                "applied": self.applied, "unchanged": self.unchanged, "conflicts": self.conflicts,
                "quarantined": self.quarantined, "rejected": self.rejected, "per_table": self.per_table,
                "rejected_records": self.rejected_records[:200]}


class MergeRun:
    """A batch of merges committed in groups: see :func:`merge_run`."""

    def __init__(self, db: sqlite_utils.Database, commit_every_s: float):
        self.db = db
        self.commit_every_s = commit_every_s
        self._last = time.monotonic()

    def bundle_done(self) -> None:
        """Call after each change set: commits the group when it is old enough."""
        if time.monotonic() - self._last >= self.commit_every_s:
            self.db.conn.execute("COMMIT")
            self.db.conn.execute("BEGIN IMMEDIATE")
            self._last = time.monotonic()


@contextmanager
def merge_run(db: sqlite_utils.Database, *, commit_every_s: float = 2.0):
    """Merge many change sets with a commit every couple of seconds instead of one per bundle.

    Inside the run each change set is still all or nothing (a savepoint: a refused or failing
    bundle rolls back alone and the run goes on). Groups commit with ``synchronous=NORMAL``: a
    power cut mid-run can lose the last group of merges — never corrupt the file or half-apply
    one — and those bundles simply merge again when re-run (merging is idempotent, the files are
    still there). Leaving the run commits with ``FULL``, which makes every merge of the run durable.
    Yields a :class:`MergeRun`; call ``bundle_done()`` after each change set.
    """
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA wal_autocheckpoint = 16000")  # fewer, larger checkpoints during the run
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield MergeRun(db, commit_every_s)
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    finally:
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA wal_autocheckpoint = 1000")
        with transaction(db):
            set_meta(db, "last_merge_run", now_iso())


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
        received = now_iso()
        # --- trust screening hook (sync/screen.py, DESIGN §4 "Trust model") -------------------------
        # A scoped sender (a worker bundle at the township) is screened before anything merges: the
        # rest of this function only ever sees the acceptable records, and the refused ones are
        # listed in the report and in rejected_changes. Screening replaces the old inline scope check
        # (``allowed`` stays None below). Keep this interface when re-wiring the merge.
        if not full_scope:
            cs, rejections = screen_changeset(db, cs, sender=cs.sender, scope=scope_area_ids(db, scope or []),
                                              township=me.device_id)
            note_rejections(rep, rejections)
            if rejections:
                db.conn.executemany("INSERT INTO rejected_changes(bundle_id, sender, tbl, rid, field, value, reason, "
                                    "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                    rejection_rows(cs, rejections, received))
        # --- end of the trust screening hook -------------------------------------------------------
        clock = load_clock(db)
        now = clock_now() if now_ms is None else now_ms
        limit = pack(now + int(float(get_setting(db, "clock_skew_hours")) * 3600_000), 0xFFFF)
        local_idx = [device_index(db, d) for d in cs.devices]
        idx_to_dev = dict(db.execute("SELECT idx, device_id FROM devices").fetchall())
        seq = clock.tick()  # this merge's local sequence mark for touched records
        allowed = None  # scope is screened above (sync/screen.py)
        max_applied = 0
        for tname in TABLE_ORDER:
            tc = cs.tables.get(tname)
            if not tc or not tc["rows"]:
                continue
            m = _merge_table(db, tname, tc, cs, rep, local_idx, idx_to_dev, limit, allowed, seq, received, step)
            max_applied = max(max_applied, m)
        if cs.history:
            refused = {(r["table"], r["id"]) for r in rep.rejected_records if r.get("reason") != "bad_history"}
            db.conn.executemany(
                "INSERT OR IGNORE INTO history(stamp, device, user, tbl, rid, action, fields) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(h[0], cs.sender, h[1], h[2], h[3], h[4], h[5]) for h in cs.history if (h[2], h[3]) not in refused])
        if max_applied:
            clock.observe(max_applied)
        step()
        save_clock(db, clock)
        if rep.quarantined:
            db.execute("UPDATE devices SET flagged = ? WHERE device_id = ?",
                       ["clock_ahead", cs.sender])
        hi = max(max_applied, rep.max_quarantined)
        offset = (hi >> 16) - now if hi and (hi >> 16) > now else None
        db.execute("UPDATE devices SET received_seq = max(received_seq, ?), last_bundle_at = ?, clock_offset_ms = ? "
                   "WHERE device_id = ?", [cs.seq_max, received, offset, cs.sender])
        if me.device_id in cs.acks:
            db.execute("UPDATE devices SET acked_seq = ? WHERE device_id = ?", [cs.acks[me.device_id], cs.sender])
        step()
        db.execute("INSERT INTO bundles_applied(bundle_id, sender, sha256, applied_at, report) VALUES (?, ?, ?, ?, ?)",
                   [cs.id, cs.sender, sha256, received, json.dumps(rep.as_dict(), ensure_ascii=False)])
    return rep


def _merge_table(db, tname, tc, cs, rep, local_idx, idx_to_dev, limit, allowed, seq, received, step) -> int:
    fields = tc["fields"]
    rows = tc["rows"]
    tr = rep.table(tname)
    tr["records"] += len(rows)
    ids = [r[0] for r in rows]
    existing_ver: dict[str, tuple] = {}
    existing_val: dict[str, tuple] = {}
    ver_cols = ["id", "_seq", "_base", "_seen"] + [c for f in fields for c in (f"{f}__t", f"{f}__d")]
    for chunk in range(0, len(ids), 5000):
        part = json.dumps(ids[chunk:chunk + 5000])
        for r in db.execute(f"SELECT {', '.join(f'[{c}]' for c in ver_cols)} FROM [{tname}__ver] "
                            "WHERE id IN (SELECT value FROM json_each(?))", [part]):
            existing_ver[r[0]] = r
    known = list(existing_ver)
    for chunk in range(0, len(known), 5000):  # values only for records already here
        part = json.dumps(known[chunk:chunk + 5000])
        for r in db.execute(f"SELECT id, {', '.join(f'[{f}]' for f in fields)} FROM [{tname}] "
                            "WHERE id IN (SELECT value FROM json_each(?))", [part]):
            existing_val[r[0]] = r
    step()
    losers_in: dict[str, list] = {}
    fpos = {f: k for k, f in enumerate(fields)}
    for c in cs.conflicts:
        if c[0] == tname and c[2] in fpos:
            losers_in.setdefault(c[1], []).append(c)
    area_pos = fields.index("area_id") if "area_id" in fields else None
    parent_pos = fields.index("parent_id") if tname == "areas" and "parent_id" in fields else None
    devs = cs.devices
    new_rows, new_vers = [], []
    max_applied = 0
    quarantine, rejected = [], []
    nf = len(fields)
    for row in rows:
        rid, values, base, deltas, dpos, seen_in = row
        cur_ver = existing_ver.get(rid)
        # scope: a limited sender may only touch records inside its areas
        if allowed is not None:
            if tname == "areas":
                ok = rid in allowed or (cur_ver is None and parent_pos is not None and values[parent_pos] in allowed)
            else:
                cur_area = existing_val[rid][1 + area_pos] if (cur_ver is not None and area_pos is not None) else None
                new_area = values[area_pos] if area_pos is not None and deltas[area_pos] is not None else None
                ok = (cur_ver is None or cur_area in allowed) and (new_area is None or new_area in allowed) \
                    and (cur_ver is not None or new_area is not None)
            if not ok and cur_ver is not None and _nothing_new(cur_ver, base, deltas, dpos, devs, idx_to_dev):
                # an echo of what this device sent earlier (e.g. the area tree above the worker's grid):
                # no change at all, so nothing to refuse
                n = sum(1 for dt in deltas if dt is not None)
                tr["unchanged"] += n
                rep.unchanged += n
                continue
            if not ok:
                n = sum(1 for dt in deltas if dt is not None)
                tr["rejected"] += n
                rep.rejected += n
                rep.rejected_records.append({"table": tname, "id": rid})
                rejected.append((cs.id, cs.sender, tname, rid, None, json.dumps(values, ensure_ascii=False),
                                 "out_of_scope", received))
                continue
        if cur_ver is None and rid not in losers_in:
            # fast path: a record never seen here — every sane field version wins outright, and
            # the incoming base/deltas are already the store's version-row layout
            ver = [rid, seq, base, dump_seen(seen_in) if seen_in else None]
            applied = mx = 0
            for dt, dv in zip(deltas, dpos):
                if dt is None:
                    ver += (None, None)
                else:
                    ver += (dt, local_idx[dv])
                    applied += 1
                    if dt > mx:
                        mx = dt
            top = base + mx
            if top <= limit:
                if top > max_applied:
                    max_applied = top
                new_rows.append([rid, *values])
                new_vers.append(ver)
                tr["applied"] += applied
                rep.applied += applied
                continue
            # a stamp from the future: hold those fields for review, apply the rest
            ver = [rid, seq, base, None]
            seen, vals, applied = {}, [], 0
            for k, (dt, dv) in enumerate(zip(deltas, dpos)):
                if dt is None:
                    vals.append(None)
                    ver += (None, None)
                elif base + dt > limit:
                    quarantine.append(_q(cs, tname, rid, fields[k], values[k], base + dt, devs[dv],
                                         (seen_in or {}).get(fields[k], 0), received))
                    vals.append(0 if fields[k] == "deleted" else None)
                    ver += (None, None)
                else:
                    vals.append(values[k])
                    ver += (dt, local_idx[dv])
                    if seen_in and seen_in.get(fields[k]):
                        seen[fields[k]] = seen_in[fields[k]]
                    max_applied = max(max_applied, base + dt)
                    applied += 1
            if applied == 0:
                continue
            ver[3] = dump_seen(seen) if seen else None
            new_rows.append([rid, *vals])
            new_vers.append(ver)
            tr["applied"] += applied
            rep.applied += applied
            continue
        # slow path: version by version against what is here
        if cur_ver is not None:
            cur_vals = existing_val[rid]
            here = cur_ver[2]
            seen0 = load_seen(cur_ver[3])
            state = [[cur_vals[1 + k], None if cur_ver[4 + 2 * k] is None else cur_ver[4 + 2 * k] + here,
                      idx_to_dev.get(cur_ver[5 + 2 * k]), cur_ver[5 + 2 * k], seen0.get(fields[k], 0)]
                     for k in range(nf)]
        else:
            state = [[None, None, None, None, 0] for _ in range(nf)]
        orig = [list(x) for x in state]
        new_losers = []
        incoming = [(k, values[k], st[0], devs[st[1]], local_idx[st[1]], st[2], True)
                    for k, st in enumerate(ChangeSet.versions(row, fields)) if st is not None]
        incoming += [(fpos[c[2]], c[3], c[4], devs[c[5]], local_idx[c[5]], c[6], False)
                     for c in losers_in.get(rid, ())]
        for k, value, inc_t, inc_dev, inc_idx, inc_s, counted in incoming:
            if inc_t > limit:
                quarantine.append(_q(cs, tname, rid, fields[k], value, inc_t, inc_dev, inc_s, received))
                continue
            cur = state[k]
            if cur[1] == inc_t and cur[2] == inc_dev:
                if inc_s > cur[4]:
                    cur[4] = inc_s
                if counted:
                    tr["unchanged"] += 1
                    rep.unchanged += 1
                continue
            if _wins(inc_t, inc_dev, cur[1], cur[2]):
                loser = (cur[0], cur[1], cur[2], cur[4]) if cur[1] is not None else None
                state[k] = [value, inc_t, inc_dev, inc_idx, max(cur[4], inc_s)]
                if inc_t > max_applied:
                    max_applied = inc_t
                if counted:
                    tr["applied"] += 1
                    rep.applied += 1
            else:
                loser = (value, inc_t, inc_dev, inc_s)
                cur[4] = max(cur[4], inc_s)
                if counted:
                    tr["unchanged"] += 1
                    rep.unchanged += 1
            if loser is not None:
                new_losers.append((k, loser))
        # conflicts: every loser above the field's seen mark; prune what the mark now covers
        added = 0
        for k, (lv, lt, ldev, ls) in new_losers:
            if lt > state[k][4]:
                cur = db.execute("INSERT OR IGNORE INTO conflicts(id, tbl, rid, field, value, stamp, device, seen) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                 [conflict_id(tname, rid, fields[k], lt, ldev), tname, rid, fields[k], _enc(lv), lt,
                                  ldev, ls])
                if cur.rowcount:
                    added += 1
                    if lv != state[k][0]:
                        tr["conflicts"] += 1
                        rep.conflicts += 1
        for k in range(nf):
            if state[k][4] > orig[k][4]:
                pruned = db.execute("DELETE FROM conflicts WHERE tbl = ? AND rid = ? AND field = ? AND stamp <= ?",
                                    [tname, rid, fields[k], state[k][4]]).rowcount
                added += pruned
        changed_vals = [k for k in range(nf) if state[k][1] != orig[k][1] or state[k][2] != orig[k][2]]
        changed_vers = [k for k in range(nf) if state[k] != orig[k]]
        if not changed_vers and not added:
            continue
        if cur_ver is None:
            if not any(state[k][1] is not None for k in range(nf)):
                continue
            new_rows.append([rid, *[state[k][0] if state[k][1] is not None else (0 if fields[k] == "deleted" else None)
                                    for k in range(nf)]])
            first = next(state[k][1] for k in range(nf) if state[k][1] is not None)
            new_vers.append([rid, seq, first, _seen_of(fields, state)] +
                            [x for k in range(nf) for x in
                             ((state[k][1] - first, state[k][3]) if state[k][1] is not None else (None, None))])
            continue
        if changed_vals:
            db.execute(f"UPDATE [{tname}] SET {', '.join(f'[{fields[k]}] = ?' for k in changed_vals)} WHERE id = ?",
                       [state[k][0] for k in changed_vals] + [rid])
        assigns = ["_seq = ?", "_seen = ?"] + [a for k in changed_vers
                                               for a in (f"[{fields[k]}__t] = ? - _base", f"[{fields[k]}__d] = ?")]
        params = [seq, _seen_of(fields, state)] + [v for k in changed_vers for v in (state[k][1], state[k][3])]
        db.execute(f"UPDATE [{tname}__ver] SET {', '.join(assigns)} WHERE id = ?", params + [rid])
    step()
    if new_rows:
        db.conn.executemany(f"INSERT INTO [{tname}] (id, {', '.join(f'[{f}]' for f in fields)}) "
                            f"VALUES (?{', ?' * len(fields)})", new_rows)
        db.conn.executemany(f"INSERT INTO [{tname}__ver] ({', '.join(f'[{c}]' for c in ver_cols)}) "
                            f"VALUES ({', '.join('?' * len(ver_cols))})", new_vers)
        step()
    if quarantine:
        db.conn.executemany("INSERT OR IGNORE INTO quarantine(id, bundle_id, sender, tbl, rid, field, value, stamp, "
                            "device, seen, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", quarantine)
        tr["quarantined"] += len(quarantine)
        rep.quarantined += len(quarantine)
        rep.max_quarantined = max(rep.max_quarantined, max(q[7] for q in quarantine))
    if rejected:
        db.conn.executemany("INSERT INTO rejected_changes(bundle_id, sender, tbl, rid, field, value, reason, "
                            "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rejected)
    return max_applied


def _seen_of(fields, state) -> str | None:
    return dump_seen({fields[k]: st[4] for k, st in enumerate(state) if st[4]})


def _nothing_new(cur_ver, base, deltas, dpos, devs, idx_to_dev) -> bool:
    """Whether every incoming version is one this store already holds as current, or older."""
    here = cur_ver[2]
    for k, (dt, dv) in enumerate(zip(deltas, dpos)):
        if dt is None:
            continue
        t = cur_ver[4 + 2 * k]
        if t is None:
            return False
        if (base + dt, devs[dv]) > (t + here, idx_to_dev.get(cur_ver[5 + 2 * k]) or ""):
            return False
    return True


def _enc(v):
    return None if v is None else json.dumps(v, ensure_ascii=False)


def _q(cs, tname, rid, f, value, stamp, device, seen, received):
    qid = conflict_id(tname, rid, f, stamp, device)
    return (qid, cs.id, cs.sender, tname, rid, f, _enc(value), stamp, device, seen, received)
