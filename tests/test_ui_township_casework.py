"""The township's 诉求与隐患 figures and the township-wide request/hazard lists (pytest-qt, offscreen)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from gridkeeper.store import casework_stats as S
from tests.test_ui_township import app, boxes, make_ws  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui


@pytest.fixture
def town(make_db):
    from gridkeeper.store.demo import build_demo

    db = make_db("township", "乡镇")
    build_demo(db, scale="township", seed=5, villages=3)
    return db


def test_figures_match_the_store(qtbot, app, boxes, town):  # noqa: F811
    from gridkeeper.ui.township.casework import period_of

    path = town.conn.execute("PRAGMA database_list").fetchone()[2]
    ws = make_ws(qtbot, path)
    ws.setCurrentWidget(ws.casework)
    tab = ws.casework
    since, until = period_of(None, date.today())
    q = S.request_overview(town, since=since, until=until)
    h = S.hazard_overview(town, since=since, until=until)
    assert tab.data["requests"] == q and q["received"] > 300
    text = tab.figures.text()
    assert f"受理诉求 {q['received']} 件" in text and f"已办结 {q['closed']} 件" in text
    assert f"办结率 {q['close_rate'] * 100:.1f}%" in text and f"逾期 {h['overdue']}" in text
    m = tab.model
    assert m.rowCount() == 3                                     # one row per village
    assert sum(int(m.data(m.index(i, 1))) for i in range(3)) == q["received"]
    assert sum(int(m.data(m.index(i, 6))) for i in range(3)) == h["open"]
    assert sum(v for _, v in tab.chart.left) == q["received"]
    assert sum(m_["received"] for m_ in tab.trend.months) == q["received"]
    # one month only
    month = f"{date.today():%Y-%m}"
    tab.period.setCurrentIndex(tab.period.findData(month))
    assert tab.data["requests"]["received"] == S.request_overview(town, since=f"{month}-01",
                                                                  until=period_of(month, date.today())[1])["received"]
    if os.environ.get("GK_SCREENS") == "1":
        Path("/tmp/gk_screens").mkdir(exist_ok=True)
        ws.casework.period.setCurrentIndex(0)
        ws.grab().save("/tmp/gk_screens/zh_township_casework.png")


def test_period_of_the_last_twelve_months():
    from gridkeeper.ui.township.casework import period_of

    assert period_of(None, date(2026, 11, 30)) == ("2025-12-01", "2026-11-30")
    assert period_of(None, date(2026, 12, 5)) == ("2026-01-01", "2026-12-05")
    assert period_of("2026-02", date(2026, 11, 30)) == ("2026-02-01", "2026-02-28")


def test_township_lists_show_village_and_grid(qtbot, app, boxes, town):  # noqa: F811
    from gridkeeper.ui.main_window import MainWindow

    win = MainWindow(town)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    assert win.requests_tab.panel.model.rowCount() == 0        # nothing queried until the tab is shown
    for tab in (win.requests_tab, win.hazards_tab):
        win.tabs.setCurrentWidget(tab)
        m = tab.panel.model
        headers = [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())]
        assert headers[-2:] == ["村/社区", "网格"]
        assert m.rowCount() > 0 and all(m.data(m.index(r, m.columnCount() - 2)) for r in range(min(20, m.rowCount())))
    if os.environ.get("GK_SCREENS") == "1":
        win.tabs.setCurrentWidget(win.requests_tab)
        win.grab().save("/tmp/gk_screens/zh_township_requests.png")
