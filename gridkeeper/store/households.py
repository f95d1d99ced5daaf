"""Households, houses and people together, and the paged list queries behind the GUI's tables.

Two jobs, both read-only:

- Relations (以人找房、以房找人): :func:`household_members`, :func:`house_households`,
  :func:`house_people`, :func:`person_house`, :func:`household_with_members`.
- Paged lists for the Qt table models: :func:`page` and :func:`count` over one *kind* of list
  (``persons``, ``households``, ``houses``, ``care_subjects``, ``visits``, ``disputes``) within an
  area's subtree, filtered by free text and extra equality filters, sorted by a whitelisted column.
  The column set of each list (:data:`LISTS`) lives here, next to its SQL, so the UI never writes SQL
  and a sort key can never inject any: unknown keys raise ``KeyError``.

Rows come back as plain dicts holding stored values (codes, ISO dates); the UI turns codes into
labels with the vocabularies named in each :class:`Column`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from ..domain import vocab as V
from ..domain.errors import GridkeeperError
from ..domain.lang import pick
from ..domain.messages import M
from ..domain.records import table as get_table
from .areas import subtree_ids
from .changes import writing
from .devices import self_areas, self_device
from .records import get_record
from .sorting import use_sort_key
from .tags import tag_filter_sql

PAGE_SIZE = 200


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    sql: str                                # expression in the list's FROM clause
    vocab: V.Vocabulary | None = None       # codes shown through this vocabulary
    codes: bool = False                     # a JSON list of codes (care categories)
    natural: bool = False                   # sorted as people read names (pinyin, 第三 → 3)

    @property
    def label(self) -> str:
        return pick(self.zh, self.en)


@dataclass(frozen=True)
class ListSpec:
    kind: str
    table: str
    source: str                     # FROM clause; the listed table is aliased ``x``
    columns: tuple[Column, ...]
    search: tuple[str, ...]         # SQL expressions matched with LIKE %text%
    default_sort: str
    filters: tuple[str, ...] = ()   # extra equality filters allowed (column expressions by name)

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(f"{self.kind} has no column {key!r}")


_HEAD = ("(SELECT p.name FROM persons p WHERE p.household_id = x.id AND p.deleted = 0 "
         "ORDER BY p.relation != 'head', p.id LIMIT 1)")

# 村/网格 of a record: "东山村 第三网格" (a grid under its village), else the area's own name. Township-wide
# lists need it: household number 010001 repeats in every grid.
_AREA = ("(SELECT CASE WHEN pa.level IN ('village', 'community') THEN pa.name || ' ' || a.name ELSE a.name END "
         "FROM areas a LEFT JOIN areas pa ON pa.id = a.parent_id WHERE a.id = x.area_id)")
AREA_COLUMN = "area"

LISTS: dict[str, ListSpec] = {s.kind: s for s in [
    ListSpec("persons", "persons",
             "persons x LEFT JOIN households h ON h.id = x.household_id",
             (Column("name", "姓名", "Name", "x.name", natural=True),
              Column(AREA_COLUMN, "村/网格", "Village / grid", _AREA, natural=True),
              Column("gender", "性别", "Gender", "x.gender", V.GENDERS),
              Column("id_number", "公民身份号码", "ID number", "x.id_number"),
              Column("birth_date", "出生日期", "Birth date", "x.birth_date"),
              Column("relation", "与户主关系", "Relation", "x.relation", V.RELATIONS),
              Column("residence_kind", "人口类型", "Residence", "x.residence_kind", V.RESIDENCE_KINDS),
              Column("status", "状态", "Status", "x.status", V.PERSON_STATUSES),
              Column("phone", "联系电话", "Phone", "x.phone"),
              Column("household_number", "户号", "Household", "h.number"),
              Column("address", "地址", "Address", "h.address", natural=True)),
             ("x.name", "x.id_number", "x.phone"), "name",
             ("household_id", "status", "residence_kind", "tags")),
    ListSpec("households", "households", "households x",
             (Column("number", "户号", "Number", "x.number"),
              Column("head", "户主", "Head", _HEAD, natural=True),
              Column(AREA_COLUMN, "村/网格", "Village / grid", _AREA, natural=True),
              Column("registration_kind", "户类型", "Kind", "x.registration_kind", V.REGISTRATION_KINDS),
              Column("members", "人数", "Members",
                     "(SELECT count(*) FROM persons p WHERE p.household_id = x.id AND p.deleted = 0)"),
              Column("address", "地址", "Address", "x.address", natural=True),
              Column("phone", "联系电话", "Phone", "x.phone")),
             ("x.number", "x.address", "x.phone", _HEAD), "number",
             ("house_id", "registration_kind")),
    ListSpec("houses", "houses", "houses x",
             (Column("street", "村民组/街路", "Group / street", "x.street", natural=True),
              Column("building", "楼栋/门牌", "Number", "x.building", natural=True),
              Column("use", "房屋用途", "Use", "x.use", V.HOUSE_USES),
              Column("owner_name", "房主", "Owner", "x.owner_name", natural=True),
              Column("owner_phone", "房主电话", "Owner phone", "x.owner_phone"),
              Column("households", "户数", "Households",
                     "(SELECT count(*) FROM households h WHERE h.house_id = x.id AND h.deleted = 0)")),
             ("x.street", "x.building", "x.owner_name", "x.owner_phone"), "street",
             ("use",)),
    ListSpec("care_subjects", "care_subjects",
             "care_subjects x LEFT JOIN persons p ON p.id = x.person_id",
             (Column("name", "姓名", "Name", "p.name", natural=True),
              Column(AREA_COLUMN, "村/网格", "Village / grid", _AREA, natural=True),
              Column("categories", "类别", "Categories", "x.categories", V.CARE_CATEGORIES, codes=True),
              Column("level", "关爱等级", "Level", "x.level", V.CARE_LEVELS),
              Column("visit_interval", "走访周期(天)", "Interval (days)", "x.visit_interval"),
              Column("guardian_name", "监护人/联系人", "Guardian", "x.guardian_name", natural=True),
              Column("guardian_phone", "监护人电话", "Guardian phone", "x.guardian_phone"),
              Column("since", "纳入日期", "Since", "x.since")),
             ("p.name", "x.guardian_name", "p.id_number"), "name",
             ("person_id", "level")),
    ListSpec("visits", "visits",
             "visits x LEFT JOIN persons p ON p.id = x.person_id",
             (Column("date", "走访日期", "Date", "x.date"),
              Column("name", "走访对象", "Visited", "p.name", natural=True),
              Column("method", "走访方式", "Method", "x.method", V.VISIT_METHODS),
              Column("visitor", "走访人", "Visitor", "x.visitor"),
              Column("findings", "走访情况", "Findings", "x.findings"),
              Column("needs", "反映诉求", "Needs", "x.needs"),
              Column("next_due", "下次走访", "Next due", "x.next_due")),
             ("p.name", "x.findings", "x.needs", "x.visitor"), "-date",
             ("person_id", "care_subject_id", "household_id")),
    ListSpec("disputes", "disputes", "disputes x",
             (Column("number", "编号", "Number", "x.number"),
              Column("received", "受理日期", "Received", "x.received"),
              Column("category", "纠纷类别", "Category", "x.category", V.DISPUTE_CATEGORIES),
              Column("status", "状态", "Status", "x.status", V.DISPUTE_STATUSES),
              Column("summary", "纠纷简要情况", "Summary", "x.summary"),
              Column("mediator", "调解人", "Mediator", "x.mediator"),
              Column("closed", "办结日期", "Closed", "x.closed")),
             ("x.number", "x.summary", "x.mediator",
              "(SELECT group_concat(dp.name) FROM dispute_parties dp WHERE dp.dispute_id = x.id AND dp.deleted = 0)"),
             "-received", ("status", "category")),
]}


def shows_area_column(db: sqlite_utils.Database) -> bool:
    """Whether lists show the 村/网格 column: on the township, and on a laptop that covers more than
    one area (a one-grid worker's lists would repeat the same grid on every line)."""
    return self_device(db).role == "township" or len(self_areas(db)) != 1


def next_household_number(db: sqlite_utils.Database, area_id: str | None) -> str | None:
    """The 户号 to suggest for a new household in ``area_id``: one more than the highest all-digit
    number there, keeping its width (030417 → 030418); the first in an area with a numeric code is
    ``<code>001``, else ``001``. None when nothing sensible can be said (no area)."""
    if not area_id:
        return None
    ids = json.dumps(subtree_ids(db, area_id))
    best = None
    for (num,) in db.execute("SELECT number FROM households WHERE area_id IN (SELECT value FROM json_each(?)) "
                             "AND deleted = 0 AND number GLOB '[0-9]*' AND number NOT GLOB '*[^0-9]*'", [ids]):
        if best is None or (len(num), num) > (len(best), best):
            best = num
    if best is not None:
        return str(int(best) + 1).zfill(len(best))
    code = (db.execute("SELECT code FROM areas WHERE id = ?", [area_id]).fetchone() or [None])[0]
    return f"{code}001" if code and code.isdigit() else "001"


def spec(kind: str) -> ListSpec:
    try:
        return LISTS[kind]
    except KeyError:
        raise KeyError(f"unknown list kind {kind!r}") from None


def _like(s: str) -> str:
    return "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _where(db, s: ListSpec, area_id, filter_text, filters) -> tuple[str, list]:
    clauses, args = ["x.deleted = 0"], []
    if area_id:
        clauses.append("x.area_id IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(subtree_ids(db, area_id)))
    text = " ".join(str(filter_text or "").split())
    if text:
        clauses.append("(" + " OR ".join(f"{e} LIKE ? ESCAPE '\\'" for e in s.search) + ")")
        args += [_like(text)] * len(s.search)
    for name, value in (filters or {}).items():
        if name not in s.filters:
            raise KeyError(f"{s.kind} cannot be filtered by {name!r}")
        if name == "tags":      # persons carrying any of these tags (store.tags)
            sql, targs = tag_filter_sql(list(value or []))
            clauses.append(sql)
            args += targs
            continue
        if isinstance(value, (list, tuple, set)):
            clauses.append(f"x.[{name}] IN (SELECT value FROM json_each(?))")
            args.append(json.dumps(sorted(value)))
        elif value is None:
            clauses.append(f"x.[{name}] IS NULL")
        else:
            clauses.append(f"x.[{name}] = ?")
            args.append(value)
    return " AND ".join(clauses), args


def _order(s: ListSpec, sort_key: str | None) -> str:
    key = sort_key or s.default_sort
    desc = key.startswith("-")
    col = s.column(key.lstrip("-"))
    direction = "DESC" if desc else "ASC"
    # NULLs last either way; the id breaks ties so paging is stable. Names sort by gk_sort
    # (pinyin, numbers by value: store.sorting).
    expr = f"gk_sort({col.sql})" if col.natural else col.sql
    return f"({col.sql}) IS NULL, {expr} {direction}, x.id {direction}"


def page(db: sqlite_utils.Database, kind: str, area_id: str | None = None, filter_text: str = "",
         sort_key: str | None = None, offset: int = 0, limit: int = PAGE_SIZE, *,
         filters: dict | None = None) -> list[dict]:
    """One page of a list: dicts with ``id`` and every column key of :data:`LISTS` [kind].

    ``sort_key`` is a column key, ``-key`` for descending; ``filters`` are equality filters on the
    fields listed in the spec (a list value means any of them).
    """
    s = spec(kind)
    use_sort_key(db)
    where, args = _where(db, s, area_id, filter_text, filters)
    cols = ", ".join(f"{c.sql} AS [{c.key}]" for c in s.columns)
    sql = (f"SELECT x.id AS id, {cols} FROM {s.source} WHERE {where} ORDER BY {_order(s, sort_key)} "
           f"LIMIT {int(limit)} OFFSET {int(offset)}")
    return list(db.query(sql, args))


def count(db: sqlite_utils.Database, kind: str, area_id: str | None = None, filter_text: str = "", *,
          filters: dict | None = None) -> int:
    s = spec(kind)
    where, args = _where(db, s, area_id, filter_text, filters)
    return db.execute(f"SELECT count(*) FROM {s.source} WHERE {where}", args).fetchone()[0]


def row_index(db: sqlite_utils.Database, kind: str, rid: str, area_id: str | None = None, filter_text: str = "",
              sort_key: str | None = None, *, filters: dict | None = None) -> int | None:
    """Position of record ``rid`` in the list as sorted, or None when the list does not hold it.

    Lets the GUI jump to a search result in a list that is only partly fetched.
    """
    s = spec(kind)
    use_sort_key(db)
    where, args = _where(db, s, area_id, filter_text, filters)
    sql = (f"SELECT rn FROM (SELECT x.id AS id, row_number() OVER (ORDER BY {_order(s, sort_key)}) - 1 AS rn "
           f"FROM {s.source} WHERE {where}) WHERE id = ?")
    row = db.execute(sql, args + [rid]).fetchone()
    return row[0] if row else None


# -- relations ----------------------------------------------------------------------------------

_RELATION_ORDER = {code: i for i, code in enumerate(V.RELATIONS.codes())}


def household_members(db: sqlite_utils.Database, household_id: str) -> list[dict]:
    """The live members of a household, head first, then by relation and birth date."""
    rows = list(db.query("SELECT * FROM persons WHERE household_id = ? AND deleted = 0", [household_id]))
    rows.sort(key=lambda r: (_RELATION_ORDER.get(r["relation"], 99), r["birth_date"] or "", r["id"]))
    return rows


def household_with_members(db: sqlite_utils.Database, household_id: str) -> dict:
    hh = get_record(db, "households", household_id)
    return dict(hh, members=household_members(db, household_id))


def house_households(db: sqlite_utils.Database, house_id: str) -> list[dict]:
    use_sort_key(db)
    return list(db.query("SELECT * FROM households WHERE house_id = ? AND deleted = 0 ORDER BY gk_sort(number), id",
                         [house_id]))


def house_people(db: sqlite_utils.Database, house_id: str) -> list[dict]:
    """Everybody living in a house (以房找人), household by household."""
    out = []
    for hh in house_households(db, house_id):
        out += household_members(db, hh["id"])
    return out


def person_house(db: sqlite_utils.Database, person_id: str) -> dict | None:
    """The house a person lives in (以人找房), through their household; None when unknown."""
    row = db.execute("""SELECT hs.id FROM persons p JOIN households h ON h.id = p.household_id
                        JOIN houses hs ON hs.id = h.house_id
                        WHERE p.id = ? AND h.deleted = 0 AND hs.deleted = 0""", [person_id]).fetchone()
    if not row:
        return None
    return next(iter(db.query("SELECT * FROM houses WHERE id = ?", [row[0]])))


def house_label(house: dict | None) -> str:
    if not house:
        return ""
    parts = [house.get("street"), house.get("building"),
             house.get("unit") and str(M("unit", house_unit=house['unit'])),
             house.get("room") and str(M("room", house_room=house['room']))]
    return "".join(p for p in parts if p)


def choices(db: sqlite_utils.Database, table: str, area_id: str | None = None, text: str = "",
            limit: int = 50) -> list[tuple[str, str]]:
    """``(id, label)`` pairs for a reference picker (households, houses, persons, areas)."""
    if table == "areas":
        use_sort_key(db)
        rows = db.execute("SELECT id, name FROM areas WHERE deleted = 0 AND name LIKE ? ESCAPE '\\' "
                          "ORDER BY gk_sort(name), code LIMIT ?", [_like(text), limit]).fetchall()
        return [(r[0], r[1]) for r in rows]
    kind = {"households": "households", "houses": "houses", "persons": "persons"}.get(table)
    if not kind:
        return []
    rows = page(db, kind, area_id, text, None, 0, limit)
    if kind == "households":
        return [(r["id"], f"{r['number']} {r['head'] or ''} {r['address'] or ''}".strip()) for r in rows]
    if kind == "houses":
        return [(r["id"], house_label(r)) for r in rows]
    return [(r["id"], f"{r['name']} {r['id_number'] or ''}".strip()) for r in rows]


def record_label(db: sqlite_utils.Database, table: str, rid: str | None) -> str:
    """A short human label for a referenced record (shown in pickers)."""
    if not rid:
        return ""
    if table == "households":
        row = db.execute(f"SELECT number, address, {_HEAD} FROM households x WHERE id = ?", [rid]).fetchone()
        return f"{row[0] or ''} {row[2] or ''} {row[1] or ''}".strip() if row else rid
    if table == "houses":
        rows = list(db.query("SELECT * FROM houses WHERE id = ?", [rid]))
        return house_label(rows[0]) if rows else rid
    if table == "persons":
        row = db.execute("SELECT name, id_number FROM persons WHERE id = ?", [rid]).fetchone()
        return f"{row[0]} {row[1] or ''}".strip() if row else rid
    if table == "areas":
        row = db.execute("SELECT name FROM areas WHERE id = ?", [rid]).fetchone()
        return row[0] if row else rid
    if table == "care_subjects":
        row = db.execute("SELECT p.name FROM care_subjects c JOIN persons p ON p.id = c.person_id "
                         "WHERE c.id = ?", [rid]).fetchone()
        return row[0] if row else rid
    if table == "disputes":
        row = db.execute("SELECT number, summary FROM disputes WHERE id = ?", [rid]).fetchone()
        return f"{row[0] or ''} {row[1] or ''}".strip() if row else rid
    return label_from_fields(db, table, rid)


# What names any other record, in this order: its number or date, the person it is about, a short text.
_WHEN = ("number", "date", "received", "found")
_WHO = ("person_id", "volunteer_id")
_WHAT = ("name", "activity", "goods", "content", "summary", "description", "findings", "tag", "kind", "zh")


def label_from_fields(db: sqlite_utils.Database, table: str, rid: str) -> str:
    """A label for a record kind without its own: ``2026-11-03 张桂兰 路灯不亮`` (texts cut to 30 characters)."""
    names = set(get_table(table).field_names)
    when = next((f for f in _WHEN if f in names), None)
    who = next((f for f in _WHO if f in names), None)
    what = next((f for f in _WHAT if f in names), None)
    cols = [f"x.[{f}]" if f else "NULL" for f in (when, what)]
    person = "(SELECT name FROM persons WHERE id = x.[%s])" % who if who else "NULL"
    row = db.execute(f"SELECT {cols[0]}, {person}, {cols[1]} FROM [{table}] x WHERE x.id = ?", [rid]).fetchone()
    if not row:
        return rid
    text = str(row[2] or "")
    parts = [str(row[0] or ""), str(row[1] or ""), text[:30] + ("…" if len(text) > 30 else "")]
    return " ".join(p for p in parts if p) or rid


# -- deleting a household with its people ----------------------------------------------------------

def delete_household(db: sqlite_utils.Database, household_id: str, *, members: str = "delete",
                     move_to: str | None = None, user: str | None = None) -> list:
    """Delete a household and decide, in the same transaction, what happens to its live members.

    ``members="move"``: they join household ``move_to`` (and its area); ``"delete"``: they are deleted
    too, with their care-subject records. Returns the ``Change`` list — one undo step that brings
    everything back. A missing or deleted target, or the household itself, is refused and nothing
    changes (``GridkeeperError`` code ``bad_target``).
    """
    get_record(db, "households", household_id)
    people = household_members(db, household_id)
    target = None
    if members == "move" and people:
        if not move_to or move_to == household_id:
            raise GridkeeperError(M("bad_target:choose_another_household_for_the"),
                                  code="bad_target")
        try:
            target = get_record(db, "households", move_to)
        except GridkeeperError:
            raise GridkeeperError(M("bad_target:the_household_to_move_the"),
                                  code="bad_target") from None
    elif members not in ("move", "delete"):
        raise ValueError(members)
    changes = []
    with writing(db, user) as w:
        for p in people:
            if target is not None:
                changes.append(w.update("persons", p["id"], {"household_id": target["id"],
                                                             "area_id": target["area_id"]}))
            else:
                for (cid,) in db.execute("SELECT id FROM care_subjects WHERE person_id = ? AND deleted = 0",
                                         [p["id"]]).fetchall():
                    changes.append(w.delete("care_subjects", cid))
                changes.append(w.delete("persons", p["id"]))
        changes.append(w.delete("households", household_id))
    return [c for c in changes if c.changed]
