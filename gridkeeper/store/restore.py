"""Putting a backup back, keeping the current state first."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..domain.errors import GridkeeperError
from ..paths import backups_dir_for
from . import atrest, driver


def restore_backup(db_path: Path, backup: Path) -> Path | None:
    backup = Path(backup)
    if not backup.is_file():
        raise GridkeeperError(f"备份文件不存在：{backup}", f"backup file not found: {backup}", code="no_backup")
    # an encrypted backup opens with its own key file (a copy carried on a USB stick), else with the
    # key of the database it belongs to (backups share the database's key: see store.atrest)
    if atrest.is_plain_file(backup):
        key = None
    elif atrest.key_file_of(backup).exists():
        key = atrest.key_for(backup)
    else:
        key = atrest.key_for(db_path)
    try:
        conn = driver.raw_connect(backup, key, readonly=True)
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        has_devices = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'devices'").fetchone()[0]
        conn.close()
    except driver.DatabaseError:
        ok, has_devices = False, 0
    if not ok or not has_devices:
        raise GridkeeperError(f"备份文件已损坏或不是 gridkeeper 备份：{backup}",
                              f"the backup is damaged or not a gridkeeper backup: {backup}", code="bad_backup")
    db_path = Path(db_path)
    db_key = atrest.key_for(db_path) if atrest.is_encrypted(db_path) else key
    if key is not None and db_key != key:
        raise GridkeeperError(f"这个备份来自另一个数据库（密钥不同），不能恢复到这里：{backup}",
                              f"this backup belongs to another database (a different key) and cannot be restored "
                              f"here: {backup}", code="other_key")
    kept = None
    if db_path.exists():
        from .backup import backup_to
        from .db import open_db

        db = open_db(db_path, migrate=False)
        kept = backup_to(db, backups_dir_for(db_path) / f"before-restore-{datetime.now():%Y%m%d-%H%M%S-%f}.db")
        db.conn.close()
    tmp = db_path.with_name(db_path.name + ".restoring")
    tmp.unlink(missing_ok=True)
    if key is None and db_key is not None:  # an old plain backup goes back encrypted
        src = driver.raw_connect(backup, None)
        try:
            atrest.export_encrypted(src, tmp, db_key)
        finally:
            src.close()
    else:
        src = driver.raw_connect(backup, key, readonly=True)
        dst = driver.raw_connect(tmp, key)
        src.backup(dst)
        src.close()
        dst.close()
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    if key is not None and not atrest.sidecar_path(db_path).exists():
        atrest.copy_sidecar(backup, db_path)  # a new laptop: the backup's key file comes along
    tmp.replace(db_path)
    return kept
