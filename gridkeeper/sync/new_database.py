"""Database initialisation: a new database with this device's identity row and freshly made keys.

(``gridkeeper init`` and the first-run dialog; the keys are made and sealed in ``sync.keys``.)"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import sqlite_utils

from ..domain.errors import GridkeeperError
from ..domain.messages import M
from ..store import atrest
from ..store.db import open_db
from ..store.devices import register_self
from . import keys as K


def init_database(path: str | os.PathLike, *, role: str, name: str, passphrase: str | None = None,
                  device_id: str | None = None, db_passphrase: str | None = None) -> sqlite_utils.Database:
    """A new, empty database with this device's freshly generated keys.

    A township's secret keys are sealed with ``passphrase``: both ways users create a township (the
    first-run dialog and ``gridkeeper init``) refuse to go on without one. (``None`` is still
    accepted here for demo databases and tests.) A worker laptop's keys are stored unprotected,
    since the laptop must export a bundle without anyone typing a passphrase; with encryption at
    rest the database itself protects them.

    With ``db_passphrase`` the database itself is encrypted (``store.atrest``: a random key in a
    passphrase-wrapped ``<db>.key`` file); without it, it is a plain file (the demo, most tests).
    """
    p = Path(path)
    if p.exists() and p.stat().st_size > 0:
        raise GridkeeperError(M("exists:the_file_already_exists_and", p=p),
                              code="exists")
    if role not in ("worker", "township"):
        raise GridkeeperError(M("bad_role", role=role), code="bad_role")
    if not (name or "").strip():
        raise GridkeeperError(M("bad_name"), code="bad_name")
    keys = K.generate_device_keys(name.strip(), role, device_id=device_id)
    sealed = K.seal_secrets(keys, passphrase if role == "township" else None)
    if db_passphrase:
        atrest.prepare_new(p, db_passphrase)
    elif not p.exists():
        atrest.sidecar_path(p).unlink(missing_ok=True)  # a stale key file must not make a plain file "encrypted"
    db = open_db(p, create=True)
    try:
        register_self(db, device_id=keys.device_id, name=keys.name, role=role,
                      age_recipient=keys.age_recipient,
                      sign_public=base64.b64encode(keys.sign_public).decode(),
                      fingerprint=keys.fingerprint, secrets=sealed)
    except Exception:
        db.conn.close()
        p.unlink(missing_ok=True)
        atrest.sidecar_path(p).unlink(missing_ok=True)
        raise
    return db
