"""The record store: service functions, change capture, tombstones, the clock, integrity checks."""

from __future__ import annotations

import json

import pytest

from gridkeeper.domain import hlc
from gridkeeper.domain.errors import DatabaseError, NotFoundError, ValidationError
from gridkeeper.store import history as H
from gridkeeper.store import records as R
from gridkeeper.store.check import check_database
from gridkeeper.store.db import open_db
from gridkeeper.store.meta import load_clock
from gridkeeper.store.dump import canonical_dump
from gridkeeper.store import versions as V


@pytest.fixture
def grid(worker_db):
    return R.create_record(worker_db, "areas", {"level": "grid", "name": "第三网格"})


def versions(db, table, rid):
    """The record's version row decoded: ``<field>__t`` absolute stamps, ``<field>__d`` device indexes."""
    base, seen, deltas, devices = V.read_one(db, table, rid)
    out = {"_base": base, "_seen": seen}
    for f, dt, d in zip(V.layout(table).fields, deltas, devices):
        out[f + "__t"] = None if dt is None else dt + base
        out[f + "__d"] = d
    return out


def test_create_fetch_update_list(worker_db, grid):
    hh = R.create_record(worker_db, "households", {"area_id": grid, "number": "030017", "address": "东山村3组17号",
                                                   "registration_kind": "流动户"})
    pid = R.create_record(worker_db, "persons", {"household_id": hh, "name": "张桂兰", "id_number": "11010519491231002X",
                                                 "relation": "户主"})
    p = R.get_record(worker_db, "persons", pid)
    assert p["area_id"] == grid  # inherited from the household
    assert p["birth_date"] == "1949-12-31" and p["gender"] == "female"
    change = R.update_record(worker_db, "persons", pid, {"phone": "13800138000"})
    assert change.old == {"phone": None} and change.new == {"phone": "13800138000"}
    assert [r["id"] for r in R.list_records(worker_db, "persons", area_id=grid)] == [pid]
    assert R.count_records(worker_db, "households") == 1


def test_every_written_field_is_versioned(worker_db, grid):
    pid = R.create_record(worker_db, "persons", {"area_id": grid, "name": "李四", "phone": "13800138000"})
    v = versions(worker_db, "persons", pid)
    assert v["name__t"] and v["name__t"] == v["phone__t"] == v["deleted__t"]
    assert v["work__t"] is None  # never written
    R.update_record(worker_db, "persons", pid, {"phone": "13900139000"})
    v2 = versions(worker_db, "persons", pid)
    assert v2["phone__t"] > v["phone__t"] and v2["name__t"] == v["name__t"]
    assert json.loads(v2["_seen"])["phone"] == v["phone__t"]  # the new version saw the old one


def test_unchanged_values_write_nothing(worker_db, grid):
    pid = R.create_record(worker_db, "persons", {"area_id": grid, "name": "李四"})
    before = versions(worker_db, "persons", pid)
    change = R.update_record(worker_db, "persons", pid, {"name": "李四"})
    assert not change.changed and versions(worker_db, "persons", pid) == before


def test_invalid_input_changes_nothing(worker_db, grid):
    pid = R.create_record(worker_db, "persons", {"area_id": grid, "name": "李四"})
    dump = canonical_dump(worker_db)
    with pytest.raises(ValidationError):
        R.update_record(worker_db, "persons", pid, {"id_number": "110105194912310021"})
    with pytest.raises(ValidationError):
        R.create_record(worker_db, "persons", {"area_id": grid, "name": ""})
    assert canonical_dump(worker_db) == dump


def test_delete_is_a_versioned_tombstone_and_restore_a_newer_write(worker_db, grid):
    pid = R.create_record(worker_db, "persons", {"area_id": grid, "name": "王五"})
    R.delete_record(worker_db, "persons", pid)
    with pytest.raises(NotFoundError):
        R.get_record(worker_db, "persons", pid)
    row = R.get_record(worker_db, "persons", pid, include_deleted=True)
    assert row["deleted"] == 1 and row["name"] == "王五"
    assert R.list_records(worker_db, "persons") == []
    t_del = versions(worker_db, "persons", pid)["deleted__t"]
    R.restore_record(worker_db, "persons", pid)
    assert versions(worker_db, "persons", pid)["deleted__t"] > t_del
    assert R.get_record(worker_db, "persons", pid)["deleted"] == 0


def test_undo_is_a_new_versioned_write(worker_db, grid):
    pid = R.create_record(worker_db, "persons", {"area_id": grid, "name": "王五", "phone": "13800138000"})
    change = R.update_record(worker_db, "persons", pid, {"phone": "13900139000"})
    t = versions(worker_db, "persons", pid)["phone__t"]
    R.undo_changes(worker_db, [change])
    assert R.get_record(worker_db, "persons", pid)["phone"] == "13800138000"
    assert versions(worker_db, "persons", pid)["phone__t"] > t
    deleted = R.delete_record(worker_db, "persons", pid)
    R.undo_changes(worker_db, [deleted])
    assert R.get_record(worker_db, "persons", pid)["deleted"] == 0


def test_history_says_who_changed_what(worker_db, grid):
    pid = R.create_record(worker_db, "persons", {"area_id": grid, "name": "王五"}, user="王秀英")
    R.update_record(worker_db, "persons", pid, {"phone": "13800138000"}, user="王秀英")
    R.delete_record(worker_db, "persons", pid, user="王秀英")
    hist = H.record_history(worker_db, "persons", pid)
    assert [h["action"] for h in hist] == ["create", "update", "delete"]
    assert hist[1]["fields"] == {"phone": [None, "13800138000"]}
    assert all(h["user"] == "王秀英" for h in hist)


def test_the_clock_never_runs_backwards(worker_db, grid):
    pid = R.create_record(worker_db, "persons", {"area_id": grid, "name": "王五"})
    t1 = versions(worker_db, "persons", pid)["name__t"]
    hlc.set_time_source(lambda: hlc.millis(t1) - 3600_000)  # the system clock jumps an hour back
    try:
        R.update_record(worker_db, "persons", pid, {"name": "王六"})
        t2 = versions(worker_db, "persons", pid)["name__t"]
        assert t2 > t1
        assert load_clock(worker_db).system_clock_behind() > 3500_000  # the app can warn at start
    finally:
        hlc.set_time_source(None)


def test_hybrid_clock_orders_ticks_within_one_millisecond():
    c = hlc.HybridClock(0, now_ms=lambda: 1000)
    stamps = [c.tick() for _ in range(5)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 5
    c.observe(hlc.pack(5000, 3))
    assert c.tick() == hlc.pack(5000, 4)


def test_check_passes_on_a_good_database(grid_demo_db):
    rep = check_database(grid_demo_db)
    assert rep.ok, rep.errors
    assert rep.counts["persons"] > 500


def test_check_finds_a_write_that_bypassed_change_capture(worker_db, grid):
    pid = R.create_record(worker_db, "persons", {"area_id": grid, "name": "王五"})
    worker_db.execute("UPDATE persons SET work = '务农' WHERE id = ?", [pid])
    rep = check_database(worker_db)
    assert not rep.ok and "version" in " ".join(rep.errors) or "版本" in " ".join(rep.errors)


def test_check_fails_clearly_on_corrupted_pages(tmp_path, grid_demo_db):
    path = tmp_path / "grid-demo.db"
    grid_demo_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    grid_demo_db.conn.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for i in range(len(data) // 3, len(data) // 3 + 8 * page):  # scribble over a run of pages
        data[i] = 0x5A
    path.write_bytes(bytes(data))
    try:
        db = open_db(path)
    except DatabaseError as e:
        assert "损坏" in str(e)
        return
    rep = check_database(db)
    assert not rep.ok and "损坏" in rep.errors[0]


def test_a_database_from_a_newer_app_is_refused(tmp_path, worker_db):
    path = tmp_path / "worker-0.db"
    worker_db.execute("PRAGMA user_version = 99")
    worker_db.conn.close()
    with pytest.raises(DatabaseError, match="更新版本"):
        open_db(path)


def test_not_a_database(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("这不是数据库" * 100)
    with pytest.raises(DatabaseError):
        open_db(bad)
    with pytest.raises(DatabaseError, match="不存在"):
        open_db(tmp_path / "missing.db")


def test_wal_and_durable_settings(worker_db):
    assert worker_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert worker_db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert worker_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_history_of_a_bulk_created_record_says_when_and_by_which_device(grid_demo_db):
    from gridkeeper.store.history import record_history

    pid = grid_demo_db.execute("SELECT id FROM persons LIMIT 1").fetchone()[0]
    [created] = record_history(grid_demo_db, "persons", pid)
    assert created["action"] == "create" and created["device_name"] == "演示网格员电脑" and created["when"]
    R.update_record(grid_demo_db, "persons", pid, {"phone": "13800138000"})
    assert [h["action"] for h in record_history(grid_demo_db, "persons", pid)] == ["create", "update"]


def test_review_lists_name_every_record_kind(grid_demo_db):
    """A conflict on a request or a volunteer service is described by the record, not its id."""
    from gridkeeper.store.review_rows import record_context

    db = grid_demo_db
    rid, number = db.execute("SELECT id, number FROM requests LIMIT 1").fetchone()
    assert record_context(db, "requests", rid).startswith(number)
    sid, day = db.execute("SELECT id, date FROM volunteer_services LIMIT 1").fetchone()
    assert record_context(db, "volunteer_services", sid).startswith(day)
    assert record_context(db, "requests", "0" * 36) == "0" * 8          # a record not here: its id
