"""The shape shared by the small list dialogs (history, backups, deleted records): a caption, a
read-only table, a row of action buttons and Close."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)


def read_only_table(headers: list[str], stretch_column: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]], empty_text: str | None = None) -> None:
    """Fill the table; with no rows, ``empty_text`` (e.g. 没有已删除的记录) is shown as one grey line
    that cannot be selected, so an empty list does not look like a list that failed to load."""
    table.clearSpans()
    if not rows and empty_text:
        table.setRowCount(1)
        item = QTableWidgetItem(empty_text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setForeground(QColor("#777777"))
        table.setItem(0, 0, item)
        if table.columnCount() > 1:
            table.setSpan(0, 0, 1, table.columnCount())
        return
    table.setRowCount(len(rows))
    for i, cells in enumerate(rows):
        for j, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)          # a long change list is cut in its cell; the tooltip shows it all
            table.setItem(i, j, item)


def lay_out(dialog: QDialog, caption: QWidget, table: QTableWidget, buttons: list[QWidget]) -> None:
    """Caption above the table; the action buttons on the left of the bottom row, Close on the right."""
    close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    close.rejected.connect(dialog.reject)
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    row.addWidget(close)
    lay = QVBoxLayout(dialog)
    lay.addWidget(caption)
    lay.addWidget(table)
    lay.addLayout(row)
