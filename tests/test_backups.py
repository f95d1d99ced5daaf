"""Backups: rotation, listing, restore keeps the current state, restore + return bundle."""

from datetime import date, timedelta

import pytest

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.store import records as R
from gridkeeper.store.backup import backup_to, daily_backup, list_backups, rotate_daily
from gridkeeper.store.db import open_db
from gridkeeper.store.dump import canonical_dump
from gridkeeper.store.check import startup_health
from gridkeeper.store.restore import restore_backup


def test_rotation_keeps_7_daily_4_weekly_12_monthly(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    today = date(2026, 11, 27)
    for i in range(500):
        d = today - timedelta(days=i)
        (folder / f"daily-{d:%Y%m%d}.db").write_bytes(b"x")
    rotate_daily(folder, today=today)
    kept = sorted(p.name for p in folder.glob("daily-*.db"))
    days = {date(int(n[6:10]), int(n[10:12]), int(n[12:14])) for n in kept}
    assert {today - timedelta(days=i) for i in range(7)} <= days
    assert len({d.isocalendar()[:2] for d in days}) >= 4
    assert len({(d.year, d.month) for d in days}) == 12
    assert len(kept) <= 7 + 4 + 12
    assert min(days) >= date(2025, 12, 1)


def test_daily_backup_once_a_day(grid_demo_db, tmp_path):
    first = daily_backup(grid_demo_db, today=date(2026, 11, 27))
    again = daily_backup(grid_demo_db, today=date(2026, 11, 27))
    assert first and first.exists() and again is None
    [b] = [b for b in list_backups(tmp_path / "grid-demo.db") if b.kind == "daily"]
    assert b.persons == grid_demo_db.execute("SELECT count(*) FROM persons WHERE deleted = 0").fetchone()[0]


def test_restore_keeps_the_current_state_first(grid_demo_db, tmp_path):
    path = tmp_path / "grid-demo.db"
    backup = backup_to(grid_demo_db, tmp_path / "usb" / "copy.db")
    pid = grid_demo_db.execute("SELECT id FROM persons LIMIT 1").fetchone()[0]
    R.delete_record(grid_demo_db, "persons", pid)
    after_delete = canonical_dump(grid_demo_db)
    grid_demo_db.conn.close()
    kept = restore_backup(path, backup)
    db = open_db(path)
    assert R.get_record(db, "persons", pid)["deleted"] == 0
    assert canonical_dump(open_db(kept)) == after_delete
    with pytest.raises(GridkeeperError):
        restore_backup(path, tmp_path / "nope.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(GridkeeperError, match="损坏"):
        restore_backup(path, junk)


def test_startup_reminds_about_exports_and_makes_the_daily_backup(grid_demo_db, tmp_path):
    h = startup_health(grid_demo_db)
    assert h.ok and any("导出" in w for w in h.warnings)
    assert any(b.kind == "daily" for b in list_backups(tmp_path / "grid-demo.db"))


def test_cli_backup_list_and_usb_copy(grid_demo_db, tmp_path):
    from tests.test_sync_e2e import gk

    usb = tmp_path / "usb" / "网格备份.db"
    gk("backup", "--db", tmp_path / "grid-demo.db", "--out", usb)
    assert usb.exists()
    listed = gk("backup", "--db", tmp_path / "grid-demo.db", "--list", "--json")
    assert isinstance(listed, list)


def test_restore_then_return_bundle_brings_the_worker_back(tmp_path):
    """Journey 7: the worker restores an old backup; the township's return bundle fills the gap."""
    from tests.test_sync_e2e import Township, gk

    t = Township(tmp_path, workers=1)
    gk("bundle", "merge", "--db", t.workers[0], t.send_back(0))
    w = open_db(t.workers[0])
    old = backup_to(w, tmp_path / "old-backup.db")
    hh = R.create_record(w, "households", {"area_id": t.grids[0], "number": "010002", "address": "东山村1组2号"})
    R.create_record(w, "persons", {"household_id": hh, "name": "王秀兰"})
    w.conn.close()
    gk("bundle", "merge", "--db", t.town, t.send_in(0))          # the township has the new family
    restore_backup(t.workers[0], old)                             # the laptop goes back in time
    w = open_db(t.workers[0])
    assert not R.list_records(w, "persons", where="name = ?", params=["王秀兰"])
    w.conn.close()
    gk("bundle", "merge", "--db", t.town, t.send_in(0))          # its next bundle carries its old acknowledgement
    gk("bundle", "merge", "--db", t.workers[0], t.send_back(0))
    w = open_db(t.workers[0])
    town = open_db(t.town)
    assert R.list_records(w, "persons", where="name = ?", params=["王秀兰"])
    for table in ("persons", "households"):
        assert R.list_records(w, table) == R.list_records(town, table, area_id=t.grids[0])
