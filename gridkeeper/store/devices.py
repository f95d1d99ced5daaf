"""The devices table: this laptop's own identity row, the devices it knows and trusts, their areas.

Local bookkeeping, never replicated. This device's row (``status = 'self'``) is written once by
:func:`register_self` when the database is created; the others are trusted through enrolment
(``sync.enrolment``) or met as bare ``'seen'`` writers in change sets (:func:`device_index`).
The keys themselves are made and sealed in ``sync.keys``.
"""

from __future__ import annotations

import json

import sqlite_utils

from ..domain.errors import DatabaseError, GridkeeperError, NotFoundError
from ..domain.messages import M
from .areas import subtree_ids
from .db import transaction
from .meta import now_iso, set_meta

ROLES = ("worker", "township")


class Device:
    __slots__ = ("idx", "device_id", "name", "role")

    def __init__(self, idx, device_id, name, role):
        self.idx, self.device_id, self.name, self.role = idx, device_id, name, role


def self_device(db: sqlite_utils.Database) -> Device:
    row = db.execute("SELECT idx, device_id, name, role FROM devices WHERE status = 'self'").fetchone()
    if not row:
        raise DatabaseError(M("not_initialised"),
                            code="not_initialised")
    return Device(*row)


def role(db: sqlite_utils.Database) -> str:
    return self_device(db).role


def register_self(db: sqlite_utils.Database, *, device_id: str, name: str, role: str,
                  age_recipient: str | None = None, sign_public: str | None = None,
                  fingerprint: str | None = None, secrets: bytes | None = None) -> None:
    """Write this device's own row (and its sealed secrets) into a new database."""
    if role not in ROLES:
        raise GridkeeperError(M("bad_role", role=role), code="bad_role")
    name = (name or "").strip()
    if not name:
        raise GridkeeperError(M("bad_name"), code="bad_name")
    if db.execute("SELECT 1 FROM devices WHERE status = 'self'").fetchone():
        raise GridkeeperError(M("already_initialised"), code="already_initialised")
    with transaction(db):
        db.execute("""INSERT INTO devices(device_id, name, role, age_recipient, sign_public, fingerprint, areas,
                      status, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'self', ?)""",
                   [device_id, name, role, age_recipient, sign_public, fingerprint, json.dumps([]), now_iso()])
        if secrets is not None:
            db.execute("INSERT INTO device_secrets(device_id, blob) VALUES (?, ?)", [device_id, secrets])
        set_meta(db, "created_at", now_iso())


def device_index(db: sqlite_utils.Database, device_id: str, *, add: bool = True) -> int:
    """The local index of a device id (exact match), adding a bare 'seen' entry for one never met before.

    With ``add=False`` an unknown id raises instead: the township merging a screened worker change
    set (sync/screen.py) only ever meets devices it knows, and must never let a file plant one.
    """
    row = db.execute("SELECT idx FROM devices WHERE device_id = ?", [device_id]).fetchone()
    if row:
        return row[0]
    if not add:
        raise DatabaseError(M("unknown_device", device_id=device_id[:40]), code="unknown_device")
    cur = db.execute("INSERT INTO devices(device_id, status, added_at) VALUES (?, 'seen', ?)",
                     [device_id, now_iso()])
    return cur.lastrowid


def device_ids_by_index(db: sqlite_utils.Database) -> dict[int, str]:
    return dict(db.execute("SELECT idx, device_id FROM devices").fetchall())


def assign_self_areas(db: sqlite_utils.Database, area_ids: list[str]) -> None:
    """The areas this (worker) device is enrolled for."""
    with transaction(db):
        db.execute("UPDATE devices SET areas = ? WHERE status = 'self'", [json.dumps(sorted(set(area_ids)))])


def self_areas(db: sqlite_utils.Database) -> list[str]:
    row = db.execute("SELECT areas FROM devices WHERE status = 'self'").fetchone()
    return json.loads(row[0]) if row else []


def upsert_device(db: sqlite_utils.Database, *, device_id: str, name: str, role: str, age_recipient: str,
                  sign_public: str, fingerprint: str, status: str, areas: list[str] | None = None) -> None:
    """Record a trusted device (township card on a worker; enrolled worker on the township)."""
    me = self_device(db)
    if device_id == me.device_id:
        raise GridkeeperError(M("own_card"), code="own_card")
    existing = db.execute("SELECT status, sign_public FROM devices WHERE device_id = ?", [device_id]).fetchone()
    if existing and existing[0] == "revoked":
        raise GridkeeperError(M("revoked"),
                              code="revoked")
    if existing and existing[1] and existing[1] != sign_public:
        raise GridkeeperError(M("key_mismatch"), code="key_mismatch")
    with transaction(db):
        idx = device_index(db, device_id)
        db.execute("""UPDATE devices SET name = ?, role = ?, age_recipient = ?, sign_public = ?, fingerprint = ?,
                      status = ?, areas = ?, added_at = coalesce(added_at, ?) WHERE idx = ?""",
                   [name, role, age_recipient, sign_public, fingerprint, status,
                    json.dumps(sorted(set(areas or []))), now_iso(), idx])


def list_devices(db: sqlite_utils.Database) -> list[dict]:
    out = []
    for row in db.query("""SELECT device_id, name, role, fingerprint, areas, status, flagged, clock_offset_ms,
                                  last_bundle_at FROM devices WHERE status != 'seen' ORDER BY idx"""):
        row["areas"] = json.loads(row["areas"] or "[]")
        out.append({"id": row["device_id"], **row})
    return out


PREFIX_MIN = 4


def get_device(db: sqlite_utils.Database, device_id: str, *, prefix: bool = False) -> dict:
    """A known device by its exact id (ids from files, bundles and the database are always exact).

    ``prefix=True`` is for a person typing at the command line (``keys revoke``, ``bundle export
    --for``): an exact id still wins; otherwise a prefix of at least 4 characters that matches
    exactly one device the township has enrolled, revoked or trusts (never a bare 'seen' entry, so
    no id planted in the table can make a real device ambiguous).
    """
    rows = list(db.query("SELECT * FROM devices WHERE device_id = ?", [device_id]))
    if not rows and prefix and len(device_id) >= PREFIX_MIN:
        rows = list(db.query("SELECT * FROM devices WHERE status NOT IN ('seen', 'self') "
                             "AND substr(device_id, 1, length(?)) = ?", [device_id, device_id]))
        if len(rows) > 1:
            raise NotFoundError(M("ambiguous_device", device_id=device_id, len_rows=len(rows)),
                                code="ambiguous_device")
    if len(rows) != 1:
        raise NotFoundError(M("no_device", device_id=device_id), code="no_device")
    rows[0]["areas"] = json.loads(rows[0]["areas"] or "[]")
    return rows[0]


def revoke_device(db: sqlite_utils.Database, device_id: str, *, prefix: bool = False) -> dict:
    """Refuse a device's bundles from now on (``prefix`` as in :func:`get_device`, for typed input)."""
    dev = get_device(db, device_id, prefix=prefix)
    if dev["status"] == "self":
        raise GridkeeperError(M("revoke_self"), code="revoke_self")
    with transaction(db):
        db.execute("UPDATE devices SET status = 'revoked' WHERE idx = ?", [dev["idx"]])
    dev["status"] = "revoked"
    return dev


def scope_area_ids(db: sqlite_utils.Database, areas: list[str]) -> set[str]:
    out: set[str] = set(areas)
    for a in areas:
        out.update(subtree_ids(db, a))
    return out


def device_names(db: sqlite_utils.Database) -> dict[str, str]:
    """``{device_id: name}`` for every device this database has heard of."""
    return {r[0]: r[1] or r[0][:8] for r in db.execute("SELECT device_id, name FROM devices")}


def device_grids(db: sqlite_utils.Database) -> dict[str, str]:
    """``{device_id: "东山村 第3网格、…"}``: the areas each device is enrolled for, with their village."""
    out = {}
    for dev_id, areas_json in db.execute("SELECT device_id, areas FROM devices"):
        names = []
        for aid in json.loads(areas_json or "[]"):
            row = db.execute("SELECT a.name, p.name FROM areas a LEFT JOIN areas p ON p.id = a.parent_id "
                             "WHERE a.id = ?", [aid]).fetchone()
            if row:
                names.append(f"{row[1]} {row[0]}" if row[1] else row[0])
        out[dev_id] = "、".join(names)
    return out


def device_rows(db: sqlite_utils.Database) -> list[dict]:
    """Enrolled and revoked devices with their areas' names, last bundle and clock offset."""
    out = []
    for d in db.query("SELECT * FROM devices WHERE status IN ('enrolled', 'revoked', 'township') ORDER BY name"):
        areas = json.loads(d["areas"] or "[]")
        names = [r[0] for r in db.execute("SELECT name FROM areas WHERE id IN (SELECT value FROM json_each(?))",
                                          [json.dumps(areas)])]
        d["areas"] = areas
        d["area_names"] = names
        out.append(d)
    return out
