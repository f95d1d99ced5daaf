"""Screenshots of the township workspace at 1366x768 (the office PC's common screen size).

Each test grabs one tab to PNG in tmp_path (and in /tmp/gk_screens/ when GK_SCREENS=1, to look
at) and checks the picture is not blank. The bundled CJK font is loaded by ``make_app``.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from gridkeeper.domain import hlc
from gridkeeper.store import records as R
from gridkeeper.store.db import open_db
from gridkeeper.ui import settings as S
from gridkeeper.ui.testing import immediate_tasks
from tests.test_sync_e2e import Township, gk

pytestmark = pytest.mark.gui
SIZE = (1366, 768)


@pytest.fixture
def app(qtbot, tmp_path):
    from gridkeeper.ui.app import make_app

    S.use_settings_file(tmp_path / "settings.ini")
    make_app()
    with immediate_tasks():
        yield
    S.use_settings_file(None)


def save(widget, tmp_path, name) -> Path:
    widget.resize(*SIZE)
    img = widget.grab().toImage()
    out = tmp_path / f"{name}.png"
    assert img.save(str(out))
    if os.environ.get("GK_SCREENS") == "1":
        Path("/tmp/gk_screens").mkdir(exist_ok=True)
        shutil.copy(out, Path("/tmp/gk_screens") / out.name)
    # not blank: more than a handful of distinct colours in a sample of pixels
    colours = {img.pixelColor(x, y).name() for x in range(0, img.width(), 37) for y in range(0, img.height(), 29)}
    assert len(colours) > 5
    assert (img.width(), img.height()) == SIZE
    return out


@pytest.fixture
def busy_township(tmp_path):
    """A township after a realistic merge: good, duplicate, revoked, damaged, conflict, quarantine."""
    (tmp_path / "t").mkdir()
    t = Township(tmp_path / "t", workers=4)
    for i in range(4):
        gk("bundle", "merge", "--db", t.workers[i], t.send_back(i))
    w0 = open_db(t.workers[0])
    R.update_record(w0, "persons", t.old_person, {"phone": "13911111111"})
    hh = R.create_record(w0, "households", {"area_id": t.grids[0], "number": "010002", "address": "东山村1组2号"})
    R.create_record(w0, "persons", {"household_id": hh, "name": "𠮷祥"})
    w0.conn.close()
    w1 = open_db(t.workers[1])
    R.create_record(w1, "households", {"area_id": t.grids[0], "number": "099", "address": "东山村1组9号（越界）"})
    w1.conn.close()
    future = int((datetime.now() + timedelta(days=365 * 5)).timestamp() * 1000)
    hlc.set_time_source(lambda: future)
    try:
        w2 = open_db(t.workers[2])
        hh2 = R.create_record(w2, "households", {"area_id": t.grids[2], "number": "030001", "address": "东山村3组1号"})
        R.create_record(w2, "persons", {"household_id": hh2, "name": "李建国", "phone": "13700000000"})
        w2.conn.close()
        t.send_in(2, "c-第3网格（时钟快）.gkb")
    finally:
        hlc.set_time_source(None)
    town = open_db(t.town)
    R.update_record(town, "persons", t.old_person, {"phone": "13922222222"})
    town.conn.close()
    stick = tmp_path / "t" / "stick"
    stick.mkdir()
    a = t.send_in(0, "stick/a-东山村第1网格-王秀英.gkb")
    shutil.copy(a, stick / "a-东山村第1网格-王秀英(1).gkb")
    t.send_in(1, "stick/b-东山村第2网格-李桂芳.gkb")
    shutil.move(str(tmp_path / "t" / "c-第3网格（时钟快）.gkb"), stick / "c-东山村第3网格-赵敏.gkb")
    data = t.send_in(3, "stick/d.gkb").read_bytes()
    (stick / "d.gkb").unlink()
    (stick / "e-东山村第4网格-损坏.gkb").write_bytes(data[:300])
    return t, stick


def test_screens_inbox_and_review(qtbot, app, busy_township, tmp_path):
    from gridkeeper.ui.township import TownshipWorkspace

    t, stick = busy_township
    ws = TownshipWorkspace(str(t.town))
    qtbot.addWidget(ws)
    ws.resize(*SIZE)
    ws.show()
    ws.inbox.merge_paths([str(stick)])
    assert len(ws.inbox.model.rows) == 5
    save(ws, tmp_path, "township_inbox")
    ws.setCurrentWidget(ws.review)
    assert ws.review.conflicts and ws.review.quarantine and ws.review.rejected
    save(ws, tmp_path, "township_review")
    ws.setCurrentWidget(ws.devices)
    save(ws, tmp_path, "township_devices")
    ws.setCurrentWidget(ws.areas)
    save(ws, tmp_path, "township_areas")


def test_screen_overview(qtbot, app, make_db, tmp_path):
    from gridkeeper.store.demo import build_demo
    from gridkeeper.ui.township import TownshipWorkspace

    db = make_db("township", "下花园镇网格中心")
    build_demo(db, scale="township", seed=3, villages=6)
    ws = TownshipWorkspace(db.conn.execute("PRAGMA database_list").fetchone()[2])
    qtbot.addWidget(ws)
    ws.resize(*SIZE)
    ws.show()
    ws.setCurrentWidget(ws.overview)
    assert ws.overview.rows
    out = save(ws, tmp_path, "township_overview")
    assert out.stat().st_size > 10_000
