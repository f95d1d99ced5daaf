"""The named steps of planning a roster import, one at a time (the whole import: test_importer.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.sheets.reader import SheetRow, SheetTable
from gridkeeper.spreadsheets import import_steps as S
from gridkeeper.store.records import create_record
from tests.test_importer import make_id, setup_areas

TODAY = dt.date(2026, 5, 1)
HEADERS = {"household_number": "户号", "name": "姓名", "gender": "性别", "id_number": "公民身份号码",
           "relation": "与户主关系", "address": "现住址", "residence_kind": "人口类型", "area": "网格",
           "care_category": "重点人群类别"}


def sheet(*rows: dict, fields=("household_number", "name", "id_number", "relation", "address")) -> SheetTable:
    """A read sheet with these canonical fields; row numbers start at 2 (under the header)."""
    fields = list(fields)
    return SheetTable("人口", 1, [HEADERS[f] for f in fields], fields,
                      [SheetRow(i + 2, {f: r.get(f) for f in fields}) for i, r in enumerate(rows)])


def idn(seed: int, male=True) -> str:
    import random

    return make_id(random.Random(seed), dt.date(1980, 3, 4), male)


@pytest.fixture
def areas(worker_db):
    return setup_areas(worker_db)


def ctx_for(db, table, area_id=None):
    return S.start_plan(db, table, area_id=area_id, today=TODAY)


# -- start_plan ----------------------------------------------------------------------------------

def test_start_plan_refuses_a_sheet_without_name_or_id_columns(worker_db, areas):
    with pytest.raises(GridkeeperError) as e:
        ctx_for(worker_db, sheet({"household_number": "1"}, fields=("household_number", "address")))
    assert e.value.code == "no_person_columns"


def test_start_plan_refuses_an_unknown_area(worker_db, areas):
    with pytest.raises(GridkeeperError) as e:
        ctx_for(worker_db, sheet({"name": "王一"}), area_id="no-such-area")
    assert e.value.code == "bad_area"


def test_start_plan_defaults_to_the_only_grid(worker_db):
    t = create_record(worker_db, "areas", {"level": "township", "name": "镇"})
    g = create_record(worker_db, "areas", {"level": "grid", "name": "一网格", "parent_id": t})
    assert ctx_for(worker_db, sheet({"name": "王一"})).default_area == g


# -- parse_row and resolve_area ------------------------------------------------------------------

def test_parse_row_reads_cells_and_finds_the_stored_person(worker_db, areas):
    number = idn(1)
    pid = create_record(worker_db, "persons", {"name": "王一", "id_number": number, "area_id": areas["east3"]})
    table = sheet({"name": " 王一 ", "id_number": number, "relation": "本人"})
    w = S.parse_row(ctx_for(worker_db, table, areas["east3"]), table.rows[0])
    assert w.values["name"] == "王一" and w.values["relation"] == "head"
    assert w.existing["id"] == pid and w.plan.row == 2 and not w.reader.problems


def test_resolve_area_by_village_and_grid_and_refuses_an_ambiguous_name(worker_db, areas):
    table = sheet({"name": "王一", "area": "西山村第三网格"}, {"name": "王二", "area": "第三网格"},
                  fields=("name", "area"))
    ctx = ctx_for(worker_db, table)
    first, second = (S.parse_row(ctx, r) for r in table.rows)
    S.resolve_area(ctx, first)
    S.resolve_area(ctx, second)
    assert first.area == areas["west3"] and not first.reader.problems
    assert second.area is None
    assert [p.column for p in second.reader.problems] == ["网格"]
    assert "2 个区域都叫“第三网格”" in second.reader.problems[0].zh


def test_resolve_area_without_a_grid_is_a_row_problem(worker_db, areas):
    table = sheet({"name": "王一"}, fields=("name",))
    ctx = ctx_for(worker_db, table)  # three grids: no default
    w = S.parse_row(ctx, table.rows[0])
    S.resolve_area(ctx, w)
    assert w.area is None and "没有指定所属网格" in w.reader.problems[0].zh


# -- households ----------------------------------------------------------------------------------

def test_rows_sharing_a_household_number_join_one_household_plan(worker_db, areas):
    table = sheet({"household_number": "0301", "name": "王一", "id_number": idn(1), "relation": "户主"},
                  {"household_number": "0301", "name": "李二", "id_number": idn(2, False), "relation": "妻"},
                  {"household_number": "0302", "name": "张三", "id_number": idn(3), "relation": "户主"})
    ctx = ctx_for(worker_db, table, areas["east3"])
    plans = [S.plan_row(ctx, r) for r in table.rows]
    assert [p.action for p in plans] == ["create"] * 3
    assert list(ctx.households) == [(areas["east3"], "0301"), (areas["east3"], "0302")]
    assert ctx.households[(areas["east3"], "0301")].rows == [2, 3]
    assert plans[0].person["household_id"] == plans[1].person["household_id"] != plans[2].person["household_id"]


def test_find_household_matches_a_stored_household_and_a_person_by_name(worker_db, areas):
    hh = create_record(worker_db, "households", {"area_id": areas["east3"], "number": "0301"})
    pid = create_record(worker_db, "persons", {"name": "王一", "household_id": hh, "area_id": areas["east3"]})
    table = sheet({"household_number": "0301", "name": "王一"}, fields=("household_number", "name"))
    ctx = ctx_for(worker_db, table, areas["east3"])
    w = S.parse_row(ctx, table.rows[0])
    S.resolve_area(ctx, w)
    S.find_household(ctx, w)
    assert w.hh_existing["id"] == hh and w.hh_key == (areas["east3"], "0301")
    assert w.existing["id"] == pid  # no ID number: the same name in the same household


def test_settle_households_takes_the_first_address_and_the_heads_registration(worker_db, areas):
    table = sheet({"household_number": "0301", "name": "李二", "id_number": idn(2, False), "relation": "妻"},
                  {"household_number": "0301", "name": "王一", "id_number": idn(1), "relation": "户主",
                   "address": "东山村3组17号", "residence_kind": "流动"},
                  fields=("household_number", "name", "id_number", "relation", "address", "residence_kind"))
    ctx = ctx_for(worker_db, table, areas["east3"])
    plans = [S.plan_row(ctx, r) for r in table.rows]
    S.settle_households(plans, ctx.households, today=TODAY)
    values = ctx.households[(areas["east3"], "0301")].values
    assert values["address"] == "东山村3组17号" and values["registration_kind"] == "floating"


# -- duplicates ----------------------------------------------------------------------------------

def test_find_duplicates_reports_every_row_repeating_an_id_number(worker_db, areas):
    same = idn(1)
    table = sheet({"household_number": "1", "name": "王一", "id_number": same},
                  {"household_number": "2", "name": "张三", "id_number": idn(3)},
                  {"household_number": "3", "name": "王一", "id_number": same})
    ctx = ctx_for(worker_db, table, areas["east3"])
    plans = [S.plan_row(ctx, r) for r in table.rows]
    S.find_duplicates(plans, table)
    assert [p.action for p in plans] == ["error", "create", "error"]
    assert plans[0].problems[0].column == "公民身份号码"
    assert "第 2、4 行" in plans[0].problems[0].zh


def test_find_duplicates_by_name_only_within_one_household(worker_db, areas):
    table = sheet({"household_number": "1", "name": "王一"}, {"household_number": "1", "name": "王一"},
                  {"household_number": "2", "name": "王一"}, fields=("household_number", "name"))
    ctx = ctx_for(worker_db, table, areas["east3"])
    plans = [S.plan_row(ctx, r) for r in table.rows]
    S.find_duplicates(plans, table)
    assert [p.action for p in plans] == ["error", "error", "create"]
    assert "户号 1 中“王一”重复出现（第 2、3 行）" in plans[0].problems[0].zh


# -- care ----------------------------------------------------------------------------------------

def test_plan_care_creates_a_care_subject_and_updates_a_stored_one(worker_db, areas):
    number = idn(1)
    pid = create_record(worker_db, "persons", {"name": "王一", "id_number": number, "area_id": areas["east3"]})
    create_record(worker_db, "care_subjects", {"person_id": pid, "categories": ["subsistence"],
                                               "area_id": areas["east3"]})
    table = sheet({"name": "王一", "id_number": number, "care_category": "独居老人"},
                  {"name": "张三", "id_number": idn(3), "care_category": "低保户"},
                  fields=("name", "id_number", "care_category"))
    ctx = ctx_for(worker_db, table, areas["east3"])
    stored, new = (S.plan_row(ctx, r) for r in table.rows)
    assert stored.care_action == "update" and stored.action == "update"
    old, new_categories = stored.changes["care.categories"]
    assert json.loads(old) == ["subsistence"] and json.loads(new_categories) == ["elderly_alone"]
    assert new.care_action == "create" and json.loads(new.care["categories"]) == ["subsistence"]


def test_read_care_refuses_an_unknown_category(worker_db, areas):
    table = sheet({"name": "王一", "id_number": idn(1), "care_category": "妖怪"},
                  fields=("name", "id_number", "care_category"))
    plan = S.plan_row(ctx_for(worker_db, table, areas["east3"]), table.rows[0])
    assert plan.bad and plan.care_action is None
    assert [p.column for p in plan.problems] == ["重点人群类别"]
    assert "重点人群类别“妖怪”无法识别" in plan.problems[0].zh
