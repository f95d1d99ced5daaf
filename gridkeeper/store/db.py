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
        raise DatabaseError("无法以 WAL 模式打开数据库", "could not open the database in WAL mode")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def open_db(path: str | os.PathLike, *, create: bool = False, migrate: bool = True) -> sqlite_utils.Database:
    """Open (or with ``create=True`` create) a gridkeeper database and bring its schema up to date."""
    p = Path(path)
    if str(path) != ":memory:":
        if not p.exists() and not create:
            raise DatabaseError(f"数据库文件不存在：{p}", f"database file not found: {p}", code="no_database")
        if p.exists() and p.is_dir():
            raise DatabaseError(f"这是一个文件夹，不是数据库文件：{p}", f"this is a folder, not a database: {p}")
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
            raise DatabaseError(f"不是 gridkeeper 数据库：{p}", f"not a gridkeeper database: {p}", code="not_gridkeeper")
    except driver.DatabaseError as e:
        if key is not None and "not a database" in str(e):  # the key is authenticated: the file is damaged
            raise DatabaseError(f"数据库文件已损坏，或它的密钥文件属于另一个数据库：{p}",
                                f"the database file is damaged, or its key file belongs to another database: {p}",
                                code="damaged") from None
        raise DatabaseError(f"数据库文件无法打开或已损坏：{p}（{e}）",
                            f"the database file cannot be opened or is damaged: {p} ({e})",
                            code="damaged") from None
    db = Database(conn)  # sqlite-utils' execute/query without importing it at start-up
    if version > schema.SCHEMA_VERSION:
        conn.close()
        raise DatabaseError(
            f"这个数据库由更新版本的 gridkeeper 创建（结构版本 {version}），请先升级软件",
            f"this database was written by a newer gridkeeper (schema {version}); please update the app",
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
        return DatabaseError("磁盘空间已满：这次操作没有保存任何内容。请腾出磁盘空间后重试。",
                             "the disk is full: nothing of this operation was saved. Free some space and try again.",
                             code="disk_full")
    if "disk i/o" in msg or "readonly" in msg or "read-only" in msg:
        return DatabaseError("读写磁盘出错：这次操作没有保存任何内容。请检查磁盘或U盘后重试。",
                             "a disk read/write error: nothing of this operation was saved. Check the disk and retry.",
                             code="io_error")
    if "locked" in msg or "busy" in msg:
        return DatabaseError("数据库正被另一个程序使用，请关闭另一个 gridkeeper 窗口后重试。",
                             "the database is in use by another program; close the other gridkeeper and retry.",
                             code="locked")
    if "malformed" in msg or "not a database" in msg:
        return DatabaseError("数据库文件已损坏，请运行检查并从备份恢复。",
                             "the database file is damaged; run the check and restore a backup.", code="damaged")
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
