"""合并收件箱: take in many bundle files at once, merge them in the background, show one row each.

Files come from a file dialog (many ``.gkb``), a folder (every ``.gkb`` below it) or a drop on the
widget. The run is :func:`gridkeeper.sync.service.merge_bundles` on a worker thread: a refused
bundle never stops the others, cancel takes effect between bundles (a bundle is all or nothing).
Each finished run adds rows to the table (newest run on top) and enables 写出全部返回包.

Grid and date columns: the grid is the sender's enrolled areas (a refused bundle may have no known
sender, then it stays empty); the date is when the sender wrote the bundle, read from its UUIDv7 id.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMessageBox, QProgressBar, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from ...domain.changed import Changes
from ...store.township_queries import bundle_created, device_grids
from .. import tasks
from ..models import RowsModel
from . import common
from ..places import in_documents

BUNDLE_SUFFIX = ".gkb"


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given; folders replaced by the ``.gkb`` files below them (sorted, no duplicates)."""
    out: list[str] = []
    seen = set()
    for p in paths:
        path = Path(p)
        found = sorted(x for x in path.rglob("*") if x.is_file() and x.suffix.lower() == BUNDLE_SUFFIX) \
            if path.is_dir() else [path]
        for f in found:
            key = str(f.resolve()) if f.exists() else str(f)
            if key not in seen:
                seen.add(key)
                out.append(str(f))
    return out


def merge_and_describe(db, paths, progress, cancelled) -> list[dict]:
    """The background job: merge, then describe each outcome with the sender's grid and the date."""
    from ...sync.service import merge_bundles

    outcomes = merge_bundles(db, paths, progress=progress, cancelled=cancelled)
    grids = device_grids(db)
    rows = []
    for o in outcomes:
        rep = o.report or {}
        rows.append(dict(file=o.file, name=Path(o.file).name, status=o.status, code=o.code, message=o.message,
                         sender=o.sender, sender_name=o.sender_name, grid=grids.get(o.sender, ""),
                         date=bundle_created(rep.get("bundle_id")) or "", applied=rep.get("applied", 0),
                         unchanged=rep.get("unchanged", 0), conflicts=rep.get("conflicts", 0),
                         quarantined=rep.get("quarantined", 0), rejected=rep.get("rejected", 0), report=rep))
    return rows


class InboxTab(QWidget):
    merged = Signal(object)           # Changes: a run changed the database (the views decide what to refresh)

    def __init__(self, db_path: str, parent=None):
        super().__init__(parent)
        self.db_path = db_path
        self.handle = None
        self.rows: list[dict] = []
        self._cancel_requested = False
        self.setAcceptDrops(True)
        self.setObjectName("township_inbox")

        self.hint = QLabel(self.tr("把同步包（.gkb）或装有同步包的文件夹拖到这里，或者："))
        self.add_files_btn = QPushButton(self.tr("选择同步包…"))
        self.add_folder_btn = QPushButton(self.tr("选择文件夹…"))
        self.add_files_btn.clicked.connect(self.choose_files)
        self.add_folder_btn.clicked.connect(self.choose_folder)
        self.return_btn = QPushButton(self.tr("写出全部返回包…"))
        self.return_btn.setObjectName("write_returns")
        self.return_btn.setEnabled(False)
        self.return_btn.clicked.connect(self.write_returns)
        top = QHBoxLayout()
        top.addWidget(self.hint)
        top.addWidget(self.add_files_btn)
        top.addWidget(self.add_folder_btn)
        top.addStretch(1)
        top.addWidget(self.return_btn)

        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v / %m"))
        self.progress_label = QLabel()
        self.cancel_btn = QPushButton(self.tr("取消"))
        self.cancel_btn.clicked.connect(self.cancel)
        prog = QHBoxLayout()
        prog.addWidget(self.progress, 1)
        prog.addWidget(self.progress_label, 2)
        prog.addWidget(self.cancel_btn)
        self._set_running(False)

        self.summary = QLabel(self.tr("还没有合并同步包。"))
        self.summary.setObjectName("inbox_summary")
        tr = self.tr
        self.model = RowsModel([
            (lambda: tr("文件"), lambda r: r["name"]),
            (lambda: tr("发送设备"), lambda r: r["sender_name"]),
            (lambda: tr("网格"), lambda r: r["grid"]),
            (lambda: tr("日期"), lambda r: r["date"]),
            (lambda: tr("结果"), self.result_text),
            (lambda: tr("应用"), lambda r: r["applied"] if r["status"] == "merged" else ""),
            (lambda: tr("未变"), lambda r: r["unchanged"] if r["status"] == "merged" else ""),
            (lambda: tr("冲突"), lambda r: r["conflicts"] if r["status"] == "merged" else ""),
            (lambda: tr("隔离"), lambda r: r["quarantined"] if r["status"] == "merged" else ""),
            (lambda: tr("越权拒收"), lambda r: r["rejected"] if r["status"] == "merged" else ""),
        ], self, color_fn=self._color, id_fn=lambda r: r["file"])
        self.table = QTableView()
        self.table.setObjectName("inbox_table")
        self.table.setModel(self.model)
        common.setup_table(self.table)
        for col, width in enumerate((260, 130, 170, 130, 300, 60, 60, 60, 60)):
            self.table.setColumnWidth(col, max(width, self.table.horizontalHeader().sectionSizeHint(col)))

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(prog)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)

    # -- presentation -------------------------------------------------------------------------
    def result_text(self, r: dict) -> str:
        if r["status"] == "merged":
            return self.tr("已合并")
        if r["status"] == "already_merged":
            return self.tr("已合并过")
        return self.tr("拒绝：") + (r["message"] or r["code"])

    @staticmethod
    def _color(r: dict):
        if r["status"] == "refused":
            return "#b00020"
        if r["status"] == "already_merged":
            return "#666666"
        if r["conflicts"] or r["quarantined"] or r["rejected"]:
            return "#a05a00"
        return None

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.progress_label.setVisible(running)
        self.cancel_btn.setVisible(running)
        self.cancel_btn.setEnabled(running)
        self.add_files_btn.setEnabled(not running)
        self.add_folder_btn.setEnabled(not running)
        self.return_btn.setEnabled(not running and bool(self.rows))

    # -- choosing files -----------------------------------------------------------------------
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("选择同步包"), in_documents(),
                                                self.tr("同步包 (*.gkb);;所有文件 (*)"))
        if files:
            self.merge_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择装有同步包的文件夹"), in_documents())
        if folder:
            self.merge_paths([folder])

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls() and self.handle is None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.merge_paths(paths)

    # -- merging ------------------------------------------------------------------------------
    def merge_paths(self, paths: list[str]) -> bool:
        """Start merging ``paths`` (files and/or folders). False when nothing to merge or busy."""
        if self.handle is not None:
            return False
        files = expand_paths(paths)
        if not files:
            QMessageBox.information(self, self.tr("合并同步包"), self.tr("所选位置没有同步包（.gkb 文件）。"))
            return False
        self.progress.setRange(0, len(files))
        self.progress.setValue(0)
        self.progress_label.setText("")
        self._set_running(True)
        self._cancel_requested = False
        title = self.tr("合并同步包")

        def failed(e):
            self._finish()
            common.warn(self, title, e)

        self.handle = tasks.TaskHandle()   # held before it starts: _finish clears it whenever the task ends
        tasks.run_task(lambda db, progress, cancelled: merge_and_describe(db, files, progress, cancelled),
                       self.db_path, on_done=self._merged, on_error=failed, on_progress=self._progress,
                       handle=self.handle)
        return True

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress_label.setText(Path(text).name if text else "")

    def cancel(self) -> None:
        if self.handle is not None:
            self._cancel_requested = True
            self.handle.cancel()
            self.cancel_btn.setEnabled(False)
            self.progress_label.setText(self.tr("正在取消（当前这个同步包合并完后停止）…"))

    def _finish(self) -> None:
        self.handle = None
        self._set_running(False)

    def _merged(self, rows: list[dict]) -> None:
        cancelled = self._cancel_requested
        self.rows = rows + self.rows
        self.model.set_rows(self.rows)
        n = {s: sum(r["status"] == s for r in rows) for s in ("merged", "already_merged", "refused")}
        text = self.tr("本次：合并 {0} 个，已合并过 {1} 个，拒绝 {2} 个。").format(
            n["merged"], n["already_merged"], n["refused"])
        conflicts = sum(r["conflicts"] for r in rows)
        quarantined = sum(r["quarantined"] for r in rows)
        if conflicts or quarantined:
            text += self.tr(" 有 {0} 个冲突、{1} 项隔离的修改等待审核。").format(conflicts, quarantined)
        if cancelled:
            text += self.tr(" 已取消，其余文件没有合并。")
        self.summary.setText(text)
        self._finish()
        self.merged.emit(Changes.of_merge([r["report"] for r in rows if r["status"] == "merged"], origin=self))

    # -- return bundles -----------------------------------------------------------------------
    def write_returns(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择保存返回包的文件夹（如U盘）"), in_documents())
        if not folder:
            return
        from ...sync.service import export_return_bundles

        title = self.tr("写出返回包")
        self.progress.setRange(0, 0)
        self._set_running(True)
        self.cancel_btn.setEnabled(False)

        def done(results):
            self._finish()
            self.summary.setText(self.tr("已写出 {0} 个返回包到 {1}").format(len(results), folder))
            self.merged.emit(Changes(sync=True, devices=True, origin=self))

        def failed(e):
            self._finish()
            common.warn(self, title, e)

        self.handle = tasks.TaskHandle()
        tasks.run_task(lambda db, progress, cancelled: export_return_bundles(db, folder, progress=progress),
                       self.db_path, on_done=done, on_error=failed, on_progress=self._progress, handle=self.handle)
