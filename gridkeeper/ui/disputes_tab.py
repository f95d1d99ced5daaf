"""矛盾纠纷: disputes by status, with parties and the dated mediation steps as a timeline.

The status buttons follow ``store.disputes.TRANSITIONS`` (only the moves allowed now are enabled)
and ask for what each needs: closing asks for the result and the closing date (prefilled today),
安排回访 proposes closing + 30 days, 记录回访 asks for the result and satisfaction.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QSplitter, QVBoxLayout, QWidget)

from ..domain.changed import Changes
from ..domain import vocab as V
from ..domain.records import table as get_table
from ..store import disputes as D
from ..store.records import get_record
from .models import RowsModel
from .panels import ListPanel, make_table_view

STATUS_ACTIONS = [  # (object name, target status)
    ("to_mediating", "mediating"),
    ("to_resolved", "resolved"),
    ("to_failed", "failed"),
    ("to_transferred", "transferred"),
]
_EVENT_COLOR = {"received": "#1f618d", "step": "#333333", "closed": "#1e8449", "followup_due": "#b9770e",
                "followup": "#1e8449"}


class DisputesTab(QWidget):
    def __init__(self, win, parent=None):
        super().__init__(parent)
        self.win = win
        self.db = win.db
        self.status = QComboBox()
        self.status.setObjectName("dispute_status_filter")
        self.status.addItem(self.tr("全部状态"), None)
        self.status.addItem(self.tr("未办结"), ["received", "mediating"])
        for t in V.DISPUTE_STATUSES:
            self.status.addItem(t.label, t.code)
        self.panel = ListPanel(self.db, "disputes", widths={"number": 85, "received": 90, "category": 110,
                                                            "status": 75, "summary": 260})
        self.new_button = QPushButton(self.tr("登记纠纷"))
        self.new_button.setObjectName("new_dispute")
        self.edit_button = QPushButton(self.tr("编辑"))
        self.delete_button = QPushButton(self.tr("删除"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("状态")))
        bar.addWidget(self.status)
        for b in (self.new_button, self.edit_button, self.delete_button):
            bar.addWidget(b)
        bar.addStretch(1)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(bar)
        ll.addWidget(self.panel, 1)

        # detail
        self.title = QLabel()
        self.title.setObjectName("dispute_title")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons: dict[str, QPushButton] = {}
        labels = {"to_mediating": self.tr("开始调解"), "to_resolved": self.tr("调解成功"),
                  "to_failed": self.tr("调解未成功"), "to_transferred": self.tr("移交"),
                  "add_party": self.tr("添加当事人"), "add_step": self.tr("添加调解记录"),
                  "schedule_followup": self.tr("安排回访"), "record_followup": self.tr("记录回访")}
        grid = QGridLayout()
        for i, name in enumerate(["add_party", "add_step", "schedule_followup", "record_followup",
                                  "to_mediating", "to_resolved", "to_failed", "to_transferred"]):
            b = QPushButton(labels[name])
            b.setObjectName(name)
            self.buttons[name] = b
            grid.addWidget(b, i // 4, i % 4)
        for name, status in STATUS_ACTIONS:
            self.buttons[name].clicked.connect(lambda *_, s=status: self.change_status(s))
        self.buttons["add_party"].clicked.connect(self.add_party)
        self.buttons["add_step"].clicked.connect(self.add_step)
        self.buttons["schedule_followup"].clicked.connect(self.schedule_followup)
        self.buttons["record_followup"].clicked.connect(self.record_followup)
        pt = get_table("dispute_parties")
        self.parties = RowsModel([
            (lambda: pt.field("name").label, lambda r: r["name"]),
            (lambda: pt.field("role").label, lambda r: V.PARTY_ROLES.label(r["role"])),
            (lambda: pt.field("phone").label, lambda r: r["phone"]),
            (lambda: pt.field("id_number").label, lambda r: r["id_number"]),
        ], self)
        self.parties_view = make_table_view(self.parties, self)
        self.parties_view.setObjectName("parties_table")
        self.parties_view.setMaximumHeight(120)
        self.parties_view.doubleClicked.connect(
            lambda idx: self.win.open_editor("dispute_parties", self.parties.record_id(idx.row()),
                                             fixed=("dispute_id",), hidden=("area_id",)))
        self.timeline = QListWidget()
        self.timeline.setObjectName("timeline")
        self.timeline.setWordWrap(True)
        self.timeline.itemDoubleClicked.connect(self._open_event)
        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.title)
        dl.addLayout(grid)
        self.parties_label = QLabel(self.tr("当事人"))
        dl.addWidget(self.parties_label)
        dl.addWidget(self.parties_view)
        self.timeline_label = QLabel(self.tr("调解过程"))
        dl.addWidget(self.timeline_label)
        dl.addWidget(self.timeline, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(detail)
        split.setSizes([560, 420])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(split)

        self.status.currentIndexChanged.connect(
            lambda *_: self.panel.model.set_filters(status=self.status.currentData()))
        self.panel.current_changed.connect(self.show_detail)
        self.panel.activated.connect(self.edit)
        self.new_button.clicked.connect(self.new)
        self.edit_button.clicked.connect(lambda: self.edit(self.panel.current_id()))
        self.delete_button.clicked.connect(self.delete)
        self.show_detail(None)

    def current_id(self):
        return self.panel.current_id()

    def set_area(self, area_id) -> None:
        self.panel.set_area(area_id)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("disputes", "dispute_parties", "dispute_steps", "areas"):
            self.panel.reload()
            self.show_detail(self.panel.current_id())

    def select(self, rid) -> bool:
        if self.panel.select(rid):
            return True
        self.status.setCurrentIndex(0)
        return self.panel.select(rid)

    # -- detail -----------------------------------------------------------------------------
    def show_detail(self, rid) -> None:
        self.edit_button.setEnabled(bool(rid))
        self.delete_button.setEnabled(bool(rid))
        if not rid:
            self.title.setText(self.tr("选择左侧的一件纠纷查看详情"))
            self.parties.set_rows([])
            self.timeline.clear()
            for b in self.buttons.values():
                b.setEnabled(False)
            return
        d = get_record(self.db, "disputes", rid)
        self.title.setText(self.tr("{0}　{1}　{2}\n{3}\n调解人：{4}").format(
            d["number"] or "", V.DISPUTE_CATEGORIES.label(d["category"]), V.DISPUTE_STATUSES.label(d["status"]),
            d["summary"] or "", d["mediator"] or ""))
        allowed = D.allowed_next(d["status"])
        for name, status in STATUS_ACTIONS:
            self.buttons[name].setEnabled(status in allowed)
        closed = d["status"] in V.DISPUTE_CLOSED_STATUSES
        self.buttons["add_party"].setEnabled(True)
        self.buttons["add_step"].setEnabled(not closed)
        self.buttons["schedule_followup"].setEnabled(closed and not d["followup_result"])
        self.buttons["record_followup"].setEnabled(closed and not d["followup_result"])
        self.parties.set_rows(D.parties(self.db, rid))
        self.timeline.clear()
        for ev in D.timeline(self.db, rid):
            item = QListWidgetItem(f"{ev['date']}　{ev['text']}")
            item.setData(Qt.ItemDataRole.UserRole, (ev["kind"], ev["id"]))
            item.setForeground(Qt.GlobalColor.black)
            from PySide6.QtGui import QColor

            item.setForeground(QColor(_EVENT_COLOR.get(ev["kind"], "#333333")))
            self.timeline.addItem(item)

    def _open_event(self, item) -> None:
        kind, rid = item.data(Qt.ItemDataRole.UserRole)
        if kind == "step":
            self.win.open_editor("dispute_steps", rid, fixed=("dispute_id",), hidden=("area_id",))
        else:
            self.edit(rid)

    # -- actions ----------------------------------------------------------------------------
    def new(self) -> None:
        area = self.win.grid_area_id()
        defaults = dict(area_id=area, received=date.today().isoformat(), status="received",
                        source="reported", number=D.next_dispute_number(self.db, area))
        dlg = self.win.open_editor("disputes", None, defaults=defaults, fixed=("status",),
                                   hidden=("agreement", "closed", "followup_date", "followup_result", "satisfaction"))
        if dlg is not None:
            self.select(dlg.record_id)

    def edit(self, rid) -> None:
        if rid:
            self.win.open_editor("disputes", rid, fixed=("status",))

    def delete(self) -> None:
        rid = self.current_id()
        if rid:
            self.win.delete_record("disputes", rid)

    def add_party(self) -> None:
        did = self.current_id()
        if did:
            area = get_record(self.db, "disputes", did)["area_id"]
            self.win.open_editor("dispute_parties", None, defaults=dict(dispute_id=did, role="applicant", area_id=area),
                                 fixed=("dispute_id",), hidden=("area_id",), title=self.tr("添加当事人"),
                                 save_fn=lambda db, v: D.add_party(db, did, v))

    def add_step(self) -> None:
        did = self.current_id()
        if not did:
            return
        d = get_record(self.db, "disputes", did)
        self.win.open_editor("dispute_steps", None,
                             defaults=dict(dispute_id=did, area_id=d["area_id"], date=date.today().isoformat(),
                                           mediator=d["mediator"]),
                             fixed=("dispute_id",), hidden=("area_id",), title=self.tr("添加调解记录"),
                             save_fn=lambda db, v: D.add_step(db, did, v))

    def change_status(self, status: str) -> None:
        did = self.current_id()
        if not did:
            return
        label = V.DISPUTE_STATUSES.label(status)
        if not D.needs_for(status):
            changes = [D.change_status(self.db, did, status)]
            self.win.record_changes(changes)
            return
        d = get_record(self.db, "disputes", did)
        keep = {"agreement", "closed", "status"}
        hidden = tuple(f.name for f in get_table("disputes").fields if f.name not in keep)
        self.win.open_editor("disputes", did, defaults=dict(status=status, closed=d["closed"] or date.today().isoformat()),
                             fixed=("status",), hidden=hidden, title=label,
                             save_fn=lambda db, v: [D.change_status(db, did, status, agreement=v.get("agreement"),
                                                                    closed=v.get("closed"))])

    def schedule_followup(self) -> None:
        did = self.current_id()
        if not did:
            return
        d = get_record(self.db, "disputes", did)
        hidden = tuple(f.name for f in get_table("disputes").fields if f.name != "followup_date")
        self.win.open_editor("disputes", did, defaults=dict(
            followup_date=d["followup_date"] or D.propose_followup_date(d["closed"])), hidden=hidden,
            title=self.tr("安排回访"),
            save_fn=lambda db, v: [D.schedule_followup(db, did, v.get("followup_date"))])

    def record_followup(self) -> None:
        did = self.current_id()
        if not did:
            return
        d = get_record(self.db, "disputes", did)
        keep = {"followup_date", "followup_result", "satisfaction"}
        hidden = tuple(f.name for f in get_table("disputes").fields if f.name not in keep)
        self.win.open_editor("disputes", did, defaults=dict(
            followup_date=d["followup_date"] if d["followup_date"] and d["followup_date"] <= date.today().isoformat()
            else date.today().isoformat(), satisfaction=d["satisfaction"] or "satisfied"), hidden=hidden,
            title=self.tr("记录回访"),
            save_fn=lambda db, v: [D.record_followup(db, did, v.get("followup_result") or "",
                                                     followup_date=v.get("followup_date"),
                                                     satisfaction=v.get("satisfaction"))])
