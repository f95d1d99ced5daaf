"""The township overview: counts per grid (households, persons, care, visits, overdue visits,
disputes) and whether each grid has sent a bundle this month."""

from __future__ import annotations

import json
from datetime import date

import sqlite_utils

from ..domain.vocab import CARE_CATEGORIES, DISPUTE_STATUSES
from .areas import subtree_ids
from .care import due_list
from .sorting import use_sort_key


def overview(db: sqlite_utils.Database, *, month: str | None = None, today: date | None = None) -> list[dict]:
    """Counts per grid, with its village: what the township overview shows.

    Each row: village, grid, grid_id, worker, households, persons, floating, care (total),
    care_by_category {code: n}, visits_month, overdue, disputes_by_status {code: n}, sent_this_month.
    """
    today = today or date.today()
    month = month or f"{today:%Y-%m}"
    use_sort_key(db)
    grids = list(db.query("""SELECT g.id, g.name, g.worker_name, v.name AS village, v.id AS village_id
                             FROM areas g LEFT JOIN areas v ON v.id = g.parent_id
                             WHERE g.level IN ('grid', 'unit_grid') AND g.deleted = 0 AND coalesce(g.retired, 0) = 0
                             ORDER BY gk_sort(v.name), v.code, gk_sort(g.name), g.code"""))
    # every area maps to the grid it belongs to (micro-grids roll up)
    grid_of = {}
    for g in grids:
        for aid in subtree_ids(db, g["id"]):
            grid_of.setdefault(aid, g["id"])
    def per_grid(sql, params=()):
        out = {}
        for area_id, *vals in db.execute(sql, params):
            gid = grid_of.get(area_id)
            if gid:
                acc = out.setdefault(gid, [0] * len(vals))
                for i, v in enumerate(vals):
                    acc[i] += v or 0
        return out
    hh = per_grid("SELECT area_id, count(*) FROM households WHERE deleted = 0 GROUP BY area_id")
    ps = per_grid("SELECT area_id, count(*), sum(residence_kind = 'floating') FROM persons WHERE deleted = 0 "
                  "AND coalesce(status, 'present') NOT IN ('moved_out', 'deceased') GROUP BY area_id")
    vs = per_grid("SELECT area_id, count(*) FROM visits WHERE deleted = 0 AND substr(date, 1, 7) = ? GROUP BY area_id",
                  [month])
    care_cat: dict[str, dict] = {}
    care_total: dict[str, int] = {}
    for area_id, cats in db.execute("SELECT area_id, categories FROM care_subjects WHERE deleted = 0 AND "
                                    "(until IS NULL OR until >= ?)", [today.isoformat()]):
        gid = grid_of.get(area_id)
        if not gid:
            continue
        care_total[gid] = care_total.get(gid, 0) + 1
        for c in json.loads(cats or "[]"):
            d = care_cat.setdefault(gid, {})
            d[c] = d.get(c, 0) + 1
    overdue = {}
    for item in due_list(db, today=today):
        if item.overdue:
            gid = grid_of.get(item.area_id)
            if gid:
                overdue[gid] = overdue.get(gid, 0) + 1
    disputes: dict[str, dict] = {}
    for area_id, status, n in db.execute("SELECT area_id, status, count(*) FROM disputes WHERE deleted = 0 "
                                         "GROUP BY area_id, status"):
        gid = grid_of.get(area_id)
        if gid:
            d = disputes.setdefault(gid, {})
            d[status] = d.get(status, 0) + n
    sent = set()
    for areas_json, last in db.execute("SELECT areas, last_bundle_at FROM devices WHERE status = 'enrolled'"):
        if last and last[:7] == month:
            for a in json.loads(areas_json or "[]"):
                for aid in subtree_ids(db, a):
                    if aid in grid_of:
                        sent.add(grid_of[aid])
    out = []
    for g in grids:
        gid = g["id"]
        out.append(dict(village=g["village"], village_id=g["village_id"], grid=g["name"], grid_id=gid,
                        worker=g["worker_name"], households=hh.get(gid, [0])[0], persons=ps.get(gid, [0, 0])[0],
                        floating=ps.get(gid, [0, 0])[1], care=care_total.get(gid, 0),
                        care_by_category=care_cat.get(gid, {}), visits_month=vs.get(gid, [0])[0],
                        overdue=overdue.get(gid, 0), disputes_by_status=disputes.get(gid, {}),
                        sent_this_month=gid in sent))
    return out


def overview_totals(rows: list[dict]) -> dict:
    tot = {k: sum(r[k] for r in rows) for k in ("households", "persons", "floating", "care", "visits_month", "overdue")}
    tot["grids"] = len(rows)
    tot["grids_silent"] = sum(1 for r in rows if not r["sent_this_month"])
    tot["disputes_by_status"] = {}
    tot["care_by_category"] = {}
    for r in rows:
        for k, v in r["disputes_by_status"].items():
            tot["disputes_by_status"][k] = tot["disputes_by_status"].get(k, 0) + v
        for k, v in r["care_by_category"].items():
            tot["care_by_category"][k] = tot["care_by_category"].get(k, 0) + v
    return tot


def labels():
    """Chinese/English labels the overview uses for its category keys."""
    return {"care": {t.code: t.label for t in CARE_CATEGORIES}, "disputes": {t.code: t.label for t in DISPUTE_STATUSES}}
