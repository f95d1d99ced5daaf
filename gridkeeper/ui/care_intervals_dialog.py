"""关爱走访周期: the township sets the default visit interval of each care level.

The values go to ``store.care.set_care_intervals`` (a setting of this database) and are read by the
due list, the care-subject editor's hint and the care roster ledger. They are local to this
database: bundles do not carry settings yet.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QMessageBox, QSpinBox, QVBoxLayout

from ..domain.errors import GridkeeperError
from ..domain.vocab import CARE_LEVELS
from ..store.care import MAX_INTERVAL, care_intervals, set_care_intervals
from .screen import fit_to_screen


class CareIntervalsDialog(QDialog):
    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.saved: dict | None = None
        self.setWindowTitle(self.tr("关爱走访周期"))
        intro = QLabel(self.tr("关爱对象没有单独填写走访周期时，按关爱等级使用下面的天数。"
                               "到期走访列表、关爱对象表单和重点人群花名册都按这里计算。"))
        intro.setWordWrap(True)
        form = QFormLayout()
        self.spins: dict[str, QSpinBox] = {}
        for code, days in care_intervals(db).items():
            spin = QSpinBox()
            spin.setObjectName(f"interval_{code}")
            spin.setRange(1, MAX_INTERVAL)
            spin.setSuffix(self.tr(" 天"))
            spin.setValue(days)
            self.spins[code] = spin
            form.addRow(CARE_LEVELS.label(code), spin)
        note = QLabel(self.tr("这个设置只保存在本机数据库里，不会随同步包发给网格员。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(buttons)
        fit_to_screen(self, 420, self.sizeHint().height())

    def save(self) -> None:
        try:
            self.saved = set_care_intervals(self.db, {k: s.value() for k, s in self.spins.items()})
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("无法保存"), str(e))
            return
        self.accept()
