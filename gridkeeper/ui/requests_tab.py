"""诉求 (resident requests): the five-step loop 居民需求 → 部门反应 → 志愿者响应 → 问题解决 → 居民反馈.

A :class:`CaseworkPanel` lists the area's requests (open ones past :data:`store.requests.OVERDUE_DAYS`
days in red; filters 未办结, 已逾期, 本周到期; search). Each step button opens a small form with what
the step needs and saves it through :func:`store.requests.add_step`, which moves the request as the
step means (分派 → 已分派, 响应 → 响应中, 解决 → 已解决, 居民反馈 → 已办结); the buttons follow the
transition table, so only the moves allowed now are enabled. :meth:`RequestsTab.new_for` is the
quick entry from a person or house (户与人员 tab): the form opens filled — resident, household, house,
grid, today — and one click saves it.
"""

from __future__ import annotations

from datetime import date


from ..domain import vocab as V
from ..domain.changed import Changes
from ..domain.casework import REQUEST_OPEN_STATUSES, REQUEST_TRANSITIONS
from ..domain.records import table as get_table
from ..store import requests as Q
from ..store.devices import self_device
from ..store.records import get_record
from .casework_panel import CaseworkPanel, CaseworkTab, PanelSpec

# step button -> (step code, the request fields its form shows)
STEP_FORMS = {
    "route": ("routed", ("department",)),
    "respond": ("response", ("responders",)),
    "solve": ("solved", ("resolution", "resolved")),
    "feedback": ("feedback", ("satisfaction", "feedback", "closed")),
}
_NEEDS_STATUS = {"route": "routed", "respond": "responding", "solve": "resolved", "feedback": "closed"}


class RequestsTab(CaseworkTab):
    def __init__(self, win, parent=None):
        super().__init__(parent)
        self.win = win
        self.db = win.db
        t = get_table("requests")
        columns = [
            (lambda: t.field("received").label, lambda r: r["received"]),
            (lambda: t.field("requester_name").label, lambda r: r["requester_name"] or ""),
            (lambda: t.field("category").label, lambda r: V.REQUEST_CATEGORIES.label(r["category"])),
            (lambda: t.field("content").label, lambda r: r["content"]),
            (lambda: t.field("status").label, lambda r: V.REQUEST_STATUSES.label(r["status"])),
            (lambda: self.tr("期限"), lambda r: self.tr("逾期") if r["overdue"] else
             (r["due_date"] if r["status"] in REQUEST_OPEN_STATUSES else "")),
        ]
        if self_device(self.db).role == "township":      # township-wide: say where each row is from
            columns += [(lambda: self.tr("村/社区"), lambda r: r["village"]), (lambda: self.tr("网格"), lambda r: r["area"])]
        actions = [("route", self.tr("分派（部门反应）")), ("respond", self.tr("响应（志愿者）")),
                   ("solve", self.tr("问题解决")), ("feedback", self.tr("居民反馈")),
                   ("note", self.tr("办理记录"))]
        self.panel = CaseworkPanel(PanelSpec(
            statuses=V.REQUEST_STATUSES, categories=V.REQUEST_CATEGORIES,
            columns=columns, find=lambda **kw: Q.find_requests(self.db, **kw), title=self._title,
            timeline=lambda rid: Q.timeline(self.db, rid), actions=actions, widths=(90, 70, 110, 230, 70)), self)
        self.panel.setObjectName("requests_panel")
        self.panel.new_button.setText(self.tr("登记诉求"))
        self.install_panel(self.panel, STEP_FORMS)

    # -- the main window's tab protocol (current_id, set_area, select: CaseworkTab) ------------
    def on_changes(self, changes: Changes) -> None:
        if changes.touches("requests", "request_steps", "persons", "areas"):
            self.panel.request_reload()

    # -- detail -------------------------------------------------------------------------------
    def _title(self, rid) -> str:
        r = get_record(self.db, "requests", rid)
        routed = V.REQUEST_DEPARTMENTS.label(r["department"]) if r["department"] else self.tr("未分派")
        return self.tr("{0}　{1}　{2}\n{3}\n诉求人：{4}　{5}\n承办：{6}").format(
            r["number"] or "", V.REQUEST_CATEGORIES.label(r["category"]), V.REQUEST_STATUSES.label(r["status"]),
            r["content"], r["requester_name"] or "", r["requester_phone"] or "", routed)

    def _enable(self, rid) -> None:
        if not rid:
            return
        status = get_record(self.db, "requests", rid)["status"]
        allowed = REQUEST_TRANSITIONS.get(status, ())
        for name, target in _NEEDS_STATUS.items():
            again = status == target and name in ("respond",)      # more volunteers may respond
            self.panel.buttons[name].setEnabled(target in allowed or again)
        self.panel.buttons["note"].setEnabled(True)

    def _open_event(self, kind: str, rid: str) -> None:
        if kind in ("received", "closed"):
            self.edit(rid)
        else:
            self.win.open_editor("request_steps", rid, fixed=("request_id", "step"), hidden=("area_id",))

    # -- actions ------------------------------------------------------------------------------
    def new(self) -> None:
        self._open_new(dict(area_id=self.win.grid_area_id(), received=date.today().isoformat(),
                            channel="in_person", status="received"))

    def new_for(self, *, person_id: str | None = None, house_id: str | None = None) -> str | None:
        """Quick entry from a person or house: the form opens filled in; returns the new id if saved."""
        return self._open_new(Q.quick_entry_defaults(self.db, person_id=person_id, house_id=house_id))

    def _open_new(self, defaults: dict) -> str | None:
        hidden = ("status", "resolution", "resolved", "satisfaction", "feedback", "closed", "department",
                  "responders", "number")
        dlg = self.win.open_editor("requests", None, defaults=defaults, hidden=hidden, title=self.tr("登记诉求"),
                                   save_fn=lambda db, v: Q.create_request(db, v))
        if dlg is None:
            return None
        self.select(dlg.record_id)
        return dlg.record_id

    def edit(self, rid) -> None:
        if rid:
            self.win.open_editor("requests", rid, fixed=("status",))

    def delete(self) -> None:
        rid = self.current_id()
        if rid:
            self.win.delete_record("requests", rid)

    def step(self, name: str) -> None:
        rid = self.current_id()
        if not rid:
            return
        code, fields = STEP_FORMS[name]
        r = get_record(self.db, "requests", rid)
        today = date.today().isoformat()
        defaults = {f: r[f] for f in fields}
        defaults.update({k: v for k, v in (("resolved", today), ("closed", today)) if k in fields and not r[k]})
        if name == "feedback":
            defaults["satisfaction"] = r["satisfaction"] or "satisfied"
        hidden = tuple(f.name for f in get_table("requests").fields if f.name not in fields)
        self.win.open_editor("requests", rid, defaults=defaults, hidden=hidden,
                             title=V.REQUEST_STEPS.label(code),
                             save_fn=lambda db, v: self._save_step(db, rid, name, v))

    def _save_step(self, db, rid: str, name: str, v: dict):
        code, fields = STEP_FORMS[name]
        when = {"solved": v.get("resolved"), "feedback": v.get("closed")}.get(code) or date.today().isoformat()
        # the step's text is part of the record (printed in the Chinese ledger): written in Chinese
        content = {"routed": lambda: f"转{V.REQUEST_DEPARTMENTS.zh(v.get('department'))}办理",
                   "response": lambda: f"{v.get('responders') or ''}响应",
                   "solved": lambda: v.get("resolution") or "",
                   "feedback": lambda: v.get("feedback") or V.REQUEST_FEEDBACK.zh(v.get("satisfaction"))}[code]()
        return Q.add_step(db, rid, {"date": when, "step": code, "content": content}, **{f: v.get(f) for f in fields})

    def note(self) -> None:
        rid = self.current_id()
        if rid:
            r = get_record(self.db, "requests", rid)
            self.win.open_editor("request_steps", None,
                                 defaults=dict(request_id=rid, area_id=r["area_id"], date=date.today().isoformat(),
                                               step="note"),
                                 fixed=("request_id",), hidden=("area_id",), title=self.tr("办理记录"),
                                 save_fn=lambda db, v: Q.add_step(db, rid, v))
