"""Screening a worker's change set against the trust model, before anything merges (DESIGN §4).

The township trusts no laptop's content, only its signature. :func:`screen_changeset` takes the
change set of a signed worker bundle and returns the part of it the township may merge, and the
records it refuses, each with a stable reason code (:data:`REASONS`). It only reads the database;
the merge (``sync.merge.apply_changeset``) records the rejections in ``rejected_changes`` and the
merge report (:func:`note_rejections`, :func:`rejection_rows`), and merges the rest. Screening is
per record: one bad version refuses that whole record (its row, its losing versions and its
history); every other record of the bundle merges.

The rules live with their check family, each module's docstring giving its reason codes:

* ``sync.screen_scope`` — who wrote each version and where the record is: ``forged_writer``,
  ``area_record``, ``township_record``, ``out_of_scope`` (and, for a record the township holds,
  the seen marks, which depend on whether a version is known);
* ``sync.screen_values`` — what a new version carries: ``bad_value``, ``bad_text``, ``bad_seen``;
* ``sync.screen_references`` — across records: ``bad_ref``, synced codes, ``id_taken``;
* ``sync.screen_history`` — the audit trail: ``bad_history``;
* ``sync.screen_table`` — one table: what the township holds, the two paths (record by record,
  column by column), ``bad_id`` and ``bad_record``; ``sync.screening`` holds the shared state.

Pure echoes (every version known, every seen mark within the township's own) pass through whatever
their scope: they change nothing, and a cumulative worker bundle re-sends what it received. Losing
versions in ``cs.conflicts`` obey the same rules as winning ones; known losers are dropped (merging
them changes nothing). Of ``acks`` only the sender's acknowledgement of the township survives, and
``revoked`` is emptied: nothing a worker sends touches ``devices`` or enrolment.

Screening is set-based per table: a handful of queries over all ids of a table (``json_each``), then
one pass over the rows, with validation results cached per distinct value.

A rejection's ``detail`` is short English for logs, ``--json`` and the review list's tooltip; the
reason is shown in the user's language (:func:`reason_label`).
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlite_utils

from ..domain.messages import M, Message
from ..domain.records import TABLE_ORDER
from .changeset import ChangeSet
from .screen_history import check_history
from .screen_references import check_references, check_synced_codes, check_unique_ids
from .screen_table import screen_table
from .screening import Rejection, Screening, safe_text

__all__ = ["REASONS", "Rejection", "note_rejections", "reason_label", "rejection_rows", "safe_text",
           "screen_changeset"]

# reason code -> its label for lists and reports
REASONS: dict[str, Message] = {
    "out_of_scope": M("rejection:out_of_scope"),
    "area_record": M("rejection:area_record"),
    "township_record": M("rejection:township_record"),
    "forged_writer": M("rejection:forged_writer"),
    "bad_value": M("rejection:bad_value"),
    "bad_text": M("rejection:bad_text"),
    "bad_ref": M("rejection:bad_ref"),
    "bad_id": M("rejection:bad_id"),
    "id_taken": M("rejection:id_taken"),
    "bad_seen": M("rejection:bad_seen"),
    "bad_history": M("rejection:bad_history"),
    "bad_record": M("rejection:bad_record"),
}


def reason_label(code: str) -> str:
    """A reason code in the user's language (an unknown code as it is)."""
    label = REASONS.get(code)
    return code if label is None else label.render()


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
    s = Screening(db, cs, sender, set(scope), township, (today or date.today()) + timedelta(days=1))
    s.loaded = loaded
    for tname in TABLE_ORDER:
        tc = cs.tables.get(tname)
        if tc and tc.get("rows"):
            screen_table(s, tname, tc)
    check_unique_ids(s)
    check_references(s)
    check_synced_codes(s)
    check_history(s)
    return s.result(), s.rejections()


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
