"""The 民生诉求 and 问题隐患 tabs driven through real widgets (pytest-qt, offscreen): quick entry from a
person or house, every step of both loops, filters, search, overdue in red, undo; screenshots at 1366x768."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from gridkeeper.domain.changed import Changes
from gridkeeper.store import hazards as Hz
from gridkeeper.store import requests as Q
from gridkeeper.store.records import get_record
from gridkeeper.ui.casework_panel import OVERDUE_COLOR
from tests.test_ui_main import _fill, win  # noqa: F401 - the main window fixture

pytestmark = pytest.mark.gui
TODAY = date.today()


def click(qtbot, button):
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def on_dialog(qtbot, action, fn):
    from gridkeeper.ui.testing import on_next_dialog

    check = on_next_dialog(qtbot, fn)
    action()
    check()


def save(dlg, **values):
    _fill(dlg, **values)
    assert dlg.save_button.isEnabled(), dlg.form.problems
    dlg.save()


def _shot(widget, name: str) -> None:
    if os.environ.get("GK_SCREENS") == "1":
        Path("/tmp/gk_screens").mkdir(exist_ok=True)
        assert widget.grab().save(f"/tmp/gk_screens/{name}.png")


def _a_person(win):
    hh = win.households_tab.panels["households"].model.record_id(0)
    return win.db.execute("SELECT id, name FROM persons WHERE household_id = ? AND deleted = 0", [hh]).fetchone()


def test_request_from_a_person_walks_the_five_steps(qtbot, win):
    hv = win.households_tab
    pid, name = _a_person(win)
    hv.sub.setCurrentIndex(1)                           # 人员
    hv.select("persons", pid)
    n0 = win.db.execute("SELECT count(*) FROM requests").fetchone()[0]
    # two clicks: 登记诉求 on the person, then save (after saying what is needed)
    on_dialog(qtbot, lambda: click(qtbot, hv.request_button),
              lambda dlg: save(dlg, category="infrastructure", content="井边路灯坏了一周"))
    rid = win.requests_tab.current_id()
    r = get_record(win.db, "requests", rid)
    assert r["person_id"] == pid and r["requester_name"] == name and r["status"] == "received"
    assert win.db.execute("SELECT count(*) FROM requests").fetchone()[0] == n0 + 1
    tab = win.requests_tab
    win.tabs.setCurrentWidget(tab)
    b = tab.panel.buttons
    assert not b["feedback"].isEnabled() and b["route"].isEnabled()
    on_dialog(qtbot, lambda: click(qtbot, b["route"]), lambda dlg: save(dlg, department="village_committee"))
    assert get_record(win.db, "requests", rid)["status"] == "routed"
    on_dialog(qtbot, lambda: click(qtbot, b["respond"]), lambda dlg: save(dlg, responders="张三、李四"))
    assert get_record(win.db, "requests", rid)["status"] == "responding"

    def solve(dlg):
        assert not dlg.save_button.isEnabled() or dlg.form.raw_value("resolved") == TODAY.isoformat()
        save(dlg, resolution="更换灯泡，路灯恢复")

    on_dialog(qtbot, lambda: click(qtbot, b["solve"]), solve)
    assert get_record(win.db, "requests", rid)["status"] == "resolved"
    on_dialog(qtbot, lambda: click(qtbot, b["feedback"]), lambda dlg: save(dlg, feedback="很满意"))
    r = get_record(win.db, "requests", rid)
    assert (r["status"], r["satisfaction"], r["closed"]) == ("closed", "satisfied", TODAY.isoformat())
    texts = [tab.panel.timeline.item(i).text() for i in range(tab.panel.timeline.count())]
    assert any("更换灯泡" in t for t in texts) and any("很满意" in t for t in texts) and len(texts) >= 5
    assert not any(b[n].isEnabled() for n in ("route", "respond", "solve", "feedback"))
    _shot(win, "zh_requests")
    # Ctrl+Z takes the feedback back
    win.undo()
    assert get_record(win.db, "requests", rid)["status"] == "resolved"


def test_request_filters_search_and_overdue_in_red(qtbot, win):
    tab = win.requests_tab
    win.tabs.setCurrentWidget(tab)
    old = Q.create_request(win.db, {"area_id": win.grid_area_id(), "received": (TODAY - timedelta(days=20)).isoformat(),
                                    "channel": "phone", "category": "utilities", "content": "独一无二的停水诉求"})
    win.announce(Changes.of_tables("requests"))
    tab.panel.due.setCurrentIndex(tab.panel.due.findData("overdue"))
    rows = tab.panel.model.rows
    assert rows and all(r["overdue"] for r in rows) and old in [r["id"] for r in rows]
    color = tab.panel.model.data(tab.panel.model.index(tab.panel.model.row_of(old), 0), Qt.ItemDataRole.ForegroundRole)
    assert color.color() == QColor(OVERDUE_COLOR)
    tab.panel.due.setCurrentIndex(0)
    from gridkeeper.ui.testing import type_text

    type_text(tab.panel.search, "独一无二")
    tab.panel.flush()
    assert [r["id"] for r in tab.panel.model.rows] == [old]
    assert "共 1 条" in tab.panel.count.text()
    tab.panel.status.setCurrentIndex(tab.panel.status.findData("closed"))
    assert tab.panel.model.rows == []
    assert tab.select(old) and tab.panel.status.currentIndex() == 0   # selecting clears the filters


def test_a_refused_step_says_why_and_changes_nothing(qtbot, win):
    tab = win.requests_tab
    win.tabs.setCurrentWidget(tab)
    rid = Q.create_request(win.db, {"area_id": win.grid_area_id(), "received": TODAY.isoformat(), "channel": "phone",
                                    "category": "other", "content": "x"})
    Q.change_status(win.db, rid, "resolved", resolution="y", resolved=TODAY.isoformat())
    win.announce(Changes.of_tables("requests"))
    tab.select(rid)

    def no_feedback(dlg):
        dlg.form.set_value("satisfaction", None)
        dlg.form._changed("satisfaction")
        dlg.save()
        assert dlg.isVisible()                           # refused: the form stays open with the reason
        assert "居民评价" in dlg.form.general_error.text() or dlg.form.problems
        dlg.reject()

    on_dialog(qtbot, lambda: click(qtbot, tab.panel.buttons["feedback"]), no_feedback)
    assert get_record(win.db, "requests", rid)["status"] == "resolved"


def test_hazard_from_a_house_to_recheck_and_close(qtbot, win):
    hv = win.households_tab
    hv.sub.setCurrentIndex(2)                           # 房屋
    house = hv.panels["houses"].model.record_id(0)
    hv.select("houses", house)
    on_dialog(qtbot, lambda: click(qtbot, hv.hazard_button),
              lambda dlg: save(dlg, category="fire", severity="major", description="柴草堆放在电表下"))
    tab = win.hazards_tab
    hid = tab.current_id()
    h = get_record(win.db, "hazards", hid)
    assert h["house_id"] == house and h["deadline"] == (TODAY + timedelta(days=3)).isoformat()
    win.tabs.setCurrentWidget(tab)
    b = tab.panel.buttons
    assert not b["close"].isEnabled() and not b["recheck"].isEnabled()
    on_dialog(qtbot, lambda: click(qtbot, b["rectify"]), lambda dlg: save(dlg, responsible="户主"))
    assert get_record(win.db, "hazards", hid)["status"] == "rectifying"
    on_dialog(qtbot, lambda: click(qtbot, b["rectified"]), lambda dlg: save(dlg, rectification="柴草已移走"))
    assert get_record(win.db, "hazards", hid)["status"] == "rectified"
    assert b["recheck"].isEnabled() and b["close"].isEnabled()
    on_dialog(qtbot, lambda: click(qtbot, b["recheck"]), lambda dlg: save(dlg, recheck_result="复查合格"))
    on_dialog(qtbot, lambda: click(qtbot, b["close"]), lambda dlg: save(dlg))
    h = get_record(win.db, "hazards", hid)
    assert (h["status"], h["recheck_result"], h["closed"]) == ("closed", "复查合格", TODAY.isoformat())
    kinds = [tab.panel.timeline.item(i).data(Qt.ItemDataRole.UserRole)[0] for i in range(tab.panel.timeline.count())]
    assert kinds == ["found", "rectify", "rectified", "recheck", "close"]


def test_hazard_escalation_needs_a_note_and_overdue_is_red(qtbot, win):
    tab = win.hazards_tab
    win.tabs.setCurrentWidget(tab)
    hid = Hz.create_hazard(win.db, {"area_id": win.grid_area_id(), "found": (TODAY - timedelta(days=10)).isoformat(),
                                    "category": "building", "severity": "serious", "description": "老房墙体开裂",
                                    "deadline": (TODAY - timedelta(days=2)).isoformat()})
    win.announce(Changes.of_tables("hazards"))
    assert tab.select(hid)
    row = tab.panel.model.row_of(hid)
    assert tab.panel.model.data(tab.panel.model.index(row, 0), Qt.ItemDataRole.ForegroundRole).color() == \
        QColor(OVERDUE_COLOR)
    assert "逾期" in tab.panel.model.data(tab.panel.model.index(row, 5))

    def empty_note(dlg):
        dlg.save()
        assert dlg.isVisible()
        dlg.reject()

    on_dialog(qtbot, lambda: click(qtbot, tab.panel.buttons["escalate"]), empty_note)
    assert get_record(win.db, "hazards", hid)["status"] == "reported"
    on_dialog(qtbot, lambda: click(qtbot, tab.panel.buttons["escalate"]),
              lambda dlg: save(dlg, escalation="报镇规划办鉴定"))
    assert get_record(win.db, "hazards", hid)["status"] == "escalated"
    _shot(win, "zh_hazards")
    tab.panel.due.setCurrentIndex(tab.panel.due.findData("week"))
    assert hid not in [r["id"] for r in tab.panel.model.rows]


def test_both_tabs_at_1366x768(qtbot, win, tmp_path):
    for tab in (win.requests_tab, win.hazards_tab):
        win.tabs.setCurrentWidget(tab)
        tab.panel.select(tab.panel.model.record_id(0))
        qtbot.wait(10)
        out = tmp_path / f"{tab.objectName() or id(tab)}.png"
        assert win.grab().save(str(out)) and out.stat().st_size > 10_000
    assert win.width() <= 1366 and win.minimumSizeHint().height() <= 768

