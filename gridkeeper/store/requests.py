"""Resident requests (民生诉求): register, route, respond, solve, close with feedback; lists and timeline.

The loop (DESIGN §2): 居民需求 → 部门反应 → 志愿者响应 → 问题解决 → 居民反馈. Each dated step
(``request_steps``) moves the request as it means (:data:`domain.casework.REQUEST_STEP_EFFECTS`):
a routed step → 已分派, a response → 响应中, solved → 已解决 (its content and date fill the
resolution and solved date), feedback → 已办结 (with the resident's satisfaction). The rules —
what a solved or closed request needs, which moves are allowed — are the domain's
(:mod:`domain.casework`), so the GUI, CLI and importer agree.

A request is *overdue* when it is still open (received, routed or responding) more than
:data:`OVERDUE_DAYS` days after it was received; it is *due this week* when it becomes overdue
within the next 7 days.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlite_utils

from ..domain.casework import REQUEST_OPEN_STATUSES, REQUEST_STEP_EFFECTS, check_request_transition
from ..domain.vocab import REQUEST_FEEDBACK, REQUEST_STEPS
from . import casework as K
from .changes import Change
from .records import create_record, get_record

OVERDUE_DAYS = 7
TABLE = "requests"


def quick_entry_defaults(db: sqlite_utils.Database, *, person_id: str | None = None, house_id: str | None = None,
                         household_id: str | None = None, today: date | None = None) -> dict:
    """A new request's values from the person or house it is about: links, area, name and phone, today.

    What the GUI's "new request" from a person or house opens with (two clicks: the button, save).
    """
    today = today or date.today()
    values: dict = dict(received=today.isoformat(), channel="in_person", status="received")
    if person_id:
        p = get_record(db, "persons", person_id)
        values.update(person_id=person_id, household_id=p["household_id"], requester_name=p["name"],
                      requester_phone=p["phone"])
        if p["household_id"]:
            hh = db.execute("SELECT house_id FROM households WHERE id = ?", [p["household_id"]]).fetchone()
            if hh and hh[0]:
                values["house_id"] = hh[0]
        values["area_id"] = p["area_id"]
    elif household_id:
        h = get_record(db, "households", household_id)
        values.update(household_id=household_id, house_id=h["house_id"], area_id=h["area_id"])
    elif house_id:
        h = get_record(db, "houses", house_id)
        values.update(house_id=house_id, area_id=h["area_id"], requester_name=h["owner_name"],
                      requester_phone=h["owner_phone"])
    return {k: v for k, v in values.items() if v is not None}


def create_request(db: sqlite_utils.Database, values: dict, *, user: str | None = None,
                   today: date | None = None) -> str:
    """Register a request (numbered ``SQ-…``); the area comes from its person, household or house."""
    values = K.area_from_links(db, dict(values))
    values.setdefault("status", "received")
    return create_record(db, TABLE, values, user=user, today=today)


def add_step(db: sqlite_utils.Database, request_id: str, values: dict, *, user: str | None = None,
             today: date | None = None, advance: bool = True, **fields) -> list[Change]:
    """Add a dated step (``{"date", "step", "content", "actor"}``); the request moves as the step means.

    ``fields`` set request fields outright with the step: ``satisfaction`` with a feedback step,
    ``department`` with a routed step, ``responders`` with a response, a changed ``resolution``… (blank
    ones are ignored). Refused (nothing written) when the move or the resulting request breaks a rule.
    """
    extra = {k: v for k, v in fields.items() if v not in (None, "")}
    return K.add_step(db, TABLE, request_id, values, effects=REQUEST_STEP_EFFECTS, extra=extra,
                      check_transition=check_request_transition, user=user, today=today, advance=advance)


def change_status(db: sqlite_utils.Database, request_id: str, status: str, *, user: str | None = None,
                  today: date | None = None, **fields) -> Change:
    """Move to ``status`` with the fields it needs (resolution/resolved, satisfaction/closed)."""
    return K.change_status(db, TABLE, request_id, status, fields, check_transition=check_request_transition,
                           user=user, today=today)


def steps(db: sqlite_utils.Database, request_id: str) -> list[dict]:
    return K.steps_of(db, TABLE, request_id)


def timeline(db: sqlite_utils.Database, request_id: str) -> list[dict]:
    """The request's events in date order: ``{"date", "kind", "zh", "en", "id"}`` (received, each step)."""
    r = get_record(db, TABLE, request_id)
    ev = [dict(date=r["received"], kind="received", id=r["id"], order=0,
               zh=f"受理：{r['content']}", en=f"received: {r['content']}")]
    for s in steps(db, request_id):
        who = f"{s['actor']}：" if s["actor"] else ""
        ev.append(dict(date=s["date"], kind=s["step"], id=s["id"], order=1,
                       zh=f"{REQUEST_STEPS.zh(s['step'])}：{who}{s['content']}",
                       en=f"{s['step']}: {who}{s['content']}"))
    if r["status"] == "closed" and r["satisfaction"]:
        ev.append(dict(date=r["closed"], kind="closed", id=r["id"], order=2,
                       zh=f"办结（{REQUEST_FEEDBACK.zh(r['satisfaction'])}）", en=f"closed ({r['satisfaction']})"))
    ev.sort(key=lambda e: (e["date"] or "", e["order"]))
    return ev


def due_date(received: str | None) -> str | None:
    """The day an open request received on ``received`` becomes overdue."""
    return (date.fromisoformat(received) + timedelta(days=OVERDUE_DAYS)).isoformat() if received else None


def find_requests(db: sqlite_utils.Database, *, area_ids: list[str] | None = None, status: str | None = None,
                  category: str | None = None, text: str | None = None, due: str | None = None,
                  month: str | None = None, today: date | None = None, limit: int | None = 2000) -> list[dict]:
    """Requests for the lists, newest first, each with ``overdue``, ``due_date``, ``village``, ``area``.

    ``status``: a status code or ``"open"``; ``due``: ``"overdue"`` or ``"week"`` (becomes overdue in
    the next 7 days); ``text``: part of the content, requester, number or resolution; ``month``: YYYY-MM
    of the received date.
    """
    today = today or date.today()
    sql = "SELECT * FROM requests WHERE deleted = 0"
    clause, args = K.area_clause(area_ids)
    sql += clause
    opens = "status IN ('received', 'routed', 'responding')"
    if status == "open":
        sql += f" AND {opens}"
    elif status:
        sql += " AND status = ?"
        args.append(status)
    if category:
        sql += " AND category = ?"
        args.append(category)
    if month:
        sql += " AND substr(received, 1, 7) = ?"
        args.append(month)
    if text and text.strip():
        like = f"%{text.strip()}%"
        sql += " AND (content LIKE ? OR requester_name LIKE ? OR number LIKE ? OR resolution LIKE ?)"
        args += [like] * 4
    limit_day = (today - timedelta(days=OVERDUE_DAYS)).isoformat()
    if due == "overdue":
        sql += f" AND {opens} AND received < ?"
        args.append(limit_day)
    elif due == "week":
        sql += f" AND {opens} AND received >= ? AND received < ?"
        args += [limit_day, (today - timedelta(days=OVERDUE_DAYS - 7)).isoformat()]
    sql += " ORDER BY received DESC, id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    names = K.villages(db)
    out = []
    for r in db.query(sql, args):
        r["due_date"] = due_date(r["received"])
        r["overdue"] = r["status"] in REQUEST_OPEN_STATUSES and r["received"] < limit_day
        r["village"], r["area"] = names.get(r["area_id"], (None, "", ""))[1:]
        out.append(r)
    return out


def due_counts(db: sqlite_utils.Database, *, area_ids: list[str] | None = None,
               today: date | None = None) -> dict[str, int]:
    """``{"open", "overdue", "week"}``: the worker's to-do figures."""
    today = today or date.today()
    clause, args = K.area_clause(area_ids)
    limit_day = (today - timedelta(days=OVERDUE_DAYS)).isoformat()
    week_day = (today - timedelta(days=OVERDUE_DAYS - 7)).isoformat()
    row = db.execute("SELECT count(*), sum(received < ?), sum(received >= ? AND received < ?) FROM requests "
                     "WHERE deleted = 0 AND status IN ('received', 'routed', 'responding')" + clause,
                     [limit_day, limit_day, week_day] + args).fetchone()
    return {"open": row[0] or 0, "overdue": row[1] or 0, "week": row[2] or 0}

