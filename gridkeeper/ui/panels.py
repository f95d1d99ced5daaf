"""Reusable pieces of the main window: a paged list with its filter box, and small tables.

:class:`ListPanel` = filter box (debounced, re-queries the store) + a table view over a
:class:`PagedTableModel` + a row count. It emits ``current_changed(id)`` and ``activated(id)``
(double click / Enter) and can select a record by id even when it lies beyond the fetched pages.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView,
                               QVBoxLayout, QWidget)

from ..store import households as H
from .models import PagedTableModel

DEBOUNCE_MS = 200


def make_table_view(model, parent=None) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setDefaultSectionSize(24)
    view.verticalHeader().hide()
    h = view.horizontalHeader()
    h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    h.setDefaultSectionSize(110)
    h.setStretchLastSection(True)
    h.setHighlightSections(False)
    return view


def current_row(view: QTableView) -> int:
    idx = view.selectionModel().currentIndex() if view.selectionModel() else None
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    if rows:
        return rows[0].row()
    return idx.row() if idx is not None and idx.isValid() else -1


class ListPanel(QWidget):
    current_changed = Signal(object)
    activated = Signal(object)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.model.set_live(True)
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.model.set_live(False)
        super().hideEvent(event)

    def __init__(self, db, kind: str, parent=None, *, widths: dict | None = None):
        super().__init__(parent)
        self.model = PagedTableModel(db, kind, self)
        self.filter = QLineEdit()
        self.filter.setObjectName(f"filter_{kind}")
        self.filter.setPlaceholderText(self.tr("筛选此列表（姓名、号码、地址…）"))
        self.filter.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.view = make_table_view(self.model, self)
        self.view.setObjectName(f"table_{kind}")
        # Show the store's default order in the header before sorting is enabled (enabling sorts by
        # the header's indicator at once, which defaults to column 0 descending).
        default = self.model.spec.default_sort
        keys = [c.key for c in self.model.spec.columns]
        self.view.horizontalHeader().setSortIndicator(
            keys.index(default.lstrip("-")),
            Qt.SortOrder.DescendingOrder if default.startswith("-") else Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        show_area = H.shows_area_column(db)
        for i, c in enumerate(self.model.spec.columns):
            if c.key == H.AREA_COLUMN:
                # 村/网格: township-wide lists need it (户号 010001 repeats in every grid); hidden on a
                # one-grid laptop where it would say the same on every line
                self.view.setColumnHidden(i, not show_area)
                self.view.setColumnWidth(i, 130)
                continue
            w = (widths or {}).get(c.key)
            if w:
                self.view.setColumnWidth(i, max(w, self.view.horizontalHeader().sectionSizeHint(i)))
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count_label)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(lambda *_: self._timer.start())
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.view.doubleClicked.connect(lambda idx: self.activated.emit(self.model.record_id(idx.row())))
        self.view.activated.connect(lambda idx: self.activated.emit(self.model.record_id(idx.row())))
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self._update_count()

    def _apply_filter(self) -> None:
        self.model.set_filter_text(self.filter.text())

    def flush(self) -> None:
        """Apply a pending filter now (tests, Enter key)."""
        if self._timer.isActive():
            self._timer.stop()
            self._apply_filter()

    def _row_changed(self, current, _previous) -> None:
        self.current_changed.emit(self.model.record_id(current.row()) if current.isValid() else None)

    def _update_count(self, *_):
        self.count_label.setText(self.tr("共 {} 条").format(self.model.total))

    def current_id(self):
        r = current_row(self.view)
        return self.model.record_id(r) if r >= 0 else None

    def set_area(self, area_id) -> None:
        self.model.set_area(area_id)
        self.current_changed.emit(None)

    def reload(self, keep: str | None = None) -> None:
        keep = keep or self.current_id()
        self.model.reload()
        if keep:
            self.select(keep)
        else:
            self.current_changed.emit(None)

    def select(self, rid) -> bool:
        row = self.model.row_of(rid) if rid else None
        if row is None:
            self.view.clearSelection()
            self.current_changed.emit(None)
            return False
        idx = self.model.index(row, 0)
        self.view.setCurrentIndex(idx)
        self.view.selectRow(row)
        self.view.scrollTo(idx)
        self.current_changed.emit(rid)
        return True

    def retranslate(self) -> None:
        self.filter.setPlaceholderText(self.tr("筛选此列表（姓名、号码、地址…）"))
        self.model.refresh_labels()
        self._update_count()
