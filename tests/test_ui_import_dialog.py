"""The import dialog driven through its real widgets (tasks run immediately; settings isolated)."""

from __future__ import annotations

import pytest

from tests.test_importer import make_roster, setup_areas, write_xlsx

pytestmark = pytest.mark.gui


@pytest.fixture
def env(worker_db, tmp_path):
    from gridkeeper.ui import testing

    testing.isolate_settings(tmp_path / "settings.ini")
    areas = setup_areas(worker_db)
    path = worker_db.execute("PRAGMA database_list").fetchone()[2]
    with testing.immediate_tasks():
        yield worker_db, path, areas
    testing.isolate_settings(None)


def _count(db, table):
    return db.execute(f"SELECT count(*) FROM [{table}] WHERE deleted = 0").fetchone()[0]


def _dialog(qtbot, path):
    from gridkeeper.ui.import_dialog import ImportDialog

    dlg = ImportDialog(path)
    qtbot.addWidget(dlg)
    return dlg


def _pick_area(dlg, area_id):
    dlg.area.setCurrentIndex(dlg.area.findData(area_id))


def test_preview_then_import(qtbot, env, tmp_path):
    db, path, areas = env
    sheet = tmp_path / "r.xlsx"
    rows = make_roster(6)
    write_xlsx(sheet, rows)
    dlg = _dialog(qtbot, path)
    assert dlg.area.findData(areas["east3"]) > 0  # areas loaded through a task
    _pick_area(dlg, areas["east3"])
    dlg.set_file(str(sheet))
    assert dlg.plan is not None and "新增 %d 人" % len(rows) in dlg.summary.text()
    assert dlg.preview.rowCount() == len(rows)
    assert dlg.import_button.isEnabled()
    got = []
    dlg.imported.connect(got.append)
    qtbot.mouseClick(dlg.import_button, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.MouseButton.LeftButton)
    assert got and got[0].created == len(rows)
    assert _count(db, "persons") == len(rows)
    assert "导入完成" in dlg.summary.text()
    assert not dlg.import_button.isEnabled()


def test_bad_rows_block_until_skip_is_ticked(qtbot, env, tmp_path):
    db, path, areas = env
    rows = make_roster(5)
    rows[2]["性别"] = "不详"
    sheet = tmp_path / "名单.xlsx"
    write_xlsx(sheet, rows)
    dlg = _dialog(qtbot, path)
    _pick_area(dlg, areas["east3"])
    dlg.set_file(str(sheet))
    assert not dlg.import_button.isEnabled()
    assert dlg.preview.item(0, 0).text() == "4" and "性别" in dlg.preview.item(0, 3).text()
    dlg.skip_bad.setChecked(True)
    assert dlg.import_button.isEnabled()
    dlg.start_import()
    assert dlg.last_result.imported and dlg.last_result.side_file.endswith("名单-错误行.xlsx")
    assert _count(db, "persons") == len(rows) - 1
    assert (tmp_path / "名单-错误行.xlsx").exists()


def test_column_mapping_for_unknown_headers_is_remembered(qtbot, env, tmp_path):
    db, path, areas = env
    rows = make_roster(3)
    for r in rows:
        r["证件号"] = r.pop("公民身份号码")
    headers = ["户号", "姓名", "证件号", "性别"]
    sheet = tmp_path / "odd.xlsx"
    write_xlsx(sheet, rows, headers=headers)
    dlg = _dialog(qtbot, path)
    _pick_area(dlg, areas["east3"])
    dlg.set_file(str(sheet))
    assert dlg.mapping_table.rowCount() == 1 and dlg.mapping_table.item(0, 0).text() == "证件号"
    assert all(not r.id_number for r in dlg.plan.rows)
    dlg.set_mapping("证件号", "id_number")
    assert [r.id_number for r in dlg.plan.rows] == [r["证件号"] for r in rows]
    # a new dialog on a sheet with the same headers maps itself
    dlg2 = _dialog(qtbot, path)
    _pick_area(dlg2, areas["east3"])
    dlg2.set_file(str(sheet))
    assert [r.id_number for r in dlg2.plan.rows] == [r["证件号"] for r in rows]
    combo = dlg2.mapping_table.cellWidget(0, 1)
    assert combo.currentData() == "id_number"


def test_unreadable_file_is_reported_in_the_dialog(qtbot, env, tmp_path):
    db, path, areas = env
    bad = tmp_path / "x.xls"
    bad.write_bytes(b"not a sheet")
    dlg = _dialog(qtbot, path)
    dlg.set_file(str(bad))
    assert dlg.plan is None and ".xlsx" in dlg.summary.text()
    assert not dlg.import_button.isEnabled()


def test_choose_file_uses_file_dialog(qtbot, env, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    db, path, areas = env
    sheet = tmp_path / "r.xlsx"
    write_xlsx(sheet, make_roster(2))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(sheet), "")))
    dlg = _dialog(qtbot, path)
    _pick_area(dlg, areas["east3"])
    dlg.choose_file()
    assert dlg.path_edit.text() == str(sheet) and dlg.plan is not None


def test_export_list_dialog(qtbot, env, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from gridkeeper.ui.import_dialog import export_list_dialog

    db, path, areas = env
    shown = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a: shown.append(a[2])))
    out = tmp_path / "out.xlsx"
    export_list_dialog(path, "persons", out=str(out))
    assert out.exists() and "已导出 0 行" in shown[0]


def test_a_request_list_previews_and_imports_in_the_window(qtbot, env, tmp_path):
    """A township's 民生诉求 list goes through the same window: preview, bad rows by number, skip, import."""
    from PySide6.QtCore import Qt

    from tests.test_sheets_casework import _rows
    from tests.test_sheets_casework import write_xlsx as write_requests

    db, path, areas = env
    sheet = tmp_path / "诉求台账.xlsx"
    write_requests(sheet, _rows() + [{"受理日期": "2026-13-01", "诉求人": "甲", "诉求类别": "其他", "诉求内容": "x"}])
    dlg = _dialog(qtbot, path)
    _pick_area(dlg, areas["east3"])
    dlg.set_file(str(sheet))
    assert "民生诉求表：新增 3 条，不变 0 条，错误 1 行" in dlg.summary.text()
    assert not dlg.mapping_table.isVisibleTo(dlg)
    first = [dlg.preview.item(0, c).text() for c in range(4)]
    assert first[0] == "6" and first[1] == "错误" and "[受理日期]" in first[3]
    assert not dlg.import_button.isEnabled()             # nothing while a row is bad…
    dlg.skip_bad.setChecked(True)                         # …unless the bad ones are skipped
    assert dlg.import_button.isEnabled()
    got = []
    dlg.imported.connect(got.append)
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert got and got[0].created == 3 and got[0].changes.touches("requests")
    assert _count(db, "requests") == 3
    assert "新增民生诉求 3 条" in dlg.summary.text() and "1 行错误未导入" in dlg.summary.text()
    assert (tmp_path / "诉求台账-错误行.xlsx").exists()
    dlg.set_file(str(sheet))                              # the same list again changes nothing
    assert "新增 0 条，不变 3 条" in dlg.summary.text() and _count(db, "requests") == 3
