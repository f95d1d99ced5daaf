"""Finding persons, households and houses (以人找房、以房找人).

A local index table ``search_index`` holds one row per person, household and house: the display
name, pinyin initials, and a lower-cased ``haystack`` of name, full pinyin, initials, ID number,
phone and address. Queries of 3+ characters use an FTS5 trigram index over the haystack;
shorter ones (1–2 characters, common for Chinese given names) use a plain ``LIKE`` over the short
``name`` and ``initials`` columns: a trigram index cannot match fewer than 3 characters, and on
SQLite 3.40 a short ``LIKE`` against a trigram table silently returns nothing, so short queries
never touch the FTS table.

**The index is current inside the transaction that changes the records**
(:mod:`.search_index`): the store's writer (:func:`gridkeeper.store.changes.writing`: edits,
imports, the demo) and every merge call :func:`index_changes` before they commit, so a search
never pays for a merge and never runs a rebuild on the GUI thread. Only a database indexed by an
older format (``search_version``) or left behind by an older app needs
:func:`refresh_search_index`, which the GUI runs as a background task at start and the CLI runs
before it searches. Pinyin comes from :mod:`.pinyin` (dictionary speed).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import sqlite_utils

from .pinyin import SURNAME_READINGS, name_pinyin, text_syllables  # noqa: F401 - re-exported
from .search_index import (INDEX_VERSION, INDEXED, IndexState, index_changes, index_state,  # noqa: F401
                           needs_refresh, refresh_search_index)

_LIKE_ESCAPE = re.compile(r"([%_\\])")


def _like(s: str) -> str:
    return _LIKE_ESCAPE.sub(r"\\\1", s)


@dataclass
class SearchPage:
    """One page of results and how many there are in all (前 50 条，共 106 条)."""

    results: list[dict]
    total: int
    offset: int = 0

    @property
    def more(self) -> int:
        """How many results come after this page."""
        return max(0, self.total - self.offset - len(self.results))


def _query(query: str, area_ids, kinds) -> tuple[str, str, list] | None:
    q = " ".join(str(query or "").split()).lower()
    if not q:
        return None
    params: list = []
    if len(q) < 3:
        source = "search_index s"
        if q.isascii():  # "zg": the start of pinyin initials (either reading of a surname)
            where = "(s.initials LIKE ? ESCAPE '\\' OR s.initials LIKE ? ESCAPE '\\')"
            params += [f"{_like(q)}%", f"% {_like(q)}%"]
        elif any(c.isascii() and c.isalpha() for c in q):  # "王a": LIKE folds the Latin letter's case
            where = "s.name LIKE ? ESCAPE '\\'"
            params.append(f"%{_like(q)}%")
        else:            # "桂", "桂兰": anywhere in the name — one instr() per row, quicker than LIKE
            where = "instr(s.name, ?) > 0"
            params.append(q)
    else:
        phrase = '"' + q.replace('"', '""') + '"'
        source = "search_fts f JOIN search_index s ON s.rowid = f.rowid"
        where = "search_fts MATCH ?"
        params.append(phrase)
    if kinds:
        where += f" AND s.kind IN ({', '.join('?' * len(kinds))})"
        params += list(kinds)
    if area_ids is not None:
        where += " AND s.area_id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(area_ids))
    return q, f"FROM {source} WHERE {where}", params


def search_page(db: sqlite_utils.Database, query: str, *, limit: int = 50, offset: int = 0,
                area_ids: list[str] | None = None, kinds: tuple[str, ...] | None = None,
                count: bool = True) -> SearchPage:
    """A page of :func:`search` results with the total number of matches."""
    built = _query(query, area_ids, kinds)
    if built is None:
        return SearchPage([], 0, offset)
    q, body, params = built
    # a short query scans the index: its total comes with the page, from the same scan (a second
    # scan just to count cost as much again); an FTS match counts in a fraction of a millisecond
    window = ", count(*) OVER ()" if count and len(q) < 3 else ""
    sql = f"""SELECT s.kind, s.rid AS id, s.name, s.detail, s.area_id,
                CASE WHEN s.name = ? THEN 0 WHEN s.name LIKE ? ESCAPE '\\' THEN 1
                     WHEN s.initials = ? THEN 2 WHEN s.kind = 'person' THEN 3 ELSE 4 END AS rank{window}
              {body} ORDER BY rank, s.kind DESC, s.name, s.rid LIMIT ? OFFSET ?"""
    rows = db.execute(sql, [query.strip(), f"{_like(q)}%", q, *params, int(limit), int(offset)]).fetchall()
    results = [dict(kind=r[0], id=r[1], name=r[2], detail=r[3], area_id=r[4]) for r in rows]
    if window and rows:
        total = rows[0][6]
    elif count and (len(results) == limit or (offset and not results)):
        total = db.execute(f"SELECT count(*) {body}", params).fetchone()[0]   # more may follow: count them
    else:
        total = offset + len(results)
    return SearchPage(results, total, offset)


def search(db: sqlite_utils.Database, query: str, *, limit: int = 50, offset: int = 0,
           area_ids: list[str] | None = None, kinds: tuple[str, ...] | None = None) -> list[dict]:
    """Persons, households and houses matching ``query``; best matches first.

    Each result: ``{"kind", "id", "name", "detail", "area_id"}``. Reads the index only: writers
    keep it current (see the module docstring).
    """
    return search_page(db, query, limit=limit, offset=offset, area_ids=area_ids, kinds=kinds, count=False).results
