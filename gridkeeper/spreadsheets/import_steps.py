"""The named steps of planning an import (see :func:`.importer.plan_import`).

:func:`start_plan` checks the sheet as a whole and reads the database once; then for every row
:func:`parse_row` → :func:`resolve_area` → :func:`find_household` → :func:`validate_person` →
:func:`read_care` → :func:`join_household` → :func:`plan_care`; then, over all rows,
:func:`find_duplicates`, :func:`.import_households.settle_households` and
:func:`.import_households.plan_houses`. Nothing here writes.

:func:`plan_row` runs one row's steps in that order. A whole sheet goes through them a few thousand
rows at a time, each step over those rows before the next (:func:`plan_rows`): the cells are read
column by column (:func:`.roster_people.read_people`) and the validation step is one call of the
shared validator for them all (:func:`validate_people`) instead of one per row. A row's steps only
read what earlier rows built (the household plans, in :func:`join_household`) and add problems to
their own row, so both orders plan the same (``tests/test_import_differential.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field as dc_field
from datetime import date
from typing import Callable

import sqlite_utils

from ..domain import vocab as V
from ..domain.errors import GridkeeperError, ValidationError
from ..domain.ids import new_id
from ..domain.messages import M, Message
from ..domain.validate import validate_record
from ..domain.validate_many import validate_many
from ..sheets.cells import clean_text
from ..sheets.columns import FIELD_LABELS_ZH
from ..sheets.table import SheetRow, SheetTable
from ..store.areas import subtree_ids
from ..store.devices import role, scope_area_ids, self_areas
from .import_households import plan_houses, settle_households  # noqa: F401 (the steps over all rows, one place)
from .import_plan import HouseholdPlan, RowPlan, RowProblem
from .roster_people import read_people
from .roster_rows import SHEET_FIELD_OF, RowReader, care_codes, same_as_stored

_AREA_SEP_RE = re.compile(r"[\s+＋/／\\\-－—·・|]+")
_CHUNK = 2000   # rows taken through the steps together (one validator call each)


def tables_fingerprint(db: sqlite_utils.Database) -> tuple:
    """Cheap evidence of whether the tables an import reads changed since planning."""
    out = []
    for t in ("areas", "houses", "households", "persons", "care_subjects"):
        out.append(tuple(db.execute(f"SELECT count(*), max(_seq) FROM [{t}__ver]").fetchone()))
    return tuple(out)


def _fold(s: str) -> str:
    return _AREA_SEP_RE.sub("", clean_text(s)).casefold()


class AreaNames:
    """Resolve 网格 cells to area ids: code, unique name, or parent name + name."""

    def __init__(self, db):
        rows = list(db.query("SELECT id, parent_id, level, code, name FROM areas "
                             "WHERE deleted = 0 AND coalesce(retired, 0) = 0"))
        by_id = {r["id"]: r for r in rows}
        self.by_id = by_id
        self.by_code: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = {}
        self.by_pair: dict[str, list[str]] = {}
        for r in rows:
            if r["code"]:
                self.by_code[_fold(r["code"])] = r["id"]
            self.by_name.setdefault(_fold(r["name"]), []).append(r["id"])
            parent = by_id.get(r["parent_id"])
            if parent:
                self.by_pair.setdefault(_fold(parent["name"] + r["name"]), []).append(r["id"])
        self._cache: dict[str, tuple[str | None, Message | None]] = {}

    def resolve(self, text: str) -> tuple[str | None, Message | None]:
        """(area id, None) or (None, the problem)."""
        if text in self._cache:
            return self._cache[text]
        key = _fold(text)
        if key in self.by_code:
            out = (self.by_code[key], None)
        else:
            ids = self.by_name.get(key) or self.by_pair.get(key) or []
            if len(ids) == 1:
                out = (ids[0], None)
            elif ids:
                out = (None, M("several_areas_are_named", n=len(ids), text=text))
            else:
                out = (None, M("no_grid_named", text=text))
        self._cache[text] = out
        return out


def default_area(db, areas: AreaNames) -> str | None:
    mine = [a for a in self_areas(db) if a in areas.by_id]
    if len(mine) == 1:
        return mine[0]
    grids = [a for a, r in areas.by_id.items() if r["level"] == "grid"]
    return grids[0] if len(grids) == 1 else None


def worker_scope(db) -> set[str] | None:
    if role(db) != "worker":
        return None
    mine = self_areas(db)
    return scope_area_ids(db, mine) if mine else None


# ---------------------------------------------------------------- steps


@dataclass
class StoredRecords:
    """The live persons, households and care subjects an import matches rows against."""

    persons_by_idn: dict[str, dict]
    persons_by_hh_name: dict[tuple, list[dict]]
    households: dict[str, dict]
    hh_by_number: dict[str, list[dict]]
    care_by_person: dict[str, dict]

    @classmethod
    def read(cls, db) -> StoredRecords:
        persons_by_idn: dict[str, dict] = {}
        persons_by_hh_name: dict[tuple, list[dict]] = {}
        for p in db.query("SELECT * FROM persons WHERE deleted = 0"):
            if p["id_number"]:
                persons_by_idn[p["id_number"]] = p
            persons_by_hh_name.setdefault((p["household_id"], p["name"]), []).append(p)
        households: dict[str, dict] = {h["id"]: h for h in db.query("SELECT * FROM households WHERE deleted = 0")}
        hh_by_number: dict[str, list[dict]] = {}
        for h in households.values():
            hh_by_number.setdefault(h["number"], []).append(h)
        care_by_person: dict[str, dict] = {}
        for c in db.query("SELECT * FROM care_subjects WHERE deleted = 0 ORDER BY id"):
            care_by_person.setdefault(c["person_id"], c)
        return cls(persons_by_idn, persons_by_hh_name, households, hh_by_number, care_by_person)


@dataclass
class PlanContext:
    """What every row's planning reads (the sheet, the database's records and areas) and the
    household plans the rows build up together."""

    db: object
    table: SheetTable
    present: set[str]
    today: date
    fingerprint: tuple
    areas: AreaNames
    default_area: str | None
    scope: set[str] | None           # a worker device's areas; None: anywhere
    stored: StoredRecords
    households: dict[tuple, HouseholdPlan] = dc_field(default_factory=dict)
    _subtrees: dict[str, set[str]] = dc_field(default_factory=dict)

    def subtree(self, area_id: str) -> set[str]:
        if area_id not in self._subtrees:
            self._subtrees[area_id] = set(subtree_ids(self.db, area_id))
        return self._subtrees[area_id]


@dataclass
class RowWork:
    """One sheet row on its way to a :class:`RowPlan`: what each step found so far."""

    reader: RowReader
    values: dict                     # the person's cells, read (codes, ISO dates)
    plan: RowPlan
    existing: dict | None            # the stored person this row updates
    area: str | None = None          # the row's grid
    area_text: str = ""              # its 网格 cell, as written
    hh_key: tuple | None = None      # (area_id, 户号)
    hh_existing: dict | None = None  # the stored household of that 户号
    cleaned: dict = dc_field(default_factory=dict)   # the person's validated values
    care: dict = dc_field(default_factory=dict)      # care-subject cells, read

    def bad(self, sheet_field: str, message: Message) -> None:
        self.reader.bad(sheet_field, message)


def start_plan(db, table: SheetTable, *, area_id: str | None = None, today: date | None = None) -> PlanContext:
    """Check the sheet as a whole and read what the rows are matched against."""
    present = set(table.present_fields)
    if "name" not in present and "id_number" not in present:
        raise GridkeeperError(M("no_person_columns"), code="no_person_columns")
    today = today or date.today()  # once, not once per validated record
    fingerprint = tables_fingerprint(db)
    areas = AreaNames(db)
    if area_id is not None and area_id not in areas.by_id:
        raise GridkeeperError(M("bad_area:no_area_to_import_into", area_id=area_id), code="bad_area")
    return PlanContext(db, table, present, today, fingerprint, areas, area_id or default_area(db, areas),
                       worker_scope(db), StoredRecords.read(db))


def plan_row(ctx: PlanContext, srow: SheetRow) -> RowPlan:
    """Every step of one row, in order; a row with problems stops before it joins a household."""
    w = parse_row(ctx, srow)
    resolve_area(ctx, w)
    find_household(ctx, w)
    validate_person(ctx, w)
    return finish_row(ctx, w)


def plan_rows(ctx: PlanContext, rows: list[SheetRow], progress: Callable[[int], None] | None = None) -> list[RowPlan]:
    """:func:`plan_row` for every row, each step over a few thousand rows before the next (one
    validator call for those rows; their working state is let go chunk by chunk).
    ``progress(done)`` counts the rows planned."""
    plans: list[RowPlan] = []
    for start in range(0, len(rows), _CHUNK):
        if progress:
            progress(start)
        works = parse_rows(ctx, rows[start:start + _CHUNK])
        for w in works:
            resolve_area(ctx, w)
            find_household(ctx, w)
        validate_people(ctx, works)
        plans += [finish_row(ctx, w) for w in works]
    return plans


def finish_row(ctx: PlanContext, w: RowWork) -> RowPlan:
    """The steps after validation: care cells, then (a good row) its household and care plans."""
    read_care(ctx, w)
    if w.reader.problems:
        w.plan.problems = w.reader.problems
        return w.plan
    join_household(ctx, w)
    if plan_care(ctx, w):
        remember_for_duplicates(ctx, w)
    return w.plan


def parse_row(ctx: PlanContext, srow: SheetRow) -> RowWork:
    """Read the row's person cells and find the stored person with its ID number."""
    return parse_rows(ctx, [srow])[0]


def parse_rows(ctx: PlanContext, srows: list[SheetRow]) -> list[RowWork]:
    """:func:`parse_row` for many rows, their cells read column by column (:func:`.roster_people.read_people`)."""
    works = []
    for r, values in read_people(ctx.table, srows, ctx.present):
        plan = RowPlan(r.row.row_number, "error", name=values.get("name", r.text("name")),
                       id_number=values.get("id_number", r.text("id_number")), sheet_row=r.row)
        works.append(RowWork(r, values, plan, ctx.stored.persons_by_idn.get(values.get("id_number", ""))))
    return works


def resolve_area(ctx: PlanContext, w: RowWork) -> None:
    """The row's grid: its 网格 cell, else (for a new person) the default; inside this device's scope."""
    w.area_text = w.reader.text("area") if "area" in ctx.present else ""
    if w.area_text:
        w.area, prob = ctx.areas.resolve(w.area_text)
        if prob:
            w.bad("area", prob)
    elif w.existing is None:
        w.area = ctx.default_area
        if w.area is None:
            w.bad("area", M("no_grid_given_add_a"))
    if w.area and ctx.scope is not None and w.area not in ctx.scope:
        w.bad("area", M("this_device_may_only_write", name=w.area_text or ctx.areas.by_id[w.area]["name"]))
        w.area = None


def find_household(ctx: PlanContext, w: RowWork) -> None:
    """The household of the row's 户号 in its grid (stored, or one the import creates); a row without
    an ID number then matches the person of the same name in that stored household."""
    number = w.reader.text("household_number") if "household_number" in ctx.present else ""
    existing, households = w.existing, ctx.stored.households
    if number:
        if existing and existing["household_id"] in households and \
                households[existing["household_id"]]["number"] == number and not w.area_text:
            w.hh_existing = households[existing["household_id"]]
        else:
            hh_area = w.area or (existing["area_id"] if existing else None)
            if hh_area:
                inside = ctx.subtree(hh_area)
                found = [h for h in ctx.stored.hh_by_number.get(number, []) if h["area_id"] in inside]
                if len(found) == 1:
                    w.hh_existing = found[0]
                elif len(found) > 1:
                    w.bad("household_number", M("households_have_number_in", number=number, n=len(found)))
        if w.hh_existing:
            w.hh_key = (w.hh_existing["area_id"], number)
        elif w.area or existing:
            w.hh_key = (w.area or existing["area_id"], number)
    if existing is None and "id_number" not in w.values and w.hh_existing and w.plan.name:
        same = ctx.stored.persons_by_hh_name.get((w.hh_existing["id"], w.plan.name), [])
        if len(same) == 1:
            w.existing = same[0]


def validate_person(ctx: PlanContext, w: RowWork) -> None:
    """The person's values through the shared validator; each problem reported under its column."""
    validate_people(ctx, [w])


def validate_people(ctx: PlanContext, works: list[RowWork]) -> None:
    """:func:`validate_person` for many rows with one call of the shared validator (the editors'
    checks, record by record: :func:`~gridkeeper.domain.validate_many.validate_many`)."""
    todo = [(w, values) for w in works if (values := person_values(w)) is not None]
    results = validate_many("persons", [values for _, values in todo], existing=[w.existing for w, _ in todo],
                            today=ctx.today)
    for (w, values), result in zip(todo, results):
        if isinstance(result, ValidationError):
            w.cleaned = {}
            report_invalid(ctx, w, values, result)
        else:
            w.cleaned = result


def person_values(w: RowWork) -> dict | None:
    """The values the row gives its person, for the validator; None when they are what the
    database already holds (``w.cleaned`` then holds them: they were validated when written)."""
    r, existing = w.reader, w.existing
    values = dict(w.values)
    if w.area and (existing is None or w.area_text):
        values["area_id"] = w.area
    if existing is None:
        values.setdefault("status", "present")
        if "name" not in values and not any(p.column == r.column("name") for p in r.problems):
            r.bad("name", M("the_name_is_required"))
    if existing is not None and not r.problems and same_as_stored(values, existing):
        w.cleaned = values
        return None
    return values


def report_invalid(ctx: PlanContext, w: RowWork, values: dict, error: ValidationError) -> None:
    """The validator's problems under the sheet's columns (a derived birth date or gender under
    the ID number's), leaving out what the row already reported."""
    r = w.reader
    for p in error.problems:
        if p.field == "name" and w.existing is None and "name" not in values:
            continue  # already reported (person_values)
        if p.field == "area_id" and any(x.column == r.column("area") for x in r.problems):
            continue
        sheet_field = SHEET_FIELD_OF.get(p.field, p.field)
        if sheet_field not in ctx.present and p.field in ("birth_date", "gender"):
            sheet_field = "id_number"
        r.bad(sheet_field, p.text)


def read_care(ctx: PlanContext, w: RowWork) -> None:
    """The row's care-subject cells (重点人群类别, 关爱等级, 监护人)."""
    r, present = w.reader, ctx.present
    if "care_category" in present and r.text("care_category"):
        codes, unknown = care_codes(r.text("care_category"))
        if unknown:
            r.bad("care_category", M("care_category_not_recognised", unknown_zh="、".join(unknown),
                                     unknown_en=", ".join(unknown), choices="、".join(t.zh for t in V.CARE_CATEGORIES)))
        else:
            w.care["categories"] = codes
    if "care_level" in present and r.text("care_level"):
        code = r.code("care_level", V.CARE_LEVELS, {})
        if code:
            w.care["level"] = code
    if "guardian" in present and r.text("guardian"):
        w.care["guardian_name"] = r.text("guardian")


def join_household(ctx: PlanContext, w: RowWork) -> None:
    """Group the row into its household's plan and decide the person's action (create/update/unchanged)."""
    plan, existing, cleaned = w.plan, w.existing, w.cleaned
    if w.hh_key is not None:
        hp = ctx.households.get(w.hh_key)
        if hp is None:
            hp = HouseholdPlan(w.hh_key, w.hh_existing["id"] if w.hh_existing else new_id(), w.hh_existing, {})
            ctx.households[w.hh_key] = hp
        hp.rows.append(plan.row)
        plan.household_key = w.hh_key
        cleaned["household_id"] = hp.household_id
    plan.id_number = cleaned.get("id_number", plan.id_number) or ""
    plan.name = cleaned.get("name") or (existing or {}).get("name") or plan.name
    if existing is None:
        plan.action = "create"
        plan.person_id = new_id()
        plan.person = cleaned
    else:
        plan.person_id = existing["id"]
        changed = {k: v for k, v in cleaned.items() if existing.get(k) != v}
        plan.person = changed
        plan.changes = {k: [existing.get(k), v] for k, v in changed.items()}
        plan.action = "update" if changed else "unchanged"


def plan_care(ctx: PlanContext, w: RowWork) -> bool:
    """Create or update the person's care subject from the row's care cells. False: the row is bad."""
    plan, existing = w.plan, w.existing
    care_existing = ctx.stored.care_by_person.get(plan.person_id) if existing else None
    if not w.care:
        return True
    try:
        cv = validate_record("care_subjects", w.care, existing=care_existing or {
            "area_id": w.cleaned.get("area_id") or (existing or {}).get("area_id"),
            "person_id": plan.person_id}, today=ctx.today)
    except ValidationError as e:
        for p in e.problems:
            w.bad(SHEET_FIELD_OF.get(p.field, "care_category"), p.text)
        plan.problems = w.reader.problems
        plan.action = "error"
        return False
    if care_existing is None:
        if "categories" in cv:  # a level or guardian without a category has nothing to attach to
            plan.care_action = "create"
            plan.care_id = new_id()
            plan.care = cv
    else:
        changed = {k: v for k, v in cv.items() if care_existing.get(k) != v}
        if changed:
            plan.care_action = "update"
            plan.care_id = care_existing["id"]
            plan.care = changed
            for k, v in changed.items():
                plan.changes[f"care.{k}"] = [care_existing.get(k), v]
    if plan.care_action and plan.action == "unchanged":
        plan.action = "update"
    return True


def remember_for_duplicates(ctx: PlanContext, w: RowWork) -> None:
    """A good row's identity, for :func:`find_duplicates` (by ID number, else by name in its 户号)."""
    w.plan.duplicate_key = (("id_number", w.plan.id_number) if w.plan.id_number else
                            ("name", (w.hh_key, w.plan.name)) if w.plan.name and w.hh_key else None)


def find_duplicates(plans: list[RowPlan], table: SheetTable) -> None:
    """Rows repeating an ID number (or, without one, a name within one 户号): every one is reported,
    since nobody can tell which is right."""
    groups: dict[tuple, list[RowPlan]] = {}
    for p in plans:
        if p.duplicate_key is not None:
            groups.setdefault(p.duplicate_key, []).append(p)
    for (kind, key), group in groups.items():
        if len(group) < 2:
            continue
        rows_txt = "、".join(str(p.row) for p in group)
        for p in group:
            if kind == "id_number":
                mark_duplicate(p, table, "id_number", M("id_number_appears_more_than", id_number=key, rows=rows_txt))
            else:
                (hh_key, name) = key
                mark_duplicate(p, table, "name",
                               M("appears_twice_in_household", number=hh_key[1], name=name, rows=rows_txt))


def mark_duplicate(p: RowPlan, table: SheetTable, sheet_field: str, message: Message) -> None:
    column = next((h for h, f in zip(table.columns, table.fields) if f == sheet_field),
                  FIELD_LABELS_ZH[sheet_field])
    p.problems.append(RowProblem(p.row, column, message))
    p.action = "error"
