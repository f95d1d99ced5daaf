"""Validating many records of one table at once (a spreadsheet's rows): the answers of
:func:`.validate.validate_record` record by record, at a fraction of the cost.

Each field is cleaned column by column: the values already in their canonical form (which is most
of them in an import — the reader turned cells into codes and ISO dates) are recognised by the
same C-level passes that screen a merged bundle (:func:`.validate._fast_column`: one regular
expression over all dates or phone numbers, set operations for codes), and only the rest go
through the editors' own cleaning (:func:`.validate._clean_value`), once per distinct value. Then
every record gets the record-level half of ``validate_record`` (:func:`.validate.finish_record`:
required fields, ID number against birth date and gender, cross-field rules) with the same
problems in the same order. ``tests/test_validate_many.py`` holds the two equal.
"""

from __future__ import annotations

from datetime import date

from .errors import FieldProblem, ValidationError
from .messages import M
from .records import Field, Table, table as get_table
from .validate import (IdInfo, ValueProblem, _clean_value, _fast_column, _problem, finish_record,
                       value_problem)

_MISSING = object()
_SMALL = 64   # a column this short goes down the slow path whole rather than be halved again


class _Bad:
    """A value's problem, in place of its cleaned value."""

    __slots__ = ("problem",)

    def __init__(self, problem: FieldProblem):
        self.problem = problem


def validate_many(table_name: str, rows: list[dict], *, existing: list[dict | None] | None = None,
                  today: date | None = None) -> list[dict | ValidationError]:
    """For each of ``rows`` (with ``existing[i]`` the stored record it updates, or None), what
    ``validate_record(table_name, rows[i], existing=existing[i], today=today)`` would return — the
    cleaned values — or the :class:`ValidationError` it would raise."""
    today = today or date.today()
    t = get_table(table_name)
    existing = existing if existing is not None else [None] * len(rows)
    changed, id_infos = _clean_columns(t, rows, today)
    out: list[dict | ValidationError] = []
    for i, values in enumerate(rows):
        cleaned, problems = _cleaned_row(values, changed.get(i))
        try:
            out.append(finish_record(t, values, cleaned, problems, existing[i], id_infos.get(i)))
        except ValidationError as e:
            out.append(e)
    return out


def _cleaned_row(values: dict, changed: dict | None) -> tuple[dict, list[FieldProblem]]:
    """One record's cleaned values and value problems, in the order of its own keys (as
    ``validate_record`` builds them). ``changed``: the values whose cleaning is not the identity."""
    if changed is None:
        cleaned = dict(values)
        cleaned.pop("id", None)
        return cleaned, []
    cleaned, problems = {}, []
    for name, raw in values.items():
        if name == "id":
            continue
        value = changed.get(name, raw)
        if type(value) is _Bad:
            problems.append(value.problem)
        else:
            cleaned[name] = value
    return cleaned, problems


def _clean_columns(t: Table, rows: list[dict], today: date) -> tuple[dict[int, dict], dict[int, IdInfo]]:
    """Every field's values at once. Returns, per record index, the values whose cleaning changed
    them (or a :class:`_Bad`), and the ID numbers' :class:`IdInfo` where the fast pass proved them valid."""
    changed: dict[int, dict] = {}
    id_infos: dict[int, IdInfo] = {}
    names = set().union(*rows) - {"id"} if rows else set()
    for name in sorted(names):
        at = [i for i, r in enumerate(rows) if name in r]
        vals = [rows[i][name] for i in at]
        try:
            f = t.field(name)
        except KeyError:
            for i in at:
                changed.setdefault(i, {})[name] = _Bad(_problem(name, M("unknown_field", name=name)))
            continue
        slow = _not_canonical(t.name, f, vals, today)
        cache: dict = {}
        for j in slow:
            cleaned = _clean_cached(t.name, f, vals[j], today, cache)
            if type(cleaned) is _Bad or cleaned != vals[j] or type(cleaned) is not type(vals[j]):
                changed.setdefault(at[j], {})[name] = cleaned
        if f.name == "id_number" and t.name == "persons":
            _fast_id_infos(vals, at, set(slow), today, id_infos)
    return changed, id_infos


def _not_canonical(table_name: str, f: Field, vals: list, today: date):
    """Positions of the values that are not already what cleaning would make of them (a superset)."""
    if f.kind == "bool":
        return range(len(vals))   # few, and None becomes 0
    at = [j for j, v in enumerate(vals) if v is not None] if None in vals else None
    present = [vals[j] for j in at] if at is not None else vals
    slow = _spoilers(table_name, f, present, today)
    return [at[j] for j in slow] if at is not None else slow


def _spoilers(table_name: str, f: Field, vals: list, today: date) -> list[int]:
    """The fast pass over ``vals``; where it gives up on the whole column ("everything": a bad ID
    number, a blank, one odd value among 60,000), halve the column until the few values that
    spoiled it are found, so one typo does not send every value down the slow path."""
    if not vals:
        return []
    slow = _fast_column(table_name, f, vals, today)
    if slow is None:
        return []
    if not isinstance(slow, range) or len(vals) <= _SMALL:
        return list(slow)
    mid = len(vals) // 2
    return _spoilers(table_name, f, vals[:mid], today) + [mid + j for j in _spoilers(table_name, f, vals[mid:], today)]


def _clean_cached(table_name: str, f: Field, raw, today: date, cache: dict):
    """``_clean_value`` of one value (or its problem as a :class:`_Bad`), once per distinct value."""
    try:
        key = (type(raw), raw)
        hit = cache.get(key, _MISSING)
    except TypeError:   # unhashable (a list of codes)
        key, hit = None, _MISSING
    if hit is not _MISSING:
        return hit
    try:
        out = _clean_value(table_name, f, raw, today)
    except ValueProblem as e:
        out = _Bad(value_problem(f, e))
    if key is not None:
        cache[key] = out
    return out


def _fast_id_infos(vals: list, at: list[int], slow: set[int], today: date, out: dict[int, IdInfo]) -> None:
    """What each valid, canonical ID number encodes (as ``check_id_number`` would say), without
    checking it again: the fast pass already proved it (region, real birth date in range, check
    character). Numbers born after the real today are left to ``check_id_number``, as before."""
    real_today = f"{date.today():%Y%m%d}"
    born_on: dict[str, date] = {}
    for j, v in enumerate(vals):
        if j in slow or v is None:
            continue
        born = v[6:14]
        if born > real_today:
            continue
        day = born_on.get(born)
        if day is None:
            day = born_on[born] = date(int(born[:4]), int(born[4:6]), int(born[6:]))
        out[at[j]] = IdInfo(v, day, "male" if int(v[16]) % 2 == 1 else "female")
