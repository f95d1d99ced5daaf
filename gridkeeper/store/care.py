"""Special-care residents: who is due or overdue for a visit, and recording a visit.

A care subject's *interval* is its own ``visit_interval`` or, when it has none, the default for
its care level: :func:`care_intervals` — the table :data:`vocab.DEFAULT_VISIT_INTERVAL` (重点 30, 一般 60,
关注 90 days) with the values this database was given by :func:`set_care_intervals` (the township's
settings dialog) on top; 30 days when the level is unknown too. The setting is local to the
database: it does not travel in bundles yet, so a worker laptop keeps the built-in table unless set
there too (a synced settings record is left for later).
Its *next due* date is the last visit + interval; a subject never visited is due from the day it
was taken in (``since``), or today when that is unknown — a new subject should be visited first.
A subject whose ``until`` lies in the past, or whose person is deceased or moved out, is no longer
on the due list.

The due list is one SQL query (the last visit per subject is an aggregate over the
``visits(care_subject_id, date)`` index), so a township with thousands of subjects answers at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from ..domain.errors import GridkeeperError
from ..domain.messages import M
from ..domain.sortkey import sort_key
from ..domain.vocab import CARE_CATEGORIES, CARE_LEVELS, DEFAULT_VISIT_INTERVAL
from ..domain.validate import ValueProblem, check_date
from .areas import subtree_ids
from .meta import get_setting, set_setting
from .records import create_record, get_record

FALLBACK_INTERVAL = 30
DUE_SOON_DAYS = 7


def next_due_date(last_visit: str | None, since: str | None, interval: int, as_of: date) -> date:
    """When a care subject is next due: the last visit + the interval; a subject never visited is
    due at once (on ``since``, or ``as_of`` when that is unknown or later) — the first visit of a
    newly marked resident should not wait a whole interval. The due list and the ledger share it."""
    if last_visit:
        return date.fromisoformat(last_visit) + timedelta(days=interval)
    return min(date.fromisoformat(since), as_of) if since else as_of


CARE_INTERVALS_SETTING = "care_intervals"
MAX_INTERVAL = 366


def care_intervals(db: sqlite_utils.Database | None = None) -> dict[str, int]:
    """Default visit interval (days) per care level: the built-in table, overridden by this database's
    setting. The due list, the editor and the care roster all read this."""
    out = dict(DEFAULT_VISIT_INTERVAL)
    if db is not None:

        saved = get_setting(db, CARE_INTERVALS_SETTING) or {}
        out.update({k: int(v) for k, v in saved.items() if k in out and str(v).isdigit() and int(v) > 0})
    return out


def set_care_intervals(db: sqlite_utils.Database, intervals: dict) -> dict[str, int]:
    """Save new defaults (``{"high": 30, ...}``, whole days 1–366). Bad input changes nothing."""
    clean = {}
    for level, days in intervals.items():
        if level not in DEFAULT_VISIT_INTERVAL:
            raise GridkeeperError(M("bad_interval", level=level), code="bad_interval")
        try:
            n = int(days)
        except (TypeError, ValueError):
            n = 0
        if not 1 <= n <= MAX_INTERVAL or str(days).strip() != str(n):
            raise GridkeeperError(M("bad_interval:the_visit_interval_for_must", level_zh=CARE_LEVELS.zh(level),
                                    most=MAX_INTERVAL, days=days, level=level),
                                  code="bad_interval")
        clean[level] = n
    merged = dict(care_intervals(db), **clean)
    set_setting(db, CARE_INTERVALS_SETTING, merged)
    return merged


def interval_of(subject: dict, intervals: dict | None = None) -> int:
    """The visit interval in days of a care subject record (``intervals``: :func:`care_intervals`)."""
    own = subject.get("visit_interval")
    if own:
        return int(own)
    return (intervals or DEFAULT_VISIT_INTERVAL).get(subject.get("level") or "", FALLBACK_INTERVAL)


def next_due_after(subject: dict, visit_date: str | date, intervals: dict | None = None) -> str:
    d = visit_date if isinstance(visit_date, date) else check_date(visit_date)
    return (d + timedelta(days=interval_of(subject, intervals))).isoformat()


@dataclass
class DueRow:
    care_subject_id: str
    person_id: str
    name: str
    area_id: str
    categories: list[str]
    level: str | None
    interval: int
    last_visit: str | None
    next_due: str
    days_left: int            # negative when overdue
    overdue: bool
    guardian_phone: str | None = None

    @property
    def category_labels(self) -> str:
        return "、".join(CARE_CATEGORIES.label(c) for c in self.categories)

    @property
    def level_label(self) -> str:
        return CARE_LEVELS.label(self.level)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def due_list(db: sqlite_utils.Database, *, area_id: str | None = None, category: str | None = None,
             today: date | None = None, only_due: bool = False, within_days: int = DUE_SOON_DAYS) -> list[DueRow]:
    """Every active care subject with last visit and next due date, the most urgent first.

    ``only_due`` keeps only those overdue or due within ``within_days`` days.
    """
    today = today or date.today()
    clauses = ["c.deleted = 0", "(c.until IS NULL OR c.until >= ?)",
               "coalesce(p.status, '') NOT IN ('deceased', 'moved_out')", "coalesce(p.deleted, 0) = 0"]
    args: list = [today.isoformat()]
    if area_id:
        clauses.append("c.area_id IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(subtree_ids(db, area_id)))
    if category:
        clauses.append("EXISTS (SELECT 1 FROM json_each(c.categories) j WHERE j.value = ?)")
        args.append(category)
    sql = f"""
        SELECT c.id, c.person_id, p.name, c.area_id, c.categories, c.level, c.visit_interval, c.since,
               c.guardian_phone,
               (SELECT max(v.date) FROM visits v WHERE v.care_subject_id = c.id AND v.deleted = 0) AS last
        FROM care_subjects c LEFT JOIN persons p ON p.id = c.person_id
        WHERE {' AND '.join(clauses)}"""
    out = []
    intervals = care_intervals(db)
    for r in db.execute(sql, args):
        cid, pid, name, area, cats, level, interval, since, gphone, last = r
        subject = {"visit_interval": interval, "level": level}
        n = interval_of(subject, intervals)
        due = next_due_date(last, since, n, today)
        days_left = (due - today).days
        if only_due and days_left > within_days:
            continue
        out.append(DueRow(cid, pid, name or "", area, json.loads(cats or "[]"), level, n, last,
                          due.isoformat(), days_left, days_left < 0, gphone))
    out.sort(key=lambda d: (d.next_due, sort_key(d.name), d.care_subject_id))
    return out


def due_counts(db: sqlite_utils.Database, *, area_id: str | None = None, today: date | None = None) -> dict:
    """``{"overdue": n, "due_soon": n, "total": n}`` for a status line."""
    rows = due_list(db, area_id=area_id, today=today)
    return {"overdue": sum(r.overdue for r in rows),
            "due_soon": sum(0 <= r.days_left <= DUE_SOON_DAYS for r in rows),
            "total": len(rows)}


def care_subject_of_person(db: sqlite_utils.Database, person_id: str) -> dict | None:
    rows = list(db.query("SELECT * FROM care_subjects WHERE person_id = ? AND deleted = 0 ORDER BY id", [person_id]))
    return rows[0] if rows else None


def mark_care_subject(db: sqlite_utils.Database, person_id: str, categories: list[str], *, level: str | None = None,
                      visit_interval: int | None = None, since: str | None = None, user: str | None = None,
                      today: date | None = None, **extra) -> str:
    """Mark a person as a care subject (one record per person; a second mark is refused)."""
    if care_subject_of_person(db, person_id):
        raise GridkeeperError(M("exists"), code="exists")
    values = dict(person_id=person_id, categories=list(categories), level=level, visit_interval=visit_interval,
                  since=since or (today or date.today()).isoformat(), **extra)
    return create_record(db, "care_subjects", values, user=user, today=today)


def visit_defaults(db: sqlite_utils.Database, care_subject_id: str, *, visitor: str | None = None,
                   today: date | None = None) -> dict:
    """Pre-filled values for a new visit to a care subject (the GUI's "记录走访" form)."""
    today = today or date.today()
    subject = get_record(db, "care_subjects", care_subject_id)
    person = db.execute("SELECT household_id FROM persons WHERE id = ?", [subject["person_id"]]).fetchone()
    if visitor is None:
        row = db.execute("""WITH RECURSIVE up(id, parent_id, worker, depth) AS (
                              SELECT id, parent_id, worker_name, 0 FROM areas WHERE id = ?
                              UNION ALL SELECT a.id, a.parent_id, a.worker_name, up.depth + 1
                              FROM areas a JOIN up ON a.id = up.parent_id WHERE up.depth < 10)
                            SELECT worker FROM up WHERE worker IS NOT NULL AND worker != '' ORDER BY depth LIMIT 1""",
                         [subject["area_id"]]).fetchone()
        visitor = row[0] if row else ""
    return dict(care_subject_id=care_subject_id, person_id=subject["person_id"],
                household_id=person[0] if person else None, area_id=subject["area_id"],
                date=today.isoformat(), method="home", visitor=visitor,
                next_due=next_due_after(subject, today, care_intervals(db)))


def record_visit(db: sqlite_utils.Database, care_subject_id: str, *, date: str | None = None,
                 method: str = "home", visitor: str | None = None, findings: str | None = None,
                 needs: str | None = None, followup: str | None = None, next_due: str | None = None,
                 user: str | None = None, today=None) -> str:
    """Record a visit to a care subject; ``next_due`` defaults to the visit date + the interval."""
    import datetime as _dt

    today = today or _dt.date.today()
    values = visit_defaults(db, care_subject_id, visitor=visitor, today=today)
    if date:
        values["date"] = str(date)
    values.update(method=method, findings=findings, needs=needs, followup=followup)
    if visitor is not None:
        values["visitor"] = visitor
    if next_due:
        values["next_due"] = next_due
    else:
        subject = get_record(db, "care_subjects", care_subject_id)
        try:
            values["next_due"] = next_due_after(subject, values["date"], care_intervals(db))
        except ValueProblem:
            values["next_due"] = None   # a malformed date: the validator explains it
    return create_record(db, "visits", values, user=user, today=today)
