"""The four small forms of the people views: an arrival, a departure, a volunteer service, a redemption.

Each calls one store service (``store.floating`` / ``store.points``) on 保存; a refused write (a
departure before the arrival, points the volunteer does not have) shows the service's message in
red under the form and changes nothing, and the form stays open to be corrected.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit,
                               QSpinBox, QVBoxLayout)

from ..domain import vocab as V
from ..domain.errors import GridkeeperError
from ..store import floating as FL, points as PT
from .editors import ERROR_STYLE
from .people_widgets import PersonPicker
from .screen import fit_to_screen


class _Form(QDialog):
    """A form whose 保存 runs ``self.submit()``; a GridkeeperError is shown, not raised."""

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("form_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save")
        cancel = self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.result_id = None

    def date_edit(self, name: str) -> QLineEdit:
        w = QLineEdit(date.today().isoformat())
        w.setObjectName(name)
        w.setPlaceholderText(self.tr("例如 2026-11-27"))
        return w

    def combo(self, name: str, vocab, empty: bool = True) -> QComboBox:
        w = QComboBox()
        w.setObjectName(name)
        if empty:
            w.addItem("", None)
        for t in vocab:
            w.addItem(t.label, t.code)
        return w

    def save(self) -> bool:
        try:
            self.result_id = self.submit()
        except GridkeeperError as e:
            self.error.setText(str(e))
            return False
        self.accept()
        return True

    def submit(self):  # pragma: no cover - every form has its own
        raise NotImplementedError


class ArrivalDialog(_Form):
    """登记来本地: who, when, from where, why, and the 居住证 if they have one."""

    def __init__(self, db, area_id, person_id=None, parent=None):
        super().__init__(self.tr("登记来本地"), parent)
        self.db = db
        self.person = PersonPicker(db, area_id)
        if person_id:
            self.person.set_value(person_id)
        self.day = self.date_edit("arrival_date")
        self.origin = QLineEdit()
        self.origin.setObjectName("origin")
        self.origin.setPlaceholderText(self.tr("例如 河南省周口市"))
        self.reason = self.combo("arrival_reason", V.MOVE_REASONS)
        self.permit = QLineEdit()
        self.permit.setObjectName("permit_number")
        self.issued = QLineEdit()
        self.issued.setObjectName("permit_issued")
        self.expiry = QLineEdit()
        self.expiry.setObjectName("permit_expiry")
        for label, w in ((self.tr("人员"), self.person), (self.tr("来本地日期"), self.day),
                         (self.tr("户籍地"), self.origin), (self.tr("事由"), self.reason),
                         (self.tr("居住证号码"), self.permit), (self.tr("居住证签发日期"), self.issued),
                         (self.tr("居住证有效期至"), self.expiry)):
            self.form.addRow(label, w)
        fit_to_screen(self, 520, 360)

    def submit(self):
        if not self.person.value():
            raise GridkeeperError("请选择人员", "choose the person")
        permit = {"number": self.permit.text(), "issued": self.issued.text(), "expiry": self.expiry.text()}
        return FL.record_arrival(self.db, self.person.value(), self.day.text(), origin=self.origin.text() or None,
                                 reason=self.reason.currentData(), permit=permit)


class DepartureDialog(_Form):
    """登记离开: when and where to; the person is marked 迁出."""

    def __init__(self, db, person_id: str, name: str, parent=None):
        super().__init__(self.tr("登记离开") + " · " + name, parent)
        self.db, self.person_id = db, person_id
        self.day = self.date_edit("departure_date")
        self.destination = QLineEdit()
        self.destination.setObjectName("destination")
        self.reason = self.combo("departure_reason", V.MOVE_REASONS)
        self.form.addRow(self.tr("离开日期"), self.day)
        self.form.addRow(self.tr("去往"), self.destination)
        self.form.addRow(self.tr("事由"), self.reason)
        fit_to_screen(self, 440, 220)

    def submit(self):
        return FL.record_departure(self.db, self.person_id, self.day.text(),
                                   destination=self.destination.text() or None, reason=self.reason.currentData())


class ServiceDialog(_Form):
    """记录服务: a volunteer's service; points proposed from its length (10 an hour), editable."""

    def __init__(self, db, area_id, volunteer_id=None, request_choices=(), parent=None):
        super().__init__(self.tr("记录志愿服务"), parent)
        self.db = db
        self.volunteer = PersonPicker(db, area_id)
        if volunteer_id:
            self.volunteer.set_value(volunteer_id)
        self.day = self.date_edit("service_date")
        self.activity = QLineEdit()
        self.activity.setObjectName("activity")
        self.activity.setPlaceholderText(self.tr("例如 更换路灯灯泡"))
        self.hours = QDoubleSpinBox()
        self.hours.setObjectName("hours")
        self.hours.setRange(0.5, 24)
        self.hours.setSingleStep(0.5)
        self.hours.setDecimals(1)
        self.hours.setValue(1)
        self.points = QSpinBox()
        self.points.setObjectName("points")
        self.points.setRange(0, 1000)
        self.points.setValue(PT.suggest_points(60))
        self.hours.valueChanged.connect(lambda h: self.points.setValue(PT.suggest_points(round(h * 60))))
        self.request = QComboBox()
        self.request.setObjectName("request")
        self.request.addItem(self.tr("（无）"), None)
        for rid, label in request_choices:
            self.request.addItem(label, rid)
        for label, w in ((self.tr("志愿者"), self.volunteer), (self.tr("服务日期"), self.day),
                         (self.tr("服务内容"), self.activity), (self.tr("时长(小时)"), self.hours),
                         (self.tr("积分"), self.points), (self.tr("关联诉求"), self.request)):
            self.form.addRow(label, w)
        fit_to_screen(self, 520, 320)

    def submit(self):
        if not self.volunteer.value():
            raise GridkeeperError("请选择志愿者", "choose the volunteer")
        return PT.record_service(self.db, {"volunteer_id": self.volunteer.value(), "date": self.day.text(),
                                           "activity": self.activity.text(), "minutes": round(self.hours.value() * 60),
                                           "points": self.points.value(), "request_id": self.request.currentData()})


class RedemptionDialog(_Form):
    """记录兑换: points spent at the shop; the balance is shown and checked before anything is written."""

    def __init__(self, db, area_id, volunteer_id=None, choices=None, parent=None):
        super().__init__(self.tr("记录积分兑换"), parent)
        self.db = db
        self.volunteer = PersonPicker(db, area_id, choices=choices)
        if volunteer_id:
            self.volunteer.set_value(volunteer_id)
        self.balance = QLabel()
        self.balance.setObjectName("balance")
        self.day = self.date_edit("redemption_date")
        self.shop = QLineEdit(PT.DEFAULT_SHOP)
        self.shop.setObjectName("shop")
        self.goods = QLineEdit()
        self.goods.setObjectName("goods")
        self.goods.setPlaceholderText(self.tr("例如 食用油一桶"))
        self.points = QSpinBox()
        self.points.setObjectName("points")
        self.points.setRange(1, 3650)
        self.points.setValue(10)
        for label, w in ((self.tr("志愿者"), self.volunteer), (self.tr("现有积分"), self.balance),
                         (self.tr("兑换日期"), self.day), (self.tr("兑换点"), self.shop),
                         (self.tr("兑换物品"), self.goods), (self.tr("兑换积分"), self.points)):
            self.form.addRow(label, w)
        self.volunteer.changed.connect(self._show_balance)
        self._show_balance()
        fit_to_screen(self, 520, 320)

    def _show_balance(self) -> None:
        vid = self.volunteer.value()
        self.balance.setText(str(PT.balance(self.db, vid)["balance"]) if vid else "")

    def submit(self):
        if not self.volunteer.value():
            raise GridkeeperError("请选择志愿者", "choose the volunteer")
        return PT.record_redemption(self.db, {"volunteer_id": self.volunteer.value(), "date": self.day.text(),
                                              "shop": self.shop.text(), "goods": self.goods.text(),
                                              "points": self.points.value()})
