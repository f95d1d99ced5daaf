"""Township recovery of a worker's database key (key escrow).

At enrolment, a worker laptop whose database is encrypted seals its raw database key to the
township's age recipient (from the township card it trusts) and carries the sealed copy in its
enrolment request (field ``key_escrow``, covered by the request's self-signature). The township
keeps it (in its own, encrypted, database: ``meta`` key ``escrow.<device id>``).

A worker who forgets the passphrase brings the laptop — or a backup with the database file — to
the township, which opens the sealed key with its secret key (itself passphrase-protected) and
writes a new key file for the database wrapped with a new passphrase the worker types. The
township never learns the worker's passphrase, old or new; the data is never re-encrypted.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import sqlite_utils

from ..domain.errors import GridkeeperError
from ..domain.messages import M
from ..store import atrest, driver
from ..store.db import transaction
from ..store.meta import get_meta, set_meta
from ..store.devices import self_device
from . import agefile
from .keys import load_device_keys

ESCROW_FORMAT = "gridkeeper-dbkey-escrow"


def seal_db_key(key: bytes, device_id: str, township_recipient: str) -> str:
    plain = json.dumps({"format": ESCROW_FORMAT, "version": 1, "device_id": device_id, "key": key.hex()},
                       sort_keys=True).encode()
    return base64.b64encode(agefile.encrypt(plain, [township_recipient])).decode()


def escrow_for_request(db: sqlite_utils.Database) -> str | None:
    """The sealed key for this laptop's enrolment request; None when the database is plain or no
    township is trusted yet (then import the township card first)."""
    key = atrest.key_of(db)
    if key is None:
        return None
    row = db.execute("SELECT age_recipient FROM devices WHERE status = 'township'").fetchone()
    if not row or not row[0]:
        return None
    return seal_db_key(key, self_device(db).device_id, row[0])


def keep_escrow(db: sqlite_utils.Database, device_id: str, sealed: str) -> None:
    with transaction(db):
        set_meta(db, f"escrow.{device_id}", sealed)


def has_escrow(db: sqlite_utils.Database, device_id: str) -> bool:
    return get_meta(db, f"escrow.{device_id}") is not None


def recover_db_key(town: sqlite_utils.Database, device_id: str, passphrase: str | None = None) -> bytes:
    """The worker's database key, unsealed with the township's secret key."""
    me = self_device(town)
    if me.role != "township":
        raise GridkeeperError(M("not_township"),
                              code="not_township")
    sealed = get_meta(town, f"escrow.{device_id}")
    if sealed is None:
        raise GridkeeperError(M("no_escrow", device_id=device_id),
                              code="no_escrow")
    keys = load_device_keys(town, passphrase)
    try:
        plain = json.loads(agefile.decrypt(base64.b64decode(sealed), [keys.age_identity]))
        ok = plain["format"] == ESCROW_FORMAT and plain["device_id"] == device_id
        key = bytes.fromhex(plain["key"])
    except Exception:
        ok, key = False, b""
    if not ok or len(key) != 32:
        raise GridkeeperError(M("bad_escrow"),
                              code="bad_escrow")
    return key


def _device_of(target: Path, key: bytes) -> str | None:
    conn = driver.raw_connect(target, key)
    try:
        row = conn.execute("SELECT device_id FROM devices WHERE status = 'self'").fetchone()
        return row[0] if row else None
    except driver.DatabaseError:
        return None
    finally:
        conn.close()


def recover_database(town: sqlite_utils.Database, device_id: str, target: str | os.PathLike, new_passphrase: str,
                     *, passphrase: str | None = None) -> Path:
    """Give a worker database (or a backup of it) a new passphrase through the township's recovery
    copy of its key; returns the key file written beside ``target``."""
    target = Path(target)
    if not target.is_file():
        raise GridkeeperError(M("no_database:database_file_not_found", target=target), code="no_database")
    if not atrest.is_encrypted(target):
        raise GridkeeperError(M("not_encrypted:this_database_is_not_encrypted"), code="not_encrypted")
    atrest.check_new_passphrase(new_passphrase)
    key = recover_db_key(town, device_id, passphrase)
    found = _device_of(target, key)
    if found != device_id:
        raise GridkeeperError(M("wrong_key:this_database_file_does_not", device_id=device_id), code="wrong_key")
    atrest.set_key_passphrase(target, key, new_passphrase)
    return atrest.sidecar_path(target)
