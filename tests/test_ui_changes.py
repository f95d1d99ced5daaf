"""One change announcement: an edit anywhere reaches every view through the main window's one
signal (``announcer.changed``), and each view decides for itself whether to refresh."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gridkeeper.domain.changed import EVERYTHING, Changes
from gridkeeper.store import care as C
from gridkeeper.ui import settings as S
from gridkeeper.ui.testing import immediate_tasks, on_next_dialog
from tests.test_ui_main import _fill

pytestmark = pytest.mark.gui


@pytest.fixture
def win(qtbot, grid_demo_db, tmp_path):
    from gridkeeper.ui.app import make_app
    from gridkeeper.ui.main_window import MainWindow

    S.use_settings_file(tmp_path / "settings.ini")
    make_app()
    with immediate_tasks():
        w = MainWindow(grid_demo_db)
        qtbot.addWidget(w)
        w.resize(1366, 768)
        w.show()
        yield w
    S.use_settings_file(None)


def _count_calls(monkeypatch, obj, name) -> list:
    calls = []
    real = getattr(obj, name)
    monkeypatch.setattr(obj, name, lambda *a, **k: calls.append(a) or real(*a, **k))
    return calls


def test_an_edit_in_one_tab_reaches_another_view_through_the_signal(qtbot, win, monkeypatch):
    subject = C.due_list(win.db, only_due=False)[0]
    heard = []
    win.announcer.changed.connect(heard.append)
    care_reloads = _count_calls(monkeypatch, win.care_tab, "reload")
    dispute_reloads = _count_calls(monkeypatch, win.disputes_tab.panel, "reload")

    households = win.households_tab
    win.tabs.setCurrentWidget(households)
    households.sub.setCurrentIndex(1)
    assert households.select("persons", subject.person_id)
    check = on_next_dialog(qtbot, lambda dlg: (_fill(dlg, name="改名测试"), dlg.save()))
    qtbot.mouseClick(households.edit_button, Qt.MouseButton.LeftButton)
    check()

    assert len(heard) == 1 and heard[0].touches("persons")
    assert ("persons", subject.person_id) in heard[0].ids
    assert len(care_reloads) == 1        # the care list shows names: it refreshed itself
    assert dispute_reloads == []         # disputes do not show persons: left alone
    win.tabs.setCurrentWidget(win.care_tab)
    row = win.care_tab.model.row_of(subject.care_subject_id)
    assert win.care_tab.model.rows[row].name == "改名测试"


def test_undo_is_announced_like_the_edit(qtbot, win):
    subject = C.due_list(win.db, only_due=False)[0]
    households = win.households_tab
    households.sub.setCurrentIndex(1)
    assert households.select("persons", subject.person_id)
    check = on_next_dialog(qtbot, lambda dlg: (_fill(dlg, name="改名测试"), dlg.save()))
    qtbot.mouseClick(households.edit_button, Qt.MouseButton.LeftButton)
    check()
    heard = []
    win.announcer.changed.connect(heard.append)
    win.undo()
    assert [("persons", subject.person_id) in c.ids for c in heard] == [True]
    win.tabs.setCurrentWidget(win.care_tab)
    assert win.care_tab.model.rows[win.care_tab.model.row_of(subject.care_subject_id)].name == subject.name


def test_views_ignore_changes_they_do_not_show(win, monkeypatch):
    reloads = {name: _count_calls(monkeypatch, panel, "reload")
               for name, panel in (("visits", win.visits_tab.panel), ("disputes", win.disputes_tab.panel))}
    trees = _count_calls(monkeypatch, win, "load_tree")
    win.announce(Changes.of_tables("dispute_steps"))
    assert len(reloads["disputes"]) == 1 and reloads["visits"] == [] and trees == []
    win.announce(Changes.of_tables("areas"))
    assert len(trees) == 1 and len(reloads["visits"]) == 1
    win.announce(Changes())                 # nothing changed: nothing is announced
    assert len(trees) == 1


def test_changes_value():
    edit = Changes.of_writes([type("W", (), {"table": "persons", "rid": "p1"})()])
    assert edit.touches("persons", "visits") and not edit.touches("visits")
    assert edit.touches_record("persons", "p1") and not edit.touches_record("persons", "p2")
    assert EVERYTHING.touches("anything") and not Changes()
    both = edit | Changes(sync=True)
    assert both.sync and both.touches("persons") and both.touches_record("persons", "p2")  # ids no longer known
    merged = Changes.of_merge([{"per_table": {"persons": {"applied": 2, "conflicts": 0},
                                              "visits": {"applied": 0, "conflicts": 0}}, "conflicts": 1}])
    assert merged.tables == {"persons"} and merged.sync and merged.review and merged.devices


def test_open_database_asks_the_app_for_a_new_window(qtbot, grid_demo_db, make_db, tmp_path, monkeypatch):
    from gridkeeper.ui import app as A

    other = make_db("worker", "另一台电脑", filename="other.db")
    other.conn.close()
    grid_demo_db.conn.close()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    monkeypatch.setattr(A, "_ask_passphrase", lambda *a: True)
    S.use_settings_file(tmp_path / "settings.ini")
    with immediate_tasks():
        first = A.open_main_window(str(tmp_path / "grid-demo.db"))
        qtbot.addWidget(first)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "other.db"), ""))
        first.acts["open"].trigger()
        second = A._window
        qtbot.addWidget(second)
    S.use_settings_file(None)
    assert second is not first and second.path.endswith("other.db")
    assert not first.isVisible() and second.isVisible()
