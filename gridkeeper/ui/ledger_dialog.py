"""打印台账 — the dialog that prints one monthly ledger to PDF and opens it.

``LedgerDialog(db_path, areas, parent=None, default_area=None)``: the caller (the main window) passes
the database path and the areas to offer as ``[(area_id, name), ...]`` and the one to start with —
the worker's own grid, the township's root — never simply the first listed (on an enrolled laptop
that was an empty unit grid, and an empty 本月无 roster got printed). Whenever kind, month or area
change, the dialog counts what would be printed (``ledgers.service.ledger_row_count`` off the GUI
thread) and shows it above the buttons (“将打印 412 人（131 户）”). The dialog asks for the ledger kind, the month, the area, whether to print ID
numbers in full (打印身份证全号, off by default) and the output file; 打印 runs
:func:`gridkeeper.ledgers.service.print_ledger` off the GUI thread through
:func:`gridkeeper.ui.tasks.run_task` — the worker opens its own connection with ``open_db(path)``,
so no sqlite connection crosses threads — and opens the finished PDF with the system viewer
(``QDesktopServices.openUrl``). When no viewer opens, a message says where the file was saved and
offers to open its folder.

No SQL here: rows come from ``store.ledger_rows`` inside the service. Errors (a future month, a
folder that is gone, a file open in another program) are shown in the dialog, which stays open
so the user can fix the input; on success it closes. ``last_result`` holds the service's report. Closing the dialog during a long
print (a township-wide roster runs for minutes) hides it; the job still finishes and opens the PDF.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QDate, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QProgressBar,
                               QPushButton, QVBoxLayout, QWidget)

from ..ledgers.service import ledger_row_count, print_ledger
from . import tasks
from .screen import fit_to_screen

KINDS = ("visits", "care", "disputes", "households", "requests", "hazards", "floating", "points")


_KEEP: set = set()   # dialogs closed while their job runs


def _count_job(kind: str, month: str, area_id: str | None):
    def job(db, progress, cancelled):
        return ledger_row_count(db, kind=kind, month=month, area_id=area_id)
    return job


def _print_job(kind: str, month: str, area_id: str | None, out: str, full_id: bool):
    """The background part: runs with the worker thread's own connection."""
    def job(db, progress, cancelled):
        progress(0, 0, "")
        return print_ledger(db, kind=kind, month=month, area_id=area_id, out=out, full_id=full_id)
    return job


class LedgerDialog(QDialog):
    """Print a monthly ledger (台账) as PDF. See the module docstring."""

    printed = Signal(dict)   # the service's report, after the PDF was written

    def __init__(self, db_path: str, areas: list[tuple[str, str]], parent: QWidget | None = None, *,
                 default_area: str | None = None):
        super().__init__(parent)
        self.db_path = str(db_path)
        self.last_result: dict | None = None
        self.last_error: str | None = None
        self._handle = None
        self._last_suggestion = ""
        self._count_handle = None
        self._count_for = None
        self.count_result: dict | None = None
        self.setWindowTitle(self.tr("打印台账"))
        self.setMinimumWidth(520)

        self.kind = QComboBox()
        for code, label in self._kind_labels():
            self.kind.addItem(label, code)
        self.month = QDateEdit()
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setCalendarPopup(False)
        today = QDate.currentDate()
        self.month.setMaximumDate(QDate(today.year(), today.month(), today.daysInMonth()))
        self.month.setMinimumDate(QDate(2000, 1, 1))
        self.month.setDate(QDate(today.year(), today.month(), 1))
        self.area = QComboBox()
        for area_id, name in areas or []:
            self.area.addItem(name, area_id)
        if not areas:
            self.area.addItem(self.tr("全部"), None)
        if default_area is not None and self.area.findData(default_area) >= 0:
            self.area.setCurrentIndex(self.area.findData(default_area))
        self.full_id = QCheckBox(self.tr("打印身份证全号"))
        self.full_id.setToolTip(self.tr("默认只打印身份证号前 6 位和后 4 位；全号台账含个人信息，注意保管"))
        self.out = QLineEdit()
        self.out.setPlaceholderText(self.tr("保存为 PDF 文件"))
        self.browse = QPushButton(self.tr("选择…"))
        out_row = QHBoxLayout()
        out_row.setContentsMargins(0, 0, 0, 0)
        out_row.addWidget(self.out, 1)
        out_row.addWidget(self.browse)

        form = QFormLayout()
        form.addRow(self.tr("台账"), self.kind)
        form.addRow(self.tr("月份"), self.month)
        form.addRow(self.tr("区域"), self.area)
        form.addRow("", self.full_id)
        form.addRow(self.tr("输出文件"), out_row)
        self.plain_note = QLabel(self.tr("PDF 文件不加密：请只保存到自己的电脑或U盘，用完删除。"))
        self.plain_note.setObjectName("plain_note")
        self.plain_note.setWordWrap(True)
        form.addRow("", self.plain_note)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("ledger_status")
        self.count_label = QLabel()
        self.count_label.setObjectName("ledger_count")
        self.count_label.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.print_button = self.buttons.addButton(self.tr("打印"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.print_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.count_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.browse.clicked.connect(self.choose_file)
        self.print_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.reject)
        for w in (self.kind, self.area):
            w.currentIndexChanged.connect(self._suggest)
        self.month.dateChanged.connect(self._suggest)
        for w in (self.kind, self.area):
            w.currentIndexChanged.connect(self._recount)
        self.month.dateChanged.connect(self._recount)
        self._suggest()
        self._recount()
        fit_to_screen(self)

    # -- values -------------------------------------------------------------------------------

    def selected_kind(self) -> str:
        return self.kind.currentData()

    def selected_month(self) -> str:
        return self.month.date().toString("yyyy-MM")

    def selected_area(self) -> str | None:
        return self.area.currentData()

    def set_month(self, month: str) -> None:
        """``"2026-11"`` → the month field (tests and callers that default to last month)."""
        y, m = (int(x) for x in month.split("-"))
        self.month.setDate(QDate(y, m, 1))

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))

    def set_area(self, area_id: str | None) -> None:
        self.area.setCurrentIndex(max(0, self.area.findData(area_id)))

    def _kind_labels(self) -> list[tuple[str, str]]:
        labels = {"visits": self.tr("走访台账"), "care": self.tr("重点人群花名册"),
                  "disputes": self.tr("矛盾纠纷排查调处台账"), "households": self.tr("人口底册"),
                  "requests": self.tr("民生诉求登记台账"), "hazards": self.tr("问题隐患排查整改台账"),
                  "floating": self.tr("流动人口登记台账"), "points": self.tr("志愿服务积分台账")}
        return [(code, labels[code]) for code in KINDS]

    def _suggested_name(self) -> str:
        label = self.kind.currentText() or "台账"
        area = self.area.currentText() if self.area.currentData() else ""
        name = "-".join(p for p in (label, self.selected_month(), area) if p)
        return "".join("_" if c in '\\/:*?"<>|' else c for c in name) + ".pdf"

    def _default_folder(self) -> Path:
        current = self.out.text().strip()
        if current:
            return Path(current).parent
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(docs) if docs and Path(docs).is_dir() else Path.home()

    def _suggest(self, *_):
        """Until the user picks or types a file, keep the output name in step with kind, month and area."""
        if self.out.text().strip() in ("", self._last_suggestion):
            self._last_suggestion = str(self._default_folder() / self._suggested_name())
            self.out.setText(self._last_suggestion)

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("保存台账"), self.out.text(),
                                                    self.tr("PDF 文件 (*.pdf)"))
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.out.setText(path)

    # -- how much will be printed ---------------------------------------------------------------

    def _recount(self, *_):
        """Count the rows of the chosen ledger in the background; the newest choice wins."""
        key = (self.selected_kind(), self.selected_month(), self.selected_area())
        self._count_for = key
        self.count_result = None
        self.count_label.setStyleSheet("")
        self.count_label.setText(self.tr("正在统计要打印的条数…"))
        self._count_handle = tasks.run_task(_count_job(*key), self.db_path,
                                            on_done=lambda res, k=key: self._counted(k, res),
                                            on_error=lambda e, k=key: self._count_failed(k, e))

    def _counted(self, key, res: dict) -> None:
        if key != self._count_for or not shiboken6.isValid(self.count_label):
            return
        self.count_result = res
        kind, n = key[0], res["rows"]
        if kind == "households":
            text = self.tr("将打印 {0} 人（{1} 户）").format(n, res["households"])
        elif kind == "care":
            text = self.tr("将打印 {0} 名关爱对象").format(n)
        elif kind == "visits":
            text = self.tr("将打印本月 {0} 次走访").format(n)
        else:
            text = self.tr("将打印 {0} 件纠纷").format(n)
        if n == 0:
            text = self.tr("这个区域本月没有记录，台账只会印一行“本月无”。请检查区域和月份。")
            self.count_label.setStyleSheet("color: #b35c00;")
        self.count_label.setText(text)

    def _count_failed(self, key, error: BaseException) -> None:
        if key == self._count_for and shiboken6.isValid(self.count_label):
            self.count_label.setText(str(error))

    # -- printing -----------------------------------------------------------------------------

    def start(self) -> None:
        out = self.out.text().strip()
        if not out:
            self.choose_file()
            out = self.out.text().strip()
            if not out:
                return
        self._set_busy(True)
        self.last_error = None
        self.status.setStyleSheet("")
        self.status.setText(self.tr("正在生成台账…"))
        self._handle = tasks.run_task(
            _print_job(self.selected_kind(), self.selected_month(), self.selected_area(), out,
                       self.full_id.isChecked()),
            self.db_path, on_done=self._done, on_error=self._failed)

    def is_running(self) -> bool:
        return self._handle is not None and not self._handle.done

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for w in (self.kind, self.month, self.area, self.full_id, self.out, self.browse, self.print_button):
            w.setEnabled(not busy)

    def _done(self, result: dict) -> None:
        _KEEP.discard(self)
        self._set_busy(False)
        self.last_result = result
        self.status.setText(self.tr("已生成：{file}（共 {pages} 页）").format(file=result["file"], pages=result["pages"]))
        self.printed.emit(result)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(result["file"])):
            self._no_viewer(result["file"])
        self.accept()

    def _no_viewer(self, file: str) -> None:
        """No program opened the PDF: say where it is and offer its folder."""
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("台账已保存"),
                          self.tr("没有找到能打开 PDF 的程序。台账已保存在：\n{0}").format(file),
                          QMessageBox.StandardButton.Close, self)
        folder = box.addButton(self.tr("打开所在文件夹"), QMessageBox.ButtonRole.ActionRole)
        box.exec()
        if box.clickedButton() is folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(file).parent)))

    def _failed(self, error: BaseException) -> None:
        _KEEP.discard(self)
        self._set_busy(False)
        self.last_error = str(error)
        self.status.setStyleSheet("color: #c00000;")
        self.status.setText(self.last_error)
        if not self.isVisible():     # closed while printing: bring the error back to the user
            self.show()

    def reject(self) -> None:
        """Closing while the PDF is being written only hides the dialog: the job cannot be stopped
        inside reportlab, so it finishes in the background, then opens the PDF (or shows the error)."""
        if self.is_running():
            _KEEP.add(self)          # stays alive until the job reports, even if the caller drops it
            self.hide()
            self.setResult(QDialog.DialogCode.Rejected)
            return
        super().reject()

