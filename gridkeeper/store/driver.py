"""The SQLite driver every gridkeeper connection uses, and the error classes to catch.

Every connection (encrypted or not) is a ``sqlcipher3`` connection: SQLCipher is SQLite with
page encryption, so one driver serves the demo's plain file and the user's encrypted one, and a
bug in an ``except`` clause shows in every test run, not only in the encrypted one.

``sqlcipher3`` has exception classes of its own (``sqlcipher3.IntegrityError`` is not
``sqlite3.IntegrityError``). Catch storage errors through the tuples below, never through
``sqlite3.*`` directly::

    from ..store import driver
    try: ...
    except driver.IntegrityError: ...
    except (OSError,) + driver.Error: ...

The tuples hold both classes, so code handed a ``sqlite3`` connection (a test's raw peek) is
covered as well.
"""

from __future__ import annotations

import sqlite3

import sqlcipher3

connect = sqlcipher3.connect
sqlite_version = sqlcipher3.sqlite_version

Error = (sqlcipher3.Error, sqlite3.Error)
DatabaseError = (sqlcipher3.DatabaseError, sqlite3.DatabaseError)
OperationalError = (sqlcipher3.OperationalError, sqlite3.OperationalError)
IntegrityError = (sqlcipher3.IntegrityError, sqlite3.IntegrityError)
ProgrammingError = (sqlcipher3.ProgrammingError, sqlite3.ProgrammingError)

SQLITE_HEADER = b"SQLite format 3\x00"


def _quiet() -> None:
    """SQLCipher logs failed page HMACs (a wrong key, a damaged page) to stderr itself; the app reports
    those as its own one-line errors, and the frozen smoke test fails on stray stderr lines."""
    c = connect(":memory:")
    try:
        c.execute("PRAGMA cipher_log_level = NONE")
    finally:
        c.close()


_quiet()


def key_pragma(key: bytes) -> str:
    """``PRAGMA key`` with a raw 256-bit key: SQLCipher uses it as is (no PBKDF2 per open)."""
    if len(key) != 32:
        raise ValueError("a database key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def raw_connect(path, key: bytes | None = None, *, readonly: bool = False, **kwargs):
    """A bare connection (no WAL or pragmas set): for backups, restores and peeks at files.

    ``key`` is the raw database key of an encrypted file, None for a plain one.
    """
    target = f"file:{path}?mode=ro" if readonly else str(path)
    conn = connect(target, uri=readonly, **kwargs)
    if key is not None:
        conn.execute(key_pragma(key))
    return conn
