"""The main window's menu bar and what its entries do (文件 / 编辑 / 同步 / 帮助).

``MainActions(win)`` (the window's ``menus``) builds the menus on the window (again after a language
switch) and keeps the actions by name in ``acts`` (the window's ``acts`` is the same dict). The
entries that work with files and sync — bundles, the township card, spreadsheets, ledgers,
backups, history, the small dialogs — are its methods; editing entries (新增, 删除, 撤销, 查找) call
the window's own. Long work runs as a background task with a progress dialog
(:meth:`MainActions.run`); each dialog module is imported when first opened.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets  # QtWidgets.QMessageBox & co.: see ui.main_window's docstring
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from .. import __version__, paths
from ..domain.changed import Changes
from ..domain.errors import GridkeeperError
from ..paths import backups_dir_for
from . import settings as S
from . import tasks
from .places import in_documents

EXPORT_KINDS = ("persons", "households", "care", "visits", "disputes", "requests", "hazards")


class MainActions(QObject):
    def __init__(self, win):
        super().__init__(win)
        self.win = win
        self.acts: dict[str, QAction] = {}

    # -- the menu bar -----------------------------------------------------------------------
    def _action(self, text, slot, shortcut=None, name=None) -> QAction:
        a = QAction(text, self.win)
        if shortcut is not None:  # (setShortcuts: setShortcut's overloads would build Qt's namespace)
            a.setShortcuts(shortcut if isinstance(shortcut, QKeySequence.StandardKey) else [shortcut])
        if name:
            a.setObjectName(name)
        a.triggered.connect(lambda *_: slot())
        return a

    def build_menus(self, *, township: bool) -> dict[str, QAction]:
        """(Re)create the menu bar in the current language; returns the actions by name."""
        mb = self.win.menuBar()
        for a in mb.actions():
            if a.menu() is not None:
                a.menu().deleteLater()
        mb.clear()
        for a in self.acts.values():
            a.deleteLater()
        self.acts = {}
        self._file_menu(mb.addMenu(self.tr("文件(&F)")))
        self._edit_menu(mb.addMenu(self.tr("编辑(&E)")), township=township)
        self._sync_menu(mb.addMenu(self.tr("同步(&S)")), township=township)
        self._help_menu(mb.addMenu(self.tr("帮助(&H)")))
        return self.acts

    def _file_menu(self, menu) -> None:
        win = self.win
        self.acts["open"] = self._action(self.tr("打开数据库…"), self.open_database, QKeySequence.StandardKey.Open)
        menu.addAction(self.acts["open"])
        lang = menu.addMenu(self.tr("语言 / Language"))
        group = QActionGroup(self)
        for code, label in (("zh", "中文"), ("en", "English")):
            a = self._action(label, lambda c=code: win.switch_language(c), name=f"lang_{code}")
            a.setCheckable(True)
            a.setChecked(S.language() == code)
            group.addAction(a)
            lang.addAction(a)
            self.acts[f"lang_{code}"] = a
        menu.addSeparator()
        self.acts["ledger"] = self._action(self.tr("打印台账…"), self.print_ledger, QKeySequence.StandardKey.Print,
                                           "ledger")
        self.acts["import"] = self._action(self.tr("导入表格…"), self.import_sheet, name="import")
        labels = dict(zip(EXPORT_KINDS, (self.tr("人口"), self.tr("户"), self.tr("重点关爱对象"), self.tr("走访记录"),
                                         self.tr("矛盾纠纷"), self.tr("民生诉求"), self.tr("问题隐患"))))
        export_menu = menu.addMenu(self.tr("导出表格"))
        for kind in EXPORT_KINDS:
            export_menu.addAction(self._action(labels[kind], lambda k=kind: self.export_list(k), name=f"export_{kind}"))
        self.acts["backups"] = self._action(self.tr("备份与恢复…"), self.show_backups, name="backups")
        for k in ("ledger", "import"):
            menu.addAction(self.acts[k])
        menu.addMenu(export_menu)
        menu.addAction(self.acts["backups"])
        menu.addSeparator()
        menu.addAction(self._action(self.tr("退出"), win.close, QKeySequence.StandardKey.Quit))

    def _edit_menu(self, menu, *, township: bool) -> None:
        win = self.win
        self.acts["undo"] = self._action(self.tr("撤销"), win.undo, QKeySequence.StandardKey.Undo, "undo")
        self.acts["new"] = self._action(self.tr("新增"), win.new_record, QKeySequence.StandardKey.New, "new")
        self.acts["delete"] = self._action(self.tr("删除"), win.delete_current, QKeySequence.StandardKey.Delete,
                                           "delete")
        self.acts["find"] = self._action(self.tr("查找"), lambda: win.search_box.focus(),
                                         QKeySequence.StandardKey.Find, "find")
        self.acts["history"] = self._action(self.tr("修改记录…"), self.show_history, QKeySequence("Ctrl+H"),
                                            "history")
        self.acts["deleted"] = self._action(self.tr("已删除的记录…"), self.show_deleted, name="deleted")
        for k in ("undo", "new", "delete", "find", "history", "deleted"):
            menu.addAction(self.acts[k])
        if township:
            self.acts["care_intervals"] = self._action(self.tr("关爱走访周期…"), self.edit_care_intervals,
                                                       name="care_intervals")
            menu.addSeparator()
            menu.addAction(self.acts["care_intervals"])
        self.acts["undo"].setEnabled(bool(win.undo_stack))

    def _sync_menu(self, menu, *, township: bool) -> None:
        self.acts["export"] = self._action(self.tr("导出同步包…"), self.export_bundle, name="export")
        self.acts["merge"] = self._action(self.tr("合并同步包…"), self.merge_bundles, name="merge")
        self.acts["card"] = self._action(self.tr("导入乡镇卡片…"), self.import_card, name="card")
        self.acts["reindex"] = self._action(self.tr("重建搜索索引"), self.rebuild_index, name="reindex")
        self.acts["own_card"] = self._action(
            self.tr("导出乡镇公钥卡片…") if township else self.tr("导出本机登记申请…"), self.export_own_card,
            name="own_card")
        for k in ("export", "merge", "card", "own_card"):
            menu.addAction(self.acts[k])
        menu.addSeparator()
        menu.addAction(self.acts["reindex"])

    def _help_menu(self, menu) -> None:
        self.acts["guide"] = self._action(self.tr("使用说明"), self.show_guide, QKeySequence.StandardKey.HelpContents,
                                          "guide")
        self.acts["shortcuts"] = self._action(self.tr("快捷键"), lambda: self.show_guide(tab=1), name="shortcuts")
        self.acts["about"] = self._action(self.tr("关于网格通"), self.show_about, name="about")
        for k in ("guide", "shortcuts", "about"):
            menu.addAction(self.acts[k])

    # -- background work --------------------------------------------------------------------
    def run(self, title: str, fn, on_done, *, cancellable=True):
        """``fn(db, progress, cancelled)`` as a background task behind a progress dialog."""
        win = self.win
        dlg = QtWidgets.QProgressDialog(title, self.tr("取消") if cancellable else None, 0, 0, win)
        dlg.setWindowTitle(title)
        dlg.setMinimumDuration(300)
        dlg.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
        self.progress_dialog = dlg

        def progress(done, total, text):
            dlg.setMaximum(max(total, 1))
            dlg.setValue(done)
            if text:
                dlg.setLabelText(f"{title}\n{Path(text).name}")

        def done(result):
            dlg.close()
            on_done(result)

        def failed(e):
            dlg.close()
            QtWidgets.QMessageBox.warning(win, title, str(e) if isinstance(e, GridkeeperError) else
                                          self.tr("出错了：{0}（详情已写入日志）").format(e))

        handle = tasks.run_task(fn, win.path, on_done=done, on_error=failed, on_progress=progress)
        dlg.canceled.connect(handle.cancel)
        return handle

    # -- files and sync ---------------------------------------------------------------------
    def open_database(self) -> None:
        win = self.win
        path, _ = QtWidgets.QFileDialog.getOpenFileName(win, self.tr("打开数据库"), str(Path(win.path).parent),
                                                        self.tr("gridkeeper 数据库 (*.db);;所有文件 (*)"))
        if not path:
            return
        win.open_requested.emit(path)  # the app opens it in a new window and closes this one if that worked

    def export_bundle(self) -> None:
        from ..sync.service import export_bundle  # lazy: start-up

        out = QtWidgets.QFileDialog.getExistingDirectory(self.win, self.tr("选择保存同步包的文件夹（如U盘）"), in_documents())
        if not out:
            return

        def done(res):
            self.win.announce(Changes(sync=True))
            QtWidgets.QMessageBox.information(self.win, self.tr("导出同步包"), self.tr("同步包已保存：\n{0}").format(res.path))

        self.run(self.tr("导出同步包"), lambda db, progress, cancelled: export_bundle(db, out), done,
                 cancellable=False)

    def merge_bundles(self) -> None:
        from ..sync.service import merge_bundles, outcome_line  # lazy: start-up

        files, _ = QtWidgets.QFileDialog.getOpenFileNames(self.win, self.tr("选择同步包"), in_documents(),
                                                          self.tr("同步包 (*.gkb);;所有文件 (*)"))
        if not files:
            return

        def done(outcomes):
            self.win.announce(Changes.of_merge([o.report for o in outcomes if o.status == "merged"]))
            text = "\n".join(outcome_line(o) for o in outcomes) or self.tr("没有合并任何同步包")
            merged = sum(o.status == "merged" for o in outcomes)
            summary = self.tr("合并 {0} 个，共 {1} 个文件").format(merged, len(outcomes))
            QtWidgets.QMessageBox.information(self.win, self.tr("合并结果"), summary + "\n\n" + text)

        self.run(self.tr("合并同步包"),
                 lambda db, progress, cancelled: merge_bundles(db, files, progress=progress, cancelled=cancelled),
                 done)

    def import_card(self) -> None:
        from ..sync.enrolment import import_card  # lazy: start-up

        win = self.win
        path, _ = QtWidgets.QFileDialog.getOpenFileName(win, self.tr("选择乡镇公钥卡片"), in_documents(),
                                                        self.tr("公钥卡片 (*.gkpub);;所有文件 (*)"))
        if not path:
            return
        try:
            card = import_card(win.db, path)
        except GridkeeperError as e:
            QtWidgets.QMessageBox.warning(win, self.tr("导入乡镇卡片"), str(e))
            return
        win.announce(Changes(devices=True))
        QtWidgets.QMessageBox.information(win, self.tr("导入乡镇卡片"), self.tr("已信任：{0}\n指纹：{1}\n请打电话与乡镇核对指纹。").format(
            card["name"], card["fingerprint"]))

    def rebuild_index(self) -> None:
        from ..store.search import refresh_search_index  # lazy: start-up

        self.run(self.tr("重建搜索索引"), lambda db, p, c: refresh_search_index(db, full=True),
                 lambda n: self.win.statusBar().showMessage(self.tr("搜索索引已重建：{0} 条").format(n), 5000),
                 cancellable=False)

    def export_own_card(self) -> None:
        """A worker's enrolment request (or the township's card) to hand over on a USB stick."""
        from ..store.devices import self_device  # lazy: start-up
        from ..sync.enrolment import export_card  # lazy: start-up

        win = self.win
        default = f"{self_device(win.db).name}.gkpub"
        path, _ = QtWidgets.QFileDialog.getSaveFileName(win, self.acts["own_card"].text().rstrip("…"),
                                                        in_documents(default), self.tr("公钥卡片 (*.gkpub)"))
        if not path:
            return
        try:
            card = export_card(win.db, path)
        except GridkeeperError as e:
            QtWidgets.QMessageBox.warning(win, self.tr("导出失败"), str(e))
            return
        QtWidgets.QMessageBox.information(win, self.tr("已导出"), self.tr(
            "已保存：{0}\n指纹：{1}\n交给乡镇后，请打电话与乡镇工作人员核对这串数字。").format(path, card["fingerprint"]))

    # -- ledgers, spreadsheets, backups, history --------------------------------------------
    def area_choices(self) -> list[tuple[str, str]]:
        """(id, label) of every area; grids are labelled with their village (names repeat across villages)."""
        areas = self.win.areas()
        out = []
        for a in areas.values():
            parent = areas.get(a["parent_id"]) if a["parent_id"] else None
            top = a["level"] in ("township", "village", "community") or parent is None
            out.append((a["id"], a["name"] if top else f"{parent['name']} {a['name']}"))
        return out

    def print_ledger(self) -> None:
        from .ledger_dialog import LedgerDialog  # lazy: start-up

        win = self.win
        LedgerDialog(win.path, self.area_choices(), win, default_area=win.home_area_id()).show()

    def import_sheet(self) -> None:
        from .import_dialog import ImportDialog  # lazy: start-up

        dlg = ImportDialog(self.win.path, self.win, areas=self.area_choices())
        dlg.imported.connect(lambda res: self.win.announce(res.changes))
        dlg.show()

    def export_list(self, kind: str) -> None:
        from .import_dialog import export_list_dialog  # lazy: start-up

        export_list_dialog(self.win.path, kind, self.win.area_id, self.win)

    def show_backups(self) -> None:
        from .backups_dialog import BackupsDialog  # lazy: start-up

        dlg = BackupsDialog(self.win.path, self.win)
        dlg.restored.connect(self.win.reopen)
        dlg.exec()

    def show_history(self) -> None:
        from .history_dialog import HistoryDialog  # lazy: start-up

        win = self.win
        table, rid = win.current_record()
        if not rid:
            win.statusBar().showMessage(self.tr("请先选择一条记录"), 3000)
            return
        dlg = HistoryDialog(win.db, table, rid, win)
        dlg.exec()
        if dlg.restored:
            win.announce(Changes.of_tables(table))

    def show_deleted(self) -> None:
        from .deleted_dialog import DeletedDialog  # lazy: start-up

        dlg = DeletedDialog(self.win.db, self.win)
        dlg.exec()
        if dlg.restored:
            self.win.announce(Changes.of_tables(*{t for t, _ in dlg.restored}))

    def edit_care_intervals(self) -> None:
        from .care_intervals_dialog import CareIntervalsDialog  # lazy: start-up

        dlg = CareIntervalsDialog(self.win.db, self.win)
        self.win.last_dialog = dlg
        if dlg.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            self.win.announce(Changes(settings=True))

    def show_guide(self, tab: int = 0) -> None:
        from .help_dialog import HelpDialog  # lazy: start-up

        self.win.last_dialog = HelpDialog(self.win, tab=tab)
        self.win.last_dialog.exec()

    def show_about(self) -> None:
        win = self.win
        QtWidgets.QMessageBox.about(win, self.tr("关于网格通"), self.tr(
            "网格通 gridkeeper {0}\n网格员离线台账工具：人口、重点关爱、走访、矛盾纠纷，月底打印台账，"
            "用加密同步包与乡镇交换数据。不联网。\n\n数据文件夹：{1}\n当前数据库：{2}\n备份：{3}").format(
            __version__, paths.data_dir(), win.path, backups_dir_for(win.path)))
