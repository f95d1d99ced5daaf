"""Small pieces the people views share: the tag box of the person editor, the tag filter of the
persons list, and a person picker for arrivals and volunteers.

The tag vocabulary is read from the database (``store.tags``: built-in terms plus the township's
own), so a term the township added and sent in a return bundle shows up here at once; a retired
term is offered only on a person who already carries it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QWidget

from ..store import households as H
from ..store import tags as TG


class TagsBox(QListWidget):
    """A checkable list of the tags offered (and any retired tag the person already has)."""

    changed = Signal()

    def __init__(self, db, person_id: str | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("person_tags")
        self.db = db
        have = set(TG.person_tags(db, person_id)) if person_id else set()
        self.initial = sorted(have)
        for t in TG.vocabulary_terms(db):
            if t.retired and t.code not in have:
                continue
            item = QListWidgetItem(t.label + (self.tr("（已停用）") if t.retired else ""))
            item.setData(Qt.ItemDataRole.UserRole, t.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if t.code in have else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(True)
        self.setMaximumHeight(64)
        self.itemChanged.connect(lambda *_: self.changed.emit())

    def value(self) -> list[str]:
        return sorted(self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                      if self.item(i).checkState() == Qt.CheckState.Checked)

    def set_value(self, codes) -> None:
        codes = set(codes or [])
        for i in range(self.count()):
            it = self.item(i)
            it.setCheckState(Qt.CheckState.Checked if it.data(Qt.ItemDataRole.UserRole) in codes
                             else Qt.CheckState.Unchecked)

    def save(self, person_id: str) -> dict:
        """Write the checked tags for the person (only when they changed)."""
        if self.value() == self.initial:
            return {"added": [], "removed": [], "changes": []}
        out = TG.set_person_tags(self.db, person_id, self.value())
        self.initial = self.value()
        return out


def tag_filter_combo(db, parent=None) -> QComboBox:
    """全部标注 + every term (retired ones too: old records carry them)."""
    box = QComboBox(parent)
    box.setObjectName("tag_filter")
    fill_tag_filter(box, db)
    return box


def fill_tag_filter(box: QComboBox, db) -> None:
    current = box.currentData()
    box.blockSignals(True)
    box.clear()
    box.addItem(QCoreApplication.translate("TagFilter", "全部标注"), None)
    for t in TG.vocabulary_terms(db):
        box.addItem(t.label, t.code)
    i = box.findData(current) if current else 0
    box.setCurrentIndex(max(0, i))
    box.blockSignals(False)


class PersonPicker(QWidget):
    """A filter box and a combo of persons of the area (name and ID number)."""

    changed = Signal()

    def __init__(self, db, area_id: str | None, choices=None, parent=None):
        super().__init__(parent)
        self.db, self.area_id = db, area_id
        self.fixed_choices = choices       # e.g. the volunteers; None: every person of the area
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.filter = QLineEdit()
        self.filter.setObjectName("person_filter")
        self.filter.setPlaceholderText(self.tr("姓名/身份证号筛选"))
        self.filter.setMaximumWidth(130)
        self.combo = QComboBox()
        self.combo.setObjectName("person_combo")
        self.combo.setMinimumContentsLength(16)
        lay.addWidget(self.filter)
        lay.addWidget(self.combo, 1)
        self.filter.textChanged.connect(self._refill)
        self.combo.currentIndexChanged.connect(lambda *_: self.changed.emit())
        self._refill("")

    def _refill(self, text: str) -> None:
        current = self.value()
        self.combo.blockSignals(True)
        self.combo.clear()
        if self.fixed_choices is not None:
            rows = [(rid, label) for rid, label in self.fixed_choices if not text or text in label]
        else:
            rows = H.choices(self.db, "persons", self.area_id, text, limit=200)
        for rid, label in rows:
            self.combo.addItem(label, rid)
        if current:
            i = self.combo.findData(current)
            if i >= 0:
                self.combo.setCurrentIndex(i)
        self.combo.blockSignals(False)
        self.changed.emit()

    def value(self):
        return self.combo.currentData()

    def set_value(self, rid) -> None:
        i = self.combo.findData(rid)
        if i < 0 and rid:
            self.combo.addItem(H.record_label(self.db, "persons", rid), rid)
            i = self.combo.count() - 1
        self.combo.setCurrentIndex(max(0, i))
