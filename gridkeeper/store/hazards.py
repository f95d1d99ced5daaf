"""Hazards found on patrol (问题隐患): report, rectify, re-check, close — or escalate; lists and timeline.

The loop (DESIGN §2): 上报 → 整改 → 复查 → 销号, or 上报上级. Each dated step (``hazard_steps``)
moves the hazard as it means (:data:`domain.casework.HAZARD_STEP_EFFECTS`): rectify → 整改中,
rectified → 已整改待复查 (its content and date fill what was done and when), recheck fills the
re-check date and result, close → 已销号 (refused without a re-check), escalate → 已上报上级 (its
content is the escalation note). The rules are the domain's (:mod:`domain.casework`).

A hazard is *overdue* when its rectification deadline has passed and it is still waiting for
rectification (reported, rectifying or escalated — a rectified one waits only for its re-check); it
is *due this week* when its deadline falls in the next 7 days.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlite_utils

from ..domain.casework import HAZARD_STEP_EFFECTS, check_hazard_transition
from ..domain.vocab import HAZARD_STEPS
from . import casework as K
from .changes import Change
from .records import create_record, get_record

TABLE = "hazards"
WAITING = ("reported", "rectifying", "escalated")   # not yet rectified: the deadline still applies
_WAITING_SQL = "status IN ('reported', 'rectifying', 'escalated')"


def quick_entry_defaults(db: sqlite_utils.Database, *, house_id: str | None = None, person_id: str | None = None,
                         finder: str | None = None, deadline_days: int = 3, today: date | None = None) -> dict:
    """A new hazard's values from the house (or the person's house) it is at: house, area, owner, dates."""
    today = today or date.today()
    values: dict = dict(found=today.isoformat(), status="reported", severity="minor", finder=finder,
                        deadline=(today + timedelta(days=deadline_days)).isoformat())
    if person_id and not house_id:
        p = get_record(db, "persons", person_id)
        values["area_id"] = p["area_id"]
        if p["household_id"]:
            hh = db.execute("SELECT house_id FROM households WHERE id = ?", [p["household_id"]]).fetchone()
            house_id = hh[0] if hh else None
    if house_id:
        h = get_record(db, "houses", house_id)
        address = " ".join(x for x in (h["street"], h["building"], h["unit"], h["room"]) if x)
        values.update(house_id=house_id, area_id=h["area_id"], location=address or None,
                      responsible=h["owner_name"], responsible_phone=h["owner_phone"])
    return {k: v for k, v in values.items() if v is not None}


def create_hazard(db: sqlite_utils.Database, values: dict, *, user: str | None = None,
                  today: date | None = None) -> str:
    """Record a hazard (numbered ``YH-…``); the area comes from its house when none is given."""
    values = K.area_from_links(db, dict(values))
    values.setdefault("status", "reported")
    return create_record(db, TABLE, values, user=user, today=today)


def add_step(db: sqlite_utils.Database, hazard_id: str, values: dict, *, user: str | None = None,
             today: date | None = None, advance: bool = True, **fields) -> list[Change]:
    """Add a dated step (``{"date", "step", "content", "actor"}``); the hazard moves as the step means.

    ``fields`` set hazard fields outright with the step (e.g. ``responsible`` and ``deadline`` when
    rectification is ordered; blank ones are ignored).
    """
    extra = {k: v for k, v in fields.items() if v not in (None, "")}
    return K.add_step(db, TABLE, hazard_id, values, effects=HAZARD_STEP_EFFECTS, extra=extra,
                      check_transition=check_hazard_transition, user=user, today=today, advance=advance)


def change_status(db: sqlite_utils.Database, hazard_id: str, status: str, *, user: str | None = None,
                  today: date | None = None, **fields) -> Change:
    """Move to ``status`` with the fields it needs (rectification, re-check, escalation note…)."""
    return K.change_status(db, TABLE, hazard_id, status, fields, check_transition=check_hazard_transition,
                           user=user, today=today)


def steps(db: sqlite_utils.Database, hazard_id: str) -> list[dict]:
    return K.steps_of(db, TABLE, hazard_id)


def timeline(db: sqlite_utils.Database, hazard_id: str) -> list[dict]:
    """The hazard's events in date order: found, each step, and the deadline while it still applies."""
    h = get_record(db, TABLE, hazard_id)
    ev = [dict(date=h["found"], kind="found", id=h["id"], order=0,
               zh=f"发现：{h['description']}", en=f"found: {h['description']}")]
    for s in steps(db, hazard_id):
        who = f"{s['actor']}：" if s["actor"] else ""
        ev.append(dict(date=s["date"], kind=s["step"], id=s["id"], order=1,
                       zh=f"{HAZARD_STEPS.zh(s['step'])}：{who}{s['content']}", en=f"{s['step']}: {who}{s['content']}"))
    if h["deadline"] and h["status"] in WAITING:
        ev.append(dict(date=h["deadline"], kind="deadline", id=h["id"], order=2, zh="整改期限", en="deadline"))
    ev.sort(key=lambda e: (e["date"] or "", e["order"]))
    return ev


def is_overdue(h: dict, today: date) -> bool:
    return bool(h["deadline"]) and h["status"] in WAITING and h["deadline"] < today.isoformat()


def find_hazards(db: sqlite_utils.Database, *, area_ids: list[str] | None = None, status: str | None = None,
                 category: str | None = None, severity: str | None = None, text: str | None = None,
                 due: str | None = None, month: str | None = None, today: date | None = None,
                 limit: int | None = 2000) -> list[dict]:
    """Hazards for the lists, newest first, each with ``overdue``, ``village``, ``area``.

    ``status``: a status code or ``"open"`` (not closed); ``due``: ``"overdue"`` or ``"week"``.
    """
    today = today or date.today()
    sql = "SELECT * FROM hazards WHERE deleted = 0"
    clause, args = K.area_clause(area_ids)
    sql += clause
    if status == "open":
        sql += " AND status != 'closed'"
    elif status:
        sql += " AND status = ?"
        args.append(status)
    for col, val in (("category", category), ("severity", severity)):
        if val:
            sql += f" AND {col} = ?"
            args.append(val)
    if month:
        sql += " AND substr(found, 1, 7) = ?"
        args.append(month)
    if text and text.strip():
        like = f"%{text.strip()}%"
        sql += " AND (description LIKE ? OR location LIKE ? OR number LIKE ? OR responsible LIKE ?)"
        args += [like] * 4
    t0, t7 = today.isoformat(), (today + timedelta(days=7)).isoformat()
    if due == "overdue":
        sql += f" AND {_WAITING_SQL} AND deadline < ?"
        args.append(t0)
    elif due == "week":
        sql += f" AND {_WAITING_SQL} AND deadline >= ? AND deadline < ?"
        args += [t0, t7]
    sql += " ORDER BY found DESC, id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    names = K.villages(db)
    out = []
    for h in db.query(sql, args):
        h["overdue"] = is_overdue(h, today)
        h["village"], h["area"] = names.get(h["area_id"], (None, "", ""))[1:]
        out.append(h)
    return out


def due_counts(db: sqlite_utils.Database, *, area_ids: list[str] | None = None,
               today: date | None = None) -> dict[str, int]:
    """``{"open", "overdue", "week"}``: open hazards, past their deadline, deadline in the next 7 days."""
    today = today or date.today()
    clause, args = K.area_clause(area_ids)
    t0, t7 = today.isoformat(), (today + timedelta(days=7)).isoformat()
    row = db.execute(f"SELECT count(*), sum({_WAITING_SQL} AND deadline < ?), "
                     f"sum({_WAITING_SQL} AND deadline >= ? AND deadline < ?) FROM hazards "
                     "WHERE deleted = 0 AND status != 'closed'" + clause, [t0, t0, t7] + args).fetchone()
    return {"open": row[0] or 0, "overdue": row[1] or 0, "week": row[2] or 0}

