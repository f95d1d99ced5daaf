"""Overview figures for resident requests and hazards (township overview, worker summary, --json).

Requests, over those *received* in the period (a cohort, so the rates stay between 0 and 1):

- ``received``; ``closed`` (已办结); ``solved`` (已解决 or 已办结);
- 办结率 ``close_rate`` = closed / received;
- 满意率 ``satisfaction_rate`` = (满意 + 基本满意) / closed requests whose resident gave feedback
  (``unreachable`` is left out of both: nobody was asked);
- ``median_days``: median of closed − received over the closed ones;
- the same per category and per village, and a monthly trend (received by month received, closed by
  month closed).

Hazards: ``found`` in the period, and as of ``today`` ``open`` (not closed), ``overdue`` (past the
deadline, not yet rectified), ``rectified`` (has a rectification date), ``closed``, ``escalated``
(still with the level above); per category and village; monthly found and closed.

Rates are ``None`` when their denominator is 0 (the GUI shows "—").
"""

from __future__ import annotations

from datetime import date

import sqlite_utils

from ..domain.vocab import HAZARD_CATEGORIES, REQUEST_CATEGORIES
from . import casework as K

SATISFIED = ("satisfied", "basically")


def _rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


class _RequestTally:
    def __init__(self):
        self.received = self.closed = self.solved = self.satisfied = self.rated = 0
        self.days: list[int] = []

    def add(self, status, satisfaction, received, closed):
        self.received += 1
        if status in ("resolved", "closed"):
            self.solved += 1
        if status == "closed":
            self.closed += 1
            days = K.days_between(received, closed)
            if days is not None:
                self.days.append(days)
            if satisfaction and satisfaction != "unreachable":
                self.rated += 1
                self.satisfied += satisfaction in SATISFIED

    def as_dict(self) -> dict:
        return dict(received=self.received, closed=self.closed, solved=self.solved,
                    close_rate=_rate(self.closed, self.received), satisfied=self.satisfied, rated=self.rated,
                    satisfaction_rate=_rate(self.satisfied, self.rated), median_days=K.median(self.days))


def _period(column: str, since: str | None, until: str | None) -> tuple[str, list]:
    sql, args = "", []
    if since:
        sql += f" AND {column} >= ?"
        args.append(since)
    if until:
        sql += f" AND {column} <= ?"
        args.append(until)
    return sql, args


def request_overview(db: sqlite_utils.Database, *, area_ids: list[str] | None = None, since: str | None = None,
                     until: str | None = None) -> dict:
    """Figures for requests received between ``since`` and ``until`` (ISO dates, inclusive; None: all)."""
    clause, args = K.area_clause(area_ids)
    pclause, pargs = _period("received", since, until)
    total, by_cat, by_village = _RequestTally(), {}, {}
    villages = K.villages(db)
    months: dict[str, list[int]] = {}
    for area_id, category, status, sat, received, closed in db.execute(
            "SELECT area_id, category, status, satisfaction, received, closed FROM requests WHERE deleted = 0"
            + clause + pclause, args + pargs):
        total.add(status, sat, received, closed)
        by_cat.setdefault(category, _RequestTally()).add(status, sat, received, closed)
        vid, vname, _ = villages.get(area_id, (None, "", ""))
        by_village.setdefault((vid, vname), _RequestTally()).add(status, sat, received, closed)
        months.setdefault(received[:7], [0, 0])[0] += 1
    cclause, cargs = _period("closed", since, until)
    for month, n in db.execute("SELECT substr(closed, 1, 7), count(*) FROM requests WHERE deleted = 0 "
                               "AND status = 'closed' AND closed IS NOT NULL" + clause + cclause
                               + " GROUP BY 1", args + cargs):
        months.setdefault(month, [0, 0])[1] += n
    out = total.as_dict()
    out["by_category"] = [dict(code=t.code, label=t.label, **by_cat[t.code].as_dict())
                          for t in REQUEST_CATEGORIES if t.code in by_cat]
    out["by_village"] = [dict(village_id=vid, village=name, **t.as_dict())
                         for (vid, name), t in sorted(by_village.items(), key=lambda kv: kv[0][1] or "")]
    out["monthly"] = [dict(month=m, received=v[0], closed=v[1]) for m, v in sorted(months.items())]
    return out


def _hazard_counts() -> dict:
    return dict(found=0, open=0, overdue=0, rectified=0, closed=0, escalated=0)


def hazard_overview(db: sqlite_utils.Database, *, area_ids: list[str] | None = None, since: str | None = None,
                    until: str | None = None, today: date | None = None) -> dict:
    """Figures for hazards found between ``since`` and ``until``, their state as of ``today``."""
    today = today or date.today()
    t0 = today.isoformat()
    clause, args = K.area_clause(area_ids)
    pclause, pargs = _period("found", since, until)
    total, by_cat, by_village = _hazard_counts(), {}, {}
    villages = K.villages(db)
    months: dict[str, list[int]] = {}
    for area_id, category, status, deadline, rectified, found, closed in db.execute(
            "SELECT area_id, category, status, deadline, rectified, found, closed FROM hazards WHERE deleted = 0"
            + clause + pclause, args + pargs):
        vid, vname, _ = villages.get(area_id, (None, "", ""))
        for acc in (total, by_cat.setdefault(category, _hazard_counts()),
                    by_village.setdefault((vid, vname), _hazard_counts())):
            acc["found"] += 1
            acc["open"] += status != "closed"
            acc["overdue"] += bool(deadline) and deadline < t0 and status in ("reported", "rectifying", "escalated")
            acc["rectified"] += bool(rectified)
            acc["closed"] += status == "closed"
            acc["escalated"] += status == "escalated"
        m = months.setdefault(found[:7], [0, 0])
        m[0] += 1
        if status == "closed" and closed:
            months.setdefault(closed[:7], [0, 0])[1] += 1
    out = dict(total)
    out["by_category"] = [dict(code=t.code, label=t.label, **by_cat[t.code])
                          for t in HAZARD_CATEGORIES if t.code in by_cat]
    out["by_village"] = [dict(village_id=vid, village=name, **c)
                         for (vid, name), c in sorted(by_village.items(), key=lambda kv: kv[0][1] or "")]
    out["monthly"] = [dict(month=m, found=v[0], closed=v[1]) for m, v in sorted(months.items())]
    return out
