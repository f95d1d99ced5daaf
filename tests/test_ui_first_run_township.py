"""The first-run dialog's township path seals the keys with a passphrase typed twice; the backups
dialog refuses tampered backups and names both devices before restoring another device's backup."""

from __future__ import annotations


import pytest
from PySide6.QtWidgets import QMessageBox

from gridkeeper.ui.testing import type_text
from tests.conftest import raw_db

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(qtbot):
    from gridkeeper.ui.app import make_app
    from gridkeeper.ui.first_run import FirstRunDialog

    make_app()
    dlg = FirstRunDialog()
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_passphrase_for_both_roles_card_only_for_the_worker(dialog):
    # every database is encrypted at rest: a worker sets the database passphrase, a township one for both
    assert dialog.passphrase.isVisible() and dialog.card.isVisible()
    assert dialog.strength.text() == "数据库加密保存，每次启动时输入口令。忘记口令时，乡镇可以用恢复密钥帮您重设。"
    dialog.township.click()
    assert dialog.passphrase.isVisible() and dialog.passphrase2.isVisible() and not dialog.card.isVisible()
    assert dialog.strength.text() == "乡镇密钥必须设置口令。请牢记：忘记口令将无法合并和导出同步包。"
    dialog.worker.click()
    assert dialog.passphrase.isVisible() and dialog.card.isVisible()


def test_strength_hint_follows_typing(dialog):
    dialog.township.click()
    type_text(dialog.passphrase, "abc123")
    assert dialog.strength.text() == "口令强度：弱：太短或太单一。建议至少 10 个字符，混合汉字、字母、数字或符号"
    type_text(dialog.passphrase2, "abc12")
    assert dialog.strength.text().endswith("\n两次输入的口令不一致")
    dialog.passphrase.clear()
    type_text(dialog.passphrase, "东山村网格2026!")
    assert dialog.strength.text().startswith("口令强度：强")


@pytest.mark.parametrize("first, second, message", [
    ("", "", "请为乡镇密钥设置口令：口令不能为空。"),
    ("东山村网格2026!", "东山村网格2026", "两次输入的口令不一致，请重新输入。"),
])
def test_empty_or_mismatched_passphrase_creates_nothing(dialog, monkeypatch, first, second, message):
    from gridkeeper import paths

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dialog.township.click()
    type_text(dialog.name, "下花园镇网格中心")
    if first:
        type_text(dialog.passphrase, first)
    if second:
        type_text(dialog.passphrase2, second)
    dialog.create_button.click()
    assert warned == [message]
    assert dialog.chosen_path is None and not paths.default_db_path().exists()


def test_township_created_with_sealed_keys_and_remembered_passphrase(dialog, monkeypatch):
    monkeypatch.delenv("GRIDKEEPER_PASSPHRASE", raising=False)  # (GK_TEST_ENCRYPTED=1 sets it)
    from gridkeeper.domain.errors import GridkeeperError
    from gridkeeper.store.db import open_db
    from gridkeeper.store.meta import self_device
    from gridkeeper.sync.identity import keys_protected, load_device_keys, remember_passphrase

    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(f"unexpected warning {a[2]}"))
    dialog.township.click()
    type_text(dialog.name, "下花园镇网格中心")
    type_text(dialog.passphrase, "东山村网格2026!")
    type_text(dialog.passphrase2, "东山村网格2026!")
    try:
        dialog.create_button.click()
        db = open_db(dialog.chosen_path)
        assert self_device(db).role == "township" and keys_protected(db)
        assert load_device_keys(db).name == "下花园镇网格中心"       # the session remembers it
        from PySide6.QtWidgets import QInputDialog, QMainWindow

        from gridkeeper.ui.app import _ask_passphrase

        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: pytest.fail("asked again"))
        win = QMainWindow()
        assert _ask_passphrase(win, db)                               # the main window does not ask again
        win.deleteLater()
        remember_passphrase(None)
        with pytest.raises(GridkeeperError) as e:
            load_device_keys(db)
        assert e.value.code == "passphrase_required"
        assert load_device_keys(db, "东山村网格2026!").role == "township"
        db.conn.close()
    finally:
        remember_passphrase(None)


def test_worker_keys_stay_unprotected(dialog):
    from gridkeeper.store import atrest
    from gridkeeper.store.db import open_db
    from gridkeeper.sync.identity import keys_protected

    type_text(dialog.name, "王秀英的电脑")
    type_text(dialog.passphrase, "王秀英 2026")
    type_text(dialog.passphrase2, "王秀英 2026")
    dialog.create_button.click()
    db = open_db(dialog.chosen_path)
    assert not keys_protected(db) and atrest.is_encrypted(dialog.chosen_path)  # the database protects them
    db.conn.close()


def test_backups_dialog_refuses_a_tampered_backup(qtbot, grid_demo_db, tmp_path, monkeypatch):
    from gridkeeper.store.backup import backup_before
    from gridkeeper.ui.backups_dialog import BackupsDialog

    path = tmp_path / "grid-demo.db"
    b = backup_before(grid_demo_db, "merge")
    conn = raw_db(b)
    conn.execute("CREATE TRIGGER t AFTER INSERT ON persons BEGIN DELETE FROM persons; END")
    conn.commit()
    conn.close()
    grid_demo_db.conn.close()
    before = path.read_bytes()
    warned, asked = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append((a[1], a[2])))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    dlg = BackupsDialog(str(path))
    qtbot.addWidget(dlg)
    dlg.table.selectRow(0)
    dlg.restore_selected()
    assert asked == [] and warned == [("不能恢复这个备份",
                                       f"备份中有 gridkeeper 不会创建的对象（trigger t），可能被改动过，不能恢复：{b}")]
    assert path.read_bytes() == before


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
def test_backups_dialog_names_both_devices(qtbot, grid_demo_db, make_db, tmp_path, monkeypatch, answer):
    from gridkeeper.store.backup import backup_to
    from gridkeeper.store.db import open_db
    from gridkeeper.ui.backups_dialog import BackupsDialog

    path = tmp_path / "grid-demo.db"
    other = make_db("worker", "李明的电脑")
    other_id = other.execute("SELECT device_id FROM devices WHERE status = 'self'").fetchone()[0]
    my_id = grid_demo_db.execute("SELECT device_id FROM devices WHERE status = 'self'").fetchone()[0]
    from gridkeeper.store.atrest import copy_sidecar
    from gridkeeper.store.db import db_path

    copied = backup_to(other, tmp_path / "grid-demo.db.backups" / "manual-20261101-120000.db")
    copy_sidecar(db_path(other), copied)        # (encrypted stores: its own key file comes with it)
    grid_demo_db.conn.close()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(f"unexpected warning {a[2]}"))
    dlg = BackupsDialog(str(path))
    qtbot.addWidget(dlg)
    dlg.table.selectRow(0)
    dlg.restore_selected()
    assert len(asked) == 1 and asked[0].startswith(
        f"这个备份属于另一台设备 “李明的电脑”（{other_id}），不是本数据库的设备 “演示网格员电脑”（{my_id}）。\n\n")
    db = open_db(path)
    now = db.execute("SELECT device_id FROM devices WHERE status = 'self'").fetchone()[0]
    db.conn.close()
    assert now == (other_id if answer == QMessageBox.StandardButton.Yes else my_id)


def test_damaged_database_offer_refuses_a_tampered_backup(qtbot, grid_demo_db, tmp_path, monkeypatch):
    from gridkeeper.store.backup import backup_before
    from gridkeeper.ui import app as A

    path = tmp_path / "grid-demo.db"
    b = backup_before(grid_demo_db, "merge")
    conn = raw_db(b)
    conn.execute("CREATE VIEW everyone AS SELECT name FROM persons")
    conn.commit()
    conn.close()
    grid_demo_db.conn.close()
    before = path.read_bytes()
    warned = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append((a[1], a[2])))
    assert A.offer_restore(None, str(path), "数据库文件已损坏") is False
    assert warned == [("恢复失败", f"备份中有 gridkeeper 不会创建的对象（view everyone），可能被改动过，不能恢复：{b}")]
    assert path.read_bytes() == before
