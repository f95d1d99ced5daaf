"""Issue #17: what a new grid worker and a township clerk trip over — GUI journeys through real widgets.

Only modal boxes are patched (QMessageBox, QFileDialog); dialogs the app opens with ``exec()`` are
driven with ``on_next_dialog``.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gridkeeper.store import households as H
from gridkeeper.store.records import get_record
from gridkeeper.ui import settings as S
from gridkeeper.ui.testing import immediate_tasks, on_next_dialog, type_text

pytestmark = pytest.mark.gui


def make_window(qtbot, db, tmp_path):
    from gridkeeper.ui.app import make_app
    from gridkeeper.ui.main_window import MainWindow

    S.use_settings_file(tmp_path / "settings.ini")
    make_app()
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


@pytest.fixture
def win(qtbot, grid_demo_db, tmp_path):
    with immediate_tasks():
        yield make_window(qtbot, grid_demo_db, tmp_path)
    S.use_settings_file(None)


def _household_with_members(db):
    row = db.execute("""SELECT h.id, count(p.id) FROM households h JOIN persons p ON p.household_id = h.id
                        AND p.deleted = 0 WHERE h.deleted = 0 GROUP BY h.id HAVING count(p.id) >= 2
                        ORDER BY h.id LIMIT 2""").fetchall()
    return row[0][0], row[1][0]


# -- item 5: deleting a household asks what happens to its members -----------------------------

def test_delete_household_moves_members_and_undo_brings_all_back(qtbot, win):
    db = win.db
    hid, other = _household_with_members(db)
    members = [m["id"] for m in H.household_members(db, hid)]
    before_other = len(H.household_members(db, other))

    def choose_move(dlg):
        assert dlg.move.isChecked()
        dlg.target_combo.setCurrentIndex(dlg.target_combo.findData(other))
        dlg.ok.click()

    check = on_next_dialog(qtbot, choose_move)
    assert win.delete_record("households", hid)
    check()
    assert get_record(db, "households", hid, include_deleted=True)["deleted"] == 1
    assert len(H.household_members(db, other)) == before_other + len(members)
    assert {get_record(db, "persons", m)["household_id"] for m in members} == {other}
    win.undo()                                   # one step brings the household and its members back
    assert get_record(db, "households", hid)["deleted"] == 0
    assert {get_record(db, "persons", m)["household_id"] for m in members} == {hid}


def test_delete_household_together_with_members(qtbot, win):
    db = win.db
    hid, _other = _household_with_members(db)
    members = [m["id"] for m in H.household_members(db, hid)]

    def choose_delete(dlg):
        dlg.delete.setChecked(True)
        dlg.ok.click()

    check = on_next_dialog(qtbot, choose_delete)
    assert win.delete_record("households", hid)
    check()
    assert all(get_record(db, "persons", m, include_deleted=True)["deleted"] == 1 for m in members)
    assert db.execute("SELECT count(*) FROM care_subjects WHERE deleted = 0 AND person_id IN "
                      "(SELECT value FROM json_each(?))", [__import__("json").dumps(members)]).fetchone()[0] == 0
    win.undo()
    assert all(get_record(db, "persons", m)["deleted"] == 0 for m in members)


def test_cancel_deletes_nothing(qtbot, win):
    hid, _ = _household_with_members(win.db)
    check = on_next_dialog(qtbot, lambda dlg: dlg.reject())
    assert not win.delete_record("households", hid)
    check()
    assert get_record(win.db, "households", hid)["deleted"] == 0


# -- item 4: names, not ids, where people read -----------------------------------------------------

def test_history_shows_names_not_ids(qtbot, grid_demo_db):
    from gridkeeper.store.records import update_record
    from gridkeeper.ui.history_dialog import HistoryDialog

    db = grid_demo_db
    hid, other = _household_with_members(db)
    pid = H.household_members(db, hid)[0]["id"]
    update_record(db, "persons", pid, {"household_id": other, "residence_kind": "floating"})
    dlg = HistoryDialog(db, "persons", pid)
    qtbot.addWidget(dlg)
    text = dlg.table.item(dlg.table.rowCount() - 1, 4).text()
    assert hid not in text and other not in text
    assert H.record_label(db, "households", hid) in text and H.record_label(db, "households", other) in text
    assert "流动" in text and "floating" not in text
