"""区域管理: the grid tree with add / edit / move / retire, and import from a spreadsheet.

Every action calls :mod:`gridkeeper.store.township`, whose writes are versioned, so the tree
reaches the workers in their next return bundle. The level of a new area is offered from the
selected parent's level (a village takes grids and unit grids, a grid takes micro-grids …).
Retiring asks where the area's records go, listing only live grids outside the retired subtree.
Importing a sheet checks every row first: problems are listed by sheet row and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QPushButton, QTreeView, QVBoxLayout,
                               QWidget)

from ...domain.changed import Changes
from ...domain.errors import GridkeeperError
from ...domain.vocab import AREA_CHILD_LEVELS, AREA_LEVELS
from ...spreadsheets.area_tree import import_area_tree
from ...store import township as T
from ...store.areas import area_tree, subtree_ids
from .. import tasks
from . import common
from ..screen import fit_to_screen
from ..places import in_documents

GRID_LEVELS = ("grid", "unit_grid", "micro_grid")


class AreaDialog(QDialog):
    """Add (level chooser shown) or edit an area: name, code, worker name and phone."""

    def __init__(self, parent, title: str, *, levels: list[str] | None = None, values: dict | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        values = values or {}
        self.level = QComboBox()
        self.level.setObjectName("level")
        for code in levels or []:
            self.level.addItem(AREA_LEVELS.label(code), code)
        self.name = QLineEdit(values.get("name") or "")
        self.name.setObjectName("name")
        self.code = QLineEdit(values.get("code") or "")
        self.worker_name = QLineEdit(values.get("worker_name") or "")
        self.worker_name.setObjectName("worker_name")
        self.worker_phone = QLineEdit(values.get("worker_phone") or "")
        self.worker_phone.setObjectName("worker_phone")
        form = QFormLayout()
        if levels:
            form.addRow(self.tr("层级"), self.level)
        form.addRow(self.tr("名称"), self.name)
        form.addRow(self.tr("编码"), self.code)
        form.addRow(self.tr("网格员"), self.worker_name)
        form.addRow(self.tr("网格员电话"), self.worker_phone)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def values(self) -> dict:
        return {"level": self.level.currentData(), "name": self.name.text().strip(),
                "code": self.code.text().strip() or None, "worker_name": self.worker_name.text().strip() or None,
                "worker_phone": self.worker_phone.text().strip() or None}


class ChooseAreaDialog(QDialog):
    """Pick one area from a list (a new parent, or the grid that takes a retired area's records)."""

    def __init__(self, parent, title: str, prompt: str, choices: list[tuple[str, str | None]]):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.combo = QComboBox()
        self.combo.setObjectName("choice")
        for label, aid in choices:
            self.combo.addItem(label, aid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        lay.addWidget(label)
        lay.addWidget(self.combo)
        lay.addWidget(buttons)
        fit_to_screen(self, 420, 140)

    def choose(self, aid: str | None) -> None:
        i = self.combo.findData(aid)
        if i >= 0:
            self.combo.setCurrentIndex(i)

    def chosen(self):
        return self.combo.currentData()


class AreasTab(QWidget):
    changed = Signal(object)  # Changes: the tree (and, when a grid retires, the records moved out of it)

    def __init__(self, db, db_path: str, parent=None):
        super().__init__(parent)
        self.db = db
        self.db_path = db_path
        self.setObjectName("township_areas")
        self.areas: dict[str, dict] = {}
        self.model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("township_area_tree")
        self.tree.setModel(self.model)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.setAlternatingRowColors(True)
        self.tree.doubleClicked.connect(lambda *_: self.edit_selected())
        self.buttons = {}
        bar = QHBoxLayout()
        for key, text, slot in (("add", self.tr("新增下级…"), self.add_child),
                                ("edit", self.tr("改名 / 网格员…"), self.edit_selected),
                                ("move", self.tr("移动到…"), self.move_selected),
                                ("retire", self.tr("撤销…"), self.retire_selected),
                                ("import", self.tr("从表格导入…"), self.choose_import_file)):
            b = QPushButton(text)
            b.setObjectName(f"area_{key}")
            b.clicked.connect(lambda _=False, s=slot: s())
            self.buttons[key] = b
            bar.addWidget(b)
        bar.addStretch(1)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("import_problems_label")
        self.problems = QListWidget()
        self.problems.setObjectName("import_problems")
        self.problems.setMaximumHeight(160)
        self.status = QLabel()
        self.status.setObjectName("areas_status")
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.status)
        lay.addWidget(self.problems_label)
        lay.addWidget(self.problems)
        self.show_problems([])
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.refresh()

    # -- tree ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        keep = self.selected_id()
        rows = area_tree(self.db)
        self.areas = {r["id"]: r for r in rows}
        self.model.clear()
        self.model.setHorizontalHeaderLabels([self.tr("名称"), self.tr("层级"), self.tr("编码"), self.tr("网格员"),
                                              self.tr("电话")])
        items: dict[str, QStandardItem] = {}
        children: dict[str | None, list[dict]] = {}
        for r in rows:
            parent = r["parent_id"] if r["parent_id"] in self.areas else None
            children.setdefault(parent, []).append(r)

        def add(parent_item, pid):
            for r in children.get(pid, []):
                cells = [QStandardItem(r["name"] or ""), QStandardItem(AREA_LEVELS.label(r["level"])),
                         QStandardItem(r["code"] or ""), QStandardItem(r["worker_name"] or ""),
                         QStandardItem(r["worker_phone"] or "")]
                cells[0].setData(r["id"], Qt.ItemDataRole.UserRole)
                parent_item.appendRow(cells)
                items[r["id"]] = cells[0]
                add(cells[0], r["id"])

        add(self.model.invisibleRootItem(), None)
        self.tree.expandToDepth(1)
        self.tree.setColumnWidth(0, 280)
        self.tree.setColumnWidth(1, 90)
        self.tree.setColumnWidth(2, 90)
        self.tree.setColumnWidth(3, 110)
        if keep in items:
            self.tree.setCurrentIndex(items[keep].index())
        grids = sum(1 for r in rows if r["level"] in ("grid", "unit_grid"))
        villages = sum(1 for r in rows if r["level"] in ("village", "community"))
        self.status.setText(self.tr("共 {0} 个村/社区，{1} 个网格。").format(villages, grids))
        self._update_buttons()

    def selected_id(self) -> str | None:
        ix = self.tree.currentIndex() if hasattr(self, "tree") else None
        if ix is None or not ix.isValid():
            return None
        return ix.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole)

    def select(self, area_id: str) -> None:
        for it in self._all_items():
            if it.data(Qt.ItemDataRole.UserRole) == area_id:
                self.tree.setCurrentIndex(it.index())
                return

    def _all_items(self):
        stack = [self.model.invisibleRootItem()]
        while stack:
            it = stack.pop()
            for r in range(it.rowCount()):
                child = it.child(r, 0)
                yield child
                stack.append(child)

    def _update_buttons(self) -> None:
        sel = self.selected_id()
        level = self.areas.get(sel, {}).get("level") if sel else None
        self.buttons["add"].setEnabled(bool(AREA_CHILD_LEVELS.get(level)) and (sel is not None or not self.areas))
        for k in ("edit", "move", "retire"):
            self.buttons[k].setEnabled(sel is not None)
        self.buttons["move"].setEnabled(sel is not None and level != "township")

    def label_of(self, aid: str) -> str:
        r = self.areas.get(aid)
        if not r:
            return aid
        parent = self.areas.get(r["parent_id"])
        return f"{parent['name']} {r['name']}" if parent and parent["level"] != "township" else r["name"]

    # -- actions ------------------------------------------------------------------------------
    def _done(self, message: str | None = None, moved: tuple[str, ...] = ()) -> None:
        self.refresh()
        if message:
            self.status.setText(message)
        self.changed.emit(Changes.of_tables("areas", *moved, origin=self))

    def on_changes(self, changes: Changes) -> None:
        if changes.origin is not self and changes.touches("areas"):
            self.refresh()

    def add_child(self) -> str | None:
        parent_id = self.selected_id()
        parent_level = self.areas[parent_id]["level"] if parent_id else None
        levels = sorted(AREA_CHILD_LEVELS.get(parent_level, set()), key=AREA_LEVELS.codes().index)
        if not levels:
            return None
        title = self.tr("新增区域") + (f" — {self.areas[parent_id]['name']}" if parent_id else "")
        dlg = AreaDialog(self, title, levels=levels)
        while dlg.exec() == QDialog.DialogCode.Accepted:
            v = dlg.values()
            try:
                aid = T.add_area(self.db, parent_id=parent_id, level=v["level"], name=v["name"], code=v["code"],
                                 worker_name=v["worker_name"], worker_phone=v["worker_phone"])
            except GridkeeperError as e:
                common.warn(self, title, e)
                continue
            self._done()
            self.select(aid)
            return aid
        return None

    def edit_selected(self) -> bool:
        aid = self.selected_id()
        if not aid:
            return False
        r = self.areas[aid]
        title = self.tr("修改区域") + f" — {r['name']}"
        dlg = AreaDialog(self, title, values=r)
        while dlg.exec() == QDialog.DialogCode.Accepted:
            v = dlg.values()
            try:
                T.rename_area(self.db, aid, v["name"], code=v["code"], worker_name=v["worker_name"],
                              worker_phone=v["worker_phone"])
            except GridkeeperError as e:
                common.warn(self, title, e)
                continue
            self._done()
            return True
        return False

    def move_selected(self) -> bool:
        aid = self.selected_id()
        if not aid:
            return False
        r = self.areas[aid]
        below = set(subtree_ids(self.db, aid))
        choices = [(f"{self.label_of(p['id'])}（{AREA_LEVELS.label(p['level'])}）", p["id"])
                   for p in self.areas.values()
                   if r["level"] in AREA_CHILD_LEVELS.get(p["level"], set()) and p["id"] not in below
                   and p["id"] != r["parent_id"]]
        title = self.tr("移动区域") + f" — {r['name']}"
        if not choices:
            common.warn(self, title, self.tr("没有可以放置这个区域的其他上级。"))
            return False
        dlg = ChooseAreaDialog(self, title, self.tr("把“{0}”移到哪个上级之下？").format(r["name"]), choices)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            T.move_area(self.db, aid, dlg.chosen())
        except GridkeeperError as e:
            common.warn(self, title, e)
            return False
        self._done()
        return True

    def retire_selected(self) -> bool:
        aid = self.selected_id()
        if not aid:
            return False
        r = self.areas[aid]
        below = set(subtree_ids(self.db, aid))
        choices = [(self.tr("（不移动：这个区域没有记录）"), None)]
        choices += [(self.label_of(g["id"]), g["id"]) for g in self.areas.values()
                    if g["level"] in GRID_LEVELS and g["id"] not in below]
        title = self.tr("撤销区域") + f" — {r['name']}"
        prompt = self.tr("撤销“{0}”及其下级区域。它们的户、人员、走访、纠纷等记录要移到哪个网格？").format(r["name"])
        dlg = ChooseAreaDialog(self, title, prompt, choices)
        if len(choices) > 1:
            dlg.combo.setCurrentIndex(1)
        while dlg.exec() == QDialog.DialogCode.Accepted:
            try:
                moved = T.retire_area(self.db, aid, move_to=dlg.chosen())
            except GridkeeperError as e:
                common.warn(self, title, e)
                continue
            n = sum(moved.values())
            self._done(self.tr("已撤销“{0}”，移动了 {1} 条记录。").format(r["name"], n), tuple(moved))
            return True
        return False

    # -- import -------------------------------------------------------------------------------
    def choose_import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择网格划分表"), in_documents(),
                                              self.tr("表格 (*.xlsx *.csv);;所有文件 (*)"))
        if path:
            self.import_sheet(path)

    def import_sheet(self, path: str) -> None:
        """Import villages/grids/workers from ``path`` in the background; problems listed by row."""
        title = self.tr("导入网格划分表")
        self.buttons["import"].setEnabled(False)
        self.status.setText(self.tr("正在导入 {0} …").format(Path(path).name))

        def done(res):
            self.buttons["import"].setEnabled(True)
            if res.problems:
                self.show_problems(res.problems)
                self.status.setText(self.tr("表格有 {0} 行有问题，没有导入任何区域。请改正后再导入。").format(len(res.problems)))
                return
            self.show_problems([])
            self._done(self.tr("已导入：新增 {0} 个村/社区，新增 {1} 个网格，更新 {2} 个网格。").format(
                res.villages_created, res.grids_created, res.grids_updated))

        def failed(e):
            self.buttons["import"].setEnabled(True)
            self.status.setText("")
            common.warn(self, title, e)

        tasks.run_task(lambda db, progress, cancelled: import_area_tree(db, path), self.db_path,
                       on_done=done, on_error=failed)

    def show_problems(self, problems: list) -> None:
        self.problems.clear()
        for row, message in problems:
            self.problems.addItem(self.tr("第 {0} 行：{1}").format(row, message))
        self.problems_label.setText(self.tr("导入问题（按表格行号）：") if problems else "")
        self.problems.setVisible(bool(problems))
        self.problems_label.setVisible(bool(problems))
