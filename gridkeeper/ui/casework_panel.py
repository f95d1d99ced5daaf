"""The list-and-timeline panel the 诉求 and 隐患 tabs share (:mod:`ui.requests_tab`, :mod:`ui.hazards_tab`).

Left: filters (status — with 未办结 —, category, 逾期 / 本周到期, a search box) over a list whose
overdue rows are red, with a count line. Right: the selected record's title, the step buttons the
owning tab supplies, and its timeline (steps in date order, double click opens a step). The panel
knows no table: the owner gives it the query (``find``), the columns, the title text and the
timeline; everything it shows comes from store service functions (no SQL here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QSplitter, QVBoxLayout, QWidget)

from ..store.areas import subtree_ids
from .models import RowsModel
from .panels import current_row, make_table_view

OVERDUE_COLOR = "#c0392b"
LIST_LIMIT = 2000          # rows a list holds (the store's find_* default): newest first
DUE_COLOR = "#b9770e"
_EVENT_COLOR = {"received": "#1f618d", "found": "#1f618d", "closed": "#1e8449", "close": "#1e8449",
                "feedback": "#1e8449", "solved": "#1e8449", "rectified": "#1e8449", "recheck": "#1e8449",
                "escalate": "#b9770e", "deadline": OVERDUE_COLOR}


@dataclass
class PanelSpec:
    """What the owning tab tells the panel."""

    statuses: object                       # Vocabulary
    categories: object                     # Vocabulary
    columns: list                          # RowsModel columns
    find: Callable[..., list[dict]]        # find(area_ids=, status=, category=, text=, due=) -> rows
    title: Callable[[str], str]            # record id -> the detail title
    timeline: Callable[[str], list[dict]]  # record id -> events
    actions: list[tuple[str, str]]         # (object name, label) of the step buttons
    widths: tuple[int, ...] = ()


class CaseworkPanel(QWidget):
    current_changed = Signal(object)
    activated = Signal(object)
    event_activated = Signal(str, str)     # (kind, id) of a timeline event

    def __init__(self, spec: PanelSpec, parent=None):
        super().__init__(parent)
        self.spec = spec
        self.area_ids: list[str] | None = None
        self._live, self._stale = False, True
        self.status = QComboBox()
        self.status.setObjectName("status_filter")
        self.status.addItem(self.tr("全部状态"), None)
        self.status.addItem(self.tr("未办结"), "open")
        for t in spec.statuses:
            self.status.addItem(t.label, t.code)
        self.category = QComboBox()
        self.category.setObjectName("category_filter")
        self.category.addItem(self.tr("全部类别"), None)
        for t in spec.categories:
            self.category.addItem(t.label, t.code)
        self.due = QComboBox()
        self.due.setObjectName("due_filter")
        self.due.addItem(self.tr("全部"), None)
        self.due.addItem(self.tr("已逾期"), "overdue")
        self.due.addItem(self.tr("本周到期"), "week")
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("搜索内容、姓名、编号"))
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton()
        self.new_button.setObjectName("new")
        self.edit_button = QPushButton(self.tr("编辑"))
        self.edit_button.setObjectName("edit")
        self.delete_button = QPushButton(self.tr("删除"))
        self.delete_button.setObjectName("delete")
        self.count = QLabel()
        self.count.setObjectName("count")
        self.model = RowsModel(spec.columns, self, color_fn=self._color)
        self.view = make_table_view(self.model, self)
        self.view.setObjectName("list")
        for i, w in enumerate(spec.widths):
            self.view.setColumnWidth(i, w)
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, (name, label) in enumerate(spec.actions):
            b = QPushButton(label)
            b.setObjectName(name)
            self.buttons[name] = b
            grid.addWidget(b, i // 3, i % 3)
        self.timeline = QListWidget()
        self.timeline.setObjectName("timeline")
        self.timeline.setWordWrap(True)
        self.timeline.itemDoubleClicked.connect(self._open_event)
        self._layout(grid)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.reload)
        for combo in (self.status, self.category, self.due):
            combo.currentIndexChanged.connect(lambda *_: self.request_reload())
        self.search.textChanged.connect(lambda *_: self._timer.start())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._row_changed())
        self.view.doubleClicked.connect(lambda *_: self.activated.emit(self.current_id()))

    def _layout(self, grid) -> None:
        filters = QHBoxLayout()
        for w in (self.status, self.category, self.due):
            filters.addWidget(w)
        filters.addWidget(self.search, 1)
        bar = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.delete_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.count)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(filters)
        ll.addLayout(bar)
        ll.addWidget(self.view, 1)
        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.title)
        dl.addLayout(grid)
        self.timeline_label = QLabel(self.tr("办理过程"))
        dl.addWidget(self.timeline_label)
        dl.addWidget(self.timeline, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(detail)
        split.setSizes([600, 380])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(split)

    # Like the paged lists, the panel queries only while it is shown: start-up on a township database
    # costs no request or hazard query, and an area change reloads only what is seen.
    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._live = True
        if self._stale:
            self.reload()
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._live = False
        self._timer.stop()                 # no query after the window (and its connection) went away
        super().hideEvent(event)

    def request_reload(self) -> None:
        """Reload now if shown, else when next shown."""
        self._stale = True
        if self._live:
            self.reload()

    def flush(self) -> None:
        """Run a pending search now (what the debounce timer would do)."""
        if self._timer.isActive():
            self._timer.stop()
            self.reload()

    @staticmethod
    def _color(r: dict) -> str | None:
        if r.get("overdue"):
            return OVERDUE_COLOR
        return None

    # -- data -------------------------------------------------------------------------------
    def set_area_ids(self, area_ids: list[str] | None) -> None:
        self.area_ids = area_ids
        self.request_reload()

    def reload(self) -> None:
        self._stale = False
        keep = self.current_id()
        rows = self.spec.find(area_ids=self.area_ids, status=self.status.currentData(),
                              category=self.category.currentData(), text=self.search.text(),
                              due=self.due.currentData())
        self.model.set_rows(rows)
        overdue = sum(1 for r in rows if r.get("overdue"))
        if len(rows) >= LIST_LIMIT:   # a township's year: the newest, and the filters narrow it
            self.count.setText(self.tr("最近 {0} 条（可用筛选缩小范围），其中逾期 {1} 条").format(len(rows), overdue))
        else:
            self.count.setText(self.tr("共 {0} 条，逾期 {1} 条").format(len(rows), overdue))
        if keep is None or not self.select(keep):
            self._row_changed()

    def current_id(self):
        return self.model.record_id(current_row(self.view))

    def select(self, rid) -> bool:
        row = self.model.row_of(rid)
        if row is None:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        self._row_changed()
        return True

    def clear_filters(self) -> None:
        for combo in (self.status, self.category, self.due):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.reload()

    def _row_changed(self) -> None:
        rid = self.current_id()
        self.show_detail(rid)
        self.current_changed.emit(rid)

    def show_detail(self, rid) -> None:
        self.edit_button.setEnabled(bool(rid))
        self.delete_button.setEnabled(bool(rid))
        self.timeline.clear()
        if not rid:
            self.title.setText(self.tr("选择左侧的一条记录查看详情"))
            for b in self.buttons.values():
                b.setEnabled(False)
            return
        self.title.setText(self.spec.title(rid))
        for ev in self.spec.timeline(rid):
            item = QListWidgetItem(f"{ev['date'] or ''}　{ev['text']}")
            item.setData(Qt.ItemDataRole.UserRole, (ev["kind"], ev["id"]))
            item.setForeground(QColor(_EVENT_COLOR.get(ev["kind"], "#333333")))
            self.timeline.addItem(item)

    def _open_event(self, item) -> None:
        kind, rid = item.data(Qt.ItemDataRole.UserRole)
        self.event_activated.emit(kind, rid)


class CaseworkTab(QWidget):
    """What the requests and hazards tabs share: their panel's wiring and the main window's tab protocol.

    A subclass builds its :class:`CaseworkPanel` and hands it to :meth:`install_panel`; it provides
    ``new``, ``edit``, ``delete``, ``step``, ``note``, ``_enable`` and ``_open_event``.
    """

    def install_panel(self, panel: CaseworkPanel, step_forms) -> None:
        self.panel = panel
        panel.new_button.clicked.connect(self.new)
        panel.edit_button.clicked.connect(lambda: self.edit(self.current_id()))
        panel.delete_button.clicked.connect(self.delete)
        panel.activated.connect(self.edit)
        panel.current_changed.connect(self._enable)
        panel.event_activated.connect(self._open_event)
        for name in step_forms:
            panel.buttons[name].clicked.connect(lambda *_, n=name: self.step(n))
        panel.buttons["note"].clicked.connect(self.note)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(panel)

    # -- the main window's tab protocol -------------------------------------------------------
    def current_id(self):
        return self.panel.current_id()

    def set_area(self, area_id) -> None:
        self.panel.set_area_ids(subtree_ids(self.db, area_id) if area_id else None)

    def select(self, rid) -> bool:
        if self.panel.select(rid):
            return True
        self.panel.clear_filters()
        return self.panel.select(rid)
