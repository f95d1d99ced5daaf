"""Keeping the search index current (``search_index`` and its FTS5 trigram table ``search_fts``).

One entry per person, household and house: the display name, pinyin initials, a detail line and
a lower-cased haystack for the trigram index. What an entry holds (README, "Search"):

- person: name, its full pinyin and initials, ID number, phone, address (the household's);
- household: its label (head's name + 户 + number), the label's pinyin and initials, phone, address
  (the head's initials and the number are already inside those);
- house: its address with the address's pinyin and initials, owner, owner's pinyin, owner's phone.

**Current inside the writing transaction.** :func:`index_changes` re-indexes what changed since the
mark last indexed (``meta.search_seq``) plus the entries that show it (a household's people carry
its address, a household's label its head's name), set-based: the changed ids go into one temporary
table, the rows are read with a few joins, their text is computed in Python (pinyin from
per-character and per-given-name caches, :mod:`.pinyin`) and written with one ``executemany`` and
one ``INSERT … SELECT`` into the FTS table in rowid order. A writer that knows which records it
wrote says so (``touched``): no scan of the version tables for changed marks. A merge run defers
the index to the commit of each group of bundles (``sync.merge.merge_run``), so 270 bundles cost
a few index passes, not 270.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from .db import transaction
from .meta import set_meta
from .pinyin import name_pinyin

INDEXED = ("persons", "households", "houses")
# Bump when what an entry holds changes: databases indexed by an older version get one full
# rebuild (a background task in the GUI, inline in the CLI).
INDEX_VERSION = "3"
FTS_AUTOMERGE = 16
# FTS5 keeps pending terms in memory up to this many bytes before it writes a segment: a
# township-wide index written at once then becomes a handful of segments instead of dozens
# (a third less work), at a bounded memory cost.
FTS_HASHSIZE = 16 << 20
_CHUNK = 20_000   # rows read and written at a time (bounded memory for a township-wide index)


@dataclass
class IndexState:
    done: int          # the change mark indexed so far
    now: int           # the persisted clock (never below any record's ``_seq``)
    version: str | None

    @property
    def current(self) -> bool:
        return self.version == INDEX_VERSION and self.done >= self.now


def index_state(db: sqlite_utils.Database) -> IndexState:
    """Where the index stands: three rows of ``meta``, no scan."""
    rows = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('search_seq', 'hlc_last', 'search_version')"))
    return IndexState(int(rows.get("search_seq") or 0), int(rows.get("hlc_last") or 0), rows.get("search_version"))


def needs_refresh(db: sqlite_utils.Database) -> bool:
    """Whether the index lags behind the records (an older app, an older index format): the GUI then
    runs :func:`refresh_search_index` as a background task, the CLI before it searches."""
    return not index_state(db).current


# -- the entries --------------------------------------------------------------------------------

def _hay(*parts) -> str:
    return " ".join(p for p in parts if p).lower()


_ADDR = "coalesce(nullif({h}.address, ''), {hs}.street || coalesce({hs}.building, ''))"
_HOUSE_ADDR = ("coalesce(x.street, '') || coalesce(x.building, '') || coalesce(x.unit || '单元', '') "
               "|| coalesce(x.room || '室', '')")
_DIRTY = "temp._gk_dirty d JOIN {t} x ON x.id = d.rid"
_ROWS = {
    "persons": f"""SELECT x.id, x.area_id, x.name, x.id_number, x.phone, {_ADDR.format(h='h', hs='hs')}
                   FROM {_DIRTY.format(t='persons')} LEFT JOIN households h ON h.id = x.household_id
                   LEFT JOIN houses hs ON hs.id = h.house_id WHERE d.tbl = 'persons' AND x.deleted = 0""",
    "households": f"""SELECT x.id, x.area_id, x.number, x.phone, {_ADDR.format(h='x', hs='hs')},
                             (SELECT p.name FROM persons p WHERE p.household_id = x.id AND p.relation = 'head'
                              AND p.deleted = 0 LIMIT 1)
                      FROM {_DIRTY.format(t='households')} LEFT JOIN houses hs ON hs.id = x.house_id
                      WHERE d.tbl = 'households' AND x.deleted = 0""",
    "houses": f"""SELECT x.id, x.area_id, {_HOUSE_ADDR}, x.owner_name, x.owner_phone
                  FROM {_DIRTY.format(t='houses')} WHERE d.tbl = 'houses' AND x.deleted = 0""",
}


def _person(row) -> tuple:
    rid, area, name, id_number, phone, addr = row
    full, initials = name_pinyin(name or "")
    return rid, "person", area, name or "", initials, addr, _hay(name, full, initials, id_number, phone, addr)


def _household(row) -> tuple:
    rid, area, number, phone, addr, head = row
    label = f"{head or ''}户 {number or ''}".strip()
    full, initials = name_pinyin(head or "")
    # the label reads as its head's name + hu (户); digits have no reading
    full = " ".join(f"{v}hu" for v in full.split(" ")) if full else "hu"
    initials = " ".join(f"{v}h" for v in initials.split(" ")) if initials else "h"
    return rid, "household", area, label, initials, addr, _hay(label, full, initials, phone, addr)


def _house(row) -> tuple:
    rid, area, addr, owner, phone = row
    full, initials = name_pinyin(addr)
    owner_full = name_pinyin(owner or "")[0]
    return rid, "house", area, addr, initials, owner or "", _hay(addr, full, initials, owner, owner_full, phone)


_ENTRY = {"persons": _person, "households": _household, "houses": _house}


# -- keeping it current -------------------------------------------------------------------------

def index_changes(db: sqlite_utils.Database, *, tables=None, current_at: int | None = None,
                  touched: dict | None = None, _progress=None) -> int:
    """Bring the index up to date with every record changed since the last mark; returns the number
    of entries written. Call it inside the transaction that changed the records.

    ``tables``, ``touched`` and ``current_at`` are a hint from a writer: when the index was current
    at mark ``current_at`` and only ``tables`` were written since (or only the records ``touched``,
    table -> ids), only those are looked at.
    """
    with transaction(db):
        st = index_state(db)
        # never indexed (a new database): whatever is indexed now is in the current format
        fresh = st.done == 0 and db.execute("SELECT 1 FROM search_index LIMIT 1").fetchone() is None
        if fresh and st.version != INDEX_VERSION:
            _start_index(db)
        hinted = current_at is not None and st.done >= current_at
        if hinted and touched is not None:
            n_dirty = _mark_touched(db, touched)
        else:
            n_dirty = _mark_changed(db, st.done, [t for t in INDEXED if t in tables] if hinted and tables is not None
                                    else INDEXED)
        written = 0
        if n_dirty:
            if not fresh:
                _drop_entries_shown(db)
            written = _write_entries(db, _progress)
        set_meta(db, "search_seq", max(st.done, st.now))
        return written


def _start_index(db) -> None:
    set_meta(db, "search_version", INDEX_VERSION)
    # a merge run adds one FTS segment per commit group: merging them 16 at a time instead of 4
    # writes a third less (queries stay well under a millisecond)
    db.execute(f"INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', {FTS_AUTOMERGE})")
    db.execute(f"INSERT INTO search_fts(search_fts, rank) VALUES ('hashsize', {FTS_HASHSIZE})")


def _dirty_table(db) -> None:
    db.conn.execute("CREATE TEMP TABLE IF NOT EXISTS _gk_dirty (rid TEXT PRIMARY KEY NOT NULL, tbl TEXT NOT NULL) "
                    "WITHOUT ROWID")
    db.conn.execute("DELETE FROM temp._gk_dirty")


def _mark_touched(db, touched: dict) -> int:
    _dirty_table(db)
    n = 0
    for t in INDEXED:
        ids = touched.get(t)
        if ids:
            n += db.conn.execute(f"INSERT OR IGNORE INTO temp._gk_dirty SELECT value, '{t}' FROM json_each(?)",
                                 [json.dumps(list(ids))]).rowcount
    return n


def _mark_changed(db, since: int, tables) -> int:
    _dirty_table(db)
    for t in tables:
        db.conn.execute(f"INSERT OR IGNORE INTO temp._gk_dirty SELECT id, '{t}' FROM [{t}__ver] WHERE _seq > ?",
                        [since])
    return db.conn.execute("SELECT count(*) FROM temp._gk_dirty").fetchone()[0]


def _drop_entries_shown(db) -> None:
    """Add what shows a changed record (a house's households, a household's people — its address —
    and a person's household — its head's name in the label), then drop their old entries."""
    conn = db.conn
    conn.execute("""INSERT OR IGNORE INTO temp._gk_dirty SELECT x.id, 'households'
                    FROM temp._gk_dirty d JOIN households x ON x.house_id = d.rid WHERE d.tbl = 'houses'""")
    conn.execute("""INSERT OR IGNORE INTO temp._gk_dirty SELECT x.id, 'persons'
                    FROM temp._gk_dirty d JOIN persons x ON x.household_id = d.rid WHERE d.tbl = 'households'""")
    conn.execute("""INSERT OR IGNORE INTO temp._gk_dirty SELECT x.household_id, 'households'
                    FROM temp._gk_dirty d JOIN persons x ON x.id = d.rid
                    WHERE d.tbl = 'persons' AND x.household_id IS NOT NULL""")
    conn.execute("""INSERT INTO search_fts(search_fts, rowid, haystack)
                    SELECT 'delete', s.rowid, s.haystack FROM temp._gk_dirty d JOIN search_index s ON s.rid = d.rid
                    ORDER BY s.rowid""")
    conn.execute("DELETE FROM search_index WHERE rid IN (SELECT rid FROM temp._gk_dirty)")


def _write_entries(db, progress) -> int:
    """The entries of every marked record: computed in Python, appended with explicit rowids, then
    handed to the FTS table in one statement in rowid order (FTS5 flushes its pending terms whenever
    a rowid comes out of order)."""
    conn = db.conn
    first = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM search_index").fetchone()[0]
    nxt = first
    for i, t in enumerate(INDEXED):
        if progress:
            progress(i, len(INDEXED) + 1, t)
        entry = _ENTRY[t]
        cur = conn.execute(_ROWS[t])
        while rows := cur.fetchmany(_CHUNK):
            conn.executemany("INSERT INTO search_index(rowid, rid, kind, area_id, name, initials, detail, haystack) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [(nxt + k, *entry(r)) for k, r in enumerate(rows)])
            nxt += len(rows)
    if progress:
        progress(len(INDEXED), len(INDEXED) + 1, "search_fts")
    conn.execute("INSERT INTO search_fts(rowid, haystack) SELECT rowid, haystack FROM search_index WHERE rowid >= ? "
                 "ORDER BY rowid", [first])
    conn.execute("DELETE FROM temp._gk_dirty")
    return nxt - first


def refresh_search_index(db: sqlite_utils.Database, *, full: bool = False, progress=None) -> int:
    """Bring the index up to date; with ``full`` (or an index of an older format) rebuild it whole.
    Returns the number of entries written. ``progress(done, total, text)`` as in ``ui.tasks``.

    Writers keep the index current themselves (:func:`index_changes`); this is for a database
    indexed by an older app, and for the 重建搜索索引 menu entry.
    """
    with transaction(db):
        if full or index_state(db).version != INDEX_VERSION:
            db.execute("DELETE FROM search_index")
            db.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
            set_meta(db, "search_seq", 0)
            set_meta(db, "search_version", None)
        n = index_changes(db, _progress=progress)
        if progress:
            progress(1, 1, "")
        return n
