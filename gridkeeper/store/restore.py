"""Putting a backup back: validated first, the current state kept first, undoable.

A backup is a whole database that will run with this app's code, so nothing in it is trusted
because of where it lies. :func:`inspect_backup` checks, before anything is touched:

1. it opens and passes SQLite's ``integrity_check`` (``bad_backup``);
2. its schema version is not newer than this app's (``newer_backup``) and not 0;
3. it holds exactly the tables, indexes, triggers and views that a fresh database of its schema
   version holds — compared by type and name against one built in memory from the numbered
   migrations; anything extra (a trigger or view someone planted) is ``unexpected_objects``,
   anything missing is ``bad_backup``;
4. it belongs to this device (same ``device_id`` as the current database). A backup of another
   device (another laptop's file, another township) is restored only when the caller says so
   explicitly (``allow_other_device=True``; CLI ``--other-device``, GUI a confirmation naming both
   devices): otherwise ``other_device``.

:func:`restore_backup` then keeps the current database as ``before-restore-…`` in the backups
folder (listed like any backup, and restorable: restoring it undoes the restore), copies the
backup in with SQLite's backup API into an owner-only temporary file and renames it into place.
A current file too damaged to open is kept as a raw copy instead (listed as damaged).

Encryption at rest (``store.atrest``): an encrypted backup opens with its own key file (a copy
carried on a USB stick) or else with the key of the database it belongs to; it is copied in with
the same key. An old plain backup goes back encrypted when the database is. A backup with another
key replaces the database only with ``allow_other_device`` and its own key file, which then
becomes the database's (the replaced key file is kept beside the ``before-restore`` copy).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..domain.display import escape_untrusted
from ..domain.errors import GridkeeperError
from ..domain.messages import M, Message
from ..paths import backups_dir_for
from . import atrest, driver, schema
from .backup import backup_to
from .db import open_db
from .files import create_private, make_database_private, private_dir


@dataclass(frozen=True)
class DeviceRef:
    device_id: str
    name: str

    def label(self) -> str:
        return f"“{escape_untrusted(self.name)}”（{self.device_id}）"


@dataclass(frozen=True)
class BackupCheck:
    """What :func:`inspect_backup` found in a valid backup."""

    path: Path
    schema_version: int
    device: DeviceRef | None          # the backup's own device
    current: DeviceRef | None         # the current database's device (None: no or unreadable database)

    @property
    def same_device(self) -> bool:
        return self.current is None or (self.device is not None and self.device.device_id == self.current.device_id)


def _bad(backup: Path, detail: Message) -> GridkeeperError:
    return GridkeeperError(M("bad_backup", detail=detail, backup=backup), code="bad_backup")


def _open_ro(path: Path, key: bytes | None = None):
    """A read-only connection to a backup or database file (``key``: its SQLCipher key, or None)."""
    return driver.raw_connect(path, key, readonly=True)


def backup_key(db_path: Path, backup: Path) -> bytes | None:
    """The key that opens ``backup``: None when plain; its own key file (a USB copy) or that of the
    database it belongs to; else the key of ``db_path``. May raise ``atrest.Locked``."""
    if atrest.is_plain_file(backup):
        return None
    if atrest.key_file_of(backup).exists():
        return atrest.key_for(backup)
    return atrest.key_for(db_path)


def _objects(conn) -> set[tuple[str, str]]:
    """(type, name) of every schema object, SQLite's own (``sqlite_…``) left out."""
    return {(t, n) for t, n in conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' "
                                            "ESCAPE '\\'")}


def expected_objects(version: int) -> set[tuple[str, str]]:
    """The schema objects a fresh database of schema ``version`` holds (built in memory)."""
    conn = driver.connect(":memory:")
    try:
        for n in range(version):
            for stmt in schema.MIGRATIONS[n]():
                conn.execute(stmt)
        return _objects(conn)
    finally:
        conn.close()


def _self_device(conn) -> DeviceRef | None:
    row = conn.execute("SELECT device_id, name FROM devices WHERE status = 'self'").fetchone()
    return DeviceRef(str(row[0]), str(row[1] or "")) if row else None


def _current_device(db_path: Path) -> DeviceRef | None:
    if not db_path.is_file():
        return None
    try:
        conn = _open_ro(db_path, atrest.key_for(db_path))
        try:
            return _self_device(conn)
        finally:
            conn.close()
    except driver.Error + (GridkeeperError,):  # too damaged to read (or no key): why the user restores
        return None


def inspect_backup(db_path: str | Path, backup: str | Path) -> BackupCheck:
    """Validate ``backup`` for restoring over ``db_path``; raises :class:`GridkeeperError` with code
    ``no_backup``, ``bad_backup``, ``newer_backup`` or ``unexpected_objects``. Changes nothing."""
    backup = Path(backup)
    if not backup.is_file():
        raise GridkeeperError(M("no_backup", backup=backup), code="no_backup")
    key = backup_key(Path(db_path), backup)
    try:
        conn = _open_ro(backup, key)
    except driver.Error:
        raise _bad(backup, M("cannot_be_opened")) from None
    try:
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except driver.Error:  # not a database at all (or its header is gone)
            raise _bad(backup, M("cannot_be_read")) from None
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            found = _objects(conn) if result == ["ok"] else set()
        except driver.Error:  # "database disk image is malformed" half-way through the check
            result = ["error"]
        if result != ["ok"]:
            raise _bad(backup, M("integrity_check_failed"))
        if version > schema.SCHEMA_VERSION:
            raise GridkeeperError(
                M("newer_backup", version=version, app_version=schema.SCHEMA_VERSION, backup=backup),
                code="newer_backup")
        if version < 1:
            raise _bad(backup, M("no_schema_version"))
        expected = expected_objects(version)
        extra = sorted(found - expected)
        if extra:
            names = "、".join(f"{t} {escape_untrusted(n)}" for t, n in extra[:5]) + ("…" if len(extra) > 5 else "")
            names_en = ", ".join(f"{t} {escape_untrusted(n)}" for t, n in extra[:5]) + ("…" if len(extra) > 5 else "")
            raise GridkeeperError(
                M("unexpected_objects", names=names, backup=backup, names_en=names_en), code="unexpected_objects")
        if expected - found:
            raise _bad(backup, M("tables_are_missing"))
        try:
            device = _self_device(conn)
        except driver.Error:
            raise _bad(backup, M("the_device_record_cannot_be")) from None
        if device is None:
            raise _bad(backup, M("no_device_identity"))
    finally:
        conn.close()
    return BackupCheck(backup, version, device, _current_device(Path(db_path)))


def other_device_error(check: BackupCheck) -> GridkeeperError:
    b, c = check.device.label(), check.current.label()
    return GridkeeperError(
        M("other_device", b=b, c=c), code="other_device")


def _keep_current(db_path: Path) -> Path:
    """The current database as ``before-restore-…`` in the backups folder (a raw copy if damaged)."""
    folder = private_dir(backups_dir_for(db_path))
    dest = folder / f"before-restore-{datetime.now():%Y%m%d-%H%M%S-%f}.db"
    try:
        db = open_db(db_path, migrate=False)
    except GridkeeperError as e:
        if getattr(e, "code", "") not in ("damaged", "no_key_file", "wrong_key"):  # unreadable: a raw copy
            raise
        db = None
    if db is not None:
        try:
            return backup_to(db, dest)
        except driver.DatabaseError:  # pages too damaged for the backup API: fall through
            pass
        finally:
            db.conn.close()
    for suffix in ("", "-wal"):
        src = Path(f"{db_path}{suffix}")
        if src.exists():
            target = Path(f"{dest}{suffix}")
            create_private(target, exclusive=False)
            with open(src, "rb") as fi, open(target, "r+b") as fo:
                shutil.copyfileobj(fi, fo)
    return dest


def restore_backup(db_path: str | Path, backup: str | Path, *, allow_other_device: bool = False) -> Path | None:
    """Validate ``backup`` (:func:`inspect_backup`), keep the current database, put the backup in
    its place. Returns the kept copy (restore it to undo), or None when there was no database."""
    db_path = Path(db_path)
    check = inspect_backup(db_path, backup)
    if not check.same_device and not allow_other_device:
        raise other_device_error(check)
    backup = Path(backup)
    key = backup_key(db_path, backup)
    # the current key (a damaged file without a key file may look encrypted: it has none to keep)
    db_key = atrest.key_for(db_path) if atrest.is_encrypted(db_path) and atrest.sidecar_path(db_path).exists() \
        else key
    new_key_file = key is not None and db_key != key
    if new_key_file and not (allow_other_device and atrest.sidecar_path(backup).exists()):
        raise GridkeeperError(M("other_key", backup=backup), code="other_key")
    kept = _keep_current(db_path) if db_path.exists() else None
    tmp = db_path.with_name(db_path.name + ".restoring")
    tmp.unlink(missing_ok=True)
    if key is None and db_key is not None:  # an old plain backup goes back encrypted
        src = driver.raw_connect(backup, None)
        try:
            atrest.export_encrypted(src, tmp, db_key)
        finally:
            src.close()
        create_private(tmp, exclusive=False)
    else:
        src = _open_ro(backup, key)
        create_private(tmp)
        dst = driver.raw_connect(tmp, key)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    if key is not None and (new_key_file or not atrest.sidecar_path(db_path).exists()):
        if new_key_file and kept is not None:  # the kept copy still needs the replaced key file
            atrest.copy_sidecar(db_path, kept)
        atrest.copy_sidecar(backup, db_path)  # the backup's key file comes along
    tmp.replace(db_path)
    make_database_private(db_path)
    return kept
