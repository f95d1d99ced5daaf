"""A record's history: who changed what and when, with the old values; export and restore."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMessageBox, QPushButton

from ..domain.errors import GridkeeperError
from ..domain.records import table as get_table
from ..spreadsheets.history_export import export_history
from ..store.history import describe_changes, record_history
from ..store.records import get_record, restore_record
from .list_dialog import fill_table, lay_out, read_only_table
from .screen import fit_to_screen
from .places import in_documents


class HistoryDialog(QDialog):
    """Shows ``record_history`` for one record. A deleted record can be restored from here."""

    def __init__(self, db, table: str, rid: str, parent=None):
        super().__init__(parent)
        self.db, self.table_name, self.rid = db, table, rid
        self.restored = False
        self.setWindowTitle(self.tr("修改记录"))
        fit_to_screen(self, 900, 480)
        t = get_table(table)
        rec = get_record(db, table, rid, include_deleted=True)
        from ..store.households import record_label

        title = rec.get("name") or rec.get("number") or rec.get("summary") or record_label(db, table, rid)
        if title == rid:                      # a visit has no name of its own: never show its id
            title = rec.get("date") or ""
        self.caption = QLabel(self.tr("{kind}：{title}").format(kind=t.label, title=title))
        self.table = read_only_table([self.tr("时间"), self.tr("设备"), self.tr("操作人"), self.tr("操作"),
                                      self.tr("改动")], stretch_column=4)
        self.restore_btn = QPushButton(self.tr("恢复这条记录"))
        self.restore_btn.setVisible(bool(rec.get("deleted")))
        self.restore_btn.clicked.connect(self.restore)
        export_btn = QPushButton(self.tr("导出修改记录…"))
        export_btn.clicked.connect(self.export)
        lay_out(self, self.caption, self.table, [self.restore_btn, export_btn])
        self.reload()

    def _action_label(self, action: str) -> str:
        return {"create": self.tr("新建"), "update": self.tr("修改"), "delete": self.tr("删除"),
                "restore": self.tr("恢复")}.get(action, action)

    def reload(self) -> None:
        fill_table(self.table, [[h["when"].replace("T", " ")[:19], h.get("device_name") or h["device"][:8],
                                 h.get("user") or "", self._action_label(h["action"]),
                                 describe_changes(self.table_name, h["fields"], db=self.db)]
                                for h in record_history(self.db, self.table_name, self.rid)])
        self.table.resizeColumnsToContents()

    def restore(self) -> None:
        try:
            restore_record(self.db, self.table_name, self.rid)
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("无法恢复"), str(e))
            return
        self.restored = True
        self.restore_btn.setVisible(False)
        self.reload()

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出修改记录（文件不加密，请妥善保管）"),
                                              in_documents("修改记录.xlsx"),
                                              self.tr("Excel 文件 (*.xlsx);;CSV 文件 (*.csv)"))
        if not path:
            return
        try:
            n = export_history(self.db, path, table=self.table_name, rid=self.rid)
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("导出失败"), str(e))
            return
        QMessageBox.information(self, self.tr("已导出"), self.tr("已导出 {n} 条修改记录").format(n=n))
