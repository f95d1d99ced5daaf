"""Screening across records, once every table is screened: references, synced codes, unique ids.

``bad_ref``
    a new reference (``household_id``, ``house_id``, ``person_id``, ``care_subject_id``,
    ``dispute_id``) to a record that is neither at the township with its area inside the sender's
    scope nor accepted in this same change set (checked to a fixed point: refusing a record refuses
    the new records that depend on it).
``bad_value`` (synced codes)
    a code of a synced vocabulary (a person's tag) that is not a term of the township's vocabulary
    (built in or in ``vocab_terms``).
``id_taken``
    a record new to the township whose id is already used in another table (at the township or
    by another new record of the same change set).

While a table is screened, the new references and synced codes its accepted records carry are
noted (:func:`note_record_references`, :func:`note_new_references`); the checks here refuse an
accepted record afterwards (``Screening.reject_accepted``).
"""

from __future__ import annotations

from itertools import compress, repeat
from operator import is_not, itemgetter

from ..domain.records import TABLE_ORDER
from ..domain.vocab import SYNCED, SyncedVocabulary
from .screening import NewColumns, Screening, TableShape, safe_text, written_positions


def note_record_references(s: Screening, shape: TableShape, rid: str, new_versions: list) -> None:
    """The references and synced codes among an accepted record's new versions, for the checks below."""
    fields, fobj, ref_ks = shape.fields, shape.fobj, shape.ref_ks
    for k, v, _own_row in new_versions:
        if k in ref_ks and v is not None:
            s.refs.append((shape.name, fields[k], fobj[k].ref, [(rid, v)]))
        elif v is not None and isinstance(fobj[k].vocab, SyncedVocabulary):
            s.synced.append((shape.name, fields[k], fobj[k].vocab.name, [(rid, v)]))


def note_new_references(s: Screening, shape: TableShape, cols: NewColumns, bad: dict) -> None:
    """The same for records new to the township, column by column (``bad``: the rows refused)."""
    tname, fields, fobj, n, rids = shape.name, shape.fields, shape.fobj, cols.n, cols.rids
    for k in range(len(fields)):
        if isinstance(fobj[k].vocab, SyncedVocabulary):
            vals = cols.cols_v[k]
            pairs = [(rids[i], vals[i]) for i in range(n) if cols.cols_t[k][i] is not None and vals[i] is not None
                     and i not in bad]
            if pairs:
                s.synced.append((tname, fields[k], fobj[k].vocab.name, pairs))
    for k in shape.ref_ks:
        vals = cols.cols_v[k]
        if bad:
            pick_ = written_positions(cols.cols_t[k]) if cols.partial[k] else range(n)
            pairs = [(rids[i], vals[i]) for i in pick_ if vals[i] is not None and i not in bad]
        else:   # no refused row: a written reference is any non-empty value (empty ones had no version)
            pairs = list(compress(zip(rids, vals), map(is_not, vals, repeat(None))))
        if pairs:
            s.refs.append((tname, fields[k], fobj[k].ref, pairs))


def check_unique_ids(s: Screening) -> None:
    """A record new to the township may not reuse an id of another table (here or in this change set)."""
    all_new = [rid for ids in s.new_ok.values() for rid in ids]
    if not all_new:
        return
    if len(set(all_new)) < len(all_new):   # one new id in two tables of this change set
        where: dict[str, list] = {}
        for tname, ids in s.new_ok.items():
            for rid in ids:
                where.setdefault(rid, []).append(tname)
        for rid, tables in where.items():
            if len(tables) > 1:
                for tname in tables:
                    s.reject_accepted(tname, rid, "id_taken", f"{tname}: id also used by a new record "
                                      f"in {', '.join(t for t in tables if t != tname)}")
    # the new ids parsed once, then a primary-key probe per table each
    probes = " UNION ALL ".join(f"SELECT v FROM ids JOIN [{t}] x ON x.id = ids.v" for t in TABLE_ORDER)
    taken = {rid for (rid,) in s.ids_query(
        f"WITH ids(v) AS MATERIALIZED (SELECT value FROM json_each(?)) {probes}", all_new)}
    for rid in taken:
        for other in TABLE_ORDER:
            if s.db.execute(f"SELECT 1 FROM [{other}] WHERE id = ?", [rid]).fetchone():
                for tname in [t for t, ids in s.new_ok.items() if rid in ids]:
                    if tname != other:
                        s.reject_accepted(tname, rid, "id_taken", f"{tname}: id already used by a record "
                                          f"in {other}")


def check_references(s: Screening) -> None:
    """New references point at records in scope: at the township, or accepted in this change set.

    Checked column by column with set differences; only a column with a target outside both
    sets is walked, and refusing a record re-checks the references to it (a fixed point).
    """
    if not s.refs:
        return
    by_target: dict[str, set] = {}
    for _, _, target_t, pairs in s.refs:
        by_target.setdefault(target_t, set()).update(map(itemgetter(1), pairs))
    town_ok: dict[str, set] = {}
    for target_t, targets in by_target.items():
        ask = targets - s.new_ok.get(target_t, set())
        areas = s.town_areas(target_t, ask) if ask else {}
        town_ok[target_t] = {i for i in ask if i in areas and areas[i] in s.scope}
    changed = True
    while changed:
        changed = False
        for tname, field, target_t, pairs in s.refs:
            ok_new = s.new_ok.get(target_t, set())
            ok_town = town_ok[target_t]
            missing = set(map(itemgetter(1), pairs)) - ok_new - ok_town
            if not missing:
                continue
            for rid, target in pairs:
                if target in missing and (tname, rid) not in s.rejected:
                    s.reject_accepted(tname, rid, "bad_ref", f"{tname}.{field}: refers to a {target_t} "
                                      "record outside the sender's areas or not received", field)
                    changed = True


def check_synced_codes(s: Screening) -> None:
    """A new code of a synced vocabulary (a person's tag) must be a term the township has: built in,
    or in its ``vocab_terms`` (retired ones too: a laptop may not have heard of the retirement yet)."""
    known: dict[str, set] = {}
    for tname, field, vocab, pairs in s.synced:
        if vocab not in known:
            known[vocab] = set(SYNCED[vocab].codes()) | {r[0] for r in s.db.execute(
                "SELECT code FROM vocab_terms WHERE vocabulary = ? AND deleted = 0", [vocab])}
        for rid, code in pairs:
            if code not in known[vocab] and (tname, rid) not in s.rejected:
                s.reject_accepted(tname, rid, "bad_value", f"{tname}.{field}: {safe_text(code, 40)} is not "
                                  f"a term of the township's {vocab} vocabulary", field)
