"""Importing a township's area tree (villages, grids and their workers) from a spreadsheet."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from ..domain.errors import GridkeeperError
from ..domain.validate import ValueProblem, check_phone
from ..domain.vocab import WORKER_KINDS
from ..sheets import read_sheet
from ..sheets.cells import clean_text
from ..store.db import transaction
from ..store.records import update_record
from ..store.township import add_area


@dataclass
class AreaImportResult:
    villages_created: int = 0
    grids_created: int = 0
    grids_updated: int = 0
    problems: list = field(default_factory=list)   # [(row, message)]

    def as_dict(self):
        return dict(self.__dict__)


def import_area_tree(db: sqlite_utils.Database, path, *, township_name: str | None = None) -> AreaImportResult:
    """Villages, grids and their workers from a sheet (村/社区, 网格, 网格员, 电话 columns).

    All rows are checked first; nothing is written if any row is bad.
    """
    sheet = read_sheet(path)
    if "village" not in sheet.fields or "area" not in sheet.fields:
        raise GridkeeperError("表格需要“村/社区”和“网格”两列", "the sheet needs 村/社区 (village) and 网格 (grid) columns",
                              code="bad_sheet")
    res = AreaImportResult()
    rows = []
    seen = set()
    for r in sheet.rows:
        v = clean_text(r.values.get("village"))
        g = clean_text(r.values.get("area"))
        worker = clean_text(r.values.get("worker_name")) or None
        phone = clean_text(r.values.get("phone")) or None
        kind = WORKER_KINDS.lookup(clean_text(r.values.get("worker_kind"))) if r.values.get("worker_kind") else None
        if not v or not g:
            res.problems.append((r.row_number, "村/社区和网格都不能为空"))
            continue
        if (v, g) in seen:
            res.problems.append((r.row_number, f"重复的网格：{v} {g}"))
            continue
        seen.add((v, g))
        if phone:
            try:
                phone = check_phone(phone)
            except ValueProblem as e:
                res.problems.append((r.row_number, f"电话：{e.zh}"))
                continue
        rows.append((v, g, worker, phone, kind, clean_text(r.values.get("code")) or None))
    if res.problems:
        return res
    with transaction(db):
        root = db.execute("SELECT id FROM areas WHERE level = 'township' AND deleted = 0 ORDER BY id LIMIT 1").fetchone()
        root_id = root[0] if root else add_area(db, parent_id=None, level="township",
                                                 name=township_name or "本乡镇")
        for v, g, worker, phone, kind, code in rows:
            vrow = db.execute("SELECT id FROM areas WHERE parent_id = ? AND name = ? AND deleted = 0", [root_id, v]).fetchone()
            if vrow:
                vid = vrow[0]
            else:
                vid = add_area(db, parent_id=root_id, level="community" if v.endswith("社区") else "village", name=v)
                res.villages_created += 1
            grow = db.execute("SELECT id FROM areas WHERE parent_id = ? AND name = ? AND deleted = 0", [vid, g]).fetchone()
            values = {k: val for k, val in (("worker_name", worker), ("worker_phone", phone), ("worker_kind", kind),
                                            ("code", code)) if val}
            if grow:
                if update_record(db, "areas", grow[0], values).changed:
                    res.grids_updated += 1
            else:
                add_area(db, parent_id=vid, level="grid", name=g, **values)
                res.grids_created += 1
    return res
