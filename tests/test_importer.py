"""Spreadsheet import service: plan, apply, bad rows, matching, atomicity (real .xlsx/.csv files).

The helpers at the top (``setup_areas``, ``make_roster``, ``write_xlsx``, ``write_csv``) are also
used by test_exporter, test_cli_sheets and test_ui_import_dialog.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from openpyxl import Workbook, load_workbook

from gridkeeper.domain.validate import id_check_char
from gridkeeper.sheets import read_sheet
from gridkeeper.store.changes import Writer
from gridkeeper.store import versions as V
from gridkeeper.spreadsheets.importer import (ERROR_COLUMN_ZH, ImportCancelled, apply_import, plan_import,
                                       write_bad_rows)
from gridkeeper.store.records import create_record

HEADERS = ["序号", "户号", "姓名", "性别", "公民身份号码", "出生日期", "民族", "与户主关系",
           "联系电话", "现住址", "人口类型", "重点人群类别"]


def make_id(rng: random.Random, born: dt.date, male: bool, region: str = "130706") -> str:
    seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


def setup_areas(db) -> dict:
    """township 下花园镇 → 东山村 → 第三网格 (code 0103), 西山村 → 第三网格 (code 0203)."""
    t = create_record(db, "areas", {"level": "township", "name": "下花园镇", "code": "01"})
    v1 = create_record(db, "areas", {"level": "village", "name": "东山村", "code": "0101", "parent_id": t})
    g1 = create_record(db, "areas", {"level": "grid", "name": "第三网格", "code": "010103", "parent_id": v1})
    v2 = create_record(db, "areas", {"level": "village", "name": "西山村", "code": "0102", "parent_id": t})
    g2 = create_record(db, "areas", {"level": "grid", "name": "第三网格", "code": "010203", "parent_id": v2})
    g3 = create_record(db, "areas", {"level": "grid", "name": "第九网格", "code": "010109", "parent_id": v1})
    return {"township": t, "east": v1, "east3": g1, "west": v2, "west3": g2, "east9": g3}


def make_roster(n_households: int, seed: int = 1, sizes=(1, 2, 3, 4, 5)) -> list[dict]:
    """Rows {header: value} of a plausible roster: households of 1-5, valid unique ID numbers."""
    rng = random.Random(seed)
    rows, used = [], set()
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    for h in range(n_households):
        size = sizes[h % len(sizes)]
        number = f"03{h + 1:04d}"
        address = f"东山村3组{h + 1}号"
        for m in range(size):
            male = (m % 2 == 0)
            born = dt.date(1940 + rng.randrange(0, 70), rng.randrange(1, 13), rng.randrange(1, 28))
            idn = make_id(rng, born, male)
            while idn in used:
                idn = make_id(rng, born, male)
            used.add(idn)
            relation = "户主" if m == 0 else ("妻" if m == 1 else "子女")
            rows.append({"户号": number, "姓名": rng.choice(surnames) + rng.choice("伟芳娜敏静丽强磊军洋") +
                         ("𠮷" if len(rows) % 53 == 0 else ""),
                         "性别": "男" if male else "女", "公民身份号码": idn, "出生日期": born,
                         "民族": "汉族", "与户主关系": relation,
                         "联系电话": f"138{rng.randrange(0, 10**8):08d}" if m == 0 else None,
                         "现住址": address, "人口类型": "户籍人口",
                         "重点人群类别": "独居老人" if size == 1 and born.year < 1960 else None})
    return rows


def write_xlsx(path, rows: list[dict], headers=None, *, title: str | None = None, id_as_text=True,
               merge_household=False) -> None:
    """A roster .xlsx like people make: optional merged title row; 户号 merged over members."""
    headers = headers or [h for h in HEADERS if h != "序号"]
    wb = Workbook()
    ws = wb.active
    ws.title = "人口底册"
    r0 = 1
    if title:
        ws.cell(1, 1, title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        r0 = 2
    for j, h in enumerate(headers, 1):
        ws.cell(r0, j, h)
    for i, row in enumerate(rows, r0 + 1):
        for j, h in enumerate(headers, 1):
            v = row.get(h)
            if h == "序号":
                v = i - r0
            if h == "公民身份号码" and v is not None and not id_as_text and str(v).isdigit():
                v = float(v)  # what Excel keeps of an ID typed into a number cell
            ws.cell(i, j, v)
    if merge_household and "户号" in headers:
        col = headers.index("户号") + 1
        start = r0 + 1
        for i in range(r0 + 2, r0 + 2 + len(rows)):
            prev = rows[start - r0 - 1].get("户号")
            cur = rows[i - r0 - 1].get("户号") if i - r0 - 1 < len(rows) else None
            if cur != prev:
                if i - 1 > start:
                    for k in range(start + 1, i):
                        ws.cell(k, col).value = None
                    ws.merge_cells(start_row=start, start_column=col, end_row=i - 1, end_column=col)
                start = i
    wb.save(path)


def write_csv(path, rows: list[dict], headers=None, encoding="utf-8-sig") -> None:
    import csv

    headers = headers or [h for h in HEADERS if h != "序号"]
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(headers)
        for r in rows:
            w.writerow(["" if r.get(h) is None else (r[h].isoformat() if isinstance(r[h], dt.date) else r[h])
                        for h in headers])


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM [{table}] WHERE deleted = 0").fetchone()[0]


def snapshot(db) -> dict:
    return {t: list(db.execute(f"SELECT * FROM [{t}] ORDER BY id").fetchall())
            for t in ("houses", "households", "persons", "care_subjects", "persons__ver", "households__ver",
                      "houses__ver")}


def do_import(db, path, **kw):
    skip = kw.pop("skip_bad", False)
    plan = plan_import(db, read_sheet(path), **kw)
    return plan, apply_import(db, plan, skip_bad=skip)


@pytest.fixture
def areas(worker_db):
    return setup_areas(worker_db)


# ---------------------------------------------------------------- the basics


def test_xlsx_import_groups_households_and_creates_care(worker_db, areas, tmp_path):
    rows = make_roster(20, seed=3)
    path = tmp_path / "roster.xlsx"
    write_xlsx(path, rows)
    plan, res = do_import(worker_db, path, area_id=areas["east3"])
    assert res.imported and not plan.bad_rows
    assert res.created == len(rows) == count(worker_db, "persons")
    assert res.households_created == 20 == count(worker_db, "households")
    # members of one 户号 share one household, in the area given
    hh = worker_db.execute("SELECT number, count(*) FROM persons p JOIN households h ON h.id = p.household_id "
                           "GROUP BY number ORDER BY number").fetchall()
    assert [n for _, n in hh][:5] == [1, 2, 3, 4, 5]
    assert {r[0] for r in worker_db.execute("SELECT area_id FROM persons")} == {areas["east3"]}
    # 子女 resolved by gender; birth date and gender derived; rare characters kept
    p = worker_db.execute("SELECT relation, gender FROM persons WHERE id_number = ?",
                          [rows[5]["公民身份号码"]]).fetchone()
    assert p == ("son", "male")
    assert worker_db.execute("SELECT count(*) FROM persons WHERE name LIKE '%𠮷%'").fetchone()[0] >= 1
    expected_care = sum(1 for r in rows if r["重点人群类别"])
    assert expected_care and count(worker_db, "care_subjects") == expected_care
    assert worker_db.execute("SELECT categories FROM care_subjects LIMIT 1").fetchone()[0] == '["elderly_alone"]'
    # household address from the sheet, registration kind from the head's 人口类型
    assert worker_db.execute("SELECT address, registration_kind FROM households WHERE number = '030001'"
                             ).fetchone() == ("东山村3组1号", "registered")


def test_writes_go_through_change_capture(worker_db, areas, tmp_path):
    path = tmp_path / "r.xlsx"
    write_xlsx(path, make_roster(5))
    do_import(worker_db, path, area_id=areas["east3"])
    n = count(worker_db, "persons")
    assert worker_db.execute(f"SELECT count(*) FROM persons__ver v WHERE {V.written_sql('persons', 'name')}"
                             ).fetchone()[0] == n
    assert worker_db.execute("SELECT count(*) FROM households__ver").fetchone()[0] == 5
    # every field written carries this device's stamp: the import travels in the next bundle
    dev = worker_db.execute("SELECT idx FROM devices WHERE status = 'self'").fetchone()[0]
    assert {r[0] for r in worker_db.execute(f"SELECT {V.device_sql('persons', 'name')} FROM persons__ver v")} == {dev}


def test_backup_before_import(worker_db, areas, tmp_path, isolated_data_dir):
    path = tmp_path / "r.xlsx"
    write_xlsx(path, make_roster(3))
    _, res = do_import(worker_db, path, area_id=areas["east3"])
    assert res.backup and "before-import" in res.backup
    import os

    assert os.path.exists(res.backup)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_encodings(worker_db, areas, tmp_path, encoding):
    rows = make_roster(6, seed=5)
    path = tmp_path / "roster.csv"
    write_csv(path, rows, encoding=encoding)
    plan, res = do_import(worker_db, path, area_id=areas["east3"])
    assert not plan.bad_rows, [p.message for p in plan.problems]
    names = {r[0] for r in worker_db.execute("SELECT name FROM persons")}
    assert names == {r["姓名"] for r in rows}  # GB18030 holds 𠮷 too


def test_area_column_by_name_pair_and_code(worker_db, areas, tmp_path):
    rows = make_roster(4, sizes=(1,))
    rows[0]["网格"] = "第九网格"           # unique name
    rows[1]["网格"] = "西山村第三网格"     # village + grid
    rows[2]["网格"] = "010103"             # code
    rows[3]["网格"] = "第三网格"           # ambiguous
    path = tmp_path / "a.xlsx"
    write_xlsx(path, rows, headers=["户号", "姓名", "公民身份号码", "网格"])
    plan = plan_import(worker_db, read_sheet(path))
    assert [r.row for r in plan.bad_rows] == [5]
    assert "村名+网格名" in plan.bad_rows[0].problems[0].message
    assert plan.bad_rows[0].problems[0].column == "网格"
    got = {r.row: r.person.get("area_id") for r in plan.rows if not r.bad}
    assert got == {2: areas["east9"], 3: areas["west3"], 4: areas["east3"]}


def test_no_area_anywhere_is_a_row_problem(worker_db, areas, tmp_path):
    path = tmp_path / "a.xlsx"
    write_xlsx(path, make_roster(2, sizes=(1,)), headers=["户号", "姓名", "公民身份号码"])
    plan = plan_import(worker_db, read_sheet(path))  # three grids, no --area: cannot guess
    assert len(plan.bad_rows) == 2
    assert "--area" in plan.bad_rows[0].problems[0].message


def test_worker_scope_is_enforced(worker_db, areas, tmp_path):
    from gridkeeper.store.devices import assign_self_areas

    assign_self_areas(worker_db, [areas["east3"]])
    rows = make_roster(2, sizes=(1,))
    rows[1]["网格"] = "西山村第三网格"
    path = tmp_path / "a.xlsx"
    write_xlsx(path, rows, headers=["户号", "姓名", "公民身份号码", "网格"])
    plan = plan_import(worker_db, read_sheet(path))  # default: the one enrolled grid
    assert [r.row for r in plan.bad_rows] == [3]
    assert plan.rows[0].person["area_id"] == areas["east3"]


# ---------------------------------------------------------------- bad rows


def _with_bad_rows(rows):
    """Break five rows in five different ways; return {sheet row: column}."""
    rows[9]["公民身份号码"] = rows[9]["公民身份号码"][:17] + ("0" if rows[9]["公民身份号码"][17] != "0" else "1")
    rows[30]["出生日期"] = "2023.2.30"
    rows[61]["性别"] = "不详"
    rows[120]["联系电话"] = "12345"
    rows[150]["与户主关系"] = "邻居"
    return {11: "公民身份号码", 32: "出生日期", 63: "性别", 122: "联系电话", 152: "与户主关系"}


def test_200_rows_with_bad_rows_nothing_imported(worker_db, areas, tmp_path):
    rows = make_roster(68, seed=9)[:200]
    assert len(rows) == 200
    expected = _with_bad_rows(rows)
    path = tmp_path / "r.xlsx"
    write_xlsx(path, rows)
    plan = plan_import(worker_db, read_sheet(path), area_id=areas["east3"])
    assert {p.row: p.column for p in plan.problems} == expected
    assert all(p.message for p in plan.problems)
    assert "校验码" in next(p.message for p in plan.problems if p.row == 11)
    res = apply_import(worker_db, plan)
    assert not res.imported
    assert count(worker_db, "persons") == 0 and count(worker_db, "households") == 0


def test_skip_bad_imports_good_rows_and_side_file_round_trips(worker_db, areas, tmp_path):
    rows = make_roster(68, seed=9)[:200]
    expected = _with_bad_rows(rows)
    path = tmp_path / "r.xlsx"
    write_xlsx(path, rows)
    plan = plan_import(worker_db, read_sheet(path), area_id=areas["east3"])
    res = apply_import(worker_db, plan, skip_bad=True)
    assert res.imported and res.created == 195 == count(worker_db, "persons")
    assert sorted(res.skipped_rows) == sorted(expected)
    bad_ids = {rows[n - 2]["公民身份号码"] for n in expected}
    assert not worker_db.execute(
        f"SELECT count(*) FROM persons WHERE id_number IN ({','.join('?' * len(bad_ids))})",
        list(bad_ids)).fetchone()[0]
    side = tmp_path / "r-错误行.xlsx"
    assert write_bad_rows(plan, side) == 5
    ws = load_workbook(side).active
    header = [c.value for c in ws[1]]
    assert header[-1] == ERROR_COLUMN_ZH and "公民身份号码" in header
    data = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(data) == 5 and all(r[-1] for r in data)
    # the user fixes the side file and imports it again
    wb = load_workbook(side)
    ws = wb.active
    col = {c.value: i for i, c in enumerate(ws[1])}
    fixes = {"出生日期": None, "性别": None, "联系电话": None, "与户主关系": "其他"}
    for row in ws.iter_rows(min_row=2):
        for h, v in fixes.items():
            if row[col[h]].value in ("2023.2.30", "不详", "12345", "邻居"):
                row[col[h]].value = v
        idn = row[col["公民身份号码"]].value
        row[col["公民身份号码"]].value = idn[:17] + id_check_char(idn[:17])
    wb.save(side)
    plan2 = plan_import(worker_db, read_sheet(side), area_id=areas["east3"])
    assert not plan2.bad_rows, [p.message for p in plan2.problems]
    apply_import(worker_db, plan2)
    assert count(worker_db, "persons") == 200


def test_duplicates_in_one_sheet_are_reported(worker_db, areas, tmp_path):
    rows = make_roster(5, seed=2)
    rows.append(dict(rows[2], 姓名="重复人"))
    rows.append({"户号": "039999", "姓名": "无证", "公民身份号码": None})
    rows.append({"户号": "039999", "姓名": "无证", "公民身份号码": None})
    path = tmp_path / "d.xlsx"
    write_xlsx(path, rows)
    plan = plan_import(worker_db, read_sheet(path), area_id=areas["east3"])
    n = len(rows)
    assert sorted(r.row for r in plan.bad_rows) == [4, n - 1, n, n + 1]
    msg = next(p.message for p in plan.problems if p.row == 4)
    assert f"第 4、{n - 1} 行" in msg


def test_excel_traps_end_to_end(worker_db, areas, tmp_path):
    """Title row, merged 户号 cells, ID numbers stored as numbers, full-width digits, numeric phones,
    dates as Excel dates and as text, padded headers."""
    rows = make_roster(6, seed=4)
    rows[0]["公民身份号码"] = rows[0]["公民身份号码"].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    rows[1]["联系电话"] = 13800138000
    rows[2]["出生日期"] = rows[2]["出生日期"].strftime("%Y年%m月%d日")
    path = tmp_path / "traps.xlsx"
    write_xlsx(path, rows, title="东山村三网格人口底册", merge_household=True)
    plan = plan_import(worker_db, read_sheet(path), area_id=areas["east3"])
    assert not plan.bad_rows, [p.message for p in plan.problems]
    apply_import(worker_db, plan)
    assert count(worker_db, "households") == 6   # merged 户号 filled down
    assert count(worker_db, "persons") == len(rows)
    assert worker_db.execute("SELECT phone FROM persons WHERE phone = '13800138000'").fetchone()
    # IDs that Excel stored as numbers: the rows are reported, none imported
    path2 = tmp_path / "numbers.xlsx"
    more = make_roster(3, seed=11, sizes=(1,))
    write_xlsx(path2, more, id_as_text=False)
    plan2 = plan_import(worker_db, read_sheet(path2), area_id=areas["east3"])
    assert [r.row for r in plan2.bad_rows] == [2, 3, 4]
    assert "文本格式" in plan2.bad_rows[0].problems[0].message


def test_english_messages(worker_db, areas, tmp_path):
    from gridkeeper.domain.lang import set_language

    rows = make_roster(2, sizes=(1,))
    rows[0]["性别"] = "不详"
    path = tmp_path / "e.xlsx"
    write_xlsx(path, rows)
    set_language("en")
    plan = plan_import(worker_db, read_sheet(path), area_id=areas["east3"])
    assert plan.problems[0].message.startswith("cannot read the gender")


# ---------------------------------------------------------------- updates and matching


def test_second_import_of_changed_sheet_updates_without_duplicates(worker_db, areas, tmp_path):
    rows = make_roster(10, seed=6)
    path = tmp_path / "r.xlsx"
    write_xlsx(path, rows)
    do_import(worker_db, path, area_id=areas["east3"])
    n_p, n_h = count(worker_db, "persons"), count(worker_db, "households")
    rows[0]["联系电话"] = "13912345678"
    rows[3]["姓名"] = "改名字"
    rows.append(dict(make_roster(1, seed=99, sizes=(1,))[0], 户号=rows[0]["户号"], 与户主关系="其他"))
    write_xlsx(path, rows)
    plan, res = do_import(worker_db, path, area_id=areas["east3"])
    assert (res.created, res.updated, res.unchanged) == (1, 2, len(rows) - 3)
    assert count(worker_db, "persons") == n_p + 1 and count(worker_db, "households") == n_h
    assert worker_db.execute("SELECT phone FROM persons WHERE id_number = ?",
                             [rows[0]["公民身份号码"]]).fetchone()[0] == "13912345678"
    # a third import of the same sheet changes nothing and writes nothing
    before = snapshot(worker_db)
    plan, res = do_import(worker_db, path, area_id=areas["east3"])
    assert (res.created, res.updated) == (0, 0) and snapshot(worker_db) == before
    assert res.backup is None


def test_partial_column_sheet_changes_only_those_fields(worker_db, areas, tmp_path):
    rows = make_roster(4, seed=8)
    path = tmp_path / "r.xlsx"
    write_xlsx(path, rows)
    do_import(worker_db, path, area_id=areas["east3"])
    before = {r["id_number"]: r for r in worker_db.query("SELECT * FROM persons")}
    partial = [{"姓名": rows[0]["姓名"] + "新", "公民身份号码": rows[0]["公民身份号码"], "联系电话": "13700000001"},
               {"姓名": rows[1]["姓名"], "公民身份号码": rows[1]["公民身份号码"], "联系电话": None}]
    p2 = tmp_path / "partial.xlsx"
    write_xlsx(p2, partial, headers=["姓名", "公民身份号码", "联系电话"])
    plan, res = do_import(worker_db, p2)  # no area needed: both persons exist
    assert (res.updated, res.unchanged) == (1, 1)
    after = {r["id_number"]: r for r in worker_db.query("SELECT * FROM persons")}
    a, b = before[rows[0]["公民身份号码"]], after[rows[0]["公民身份号码"]]
    assert b["name"] == a["name"] + "新" and b["phone"] == "13700000001"
    assert {k for k in a if a[k] != b[k]} == {"name", "phone"}
    assert after[rows[1]["公民身份号码"]] == before[rows[1]["公民身份号码"]]  # blank never erases
    assert set(plan.rows[0].changes) == {"name", "phone"}


def test_rows_without_id_match_by_household_and_name(worker_db, areas, tmp_path):
    rows = [{"户号": "01", "姓名": "小明", "与户主关系": "户主", "性别": "男"},
            {"户号": "01", "姓名": "小红", "与户主关系": "女儿", "性别": "女"}]
    path = tmp_path / "r.xlsx"
    write_xlsx(path, rows, headers=["户号", "姓名", "性别", "与户主关系"])
    do_import(worker_db, path, area_id=areas["east3"])
    rows[1]["性别"] = "女"
    rows.append({"户号": "01", "姓名": "小刚", "与户主关系": "子", "性别": "男"})
    write_xlsx(path, rows, headers=["户号", "姓名", "性别", "与户主关系"])
    _, res = do_import(worker_db, path, area_id=areas["east3"])
    assert (res.created, res.unchanged) == (1, 2)
    assert count(worker_db, "persons") == 3


def test_care_category_updates_existing_subject(worker_db, areas, tmp_path):
    rows = make_roster(3, seed=12, sizes=(1,))
    for r in rows:
        r["重点人群类别"] = "残疾人"
    path = tmp_path / "r.xlsx"
    write_xlsx(path, rows)
    do_import(worker_db, path, area_id=areas["east3"])
    assert count(worker_db, "care_subjects") == 3
    rows[0]["重点人群类别"] = "残疾人、低保"
    write_xlsx(path, rows)
    _, res = do_import(worker_db, path, area_id=areas["east3"])
    assert (res.care_created, res.care_updated, res.updated) == (0, 1, 1)
    assert count(worker_db, "care_subjects") == 3
    cats = worker_db.execute("SELECT c.categories FROM care_subjects c JOIN persons p ON p.id = c.person_id "
                             "WHERE p.id_number = ?", [rows[0]["公民身份号码"]]).fetchone()[0]
    assert cats == '["disabled","subsistence"]'
    rows[1]["重点人群类别"] = "外星人"
    write_xlsx(path, rows)
    plan = plan_import(worker_db, read_sheet(path), area_id=areas["east3"])
    assert [p.column for p in plan.problems] == ["重点人群类别"]


# ---------------------------------------------------------------- atomicity, cancel, stale plans


def test_import_is_atomic_when_a_write_fails_midway(worker_db, areas, tmp_path, monkeypatch):
    rows = make_roster(10, seed=13)
    path = tmp_path / "r.xlsx"
    write_xlsx(path, rows[:10])
    do_import(worker_db, path, area_id=areas["east3"])
    rows[0]["联系电话"] = "13911112222"
    write_xlsx(path, rows)
    before = snapshot(worker_db)
    plan = plan_import(worker_db, read_sheet(path), area_id=areas["east3"])
    real = Writer.create_many
    calls = []

    def failing(self, table, rws):
        calls.append(table)
        if table == "persons":
            raise RuntimeError("disk full")
        return real(self, table, rws)

    monkeypatch.setattr(Writer, "create_many", failing)
    with pytest.raises(RuntimeError):
        apply_import(worker_db, plan)
    assert calls[:2] == ["houses", "households"]  # houses and households were written before the failure …
    assert snapshot(worker_db) == before  # … and rolled back with everything else
    assert not worker_db.conn.in_transaction


def test_cancel_rolls_back(worker_db, areas, tmp_path):
    path = tmp_path / "r.xlsx"
    write_xlsx(path, make_roster(30))
    plan = plan_import(worker_db, read_sheet(path), area_id=areas["east3"])
    seen = []
    with pytest.raises(ImportCancelled):
        apply_import(worker_db, plan, progress=lambda d, t: seen.append(d),
                     cancelled=lambda: len(seen) >= 1)
    assert count(worker_db, "persons") == 0 and count(worker_db, "households") == 0


def test_stale_plan_is_refused(worker_db, areas, tmp_path):
    from gridkeeper.domain.errors import GridkeeperError

    path = tmp_path / "r.xlsx"
    write_xlsx(path, make_roster(2))
    plan = plan_import(worker_db, read_sheet(path), area_id=areas["east3"])
    create_record(worker_db, "persons", {"name": "别人", "area_id": areas["east3"]})
    with pytest.raises(GridkeeperError) as e:
        apply_import(worker_db, plan)
    assert e.value.code == "import_stale"
    assert count(worker_db, "persons") == 1


def test_sheet_without_person_columns_is_refused(worker_db, areas, tmp_path):
    from gridkeeper.domain.errors import GridkeeperError

    path = tmp_path / "r.xlsx"
    write_xlsx(path, [{"户号": "1", "现住址": "x", "联系电话": "13800138000"}], headers=["户号", "现住址", "联系电话"])
    with pytest.raises(GridkeeperError):
        plan_import(worker_db, read_sheet(path), area_id=areas["east3"])


# ---------------------------------------------------------------- journey 3


def journey3_rows() -> list[dict]:
    """412 persons in 131 households (sizes cycle so they add up)."""
    sizes = [3] * 131
    for i in range(412 - 393):
        sizes[i * 5] = 4
    rows = make_roster(131, seed=2024, sizes=sizes)
    assert len(rows) == 412
    return rows


def test_journey3_roster_with_traps_then_fixed(worker_db, areas, tmp_path):
    from gridkeeper.store.devices import assign_self_areas

    assign_self_areas(worker_db, [areas["east3"]])
    rows = journey3_rows()
    broken = [dict(r) for r in rows]
    broken[40]["公民身份号码"] = float(broken[40]["公民身份号码"]) if broken[40]["公民身份号码"].isdigit() else 1.3e17
    broken[100]["出生日期"] = "1985.13.02"
    broken[250]["与户主关系"] = "朋友"
    broken[300]["联系电话"] = "1381234"
    path = tmp_path / "东山村三网格人口底册.xlsx"
    headers = HEADERS
    write_xlsx(path, broken, headers=headers, title="东山村三网格人口底册（2024年）", merge_household=True)
    table = read_sheet(path)
    plan = plan_import(worker_db, table)
    # title row 1, header row 2: data row i is sheet row i + 3
    assert [r.row for r in plan.bad_rows] == [43, 103, 253, 303]
    assert apply_import(worker_db, plan).imported is False
    assert count(worker_db, "persons") == 0
    write_xlsx(path, rows, headers=headers, title="东山村三网格人口底册（2024年）", merge_household=True)
    plan = plan_import(worker_db, read_sheet(path))
    res = apply_import(worker_db, plan)
    assert res.imported and not plan.bad_rows
    assert (count(worker_db, "persons"), count(worker_db, "households")) == (412, 131)


# ---------------------------------------------------------------- houses (房屋) from addresses


def test_roster_addresses_create_one_house_each_and_link_households(worker_db, areas, tmp_path):
    rows = make_roster(6, seed=21)  # 6 households at 东山村3组1号 … 6号
    rows[-1]["现住址"] = "东山村3组 1 号"  # household 6 lives at household 1's address (spaces aside)
    path = tmp_path / "r.xlsx"
    write_xlsx(path, rows)
    # an existing house at 2号 in the same grid, and one at 3号 in another grid
    h2 = create_record(worker_db, "houses", {"area_id": areas["east3"], "street": "东山村3组", "building": "2号"})
    create_record(worker_db, "houses", {"area_id": areas["west3"], "street": "东山村3组", "building": "3号"})
    plan = plan_import(worker_db, read_sheet(path), area_id=areas["east3"])
    assert plan.counts()["houses_created"] == 4  # 1号, 3号, 4号, 5号 (2号 exists; 6 shares 1号)
    assert plan.report()["houses"] == {"created": 4}
    res = apply_import(worker_db, plan)
    assert res.houses_created == 4 and res.report()["houses"] == {"created": 4}
    houses = {(r[0], r[1], r[2]) for r in worker_db.execute(
        "SELECT area_id, street, building FROM houses WHERE deleted = 0 AND area_id = ?", [areas["east3"]])}
    assert houses == {(areas["east3"], "东山村3组", f"{n}号") for n in (1, 2, 3, 4, 5)}
    links = dict(worker_db.execute(
        "SELECT h.number, s.street || s.building FROM households h JOIN houses s ON s.id = h.house_id"))
    assert links == {"030001": "东山村3组1号", "030002": "东山村3组2号", "030003": "东山村3组3号",
                     "030004": "东山村3组4号", "030005": "东山村3组5号", "030006": "东山村3组1号"}
    assert worker_db.execute("SELECT house_id FROM households WHERE number = '030002'").fetchone()[0] == h2
    assert worker_db.execute("SELECT count(*) FROM households WHERE house_id IS NULL").fetchone()[0] == 0
    # importing the same sheet again creates nothing
    plan = plan_import(worker_db, read_sheet(path), area_id=areas["east3"])
    assert plan.counts()["houses_created"] == 0 and plan.counts()["households_updated"] == 0
    assert count(worker_db, "houses") == 6


def test_existing_household_without_house_is_linked_and_bad_rows_make_no_house(worker_db, areas, tmp_path):
    hh = create_record(worker_db, "households", {"area_id": areas["east3"], "number": "030001",
                                                 "address": "东山村3组1号"})
    rows = make_roster(2, seed=5, sizes=(1,))
    rows[1]["公民身份号码"] = "123"  # household 030002's only row is bad
    path = tmp_path / "r.xlsx"
    write_xlsx(path, rows)
    plan = plan_import(worker_db, read_sheet(path), area_id=areas["east3"])
    assert plan.counts()["houses_created"] == 1 and plan.counts()["households_updated"] == 1
    apply_import(worker_db, plan, skip_bad=True)
    house = worker_db.execute("SELECT house_id FROM households WHERE id = ?", [hh]).fetchone()[0]
    assert worker_db.execute("SELECT street, building FROM houses WHERE id = ?", [house]).fetchone() == (
        "东山村3组", "1号")
    assert count(worker_db, "houses") == 1


def test_cli_summary_counts_new_houses(worker_db, areas, tmp_path, capsys):
    from gridkeeper.cli import main

    path = tmp_path / "r.xlsx"
    write_xlsx(path, make_roster(3, seed=2))
    db_path = worker_db.conn.execute("PRAGMA database_list").fetchone()[2]
    assert main(["import", "--db", db_path, str(path), "--area", areas["east3"], "--dry-run"]) == 0
    assert "新建房屋 3 处" in capsys.readouterr().out
