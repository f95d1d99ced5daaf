"""标注词表: the township edits the person-tag vocabulary that every laptop offers.

The list shows the built-in terms and the township's own, retired ones greyed. 新增标注 asks for a
name and a short code (letters, digits, underscores); 改名 renames; 停用/启用 stops or resumes
offering a term (records that carry it keep it and still show its name). Every change is a write to
``vocab_terms`` (``store.tags``) that the next return bundle carries to every worker laptop.
"""

from __future__ import annotations

from PySide6.QtCore import Signal

from ...domain.changed import Changes
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.errors import GridkeeperError
from ...store import tags as TG
from ..models import RowsModel
from ..panels import current_row, make_table_view
from . import common


class VocabTab(QWidget):
    changed = Signal(object)   # Changes

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        tr = self.tr
        self.model = RowsModel([
            (lambda: tr("标注"), lambda t: t.zh),
            (lambda: tr("英文"), lambda t: t.en),
            (lambda: tr("代码"), lambda t: t.code),
            (lambda: tr("排序"), lambda t: t.sort),
            (lambda: tr("来源"), lambda t: tr("内置") if t.builtin else tr("乡镇新增")),
            (lambda: tr("状态"), lambda t: tr("已停用") if t.retired else tr("使用中")),
            (lambda: tr("标注人数"), lambda t: self.counts.get(t.code, 0)),
        ], self, color_fn=lambda t: "#999999" if t.retired else None, id_fn=lambda t: t.code)
        self.counts: dict = {}
        self.view = make_table_view(self.model, self)
        self.view.setObjectName("vocab_table")
        self.add_button = QPushButton(tr("新增标注"))
        self.add_button.setObjectName("add_term")
        self.rename_button = QPushButton(tr("改名"))
        self.rename_button.setObjectName("rename_term")
        self.retire_button = QPushButton(tr("停用/启用"))
        self.retire_button.setObjectName("retire_term")
        bar = QHBoxLayout()
        for b in (self.add_button, self.rename_button, self.retire_button):
            bar.addWidget(b)
        hint = QLabel(tr("修改后在下一个返回包中发给各网格员电脑；停用的标注不再提供，已有记录保留。"))
        hint.setWordWrap(True)
        bar.addWidget(hint, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        self.add_button.clicked.connect(self.add_term)
        self.rename_button.clicked.connect(self.rename_term)
        self.retire_button.clicked.connect(self.toggle_retired)
        self.refresh()

    def refresh(self) -> None:
        self.counts = TG.tag_counts(self.db)
        self.model.set_rows(TG.vocabulary_terms(self.db))
        self.view.resizeColumnsToContents()

    def current(self):
        r = current_row(self.view)
        return self.model.rows[r] if 0 <= r < len(self.model.rows) else None

    def _write(self, fn) -> bool:
        try:
            fn()
        except GridkeeperError as e:
            common.warn(self, self.tr("标注词表"), e)
            return False
        self.refresh()
        self.changed.emit(Changes.of_tables("vocab_terms", origin=self))
        return True

    def on_changes(self, changes: Changes) -> None:
        if changes.origin is not self and changes.touches("vocab_terms", "person_tags"):
            self.refresh()

    def add_term(self, name: str | None = None, code: str | None = None) -> bool:
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("新增标注"), self.tr("标注名称（例如 网格帮手）："))
            if not ok or not name.strip():
                return False
        if code is None:
            code, ok = QInputDialog.getText(self, self.tr("新增标注"),
                                            self.tr("代码（小写英文字母、数字、下划线，例如 grid_helper）："))
            if not ok:
                return False
        return self._write(lambda: TG.save_term(self.db, code, name))

    def rename_term(self, name: str | None = None) -> bool:
        t = self.current()
        if t is None:
            return False
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("改名"), self.tr("新的名称："), text=t.zh)
            if not ok:
                return False
        return self._write(lambda: TG.save_term(self.db, t.code, name, en=t.en or None, sort=t.sort,
                                                retired=t.retired))

    def toggle_retired(self) -> bool:
        t = self.current()
        if t is None:
            return False
        return self._write(lambda: TG.retire_term(self.db, t.code, retired=not t.retired))
