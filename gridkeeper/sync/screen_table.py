"""Screening one table of a worker's change set: what the township holds, then each record's checks.

A handful of queries read what the township holds for all the table's ids at once (``json_each``):
the version rows with their values, and the stored conflicts. Then two paths:

* records the township holds, or that carry losing versions, or of a table only the township
  writes, record by record (:func:`screen_record`): their versions sorted into known and new
  (``sync.screen_scope``), then the first failing rule in this order — the township's own record,
  a forged writer, out of scope, a bad seen mark, a value without a version, a bad value, a
  missing required field;
* records new to the township (the bulk of a first merge), column by column
  (:func:`screen_new_rows`): each family flags the rows it refuses, and a row's most important
  problem is listed (``sync.screening`` ranks them: writer, scope, stamps and seen marks, a value
  without a version, required fields, then values field by field).

``bad_id`` (a record id that is not a lowercase UUIDv7 as :func:`domain.ids.new_id` makes them:
imports, the demo and the area tree all use it, no other id shape exists in a database this app
made) and ``bad_record`` (a row whose structure the parser should already have refused: defence in
depth) are decided here.
"""

from __future__ import annotations

import json

from ..domain.ids import all_record_ids, is_record_id
from ..store.versions import read_versions
from .screen_references import note_new_references, note_record_references
from .screen_scope import area_problem, flag_new_areas, flag_writers, pure_echo, sort_versions, township_problem
from .screen_values import (ValueCheck, flag_column_values, flag_required, flag_seen_marks, flag_stamps,
                            flag_unwritten_values, required_problem)
from .screening import Flags, NewColumns, Screening, TableShape, count_versions

_MALFORMED = (IndexError, TypeError, ValueError, KeyError)


def screen_table(s: Screening, tname: str, tc: dict) -> None:
    """Screen the rows of one table; keep the acceptable ones (in the change set's order) in ``s``."""
    shape = TableShape.of(tname, tc["fields"])
    rows = tc["rows"]
    s.fields[tname] = shape.fields
    ids = [r[0] for r in rows]
    existing = _township_versions(s, shape, ids)
    stored = _stored_conflicts(s, tname, existing)
    out_rows = s.out_rows.setdefault(tname, {})
    new_ok = s.new_ok.setdefault(tname, set())
    all_ids_ok = len(ids) == len(rows) and all_record_ids(ids)
    if all_ids_ok and not existing and not shape.township_only and tname not in s.loser_tables:
        accepted, simple = set(), list(rows)   # the common first merge: every record new, nothing else
    else:
        accepted, simple = _screen_one_by_one(s, shape, rows, all_ids_ok, existing, stored)
    if simple:
        good = _screen_new_or_sort_out(s, shape, simple)
        accepted.update(good)
        new_ok.update(good)
    if len(accepted) == len(rows):
        out_rows.update(zip(ids, rows))
    else:
        for row in rows:
            if row[0] in accepted:
                out_rows[row[0]] = row


def _township_versions(s: Screening, shape: TableShape, ids: list) -> dict[str, tuple]:
    """What the township holds for these ids: ``{id: (base, seen, deltas, devices, values)}``.

    Also notes each record's area at the township, and hands the records that have both rows to
    the merge that follows (``Screening.loaded``: what the merge would read as stored)."""
    tname, fields, nf = shape.name, shape.fields, len(shape.fields)
    existing: dict[str, tuple] = {}
    whole: dict[str, tuple] = {}   # records with both rows (what the merge reads as stored)
    for rid, base, seen, deltas, devices, has_row, values in read_versions(s.db, tname, fields, ids):
        cur = existing[rid] = (base, seen, deltas, devices, values if has_row else [None] * nf)
        if has_row:
            whole[rid] = cur
    if s.loaded is not None:
        s.loaded[tname] = (fields, whole)
    town_area = s.town_area.setdefault(tname, {})
    if shape.area_k is not None:
        for rid, cur in existing.items():
            town_area[rid] = cur[4][shape.area_k]
    return existing


def _stored_conflicts(s: Screening, tname: str, existing: dict) -> dict[str, dict]:
    """The conflicts the township stores for these records: ``{id: {(field, stamp, device): value}}``."""
    stored: dict[str, dict] = {}
    if existing:
        for rid, fld, stamp, device, value, seen in s.ids_query(
                "SELECT c.rid, c.field, c.stamp, c.device, c.value, c.seen FROM json_each(?1) j "
                "JOIN conflicts c ON c.tbl = ?2 AND c.rid = j.value", list(existing), [tname]):
            try:
                v = None if value is None else json.loads(value)
            except ValueError:
                continue
            stored.setdefault(rid, {})[(fld, stamp, device)] = v
    return stored


def _screen_one_by_one(s: Screening, shape: TableShape, rows: list, all_ids_ok: bool, existing: dict,
                       stored: dict) -> tuple[set, list]:
    """Records the township holds (or with losers, or the township's own), one by one.

    Returns the ids accepted and the rows left for :func:`screen_new_rows` (new, nothing special)."""
    tname, fields = shape.name, shape.fields
    check = ValueCheck(shape, s.day)
    new_ok = s.new_ok[tname]
    accepted, simple = set(), []
    for row in rows:
        rid = row[0]
        if not all_ids_ok and not is_record_id(rid):
            s.reject(tname, rid if isinstance(rid, str) else repr(rid), "bad_id", detail=f"{tname}: not a record id",
                     row=row, fields=fields, versions=count_versions(row))
            continue
        rl = s.losers.get((tname, rid), ())
        cur = existing.get(rid)
        if cur is None and not rl and not shape.township_only:
            simple.append(row)
            continue
        try:
            if cur is not None and not rl and pure_echo(cur, row, s.pos_of_idx):
                accepted.add(rid)
                continue
            verdict = screen_record(s, shape, row, cur, rl, stored.get(rid, {}), check)
        except _MALFORMED:
            s.reject(tname, rid, "bad_record", detail=f"{tname}: malformed record", versions=1)
            continue
        if verdict is None:
            continue  # rejected
        new_versions, kept_losers = verdict
        accepted.add(rid)
        if kept_losers:
            s.out_losers[(tname, rid)] = kept_losers
        if cur is None:
            new_ok.add(rid)
        note_record_references(s, shape, rid, new_versions)
    return accepted, simple


def screen_record(s: Screening, shape: TableShape, row, cur, rl, stored: dict, check: ValueCheck):
    """The new versions and kept losers of an acceptable record, or None (and the rejection noted)."""
    versions = sort_versions(s, shape, row, cur, rl, stored)
    if versions.is_echo():
        return [], []  # a pure echo: nothing new
    new = versions.new
    problem = (township_problem(shape, new) or versions.forged or area_problem(s.scope, shape, row, cur, new)
               or versions.seen_bad or versions.value_bad or check.new_versions_problem(new)
               or required_problem(shape, row, cur))
    if problem is not None:
        reason, field, detail = problem
        s.reject(shape.name, row[0], reason, field, detail, row, shape.fields, count_versions(row) + len(rl))
        return None
    return new, versions.kept_losers


def _screen_new_or_sort_out(s: Screening, shape: TableShape, rows: list) -> list[str]:
    """:func:`screen_new_rows`; malformed rows (an exception) are sorted out one by one."""
    try:
        return screen_new_rows(s, shape, rows)
    except _MALFORMED:
        good = []
        for row in rows:
            try:
                ok = screen_new_rows(s, shape, [row])
            except _MALFORMED:
                s.reject(shape.name, row[0], "bad_record", detail=f"{shape.name}: malformed record", versions=1)
                continue
            good += ok
        return good


def screen_new_rows(s: Screening, shape: TableShape, rows: list) -> list[str]:
    """Screen records new to the township, column by column (the bulk of a first merge).

    The same rules as :func:`screen_record` for a record without a version here: every version by
    the signer, stamps and seen marks sane, no value without a version, its area in scope, valid
    canonical values, required fields present. Returns the ids of the acceptable rows. Columns
    are transposed once and checked with C-level passes; only columns where a pass fails are
    walked value by value.
    """
    cols = NewColumns.of(rows, len(shape.fields), s.own)
    flags = Flags()
    flag_unwritten_values(shape, cols, flags)
    flag_stamps(shape, cols, flags)
    flag_writers(s, shape, cols, flags)
    flag_column_values(shape, cols, s.scope, s.day, flags)
    flag_seen_marks(shape, cols, flags)
    flag_new_areas(s, shape, cols, flags)
    flag_required(shape, cols, flags)
    bad = flags.bad
    if not bad:
        good = list(cols.rids)
    else:
        good = []
        for i, row in enumerate(rows):
            b = bad.get(i)
            if b is None:
                good.append(row[0])
            else:
                s.reject(shape.name, row[0], b[1], b[2], b[3], row, shape.fields, count_versions(row))
    note_new_references(s, shape, cols, bad)
    return good
