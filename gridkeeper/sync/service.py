"""Exporting and merging bundle files: the one code path the CLI and the GUI share."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Callable

import sqlite_utils

from .. import __version__
from ..domain.errors import GridkeeperError
from ..domain.messages import M
from ..store.backup import backup_before
from ..store.db import transaction
from ..store.files import write_private
from ..store.meta import get_meta, now_iso, set_meta
from ..store.devices import assign_self_areas, get_device, self_areas, self_device
from ..domain.records import TABLE_ORDER, table as get_table
from ..store.schema import SCHEMA_VERSION
from . import bundle as B
from .changeset import RETURN_LIMITS, WORKER_LIMITS, ChangeSet, select_changes
from .enrolment import known_device
from .keys import load_device_keys
from .merge import MergeReport, apply_changeset, merge_run, release_quarantine

MAX_BUNDLE_FILE = 600 * 1024 * 1024


@dataclass
class ExportResult:
    path: str
    bundle_id: str
    recipient: str
    counts: dict
    size: int

    def as_dict(self):
        return dict(self.__dict__)


def _township(db) -> dict:
    row = db.execute("SELECT device_id FROM devices WHERE status = 'township'").fetchone()
    if not row:
        raise GridkeeperError(M("no_township"),
                              code="no_township")
    return get_device(db, row[0])


def build_export(db: sqlite_utils.Database, *, for_device: str | None = None) -> tuple[ChangeSet, dict, str]:
    """The change set to send and to whom: (changes, recipient device row, manifest areas)."""
    me = self_device(db)
    if me.role == "worker":
        if for_device:
            raise GridkeeperError(M("bad_args:a_worker_laptop_exports_for"), code="bad_args")
        town = _township(db)
        # the township's own records (the area tree, synced vocabularies) are never sent back: the
        # township would refuse them
        cs = select_changes(db, since_seq=town["acked_seq"], acks={town["device_id"]: town["received_seq"]},
                            tables=[t for t in TABLE_ORDER if get_table(t).author != "township"])
        return cs, town, self_areas(db)
    if not for_device:
        raise GridkeeperError(M("bad_args:the_township_exports_a_return"), code="bad_args")
    dev = get_device(db, for_device)
    if dev["status"] != "enrolled":
        raise GridkeeperError(M("not_enrolled", dev_name=dev['name'], dev_status=dev['status']), code="not_enrolled")
    revoked = [r[0] for r in db.execute("SELECT device_id FROM devices WHERE status = 'revoked'")]
    cs = select_changes(db, since_seq=dev["acked_seq"], area_ids=dev["areas"],
                        acks={dev["device_id"]: dev["received_seq"]}, revoked=revoked)
    return cs, dev, dev["areas"]


def export_bundle(db: sqlite_utils.Database, out: str | Path, *, for_device: str | None = None,
                  passphrase: str | None = None) -> ExportResult:
    keys = load_device_keys(db, passphrase)
    cs, recipient, areas = build_export(db, for_device=for_device)
    lo, hi = cs.stamp_range()
    payload = cs.to_bytes()
    data = B.write_bundle({"schema": SCHEMA_VERSION, "app_version": __version__, "bundle_id": cs.id,
                           "recipients": [recipient["device_id"]], "areas": list(areas),
                           "hlc_min": lo or None, "hlc_max": hi or None, "counts": cs.counts(),
                           "seq_max": cs.seq_max},
                          payload, keys, [recipient["age_recipient"]])
    out = Path(out)
    if out.is_dir():
        out = out / suggest_name(db, recipient)
    tmp = out.with_name(out.name + ".part")
    write_private(tmp, data, fsync=True)  # owner-only from the first byte
    tmp.replace(out)
    with transaction(db):
        db.execute("INSERT INTO bundles_exported(bundle_id, recipient, path, seq_max, exported_at, counts) "
                   "VALUES (?, ?, ?, ?, ?, ?)", [cs.id, recipient["device_id"], str(out), cs.seq_max, now_iso(),
                                                  json.dumps(cs.counts())])
        set_meta(db, "last_export_at", now_iso())
    return ExportResult(str(out), cs.id, recipient["device_id"], cs.counts(), len(data))


def suggest_name(db: sqlite_utils.Database, recipient: dict) -> str:
    me = self_device(db)
    areas = self_areas(db) if me.role == "worker" else recipient["areas"]
    area_name = ""
    if areas:
        row = db.execute("SELECT name, parent_id FROM areas WHERE id = ?", [areas[0]]).fetchone()
        if row:
            parent = db.execute("SELECT name FROM areas WHERE id = ?", [row[1]]).fetchone()
            area_name = (parent[0] if parent else "") + row[0]
    today = date.today()
    seq = db.execute("SELECT count(*) FROM bundles_exported WHERE exported_at LIKE ?",
                     [today.isoformat() + "%"]).fetchone()[0] + 1
    who = me.name if me.role == "worker" else recipient["name"]
    return B.suggest_bundle_name(area_name or "网格", who, today, seq)


@dataclass
class MergeOutcome:
    file: str
    status: str                  # merged / already_merged / refused
    code: str = ""
    message: str = ""
    sender: str = ""
    sender_name: str = ""
    report: dict = field(default_factory=dict)

    def as_dict(self):
        return dict(self.__dict__)


def _refuse(code: str, message: M) -> GridkeeperError:
    return GridkeeperError(message, code=code)


def read_bundle(db: sqlite_utils.Database, path: str | Path, keys) -> tuple[B.OpenedBundle, ChangeSet]:
    p = Path(path)
    if not p.is_file():
        raise _refuse("no_file", M("no_file", p=p))
    if p.stat().st_size > MAX_BUNDLE_FILE:
        raise B.BundleError("payload_too_large")
    # a township reads what worker laptops send under the tighter limits (DESIGN §4 trust model)
    limits = WORKER_LIMITS if self_device(db).role == "township" else RETURN_LIMITS
    opened = B.open_bundle(p.read_bytes(), [keys.age_identity], lambda d: known_device(db, d),
                           max_schema=SCHEMA_VERSION, me=[keys.device_id, keys.fingerprint],
                           max_payload=limits.max_payload)
    try:
        cs = ChangeSet.from_bytes(opened.payload, limits)
    except GridkeeperError as e:
        if e.code == "too_large":
            raise B.BundleError("payload_too_large", str(e)) from None
        raise B.BundleError("bad_format", "payload is not a change set") from None
    counts = opened.manifest.get("counts") or {}
    if cs.counts() != {t: n for t, n in counts.items() if n}:
        raise B.BundleError("bad_format", "payload counts differ from the signed manifest")
    if cs.id != opened.manifest.get("bundle_id") or cs.sender != opened.manifest.get("sender"):
        raise B.BundleError("bad_format", "payload does not match the signed manifest")
    # the decompressed bytes are parsed: free them before the merge fills its page cache (the
    # township return bundle's are ~90 MB, what keeps the CLI merge under its 500 MB peak)
    return replace(opened, payload=b""), cs


def merge_bundle(db: sqlite_utils.Database, path: str | Path, *, keys=None, passphrase: str | None = None,
                 backup: bool = True) -> MergeOutcome:
    """Verify, decrypt and merge one bundle file atomically. Raises GridkeeperError when refused."""
    keys = keys or load_device_keys(db, passphrase)
    me = self_device(db)
    opened, cs = read_bundle(db, path, keys)
    sender = opened.sender
    out = MergeOutcome(str(path), "merged", sender=cs.sender, sender_name=sender.name if sender else "")
    if cs.sender == me.device_id:
        raise _refuse("own_bundle", M("this_bundle_was_exported_by"))
    if db.execute("SELECT 1 FROM bundles_applied WHERE bundle_id = ?", [cs.id]).fetchone():
        out.status = "already_merged"
        out.report = MergeReport(cs.id, cs.sender, already_merged=True).as_dict()
        return out
    if me.role == "township":
        if sender.role != "worker":
            raise _refuse("wrong_sender", M("the_township_merges_bundles_from"))
        dev = get_device(db, cs.sender)
        scope, full = dev["areas"], False
    else:
        if sender.role != "township":
            raise _refuse("wrong_sender", M("a_worker_laptop_merges_return"))
        scope, full = None, True
    if backup:

        backup_before(db, "merge")
        release_quarantine(db)
    then = _take_return_bundle(opened, cs) if me.role == "worker" else _note_sync
    rep = apply_changeset(db, cs, sha256=opened.raw_sha256, scope=scope, full_scope=full, then=then)
    out.status = "already_merged" if rep.already_merged else "merged"
    out.report = rep.as_dict()
    return out


def _note_sync(db: sqlite_utils.Database) -> None:
    set_meta(db, "last_sync_at", now_iso())


def _take_return_bundle(opened: B.OpenedBundle, cs: ChangeSet) -> Callable[[sqlite_utils.Database], None]:
    """What a worker takes from its township's return bundle besides records, in the same transaction.

    Revocations only ever add up. The assigned areas come from the newest return bundle merged so
    far (by the township's clock when it wrote it): an older one merged late never rolls them back.
    """
    def take(db: sqlite_utils.Database) -> None:
        newest = int(get_meta(db, "return_issued", "0"))
        if cs.issued > newest or (cs.issued == 0 and newest == 0):
            assign_self_areas(db, opened.manifest.get("areas") or [])
            set_meta(db, "return_issued", cs.issued)
        for dev_id in cs.revoked:
            db.execute("UPDATE devices SET status = 'revoked' WHERE device_id = ? AND status != 'self'", [dev_id])
        _note_sync(db)
    return take


def merge_bundles(db: sqlite_utils.Database, paths: list[str | Path], *, passphrase: str | None = None,
                  progress: Callable[[int, int, str], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> list[MergeOutcome]:
    """Merge many files; a refused bundle never stops the others. One backup before the run."""
    keys = load_device_keys(db, passphrase)
    outcomes = []
    if paths:
        backup_before(db, "merge")
        release_quarantine(db)
    with merge_run(db) as run:
        for i, path in enumerate(paths):
            if cancelled and cancelled():
                break
            if progress:
                progress(i, len(paths), str(path))
            outcomes.append(_merge_one(db, path, keys))
            run.bundle_done()
    if progress:
        progress(len(paths), len(paths), "")
    return outcomes


def _merge_one(db: sqlite_utils.Database, path, keys) -> MergeOutcome:
    """One bundle of a run: whatever goes wrong refuses this file alone (its savepoint rolled back)."""
    try:
        return merge_bundle(db, path, keys=keys, backup=False)
    except GridkeeperError as e:
        return MergeOutcome(str(path), "refused", code=e.code, message=str(e))
    except Exception as e:  # noqa: BLE001 - any failure refuses this one bundle, never the run
        detail = f"{type(e).__name__}: {e}"[:300]
        return MergeOutcome(str(path), "refused", code="merge_failed",
                            message=str(M("merging_failed_nothing_of_this", detail=detail)))


def outcome_line(o: MergeOutcome) -> str:
    name = Path(o.file).name
    if o.status == "refused":
        return str(M("refused", name=name, o_message=o.message))
    r = o.report
    if o.status == "already_merged":
        return str(M("already_merged_nothing_changed", name=name))
    return str(M("applied_unchanged_conflicts_quarantined_rejected", name=name, o_sender_name=o.sender_name,
                 r_applied=r['applied'], r_unchanged=r['unchanged'], r_conflicts=r['conflicts'],
                 r_quarantined=r['quarantined'], r_rejected=r['rejected']))


def export_return_bundles(db: sqlite_utils.Database, folder: str | Path, *, passphrase: str | None = None,
                          progress: Callable[[int, int, str], None] | None = None) -> list[ExportResult]:
    """One return bundle for every enrolled worker laptop, named so staff hand each to the right person."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    devices = [r[0] for r in db.execute("SELECT device_id FROM devices WHERE status = 'enrolled' ORDER BY name")]
    out = []
    for i, dev in enumerate(devices):
        if progress:
            progress(i, len(devices), dev)
        out.append(export_bundle(db, folder, for_device=dev, passphrase=passphrase))
    if progress:
        progress(len(devices), len(devices), "")
    return out
