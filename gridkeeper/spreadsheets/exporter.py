"""Any list out as a spreadsheet (.xlsx or .csv): persons, households, care, visits, disputes,
requests, hazards, the floating population (``floating``) and volunteer points (``points``).

Decisions:

- **Chinese headers and labels**, whatever the UI language: the sheets go to village committees
  and township offices. Codes are written as their Chinese labels (男, 户主, 流动人口, 调解成功…).
- **Importable**: the persons export uses exactly the headers :mod:`gridkeeper.spreadsheets.importer`
  reads (户号, 姓名, 公民身份号码, 现住址, 网格, …), so export → edit in Excel → import round-trips;
  the 网格 column holds the area name, or "村名/网格名" when that name is not unique.
- **Cell types** through :func:`gridkeeper.sheets.write_sheet`: ID numbers, phones and numbers
  like 户号 as text cells (Excel would otherwise turn 18 digits into 1.1E+17), dates as real
  date cells. The file is streamed and written atomically.
- Deleted records are never exported; ``area_id`` limits the list to that area's subtree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import sqlite_utils

from ..domain import vocab as V
from ..domain.errors import GridkeeperError
from ..sheets.writer import write_sheet
from ..store.areas import subtree_ids

__all__ = ["EXPORT_KINDS", "export_list", "export_rows", "export_columns"]

ProgressFn = Callable[[int], None]


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    sql: str
    kind: str = "general"                 # text / date / general (cell type)
    vocab: V.Vocabulary | None = None
    codes: bool = False                   # JSON list of codes


_HEAD = ("(SELECT p.name FROM persons p WHERE p.household_id = x.id AND p.deleted = 0 "
         "ORDER BY p.relation != 'head', p.id LIMIT 1)")
_RELATION_RANK = "CASE x.relation " + " ".join(
    f"WHEN '{c}' THEN {i}" for i, c in enumerate(V.RELATIONS.codes())) + " ELSE 99 END"

# kind -> (FROM clause with the listed table aliased x, columns, ORDER BY, sheet title)
_SPECS: dict[str, tuple[str, tuple[Col, ...], str, str]] = {
    "persons": (
        "persons x LEFT JOIN households h ON h.id = x.household_id AND h.deleted = 0",
        (Col("household_number", "户号", "h.number", "text"),
         Col("name", "姓名", "x.name"),
         Col("gender", "性别", "x.gender", vocab=V.GENDERS),
         Col("id_number", "公民身份号码", "x.id_number", "text"),
         Col("birth_date", "出生日期", "x.birth_date", "date"),
         Col("ethnicity", "民族", "x.ethnicity", vocab=V.ETHNICITIES),
         Col("relation", "与户主关系", "x.relation", vocab=V.RELATIONS),
         Col("phone", "联系电话", "x.phone", "text"),
         Col("address", "现住址", "h.address"),
         Col("residence_kind", "人口类型", "x.residence_kind", vocab=V.RESIDENCE_KINDS),
         Col("status", "状态", "x.status", vocab=V.PERSON_STATUSES),
         Col("work", "工作单位", "x.work"),
         Col("area", "网格", "x.area_id"),
         Col("notes", "备注", "x.notes")),
        f"h.number IS NULL, h.number, {_RELATION_RANK}, x.birth_date, x.id",
        "人口底册"),
    "households": (
        "households x",
        (Col("household_number", "户号", "x.number", "text"),
         Col("head", "户主", _HEAD),
         Col("registration_kind", "户类型", "x.registration_kind", vocab=V.REGISTRATION_KINDS),
         Col("members", "人数", "(SELECT count(*) FROM persons p WHERE p.household_id = x.id AND p.deleted = 0)"),
         Col("address", "地址", "x.address"),
         Col("phone", "联系电话", "x.phone", "text"),
         Col("area", "网格", "x.area_id"),
         Col("notes", "备注", "x.notes")),
        "x.number, x.id", "户籍底册"),
    "care": (
        "care_subjects x LEFT JOIN persons p ON p.id = x.person_id",
        (Col("name", "姓名", "p.name"),
         Col("id_number", "公民身份号码", "p.id_number", "text"),
         Col("care_category", "重点人群类别", "x.categories", vocab=V.CARE_CATEGORIES, codes=True),
         Col("care_level", "关爱等级", "x.level", vocab=V.CARE_LEVELS),
         Col("visit_interval", "走访周期(天)", "x.visit_interval"),
         Col("guardian", "监护人", "x.guardian_name"),
         Col("guardian_phone", "监护人电话", "x.guardian_phone", "text"),
         Col("since", "纳入日期", "x.since", "date"),
         Col("until", "退出日期", "x.until", "date"),
         Col("last_visit", "上次走访", "(SELECT max(v.date) FROM visits v WHERE v.care_subject_id = x.id "
                                   "AND v.deleted = 0)", "date"),
         Col("area", "网格", "x.area_id"),
         # not "备注": importing this sheet must not write the care notes into the person's 备注
         Col("notes", "关爱备注", "x.notes")),
        "p.name, x.id", "重点人群花名册"),
    "visits": (
        "visits x LEFT JOIN persons p ON p.id = x.person_id "
        "LEFT JOIN households h ON h.id = x.household_id",
        (Col("date", "走访日期", "x.date", "date"),
         Col("name", "走访对象", "coalesce(p.name, " + _HEAD.replace("x.id", "h.id") + ")"),
         Col("id_number", "公民身份号码", "p.id_number", "text"),
         Col("household_number", "户号", "h.number", "text"),
         Col("method", "走访方式", "x.method", vocab=V.VISIT_METHODS),
         Col("visitor", "走访人", "x.visitor"),
         Col("findings", "走访情况", "x.findings"),
         Col("needs", "反映诉求", "x.needs"),
         Col("followup", "帮扶/跟进", "x.followup"),
         Col("next_due", "下次走访", "x.next_due", "date"),
         Col("area", "网格", "x.area_id")),
        "x.date DESC, x.id", "走访台账"),
    "disputes": (
        "disputes x",
        (Col("number", "编号", "x.number", "text"),
         Col("received", "受理日期", "x.received", "date"),
         Col("source", "来源", "x.source", vocab=V.DISPUTE_SOURCES),
         Col("category", "纠纷类别", "x.category", vocab=V.DISPUTE_CATEGORIES),
         Col("parties", "当事人", "(SELECT group_concat(dp.name, '、') FROM dispute_parties dp "
                                "WHERE dp.dispute_id = x.id AND dp.deleted = 0)"),
         Col("summary", "纠纷简要情况", "x.summary"),
         Col("mediator", "调解人", "x.mediator"),
         Col("status", "状态", "x.status", vocab=V.DISPUTE_STATUSES),
         Col("agreement", "调解结果/协议", "x.agreement"),
         Col("closed", "办结日期", "x.closed", "date"),
         Col("followup_date", "回访日期", "x.followup_date", "date"),
         Col("followup_result", "回访情况", "x.followup_result"),
         Col("satisfaction", "满意度", "x.satisfaction", vocab=V.SATISFACTION),
         Col("area", "网格", "x.area_id")),
        "x.received DESC, x.id", "矛盾纠纷台账"),
    # the floating population with the columns spreadsheets.import_floating reads back (export → import)
    "floating": (
        "(SELECT * FROM persons WHERE residence_kind = 'floating') x "
        "LEFT JOIN households h ON h.id = x.household_id AND h.deleted = 0",
        (Col("household_number", "户号", "h.number", "text"),
         Col("name", "姓名", "x.name"),
         Col("gender", "性别", "x.gender", vocab=V.GENDERS),
         Col("id_number", "公民身份号码", "x.id_number", "text"),
         Col("phone", "联系电话", "x.phone", "text"),
         Col("origin", "户籍地", "x.origin"),
         Col("address", "现住址", "h.address"),
         Col("arrival_date", "来本地日期", "x.arrival_date", "date"),
         Col("arrival_reason", "来本地事由", "x.arrival_reason", vocab=V.MOVE_REASONS),
         Col("work", "工作单位", "x.work"),
         Col("permit_number", "居住证号码", "x.permit_number", "text"),
         Col("permit_issued", "居住证签发日期", "x.permit_issued", "date"),
         Col("permit_expiry", "居住证有效期至", "x.permit_expiry", "date"),
         Col("expected_departure", "预计离开日期", "x.expected_departure", "date"),
         Col("status", "状态", "x.status", vocab=V.PERSON_STATUSES),
         Col("area", "网格", "x.area_id"),
         Col("notes", "备注", "x.notes")),
        "x.arrival_date DESC, x.id", "流动人口登记台账"),
    # volunteer points: every service and redemption, newest first
    "points": (
        "(SELECT id, area_id, deleted, volunteer_id, date, '服务' AS kind, activity AS what, NULL AS shop, minutes, "
        "        points AS earned, NULL AS spent, request_id, notes FROM volunteer_services "
        " UNION ALL SELECT id, area_id, deleted, volunteer_id, date, '兑换', goods, shop, NULL, NULL, points, NULL, "
        "        notes FROM point_redemptions) x JOIN persons p ON p.id = x.volunteer_id",
        (Col("date", "日期", "x.date", "date"),
         Col("name", "志愿者", "p.name"),
         Col("id_number", "公民身份号码", "p.id_number", "text"),
         Col("kind", "类型", "x.kind"),
         Col("what", "服务内容/兑换物品", "x.what"),
         Col("shop", "兑换点", "x.shop"),
         Col("minutes", "服务时长(分钟)", "x.minutes"),
         Col("earned", "获得积分", "x.earned"),
         Col("spent", "兑换积分", "x.spent"),
         Col("request", "关联诉求", "(SELECT r.number FROM requests r WHERE r.id = x.request_id)", "text"),
         Col("area", "网格", "x.area_id"),
         Col("notes", "备注", "x.notes")),
        "x.date DESC, x.id", "志愿服务积分台账"),
}

# resident requests and hazards: their columns are in spreadsheets.export_casework
from .export_casework import casework_specs  # noqa: E402 - needs Col, defined above

_SPECS.update(casework_specs(Col))

EXPORT_KINDS = tuple(_SPECS)
_KIND_ALIASES = {"care_subjects": "care", "person": "persons", "household": "households",
                 "visit": "visits", "dispute": "disputes", "request": "requests", "hazard": "hazards"}


def _kind(kind: str) -> str:
    k = _KIND_ALIASES.get(kind, kind)
    if k not in _SPECS:
        raise GridkeeperError(f"不能导出“{kind}”，可选：{'、'.join(EXPORT_KINDS)}",
                              f"cannot export {kind!r}; choose one of {', '.join(EXPORT_KINDS)}",
                              code="bad_kind")
    return k


def export_columns(kind: str) -> list[tuple[str, str]]:
    """[(key, Chinese header)] of an export kind."""
    return [(c.key, c.header) for c in _SPECS[_kind(kind)][1]]


def _area_labels(db: sqlite_utils.Database) -> dict[str, str]:
    """Area id -> the text the importer resolves back: the name, or parent/name when not unique."""
    rows = list(db.query("SELECT id, parent_id, name FROM areas WHERE deleted = 0"))
    by_id = {r["id"]: r for r in rows}
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["name"]] = counts.get(r["name"], 0) + 1
    out = {}
    for r in rows:
        parent = by_id.get(r["parent_id"])
        out[r["id"]] = r["name"] if counts[r["name"]] == 1 or not parent else f"{parent['name']}/{r['name']}"
    return out


def export_rows(db: sqlite_utils.Database, kind: str, area_id: str | None = None):
    """(columns, kinds, rows) of the ``kind`` list: what :func:`export_list` writes, as values
    (labels for codes, area names), before any cell formatting. ``rows`` is a generator."""
    k = _kind(kind)
    source, cols, order, _title = _SPECS[k]
    where, args = "x.deleted = 0", []
    if area_id:
        if not db.execute("SELECT 1 FROM areas WHERE id = ? AND deleted = 0", [area_id]).fetchone():
            raise GridkeeperError(f"区域不存在：{area_id}", f"no such area: {area_id}", code="bad_area")
        where += " AND x.area_id IN (SELECT value FROM json_each(?))"
        args.append(json.dumps(subtree_ids(db, area_id)))
    select = ", ".join(f"{c.sql} AS [{c.key}]" for c in cols)
    sql = f"SELECT {select} FROM {source} WHERE {where} ORDER BY {order}"
    areas = _area_labels(db)
    vocab_cols = [(c.key, c.vocab, c.codes) for c in cols if c.vocab]

    def rows():
        for r in db.query(sql, args):
            for key, vocab, codes in vocab_cols:
                v = r[key]
                if not v:
                    continue
                if codes:
                    try:
                        items = json.loads(v)
                    except ValueError:
                        items = [v]
                    r[key] = "、".join(vocab.zh(c) for c in items)
                else:
                    r[key] = vocab.zh(v)
            if "area" in r:
                r["area"] = areas.get(r["area"], r["area"])
            yield r

    return [(c.key, c.header) for c in cols], {c.key: c.kind for c in cols}, rows()


def export_list(db: sqlite_utils.Database, kind: str, area_id: str | None, out: str | Path,
                progress: ProgressFn | None = None) -> int:
    """Write the ``kind`` list (within ``area_id``'s subtree when given) to ``out``; rows written.

    ``progress(rows_written)`` is called every 1000 rows. Raises :class:`GridkeeperError` for an
    unknown kind or area, or a file that cannot be written. Cells that would start a formula
    (=, +, -, @, tab, CR) are written as text in every column: see
    :mod:`gridkeeper.sheets.writer` (xlsx: explicit text cells; CSV: one leading apostrophe that
    the reader removes again).
    """
    columns, kinds, rows = export_rows(db, kind, area_id)
    return write_sheet(out, columns, rows, sheet_title=_SPECS[_kind(kind)][3], kinds=kinds,
                       progress=progress)
