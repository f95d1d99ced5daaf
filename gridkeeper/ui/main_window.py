"""The main window: area tree, search, six tabs, menus, status bar, undo.

Layout: on the left the grid tree (township → village/community → grid → micro-grid) and the
global search with its results; on the right the tabs 户与人员 / 重点关爱 / 走访记录 / 矛盾纠纷 / 民生诉求 / 问题隐患. Selecting
an area narrows every list to its subtree. Every edit goes through the store and commits at once;
the window keeps the ``Change`` lists of the session's edits on an undo stack (Ctrl+Z undoes the
newest with ``store.records.undo_changes``, itself a new versioned write that syncs like any other).
Every operation that changes data announces what changed (a ``Changes``) on the window's one
signal, ``announcer.changed``; each view (the tabs, the tree, the township workspace) decides for
itself whether it cares. No view calls another view's refresh.

Changing the language rebuilds the window's widgets (every ``tr()`` string is evaluated again);
the database, the selected area and the geometry stay.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QDialog, QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressDialog, QSplitter,
                               QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ..domain import vocab as V
from ..domain.errors import GridkeeperError
from ..domain.changed import Changes
from ..domain.lang import pick
from ..domain.records import table as get_table
from ..store import meta
from ..store.areas import area_tree
from ..store.changes import Change
from ..store import households as H
from ..store.db import db_path
from ..store.records import delete_record, undo_changes
from . import settings as S
from . import tasks
from .announcer import Announcer
from .care_tab import CareTab, VisitsTab
from .disputes_tab import DisputesTab
from .floating_tab import FloatingTab
from .points_tab import PointsTab
from .editors import RecordDialog
from .households_tab import HouseholdsTab
from .next_steps import NextStepsPanel
from .screen import fit_to_screen, fits_on_screen
from .search_box import SearchBox
from .places import in_documents

log = logging.getLogger(__name__)
DEFAULT_SIZE = (1280, 720)


class MainWindow(QMainWindow):
    open_requested = Signal(str)  # 文件 ▸ 打开数据库 chose this file (ui.app opens it in a new window)

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.path = str(db_path(db) or "")
        self.area_id: str | None = None
        self.undo_stack: list[list[Change]] = []
        self._areas: dict[str, dict] = {}
        self.setObjectName("main_window")
        self.announcer = Announcer(self)
        self.announcer.changed.connect(self._on_changes)  # first: the tree is current before the tabs look
        self.build()
        fit_to_screen(self, *DEFAULT_SIZE)
        s = S.settings()
        geom = s.value("window/geometry")
        if isinstance(geom, (QByteArray, bytes)) and geom:
            self.restoreGeometry(geom)
            if not self.isMaximized() and not fits_on_screen(self):   # saved on a bigger screen
                fit_to_screen(self, self.width(), self.height())
        state = s.value("window/state")
        if isinstance(state, (QByteArray, bytes)) and state:
            self.restoreState(state)

    # -- building ---------------------------------------------------------------------------
    def build(self) -> None:
        """(Re)create every widget; called again after a language switch."""
        current_tab = self.tabs.currentIndex() if hasattr(self, "tabs") else 0
        self.setWindowTitle(self.tr("网格员台账 gridkeeper") + " — " + Path(self.path).name)
        self.tree = QTreeWidget()
        self.tree.setObjectName("area_tree")
        self.tree.setHeaderHidden(True)
        self.search_box = SearchBox(self.db)
        self.search_box.chosen.connect(self.show_record)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.search_box)
        left.addWidget(self.tree)
        left.setStretchFactor(1, 1)
        left.setSizes([60, 600])
        self.search_box.results_shown.connect(
            lambda shown: left.setSizes([300, 360] if shown else [60, 600]))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.households_tab = HouseholdsTab(self)
        self.care_tab = CareTab(self)
        self.visits_tab = VisitsTab(self)
        self.disputes_tab = DisputesTab(self)
        self.tabs.addTab(self.households_tab, self.tr("户与人员"))
        self.tabs.addTab(self.care_tab, self.tr("重点关爱"))
        self.tabs.addTab(self.visits_tab, self.tr("走访记录"))
        self.tabs.addTab(self.disputes_tab, self.tr("矛盾纠纷"))
        from .hazards_tab import HazardsTab
        from .requests_tab import RequestsTab

        self.requests_tab = RequestsTab(self)
        self.hazards_tab = HazardsTab(self)
        self.tabs.addTab(self.requests_tab, self.tr("民生诉求"))
        self.tabs.addTab(self.hazards_tab, self.tr("问题隐患"))
        self.floating_tab = FloatingTab(self)
        self.points_tab = PointsTab(self)
        self.tabs.addTab(self.floating_tab, self.tr("流动人口"))
        self.tabs.addTab(self.points_tab, self.tr("志愿积分"))
        for tab in self.all_tabs():
            self.announcer.changed.connect(tab.on_changes)
        old_ws = self.__dict__.get("_township")
        if old_ws is not None:
            old_ws.release()
        self._township = self._township_page = None
        if meta.self_device(self.db).role == "township":
            # the workspace (five tabs, its own connection) is built when first shown, not at start-up
            self._township_page = QWidget()
            self._township_page.setObjectName("township_page")
            QVBoxLayout(self._township_page).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(self._township_page, self.tr("乡镇工作台"))
            self.tabs.currentChanged.connect(
                lambda i: self.township if self.tabs.widget(i) is self._township_page else None)
        self.next_steps = NextStepsPanel()
        self.next_steps.chosen.connect(self._next_step)
        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        right_lay.addWidget(self.next_steps)
        right_lay.addWidget(self.tabs, 1)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("main_split")
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([235, max(600, self.width() - 235)])
        old = self.centralWidget()
        self.setCentralWidget(self.split)
        if old is not None:
            old.deleteLater()
        self._build_menus()
        self._build_status()
        self.load_tree()
        self.tree.currentItemChanged.connect(self._area_changed)
        self.tabs.setCurrentIndex(current_tab)
        if self.area_id:
            self.select_area(self.area_id)
        self.update_next_steps()

    def show_township(self, page: str | None = None) -> None:
        """Bring the township workspace forward (built on first use), optionally one of its tabs."""
        ws = self.township
        self.tabs.setCurrentWidget(self._township_page)
        if page is not None:
            ws.setCurrentWidget(getattr(ws, page))

    @property
    def township(self):
        """The township workspace (township role only), built the first time it is needed."""
        if self.__dict__.get("_township") is None and self.__dict__.get("_township_page") is not None:
            from .township import TownshipWorkspace

            ws = TownshipWorkspace(self.path, announcer=self.announcer)
            self._township_page.layout().addWidget(ws)
            self._township = ws
        return self.__dict__.get("_township")

    def _action(self, text, slot, shortcut=None, name=None) -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(shortcut)
        if name:
            a.setObjectName(name)
        a.triggered.connect(lambda *_: slot())
        return a

    def _build_menus(self) -> None:
        mb = self.menuBar()
        for a in mb.actions():
            if a.menu() is not None:
                a.menu().deleteLater()
        mb.clear()
        for a in getattr(self, "acts", {}).values():
            a.deleteLater()
        self.acts: dict[str, QAction] = {}
        file_menu = mb.addMenu(self.tr("文件(&F)"))
        self.acts["open"] = self._action(self.tr("打开数据库…"), self.open_database, QKeySequence.StandardKey.Open)
        file_menu.addAction(self.acts["open"])
        lang = file_menu.addMenu(self.tr("语言 / Language"))
        group = QActionGroup(self)
        for code, label in (("zh", "中文"), ("en", "English")):
            a = self._action(label, lambda c=code: self.switch_language(c), name=f"lang_{code}")
            a.setCheckable(True)
            a.setChecked(S.language() == code)
            group.addAction(a)
            lang.addAction(a)
            self.acts[f"lang_{code}"] = a
        file_menu.addSeparator()
        self.acts["ledger"] = self._action(self.tr("打印台账…"), self.print_ledger, QKeySequence.StandardKey.Print,
                                           "ledger")
        self.acts["import"] = self._action(self.tr("导入表格…"), self.import_sheet, name="import")
        export_menu = file_menu.addMenu(self.tr("导出表格"))
        for kind, label in (("persons", self.tr("人口")), ("households", self.tr("户")),
                            ("care", self.tr("重点关爱对象")), ("visits", self.tr("走访记录")),
                            ("disputes", self.tr("矛盾纠纷")), ("requests", self.tr("民生诉求")),
                            ("hazards", self.tr("问题隐患"))):
            export_menu.addAction(self._action(label, lambda k=kind: self.export_list(k), name=f"export_{kind}"))
        self.acts["backups"] = self._action(self.tr("备份与恢复…"), self.show_backups, name="backups")
        for k in ("ledger", "import"):
            file_menu.addAction(self.acts[k])
        file_menu.addMenu(export_menu)
        file_menu.addAction(self.acts["backups"])
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("退出"), self.close, QKeySequence.StandardKey.Quit))
        edit = mb.addMenu(self.tr("编辑(&E)"))
        self.acts["undo"] = self._action(self.tr("撤销"), self.undo, QKeySequence.StandardKey.Undo, "undo")
        self.acts["new"] = self._action(self.tr("新增"), self.new_record, QKeySequence.StandardKey.New, "new")
        self.acts["delete"] = self._action(self.tr("删除"), self.delete_current, QKeySequence(Qt.Key.Key_Delete),
                                              "delete")
        self.acts["find"] = self._action(self.tr("查找"), self.search_box.focus, QKeySequence.StandardKey.Find,
                                            "find")
        self.acts["history"] = self._action(self.tr("修改记录…"), self.show_history, QKeySequence("Ctrl+H"),
                                            "history")
        self.acts["deleted"] = self._action(self.tr("已删除的记录…"), self.show_deleted, name="deleted")
        for k in ("undo", "new", "delete", "find", "history", "deleted"):
            edit.addAction(self.acts[k])
        if meta.self_device(self.db).role == "township":
            self.acts["care_intervals"] = self._action(self.tr("关爱走访周期…"), self.edit_care_intervals,
                                                       name="care_intervals")
            edit.addSeparator()
            edit.addAction(self.acts["care_intervals"])
        self.acts["undo"].setEnabled(bool(self.undo_stack))
        sync = mb.addMenu(self.tr("同步(&S)"))
        self.acts["export"] = self._action(self.tr("导出同步包…"), self.export_bundle, name="export")
        self.acts["merge"] = self._action(self.tr("合并同步包…"), self.merge_bundles, name="merge")
        self.acts["card"] = self._action(self.tr("导入乡镇卡片…"), self.import_card, name="card")
        self.acts["reindex"] = self._action(self.tr("重建搜索索引"), self.rebuild_index, name="reindex")
        self.acts["own_card"] = self._action(
            self.tr("导出乡镇公钥卡片…") if meta.self_device(self.db).role == "township" else self.tr("导出本机登记申请…"),
            self.export_own_card, name="own_card")
        for k in ("export", "merge", "card", "own_card"):
            sync.addAction(self.acts[k])
        sync.addSeparator()
        sync.addAction(self.acts["reindex"])
        help_menu = mb.addMenu(self.tr("帮助(&H)"))
        self.acts["guide"] = self._action(self.tr("使用说明"), self.show_guide, QKeySequence.StandardKey.HelpContents,
                                          "guide")
        self.acts["shortcuts"] = self._action(self.tr("快捷键"), lambda: self.show_guide(tab=1), name="shortcuts")
        self.acts["about"] = self._action(self.tr("关于网格通"), self.show_about, name="about")
        for k in ("guide", "shortcuts", "about"):
            help_menu.addAction(self.acts[k])

    def _build_status(self) -> None:
        sb = self.statusBar()
        for w in getattr(self, "_status_widgets", []):
            sb.removeWidget(w)
            w.deleteLater()
        me = meta.self_device(self.db)
        role = self.tr("乡镇") if me.role == "township" else self.tr("网格员")
        self.status_db = QLabel(self.tr("数据库：") + self.path)
        self.status_db.setObjectName("status_db")
        self.status_role = QLabel(self.tr("角色：") + f"{role}（{me.name}）")
        self.status_sync = QLabel()
        self.status_sync.setObjectName("status_sync")
        self._status_widgets = [self.status_db, self.status_role, self.status_sync]
        for w in self._status_widgets:
            sb.addPermanentWidget(w)
        self.update_sync_status()

    def update_sync_status(self) -> None:
        last = meta.get_meta(self.db, "last_sync_at")
        self.status_sync.setText(self.tr("上次同步：") + (last[:16].replace("T", " ") if last else self.tr("从未")))

    # -- areas ------------------------------------------------------------------------------
    def load_tree(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        rows = area_tree(self.db)
        self._areas = {r["id"]: r for r in rows}
        items: dict[str, QTreeWidgetItem] = {}
        pending = list(rows)
        # parents before children: repeat until every item found its parent (or is a root)
        for _ in range(6):
            rest = []
            for r in pending:
                parent = items.get(r["parent_id"]) if r["parent_id"] else None
                if r["parent_id"] and parent is None and r["parent_id"] in self._areas:
                    rest.append(r)
                    continue
                item = QTreeWidgetItem([r["name"]])
                item.setData(0, Qt.ItemDataRole.UserRole, r["id"])
                item.setToolTip(0, f"{V.AREA_LEVELS.label(r['level'])} {r['code'] or ''} {r['worker_name'] or ''}")
                (parent.addChild(item) if parent else self.tree.addTopLevelItem(item))
                items[r["id"]] = item
            pending = rest
            if not pending:
                break
        self._tree_items = items
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            top.setExpanded(True)
            if self.tree.topLevelItemCount() == 1 and top.childCount() <= 3:
                for j in range(top.childCount()):
                    top.child(j).setExpanded(True)
        self.tree.blockSignals(False)

    def area_info(self, area_id) -> dict | None:
        return self._areas.get(area_id)

    def grid_area_id(self) -> str | None:
        """The area new records go into: the selected one, else this laptop's first grid."""
        if self.area_id:
            return self.area_id
        from ..store.enrolment import self_areas

        mine = self_areas(self.db)
        if mine:
            return mine[0]
        grids = [a for a in self._areas.values() if a["level"] == "grid"]
        return grids[0]["id"] if len(grids) == 1 else None

    def home_area_id(self) -> str | None:
        """Where this user works: the area selected in the tree, else the worker's own (first) grid, else
        the township's root area. The ledger and import dialogs start there."""
        if self.area_id:
            return self.area_id
        from ..store.enrolment import self_areas

        mine = [a for a in self_areas(self.db) if a in self._areas]
        if mine:
            return mine[0]
        roots = [a["id"] for a in self._areas.values() if a["level"] == "township"]
        return roots[0] if roots else None

    def _area_changed(self, current, _prev) -> None:
        self.area_id = current.data(0, Qt.ItemDataRole.UserRole) if current else None
        for tab in self.all_tabs():
            tab.set_area(self.area_id)

    def select_area(self, area_id) -> None:
        item = self._tree_items.get(area_id) if area_id else None
        if item is None:
            self.tree.setCurrentItem(None)
            self.tree.clearSelection()
            if self.area_id is not None or area_id is None:
                self.area_id = None
                for tab in self.all_tabs():
                    tab.set_area(None)
        else:
            self.tree.setCurrentItem(item)

    def all_tabs(self):
        return (self.households_tab, self.care_tab, self.visits_tab, self.disputes_tab, self.requests_tab,
                self.hazards_tab, self.floating_tab, self.points_tab)

    # -- records ----------------------------------------------------------------------------
    def open_editor(self, table: str, rid=None, **kw) -> RecordDialog | None:
        """Open the record form; on save push its changes and refresh. Returns the dialog if saved."""
        try:
            dlg = RecordDialog(self.db, table, rid, parent=self, **kw)
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("无法打开"), str(e))
            return None
        self.last_dialog = dlg
        if dlg.exec() != RecordDialog.DialogCode.Accepted:
            return None
        self.record_changes(dlg.changes)     # (a person's tag records included: one Ctrl+Z for both)
        return dlg

    def record_changes(self, changes: list[Change]) -> None:
        changes = [c for c in changes if c is not None]
        if not changes:
            return
        self.undo_stack.append(changes)
        self.acts["undo"].setEnabled(True)
        self.announce(Changes.of_writes(changes))
        self.statusBar().showMessage(self.tr("已保存"), 3000)

    def announce(self, changes: Changes) -> None:
        """Tell every view what changed (each refreshes itself if it cares)."""
        self.announcer.announce(changes)

    def _on_changes(self, changes: Changes) -> None:
        """The window's own views: the area tree, the sync status, the next-steps panel."""
        if changes.touches("areas"):
            self.load_tree()
        if changes.sync or changes.everything:
            self.update_sync_status()
        self.update_next_steps()

    def update_next_steps(self) -> None:
        from ..store.setup_state import setup_state

        self.next_steps.show_for(setup_state(self.db))

    def _next_step(self, step: str) -> None:
        if step == "card":
            self.import_card()
        elif step == "import":
            self.import_sheet()
        elif step == "new_household":
            self.tabs.setCurrentWidget(self.households_tab)
            self.households_tab.sub.setCurrentIndex(0)
            self.households_tab.new()
        elif step == "areas" and self._township_page is not None:
            self.show_township("areas")
        elif step == "guide":
            self.show_guide()

    def delete_record(self, table: str, rid: str) -> bool:
        if table == "households" and H.household_members(self.db, rid):
            return self._delete_household_with_members(rid)
        label = get_table(table).label
        answer = QMessageBox.question(self, self.tr("删除"), self.tr("确定删除这条{0}记录吗？可以用 Ctrl+Z 撤销。").format(label),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            ch = delete_record(self.db, table, rid)
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("无法删除"), str(e))
            return False
        self.record_changes([ch])
        self.statusBar().showMessage(self.tr("已删除（Ctrl+Z 撤销）"), 5000)
        return True

    def _delete_household_with_members(self, rid: str) -> bool:
        from ..store.households import delete_household
        from .delete_household import DeleteHouseholdDialog

        dlg = DeleteHouseholdDialog(self.db, rid, self)
        self.last_dialog = dlg
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            changes = delete_household(self.db, rid, members=dlg.choice, move_to=dlg.target())
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("无法删除"), str(e))
            return False
        self.record_changes(changes)
        self.statusBar().showMessage(self.tr("已删除（Ctrl+Z 撤销）"), 5000)
        return True

    def undo(self) -> None:
        if not self.undo_stack:
            self.statusBar().showMessage(self.tr("没有可撤销的操作"), 3000)
            return
        changes = self.undo_stack.pop()
        try:
            undo_changes(self.db, changes)
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("无法撤销"), str(e))
            return
        self.acts["undo"].setEnabled(bool(self.undo_stack))
        self.announce(Changes.of_writes(changes))
        self.statusBar().showMessage(self.tr("已撤销"), 3000)

    def _current_tab_record(self):
        tab = self.tabs.currentWidget()
        if tab is self.households_tab:
            return tab.kind(), tab.current_id()
        if tab is self.care_tab:
            return "care_subjects", tab.current_id()
        if tab is self.visits_tab:
            return "visits", tab.current_id()
        if tab is self.requests_tab:
            return "requests", tab.current_id()
        if tab is self.hazards_tab:
            return "hazards", tab.current_id()
        return "disputes", tab.current_id()

    def new_record(self) -> None:
        self.tabs.currentWidget().new() if hasattr(self.tabs.currentWidget(), "new") else None

    def delete_current(self) -> None:
        """编辑 ▸ 删除 / Del: delete the record selected in the current tab (after asking).

        Del typed in a text box edits the text (the box takes the key before the shortcut); choosing
        删除 from the menu while the search box has focus still deletes the selected record. With no
        record selected, the status bar says so instead of doing nothing.
        """
        if self.tabs.currentWidget() is getattr(self, "township", None):
            self.statusBar().showMessage(self.tr("乡镇工作台里请用各页自己的按钮"), 5000)
            return
        table, rid = self._current_tab_record()
        if not rid:
            self.statusBar().showMessage(self.tr("请先在列表中选择要删除的记录"), 5000)
            return
        self.delete_record(table, rid)

    def show_record(self, kind: str, rid: str) -> None:
        """Select a search result: persons, households and houses live in the 户与人员 tab."""
        table = {"person": "persons", "household": "households", "house": "houses"}[kind]
        self.tabs.setCurrentWidget(self.households_tab)
        if not self.households_tab.select(table, rid):
            self.statusBar().showMessage(self.tr("找不到这条记录（可能已删除）"), 5000)

    # -- language ---------------------------------------------------------------------------
    def switch_language(self, code: str) -> None:
        from .i18n import install_language

        S.set_language_setting(install_language(code))
        self.build()

    # -- files and sync ---------------------------------------------------------------------
    def open_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("打开数据库"), str(Path(self.path).parent),
                                              self.tr("gridkeeper 数据库 (*.db);;所有文件 (*)"))
        if not path:
            return
        self.open_requested.emit(path)  # the app opens it in a new window and closes this one if that worked

    def _run(self, title: str, fn, on_done, *, cancellable=True):
        dlg = QProgressDialog(title, self.tr("取消") if cancellable else None, 0, 0, self)
        dlg.setWindowTitle(title)
        dlg.setMinimumDuration(300)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress = dlg

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
            QMessageBox.warning(self, title, str(e) if isinstance(e, GridkeeperError) else
                                pick(f"出错了：{e}（详情已写入日志）", f"something went wrong: {e} (details in the log)"))

        handle = tasks.run_task(fn, self.path, on_done=done, on_error=failed, on_progress=progress)
        dlg.canceled.connect(handle.cancel)
        return handle

    def export_bundle(self) -> None:
        from ..sync.service import export_bundle

        out = QFileDialog.getExistingDirectory(self, self.tr("选择保存同步包的文件夹（如U盘）"), in_documents())
        if not out:
            return

        def done(res):
            self.announce(Changes(sync=True))
            QMessageBox.information(self, self.tr("导出同步包"), self.tr("同步包已保存：\n{0}").format(res.path))

        self._run(self.tr("导出同步包"), lambda db, progress, cancelled: export_bundle(db, out), done,
                  cancellable=False)

    def merge_bundles(self) -> None:
        from ..sync.service import merge_bundles, outcome_line

        files, _ = QFileDialog.getOpenFileNames(self, self.tr("选择同步包"), in_documents(),
                                                self.tr("同步包 (*.gkb);;所有文件 (*)"))
        if not files:
            return

        def done(outcomes):
            self.announce(Changes.of_merge([o.report for o in outcomes if o.status == "merged"]))
            text = "\n".join(outcome_line(o) for o in outcomes) or self.tr("没有合并任何同步包")
            merged = sum(o.status == "merged" for o in outcomes)
            QMessageBox.information(self, self.tr("合并结果"),
                                    self.tr("合并 {0} 个，共 {1} 个文件").format(merged, len(outcomes)) + "\n\n" + text)

        self._run(self.tr("合并同步包"),
                  lambda db, progress, cancelled: merge_bundles(db, files, progress=progress, cancelled=cancelled),
                  done)

    def import_card(self) -> None:
        from ..sync.enrol import import_card

        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择乡镇公钥卡片"), in_documents(),
                                              self.tr("公钥卡片 (*.gkpub);;所有文件 (*)"))
        if not path:
            return
        try:
            card = import_card(self.db, path)
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("导入乡镇卡片"), str(e))
            return
        self.announce(Changes(devices=True))
        QMessageBox.information(self, self.tr("导入乡镇卡片"), self.tr("已信任：{0}\n指纹：{1}\n请打电话与乡镇核对指纹。").format(
            card["name"], card["fingerprint"]))

    def rebuild_index(self) -> None:
        from ..store.search import refresh_search_index

        self._run(self.tr("重建搜索索引"), lambda db, p, c: refresh_search_index(db, full=True),
                  lambda n: self.statusBar().showMessage(self.tr("搜索索引已重建：{0} 条").format(n), 5000),
                  cancellable=False)

    # -- ledgers, spreadsheets, backups, history --------------------------------------------
    def _area_choices(self) -> list[tuple[str, str]]:
        """(id, label) of every area; grids are labelled with their village (names repeat across villages)."""
        out = []
        for a in self._areas.values():
            parent = self._areas.get(a["parent_id"]) if a["parent_id"] else None
            top = a["level"] in ("township", "village", "community") or parent is None
            out.append((a["id"], a["name"] if top else f"{parent['name']} {a['name']}"))
        return out

    def print_ledger(self) -> None:
        from .ledger_dialog import LedgerDialog

        dlg = LedgerDialog(self.path, self._area_choices(), self, default_area=self.home_area_id())
        dlg.show()

    def import_sheet(self) -> None:
        from .import_dialog import ImportDialog

        dlg = ImportDialog(self.path, self, areas=self._area_choices())
        dlg.imported.connect(lambda res: self.announce(res.changes))
        dlg.show()

    def export_list(self, kind: str) -> None:
        from .import_dialog import export_list_dialog

        export_list_dialog(self.path, kind, self.area_id, self)

    def show_backups(self) -> None:
        from .backups_dialog import BackupsDialog

        dlg = BackupsDialog(self.path, self)
        dlg.restored.connect(self._reopen_after_restore)
        dlg.exec()

    def _reopen_after_restore(self, path: str) -> None:
        from ..store.db import open_db

        self.db.conn.close()
        self.db = open_db(path)
        self.undo_stack.clear()
        self.build()

    def show_history(self) -> None:
        from .history_dialog import HistoryDialog

        table, rid = self._current_tab_record()
        if not rid:
            self.statusBar().showMessage(self.tr("请先选择一条记录"), 3000)
            return
        dlg = HistoryDialog(self.db, table, rid, self)
        dlg.exec()
        if dlg.restored:
            self.announce(Changes.of_tables(table))

    def show_deleted(self) -> None:
        from .deleted_dialog import DeletedDialog

        dlg = DeletedDialog(self.db, self)
        dlg.exec()
        if dlg.restored:
            self.announce(Changes.of_tables(*{t for t, _ in dlg.restored}))

    def export_own_card(self) -> None:
        """A worker's enrolment request (or the township's card) to hand over on a USB stick."""
        from ..sync.enrol import export_card

        me = meta.self_device(self.db)
        default = f"{me.name}.gkpub"
        path, _ = QFileDialog.getSaveFileName(self, self.acts["own_card"].text().rstrip("…"),
                                              in_documents(default), self.tr("公钥卡片 (*.gkpub)"))
        if not path:
            return
        try:
            card = export_card(self.db, path)
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("导出失败"), str(e))
            return
        QMessageBox.information(self, self.tr("已导出"), self.tr(
            "已保存：{0}\n指纹：{1}\n交给乡镇后，请打电话与乡镇工作人员核对这串数字。").format(path, card["fingerprint"]))

    def edit_care_intervals(self) -> None:
        from .care_intervals_dialog import CareIntervalsDialog

        dlg = CareIntervalsDialog(self.db, self)
        self.last_dialog = dlg
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.announce(Changes(settings=True))

    def show_guide(self, tab: int = 0) -> None:
        from .help_dialog import HelpDialog

        self.last_dialog = HelpDialog(self, tab=tab)
        self.last_dialog.exec()

    def show_about(self) -> None:
        from .. import __version__, paths
        from ..paths import backups_dir_for

        QMessageBox.about(self, self.tr("关于网格通"), self.tr(
            "网格通 gridkeeper {0}\n网格员离线台账工具：人口、重点关爱、走访、矛盾纠纷，月底打印台账，"
            "用加密同步包与乡镇交换数据。不联网。\n\n数据文件夹：{1}\n当前数据库：{2}\n备份：{3}").format(
            __version__, paths.data_dir(), self.path, backups_dir_for(self.path)))

    # -- closing ----------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        s = S.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.sync()
        super().closeEvent(event)
