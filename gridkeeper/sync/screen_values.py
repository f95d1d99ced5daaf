"""Screening by value: what a new version may carry — types, bounds, the domain's own validation.

``bad_text`` / ``bad_value``
    a new value that the editors' and importer's own validation (``domain.validate``,
    :func:`~gridkeeper.domain.validate.check_stored_value`) does not accept in canonical stored form:
    ``bad_text`` for text with NUL, lone surrogates or over its length limit, ``bad_value`` for the
    rest (codes, dates, numbers, booleans, ID numbers, phones, code lists, ids in references, a value
    on a field without a version, a required field missing on a record new to the township).
    Dates may lie up to one day after ``today`` (time zones). Cross-field rules (a closed dispute
    needs its agreement and date; birth date and gender agree with the ID number; ``until`` after
    ``since``) are *not* grounds for refusal: field-level last-writer-wins can combine two valid
    records into one that breaks them (one side closes the dispute, the other clears the agreement),
    so refusing them would refuse honest merges and make the result depend on arrival order. They
    stay the editors' rules and show up for review instead.
    (A code of a synced vocabulary that the township does not have is checked across records:
    ``sync.screen_references``.)
``bad_seen``
    a stamp outside 0 < stamp < 2**62; a seen mark at or above its own version's stamp (an honest
    writer has only seen older versions); a seen mark on a field without a version; or, on a field
    whose version the sender only relays, a seen mark above both the township's mark for that field
    and the sender's own losing versions of it — a forged mark would silently settle every future
    conflict on the field. (For a record the township holds these are checked as its versions are
    sorted, ``sync.screen_scope.sort_versions``.)

Validation results are cached per distinct value (:class:`ValueCheck`); records new to the township
are checked column by column with C-level passes (``domain.validate.column_problems``), and only a
column where a pass fails is walked value by value.
"""

from __future__ import annotations

from datetime import date
from itertools import compress, repeat
from operator import is_, is_not

from ..domain.validate import ValueProblem, check_text, column_problems, stored_value_problem
from .changeset import MAX_STAMP
from .screening import REQUIRED, STAMP, UNWRITTEN, VALUE, Flags, NewColumns, TableShape, written_positions


def _reason(f, v) -> str:
    """``bad_text`` for text that fails the text rules themselves, ``bad_value`` for the rest."""
    if f.kind == "text" and type(v) is str:
        try:
            check_text(v.strip(), f.limit)
        except ValueProblem:
            return "bad_text"
    return "bad_value"


class ValueCheck:
    """Whether a new value of one table's field is acceptable, cached per distinct value."""

    __slots__ = ("shape", "day", "cache")

    def __init__(self, shape: TableShape, day: date):
        self.shape, self.day = shape, day
        self.cache: dict = {}

    def problem(self, k: int, v) -> tuple | None:
        """(reason, detail) or None for a new value of field k."""
        key = (k, type(v), v)
        try:
            hit = self.cache.get(key, False)
        except TypeError:
            hit = False
            key = None
        if hit is not False:
            return hit
        f = self.shape.fobj[k]
        problem = stored_value_problem(self.shape.name, f, v, self.day)
        out = None if problem is None else (_reason(f, v), f"{self.shape.name}.{f.name}: {problem}")
        if key is not None:
            self.cache[key] = out
        return out

    def new_versions_problem(self, new_versions: list) -> tuple | None:
        """(reason, field, detail) of the first unacceptable new value, or None."""
        for k, v, _ in new_versions:
            problem = self.problem(k, v)
            if problem is not None:
                return (problem[0], self.shape.fields[k], problem[1])
        return None


def required_problem(shape: TableShape, row, cur) -> tuple | None:
    """A record new to the township carries its required fields (unless it arrives deleted)."""
    if cur is not None:
        return None
    values, deltas, del_k = row[1], row[3], shape.del_k
    if del_k is not None and deltas[del_k] is not None and values[del_k] == 1:
        return None
    for k in shape.required:
        if deltas[k] is None or values[k] in (None, "", "[]"):
            f = shape.fields[k]
            return ("bad_value", f, f"{shape.name}.{f}: required on a new record")
    return None


# -- records new to the township, column by column -------------------------------------------------

def flag_unwritten_values(shape: TableShape, cols: NewColumns, flags: Flags) -> None:
    """No value on a field without a version (``deleted`` may say 0)."""
    for k, f in enumerate(shape.fields):
        if not cols.partial[k]:
            continue
        dts, vals = cols.cols_t[k], cols.cols_v[k]
        unwritten = list(compress(vals, map(is_, dts, repeat(None))))
        if unwritten.count(None) != len(unwritten):
            allowed = (None, 0) if k == shape.del_k else (None,)
            for i in compress(range(cols.n), map(is_, dts, repeat(None))):
                v = vals[i]
                if v not in allowed or (v is not None and type(v) is not int):
                    flags.flag(i, UNWRITTEN, "bad_value", f, f"{shape.name}.{f}: a value without a version")


def flag_stamps(shape: TableShape, cols: NewColumns, flags: Flags) -> None:
    """Every stamp within 0 < stamp < 2**62 (the bases' and deltas' extremes first)."""
    bases = cols.bases
    lo_base, hi_base = min(bases), max(bases)
    for k, f in enumerate(shape.fields):
        wd = cols.written[k]
        if not wd or not (lo_base + min(wd) <= 0 or hi_base + max(wd) >= MAX_STAMP):
            continue
        dts = cols.cols_t[k]
        for i in (written_positions(dts) if cols.partial[k] else range(cols.n)):
            if not 0 < bases[i] + dts[i] < MAX_STAMP:
                flags.flag(i, STAMP, "bad_seen", f, f"{shape.name}.{f}: stamp out of range")


def flag_column_values(shape: TableShape, cols: NewColumns, scope: set[str], day: date, flags: Flags) -> None:
    """Every written value passes the domain's validation in canonical stored form."""
    tname = shape.name
    for k, f in enumerate(shape.fields):
        if not cols.written[k]:
            continue
        dts, vals = cols.cols_t[k], cols.cols_v[k]
        if k == shape.area_k and scope.issuperset(vals):
            continue   # every value is one of the township's own area ids (checked for scope elsewhere)
        partial = cols.partial[k]
        wv = list(compress(vals, map(is_not, dts, repeat(None)))) if partial else vals
        problems = column_problems(tname, shape.fobj[k], wv, day)
        written = written_positions(dts) if partial and problems else None
        for j, problem in problems.items():
            i = j if written is None else written[j]
            flags.flag(i, VALUE + k, _reason(shape.fobj[k], vals[i]), f, f"{tname}.{f}: {problem}")


def flag_seen_marks(shape: TableShape, cols: NewColumns, flags: Flags) -> None:
    """Seen marks on written fields only, below their own version's stamp."""
    if not any(cols.seens):
        return
    fpos, bases, deltas = shape.fpos, cols.bases, cols.deltas
    for i, seen in enumerate(cols.seens):
        if not seen:
            continue
        for f, sv in seen.items():
            k = fpos.get(f)
            dt = None if k is None else deltas[i][k]
            if dt is None or not 0 <= sv < bases[i] + dt:
                flags.flag(i, STAMP, "bad_seen", f, f"{shape.name}.{f}: seen mark {sv} is not below the version's "
                                                    "stamp")
                break


def flag_required(shape: TableShape, cols: NewColumns, flags: Flags) -> None:
    """Required fields present, unless the record arrives deleted."""
    deleted = None
    del_k = shape.del_k
    for k in shape.required:
        if k == shape.area_k:
            continue
        dts, vals = cols.cols_t[k], cols.cols_v[k]
        if None in dts or None in vals or "" in vals or "[]" in vals:
            if deleted is None:
                deleted = set() if del_k is None else \
                    {i for i in range(cols.n) if cols.cols_t[del_k][i] is not None and cols.cols_v[del_k][i] == 1}
            for i in range(cols.n):
                if i not in deleted and (dts[i] is None or vals[i] in (None, "", "[]")):
                    flags.flag(i, REQUIRED, "bad_value", shape.fields[k], f"{shape.name}.{shape.fields[k]}: required "
                                                                          "on a new record")
