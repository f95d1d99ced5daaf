"""Floating population (流动人口): arrivals, departures, residence permits (居住证).

The person carries what holds now (户籍地 ``origin``, ``arrival_date``, ``arrival_reason``, the permit's
number, issue and expiry dates, the expected departure); every arrival and departure is also its
own replicated ``residence_events`` record, so two laptops recording a person's comings and goings
offline both keep theirs and the history merges without conflicts. Recording an arrival marks the
person 流动人口 and 在住 with the arrival's date, origin and reason; a departure marks them 迁出.

Rules between records (each a clear message, nothing written): a departure is not dated before the
person's latest arrival, an arrival not before their latest departure, and neither before their
birth. Permit date rules (expiry after issue and after arrival) are the person's own
(:mod:`domain.people_rules`).
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import sqlite_utils

from ..domain.errors import FieldProblem, ValidationError
from ..domain.validate import validate_record
from .areas import subtree_ids
from .changes import writing
from .records import get_record

EXPIRY_WARNING_DAYS = 30


def _latest(db, person_id: str, kind: str) -> str | None:
    row = db.execute("SELECT max(date) FROM residence_events WHERE person_id = ? AND kind = ? AND deleted = 0",
                     [person_id, kind]).fetchone()
    return row[0] if row else None


def _refuse(field: str, zh: str, en: str):
    raise ValidationError([FieldProblem(field, zh, en)])


def record_arrival(db: sqlite_utils.Database, person_id: str, day, *, origin: str | None = None,
                   reason: str | None = None, permit: dict | None = None, notes: str | None = None,
                   user: str | None = None) -> str:
    """Record that a person came to live here. ``permit``: optional ``number``/``issued``/``expiry``."""
    person = get_record(db, "persons", person_id)
    event = validate_record("residence_events", {"area_id": person["area_id"], "person_id": person_id,
                                                 "date": day, "kind": "arrival", "place": origin,
                                                 "reason": reason, "notes": notes})
    left = _latest(db, person_id, "departure")
    if left and event["date"] < left:
        _refuse("date", f"来本地日期早于此人上次离开的日期（{left}）",
                f"the arrival is before this person's last departure ({left})")
    if person.get("birth_date") and event["date"] < person["birth_date"]:
        _refuse("date", "来本地日期早于出生日期", "the arrival is before the birth date")
    changes = {"residence_kind": "floating", "status": "present", "arrival_date": event["date"],
               "origin": event.get("place") or person.get("origin"),
               "arrival_reason": event.get("reason") or person.get("arrival_reason")}
    for key, field in (("number", "permit_number"), ("issued", "permit_issued"), ("expiry", "permit_expiry")):
        if permit and permit.get(key) not in (None, ""):
            changes[field] = permit[key]
    clean = validate_record("persons", changes, existing=person)
    with writing(db, user) as w:
        rid = w.create("residence_events", event)
        w.update("persons", person_id, clean)
    return rid


def record_departure(db: sqlite_utils.Database, person_id: str, day, *, destination: str | None = None,
                     reason: str | None = None, notes: str | None = None, user: str | None = None) -> str:
    """Record that a person left (迁出): the event, and the person's status."""
    person = get_record(db, "persons", person_id)
    event = validate_record("residence_events", {"area_id": person["area_id"], "person_id": person_id,
                                                 "date": day, "kind": "departure", "place": destination,
                                                 "reason": reason, "notes": notes})
    arrived = max(filter(None, [_latest(db, person_id, "arrival"), person.get("arrival_date")]), default=None)
    if arrived and event["date"] < arrived:
        _refuse("date", f"离开日期早于来本地日期（{arrived}）", f"the departure is before the arrival ({arrived})")
    with writing(db, user) as w:
        rid = w.create("residence_events", event)
        w.update("persons", person_id, {"status": "moved_out"})
    return rid


def update_permit(db: sqlite_utils.Database, person_id: str, *, number: str | None, issued=None, expiry=None,
                  user: str | None = None) -> None:
    """Record a new or renewed residence permit (the person's rules check the dates)."""
    from .records import update_record

    update_record(db, "persons", person_id, {"permit_number": number, "permit_issued": issued,
                                             "permit_expiry": expiry}, user=user)


def _area_clause(db, area_id: str | None, col: str) -> tuple[str, list]:
    if not area_id:
        return "", []
    return f" AND {col} IN (SELECT value FROM json_each(?))", [json.dumps(subtree_ids(db, area_id))]


def events_in_month(db: sqlite_utils.Database, month: str, *, kind: str | None = None,
                    area_id: str | None = None) -> list[dict]:
    """Arrivals and/or departures dated in ``month`` (YYYY-MM), oldest first, with the person."""
    where, params = _area_clause(db, area_id, "e.area_id")
    if kind:
        where += " AND e.kind = ?"
        params.append(kind)
    sql = ("SELECT e.id, e.date, e.kind, e.place, e.reason, e.notes, e.area_id, p.id AS person_id, p.name, "
           "p.id_number, p.gender, p.phone, p.origin, p.work, p.permit_number, p.permit_expiry, h.address "
           "FROM residence_events e JOIN persons p ON p.id = e.person_id "
           "LEFT JOIN households h ON h.id = p.household_id "
           f"WHERE e.deleted = 0 AND p.deleted = 0 AND substr(e.date, 1, 7) = ?{where} ORDER BY e.date, p.name")
    return list(db.query(sql, [month, *params]))


def expiring_permits(db: sqlite_utils.Database, *, within_days: int = EXPIRY_WARNING_DAYS,
                     as_of: date | None = None, area_id: str | None = None) -> list[dict]:
    """Floating residents living here whose 居住证 expires within ``within_days`` (or has expired).

    Each row has ``days_left`` (negative: expired that many days ago), soonest first.
    """
    as_of = as_of or date.today()
    where, params = _area_clause(db, area_id, "p.area_id")
    rows = list(db.query(
        "SELECT p.id, p.name, p.id_number, p.phone, p.area_id, p.permit_number, p.permit_expiry, h.address "
        "FROM persons p LEFT JOIN households h ON h.id = p.household_id WHERE p.deleted = 0 "
        "AND p.residence_kind = 'floating' AND coalesce(p.status, 'present') IN ('present', 'away') "
        f"AND p.permit_expiry IS NOT NULL AND p.permit_expiry <= ?{where} ORDER BY p.permit_expiry, p.name",
        [(as_of + timedelta(days=within_days)).isoformat(), *params]))
    for r in rows:
        r["days_left"] = (date.fromisoformat(r["permit_expiry"]) - as_of).days
    return rows


def floating_roster(db: sqlite_utils.Database, *, area_id: str | None = None, present_only: bool = True) -> list[dict]:
    """The floating population (流动人口) held here, by arrival date (newest first)."""
    where, params = _area_clause(db, area_id, "p.area_id")
    if present_only:
        where += " AND coalesce(p.status, 'present') IN ('present', 'away')"
    return list(db.query(
        "SELECT p.id, p.name, p.id_number, p.gender, p.phone, p.area_id, p.origin, p.arrival_date, p.arrival_reason, "
        "p.work, p.permit_number, p.permit_expiry, p.expected_departure, p.status, h.address "
        "FROM persons p LEFT JOIN households h ON h.id = p.household_id "
        f"WHERE p.deleted = 0 AND p.residence_kind = 'floating'{where} "
        "ORDER BY p.arrival_date IS NULL, p.arrival_date DESC, p.name", params))


def departed(db: sqlite_utils.Database, *, since: str | None = None, area_id: str | None = None) -> list[dict]:
    """Who has left: persons whose latest residence event is a departure (on or after ``since``)."""
    where, params = _area_clause(db, area_id, "p.area_id")
    sql = ("SELECT p.id, p.name, p.id_number, p.area_id, e.date, e.place, e.reason FROM residence_events e "
           "JOIN persons p ON p.id = e.person_id WHERE e.deleted = 0 AND p.deleted = 0 AND e.kind = 'departure' "
           "AND e.date = (SELECT max(date) FROM residence_events x WHERE x.person_id = e.person_id AND x.deleted = 0) "
           "AND NOT EXISTS (SELECT 1 FROM residence_events y WHERE y.person_id = e.person_id AND y.deleted = 0 "
           "AND y.date = e.date AND y.kind = 'arrival')")
    if since:
        sql += " AND e.date >= ?"
        params = [since, *params]
    return list(db.query(sql + where + " ORDER BY e.date DESC, p.name", params))


def person_events(db: sqlite_utils.Database, person_id: str) -> list[dict]:
    """A person's arrivals and departures, oldest first."""
    return list(db.query("SELECT * FROM residence_events WHERE person_id = ? AND deleted = 0 ORDER BY date, kind",
                         [person_id]))
