"""Issue #17: what a new grid worker and a township clerk trip over — GUI journeys through real widgets.

Only modal boxes are patched (QMessageBox, QFileDialog); dialogs the app opens with ``exec()`` are
driven with ``on_next_dialog``.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gridkeeper.domain.changed import Changes
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


# -- item 8: small things ------------------------------------------------------------------------------

def test_delete_from_the_menu_with_focus_in_the_search_box(qtbot, win, monkeypatch):
    tab = win.households_tab
    panel = tab.panels["households"]
    hid = panel.model.record_id(0)
    panel.select(hid)
    win.search_box.edit.setFocus()
    asked = []

    def answer(dlg):
        asked.append(dlg.windowTitle())
        dlg.reject()                        # the members question: cancel

    check = on_next_dialog(qtbot, answer)
    win.acts["delete"].trigger()
    check()
    assert asked == ["删除户"]
    panel.view.clearSelection()
    panel.view.setCurrentIndex(panel.model.index(-1, -1))
    win.acts["delete"].trigger()
    assert win.statusBar().currentMessage() == "请先在列表中选择要删除的记录"


def test_help_menu_guide_shortcuts_and_about(qtbot, win, monkeypatch):
    from gridkeeper import __version__, paths

    seen = {}
    check = on_next_dialog(qtbot, lambda dlg: (seen.update(tab=dlg.tabs.currentIndex(),
                                                           rows=dlg.keys.rowCount(),
                                                           guide=dlg.guide.toPlainText()), dlg.reject()))
    win.acts["shortcuts"].trigger()
    check()
    assert seen["tab"] == 1 and seen["rows"] == 10 and "导入表格" in seen["guide"]
    about = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: about.append(text))
    win.acts["about"].trigger()
    assert __version__ in about[0] and str(paths.data_dir()) in about[0] and win.path in about[0]
    assert [a.text() for a in win.menuBar().actions()][-1] == "帮助(&H)"


def test_a_new_database_shows_next_steps_until_records_arrive(qtbot, make_db, tmp_path, monkeypatch):
    db = make_db("worker", "新电脑")
    with immediate_tasks():
        w = make_window(qtbot, db, tmp_path)
        panel = w.next_steps
        assert panel.isVisible() and set(panel.buttons) == {"card", "import", "new_household", "guide"}
        opened = []
        monkeypatch.setattr(w.menus, "import_sheet", lambda: opened.append("import"))
        panel.buttons["import"].click()
        assert opened == ["import"]
        from gridkeeper.store.records import create_record
        from gridkeeper.store.area_edits import add_area

        top = add_area(db, parent_id=None, level="township", name="下花园镇")
        grid = add_area(db, parent_id=add_area(db, parent_id=top, level="village", name="东山村"),
                        level="grid", name="第三网格")
        w.announce(Changes.of_tables("areas"))
        assert panel.isVisible()
        hid = create_record(db, "households", {"number": "010001", "registration_kind": "registered",
                                               "area_id": grid})
        w.announce(Changes.of_tables("households"))
        assert not panel.isVisible()
    S.use_settings_file(None)
    assert hid


def test_file_dialogs_start_in_documents(qtbot, win, monkeypatch, tmp_path):
    from gridkeeper.ui import import_dialog, places

    docs = tmp_path / "文档"
    docs.mkdir()
    monkeypatch.setattr(places, "documents_dir", lambda: docs)
    asked = []
    monkeypatch.setattr(import_dialog.QFileDialog, "getSaveFileName",
                        lambda parent, title, start, filters: asked.append(start) or ("", ""))
    win.menus.export_list("persons")
    assert asked == [str(docs / "人口底册.xlsx")]


def test_search_placeholder_is_not_cut_off(qtbot, win):
    edit = win.search_box.edit
    text = edit.placeholderText()
    room = edit.width() - 2 * edit.style().pixelMetric(edit.style().PixelMetric.PM_DefaultFrameWidth) - 30  # clear button
    assert edit.fontMetrics().horizontalAdvance(text) <= room, (text, room)


# -- item 9: one table of care-level intervals ----------------------------------------------------

def test_township_sets_care_intervals_and_the_editor_shows_them(qtbot, make_db, tmp_path):
    from gridkeeper.store.care import care_intervals
    from gridkeeper.ui.editors import RecordDialog

    db = make_db("township", "乡镇")
    with immediate_tasks():
        w = make_window(qtbot, db, tmp_path)

        def set_high(dlg):
            dlg.spins["high"].setValue(14)
            dlg.save()

        check = on_next_dialog(qtbot, set_high)
        w.acts["care_intervals"].trigger()
        check()
    assert care_intervals(db) == {"high": 14, "medium": 60, "low": 90}
    dlg = RecordDialog(db, "care_subjects")
    qtbot.addWidget(dlg)
    assert dlg.form.widget("visit_interval").placeholderText() == "留空按关爱等级：重点 14 天，一般 60 天，关注 90 天"
    S.use_settings_file(None)


# -- item 7: numbers the app can give ------------------------------------------------------------------

def test_new_household_suggests_the_next_number(qtbot, win):
    db = win.db
    area = win.grid_area_id()
    numbers = [r[0] for r in db.execute("SELECT number FROM households WHERE deleted = 0")]
    top = max((n for n in numbers if n.isdigit()), key=lambda n: (len(n), n))
    expected = str(int(top) + 1).zfill(len(top))
    assert H.next_household_number(db, area) == expected
    seen = {}
    check = on_next_dialog(qtbot, lambda dlg: (seen.update(number=dlg.form.raw_value("number")), dlg.reject()))
    win.households_tab.sub.setCurrentIndex(0)
    win.households_tab.new()
    check()
    assert seen["number"] == expected


def test_disputes_are_numbered_per_area_year_and_device(qtbot, win):
    from gridkeeper.store import disputes as D
    from gridkeeper.store.devices import self_device
    from gridkeeper.store.records import create_record

    db = win.db
    area = win.grid_area_id()
    code = db.execute("SELECT code FROM areas WHERE id = ?", [area]).fetchone()[0]
    dev = self_device(db).device_id.replace("-", "")[-4:].upper()
    prefix = "-".join(p for p in ((code or "")[-4:], "2025", dev) if p) + "-"
    a = create_record(db, "disputes", {"area_id": area, "received": "2025-03-01", "category": "neighbour",
                                       "summary": "排水沟", "status": "received", "source": "reported"})
    b = create_record(db, "disputes", {"area_id": area, "received": "2025-04-01", "category": "neighbour",
                                       "summary": "占道", "status": "received", "source": "reported"})
    assert [get_record(db, "disputes", x)["number"] for x in (a, b)] == [prefix + "001", prefix + "002"]
    assert D.next_dispute_number(db, area, "2025-05-01") == prefix + "003"
    seen = {}
    check = on_next_dialog(qtbot, lambda dlg: (seen.update(number=dlg.form.raw_value("number")), dlg.reject()))
    win.disputes_tab.new()
    check()
    assert seen["number"].endswith("-001") and f"-{dev}-" in seen["number"]


def test_township_lists_show_village_and_grid(qtbot, make_db, tmp_path):
    from gridkeeper.store.demo import build_demo

    db = make_db("township", "乡镇", filename="town.db")
    build_demo(db, scale="grid", seed=3)
    with immediate_tasks():
        w = make_window(qtbot, db, tmp_path)
        panel = w.households_tab.panels["households"]
        cols = [c.key for c in panel.model.spec.columns]
        i = cols.index("area")
        assert not panel.view.isColumnHidden(i)
        assert panel.model.headerData(i, Qt.Orientation.Horizontal) == "村/网格"
        row = panel.model.row_dict(0)
        village, grid = db.execute("""SELECT v.name, g.name FROM households h JOIN areas g ON g.id = h.area_id
                                      JOIN areas v ON v.id = g.parent_id WHERE h.id = ?""", [row["id"]]).fetchone()
        assert row["area"] == f"{village} {grid}"
    S.use_settings_file(None)


def test_a_one_grid_worker_does_not_see_the_area_column(qtbot, win):
    panel = win.households_tab.panels["households"]
    i = [c.key for c in panel.model.spec.columns].index("area")
    assert panel.view.isColumnHidden(i)


def test_qt_file_dialog_is_all_chinese(qtbot, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QLabel

    from gridkeeper.ui.app import make_app
    from gridkeeper.ui.i18n import install_language

    S.use_settings_file(tmp_path / "settings.ini")
    make_app()
    install_language("zh")
    d = QFileDialog(None, "导出表格", str(tmp_path), "Excel 表格 (*.xlsx)")
    d.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    d.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(d)
    labels = sorted(label.text() for label in d.findChildren(QLabel) if label.text())
    assert labels == ["文件名称(&N)：", "文件类型(&T)：", "查找范围(&L)："]
    S.use_settings_file(None)


# -- item 1: 打印台账 starts on the worker's own grid ----------------------------------------------------

def test_print_ledger_defaults_to_the_workers_grid_not_the_first_listed(qtbot, win):
    from gridkeeper.store.devices import self_areas
    from gridkeeper.store.area_edits import add_area
    from gridkeeper.ui.ledger_dialog import LedgerDialog

    village = win.db.execute("SELECT id FROM areas WHERE level = 'village'").fetchone()[0]
    unit = add_area(win.db, parent_id=village, level="unit_grid", name="安平小学")   # sorts before 第三网格
    win.load_tree()
    assert win.menus.area_choices()[2][0] == unit            # listed before the worker's grid
    win.tree.setCurrentItem(None)
    win.area_id = None
    win.menus.print_ledger()
    dlg = win.findChildren(LedgerDialog)[-1]
    assert dlg.selected_area() == self_areas(win.db)[0]
    assert dlg.count_result and dlg.count_result["rows"] > 0
    dlg.close()
