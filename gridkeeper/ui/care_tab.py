"""重点关爱 and 走访记录: who is due or overdue for a visit, and recording the visit.

The due list (``store.care.due_list``) shows every active care subject of the selected area, most
urgent first, overdue ones in red; a category filter and "只看到期/逾期" narrow it. 记录走访 (or a
double click) opens the visit form pre-filled — person, household, date today, the grid's worker,
next due date — so a visit is two clicks from the list plus what was found. Below, the selected
subject's past visits.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout,
                               QWidget)

from ..domain.changed import Changes
from ..domain import vocab as V
from ..store import care as C
from .models import RowsModel
from .panels import ListPanel, current_row, make_table_view


def _due_text(r: C.DueRow) -> str:
    """The status column: in the CareTab context (one day has its own text: English says "1 day")."""
    if r.overdue:
        n = -r.days_left
        if n == 1:
            return QCoreApplication.translate("CareTab", "逾期 1 天")
        return QCoreApplication.translate("CareTab", "逾期 {n} 天").format(n=n)
    if r.days_left == 0:
        return QCoreApplication.translate("CareTab", "今天到期")
    if r.days_left == 1:
        return QCoreApplication.translate("CareTab", "1 天后")
    return QCoreApplication.translate("CareTab", "{n} 天后").format(n=r.days_left)


class CareTab(QWidget):
    def __init__(self, win, parent=None):
        super().__init__(parent)
        self.win = win
        self.db = win.db
        self.category = QComboBox()
        self.category.setObjectName("care_category")
        self.category.addItem(self.tr("全部类别"), None)
        for t in V.CARE_CATEGORIES:
            self.category.addItem(t.label, t.code)
        self.only_due = QCheckBox(self.tr("只看到期/逾期"))
        self.only_due.setObjectName("only_due")
        self.summary = QLabel()
        self.summary.setObjectName("care_summary")
        self.visit_button = QPushButton(self.tr("记录走访"))
        self.visit_button.setObjectName("record_visit")
        self.edit_button = QPushButton(self.tr("编辑关爱对象"))
        self.end_button = QPushButton(self.tr("删除"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("类别")))
        top.addWidget(self.category)
        top.addWidget(self.only_due)
        top.addStretch(1)
        top.addWidget(self.summary)
        top.addWidget(self.visit_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.end_button)

        self.model = RowsModel([
            (lambda: self.tr("姓名"), lambda r: r.name),
            (lambda: self.tr("类别"), lambda r: r.category_labels),
            (lambda: self.tr("关爱等级"), lambda r: r.level_label),
            (lambda: self.tr("周期(天)"), lambda r: r.interval),
            (lambda: self.tr("上次走访"), lambda r: r.last_visit or self.tr("未走访")),
            (lambda: self.tr("下次走访"), lambda r: r.next_due),
            (lambda: self.tr("状态"), _due_text),
            (lambda: self.tr("监护人电话"), lambda r: r.guardian_phone),
        ], self, color_fn=lambda r: "#c0392b" if r.overdue else ("#b9770e" if r.days_left <= C.DUE_SOON_DAYS
                                                                  else None),
            id_fn=lambda r: r.care_subject_id)
        self.view = make_table_view(self.model, self)
        self.view.setObjectName("due_table")
        for i, w in enumerate((80, 170, 80, 95, 95, 95, 120)):
            self.view.setColumnWidth(i, w)
        self.visits = ListPanel(self.db, "visits", widths={"date": 95, "name": 80, "method": 60, "visitor": 80,
                                                           "findings": 220})
        self.visits.filter.hide()
        self.visits_label = QLabel(self.tr("走访历史"))
        lower = QWidget()
        lv = QVBoxLayout(lower)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.visits_label)
        lv.addWidget(self.visits, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(lower)
        split.setSizes([380, 200])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(split, 1)

        self.category.currentIndexChanged.connect(lambda *_: self.reload())
        self.only_due.toggled.connect(lambda *_: self.reload())
        self.visit_button.clicked.connect(lambda: self.record_visit())
        self.edit_button.clicked.connect(self.edit_subject)
        self.end_button.clicked.connect(self.delete_subject)
        self.view.doubleClicked.connect(lambda idx: self.record_visit(self.model.record_id(idx.row())))
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.visits.activated.connect(lambda rid: rid and self.win.open_editor("visits", rid))
        self.reload()

    def current_id(self):
        r = current_row(self.view)
        return self.model.record_id(r) if r >= 0 else None

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if getattr(self, "_stale", True):
            self.reload()

    def reload(self) -> None:
        if not self.isVisible():  # the due list is computed when the tab is shown
            self._stale = True
            return
        self._stale = False
        keep = self.current_id()
        rows = C.due_list(self.db, area_id=self.win.area_id, category=self.category.currentData(),
                          only_due=self.only_due.isChecked())
        self.model.set_rows(rows)
        overdue = sum(r.overdue for r in rows)
        self.summary.setText(self.tr("{0} 人，逾期 {1} 人").format(len(rows), overdue))
        if keep:
            self.select(keep)
        self._selected()

    def select(self, care_subject_id) -> bool:
        row = self.model.row_of(care_subject_id)
        if row is None:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def _selected(self) -> None:
        cid = self.current_id()
        for b in (self.visit_button, self.edit_button, self.end_button):
            b.setEnabled(bool(cid))
        self.visits.model.set_filters(care_subject_id=cid or "-")

    def set_area(self, _area_id) -> None:
        self.reload()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("care_subjects", "visits", "persons", "areas") or changes.settings:
            self.reload()

    def record_visit(self, care_subject_id=None) -> None:
        cid = care_subject_id or self.current_id()
        if not cid:
            return
        defaults = C.visit_defaults(self.db, cid)
        fixed = ("care_subject_id", "person_id")

        def save(db, values):
            return C.record_visit(db, cid, date=values.get("date"), method=values.get("method") or "home",
                                  visitor=values.get("visitor"), findings=values.get("findings"),
                                  needs=values.get("needs"), followup=values.get("followup"),
                                  next_due=values.get("next_due"))

        self.win.open_editor("visits", None, defaults=defaults, fixed=fixed, hidden=("area_id", "household_id"),
                             title=self.tr("记录走访") + " · " + self.model.rows[self.model.row_of(cid)].name
                             if self.model.row_of(cid) is not None else self.tr("记录走访"), save_fn=save)

    def edit_subject(self) -> None:
        cid = self.current_id()
        if cid:
            self.win.open_editor("care_subjects", cid, fixed=("person_id",), hidden=("area_id",))

    def delete_subject(self) -> None:
        cid = self.current_id()
        if cid:
            self.win.delete_record("care_subjects", cid)


class VisitsTab(QWidget):
    """走访记录: every visit of the area, newest first; new visits to anyone (person or household)."""

    def __init__(self, win, parent=None):
        super().__init__(parent)
        self.win = win
        self.panel = ListPanel(win.db, "visits", widths={"date": 95, "name": 80, "method": 60, "visitor": 80,
                                                         "findings": 260, "needs": 160})
        self.new_button = QPushButton(self.tr("新增走访"))
        self.new_button.setObjectName("new_visit")
        self.edit_button = QPushButton(self.tr("编辑"))
        self.delete_button = QPushButton(self.tr("删除"))
        bar = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.delete_button):
            bar.addWidget(b)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(bar)
        lay.addWidget(self.panel, 1)
        self.new_button.clicked.connect(self.new)
        self.edit_button.clicked.connect(lambda: self.edit(self.panel.current_id()))
        self.delete_button.clicked.connect(self.delete)
        self.panel.activated.connect(self.edit)

    def current_id(self):
        return self.panel.current_id()

    def new(self) -> None:
        from datetime import date

        area = self.win.grid_area_id()
        visitor = ""
        if area:
            visitor = (self.win.area_info(area) or {}).get("worker_name") or ""
        self.win.open_editor("visits", None, defaults=dict(area_id=area, date=date.today().isoformat(),
                                                           method="home", visitor=visitor),
                             hidden=("care_subject_id",))

    def edit(self, rid) -> None:
        if rid:
            self.win.open_editor("visits", rid, hidden=("care_subject_id",))

    def delete(self) -> None:
        rid = self.current_id()
        if rid:
            self.win.delete_record("visits", rid)

    def set_area(self, area_id) -> None:
        self.panel.set_area(area_id)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("visits", "persons", "areas"):
            self.panel.reload()
