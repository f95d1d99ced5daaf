"""The grid tree on the left of the main window: township → village/community → grid → micro-grid.

A township has ~850 areas; the tree creates the items people see (the township and its villages)
and each village's grids when it is first expanded, or when an area inside it is selected.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from ..domain import vocab as V

ID_ROLE = 256  # Qt.ItemDataRole.UserRole, as the int setData takes (Qt's namespace waits: ui.main_window)


class AreaTree(QTreeWidget):
    """One item per area (its id under ``ID_ROLE``); :meth:`load` takes ``store.areas.area_tree`` rows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("area_tree")
        self.setHeaderHidden(True)
        self._rows: dict[str, dict] = {}
        self._children: dict[str | None, list[dict]] = {}
        self._items: dict[str, QTreeWidgetItem] = {}
        self.itemExpanded.connect(self._fill)

    def load(self, rows: list[dict]) -> None:
        """Show ``rows`` (in ``area_tree`` order: siblings sorted); emits nothing."""
        self.blockSignals(True)
        self.clear()
        self._rows = {r["id"]: r for r in rows}
        self._children = {}
        for r in rows:  # an area whose parent is missing is shown as a root
            parent = r["parent_id"] if r["parent_id"] in self._rows else None
            self._children.setdefault(parent, []).append(r)
        self._items = {}
        for r in self._children.get(None, []):
            self.addTopLevelItem(self._item(r))
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            self._expand(top)
            if self.topLevelItemCount() == 1 and top.childCount() <= 3:
                for j in range(top.childCount()):
                    self._expand(top.child(j))
        self.blockSignals(False)

    def item(self, area_id: str | None) -> QTreeWidgetItem | None:
        """The item showing ``area_id`` (its ancestors' children are created as needed); None if unknown."""
        if area_id not in self._rows:
            return None
        path, at = [], area_id
        while at in self._rows and at not in self._items and at not in path:
            path.append(at)
            at = self._rows[at]["parent_id"]
        for aid in reversed(path):
            parent = self._rows[aid]["parent_id"]
            if parent in self._items:
                self._fill(self._items[parent])
        return self._items.get(area_id)

    @staticmethod
    def area_of(item) -> str | None:
        return item.data(0, ID_ROLE) if item else None

    def _item(self, r: dict) -> QTreeWidgetItem:
        item = QTreeWidgetItem([r["name"]])
        item.setData(0, ID_ROLE, r["id"])
        item.setToolTip(0, f"{V.AREA_LEVELS.label(r['level'])} {r['code'] or ''} {r['worker_name'] or ''}")
        if self._children.get(r["id"]):
            item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        self._items[r["id"]] = item
        return item

    def _expand(self, item: QTreeWidgetItem) -> None:
        self._fill(item)
        item.setExpanded(True)

    def _fill(self, item: QTreeWidgetItem) -> None:
        """Create ``item``'s children (once)."""
        aid = self.area_of(item)
        kids = self._children.get(aid, [])
        if item.childCount() or not kids:
            return
        item.addChildren([self._item(r) for r in kids])
