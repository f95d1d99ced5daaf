"""Every window and dialog fits a 1366x768 laptop at 125% (1093x576 logical pixels above the taskbar),
with its buttons on screen (issue #17 item 2)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication

from gridkeeper.ui import screen
from gridkeeper.ui import settings as S
from gridkeeper.ui.testing import immediate_tasks

pytestmark = pytest.mark.gui

LAPTOP_125 = QRect(0, 0, round(1366 / 1.25), round((768 - 48) / 1.25))   # 1093 x 576


@pytest.fixture
def laptop(monkeypatch, tmp_path):
    monkeypatch.setattr(screen, "available_geometry", lambda widget=None: QRect(LAPTOP_125))
    S.use_settings_file(tmp_path / "settings.ini")
    yield LAPTOP_125
    S.use_settings_file(None)


def assert_fits(w, *button_texts):
    w.show()
    QApplication.processEvents()
    mw, mh = screen.max_size(w)
    assert w.width() <= mw and w.height() <= mh, (type(w).__name__, w.size())
    ms = w.minimumSizeHint()
    assert ms.width() <= mw and ms.height() <= mh, (type(w).__name__, "minimum", ms)
    buttons = {b.text(): b for b in w.findChildren(QAbstractButton) if b.isVisible()}
    for text in button_texts:
        b = buttons[text]
        top_left = b.mapTo(w, QPoint(0, 0))
        assert top_left.y() + b.height() <= w.height() and top_left.x() + b.width() <= w.width(), \
            (type(w).__name__, text, top_left, w.size())


@pytest.mark.parametrize("table", ["persons", "households", "houses", "care_subjects", "visits", "disputes"])
def test_record_editors_fit_with_buttons_visible(qtbot, laptop, grid_demo_db, table):
    from gridkeeper.ui.editors import RecordDialog

    dlg = RecordDialog(grid_demo_db, table)
    qtbot.addWidget(dlg)
    assert_fits(dlg, "保存", "取消")


def test_import_ledger_history_deleted_backups_fit(qtbot, laptop, grid_demo_db):
    from gridkeeper.store.db import db_path
    from gridkeeper.ui.backups_dialog import BackupsDialog
    from gridkeeper.ui.deleted_dialog import DeletedDialog
    from gridkeeper.ui.history_dialog import HistoryDialog
    from gridkeeper.ui.import_dialog import ImportDialog
    from gridkeeper.ui.ledger_dialog import LedgerDialog

    path = str(db_path(grid_demo_db))
    pid = grid_demo_db.execute("SELECT id FROM persons LIMIT 1").fetchone()[0]
    with immediate_tasks():
        for dlg, buttons in ((ImportDialog(path), ("导入", "关闭")),
                             (LedgerDialog(path, [("x", "东山村 第三网格")]), ("打印", "取消")),
                             (HistoryDialog(grid_demo_db, "persons", pid), ()),
                             (DeletedDialog(grid_demo_db), ()),
                             (BackupsDialog(path), ())):
            qtbot.addWidget(dlg)
            assert_fits(dlg, *buttons)


def test_main_window_fits_and_a_saved_bigger_geometry_is_shrunk(qtbot, laptop, grid_demo_db):
    from gridkeeper.ui.main_window import MainWindow

    with immediate_tasks():
        w = MainWindow(grid_demo_db)
        qtbot.addWidget(w)
        assert_fits(w)
        w.resize(1600, 1000)          # e.g. saved on the office monitor
        w.close()
        w2 = MainWindow(grid_demo_db)
        qtbot.addWidget(w2)
        assert_fits(w2)


def test_township_review_actions_are_on_screen(qtbot, laptop, make_db):
    from gridkeeper.store.demo import build_demo
    from gridkeeper.ui.main_window import MainWindow

    db = make_db("township", "乡镇", filename="town.db")
    build_demo(db, scale="grid", seed=3)
    with immediate_tasks():
        w = MainWindow(db)
        qtbot.addWidget(w)
        assert_fits(w)
        w.show_township("review")
        QApplication.processEvents()
        rv = w.township.review
        for b in (rv.keep_current_btn, rv.keep_other_btn, rv.keep_newest_btn, rv.accept_sel_btn, rv.reject_sel_btn):
            right = b.mapTo(w, QPoint(b.width(), b.height()))
            assert right.x() <= w.width() and right.y() <= w.height(), (b.text(), right, w.size())
        w.close()


def test_first_run_fits_for_both_roles(qtbot, laptop):
    from gridkeeper.ui.first_run import FirstRunDialog

    dlg = FirstRunDialog()
    qtbot.addWidget(dlg)
    assert_fits(dlg)
    dlg.township.setChecked(True)          # the passphrase rows appear
    assert_fits(dlg)
