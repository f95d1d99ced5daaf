"""The global search box (Ctrl+F): answers as you type, 200 ms after the last key.

Results come from ``store.search.search_page`` (names of 1–2 characters, pinyin initials, ID and
phone fragments, addresses), 50 at a time, and are listed under the box with the total
("前 50 条，共 106 条"); the last row "显示更多" loads the next 50. Enter, a click or a double click
on a result emits ``chosen(kind, id)`` and the main window selects that record. Up/Down move from
the box into the list, so the keyboard alone is enough.

Writers keep the search index current, so a query only reads it (milliseconds). A database whose
index lags (made by an older app, or an older index format) is brought up to date once, as a
background task started when the box is created, while the box says "正在更新搜索索引".
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..store.db import db_path
from ..store.search import needs_refresh, refresh_search_index, search_page
from . import tasks

log = logging.getLogger(__name__)
DEBOUNCE_MS = 200
PAGE = 50
MORE = ("more", "")   # the data of the "显示更多" row
_refreshing: set[str] = set()   # databases whose index a background task is updating


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
        self.total = 0
        self.updating_index = False
        self._refresh_index_if_needed()

    # -- the index -----------------------------------------------------------------------------
    def _refresh_index_if_needed(self) -> None:
        path = str(db_path(self.db) or "")
        if not path or not needs_refresh(self.db) or path in _refreshing:
            return
        _refreshing.add(path)
        self.updating_index = True
        self._show_status(self.tr("正在更新搜索索引…"))

        def progress(done, total, _text):
            try:
                if self.updating_index:
                    self._show_status(self.tr("正在更新搜索索引…（{0}/{1}）").format(done, total))
            except RuntimeError:  # the box was rebuilt (language switch) meanwhile
                pass

        def finished(_result=None):
            _refreshing.discard(path)
            try:
                self.updating_index = False
                self.status.hide()
                if self.edit.text().strip():
                    self.run_query()
            except RuntimeError:
                pass

        def failed(e):
            log.error("search index refresh failed: %s", e)
            finished()

        tasks.run_task(lambda db, p, c: refresh_search_index(db, progress=p), path,
                       on_done=finished, on_error=failed, on_progress=progress)

    def _show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

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
        self.last_results, self.total = [], 0
        if not text:
            self.results.hide()
            self.status.hide()
            self.results_shown.emit(False)
            return
        if not self._load_page(text, 0):
            return
        self.results.setVisible(bool(self.last_results))
        self.results_shown.emit(True)

    def show_more(self) -> None:
        """The next page of results after the ones listed (the "显示更多" row)."""
        text = self.edit.text().strip()
        if text and len(self.last_results) < self.total:
            row = self.results.count() - 1
            self._load_page(text, len(self.last_results))
            self.results.setCurrentRow(min(row, self.results.count() - 1))

    def _kind_label(self, kind: str) -> str:
        """The short tag in front of a result: [人] a person, [户] a household, [房] a house."""
        labels = {"person": self.tr("人"), "household": self.tr("户"), "house": self.tr("房")}
        return labels.get(kind, kind)

    def _load_page(self, text: str, offset: int) -> bool:
        try:
            page = search_page(self.db, text, limit=PAGE, offset=offset)
        except Exception as e:  # noqa: BLE001 - a failed search must not break typing
            log.exception("search failed")
            self._show_status(self.tr("查找出错：{e}").format(e=e))
            return False
        last = self.results.item(self.results.count() - 1) if self.results.count() else None
        if last is not None and last.data(Qt.ItemDataRole.UserRole) == MORE:
            self.results.takeItem(self.results.count() - 1)
        self.last_results += page.results
        self.total = page.total
        for r in page.results:
            kind = self._kind_label(r["kind"])
            item = QListWidgetItem(f"[{kind}] {r['name']}　{r['detail'] or ''}")
            item.setData(Qt.ItemDataRole.UserRole, (r["kind"], r["id"]))
            self.results.addItem(item)
        shown = len(self.last_results)
        if shown < self.total:
            more = QListWidgetItem(self.tr("显示更多（还有 {0} 条）").format(self.total - shown))
            more.setData(Qt.ItemDataRole.UserRole, MORE)
            font = more.font()
            font.setItalic(True)
            more.setFont(font)
            self.results.addItem(more)
            status = self.tr("前 {0} 条，共 {1} 条").format(shown, self.total)
        else:
            status = self.tr("找到 {} 条").format(shown) if shown else self.tr("没有找到")
        if self.updating_index:
            status += " " + self.tr("（正在更新搜索索引，结果可能不全）")
        self._show_status(status)
        return True

    def _enter(self) -> None:
        self.flush()
        if self.results.count():
            self._choose(self.results.item(0))

    def _choose(self, item) -> None:
        if item is None:
            return
        data = item.data(Qt.ItemDataRole.UserRole)
        if data == MORE:
            self.show_more()
            return
        kind, rid = data
        self.chosen.emit(kind, rid)
