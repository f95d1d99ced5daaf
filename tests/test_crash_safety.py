"""Nothing lost: SIGKILL at random points during a merge, an import and a migration; disk full.

After every kill the database opens, passes ``gridkeeper check`` and holds either all or none of
the interrupted work. ``GK_KILL_RUNS=200`` runs the long version (default: a few per kind).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gridkeeper.domain.errors import DatabaseError, GridkeeperError
from gridkeeper.store import records as R
from gridkeeper.store.backup import backup_to
from gridkeeper.store.check import check_database
from gridkeeper.store.db import open_db
from gridkeeper.store.demo import build_demo
from gridkeeper.store.dump import full_state_hash
from gridkeeper.sync.changeset import select_changes
from gridkeeper.store import atrest, driver
from tests.conftest import ENCRYPTED, TEST_PASSPHRASE, child_env, copy_db, new_db

ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("GK_KILL_RUNS", "6"))
pytestmark = pytest.mark.skipif(sys.platform.startswith("win"), reason="SIGKILL test needs POSIX")


def run_child(args, kill_after: float | None):
    """Start the child; kill it ``kill_after`` seconds after it says READY. Returns (killed, seconds)."""
    env = child_env(PYTHONPATH=str(ROOT))
    p = subprocess.Popen([sys.executable, "-m", "tests.crash_child", *map(str, args)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    line = p.stdout.readline()
    assert line.strip() == "READY", (line, p.stderr.read())
    if kill_after is not None:
        time.sleep(kill_after)
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            p.wait()
            return True, None
    out = p.stdout.read()  # not communicate(): it would bypass what readline() already buffered
    err = p.stderr.read()
    p.wait(timeout=300)
    assert p.returncode == 0, err
    assert out.split(), (out, err)
    return False, float(out.split()[-1])


@pytest.fixture(scope="module")
def merge_material(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash-merge")
    src = new_db(folder / "source.db", role="township", name="来源")
    build_demo(src, scale="township", seed=3, villages=2)
    cs_file = folder / "changes.json"
    cs_file.write_bytes(select_changes(src).to_bytes())
    persons = src.execute("SELECT count(*) FROM persons").fetchone()[0]
    src.conn.close()
    target = new_db(folder / "target.db", role="township", name="目标")
    target.conn.close()
    return folder, cs_file, persons


def test_kill_during_a_large_merge_loses_nothing_and_half_applies_nothing(merge_material, tmp_path):
    folder, cs_file, persons = merge_material
    calib = tmp_path / "calib.db"
    copy_db(folder / "target.db", calib)
    _, seconds = run_child(["merge", calib, cs_file], None)
    rng = random.Random(1)
    outcomes = {"none": 0, "all": 0}
    for i in range(RUNS):
        db_path = tmp_path / f"kill{i}.db"
        copy_db(folder / "target.db", db_path)
        run_child(["merge", db_path, cs_file], rng.uniform(0, seconds * 1.1))
        db = open_db(db_path)
        rep = check_database(db)
        assert rep.ok, rep.errors
        n = db.execute("SELECT count(*) FROM persons").fetchone()[0]
        applied = db.execute("SELECT count(*) FROM bundles_applied").fetchone()[0]
        assert (n, applied) in ((0, 0), (persons, 1)), f"half a merge after a kill: {n} persons, {applied}"
        outcomes["all" if applied else "none"] += 1
        db.conn.close()
    print(f"merge kills: {outcomes} over {seconds:.2f} s of work")


def test_kill_during_migration(tmp_path):
    rng = random.Random(2)
    for i in range(RUNS):
        path = tmp_path / f"mig{i}.db"
        sqlite3.connect(path).close()  # an empty file, as a fresh install has
        key = atrest.prepare_new(path, TEST_PASSPHRASE) if ENCRYPTED else None  # (its key file first)
        run_child(["migrate", path], rng.uniform(0, 0.05))
        raw = driver.raw_connect(path, key)
        version = raw.execute("PRAGMA user_version").fetchone()[0]
        tables = raw.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        raw.close()
        assert (version == 0 and tables == 0) or (version >= 1 and tables > 20), (version, tables)
        db = open_db(path, create=True)
        assert db.execute("PRAGMA user_version").fetchone()[0] >= 1
        db.conn.close()


def test_kill_during_an_import(tmp_path):
    pytest.importorskip("gridkeeper.spreadsheets.importer")
    from gridkeeper.sheets import write_sheet
    from gridkeeper.domain.validate import id_check_char

    db = new_db(tmp_path / "w.db", role="worker", name="w")
    grid = R.create_record(db, "areas", {"level": "grid", "name": "第三网格"})
    db.conn.close()
    rows = []
    for i in range(3000):
        first = f"130706{1950 + i % 50}0101{i % 1000:03d}"
        rows.append({"household_number": f"{i // 3:05d}", "name": f"张{i}", "id_number": first + id_check_char(first),
                     "relation": "户主" if i % 3 == 0 else "子", "address": f"东山村3组{i // 3}号"})
    sheet = tmp_path / "roster.xlsx"
    write_sheet(sheet, [("household_number", "户号"), ("name", "姓名"), ("id_number", "公民身份号码"),
                        ("relation", "与户主关系"), ("address", "现住址")], rows)
    calib = tmp_path / "calib.db"
    copy_db(tmp_path / "w.db", calib)
    _, seconds = run_child(["import", calib, sheet, grid], None)
    rng = random.Random(3)
    for i in range(RUNS):
        path = tmp_path / f"imp{i}.db"
        copy_db(tmp_path / "w.db", path)
        run_child(["import", path, sheet, grid], rng.uniform(0, seconds * 1.1))
        db = open_db(path)
        assert check_database(db).ok
        n = db.execute("SELECT count(*) FROM persons").fetchone()[0]
        assert n in (0, 3000), f"half an import after a kill: {n}"
        db.conn.close()


# -- disk full: a clear message, no partial write, the app keeps going -----------------------

def fill_disk(db):
    """Simulate a full disk: SQLite may not grow the file by a single page more."""
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")


def test_disk_full_during_an_edit(grid_demo_db):
    db = grid_demo_db
    pid = db.execute("SELECT id FROM persons LIMIT 1").fetchone()[0]
    fill_disk(db)
    with pytest.raises(DatabaseError) as e:
        for i in range(200):  # enough new data to need a new page
            R.create_record(db, "persons", {"area_id": R.get_record(db, "persons", pid)["area_id"],
                                            "name": f"新人{i}", "notes": "备注" * 200})
    assert e.value.code == "disk_full" and "磁盘空间已满" in str(e.value)
    db.execute("PRAGMA max_page_count = 1073741823")
    assert check_database(db).ok
    R.update_record(db, "persons", pid, {"phone": "13800138000"})  # and work goes on


def test_disk_full_during_a_merge(merge_material, tmp_path):
    from gridkeeper.sync.changeset import ChangeSet
    from gridkeeper.sync.merge import apply_changeset

    folder, cs_file, _ = merge_material
    path = tmp_path / "t.db"
    copy_db(folder / "target.db", path)
    db = open_db(path)
    before = full_state_hash(db)
    fill_disk(db)
    with pytest.raises(DatabaseError) as e:
        apply_changeset(db, ChangeSet.from_bytes(cs_file.read_bytes()))
    assert e.value.code == "disk_full"
    db.execute("PRAGMA max_page_count = 1073741823")
    assert full_state_hash(db) == before
    assert check_database(db).ok


def test_disk_full_during_a_backup(grid_demo_db, tmp_path):
    dest = tmp_path / "usb" / "backup.db"
    with pytest.raises(GridkeeperError) as e:
        backup_to(grid_demo_db, dest, _max_pages=10)
    assert "没有生成备份" in str(e.value)
    assert not dest.exists() and not list(dest.parent.glob("*.part"))
    backup_to(grid_demo_db, dest)  # with room, the same backup works
    assert dest.exists()
