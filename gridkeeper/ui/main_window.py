"""The main window: area tree, search, the record tabs, menus, status bar, undo.

Layout: on the left the grid tree (township → village/community → grid → micro-grid,
:mod:`ui.area_tree`) and the global search with its results; on the right the tabs 户与人员 / 重点关爱 /
走访记录 / 矛盾纠纷 / 民生诉求 / 问题隐患 / 流动人口 / 志愿积分 (and 乡镇工作台 on the township's
computer), each built when first shown (:mod:`ui.main_tabs`). The menus and what their entries do
live in :mod:`ui.main_actions`. Selecting an area narrows every list to its subtree. Every edit
goes through the store and commits at once; the window keeps the ``Change`` lists of the session's
edits on an undo stack (Ctrl+Z undoes the newest with ``store.records.undo_changes``, itself a new
versioned write that syncs like any other). Every operation that changes data announces what
changed (a ``Changes``) on the window's one signal, ``announcer.changed``; each view (the tabs, the
tree, the township workspace) decides for itself whether it cares. No view calls another view's
refresh.

Start-up paints the frame, the menus and the tree first; the tab in front is built (and its list
queried: that grows with the data) once the window has painted (:mod:`ui.first_paint`). Nothing
the first paint needs touches PySide's ``Qt`` namespace: its first use builds all its 94 enums as
Python enums (~20 ms), which the tab pays after the paint. Hence the left splitter's orientation
set through its property, the tree's item data role as the int it is (``ui.area_tree.ID_ROLE``),
``setShortcuts`` in ``ui.main_actions`` and ``QtCore.Qt`` looked up inside functions in
``ui.search_box`` (``tests/test_startup.py`` checks it). For the same reason the dialog classes
the frame does not show are looked up when used (``QtWidgets.QMessageBox``), not imported by name.

Changing the language rebuilds the window's widgets (every ``tr()`` string is evaluated again);
the database, the selected area and the geometry stay.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Signal
from PySide6 import QtWidgets
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from ..domain.changed import Changes
from ..domain.errors import GridkeeperError
from ..domain.records import table as get_table
from ..store import meta
from ..store.areas import area_tree
from ..store.db import db_path, open_db
from ..store.devices import self_areas, self_device
from ..store.setup_state import setup_state
from . import settings as S
from .announcer import Announcer
from .area_tree import AreaTree
from .first_paint import when_painted
from .i18n import install_language
from .main_actions import MainActions
from .main_tabs import MainTabs
from .next_steps import NextStepsPanel
from .screen import fit_to_screen, fits_on_screen
from .search_box import SearchBox

if TYPE_CHECKING:
    from ..store.changes import Change

log = logging.getLogger(__name__)
DEFAULT_SIZE = (1280, 720)
SEARCH_KINDS = {"person": "persons", "household": "households", "house": "houses"}
TAB_TABLES = {"care": "care_subjects", "visits": "visits", "requests": "requests", "hazards": "hazards",
              "disputes": "disputes"}


def _tab(name: str) -> property:
    return property(lambda self: self.tabs.tab(name), doc=f"the {name} tab (built when first asked for)")


class MainWindow(QMainWindow):
    open_requested = Signal(str)  # 文件 ▸ 打开数据库 chose this file (ui.app opens it in a new window)

    households_tab, care_tab, visits_tab, disputes_tab = (_tab("households"), _tab("care"), _tab("visits"),
                                                          _tab("disputes"))
    requests_tab, hazards_tab, floating_tab, points_tab = (_tab("requests"), _tab("hazards"), _tab("floating"),
                                                           _tab("points"))

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
        self.menus = MainActions(self)  # (not "actions": QWidget.actions() lists a widget's QActions)
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
        current_tab = self.tabs.currentIndex() if "tabs" in self.__dict__ else 0
        me = self_device(self.db)
        self.setWindowTitle(self.tr("网格员台账 gridkeeper") + " — " + Path(self.path).name)
        self.tree = AreaTree()
        self.search_box = SearchBox(self.db)
        self.search_box.chosen.connect(self.show_record)
        left = QSplitter()
        left.setProperty("orientation", "Vertical")  # not Qt.Orientation.Vertical: see the module docstring
        left.addWidget(self.search_box)
        left.addWidget(self.tree)
        left.setStretchFactor(1, 1)
        left.setSizes([60, 600])
        self.search_box.results_shown.connect(
            lambda shown: left.setSizes([300, 360] if shown else [60, 600]))
        old_tabs = self.__dict__.get("tabs")
        if old_tabs is not None and old_tabs.built("township") is not None:
            old_tabs.built("township").release()
        self.tabs = MainTabs(self, township=me.role == "township")
        self.tabs.tab_built.connect(self._tab_built)
        self.next_steps = NextStepsPanel()
        self.next_steps.chosen.connect(self._next_step)
        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        right_lay.addWidget(self.next_steps)
        right_lay.addWidget(self.tabs, 1)
        self.split = QSplitter()  # horizontal
        self.split.setObjectName("main_split")
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([235, max(600, self.width() - 235)])
        old = self.centralWidget()
        self.setCentralWidget(self.split)
        if old is not None:
            old.deleteLater()
        self.acts = self.menus.build_menus(township=me.role == "township")
        self._build_status(me)
        self.load_tree()
        self.tree.currentItemChanged.connect(self._area_changed)
        self.tabs.setCurrentIndex(current_tab)
        when_painted(self, self._build_front_tab)  # the frame, menus and tree paint first
        if self.area_id:
            self.select_area(self.area_id)
        self.update_next_steps()

    def _build_front_tab(self) -> None:
        try:
            self.tabs.current_tab()
        except RuntimeError:  # the window was closed before it painted
            log.info("window closed before its first tab was built")

    def _tab_built(self, name: str) -> None:
        """A tab was just built: it hears every change announced from now on, and shows the selected area."""
        if self.tabs.lists_records(name):
            tab = self.tabs.built(name)
            self.announcer.changed.connect(tab.on_changes)
            tab.set_area(self.area_id)

    def show_township(self, page: str | None = None) -> None:
        """Bring the township workspace forward (built on first use), optionally one of its tabs."""
        ws = self.tabs.tab("township")
        self.tabs.setCurrentWidget(ws)
        if page is not None:
            ws.setCurrentWidget(getattr(ws, page))

    @property
    def township(self):
        """The township workspace (township role only), built the first time it is needed."""
        return self.tabs.tab("township") if self.tabs.has("township") else None

    def all_tabs(self) -> list[QWidget]:
        """The record tabs built so far (the others are built, with the current area, when first shown)."""
        return self.tabs.built_record_tabs()

    def _build_status(self, me) -> None:
        sb = self.statusBar()
        for w in getattr(self, "_status_widgets", []):
            sb.removeWidget(w)
            w.deleteLater()
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
        rows = area_tree(self.db)
        self._areas = {r["id"]: r for r in rows}
        self.tree.load(rows)

    def areas(self) -> dict[str, dict]:
        """Every live area by id (as the tree shows them)."""
        return self._areas

    def area_info(self, area_id) -> dict | None:
        return self._areas.get(area_id)

    def grid_area_id(self) -> str | None:
        """The area new records go into: the selected one, else this laptop's first grid."""
        if self.area_id:
            return self.area_id
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
        mine = [a for a in self_areas(self.db) if a in self._areas]
        if mine:
            return mine[0]
        roots = [a["id"] for a in self._areas.values() if a["level"] == "township"]
        return roots[0] if roots else None

    def _area_changed(self, current, _prev) -> None:
        self.area_id = AreaTree.area_of(current)
        for tab in self.all_tabs():
            tab.set_area(self.area_id)

    def select_area(self, area_id) -> None:
        item = self.tree.item(area_id) if area_id else None
        if item is None:
            self.tree.setCurrentItem(None)
            self.tree.clearSelection()
            if self.area_id is not None or area_id is None:
                self.area_id = None
                for tab in self.all_tabs():
                    tab.set_area(None)
        else:
            self.tree.setCurrentItem(item)

    # -- records ----------------------------------------------------------------------------
    def open_editor(self, table: str, rid=None, **kw):
        """Open the record form; on save push its changes and refresh. Returns the dialog if saved."""
        from .editors import RecordDialog  # lazy: start-up (the form is built when first opened)

        try:
            dlg = RecordDialog(self.db, table, rid, parent=self, **kw)
        except GridkeeperError as e:
            QtWidgets.QMessageBox.warning(self, self.tr("无法打开"), str(e))
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
        self.next_steps.show_for(setup_state(self.db))

    def _next_step(self, step: str) -> None:
        if step == "card":
            self.menus.import_card()
        elif step == "import":
            self.menus.import_sheet()
        elif step == "new_household":
            self.tabs.setCurrentWidget(self.households_tab)
            self.households_tab.sub.setCurrentIndex(0)
            self.households_tab.new()
        elif step == "areas" and self.tabs.has("township"):
            self.show_township("areas")
        elif step == "guide":
            self.menus.show_guide()

    def delete_record(self, table: str, rid: str) -> bool:
        from ..store.households import household_members  # lazy: start-up
        from ..store.records import delete_record  # lazy: start-up

        if table == "households" and household_members(self.db, rid):
            return self._delete_household_with_members(rid)
        label = get_table(table).label
        box = QtWidgets.QMessageBox
        answer = box.question(self, self.tr("删除"), self.tr("确定删除这条{0}记录吗？可以用 Ctrl+Z 撤销。").format(label),
                              box.StandardButton.Yes | box.StandardButton.No, box.StandardButton.No)
        if answer != box.StandardButton.Yes:
            return False
        try:
            ch = delete_record(self.db, table, rid)
        except GridkeeperError as e:
            QtWidgets.QMessageBox.warning(self, self.tr("无法删除"), str(e))
            return False
        self.record_changes([ch])
        self.statusBar().showMessage(self.tr("已删除（Ctrl+Z 撤销）"), 5000)
        return True

    def _delete_household_with_members(self, rid: str) -> bool:
        from ..store.households import delete_household  # lazy: start-up
        from .delete_household import DeleteHouseholdDialog  # lazy: start-up

        dlg = DeleteHouseholdDialog(self.db, rid, self)
        self.last_dialog = dlg
        if dlg.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return False
        try:
            changes = delete_household(self.db, rid, members=dlg.choice, move_to=dlg.target())
        except GridkeeperError as e:
            QtWidgets.QMessageBox.warning(self, self.tr("无法删除"), str(e))
            return False
        self.record_changes(changes)
        self.statusBar().showMessage(self.tr("已删除（Ctrl+Z 撤销）"), 5000)
        return True

    def undo(self) -> None:
        from ..store.records import undo_changes  # lazy: start-up

        if not self.undo_stack:
            self.statusBar().showMessage(self.tr("没有可撤销的操作"), 3000)
            return
        changes = self.undo_stack.pop()
        try:
            undo_changes(self.db, changes)
        except GridkeeperError as e:
            QtWidgets.QMessageBox.warning(self, self.tr("无法撤销"), str(e))
            return
        self.acts["undo"].setEnabled(bool(self.undo_stack))
        self.announce(Changes.of_writes(changes))
        self.statusBar().showMessage(self.tr("已撤销"), 3000)

    def current_record(self) -> tuple[str | None, str | None]:
        """(table, id) of the record selected in the tab in front; (None, None) in a tab without a record
        list (流动人口, 志愿积分, the township workspace)."""
        tab = self.tabs.current_tab()
        name = self.tabs.name_of(tab)
        if name == "households":
            return tab.kind(), tab.current_id()
        if name in TAB_TABLES:
            return TAB_TABLES[name], tab.current_id()
        return None, None

    def new_record(self) -> None:
        tab = self.tabs.current_tab()
        if hasattr(tab, "new"):
            tab.new()

    def delete_current(self) -> None:
        """编辑 ▸ 删除 / Del: delete the record selected in the current tab (after asking).

        Del typed in a text box edits the text (the box takes the key before the shortcut); choosing
        删除 from the menu while the search box has focus still deletes the selected record. With no
        record selected, the status bar says so instead of doing nothing.
        """
        if self.tabs.name_of(self.tabs.current_tab()) == "township":
            self.statusBar().showMessage(self.tr("乡镇工作台里请用各页自己的按钮"), 5000)
            return
        table, rid = self.current_record()
        if not rid:
            self.statusBar().showMessage(self.tr("请先在列表中选择要删除的记录"), 5000)
            return
        self.delete_record(table, rid)

    def show_record(self, kind: str, rid: str) -> None:
        """Select a search result: persons, households and houses live in the 户与人员 tab."""
        self.tabs.setCurrentWidget(self.households_tab)
        if not self.households_tab.select(SEARCH_KINDS[kind], rid):
            self.statusBar().showMessage(self.tr("找不到这条记录（可能已删除）"), 5000)

    # -- language, reopening, closing -------------------------------------------------------
    def switch_language(self, code: str) -> None:
        S.set_language_setting(install_language(code))
        self.build()

    def reopen(self, path: str) -> None:
        """A backup was put back: read the restored file from now on (the undo stack no longer applies)."""
        self.db.conn.close()
        self.db = open_db(path)
        self.undo_stack.clear()
        self.build()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        s = S.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.sync()
        super().closeEvent(event)
