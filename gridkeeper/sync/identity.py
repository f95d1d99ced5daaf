"""This device's identity: creating a database with its keys, and loading the keys back."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import sqlite_utils

from ..domain.errors import GridkeeperError
from ..store import atrest
from ..store.db import open_db
from ..store.devices import register_self, self_device
from . import keys as K

PASSPHRASE_ENV = "GRIDKEEPER_PASSPHRASE"          # the township passphrase (current one)
NEW_PASSPHRASE_ENV = "GRIDKEEPER_NEW_PASSPHRASE"  # the new one, for ``keys passphrase`` without a terminal
_session_passphrase: str | None = None


def remember_passphrase(passphrase: str | None) -> None:
    """Keep the township passphrase in memory for this session (the GUI asks once at start)."""
    global _session_passphrase
    _session_passphrase = passphrase or None


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
        raise GridkeeperError(f"文件已存在，不会覆盖：{p}", f"the file already exists and will not be overwritten: {p}",
                              code="exists")
    if role not in ("worker", "township"):
        raise GridkeeperError(f"角色应为 worker（网格员）或 township（乡镇）：{role}",
                              f"role must be worker or township, not {role}", code="bad_role")
    if not (name or "").strip():
        raise GridkeeperError("设备名称不能为空", "the device name is required", code="bad_name")
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


def keys_protected(db: sqlite_utils.Database) -> bool:
    me = self_device(db)
    row = db.execute("SELECT blob FROM device_secrets WHERE device_id = ?", [me.device_id]).fetchone()
    return bool(row) and K.is_protected(row[0])


def load_device_keys(db: sqlite_utils.Database, passphrase: str | None = None) -> K.DeviceKeys:
    me = self_device(db)
    row = db.execute("SELECT blob FROM device_secrets WHERE device_id = ?", [me.device_id]).fetchone()
    if not row:
        raise GridkeeperError("本机密钥缺失", "this device's keys are missing", code="no_keys")
    if passphrase is None:
        passphrase = os.environ.get(PASSPHRASE_ENV) or _session_passphrase
    return K.open_secrets(row[0], passphrase)


def set_passphrase(db: sqlite_utils.Database, old: str | None, new: str | None) -> None:
    """Re-seal this device's keys under ``new`` (``old`` must open them). A township's keys are
    always sealed: an empty ``new`` is refused. Errors: ``bad_passphrase``, ``passphrase_required``,
    ``empty_passphrase``."""
    from ..store.db import transaction

    if self_device(db).role == "township" and not new:
        raise GridkeeperError("乡镇密钥必须设置口令，新口令不能为空", "the township keys must have a passphrase; "
                              "the new passphrase cannot be empty", code="empty_passphrase")
    keys = load_device_keys(db, old)
    with transaction(db):
        db.execute("UPDATE device_secrets SET blob = ? WHERE device_id = ?",
                   [K.seal_secrets(keys, new), keys.device_id])
    if _session_passphrase is not None:
        remember_passphrase(new)
