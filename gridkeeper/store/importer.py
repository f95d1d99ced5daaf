"""Spreadsheet import of residents: a plan first (what would change, row by row), then one apply.

:func:`plan_import` turns a :class:`~gridkeeper.sheets.SheetTable` (raw cells by sheet row number)
into an :class:`ImportPlan` without writing anything; ``--dry-run`` and the GUI preview show it.
:func:`apply_import` writes a plan through change capture (so the import syncs) in **one**
transaction, after a rotating backup; a crash, an error or a cancel leaves nothing half imported.

Decisions (a grid worker's roster is messy, and the database must stay right):

- **Persons are matched by ID number.** A row whose 公民身份号码 already exists updates that person,
  and only the fields whose column is in the sheet *and* whose cell is not blank: a sheet with just
  姓名, 公民身份号码, 联系电话 changes names and phones and nothing else, and a blank cell never
  erases what the database holds. A row without an ID number matches a person of the same name in
  the same household (户号), else it is a new person.
- **Households are grouped by 户号** within the row's grid: rows sharing a 户号 are one household. An
  existing household with that number in the grid (or the person's current household of that
  number) is reused; otherwise one is created, its address taken from the first 现住址 given and its
  registration kind from the head's 人口类型. Rows without 户号 create persons without a household.
- **网格** cells name a grid by code, by name when the name is unique in the database, or as
  "村名+网格名" (any of "", "+", "/", "-", "·", space between). Rows without a 网格 cell go to the
  ``area_id`` given (``--area``); without one, to this worker device's only enrolled area, or the
  database's only grid. A worker device may not import into areas outside its enrolment.
- **Vocabulary cells** accept codes, labels and the words rosters really use (本人, 长子, 妻, 户籍,
  低保…). "子女" becomes son or daughter by the person's gender. An ethnicity missing from the
  vocabulary but written as one ("土族") becomes "其他"; anything else unknown is a bad row.
- **重点人群类别** creates a care subject for the person, or sets the categories (and 关爱等级, 监护人
  when given) of the one they have.
- **Bad rows**: every problem is reported with the sheet row number, the column header as written in
  the sheet and a reason in the user's language. Rows repeating an ID number (or, without IDs, a
  name within one 户号) are all reported, since nobody can tell which is right. By default nothing
  is imported while any row is bad; with ``skip_bad`` the good rows are imported and the bad ones
  can be written to a side file with :func:`write_bad_rows` to be fixed and imported again.
- **Stale plans**: a plan records a fingerprint of the tables it read; applying it after the
  database changed (another window, a merge) raises ``import_stale`` instead of writing a plan the
  user never saw.
- New persons get status 在住 when the sheet does not say; a care subject's 纳入日期 is left empty
  (the import date is not when they were taken in).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field as dc_field
from datetime import date
from pathlib import Path
from typing import Callable

import sqlite_utils

from ..domain import vocab as V
from ..domain.errors import GridkeeperError, ValidationError
from ..domain.ids import new_id
from ..domain.lang import pick
from ..domain.validate import validate_record
from ..sheets.cells import (ID_DIGITS_LOST_EN, ID_DIGITS_LOST_ZH, CellError, clean_text, normalize_gender, normalize_id_number,
                            normalize_phone, parse_date)
from ..sheets.columns import FIELD_LABELS_ZH
from ..sheets.reader import SheetRow, SheetTable, gc_paused
from .areas import subtree_ids
from .changes import writing
from .import_floating import FLOATING_FIELDS, arrival_events, read_floating

__all__ = ["RowProblem", "RowPlan", "ImportPlan", "ImportResult", "ImportCancelled", "plan_import",
           "apply_import", "write_bad_rows", "bad_rows_path", "ERROR_COLUMN_ZH"]

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]

ERROR_COLUMN_ZH = "错误原因"
_CHUNK = 2000

# sheet field -> person field (fields not listed here are household or care fields)
_PERSON_FIELDS = {
    "name": "name", "gender": "gender", "id_number": "id_number", "birth_date": "birth_date",
    "ethnicity": "ethnicity", "relation": "relation", "phone": "phone",
    "residence_kind": "residence_kind", "status": "status", "work": "work", "notes": "notes",
    **{f: f for f in FLOATING_FIELDS},
}
# record field -> sheet field, for reporting a validation problem under its column
_SHEET_FIELD_OF = {v: k for k, v in _PERSON_FIELDS.items()} | {
    "area_id": "area", "household_id": "household_number", "categories": "care_category",
    "level": "care_level", "guardian_name": "guardian",
}

_RELATION_ALIASES = {
    "本人": "head", "户主本人": "head", "妻": "spouse", "妻子": "spouse", "夫": "spouse",
    "丈夫": "spouse", "儿子": "son", "长子": "son", "次子": "son", "三子": "son", "四子": "son",
    "独子": "son", "养子": "son", "继子": "son", "女儿": "daughter", "长女": "daughter",
    "次女": "daughter", "三女": "daughter", "四女": "daughter", "独女": "daughter",
    "养女": "daughter", "继女": "daughter", "父": "father", "母": "mother", "孙": "grandson",
    "外孙": "grandson", "外孙子": "grandson", "外孙女": "granddaughter", "媳妇": "daughter_in_law",
    "兄": "sibling", "弟": "sibling", "姐": "sibling", "妹": "sibling", "兄弟": "sibling",
    "姐妹": "sibling", "哥哥": "sibling", "弟弟": "sibling", "姐姐": "sibling", "妹妹": "sibling",
    "祖父": "grandparent", "祖母": "grandparent", "外祖父": "grandparent",
    "外祖母": "grandparent", "爷爷": "grandparent", "奶奶": "grandparent", "租户": "tenant",
    "租客": "tenant", "租住": "tenant", "其它": "other",
}
_BY_GENDER = {"子女": ("son", "daughter"), "孙子女": ("grandson", "granddaughter"),
              "外孙子女": ("grandson", "granddaughter")}
_RESIDENCE_ALIASES = {"户籍": "registered", "常住": "registered", "常住人口": "registered",
                      "本地": "registered", "流动": "floating", "外来": "floating",
                      "外来人口": "floating", "境外": "foreign", "外籍": "foreign"}
_STATUS_ALIASES = {"在家": "present", "在册": "present", "正常": "present", "在村": "present",
                   "外出务工": "away", "外出就学": "away", "已迁出": "moved_out", "已故": "deceased",
                   "去世": "deceased", "已死亡": "deceased"}
_CARE_ALIASES = {"低保": "subsistence", "低保户": "subsistence", "特困": "subsistence",
                 "特困人员": "subsistence", "五保": "subsistence", "五保户": "subsistence",
                 "残疾": "disabled", "残疾人员": "disabled", "失能": "disabled_elderly",
                 "独居": "elderly_alone", "空巢": "empty_nest", "留守": "left_behind_child",
                 "重病": "serious_illness", "大病": "serious_illness",
                 "精神障碍": "mental_disorder", "严重精神障碍": "mental_disorder",
                 "精神病人": "mental_disorder", "社区矫正": "community_correction",
                 "刑释人员": "released_prisoner", "刑满释放": "released_prisoner",
                 "吸毒": "drug_user"}
_REG_KIND_OF_RESIDENCE = {"registered": "registered", "floating": "floating"}
_SPLIT_RE = re.compile(r"[,，、;；/\s]+")
_AREA_SEP_RE = re.compile(r"[\s+＋/／\\\-－—·・|]+")


# ---------------------------------------------------------------- plan types


@dataclass
class RowProblem:
    """One reason a sheet row cannot be imported."""

    row: int
    column: str        # the header as written in the sheet (or the standard header)
    zh: str
    en: str

    @property
    def message(self) -> str:
        return pick(self.zh, self.en)

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class RowPlan:
    """What one sheet row will do. ``action``: create / update / unchanged / error."""

    row: int
    action: str
    name: str = ""
    id_number: str = ""
    person_id: str | None = None           # existing person (update) or the new id (create)
    person: dict = dc_field(default_factory=dict)   # full values (create) or changed fields
    changes: dict = dc_field(default_factory=dict)  # field -> [old, new], for showing
    household_key: tuple | None = None
    care_action: str | None = None         # create / update / None
    care_id: str | None = None
    care: dict = dc_field(default_factory=dict)
    problems: list[RowProblem] = dc_field(default_factory=list)
    sheet_row: SheetRow | None = None

    @property
    def bad(self) -> bool:
        return bool(self.problems)

    def as_dict(self) -> dict:
        d = {"row": self.row, "action": self.action, "name": self.name,
             "id_number": self.id_number}
        if self.changes:
            d["changes"] = self.changes
        if self.care_action:
            d["care"] = self.care_action
        if self.problems:
            d["problems"] = [p.as_dict() for p in self.problems]
        return d


@dataclass
class HouseholdPlan:
    key: tuple                      # (area_id, number)
    household_id: str
    existing: dict | None           # the stored household, or None when it will be created
    values: dict                    # full values (create) or changed fields (update)
    rows: list[int] = dc_field(default_factory=list)
    house_key: tuple | None = None  # the HousePlan it is linked to (new link only)


@dataclass
class HousePlan:
    """A house (房屋) for an address in the sheet: an existing one at that address in the same
    grid, or a new one. ``key`` is (area_id, folded address)."""

    key: tuple
    house_id: str
    existing: bool
    values: dict                    # full values when created
    households: list[tuple] = dc_field(default_factory=list)  # household keys living there


@dataclass
class ImportPlan:
    table: SheetTable
    area_id: str | None
    rows: list[RowPlan]
    households: dict[tuple, HouseholdPlan]
    fingerprint: tuple
    source: str | None = None
    houses: dict[tuple, HousePlan] = dc_field(default_factory=dict)

    def houses_to_create(self, household_keys) -> list[HousePlan]:
        """New houses needed by these households (each once, in plan order)."""
        wanted = set()
        for k in household_keys:
            hk = self.households[k].house_key
            if hk is not None:
                wanted.add(hk)
        return [h for k, h in self.houses.items() if k in wanted and not h.existing]

    @property
    def bad_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if r.bad]

    @property
    def problems(self) -> list[RowProblem]:
        return [p for r in self.rows for p in r.problems]

    def good_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if not r.bad]

    def counts(self) -> dict:
        c = {"created": 0, "updated": 0, "unchanged": 0, "bad": 0}
        for r in self.rows:
            c["bad" if r.bad else {"create": "created", "update": "updated"}.get(r.action, "unchanged")] += 1
        used = {r.household_key for r in self.rows if not r.bad and r.household_key}
        hh = [self.households[k] for k in used]
        c["households_created"] = sum(1 for h in hh if h.existing is None)
        c["households_updated"] = sum(1 for h in hh if h.existing is not None and h.values)
        c["houses_created"] = len(self.houses_to_create(used))
        good = self.good_rows()
        c["care_created"] = sum(1 for r in good if r.care_action == "create")
        c["care_updated"] = sum(1 for r in good if r.care_action == "update")
        return c

    def report(self, *, rows: bool = False) -> dict:
        """A JSON-ready summary; ``rows=True`` adds the per-row plan."""
        c = self.counts()
        d = {"created": c["created"], "updated": c["updated"], "unchanged": c["unchanged"],
             "households": {"created": c["households_created"], "updated": c["households_updated"]},
             "houses": {"created": c["houses_created"]},
             "care_subjects": {"created": c["care_created"], "updated": c["care_updated"]},
             "bad_rows": [p.as_dict() for p in self.problems]}
        if rows:
            d["rows"] = [r.as_dict() for r in self.rows]
        return d


@dataclass
class ImportResult:
    imported: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    households_created: int = 0
    households_updated: int = 0
    houses_created: int = 0
    care_created: int = 0
    care_updated: int = 0
    bad_rows: list[RowProblem] = dc_field(default_factory=list)
    skipped_rows: list[int] = dc_field(default_factory=list)
    backup: str | None = None
    side_file: str | None = None

    def report(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "households": {"created": self.households_created, "updated": self.households_updated},
                "houses": {"created": self.houses_created},
                "care_subjects": {"created": self.care_created, "updated": self.care_updated},
                "bad_rows": [p.as_dict() for p in self.bad_rows], "imported": self.imported,
                "skipped_rows": self.skipped_rows, "backup": self.backup,
                "side_file": self.side_file}


class ImportCancelled(GridkeeperError):
    code = "cancelled"

    def __init__(self):
        super().__init__("导入已取消，数据库没有任何改动", "import cancelled; nothing was changed")


# ---------------------------------------------------------------- lookups over the database


def _fingerprint(db: sqlite_utils.Database) -> tuple:
    """Cheap evidence of whether the tables an import reads changed since planning."""
    out = []
    for t in ("areas", "houses", "households", "persons", "care_subjects"):
        out.append(tuple(db.execute(f"SELECT count(*), max(_seq) FROM [{t}__ver]").fetchone()))
    return tuple(out)


def _fold(s: str) -> str:
    return _AREA_SEP_RE.sub("", clean_text(s)).casefold()


class _Areas:
    """Resolve 网格 cells to area ids: code, unique name, or parent name + name."""

    def __init__(self, db):
        rows = list(db.query("SELECT id, parent_id, level, code, name FROM areas "
                             "WHERE deleted = 0 AND coalesce(retired, 0) = 0"))
        by_id = {r["id"]: r for r in rows}
        self.by_id = by_id
        self.by_code: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = {}
        self.by_pair: dict[str, list[str]] = {}
        for r in rows:
            if r["code"]:
                self.by_code[_fold(r["code"])] = r["id"]
            self.by_name.setdefault(_fold(r["name"]), []).append(r["id"])
            parent = by_id.get(r["parent_id"])
            if parent:
                self.by_pair.setdefault(_fold(parent["name"] + r["name"]), []).append(r["id"])
        self._cache: dict[str, tuple[str | None, tuple[str, str] | None]] = {}

    def resolve(self, text: str) -> tuple[str | None, tuple[str, str] | None]:
        """(area id, None) or (None, (zh, en) problem)."""
        if text in self._cache:
            return self._cache[text]
        key = _fold(text)
        if key in self.by_code:
            out = (self.by_code[key], None)
        else:
            ids = self.by_name.get(key) or self.by_pair.get(key) or []
            if len(ids) == 1:
                out = (ids[0], None)
            elif ids:
                out = (None, (f"有 {len(ids)} 个区域都叫“{text}”，请写成“村名+网格名”或填写网格编码",
                              f"{len(ids)} areas are named {text!r}; write 'village+grid' or the grid code"))
            else:
                out = (None, (f"找不到网格“{text}”，请填写已有网格的名称或编码",
                              f"no grid named {text!r}; use the name or code of an existing grid"))
        self._cache[text] = out
        return out


def _default_area(db, areas: _Areas) -> str | None:
    from .enrolment import self_areas

    mine = [a for a in self_areas(db) if a in areas.by_id]
    if len(mine) == 1:
        return mine[0]
    grids = [a for a, r in areas.by_id.items() if r["level"] == "grid"]
    return grids[0] if len(grids) == 1 else None


def _worker_scope(db) -> set[str] | None:
    from .enrolment import scope_area_ids, self_areas
    from .meta import role

    if role(db) != "worker":
        return None
    mine = self_areas(db)
    return scope_area_ids(db, mine) if mine else None


# ---------------------------------------------------------------- cell readers


def _lookup(vocab: V.Vocabulary, aliases: dict, text: str) -> str | None:
    return vocab.lookup(text) or aliases.get(text) or aliases.get(text.replace(" ", ""))


def _care_codes(text: str) -> tuple[list[str], list[str]]:
    codes, unknown = [], []
    whole = _lookup(V.CARE_CATEGORIES, _CARE_ALIASES, text)
    if whole:
        return [whole], []
    for item in (x for x in _SPLIT_RE.split(text) if x):
        code = _lookup(V.CARE_CATEGORIES, _CARE_ALIASES, item)
        (codes if code else unknown).append(code or item)
    return codes, unknown


class _RowReader:
    """Normalise one sheet row into person / household / care values, collecting problems."""

    def __init__(self, table: SheetTable, row: SheetRow):
        self.table = table
        self.row = row
        self.problems: list[RowProblem] = []
        self._texts = {f: clean_text(v) for f, v in row.values.items()}

    def column(self, sheet_field: str) -> str:
        for header, f in zip(self.table.columns, self.table.fields):
            if f == sheet_field:
                return header or FIELD_LABELS_ZH.get(sheet_field, sheet_field)
        return FIELD_LABELS_ZH.get(sheet_field, sheet_field)

    def bad(self, sheet_field: str, zh: str, en: str) -> None:
        self.problems.append(RowProblem(self.row.row_number, self.column(sheet_field), zh, en))

    def text(self, f: str) -> str:
        return self._texts.get(f, "")

    def code(self, f: str, vocab: V.Vocabulary, aliases: dict) -> str | None:
        t = self.text(f)
        if not t:
            return None
        code = _lookup(vocab, aliases, t)
        if code is None:
            choices = "、".join(x.zh for x in vocab)
            self.bad(f, f"{self.column(f)}“{t}”不是可选值（可选：{choices}）",
                     f"{self.column(f)} {t!r} is not one of: {', '.join(x.en for x in vocab)}")
        return code


def _read_person(r: _RowReader, present: set[str]) -> dict:
    """Person values for the fields present and not blank in this row (codes, ISO dates)."""
    out: dict = {}
    if "name" in present and r.text("name"):
        out["name"] = r.text("name")
    if "id_number" in present:
        idn = normalize_id_number(r.row.values.get("id_number"))
        if idn.digits_lost:
            r.bad("id_number", f"{r.column('id_number')}：{ID_DIGITS_LOST_ZH}",
                  f"{r.column('id_number')}: {ID_DIGITS_LOST_EN}")
        elif idn:
            out["id_number"] = str(idn)
    gender = None
    if "gender" in present:
        try:
            gender = normalize_gender(r.row.values.get("gender"))
        except CellError as e:
            r.bad("gender", e.zh, e.en)
        if gender:
            out["gender"] = gender
    if "birth_date" in present:
        raw = r.row.values.get("birth_date")
        try:
            d = parse_date(raw)
        except CellError as e:
            d = None
            ym = _year_month(raw)
            idn = out.get("id_number", "")
            if ym and len(idn) == 18 and idn[6:12] == f"{ym[0]:04d}{ym[1]:02d}":
                pass  # 出生年月 agrees with the ID number, which gives the full date
            else:
                r.bad("birth_date", f"{r.column('birth_date')}：{e.zh}", f"{r.column('birth_date')}: {e.en}")
        if d:
            out["birth_date"] = d.isoformat()
    if "phone" in present:
        phone = normalize_phone(r.row.values.get("phone"))
        if phone:
            out["phone"] = phone
    if "ethnicity" in present and r.text("ethnicity"):
        t = r.text("ethnicity")
        code = V.ETHNICITIES.lookup(t) or V.ETHNICITIES.lookup(t + "族")
        if code is None and t.endswith("族") and len(t) >= 2:
            code = "other"
        if code is None:
            r.bad("ethnicity", f"{r.column('ethnicity')}“{t}”无法识别，请写成“汉族”这样的民族名称",
                  f"{r.column('ethnicity')} {t!r} not recognised; write e.g. 汉族")
        else:
            out["ethnicity"] = code
    if "relation" in present and r.text("relation"):
        t = r.text("relation")
        if t in _BY_GENDER:
            g = gender or _gender_from_id(out.get("id_number"))
            if g:
                out["relation"] = _BY_GENDER[t][0 if g == "male" else 1]
            else:
                r.bad("relation", f"与户主关系“{t}”需要性别或身份证号才能区分儿子和女儿",
                      f"relation {t!r} needs the gender or ID number to tell son from daughter")
        else:
            code = r.code("relation", V.RELATIONS, _RELATION_ALIASES)
            if code:
                out["relation"] = code
    for f, vocab, aliases in (("residence_kind", V.RESIDENCE_KINDS, _RESIDENCE_ALIASES),
                              ("status", V.PERSON_STATUSES, _STATUS_ALIASES)):
        if f in present:
            code = r.code(f, vocab, aliases)
            if code:
                out[f] = code
    for f in ("work", "notes"):
        if f in present and r.text(f):
            out[f] = r.text(f)
    out.update(read_floating(r, present))
    return out


def _same_as_stored(values: dict, existing: dict) -> bool:
    """True when a row would change nothing about a stored person: every value it gives equals
    the stored one, and the stored birth date and gender agree with the ID number (validation
    would otherwise fill them in). Re-importing an unchanged sheet then skips validation."""
    for k, v in values.items():
        if existing.get(k) != v:
            return False
    idn = values.get("id_number")
    if idn and len(idn) == 18 and idn[16].isdigit():
        if existing.get("birth_date") != f"{idn[6:10]}-{idn[10:12]}-{idn[12:14]}":
            return False
        if existing.get("gender") != ("male" if int(idn[16]) % 2 else "female"):
            return False
    return True


def _year_month(raw) -> tuple[int, int] | None:
    try:
        d = parse_date(raw, allow_year_month=True)
    except CellError:
        return None
    return (d.year, d.month) if d else None


def _gender_from_id(idn: str | None) -> str | None:
    if idn and len(idn) == 18 and idn[16].isdigit():
        return "male" if int(idn[16]) % 2 else "female"
    return None


# ---------------------------------------------------------------- planning


def plan_import(db: sqlite_utils.Database, table: SheetTable, *, area_id: str | None = None,
                today: date | None = None, source: str | None = None,
                progress: ProgressFn | None = None) -> ImportPlan:
    """Work out, without writing, what importing ``table`` would do (see the module docstring).

    ``area_id`` is where rows without a 网格 cell go. Raises :class:`GridkeeperError` only for a
    problem with the whole sheet (no 姓名 or 公民身份号码 column, an unknown ``area_id``); every row
    problem is in the plan.
    """
    with gc_paused():
        return _plan_import(db, table, area_id=area_id, today=today, source=source, progress=progress)


def _plan_import(db, table, *, area_id, today, source, progress) -> ImportPlan:
    present = set(table.present_fields)
    if "name" not in present and "id_number" not in present:
        raise GridkeeperError(
            "表格里既没有“姓名”列也没有“公民身份号码”列，无法导入人员",
            "the sheet has neither a name nor an ID number column; no persons can be imported",
            code="no_person_columns")
    today = today or date.today()  # once, not once per validated record
    fingerprint = _fingerprint(db)
    areas = _Areas(db)
    if area_id is not None and area_id not in areas.by_id:
        raise GridkeeperError(f"指定的区域不存在：{area_id}", f"no such area: {area_id}", code="bad_area")
    default_area = area_id or _default_area(db, areas)
    scope = _worker_scope(db)

    persons_by_idn: dict[str, dict] = {}
    persons_by_hh_name: dict[tuple, list[dict]] = {}
    for p in db.query("SELECT * FROM persons WHERE deleted = 0"):
        if p["id_number"]:
            persons_by_idn[p["id_number"]] = p
        persons_by_hh_name.setdefault((p["household_id"], p["name"]), []).append(p)
    households: dict[str, dict] = {h["id"]: h for h in db.query("SELECT * FROM households WHERE deleted = 0")}
    hh_by_number: dict[str, list[dict]] = {}
    for h in households.values():
        hh_by_number.setdefault(h["number"], []).append(h)
    care_by_person: dict[str, dict] = {}
    for c in db.query("SELECT * FROM care_subjects WHERE deleted = 0 ORDER BY id"):
        care_by_person.setdefault(c["person_id"], c)
    subtree_cache: dict[str, set[str]] = {}

    def subtree(aid: str) -> set[str]:
        if aid not in subtree_cache:
            subtree_cache[aid] = set(subtree_ids(db, aid))
        return subtree_cache[aid]

    plans: list[RowPlan] = []
    hh_plans: dict[tuple, HouseholdPlan] = {}
    first_seen_idn: dict[str, list[RowPlan]] = {}
    first_seen_name: dict[tuple, list[RowPlan]] = {}
    total = len(table.rows)

    for i, srow in enumerate(table.rows):
        if progress and i % 1000 == 0:
            progress(i, total)
        r = _RowReader(table, srow)
        values = _read_person(r, present)
        plan = RowPlan(srow.row_number, "error", name=values.get("name", r.text("name")),
                       id_number=values.get("id_number", r.text("id_number")), sheet_row=srow)
        plans.append(plan)

        existing = persons_by_idn.get(values.get("id_number", ""))
        # the row's area: 网格 cell, else the default
        row_area = None
        area_text = r.text("area") if "area" in present else ""
        if area_text:
            row_area, prob = areas.resolve(area_text)
            if prob:
                r.bad("area", *prob)
        elif existing is None:
            row_area = default_area
            if row_area is None:
                r.bad("area", "没有指定所属网格：请在表中加“网格”列，或在导入时选择网格（--area）",
                      "no grid given: add a 网格 column or choose the grid to import into (--area)")
        if row_area and scope is not None and row_area not in scope:
            r.bad("area", f"本机只能录入自己负责的网格，“{area_text or areas.by_id[row_area]['name']}”不在其中",
                  "this device may only write inside its own grids")
            row_area = None

        # household by 户号
        number = r.text("household_number") if "household_number" in present else ""
        hh_key = None
        hh_existing = None
        if number:
            if existing and existing["household_id"] in households and \
                    households[existing["household_id"]]["number"] == number and not area_text:
                hh_existing = households[existing["household_id"]]
            else:
                hh_area = row_area or (existing["area_id"] if existing else None)
                if hh_area:
                    inside = subtree(hh_area)
                    found = [h for h in hh_by_number.get(number, []) if h["area_id"] in inside]
                    if len(found) == 1:
                        hh_existing = found[0]
                    elif len(found) > 1:
                        r.bad("household_number", f"户号“{number}”在该网格下有 {len(found)} 户，无法确定是哪一户",
                              f"{len(found)} households have number {number!r} in this grid")
            if hh_existing:
                hh_key = (hh_existing["area_id"], number)
            elif row_area or existing:
                hh_key = (row_area or existing["area_id"], number)

        # without an ID number: the same name in the same (existing) household
        if existing is None and "id_number" not in values and hh_existing and plan.name:
            same = persons_by_hh_name.get((hh_existing["id"], plan.name), [])
            if len(same) == 1:
                existing = same[0]

        # validate the person
        person_values = dict(values)
        if row_area and (existing is None or area_text):
            person_values["area_id"] = row_area
        if existing is None:
            person_values.setdefault("status", "present")
            if "name" not in person_values and not any(p.column == r.column("name") for p in r.problems):
                r.bad("name", "姓名不能为空", "the name is required")
        if existing is not None and not r.problems and _same_as_stored(person_values, existing):
            cleaned = person_values  # what the database already holds (validated when written)
        else:
            cleaned = None
        try:
            if cleaned is None:
                cleaned = validate_record("persons", person_values, existing=existing, today=today)
        except ValidationError as e:
            cleaned = {}
            for p in e.problems:
                if p.field == "name" and existing is None and "name" not in person_values:
                    continue  # already reported above
                if p.field == "area_id" and any(x.column == r.column("area") for x in r.problems):
                    continue
                sheet_field = _SHEET_FIELD_OF.get(p.field, p.field)
                if sheet_field not in present and p.field in ("birth_date", "gender"):
                    sheet_field = "id_number"
                r.bad(sheet_field, p.zh, p.en)

        # care subject
        care_vals: dict = {}
        if "care_category" in present and r.text("care_category"):
            codes, unknown = _care_codes(r.text("care_category"))
            if unknown:
                r.bad("care_category",
                      f"重点人群类别“{'、'.join(unknown)}”无法识别（可选：{'、'.join(t.zh for t in V.CARE_CATEGORIES)}）",
                      f"care category {', '.join(unknown)!r} not recognised")
            else:
                care_vals["categories"] = codes
        if "care_level" in present and r.text("care_level"):
            code = r.code("care_level", V.CARE_LEVELS, {})
            if code:
                care_vals["level"] = code
        if "guardian" in present and r.text("guardian"):
            care_vals["guardian_name"] = r.text("guardian")

        if r.problems:
            plan.problems = r.problems
            continue

        # the plan for this row
        if hh_key is not None:
            hp = hh_plans.get(hh_key)
            if hp is None:
                hp = HouseholdPlan(hh_key, hh_existing["id"] if hh_existing else new_id(), hh_existing, {})
                hh_plans[hh_key] = hp
            hp.rows.append(plan.row)
            plan.household_key = hh_key
            cleaned["household_id"] = hp.household_id
        plan.id_number = cleaned.get("id_number", plan.id_number) or ""
        plan.name = cleaned.get("name") or (existing or {}).get("name") or plan.name
        if existing is None:
            plan.action = "create"
            plan.person_id = new_id()
            plan.person = cleaned
        else:
            plan.person_id = existing["id"]
            changed = {k: v for k, v in cleaned.items() if existing.get(k) != v}
            plan.person = changed
            plan.changes = {k: [existing.get(k), v] for k, v in changed.items()}
            plan.action = "update" if changed else "unchanged"

        care_existing = care_by_person.get(plan.person_id) if existing else None
        if care_vals:
            try:
                cv = validate_record("care_subjects", care_vals, existing=care_existing or {
                    "area_id": cleaned.get("area_id") or (existing or {}).get("area_id"),
                    "person_id": plan.person_id}, today=today)
            except ValidationError as e:
                for p in e.problems:
                    r.bad(_SHEET_FIELD_OF.get(p.field, "care_category"), p.zh, p.en)
                plan.problems = r.problems
                plan.action = "error"
                continue
            if care_existing is None:
                if "categories" not in cv:
                    pass  # a level or guardian without a category: nothing to attach it to
                else:
                    plan.care_action = "create"
                    plan.care_id = new_id()
                    plan.care = cv
            else:
                changed = {k: v for k, v in cv.items() if care_existing.get(k) != v}
                if changed:
                    plan.care_action = "update"
                    plan.care_id = care_existing["id"]
                    plan.care = changed
                    for k, v in changed.items():
                        plan.changes[f"care.{k}"] = [care_existing.get(k), v]
            if plan.care_action and plan.action == "unchanged":
                plan.action = "update"

        if plan.id_number:
            first_seen_idn.setdefault(plan.id_number, []).append(plan)
        elif plan.name and hh_key:
            first_seen_name.setdefault((hh_key, plan.name), []).append(plan)

    # duplicates inside the sheet: every row involved is reported
    for idn, group in first_seen_idn.items():
        if len(group) > 1:
            rows_txt = "、".join(str(p.row) for p in group)
            for p in group:
                _mark_duplicate(p, table, "id_number",
                                f"身份证号 {idn} 在表中重复出现（第 {rows_txt} 行），请只保留一行",
                                f"ID number {idn} appears more than once (rows {rows_txt}); keep one row")
    for (key, name), group in first_seen_name.items():
        if len(group) > 1:
            rows_txt = "、".join(str(p.row) for p in group)
            for p in group:
                _mark_duplicate(p, table, "name",
                                f"户号 {key[1]} 中“{name}”重复出现（第 {rows_txt} 行），请只保留一行或填写身份证号",
                                f"{name} appears twice in household {key[1]} (rows {rows_txt})")

    # households: values from the good rows (address, registration kind of the head)
    by_row = {p.row: p for p in plans}
    for hp in hh_plans.values():
        rows = [by_row[n] for n in hp.rows if not by_row[n].bad]
        address = next((clean_text(p.sheet_row.values.get("address")) for p in rows
                        if clean_text(p.sheet_row.values.get("address"))), "")
        if hp.existing is None:
            head = next((p for p in rows if p.person.get("relation") == "head"), rows[0] if rows else None)
            kind = _REG_KIND_OF_RESIDENCE.get((head.person.get("residence_kind") if head else None) or "")
            values = {"area_id": hp.key[0], "number": hp.key[1]}
            if address:
                values["address"] = address
            if kind:
                values["registration_kind"] = kind
            hp.values = validate_record("households", values, today=today)
        elif address and address != hp.existing.get("address"):
            hp.values = {"address": address}
            for p in rows:
                if p.action == "unchanged":
                    p.action = "update"
                p.changes.setdefault("household.address", [hp.existing.get("address"), address])
    houses = _plan_houses(db, hh_plans, today)
    if progress:
        progress(total, total)
    return ImportPlan(table, area_id, plans, hh_plans, fingerprint, source, houses)


_BUILDING_RE = re.compile(r"^(.*?\D)\s*(\d+\s*号.*)$")


def address_key(text: str) -> str:
    """An address folded for matching: width, case and spaces do not matter."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _house_label(h: dict) -> str:
    from .households import house_label

    return house_label(h)


def _house_values(area_id: str, address: str) -> dict:
    """A new house for a roster address: "东山村3组17号" -> street 东山村3组, building 17号 (the
    way the app itself writes them); an address it cannot split is all street."""
    m = _BUILDING_RE.match(address)
    if m and m.group(1).strip():
        return {"area_id": area_id, "street": m.group(1).strip(), "building": m.group(2).strip()}
    return {"area_id": area_id, "street": address}


def _plan_houses(db, hh_plans: dict[tuple, HouseholdPlan], today) -> dict[tuple, HousePlan]:
    """One house per distinct address (per grid): an existing house whose address reads the same
    (width, case and spaces aside), else a new one. Households created by the import, and
    existing ones without a house, are linked to it; a household already linked keeps its house
    (an import never moves a family between houses)."""
    wanted = []
    for hp in hh_plans.values():
        if hp.existing is None:
            address = hp.values.get("address")
        elif not hp.existing.get("house_id"):
            address = hp.values.get("address") or hp.existing.get("address")
        else:
            continue
        if address:
            wanted.append((hp, address))
    if not wanted:
        return {}
    existing: dict[tuple, str] = {}
    for h in db.query("SELECT * FROM houses WHERE deleted = 0 ORDER BY id"):
        existing.setdefault((h["area_id"], address_key(_house_label(h))), h["id"])
    houses: dict[tuple, HousePlan] = {}
    for hp, address in wanted:
        area = hp.values.get("area_id") or hp.existing["area_id"]
        key = (area, address_key(address))
        plan = houses.get(key)
        if plan is None:
            if key in existing:
                plan = HousePlan(key, existing[key], True, {})
            else:
                plan = HousePlan(key, new_id(), False,
                                 validate_record("houses", _house_values(area, address), today=today))
            houses[key] = plan
        plan.households.append(hp.key)
        hp.house_key = key
        hp.values["house_id"] = plan.house_id
    return houses


def _mark_duplicate(p: RowPlan, table: SheetTable, sheet_field: str, zh: str, en: str) -> None:
    column = next((h for h, f in zip(table.columns, table.fields) if f == sheet_field),
                  FIELD_LABELS_ZH[sheet_field])
    p.problems.append(RowProblem(p.row, column, zh, en))
    p.action = "error"


# ---------------------------------------------------------------- applying


def apply_import(db: sqlite_utils.Database, plan: ImportPlan, *, skip_bad: bool = False,
                 progress: ProgressFn | None = None, cancelled: CancelledFn | None = None,
                 backup: bool = True) -> ImportResult:
    """Write ``plan`` in one transaction through change capture.

    With bad rows and ``skip_bad=False`` nothing is written and the result says
    ``imported=False``. ``progress(done, total)`` reports written records; ``cancelled()`` is
    checked between chunks and a True answer rolls everything back (:class:`ImportCancelled`).
    Raises ``import_stale`` when the database changed since the plan was made.
    """
    with gc_paused():
        return _apply_import(db, plan, skip_bad=skip_bad, progress=progress, cancelled=cancelled,
                             backup=backup)


def _apply_import(db, plan, *, skip_bad, progress, cancelled, backup) -> ImportResult:
    c = plan.counts()
    bad = plan.bad_rows
    result = ImportResult(imported=False, unchanged=c["unchanged"],
                          bad_rows=plan.problems, skipped_rows=[r.row for r in bad])
    if bad and not skip_bad:
        return result
    good = [r for r in plan.rows if not r.bad]
    new_persons = [r for r in good if r.action == "create"]
    upd_persons = [r for r in good if r.action == "update" and r.person]
    used = {r.household_key for r in good if r.household_key}
    hh = [plan.households[k] for k in sorted(used)]
    new_hh = [h for h in hh if h.existing is None]
    upd_hh = [h for h in hh if h.existing is not None and h.values]
    new_care = [r for r in good if r.care_action == "create"]
    upd_care = [r for r in good if r.care_action == "update"]
    new_houses = plan.houses_to_create(used)
    total = len(new_houses) + len(new_hh) + len(upd_hh) + len(new_persons) + len(upd_persons) + len(new_care) + len(upd_care)
    result.created, result.updated = c["created"], c["updated"]
    result.households_created, result.households_updated = len(new_hh), len(upd_hh)
    result.houses_created = len(new_houses)
    result.care_created, result.care_updated = len(new_care), len(upd_care)
    result.imported = True
    if total == 0:
        return result
    if backup:
        from .backup import backup_before

        made = backup_before(db, "import")
        result.backup = str(made) if made else None
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if cancelled and cancelled():
            raise ImportCancelled()
        if progress:
            progress(done, total)

    with writing(db) as w:
        if _fingerprint(db) != plan.fingerprint:
            raise GridkeeperError("预览之后数据库已有改动，请重新预览后再导入",
                                  "the database changed after the preview; preview again before importing",
                                  code="import_stale")
        step(0)
        for chunk in _chunks(new_houses):
            w.create_many("houses", [dict(h.values, id=h.house_id) for h in chunk])
            step(len(chunk))
        for chunk in _chunks(new_hh):
            w.create_many("households", [dict(h.values, id=h.household_id) for h in chunk])
            step(len(chunk))
        for h in upd_hh:
            w.update("households", h.household_id, h.values)
        step(len(upd_hh))
        for chunk in _chunks(new_persons):
            created = [dict(r.person, id=r.person_id) for r in chunk]
            w.create_many("persons", created)
            events = arrival_events(created)
            if events:
                w.create_many("residence_events", events)
            step(len(chunk))
        for chunk in _chunks(upd_persons):
            for r in chunk:
                w.update("persons", r.person_id, r.person)
            step(len(chunk))
        for chunk in _chunks(new_care):
            rows = []
            for r in chunk:
                area = r.person.get("area_id") if r.action == "create" else None
                if area is None:
                    area = db.execute("SELECT area_id FROM persons WHERE id = ?", [r.person_id]).fetchone()[0]
                rows.append(dict(r.care, id=r.care_id, person_id=r.person_id, area_id=area))
            w.create_many("care_subjects", rows)
            step(len(chunk))
        for r in upd_care:
            w.update("care_subjects", r.care_id, r.care)
        step(len(upd_care))
    return result


def _chunks(items: list, size: int = _CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


# ---------------------------------------------------------------- the side file of bad rows


def bad_rows_path(source: str | Path) -> Path:
    """Where the bad rows of ``source`` go by default: ``名单-错误行.xlsx`` beside it."""
    p = Path(source)
    return p.with_name(f"{p.stem}-错误行{p.suffix.lower() if p.suffix.lower() in ('.xlsx', '.csv') else '.xlsx'}")


def write_bad_rows(plan: ImportPlan, out: str | Path) -> int:
    """Write the bad rows, in the sheet's own columns plus 错误原因, to ``out`` (.xlsx or .csv).

    The user fixes them there and imports that file again. Columns the import did not recognise
    are not carried over (they were ignored on import too). Returns the number of rows written.
    """
    from ..sheets.writer import write_sheet

    table = plan.table
    columns = [(f, h or FIELD_LABELS_ZH[f]) for h, f in zip(table.columns, table.fields) if f]
    columns.append(("__error", ERROR_COLUMN_ZH))
    kinds = {"__error": "general", "area": "general", "name": "general"}
    rows = []
    for r in plan.bad_rows:
        values = dict(r.sheet_row.values) if r.sheet_row else {}
        idn = values.get("id_number")
        if isinstance(idn, float):
            values["id_number"] = str(normalize_id_number(idn))
        values["__error"] = "；".join(
            p.message if p.message.startswith(p.column) else f"{p.column}：{p.message}" for p in r.problems)
        rows.append(values)
    return write_sheet(out, columns, rows, sheet_title="错误行", kinds=kinds)
