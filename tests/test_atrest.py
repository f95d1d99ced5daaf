"""Encryption at rest (issue #18: a lost laptop leaks nothing): files, passphrases, recovery, migration."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from gridkeeper.domain.errors import DatabaseError, GridkeeperError
from gridkeeper.store import atrest
from gridkeeper.store import records as R
from gridkeeper.store.backup import backup_to, daily_backup, list_backups
from gridkeeper.store.db import open_db
from gridkeeper.store.demo import build_demo
from gridkeeper.sync.new_database import init_database
from tests.test_sync_e2e import gk

PP = "老房子的钥匙 2026"
ROOT = Path(__file__).resolve().parents[1]


def _encrypted_demo(path: Path):
    db = init_database(path, role="worker", name="王秀英的电脑", db_passphrase=PP)
    build_demo(db, scale="grid", seed=3)
    hh = R.create_record(db, "households", {"area_id": db.execute("SELECT id FROM areas WHERE level = 'grid'")
                                            .fetchone()[0], "number": "990001", "address": "东山村3组17号"})
    R.create_record(db, "persons", {"household_id": hh, "name": "张𠮷兰", "id_number": "110101194003070027",
                                    "phone": "13912345678"})
    return db


def _secrets(db) -> list[str]:
    rows = db.execute("SELECT name, id_number, phone FROM persons WHERE id_number IS NOT NULL AND phone IS NOT NULL "
                      "ORDER BY id LIMIT 40").fetchall()
    out = {"张𠮷兰", "110101194003070027", "13912345678", "东山村3组17号"}
    for name, idn, phone in rows:
        out.update([name, idn, phone])
    assert len(out) > 60
    return sorted(out)


def _leaks(path: Path, secrets: list[str]) -> list[str]:
    data = path.read_bytes()
    found = []
    for s in secrets:
        for enc in ("utf-8", "utf-16-le", "utf-16-be"):
            needle = s.encode(enc)
            # a 4-byte pattern (a two-character name in UTF-16) turns up by chance in megabytes of
            # ciphertext now and then: only patterns of 6+ bytes say anything
            if len(needle) >= 6 and needle in data:
                found.append(f"{s} ({enc}) in {path.name}")
    return found


def test_database_wal_and_backups_hold_no_personal_data(tmp_path):
    path = tmp_path / "gridkeeper.db"
    db = _encrypted_demo(path)
    secrets = _secrets(db)
    manual = backup_to(db, tmp_path / "usb" / "copy.db")
    daily = daily_backup(db)
    wal = Path(str(path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    files = [path, wal, manual, daily, atrest.sidecar_path(path)]
    assert not [leak for f in files for leak in _leaks(f, secrets)]
    # the test can fail: the same check finds the names in a plain database
    plain = init_database(tmp_path / "plain.db", role="worker", name="x")
    build_demo(plain, scale="grid", seed=3)
    plain.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    psecrets = _secrets_plain(plain)
    assert _leaks(tmp_path / "plain.db", psecrets)
    db.conn.close()
    assert not _leaks(path, secrets)


def _secrets_plain(db):
    return [r[0] for r in db.execute("SELECT name FROM persons ORDER BY id LIMIT 20")]


def test_plain_sqlite_cannot_read_it_and_the_wrong_passphrase_fails_cleanly(tmp_path, monkeypatch):
    path = tmp_path / "gridkeeper.db"
    _encrypted_demo(path).conn.close()
    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    atrest.forget_all()
    monkeypatch.delenv("GRIDKEEPER_PASSPHRASE", raising=False)  # (GK_TEST_ENCRYPTED=1 sets it)
    with pytest.raises(atrest.Locked) as e:  # no key in memory, no variable: a clear refusal
        open_db(path)
    assert e.value.code == "locked_db" and "口令" in str(e.value)
    with pytest.raises(atrest.WrongPassphrase) as e:
        atrest.unlock(path, "不是这个口令")
    assert str(e.value) == "口令不正确，请重新输入"
    atrest.unlock(path, PP)
    assert open_db(path).execute("SELECT count(*) FROM persons").fetchone()[0] > 100


def test_cli_without_terminal_or_variable_is_one_clear_line(tmp_path):
    path = tmp_path / "w.db"
    _encrypted_demo(path).conn.close()
    env = {k: v for k, v in os.environ.items() if k != "GRIDKEEPER_PASSPHRASE"}
    run = lambda *a, **kw: subprocess.run([sys.executable, "-m", "gridkeeper", *a], capture_output=True, text=True,
                                          stdin=subprocess.DEVNULL, cwd=ROOT, timeout=120, **kw)
    p = run("search", "--db", str(path), "张", env=env)
    assert p.returncode != 0 and p.stderr.count("\n") == 1 and "GRIDKEEPER_PASSPHRASE" in p.stderr
    p = run("search", "--db", str(path), "张", env=dict(env, GRIDKEEPER_PASSPHRASE="错的口令123"))
    assert p.returncode != 0 and p.stderr.strip() == "gridkeeper: 口令不正确，请重新输入"
    p = run("search", "--db", str(path), "张𠮷兰", "--json", env=dict(env, GRIDKEEPER_PASSPHRASE=PP))
    assert p.returncode == 0, p.stderr
    assert "张𠮷兰" in p.stdout
    p = run("init", "--db", str(tmp_path / "new.db"), "--role", "worker", "--name", "x", env=env)
    assert p.returncode != 0 and p.stderr.count("\n") == 1 and not (tmp_path / "new.db").exists()


def test_passphrase_change_keeps_the_data_and_the_key(tmp_path, monkeypatch):
    path = tmp_path / "w.db"
    db = _encrypted_demo(path)
    n = db.execute("SELECT count(*) FROM persons").fetchone()[0]
    db.conn.close()
    before = path.read_bytes()
    monkeypatch.setenv("GRIDKEEPER_PASSPHRASE", PP)
    monkeypatch.setenv("GRIDKEEPER_NEW_PASSPHRASE", "新的口令 abc")
    gk("keys", "passphrase", "--db", path)
    assert path.read_bytes() == before  # only the key file changed
    atrest.forget_all()
    with pytest.raises(atrest.WrongPassphrase):
        atrest.unlock(path, PP)
    atrest.unlock(path, "新的口令 abc")
    assert open_db(path).execute("SELECT count(*) FROM persons").fetchone()[0] == n
    # a wrong current passphrase changes nothing
    key_file = atrest.sidecar_path(path).read_bytes()
    monkeypatch.setenv("GRIDKEEPER_PASSPHRASE", "猜的口令 xyz")
    gk("keys", "passphrase", "--db", path, expect=1)
    assert atrest.sidecar_path(path).read_bytes() == key_file
    assert oct(atrest.sidecar_path(path).stat().st_mode & 0o777) == "0o600"


def test_township_recovers_a_forgotten_passphrase_on_two_devices(tmp_path, monkeypatch):
    town, worker = tmp_path / "town" / "town.db", tmp_path / "laptop" / "w.db"
    town.parent.mkdir()
    worker.parent.mkdir()
    town_pp, worker_pp = "乡镇中心口令 2026", "王秀英的口令 abc"
    monkeypatch.setenv("GRIDKEEPER_PASSPHRASE", town_pp)
    gk("init", "--db", town, "--role", "township", "--name", "下花园镇网格中心", encrypt=True)
    root = gk("areas", "add", "--db", town, "--level", "township", "--name", "下花园镇", "--json")["id"]
    village = gk("areas", "add", "--db", town, "--parent", root, "--level", "village", "--name", "东山村", "--json")["id"]
    grid = gk("areas", "add", "--db", town, "--parent", village, "--level", "grid", "--name", "第三网格", "--json")["id"]
    gk("keys", "export", "--db", town, "--out", tmp_path / "town.gkpub")
    monkeypatch.setenv("GRIDKEEPER_PASSPHRASE", worker_pp)
    gk("init", "--db", worker, "--role", "worker", "--name", "王秀英的电脑", encrypt=True)
    gk("keys", "import", "--db", worker, tmp_path / "town.gkpub")
    gk("keys", "export", "--db", worker, "--out", tmp_path / "w.gkpub")
    device = gk("keys", "list", "--db", worker, "--json")[0]["device_id"]
    monkeypatch.setenv("GRIDKEEPER_PASSPHRASE", town_pp)
    gk("keys", "import", "--db", town, tmp_path / "w.gkpub", "--area", grid)
    # the worker forgets the passphrase; a new process knows nothing
    atrest.forget_all()
    monkeypatch.delenv("GRIDKEEPER_PASSPHRASE")
    with pytest.raises(atrest.Locked):
        open_db(worker)
    # the laptop comes to the township: staff unlock their own keys, the worker types a new passphrase
    monkeypatch.setenv("GRIDKEEPER_PASSPHRASE", town_pp)
    monkeypatch.setenv("GRIDKEEPER_NEW_PASSPHRASE", "新口令 worker")
    out = gk("keys", "recover", "--db", town, "--device", device, "--target", worker, "--json")
    assert out["key_file"] == str(atrest.sidecar_path(worker))
    atrest.forget_all()
    with pytest.raises(atrest.WrongPassphrase):
        atrest.unlock(worker, worker_pp)
    atrest.unlock(worker, "新口令 worker")
    assert open_db(worker).execute("SELECT device_id FROM devices WHERE status = 'self'").fetchone()[0] == device
    # the township's recovery key opens no other laptop's file, and a wrong township passphrase stops it
    atrest.forget_all()
    other = tmp_path / "other.db"
    init_database(other, role="worker", name="另一台", db_passphrase="另一台的口令").conn.close()
    err = gk("keys", "recover", "--db", town, "--device", device, "--target", other, expect=1)
    assert "不属于" in err
    monkeypatch.setenv("GRIDKEEPER_PASSPHRASE", "错误的乡镇口令")
    gk("keys", "recover", "--db", town, "--device", device, "--target", worker, expect=1)


def test_an_enrolment_request_from_a_plain_database_carries_no_escrow(tmp_path, monkeypatch):
    from gridkeeper.sync.enrolment import card_from_bytes

    monkeypatch.setenv("GRIDKEEPER_PASSPHRASE", "乡镇密钥口令 123")  # a township's keys are always sealed
    gk("init", "--db", tmp_path / "t.db", "--role", "township", "--name", "乡镇", "--unencrypted")
    gk("keys", "export", "--db", tmp_path / "t.db", "--out", tmp_path / "t.gkpub")
    gk("init", "--db", tmp_path / "w.db", "--role", "worker", "--name", "电脑", "--unencrypted")
    gk("keys", "import", "--db", tmp_path / "w.db", tmp_path / "t.gkpub")
    gk("keys", "export", "--db", tmp_path / "w.db", "--out", tmp_path / "w.gkpub")
    assert "key_escrow" not in card_from_bytes((tmp_path / "w.gkpub").read_bytes())


def test_a_plain_database_is_converted_in_place_and_no_plain_copy_is_left(tmp_path):
    path = tmp_path / "data" / "gridkeeper.db"
    path.parent.mkdir()
    db = init_database(path, role="worker", name="旧电脑")
    build_demo(db, scale="grid", seed=5)
    names = _secrets_plain(db)
    n = db.execute("SELECT count(*) FROM persons").fetchone()[0]
    daily_backup(db)
    backup_to(db, path.with_name(path.name + ".backups") / "manual-20260101-000000.db")
    db.conn.close()
    res = atrest.encrypt_plain_database(path, PP)
    assert res["backups_encrypted"] == 2
    folder = path.parent
    leftovers = [p for p in folder.rglob("*") if p.is_file() and _leaks(p, names)]
    assert leftovers == []
    plain = [p for p in folder.rglob("*") if p.is_file() and atrest.is_plain_file(p)]
    assert plain == []
    atrest.forget_all()
    atrest.unlock(path, PP)
    assert open_db(path).execute("SELECT count(*) FROM persons").fetchone()[0] == n
    listed = list_backups(path)
    assert len(listed) == 3 and all(b.ok and b.persons for b in listed)  # before-encrypt, daily, manual


def test_an_interrupted_conversion_leaves_no_plain_copy(tmp_path):
    path = tmp_path / "gridkeeper.db"
    db = init_database(path, role="worker", name="x")
    db.conn.close()
    atrest.encrypt_plain_database(path, PP)
    stray = path.with_name(path.name + ".plain-old")
    stray.write_bytes(b"SQLite format 3\x00 pretend plain leftovers")
    atrest.forget_all()
    atrest.unlock(path, PP)
    open_db(path).conn.close()
    assert not stray.exists()


def test_weak_new_passphrase_changes_nothing(tmp_path):
    path = tmp_path / "w.db"
    with pytest.raises(GridkeeperError) as e:
        init_database(path, role="worker", name="x", db_passphrase="123")
    assert e.value.code == "weak_passphrase"
    assert not path.exists() and not atrest.sidecar_path(path).exists()


def test_a_missing_key_file_says_so(tmp_path):
    path = tmp_path / "w.db"
    init_database(path, role="worker", name="x", db_passphrase=PP).conn.close()
    atrest.sidecar_path(path).unlink()
    atrest.forget_all()
    with pytest.raises(DatabaseError) as e:
        open_db(path)
    assert e.value.code == "no_key_file" and "w.db.key" in str(e.value)


def test_restore_of_an_encrypted_backup(tmp_path):
    from gridkeeper.store.restore import restore_backup

    path = tmp_path / "w.db"
    db = _encrypted_demo(path)
    b = backup_to(db, path.with_name("w.db.backups") / "manual-x.db")
    n = db.execute("SELECT count(*) FROM persons").fetchone()[0]
    R.create_record(db, "persons", {"household_id": db.execute("SELECT id FROM households").fetchone()[0],
                                    "name": "新来的"})
    db.conn.close()
    restore_backup(path, b)
    db = open_db(path)
    assert db.execute("SELECT count(*) FROM persons").fetchone()[0] == n
    assert not atrest.is_plain_file(path)


def test_a_usb_backup_with_its_key_file_restores_on_a_new_laptop(tmp_path):
    from gridkeeper.store.restore import restore_backup

    path = tmp_path / "old" / "w.db"
    path.parent.mkdir()
    db = _encrypted_demo(path)
    n = db.execute("SELECT count(*) FROM persons").fetchone()[0]
    usb = tmp_path / "usb" / "备份.db"
    backup_to(db, usb)
    atrest.copy_sidecar(path, usb)
    db.conn.close()
    atrest.forget_all()
    new = tmp_path / "new" / "gridkeeper.db"
    new.parent.mkdir()
    with pytest.raises(atrest.Locked):
        restore_backup(new, usb)
    assert not new.exists()
    atrest.unlock(usb, PP)
    restore_backup(new, usb)
    assert atrest.sidecar_path(new).read_bytes() == atrest.sidecar_path(usb).read_bytes()
    atrest.forget_all()
    atrest.unlock(new, PP)
    assert open_db(new).execute("SELECT count(*) FROM persons").fetchone()[0] == n
    # another laptop's backup (another key) is refused, and the database stays as it was ...
    other = tmp_path / "other.db"
    o = init_database(other, role="worker", name="另一台", db_passphrase="另一台的口令")
    ob = backup_to(o, tmp_path / "usb2" / "o.db")
    atrest.copy_sidecar(other, ob)
    o.conn.close()
    with pytest.raises(GridkeeperError) as e:
        restore_backup(new, ob)
    assert e.value.code == "other_device"
    assert open_db(new).execute("SELECT count(*) FROM persons").fetchone()[0] == n
    # ... unless confirmed: then its key file (its passphrase) comes along, and the kept copy keeps the old one
    kept = restore_backup(new, ob, allow_other_device=True)
    assert atrest.sidecar_path(new).read_bytes() == atrest.sidecar_path(ob).read_bytes()
    atrest.forget_all()
    atrest.unlock(new, "另一台的口令")
    assert open_db(new).execute("SELECT name FROM devices WHERE status = 'self'").fetchone()[0] == "另一台"
    atrest.unlock(kept, PP)
    assert open_db(kept).execute("SELECT count(*) FROM persons").fetchone()[0] == n
