"""The one entry point to a gridkeeper database: :func:`open_db`.

It sets WAL journaling with ``synchronous=FULL`` (a committed edit survives a power cut), a busy
timeout, foreign keys on, and applies pending migrations (after a backup when the file already
holds data). The connection runs in autocommit mode; every write goes through
:func:`transaction`, which is one ``BEGIN IMMEDIATE … COMMIT`` (or a savepoint when nested), so
an edit, an import or a merge is all or nothing.

Every connection is a SQLCipher connection (``store.driver``). An encrypted database is opened
with its raw key from ``store.atrest`` (unlocked earlier in this process, or with
``GRIDKEEPER_PASSPHRASE``); a plain one (the demo, most tests) without. Catch storage errors
through ``driver.Error`` / ``driver.DatabaseError`` …, never ``sqlite3.*``.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from ..domain.errors import DatabaseError
from ..domain.messages import M
from . import atrest, driver, schema
from .backup import backup_before
from .database import Database, db_path  # noqa: F401 - db_path is used from here by callers
from .files import create_private, ensure_dir, make_database_private


def _connect(path: str | os.PathLike, key: bytes | None = None):
    conn = driver.connect(str(path), timeout=10, isolation_level=None, check_same_thread=True)
    if key is not None:
        conn.execute(driver.key_pragma(key))
        conn.execute("PRAGMA temp_store = MEMORY")  # sorts and temp tables never touch the disk
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal" and str(path) != ":memory:":
        raise DatabaseError(M("could_not_open_the_database"))
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def open_db(path: str | os.PathLike, *, create: bool = False, migrate: bool = True) -> sqlite_utils.Database:
    """Open (or with ``create=True`` create) a gridkeeper database and bring its schema up to date."""
    p = Path(path)
    if str(path) != ":memory:":
        if not p.exists() and not create:
            raise DatabaseError(M("no_database", p=p), code="no_database")
        if p.exists() and p.is_dir():
            raise DatabaseError(M("this_is_a_folder_not", p=p))
        if create:
            ensure_dir(p.parent)
            if not p.exists():
                create_private(p)  # owner-only before SQLite writes a byte (its -wal/-shm inherit the mode)
        atrest.finish_interrupted(p)
        key = atrest.key_for(p)
    else:
        key = None
    try:
        conn = _connect(p, key)
        if str(path) != ":memory:":
            make_database_private(p)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and not create and conn.execute(
                "SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
            conn.close()
            raise DatabaseError(M("not_gridkeeper", p=p), code="not_gridkeeper")
    except driver.DatabaseError as e:
        if key is not None and "not a database" in str(e):  # the key is authenticated: the file is damaged
            raise DatabaseError(M("damaged:the_database_file_is_damaged", p=p),
                                code="damaged") from None
        raise DatabaseError(M("damaged:the_database_file_cannot_be", p=p, e=e),
                            code="damaged") from None
    db = Database(conn)  # sqlite-utils' execute/query without importing it at start-up
    if version > schema.SCHEMA_VERSION:
        conn.close()
        raise DatabaseError(
            M("newer_schema", version=version),
            code="newer_schema")
    if migrate and version < schema.SCHEMA_VERSION:
        if version > 0:
            backup_before(db, "migration")
        apply_migrations(db, version)
    return db


def apply_migrations(db: sqlite_utils.Database, from_version: int) -> None:
    for n in range(from_version, schema.SCHEMA_VERSION):
        with transaction(db):
            for stmt in schema.MIGRATIONS[n]():
                db.execute(stmt)
            db.execute(f"PRAGMA user_version = {n + 1}")


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def storage_error(e: BaseException) -> DatabaseError | None:
    """A clear message for the storage failures a user can do something about."""
    msg = str(e).lower()
    if "full" in msg:
        return DatabaseError(M("disk_full"),
                             code="disk_full")
    if "disk i/o" in msg or "readonly" in msg or "read-only" in msg:
        return DatabaseError(M("io_error"),
                             code="io_error")
    if "locked" in msg or "busy" in msg:
        return DatabaseError(M("locked"),
                             code="locked")
    if "malformed" in msg or "not a database" in msg:
        return DatabaseError(M("damaged"), code="damaged")
    return None


@contextmanager
def transaction(db: sqlite_utils.Database):
    """One atomic unit of work: BEGIN IMMEDIATE … COMMIT, or a SAVEPOINT when already inside one.

    Storage failures (disk full, I/O error, locked, damaged) roll everything back and become a
    :class:`DatabaseError` with a message the user can act on.
    """
    try:
        with _transaction(db):
            yield db
    except driver.OperationalError as e:
        err = storage_error(e)
        if err is None:
            raise
        raise err from e
    except driver.DatabaseError as e:
        err = storage_error(e)
        if err is None:
            raise
        raise err from e


@contextmanager
def _transaction(db: sqlite_utils.Database):
    conn = db.conn
    if conn.in_transaction:
        name = f"sp_{id(object())}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            _quietly(conn, f"ROLLBACK TO {name}", f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            _quietly(conn, "ROLLBACK")
        raise


def _quietly(conn, *statements: str) -> None:
    """Roll back after a failure without hiding it: the original error is the one the user sees."""
    for sql in statements:
        try:
            conn.execute(sql)
        except driver.Error:
            pass
