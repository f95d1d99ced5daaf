"""Spreadsheet export: Chinese headers, ID numbers as text, dates as dates, import round trip."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.sheets import read_sheet
from gridkeeper.spreadsheets.exporter import EXPORT_KINDS, export_columns, export_list
from gridkeeper.spreadsheets.importer import apply_import, plan_import
from gridkeeper.store.records import create_record


def _count(db, table):
    if table == "floating":
        return db.execute("SELECT count(*) FROM persons WHERE deleted = 0 AND residence_kind = 'floating'").fetchone()[0]
    if table == "points":
        return sum(_count(db, t) for t in ("volunteer_services", "point_redemptions"))
    return db.execute(f"SELECT count(*) FROM [{table}] WHERE deleted = 0").fetchone()[0]


@pytest.mark.parametrize("kind", EXPORT_KINDS)
def test_every_kind_exports_with_chinese_headers(grid_demo_db, tmp_path, kind):
    out = tmp_path / f"{kind}.xlsx"
    n = export_list(grid_demo_db, kind, None, out)
    table = {"persons": "persons", "households": "households", "care": "care_subjects",
             "visits": "visits", "disputes": "disputes", "requests": "requests", "hazards": "hazards"}.get(kind, kind)
    assert n == _count(grid_demo_db, table) > 0
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header == [h for _, h in export_columns(kind)]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in h) for h in header)
    assert ws.max_row == n + 1


def test_persons_cells_ids_as_text_dates_as_dates_labels_for_codes(grid_demo_db, tmp_path):
    out = tmp_path / "p.xlsx"
    export_list(grid_demo_db, "persons", None, out)
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    row = ws[2]
    idc = row[header.index("公民身份号码")]
    assert idc.data_type == "s" and idc.number_format == "@" and len(idc.value) == 18
    bd = row[header.index("出生日期")]
    assert isinstance(bd.value, dt.datetime) and bd.number_format == "yyyy-mm-dd"
    assert row[header.index("户号")].data_type == "s"
    from openpyxl.utils import get_column_letter

    values = {c.value for c in ws[get_column_letter(header.index("性别") + 1)] if c.row > 1}
    assert values <= {"男", "女", None}
    assert {c.value for c in ws["M"][1:]} == {"第三网格"}  # 网格 by name


def test_csv_export_is_utf8_bom_and_text_ids(grid_demo_db, tmp_path):
    out = tmp_path / "p.csv"
    export_list(grid_demo_db, "persons", None, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:4] == ["户号", "姓名", "性别", "公民身份号码"]
    assert all(len(r[3]) == 18 for r in rows[1:] if r[3])


def test_area_filter_and_errors(grid_demo_db, tmp_path):
    micro = grid_demo_db.execute("SELECT id FROM areas WHERE level = 'micro_grid'").fetchone()[0]
    assert export_list(grid_demo_db, "persons", micro, tmp_path / "m.xlsx") == 0
    with pytest.raises(GridkeeperError):
        export_list(grid_demo_db, "persons", "no-such-area", tmp_path / "x.xlsx")
    with pytest.raises(GridkeeperError):
        export_list(grid_demo_db, "houses-and-cats", None, tmp_path / "x.xlsx")
    with pytest.raises(GridkeeperError):
        export_list(grid_demo_db, "persons", None, tmp_path / "x.pdf")


def _rows(path):
    ws = load_workbook(path).active
    return sorted(tuple(c for c in r) for r in ws.iter_rows(min_row=2, values_only=True))


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
def test_export_import_round_trip_without_loss(grid_demo_db, make_db, tmp_path, ext):
    src = grid_demo_db
    out = tmp_path / f"persons.{ext}"
    export_list(src, "persons", None, out)
    # the same sheet back into the same database changes nothing
    plan = plan_import(src, read_sheet(out))
    assert not plan.bad_rows and plan.counts()["unchanged"] == _count(src, "persons")
    # into a fresh database with the same grid: every person, household and field arrives
    dst = make_db("worker", "新电脑")
    t = create_record(dst, "areas", {"level": "township", "name": "下花园镇"})
    v = create_record(dst, "areas", {"level": "village", "name": "东山村", "parent_id": t})
    create_record(dst, "areas", {"level": "grid", "name": "第三网格", "parent_id": v})
    plan = plan_import(dst, read_sheet(out))
    assert not plan.bad_rows, [p.message for p in plan.problems][:5]
    apply_import(dst, plan)
    assert _count(dst, "persons") == _count(src, "persons")
    assert _count(dst, "households") == _count(src, "households")
    fields = ", ".join(f"p.{f}" for f in ("name", "gender", "id_number", "birth_date", "ethnicity", "phone",
                                           "relation", "residence_kind", "status", "work", "notes"))
    q = f"SELECT {fields}, h.number, h.address FROM persons p LEFT JOIN households h ON h.id = p.household_id"
    assert sorted(src.execute(q).fetchall(), key=str) == sorted(dst.execute(q).fetchall(), key=str)
    if ext == "xlsx":
        again = tmp_path / "again.xlsx"
        export_list(dst, "persons", None, again)
        assert _rows(again) == _rows(out)
    # care subjects come across too
    care = tmp_path / f"care.{ext}"
    export_list(src, "care", None, care)
    plan = plan_import(dst, read_sheet(care))
    assert not plan.bad_rows
    apply_import(dst, plan)
    q = ("SELECT p.id_number, c.categories, c.level, c.guardian_name FROM care_subjects c "
         "JOIN persons p ON p.id = c.person_id")
    assert sorted(src.execute(q).fetchall()) == sorted(dst.execute(q).fetchall())
