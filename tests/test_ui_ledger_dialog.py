"""The 打印台账 dialog: fields → print_ledger in the background → the PDF is opened."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QDialog  # noqa: E402

from gridkeeper.store.db import db_path  # noqa: E402
from gridkeeper.ui import ledger_dialog as mod  # noqa: E402
from gridkeeper.ui.ledger_dialog import LedgerDialog  # noqa: E402
from gridkeeper.ui.testing import immediate_tasks  # noqa: E402

MONTH = f"{date.today():%Y-%m}"


@pytest.fixture
def setup(grid_demo_db, monkeypatch, tmp_path):
    db = grid_demo_db
    path = str(db_path(db))
    areas = [tuple(r) for r in db.execute("SELECT id, name FROM areas WHERE level IN ('township', 'grid') "
                                          "ORDER BY level = 'grid' DESC")]
    opened = []
    monkeypatch.setattr(mod.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    chosen = tmp_path / "out" / "care-ledger"
    chosen.parent.mkdir()
    monkeypatch.setattr(mod.QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), "PDF (*.pdf)"))
    return path, areas, opened, chosen


def test_print_runs_in_the_background_and_opens_the_pdf(qtbot, setup):
    path, areas, opened, chosen = setup
    dlg = LedgerDialog(path, areas)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.area.count() == 2 and not dlg.full_id.isChecked()
    assert dlg.selected_month() == MONTH
    dlg.set_kind("care")
    dlg.set_area(areas[0][0])
    dlg.full_id.setChecked(True)
    dlg.browse.click()                       # the (patched) save dialog picks the file
    assert dlg.out.text() == str(chosen) + ".pdf"
    with qtbot.waitSignal(dlg.printed, timeout=30000) as blocker:
        dlg.print_button.click()
        assert dlg.is_running() or dlg.last_result   # the GUI thread is not blocked
    result = blocker.args[0]
    pdf = chosen.parent / "care-ledger.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    assert result["kind"] == "care" and result["month"] == MONTH and result["area"] == areas[0][0]
    assert opened == [str(pdf)]
    qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted, timeout=5000)


def test_error_is_shown_and_dialog_stays_open(qtbot, setup, tmp_path):
    path, areas, opened, _chosen = setup
    with immediate_tasks():
        dlg = LedgerDialog(path, areas)
        qtbot.addWidget(dlg)
        dlg.set_kind("visits")
        dlg.out.setText(str(tmp_path / "no-such-folder" / "v.pdf"))
        dlg.print_button.click()
    assert dlg.last_result is None and opened == []
    assert "不存在" in dlg.status.text() and dlg.print_button.isEnabled()
    assert dlg.result() != QDialog.DialogCode.Accepted


def test_suggested_name_follows_the_choices(qtbot, setup, tmp_path):
    path, areas, opened, _chosen = setup
    dlg = LedgerDialog(path, areas)
    qtbot.addWidget(dlg)
    dlg.set_kind("disputes")
    dlg.set_month("2026-01")
    assert dlg.out.text().endswith(f"矛盾纠纷排查调处台账-2026-01-{areas[0][1]}.pdf")
    dlg.set_area(areas[1][0])
    assert dlg.out.text().endswith(f"-{areas[1][1]}.pdf")
    # a month after this one cannot be chosen
    dlg.month.setDate(dlg.month.maximumDate().addMonths(2))
    assert dlg.selected_month() == MONTH
    with immediate_tasks():
        dlg.out.setText(str(tmp_path / "empty.pdf"))
        dlg.set_month("2020-01")
        dlg.print_button.click()
    assert dlg.last_result["rows"] == 0 and (tmp_path / "empty.pdf").exists()
    assert opened == [str(tmp_path / "empty.pdf")]


def test_closing_while_printing_still_delivers_the_pdf(qtbot, setup, tmp_path):
    path, areas, opened, _chosen = setup
    dlg = LedgerDialog(path, areas)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.set_kind("households")
    dlg.out.setText(str(tmp_path / "hh.pdf"))
    with qtbot.waitSignal(dlg.printed, timeout=60000):
        dlg.print_button.click()
        assert dlg.is_running()
        dlg.reject()                         # the user closes the window while it runs
        assert not dlg.isVisible()
    assert (tmp_path / "hh.pdf").exists() and opened == [str(tmp_path / "hh.pdf")]
    assert not mod._KEEP


def test_starts_on_the_given_area_and_counts_before_printing(qtbot, setup, grid_demo_db):
    path, areas, opened, _chosen = setup
    grid = areas[0][0]
    households = grid_demo_db.execute("SELECT count(*) FROM households WHERE deleted = 0").fetchone()[0]
    persons = grid_demo_db.execute("SELECT count(*) FROM persons p JOIN households h ON h.id = p.household_id "
                                   "WHERE p.deleted = 0 AND h.deleted = 0").fetchone()[0]
    with immediate_tasks():
        dlg = LedgerDialog(path, list(reversed(areas)), default_area=grid)
        qtbot.addWidget(dlg)
        assert dlg.selected_area() == grid              # not simply the first listed
        dlg.set_kind("households")
    assert dlg.count_result == {"rows": persons, "households": households}
    assert dlg.count_label.text() == f"将打印 {persons} 人（{households} 户）"


def test_empty_choice_is_flagged_before_printing(qtbot, setup, make_db):
    from gridkeeper.store.area_edits import add_area

    path, areas, opened, _chosen = setup
    from gridkeeper.store.db import open_db

    db = open_db(path)
    village = db.execute("SELECT id FROM areas WHERE level = 'village'").fetchone()[0]
    unit = add_area(db, parent_id=village, level="unit_grid", name="中心小学")
    db.conn.close()
    with immediate_tasks():
        dlg = LedgerDialog(path, [(unit, "中心小学")] + areas, default_area=unit)
        qtbot.addWidget(dlg)
        dlg.set_kind("care")
    assert dlg.count_result == {"rows": 0, "households": None}
    assert "本月无" in dlg.count_label.text()


def test_without_a_pdf_viewer_says_where_the_file_is(qtbot, setup, monkeypatch, tmp_path):
    path, areas, opened, _chosen = setup
    urls = []
    monkeypatch.setattr(mod.QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()) and False)
    shown = {}

    def fake_exec(box):
        shown["text"] = box.text()
        folder = [b for b in box.buttons() if b.text() == "打开所在文件夹"][0]
        folder.click()
        return 0
    monkeypatch.setattr(mod.QMessageBox, "exec", fake_exec)
    with immediate_tasks():
        dlg = LedgerDialog(path, areas)
        qtbot.addWidget(dlg)
        dlg.out.setText(str(tmp_path / "v.pdf"))
        dlg.print_button.click()
    assert str(tmp_path / "v.pdf") in shown["text"]
    assert urls == [str(tmp_path / "v.pdf"), str(tmp_path)]     # the PDF, then its folder
