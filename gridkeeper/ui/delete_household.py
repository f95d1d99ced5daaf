"""Deleting a household that still has members: move them to another household, or delete them too.

Deleting only the household used to leave its members alive in no household, without a word.
:class:`DeleteHouseholdDialog` asks; the main window then calls ``store.households.delete_household``,
whose changes are one undo step (Ctrl+Z brings the household and its members back together).
"""

from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QLabel, QRadioButton,
                               QVBoxLayout)

from ..store import households as H
from ..store.records import get_record
from .screen import fit_to_screen


class DeleteHouseholdDialog(QDialog):
    """After Accepted: ``choice`` is ``"move"`` (with ``target()``) or ``"delete"``."""

    def __init__(self, db, household_id: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("删除户"))
        members = H.household_members(db, household_id)
        label = H.record_label(db, "households", household_id)
        names = "、".join(m["name"] for m in members[:6]) + ("…" if len(members) > 6 else "")
        intro = QLabel(self.tr("“{0}”还有 {1} 名成员：{2}。删除这一户时，这些成员怎么办？").format(
            label, len(members), names))
        intro.setWordWrap(True)
        self.move = QRadioButton(self.tr("把成员移到另一户："))
        self.move.setObjectName("move_members")
        self.target_combo = QComboBox()
        self.target_combo.setObjectName("target_household")
        area = get_record(db, "households", household_id, include_deleted=True).get("area_id")
        for rid, text in H.choices(db, "households", area, "", limit=500):
            if rid != household_id:
                self.target_combo.addItem(text, rid)
        self.delete = QRadioButton(self.tr("连同 {0} 名成员一起删除").format(len(members)))
        self.delete.setObjectName("delete_members")
        group = QButtonGroup(self)
        group.addButton(self.move)
        group.addButton(self.delete)
        if self.target_combo.count():
            self.move.setChecked(True)
        else:
            self.move.setEnabled(False)
            self.target_combo.setEnabled(False)
            self.delete.setChecked(True)
        self.move.toggled.connect(self.target_combo.setEnabled)
        hint = QLabel(self.tr("可以用 Ctrl+Z 撤销（户和成员一起恢复）。"))
        hint.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(self.tr("删除"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("confirm_delete")
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.move)
        lay.addWidget(self.target_combo)
        lay.addWidget(self.delete)
        lay.addWidget(hint)
        lay.addWidget(buttons)
        fit_to_screen(self, 460, self.sizeHint().height())

    @property
    def choice(self) -> str:
        return "move" if self.move.isChecked() else "delete"

    def target(self) -> str | None:
        return self.target_combo.currentData() if self.choice == "move" else None
