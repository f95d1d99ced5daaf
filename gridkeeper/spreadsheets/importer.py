"""Spreadsheet import of residents: a plan first (what would change, row by row), then one apply.

:func:`plan_import` turns a :class:`~gridkeeper.sheets.SheetTable` (raw cells by sheet row number)
into an :class:`ImportPlan` without writing anything; ``--dry-run`` and the GUI preview show it.
:func:`apply_import` writes a plan through change capture (so the import syncs) in **one**
transaction, after a rotating backup; a crash, an error or a cancel leaves nothing half imported.

Decisions (a grid worker's roster is messy, and the database must stay right):

- **Persons are matched by ID number.** A row whose 公民身份号码 already exists updates that person,
  and only the fields whose column is in the sheet *and* whose cell is not blank: a sheet with just
  姓名, 公民身份号码, 联系电话 changes names and phones and nothing else, and a blank cell never
  erases what the database holds. A row without an ID number matches a person of the same name in
  the same household (户号), else it is a new person.
- **Households are grouped by 户号** within the row's grid: rows sharing a 户号 are one household. An
  existing household with that number in the grid (or the person's current household of that
  number) is reused; otherwise one is created, its address taken from the first 现住址 given and its
  registration kind from the head's 人口类型. Rows without 户号 create persons without a household.
- **网格** cells name a grid by code, by name when the name is unique in the database, or as
  "村名+网格名" (any of "", "+", "/", "-", "·", space between). Rows without a 网格 cell go to the
  ``area_id`` given (``--area``); without one, to this worker device's only enrolled area, or the
  database's only grid. A worker device may not import into areas outside its enrolment.
- **Vocabulary cells** accept codes, labels and the words rosters really use (本人, 长子, 妻, 户籍,
  低保…). "子女" becomes son or daughter by the person's gender. An ethnicity missing from the
  vocabulary but written as one ("土族") becomes "其他"; anything else unknown is a bad row.
- **重点人群类别** creates a care subject for the person, or sets the categories (and 关爱等级, 监护人
  when given) of the one they have.
- **Bad rows**: every problem is reported with the sheet row number, the column header as written in
  the sheet and a reason in the user's language. Rows repeating an ID number (or, without IDs, a
  name within one 户号) are all reported, since nobody can tell which is right. By default nothing
  is imported while any row is bad; with ``skip_bad`` the good rows are imported and the bad ones
  can be written to a side file with :func:`write_bad_rows` to be fixed and imported again.
- **Stale plans**: a plan records a fingerprint of the tables it read; applying it after the
  database changed (another window, a merge) raises ``import_stale`` instead of writing a plan the
  user never saw.
- New persons get status 在住 when the sheet does not say; a care subject's 纳入日期 is left empty
  (the import date is not when they were taken in).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

import sqlite_utils

from ..domain.errors import GridkeeperError
from ..domain.messages import M
from ..sheets.cells import normalize_id_number
from ..sheets.columns import FIELD_LABELS_ZH
from ..sheets.reader import gc_paused
from ..sheets.table import SheetTable
from ..sheets.writer import write_sheet
from ..store.backup import backup_before
from ..store.changes import writing
from .import_floating import arrival_events
from .import_plan import ImportCancelled, ImportPlan, ImportResult, RowPlan, RowProblem
from .import_steps import find_duplicates, plan_houses, plan_rows, settle_households, start_plan, tables_fingerprint

__all__ = ["RowProblem", "RowPlan", "ImportPlan", "ImportResult", "ImportCancelled", "plan_import",
           "apply_import", "write_bad_rows", "bad_rows_path", "ERROR_COLUMN_ZH"]

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]

ERROR_COLUMN_ZH = "错误原因"
_CHUNK = 2000

# ---------------------------------------------------------------- planning


def plan_import(db: sqlite_utils.Database, table: SheetTable, *, area_id: str | None = None,
                today: date | None = None, source: str | None = None,
                progress: ProgressFn | None = None) -> ImportPlan:
    """Work out, without writing, what importing ``table`` would do (see the module docstring).

    ``area_id`` is where rows without a 网格 cell go. Raises :class:`GridkeeperError` only for a
    problem with the whole sheet (no 姓名 or 公民身份号码 column, an unknown ``area_id``); every row
    problem is in the plan.
    """
    with gc_paused():
        return _plan_import(db, table, area_id=area_id, today=today, source=source, progress=progress)


def _plan_import(db, table, *, area_id, today, source, progress) -> ImportPlan:
    ctx = start_plan(db, table, area_id=area_id, today=today)
    total = len(table.rows)
    plans = plan_rows(ctx, table.rows, (lambda done: progress(done, total)) if progress else None)
    find_duplicates(plans, table)
    settle_households(plans, ctx.households, today=ctx.today)
    houses = plan_houses(db, ctx.households, ctx.today)
    if progress:
        progress(total, total)
    return ImportPlan(table, area_id, plans, ctx.households, ctx.fingerprint, source, houses)


# ---------------------------------------------------------------- applying


def apply_import(db: sqlite_utils.Database, plan: ImportPlan, *, skip_bad: bool = False,
                 progress: ProgressFn | None = None, cancelled: CancelledFn | None = None,
                 backup: bool = True) -> ImportResult:
    """Write ``plan`` in one transaction through change capture.

    With bad rows and ``skip_bad=False`` nothing is written and the result says
    ``imported=False``. ``progress(done, total)`` reports written records; ``cancelled()`` is
    checked between chunks and a True answer rolls everything back (:class:`ImportCancelled`).
    Raises ``import_stale`` when the database changed since the plan was made.
    """
    with gc_paused():
        return _apply_import(db, plan, skip_bad=skip_bad, progress=progress, cancelled=cancelled,
                             backup=backup)


def _apply_import(db, plan, *, skip_bad, progress, cancelled, backup) -> ImportResult:
    c = plan.counts()
    bad = plan.bad_rows
    result = ImportResult(imported=False, unchanged=c["unchanged"],
                          bad_rows=plan.problems, skipped_rows=[r.row for r in bad])
    if bad and not skip_bad:
        return result
    good = [r for r in plan.rows if not r.bad]
    new_persons = [r for r in good if r.action == "create"]
    upd_persons = [r for r in good if r.action == "update" and r.person]
    used = {r.household_key for r in good if r.household_key}
    hh = [plan.households[k] for k in sorted(used)]
    new_hh = [h for h in hh if h.existing is None]
    upd_hh = [h for h in hh if h.existing is not None and h.values]
    new_care = [r for r in good if r.care_action == "create"]
    upd_care = [r for r in good if r.care_action == "update"]
    new_houses = plan.houses_to_create(used)
    total = len(new_houses) + len(new_hh) + len(upd_hh) + len(new_persons) + len(upd_persons) + len(new_care) + len(upd_care)
    result.created, result.updated = c["created"], c["updated"]
    result.households_created, result.households_updated = len(new_hh), len(upd_hh)
    result.houses_created = len(new_houses)
    result.care_created, result.care_updated = len(new_care), len(upd_care)
    result.imported = True
    if total == 0:
        return result
    if backup:
        made = backup_before(db, "import")
        result.backup = str(made) if made else None
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if cancelled and cancelled():
            raise ImportCancelled()
        if progress:
            progress(done, total)

    with writing(db) as w:
        if tables_fingerprint(db) != plan.fingerprint:
            raise GridkeeperError(M("import_stale"),
                                  code="import_stale")
        step(0)
        for chunk in _chunks(new_houses):
            w.create_many("houses", [dict(h.values, id=h.house_id) for h in chunk])
            step(len(chunk))
        for chunk in _chunks(new_hh):
            w.create_many("households", [dict(h.values, id=h.household_id) for h in chunk])
            step(len(chunk))
        for h in upd_hh:
            w.update("households", h.household_id, h.values)
        step(len(upd_hh))
        for chunk in _chunks(new_persons):
            created = [dict(r.person, id=r.person_id) for r in chunk]
            w.create_many("persons", created)
            events = arrival_events(created)     # a floating-population sheet: their arrival records
            if events:
                w.create_many("residence_events", events)
            step(len(chunk))
        for chunk in _chunks(upd_persons):
            for r in chunk:
                w.update("persons", r.person_id, r.person)
            step(len(chunk))
        for chunk in _chunks(new_care):
            rows = []
            for r in chunk:
                area = r.person.get("area_id") if r.action == "create" else None
                if area is None:
                    area = db.execute("SELECT area_id FROM persons WHERE id = ?", [r.person_id]).fetchone()[0]
                rows.append(dict(r.care, id=r.care_id, person_id=r.person_id, area_id=area))
            w.create_many("care_subjects", rows)
            step(len(chunk))
        for r in upd_care:
            w.update("care_subjects", r.care_id, r.care)
        step(len(upd_care))
    return result


def _chunks(items: list, size: int = _CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


# ---------------------------------------------------------------- the side file of bad rows


def bad_rows_path(source: str | Path) -> Path:
    """Where the bad rows of ``source`` go by default: ``名单-错误行.xlsx`` beside it."""
    p = Path(source)
    return p.with_name(f"{p.stem}-错误行{p.suffix.lower() if p.suffix.lower() in ('.xlsx', '.csv') else '.xlsx'}")


def write_bad_rows(plan: ImportPlan, out: str | Path) -> int:
    """Write the bad rows, in the sheet's own columns plus 错误原因, to ``out`` (.xlsx or .csv).

    The user fixes them there and imports that file again. Columns the import did not recognise
    are not carried over (they were ignored on import too). Returns the number of rows written.
    """
    table = plan.table
    columns = [(f, h or FIELD_LABELS_ZH[f]) for h, f in zip(table.columns, table.fields) if f]
    columns.append(("__error", ERROR_COLUMN_ZH))
    kinds = {"__error": "general", "area": "general", "name": "general"}
    rows = []
    for r in plan.bad_rows:
        values = dict(r.sheet_row.values) if r.sheet_row else {}
        idn = values.get("id_number")
        if isinstance(idn, float):
            values["id_number"] = str(normalize_id_number(idn))
        values["__error"] = "；".join(
            p.message if p.message.startswith(p.column) else f"{p.column}：{p.message}" for p in r.problems)
        rows.append(values)
    return write_sheet(out, columns, rows, sheet_title="错误行", kinds=kinds)
