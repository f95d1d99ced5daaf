"""Applying a change set: one transaction that merges its records by the rule (DESIGN §4).

The rule itself — field-level last-writer-wins with nothing silently lost, step by step — is
``sync.merge_rule`` (its docstring explains it); records never seen here take the batched path of
``sync.merge_new_records``; held versions whose time has come merge through
``sync.quarantine.release_quarantine``. This module applies a whole change set
(:func:`apply_changeset`): in one transaction (a savepoint inside a merge run), what a worker
laptop sends is screened first (``sync.screen``: records outside its scope or breaking the trust
model are rejected and listed, the rest merges), then the records, the audit trail, the clock, what
the merge says about the sender, and the search index. :func:`merge_run` merges many change sets
with a commit every couple of seconds.

``MergeReport``, ``release_quarantine`` and ``merge_run`` are imported from here by the service,
the CLI, tests and benchmarks.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from contextlib import contextmanager

import sqlite_utils

from ..domain.gcpause import gc_paused
from ..domain.hlc import now_ms as clock_now
from ..store.db import transaction
from ..store.devices import scope_area_ids, self_device
from ..store.search_index import index_changes
from ..store.meta import now_iso, set_meta
from .changeset import ChangeSet
from .merge_context import MergeContext, MergeReport
from .merge_rule import merge_tables
from .quarantine import release_quarantine
from .screen import note_rejections, rejection_rows, screen_changeset

__all__ = ["MergeReport", "MergeRun", "apply_changeset", "merge_run", "release_quarantine"]


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
        ctx.finish_clock()
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
# The page cache of a merge run, in KiB: pages are only taken as the run touches them, so a small
# merge costs nothing more; a township-wide one holds up to this much (within the GUI's 300 MB and
# the CLI's 500 MB peak goals, README "Merge speed and its floor").
MERGE_CACHE_KIB = 64 << 10


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
    The run's page cache is larger (:data:`MERGE_CACHE_KIB`): a first merge writes every table and
    index at once, and with SQLite's 8 MB default it evicts and re-reads index pages it is still
    filling (270 grid change sets into an empty township, best of four alternating runs: 11.6 s ->
    11.1 s; single runs on the shared test machine vary more than that).
    Yields a :class:`MergeRun`; call ``bundle_done()`` after each change set.
    """
    cache = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = {-MERGE_CACHE_KIB}")
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
        db.execute(f"PRAGMA cache_size = {int(cache)}")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA wal_autocheckpoint = 1000")
        with transaction(db):
            set_meta(db, "last_merge_run", now_iso())
