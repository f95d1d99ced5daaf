"""Shared fixtures: every test gets its own data folder and fresh databases in tmp_path.

Databases are plain by default (fast). ``GK_TEST_ENCRYPTED=1`` runs the whole suite on encrypted
stores: ``make_db``/``new_db`` and CLI ``init`` (``tests.test_sync_e2e.gk``) encrypt with
:data:`TEST_PASSPHRASE` (or the test's own ``GRIDKEEPER_PASSPHRASE``); keys unlocked in-process stay
in memory, and subprocesses get the passphrase in their environment (:func:`child_env`). The
environment itself stays as each test sets it, so passphrase-prompt tests behave alike in both modes.
The at-rest tests (tests/test_atrest.py, tests/test_ui_unlock.py) encrypt explicitly in either mode.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ENCRYPTED = os.environ.get("GK_TEST_ENCRYPTED") == "1"
TEST_PASSPHRASE = "测试口令 test-passphrase"
if ENCRYPTED:  # the suite creates thousands of databases: wrap their keys with a cheaper scrypt (4 MiB).
    from gridkeeper.store import atrest as _atrest  # SQLCipher itself is unchanged; tests/test_atrest.py

    _atrest.SCRYPT_N = 2**12                           # and the benchmarks use the real 64 MiB.


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):
    from gridkeeper import paths
    from gridkeeper.domain.lang import set_language

    data = tmp_path / "gk-data"
    monkeypatch.setenv("GRIDKEEPER_DATA_DIR", str(data))
    monkeypatch.delenv("GRIDKEEPER_PASSPHRASE", raising=False)
    paths.set_data_dir(None)
    set_language("zh")
    yield data
    set_language("zh")
    from gridkeeper.sync.keys import remember_passphrase

    remember_passphrase(None)  # (unlocked database keys stay: looked up by key-file content, never stale,
                               #  and module-scoped fixtures' databases are reopened by later tests)


def new_db(path, *, role: str = "worker", name: str = "test"):
    """A fresh initialised database at ``path``: encrypted under GK_TEST_ENCRYPTED=1, else plain."""
    from gridkeeper.sync.new_database import init_database

    return init_database(path, role=role, name=name, db_passphrase=TEST_PASSPHRASE if ENCRYPTED else None)


def child_env(**extra) -> dict:
    """The environment for a subprocess that opens the test's databases."""
    env = dict(os.environ, **extra)
    if ENCRYPTED:
        env.setdefault("GRIDKEEPER_PASSPHRASE", TEST_PASSPHRASE)
    return env


def raw_db(path):
    """A bare connection to a database or backup file (plain or encrypted) for tests that edit files."""
    from gridkeeper.store import atrest, driver

    return driver.raw_connect(path, None if atrest.is_plain_file(path) else atrest.key_for(path))


def copy_db(src, dst):
    """Copy a closed database file with its key file (an encrypted one opens only with it)."""
    import shutil

    from gridkeeper.store.atrest import sidecar_path

    shutil.copy(src, dst)
    if sidecar_path(src).exists():
        shutil.copy(sidecar_path(src), sidecar_path(dst))
    return dst


@pytest.fixture
def make_db(tmp_path):
    """``make_db(role="worker", name=...)`` → a fresh initialised database."""
    from gridkeeper.sync.new_database import init_database

    made = []

    def make(role: str = "worker", name: str | None = None, filename: str | None = None):
        path = tmp_path / (filename or f"{role}-{len(made)}.db")
        db = init_database(path, role=role, name=name or f"{role} {len(made)}",
                           db_passphrase=TEST_PASSPHRASE if ENCRYPTED else None)
        made.append(db)
        return db

    yield make
    for db in made:
        try:
            db.conn.close()
        except Exception:
            pass


@pytest.fixture
def worker_db(make_db):
    return make_db("worker", "王秀英的电脑")


@pytest.fixture
def grid_demo_db(make_db):
    from gridkeeper.store.demo import build_demo
    from gridkeeper.store.devices import assign_self_areas

    db = make_db("worker", "演示网格员电脑", filename="grid-demo.db")
    res = build_demo(db, scale="grid", seed=7)
    assign_self_areas(db, res.grid_ids[:1])
    return db


@pytest.fixture
def clock():
    """A controllable wall clock shared by every device in the test (``clock["now"]`` in ms)."""
    from gridkeeper.domain import hlc

    state = {"now": 1_790_000_000_000}
    hlc.set_time_source(lambda: state["now"])
    yield state
    hlc.set_time_source(None)
