"""The grid tree: township → village/community → grid → micro-grid (and unit grids)."""

from __future__ import annotations

import sqlite_utils

from ..domain.errors import GridkeeperError
from ..domain.sortkey import sort_key
from ..domain.vocab import AREA_CHILD_LEVELS, AREA_LEVELS


def subtree_ids(db: sqlite_utils.Database, root_id: str) -> list[str]:
    """The area and every area below it (including retired/deleted ones, so nothing is orphaned)."""
    rows = db.execute("""
        WITH RECURSIVE sub(id) AS (
            SELECT id FROM areas WHERE id = ?
            UNION SELECT a.id FROM areas a JOIN sub ON a.parent_id = sub.id
        ) SELECT id FROM sub""", [root_id]).fetchall()
    return [r[0] for r in rows]


def ancestor_ids(db: sqlite_utils.Database, area_id: str) -> list[str]:
    """The area's ancestors, nearest first (not including itself)."""
    rows = db.execute("""
        WITH RECURSIVE up(id, parent_id, depth) AS (
            SELECT id, parent_id, 0 FROM areas WHERE id = ?
            UNION ALL SELECT a.id, a.parent_id, up.depth + 1 FROM areas a JOIN up ON a.id = up.parent_id
            WHERE up.depth < 10
        ) SELECT id FROM up WHERE depth > 0 ORDER BY depth""", [area_id]).fetchall()
    return [r[0] for r in rows]


def area_path(db: sqlite_utils.Database, area_id: str | None) -> dict:
    """``{"township": name, "village": name, "grid": name, ...}`` for an area and its ancestors."""
    out = {}
    if not area_id:
        return out
    for aid in [area_id] + ancestor_ids(db, area_id):
        row = db.execute("SELECT level, name FROM areas WHERE id = ?", [aid]).fetchone()
        if row:
            level = "village" if row[0] == "community" else row[0]
            out.setdefault(level, row[1])
    return out


def area_tree(db: sqlite_utils.Database, include_retired: bool = False) -> list[dict]:
    """All live areas as a flat list ordered for display (parents before children)."""
    sql = "SELECT id, parent_id, level, code, name, worker_name, worker_phone, retired FROM areas WHERE deleted = 0"
    if not include_retired:
        sql += " AND coalesce(retired, 0) = 0"
    rows = list(db.query(sql))
    # depth first; siblings by name as people read them (第二网格 before 第十网格, 安平村 before 东山村)
    rows.sort(key=lambda r: (sort_key(r["name"]), r["code"] or "", r["id"]))
    ids = {r["id"] for r in rows}
    children: dict = {}
    for r in rows:
        children.setdefault(r["parent_id"] if r["parent_id"] in ids else None, []).append(r)
    out: list[dict] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        r = stack.pop()
        out.append(r)
        stack += reversed(children.get(r["id"], []))
    if len(out) < len(rows):         # a parent loop (never written by the app): keep those rows too
        seen = {r["id"] for r in out}
        out += [r for r in rows if r["id"] not in seen]
    return out


def check_area_placement(db: sqlite_utils.Database, level: str, parent_id: str | None) -> None:
    parent_level = None
    if parent_id:
        row = db.execute("SELECT level FROM areas WHERE id = ? AND deleted = 0", [parent_id]).fetchone()
        if not row:
            raise GridkeeperError("上级区域不存在", "the parent area does not exist", code="bad_parent")
        parent_level = row[0]
    if level not in AREA_CHILD_LEVELS.get(parent_level, set()):
        raise GridkeeperError(
            f"{AREA_LEVELS.zh(level)}不能放在{AREA_LEVELS.zh(parent_level) if parent_level else '最上层'}之下",
            f"a {level} cannot be placed under {parent_level or 'the top level'}", code="bad_parent")
