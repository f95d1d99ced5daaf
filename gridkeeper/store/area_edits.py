"""Changing the area tree (the township): add, rename, move and retire areas.

Every change is a versioned write (through ``store.records``), so the tree travels to the workers
in return bundles. A retired grid's records are moved to another grid first: nothing is orphaned.
Reading the tree (paths, placement rules, resolving typed names) is ``store.areas``, which sits
below ``store.records`` (records check their area through it), so the writes cannot live there.
"""

from __future__ import annotations

import json

import sqlite_utils

from ..domain.errors import GridkeeperError
from ..domain.messages import M
from ..domain.records import TABLE_ORDER, table as get_table
from ..domain.vocab import AREA_LEVELS
from .areas import check_area_placement, subtree_ids
from .changes import writing
from .records import create_record, get_record, update_record

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
        raise GridkeeperError(M("duplicate_area", name=name),
                              code="duplicate_area")


def rename_area(db: sqlite_utils.Database, area_id: str, name: str, **worker) -> None:
    area = get_record(db, "areas", area_id)
    _check_unique_name(db, area["parent_id"], name, exclude=area_id)
    update_record(db, "areas", area_id, {"name": name, **worker})


def move_area(db: sqlite_utils.Database, area_id: str, new_parent_id: str) -> None:
    area = get_record(db, "areas", area_id)
    if new_parent_id in subtree_ids(db, area_id):
        raise GridkeeperError(M("bad_parent"), code="bad_parent")
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
        raise GridkeeperError(M("needs_target", total=total),
                              code="needs_target")
    if move_to:
        target = get_record(db, "areas", move_to)
        if move_to in old or target.get("retired"):
            raise GridkeeperError(M("bad_target"), code="bad_target")
    with writing(db) as w:
        for t, ids in holding.items():
            for rid in ids:
                w.update(t, rid, {"area_id": move_to})
        for aid in old:
            w.update("areas", aid, {"retired": 1})
    return {t: len(v) for t, v in holding.items() if v}
