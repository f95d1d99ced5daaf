"""Numbering disputes (编号) without coordination between laptops."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from ..domain.validate import check_date
from .meta import self_device


# -- numbering ---------------------------------------------------------------------------------------
#
# 编号 of a dispute: ``<area>-<year>-<device>-<seq>``, e.g. ``0103-2026-7F3A-004`` — the 4th dispute
# this laptop registered in 2026 in the area whose code ends in 0103 (the last 4 characters of the
# area code keep the number short enough for the ledger's column: national division codes have 12-14
# digits; the part is left out when the area has no code: ``2026-7F3A-004``). The sequence counts the
# numbers that share the whole prefix, so it stays unique even where two areas' codes end alike.
# Unique across devices without any coordination: each laptop counts its own sequence under its own
# device part (the last 4 hex digits of the device id, a random UUIDv7 tail: two laptops of one area
# share it with odds 1 in 65,536). The year is that of the received date. The GUI suggests the
# number in the form; ``create_record`` fills it in when a dispute is saved without one.

def device_short_code(db: sqlite_utils.Database) -> str:
    return self_device(db).device_id.replace("-", "")[-4:].upper()


def next_dispute_number(db: sqlite_utils.Database, area_id: str | None, received: str | date | None = None) -> str:
    year = (received if isinstance(received, date) else
            (check_date(received) if received else date.today())).year
    code = None
    if area_id:
        row = db.execute("SELECT code FROM areas WHERE id = ?", [area_id]).fetchone()
        code = (row[0] or "").strip()[-4:] if row else None
    prefix = "-".join(p for p in (code, str(year), device_short_code(db)) if p) + "-"
    seq = 0
    for (num,) in db.execute("SELECT number FROM disputes WHERE number LIKE ? ESCAPE '\\'",
                             [prefix.replace("_", "\\_").replace("%", "\\%") + "%"]):
        tail = num[len(prefix):]
        if tail.isdigit():
            seq = max(seq, int(tail))
    return f"{prefix}{seq + 1:03d}"
