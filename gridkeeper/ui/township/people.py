"""人口与志愿: the township's counts and trends of the people records, and an opt-in points board.

Computed in the background (``store.people_overview``): floating residents living here, 居住证
expiring within 30 days, overdrafts waiting for review, tags counted, volunteers and their points;
arrivals and departures per village (this month and the last twelve) in a table, and per month in
a chart. The volunteer leaderboard per village is shown only when staff tick 显示志愿积分排行 — a
ranking of residents is not for every screen a visitor might see, so it is opt-in and the choice is
not remembered.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QTableView, QVBoxLayout,
                               QWidget)

from ...store import people_overview as PO
from ...store.tags import term_labels
from .. import tasks
from ..models import RowsModel
from . import common
from .overview import BarChart

MONTHS = 12


def _gather(db, today):
    months = PO.last_months(MONTHS, today=today)
    return {"months": months, "moves": PO.monthly_movements(db, months),
            "counts": PO.people_counts(db, today=today), "labels": term_labels(db),
            "board": PO.leaderboard(db, year=f"{(today or date.today()).year}")}


class PeopleOverviewTab(QWidget):
    loaded = Signal()

    def __init__(self, db_path: str, parent=None, *, today: date | None = None):
        super().__init__(parent)
        self.setObjectName("township_people")
        self.db_path, self.today = db_path, today
        self.data: dict = {}
        tr = self.tr
        self.refresh_btn = QPushButton(tr("刷新"))
        self.refresh_btn.clicked.connect(self.refresh)
        self.show_board = QCheckBox(tr("显示志愿积分排行（按村）"))
        self.show_board.setObjectName("show_leaderboard")
        self.show_board.toggled.connect(self._board_visibility)
        self.totals = QLabel()
        self.totals.setObjectName("people_totals")
        self.totals.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.refresh_btn)
        bar.addWidget(self.show_board)
        bar.addStretch(1)
        self.villages = RowsModel([
            (lambda: tr("村/社区"), lambda r: r["village"]),
            (lambda: tr("本月来"), lambda r: r["arrivals"][-1]),
            (lambda: tr("本月离"), lambda r: r["departures"][-1]),
            (lambda: tr("近12个月来"), lambda r: sum(r["arrivals"])),
            (lambda: tr("近12个月离"), lambda r: sum(r["departures"])),
        ], self, id_fn=lambda r: r["village_id"])
        self.village_view = QTableView()
        self.village_view.setObjectName("people_villages")
        self.village_view.setModel(self.villages)
        common.setup_table(self.village_view)
        self.board = RowsModel([
            (lambda: tr("村/社区"), lambda r: r["village"]),
            *[(lambda i=i: tr("第{0}名").format(i + 1),
               lambda r, i=i: (f"{r['volunteers'][i]['name']} {r['volunteers'][i]['points']}分"
                               if i < len(r["volunteers"]) else "")) for i in range(3)],
        ], self, id_fn=lambda r: r["village_id"])
        self.board_view = QTableView()
        self.board_view.setObjectName("leaderboard")
        self.board_view.setModel(self.board)
        common.setup_table(self.board_view)
        self.board_view.hide()
        self.chart = BarChart()
        self.chart.setObjectName("people_chart")
        self.tables = tables = QSplitter(Qt.Orientation.Horizontal)
        tables.addWidget(self.village_view)
        tables.addWidget(self.board_view)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(tables)
        split.addWidget(self.chart)
        split.setSizes([360, 240])
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.totals)
        lay.addWidget(split, 1)

    def refresh(self) -> None:
        today = self.today
        self.refresh_btn.setEnabled(False)
        self.totals.setText(self.tr("正在统计…"))

        def failed(e):
            self.refresh_btn.setEnabled(True)
            self.totals.setText("")
            common.warn(self, self.tr("人口与志愿"), e)

        tasks.run_task(lambda db, progress, cancelled: _gather(db, today), self.db_path, on_done=self._show,
                       on_error=failed)

    def _show(self, data: dict) -> None:
        self.refresh_btn.setEnabled(True)
        self.data = data
        c, labels = data["counts"], data["labels"]
        tags = "、".join(f"{labels.get(code, code)} {n}" for code, n in
                        sorted(c["tags"].items(), key=lambda kv: -kv[1]))
        moves = data["moves"]
        self.totals.setText(self.tr(
            "在住流动人口 {0} 人，本月来 {1} 人、离开 {2} 人，居住证30天内到期或已过期 {3} 人；志愿者 {4} 人，累计积分 {5}，"
            "已兑换 {6}，积分透支待核对 {7} 人。\n人员标注：{8}").format(
            c["floating"], moves["arrivals"][-1], moves["departures"][-1], c["permits_expiring"], c["volunteers"],
            c["points_earned"], c["points_redeemed"], c["negative_balances"], tags or self.tr("（无）")))
        self.villages.set_rows(moves["villages"])
        self.village_view.resizeColumnsToContents()
        self.board.set_rows(data["board"])
        self.board_view.resizeColumnsToContents()
        self.chart.set_data(self.tr("近12个月来本地（人）"), list(zip(moves["months"], moves["arrivals"]))[::-1],
                            self.tr("近12个月离开（人）"), list(zip(moves["months"], moves["departures"]))[::-1])
        self.loaded.emit()

    def _board_visibility(self, shown: bool) -> None:
        self.board_view.setVisible(shown)
        if shown:   # a splitter gives a widget hidden at start no width: share it
            half = max(200, self.tables.width() // 2)
            self.tables.setSizes([half, half])
