"""全镇概况: counts per village and grid, grids that sent nothing this month, and a small chart.

The numbers come from :func:`gridkeeper.store.overview.overview` (computed in the background: at
270 grids it reads every table once). Grids with no bundle this month get a pale red background.
The chart is drawn with QPainter (no QtCharts, which the Essentials wheel lacks): overdue visits by
village as horizontal bars on the left, disputes by status on the right.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSplitter, QTableView,
                               QVBoxLayout, QWidget)

from ...domain.sortkey import sort_key
from ...domain.vocab import DISPUTE_STATUSES
from ...store import overview as T
from .. import tasks
from ..models import RowsModel
from . import common

SILENT_BG = "#fde2e2"


class OverviewModel(RowsModel):
    """RowsModel that also tints the background of grids that sent nothing this month."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            r = self.rows[index.row()]
            return QBrush(QColor(SILENT_BG)) if not r.get("sent_this_month") and not r.get("_total") else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and \
                3 <= index.column() < len(self.columns) - 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


def by_village(rows: list[dict], key: str) -> list[tuple[str, int]]:
    acc: dict[str, int] = {}
    for r in rows:
        acc[r["village"] or ""] = acc.get(r["village"] or "", 0) + r[key]
    return sorted(acc.items(), key=lambda kv: (-kv[1], sort_key(kv[0])))


class BarChart(QWidget):
    """Two simple horizontal bar charts side by side, painted by hand."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.left_title = ""
        self.left: list[tuple[str, int]] = []
        self.right_title = ""
        self.right: list[tuple[str, int]] = []
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, left_title, left, right_title, right) -> None:
        self.left_title, self.left, self.right_title, self.right = left_title, left, right_title, right
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        w = self.width()
        half = int(w * 0.6)
        self._bars(p, QRectF(8, 4, half - 16, self.height() - 8), self.left_title, self.left, QColor("#d9534f"))
        self._bars(p, QRectF(half + 8, 4, w - half - 16, self.height() - 8), self.right_title, self.right,
                   QColor("#337ab7"))
        p.end()

    def _bars(self, p: QPainter, area: QRectF, title: str, data: list[tuple[str, int]], color: QColor) -> None:
        fm = p.fontMetrics()
        line = fm.height() + 4
        p.setPen(QPen(QColor("#222222")))
        p.drawText(QRectF(area.left(), area.top(), area.width(), line), Qt.AlignmentFlag.AlignLeft, title)
        top = area.top() + line + 2
        rows = max(1, int((area.bottom() - top) // line))
        shown = data[:rows]
        if not shown:
            p.setPen(QPen(QColor("#777777")))
            p.drawText(QRectF(area.left(), top, area.width(), line), Qt.AlignmentFlag.AlignLeft, common.tr("（无）"))
            return
        label_w = min(max(fm.horizontalAdvance(k) for k, _ in shown) + 10, area.width() * 0.4)
        num_w = fm.horizontalAdvance("00000") + 6
        bar_w = max(10.0, area.width() - label_w - num_w)
        biggest = max(v for _, v in shown) or 1
        for i, (k, v) in enumerate(shown):
            y = top + i * line
            p.setPen(QPen(QColor("#222222")))
            p.drawText(QRectF(area.left(), y, label_w - 6, line), int(Qt.AlignmentFlag.AlignRight |
                                                                       Qt.AlignmentFlag.AlignVCenter),
                       fm.elidedText(k, Qt.TextElideMode.ElideRight, int(label_w - 6)))
            length = bar_w * v / biggest
            p.fillRect(QRectF(area.left() + label_w, y + 3, length, line - 6), color)
            p.drawText(QRectF(area.left() + label_w + length + 4, y, num_w, line),
                       int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), str(v))
        if len(data) > len(shown):
            p.setPen(QPen(QColor("#777777")))
            p.drawText(QRectF(area.left(), area.bottom() - line, area.width(), line),
                       int(Qt.AlignmentFlag.AlignRight), common.tr("另有 {0} 项未显示").format(len(data) - len(shown)))


class OverviewTab(QWidget):
    loaded = Signal()

    def __init__(self, db_path: str, parent=None, *, today: date | None = None):
        super().__init__(parent)
        self.db_path = db_path
        self.today = today
        self.rows: list[dict] = []
        self.totals: dict = {}
        self.setObjectName("township_overview")
        tr = self.tr
        d = today or date.today()
        self.month = QComboBox()
        self.month.setObjectName("overview_month")
        y, m = d.year, d.month
        for _ in range(12):
            self.month.addItem(f"{y}-{m:02d}", f"{y}-{m:02d}")
            y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        self.month.currentIndexChanged.connect(lambda *_: self.refresh())
        self.refresh_btn = QPushButton(tr("刷新"))
        self.refresh_btn.clicked.connect(self.refresh)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("overview_totals")
        self.totals_label.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("月份")))
        bar.addWidget(self.month)
        bar.addWidget(self.refresh_btn)
        legend = QLabel(tr("粉色底 = 本月没有收到同步包的网格"))
        legend.setStyleSheet(f"background:{SILENT_BG}; padding:2px 6px;")
        bar.addWidget(legend)
        bar.addStretch(1)

        self.statuses = DISPUTE_STATUSES.codes()
        cols = [
            (lambda: tr("村/社区"), lambda r: r["village"]),
            (lambda: tr("网格"), lambda r: r["grid"]),
            (lambda: tr("网格员"), lambda r: r["worker"] or ""),
            (lambda: tr("户数"), lambda r: r["households"]),
            (lambda: tr("人数"), lambda r: r["persons"]),
            (lambda: tr("流动人口"), lambda r: r["floating"]),
            (lambda: tr("关爱对象"), lambda r: r["care"]),
            (lambda: tr("本月走访"), lambda r: r["visits_month"]),
            (lambda: tr("逾期未访"), lambda r: r["overdue"]),
        ]
        for code in self.statuses:
            cols.append((lambda c=code: tr("纠纷·") + DISPUTE_STATUSES.label(c),
                         lambda r, c=code: r["disputes_by_status"].get(c, 0)))
        cols.append((lambda: tr("本月报送"), lambda r: "" if r.get("_total") else
                     (tr("已报送") if r["sent_this_month"] else tr("未报送"))))
        self.model = OverviewModel(cols, self, id_fn=lambda r: r.get("grid_id"))
        self.table = QTableView()
        self.table.setObjectName("overview_table")
        self.table.setModel(self.model)
        common.setup_table(self.table)
        self.table.setSortingEnabled(False)
        for col, w in enumerate([110, 100, 80] + [64] * 6 + [96] * len(self.statuses)):
            self.table.setColumnWidth(col, max(w, self.table.horizontalHeader().sectionSizeHint(col)))
        self.chart = BarChart()
        self.chart.setObjectName("overview_chart")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setSizes([420, 220])
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.totals_label)
        lay.addWidget(split, 1)
        self._pending = False

    def current_month(self) -> str:
        return self.month.currentData()

    def refresh(self) -> None:
        """Recompute in the background (the tab stays usable meanwhile)."""
        month, today = self.current_month(), self.today
        self.refresh_btn.setEnabled(False)
        self.totals_label.setText(self.tr("正在统计…"))

        def failed(e):
            self.refresh_btn.setEnabled(True)
            self.totals_label.setText("")
            common.warn(self, self.tr("全镇概况"), e)

        tasks.run_task(lambda db, progress, cancelled: T.overview(db, month=month, today=today),
                              self.db_path, on_done=self._show, on_error=failed)

    def _show(self, rows: list[dict]) -> None:
        self.refresh_btn.setEnabled(True)
        self.rows = rows
        self.totals = T.overview_totals(rows)
        t = self.totals
        total_row = dict(village=self.tr("合计"), grid=self.tr("{0} 个网格").format(t["grids"]), worker="",
                         households=t["households"], persons=t["persons"], floating=t["floating"], care=t["care"],
                         visits_month=t["visits_month"], overdue=t["overdue"],
                         disputes_by_status=t["disputes_by_status"], sent_this_month=True, _total=True, grid_id=None)
        self.model.set_rows(rows + [total_row] if rows else [])
        disputes = sum(t["disputes_by_status"].values())
        self.totals_label.setText(self.tr(
            "{0}：{1} 个网格，{2} 户，{3} 人（流动人口 {4}），关爱对象 {5}，本月走访 {6} 次，逾期未访 {7}，"
            "纠纷 {8} 件；本月未报送的网格 {9} 个。").format(
            self.current_month(), t["grids"], t["households"], t["persons"], t["floating"], t["care"],
            t["visits_month"], t["overdue"], disputes, t["grids_silent"]))
        self.chart.set_data(self.tr("逾期未访（按村/社区）"), [kv for kv in by_village(rows, "overdue") if kv[1]],
                            self.tr("矛盾纠纷（按状态）"),
                            [(DISPUTE_STATUSES.label(c), t["disputes_by_status"].get(c, 0)) for c in self.statuses])
        self.loaded.emit()
