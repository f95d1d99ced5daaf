"""Finding persons, households and houses (以人找房、以房找人).

A local index table ``search_index`` holds one row per person, household and house: the display
name, pinyin initials, and a lower-cased ``haystack`` of name, full pinyin, initials, ID number,
phone and address. Queries of 3+ characters use an FTS5 trigram index over the haystack;
shorter ones (1–2 characters, common for Chinese given names) use a plain ``LIKE`` over the short
``name`` and ``initials`` columns: a trigram index cannot match fewer than 3 characters, and on
SQLite 3.40 a short ``LIKE`` against a trigram table silently returns nothing, so short queries
never touch the FTS table.

The index is refreshed lazily at the next search from the records whose ``_seq`` (the local
change mark every write and merge sets) is past the last mark indexed, so neither an edit nor a
township-scale merge pays for pinyin on its critical path.
"""

from __future__ import annotations

import re
from functools import lru_cache

import sqlite_utils

from .db import transaction

# Surnames whose surname reading differs from pypinyin's default reading of the character.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao", "查": "zha",
    "盖": "ge", "乐": "yue", "覃": "qin", "种": "chong", "繁": "po", "员": "yun", "召": "shao",
    "翟": "zhai", "秘": "bi", "折": "she", "黑": "he", "缪": "miao", "尉": "yu", "长": "chang",
    "纪": "ji", "燕": "yan", "洗": "xian", "冼": "xian", "郇": "huan", "句": "gou", "蕃": "pi",
}


@lru_cache(maxsize=200_000)
def name_pinyin(name: str) -> tuple[str, str]:
    """``(full, initials)`` for a name, e.g. 张桂兰 → ("zhangguilan zhangguilan", "zgl").

    For a surname with a special surname reading both readings are given, so 单雄信 is found by
    "sxx" (its real reading) and by "dxx" (what a user may type from the everyday reading).
    """
    from pypinyin import Style, lazy_pinyin

    if not name:
        return "", ""
    syllables = lazy_pinyin(name, style=Style.NORMAL, errors="ignore")
    if len(syllables) != len(name):  # non-Chinese or unknown characters: keep what we can
        syllables = [s for s in syllables if s.isascii()]
    variants = [syllables]
    special = SURNAME_READINGS.get(name[0])
    if special and syllables and syllables[0] != special:
        variants.insert(0, [special] + syllables[1:])
    full = " ".join("".join(v) for v in variants if v)
    initials = " ".join("".join(s[0] for s in v if s) for v in variants if v)
    return full.lower(), initials.lower()


def _entry(kind, rid, area_id, name, detail, extra_parts):
    full, initials = name_pinyin(name or "")
    parts = [name or "", full, initials, *[p or "" for p in extra_parts]]
    return (rid, kind, area_id, name or "", initials, detail or "", " ".join(p for p in parts if p).lower())


INDEXED = ("persons", "households", "houses")


def _marks(db) -> tuple[int, int]:
    """(mark indexed, current mark). The persisted clock moves with every write and merge and is
    never below any record's ``_seq``: one row read tells whether anything changed."""
    from .meta import get_meta

    done = int(get_meta(db, "search_seq", "0"))
    now = int(get_meta(db, "hlc_last", "0"))
    return done, now


def refresh_search_index(db: sqlite_utils.Database, *, full: bool = False) -> int:
    """Bring the index up to date; returns the number of entries rewritten."""
    from .meta import set_meta

    done, now = _marks(db)
    if not full and now <= done:
        return 0
    with transaction(db):
        set_meta(db, "search_seq", now)
        if full:
            db.execute("DELETE FROM search_index")
            db.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
            where = {t: "1" for t in INDEXED}
        else:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS _dirty (tbl TEXT, rid TEXT PRIMARY KEY)")
            db.execute("DELETE FROM _dirty")
            for t in INDEXED:
                db.execute(f"INSERT INTO _dirty SELECT '{t}', id FROM [{t}__ver] WHERE _seq > ?", [done])
            # remove stale entries (and their FTS rows) for everything dirty
            db.execute("""INSERT INTO search_fts(search_fts, rowid, haystack)
                          SELECT 'delete', s.rowid, s.haystack FROM search_index s
                          WHERE s.rid IN (SELECT rid FROM _dirty)""")
            db.execute("DELETE FROM search_index WHERE rid IN (SELECT rid FROM _dirty)")
            where = {t: f"x.id IN (SELECT rid FROM _dirty WHERE tbl = '{t}')" for t in ("persons", "households", "houses")}
        rows = []
        for r in db.execute(f"""
                SELECT x.id, x.area_id, x.name, x.id_number, x.phone,
                       coalesce(nullif(h.address, ''), hs.street || coalesce(hs.building, '')), h.number
                FROM persons x LEFT JOIN households h ON h.id = x.household_id
                LEFT JOIN houses hs ON hs.id = h.house_id
                WHERE x.deleted = 0 AND {where['persons']}"""):
            rid, area, name, idn, phone, addr, hhno = r
            rows.append(_entry("person", rid, area, name, addr, [idn, phone, addr]))
        for r in db.execute(f"""
                SELECT x.id, x.area_id, x.number, x.phone,
                       coalesce(nullif(x.address, ''), hs.street || coalesce(hs.building, '')),
                       (SELECT p.name FROM persons p WHERE p.household_id = x.id AND p.relation = 'head'
                        AND p.deleted = 0 LIMIT 1)
                FROM households x LEFT JOIN houses hs ON hs.id = x.house_id
                WHERE x.deleted = 0 AND {where['households']}"""):
            rid, area, number, phone, addr, head = r
            label = f"{head or ''}户 {number or ''}".strip()
            rows.append(_entry("household", rid, area, label, addr, [head and name_pinyin(head)[1],
                                                                     number, phone, addr]))
        for r in db.execute(f"""
                SELECT x.id, x.area_id, x.street, x.building, x.unit, x.room, x.owner_name, x.owner_phone
                FROM houses x WHERE x.deleted = 0 AND {where['houses']}"""):
            rid, area, street, building, unit, room, owner, ophone = r
            addr = "".join(p for p in (street, building, unit and f"{unit}单元", room and f"{room}室") if p)
            rows.append(_entry("house", rid, area, addr, owner or "", [owner, owner and name_pinyin(owner)[0],
                                                                        ophone]))
        db.conn.executemany("""INSERT INTO search_index(rid, kind, area_id, name, initials, detail, haystack)
                               VALUES (?, ?, ?, ?, ?, ?, ?)""", rows)
        if full:
            db.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        else:
            db.execute("""INSERT INTO search_fts(rowid, haystack) SELECT rowid, haystack FROM search_index
                          WHERE rid IN (SELECT rid FROM _dirty)""")
        return len(rows)


_LIKE_ESCAPE = re.compile(r"([%_\\])")


def _like(s: str) -> str:
    return _LIKE_ESCAPE.sub(r"\\\1", s)


def search(db: sqlite_utils.Database, query: str, *, limit: int = 50, area_ids: list[str] | None = None,
           kinds: tuple[str, ...] | None = None) -> list[dict]:
    """Persons, households and houses matching ``query``; best matches first.

    Each result: ``{"kind", "id", "name", "detail", "area_id"}``.
    """
    q = " ".join(str(query or "").split()).lower()
    if not q:
        return []
    refresh_search_index(db)
    params: list = []
    if len(q) < 3:
        source = "search_index s"
        if q.isascii():  # "zg": the start of pinyin initials (either reading of a surname)
            where = "(s.initials LIKE ? ESCAPE '\\' OR s.initials LIKE ? ESCAPE '\\')"
            params += [f"{_like(q)}%", f"% {_like(q)}%"]
        else:            # "桂", "桂兰": anywhere in the name — one LIKE per row keeps it near a bare scan
            where = "s.name LIKE ? ESCAPE '\\'"
            params.append(f"%{_like(q)}%")
    else:
        phrase = '"' + q.replace('"', '""') + '"'
        source = "search_fts f JOIN search_index s ON s.rowid = f.rowid"
        where = "search_fts MATCH ?"
        params.append(phrase)
    if kinds:
        where += f" AND s.kind IN ({', '.join('?' * len(kinds))})"
        params += list(kinds)
    if area_ids is not None:
        import json

        where += " AND s.area_id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(area_ids))
    sql = f"""SELECT s.kind, s.rid AS id, s.name, s.detail, s.area_id,
                CASE WHEN s.name = ? THEN 0 WHEN s.name LIKE ? ESCAPE '\\' THEN 1
                     WHEN s.initials = ? THEN 2 WHEN s.kind = 'person' THEN 3 ELSE 4 END AS rank
              FROM {source} WHERE {where} ORDER BY rank, s.kind DESC, s.name LIMIT ?"""
    rows = db.execute(sql, [query.strip(), f"{_like(q)}%", q, *params, int(limit)]).fetchall()
    return [dict(kind=r[0], id=r[1], name=r[2], detail=r[3], area_id=r[4]) for r in rows]
