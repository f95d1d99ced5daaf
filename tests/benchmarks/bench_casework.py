"""Township views with a year of resident requests and hazards (``run.py casework``).

Each view is timed on the township demo (~12,000 requests, ~2,000 hazards and their ~50,000 steps)
beside the existing 全镇概况 query (``store.township.overview``) as the baseline. Goals (reported,
not asserted): what runs on the GUI thread — the 民生诉求 / 问题隐患 list reloads and a record's
timeline — stays under one 200 ms frame (the township GUI's goal); the figures, which run in the
background like the overview, stay within 2x the overview; a township-wide monthly ledger prints
within the time of the existing ledgers (seconds).
"""

from __future__ import annotations

from datetime import date


def scenario_casework(t, args) -> None:
    from gridkeeper.ledgers.service import print_ledger
    from gridkeeper.store import casework_stats as S
    from gridkeeper.store import hazards as H
    from gridkeeper.store import requests as Q
    from gridkeeper.store import township as T

    from .run import report, timed

    db = t.db
    today = date.today()
    since = date(today.year - 1, today.month, 1).isoformat()
    n = db.execute("SELECT count(*) FROM requests").fetchone()[0]
    base, _ = timed(lambda: T.overview(db), repeat=3)
    report("casework: 全镇概况 overview (baseline)", base, note=f"{n} requests in the store")
    s, _ = timed(lambda: S.request_overview(db, since=since, until=today.isoformat()), repeat=3)
    report("casework: request figures, 12 months", s, base, note="background task (goal <= 2x overview)")
    s, _ = timed(lambda: S.hazard_overview(db, since=since, until=today.isoformat()), repeat=3)
    report("casework: hazard figures, 12 months", s, base, note="background task (goal <= 2x overview)")
    s, rows = timed(lambda: Q.find_requests(db), repeat=3)
    report("casework: request list, township-wide", s, 0.2, note=f"{len(rows)} rows (GUI thread, goal < 200 ms)")
    s, _ = timed(lambda: Q.find_requests(db, status="open", text="路灯"), repeat=3)
    report("casework: request list, open + search", s, 0.2, note="GUI thread, goal < 200 ms")
    s, rows = timed(lambda: H.find_hazards(db, due="overdue"), repeat=3)
    report("casework: overdue hazards, township-wide", s, 0.2, note=f"{len(rows)} rows (GUI thread, goal < 200 ms)")
    rid = db.execute("SELECT id FROM requests ORDER BY received LIMIT 1 OFFSET 500").fetchone()[0]
    s, _ = timed(lambda: Q.timeline(db, rid), repeat=5)
    report("casework: one request's timeline", s, 0.2, note="GUI thread, goal < 200 ms")
    month = f"{today:%Y-%m}"
    for kind in ("requests", "hazards"):
        out = t.folder / f"{kind}.pdf"
        s, res = timed(lambda k=kind, o=out: print_ledger(db, kind=k, month=month, out=o))
        report(f"casework: {kind} ledger, township, one month", s,
               note=f"{res['rows']} rows, {res['pages']} pages")
