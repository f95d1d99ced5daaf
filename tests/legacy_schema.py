"""A database as an older gridkeeper wrote it: for migration tests.

:func:`as_old_schema` turns a closed current database file into the one a gridkeeper whose newest
schema was ``version`` would hold with the same data: the objects and columns later schemas added
are dropped, and before schema 4 the version tables go back to two columns per field
(``<f>__t`` the stamp minus ``_base``, ``<f>__d`` the device index). The result is checked
against the schema migrations 1..version build (same objects, same columns in the same order).
"""

from __future__ import annotations

from gridkeeper.domain.records import TABLES
from gridkeeper.store import driver, schema, versions
from gridkeeper.store.restore import _objects

from tests.conftest import raw_db


def _expected(version: int):
    conn = driver.connect(":memory:")
    for n in range(version):
        for stmt in schema.MIGRATIONS[n]():
            conn.execute(stmt)
    return conn


def _columns(conn, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]


def _legacy_versions(conn, want, t) -> None:
    """``<t>__ver`` rebuilt in the layout of schemas 1-3 from the packed rows."""
    names = versions.layout(t.name).fields
    old_cols = _columns(want, f"{t.name}__ver")
    create = want.execute("SELECT sql FROM sqlite_master WHERE name = ?", [f"{t.name}__ver"]).fetchone()[0]
    conn.execute(create.replace(f"[{t.name}__ver]", f"[{t.name}__ver_legacy]", 1))
    rows = []
    for rid, seq, base, seen, dev, vers, devs in conn.execute(
            f"SELECT id, _seq, _base, _seen, _dev, _vers, _devs FROM [{t.name}__ver]"):
        deltas, devices = versions.unpack(dev, vers, devs)
        by_col = {"id": rid, "_seq": seq, "_base": base, "_seen": seen}
        for f, dt, d in zip(names, deltas, devices):
            by_col[f"{f}__t"], by_col[f"{f}__d"] = dt, d
        rows.append([by_col[c] for c in old_cols])
    conn.executemany(f"INSERT INTO [{t.name}__ver_legacy] VALUES ({', '.join('?' * len(old_cols))})", rows)
    conn.execute(f"DROP TABLE [{t.name}__ver]")
    conn.execute(f"ALTER TABLE [{t.name}__ver_legacy] RENAME TO [{t.name}__ver]")


def as_old_schema(path, version: int) -> None:
    assert version < schema.SCHEMA_VERSION
    want = _expected(version)
    conn = raw_db(path)
    try:
        conn.execute("BEGIN")
        extra = _objects(conn) - _objects(want)
        for kind in ("index", "table"):
            for k, name in sorted(extra):
                if k == kind and not name.startswith("search_fts_"):
                    conn.execute(f"DROP {kind.upper()} IF EXISTS [{name}]")
        for (kind, name) in _objects(want):
            if kind == "table" and not name.startswith("search_fts") and not name.endswith("__ver"):
                for col in set(_columns(conn, name)) - set(_columns(want, name)):
                    conn.execute(f"ALTER TABLE [{name}] DROP COLUMN [{col}]")
        if version < versions.PACKED_SINCE:
            for t in TABLES.values():
                if t.since <= version:
                    _legacy_versions(conn, want, t)
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
        assert _objects(conn) == _objects(want)
        for kind, name in _objects(want):
            if kind == "table" and not name.startswith("search_fts"):
                assert _columns(conn, name) == _columns(want, name), name
    finally:
        conn.close()
        want.close()
