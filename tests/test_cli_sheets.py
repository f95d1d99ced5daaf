"""``gridkeeper import`` / ``gridkeeper export`` end to end through the CLI entry point."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from gridkeeper.cli import main
from tests.test_importer import make_roster, setup_areas, write_csv, write_xlsx


def _count(db, table):
    return db.execute(f"SELECT count(*) FROM [{table}] WHERE deleted = 0").fetchone()[0]


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _db(worker_db):
    areas = setup_areas(worker_db)
    path = worker_db.execute("PRAGMA database_list").fetchone()[2]
    return path, areas


def test_import_json_report(worker_db, tmp_path, capsys):
    db, areas = _db(worker_db)
    sheet = tmp_path / "r.xlsx"
    rows = make_roster(5)
    write_xlsx(sheet, rows)
    code, out, err = _run(capsys, "import", "--db", db, str(sheet), "--area", areas["east3"], "--json")
    assert code == 0, err
    rep = json.loads(out)
    assert set(rep) >= {"created", "updated", "unchanged", "bad_rows", "imported", "side_file"}
    assert rep["created"] == len(rows) and rep["imported"] is True and rep["bad_rows"] == []
    assert rep["side_file"] is None
    assert _count(worker_db, "persons") == len(rows)


def test_dry_run_writes_nothing_and_shows_plan(worker_db, tmp_path, capsys):
    db, areas = _db(worker_db)
    sheet = tmp_path / "r.csv"
    write_csv(sheet, make_roster(3))
    code, out, err = _run(capsys, "import", "--db", db, str(sheet), "--area", areas["east3"], "--dry-run")
    assert code == 0, err
    assert "预览" in out and "第 2 行 新增" in out
    assert _count(worker_db, "persons") == 0
    code, out, _ = _run(capsys, "import", "--db", db, str(sheet), "--area", areas["east3"], "--dry-run", "--json")
    rep = json.loads(out)
    assert rep["created"] == 6 and rep["imported"] is False and len(rep["rows"]) == 6
    assert rep["rows"][0]["action"] == "create"


def test_bad_rows_stop_the_import_with_one_stderr_line(worker_db, tmp_path, capsys):
    db, areas = _db(worker_db)
    rows = make_roster(10)
    rows[3]["性别"] = "未知"
    rows[7]["出生日期"] = "1990-02-31"
    sheet = tmp_path / "r.xlsx"
    write_xlsx(sheet, rows)
    code, out, err = _run(capsys, "import", "--db", db, str(sheet), "--area", areas["east3"], "--json")
    assert code != 0
    assert len(err.strip().splitlines()) == 1 and "2 行有错误" in err
    rep = json.loads(out)
    assert rep["imported"] is False and rep["created"] == 0
    assert [(b["row"], b["column"]) for b in rep["bad_rows"]] == [(5, "性别"), (9, "出生日期")]
    assert all(b["message"] for b in rep["bad_rows"])
    assert _count(worker_db, "persons") == 0
    # text output lists the rows by number
    code, out, err = _run(capsys, "import", "--db", db, str(sheet), "--area", areas["east3"])
    assert "第 5 行 [性别]" in out and "第 9 行 [出生日期]" in out


def test_skip_bad_writes_side_file(worker_db, tmp_path, capsys):
    db, areas = _db(worker_db)
    rows = make_roster(10)
    rows[3]["性别"] = "未知"
    sheet = tmp_path / "名单.xlsx"
    write_xlsx(sheet, rows)
    code, out, err = _run(capsys, "import", "--db", db, str(sheet), "--area", areas["east3"],
                          "--skip-bad", "--json")
    assert code == 0, err
    rep = json.loads(out)
    assert rep["imported"] is True and rep["created"] == len(rows) - 1
    assert rep["side_file"].endswith("名单-错误行.xlsx")
    ws = load_workbook(rep["side_file"]).active
    assert ws.max_row == 2 and ws.cell(1, ws.max_column).value == "错误原因"
    assert _count(worker_db, "persons") == len(rows) - 1


def test_english_stderr(worker_db, tmp_path, capsys):
    db, areas = _db(worker_db)
    rows = make_roster(2)
    rows[0]["性别"] = "x"
    sheet = tmp_path / "r.xlsx"
    write_xlsx(sheet, rows)
    code, out, err = _run(capsys, "--lang", "en", "import", "--db", db, str(sheet), "--area", areas["east3"])
    assert code != 0 and "bad rows, nothing imported" in err and "row 2 [性别]" in out


def test_missing_file_and_bad_area(worker_db, tmp_path, capsys):
    db, areas = _db(worker_db)
    code, _, err = _run(capsys, "import", "--db", db, str(tmp_path / "nope.xlsx"))
    assert code != 0 and "找不到文件" in err
    sheet = tmp_path / "r.xlsx"
    write_xlsx(sheet, make_roster(1))
    code, _, err = _run(capsys, "import", "--db", db, str(sheet), "--area", "nope")
    assert code != 0 and "区域不存在" in err


def test_export_command(grid_demo_db, tmp_path, capsys):
    db = grid_demo_db.execute("PRAGMA database_list").fetchone()[2]
    out_file = tmp_path / "care.xlsx"
    code, out, err = _run(capsys, "export", "--db", db, "--kind", "care", "--out", str(out_file), "--json")
    assert code == 0, err
    rep = json.loads(out)
    assert rep["rows"] == _count(grid_demo_db, "care_subjects") and out_file.exists()
    code, _, err = _run(capsys, "export", "--db", db, "--kind", "cats", "--out", str(out_file))
    assert code != 0 and len(err.strip().splitlines()) == 1
