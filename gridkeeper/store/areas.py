"""The grid tree: township → village/community → grid → micro-grid (and unit grids)."""

from __future__ import annotations

import sqlite_utils

from ..domain.errors import GridkeeperError
from ..domain.messages import M
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
            raise GridkeeperError(M("bad_parent:the_parent_area_does_not"), code="bad_parent")
        parent_level = row[0]
    if level not in AREA_CHILD_LEVELS.get(parent_level, set()):
        raise GridkeeperError(
            M("bad_parent:a_cannot_be_placed_under", level_zh=AREA_LEVELS.zh(level),
              parent_zh=AREA_LEVELS.zh(parent_level) if parent_level else '最上层', level=level,
              parent=parent_level or 'the top level'), code="bad_parent")


def area_paths(db: sqlite_utils.Database, include_retired: bool = True) -> dict[str, str]:
    """``{area_id: "下花园镇/东山村/第三网格"}`` for every live area (the names people read)."""
    rows = area_tree(db, include_retired=include_retired)
    by_id = {r["id"]: r for r in rows}
    out = {}
    for r in rows:
        names, seen, cur = [], set(), r
        while cur and cur["id"] not in seen:
            seen.add(cur["id"])
            names.append(cur["name"])
            cur = by_id.get(cur["parent_id"])
        out[r["id"]] = "/".join(reversed(names))
    return out


def area_label(db: sqlite_utils.Database, area_id: str | None) -> str:
    """The path of names of one area (``东山村/第三网格``, without the township), or the id if unknown."""
    if not area_id:
        return ""
    names = []
    for aid in [area_id] + ancestor_ids(db, area_id):
        row = db.execute("SELECT level, name FROM areas WHERE id = ?", [aid]).fetchone()
        if row and (row[0] != "township" or aid == area_id):
            names.append(row[1])
    return "/".join(reversed(names)) if names else str(area_id)


def resolve_area(db: sqlite_utils.Database, text: str | None) -> str | None:
    """The id of the area a person named: its id, its code, or a path of names.

    A path may be full (``下花园镇/东山村/第三网格``) or any unique tail of it (``东山村/第三网格``, or
    just ``第三网格`` when only one area has that name); ``/``, ``／``, ``\\`` and ``>`` separate names.
    ``None`` or blank → ``None``. Unknown → ``GridkeeperError`` code ``no_area``; more than one match →
    code ``ambiguous_area`` listing the candidates by their full path. Deleted areas never match.
    Used by every ``--area``/``--parent`` on the command line.
    """
    if text is None or not str(text).strip():
        return None
    text = str(text).strip()
    paths = area_paths(db)
    if text in paths:
        return text
    codes = dict(db.execute("SELECT id, code FROM areas WHERE deleted = 0").fetchall())
    by_code = [aid for aid in paths if codes.get(aid) == text]
    if len(by_code) == 1:
        return by_code[0]
    wanted = [p.strip() for p in text.replace("／", "/").replace("\\", "/").replace(">", "/").split("/") if p.strip()]
    found = [aid for aid, p in paths.items() if p.split("/")[-len(wanted):] == wanted] if wanted else []
    found = found or by_code
    if len(found) == 1:
        return found[0]
    if not found:
        raise GridkeeperError(M("no_area", text=text), code="no_area")
    listed = "；".join(sorted((paths[a] for a in found), key=sort_key))
    raise GridkeeperError(M("ambiguous_area", text=text, listed=listed, listed_replace=listed.replace('；', '; ')),
                          code="ambiguous_area")
