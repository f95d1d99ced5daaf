"""户与人员: households, persons and houses, with the people of the selected record beside them.

Three lists (户 / 人员 / 房屋) share one detail pane on the right: a household shows its house and
members (添加成员 opens the person form with the household filled in); a person shows their
household, house (以人找房) and housemates; a house shows every person living in it (以房找人).
"""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget)
from PySide6.QtCore import Qt

from ..domain.changed import Changes
from ..domain import vocab as V
from ..domain.records import table as get_table
from ..store import care as C
from ..store import households as H
from ..store.records import get_record
from ..store.tags import person_tags, term_labels
from .models import RowsModel
from .panels import ListPanel, make_table_view
from .people_widgets import fill_tag_filter, tag_filter_combo

KINDS = ("households", "persons", "houses")


class HouseholdsTab(QWidget):
    def __init__(self, win, parent=None):
        super().__init__(parent)
        self.win = win
        self.db = win.db
        self.sub = QTabWidget()
        self.sub.setObjectName("households_subtabs")
        self.panels = {
            "households": ListPanel(self.db, "households", widths={"number": 80, "head": 80, "members": 50,
                                                                   "address": 200}),
            "persons": ListPanel(self.db, "persons", widths={"name": 80, "gender": 44, "id_number": 170,
                                                             "relation": 70, "phone": 110}),
            "houses": ListPanel(self.db, "houses", widths={"street": 140, "building": 80}),
        }
        self.sub.addTab(self.panels["households"], self.tr("户"))
        self.sub.addTab(self.panels["persons"], self.tr("人员"))
        self.sub.addTab(self.panels["houses"], self.tr("房屋"))
        for kind, p in self.panels.items():
            p.current_changed.connect(lambda rid, k=kind: self.show_detail(k, rid))
            p.activated.connect(lambda rid, k=kind: self.edit(k, rid))
        self.sub.currentChanged.connect(lambda *_: self.show_detail(self.kind(), self.panel().current_id()))

        self.new_button = QPushButton(self.tr("新增户"))
        self.new_button.setObjectName("new_household")
        self.edit_button = QPushButton(self.tr("编辑"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.new_button.clicked.connect(self.new)
        self.edit_button.clicked.connect(lambda: self.edit(self.kind(), self.panel().current_id()))
        self.delete_button.clicked.connect(self.delete)
        bar = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.delete_button):
            bar.addWidget(b)
        bar.addStretch(1)
        # 人员标注 as a filter of the persons list (党员, 志愿者, …: store.tags)
        self.tag_filter = tag_filter_combo(self.db, self)
        self.tag_filter.currentIndexChanged.connect(lambda *_: self.filter_by_tag(self.tag_filter.currentData()))
        bar.addWidget(QLabel(self.tr("标注")))
        bar.addWidget(self.tag_filter)

        # detail pane
        self.detail_title = QLabel()
        self.detail_title.setObjectName("detail_title")
        self.detail_title.setWordWrap(True)
        self.detail_title.setTextFormat(Qt.TextFormat.PlainText)
        self.people = RowsModel([
            (lambda: get_table("persons").field("name").label, lambda r: r["name"]),
            (lambda: get_table("persons").field("relation").label, lambda r: V.RELATIONS.label(r["relation"])),
            (lambda: get_table("persons").field("gender").label, lambda r: V.GENDERS.label(r["gender"])),
            (lambda: get_table("persons").field("birth_date").label, lambda r: r["birth_date"]),
            (lambda: get_table("persons").field("id_number").label, lambda r: r["id_number"]),
        ], self)
        self.people_view = make_table_view(self.people, self)
        self.people_view.setObjectName("members_table")
        for i, w in enumerate((70, 70, 40, 90)):
            self.people_view.setColumnWidth(i, max(w, self.people_view.horizontalHeader().sectionSizeHint(i)))
        self.people_view.doubleClicked.connect(
            lambda idx: self.edit("persons", self.people.record_id(idx.row())))
        self.add_member_button = QPushButton(self.tr("添加成员"))
        self.add_member_button.setObjectName("add_member")
        self.add_member_button.clicked.connect(self.add_member)
        self.mark_care_button = QPushButton(self.tr("标为重点关爱"))
        self.mark_care_button.setObjectName("mark_care")
        self.mark_care_button.clicked.connect(self.mark_care)
        # quick entry of a resident request (person, house) or a hazard (house) — ui.requests_tab, ui.hazards_tab
        self.request_button = QPushButton(self.tr("登记诉求"))
        self.request_button.setObjectName("new_request_here")
        self.request_button.clicked.connect(
            lambda: self.win.requests_tab.new_for(**{self._link_key(): self.current_id()}))
        self.hazard_button = QPushButton(self.tr("登记隐患"))
        self.hazard_button.setObjectName("new_hazard_here")
        self.hazard_button.clicked.connect(
            lambda: self.win.hazards_tab.new_for(**{self._link_key(): self.current_id()}))
        dbar = QHBoxLayout()
        dbar.addWidget(self.add_member_button)
        dbar.addWidget(self.mark_care_button)
        dbar.addWidget(self.request_button)
        dbar.addWidget(self.hazard_button)
        dbar.addStretch(1)
        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.detail_title)
        dl.addLayout(dbar)
        dl.addWidget(self.people_view, 1)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(bar)
        ll.addWidget(self.sub, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("households_split")
        split.addWidget(left)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([560, 380])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(split)
        self.show_detail("households", None)

    # -- helpers ----------------------------------------------------------------------------
    def kind(self) -> str:
        return KINDS[self.sub.currentIndex()]

    def panel(self) -> ListPanel:
        return self.panels[self.kind()]

    def set_area(self, area_id) -> None:
        for p in self.panels.values():
            p.set_area(area_id)

    def filter_by_tag(self, tag: str | None) -> None:
        """Only the persons carrying ``tag`` (None: everyone); shows the persons list."""
        if self.tag_filter.currentData() != tag:
            self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findData(tag)))
            return
        if tag:
            self.sub.setCurrentIndex(KINDS.index("persons"))
        self.panels["persons"].model.set_filters(tags=[tag] if tag else None)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("vocab_terms"):
            fill_tag_filter(self.tag_filter, self.db)
        if changes.touches("person_tags") and not changes.touches("households", "persons", "houses", "areas"):
            self.panels["persons"].reload()
            self.show_detail(self.kind(), self.panel().current_id())
        if changes.touches("households", "persons", "houses", "areas"):
            for p in self.panels.values():
                p.reload()
            self.show_detail(self.kind(), self.panel().current_id())

    def current_id(self):
        return self.panel().current_id()

    def select(self, kind: str, rid: str) -> bool:
        self.sub.setCurrentIndex(KINDS.index(kind))
        p = self.panels[kind]
        if p.select(rid):
            return True
        p.filter.clear()
        p.flush()
        if p.select(rid):
            return True
        self.win.select_area(None)
        return p.select(rid)

    # -- detail -----------------------------------------------------------------------------
    def show_detail(self, kind: str, rid) -> None:
        if kind != self.kind():
            return
        self.new_button.setText({"households": self.tr("新增户"), "persons": self.tr("新增人员"),
                                 "houses": self.tr("新增房屋")}[kind])
        self.add_member_button.setVisible(kind == "households")
        self.mark_care_button.setVisible(kind == "persons")
        self.request_button.setVisible(kind in ("persons", "houses"))
        self.hazard_button.setVisible(kind in ("persons", "houses"))
        for b in (self.edit_button, self.delete_button, self.add_member_button, self.mark_care_button,
                  self.request_button, self.hazard_button):
            b.setEnabled(bool(rid))
        if not rid:
            self.detail_title.setText(self.tr("选择左侧的一条记录查看详情"))
            self.people.set_rows([])
            return
        if kind == "households":
            hh = get_record(self.db, "households", rid)
            house = H.record_label(self.db, "houses", hh["house_id"]) if hh["house_id"] else ""
            members = H.household_members(self.db, rid)
            self.detail_title.setText(self.tr("户号 {0}　{1}\n房屋：{2}\n成员 {3} 人").format(
                hh["number"] or "", V.REGISTRATION_KINDS.label(hh["registration_kind"]),
                house or hh["address"] or self.tr("未登记"), len(members)))
            self.people.set_rows(members)
            self.people_view.resizeColumnsToContents()
        elif kind == "persons":
            p = get_record(self.db, "persons", rid)
            house = H.house_label(H.person_house(self.db, rid))
            members = H.household_members(self.db, p["household_id"]) if p["household_id"] else [p]
            hh = H.record_label(self.db, "households", p["household_id"]) if p["household_id"] else ""
            care = C.care_subject_of_person(self.db, rid)
            care_text = ("\n" + self.tr("重点关爱：") + "、".join(
                V.CARE_CATEGORIES.label(c) for c in json.loads(care["categories"] or "[]"))) if care else ""
            self.mark_care_button.setEnabled(care is None)
            tags = person_tags(self.db, rid)
            labels = term_labels(self.db) if tags else {}
            tag_text = ("\n" + self.tr("标注：") + "、".join(labels.get(t, t) for t in tags)) if tags else ""
            self.detail_title.setText(self.tr("{0}　{1}\n所属户：{2}\n房屋：{3}").format(
                p["name"], V.GENDERS.label(p["gender"]), hh or self.tr("未登记"), house or self.tr("未登记"))
                + care_text + tag_text)
            self.people.set_rows(members)
            self.people_view.resizeColumnsToContents()
        else:
            house = get_record(self.db, "houses", rid)
            people = H.house_people(self.db, rid)
            self.detail_title.setText(self.tr("{0}\n房主：{1}　{2}\n居住 {3} 户 {4} 人").format(
                H.house_label(house), house["owner_name"] or "", V.HOUSE_USES.label(house["use"]),
                len(H.house_households(self.db, rid)), len(people)))
            self.people.set_rows(people)

    def _link_key(self) -> str:
        return "person_id" if self.kind() == "persons" else "house_id"

    # -- actions ----------------------------------------------------------------------------
    def new(self) -> None:
        kind = self.kind()
        area = self.win.grid_area_id()
        defaults = {"area_id": area}
        if kind == "persons":
            defaults.update(status="present", residence_kind="registered", ethnicity="han")
        elif kind == "households":
            # suggest the next 户号 of the area (030417 → 030418); the worker may change it
            defaults.update(registration_kind="registered", number=H.next_household_number(self.db, area))
        dlg = self.win.open_editor(kind, None, defaults=defaults)
        if dlg is not None:
            self.select(kind, dlg.record_id)

    def edit(self, kind: str, rid) -> None:
        if rid:
            self.win.open_editor(kind, rid)

    def delete(self) -> None:
        rid = self.current_id()
        if rid:
            self.win.delete_record(self.kind(), rid)

    def add_member(self) -> None:
        hid = self.panels["households"].current_id()
        if not hid:
            return
        hh = get_record(self.db, "households", hid)
        first = not H.household_members(self.db, hid)
        defaults = dict(household_id=hid, area_id=hh["area_id"], status="present", ethnicity="han",
                        relation="head" if first else None,
                        residence_kind="floating" if hh["registration_kind"] == "floating" else "registered")
        dlg = self.win.open_editor("persons", None, defaults=defaults, fixed=("household_id",),
                                   hidden=("area_id",), title=self.tr("添加成员"))
        if dlg is not None:
            self.show_detail("households", hid)
            row = self.people.row_of(dlg.record_id)
            if row is not None:
                self.people_view.selectRow(row)

    def mark_care(self) -> None:
        pid = self.panels["persons"].current_id()
        if not pid:
            return
        p = get_record(self.db, "persons", pid)
        defaults = dict(person_id=pid, area_id=p["area_id"], level="medium", since=date.today().isoformat())
        dlg = self.win.open_editor("care_subjects", None, defaults=defaults, fixed=("person_id",),
                                   hidden=("area_id",), title=self.tr("标为重点关爱"))
        if dlg is not None:
            self.show_detail("persons", pid)
