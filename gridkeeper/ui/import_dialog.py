"""导入表格 / 导出表格 — the spreadsheet import dialog and a small export helper.

``ImportDialog(db_path, parent=None, areas=None)`` walks the user through one import:

1. 选择文件 (.xlsx / .csv). The sheet is read and an import *plan* is made off the GUI thread
   (:func:`gridkeeper.ui.tasks.run_task`; the task opens its own connection with ``open_db``).
2. 列对应: headers the reader did not recognise are listed with a field picker each, so a roster
   with "身份证" spelled some new way can still be imported. The choice is remembered in QSettings
   per set of headers (``import/mapping/<hash of the header row>``): next month's roster from the
   same office maps itself.
3. 预览: created / updated / unchanged / bad counts and the row-by-row plan; bad rows show their
   sheet row number, column and reason. Rows without a 网格 column go to the area picked at the top.
4. 导入: :func:`gridkeeper.spreadsheets.importer.apply_import` runs in a task with a progress bar and a
   cancel button (cancel rolls everything back). With 跳过错误行 the good rows are imported and the
   bad ones written beside the source as ``<name>-错误行.xlsx`` to fix and import again.

A resident request list (a sheet with a 诉求内容 column, :mod:`spreadsheets.import_requests`) goes
through the same steps without the column mapping; its plan and result carry ``kind = "requests"``.

The dialog emits ``imported(result)`` after a successful import; the main window announces
``result.changes``.
``export_list_dialog(db_path, kind, area_id=None, parent=None)`` asks for a file name and exports
one list in a task. No SQL here: everything goes through store service functions.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QFileDialog,
                               QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QMessageBox, QProgressBar, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ..domain.lang import get_language
from ..sheets.columns import FIELD_LABELS_EN, FIELD_LABELS_ZH, FIELDS
from ..sheets.reader import read_sheet
from ..spreadsheets.exporter import export_list
from ..spreadsheets.import_requests import (RequestImportResult, apply_request_import, bad_request_rows_path,
                                            is_request_sheet, plan_request_import, write_bad_request_rows)
from ..spreadsheets.importer import apply_import, bad_rows_path, plan_import, write_bad_rows
from ..store.areas import area_tree
from . import tasks
from .i18n import translate
from .settings import settings
from .screen import fit_to_screen
from .places import in_documents


def mapping_key(columns: list[str]) -> str:
    """The QSettings key under which the column mapping of this header row is remembered."""
    digest = hashlib.sha1("\x1f".join(sorted(c for c in columns if c)).encode("utf-8")).hexdigest()[:16]
    return f"import/mapping/{digest}"


def load_mapping(columns: list[str]) -> dict[str, str | None]:
    raw = settings().value(mapping_key(columns))
    try:
        data = json.loads(raw) if raw else {}
    except (TypeError, ValueError):
        return {}
    return {str(k): (v if v in FIELDS else None) for k, v in data.items()}


def save_mapping(columns: list[str], mapping: dict[str, str | None]) -> None:
    settings().setValue(mapping_key(columns), json.dumps(mapping, ensure_ascii=False, sort_keys=True))


# -- background jobs (run on a worker thread with their own connection) ------------------------

def _read_and_plan(path: str, mapping: dict | None, area_id: str | None):
    def job(db, progress, cancelled):
        base = read_sheet(path)
        if is_request_sheet(base):   # a township's resident request list (民生诉求台账): no column mapping
            plan = plan_request_import(db, base, area_id=area_id)
            plan.source = path
            return {"base_unknown": [], "columns": base.columns, "mapping": {}, "plan": plan}
        saved = mapping
        if saved is None:
            saved = load_mapping(base.columns)
        table = read_sheet(path, saved) if saved else base
        plan = plan_import(db, table, area_id=area_id, source=path,
                           progress=lambda d, t: progress(d, t, ""))
        return {"base_unknown": base.unknown_columns, "columns": base.columns, "mapping": saved or {},
                "plan": plan}
    return job


def _apply_requests(plan, skip_bad: bool):
    def job(db, progress, cancelled):
        result = RequestImportResult.from_report(apply_request_import(db, plan, skip_bad=skip_bad))
        if result.imported and plan.bad_rows and plan.source:
            side = bad_request_rows_path(plan.source)
            write_bad_request_rows(plan, side)
            result.side_file = str(side)
        return result
    return job


def _is_request_plan(plan) -> bool:
    return getattr(plan, "kind", None) == "requests"


def _apply(plan, skip_bad: bool):
    if _is_request_plan(plan):
        return _apply_requests(plan, skip_bad)

    def job(db, progress, cancelled):
        result = apply_import(db, plan, skip_bad=skip_bad, progress=lambda d, t: progress(d, t, ""),
                              cancelled=cancelled)
        if result.imported and plan.bad_rows and plan.source:
            side = bad_rows_path(plan.source)
            write_bad_rows(plan, side)
            result.side_file = str(side)
        return result
    return job


def _load_areas(db, progress, cancelled):
    return [(a["id"], a["name"], a["level"]) for a in area_tree(db)]


class ImportDialog(QDialog):
    """Import persons, households and care subjects from a spreadsheet (see the module docstring)."""

    imported = Signal(object)   # ImportResult

    def __init__(self, db_path: str, parent: QWidget | None = None,
                 areas: list[tuple[str, str]] | None = None):
        super().__init__(parent)
        self.db_path = str(db_path)
        self.plan = None
        self._applied_plan = None
        self.last_result = None
        self.last_error: str | None = None
        self._columns: list[str] = []
        self._mapping: dict[str, str | None] = {}
        self._handle = None
        self._filling = False
        self.setWindowTitle(self.tr("导入表格"))
        fit_to_screen(self, 900, 640)

        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("选择 .xlsx 或 .csv 文件"))
        self.browse = QPushButton(self.tr("选择文件…"))
        self.browse.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse)

        self.area = QComboBox()
        self.area.addItem(self.tr("（按表中“网格”列）"), None)
        self.area.currentIndexChanged.connect(lambda _: self.refresh_plan())
        self.skip_bad = QCheckBox(self.tr("跳过错误行（正确的行先导入，错误行另存为文件，改正后再导入）"))
        self.skip_bad.toggled.connect(self._skip_toggled)

        form = QFormLayout()
        form.addRow(self.tr("文件"), row)
        form.addRow(self.tr("无“网格”列时导入到"), self.area)

        self.mapping_label = QLabel(self.tr("以下列未能识别，请选择对应的字段（不需要的选“忽略”）："))
        self.mapping_table = QTableWidget(0, 2)
        self.mapping_table.setHorizontalHeaderLabels([self.tr("表中的列"), self.tr("对应字段")])
        self.mapping_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setMaximumHeight(150)
        self.mapping_label.hide()
        self.mapping_table.hide()

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.preview = QTableWidget(0, 4)
        self.preview.setHorizontalHeaderLabels([self.tr("行号"), self.tr("操作"), self.tr("姓名"),
                                                self.tr("说明")])
        self.preview.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.preview.verticalHeader().setVisible(False)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.mapping_label)
        lay.addWidget(self.mapping_table)
        lay.addWidget(self.summary)
        lay.addWidget(self.preview, 1)
        lay.addWidget(self.skip_bad)
        lay.addLayout(self._button_row())
        self._update_buttons()

        if areas is not None:
            self._set_areas([(a[0], a[1], None) for a in areas])
        else:
            tasks.run_task(_load_areas, self.db_path, on_done=self._set_areas,
                           on_error=lambda e: None)

    def _button_row(self) -> QHBoxLayout:
        """The progress bar (shown while importing), 导入 and 关闭."""
        self.progress = QProgressBar()
        self.progress.hide()
        self.import_button = QPushButton(self.tr("导入"))
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton(self.tr("关闭"))
        self.cancel_button.clicked.connect(self._cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(0)             # keeps 导入/关闭 button-sized while the progress bar is hidden
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        return buttons

    # -- areas -------------------------------------------------------------------------------
    def _set_areas(self, areas) -> None:
        self._filling = True
        try:
            for aid, name, level in areas:
                if level in (None, "grid", "micro_grid", "unit_grid", "village", "community"):
                    self.area.addItem(name, aid)
            grids = [i for i in range(1, self.area.count())]
            if len(grids) == 1:
                self.area.setCurrentIndex(1)
        finally:
            self._filling = False

    def _skip_toggled(self, _checked: bool) -> None:
        if self.plan is not None:
            self._fill_preview()
        self._update_buttons()

    def _run(self, job, on_done, on_error) -> None:
        """Start a task; its callbacks clear ``_handle`` when it ends (held before it starts)."""
        self._handle = tasks.TaskHandle()
        self._update_buttons()
        tasks.run_task(job, self.db_path, on_done=on_done, on_error=on_error, on_progress=self._on_progress,
                       handle=self._handle)

    def area_id(self) -> str | None:
        return self.area.currentData()

    # -- choosing and planning ---------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择要导入的表格"), in_documents(),
                                              self.tr("表格文件 (*.xlsx *.csv)"))
        if path:
            self.set_file(path)

    def set_file(self, path: str) -> None:
        self.path_edit.setText(str(path))
        self._mapping = {}
        self._columns = []
        self.refresh_plan(use_saved=True)

    def refresh_plan(self, use_saved: bool = False) -> None:
        path = self.path_edit.text()
        if not path or self._filling:
            return
        self.plan = None
        self._update_buttons()
        self.summary.setText(self.tr("正在读取表格…"))
        mapping = None if use_saved else dict(self._mapping)
        self._run(_read_and_plan(path, mapping, self.area_id()), self._planned, self._failed)

    def _planned(self, out: dict) -> None:
        self._handle = None
        self.progress.hide()
        self.plan = out["plan"]
        self._columns = out["columns"]
        self._mapping = dict(out["mapping"])
        self._fill_mapping(out["base_unknown"])
        self._fill_preview()
        self._update_buttons()

    def _failed(self, err: BaseException) -> None:
        self._handle = None
        self.progress.hide()
        self.last_error = str(err)
        self.summary.setText(str(err))
        self._update_buttons()

    def _on_progress(self, done: int, total: int, _text: str) -> None:
        self.progress.show()
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    # -- column mapping ----------------------------------------------------------------------
    def _fill_mapping(self, unknown: list[str]) -> None:
        self._filling = True
        try:
            self.mapping_table.setRowCount(len(unknown))
            labels = FIELD_LABELS_EN if get_language() == "en" else FIELD_LABELS_ZH
            for i, header in enumerate(unknown):
                item = QTableWidgetItem(header)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.mapping_table.setItem(i, 0, item)
                combo = QComboBox()
                combo.addItem(self.tr("忽略"), None)
                for f in FIELDS:
                    combo.addItem(labels[f], f)
                idx = combo.findData(self._mapping.get(header))
                combo.setCurrentIndex(max(idx, 0))
                combo.currentIndexChanged.connect(lambda _i, h=header, c=combo: self._mapping_changed(h, c))
                self.mapping_table.setCellWidget(i, 1, combo)
        finally:
            self._filling = False
        self.mapping_label.setVisible(bool(unknown))
        self.mapping_table.setVisible(bool(unknown))

    def _mapping_changed(self, header: str, combo: QComboBox) -> None:
        if self._filling:
            return
        field = combo.currentData()
        self._mapping[header] = field
        save_mapping(self._columns, self._mapping)
        self.refresh_plan()

    def set_mapping(self, header: str, field: str | None) -> None:
        """Pick ``field`` for ``header`` in the mapping table (as the user would)."""
        for i in range(self.mapping_table.rowCount()):
            if self.mapping_table.item(i, 0).text() == header:
                combo = self.mapping_table.cellWidget(i, 1)
                combo.setCurrentIndex(combo.findData(field))
                return
        raise KeyError(header)

    # -- preview -----------------------------------------------------------------------------
    def _plan_summary(self, plan) -> str:
        c = plan.counts()
        if _is_request_plan(plan):
            text = self.tr("民生诉求表：新增 {created} 条，不变 {unchanged} 条，错误 {bad} 行").format(
                created=c["created"], unchanged=c["unchanged"], bad=c["bad"])
        else:
            text = self.tr("新增 {created} 人，更新 {updated} 人，不变 {unchanged} 人，错误 {bad} 行；"
                           "新建 {households} 户、{houses} 处房屋；关爱对象新增 {care_created}、更新 {care_updated}").format(
                created=c["created"], updated=c["updated"], unchanged=c["unchanged"], bad=c["bad"],
                households=c["households_created"], houses=c.get("houses_created", 0),
                care_created=c["care_created"], care_updated=c["care_updated"])
        if c["bad"] and not self.skip_bad.isChecked():
            text += self.tr("。有错误行时不会导入任何数据：请改正表格，或勾选“跳过错误行”。")
        return text

    def _action_label(self, action: str) -> str:
        labels = {"create": self.tr("新增"), "update": self.tr("更新"), "unchanged": self.tr("不变"),
                  "error": self.tr("错误")}
        return labels.get(action, action)

    def _fill_preview(self) -> None:
        plan = self.plan
        self.summary.setText(self._plan_summary(plan))
        rows = [r for r in plan.rows if r.action != "unchanged"]
        rows.sort(key=lambda r: (r.action != "error", r.row))
        self.preview.setRowCount(len(rows))
        for i, r in enumerate(rows):
            if r.problems:
                detail = "；".join(f"[{p.column}] {p.message}" for p in r.problems)
            elif _is_request_plan(plan):
                detail = r.values.get("content") or ""
            else:
                detail = "，".join(f"{k}: {o or ''} → {n}" for k, (o, n) in r.changes.items())
            name = (r.values or {}).get("requester_name") or "" if _is_request_plan(plan) else r.name
            for j, v in enumerate((str(r.row), self._action_label(r.action), name, detail)):
                item = QTableWidgetItem(v)
                if r.problems:
                    item.setForeground(Qt.GlobalColor.red)
                self.preview.setItem(i, j, item)

    def _update_buttons(self) -> None:
        busy = self._handle is not None
        plan = self.plan
        can = False
        if plan is not None and not busy:
            c = plan.counts()
            work = c["created"] + c.get("updated", 0)
            can = work > 0 and (c["bad"] == 0 or self.skip_bad.isChecked())
        self.import_button.setEnabled(can)
        self.browse.setEnabled(not busy)
        self.cancel_button.setText(self.tr("取消") if busy else self.tr("关闭"))

    # -- import ------------------------------------------------------------------------------
    def start_import(self) -> None:
        if self.plan is None:
            return
        self.progress.setValue(0)
        self.progress.show()
        self._applied_plan = self.plan
        self._run(_apply(self.plan, self.skip_bad.isChecked()), self._done, self._import_failed)

    def _done(self, result) -> None:
        self._handle = None
        self.progress.hide()
        self.last_result = result
        self.plan = None
        if not result.imported:
            self.summary.setText(self.tr("有错误行，未导入任何数据。"))
            self._update_buttons()
            return
        self.summary.setText(self._result_summary(result))
        self.preview.setRowCount(0)
        self._update_buttons()
        self.imported.emit(result)

    def _result_summary(self, result) -> str:
        if _is_request_plan(self._applied_plan):
            msg = self.tr("导入完成：新增民生诉求 {created} 条。").format(created=result.created)
        else:
            msg = self.tr("导入完成：新增 {created} 人，更新 {updated} 人，新建 {households} 户、{houses} 处房屋。").format(
                created=result.created, updated=result.updated, households=result.households_created,
                houses=result.houses_created)
        if result.side_file:
            msg += "\n" + self.tr("{n} 行错误未导入，已另存为 {file}，改正后可再次导入。").format(
                n=len(result.skipped_rows), file=result.side_file)
        return msg

    def _import_failed(self, err: BaseException) -> None:
        self._handle = None
        self.progress.hide()
        self.last_error = str(err)
        self.summary.setText(self.tr("导入失败，数据库没有任何改动：{err}").format(err=err))
        self._update_buttons()

    def _cancel_or_close(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
        else:
            self.reject()


def export_list_dialog(db_path: str, kind: str, area_id: str | None = None,
                       parent: QWidget | None = None, out: str | None = None):
    """Ask for a file name (unless ``out`` is given) and export the ``kind`` list in a task.

    Returns the task handle (None when the user cancelled the file dialog). A message box reports
    the result or the error.
    """
    names = {"persons": "人口底册", "households": "户籍底册", "care": "重点人群花名册",
             "visits": "走访台账", "disputes": "矛盾纠纷台账", "requests": "民生诉求登记台账",
             "hazards": "问题隐患排查整改台账"}
    if out is None:
        out, _ = QFileDialog.getSaveFileName(parent, translate("ImportDialog", "导出表格（导出的文件不加密，请妥善保管）"),
                                             in_documents(f"{names.get(kind, kind)}.xlsx"),
                                             translate("ImportDialog", "Excel 表格 (*.xlsx);;CSV 文件 (*.csv)"))
        if not out:
            return None
    if Path(out).suffix.lower() not in (".xlsx", ".csv"):
        out = str(out) + ".xlsx"

    def job(db, progress, cancelled):
        return export_list(db, kind, area_id, out, progress=lambda n: progress(n, 0, ""))

    def done(n):
        QMessageBox.information(parent, translate("ImportDialog", "导出完成"),
                                translate("ImportDialog", "已导出 {n} 行到 {out}").format(n=n, out=out))

    def failed(err):
        QMessageBox.warning(parent, translate("ImportDialog", "导出失败"), str(err))

    return tasks.run_task(job, db_path, on_done=done, on_error=failed)
