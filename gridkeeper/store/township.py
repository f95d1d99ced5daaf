"""The township's own services: the area tree, the overview, who has sent what.

Every change to the tree is a versioned write, so the tree travels to the workers in return
bundles. A retired grid's records are moved to another grid first: nothing is orphaned.
"""

from __future__ import annotations

import json
from datetime import date

import sqlite_utils

from ..domain.errors import GridkeeperError
from ..domain.records import TABLE_ORDER, table as get_table
from ..domain.vocab import AREA_LEVELS, CARE_CATEGORIES, DISPUTE_STATUSES
from .areas import check_area_placement, subtree_ids
from .changes import writing
from .records import create_record, get_record, update_record
from .sorting import use_sort_key

RECORD_TABLES = [t for t in TABLE_ORDER if get_table(t).area_column == "area_id"]   # records held by an area


def add_area(db: sqlite_utils.Database, *, parent_id: str | None, level: str, name: str, code: str | None = None,
             worker_name: str | None = None, worker_phone: str | None = None, worker_kind: str | None = None) -> str:
    level = AREA_LEVELS.lookup(level) or level
    check_area_placement(db, level, parent_id)
    _check_unique_name(db, parent_id, name)
    return create_record(db, "areas", {"parent_id": parent_id, "level": level, "name": name, "code": code,
                                       "worker_name": worker_name, "worker_phone": worker_phone,
                                       "worker_kind": worker_kind})


def _check_unique_name(db, parent_id, name, exclude=None):
    row = db.execute("SELECT id FROM areas WHERE deleted = 0 AND coalesce(retired, 0) = 0 AND name = ? AND "
                     "parent_id IS ? AND id IS NOT ?", [(name or "").strip(), parent_id, exclude]).fetchone()
    if row:
        raise GridkeeperError(f"同一上级下已有名为“{name}”的区域", f"an area named '{name}' already exists there",
                              code="duplicate_area")


def rename_area(db: sqlite_utils.Database, area_id: str, name: str, **worker) -> None:
    area = get_record(db, "areas", area_id)
    _check_unique_name(db, area["parent_id"], name, exclude=area_id)
    update_record(db, "areas", area_id, {"name": name, **worker})


def move_area(db: sqlite_utils.Database, area_id: str, new_parent_id: str) -> None:
    area = get_record(db, "areas", area_id)
    if new_parent_id in subtree_ids(db, area_id):
        raise GridkeeperError("不能把区域移到它自己的下级", "an area cannot move under itself", code="bad_parent")
    check_area_placement(db, area["level"], new_parent_id)
    _check_unique_name(db, new_parent_id, area["name"], exclude=area_id)
    update_record(db, "areas", area_id, {"parent_id": new_parent_id})


def retire_area(db: sqlite_utils.Database, area_id: str, *, move_to: str | None) -> dict:
    """Retire an area (and the areas below it); its records move to ``move_to`` first.

    Returns the number of records moved per table. An area that still holds records needs a target.
    """
    get_record(db, "areas", area_id)
    old = subtree_ids(db, area_id)
    ids_json = json.dumps(old)
    holding = {t: [r[0] for r in db.execute(f"SELECT id FROM [{t}] WHERE area_id IN (SELECT value FROM json_each(?))",
                                             [ids_json])] for t in RECORD_TABLES}
    total = sum(len(v) for v in holding.values())
    if total and not move_to:
        raise GridkeeperError(f"这个区域还有 {total} 条记录，请先选择要把它们移到哪个网格",
                              f"this area still holds {total} records: choose the grid to move them to",
                              code="needs_target")
    if move_to:
        target = get_record(db, "areas", move_to)
        if move_to in old or target.get("retired"):
            raise GridkeeperError("目标网格无效（不能是被撤销的区域或其下级）", "the target must be a live area outside "
                                  "the one being retired", code="bad_target")
    with writing(db) as w:
        for t, ids in holding.items():
            for rid in ids:
                w.update(t, rid, {"area_id": move_to})
        for aid in old:
            w.update("areas", aid, {"retired": 1})
    return {t: len(v) for t, v in holding.items() if v}


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
    from .care import due_list  # noqa: WPS433 - the care module owns the due rule

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


def device_rows(db: sqlite_utils.Database) -> list[dict]:
    """Enrolled and revoked devices with their areas' names, last bundle and clock offset."""
    out = []
    for d in db.query("SELECT * FROM devices WHERE status IN ('enrolled', 'revoked', 'township') ORDER BY name"):
        areas = json.loads(d["areas"] or "[]")
        names = [r[0] for r in db.execute("SELECT name FROM areas WHERE id IN (SELECT value FROM json_each(?))",
                                          [json.dumps(areas)])]
        d["areas"] = areas
        d["area_names"] = names
        out.append(d)
    return out


def labels():
    """Chinese/English labels the overview uses for its category keys."""
    return {"care": {t.code: t.label for t in CARE_CATEGORIES}, "disputes": {t.code: t.label for t in DISPUTE_STATUSES}}
