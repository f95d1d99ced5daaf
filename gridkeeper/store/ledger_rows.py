"""The rows of the monthly ledgers (台账): every SQL query behind ``gridkeeper ledger`` lives here.

One function per ledger kind turns (month ``YYYY-MM``, optional area) into the row dicts that
:func:`gridkeeper.ledgers.render_ledger` prints (keys: see :mod:`gridkeeper.ledgers.kinds`).
Codes become their Chinese labels here: a ledger is a Chinese paper document whatever language
the app is shown in. Values are plain strings (dates ISO), so the same rows can go to a
spreadsheet or a test unchanged.

Scope: ``area_id`` may be a grid, a micro-grid, a village/community or the township; the rows are
those of its whole subtree (:func:`store.areas.subtree_ids`). ``None`` means the whole database.

Decisions (the month is read "as of its last day", so a ledger reprinted later says the same):

* visits — visits dated inside the month, oldest first. The person is the visit's person, else
  the care subject's person; the address is the household's (or its house's) address.
* care roster — care subjects taken in on or before the month end (``since`` unknown counts as
  taken in) and not left before the month start (``until``), record and person not deleted. The
  last visit is the latest on or before the month end. The next due date follows the app's due
  list (:func:`store.care.next_due_date`: last visit + interval; never visited: due at once);
  the interval is the subject's own ``visit_interval`` or its care level's default
  (:func:`store.care.interval_of` over :func:`store.care.care_intervals`, the table the due list uses). Overdue means next due < min(today, month end).
* disputes — received on or before the month end and not closed before the month start: received
  in the month, still open, or closed during the month. Steps after the month end are left out,
  and a dispute closed after the month end is shown as it stood then (调解中 / 受理, no result).
* order — visits by date, disputes by received date; the rosters by area (the area code is
  hierarchical, so a village or township roster runs grid by grid) and then household number.
* households — every live household of the area with its live members, head first (then the
  relation order of the vocabulary, then birth date). A member no longer living here (外出, 迁出,
  死亡) keeps the line, with the status after the residence kind, so the roster stays complete.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date

import sqlite_utils

from ..domain import vocab as V
from ..domain.errors import GridkeeperError
from . import ledger_rows_casework as casework_rows
from .areas import area_path, subtree_ids
from .care import care_intervals, interval_of, next_due_date
from .ledger_rows_people import floating_rows, points_rows
from .sorting import use_sort_key

_MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

# The address of a household: its own address text, else its house's "street building unit room".
_HOUSE_ADDR = ("coalesce(nullif({h}.address, ''), (SELECT coalesce(o.street, '') || coalesce(o.building, '') || "
               "coalesce(nullif(o.unit, '') || '单元', '') || coalesce(nullif(o.room, '') || '室', '') FROM houses o "
               "WHERE o.id = {h}.house_id), '')")


@dataclass(frozen=True)
class Month:
    text: str      # "2026-11"
    start: date
    end: date

    @property
    def first(self) -> str:
        return self.start.isoformat()

    @property
    def last(self) -> str:
        return self.end.isoformat()


def parse_month(month: str) -> Month:
    """``"2026-11"`` → :class:`Month` (first and last day); a clear error for anything else."""
    m = _MONTH_RE.match(str(month or "").strip())
    if not m:
        raise GridkeeperError(f"月份格式应为 YYYY-MM（例如 2026-11）：{month}",
                              f"the month must be YYYY-MM (e.g. 2026-11): {month}", code="bad_month")
    y, mo = int(m.group(1)), int(m.group(2))
    if y < 1900:
        raise GridkeeperError(f"月份不合理：{month}", f"implausible month: {month}", code="bad_month")
    return Month(m.group(0), date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]))


# -- scope ------------------------------------------------------------------------------------

def area_exists(db: sqlite_utils.Database, area_id: str) -> bool:
    return db.execute("SELECT 1 FROM areas WHERE id = ? AND deleted = 0", [area_id]).fetchone() is not None


def _scope(db: sqlite_utils.Database, area_id: str | None, alias: str) -> tuple[str, list]:
    """SQL condition (and its args) keeping rows of ``alias`` inside the area's subtree."""
    if not area_id:
        return "1", []
    return f"{alias}.area_id IN (SELECT value FROM json_each(?))", [json.dumps(subtree_ids(db, area_id))]


def header_fields(db: sqlite_utils.Database, area_id: str | None) -> dict:
    """``{"township", "village", "grid"}`` names for the ledger header.

    A township-wide ledger has empty village and grid. A micro-grid is printed as "grid micro-grid";
    a unit grid (专属网格) sits where the grid would. Without an area, the township is the single
    top-level area of the database (empty if there are several).
    """
    if not area_id:
        tops = db.execute("SELECT name FROM areas WHERE deleted = 0 AND parent_id IS NULL").fetchall()
        return {"township": tops[0][0] if len(tops) == 1 else "", "village": "", "grid": ""}
    path = area_path(db, area_id)
    parts = [p for p in (path.get("grid"), path.get("micro_grid"), path.get("unit_grid")) if p]
    # "第三网格" + "第三网格第1微网格": the micro-grid's name usually repeats its grid's already
    parts = [p for i, p in enumerate(parts) if not any(q != p and q.startswith(p) for q in parts[i + 1:])]
    grid = " ".join(parts)
    return {"township": path.get("township", ""), "village": path.get("village", ""), "grid": grid}


# -- helpers ----------------------------------------------------------------------------------

def _categories(raw: str | None) -> str:
    try:
        codes = json.loads(raw) if raw else []
    except ValueError:
        codes = []
    return "、".join(V.CARE_CATEGORIES.zh(c) for c in codes)


def _join(*parts: str | None, sep: str = "\n") -> str:
    return sep.join(p for p in parts if p)


def _stack(text: str | None) -> str:
    """"调委会 李峰成" → "调委会\n李峰成": the narrow mediator column then breaks between words,
    not inside a name."""
    return "\n".join((text or "").split())


def _md(iso: str | None) -> str:
    """"2026-11-05" → "11-05" (the step dates of a dispute; the month is on the page)."""
    return iso[5:10] if iso and len(iso) >= 10 else (iso or "")


# -- visits -----------------------------------------------------------------------------------

def visit_rows(db: sqlite_utils.Database, month: str, area_id: str | None = None) -> list[dict]:
    """走访台账: the visits of the month, oldest first."""
    use_sort_key(db)
    m = parse_month(month)
    scope, args = _scope(db, area_id, "v")
    sql = f"""
        SELECT v.date, v.method, v.findings, v.needs, v.followup, v.visitor, v.next_due,
               p.name AS pname,
               coalesce(c.categories, (SELECT c2.categories FROM care_subjects c2
                                       WHERE c2.person_id = p.id AND c2.deleted = 0 ORDER BY c2.id LIMIT 1)) AS cats,
               h.number AS hnumber,
               (SELECT hp.name FROM persons hp WHERE hp.household_id = h.id AND hp.deleted = 0
                ORDER BY hp.relation != 'head', hp.id LIMIT 1) AS head,
               {_HOUSE_ADDR.format(h='h')} AS address
        FROM visits v
        LEFT JOIN care_subjects c ON c.id = v.care_subject_id
        LEFT JOIN persons p ON p.id = coalesce(v.person_id, c.person_id)
        LEFT JOIN households h ON h.id = coalesce(v.household_id, p.household_id)
        WHERE v.deleted = 0 AND v.date BETWEEN ? AND ? AND {scope}
        ORDER BY v.date, gk_sort(pname), v.id"""
    rows = []
    for r in db.query(sql, [m.first, m.last] + args):
        name = r["pname"]
        if not name:  # a visit to a household: "<head>户" (or its number)
            name = f"{r['head']}户" if r["head"] else (f"{r['hnumber']}户" if r["hnumber"] else "")
        rows.append(dict(date=r["date"], name=name, category=_categories(r["cats"]), address=r["address"] or "",
                         method=V.VISIT_METHODS.zh(r["method"]), findings=r["findings"] or "",
                         needs=r["needs"] or "", followup=r["followup"] or "", visitor=r["visitor"] or ""))
    return rows


# -- care roster ------------------------------------------------------------------------------

def care_rows(db: sqlite_utils.Database, month: str, area_id: str | None = None, *,
              today: date | None = None) -> list[dict]:
    """重点人群花名册: care subjects active in the month with last visit, next due and overdue."""
    use_sort_key(db)
    m = parse_month(month)
    today = today or date.today()
    as_of = min(today, m.end)
    scope, args = _scope(db, area_id, "c")
    sql = f"""
        SELECT c.id, c.categories, c.level, c.visit_interval, c.since, c.guardian_name, c.guardian_phone,
               p.name, p.id_number, p.phone,
               {_HOUSE_ADDR.format(h='h')} AS address,
               (SELECT max(v.date) FROM visits v WHERE v.care_subject_id = c.id AND v.deleted = 0
                AND v.date <= ?) AS last
        FROM care_subjects c
        JOIN persons p ON p.id = c.person_id AND p.deleted = 0
        LEFT JOIN households h ON h.id = p.household_id
        LEFT JOIN areas a ON a.id = c.area_id
        WHERE c.deleted = 0 AND (c.since IS NULL OR c.since <= ?) AND (c.until IS NULL OR c.until >= ?)
          AND {scope}
        ORDER BY a.code, gk_sort(a.name), gk_sort(h.number), gk_sort(p.name), c.id"""
    rows = []
    intervals = care_intervals(db)
    for r in db.query(sql, [m.last, m.last, m.first] + args):
        n = interval_of({"visit_interval": r["visit_interval"], "level": r["level"]}, intervals)
        next_due = next_due_date(r["last"], r["since"], n, as_of)
        overdue = next_due < as_of
        rows.append(dict(name=r["name"] or "", category=_categories(r["categories"]),
                         level=V.CARE_LEVELS.zh(r["level"]), id_number=r["id_number"] or "",
                         address=r["address"] or "", guardian=_join(r["guardian_name"], r["guardian_phone"]),
                         phone=r["phone"] or "", last_visit=r["last"] or "",
                         next_due=next_due.isoformat() if next_due else "", overdue=overdue))
    return rows


# -- disputes ---------------------------------------------------------------------------------

def dispute_rows(db: sqlite_utils.Database, month: str, area_id: str | None = None) -> list[dict]:
    """矛盾纠纷排查调处台账: disputes received in the month, still open, or closed during it."""
    m = parse_month(month)
    scope, args = _scope(db, area_id, "d")
    sql = f"""
        SELECT d.* FROM disputes d
        WHERE d.deleted = 0 AND d.received <= ? AND (d.closed IS NULL OR d.closed >= ?) AND {scope}
        ORDER BY d.received, d.number, d.id"""
    disputes = list(db.query(sql, [m.last, m.first] + args))
    if not disputes:
        return []
    ids = json.dumps([d["id"] for d in disputes])
    parties: dict[str, list[str]] = {}
    for p in db.query("""SELECT dispute_id, name, role FROM dispute_parties
                         WHERE deleted = 0 AND dispute_id IN (SELECT value FROM json_each(?))
                         ORDER BY dispute_id, role, id""", [ids]):
        role = V.PARTY_ROLES.zh(p["role"])
        parties.setdefault(p["dispute_id"], []).append(f"{p['name']}（{role}）" if role else p["name"])
    steps: dict[str, list[str]] = {}
    for s in db.query("""SELECT dispute_id, date, content, result FROM dispute_steps
                         WHERE deleted = 0 AND date <= ? AND dispute_id IN (SELECT value FROM json_each(?))
                         ORDER BY dispute_id, date, id""", [m.last, ids]):
        text = f"{_md(s['date'])} {s['content'] or ''}"
        if s["result"]:
            text += f"（{s['result']}）"
        steps.setdefault(s["dispute_id"], []).append(text)
    rows = []
    for d in disputes:
        closed_later = bool(d["closed"]) and d["closed"] > m.last
        if closed_later:  # as it stood at the month end
            status = "mediating" if steps.get(d["id"]) else "received"
            result, closed = V.DISPUTE_STATUSES.zh(status), ""
        else:
            result = V.DISPUTE_STATUSES.zh(d["status"])
            if d["agreement"]:
                result += f"：{d['agreement']}"
            closed = d["closed"] or ""
        followup = ""
        if d["followup_date"] and d["followup_date"] <= m.last and not closed_later:
            if d["followup_result"]:
                sat = V.SATISFACTION.zh(d["satisfaction"]) if d["satisfaction"] else ""
                followup = f"{d['followup_date']} {d['followup_result']}" + (f"（{sat}）" if sat else "")
            else:
                followup = f"{d['followup_date']} 待回访"
        rows.append(dict(number=d["number"] or "", received=d["received"], source=V.DISPUTE_SOURCES.zh(d["source"]),
                         category=V.DISPUTE_CATEGORIES.zh(d["category"]), parties="\n".join(parties.get(d["id"], [])),
                         summary=d["summary"] or "", mediator=_stack(d["mediator"]),
                         steps="\n".join(steps.get(d["id"], [])), result=result, closed=closed, followup=followup))
    return rows


# -- household roster -------------------------------------------------------------------------

_RELATION_ORDER = {code: i for i, code in enumerate(V.RELATIONS.codes())}


def household_rows(db: sqlite_utils.Database, month: str, area_id: str | None = None) -> list[dict]:
    """人口底册: households with their members (``{"household_number", "address", "members": [...]}``).

    The roster is the current one (the store keeps no residence history); ``month`` is validated
    and printed in the header only.
    """
    use_sort_key(db)
    parse_month(month)
    scope, args = _scope(db, area_id, "h")
    households = list(db.query(f"""
        SELECT h.id, h.number, {_HOUSE_ADDR.format(h='h')} AS address FROM households h
        LEFT JOIN areas a ON a.id = h.area_id
        WHERE h.deleted = 0 AND {scope} ORDER BY a.code, gk_sort(a.name), gk_sort(h.number), h.id""", args))
    members: dict[str, list[dict]] = {}
    pscope, pargs = _scope(db, area_id, "hh")
    for p in db.query(f"""
            SELECT p.household_id, p.id, p.name, p.gender, p.id_number, p.relation, p.residence_kind, p.status,
                   p.phone, p.birth_date
            FROM persons p JOIN households hh ON hh.id = p.household_id AND hh.deleted = 0
            WHERE p.deleted = 0 AND {pscope}""", pargs):
        members.setdefault(p["household_id"], []).append(p)
    rows = []
    for h in households:
        people = sorted(members.get(h["id"], []),
                        key=lambda r: (_RELATION_ORDER.get(r["relation"], 99), r["birth_date"] or "", r["id"]))
        out = []
        for p in people:
            kind = V.RESIDENCE_KINDS.zh(p["residence_kind"])
            if p["status"] and p["status"] != "present":
                kind = _join(kind, V.PERSON_STATUSES.zh(p["status"]), sep="·")
            out.append(dict(name=p["name"] or "", gender=V.GENDERS.zh(p["gender"]), id_number=p["id_number"] or "",
                            relation=V.RELATIONS.zh(p["relation"]), residence_kind=kind, phone=p["phone"] or ""))
        rows.append(dict(household_number=h["number"] or "", address=h["address"] or "", members=out))
    return rows


def request_rows(db: sqlite_utils.Database, month: str, area_id: str | None = None) -> list[dict]:
    """民生诉求登记台账 (store.ledger_rows_casework)."""
    scope, args = _scope(db, area_id, "r")
    return casework_rows.request_rows(db, parse_month(month), scope, args)


def hazard_rows(db: sqlite_utils.Database, month: str, area_id: str | None = None, *,
                today: date | None = None) -> list[dict]:
    """问题隐患排查整改台账 (store.ledger_rows_casework)."""
    scope, args = _scope(db, area_id, "z")
    return casework_rows.hazard_rows(db, parse_month(month), scope, args, today=today)


ROW_FUNCTIONS = {"visits": visit_rows, "care": care_rows, "disputes": dispute_rows, "households": household_rows,
                 "requests": request_rows, "hazards": hazard_rows}


ROW_FUNCTIONS.update(floating=floating_rows, points=points_rows)   # store.ledger_rows_people


def ledger_rows(db: sqlite_utils.Database, kind: str, month: str, area_id: str | None = None, *,
                today: date | None = None) -> list[dict]:
    """The rows of ledger ``kind`` (visits, care, disputes, households, requests, hazards) for ``month`` and area."""
    if kind in ("care", "hazards"):        # overdue marks depend on today
        return ROW_FUNCTIONS[kind](db, month, area_id, today=today)
    try:
        fn = ROW_FUNCTIONS[kind]
    except KeyError:
        raise GridkeeperError(f"未知的台账类型：{kind}（可选：{'、'.join(ROW_FUNCTIONS)}）",
                              f"unknown ledger kind: {kind} (choose from: {', '.join(ROW_FUNCTIONS)})",
                              code="bad_kind") from None
    return fn(db, month, area_id)
