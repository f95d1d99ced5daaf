"""The history and backups dialogs, driven with real widgets."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QFileDialog, QMessageBox  # noqa: E402

from gridkeeper.store import records as R  # noqa: E402
from gridkeeper.store.backup import list_backups  # noqa: E402
from gridkeeper.ui.backups_dialog import BackupsDialog  # noqa: E402
from gridkeeper.ui.history_dialog import HistoryDialog  # noqa: E402


def test_history_shows_who_changed_what_and_restores(qtbot, grid_demo_db, tmp_path, monkeypatch):
    db = grid_demo_db
    pid = db.execute("SELECT id FROM persons WHERE deleted = 0 LIMIT 1").fetchone()[0]
    R.update_record(db, "persons", pid, {"phone": "13812345678"}, user="王秀英")
    R.delete_record(db, "persons", pid, user="王秀英")
    dlg = HistoryDialog(db, "persons", pid)
    qtbot.addWidget(dlg)
    texts = [dlg.table.item(r, 4).text() for r in range(dlg.table.rowCount())]
    assert any("联系电话" in t and "13812345678" in t for t in texts)
    assert dlg.table.item(dlg.table.rowCount() - 1, 3).text() == "删除"
    assert dlg.restore_btn.isVisibleTo(dlg)
    dlg.restore_btn.click()
    assert R.get_record(db, "persons", pid)["deleted"] == 0
    out = tmp_path / "h.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    dlg.export()
    text = out.read_text(encoding="utf-8-sig")
    assert "王秀英" in text and "恢复" in text


def test_backups_dialog_lists_and_restores(qtbot, grid_demo_db, tmp_path, monkeypatch):
    db = grid_demo_db
    path = tmp_path / "grid-demo.db"
    from gridkeeper.store.backup import backup_before

    backup_before(db, "merge")
    pid = db.execute("SELECT id FROM persons WHERE deleted = 0 LIMIT 1").fetchone()[0]
    R.delete_record(db, "persons", pid)
    dlg = BackupsDialog(str(path))
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 1).text() == "合并前"
    dlg.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    db.conn.close()
    with qtbot.waitSignal(dlg.restored):
        dlg.restore_selected()
    from gridkeeper.store.db import open_db

    assert R.get_record(open_db(path), "persons", pid)["deleted"] == 0
    assert any(b.kind == "before-restore" for b in list_backups(path))
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    dlg.backup_to_usb()
    assert list(usb.glob("*.db"))


def test_township_passphrase_is_asked_once_and_remembered(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog, QMainWindow

    from gridkeeper.sync.identity import init_database, load_device_keys, remember_passphrase
    from gridkeeper.ui.app import _ask_passphrase

    db = init_database(tmp_path / "t.db", role="township", name="乡镇", passphrase="正确口令")
    answers = iter([("错误口令", True), ("正确口令", True)])
    prompts = []

    def fake(parent, title, label, echo):
        prompts.append(label)
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", fake)
    win = QMainWindow()
    qtbot.addWidget(win)
    try:
        assert _ask_passphrase(win, db)
        assert len(prompts) == 2 and "口令不正确" in prompts[1]
        assert load_device_keys(db).role == "township"
    finally:
        remember_passphrase(None)


def test_deleted_records_can_be_found_and_restored(qtbot, grid_demo_db):
    from gridkeeper.ui.deleted_dialog import DeletedDialog

    db = grid_demo_db
    hid = db.execute("SELECT id FROM households WHERE deleted = 0 LIMIT 1").fetchone()[0]
    R.delete_record(db, "households", hid, user="王秀英")
    dlg = DeletedDialog(db)
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 1).text() == "户"
    assert dlg.table.item(0, 3).text() == "演示网格员电脑"
    dlg.table.selectRow(0)
    dlg.restore_selected()
    assert R.get_record(db, "households", hid)["deleted"] == 0
    assert dlg.items == [] and dlg.restored == [("households", hid)]
    # an empty list says so, in one line that cannot be selected
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 0).text().startswith("没有已删除的记录")
    assert not dlg.restore_btn.isEnabled()


def test_worker_exports_its_enrolment_request_from_the_menu(qtbot, grid_demo_db, tmp_path, monkeypatch):
    from gridkeeper.sync import keys as K
    from gridkeeper.ui.main_window import MainWindow

    win = MainWindow(grid_demo_db)
    qtbot.addWidget(win)
    out = tmp_path / "request.gkpub"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    win.acts["own_card"].trigger()
    card = K.card_from_bytes(out.read_bytes())
    assert card["kind"] == "enrolment-request" and card["fingerprint"] in shown[0]


def test_a_damaged_database_offers_the_latest_backup(qtbot, grid_demo_db, tmp_path, monkeypatch):
    from gridkeeper.store.backup import backup_before
    from gridkeeper.ui import app as A

    path = tmp_path / "grid-demo.db"
    backup_before(grid_demo_db, "merge")
    n = grid_demo_db.execute("SELECT count(*) FROM persons").fetchone()[0]
    grid_demo_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    grid_demo_db.conn.close()
    data = bytearray(path.read_bytes())
    for i in range(4096, 4096 * 12):   # scribble over the first pages (the schema lives there)
        data[i] = 0x5A
    path.write_bytes(bytes(data))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    monkeypatch.setattr(A, "_ask_passphrase", lambda *a: True)
    win = A.open_main_window(str(path))
    assert win is not None and asked and "备份" in asked[0]
    qtbot.addWidget(win)
    assert win.db.execute("SELECT count(*) FROM persons").fetchone()[0] == n


def test_qt_standard_buttons_speak_chinese(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    from gridkeeper.ui.i18n import install_language

    install_language("zh")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Close).text() == "关闭"
    install_language("en")
    try:
        box2 = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        qtbot.addWidget(box2)
        assert box2.button(QDialogButtonBox.StandardButton.Close).text() == "Close"
    finally:
        install_language("zh")


def test_deleted_requests_and_services_are_listed_by_what_they_are(qtbot, grid_demo_db):
    """Every record kind a worker deletes can be found again, with a label a person recognises."""
    from gridkeeper.ui.deleted_dialog import DeletedDialog

    db = grid_demo_db
    req = db.execute("SELECT id, number, content FROM requests WHERE deleted = 0 LIMIT 1").fetchone()
    svc = db.execute("SELECT s.id, s.date, p.name FROM volunteer_services s JOIN persons p ON p.id = s.volunteer_id "
                     "WHERE s.deleted = 0 LIMIT 1").fetchone()
    R.delete_record(db, "requests", req[0])
    R.delete_record(db, "volunteer_services", svc[0])
    dlg = DeletedDialog(db)
    qtbot.addWidget(dlg)
    shown = {dlg.table.item(i, 1).text(): dlg.table.item(i, 2).text() for i in range(dlg.table.rowCount())}
    assert set(shown) == {"民生诉求", "志愿服务"}
    assert shown["民生诉求"].startswith(req[1]) and req[2][:10] in shown["民生诉求"]
    assert shown["志愿服务"].startswith(f"{svc[1]} {svc[2]}")
    row = [i for i in range(dlg.table.rowCount()) if dlg.table.item(i, 1).text() == "民生诉求"][0]
    dlg.table.selectRow(row)
    dlg.restore_selected()
    assert R.get_record(db, "requests", req[0])["deleted"] == 0
