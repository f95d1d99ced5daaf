"""Deleted records: find something deleted last week, see who deleted it, restore it."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from ..domain.errors import GridkeeperError
from ..domain.records import table as get_table
from ..store.records import list_deleted, restore_record


class DeletedDialog(QDialog):
    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.restored: list[tuple[str, str]] = []
        self.setWindowTitle(self.tr("已删除的记录"))
        self.resize(820, 460)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("删除时间"), self.tr("类型"), self.tr("记录"), self.tr("设备")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.restore_btn = QPushButton(self.tr("恢复所选"))
        self.restore_btn.clicked.connect(self.restore_selected)
        self.history_btn = QPushButton(self.tr("修改记录…"))
        self.history_btn.clicked.connect(self.show_history)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.restore_btn)
        row.addWidget(self.history_btn)
        row.addStretch(1)
        row.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("删除的记录不会真正消失：可以在这里查看是谁、何时删除的，并恢复。")))
        lay.addWidget(self.table)
        lay.addLayout(row)
        self.reload()

    def reload(self) -> None:
        self.items = list_deleted(self.db)
        self.table.setRowCount(len(self.items))
        for i, r in enumerate(self.items):
            cells = [r["deleted_at"].replace("T", " ")[:16], get_table(r["table"]).label, r["label"], r["device_name"]]
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
        has = bool(self.items)
        self.restore_btn.setEnabled(has)
        self.history_btn.setEnabled(has)

    def _selected(self) -> list[dict]:
        return [self.items[i.row()] for i in self.table.selectionModel().selectedRows()]

    def restore_selected(self) -> None:
        chosen = self._selected()
        if not chosen:
            QMessageBox.information(self, self.tr("恢复"), self.tr("请先选择要恢复的记录"))
            return
        for r in chosen:
            try:
                restore_record(self.db, r["table"], r["id"])
            except GridkeeperError as e:
                QMessageBox.warning(self, self.tr("无法恢复"), str(e))
                break
            self.restored.append((r["table"], r["id"]))
        self.reload()

    def show_history(self) -> None:
        from .history_dialog import HistoryDialog

        chosen = self._selected()
        if chosen:
            dlg = HistoryDialog(self.db, chosen[0]["table"], chosen[0]["id"], self)
            dlg.exec()
            if dlg.restored:
                self.restored.append((chosen[0]["table"], chosen[0]["id"]))
                self.reload()
