"""Finding persons, households and houses (以人找房、以房找人).

A local index table ``search_index`` holds one row per person, household and house: the display
name, pinyin initials, and a lower-cased ``haystack`` of name, full pinyin, initials, ID number,
phone and address. Queries of 3+ characters use an FTS5 trigram index over the haystack;
shorter ones (1–2 characters, common for Chinese given names) use a plain ``LIKE`` over the short
``name`` and ``initials`` columns: a trigram index cannot match fewer than 3 characters, and on
SQLite 3.40 a short ``LIKE`` against a trigram table silently returns nothing, so short queries
never touch the FTS table.

**The index is current inside the transaction that changes the records.** :func:`index_changes`
re-indexes, set-based in SQL, every person, household and house whose ``_seq`` (the local change
mark every write and merge sets) is past the mark last indexed, plus the entries that show them
(a household's people carry its address; a household's label carries its head's name). The
store's writer (:func:`gridkeeper.store.changes.writing`: edits, imports, the demo) and
``sync.merge.apply_changeset`` call it just before they commit, so a search never pays for a
merge and never runs a rebuild on the GUI thread. Only a database indexed by an older format
(``search_version``) or left behind by an older app needs :func:`refresh_search_index`, which the
GUI runs as a background task at start and the CLI runs before it searches.

**Pinyin at dictionary speed.** pypinyin called once per full name costs ~30–200 µs (phrase
segmentation and style conversion); a township merge indexes ~100,000 names. Names are 2–4 mostly
common characters, so readings come from a per-character cache filled from pypinyin one character
at a time; only a given name that contains a pypinyin phrase (a few in a thousand) asks pypinyin
for the phrase reading, cached per given name. The surname is read on its own with the surname
table below, and a surname with two readings is indexed under both.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import sqlite_utils

from .db import transaction

# Surnames whose surname reading differs from pypinyin's default reading of the character.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao", "查": "zha",
    "盖": "ge", "乐": "yue", "覃": "qin", "种": "chong", "繁": "po", "员": "yun", "召": "shao",
    "翟": "zhai", "秘": "bi", "折": "she", "黑": "he", "缪": "miao", "尉": "yu", "长": "chang",
    "纪": "ji", "燕": "yan", "洗": "xian", "冼": "xian", "郇": "huan", "句": "gou", "蕃": "pi",
}

INDEXED = ("persons", "households", "houses")
# Bump when what an entry holds changes: databases indexed by an older version get one full
# rebuild (a background task in the GUI, inline in the CLI).
INDEX_VERSION = "2"
FTS_AUTOMERGE = 16

# -- pinyin -----------------------------------------------------------------------------------

_CHAR: dict[str, str] = {}       # character -> its default reading, NORMAL style ('' when none)
_PHRASED: dict[str, list[str]] = {}  # given name containing a pypinyin phrase -> its syllables
_phrases = None                  # pypinyin's phrase dictionary, loaded with pypinyin
_PHRASE_MAX = 4                  # given names hold 1-3 characters; longer texts are read per character


def _pypinyin():
    global _phrases
    from pypinyin import Style, lazy_pinyin
    from pypinyin.constants import PHRASES_DICT

    _phrases = PHRASES_DICT
    return lambda text: lazy_pinyin(text, style=Style.NORMAL, errors="ignore")


def _char_reading(ch: str) -> str:
    r = _CHAR.get(ch)
    if r is None:
        if ch.isascii():
            r = ""            # digits, Latin letters, punctuation: no reading (the text itself is indexed)
        else:
            s = _pypinyin()(ch)
            r = s[0].lower() if len(s) == 1 and s[0].isascii() and s[0].isalpha() else ""
        _CHAR[ch] = r
    return r


def _has_phrase(text: str) -> bool:
    if _phrases is None:
        _pypinyin()
    n = len(text)
    return any(text[i:j] in _phrases for i in range(n - 1) for j in range(i + 2, min(n, i + _PHRASE_MAX) + 1))


def text_syllables(text: str, *, phrases: bool = False) -> list[str]:
    """Readings of the characters of ``text`` that have one (others are skipped).

    With ``phrases`` (given names), a text holding a pypinyin phrase is read by pypinyin as a
    whole, so 重阳 reads chong yang as pypinyin reads it, not zhong yang."""
    if phrases and 1 < len(text) <= _PHRASE_MAX and _has_phrase(text):
        out = _PHRASED.get(text)
        if out is None:
            out = [s.lower() for s in _pypinyin()(text) if s.isascii() and s.isalpha()]
            if len(_PHRASED) > 100_000:
                _PHRASED.clear()
            _PHRASED[text] = out
        return out
    out = []
    for ch in text:
        r = _CHAR.get(ch)
        if r is None:
            r = _char_reading(ch)
        if r:
            out.append(r)
    return out


def name_pinyin(name: str) -> tuple[str, str]:
    """``(full, initials)`` for a name, e.g. 张桂兰 → ("zhangguilan", "zgl").

    For a surname with a special surname reading both readings are given, so 单雄信 is found by
    "sxx" (its real reading) and by "dxx" (what a user may type from the everyday reading):
    ("shanxiongxin danxiongxin", "sxx dxx").
    """
    if not name:
        return "", ""
    first = _CHAR.get(name[0])
    if first is None:
        first = _char_reading(name[0])
    given = text_syllables(name[1:], phrases=True)
    variants = [[first, *given] if first else given]
    special = SURNAME_READINGS.get(name[0])
    if special and special != first:
        variants.insert(0, [special, *given])
    variants = [v for v in variants if v]
    full = " ".join("".join(v) for v in variants)
    initials = " ".join("".join(s[0] for s in v) for v in variants)
    return full, initials


# -- the index --------------------------------------------------------------------------------

def _hay(*parts) -> str:
    """Haystack of an entry: the name, its full pinyin and initials, then the other parts."""
    name = parts[0] or ""
    full, initials = _pinyin_memo(name)
    return " ".join(p for p in (name, full, initials, *parts[1:]) if p).lower()


_memo: dict[str, tuple[str, str]] = {}


def _pinyin_memo(name: str) -> tuple[str, str]:
    """name_pinyin, remembered for the rows of one refresh (an entry asks twice per name)."""
    r = _memo.get(name)
    if r is None:
        if len(_memo) > 4096:
            _memo.clear()
        r = _memo[name] = name_pinyin(name)
    return r


def _initials(s):
    return _pinyin_memo(s or "")[1]


def _full(s):
    return _pinyin_memo(s or "")[0]


def _register(db) -> None:
    """The SQL functions the entries are computed with (per connection)."""
    conn = db.conn
    try:  # defined already? (defining a function again would expire every prepared statement)
        conn.execute("SELECT gk_initials(''), gk_full(''), gk_hay('')").fetchone()
        return
    except Exception:  # noqa: BLE001 - sqlite3 or sqlcipher3 "no such function"
        pass
    conn.create_function("gk_initials", 1, _initials, deterministic=True)
    conn.create_function("gk_full", 1, _full, deterministic=True)
    conn.create_function("gk_hay", -1, _hay, deterministic=True)


_ADDR = "coalesce(nullif({h}.address, ''), {hs}.street || coalesce({hs}.building, ''))"
_HOUSE_ADDR = ("coalesce(x.street, '') || coalesce(x.building, '') || coalesce(x.unit || '单元', '') "
               "|| coalesce(x.room || '室', '')")
_ENTRIES = {
    "persons": f"""
        SELECT x.id, 'person', x.area_id, coalesce(x.name, ''), gk_initials(x.name), {_ADDR.format(h='h', hs='hs')},
               gk_hay(x.name, x.id_number, x.phone, {_ADDR.format(h='h', hs='hs')})
        FROM {{dirty}} JOIN persons x ON x.id = d.rid
        LEFT JOIN households h ON h.id = x.household_id LEFT JOIN houses hs ON hs.id = h.house_id
        WHERE x.deleted = 0""",
    "households": f"""
        SELECT id, 'household', area_id, label, gk_initials(label), addr,
               gk_hay(label, gk_initials(head), number, phone, addr)
        FROM (SELECT *, trim(coalesce(head, '') || '户 ' || coalesce(number, '')) AS label
              FROM (SELECT x.id, x.area_id, x.number, x.phone, {_ADDR.format(h='x', hs='hs')} AS addr,
                           (SELECT p.name FROM persons p WHERE p.household_id = x.id AND p.relation = 'head'
                            AND p.deleted = 0 LIMIT 1) AS head
                    FROM {{dirty}} JOIN households x ON x.id = d.rid
                    LEFT JOIN houses hs ON hs.id = x.house_id WHERE x.deleted = 0))""",
    "houses": f"""
        SELECT x.id, 'house', x.area_id, {_HOUSE_ADDR}, gk_initials({_HOUSE_ADDR}), coalesce(x.owner_name, ''),
               gk_hay({_HOUSE_ADDR}, x.owner_name, gk_full(x.owner_name), x.owner_phone)
        FROM {{dirty}} JOIN houses x ON x.id = d.rid WHERE x.deleted = 0""",
}


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


def index_changes(db: sqlite_utils.Database, *, tables=None, current_at: int | None = None, _progress=None) -> int:
    """Bring the index up to date with every record changed since the last mark; returns the number
    of entries written. Call it inside the transaction that changed the records.

    ``tables`` and ``current_at`` are a hint from a writer: when the index was current at mark
    ``current_at`` and only ``tables`` were written since, only those are scanned for changes.
    """
    from .meta import set_meta

    _register(db)
    with transaction(db):
        st = index_state(db)
        # never indexed (a new database): whatever is indexed now is in the current format
        fresh = st.done == 0 and db.execute("SELECT 1 FROM search_index LIMIT 1").fetchone() is None
        if fresh and st.version != INDEX_VERSION:
            set_meta(db, "search_version", INDEX_VERSION)
            # a merge run adds one small FTS segment per bundle: merging them 16 at a time instead
            # of 4 writes a third less (queries stay well under a millisecond)
            db.execute(f"INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', {FTS_AUTOMERGE})")
        scan = INDEXED
        if tables is not None and current_at is not None and st.done >= current_at:
            scan = [t for t in INDEXED if t in tables]
            if not scan:
                set_meta(db, "search_seq", max(st.done, st.now))
                return 0
        conn = db.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS _gk_dirty (rid TEXT PRIMARY KEY NOT NULL, tbl TEXT NOT NULL) "
                     "WITHOUT ROWID")
        conn.execute("DELETE FROM temp._gk_dirty")
        for t in scan:
            conn.execute(f"INSERT OR IGNORE INTO temp._gk_dirty SELECT id, '{t}' FROM [{t}__ver] WHERE _seq > ?",
                         [st.done])
        n_dirty = conn.execute("SELECT count(*) FROM temp._gk_dirty").fetchone()[0]
        if n_dirty and not fresh:
            # what shows a changed record: a house's households, a household's people (its address),
            # a person's household (its head's name in the label)
            conn.execute("""INSERT OR IGNORE INTO temp._gk_dirty SELECT x.id, 'households' FROM households x
                            WHERE x.house_id IN (SELECT rid FROM temp._gk_dirty WHERE tbl = 'houses')""")
            conn.execute("""INSERT OR IGNORE INTO temp._gk_dirty SELECT x.id, 'persons' FROM persons x
                            WHERE x.household_id IN (SELECT rid FROM temp._gk_dirty WHERE tbl = 'households')""")
            conn.execute("""INSERT OR IGNORE INTO temp._gk_dirty SELECT x.household_id, 'households' FROM persons x
                            WHERE x.id IN (SELECT rid FROM temp._gk_dirty WHERE tbl = 'persons')
                            AND x.household_id IS NOT NULL""")
            conn.execute("""INSERT INTO search_fts(search_fts, rowid, haystack)
                            SELECT 'delete', s.rowid, s.haystack FROM search_index s
                            WHERE s.rid IN (SELECT rid FROM temp._gk_dirty) ORDER BY s.rowid""")
            conn.execute("DELETE FROM search_index WHERE rid IN (SELECT rid FROM temp._gk_dirty)")
        written = 0
        if n_dirty:
            for i, t in enumerate(INDEXED):
                if _progress:
                    _progress(i, len(INDEXED) + 1, t)
                dirty = f"(SELECT rid FROM temp._gk_dirty WHERE tbl = '{t}') d"
                written += conn.execute("INSERT INTO search_index(rid, kind, area_id, name, initials, detail, haystack) "
                                        + _ENTRIES[t].format(dirty=dirty)).rowcount
            if _progress:
                _progress(len(INDEXED), len(INDEXED) + 1, "search_fts")
            # in rowid order: FTS5 flushes its pending terms whenever a rowid comes out of order
            conn.execute("""INSERT INTO search_fts(rowid, haystack) SELECT s.rowid, s.haystack
                            FROM search_index s WHERE s.rid IN (SELECT rid FROM temp._gk_dirty)
                            ORDER BY s.rowid""")
            conn.execute("DELETE FROM temp._gk_dirty")
        set_meta(db, "search_seq", max(st.done, st.now))
        return written


def refresh_search_index(db: sqlite_utils.Database, *, full: bool = False, progress=None) -> int:
    """Bring the index up to date; with ``full`` (or an index of an older format) rebuild it whole.
    Returns the number of entries written. ``progress(done, total, text)`` as in ``ui.tasks``.

    Writers keep the index current themselves (:func:`index_changes`); this is for a database
    indexed by an older app, and for the 重建搜索索引 menu entry.
    """
    from .meta import set_meta

    with transaction(db):
        if full or index_state(db).version != INDEX_VERSION:
            db.execute("DELETE FROM search_index")
            db.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
            set_meta(db, "search_seq", 0)
        n = index_changes(db, _progress=progress)
        if progress:
            progress(1, 1, "")
        return n


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
    sql = f"""SELECT s.kind, s.rid AS id, s.name, s.detail, s.area_id,
                CASE WHEN s.name = ? THEN 0 WHEN s.name LIKE ? ESCAPE '\\' THEN 1
                     WHEN s.initials = ? THEN 2 WHEN s.kind = 'person' THEN 3 ELSE 4 END AS rank
              {body} ORDER BY rank, s.kind DESC, s.name, s.rid LIMIT ? OFFSET ?"""
    rows = db.execute(sql, [query.strip(), f"{_like(q)}%", q, *params, int(limit), int(offset)]).fetchall()
    results = [dict(kind=r[0], id=r[1], name=r[2], detail=r[3], area_id=r[4]) for r in rows]
    if count and (len(results) == limit or (offset and not results)):
        # more may follow: count them (a plain scan without the sort; cheaper than a window count
        # over thousands of matches, which must be materialised before the sort)
        total = db.execute(f"SELECT count(*) {body}", params).fetchone()[0]
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
