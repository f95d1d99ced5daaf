"""The one record editor: a form built from the field registry, checked as the user types.

:class:`RecordForm` lays out every field of a table from :mod:`gridkeeper.domain.records`:
text and dates as line edits (dates accept 2026-11-27, 2026/11/27, 2026年11月27日 …), long texts
as small text boxes, codes as a combo box of vocabulary labels, code lists as a checkable list,
references as a picker with a filter box, booleans as check boxes. On every change it runs the
shared validator (``validate_record``) on the current values and shows each ``FieldProblem`` in red
under its field; :class:`RecordDialog` keeps 保存 disabled while anything is wrong, so a bad form
never reaches the store. For persons, a valid ID number fills the birth date and gender.

Saving calls ``create_record``/``update_record`` (each commits at once) or a ``save_fn`` given
by the caller (e.g. ``store.care.record_visit``); the dialog keeps the resulting ``Change`` list in
``changes`` for the main window's undo stack.
"""

from __future__ import annotations

import json
import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit,
                               QScrollArea, QVBoxLayout, QWidget)

from ..domain.errors import GridkeeperError, ValidationError
from ..domain.records import Field, table as get_table
from ..domain.validate import ValueProblem, check_id_number, validate_record
from ..domain.vocab import CARE_LEVELS
from ..store import households as H
from ..store.care import care_intervals
from ..store.changes import Change
from ..store.records import create_record, get_record, update_record
from .screen import fit_to_screen
from .people_widgets import TagsBox

log = logging.getLogger(__name__)

LONG_TEXT = {"notes", "findings", "needs", "followup", "summary", "agreement", "followup_result", "content"}
ERROR_STYLE = "color: #c0392b;"


class RefPicker(QWidget):
    """Choose a referenced record: a filter box and a combo of matching records (max 200)."""

    changed = Signal()

    def __init__(self, db, table: str, area_id: str | None = None, parent=None):
        super().__init__(parent)
        self.db, self.table, self.area_id = db, table, area_id
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("筛选"))
        self.filter.setMaximumWidth(110)
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(18)
        lay.addWidget(self.filter)
        lay.addWidget(self.combo, 1)
        self.filter.textChanged.connect(self._refill)
        self.combo.currentIndexChanged.connect(lambda *_: self.changed.emit())
        self._refill("")

    def _refill(self, text: str) -> None:
        current = self.value()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("", None)
        for rid, label in H.choices(self.db, self.table, self.area_id, text, limit=200):
            self.combo.addItem(label, rid)
        if current:
            self._ensure(current)
        self.combo.blockSignals(False)
        if self.value() != current:
            self.changed.emit()

    def _ensure(self, rid: str) -> None:
        i = self.combo.findData(rid)
        if i < 0:
            self.combo.addItem(H.record_label(self.db, self.table, rid), rid)
            i = self.combo.count() - 1
        self.combo.setCurrentIndex(i)

    def value(self):
        return self.combo.currentData()

    def set_value(self, rid) -> None:
        if rid:
            self._ensure(rid)
        else:
            self.combo.setCurrentIndex(0)


class CodesList(QListWidget):
    """A checkable list of vocabulary terms; value is the list of checked codes."""

    changed = Signal()

    def __init__(self, vocab, parent=None):
        super().__init__(parent)
        self.vocab = vocab
        for term in vocab:
            item = QListWidgetItem(term.label)
            item.setData(Qt.ItemDataRole.UserRole, term.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setMaximumHeight(110)
        self.itemChanged.connect(lambda *_: self.changed.emit())

    def value(self) -> list[str]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def set_value(self, codes) -> None:
        if isinstance(codes, str):
            codes = json.loads(codes) if codes.startswith("[") else [codes]
        codes = set(codes or [])
        for i in range(self.count()):
            it = self.item(i)
            it.setCheckState(Qt.CheckState.Checked if it.data(Qt.ItemDataRole.UserRole) in codes
                             else Qt.CheckState.Unchecked)


class RecordForm(QWidget):
    """The fields of one table as widgets, with live validation. ``validity_changed(bool)``."""

    validity_changed = Signal(bool)

    def __init__(self, db, table: str, *, record: dict | None = None, defaults: dict | None = None,
                 fixed: tuple[str, ...] = (), hidden: tuple[str, ...] = (), area_id: str | None = None,
                 parent=None):
        super().__init__(parent)
        self.db = db
        self.table = get_table(table)
        self.record = record
        self.fixed_values = {k: (defaults or {}).get(k, (record or {}).get(k)) for k in fixed}
        self.hidden = set(hidden) | {"deleted"}
        # hidden fields the caller gave a value for (e.g. the area a new member inherits) are saved too
        self.hidden_values = {k: v for k, v in (defaults or {}).items() if k in self.hidden and k != "deleted"}
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.touched: set[str] = set()
        self.problems: dict[str, str] = {}
        self.valid = False
        self._filling = False
        area = area_id or (defaults or {}).get("area_id") or (record or {}).get("area_id")
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for f in self.table.fields:
            if f.name in self.hidden:
                continue
            label = f.label + (" *" if f.required else "")
            if f.name in self.fixed_values:
                shown = QLabel(self._fixed_text(f, self.fixed_values[f.name]))
                shown.setObjectName(f"fixed_{f.name}")
                form.addRow(label, shown)
                continue
            w = self._make_widget(f, area)
            w.setObjectName(f"field_{f.name}")
            self.widgets[f.name] = w
            err = QLabel()
            err.setStyleSheet(ERROR_STYLE)
            err.setWordWrap(True)
            err.setObjectName(f"error_{f.name}")
            err.hide()
            self.errors[f.name] = err
            box = QWidget()
            v = QVBoxLayout(box)
            v.setContentsMargins(0, 0, 0, 0)
            v.setSpacing(1)
            v.setAlignment(Qt.AlignmentFlag.AlignTop)   # a short text box stays by its label when the form has room
            v.addWidget(w)
            v.addWidget(err)
            form.addRow(label, box)
        self.general_error = QLabel()
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        form.addRow(self.general_error)
        start = dict(record or {})
        start.update({k: v for k, v in (defaults or {}).items() if v is not None})
        self.set_values(start)

    # -- widgets ----------------------------------------------------------------------------
    def _fixed_text(self, f: Field, value) -> str:
        if f.kind == "ref" and value:
            return H.record_label(self.db, f.ref, value)
        if f.vocab is not None and value:
            return f.vocab.label(value)
        return "" if value is None else str(value)

    def _make_widget(self, f: Field, area_id) -> QWidget:
        if f.kind == "code":
            w = QComboBox()
            w.addItem("", None)
            for term in f.vocab:
                w.addItem(term.label, term.code)
            w.currentIndexChanged.connect(lambda *_, n=f.name: self._changed(n))
            return w
        if f.kind == "codes":
            w = CodesList(f.vocab)
            w.changed.connect(lambda n=f.name: self._changed(n))
            return w
        if f.kind == "ref":
            w = RefPicker(self.db, f.ref, None if f.ref == "areas" else area_id)
            w.changed.connect(lambda n=f.name: self._changed(n))
            return w
        if f.kind == "bool":
            w = QCheckBox()
            w.toggled.connect(lambda *_, n=f.name: self._changed(n))
            return w
        if f.name in LONG_TEXT:
            w = QPlainTextEdit()
            w.setMaximumHeight(64)
            w.setTabChangesFocus(True)
            w.textChanged.connect(lambda n=f.name: self._changed(n))
            return w
        w = QLineEdit()
        if f.kind == "date":
            w.setPlaceholderText(self.tr("例如 2026-11-27"))
        if f.name == "visit_interval":
            # the level defaults come from the same table as the due list and the care roster

            days = care_intervals(self.db)
            w.setPlaceholderText(self.tr("留空按关爱等级：") + "，".join(
                self.tr("{0} {1} 天").format(CARE_LEVELS.label(code), n) for code, n in days.items()))
        w.textChanged.connect(lambda *_, n=f.name: self._changed(n))
        return w

    def widget(self, name: str) -> QWidget:
        return self.widgets[name]

    def set_value(self, name: str, value) -> None:
        w = self.widgets.get(name)
        if w is None:
            return
        if isinstance(w, QComboBox):
            i = w.findData(value) if value else 0
            w.setCurrentIndex(max(0, i))
        elif isinstance(w, (CodesList, RefPicker)):
            w.set_value(value)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText("" if value is None else str(value))
        else:
            w.setText("" if value is None else str(value))

    def set_values(self, values: dict) -> None:
        self._filling = True
        try:
            for k, v in values.items():
                self.set_value(k, v)
        finally:
            self._filling = False
        self.revalidate()

    def raw_value(self, name: str):
        w = self.widgets[name]
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, (CodesList, RefPicker)):
            return w.value()
        if isinstance(w, QCheckBox):
            return int(w.isChecked())
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        return w.text()

    def values(self) -> dict:
        out = dict(self.hidden_values)
        out.update({name: self.raw_value(name) for name in self.widgets})
        out.update({k: v for k, v in self.fixed_values.items()})
        for f in self.table.fields:
            if f.kind == "codes" and f.name in out and isinstance(out[f.name], list) and not out[f.name]:
                out[f.name] = None
        return out

    # -- validation -------------------------------------------------------------------------
    def _changed(self, name: str) -> None:
        if self._filling:
            return
        self.touched.add(name)
        if name == "id_number" and self.table.name == "persons":
            self._fill_from_id()
        self.revalidate()

    def _fill_from_id(self) -> None:
        try:
            info = check_id_number(self.raw_value("id_number"))
        except ValueProblem:
            return
        self._filling = True
        try:
            if "birth_date" in self.widgets:
                self.set_value("birth_date", info.birth_date.isoformat())
            if "gender" in self.widgets:
                self.set_value("gender", info.gender)
        finally:
            self._filling = False

    def revalidate(self, *, show_all: bool = False) -> bool:
        values = self.values()
        problems: dict[str, str] = {}
        try:
            validate_record(self.table.name, values, existing=self.record)
        except ValidationError as e:
            for p in e.problems:
                problems.setdefault(p.field, str(p))
        self.problems = problems
        general = []
        for name, label in self.errors.items():
            text = problems.get(name)
            required_only = text and self.table.field(name).required and values.get(name) in (None, "", [])
            show = text and (show_all or name in self.touched or not required_only)
            label.setText(text or "")
            label.setVisible(bool(show))
        for name, text in problems.items():
            if name not in self.errors:
                general.append(text)
        missing = [self.table.field(n).label for n, t in problems.items()
                   if n in self.errors and not self.errors[n].isVisible()]
        if missing:
            general.append(self.tr("请填写：") + "、".join(missing))
        self.general_error.setText("\n".join(general))
        valid = not problems
        if valid != self.valid:
            self.valid = valid
        self.validity_changed.emit(valid)
        return valid

    def retranslate(self) -> None:
        self.revalidate()


class RecordDialog(QDialog):
    """New or edit one record. After ``exec()`` returns Accepted: ``record_id`` and ``changes``."""

    def __init__(self, db, table: str, record_id: str | None = None, *, defaults: dict | None = None,
                 fixed: tuple[str, ...] = (), hidden: tuple[str, ...] = (), title: str | None = None,
                 save_fn=None, parent=None):
        super().__init__(parent)
        self.db = db
        self.table_name = table
        self.record_id = record_id
        self.save_fn = save_fn
        self.changes: list[Change] = []
        record = get_record(db, table, record_id) if record_id else None
        t = get_table(table)
        self.setWindowTitle(title or ((self.tr("编辑") if record_id else self.tr("新增")) + " · " + t.label))
        self.form = RecordForm(db, table, record=record, defaults=defaults, fixed=fixed, hidden=hidden)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save")
        self.save_button.setToolTip(self.tr("保存 (Ctrl+S)"))
        cancel = self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel")
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        lay = QVBoxLayout(self)
        lay.addWidget(scroll, 1)
        self.tags = None
        self.tags_changed = False
        if table == "persons":   # 人员标注: separate records (store.tags), saved with the person
            self.tags = TagsBox(db, record_id, self)
            lay.addWidget(QLabel(self.tr("标注")))
            lay.addWidget(self.tags)
        lay.addWidget(self.buttons)
        self.form.validity_changed.connect(self.save_button.setEnabled)
        self.save_button.setEnabled(self.form.valid)
        n_rows = len(self.form.widgets) + len(self.form.fixed_values)
        fit_to_screen(self, 600, min(660, 110 + 46 * n_rows))

    def save(self) -> bool:
        if not self.form.revalidate(show_all=True):
            return False
        values = self.form.values()
        try:
            if self.save_fn is not None:
                result = self.save_fn(self.db, values)
                if isinstance(result, str):
                    self.record_id = result
                    self.changes = [Change(self.table_name, result, True)]
                else:
                    self.changes = list(result or [])
            elif self.record_id:
                ch = update_record(self.db, self.table_name, self.record_id, values)
                self.changes = [ch] if ch.changed else []
            else:
                self.record_id = create_record(self.db, self.table_name, values)
                self.changes = [Change(self.table_name, self.record_id, True)]
            if self.tags is not None and self.record_id:
                saved = self.tags.save(self.record_id)
                self.tags_changed = bool(saved["added"] or saved["removed"])
                self.changes += saved["changes"]      # one Ctrl+Z takes back the person and its tags
        except ValidationError as e:
            self.form.general_error.setText(str(e))
            return False
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("无法保存"), str(e))
            return False
        except Exception as e:  # noqa: BLE001
            log.exception("saving %s failed", self.table_name)
            QMessageBox.critical(self, self.tr("无法保存"), self.tr("保存失败：{e}").format(e=e))
            return False
        self.accept()
        return True
