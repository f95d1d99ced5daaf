"""Screening a worker's change set against the trust model, before anything merges (DESIGN §4).

The township trusts no laptop's content, only its signature. :func:`screen_changeset` takes the
change set of a signed worker bundle and returns the part of it the township may merge, and the
records it refuses, each with a stable reason code (:data:`REASONS`). It only reads the database;
the merge (``sync.merge.apply_changeset``) records the rejections in ``rejected_changes`` and the
merge report, and merges the rest. Screening is per record: one bad version refuses that whole
record (its row, its losing versions and its history); every other record of the bundle merges.

A version is *known* when the township already holds it exactly: it is the field's current version
(same stamp, device and value), or a stored conflict (same stamp, device and value), or it is
causally superseded (its stamp is at or below the field's seen mark and it loses to the current
version, so merging it has no effect). A version that is not known is *new*. The rules, with the
reason code each failure gets:

``bad_id``
    a record id that is not a lowercase UUIDv7 as :func:`domain.ids.new_id` makes them (imports,
    the demo and the area tree all use it: no other id shape exists in a database this app made).
``area_record``
    the area tree is the township's: an ``areas`` row from a worker is refused unless it is a pure
    echo (every version it carries known). A worker cannot create, rename, move, re-level, delete,
    retire or plant an area.
``township_record``
    the same for the township's other records (``Table.author == "township"`` in the registry: the
    synced vocabularies such as person tags): a worker bundle may only echo them.
``forged_writer``
    a new version (winning or losing) attributed to any device other than the signer: the township
    itself, another worker, an unknown id, a look-alike id. Versions of other devices are accepted
    only when known, and only from devices in the township's ``devices`` table — so a screened
    change set never names a device the township does not know (the merge never has to add one).
``out_of_scope``
    the record's area at the township, or any area a new version gives it, is outside the sender's
    enrolled subtrees; or a record new to the township carries no area.
``bad_seen``
    a stamp outside 0 < stamp < 2**62; a seen mark at or above its own version's stamp (an honest
    writer has only seen older versions); a seen mark on a field without a version; or, on a field
    whose version the sender only relays, a seen mark above both the township's mark for that field
    and the sender's own losing versions of it — a forged mark would silently settle every future
    conflict on the field.
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
    A code of a synced vocabulary (a person's tag) that is not a term of the township's vocabulary
    (built in or in ``vocab_terms``) is ``bad_value`` too.
``id_taken``
    a record new to the township whose id is already used in another table (at the township or
    by another new record of the same change set).
``bad_ref``
    a new reference (``household_id``, ``house_id``, ``person_id``, ``care_subject_id``,
    ``dispute_id``) to a record that is neither at the township with its area inside the sender's
    scope nor accepted in this same change set (checked to a fixed point: refusing a record refuses
    the new records that depend on it).
``bad_history``
    an audit-trail entry for a record neither accepted nor at the township inside the sender's
    scope, or for an area, or whose content is malformed (fields JSON not an object of the table's
    fields with ``[old, new]`` pairs, bad text, a user name over 100 characters or with control
    characters).
``bad_record``
    a row whose structure the parser should already have refused (defence in depth).

Pure echoes (every version known, every seen mark within the township's own) pass through whatever
their scope: they change nothing, and a cumulative worker bundle re-sends what it received. Losing
versions in ``cs.conflicts`` obey the same rules as winning ones; known losers are dropped (merging
them changes nothing). Of ``acks`` only the sender's acknowledgement of the township survives, and
``revoked`` is emptied: nothing a worker sends touches ``devices`` or enrolment.

Screening is set-based per table: a handful of queries over all ids of a table (``json_each``), then
one pass over the rows, with validation results cached per distinct value.

Over 500 lines: not yet split (issue #16 is open for it). The seam is one module per check
family: scope, values, references, history.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import compress, repeat
from operator import is_, is_not, itemgetter
from datetime import date, timedelta

import sqlite_utils

from ..domain.ids import all_record_ids, is_record_id
from ..domain.lang import pick
from ..domain.records import LONG_TEXT_MAX, TABLE_ORDER, table as get_table
from ..domain.validate import ValueProblem, check_text, column_problems, stored_value_problem
from ..domain.vocab import SYNCED, SyncedVocabulary
from ..store.changes import load_seen
from ..store.versions import read_versions
from .changeset import MAX_STAMP, ChangeSet

# reason code -> (Chinese, English) label for lists and reports
REASONS = {
    "out_of_scope": ("超出登记网格范围", "outside the device's areas"),
    "area_record": ("区域只能由乡镇修改", "areas are the township's"),
    "township_record": ("只能由乡镇修改的记录（如词表）", "records only the township writes (e.g. vocabularies)"),
    "forged_writer": ("冒用其他设备的修改", "written in another device's name"),
    "bad_value": ("内容不符合要求", "invalid value"),
    "bad_text": ("文字无效或过长", "invalid or over-long text"),
    "bad_ref": ("引用了范围外或不存在的记录", "refers to a record outside the areas or missing"),
    "bad_id": ("记录编号无效", "malformed record id"),
    "id_taken": ("记录编号已被其他记录使用", "record id already used by another record"),
    "bad_seen": ("版本信息无效", "invalid version stamps"),
    "bad_history": ("修改记录无效", "invalid audit-trail entry"),
    "bad_record": ("记录格式错误", "malformed record"),
}

USER_MAX = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CHUNK = 5000


def reason_label(code: str) -> str:
    zh, en = REASONS.get(code, (code, code))
    return pick(zh, en)


@dataclass(frozen=True)
class Rejection:
    """One refused record (or audit-trail entry) of a change set.

    ``reason`` is a stable code of :data:`REASONS`; ``field`` the first offending field, if any;
    ``detail`` short English text (``"persons.phone: not a phone number"``). ``rid`` and ``detail``
    are safe to store and print (no NUL, no lone surrogates, bounded length). ``value`` is the
    refused values as JSON text (safe, shortened) for the review list; ``versions`` how many field
    versions the rejection refused (the merge report counts versions).
    """

    table: str
    rid: str
    reason: str
    field: str | None = None
    detail: str = ""
    value: str | None = None
    versions: int = 1

    def as_dict(self) -> dict:
        return {"table": self.table, "id": self.rid, "reason": self.reason, "field": self.field,
                "detail": self.detail}


def safe_text(value, limit: int = 200) -> str:
    """Printable, storable text for reports: lone surrogates and NUL escaped, shortened."""
    s = value if isinstance(value, str) else repr(value)
    if len(s) > limit:
        s = s[:limit] + "…"
    s = s.replace("\x00", "\\x00")
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        s = s.encode("utf-8", "backslashreplace").decode("utf-8")
    return s


def _safe_value(v):
    if v is None or type(v) is bool:
        return v
    if type(v) is int:
        return v if -(1 << 63) <= v < (1 << 63) else safe_text(str(v), 40)
    if type(v) is float:
        return safe_text(repr(v), 40)
    return safe_text(v)


def screen_changeset(db: sqlite_utils.Database, cs: ChangeSet, *, sender: str, scope: set[str], township: str,
                     today: date | None = None, loaded: dict | None = None) -> tuple[ChangeSet, list[Rejection]]:
    """Return a new ChangeSet holding only the acceptable records (and their conflict/history entries),
    and the rejections. Pure screening: reads the db, writes nothing.

    ``sender`` is the signing device (the bundle's verified signer), ``scope`` the area ids it may
    write in (its enrolled areas with their subtrees, already expanded), ``township`` this
    township's own device id, ``today`` the date that dates are checked against (default: today).
    ``loaded``, when given, receives what the township holds for the change set's records, as the
    screen read it (table -> (fields, {id: (base, seen, deltas, devices, values)})): the merge that
    follows in the same transaction reuses it instead of reading it again.
    The result keeps ``cs.id``, ``cs.sender`` and a sane ``seq_max``; its ``devices`` list holds
    only devices its versions use, each the sender or a device the township knows.
    """
    s = _Screen(db, cs, sender, set(scope), township, (today or date.today()) + timedelta(days=1))
    s.loaded = loaded
    for tname in TABLE_ORDER:
        tc = cs.tables.get(tname)
        if tc and tc.get("rows"):
            s.table(tname, tc)
    s.unique_ids()
    s.references()
    s.synced_codes()
    s.history()
    return s.result(), s.rejections()


class _Screen:
    def __init__(self, db, cs: ChangeSet, sender: str, scope: set[str], township: str, day: date):
        self.db, self.cs, self.sender, self.scope, self.township, self.day = db, cs, sender, scope, township, day
        self.dev_idx = {d: i for i, d in db.execute("SELECT idx, device_id FROM devices")}
        self.idx_dev = {i: d for d, i in self.dev_idx.items()}
        devs = cs.devices
        self.own = [d == sender for d in devs]
        self.known_dev = [d == sender or d in self.dev_idx for d in devs]
        self.pos_of_idx = {}
        for p, d in enumerate(devs):
            if d in self.dev_idx:
                self.pos_of_idx.setdefault(self.dev_idx[d], p)
        self.losers: dict[tuple, list] = {}
        for c in cs.conflicts:
            self.losers.setdefault((c[0], c[1]), []).append(c)
        self.loser_tables = {t for t, _ in self.losers}
        self.rejected: dict[tuple, Rejection] = {}
        self.out_rows: dict[str, dict] = {}       # table -> {id: row} kept (accepted or pure echo)
        self.out_losers: dict[tuple, list] = {}   # (table, rid) -> losing versions kept
        self.fields: dict[str, list] = {}
        self.new_ok: dict[str, set] = {}          # table -> ids new to the township, accepted so far
        self.town_area: dict[str, dict] = {}      # table -> {id: area at the township} (loaded records)
        self.refs: list[tuple] = []               # (table, field, target table, [(rid, target id)])
        self.synced: list[tuple] = []             # (table, field, vocabulary, [(rid, code)]): new synced codes
        self.history_rejections: list[Rejection] = []
        self.history_kept: list = []
        self.loaded: dict | None = None         # what was read of the stored records, for the merge

    # -- helpers -------------------------------------------------------------------------------
    def reject(self, tname, rid, reason, field=None, detail="", row=None, fields=None, versions=1):
        key = (tname, rid)
        if key in self.rejected:
            return
        value = None
        if row is not None and fields is not None:
            try:
                value = json.dumps({f: _safe_value(v) for f, v, dt in zip(fields, row[1], row[3]) if dt is not None},
                                   ensure_ascii=False)
            except (TypeError, ValueError):
                value = None
        self.rejected[key] = Rejection(tname, safe_text(rid, 80), reason, field, safe_text(detail), value, versions)

    def _ids_query(self, sql: str, ids: list, extra: list = ()):
        """Rows of ``sql`` for the ids in chunks: its first parameter is the JSON list, then ``extra``."""
        for i in range(0, len(ids), _CHUNK):
            yield from self.db.execute(sql, [json.dumps(ids[i:i + _CHUNK]), *extra])

    # -- one table -----------------------------------------------------------------------------
    def table(self, tname: str, tc: dict) -> None:
        t = get_table(tname)
        fields = tc["fields"]
        rows = tc["rows"]
        self.fields[tname] = fields
        nf = len(fields)
        fobj = [t.field(f) for f in fields]
        kinds = [f.kind for f in fobj]
        fpos = {f: k for k, f in enumerate(fields)}
        area_k = fpos.get("area_id")
        del_k = fpos.get("deleted")
        township_only = t.author == "township"   # the area tree, synced vocabularies: only the township writes them
        ref_ks = [k for k in range(nf) if kinds[k] == "ref" and fields[k] not in ("area_id", "parent_id")
                  and fobj[k].ref]
        required = [k for k in range(nf) if fobj[k].required]
        scope = self.scope
        devs = self.cs.devices
        own, known_dev = self.own, self.known_dev
        day = self.day

        # what the township holds for these ids: versions, values, seen marks, stored conflicts
        ids = [r[0] for r in rows]
        existing: dict[str, tuple] = {}
        whole: dict[str, tuple] = {}   # records with both rows (what the merge reads as stored)
        for rid, base, seen, deltas, devices, has_row, values in read_versions(self.db, tname, fields, ids,
                                                                               chunk=_CHUNK):
            if not has_row:
                values = [None] * nf
            cur = existing[rid] = (base, seen, deltas, devices, values)
            if has_row:
                whole[rid] = cur
        if self.loaded is not None:
            self.loaded[tname] = (fields, whole)
        town_area = self.town_area.setdefault(tname, {})
        if area_k is not None:
            for rid, cur in existing.items():
                town_area[rid] = cur[4][area_k]
        stored: dict[str, dict] = {}
        if existing:
            for rid, fld, stamp, device, value, seen in self._ids_query(
                    "SELECT c.rid, c.field, c.stamp, c.device, c.value, c.seen FROM json_each(?1) j "
                    "JOIN conflicts c ON c.tbl = ?2 AND c.rid = j.value", list(existing), [tname]):
                try:
                    v = None if value is None else json.loads(value)
                except ValueError:
                    continue
                stored.setdefault(rid, {})[(fld, stamp, device)] = v

        vcache: dict = {}

        def value_problem(k, v):
            """(reason, detail) or None for a new value of field k."""
            key = (k, type(v), v)
            try:
                hit = vcache.get(key, False)
            except TypeError:
                hit = False
                key = None
            if hit is not False:
                return hit
            f = fobj[k]
            problem = stored_value_problem(tname, f, v, day)
            out = None
            if problem is not None:
                reason = "bad_value"
                if f.kind == "text" and type(v) is str:
                    try:
                        check_text(v.strip(), f.limit)
                    except ValueProblem:
                        reason = "bad_text"
                out = (reason, f"{tname}.{f.name}: {problem}")
            if key is not None:
                vcache[key] = out
            return out

        out_rows = self.out_rows.setdefault(tname, {})
        new_ok = self.new_ok.setdefault(tname, set())
        idx_dev, pos_of_idx = self.idx_dev, self.pos_of_idx

        accepted = set()          # ids of rows kept, to add in the change set's own order
        simple = []               # rows new to the township without carried losers: screened by column
        all_ids_ok = len(ids) == len(rows) and all_record_ids(ids)
        if all_ids_ok and not existing and not township_only and tname not in self.loser_tables:
            rows_left, simple = (), list(rows)   # the common first merge: every record new, nothing else
        else:
            rows_left = rows
        for row in rows_left:
            rid = row[0]
            if not all_ids_ok and not is_record_id(rid):
                self.reject(tname, rid if isinstance(rid, str) else repr(rid), "bad_id",
                            detail=f"{tname}: not a record id", row=row, fields=fields, versions=_count(row))
                continue
            key = (tname, rid)
            rl = self.losers.get(key, ())
            cur = existing.get(rid)
            if cur is None and not rl and not township_only:
                simple.append(row)
                continue
            try:
                if cur is not None and not rl and _pure_echo(cur, row, pos_of_idx):
                    accepted.add(rid)
                    continue
                verdict = self._row(tname, row, fields, fpos, cur, rl, stored.get(rid, {}), township_only, area_k,
                                    del_k, required, value_problem, devs, own, known_dev, idx_dev, scope)
            except (IndexError, TypeError, ValueError, KeyError):
                self.reject(tname, rid, "bad_record", detail=f"{tname}: malformed record", versions=1)
                continue
            if verdict is None:
                continue  # rejected
            new_versions, kept_losers = verdict
            accepted.add(rid)
            if kept_losers:
                self.out_losers[key] = kept_losers
            if cur is None:
                new_ok.add(rid)
            for k, v, _own_row in new_versions:
                if k in ref_ks and v is not None:
                    self.refs.append((tname, fields[k], fobj[k].ref, [(rid, v)]))
                elif v is not None and isinstance(fobj[k].vocab, SyncedVocabulary):
                    self.synced.append((tname, fields[k], fobj[k].vocab.name, [(rid, v)]))
        if simple:
            try:
                good = self._new_rows(tname, simple, fields, fobj, area_k, del_k, required, ref_ks)
            except (IndexError, TypeError, ValueError, KeyError):  # malformed rows: sort them out one by one
                good = []
                for row in simple:
                    try:
                        ok = self._new_rows(tname, [row], fields, fobj, area_k, del_k, required, ref_ks)
                    except (IndexError, TypeError, ValueError, KeyError):
                        self.reject(tname, row[0], "bad_record", detail=f"{tname}: malformed record", versions=1)
                        continue
                    good += ok
            accepted.update(good)
            new_ok.update(good)
        if len(accepted) == len(rows):
            out_rows.update(zip(ids, rows))
        else:
            for row in rows:
                if row[0] in accepted:
                    out_rows[row[0]] = row

    def _new_rows(self, tname, rows, fields, fobj, area_k, del_k, required, ref_ks) -> list[str]:
        """Screen records new to the township, column by column (the bulk of a first merge).

        The same rules as :meth:`_row` for a record without a version here: every version by the
        signer, stamps and seen marks sane, no value without a version, its area in scope, valid
        canonical values, required fields present. Returns the ids of the acceptable rows. Columns
        are transposed once (``zip``) and checked with C-level passes; only columns where a pass
        fails are walked value by value.
        """
        n = len(rows)
        bad: dict[int, tuple] = {}

        def flag(i, prio, reason, field, detail):
            b = bad.get(i)
            if b is None or prio < b[0]:
                bad[i] = (prio, reason, field, detail)

        own_pos = {p for p, o in enumerate(self.own) if o}
        own_pos.add(None)
        devs = self.cs.devices
        rids, values, bases, deltas, dposs, seens = zip(*rows)
        nf = len(fields)
        cols_v = list(zip(*values)) if nf else []
        cols_t = list(zip(*deltas)) if nf else []
        if len(cols_v) != nf or len(cols_t) != nf:
            raise ValueError("rows shorter than their fields")
        # writers: one pass over every device position; the columns only when one is not the signer's
        cols_p = None if own_pos.issuperset(set().union(*dposs)) else list(zip(*dposs))
        lo_base, hi_base = min(bases), max(bases)
        written_of: list = []
        for k, f in enumerate(fields):
            dts, vals = cols_t[k], cols_v[k]
            if None in dts:
                unwritten = list(compress(vals, map(is_, dts, repeat(None))))
                if unwritten.count(None) != len(unwritten):   # values on fields without a version
                    allowed = (None, 0) if k == del_k else (None,)
                    for i in compress(range(n), map(is_, dts, repeat(None))):
                        v = vals[i]
                        if v not in allowed or (v is not None and type(v) is not int):
                            flag(i, 4, "bad_value", f, f"{tname}.{f}: a value without a version")
                partial = True
                wd = list(compress(dts, map(is_not, dts, repeat(None))))
            else:
                partial, wd = False, dts
            written_of.append(partial)
            if not wd:
                continue
            if lo_base + min(wd) <= 0 or hi_base + max(wd) >= MAX_STAMP:
                for i in (_written(dts) if partial else range(n)):
                    if not 0 < bases[i] + dts[i] < MAX_STAMP:
                        flag(i, 3, "bad_seen", f, f"{tname}.{f}: stamp out of range")
            dps = cols_p[k] if cols_p is not None else ()
            if not own_pos.issuperset(dps):
                for i, p in enumerate(dps):
                    if p not in own_pos:
                        flag(i, 1, "forged_writer", f, f"{tname}.{f}: version attributed to device "
                                                       f"{safe_text(devs[p], 40)}, not the signer")
            if k == area_k and self.scope.issuperset(vals):
                continue   # every value is one of the township's own area ids (checked for scope below)
            wv = list(compress(vals, map(is_not, dts, repeat(None)))) if partial else vals
            problems = column_problems(tname, fobj[k], wv, self.day)
            written = _written(dts) if partial and problems else None
            for j, problem in problems.items():
                i = j if written is None else written[j]
                v = vals[i]
                reason = "bad_value"
                if fobj[k].kind == "text" and type(v) is str:
                    try:
                        check_text(v.strip(), fobj[k].limit)
                    except ValueProblem:
                        reason = "bad_text"
                flag(i, 10 + k, reason, f, f"{tname}.{f}: {problem}")
        # seen marks: on written fields only, below their own version's stamp
        if any(seens):
            fpos = {f: k for k, f in enumerate(fields)}
            for i, seen in enumerate(seens):
                if not seen:
                    continue
                for f, sv in seen.items():
                    k = fpos.get(f)
                    dt = None if k is None else deltas[i][k]
                    if dt is None or not 0 <= sv < bases[i] + dt:
                        flag(i, 3, "bad_seen", f, f"{tname}.{f}: seen mark {sv} is not below the version's stamp")
                        break
        # scope: a new record carries its area, inside the sender's areas
        if area_k is None:
            for i in range(n):
                flag(i, 2, "out_of_scope", None, f"{tname}: a new record without its area")
        else:
            dts, vals = cols_t[area_k], cols_v[area_k]
            if None in dts or not self.scope.issuperset(vals):
                for i in range(n):
                    if dts[i] is None or vals[i] not in self.scope:
                        flag(i, 2, "out_of_scope", "area_id", f"{tname}: a new record outside the sender's areas"
                             if vals[i] is not None else f"{tname}: a new record without its area")
        # required fields, unless the record arrives deleted
        deleted = None
        for k in required:
            if k == area_k:
                continue
            dts, vals = cols_t[k], cols_v[k]
            if None in dts or None in vals or "" in vals or "[]" in vals:
                if deleted is None:
                    deleted = set() if del_k is None else \
                        {i for i in range(n) if cols_t[del_k][i] is not None and cols_v[del_k][i] == 1}
                for i in range(n):
                    if i not in deleted and (dts[i] is None or vals[i] in (None, "", "[]")):
                        flag(i, 9, "bad_value", fields[k], f"{tname}.{fields[k]}: required on a new record")
        if not bad:
            good = list(rids)
        else:
            good = []
            for i, row in enumerate(rows):
                b = bad.get(i)
                if b is None:
                    good.append(row[0])
                else:
                    self.reject(tname, row[0], b[1], b[2], b[3], row, fields, _count(row))
        for k in range(nf):
            if isinstance(fobj[k].vocab, SyncedVocabulary):
                vals = cols_v[k]
                pairs = [(rids[i], vals[i]) for i in range(n) if cols_t[k][i] is not None and vals[i] is not None
                         and i not in bad]
                if pairs:
                    self.synced.append((tname, fields[k], fobj[k].vocab.name, pairs))
        for k in ref_ks:
            vals = cols_v[k]
            if bad:
                pick_ = _written(cols_t[k]) if written_of[k] else range(n)
                pairs = [(rids[i], vals[i]) for i in pick_ if vals[i] is not None and i not in bad]
            else:   # no refused row: a written reference is any non-empty value (empty ones had no version)
                pairs = list(compress(zip(rids, vals), map(is_not, vals, repeat(None))))
            if pairs:
                self.refs.append((tname, fields[k], fobj[k].ref, pairs))
        return good

    def _row(self, tname, row, fields, fpos, cur, rl, stored, township_only, area_k, del_k, required, value_problem,
             devs, own, known_dev, idx_dev, scope):
        """The new versions and kept losers of an acceptable row, or None (and the rejection noted)."""
        rid, values, base, deltas, dpos, seen_in = row
        nf = len(fields)
        seen_in = seen_in or {}
        if cur is not None:
            c_base, c_seen, c_t, c_d, c_v = cur
            marks = load_seen(c_seen)
        else:
            marks = {}

        def known(k, value, stamp, dev) -> bool:
            if cur is None:
                return False
            ct = c_t[k]
            if ct is not None:
                ct += c_base
                cd = idx_dev.get(c_d[k])
                if stamp == ct and dev == cd:
                    return value == c_v[k] and type(value) is type(c_v[k])
                if (stamp, dev) < (ct, cd or "") and stamp <= marks.get(fields[k], 0):
                    return True
            hit = stored.get((fields[k], stamp, dev), _MISSING)
            return hit is not _MISSING and hit == value and type(hit) is type(value)

        forged = seen_bad = value_bad = None
        new_versions = []      # (k, value, is_row_version)
        kept_losers = []
        own_loser_max: dict[int, int] = {}
        for c in rl:
            k = fpos.get(c[2])
            if k is None:
                continue  # a field this change set does not carry: the merge ignores it
            value, stamp, p, lseen = c[3], c[4], c[5], c[6]
            dev = devs[p]
            if known_dev[p] and known(k, value, stamp, dev):
                if not own[p] and lseen > marks.get(fields[k], 0) and forged is None:
                    forged = (c[2], f"{tname}.{c[2]}: a relayed losing version claims a seen mark the township "
                                    "never received")
                continue  # the township holds it already: merging it changes nothing
            if not own[p]:
                if forged is None:
                    forged = (c[2], f"{tname}.{c[2]}: losing version attributed to device "
                                    f"{safe_text(dev, 40)}, not the signer")
                continue
            if not (0 < stamp < MAX_STAMP) or not (0 <= lseen < stamp):
                if seen_bad is None:
                    seen_bad = (c[2], f"{tname}.{c[2]}: losing version's seen mark {lseen} is not below its stamp")
            new_versions.append((k, value, False))
            kept_losers.append(c)
            if stamp > own_loser_max.get(k, 0):
                own_loser_max[k] = stamp
        for k in range(nf):
            dt = deltas[k]
            f = fields[k]
            if dt is None:
                v = values[k]
                if v is not None and not (k == del_k and v == 0 and type(v) is int) and value_bad is None:
                    value_bad = ("bad_value", f, f"{tname}.{f}: a value without a version")
                if f in seen_in and seen_bad is None:
                    seen_bad = (f, f"{tname}.{f}: a seen mark on a field without a version")
                continue
            stamp = base + dt
            p = dpos[k]
            dev = devs[p]
            s = seen_in.get(f, 0)
            if known_dev[p] and known(k, values[k], stamp, dev):
                allowed = max(marks.get(f, 0), own_loser_max.get(k, 0) - 1)
                if s > allowed and seen_bad is None:
                    seen_bad = (f, f"{tname}.{f}: seen mark {s} above what the sender has seen")
                continue
            if not own[p]:
                if forged is None:
                    forged = (f, f"{tname}.{f}: version attributed to device {safe_text(dev, 40)}, not the signer")
                continue
            if not (0 < stamp < MAX_STAMP) or not (0 <= s < stamp):
                if seen_bad is None:
                    seen_bad = (f, f"{tname}.{f}: seen mark {s} is not below the version's stamp {stamp}")
            new_versions.append((k, values[k], True))

        if not new_versions and forged is None and seen_bad is None and value_bad is None:
            return [], []  # a pure echo: nothing new
        n = _count(row) + len(rl)
        if township_only:
            what = fields[new_versions[0][0]] if new_versions else None
            if get_table(tname).scope == "tree":
                self.reject(tname, rid, "area_record", what, "areas: the area tree is the township's (a worker "
                            "bundle may not create, change, move or delete areas)", row, fields, n)
            else:
                self.reject(tname, rid, "township_record", what, f"{tname}: only the township writes these "
                            "records", row, fields, n)
            return None
        if forged is not None:
            self.reject(tname, rid, "forged_writer", forged[0], forged[1], row, fields, n)
            return None
        # scope: where the record is now, and everywhere the new versions would put it
        if area_k is not None:
            if cur is not None and c_v[area_k] not in scope:
                self.reject(tname, rid, "out_of_scope", "area_id", f"{tname}: the record's area at the township "
                            "is outside the sender's areas", row, fields, n)
                return None
            for k, v, _ in new_versions:
                if k == area_k and v not in scope:
                    self.reject(tname, rid, "out_of_scope", "area_id", f"{tname}: moves the record to an area "
                                "outside the sender's areas", row, fields, n)
                    return None
            if cur is None and (deltas[area_k] is None or values[area_k] is None):
                self.reject(tname, rid, "out_of_scope", "area_id", f"{tname}: a new record without its area",
                            row, fields, n)
                return None
        elif cur is None:
            self.reject(tname, rid, "out_of_scope", None, f"{tname}: a new record without its area", row, fields, n)
            return None
        if seen_bad is not None:
            self.reject(tname, rid, "bad_seen", seen_bad[0], seen_bad[1], row, fields, n)
            return None
        if value_bad is not None:
            self.reject(tname, rid, value_bad[0], value_bad[1], value_bad[2], row, fields, n)
            return None
        for k, v, _ in new_versions:
            problem = value_problem(k, v)
            if problem is not None:
                self.reject(tname, rid, problem[0], fields[k], problem[1], row, fields, n)
                return None
        if cur is None:
            deleted = del_k is not None and deltas[del_k] is not None and values[del_k] == 1
            if not deleted:
                for k in required:
                    if deltas[k] is None or values[k] in (None, "", "[]"):
                        self.reject(tname, rid, "bad_value", fields[k], f"{tname}.{fields[k]}: required on a new "
                                    "record", row, fields, n)
                        return None
        return new_versions, kept_losers

    # -- across tables ---------------------------------------------------------------------------
    def unique_ids(self) -> None:
        """A record new to the township may not reuse an id of another table (here or in this change set)."""
        all_new = [rid for ids in self.new_ok.values() for rid in ids]
        if not all_new:
            return
        if len(set(all_new)) < len(all_new):   # one new id in two tables of this change set
            where: dict[str, list] = {}
            for tname, ids in self.new_ok.items():
                for rid in ids:
                    where.setdefault(rid, []).append(tname)
            for rid, tables in where.items():
                if len(tables) > 1:
                    for tname in tables:
                        self._reject_accepted(tname, rid, "id_taken", f"{tname}: id also used by a new record "
                                              f"in {', '.join(t for t in tables if t != tname)}")
        # the new ids parsed once, then a primary-key probe per table each
        probes = " UNION ALL ".join(f"SELECT v FROM ids JOIN [{t}] x ON x.id = ids.v" for t in TABLE_ORDER)
        taken = {rid for (rid,) in self._ids_query(
            f"WITH ids(v) AS MATERIALIZED (SELECT value FROM json_each(?)) {probes}", all_new)}
        for rid in taken:
            for other in TABLE_ORDER:
                if self.db.execute(f"SELECT 1 FROM [{other}] WHERE id = ?", [rid]).fetchone():
                    for tname in [t for t, ids in self.new_ok.items() if rid in ids]:
                        if tname != other:
                            self._reject_accepted(tname, rid, "id_taken", f"{tname}: id already used by a record "
                                                  f"in {other}")

    def _reject_accepted(self, tname, rid, reason, detail, field=None) -> None:
        """Refuse a record screened as acceptable (a cross-record rule failed)."""
        if (tname, rid) in self.rejected:
            return
        fields = self.fields[tname]
        row = self.out_rows[tname].pop(rid, None)
        losers = self.out_losers.pop((tname, rid), [])
        n = (_count(row) if row is not None else 0) + len(losers)
        self.new_ok.get(tname, set()).discard(rid)
        self.reject(tname, rid, reason, field, detail, row, fields, max(n, 1))

    def _town_areas(self, tname: str, ids) -> dict:
        """{id: area at the township} for records of a table (loading those not loaded yet)."""
        known = self.town_area.setdefault(tname, {})
        missing = [i for i in set(ids) if i not in known]
        if missing:
            has_area = "area_id" in get_table(tname).field_names
            col = "x.area_id" if has_area else "NULL"
            for rid, area in self._ids_query(f"SELECT x.id, {col} FROM json_each(?) j "
                                             f"JOIN [{tname}] x ON x.id = j.value", missing):
                known[rid] = area
        return known

    def references(self) -> None:
        """New references point at records in scope: at the township, or accepted in this change set.

        Checked column by column with set differences; only a column with a target outside both
        sets is walked, and refusing a record re-checks the references to it (a fixed point).
        """
        if not self.refs:
            return
        by_target: dict[str, set] = {}
        for _, _, target_t, pairs in self.refs:
            by_target.setdefault(target_t, set()).update(map(itemgetter(1), pairs))
        town_ok: dict[str, set] = {}
        for target_t, targets in by_target.items():
            ask = targets - self.new_ok.get(target_t, set())
            areas = self._town_areas(target_t, ask) if ask else {}
            town_ok[target_t] = {i for i in ask if i in areas and areas[i] in self.scope}
        changed = True
        while changed:
            changed = False
            for tname, field, target_t, pairs in self.refs:
                ok_new = self.new_ok.get(target_t, set())
                ok_town = town_ok[target_t]
                missing = set(map(itemgetter(1), pairs)) - ok_new - ok_town
                if not missing:
                    continue
                for rid, target in pairs:
                    if target in missing and (tname, rid) not in self.rejected:
                        self._reject_accepted(tname, rid, "bad_ref", f"{tname}.{field}: refers to a {target_t} "
                                              "record outside the sender's areas or not received", field)
                        changed = True

    def synced_codes(self) -> None:
        """A new code of a synced vocabulary (a person's tag) must be a term the township has: built in,
        or in its ``vocab_terms`` (retired ones too: a laptop may not have heard of the retirement yet)."""
        known: dict[str, set] = {}
        for tname, field, vocab, pairs in self.synced:
            if vocab not in known:
                known[vocab] = set(SYNCED[vocab].codes()) | {r[0] for r in self.db.execute(
                    "SELECT code FROM vocab_terms WHERE vocabulary = ? AND deleted = 0", [vocab])}
            for rid, code in pairs:
                if code not in known[vocab] and (tname, rid) not in self.rejected:
                    self._reject_accepted(tname, rid, "bad_value", f"{tname}.{field}: {safe_text(code, 40)} is not "
                                          f"a term of the township's {vocab} vocabulary", field)

    def history(self) -> None:
        entries = self.cs.history
        if not entries:
            return
        need: dict[str, set] = {}
        for h in entries:
            if get_table(h[2]).author != "township" and h[3] not in self.new_ok.get(h[2], ()):
                need.setdefault(h[2], set()).add(h[3])
        town = {t: self._town_areas(t, ids) for t, ids in need.items()}
        for h in entries:
            stamp, user, tname, rid, action, fields_json = h
            if (tname, rid) in self.rejected:
                continue  # the record is refused and listed: its audit trail goes with it
            problem = None
            if get_table(tname).author == "township":
                problem = f"{tname}: the township's own records"
            elif not is_record_id(rid):
                problem = f"{tname}: not a record id"
            elif rid not in self.new_ok.get(tname, ()) and town.get(tname, {}).get(rid, _MISSING) not in self.scope:
                problem = f"{tname}: a record outside the sender's areas or not received"
            else:
                problem = _history_problem(tname, stamp, user, action, fields_json)
            if problem is None:
                self.history_kept.append(h)
            else:
                self.history_rejections.append(Rejection(tname, safe_text(rid, 80), "bad_history", None,
                                                         safe_text(problem),
                                                         json.dumps({"user": _safe_value(user), "action": action},
                                                                    ensure_ascii=False)))

    # -- the screened change set -------------------------------------------------------------------
    def result(self) -> ChangeSet:
        cs = self.cs
        tables = {}
        for tname, rows in self.out_rows.items():
            if rows:
                tables[tname] = {"fields": self.fields[tname], "rows": list(rows.values())}
        losers = [c for (tname, rid), kept in self.out_losers.items() if rid in self.out_rows.get(tname, ())
                  for c in kept]
        used = set().union(*[row[4] for tc in tables.values() for row in tc["rows"]])
        used.discard(None)
        used.update(c[5] for c in losers)
        devs = cs.devices
        if used == set(range(len(devs))):
            new_devs = list(devs)
        else:  # drop devices no kept version uses, renumbering positions
            order = sorted(used)
            new_devs = [devs[p] for p in order]
            remap = {p: i for i, p in enumerate(order)}
            for tc in tables.values():
                tc["rows"] = [[r[0], r[1], r[2], r[3], [None if p is None else remap[p] for p in r[4]], r[5]]
                              for r in tc["rows"]]
            losers = [[c[0], c[1], c[2], c[3], c[4], remap[c[5]], c[6]] for c in losers]
        assert all(d == self.sender or d in self.dev_idx for d in new_devs)
        acks = {}
        ack = cs.acks.get(self.township)
        if type(ack) is int and 0 <= ack < MAX_STAMP:
            acks[self.township] = ack
        seq_max = cs.seq_max if type(cs.seq_max) is int and 0 <= cs.seq_max < MAX_STAMP else 0
        return ChangeSet(id=cs.id, sender=cs.sender, devices=new_devs, tables=tables, seq_max=seq_max, acks=acks,
                         revoked=[], conflicts=losers, history=list(self.history_kept), issued=cs.issued)

    def rejections(self) -> list[Rejection]:
        return list(self.rejected.values()) + self.history_rejections


_MISSING = object()


def _written(dts) -> list[int]:
    """Positions of a column's written versions (its deltas that are not None)."""
    return list(compress(range(len(dts)), map(is_not, dts, repeat(None))))


def _count(row) -> int:
    try:
        return max(1, sum(1 for dt in row[3] if dt is not None))
    except (TypeError, IndexError):
        return 1


def _pure_echo(cur, row, pos_of_idx) -> bool:
    """Whether a row is exactly the township's version row (same stamps, devices, values; seen within)."""
    c_base, c_seen, c_t, c_d, c_v = cur
    _, values, base, deltas, dpos, seen_in = row
    if base != c_base or deltas != c_t or values != c_v:
        return False
    if [None if d is None else pos_of_idx.get(d, -1) for d in c_d] != dpos:
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


def _history_problem(tname, stamp, user, action, fields_json) -> str | None:
    if not (type(stamp) is int and 0 < stamp < MAX_STAMP):
        return "stamp out of range"
    if action not in ("update", "delete", "restore"):
        return "unknown action"
    if user is not None:
        if not isinstance(user, str) or len(user) > USER_MAX or _CONTROL.search(user):
            return "user name too long or with control characters"
        try:
            user.encode("utf-8")
        except UnicodeEncodeError:
            return "user name is not valid Unicode"
    if not isinstance(fields_json, str):
        return "fields not JSON"
    try:
        changed = json.loads(fields_json)
    except (ValueError, RecursionError):
        return "fields not JSON"
    if not isinstance(changed, dict) or not changed:
        return "fields not an object"
    names = set(get_table(tname).field_names)
    for f, pair in changed.items():
        if f not in names:
            return f"unknown field {safe_text(f, 40)}"
        if not (isinstance(pair, list) and len(pair) == 2):
            return f"{f}: not an [old, new] pair"
        for v in pair:
            if v is None:
                continue
            if type(v) is int:
                if not -(1 << 63) <= v < (1 << 63):
                    return f"{f}: number out of range"
            elif type(v) is str:
                try:
                    check_text(v, LONG_TEXT_MAX)
                except ValueProblem as e:
                    return f"{f}: {e.en}"
            else:
                return f"{f}: not text or a number"
    return None


# -- recording rejections (called by the merge, inside its transaction) ----------------------------

def note_rejections(rep, rejections: list[Rejection]) -> None:
    """Count the rejections into a ``MergeReport`` (versions refused, per table, and the listed records)."""
    for r in rejections:
        tr = rep.table(r.table)
        if r.reason != "bad_history":
            tr["records"] += 1
        tr["rejected"] += r.versions
        rep.rejected += r.versions
        rep.rejected_records.append(r.as_dict())


def rejection_rows(cs: ChangeSet, rejections: list[Rejection], received: str) -> list[tuple]:
    """``rejected_changes`` rows: (bundle_id, sender, tbl, rid, field, value, reason, received_at, detail)."""
    return [(safe_text(cs.id, 80), safe_text(cs.sender, 80), r.table, r.rid, r.field, r.value, r.reason, received,
             r.detail) for r in rejections]
