"""The global search box (Ctrl+F): answers as you type, 200 ms after the last key.

Results come from ``store.search.search`` (names of 1–2 characters, pinyin initials, ID and phone
fragments, addresses) and are listed under the box; Enter, a click or a double click on a result
emits ``chosen(kind, id)`` and the main window selects that record. Up/Down move from the box into
the list, so the keyboard alone is enough.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..domain.lang import pick
from ..store.search import search

log = logging.getLogger(__name__)
DEBOUNCE_MS = 200
KIND_LABELS = {"person": ("人", "Person"), "household": ("户", "Household"), "house": ("房", "House")}


class SearchBox(QWidget):
    chosen = Signal(str, str)
    results_shown = Signal(bool)

    def __init__(self, db, parent=None, *, area_ids_fn=None):
        super().__init__(parent)
        self.db = db
        self.edit = QLineEdit()
        self.edit.setObjectName("search")
        self.edit.setClearButtonEnabled(True)
        # short enough for the 250-pixel tree pane (the long form was cut off); the rest is the tooltip
        self.edit.setPlaceholderText(self.tr("查找 姓名/拼音/证号/电话"))
        self.edit.setToolTip(self.tr("查找人、户、房：姓名、拼音首字母、身份证号、电话或地址（Ctrl+F）"))
        self.results = QListWidget()
        self.results.setObjectName("search_results")
        self.results.hide()
        self.status = QLabel()
        self.status.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit)
        lay.addWidget(self.status)
        lay.addWidget(self.results, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_query)
        self.edit.textChanged.connect(lambda *_: self.timer.start())
        self.edit.returnPressed.connect(self._enter)
        self.results.itemActivated.connect(self._choose)
        self.results.itemClicked.connect(self._choose)
        self.edit.installEventFilter(self)
        self.last_results: list[dict] = []

    def eventFilter(self, obj, event):
        from PySide6.QtCore import QEvent

        if obj is self.edit and event.type() == QEvent.Type.KeyPress and self.results.count():
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self.results.setFocus()
                self.results.setCurrentRow(0 if event.key() == Qt.Key.Key_Down else self.results.count() - 1)
                return True
        if obj is self.edit and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            self.edit.clear()
            return True
        return super().eventFilter(obj, event)

    def focus(self) -> None:
        self.edit.setFocus()
        self.edit.selectAll()

    def flush(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self.run_query()

    def run_query(self) -> None:
        text = self.edit.text().strip()
        self.results.clear()
        if not text:
            self.results.hide()
            self.status.hide()
            self.last_results = []
            self.results_shown.emit(False)
            return
        try:
            self.last_results = search(self.db, text, limit=50)
        except Exception as e:  # noqa: BLE001 - a failed search must not break typing
            log.exception("search failed")
            self.status.setText(pick(f"查找出错：{e}", f"search failed: {e}"))
            self.status.show()
            return
        for r in self.last_results:
            kind = pick(*KIND_LABELS.get(r["kind"], (r["kind"], r["kind"])))
            item = QListWidgetItem(f"[{kind}] {r['name']}　{r['detail'] or ''}")
            item.setData(Qt.ItemDataRole.UserRole, (r["kind"], r["id"]))
            self.results.addItem(item)
        self.status.setText(self.tr("找到 {} 条").format(len(self.last_results)) if self.last_results
                            else self.tr("没有找到"))
        self.status.show()
        self.results.setVisible(bool(self.last_results))
        self.results_shown.emit(True)

    def _enter(self) -> None:
        self.flush()
        if self.results.count():
            self._choose(self.results.item(0))

    def _choose(self, item) -> None:
        if item is None:
            return
        kind, rid = item.data(Qt.ItemDataRole.UserRole)
        self.chosen.emit(kind, rid)
