"""The rows of the two work-order ledgers: 民生诉求登记台账 and 问题隐患排查整改台账.

Called by :mod:`store.ledger_rows` (which parses the month and the area scope and imports this module,
never the other way round); the columns are in :mod:`ledgers.kinds`.
Read "as of the month's last day", like the dispute ledger, so a ledger reprinted later says the same:

* requests — received on or before the month end and not closed before the month start (received
  in the month, still open, or closed during it), by received date. Steps after the month end are
  left out; a solved date, feedback or closing after the month end is not shown yet. The requester
  is the name with the linked person's national ID number (masked by the renderer unless
  ``--full-id``) and phone.
* hazards — found on or before the month end and not closed before the month start, by found date.
  Rectification, re-check, closing and escalation after the month end are not shown yet. A hazard
  still waiting for rectification whose deadline had passed by the month end (or today, for the
  current month) is marked 逾期.
"""

from __future__ import annotations

import json
from datetime import date

import sqlite_utils

from ..domain import vocab as V


def _md(iso: str | None) -> str:
    return iso[5:10] if iso and len(iso) >= 10 else (iso or "")


def _upto(value: str | None, date_value: str | None, last: str) -> str | None:
    """``value`` if its date is on or before the month end (it had happened by then), else None."""
    return value if date_value and date_value <= last else None


def _steps_by(db, table: str, fk: str, ids: list[str], last: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for s in db.query(f"SELECT {fk} AS parent, date, step, actor, content FROM [{table}] WHERE deleted = 0 "
                      f"AND date <= ? AND {fk} IN (SELECT value FROM json_each(?)) ORDER BY {fk}, date, id",
                      [last, json.dumps(ids)]):
        out.setdefault(s["parent"], []).append(s)
    return out


def request_rows(db: sqlite_utils.Database, m, scope: str, args: list) -> list[dict]:
    """民生诉求登记台账: requests received in the month ``m`` (a ``ledger_rows.Month``), still open at its
    end, or closed during it; ``scope`` (with ``args``) keeps the area's rows of alias ``r``."""
    reqs = list(db.query(f"""
        SELECT r.*, p.id_number AS person_id_number FROM requests r LEFT JOIN persons p ON p.id = r.person_id
        WHERE r.deleted = 0 AND r.received <= ? AND (r.closed IS NULL OR r.closed >= ?) AND {scope}
        ORDER BY r.received, r.number, r.id""", [m.last, m.first] + args))
    if not reqs:
        return []
    steps = _steps_by(db, "request_steps", "request_id", [r["id"] for r in reqs], m.last)
    rows = []
    for r in reqs:
        done = [s for s in steps.get(r["id"], []) if s["step"] in ("response", "solved", "note")]
        handled = "\n".join(f"{_md(s['date'])} {s['content']}" for s in done)
        resolved = _upto(r["resolved"], r["resolved"], m.last)
        if resolved and r["resolution"] and r["resolution"] not in handled:
            handled = "\n".join(x for x in (handled, f"{_md(resolved)} {r['resolution']}") if x)
        closed = _upto(r["closed"], r["closed"], m.last)
        if closed and r["satisfaction"]:
            feedback = V.REQUEST_FEEDBACK.zh(r["satisfaction"]) + (f"：{r['feedback']}" if r["feedback"] else "")
        else:   # not closed by the month end: say where it stood
            feedback = "（已解决，待反馈）" if resolved else "（办理中）"
        requester = "\n".join(x for x in (r["requester_name"], r["person_id_number"], r["requester_phone"]) if x)
        rows.append(dict(number=r["number"] or "", received=r["received"], requester=requester,
                         channel=V.REQUEST_CHANNELS.zh(r["channel"]), category=V.REQUEST_CATEGORIES.zh(r["category"]),
                         content=r["content"] or "", department=V.REQUEST_DEPARTMENTS.zh(r["department"]),
                         responders=r["responders"] or "", handled=handled, resolved=resolved or "",
                         feedback=feedback, closed=closed or ""))
    return rows


def hazard_rows(db: sqlite_utils.Database, m, scope: str, args: list, *, today: date | None = None) -> list[dict]:
    """问题隐患排查整改台账: hazards found in the month ``m``, still open at its end, or closed during it;
    ``scope`` (with ``args``) keeps the area's rows of alias ``z``."""
    as_of = min((today or date.today()).isoformat(), m.last)
    hazards = list(db.query(f"""
        SELECT z.*, (SELECT coalesce(o.street, '') || coalesce(o.building, '') FROM houses o WHERE o.id = z.house_id)
               AS house_address
        FROM hazards z
        WHERE z.deleted = 0 AND z.found <= ? AND (z.closed IS NULL OR z.closed >= ?) AND {scope}
        ORDER BY z.found, z.number, z.id""", [m.last, m.first] + args))
    rows = []
    for z in hazards:
        rectified = _upto(z["rectified"], z["rectified"], m.last)
        rectification = f"{_md(rectified)} {z['rectification'] or ''}".strip() if rectified else ""
        recheck_on = _upto(z["recheck_date"], z["recheck_date"], m.last)
        recheck = f"{_md(recheck_on)} {z['recheck_result'] or ''}".strip() if recheck_on else ""
        closed = _upto(z["closed"], z["closed"], m.last)
        if closed:
            outcome = f"已销号 {closed}"
        elif z["status"] == "escalated" and z["escalation"]:
            outcome = f"已上报上级：{z['escalation']}"
        else:
            outcome = ""
        responsible = "\n".join(x for x in (z["responsible"], z["responsible_phone"]) if x)
        overdue = bool(z["deadline"]) and z["deadline"] < as_of and not rectified
        rows.append(dict(number=z["number"] or "", found=z["found"], location=z["location"] or z["house_address"] or "",
                         category=V.HAZARD_CATEGORIES.zh(z["category"]), severity=V.HAZARD_SEVERITIES.zh(z["severity"]),
                         description=z["description"] or "", responsible=responsible, deadline=z["deadline"] or "",
                         rectification=rectification, recheck=recheck, outcome=outcome, overdue=overdue))
    return rows
