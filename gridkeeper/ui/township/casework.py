"""诉求与隐患: the township's figures for resident requests and hazards (store.casework_stats).

Requests received in the period: received, closed, 办结率, 满意率, median days to close; hazards found
in it: open, overdue, rectified, escalated — in one line, per village in the table (with both), by
category in the bar chart, and month by month in the trend chart (received and closed requests).
The period is the last 12 months or one of them. Computed in the background (a year of a township's
requests is ~12,000 rows) with a connection of its own; the township-wide lists themselves are the
main window's 民生诉求 and 问题隐患 tabs, which show the village and grid of every row here.
"""

from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSplitter, QTableView,
                               QVBoxLayout, QWidget)

from ...store import casework_stats as S
from .. import tasks
from ..models import RowsModel
from . import common
from .overview import BarChart


def rate_text(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def days_text(x: float | None) -> str:
    return "—" if x is None else f"{x:g}"


def period_of(choice: str | None, today: date) -> tuple[str, str]:
    """(since, until) ISO dates: a ``YYYY-MM`` month, or the 12 months up to ``today`` for None."""
    if choice:
        y, m = int(choice[:4]), int(choice[5:7])
        return f"{choice}-01", f"{choice}-{calendar.monthrange(y, m)[1]:02d}"
    y, m = (today.year, today.month - 11) if today.month > 11 else (today.year - 1, today.month + 1)
    return date(y, m, 1).isoformat(), today.isoformat()


def load(db, choice: str | None, today: date) -> dict:
    since, until = period_of(choice, today)
    return {"requests": S.request_overview(db, since=since, until=until),
            "hazards": S.hazard_overview(db, since=since, until=until, today=today), "since": since, "until": until}


class TrendChart(QWidget):
    """Received (light) and closed (dark) requests per month as paired bars, painted by hand."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.months: list[dict] = []
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, months: list[dict]) -> None:
        self.months = months[-12:]
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        fm = p.fontMetrics()
        line = fm.height() + 4
        p.setPen(QPen(QColor("#222222")))
        p.drawText(QRectF(8, 4, self.width() - 16, line), Qt.AlignmentFlag.AlignLeft,
                   common.tr("月度趋势：受理（浅）与办结（深）"))
        if not self.months:
            p.end()
            return
        top, bottom = 4 + line + 4, self.height() - line - 4
        slot = (self.width() - 16) / len(self.months)
        biggest = max(max(m["received"], m["closed"]) for m in self.months) or 1
        for i, m in enumerate(self.months):
            x = 8 + i * slot
            for j, (key, color) in enumerate((("received", "#9ecae1"), ("closed", "#2171b5"))):
                h = (bottom - top) * m[key] / biggest
                p.fillRect(QRectF(x + 4 + j * (slot - 8) / 2, bottom - h, (slot - 8) / 2 - 1, h), QColor(color))
            p.setPen(QPen(QColor("#222222")))
            p.drawText(QRectF(x, bottom + 2, slot, line), Qt.AlignmentFlag.AlignHCenter, m["month"][2:])
        p.end()


class CaseworkTab(QWidget):
    loaded = Signal()

    def __init__(self, db_path: str, parent=None, *, today: date | None = None):
        super().__init__(parent)
        self.setObjectName("township_casework")
        self.db_path = db_path
        self.today = today
        self.data: dict = {}
        d = today or date.today()
        self.period = QComboBox()
        self.period.setObjectName("casework_period")
        self.period.addItem(common.tr("近12个月"), None)
        y, m = d.year, d.month
        for _ in range(12):
            self.period.addItem(f"{y}-{m:02d}", f"{y}-{m:02d}")
            y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        self.period.currentIndexChanged.connect(lambda *_: self.refresh())
        self.refresh_btn = QPushButton(common.tr("刷新"))
        self.refresh_btn.clicked.connect(self.refresh)
        self.figures = QLabel()
        self.figures.setObjectName("casework_figures")
        self.figures.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(common.tr("统计期间")))
        bar.addWidget(self.period)
        bar.addWidget(self.refresh_btn)
        bar.addStretch(1)
        self.model = RowsModel(self._columns(), self, id_fn=lambda r: r.get("village_id"))
        self.table = QTableView()
        self.table.setObjectName("casework_table")
        self.table.setModel(self.model)
        common.setup_table(self.table)
        self.chart = BarChart()
        self.chart.setObjectName("casework_chart")
        self.trend = TrendChart()
        self.trend.setObjectName("casework_trend")
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.chart)
        charts.addWidget(self.trend)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(charts)
        split.setSizes([360, 240])
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.figures)
        lay.addWidget(split, 1)

    @staticmethod
    def _columns():
        return [
            (lambda: common.tr("村/社区"), lambda r: r["village"] or common.tr("（未归村）")),
            (lambda: common.tr("受理诉求"), lambda r: r["received"]),
            (lambda: common.tr("已办结"), lambda r: r["closed"]),
            (lambda: common.tr("办结率"), lambda r: rate_text(r["close_rate"])),
            (lambda: common.tr("满意率"), lambda r: rate_text(r["satisfaction_rate"])),
            (lambda: common.tr("办结天数（中位）"), lambda r: days_text(r["median_days"])),
            (lambda: common.tr("隐患未销号"), lambda r: r.get("hz_open", 0)),
            (lambda: common.tr("隐患逾期"), lambda r: r.get("hz_overdue", 0)),
        ]

    def refresh(self) -> None:
        choice, today = self.period.currentData(), self.today or date.today()
        self.refresh_btn.setEnabled(False)
        self.figures.setText(common.tr("正在统计…"))

        def failed(e):
            self.refresh_btn.setEnabled(True)
            self.figures.setText("")
            common.warn(self, common.tr("诉求与隐患"), e)

        tasks.run_task(lambda db, progress, cancelled: load(db, choice, today), self.db_path,
                       on_done=self._show, on_error=failed)

    def _show(self, data: dict) -> None:
        self.refresh_btn.setEnabled(True)
        self.data = data
        q, h = data["requests"], data["hazards"]
        self.figures.setText(common.tr(
            "{0} 至 {1}：受理诉求 {2} 件，已办结 {3} 件，办结率 {4}，满意率 {5}，办结天数中位数 {6}；"
            "发现隐患 {7} 处，未销号 {8}，逾期 {9}，已整改 {10}，已上报上级 {11}。").format(
            data["since"], data["until"], q["received"], q["closed"], rate_text(q["close_rate"]),
            rate_text(q["satisfaction_rate"]), days_text(q["median_days"]), h["found"], h["open"], h["overdue"],
            h["rectified"], h["escalated"]))
        hz = {v["village_id"]: v for v in h["by_village"]}
        rows = []
        for v in q["by_village"]:
            z = hz.pop(v["village_id"], {})
            rows.append(dict(v, hz_open=z.get("open", 0), hz_overdue=z.get("overdue", 0)))
        for z in hz.values():        # villages with hazards but no requests
            rows.append(dict(village_id=z["village_id"], village=z["village"], received=0, closed=0, close_rate=None,
                             satisfaction_rate=None, median_days=None, hz_open=z["open"], hz_overdue=z["overdue"]))
        self.model.set_rows(rows)
        self.chart.set_data(common.tr("诉求（按类别）"), [(c["label"], c["received"]) for c in q["by_category"]],
                            common.tr("隐患未销号（按类别）"), [(c["label"], c["open"]) for c in h["by_category"]])
        self.trend.set_data(q["monthly"])
        self.loaded.emit()
