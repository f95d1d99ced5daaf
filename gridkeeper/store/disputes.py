"""Dispute mediation: status transitions, parties, dated steps, follow-up and the timeline.

The life of a dispute (DESIGN §2): 受理 ``received`` → 调解中 ``mediating`` → one of the closing
statuses 调解成功 ``resolved`` / 调解未成功 ``failed`` / 已移交 ``transferred``. A received dispute may
also be transferred at once (it belongs to another department), and a failed mediation may be
taken up again (back to ``mediating``). Closing needs the result and the closing date — the shared
validator enforces that, so the CLI, importers and GUI agree. After closing, a follow-up visit
(回访) is proposed 30 days later; recording its result completes the case.

Every write goes through :mod:`store.records`, so it is versioned, synced and undoable; each
function returns the :class:`Change` list it made so the GUI can offer Ctrl+Z.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlite_utils

from ..domain.errors import GridkeeperError
from ..domain.messages import M
from ..domain.validate import check_date, validate_record
from ..domain.vocab import DISPUTE_CLOSED_STATUSES, DISPUTE_STATUSES
from .changes import Change, writing
from .dispute_numbers import device_short_code, next_dispute_number  # noqa: F401 - the GUI asks here
from .records import _area_of_parent, create_record, get_record, update_record

FOLLOWUP_AFTER_DAYS = 30


# Numbering (编号) lives in dispute_numbers: ``create_record`` fills a missing number in.

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "received": ("mediating", "transferred"),
    "mediating": ("resolved", "failed", "transferred"),
    "failed": ("mediating",),
    "resolved": (),
    "transferred": (),
}


def allowed_next(status: str | None) -> tuple[str, ...]:
    return TRANSITIONS.get(status or "received", ())


def needs_for(status: str) -> tuple[str, ...]:
    """Which fields a move to ``status`` asks the user for."""
    return ("agreement", "closed") if status in DISPUTE_CLOSED_STATUSES else ()


def change_status(db: sqlite_utils.Database, dispute_id: str, status: str, *, agreement: str | None = None,
                  closed: str | None = None, user: str | None = None, today: date | None = None) -> Change:
    """Move a dispute to ``status``; closing statuses need ``agreement`` and ``closed``.

    Raises GridkeeperError for a move the life cycle does not allow, ValidationError when a closing
    field is missing or wrong (nothing is written in either case).
    """
    d = get_record(db, "disputes", dispute_id)
    if status not in DISPUTE_STATUSES:
        raise GridkeeperError(M("bad_status", status=status), code="bad_status")
    if status not in allowed_next(d["status"]):
        raise GridkeeperError(
            M("bad_transition", from_zh=DISPUTE_STATUSES.zh(d['status']), to_zh=DISPUTE_STATUSES.zh(status),
              from_status=d['status'], to_status=status), code="bad_transition")
    values: dict = {"status": status}
    if status in DISPUTE_CLOSED_STATUSES:
        values["agreement"] = agreement
        values["closed"] = closed
    elif status == "mediating" and d["status"] == "failed":
        values.update(closed=None)   # taken up again: no longer closed
    return update_record(db, "disputes", dispute_id, values, user=user, today=today)


def propose_followup_date(closed: str | date | None) -> str | None:
    """The suggested follow-up (回访) date: 30 days after closing."""
    if not closed:
        return None
    d = closed if isinstance(closed, date) else check_date(closed)
    return (d + timedelta(days=FOLLOWUP_AFTER_DAYS)).isoformat()


def schedule_followup(db: sqlite_utils.Database, dispute_id: str, followup_date: str | None = None, *,
                      user: str | None = None) -> Change:
    d = get_record(db, "disputes", dispute_id)
    if d["status"] not in DISPUTE_CLOSED_STATUSES:
        raise GridkeeperError(M("not_closed"),
                              code="not_closed")
    return update_record(db, "disputes", dispute_id,
                         {"followup_date": followup_date or propose_followup_date(d["closed"])}, user=user)


def record_followup(db: sqlite_utils.Database, dispute_id: str, result: str, *, followup_date: str | None = None,
                    satisfaction: str | None = None, user: str | None = None, today: date | None = None) -> Change:
    d = get_record(db, "disputes", dispute_id)
    if d["status"] not in DISPUTE_CLOSED_STATUSES:
        raise GridkeeperError(M("not_closed:a_follow_up_comes_after"), code="not_closed")
    values = {"followup_result": result, "satisfaction": satisfaction,
              "followup_date": followup_date or d["followup_date"] or (today or date.today()).isoformat()}
    return update_record(db, "disputes", dispute_id, values, user=user, today=today)


def add_party(db: sqlite_utils.Database, dispute_id: str, values: dict, *, user: str | None = None) -> str:
    get_record(db, "disputes", dispute_id)
    return create_record(db, "dispute_parties", dict(values, dispute_id=dispute_id), user=user)


def add_step(db: sqlite_utils.Database, dispute_id: str, values: dict, *, user: str | None = None,
             today: date | None = None, advance: bool = True) -> list[Change]:
    """Add a dated mediation step; with ``advance`` a ``received`` dispute moves to ``mediating``.

    Both writes happen in one transaction. Returns the changes (for undo).
    """
    d = get_record(db, "disputes", dispute_id)
    step = validate_record("dispute_steps", _area_of_parent(db, "dispute_steps", dict(values, dispute_id=dispute_id),
                                                             None), today=today)
    with writing(db, user) as w:
        w.create("dispute_steps", step)
        if advance and d["status"] == "received":
            w.update("disputes", dispute_id, {"status": "mediating"})
        return list(w.changes)


def parties(db: sqlite_utils.Database, dispute_id: str) -> list[dict]:
    return list(db.query("SELECT * FROM dispute_parties WHERE dispute_id = ? AND deleted = 0 ORDER BY role, id",
                         [dispute_id]))


def steps(db: sqlite_utils.Database, dispute_id: str) -> list[dict]:
    return list(db.query("SELECT * FROM dispute_steps WHERE dispute_id = ? AND deleted = 0 ORDER BY date, id",
                         [dispute_id]))


def timeline(db: sqlite_utils.Database, dispute_id: str) -> list[dict]:
    """The dispute's events in date order: ``{"date", "kind", "text", "id"}`` (text a Message).

    Kinds: ``received``, ``step``, ``closed``, ``followup_due`` (scheduled, no result yet),
    ``followup``. Steps keep their id so the GUI can open them.
    """
    d = get_record(db, "disputes", dispute_id)
    ev = [dict(date=d["received"], kind="received", id=d["id"],
               text=M("timeline_received", content=d['summary'] or ''))]
    for s in steps(db, dispute_id):
        who = f"{s['mediator']}：" if s["mediator"] else ""
        text = M("timeline_mediation_result", who=who, content=s['content'], result=s['result']) if s["result"] \
            else M("timeline_mediation", who=who, content=s['content'])
        ev.append(dict(date=s["date"], kind="step", id=s["id"], text=text))
    if d["closed"]:
        ev.append(dict(date=d["closed"], kind="closed", id=d["id"],
                       text=M("timeline_dispute_closed", status_zh=DISPUTE_STATUSES.zh(d['status']), status=d['status'],
                              agreement=d['agreement'] or '')))
    if d["followup_date"]:
        if d["followup_result"]:
            ev.append(dict(date=d["followup_date"], kind="followup", id=d["id"],
                           text=M("timeline_followup", result=d['followup_result'])))
        else:
            ev.append(dict(date=d["followup_date"], kind="followup_due", id=d["id"], text=M("timeline_followup_due")))
    order = {"received": 0, "step": 1, "closed": 2, "followup_due": 3, "followup": 3}
    ev.sort(key=lambda e: (e["date"] or "", order[e["kind"]]))
    return ev


def status_counts(db: sqlite_utils.Database, area_ids: list[str] | None = None) -> dict[str, int]:
    import json

    sql = "SELECT status, count(*) FROM disputes WHERE deleted = 0"
    args = []
    if area_ids is not None:
        sql += " AND area_id IN (SELECT value FROM json_each(?))"
        args.append(json.dumps(area_ids))
    return dict(db.execute(sql + " GROUP BY status", args).fetchall())
