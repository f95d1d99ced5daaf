"""The audit trail as a spreadsheet (one record's, or everything's)."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from ..domain.records import TABLES
from ..sheets import write_sheet
from ..store.history import describe_changes, history_entries, record_history

COLUMNS = [("when", "时间"), ("device_name", "设备"), ("user", "操作人"), ("table", "记录类型"), ("rid", "记录编号"),
           ("action", "操作"), ("changes", "改动")]
ACTIONS = {"create": "新建", "update": "修改", "delete": "删除", "restore": "恢复"}


def _rows(db, table, rid):
    items = record_history(db, table, rid) if table and rid else history_entries(db)
    for h in items:
        t = TABLES.get(h["tbl"])
        yield {"when": h["when"].replace("T", " ")[:19], "device_name": h.get("device_name") or h["device"],
               "user": h.get("user") or "", "table": t.zh if t else h["tbl"], "rid": h["rid"],
               "action": ACTIONS.get(h["action"], h["action"]),
               "changes": describe_changes(h["tbl"], h["fields"], chinese=True, db=db)}


def export_history(db: sqlite_utils.Database, out: str | Path, *, table: str | None = None,
                   rid: str | None = None) -> int:
    """Write the history of one record (or of everything) to ``out`` (.xlsx or .csv)."""
    return write_sheet(out, COLUMNS, _rows(db, table, rid), sheet_title="修改记录",
                       kinds={"when": "text", "rid": "text"})
