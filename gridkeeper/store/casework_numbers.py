"""Numbers of resident requests and hazards: ``SQ-0103-2026-7F3A-004``, ``YH-…`` (as disputes are numbered).

Kept apart from :mod:`store.casework` so that :func:`store.records.create_record` can number a new
request or hazard without importing the services built on top of it.
"""

from __future__ import annotations

from datetime import date

import sqlite_utils

from ..domain.validate import ValueProblem, check_date
from .dispute_numbers import device_short_code

# Number prefixes: 诉求 SQ, 隐患 YH (pinyin initials, as paper ledgers write them).
NUMBER_TAG = {"requests": "SQ", "hazards": "YH"}
DATE_FIELD = {"requests": "received", "hazards": "found"}


def next_number(db: sqlite_utils.Database, table: str, area_id: str | None, when: str | date | None = None) -> str:
    """``SQ-0103-2026-7F3A-004``: tag, area code tail, year, device, sequence (as disputes are numbered).

    Unique across laptops without coordination: each counts its own sequence under its own device part.
    """
    year = (when if isinstance(when, date) else (check_date(when) if when else date.today())).year
    code = None
    if area_id:
        row = db.execute("SELECT code FROM areas WHERE id = ?", [area_id]).fetchone()
        code = (row[0] or "").strip()[-4:] if row else None
    prefix = "-".join(p for p in (NUMBER_TAG[table], code, str(year), device_short_code(db)) if p) + "-"
    like = prefix.replace("_", "\\_").replace("%", "\\%") + "%"
    seq = 0
    for (num,) in db.execute(f"SELECT number FROM [{table}] WHERE number LIKE ? ESCAPE '\\'", [like]):
        tail = num[len(prefix):]
        if tail.isdigit():
            seq = max(seq, int(tail))
    return f"{prefix}{seq + 1:03d}"


def fill_number(db: sqlite_utils.Database, table: str, values: dict) -> dict:
    """``values`` with a number when none is given (a bad date is left for the validator to report)."""
    if str(values.get("number") or "").strip():
        return values
    try:
        return dict(values, number=next_number(db, table, values.get("area_id"), values.get(DATE_FIELD[table])))
    except ValueProblem:
        return values
