"""Screening by scope: who wrote each version, and whether the sender may write the record at all.

A version is *known* when the township already holds it exactly: it is the field's current version
(same stamp, device and value), or a stored conflict (same stamp, device and value), or it is
causally superseded (its stamp is at or below the field's seen mark and it loses to the current
version, so merging it has no effect). A version that is not known is *new*. The rules:

``forged_writer``
    a new version (winning or losing) attributed to any device other than the signer: the township
    itself, another worker, an unknown id, a look-alike id. Versions of other devices are accepted
    only when known, and only from devices in the township's ``devices`` table — so a screened
    change set never names a device the township does not know (the merge never has to add one).
``area_record``
    the area tree is the township's: an ``areas`` row from a worker is refused unless it is a pure
    echo (every version it carries known). A worker cannot create, rename, move, re-level, delete,
    retire or plant an area.
``township_record``
    the same for the township's other records (``Table.author == "township"`` in the registry: the
    synced vocabularies such as person tags): a worker bundle may only echo them.
``out_of_scope``
    the record's area at the township, or any area a new version gives it, is outside the sender's
    enrolled subtrees; or a record new to the township carries no area.

What a seen mark may claim depends on whether its version is known (a relayed version's mark may
not exceed what the township or the sender's own losers have seen), so the seen marks of a record
the township holds are checked as its versions are sorted (:func:`sort_versions`), with the values
on fields that carry no version. Records new to the township are checked column by column
(:func:`flag_writers`, :func:`flag_new_areas`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.records import table as get_table
from ..store.changes import load_seen
from .changeset import MAX_STAMP
from .screening import MISSING, SCOPE, WRITER, Flags, NewColumns, Screening, TableShape, safe_text


@dataclass(slots=True)
class SortedVersions:
    """A held record's incoming versions, sorted: the new ones, and the first problem of each kind.

    Each problem is ``(reason, field, detail)``; ``new`` holds ``(field position, value, is the
    row's own version)`` and ``kept_losers`` the sender's own new losing versions."""

    new: list = field(default_factory=list)
    kept_losers: list = field(default_factory=list)
    forged: tuple | None = None
    seen_bad: tuple | None = None
    value_bad: tuple | None = None

    def is_echo(self) -> bool:
        """Nothing new and nothing wrong: merging the record would change nothing."""
        return not self.new and self.forged is None and self.seen_bad is None and self.value_bad is None


def pure_echo(cur, row, pos_of_idx) -> bool:
    """Whether a row is exactly the township's version row (same stamps, devices, values; seen within).

    A parsed row's deltas and device positions are tuples (shared between rows), the township's are
    lists: compared as lists, or no row would ever be an echo."""
    c_base, c_seen, c_t, c_d, c_v = cur
    _, values, base, deltas, dpos, seen_in = row
    if base != c_base or list(deltas) != c_t or values != c_v:
        return False
    if [None if d is None else pos_of_idx.get(d, -1) for d in c_d] != list(dpos):
        return False
    for a, b in zip(values, c_v):
        if type(a) is not type(b):
            return False
    if seen_in:
        marks = load_seen(c_seen)
        for f, s in seen_in.items():
            if s > marks.get(f, 0):
                return False
    return True


def _known_test(cur, marks: dict, stored: dict, idx_dev: dict, fields: list[str]):
    """``known(k, value, stamp, device)``: whether the township holds that version of field k already."""
    if cur is None:
        return lambda k, value, stamp, dev: False
    c_base, _, c_t, c_d, c_v = cur

    def known(k, value, stamp, dev) -> bool:
        ct = c_t[k]
        if ct is not None:
            ct += c_base
            cd = idx_dev.get(c_d[k])
            if stamp == ct and dev == cd:
                return value == c_v[k] and type(value) is type(c_v[k])
            if (stamp, dev) < (ct, cd or "") and stamp <= marks.get(fields[k], 0):
                return True
        hit = stored.get((fields[k], stamp, dev), MISSING)
        return hit is not MISSING and hit == value and type(hit) is type(value)
    return known


def sort_versions(s: Screening, shape: TableShape, row, cur, rl, stored: dict) -> SortedVersions:
    """Sort a record's incoming versions (its losers ``rl``, then its row) into known and new.

    ``cur`` is what the township holds of the record (None: nothing), ``stored`` its stored
    conflicts ``{(field, stamp, device): value}``."""
    marks = load_seen(cur[1]) if cur is not None else {}
    known = _known_test(cur, marks, stored, s.idx_dev, shape.fields)
    out = SortedVersions()
    own_loser_max = _sort_losers(s, shape, rl, known, marks, out)
    _sort_row_versions(s, shape, row, known, marks, own_loser_max, out)
    return out


def _sort_losers(s: Screening, shape: TableShape, rl, known, marks: dict, out: SortedVersions) -> dict[int, int]:
    """The losing versions the sender carries for the record; returns the newest own loser per field."""
    tname, fields, devs, own = shape.name, shape.fields, s.cs.devices, s.own
    own_loser_max: dict[int, int] = {}
    for c in rl:
        k = shape.fpos.get(c[2])
        if k is None:
            continue  # a field this change set does not carry: the merge ignores it
        value, stamp, p, lseen = c[3], c[4], c[5], c[6]
        dev = devs[p]
        if s.known_dev[p] and known(k, value, stamp, dev):
            if not own[p] and lseen > marks.get(fields[k], 0) and out.forged is None:
                out.forged = ("forged_writer", c[2], f"{tname}.{c[2]}: a relayed losing version claims a seen mark "
                                                     "the township never received")
            continue  # the township holds it already: merging it changes nothing
        if not own[p]:
            if out.forged is None:
                out.forged = ("forged_writer", c[2], f"{tname}.{c[2]}: losing version attributed to device "
                                                     f"{safe_text(dev, 40)}, not the signer")
            continue
        if not (0 < stamp < MAX_STAMP) or not (0 <= lseen < stamp):
            if out.seen_bad is None:
                out.seen_bad = ("bad_seen", c[2], f"{tname}.{c[2]}: losing version's seen mark {lseen} is not "
                                                  "below its stamp")
        out.new.append((k, value, False))
        out.kept_losers.append(c)
        if stamp > own_loser_max.get(k, 0):
            own_loser_max[k] = stamp
    return own_loser_max


def _sort_row_versions(s: Screening, shape: TableShape, row, known, marks: dict, own_loser_max: dict,
                       out: SortedVersions) -> None:
    """The record's own field versions, and the values and seen marks of fields it leaves unwritten."""
    rid, values, base, deltas, dpos, seen_in = row
    seen_in = seen_in or {}
    tname, fields, devs, own, del_k = shape.name, shape.fields, s.cs.devices, s.own, shape.del_k
    for k in range(len(fields)):
        dt = deltas[k]
        f = fields[k]
        if dt is None:
            v = values[k]
            if v is not None and not (k == del_k and v == 0 and type(v) is int) and out.value_bad is None:
                out.value_bad = ("bad_value", f, f"{tname}.{f}: a value without a version")
            if f in seen_in and out.seen_bad is None:
                out.seen_bad = ("bad_seen", f, f"{tname}.{f}: a seen mark on a field without a version")
            continue
        stamp = base + dt
        p = dpos[k]
        dev = devs[p]
        sv = seen_in.get(f, 0)
        if s.known_dev[p] and known(k, values[k], stamp, dev):
            allowed = max(marks.get(f, 0), own_loser_max.get(k, 0) - 1)
            if sv > allowed and out.seen_bad is None:
                out.seen_bad = ("bad_seen", f, f"{tname}.{f}: seen mark {sv} above what the sender has seen")
            continue
        if not own[p]:
            if out.forged is None:
                out.forged = ("forged_writer", f, f"{tname}.{f}: version attributed to device "
                                                  f"{safe_text(dev, 40)}, not the signer")
            continue
        if not (0 < stamp < MAX_STAMP) or not (0 <= sv < stamp):
            if out.seen_bad is None:
                out.seen_bad = ("bad_seen", f, f"{tname}.{f}: seen mark {sv} is not below the version's stamp {stamp}")
        out.new.append((k, values[k], True))


def township_problem(shape: TableShape, new_versions: list) -> tuple | None:
    """A worker may only echo the township's own records (the area tree, synced vocabularies)."""
    if not shape.township_only:
        return None
    what = shape.fields[new_versions[0][0]] if new_versions else None
    if get_table(shape.name).scope == "tree":
        return ("area_record", what, "areas: the area tree is the township's (a worker bundle may not create, "
                "change, move or delete areas)")
    return ("township_record", what, f"{shape.name}: only the township writes these records")


def area_problem(scope: set[str], shape: TableShape, row, cur, new_versions: list) -> tuple | None:
    """Where the record is now, and everywhere its new versions would put it, is inside the sender's areas."""
    tname, area_k = shape.name, shape.area_k
    if area_k is None:
        return None if cur is not None else ("out_of_scope", None, f"{tname}: a new record without its area")
    if cur is not None and cur[4][area_k] not in scope:
        return ("out_of_scope", "area_id", f"{tname}: the record's area at the township is outside the sender's "
                "areas")
    for k, v, _ in new_versions:
        if k == area_k and v not in scope:
            return ("out_of_scope", "area_id", f"{tname}: moves the record to an area outside the sender's areas")
    deltas, values = row[3], row[1]
    if cur is None and (deltas[area_k] is None or values[area_k] is None):
        return ("out_of_scope", "area_id", f"{tname}: a new record without its area")
    return None


# -- records new to the township, column by column -------------------------------------------------

def flag_writers(s: Screening, shape: TableShape, cols: NewColumns, flags: Flags) -> None:
    """Every version of a new record is the signer's own."""
    if cols.cols_p is None:
        return
    devs, own_pos = s.cs.devices, cols.own_pos
    for k, f in enumerate(shape.fields):
        if not cols.written[k]:
            continue
        dps = cols.cols_p[k]
        if not own_pos.issuperset(dps):
            for i, p in enumerate(dps):
                if p not in own_pos:
                    flags.flag(i, WRITER, "forged_writer", f, f"{shape.name}.{f}: version attributed to device "
                                                              f"{safe_text(devs[p], 40)}, not the signer")


def flag_new_areas(s: Screening, shape: TableShape, cols: NewColumns, flags: Flags) -> None:
    """A new record carries its area, inside the sender's areas."""
    tname, area_k = shape.name, shape.area_k
    if area_k is None:
        for i in range(cols.n):
            flags.flag(i, SCOPE, "out_of_scope", None, f"{tname}: a new record without its area")
        return
    dts, vals = cols.cols_t[area_k], cols.cols_v[area_k]
    if None in dts or not s.scope.issuperset(vals):
        for i in range(cols.n):
            if dts[i] is None or vals[i] not in s.scope:
                flags.flag(i, SCOPE, "out_of_scope", "area_id", f"{tname}: a new record outside the sender's areas"
                           if vals[i] is not None else f"{tname}: a new record without its area")
