"""The import plan of a messy roster, byte for byte, against a golden copy.

Making the planner faster (set-based steps, batch validation, messages instead of inline texts)
must not change what it plans or what it tells the user. ``messy_roster`` breaks rows in every way
the planner knows (bad ID numbers, Excel's float IDs, impossible and year-month dates, unknown
words, ambiguous grids and households, duplicates, care categories, floating-population dates) and
mixes them with stored persons, households, houses and a care subject that rows match, update or
leave unchanged. :func:`plan_dump` writes everything the plan holds — every row's action, values,
changes and problems in Chinese and English, the household and house plans, the counts — with the
record ids replaced by stable labels.

The golden file ``import_plan_golden.json`` was written by the row-by-row planner before it was
made set-based (regenerate only on purpose: ``GK_WRITE_GOLDEN=1 pytest tests/test_import_differential.py``).
Dictionaries keep their order in it: the order of a row's changes is the order ``--json`` prints.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from gridkeeper.domain.ids import is_record_id
from gridkeeper.domain.lang import set_language
from gridkeeper.sheets.table import SheetRow, SheetTable
from gridkeeper.spreadsheets.importer import plan_import
from gridkeeper.store.records import create_record
from tests.test_importer import setup_areas

GOLDEN = Path(__file__).with_name("import_plan_golden.json")
TODAY = dt.date(2026, 5, 1)

COLUMNS = [("户号", "household_number"), ("姓名", "name"), ("性别", "gender"), ("公民身份号码", "id_number"),
           ("出生年月", "birth_date"), ("民族", "ethnicity"), ("与户主关系", "relation"), ("联系电话", "phone"),
           ("现住址", "address"), ("人口类型", "residence_kind"), ("所属网格", "area"), ("状态", "status"),
           ("重点人群类别", "care_category"), ("关爱等级", "care_level"), ("监护人", "guardian"), ("备注", "notes"),
           ("来本地日期", "arrival_date"), ("来本地事由", "arrival_reason"), ("居住证号码", "permit_number"),
           ("居住证有效期至", "permit_expiry"), ("旧编号", None)]


def ids(n: int) -> list[str]:
    """Valid ID numbers 130706 19800101 001.. with their check characters."""
    from gridkeeper.domain.validate import id_check_char

    out = []
    for i in range(n):
        first17 = f"1307061980{(i % 12) + 1:02d}{(i % 27) + 1:02d}{i % 1000:03d}"
        out.append(first17 + id_check_char(first17))
    return out


def stored(db, areas) -> dict:
    """What the rows are matched against: households 0301 (with a house) and 0302 (without), two
    households numbered 0900 in one village (ambiguous), persons with and without ID numbers, a
    care subject."""
    e3, e9 = areas["east3"], areas["east9"]
    house = create_record(db, "houses", {"area_id": e3, "street": "东山村3组", "building": "17号"})
    h1 = create_record(db, "households", {"area_id": e3, "number": "0301", "house_id": house,
                                          "address": "东山村3组17号"})
    h2 = create_record(db, "households", {"area_id": e3, "number": "0302", "address": "东山村3组18号"})
    a1 = create_record(db, "households", {"area_id": e3, "number": "0900"})
    a2 = create_record(db, "households", {"area_id": e9, "number": "0900"})
    idn = ids(40)
    p1 = create_record(db, "persons", {"name": "王一", "id_number": idn[0], "household_id": h1, "area_id": e3,
                                       "relation": "head", "phone": "13800000001", "ethnicity": "han"})
    p2 = create_record(db, "persons", {"name": "李二", "id_number": idn[1], "household_id": h1, "area_id": e3,
                                       "relation": "spouse"})
    p3 = create_record(db, "persons", {"name": "赵无号", "household_id": h2, "area_id": e3, "relation": "head"})
    p4 = create_record(db, "persons", {"name": "钱关爱", "id_number": idn[3], "household_id": h2, "area_id": e3,
                                       "relation": "mother"})
    h3 = create_record(db, "households", {"area_id": e3, "number": "0320", "address": "老街1号"})
    p5 = create_record(db, "persons", {"name": "孙老", "id_number": idn[2], "household_id": h3, "area_id": e3})
    care = create_record(db, "care_subjects", {"person_id": p4, "categories": ["subsistence"], "area_id": e3})
    return {"house": house, "h0301": h1, "h0302": h2, "amb1": a1, "amb2": a2, "p1": p1, "p2": p2, "p3": p3,
            "p4": p4, "h0320": h3, "p5": p5, "care": care}


def messy_rows() -> list[dict]:
    idn = ids(40)
    bad_check = idn[20][:17] + ("0" if idn[20][17] != "0" else "1")
    full_width = idn[21].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    r = [
        # stored persons: unchanged, changed phone, matched by name without an ID number, care update
        dict(household_number="0301", name="王一", id_number=idn[0], relation="户主", phone="13800000001",
             ethnicity="汉族", address="东山村3组17号"),
        dict(household_number="0301", name="李二", id_number=idn[1], relation="妻", phone="138 0000 0002",
             address="东山村3组17号"),
        dict(household_number="0302", name="赵无号", relation="本人", phone=13800000003.0,
             address="东山村3组18号 "),
        dict(household_number="0302", name="钱关爱", id_number=idn[3], relation="母", care_category="独居、低保户",
             care_level="重点", guardian="赵无号"),
        dict(household_number="0320", name="孙老", id_number=idn[2], address="新街2号"),
        # new households with addresses: one existing house, new houses, full-width address spaces
        dict(household_number="0303", name="孙三", id_number=idn[4], relation="户主", gender="女",
             birth_date=dt.datetime(1980, 5, 5), address="东山村3组 17号", residence_kind="流动"),
        dict(household_number="0303", name="周四", id_number=idn[5], relation="子女", address="东山村3组17号"),
        dict(household_number="0304", name="吴五", id_number=full_width, relation="户主",
             address="东山村３组２０号", birth_date="1980.10"),
        dict(household_number="0304", name="郑六", id_number=idn[7].lower(), relation="长女",
             birth_date="1980年8月8日", ethnicity="土族", phone="0571-8888 8888"),
        dict(household_number="0305", name="冯七", id_number=idn[8], relation="户主", address="西街5号",
             area="西山村第三网格", arrival_date="2020-03-01", arrival_reason="打工", permit_number="JZ001",
             permit_expiry="2027-03-01", residence_kind="流动人口"),
        dict(household_number="0306", name="陈八", id_number=idn[9], relation="户主", area="010109",
             address="东山村9组1号", status="外出务工", notes="  常年  在外 ", care_category="留守",
             care_level="一般"),
        # bad rows
        dict(household_number="0307", name="错号", id_number=bad_check, relation="户主"),
        dict(household_number="0307", name="数字号", id_number=float(idn[22]), relation="妻"),
        dict(household_number="0308", name="坏日期", id_number=idn[23], birth_date="2023.2.30", relation="户主"),
        dict(household_number="0308", name="不符", id_number=idn[24], gender="女" if int(idn[24][16]) % 2 else "男",
             birth_date="1999-01-01", relation="子女"),
        dict(household_number="0309", name="无性别", relation="子女"),
        dict(household_number="0309", name="怪关系", id_number=idn[25], relation="邻居", ethnicity="火星人"),
        dict(household_number="0309", name="坏电话", id_number=idn[26], phone="12345", gender="不详"),
        dict(household_number="0310", name="含糊网格", id_number=idn[27], area="第三网格"),
        dict(household_number="0310", name="无此网格", id_number=idn[28], area="南山村"),
        dict(household_number="0900", name="含糊户号", id_number=idn[29], area="东山村"),
        dict(household_number="0311", id_number=idn[30], relation="户主"),
        dict(household_number="0311", name="坏类别", id_number=idn[31], care_category="妖怪、低保"),
        dict(household_number="0311", name="坏状态", id_number=idn[32], status="失踪", care_level="十级",
             care_category="残疾"),
        dict(household_number="0312", name="太长" + "长" * 60, id_number=idn[33], residence_kind="外星"),
        dict(household_number="0312", name="坏居住证", id_number=idn[34], arrival_date="2019-13-01",
             permit_expiry="2018-01-01", permit_number="JZ9", arrival_reason="旅游"),
        dict(household_number="0313", name="早到", id_number=idn[35], arrival_date="1979-01-01",
             birth_date="1980-12-09"),
        dict(household_number="0313", name="证早", id_number=idn[6], arrival_date="2020-01-01",
             permit_number="JZ7", permit_expiry="2019-06-01"),
        # duplicates: an ID number twice, a name twice in one household without ID numbers
        dict(household_number="0314", name="重复甲", id_number=idn[36], relation="户主"),
        dict(household_number="0315", name="重复乙", id_number=idn[36], relation="户主"),
        dict(household_number="0316", name="同名", relation="户主", gender="男"),
        dict(household_number="0316", name="同名", relation="子女", gender="女"),
        # no household number; blank cells everywhere but the name; invisible characters
        dict(name="单人\u200b", id_number=idn[37], phone="+86 139-0000-0009"),
        dict(name="空行人", id_number="  ", gender="", birth_date=None),
        dict(household_number=317, name="数字户号", id_number=idn[38], birth_date=19800312, gender=2),
        dict(household_number="0318", name="序号日期", id_number=idn[39], birth_date=29324.0, relation="孙子女"),
    ]
    return r


def messy_table(rows: list[dict], columns=COLUMNS) -> SheetTable:
    headers = [h for h, _ in columns]
    fields = [f for _, f in columns]
    return SheetTable("人口", 1, headers, fields,
                      [SheetRow(i + 2, {f: row.get(f) for f in fields if f}) for i, row in enumerate(rows)])


class Labels:
    """Record ids -> stable labels: the stored records by name, new ids in order of appearance."""

    def __init__(self, known: dict[str, str]):
        self.known = {v: k for k, v in known.items()}
        self.new: dict[str, str] = {}

    def __call__(self, value):
        if isinstance(value, str) and is_record_id(value):
            if value in self.known:
                return self.known[value]
            return self.new.setdefault(value, f"new#{len(self.new) + 1}")
        if isinstance(value, (list, tuple)):
            return [self(v) for v in value]
        if isinstance(value, dict):
            return {k: self(v) for k, v in value.items()}
        return value


def plan_dump(plan, known: dict) -> dict:
    lab = Labels(known)
    rows = []
    for r in plan.rows:
        rows.append({"row": r.row, "action": r.action, "name": r.name, "id_number": r.id_number,
                     "person_id": lab(r.person_id), "person": lab(r.person), "changes": lab(r.changes),
                     "household_key": lab(r.household_key), "care_action": r.care_action,
                     "care_id": lab(r.care_id), "care": lab(r.care), "duplicate_key": lab(r.duplicate_key),
                     "problems": [[p.row, p.column, _render(p, "zh"), _render(p, "en")] for p in r.problems]})
    households = [{"key": lab(k), "id": lab(h.household_id), "existing": lab((h.existing or {}).get("id")),
                   "values": lab(h.values), "rows": h.rows, "house_key": lab(h.house_key)}
                  for k, h in plan.households.items()]
    houses = [{"key": lab(k), "id": lab(h.house_id), "existing": h.existing, "values": lab(h.values),
               "households": lab(h.households)} for k, h in plan.houses.items()]
    set_language("en")
    try:
        report_en = plan.report(rows=True)
    finally:
        set_language("zh")
    return {"rows": rows, "households": households, "houses": houses, "counts": plan.counts(),
            "report_zh": lab(plan.report(rows=True)), "report_en": lab(report_en)}


def _render(problem, lang: str) -> str:
    set_language(lang)
    try:
        return problem.message
    finally:
        set_language("zh")


def _plans(db, areas) -> dict:
    known = {**{f"area:{k}": v for k, v in areas.items()}, **stored(db, areas)}
    rows = messy_rows()
    full = plan_import(db, messy_table(rows), area_id=areas["east3"], today=TODAY)
    # a partial sheet (name, ID number, phone) without a 网格 column or a default grid
    partial = [c for c in COLUMNS if c[1] in ("name", "id_number", "phone")]
    few = plan_import(db, messy_table(rows[:12], partial), today=TODAY)
    return {"full": plan_dump(full, known), "partial": plan_dump(few, known)}


@pytest.mark.parametrize("chunk", [None, 4])
def test_a_messy_roster_plans_exactly_as_the_golden_copy(worker_db, monkeypatch, chunk):
    """Byte for byte, key order included (it is the order of ``--json``'s "changes"); with the rows
    also taken through the steps a few at a time (chunks ending inside a household)."""
    from gridkeeper.spreadsheets import import_steps

    if chunk:
        monkeypatch.setattr(import_steps, "_CHUNK", chunk)
    areas = setup_areas(worker_db)
    got = json.loads(json.dumps(_plans(worker_db, areas), ensure_ascii=False))
    if os.environ.get("GK_WRITE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        pytest.skip("golden file written")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for part in ("full", "partial"):
        for key in want[part]:
            assert json.dumps(got[part][key], ensure_ascii=False) == json.dumps(want[part][key], ensure_ascii=False), \
                (part, key)


def test_the_messy_roster_has_every_kind_of_row(worker_db):
    """The golden copy is only worth something if the roster reaches every outcome."""
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))["full"]
    actions = {r["action"] for r in want["rows"]}
    assert actions == {"create", "update", "unchanged", "error"}
    assert {r["care_action"] for r in want["rows"]} >= {"create", "update"}
    columns = {p[1] for r in want["rows"] for p in r["problems"]}
    assert columns >= {"公民身份号码", "出生年月", "性别", "民族", "与户主关系", "联系电话", "所属网格", "户号",
                       "重点人群类别", "关爱等级", "状态", "人口类型", "姓名", "来本地日期", "居住证有效期至", "来本地事由"}
    assert any(h["existing"] for h in want["houses"]) and any(not h["existing"] for h in want["houses"])
    assert any(h["existing"] and h["values"] for h in want["households"])
