"""The people views through real widgets (pytest-qt, offscreen): 流动人口, 志愿积分, tags on the person
editor and as a list filter, the township's vocabulary and overview. Screenshots at 1366x768 go to
tmp_path (and /tmp/gk_screens/ with GK_SCREENS=1)."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from gridkeeper.store import floating as FL, points as PT, tags as TG
from gridkeeper.store.records import get_record
from gridkeeper.ui import settings as S
from gridkeeper.ui.testing import immediate_tasks, on_next_dialog, type_text

pytestmark = pytest.mark.gui

TODAY = date.today()


def _save(widget, tmp_path: Path, name: str) -> Path:
    out = tmp_path / f"{name}.png"
    assert widget.grab().save(str(out))
    if os.environ.get("GK_SCREENS") == "1":
        Path("/tmp/gk_screens").mkdir(exist_ok=True)
        widget.grab().save(f"/tmp/gk_screens/{name}.png")
    return out


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


def _registered_person(db):
    return db.execute("SELECT id, name FROM persons WHERE residence_kind = 'registered' AND status = 'present' "
                      "AND birth_date < '2000-01-01' ORDER BY id LIMIT 1").fetchone()


def test_floating_view_arrival_and_departure(qtbot, win, tmp_path):
    tab = win.floating_tab
    win.tabs.setCurrentWidget(tab)
    qtbot.wait(10)
    assert tab.models["roster"].rows, "the demo's floating residents are listed"
    _save(win, tmp_path, "floating")
    pid, name = _registered_person(win.db)

    def arrive(dlg):
        dlg.person.set_value(pid)
        dlg.day.setText((TODAY - timedelta(days=1)).isoformat())
        type_text(dlg.origin, "河南省周口市")
        dlg.reason.setCurrentIndex(dlg.reason.findData("work"))
        dlg.permit.setText("HN0001")
        dlg.expiry.setText((TODAY - timedelta(days=2)).isoformat())     # before the arrival: refused
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
        assert "居住证有效期至应晚于来本地日期" in dlg.error.text()
        dlg.expiry.setText((TODAY + timedelta(days=10)).isoformat())
        _save(dlg, tmp_path, "arrival_dialog")
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)

    check = on_next_dialog(qtbot, arrive)
    qtbot.mouseClick(tab.arrive_button, Qt.MouseButton.LeftButton)
    check()
    assert get_record(win.db, "persons", pid)["residence_kind"] == "floating"
    assert pid in [r["id"] for r in tab.models["expiring"].rows]
    # departure of the resident just registered, from the roster
    tab.sub.setCurrentIndex(3)
    row = next(i for i, r in enumerate(tab.models["roster"].rows) if r["id"] == pid)
    tab.views["roster"].selectRow(row)

    def leave(dlg):
        dlg.day.setText((TODAY - timedelta(days=5)).isoformat())          # before the arrival: refused
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
        assert "离开日期早于来本地日期" in dlg.error.text()
        dlg.day.setText(TODAY.isoformat())
        type_text(dlg.destination, "北京市")
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)

    check = on_next_dialog(qtbot, leave)
    qtbot.mouseClick(tab.leave_button, Qt.MouseButton.LeftButton)
    check()
    assert get_record(win.db, "persons", pid)["status"] == "moved_out"
    if TODAY.day > 1:
        assert name in [r["name"] for r in tab.models["departures"].rows]


def test_points_tab_service_redemption_refusal_and_conflict(qtbot, win, tmp_path):
    tab = win.points_tab
    win.tabs.setCurrentWidget(tab)
    qtbot.wait(10)
    assert tab.balances.rows and not tab.conflict_box.isVisible()
    pid, name = _registered_person(win.db)

    def service(dlg):
        dlg.volunteer.set_value(pid)
        type_text(dlg.activity, "更换路灯灯泡")
        dlg.hours.setValue(1.5)
        assert dlg.points.value() == 15
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)

    check = on_next_dialog(qtbot, service)
    qtbot.mouseClick(tab.service_button, Qt.MouseButton.LeftButton)
    check()
    assert PT.balance(win.db, pid)["balance"] == 15
    row = tab.balances.row_of(pid)
    tab.balances_view.selectRow(row)
    assert [r["what"] for r in tab.statement.rows] == ["更换路灯灯泡"]

    def redeem(dlg):
        assert dlg.balance.text() == "15"
        type_text(dlg.goods, "食用油")
        dlg.points.setValue(30)
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
        assert "积分不足：现有 15 分" in dlg.error.text()
        dlg.points.setValue(10)
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)

    check = on_next_dialog(qtbot, redeem)
    qtbot.mouseClick(tab.redeem_button, Qt.MouseButton.LeftButton)
    check()
    assert PT.balance(win.db, pid)["balance"] == 5
    # a merge brought an overdraft (written past the local check, as another laptop's redemption arrives)
    from gridkeeper.store.changes import writing

    with writing(win.db) as w:
        w.create("point_redemptions", {"area_id": get_record(win.db, "persons", pid)["area_id"], "volunteer_id": pid,
                                       "date": TODAY.isoformat(), "shop": "爱心超市", "goods": "大米", "points": 12,
                                       "deleted": 0})
    from gridkeeper.domain.changed import Changes

    win.announce(Changes.of_tables("point_redemptions"))
    box = tab.conflict_box
    assert box.isVisible() and box.tree.topLevelItemCount() == 1
    _save(win, tmp_path, "points_conflict")
    top = box.tree.topLevelItem(0)
    rice = next(top.child(i) for i in range(top.childCount()) if "大米" in top.child(i).text(0))
    box.tree.setCurrentItem(rice)
    from unittest import mock

    with mock.patch("gridkeeper.ui.overdrafts.QInputDialog.getInt", return_value=(5, True)):
        box.correct_selected()
    assert PT.balance(win.db, pid)["balance"] == 0 and not tab.conflict_box.isVisible()


def test_tags_on_the_person_editor_and_as_a_list_filter(qtbot, win, tmp_path):
    from gridkeeper.ui.editors import RecordDialog

    pid, name = _registered_person(win.db)
    dlg = RecordDialog(win.db, "persons", pid)
    qtbot.addWidget(dlg)
    dlg.show()
    codes = [dlg.tags.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dlg.tags.count())]
    assert "party_member" in codes and "veteran" in codes
    _save(dlg, tmp_path, "person_editor_tags")
    before = set(TG.person_tags(win.db, pid))
    dlg.tags.set_value(before | {"veteran"})
    assert dlg.save()
    assert "veteran" in TG.person_tags(win.db, pid)
    assert any(c.table == "person_tags" for c in dlg.changes)
    win.record_changes(dlg.changes)          # as open_editor does after 保存
    win.undo()                               # one Ctrl+Z takes the new tag back…
    assert set(TG.person_tags(win.db, pid)) == before
    dlg = RecordDialog(win.db, "persons", pid)
    qtbot.addWidget(dlg)
    dlg.tags.set_value(before | {"veteran"})  # …and tagging again writes it again
    assert dlg.save() and "veteran" in TG.person_tags(win.db, pid)
    tab = win.households_tab
    win.tabs.setCurrentWidget(tab)
    tab.filter_by_tag("veteran")
    qtbot.wait(10)
    panel = tab.panels["persons"]
    assert tab.sub.currentIndex() == 1
    ids = [panel.model.record_id(i) for i in range(panel.model.rowCount())]
    assert pid in ids and len(ids) == len(TG.persons_with_tags(win.db, ["veteran"]))
    tab.filter_by_tag(None)
    assert panel.model.rowCount() > len(ids)


def test_main_tabs_fit_1366x768_with_people_tabs(qtbot, win, tmp_path):
    for tab in (win.floating_tab, win.points_tab):
        win.tabs.setCurrentWidget(tab)
        qtbot.wait(10)
        assert win.width() <= 1366 and win.minimumSizeHint().height() <= 768
    _save(win, tmp_path, "points")


# -- township ---------------------------------------------------------------------------------------

@pytest.fixture
def town_ws(qtbot, make_db, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from gridkeeper.store.demo import build_demo
    from gridkeeper.ui.app import make_app
    from gridkeeper.ui.township import TownshipWorkspace

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warnings.append(a[2])))
    S.use_settings_file(tmp_path / "settings.ini")
    make_app()
    db = make_db("township", "乡镇")
    build_demo(db, scale="township", seed=5, villages=2)
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    with immediate_tasks():
        ws = TownshipWorkspace(str(path))
        qtbot.addWidget(ws)
        ws.resize(1366, 768)
        ws.show()
        yield ws, db, warnings
    S.use_settings_file(None)


def test_township_people_overview_and_opt_in_leaderboard(qtbot, town_ws, tmp_path):
    from gridkeeper.store import people_overview as PO

    ws, db, _ = town_ws
    ws.setCurrentWidget(ws.people)
    tab = ws.people
    qtbot.wait(10)
    counts = PO.people_counts(db)
    assert f"在住流动人口 {counts['floating']} 人" in tab.totals.text()
    assert f"志愿者 {counts['volunteers']} 人" in tab.totals.text()
    moves = tab.data["moves"]
    assert [r["village"] for r in tab.villages.rows] == [v["village"] for v in moves["villages"]]
    assert sum(v for _, v in tab.chart.left) == sum(moves["arrivals"])
    assert not tab.board_view.isVisible()                   # opt-in
    tab.show_board.setChecked(True)
    assert tab.board_view.isVisible() and tab.board.rows and tab.board_view.width() > 100
    top = tab.board.rows[0]["volunteers"]
    assert [v["points"] for v in top] == sorted((v["points"] for v in top), reverse=True)
    _save(ws, tmp_path, "township_people")


def test_township_edits_the_tag_vocabulary(qtbot, town_ws, tmp_path):
    ws, db, warnings = town_ws
    ws.setCurrentWidget(ws.vocab)
    tab = ws.vocab
    n = tab.model.rowCount()
    assert tab.add_term("网格帮手", "grid_helper")
    assert tab.model.rowCount() == n + 1
    assert not tab.add_term("坏代码", "Bad Code") and warnings       # refused with a message, nothing written
    assert tab.model.rowCount() == n + 1
    row = next(i for i, t in enumerate(tab.model.rows) if t.code == "grid_helper")
    tab.view.selectRow(row)
    assert tab.toggle_retired()
    assert next(t for t in TG.vocabulary_terms(db) if t.code == "grid_helper").retired
    row = next(i for i, t in enumerate(tab.model.rows) if t.code == "watch")
    tab.view.selectRow(row)
    assert tab.rename_term("重点关注")
    assert TG.term_labels(db)["watch"] == "重点关注"
    _save(ws, tmp_path, "township_vocab")


def test_township_review_lists_overdrafts(qtbot, town_ws, tmp_path):
    from gridkeeper.store.changes import writing

    ws, db, _ = town_ws
    b = PT.balances(db)[0]
    with writing(db) as w:
        w.create("point_redemptions", {"area_id": b["area_id"], "volunteer_id": b["volunteer_id"],
                                       "date": TODAY.isoformat(), "shop": "爱心超市", "goods": "大米",
                                       "points": b["balance"] + 10, "deleted": 0})
    ws.review.refresh()
    ws._update_titles()
    assert len(ws.review.overdrafts.items) == 1 and ws.review.pending_count() >= 1
    assert "待审核（" in ws.tabText(ws.indexOf(ws.review))
    ws.setCurrentWidget(ws.review)
    _save(ws, tmp_path, "township_review_overdraft")


def test_a_statement_line_entered_by_mistake_is_deleted(qtbot, win, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from gridkeeper.store.records import create_record

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warnings.append(a[2])))
    tab = win.points_tab
    win.tabs.setCurrentWidget(tab)
    pid, _ = _registered_person(win.db)
    area = get_record(win.db, "persons", pid)["area_id"]
    req = create_record(win.db, "requests", dict(area_id=area, received=TODAY.isoformat(), channel="in_person",
                                                 category="infrastructure", content="路灯不亮", status="received"))

    def service(dlg):
        dlg.volunteer.set_value(pid)
        type_text(dlg.activity, "换路灯")
        dlg.request.setCurrentIndex(dlg.request.findData(req))     # the request it answered
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)

    check = on_next_dialog(qtbot, service)
    qtbot.mouseClick(tab.service_button, Qt.MouseButton.LeftButton)
    check()
    assert win.db.execute("SELECT request_id FROM volunteer_services WHERE volunteer_id = ?", [pid]).fetchone()[0] == req
    PT.record_redemption(win.db, {"volunteer_id": pid, "date": TODAY.isoformat(), "goods": "挂面", "points": 8})
    from gridkeeper.domain.changed import Changes

    win.announce(Changes.of_tables("point_redemptions"))
    tab.balances_view.selectRow(tab.balances.row_of(pid))
    kinds = [r["kind"] for r in tab.statement.rows]
    tab.statement_view.selectRow(kinds.index("service"))
    assert not tab.delete_line()                     # 8 of its 10 points are spent: refused, with the balance
    assert warnings and "积分不足" in warnings[-1]
    tab.statement_view.selectRow(kinds.index("redemption"))
    assert tab.delete_line()
    assert PT.balance(win.db, pid)["balance"] == 10
    tab.statement_view.selectRow([r["kind"] for r in tab.statement.rows].index("service"))
    assert tab.delete_line() and PT.balance(win.db, pid)["earned"] == 0
