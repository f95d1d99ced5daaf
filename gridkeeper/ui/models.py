"""Qt table models over the store's paged queries.

:class:`PagedTableModel` shows one list of :mod:`gridkeeper.store.households` (persons,
households, houses, care subjects, visits, disputes). It fetches 200 rows at a time when the
view scrolls (``canFetchMore``/``fetchMore``), so a 60,000-person township opens at once; sorting
and filtering re-query the store instead of sorting in Qt. :class:`RowsModel` shows a small
in-memory list (household members, due list, timeline).
"""

from __future__ import annotations

import json
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ..store import households as H

PAGE = H.PAGE_SIZE


def format_value(column: H.Column, value) -> str:
    if value is None:
        return ""
    if column.codes and column.vocab:
        try:
            codes = json.loads(value) if isinstance(value, str) else list(value)
        except ValueError:
            return str(value)
        return "、".join(column.vocab.label(c) for c in codes)
    if column.vocab:
        return column.vocab.label(value)
    return str(value)


class PagedTableModel(QAbstractTableModel):
    def __init__(self, db, kind: str, parent=None):
        super().__init__(parent)
        self.db = db
        self.kind = kind
        self.spec = H.spec(kind)
        self.area_id: str | None = None
        self.filter_text = ""
        self.filters: dict = {}
        self.sort_key: str | None = None
        self._rows: list[dict] = []
        self._total = 0
        # Lists on hidden tabs do not query: they load when shown (``set_live``), so opening the
        # township database costs one list, not six, and an area change reloads only what is seen.
        self.live = False
        self.stale = True

    def set_live(self, live: bool) -> None:
        self.live = live
        if live and self.stale:
            self.reload()

    # -- querying ---------------------------------------------------------------------------
    def reload(self) -> None:
        if not self.live:
            self.stale = True
            return
        self.stale = False
        self.beginResetModel()
        self._total = H.count(self.db, self.kind, self.area_id, self.filter_text, filters=self.filters)
        self._rows = H.page(self.db, self.kind, self.area_id, self.filter_text, self.sort_key, 0, PAGE,
                            filters=self.filters)
        self.endResetModel()

    def set_area(self, area_id: str | None) -> None:
        self.area_id = area_id
        self.reload()

    def set_filter_text(self, text: str) -> None:
        self.filter_text = text
        self.reload()

    def set_filters(self, **filters) -> None:
        self.filters = {k: v for k, v in filters.items() if v not in (None, "", [])}
        self.reload()

    @property
    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid() or len(self._rows) >= self._total:
            return
        more = H.page(self.db, self.kind, self.area_id, self.filter_text, self.sort_key, len(self._rows), PAGE,
                      filters=self.filters)
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows += more
        self.endInsertRows()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.spec.columns):
            return
        key = self.spec.columns[column].key
        self.sort_key = ("-" if order == Qt.SortOrder.DescendingOrder else "") + key
        self.reload()

    # -- records ----------------------------------------------------------------------------
    def record_id(self, row: int) -> str | None:
        return self._rows[row]["id"] if 0 <= row < len(self._rows) else None

    def row_dict(self, row: int) -> dict | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, rid: str) -> int | None:
        """The row showing record ``rid``, fetching pages up to it; None when the list lacks it."""
        for i, r in enumerate(self._rows):
            if r["id"] == rid:
                return i
        pos = H.row_index(self.db, self.kind, rid, self.area_id, self.filter_text, self.sort_key,
                          filters=self.filters)
        if pos is None:
            return None
        while len(self._rows) <= pos and self.canFetchMore():
            self.fetchMore()
        return pos if pos < len(self._rows) and self._rows[pos]["id"] == rid else None

    # -- Qt model API -----------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.spec.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        col = self.spec.columns[index.column()]
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return format_value(col, row.get(col.key))
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.spec.columns[section].label if 0 <= section < len(self.spec.columns) else None
        return str(section + 1)

    def refresh_labels(self) -> None:
        """After a language switch: headers and vocabulary labels change, the rows do not."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.spec.columns) - 1))
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.spec.columns) - 1))


class RowsModel(QAbstractTableModel):
    """A small list of rows shown through ``(header_fn, value_fn)`` columns; ``color_fn`` tints a row."""

    def __init__(self, columns: list[tuple[Callable[[], str], Callable[[object], str]]], parent=None,
                 color_fn: Callable[[object], str | None] | None = None, id_fn: Callable[[object], str] | None = None):
        super().__init__(parent)
        self.columns = columns
        self.rows: list = []
        self.color_fn = color_fn
        self.id_fn = id_fn or (lambda r: r["id"] if isinstance(r, dict) else getattr(r, "id", None))

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            v = self.columns[index.column()][1](r)
            return "" if v is None else str(v)
        if role == Qt.ItemDataRole.ForegroundRole and self.color_fn:
            c = self.color_fn(r)
            return QBrush(QColor(c)) if c else None
        if role == Qt.ItemDataRole.UserRole:
            return self.id_fn(r)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]()
        return None

    def record_id(self, row: int):
        return self.id_fn(self.rows[row]) if 0 <= row < len(self.rows) else None

    def row_of(self, rid) -> int | None:
        for i, r in enumerate(self.rows):
            if self.id_fn(r) == rid:
                return i
        return None

    def refresh_labels(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.columns) - 1))
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))
