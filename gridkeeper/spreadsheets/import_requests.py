"""Import a township's existing resident request list (民生诉求台账) from a spreadsheet.

``gridkeeper import`` sends a sheet here when it has a 诉求内容 column (see :func:`is_request_sheet`);
:func:`plan_request_import` checks every row without writing, :func:`apply_request_import` writes the
good rows in one transaction after a backup — or nothing while any row is bad, unless ``skip_bad``.

Decisions:

- **Columns** (any of the header variants in :mod:`sheets.columns`): 受理日期, 诉求内容 and 诉求类别
  are needed; 诉求人, 公民身份号码, 联系电话, 诉求渠道, 承办部门, 响应人, 状态, 办理结果, 解决日期,
  居民评价, 反馈意见, 办结日期, 网格, 编号, 备注 are read when present.
- **The resident**: a valid 公民身份号码 of a person in the database links the request to them (and
  their household and house); the request then goes to that person's grid. A valid number nobody has
  is kept out (the request table has no ID field) and the row imports with the name and phone only.
- **The area**: the 网格 cell (id, code or 村/网格 path), else the person's grid, else ``area_id``
  (``--area``), else this laptop's only grid, else the database's only grid; none of these is a bad row.
- **Labels**: categories, channels, departments, statuses and feedback accept codes, labels and the
  words old lists use (路灯 → 基础设施, 热线 → 上级转办, 已办结/办结 → 已办结, 处理中 → 响应中, 联系不上 →
  无法联系…). A blank 诉求渠道 is 当面反映; a blank 状态 is 已办结 when there is a 办结日期, 已解决
  when there is a 解决日期 or 办理结果, else 已受理. A closed request without 解决日期 takes its 办结日期.
- **Rules are the app's**: a row that breaks one (closed without 居民评价, dates out of order…) is a
  bad row with the rule's message, under its column.
- **Re-importing** the same list changes nothing: a row whose received date, requester and content
  match a stored request is ``unchanged``.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from datetime import date
from pathlib import Path

import sqlite_utils

from ..domain import vocab as V
from ..domain.changed import Changes
from ..domain.errors import GridkeeperError, ValidationError
from ..domain.ids import new_id
from ..domain.lang import pick
from ..domain.validate import ValueProblem, check_id_number, validate_record
from ..sheets.cells import CellError, clean_text, normalize_id_number, normalize_phone, parse_date
from ..sheets.columns import FIELD_LABELS_ZH
from ..sheets.reader import SheetTable
from ..store.changes import writing

REQUIRED = ("received", "content", "request_category")
_CATEGORY_WORDS = {
    "infrastructure": "道路 路灯 基础设施 修路 桥梁", "utilities": "水电 供水 供电 停水 停电 燃气 供暖 取暖 水电气暖",
    "environment": "环境 卫生 垃圾 环境卫生 污水", "elderly_help": "助老 养老 助残 助老助残 为老服务",
    "medical": "医疗 医保 看病 医疗医保", "social_aid": "社保 救助 低保 社保救助 民政", "property_mgmt": "物业",
    "neighbourhood": "邻里 邻里关系 纠纷", "safety": "安全 隐患 安全隐患", "policy": "政策 咨询 政策咨询",
    "other": "其他 其它"}
_CHANNEL_WORDS = {"in_person": "当面 来访 上门 走访", "phone": "电话 来电", "wechat": "微信 微信群 网络",
                  "referred": "转办 热线 12345 上级 上级交办", "patrol": "巡查 排查"}
_STATUS_WORDS = {"received": "受理 待办 未处理 待处理", "routed": "已转办 转办 已分派 分派",
                 "responding": "处理中 办理中 在办 未办结 正在办理", "resolved": "已处理 已解决 解决 待回访",
                 "closed": "办结 已办结 完成 已完成 结案"}
_FEEDBACK_WORDS = {"satisfied": "满意 非常满意", "basically": "基本满意 较满意 比较满意", "unsatisfied": "不满意",
                   "unreachable": "无法联系 联系不上 未接通 无人接听"}
_DEPARTMENT_WORDS = {"grid": "网格 自办 网格员", "village_committee": "村委会 居委会 村委 社区居委会 村两委",
                     "township_office": "乡镇 街道 镇政府 科室", "police": "派出所 公安", "health": "卫生院 卫生室",
                     "property": "物业", "utility": "供电所 自来水 供水站 电力公司", "other": "其他"}


def _words(table: dict) -> dict[str, str]:
    return {w: code for code, words in table.items() for w in words.split()}


_ALIASES = {"request_category": (V.REQUEST_CATEGORIES, _words(_CATEGORY_WORDS), "category"),
            "channel": (V.REQUEST_CHANNELS, _words(_CHANNEL_WORDS), "channel"),
            "status": (V.REQUEST_STATUSES, _words(_STATUS_WORDS), "status"),
            "satisfaction": (V.REQUEST_FEEDBACK, _words(_FEEDBACK_WORDS), "satisfaction"),
            "department": (V.REQUEST_DEPARTMENTS, _words(_DEPARTMENT_WORDS), "department")}
_TEXT = {"content": "content", "requester_name": "requester_name", "responders": "responders",
         "resolution": "resolution", "feedback": "feedback", "notes": "notes", "number": "number"}
_DATES = ("received", "resolved", "closed")
_SHEET_FIELD = {"category": "request_category", "requester_phone": "phone", "area_id": "area",
                "person_id": "id_number"}


@dataclass
class RowProblem:
    """One reason a sheet row cannot be imported (as the roster importer reports them)."""

    row: int
    column: str
    zh: str
    en: str

    @property
    def message(self) -> str:
        return pick(self.zh, self.en)

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


def is_request_sheet(table: SheetTable) -> bool:
    """Whether a sheet is a request list (it has a 诉求内容 column) rather than a roster."""
    return "content" in table.present_fields


@dataclass
class RequestRow:
    row: int
    values: dict | None = None
    action: str = "create"                 # create / unchanged / error
    problems: list = dc_field(default_factory=list)

    @property
    def bad(self) -> bool:
        return bool(self.problems)


@dataclass
class RequestImportPlan:
    table: SheetTable
    rows: list[RequestRow]
    source: str | None = None      # the file, for the bad rows written beside it
    kind = "requests"              # (a roster plan has none: the import window tells them apart by it)

    @property
    def bad_rows(self) -> list[RequestRow]:
        return [r for r in self.rows if r.bad]

    @property
    def problems(self) -> list:
        return [p for r in self.rows for p in r.problems]

    def counts(self) -> dict:
        c = {"created": 0, "unchanged": 0, "bad": 0}
        for r in self.rows:
            c["bad" if r.bad else "created" if r.action == "create" else "unchanged"] += 1
        return c

    def report(self) -> dict:
        return dict(self.counts(), kind="requests", bad_rows=[p.as_dict() for p in self.problems])


def _code(field: str, raw) -> str | None:
    vocab, words, _ = _ALIASES[field]
    text = clean_text(raw)
    if not text:
        return None
    code = vocab.lookup(text) or words.get(text) or next(
        (t.code for t in vocab if t.zh.split("（")[0] == text), None)
    if code is None:
        choices = "、".join(t.zh for t in vocab)
        raise ValueProblem(f"“{text}”不是可选值（可选：{choices}）", f"{text!r} is not one of the choices")
    return code


class _Context:
    def __init__(self, db: sqlite_utils.Database, area_id: str | None, today: date):
        self.db, self.today = db, today
        self.default_area = area_id or _only_area(db)
        self.seen = {(r[0], r[1] or "", r[2]) for r in db.execute(
            "SELECT received, requester_name, content FROM requests WHERE deleted = 0")}
        self.scope = _worker_scope(db)


def _worker_scope(db) -> set[str] | None:
    """The areas a worker laptop may write (its enrolled areas and below); None: anywhere."""
    from ..store.areas import subtree_ids
    from ..store.enrolment import self_areas
    from ..store.meta import role

    if role(db) != "worker":
        return None
    try:
        mine = self_areas(db)
    except GridkeeperError:
        return None
    return {a for root in mine for a in subtree_ids(db, root)} if mine else None


def _only_area(db) -> str | None:
    from ..store.enrolment import self_areas

    try:
        mine = self_areas(db)
    except GridkeeperError:
        mine = []
    if len(mine) == 1:
        return mine[0]
    grids = db.execute("SELECT id FROM areas WHERE deleted = 0 AND level IN ('grid', 'unit_grid')").fetchall()
    return grids[0][0] if len(grids) == 1 else None


def _read_row(ctx: _Context, values: dict) -> tuple[dict, list[tuple[str, str, str]]]:
    """(request values, [(sheet field, zh, en)]) for one sheet row."""
    out, problems = {}, []
    for field, key in _TEXT.items():
        text = clean_text(values.get(field))
        if text:
            out[key] = text
    for field in _DATES:
        try:
            d = parse_date(values.get(field))
            if d:
                out[field] = d.isoformat()
        except CellError as e:
            problems.append((field, e.zh, e.en))
    for field, (_, _, key) in _ALIASES.items():
        try:
            code = _code(field, values.get(field))
            if code:
                out[key] = code
        except ValueProblem as e:
            problems.append((field, e.zh, e.en))
    if clean_text(values.get("phone")):
        try:
            out["requester_phone"] = normalize_phone(values.get("phone"))
        except CellError as e:
            problems.append(("phone", e.zh, e.en))
    problems += _link_person(ctx, values, out)
    problems += _place(ctx, values, out)
    _defaults(out)
    return out, problems


def _link_person(ctx, values, out) -> list:
    raw = values.get("id_number")
    if not clean_text(raw):
        return []
    try:
        number = check_id_number(str(normalize_id_number(raw)), today=ctx.today).number
    except (CellError, ValueProblem) as e:
        return [("id_number", e.zh, e.en)]
    row = ctx.db.execute("SELECT p.id, p.area_id, p.household_id, p.name, h.house_id FROM persons p LEFT JOIN "
                         "households h ON h.id = p.household_id WHERE p.id_number = ? AND p.deleted = 0",
                         [number]).fetchone()
    if row:
        out.update(person_id=row[0], household_id=row[2], house_id=row[4])
        out.setdefault("requester_name", row[3])
        out["_person_area"] = row[1]
    return []


def _place(ctx, values, out) -> list:
    from ..store.areas import resolve_area

    text = clean_text(values.get("area"))
    area = None
    if text:
        try:
            area = resolve_area(ctx.db, text)
        except GridkeeperError as e:
            return [("area", e.zh, e.en)]
        if not area:
            return [("area", f"找不到网格“{text}”", f"no such grid: {text}")]
    area = area or out.get("_person_area") or ctx.default_area
    out.pop("_person_area", None)
    if not area:
        return [("area", "不知道这一行属于哪个网格：请填写“网格”列，或导入时选择网格（--area）",
                 "which grid? fill the 网格 column or choose an area (--area)")]
    if ctx.scope is not None and area not in ctx.scope:
        return [("area", "这台电脑只能录入本网格的诉求", "this laptop can only record requests of its own grid")]
    out["area_id"] = area
    return []


def _defaults(out: dict) -> None:
    out.setdefault("channel", "in_person")
    if "status" not in out:
        out["status"] = "closed" if out.get("closed") else \
            "resolved" if out.get("resolved") or out.get("resolution") else "received"
    if out["status"] in ("resolved", "closed") and not out.get("resolved") and out.get("closed"):
        out["resolved"] = out["closed"]


def plan_request_import(db: sqlite_utils.Database, table: SheetTable, *, area_id: str | None = None,
                        today: date | None = None) -> RequestImportPlan:
    """Check every row of a request list; nothing is written."""
    today = today or date.today()
    missing = [f for f in REQUIRED if f not in table.present_fields]
    if missing:
        names = "、".join(FIELD_LABELS_ZH[f] for f in missing)
        raise GridkeeperError(f"诉求表缺少必需的列：{names}", f"the request sheet lacks columns: {', '.join(missing)}",
                              code="missing_columns")
    header_of = {f: h for h, f in zip(table.columns, table.fields) if f}
    ctx = _Context(db, area_id, today)
    rows = []
    for sr in table.rows:
        values, problems = _read_row(ctx, sr.values)
        plan = RequestRow(sr.row_number, values)
        if not problems:
            try:
                values.update(validate_record("requests", values, today=today))
            except ValidationError as e:
                problems = [(_SHEET_FIELD.get(p.field, p.field), p.zh, p.en) for p in e.problems]
        plan.problems = [RowProblem(sr.row_number, header_of.get(f) or FIELD_LABELS_ZH.get(f, f), zh, en)
                         for f, zh, en in problems]
        if plan.bad:
            plan.action = "error"
        elif (values["received"], values.get("requester_name") or "", values["content"]) in ctx.seen:
            plan.action = "unchanged"
        else:
            ctx.seen.add((values["received"], values.get("requester_name") or "", values["content"]))
        rows.append(plan)
    return RequestImportPlan(table, rows)


def apply_request_import(db: sqlite_utils.Database, plan: RequestImportPlan, *, skip_bad: bool = False,
                         backup: bool = True) -> dict:
    """Write the plan's new requests in one transaction (numbered ``SQ-…`` when the sheet has none)."""
    from ..store.casework_numbers import next_number

    if plan.bad_rows and not skip_bad:
        return dict(plan.report(), created=0, imported=False)
    new = [r for r in plan.rows if not r.bad and r.action == "create"]
    if new and backup:
        from ..store.backup import backup_before

        backup_before(db, "import")
    with writing(db) as w:
        for r in new:
            values = dict(r.values)
            if not values.get("number"):
                values["number"] = next_number(db, "requests", values["area_id"], values["received"])
            w.create("requests", values, rid=new_id())
    return dict(plan.report(), created=len(new), imported=True, skipped_rows=[r.row for r in plan.bad_rows])


@dataclass
class RequestImportResult:
    """What :func:`apply_request_import` did, for the import window (the CLI prints the report dict)."""

    imported: bool
    created: int = 0
    unchanged: int = 0
    skipped_rows: list[int] = dc_field(default_factory=list)
    side_file: str | None = None

    @classmethod
    def from_report(cls, report: dict) -> "RequestImportResult":
        return cls(bool(report.get("imported")), report.get("created", 0), report.get("unchanged", 0),
                   list(report.get("skipped_rows") or []), report.get("side_file"))

    @property
    def changes(self) -> Changes:
        return Changes.of_tables("requests") if self.imported and self.created else Changes()


def bad_request_rows_path(source: str | Path) -> Path:
    """``名单-错误行.xlsx`` beside the input, as the roster import names it."""
    p = Path(source)
    ext = p.suffix.lower() if p.suffix.lower() in (".xlsx", ".csv") else ".xlsx"
    return p.with_name(f"{p.stem}-错误行{ext}")


def write_bad_request_rows(plan: RequestImportPlan, out: str | Path) -> int:
    """The bad rows in the sheet's own columns plus 错误原因, to fix and import again."""
    from ..sheets.writer import write_sheet

    table = plan.table
    columns = [(f, h or FIELD_LABELS_ZH[f]) for h, f in zip(table.columns, table.fields) if f]
    columns.append(("__error", "错误原因"))
    by_row = {r.row_number: r for r in table.rows}
    rows = [dict(by_row[r.row].values, __error="；".join(f"{p.column}：{p.message}" for p in r.problems))
            for r in plan.bad_rows]
    return write_sheet(str(out), columns, rows, sheet_title="错误行", kinds={"__error": "general"})
