"""``Changes``: what an operation changed, announced to every view (Anki's ``OpChanges``).

A data-changing service returns one (or the UI derives it from what the service returned: the
``Change`` list of an edit, a merge report); the main window announces it on one signal, and each
view decides for itself whether it cares (``changes.touches("persons")``). No view refreshes
another. Plain data, no Qt, so every layer can build one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .records import TABLE_ORDER


@dataclass(frozen=True)
class Changes:
    tables: frozenset[str] = frozenset()   # record tables written (``areas`` too: the tree changed)
    ids: frozenset[tuple[str, str]] = frozenset()   # (table, id) pairs, when known; empty: any record
    sync: bool = False          # a bundle went out or came in: the "last sync" time changed
    settings: bool = False      # settings that change what lists show (care visit intervals)
    devices: bool = False       # devices, enrolments, keys
    review: bool = False        # the queue of conflicts, quarantined and rejected changes
    everything: bool = False    # another state altogether (a restored backup): every view reloads
    origin: object = field(default=None, compare=False, repr=False)  # the view that made it (already fresh)

    def touches(self, *tables: str) -> bool:
        """Did any of ``tables`` change?"""
        return self.everything or not self.tables.isdisjoint(tables)

    def touches_record(self, table: str, rid: str) -> bool:
        """Did this record (as far as is known) change?"""
        return self.touches(table) and (not self.ids or (table, rid) in self.ids or
                                         all(t != table for t, _ in self.ids))

    def __bool__(self) -> bool:
        return bool(self.tables or self.sync or self.settings or self.devices or self.review or self.everything)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.tables | other.tables, self.ids | other.ids if self.ids and other.ids else frozenset(),
                       self.sync or other.sync, self.settings or other.settings, self.devices or other.devices,
                       self.review or other.review, self.everything or other.everything, self.origin or other.origin)

    @classmethod
    def of_tables(cls, *tables: str, **flags) -> Changes:
        return cls(frozenset(tables), **flags)

    @classmethod
    def of_writes(cls, writes: Iterable, **flags) -> Changes:
        """From the ``store.changes.Change`` list an edit, a delete or an undo returned."""
        writes = [w for w in writes if w is not None]
        return cls(frozenset(w.table for w in writes), frozenset((w.table, w.rid) for w in writes), **flags)

    @classmethod
    def of_merge(cls, reports: Iterable[dict], **flags) -> Changes:
        """From merge reports (``MergeReport.as_dict()``): the tables a merge applied versions to or
        found conflicts in; a report without per-table counts counts as touching every record table."""
        tables: set[str] = set()
        review = False
        for rep in reports:
            per_table = rep.get("per_table")
            if per_table is None:
                tables.update(RECORD_TABLES)
            else:
                tables.update(t for t, c in per_table.items() if c.get("applied") or c.get("conflicts"))
            review = review or bool(rep.get("conflicts") or rep.get("quarantined") or rep.get("rejected"))
        return cls(frozenset(tables), sync=True, devices=True, review=review, **flags)


RECORD_TABLES = tuple(TABLE_ORDER)
EVERYTHING = Changes(everything=True)
