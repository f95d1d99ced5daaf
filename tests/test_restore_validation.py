"""Restore trusts no backup: damaged, newer, tampered (extra trigger or view), incomplete and
another device's backups are refused with their own message and change nothing; another device's
backup goes back only when confirmed; a restore is undone by restoring the copy it kept."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.store import records as R
from gridkeeper.store import schema
from gridkeeper.store import atrest
from gridkeeper.store.backup import backup_to as _backup_to
from gridkeeper.store.backup import list_backups
from gridkeeper.store.db import open_db
from gridkeeper.store.dump import canonical_dump
from gridkeeper.store.restore import inspect_backup, restore_backup


def backup_to(db, dest) -> Path:
    """A backup written elsewhere, with its key file beside it (as ``backup --out`` and 备份到U盘 do)."""
    from gridkeeper.store.db import db_path

    made = _backup_to(db, dest)
    atrest.copy_sidecar(db_path(db), made)
    return made


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def setup(grid_demo_db, tmp_path):
    """(database path, a good backup of it); the database is closed and checkpointed."""
    path = tmp_path / "grid-demo.db"
    good = backup_to(grid_demo_db, tmp_path / "good.db")
    R.create_record(grid_demo_db, "areas", {"level": "township", "name": "备份之后新建"})
    grid_demo_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    grid_demo_db.conn.close()
    return path, good


def atrest_plain(path) -> bool:
    from gridkeeper.store import atrest

    return atrest.is_plain_file(path)


def _keyed(src, dest):
    """An encrypted backup copied elsewhere opens with its source's key (GK_TEST_ENCRYPTED=1)."""
    from gridkeeper.store import atrest, driver

    return driver.raw_connect(dest, atrest.key_for(src))


def tamper(src: Path, dest: Path, *sql: str) -> Path:
    shutil.copy(src, dest)
    atrest.copy_sidecar(src, dest)
    from tests.conftest import raw_db

    conn = raw_db(dest) if atrest_plain(dest) else _keyed(src, dest)
    for stmt in sql:
        conn.execute(stmt)
    conn.commit()
    conn.close()
    return dest


def refused(path: Path, backup: Path, code: str, **kw) -> str:
    """Restoring is refused with ``code``; the database file and the backups folder are untouched."""
    before = digest(path)
    folder = path.with_name(path.name + ".backups")
    listed = sorted(folder.glob("*")) if folder.exists() else []
    with pytest.raises(GridkeeperError) as e:
        restore_backup(path, backup, **kw)
    assert e.value.code == code
    assert digest(path) == before
    assert (sorted(folder.glob("*")) if folder.exists() else []) == listed
    return str(e.value)


def test_damaged_backup(setup, tmp_path):
    path, good = setup
    data = bytearray(good.read_bytes())
    for i in range(4096 * 2, 4096 * 2 + 64):   # the header of a b-tree page
        data[i] ^= 0xFF
    bad = tmp_path / "flipped.db"
    bad.write_bytes(bytes(data))
    msg = refused(path, bad, "bad_backup")
    assert msg == f"备份文件已损坏或不是 gridkeeper 备份（完整性检查未通过）：{bad}"
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    assert refused(path, junk, "bad_backup") == f"备份文件已损坏或不是 gridkeeper 备份（无法读取）：{junk}"
    assert refused(path, tmp_path / "nope.db", "no_backup") == f"备份文件不存在：{tmp_path / 'nope.db'}"


def test_backup_from_a_newer_schema(setup, tmp_path):
    path, good = setup
    newer = tamper(good, tmp_path / "newer.db", f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    msg = refused(path, newer, "newer_backup")
    assert msg == (f"这个备份由更新版本的 gridkeeper 生成（结构版本 {schema.SCHEMA_VERSION + 1}，本软件 "
                   f"{schema.SCHEMA_VERSION}），不能恢复：{newer}")


@pytest.mark.parametrize("sql, shown", [
    ("CREATE TRIGGER steal AFTER INSERT ON persons BEGIN DELETE FROM devices; END", "trigger steal"),
    ("CREATE VIEW everyone AS SELECT name, id_number FROM persons", "view everyone"),
    ("CREATE TABLE extra (x)", "table extra"),
    ("CREATE INDEX persons_phone ON persons(phone)", "index persons_phone"),
])
def test_backup_with_objects_our_schema_does_not_create(setup, tmp_path, sql, shown):
    path, good = setup
    planted = tamper(good, tmp_path / "planted.db", sql)
    msg = refused(path, planted, "unexpected_objects")
    assert msg == f"备份中有 gridkeeper 不会创建的对象（{shown}），可能被改动过，不能恢复：{planted}"


def test_object_names_in_the_message_are_escaped(setup, tmp_path):
    path, good = setup
    planted = tamper(good, tmp_path / "planted.db", 'CREATE VIEW "v\x1b[2J\u202e" AS SELECT 1')
    msg = refused(path, planted, "unexpected_objects")
    assert "view v\\x1b[2J\\u202e" in msg and "\x1b" not in msg and "\u202e" not in msg


def test_backup_missing_a_table(setup, tmp_path):
    path, good = setup
    partial = tamper(good, tmp_path / "partial.db", "DROP TABLE history")
    assert refused(path, partial, "bad_backup") == f"备份文件已损坏或不是 gridkeeper 备份（缺少数据表）：{partial}"


def test_another_devices_backup_needs_explicit_confirmation(setup, tmp_path, make_db):
    path, _ = setup
    other = make_db("worker", "李明的电脑\u202e")
    other_id = other.execute("SELECT device_id FROM devices WHERE status = 'self'").fetchone()[0]
    other_backup = backup_to(other, tmp_path / "other.db")
    me = open_db(path)
    my_id = me.execute("SELECT device_id FROM devices WHERE status = 'self'").fetchone()[0]
    me.conn.close()
    msg = refused(path, other_backup, "other_device")
    assert msg == (f"这个备份属于另一台设备 “李明的电脑\\u202e”（{other_id}），不是本数据库的设备 "
                   f"“演示网格员电脑”（{my_id}）。确实要用它替换本机数据，请确认（命令行加 --other-device）。")
    check = inspect_backup(path, other_backup)
    assert not check.same_device and check.device.device_id == other_id and check.current.device_id == my_id
    kept = restore_backup(path, other_backup, allow_other_device=True)
    db = open_db(path)
    assert db.execute("SELECT device_id FROM devices WHERE status = 'self'").fetchone()[0] == other_id
    db.conn.close()
    # undo: the kept copy is this database's own state, restorable (it is now "another device" in turn)
    assert any(b.path == kept and b.kind == "before-restore" and b.ok for b in list_backups(path))
    restore_backup(path, kept, allow_other_device=True)
    db = open_db(path)
    assert db.execute("SELECT device_id FROM devices WHERE status = 'self'").fetchone()[0] == my_id
    db.conn.close()


def test_a_restore_is_undone_by_restoring_the_copy_it_kept(setup):
    path, good = setup
    db = open_db(path)
    current = canonical_dump(db)
    db.conn.close()
    kept = restore_backup(path, good)
    assert [b.kind for b in list_backups(path) if b.path == kept] == ["before-restore"]
    db = open_db(path)
    assert not R.list_records(db, "areas", where="name = ?", params=["备份之后新建"])
    db.conn.close()
    restore_backup(path, kept)
    db = open_db(path)
    assert canonical_dump(db) == current
    db.conn.close()


def test_an_older_backup_is_accepted(setup, monkeypatch, tmp_path):
    """A backup one schema version behind (as after an app update) passes: compared with a fresh
    database of *its* version, not ours."""
    path, good = setup
    extra = lambda: ["CREATE TABLE gk_future (x)"]  # noqa: E731 - a pretend migration 2
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + [extra])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    check = inspect_backup(path, good)
    assert check.schema_version == schema.SCHEMA_VERSION - 1 and check.same_device


def test_cli_restore_refusals_and_other_device_flag(setup, tmp_path, make_db):
    from tests.test_sync_e2e import gk

    path, good = setup
    planted = tamper(good, tmp_path / "planted.db", "CREATE TRIGGER t AFTER UPDATE ON meta BEGIN SELECT 1; END")
    err = gk("restore", "--db", path, planted, expect=1)
    assert err.strip() == f"gridkeeper: 备份中有 gridkeeper 不会创建的对象（trigger t），可能被改动过，不能恢复：{planted}"
    other = backup_to(make_db("worker", "李明的电脑"), tmp_path / "other.db")
    err = gk("restore", "--db", path, other, expect=1)
    assert "另一台设备 “李明的电脑”" in err and "--other-device" in err
    out = gk("restore", "--db", path, other, "--other-device", "--json")
    assert out["undo"] == f"gridkeeper restore --db {path} {out['previous_state_kept']} --other-device"
    gk("restore", "--db", path, out["previous_state_kept"], "--other-device")
    out = gk("restore", "--db", path, good, "--json")
    assert out["undo"] == f"gridkeeper restore --db {path} {out['previous_state_kept']}"


def test_restore_over_a_damaged_database_keeps_a_raw_copy(setup):
    path, good = setup
    data = bytearray(path.read_bytes())
    data[0:16] = b"garbage garbage!"     # the SQLite header: the file no longer opens
    path.write_bytes(bytes(data))
    kept = restore_backup(path, good)
    assert kept.read_bytes() == bytes(data)
    db = open_db(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.conn.close()
