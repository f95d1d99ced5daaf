"""Exports never carry a formula, and every export kind reads back as the values exported.

Formula injection (OWASP "CSV injection"): a value from a person or a bundle that starts with
= + - @ tab or CR must stay text in every column — in .xlsx an explicit string cell (never
``<f>``, never an error or number cell holding text), in .csv behind one apostrophe that
gridkeeper's reader removes again — while numbers in numeric columns stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile

import pytest
from openpyxl import load_workbook

from gridkeeper.sheets import read_sheet, write_sheet
from gridkeeper.sheets.cells import date_text
from gridkeeper.sheets.writer import FORMULA_FIRST, csv_escape, csv_unescape
from gridkeeper.spreadsheets.exporter import EXPORT_KINDS, export_list, export_rows
from gridkeeper.spreadsheets.importer import apply_import, plan_import
from gridkeeper.domain.records import LONG_TEXT_MAX  # the longest note an editor accepts
from gridkeeper.store.records import create_record, update_record

HOSTILE = ["=1+1", "+1", "-1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", '=HYPERLINK("http://x.invalid","点我")',
           "=cmd|' /C calc'!A0", "-2+3", "+86 138 0013 8000", "#N/A", "'=already quoted", "==",
           "长" * 5000, "𠮷𠮷祥", "010001", "110101199003071234", "11010119900307123X", "-", "+", "=",
           "@", "a\tb", "备注\n第二行"]


def _text(v) -> str:
    """A cell value as comparable text: dates ISO, whole floats without .0."""
    if v is None:
        return ""
    d = date_text(v)
    if d is not None:
        return d
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _xlsx_cells(path) -> list[list[str]]:
    from python_calamine import CalamineWorkbook

    ws = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    return [[_text(v) for v in row] for row in ws.to_python(skip_empty_area=False)]


def _csv_cells(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [[csv_unescape(c) for c in row] for row in csv.reader(fh)]


def _no_formulas(path) -> None:
    """No formula element and no numeric cell holding anything but a number, anywhere."""
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    for attrs, body in re.findall(r"<c ([^>]*)>(.*?)</c>", xml):
        t = re.search(r' t="(\w+)"', " " + attrs)
        if t is None or t.group(1) == "n":
            v = re.search(r"<v>(.*?)</v>", body)
            assert v is None or re.fullmatch(r"-?\d+(\.\d+)?(E[+-]?\d+)?", v.group(1)), (attrs, body)
        else:
            assert t.group(1) in ("inlineStr", "s", "d", "b"), attrs  # never "e" (error) or "str"


# ---------------------------------------------------------------- the writer, every column kind


COLUMNS = [("id_number", "公民身份号码"), ("birth_date", "出生日期"), ("notes", "备注"), ("name", "姓名"),
           ("members", "人数")]


def _hostile_rows():
    for i, v in enumerate(HOSTILE):
        # the same hostile text in a text, a date and two general columns of one row (two "="
        # cells in one row once came out holding each other's value)
        yield {"id_number": v, "birth_date": v, "notes": v, "name": v[::-1] if v[:1] != "\r" else v,
               "members": -i if i % 2 else float(i)}


def _expected_text(v: str) -> str:
    return v[:32767]


def test_xlsx_every_column_keeps_hostile_text_as_text(tmp_path):
    path = tmp_path / "h.xlsx"
    assert write_sheet(path, COLUMNS, _hostile_rows()) == len(HOSTILE)
    _no_formulas(path)
    ws = load_workbook(path).active
    for r, row in enumerate(_hostile_rows(), start=2):
        for c, (key, _) in enumerate(COLUMNS, start=1):
            cell = ws.cell(r, c)
            if key == "members":
                assert cell.data_type == "n" and cell.value == row[key]  # numbers stay numbers
            else:
                want = row[key].replace("\r", "\n")  # XML has no bare CR: Excel's line break is LF
                assert cell.data_type == "s" and cell.value == want, (key, row[key], cell.value)
                if row[key][:1] in FORMULA_FIRST + ("#",):
                    assert cell.number_format == "@"  # stays text when edited in Excel too
    cells = _xlsx_cells(path)
    assert cells[1:] == [[_text(row[k]).replace("\r", "\n") for k, _ in COLUMNS] for row in _hostile_rows()]


def test_csv_every_column_escapes_formula_starts_and_reads_back(tmp_path):
    path = tmp_path / "h.csv"
    write_sheet(path, COLUMNS, _hostile_rows())
    raw = list(csv.reader(open(path, encoding="utf-8-sig", newline="")))
    for row, out in zip(_hostile_rows(), raw[1:]):
        for (key, _), cell in zip(COLUMNS, out):
            v = row[key]
            if key == "members":
                assert cell == str(int(v))  # -3 stays a number
            elif v[:1] in FORMULA_FIRST or v[:1] == "'":
                assert cell == "'" + v, (key, v, cell)
            else:
                assert cell == v
    assert _csv_cells(path)[1:] == [[_text(row[k]) for k, _ in COLUMNS] for row in _hostile_rows()]
    # and gridkeeper's own reader undoes the escape (the ID column keeps its exact text)
    table = read_sheet(path)
    assert [r.values["notes"] for r in table.rows] == [v if v.strip() else None for v in HOSTILE]


def test_csv_escape_is_reversible():
    for v in HOSTILE + ["'", "''", "'a", "a'", "", "普通文字"]:
        assert csv_unescape(csv_escape(v)) == v
        assert csv_escape(v)[:1] not in FORMULA_FIRST


# ---------------------------------------------------------------- every export kind


def _plant_hostile_values(db) -> None:
    """Hostile text in the free-text fields of one record of each kind (validated like any edit)."""
    def first(table):
        return db.execute(f"SELECT id FROM {table} WHERE deleted = 0 ORDER BY id LIMIT 1").fetchone()[0]

    update_record(db, "persons", first("persons"),
                  {"name": "=1+1", "work": "+SUM(A1:A2)", "notes": "@cmd|' /C calc'!A0"})
    second = db.execute("SELECT id FROM persons WHERE deleted = 0 ORDER BY id LIMIT 1 OFFSET 1").fetchone()[0]
    update_record(db, "persons", second, {"name": "𠮷" * 3, "notes": "长" * LONG_TEXT_MAX, "work": "-2+3"})
    update_record(db, "households", first("households"),
                  {"number": "010001", "address": '=HYPERLINK("http://x.invalid","点我")', "notes": "#N/A"})
    update_record(db, "care_subjects", first("care_subjects"), {"guardian_name": "=cmd", "notes": "+1"})
    update_record(db, "visits", first("visits"),
                  {"findings": "=1+1", "needs": "@SUM(1)", "followup": "-x", "visitor": "+y"})
    update_record(db, "disputes", first("disputes"), {"summary": "=A1", "mediator": "@m"})


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", EXPORT_KINDS)
def test_every_export_kind_reads_back_as_exported(grid_demo_db, tmp_path, kind, ext):
    _plant_hostile_values(grid_demo_db)
    out = tmp_path / f"{kind}.{ext}"
    n = export_list(grid_demo_db, kind, None, out)
    columns, kinds, rows = export_rows(grid_demo_db, kind)
    expected = []
    for r in rows:
        line = []
        for key, _ in columns:
            v = r[key]
            if kinds[key] == "date" and isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
                v = dt.date.fromisoformat(v)
            line.append(_text(v))
        expected.append(line)
    assert len(expected) == n > 0
    cells = _xlsx_cells(out) if ext == "xlsx" else _csv_cells(out)
    assert cells[0] == [h for _, h in columns]
    assert [row + [""] * (len(columns) - len(row)) for row in cells[1:]] == expected
    if ext == "xlsx":
        _no_formulas(out)


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
def test_persons_and_care_exports_reimport_to_the_same_records(grid_demo_db, make_db, tmp_path, ext):
    src = grid_demo_db
    _plant_hostile_values(src)
    persons, care = tmp_path / f"persons.{ext}", tmp_path / f"care.{ext}"
    export_list(src, "persons", None, persons)
    export_list(src, "care", None, care)
    # the same sheet back into the same database changes nothing
    plan = plan_import(src, read_sheet(persons))
    assert not plan.bad_rows, [p.message for p in plan.problems][:3]
    assert plan.counts()["created"] == plan.counts()["updated"] == 0
    dst = make_db("worker", "新电脑")
    t = create_record(dst, "areas", {"level": "township", "name": "下花园镇"})
    v = create_record(dst, "areas", {"level": "village", "name": "东山村", "parent_id": t})
    create_record(dst, "areas", {"level": "grid", "name": "第三网格", "parent_id": v})
    for sheet in (persons, care):
        plan = plan_import(dst, read_sheet(sheet))
        assert not plan.bad_rows, [p.message for p in plan.problems][:3]
        apply_import(dst, plan)
    fields = ", ".join(f"p.{f}" for f in ("name", "gender", "id_number", "birth_date", "ethnicity", "phone",
                                           "relation", "residence_kind", "status", "work", "notes"))
    q = f"SELECT {fields}, h.number, h.address FROM persons p LEFT JOIN households h ON h.id = p.household_id"
    assert sorted(src.execute(q).fetchall(), key=str) == sorted(dst.execute(q).fetchall(), key=str)
    q = ("SELECT p.id_number, c.categories, c.level, c.guardian_name FROM care_subjects c "
         "JOIN persons p ON p.id = c.person_id")
    assert sorted(src.execute(q).fetchall(), key=str) == sorted(dst.execute(q).fetchall(), key=str)
    assert dst.execute("SELECT name FROM persons WHERE name = '=1+1'").fetchone() == ("=1+1",)
    assert dst.execute("SELECT number FROM households WHERE number = '010001'").fetchone() == ("010001",)
