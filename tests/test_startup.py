"""Start-up path: what the window needs before its first paint, and nothing more."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEAVY = ["sqlite_utils.db", "reportlab", "openpyxl", "pypinyin", "cryptography", "pyrage", "click", "uuid"]


def test_the_frame_paints_before_the_heavy_modules_and_the_tabs(grid_demo_db, tmp_path):
    """``gridkeeper gui --db P`` as a user starts it: at the first paint no heavy library is loaded,
    PySide's Qt namespace (94 Python enums) is not built and no tab is built; then the tab in front
    is built with its list loaded."""
    from gridkeeper.store import atrest
    from gridkeeper.store.db import db_path
    from gridkeeper.store.meta import set_meta
    from tests.conftest import child_env

    path = str(db_path(grid_demo_db))
    set_meta(grid_demo_db, "demo", "1")  # a plain store opens without "encrypt it?" only as a demo
    grid_demo_db.conn.close()
    code = f"""
import json, os, sys
from tests.benchmarks.paint_probe import watch_gui
out = {{}}


def painted(win):
    from PySide6 import QtCore
    out["heavy"] = sorted(m for m in {HEAVY!r} if m in sys.modules)
    out["qt_namespace"] = "Qt" in vars(QtCore)
    out["tabs_built"] = len(win.tabs.built_record_tabs())


def ready(win):
    from PySide6.QtWidgets import QApplication
    tab = win.tabs.currentWidget()
    out["front"] = win.tabs.name_of(tab)
    out["rows"] = tab.panels["households"].model.rowCount()
    QApplication.instance().quit()


watch_gui(painted, ready)
if os.environ.get("GRIDKEEPER_PASSPHRASE"):  # GK_TEST_ENCRYPTED=1: unlocked as the passphrase dialog would
    from gridkeeper.store import atrest
    atrest.unlock(sys.argv[1], os.environ["GRIDKEEPER_PASSPHRASE"])
os.environ["GRIDKEEPER_SETTINGS"] = sys.argv[2]
from gridkeeper.cli import main
out["rc"] = main(["gui", "--db", sys.argv[1]])
print(json.dumps(out))
"""
    env = child_env(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code, path, str(tmp_path / "s.ini")], capture_output=True,
                         text=True, env=env, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    # unlocking an encrypted store (GK_TEST_ENCRYPTED=1) needs scrypt and ChaCha20 before the first paint
    heavy = [] if atrest.is_plain_file(path) else ["cryptography"]
    assert got == {"heavy": heavy, "qt_namespace": False, "tabs_built": 0, "front": "households",
                   "rows": got["rows"], "rc": 0}
    assert got["rows"] > 0


def test_database_keeps_the_sqlite_utils_api(grid_demo_db):
    from gridkeeper.store.database import Database

    db = grid_demo_db
    assert isinstance(db, Database)
    n = db.execute("SELECT count(*) FROM persons").fetchone()[0]
    rows = list(db.query("SELECT id, name FROM persons ORDER BY id LIMIT 2"))
    assert len(rows) == 2 and set(rows[0]) == {"id", "name"}
    assert list(db.query("SELECT ? AS a", [1])) == [{"a": 1}]
    assert db["persons"].count == n                     # the rest of sqlite-utils, on the same connection
    assert "persons" in db.table_names()


def test_record_ids_are_uuid7_text():
    import uuid

    from gridkeeper.domain.ids import new_id

    ids = [new_id() for _ in range(200)]
    assert ids == sorted(ids) and len(set(ids)) == 200
    for i in ids:
        u = uuid.UUID(i)
        assert str(u) == i and u.version == 7 and u.variant == uuid.RFC_4122


def test_start_up_objects_are_kept_out_of_later_collections():
    """``gc_paused(keep=True)``: no collections inside, then everything built is frozen out of later
    ones (the GUI's modules and main window live as long as the app); plain pauses freeze nothing."""
    import gc

    from gridkeeper.domain.gcpause import gc_paused

    enabled = gc.isenabled()
    try:
        before = gc.get_freeze_count()
        with gc_paused():
            assert not gc.isenabled()
            built = [[] for _ in range(1000)]
        assert gc.isenabled() == enabled and gc.get_freeze_count() == before
        with gc_paused(keep=True):
            built += [[] for _ in range(1000)]
        assert gc.isenabled() == enabled and gc.get_freeze_count() >= before + 2000
    finally:
        gc.unfreeze()
    assert len(built) == 2000
