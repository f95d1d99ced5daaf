"""Small helpers shared by the township views: error boxes, value text, table set-up."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMessageBox, QTableView, QTableWidget

from ...domain.errors import GridkeeperError


def tr(text: str) -> str:
    """Translate in the shared ``TownshipWorkspace`` context (one context for the whole package)."""
    return QCoreApplication.translate("TownshipWorkspace", text)


def error_text(e: BaseException) -> str:
    if isinstance(e, GridkeeperError):
        return str(e)
    return tr("出错了：{e}（详情已写入日志）").format(e=e)


def warn(parent, title: str, e: BaseException | str) -> None:
    QMessageBox.warning(parent, title, e if isinstance(e, str) else error_text(e))


def setup_table(view, *, stretch_last: bool = True, multi: bool = False) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if isinstance(view, (QTableView, QTableWidget)):
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)


def fmt_value(v) -> str:
    if v is None:
        return tr("（空）")
    if isinstance(v, (list, tuple)):
        return "、".join(str(x) for x in v)
    return str(v)
