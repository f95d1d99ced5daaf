"""流动人口: who arrived this month, who left, whose 居住证 expires, and everyone living here.

Four lists over ``store.floating`` for the selected area: 本月来 and 本月离 (the month picked at
the top), 居住证到期 (expired, or expiring within 30 days, soonest first, in red when expired) and
在住流动人口. 登记来本地 opens the arrival form (any person of the area: a new tenant is added as a
person first, then registered); 登记离开 records the selected resident's departure; a double click
opens the person.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ..domain import vocab as V
from ..domain.changed import Changes
from ..store import floating as FL
from ..store.people_overview import last_months
from .models import RowsModel
from .panels import current_row, make_table_view
from .people_dialogs import ArrivalDialog, DepartureDialog

TABLES = {"persons", "residence_events"}


class FloatingTab(QWidget):
    def __init__(self, win, parent=None):
        super().__init__(parent)
        self.win = win
        self.db = win.db
        self.month = QComboBox()
        self.month.setObjectName("floating_month")
        for m in reversed(last_months(12)):
            self.month.addItem(m, m)
        self.summary = QLabel()
        self.summary.setObjectName("floating_summary")
        self.arrive_button = QPushButton(self.tr("登记来本地"))
        self.arrive_button.setObjectName("record_arrival")
        self.leave_button = QPushButton(self.tr("登记离开"))
        self.leave_button.setObjectName("record_departure")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("月份")))
        top.addWidget(self.month)
        top.addWidget(self.summary, 1)
        top.addWidget(self.arrive_button)
        top.addWidget(self.leave_button)
        tr = self.tr
        self.models = {
            "arrivals": RowsModel(self._person_cols([
                (lambda: tr("来本地日期"), lambda r: r["date"]),
                (lambda: tr("户籍地/来自"), lambda r: r["place"] or r["origin"] or ""),
                (lambda: tr("事由"), lambda r: V.MOVE_REASONS.label(r["reason"]))]), self,
                id_fn=lambda r: r["person_id"]),
            "departures": RowsModel(self._person_cols([
                (lambda: tr("离开日期"), lambda r: r["date"]),
                (lambda: tr("去往"), lambda r: r["place"] or "")]), self, id_fn=lambda r: r["person_id"]),
            "expiring": RowsModel(self._person_cols([
                (lambda: tr("居住证号码"), lambda r: r["permit_number"] or ""),
                (lambda: tr("有效期至"), lambda r: r["permit_expiry"]),
                (lambda: tr("状态"), lambda r: tr("已过期 {0} 天").format(-r["days_left"]) if r["days_left"] < 0
                 else tr("{0} 天后到期").format(r["days_left"]))]), self,
                color_fn=lambda r: "#c0392b" if r["days_left"] < 0 else "#b9770e"),
            "roster": RowsModel(self._person_cols([
                (lambda: tr("户籍地"), lambda r: r["origin"] or ""),
                (lambda: tr("来本地日期"), lambda r: r["arrival_date"] or ""),
                (lambda: tr("事由"), lambda r: V.MOVE_REASONS.label(r["arrival_reason"])),
                (lambda: tr("居住证有效期至"), lambda r: r["permit_expiry"] or tr("未办理"))]), self),
        }
        self.views = {}
        self.sub = QTabWidget()
        self.sub.setObjectName("floating_subtabs")
        for key, title in (("arrivals", self.tr("本月来")), ("departures", self.tr("本月离")),
                           ("expiring", self.tr("居住证到期")), ("roster", self.tr("在住流动人口"))):
            view = make_table_view(self.models[key], self)
            view.setObjectName(f"floating_{key}")
            view.doubleClicked.connect(lambda idx, k=key: self._open(k, idx.row()))
            self.views[key] = view
            self.sub.addTab(view, title)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.sub, 1)
        self.month.currentIndexChanged.connect(lambda *_: self.reload())
        self.arrive_button.clicked.connect(self.record_arrival)
        self.leave_button.clicked.connect(self.record_departure)
        self._stale = True

    def _person_cols(self, extra):
        return [(lambda: self.tr("姓名"), lambda r: r["name"]), *extra,
                (lambda: self.tr("联系电话"), lambda r: r.get("phone") or ""),
                (lambda: self.tr("现住址"), lambda r: r.get("address") or "")]

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        area, month = self.win.area_id, self.month.currentData()
        rows = {"arrivals": FL.events_in_month(self.db, month, kind="arrival", area_id=area),
                "departures": FL.events_in_month(self.db, month, kind="departure", area_id=area),
                "expiring": FL.expiring_permits(self.db, area_id=area),
                "roster": FL.floating_roster(self.db, area_id=area)}
        for key, model in self.models.items():
            model.set_rows(rows[key])
            self.views[key].resizeColumnsToContents()
        self.summary.setText(self.tr("本月来 {0} 人，离开 {1} 人；居住证到期 {2} 人；在住流动人口 {3} 人").format(
            len(rows["arrivals"]), len(rows["departures"]), len(rows["expiring"]), len(rows["roster"])))

    def _person_id(self, key: str, row: int):
        if row < 0 or row >= len(self.models[key].rows):
            return None
        r = self.models[key].rows[row]
        return r.get("person_id") or r.get("id")

    def _open(self, key: str, row: int) -> None:
        pid = self._person_id(key, row)
        if pid:
            self.win.open_editor("persons", pid)

    def selected_person(self):
        key = ("arrivals", "departures", "expiring", "roster")[self.sub.currentIndex()]
        return self._person_id(key, current_row(self.views[key]))

    def record_arrival(self) -> None:
        dlg = ArrivalDialog(self.db, self.win.grid_area_id() or self.win.area_id, self.selected_person(), self)
        if dlg.exec():
            self.win.announce(Changes.of_tables(*TABLES))

    def record_departure(self) -> None:
        pid = self.selected_person()
        if not pid:
            self.summary.setText(self.tr("请先在列表中选中要登记离开的人"))
            return
        name = next((r["name"] for m in self.models.values() for r in m.rows
                     if (r.get("person_id") or r.get("id")) == pid), "")
        dlg = DepartureDialog(self.db, pid, name, self)
        if dlg.exec():
            self.win.announce(Changes.of_tables(*TABLES))

    def set_area(self, _area_id) -> None:
        self.reload()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*TABLES, "areas"):
            self.reload()
