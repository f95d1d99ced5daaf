"""The GUI side of encryption at rest: unlock at start, converting a plain database, the idle lock."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from gridkeeper.store import atrest
from gridkeeper.store.demo import build_demo
from gridkeeper.sync.new_database import init_database
from gridkeeper.ui import settings as S
from gridkeeper.ui.testing import immediate_tasks, on_next_dialog

PP = "网格员的口令 2026"


@pytest.fixture
def gui(qtbot, tmp_path, monkeypatch):
    from gridkeeper.ui.app import make_app

    S.use_settings_file(tmp_path / "settings.ini")
    make_app()
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: None)
    with immediate_tasks():
        yield
    S.use_settings_file(None)


def _encrypted(tmp_path):
    path = tmp_path / "gridkeeper.db"
    db = init_database(path, role="worker", name="王秀英的电脑", db_passphrase=PP)
    build_demo(db, scale="grid", seed=2)
    db.conn.close()
    atrest.forget_all()
    return path


def test_wrong_passphrase_says_so_and_the_right_one_opens(qtbot, gui, tmp_path):
    from gridkeeper.ui import app as A

    path = _encrypted(tmp_path)
    seen = []

    def type_wrong_then_right(dlg):
        dlg.field.setText("wrong-passphrase")
        dlg.ok_button.click()
        assert dlg.isVisible()  # still asking, with the reason under the field
        seen.append(dlg.error.text())
        assert dlg.field.text() == ""
        dlg.field.setText(PP)
        dlg.ok_button.click()

    check = on_next_dialog(qtbot, type_wrong_then_right)
    win = A.open_main_window(str(path))
    check()
    assert seen == ["口令不正确，请重新输入"]
    assert win is not None
    qtbot.addWidget(win)
    assert win.db.execute("SELECT count(*) FROM persons").fetchone()[0] > 100
    from PySide6.QtWidgets import QLabel

    assert win.findChild(QLabel, "plain_db_label") is None and "未加密" not in win.windowTitle()


def test_cancel_at_the_passphrase_opens_nothing(qtbot, gui, tmp_path):
    from gridkeeper.ui import app as A

    path = _encrypted(tmp_path)
    check = on_next_dialog(qtbot, lambda dlg: dlg.reject())
    assert A.open_main_window(str(path)) is None
    check()


def test_idle_lock_hides_the_data_until_the_passphrase(qtbot, gui, tmp_path):
    from gridkeeper.ui import app as A

    path = _encrypted(tmp_path)
    atrest.unlock(path, PP)
    win = A.open_main_window(str(path))
    qtbot.addWidget(win)
    content = win.centralWidget()
    lock = win.idle_lock
    assert lock.interval_ms == 10 * 60_000  # the default setting
    lock.set_minutes(0.001)  # 60 ms
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)
    assert win.centralWidget() is lock.page and not content.isVisible() and not win.menuBar().isEnabled()
    lock.page.field.setText("not it at all")
    lock.page.button.click()
    assert lock.locked and lock.page.error.text() == "口令不正确，请重新输入"
    lock.set_minutes(0)
    lock.page.field.setText(PP)
    lock.page.button.click()
    assert not lock.locked and win.centralWidget() is content and win.menuBar().isEnabled()


def test_a_plain_database_is_encrypted_at_first_start_and_the_demo_is_not(qtbot, gui, tmp_path, monkeypatch):
    from gridkeeper import paths
    from gridkeeper.ui import app as A

    path = tmp_path / "old.db"
    db = init_database(path, role="worker", name="旧电脑")
    build_demo(db, scale="grid", seed=4)
    name = db.execute("SELECT name FROM persons LIMIT 1").fetchone()[0]
    db.conn.close()

    def set_passphrase(dlg):
        dlg.fields.first.setText(PP)
        dlg.fields.again.setText(PP + "x")
        dlg.ok_button.click()
        assert dlg.isVisible() and "不一致" in dlg.error.text()
        dlg.fields.again.setText(PP)
        dlg.ok_button.click()

    check = on_next_dialog(qtbot, set_passphrase)
    assert A.encrypt_if_plain(str(path))
    check()
    assert atrest.is_encrypted(path) and name.encode() not in path.read_bytes()
    win = A.open_main_window(str(path))  # unlocked by the conversion: no second prompt
    qtbot.addWidget(win)
    assert win.db.execute("SELECT count(*) FROM persons WHERE name = ?", [name]).fetchone()[0] >= 1

    demo = paths.demo_db_path()
    d = init_database(demo, role="worker", name="演示网格员电脑")
    d.conn.close()
    assert A.encrypt_if_plain(str(demo))  # no dialog: the demo stays plain
    assert atrest.is_plain_file(demo)
    win2 = A.open_main_window(str(demo))
    qtbot.addWidget(win2)
    assert "演示数据库（未加密）" in win2.windowTitle()
    assert not hasattr(win2, "idle_lock")


def test_a_demo_built_anywhere_stays_plain(tmp_path):
    from gridkeeper.ui.app import is_demo
    from tests.test_sync_e2e import gk

    demo = tmp_path / "培训用.db"
    gk("demo", "--db", demo)
    assert is_demo(str(demo)) and atrest.is_plain_file(demo)
    other = tmp_path / "w.db"
    init_database(other, role="worker", name="x").conn.close()
    assert not is_demo(str(other))


def test_first_run_township_encrypts_and_seals_its_keys_with_one_passphrase(qtbot, gui, tmp_path):
    from gridkeeper import paths
    from gridkeeper.store.db import open_db
    from gridkeeper.sync.keys import keys_protected, load_device_keys
    from gridkeeper.ui.first_run import FirstRunDialog
    from gridkeeper.ui.testing import type_text

    dlg = FirstRunDialog()
    qtbot.addWidget(dlg)
    dlg.township.setChecked(True)
    type_text(dlg.name, "下花园镇网格中心")
    dlg.passphrase.setText(PP)
    dlg.passphrase2.setText(PP)
    dlg.create_button.click()
    path = paths.default_db_path()
    assert dlg.chosen_path == str(path) and atrest.is_encrypted(path)
    atrest.forget_all()
    atrest.unlock(path, PP)
    db = open_db(path)
    assert keys_protected(db)
    assert load_device_keys(db, PP).role == "township"
    db.conn.close()
