"""Requests and hazards as spreadsheets: export (xlsx, csv, read back) and import of a township's request list."""

from __future__ import annotations

import json
from datetime import date

from openpyxl import Workbook, load_workbook

from gridkeeper.cli import main
from gridkeeper.sheets.reader import read_sheet
from gridkeeper.store import hazards as H
from gridkeeper.store import requests as Q
from gridkeeper.spreadsheets.exporter import export_list
from gridkeeper.spreadsheets.import_requests import apply_request_import, plan_request_import
from gridkeeper.store.records import create_record
from tests.test_importer import setup_areas, write_csv

ID_NUMBER = "130706194503120017"
HEADERS = ["受理日期", "诉求人", "身份证号", "联系电话", "诉求类别", "诉求内容", "办理部门", "办理结果", "办结日期",
           "满意度", "状态", "网格"]


def _db_path(db):
    return db.execute("PRAGMA database_list").fetchone()[2]


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _count(db, table):
    return db.execute(f"SELECT count(*) FROM [{table}] WHERE deleted = 0").fetchone()[0]


def _person(db, areas):
    hh = create_record(db, "households", {"area_id": areas["east3"], "number": "0322"})
    return create_record(db, "persons", {"household_id": hh, "name": "李大爷", "id_number": ID_NUMBER})


def _rows():
    return [
        {"受理日期": "2026-10-08", "诉求人": "李大爷", "身份证号": ID_NUMBER, "联系电话": "13812345678",
         "诉求类别": "路灯", "诉求内容": "井边路灯不亮", "办理部门": "村委会", "办理结果": "已更换灯泡",
         "办结日期": "2026-10-09", "满意度": "满意", "状态": "已办结", "网格": ""},
        {"受理日期": "2026/10/12", "诉求人": "王桂芝", "诉求类别": "助老助残", "诉求内容": "需要代购药品",
         "状态": "处理中", "网格": "东山村/第三网格"},
        {"受理日期": "2026年10月20日", "诉求人": "赵刚", "诉求类别": "环境卫生", "诉求内容": "垃圾清运不及时",
         "办理结果": "已协调清运", "办结日期": "2026-10-21", "满意度": "联系不上", "网格": "010109"},
    ]


def write_xlsx(path, rows, headers=HEADERS):
    wb = Workbook()
    ws = wb.active
    ws.append(["东山村民生诉求台账（2026年10月）"])
    ws.append(headers)
    for r in rows:
        ws.append([r.get(h) for h in headers])
    wb.save(path)


def test_import_a_township_request_list(worker_db, tmp_path, capsys):
    areas = setup_areas(worker_db)
    person = _person(worker_db, areas)
    sheet = tmp_path / "诉求.xlsx"
    write_xlsx(sheet, _rows())
    code, out, err = _run(capsys, "import", "--db", _db_path(worker_db), sheet, "--area", areas["east3"], "--json")
    assert code == 0, err
    rep = json.loads(out)
    assert rep["created"] == 3 and rep["bad_rows"] == [] and rep["imported"] is True
    rows = {r["requester_name"]: r for r in worker_db.query("SELECT * FROM requests")}
    li = rows["李大爷"]
    assert (li["person_id"], li["area_id"], li["category"], li["department"]) == \
        (person, areas["east3"], "infrastructure", "village_committee")
    assert (li["status"], li["resolved"], li["closed"], li["satisfaction"]) == \
        ("closed", "2026-10-09", "2026-10-09", "satisfied")
    assert rows["王桂芝"]["status"] == "responding" and rows["王桂芝"]["channel"] == "in_person"
    assert rows["赵刚"]["area_id"] == areas["east9"] and rows["赵刚"]["satisfaction"] == "unreachable"
    assert all(r["number"].startswith("SQ-") for r in rows.values())
    # the same list again changes nothing
    code, out, err = _run(capsys, "import", "--db", _db_path(worker_db), sheet, "--area", areas["east3"], "--json")
    assert code == 0 and json.loads(out)["unchanged"] == 3 and _count(worker_db, "requests") == 3


def test_bad_rows_by_row_number_and_nothing_imported(worker_db, tmp_path, capsys):
    areas = setup_areas(worker_db)
    rows = _rows() + [
        {"受理日期": "2026-13-01", "诉求人": "甲", "诉求类别": "其他", "诉求内容": "x"},                     # row 6
        {"受理日期": "2026-10-01", "诉求人": "乙", "诉求类别": "外星人", "诉求内容": "x"},                   # row 7
        {"受理日期": "2026-10-05", "诉求人": "丙", "诉求类别": "其他", "诉求内容": "x", "状态": "已办结",
         "办理结果": "好了", "办结日期": "2026-10-06"},                                                       # row 8
        {"受理日期": "2026-10-05", "诉求人": "丁", "诉求类别": "其他", "诉求内容": "x",
         "办理结果": "好了", "办结日期": "2026-10-01", "满意度": "满意"},                                      # row 9
        {"受理日期": "2026-10-05", "诉求人": "戊", "身份证号": "130706194503120018", "诉求类别": "其他",
         "诉求内容": "x"},                                                                                    # row 10
        {"受理日期": "2026-10-05", "诉求人": "己", "诉求类别": "其他", "诉求内容": "x", "网格": "月球村"},   # row 11
    ]
    sheet = tmp_path / "bad.xlsx"
    write_xlsx(sheet, rows)
    code, out, err = _run(capsys, "import", "--db", _db_path(worker_db), sheet, "--area", areas["east3"])
    assert code == 1 and "6 行有错误，未导入任何数据" in err
    for line in ("第 6 行 [受理日期]", "第 7 行 [诉求类别]", "第 8 行 [满意度]", "第 9 行 [办结日期]",
                 "第 10 行 [身份证号]", "第 11 行 [网格]"):
        assert line in out, (line, out)
    assert "外星人" in out and "无法联系" in out
    assert _count(worker_db, "requests") == 0
    code, out, err = _run(capsys, "import", "--db", _db_path(worker_db), sheet, "--area", areas["east3"],
                          "--skip-bad", "--json")
    assert code == 0, err
    rep = json.loads(out)
    assert rep["created"] == 3 and rep["skipped_rows"] == [6, 7, 8, 9, 10, 11]
    side = load_workbook(rep["side_file"]).active
    assert side.max_row == 7 and side.cell(1, side.max_column).value == "错误原因"
    assert _count(worker_db, "requests") == 3


def test_a_sheet_without_the_needed_columns_is_refused(worker_db, tmp_path, capsys):
    setup_areas(worker_db)
    sheet = tmp_path / "few.csv"
    write_csv(sheet, [{"诉求人": "甲", "诉求内容": "x"}], headers=["诉求人", "诉求内容"])
    code, out, err = _run(capsys, "import", "--db", _db_path(worker_db), sheet)
    assert code != 0 and "受理日期" in err and "诉求类别" in err
    assert _count(worker_db, "requests") == 0


def test_dry_run_writes_nothing(worker_db, tmp_path, capsys):
    areas = setup_areas(worker_db)
    sheet = tmp_path / "list.csv"
    write_csv(sheet, _rows(), headers=HEADERS)
    code, out, err = _run(capsys, "import", "--db", _db_path(worker_db), sheet, "--area", areas["east3"], "--dry-run")
    assert code == 0 and "预览" in out and "新增 3 条" in out
    assert _count(worker_db, "requests") == 0


def test_export_requests_and_hazards_xlsx_and_csv_read_back(worker_db, tmp_path, capsys):
    areas = setup_areas(worker_db)
    person = _person(worker_db, areas)
    today = date(2026, 11, 27)
    rid = Q.create_request(worker_db, dict(Q.quick_entry_defaults(worker_db, person_id=person, today=today),
                                           category="utilities", content="停水两天"), today=today)
    Q.add_step(worker_db, rid, {"date": "2026-11-27", "step": "routed", "content": "转供水站"},
               department="utility", today=today)
    house = create_record(worker_db, "houses", {"area_id": areas["east3"], "street": "东山村3组", "building": "30号"})
    H.create_hazard(worker_db, {"house_id": house, "found": "2026-11-20", "category": "fire", "severity": "major",
                                "description": "柴草堆放在电表下", "deadline": "2026-11-23"}, today=today)
    db = _db_path(worker_db)
    for kind in ("requests", "hazards"):
        for ext in ("xlsx", "csv"):
            out = tmp_path / f"{kind}.{ext}"
            code, text, err = _run(capsys, "export", "--db", db, "--kind", kind, "--area", areas["east"], "--out", out)
            assert code == 0, err
            table = read_sheet(out)
            assert len(table.rows) == 1 and json.loads(json.dumps(table.columns, ensure_ascii=False))
    req = load_workbook(tmp_path / "requests.xlsx").active
    header = [c.value for c in req[1]]
    row = dict(zip(header, [c.value for c in req[2]]))
    assert row["诉求人"] == "李大爷" and row["公民身份号码"] == ID_NUMBER and row["诉求类别"] == "水电气暖"
    assert row["承办部门"] == "供水供电企业" and row["状态"] == "已分派" and "转供水站" in row["办理过程"]
    assert row["网格"] == "东山村/第三网格"
    haz = load_workbook(tmp_path / "hazards.xlsx").active
    row = dict(zip([c.value for c in haz[1]], [c.value for c in haz[2]]))
    assert row["隐患类别"] == "消防安全" and row["具体位置"] == "东山村3组30号" and row["状态"] == "已上报"
    # the exported request list imports back as unchanged
    plan = plan_request_import(worker_db, read_sheet(tmp_path / "requests.csv"))
    assert plan.counts() == {"created": 0, "unchanged": 1, "bad": 0}, plan.report()
    assert apply_request_import(worker_db, plan)["created"] == 0


def test_export_refuses_an_unknown_kind(worker_db, tmp_path):
    import pytest

    from gridkeeper.domain.errors import GridkeeperError

    with pytest.raises(GridkeeperError):
        export_list(worker_db, "complaints", None, tmp_path / "x.csv")
    assert export_list(worker_db, "request", None, tmp_path / "r.csv") == 0
