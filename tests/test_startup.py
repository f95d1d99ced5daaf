"""Start-up path: what the window needs before its first paint, and nothing more."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEAVY = ["sqlite_utils.db", "reportlab", "openpyxl", "pypinyin", "cryptography", "pyrage", "click", "uuid"]


def test_the_main_window_opens_without_the_heavy_modules(grid_demo_db, tmp_path):
    from gridkeeper.store.db import db_path

    path = str(db_path(grid_demo_db))
    code = f"""
import json, sys
from gridkeeper.cli import _run_gui  # the GUI launch imports what the window needs, in this order
from gridkeeper.store import areas, care, db, disputes, households, meta, records, search
from gridkeeper.ui.app import make_app
from gridkeeper.ui import settings as S
S.use_settings_file(sys.argv[2])
app = make_app()
from gridkeeper.store.db import open_db
from gridkeeper.ui.main_window import MainWindow
w = MainWindow(open_db(sys.argv[1])); w.show(); app.processEvents()
print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))
"""
    from gridkeeper.store import atrest
    from tests.conftest import child_env

    env = child_env(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code, path, str(tmp_path / "s.ini")], capture_output=True,
                         text=True, env=env, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    # unlocking an encrypted store (GK_TEST_ENCRYPTED=1) needs scrypt and ChaCha20 before the first paint
    expected = [] if atrest.is_plain_file(path) else ["cryptography"]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == expected


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
