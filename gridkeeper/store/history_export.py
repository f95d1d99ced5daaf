"""The audit trail as a spreadsheet (one record's, or everything's)."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from ..domain.records import TABLES
from ..sheets import write_sheet
from .records import record_history

COLUMNS = [("when", "时间"), ("device_name", "设备"), ("user", "操作人"), ("table", "记录类型"), ("rid", "记录编号"),
           ("action", "操作"), ("changes", "改动")]
ACTIONS = {"create": "新建", "update": "修改", "delete": "删除", "restore": "恢复"}


def _rows(db, table, rid):
    if table and rid:
        items = record_history(db, table, rid)
    else:
        import json

        from ..domain.hlc import to_datetime

        items = []
        for h in db.query("SELECT h.*, d.name AS device_name FROM history h LEFT JOIN devices d "
                          "ON d.device_id = h.device ORDER BY h.stamp"):
            h["fields"] = json.loads(h["fields"])
            h["when"] = to_datetime(h["stamp"]).astimezone().isoformat(timespec="seconds")
            items.append(h)
    for h in items:
        t = TABLES.get(h["tbl"])
        changes = []
        for f, pair in h["fields"].items():
            if f == "deleted":
                continue
            label = t.field(f).zh if t and f in t.field_names else f
            changes.append(f"{label}: {pair[0] if pair[0] is not None else ''} → {pair[1] if pair[1] is not None else ''}")
        yield {"when": h["when"].replace("T", " ")[:19], "device_name": h.get("device_name") or h["device"],
               "user": h.get("user") or "", "table": t.zh if t else h["tbl"], "rid": h["rid"],
               "action": ACTIONS.get(h["action"], h["action"]), "changes": "；".join(changes)}


def export_history(db: sqlite_utils.Database, out: str | Path, *, table: str | None = None,
                   rid: str | None = None) -> int:
    """Write the history of one record (or of everything) to ``out`` (.xlsx or .csv)."""
    return write_sheet(out, COLUMNS, _rows(db, table, rid), sheet_title="修改记录",
                       kinds={"when": "text", "rid": "text"})
