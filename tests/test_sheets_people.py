"""Spreadsheets of the people records: floating and points exports, import of a floating sheet."""

from __future__ import annotations

import csv
from datetime import date, timedelta

from gridkeeper.sheets import read_sheet
from gridkeeper.store import floating as FL, points as PT
from gridkeeper.spreadsheets.exporter import export_list, export_rows
from gridkeeper.spreadsheets.importer import apply_import, plan_import
from gridkeeper.store.records import create_record, get_record

TODAY = date.today()


def _grid(db):
    town = create_record(db, "areas", {"level": "township", "name": "下花园镇"})
    village = create_record(db, "areas", {"level": "village", "name": "东山村", "parent_id": town})
    return create_record(db, "areas", {"level": "grid", "name": "第三网格", "parent_id": village})


def _write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f).writerows(rows)


def test_an_existing_floating_sheet_imports_with_arrivals_and_bad_rows_by_number(worker_db, tmp_path):
    db = worker_db
    grid = _grid(db)
    path = tmp_path / "东山村流动人口登记表.csv"
    _write_csv(path, [
        ["东山村三网格流动人口登记表"],
        ["姓名", "性别", "身份证号", "户籍地", "现住址", "来本地时间", "事由", "服务处所", "居住证号", "居住证有效期",
         "联系电话"],
        ["赵建国", "男", "110101199003077774", "河南省周口市", "东山村3组17号", "2026/3/1", "务工", "建筑工地",
         "豫A0001", "2027-03-01", "13800001111"],
        ["钱小红", "女", "110101199501010011", "山东省菏泽市", "东山村3组18号", "2026.05.10", "旅游", "", "", "", ""],
        ["孙大力", "男", "", "四川省达州市", "东山村3组19号", "2026-06-01", "打工", "", "川B0002", "2026-01-01", ""],
    ])
    table = read_sheet(path)
    plan = plan_import(db, table, area_id=grid)
    problems = {(p.row, p.column): p.message_zh if hasattr(p, "message_zh") else p.zh for p in plan.problems}
    assert {row for row, _ in problems} == {4, 5}, problems
    assert any("事由" in col for (row, col) in problems if row == 4)
    assert any("有效期" in msg for (row, _), msg in problems.items() if row == 5)
    res = apply_import(db, plan, skip_bad=True)
    assert res.imported
    [p] = db.execute("SELECT id FROM persons WHERE name = '赵建国'").fetchall()
    person = get_record(db, "persons", p[0])
    assert (person["origin"], person["arrival_date"], person["arrival_reason"], person["residence_kind"],
            person["permit_number"], person["permit_expiry"]) == (
        "河南省周口市", "2026-03-01", "work", "floating", "豫A0001", "2027-03-01")
    assert [e["kind"] for e in FL.person_events(db, p[0])] == ["arrival"]
    assert [r["name"] for r in FL.events_in_month(db, "2026-03", kind="arrival")] == ["赵建国"]


def test_floating_export_reads_back_through_the_import(worker_db, make_db, tmp_path):
    db = worker_db
    grid = _grid(db)
    pid = create_record(db, "persons", {"area_id": grid, "name": "赵建国", "id_number": "110101199003077774"})
    FL.record_arrival(db, pid, "2026-03-01", origin="河南省周口市", reason="work",
                      permit={"number": "豫A0001", "issued": "2026-09-01", "expiry": "2027-09-01"})
    out = tmp_path / "floating.xlsx"
    assert export_list(db, "floating", None, out) == 1
    other = make_db("worker", "另一台")
    _grid(other)
    plan = plan_import(other, read_sheet(out))
    assert not plan.problems, plan.problems
    apply_import(other, plan)
    keep = ("name", "id_number", "origin", "arrival_date", "arrival_reason", "permit_number", "permit_issued",
            "permit_expiry", "residence_kind")
    a = get_record(db, "persons", pid)
    [b] = list(other.query("SELECT * FROM persons"))
    assert {k: a[k] for k in keep} == {k: b[k] for k in keep}


def test_points_export_lists_services_and_redemptions(worker_db, tmp_path):
    db = worker_db
    grid = _grid(db)
    pid = create_record(db, "persons", {"area_id": grid, "name": "王阿姨"})
    PT.record_service(db, {"volunteer_id": pid, "date": (TODAY - timedelta(days=2)).isoformat(), "activity": "送餐",
                           "minutes": 120})
    PT.record_redemption(db, {"volunteer_id": pid, "date": TODAY.isoformat(), "goods": "食用油", "points": 15})
    cols, kinds, rows = export_rows(db, "points")
    rows = list(rows)
    assert [(r["kind"], r["what"], r["earned"], r["spent"]) for r in rows] == [
        ("兑换", "食用油", None, 15), ("服务", "送餐", 20, None)]
    assert export_list(db, "points", grid, tmp_path / "points.csv") == 2
