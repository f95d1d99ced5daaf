"""Every file that holds personal data or keys is created owner-only (0600, folders 0700) on POSIX,
whatever the umask, and the process umask itself is never changed (store/files.py)."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from gridkeeper.store import records as R

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")

ROOT = Path(__file__).resolve().parent.parent


def mode(p) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


@pytest.fixture(autouse=True)
def open_umask():
    """umask 0: anything created with default modes would be 0666 / 0777 — so 0600 here is our doing."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def watch_renames(monkeypatch):
    """Modes of temporary files at the moment they are renamed into place (``.part`` and mkstemp)."""
    seen = {}
    orig_path_replace, orig_os_replace = Path.replace, os.replace

    def path_replace(self, target):
        seen[Path(self).name] = mode(self)
        return orig_path_replace(self, target)

    def os_replace(src, dst, *a, **k):
        seen[Path(src).name] = mode(src)
        return orig_os_replace(src, dst, *a, **k)

    monkeypatch.setattr(Path, "replace", path_replace)
    monkeypatch.setattr(os, "replace", os_replace)
    return seen


def test_product_code_never_touches_the_umask():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "gridkeeper").rglob("*.py") if "os.umask(" in p.read_text()]
    assert offenders == []


def test_database_wal_shm_and_data_folder(tmp_path, isolated_data_dir):
    from gridkeeper import paths
    from gridkeeper.sync.new_database import init_database

    assert not isolated_data_dir.exists()
    folder = paths.data_dir()
    assert folder == isolated_data_dir and mode(folder) == 0o700
    path = paths.default_db_path()
    db = init_database(path, role="worker", name="王秀英的电脑")
    R.create_record(db, "areas", {"level": "township", "name": "下花园镇"})
    for suffix in ("", "-wal", "-shm"):
        p = Path(f"{path}{suffix}")
        assert p.exists() and mode(p) == 0o600, suffix
    db.conn.close()


def test_an_old_world_readable_database_is_tightened_on_open(worker_db, tmp_path):
    from gridkeeper.store.db import open_db

    path = tmp_path / "worker-0.db"
    worker_db.conn.close()
    os.chmod(path, 0o644)
    db = open_db(path)
    assert mode(path) == 0o600 and mode(f"{path}-wal") == 0o600 and mode(f"{path}-shm") == 0o600
    db.conn.close()


def test_backups_their_folder_and_part_files(grid_demo_db, tmp_path, watch_renames):
    from gridkeeper.cli import main
    from gridkeeper.store.backup import backup_before, backup_to, daily_backup

    folder = tmp_path / "grid-demo.db.backups"
    b1 = backup_before(grid_demo_db, "merge")
    b2 = daily_backup(grid_demo_db, today=date(2026, 11, 27))
    usb = backup_to(grid_demo_db, tmp_path / "usb" / "new-folder" / "copy.db")
    assert mode(folder) == 0o700 and mode(b1) == 0o600 and mode(b2) == 0o600
    assert mode(usb) == 0o600 and mode(usb.parent) == 0o700 and mode(usb.parent.parent) == 0o700
    assert watch_renames[b1.name + ".part"] == 0o600 and watch_renames["copy.db.part"] == 0o600
    grid_demo_db.conn.close()
    assert main(["backup", "--db", str(tmp_path / "grid-demo.db")]) == 0
    [manual] = folder.glob("manual-*.db")
    assert mode(manual) == 0o600


def test_an_existing_backups_folder_is_tightened(grid_demo_db, tmp_path):
    from gridkeeper.store.backup import backup_before

    folder = tmp_path / "grid-demo.db.backups"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    backup_before(grid_demo_db, "import")
    assert mode(folder) == 0o700


def test_restore_writes_owner_only(grid_demo_db, tmp_path, watch_renames):
    from gridkeeper.store.backup import backup_to
    from gridkeeper.store.restore import restore_backup

    path = tmp_path / "grid-demo.db"
    backup = backup_to(grid_demo_db, tmp_path / "b.db")
    grid_demo_db.conn.close()
    os.chmod(path, 0o644)
    kept = restore_backup(path, backup)
    assert mode(path) == 0o600 and mode(kept) == 0o600
    assert watch_renames["grid-demo.db.restoring"] == 0o600


def test_cards_bundles_and_their_part_files(tmp_path, watch_renames):
    from tests.test_sync_e2e import Township

    t = Township(tmp_path, workers=1)
    for card in ("town.gkpub", "w0.gkpub"):
        assert mode(tmp_path / card) == 0o600
        assert watch_renames[card + ".part"] == 0o600
    back = t.send_back(0, name="return.gkb")
    sent = t.send_in(0, name="in.gkb")
    assert mode(back) == 0o600 and mode(sent) == 0o600
    assert watch_renames["return.gkb.part"] == 0o600 and watch_renames["in.gkb.part"] == 0o600


def test_ledger_pdf_and_its_temporary_file(grid_demo_db, tmp_path, watch_renames):
    from gridkeeper.ledgers.service import print_ledger

    out = tmp_path / "ledger.pdf"
    print_ledger(grid_demo_db, kind="households", month="2026-11", out=out, today=date(2026, 11, 30))
    assert mode(out) == 0o600
    [tmp_mode] = [m for name, m in watch_renames.items() if name.startswith(".gk-ledger-")]
    assert tmp_mode == 0o600


def test_spreadsheet_export_is_owner_only(grid_demo_db, tmp_path):
    from gridkeeper.cli import main

    grid_demo_db.conn.close()
    for ext in ("csv", "xlsx"):
        out = tmp_path / f"persons.{ext}"
        assert main(["export", "--db", str(tmp_path / "grid-demo.db"), "--kind", "persons", "--out", str(out)]) == 0
        assert mode(out) == 0o600


def test_error_log_is_owner_only(tmp_path, isolated_data_dir):
    from gridkeeper.cli import _log_unexpected

    try:
        raise RuntimeError("张桂兰 110101194001011234")
    except RuntimeError:
        log = _log_unexpected()
    assert mode(log) == 0o600


def test_private_helpers(tmp_path):
    from gridkeeper.store.files import create_private, private_dir, write_private

    d = private_dir(tmp_path / "a" / "b")
    assert mode(d) == 0o700
    f = tmp_path / "old.txt"
    f.write_text("x")
    os.chmod(f, 0o666)
    write_private(f, b"secret")
    assert mode(f) == 0o600 and f.read_bytes() == b"secret"
    with pytest.raises(FileExistsError):
        create_private(f)
    assert f.read_bytes() == b"secret"
