"""Deleted records: find something deleted last week, see who deleted it, restore it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QPushButton

from ..domain.errors import GridkeeperError
from ..domain.records import table as get_table
from ..store.history import list_deleted
from ..store.records import restore_record
from .list_dialog import fill_table, lay_out, read_only_table
from .screen import fit_to_screen


class DeletedDialog(QDialog):
    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.restored: list[tuple[str, str]] = []
        self.setWindowTitle(self.tr("已删除的记录"))
        fit_to_screen(self, 820, 460)
        self.table = read_only_table([self.tr("删除时间"), self.tr("类型"), self.tr("记录"), self.tr("设备")],
                                     stretch_column=2)
        self.restore_btn = QPushButton(self.tr("恢复所选"))
        self.restore_btn.clicked.connect(self.restore_selected)
        self.history_btn = QPushButton(self.tr("修改记录…"))
        self.history_btn.clicked.connect(self.show_history)
        lay_out(self, QLabel(self.tr("删除的记录不会真正消失：可以在这里查看是谁、何时删除的，并恢复。")),
                self.table, [self.restore_btn, self.history_btn])
        self.reload()

    def reload(self) -> None:
        self.items = list_deleted(self.db)
        fill_table(self.table, [[r["deleted_at"].replace("T", " ")[:16], get_table(r["table"]).label, r["label"],
                                 r["device_name"]] for r in self.items],
                   empty_text=self.tr("没有已删除的记录。删除的户、人员、房屋等会列在这里，可以恢复。"))
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
