"""志愿积分: volunteers with their balances, a volunteer's statement, services and redemptions.

On top, in red, the review items a merge can bring (:class:`~.overdrafts.OverdraftsBox`): a volunteer
whose redemptions, recorded on two laptops offline, spend more than they earned. Below, every
volunteer of the area with points earned, spent and left; selecting one shows the statement (each
line with the balance after it). 记录服务 (optionally answering a resident request) and 记录兑换 open
their forms; a redemption the balance cannot carry is refused with the balance in the message.
删除所选明细 removes a statement line entered by mistake (a service only while the balance can lose
its points).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QSplitter, QVBoxLayout,
                               QWidget)

from ..domain.errors import GridkeeperError
from ..domain.changed import Changes
from ..store import points as PT
from ..store.areas import subtree_ids
from .models import RowsModel
from .overdrafts import OverdraftsBox
from .panels import current_row, make_table_view
from .people_dialogs import RedemptionDialog, ServiceDialog

TABLES = {"volunteer_services", "point_redemptions", "persons"}


def _hours(minutes) -> str:
    return f"{(minutes or 0) / 60:.1f}".rstrip("0").rstrip(".") if minutes else ""


class PointsTab(QWidget):
    def __init__(self, win, parent=None):
        super().__init__(parent)
        self.win = win
        self.db = win.db
        self.service_button = QPushButton(self.tr("记录服务"))
        self.service_button.setObjectName("record_service")
        self.redeem_button = QPushButton(self.tr("记录兑换"))
        self.redeem_button.setObjectName("record_redemption")
        self.summary = QLabel()
        self.summary.setObjectName("points_summary")
        top = QHBoxLayout()
        top.addWidget(self.service_button)
        top.addWidget(self.redeem_button)
        top.addWidget(self.summary, 1)

        self.conflict_box = OverdraftsBox(self.db, self)
        self.conflict_box.changed.connect(lambda: self.win.announce(Changes.of_tables("point_redemptions")))

        tr = self.tr
        self.balances = RowsModel([
            (lambda: tr("志愿者"), lambda r: r["name"]),
            (lambda: tr("服务次数"), lambda r: r["services"]),
            (lambda: tr("服务时长(小时)"), lambda r: _hours(r["minutes"])),
            (lambda: tr("获得积分"), lambda r: r["earned"]),
            (lambda: tr("已兑换"), lambda r: r["redeemed"]),
            (lambda: tr("结余"), lambda r: r["balance"]),
        ], self, color_fn=lambda r: "#c0392b" if r["balance"] < 0 else None, id_fn=lambda r: r["volunteer_id"])
        self.balances_view = make_table_view(self.balances, self)
        self.balances_view.setObjectName("balances_table")
        self.statement = RowsModel([
            (lambda: tr("日期"), lambda r: r["date"]),
            (lambda: tr("类型"), lambda r: tr("服务") if r["kind"] == "service" else tr("兑换")),
            (lambda: tr("内容"), lambda r: r["what"]),
            (lambda: tr("时长(小时)"), lambda r: _hours(r["minutes"])),
            (lambda: tr("积分"), lambda r: f"+{r['points']}" if r["points"] > 0 else r["points"]),
            (lambda: tr("结余"), lambda r: r["balance"]),
        ], self, color_fn=lambda r: "#c0392b" if r["balance"] < 0 else None)
        self.statement_view = make_table_view(self.statement, self)
        self.statement_view.setObjectName("statement_table")
        self.statement_view.horizontalHeader().setStretchLastSection(False)   # the activity takes the room
        self.statement_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.statement_title = QLabel()
        self.delete_line_button = QPushButton(self.tr("删除所选明细"))
        self.delete_line_button.setObjectName("delete_statement_line")
        self.delete_line_button.clicked.connect(self.delete_line)
        head = QHBoxLayout()
        head.addWidget(self.statement_title, 1)
        head.addWidget(self.delete_line_button)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(head)
        rl.addWidget(self.statement_view, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.balances_view)
        split.addWidget(right)
        split.setSizes([480, 480])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.conflict_box)
        lay.addWidget(split, 1)
        self.service_button.clicked.connect(self.record_service)
        self.redeem_button.clicked.connect(self.record_redemption)
        self.balances_view.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def current_volunteer(self):
        r = current_row(self.balances_view)
        return self.balances.record_id(r) if r >= 0 else None

    def reload(self) -> None:
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        keep = self.current_volunteer()
        area = self.win.area_id
        rows = PT.balances(self.db, area_id=area)
        self.balances.set_rows(rows)
        self.balances_view.resizeColumnsToContents()
        self.summary.setText(self.tr("志愿者 {0} 人，累计积分 {1}，已兑换 {2}").format(
            len(rows), sum(r["earned"] for r in rows), sum(r["redeemed"] for r in rows)))
        self.conflict_box.refresh(subtree_ids(self.db, area) if area else None)
        if keep:
            row = self.balances.row_of(keep)
            if row is not None:
                self.balances_view.selectRow(row)
        self._selected()

    def _selected(self) -> None:
        vid = self.current_volunteer()
        self.statement.set_rows(PT.statement(self.db, vid) if vid else [])
        self.statement_view.resizeColumnsToContents()
        name = next((r["name"] for r in self.balances.rows if r["volunteer_id"] == vid), "")
        self.statement_title.setText(self.tr("积分明细：{0}").format(name) if vid
                                     else self.tr("选择左侧的志愿者查看积分明细"))
        self.delete_line_button.setEnabled(bool(vid))

    def delete_line(self) -> bool:
        """Delete the selected statement line (a service entered by mistake, a redemption that did not happen)."""
        r = current_row(self.statement_view)
        if r < 0:
            return False
        line = self.statement.rows[r]
        text = self.tr("删除这条明细？\n{0}　{1}　{2} 分").format(line["date"], line["what"], line["points"])
        if QMessageBox.question(self, self.tr("删除明细"), text) != QMessageBox.StandardButton.Yes:
            return False
        try:
            PT.delete_line(self.db, line["kind"], line["id"])
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("无法删除"), str(e))
            return False
        self.win.announce(Changes.of_tables(*TABLES))
        return True

    def record_service(self) -> None:
        area = self.win.grid_area_id() or self.win.area_id
        dlg = ServiceDialog(self.db, area, self.current_volunteer(),
                            request_choices=PT.request_choices(self.db, area_id=self.win.area_id), parent=self)
        if dlg.exec():
            self.win.announce(Changes.of_tables(*TABLES))

    def record_redemption(self) -> None:
        choices = PT.volunteer_choices(self.db, area_id=self.win.area_id)
        dlg = RedemptionDialog(self.db, self.win.area_id, self.current_volunteer(), choices=choices, parent=self)
        if dlg.exec():
            self.win.announce(Changes.of_tables(*TABLES))

    def set_area(self, _area_id) -> None:
        self.reload()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*TABLES, "areas"):
            self.reload()
