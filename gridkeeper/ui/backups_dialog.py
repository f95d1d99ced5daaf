"""The backups of this database: list with dates and record counts, restore, copy to a USB stick."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMessageBox, QPushButton

from ..domain.errors import GridkeeperError
from ..store.atrest import copy_sidecar
from ..store.backup import backup_to, list_backups
from ..store.db import open_db
from ..store.restore import inspect_backup, restore_backup
from .list_dialog import fill_table, lay_out, read_only_table
from .screen import fit_to_screen


class BackupsDialog(QDialog):
    """``restored`` is emitted with the database path after a restore: the caller reopens it."""

    restored = Signal(str)

    def __init__(self, db_path: str, parent=None):
        super().__init__(parent)
        self.db_path = db_path
        self.setWindowTitle(self.tr("备份与恢复"))
        fit_to_screen(self, 860, 420)
        self.table = read_only_table([self.tr("时间"), self.tr("类型"), self.tr("人员"), self.tr("户数"),
                                      self.tr("文件")], stretch_column=4)
        self.restore_btn = QPushButton(self.tr("恢复所选备份…"))
        self.restore_btn.clicked.connect(self.restore_selected)
        usb_btn = QPushButton(self.tr("备份到U盘…"))
        usb_btn.clicked.connect(self.backup_to_usb)
        lay_out(self, QLabel(self.tr("每天第一次打开、每次合并和导入之前都会自动备份。恢复前会先保存当前状态。")),
                self.table, [self.restore_btn, usb_btn])
        self.reload()

    def _kind_label(self, kind: str) -> str:
        return {"daily": self.tr("每日"), "before-merge": self.tr("合并前"), "before-import": self.tr("导入前"),
                "before-restore": self.tr("恢复前"), "before-migration": self.tr("升级前"),
                "manual": self.tr("手动")}.get(kind, kind)

    def reload(self) -> None:
        self.backups = list_backups(self.db_path)
        fill_table(self.table, [[b.created.strftime("%Y-%m-%d %H:%M"), self._kind_label(b.kind),
                                 "" if b.persons is None else str(b.persons),
                                 "" if b.households is None else str(b.households),
                                 str(b.path) if b.ok else self.tr("（已损坏）") + str(b.path)] for b in self.backups])
        self.restore_btn.setEnabled(bool(self.backups))

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, self.tr("恢复"), self.tr("请先选择一个备份"))
            return
        b = self.backups[rows[0].row()]
        try:
            check = inspect_backup(self.db_path, b.path)   # damaged, newer, tampered: refused before asking
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("不能恢复这个备份"), str(e))
            return
        question = self.tr("用 {when} 的备份替换当前数据？当前状态会先另存为一个备份。").format(
            when=b.created.strftime("%Y-%m-%d %H:%M"))
        if not check.same_device:
            question = self.tr("这个备份属于另一台设备 {other}，不是本数据库的设备 {this}。\n\n").format(
                other=check.device.label(), this=check.current.label()) + question
        answer = QMessageBox.question(self, self.tr("恢复备份"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            restore_backup(Path(self.db_path), b.path, allow_other_device=not check.same_device)
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("恢复失败"), str(e))
            return
        self.reload()
        self.restored.emit(self.db_path)
        QMessageBox.information(self, self.tr("已恢复"),
                                self.tr("已恢复。之后在乡镇录入或更正的数据，可以合并乡镇的返回包补齐。"))

    def backup_to_usb(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择U盘或文件夹"))
        if not folder:
            return
        from datetime import datetime

        dest = Path(folder) / f"gridkeeper备份-{datetime.now():%Y%m%d-%H%M}.db"
        try:
            db = open_db(self.db_path)
            try:
                backup_to(db, dest)
                copy_sidecar(self.db_path, dest)  # encrypted copy + its passphrase-wrapped key file
            finally:
                db.conn.close()
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("备份失败"), str(e))
            return
        QMessageBox.information(self, self.tr("已备份"), self.tr("已保存到 {path}").format(path=str(dest)))
