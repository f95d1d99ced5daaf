"""隐患 (hazards found on patrol): 上报 → 整改 → 复查 → 销号, or 上报上级.

A :class:`CaseworkPanel` lists the area's hazards (past their rectification deadline in red; filters
未办结, 已逾期, 本周到期; search). The step buttons open small forms and save through
:func:`store.hazards.add_step`: 责令整改 (responsible party and deadline) → 整改中, 整改完成 (what was
done, when) → 已整改待复查, 复查 (date, result), 销号 (refused without a re-check), 上报上级 (a note
saying to whom and why). :meth:`HazardsTab.new_for` is the quick entry from a house or person: the
form opens with the house, its address, owner as responsible party and a 3-day deadline.
"""

from __future__ import annotations

from datetime import date


from ..domain import vocab as V
from ..domain.changed import Changes
from ..domain.casework import HAZARD_TRANSITIONS
from ..domain.records import table as get_table
from ..store import hazards as H
from ..store.devices import self_device
from ..store.records import get_record
from .casework_panel import CaseworkPanel, CaseworkTab, PanelSpec

# step button -> (step code, the hazard fields its form shows, the date field that dates the step)
STEP_FORMS = {
    "rectify": ("rectify", ("responsible", "responsible_phone", "deadline"), None),
    "rectified": ("rectified", ("rectification", "rectified"), "rectified"),
    "recheck": ("recheck", ("recheck_date", "recheck_result"), "recheck_date"),
    "close": ("close", ("closed",), "closed"),
    "escalate": ("escalate", ("escalation",), None),
}
_TARGET = {"rectify": "rectifying", "rectified": "rectified", "close": "closed", "escalate": "escalated"}


class HazardsTab(CaseworkTab):
    def __init__(self, win, parent=None):
        super().__init__(parent)
        self.win = win
        self.db = win.db
        t = get_table("hazards")
        columns = [
            (lambda: t.field("found").label, lambda r: r["found"]),
            (lambda: t.field("category").label, lambda r: V.HAZARD_CATEGORIES.label(r["category"])),
            (lambda: t.field("severity").label, lambda r: V.HAZARD_SEVERITIES.label(r["severity"])),
            (lambda: t.field("description").label, lambda r: r["description"]),
            (lambda: t.field("status").label, lambda r: V.HAZARD_STATUSES.label(r["status"])),
            (lambda: t.field("deadline").label, lambda r: (self.tr("逾期") + " " if r["overdue"] else "")
             + (r["deadline"] or "")),
            (lambda: t.field("location").label, lambda r: r["location"] or ""),
        ]
        if self_device(self.db).role == "township":      # township-wide: say where each row is from
            columns += [(lambda: self.tr("村/社区"), lambda r: r["village"]), (lambda: self.tr("网格"), lambda r: r["area"])]
        actions = [("rectify", self.tr("责令整改")), ("rectified", self.tr("整改完成")), ("recheck", self.tr("复查")),
                   ("close", self.tr("销号")), ("escalate", self.tr("上报上级")), ("note", self.tr("记录"))]
        self.panel = CaseworkPanel(PanelSpec(
            statuses=V.HAZARD_STATUSES, categories=V.HAZARD_CATEGORIES, columns=columns, find=lambda **kw: H.find_hazards(self.db, **kw),
            title=self._title, timeline=lambda rid: H.timeline(self.db, rid), actions=actions,
            widths=(88, 96, 64, 170, 96, 130)), self)
        self.panel.setObjectName("hazards_panel")
        self.panel.new_button.setText(self.tr("登记隐患"))
        self.install_panel(self.panel, STEP_FORMS)

    # -- the main window's tab protocol (current_id, set_area, select: CaseworkTab) ------------
    def on_changes(self, changes: Changes) -> None:
        if changes.touches("hazards", "hazard_steps", "houses", "areas"):
            self.panel.request_reload()

    # -- detail -------------------------------------------------------------------------------
    def _title(self, rid) -> str:
        h = get_record(self.db, "hazards", rid)
        return self.tr("{0}　{1}　{2}　{3}\n{4}\n地点：{5}\n责任人：{6}　期限：{7}").format(
            h["number"] or "", V.HAZARD_CATEGORIES.label(h["category"]), V.HAZARD_SEVERITIES.label(h["severity"]),
            V.HAZARD_STATUSES.label(h["status"]), h["description"], h["location"] or "",
            h["responsible"] or "", h["deadline"] or "")

    def _enable(self, rid) -> None:
        if not rid:
            return
        h = get_record(self.db, "hazards", rid)
        allowed = HAZARD_TRANSITIONS.get(h["status"], ())
        for name, target in _TARGET.items():
            self.panel.buttons[name].setEnabled(target in allowed)
        self.panel.buttons["recheck"].setEnabled(h["status"] == "rectified")
        self.panel.buttons["note"].setEnabled(True)

    def _open_event(self, kind: str, rid: str) -> None:
        if kind in ("found", "deadline"):
            self.edit(rid)
        else:
            self.win.open_editor("hazard_steps", rid, fixed=("hazard_id", "step"), hidden=("area_id",))

    # -- actions ------------------------------------------------------------------------------
    def new(self) -> None:
        today = date.today()
        self._open_new(dict(area_id=self.win.grid_area_id(), found=today.isoformat(), status="reported",
                            severity="minor"))

    def new_for(self, *, house_id: str | None = None, person_id: str | None = None) -> str | None:
        """Quick entry from a house (or a person's house): the form opens filled in; returns the new id."""
        return self._open_new(H.quick_entry_defaults(self.db, house_id=house_id, person_id=person_id))

    def _open_new(self, defaults: dict) -> str | None:
        hidden = ("status", "rectification", "rectified", "recheck_date", "recheck_result", "closed", "escalation",
                  "number")
        dlg = self.win.open_editor("hazards", None, defaults=defaults, hidden=hidden, title=self.tr("登记隐患"),
                                   save_fn=lambda db, v: H.create_hazard(db, v))
        if dlg is None:
            return None
        self.select(dlg.record_id)
        return dlg.record_id

    def edit(self, rid) -> None:
        if rid:
            self.win.open_editor("hazards", rid, fixed=("status",))

    def delete(self) -> None:
        rid = self.current_id()
        if rid:
            self.win.delete_record("hazards", rid)

    def step(self, name: str) -> None:
        rid = self.current_id()
        if not rid:
            return
        code, fields, _ = STEP_FORMS[name]
        h = get_record(self.db, "hazards", rid)
        today = date.today().isoformat()
        defaults = {f: h[f] for f in fields}
        for f in ("rectified", "recheck_date", "closed"):
            if f in fields and not h[f]:
                defaults[f] = today
        hidden = tuple(f.name for f in get_table("hazards").fields if f.name not in fields)
        self.win.open_editor("hazards", rid, defaults=defaults, hidden=hidden, title=V.HAZARD_STEPS.label(code),
                             save_fn=lambda db, v: self._save_step(db, rid, name, v))

    def _save_step(self, db, rid: str, name: str, v: dict):
        code, fields, date_field = STEP_FORMS[name]
        when = (v.get(date_field) if date_field else None) or date.today().isoformat()
        # the step's text is part of the record (printed in the Chinese ledger): written in Chinese
        content = {"rectify": lambda: f"责令{v.get('responsible') or '责任人'}在{v.get('deadline') or '期限'}前整改",
                   "rectified": lambda: v.get("rectification") or "",
                   "recheck": lambda: v.get("recheck_result") or "",
                   "close": lambda: "复查合格，销号",
                   "escalate": lambda: v.get("escalation") or ""}[code]()
        return H.add_step(db, rid, {"date": when, "step": code, "content": content}, **{f: v.get(f) for f in fields})

    def note(self) -> None:
        rid = self.current_id()
        if rid:
            h = get_record(self.db, "hazards", rid)
            self.win.open_editor("hazard_steps", None,
                                 defaults=dict(hazard_id=rid, area_id=h["area_id"], date=date.today().isoformat(),
                                               step="note"),
                                 fixed=("hazard_id",), hidden=("area_id",), title=self.tr("记录"),
                                 save_fn=lambda db, v: H.add_step(db, rid, v))
