"""积分透支: the review items a merge can bring to volunteer points (``store.points.negative_balances``).

One line per volunteer whose redemptions, recorded offline on two laptops, spend more than they
earned, with those redemptions beneath (where, when, how many points, which laptop). 更正所选兑换
asks for the points the shop really gave (0: the redemption is void) and writes it through
``store.points.correct_redemption`` — an ordinary versioned write that settles the item here and
wherever it arrives. The same box sits in the worker's 志愿积分 tab and in the township's 待审核 tab.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..domain.errors import GridkeeperError
from ..store import points as PT


class OverdraftsBox(QWidget):
    changed = Signal()

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.items: list = []
        self.tree = QTreeWidget()
        self.tree.setObjectName("negative_balances")
        self.tree.setHeaderLabels([self.tr("积分透支（多台电脑同时兑换，待核对）"), self.tr("日期"), self.tr("积分"),
                                   self.tr("录入设备")])
        self.tree.setStyleSheet("QTreeWidget { color: #c0392b; }")
        self.tree.setMaximumHeight(130)
        self.fix_button = QPushButton(self.tr("更正所选兑换"))
        self.fix_button.setObjectName("correct_redemption")
        self.fix_button.clicked.connect(self.correct_selected)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tree)
        lay.addWidget(self.fix_button, 0, Qt.AlignmentFlag.AlignLeft)

    def refresh(self, area_ids: list[str] | None = None) -> int:
        """Reload the items (within ``area_ids`` when given); shows itself only when there are any."""
        self.items = PT.negative_balances(self.db, area_ids=area_ids)
        self.tree.clear()
        for it in self.items:
            top = QTreeWidgetItem([self.tr("{0}：获得 {1}，兑换 {2}，结余 {3}").format(
                it.name, it.earned, it.redeemed, it.balance), "", "", ""])
            for r in it.redemptions:
                child = QTreeWidgetItem([f"{r['shop']}：{r['goods']}", r["date"], str(r["points"]),
                                         r["device_name"] or ""])
                child.setData(0, Qt.ItemDataRole.UserRole, r["id"])
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.setVisible(bool(self.items))
        return len(self.items)

    def correct_selected(self) -> None:
        item = self.tree.currentItem()
        rid = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if not rid:
            QMessageBox.information(self, self.tr("更正兑换"), self.tr("请先选中一条兑换记录"))
            return
        points, ok = QInputDialog.getInt(self, self.tr("更正兑换"),
                                         self.tr("实际兑换的积分（填 0 表示这次兑换作废）："), int(item.text(2)), 0, 3650)
        if not ok:
            return
        try:
            PT.correct_redemption(self.db, rid, points=points or None, delete=points == 0)
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("无法更正"), str(e))
            return
        self.changed.emit()
