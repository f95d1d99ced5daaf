"""Township overview of the people the grid must know: per-village counts, monthly trends, leaderboard.

Everything is counted per village (村/社区): an area maps to the village above it (a grid, a
micro-grid, a unit grid), or to itself when it is one. Counts are a few grouped queries, so a
township database answers at once.
"""

from __future__ import annotations

from datetime import date

import sqlite_utils

from ..domain.sortkey import sort_key


def village_of(db: sqlite_utils.Database) -> dict[str, tuple[str, str]]:
    """``{area_id: (village_id, village_name)}`` for every area at or below a village or community."""
    rows = db.execute("SELECT id, parent_id, level, name FROM areas WHERE deleted = 0").fetchall()
    by_id = {r[0]: r for r in rows}
    out: dict[str, tuple[str, str]] = {}
    for aid in by_id:
        cur, seen = by_id.get(aid), 0
        while cur is not None and cur[2] not in ("village", "community") and seen < 16:
            cur, seen = by_id.get(cur[1]), seen + 1
        if cur is not None and cur[2] in ("village", "community"):
            out[aid] = (cur[0], cur[3])
    return out


def last_months(n: int, *, today: date | None = None) -> list[str]:
    """The ``n`` months up to and including this one, oldest first (``YYYY-MM``)."""
    today = today or date.today()
    y, m = today.year, today.month
    out = []
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def monthly_movements(db: sqlite_utils.Database, months: list[str]) -> dict:
    """Arrivals and departures per month, township-wide and per village.

    ``{"months": [...], "arrivals": [n per month], "departures": [...],
       "villages": [{"village", "village_id", "arrivals": [...], "departures": [...]}]}``
    """
    vmap = village_of(db)
    idx = {m: i for i, m in enumerate(months)}
    tot = {"arrival": [0] * len(months), "departure": [0] * len(months)}
    per_v: dict[str, dict] = {}
    for area_id, kind, month, n in db.execute(
            "SELECT e.area_id, e.kind, substr(e.date, 1, 7) AS m, count(*) FROM residence_events e "
            "WHERE e.deleted = 0 AND m >= ? AND m <= ? GROUP BY e.area_id, e.kind, m", [months[0], months[-1]]):
        i = idx.get(month)
        if i is None or kind not in tot:
            continue
        tot[kind][i] += n
        v = vmap.get(area_id)
        if v:
            d = per_v.setdefault(v[0], {"village": v[1], "village_id": v[0], "arrival": [0] * len(months),
                                        "departure": [0] * len(months)})
            d[kind][i] += n
    villages = sorted(per_v.values(), key=lambda d: sort_key(d["village"]))
    return {"months": months, "arrivals": tot["arrival"], "departures": tot["departure"],
            "villages": [{"village": d["village"], "village_id": d["village_id"], "arrivals": d["arrival"],
                          "departures": d["departure"]} for d in villages]}


def people_counts(db: sqlite_utils.Database, *, today: date | None = None, expiring_days: int = 30) -> dict:
    """Township totals: floating residents present, permits expiring soon, tags, volunteers, points."""
    from .floating import expiring_permits
    from .points import negative_balances
    from .tags import tag_counts

    floating = db.execute("SELECT count(*) FROM persons WHERE deleted = 0 AND residence_kind = 'floating' AND "
                          "coalesce(status, 'present') IN ('present', 'away')").fetchone()[0]
    earned = db.execute("SELECT coalesce(sum(points), 0), count(DISTINCT volunteer_id) FROM volunteer_services "
                        "WHERE deleted = 0").fetchone()
    redeemed = db.execute("SELECT coalesce(sum(points), 0) FROM point_redemptions WHERE deleted = 0").fetchone()[0]
    return {"floating": floating,
            "permits_expiring": len(expiring_permits(db, within_days=expiring_days, as_of=today)),
            "tags": tag_counts(db), "volunteers": earned[1], "points_earned": earned[0],
            "points_redeemed": redeemed, "negative_balances": len(negative_balances(db))}


def leaderboard(db: sqlite_utils.Database, *, year: str | None = None, top: int = 5) -> list[dict]:
    """Per village, its volunteers with the most points earned (in ``year``, or ever): the opt-in board.

    ``[{"village", "village_id", "volunteers": [{"name", "points", "minutes"}]}]``, villages by name.
    """
    vmap = village_of(db)
    sql = ("SELECT s.volunteer_id, p.name, p.area_id, sum(s.points), sum(s.minutes) FROM volunteer_services s "
           "JOIN persons p ON p.id = s.volunteer_id WHERE s.deleted = 0 AND p.deleted = 0")
    params: list = []
    if year:
        sql += " AND substr(s.date, 1, 4) = ?"
        params.append(year)
    per_v: dict[str, dict] = {}
    for vid, name, area_id, pts, mins in db.execute(sql + " GROUP BY s.volunteer_id", params):
        v = vmap.get(area_id)
        if not v:
            continue
        per_v.setdefault(v[0], {"village": v[1], "village_id": v[0], "volunteers": []})["volunteers"].append(
            {"volunteer_id": vid, "name": name, "points": pts or 0, "minutes": mins or 0})
    out = sorted(per_v.values(), key=lambda d: sort_key(d["village"]))
    for d in out:
        d["volunteers"] = sorted(d["volunteers"], key=lambda r: (-r["points"], sort_key(r["name"])))[:top]
    return out
