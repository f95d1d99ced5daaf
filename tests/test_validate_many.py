"""validate_many gives, record for record, what validate_record gives: the same cleaned values in the
same key order, or the same problems in the same order (the importer's plans depend on both)."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from gridkeeper.domain.errors import ValidationError
from gridkeeper.domain.records import table as get_table
from gridkeeper.domain.validate import id_check_char, validate_record
from gridkeeper.domain.validate_many import validate_many

TODAY = date(2026, 11, 27)
AREA = "0190aaaa-0000-7000-8000-000000000001"
GOOD_ID = "11010519491231002X"


def outcome(result):
    if isinstance(result, ValidationError):
        return ("error", [(p.field, p.zh, p.en) for p in result.problems])
    return ("ok", [(k, type(v).__name__, v) for k, v in result.items()])   # key order and types count too


def one_by_one(table, rows, existing):
    out = []
    for values, old in zip(rows, existing):
        try:
            out.append(validate_record(table, values, existing=old, today=TODAY))
        except ValidationError as e:
            out.append(e)
    return out


def assert_same(table, rows, existing=None):
    existing = existing or [None] * len(rows)
    want = [outcome(r) for r in one_by_one(table, rows, existing)]
    got = [outcome(r) for r in validate_many(table, rows, existing=existing, today=TODAY)]
    assert got == want


def an_id(rng: random.Random, born: date | None = None, male: bool | None = None) -> str:
    born = born or date(1930 + rng.randrange(90), rng.randrange(1, 13), rng.randrange(1, 29))
    male = rng.random() < 0.5 if male is None else male
    first17 = f"130706{born:%Y%m%d}{rng.randrange(500) * 2 + male:03d}"
    return first17 + id_check_char(first17)


VALUES = {
    "name": ["张三", " 张三", "", "名" * 101, "a\x00b", "𠮷祥", None, "\u3000"],
    "gender": ["male", "female", "男", "martian", None, ""],
    "birth_date": ["1980-01-01", "1980/1/1", "2099-01-01", "1899-12-31", "2021-02-29", None, "x"],
    "ethnicity": ["han", "汉族", "other", "火星", None],
    "phone": ["13800000000", "138 0000 0000", "0571-88888888", "057188888888", "12345", None, ""],
    "relation": ["head", "户主", "neighbour", None],
    "status": ["present", "away", "失踪", None],
    "arrival_date": ["2020-01-01", "1970-01-01", "2030-01-01", None],
    "permit_number": ["JZ1", None],
    "permit_expiry": ["2019-01-01", "2031-01-01", None],
    "area_id": [AREA, "not-an-id", None, ""],
    "household_id": [AREA, None],
    "salary": [1],
    "deleted": [0, 1, True, None, 2],
    "id": ["x"],
}


@st.composite
def person_rows(draw):
    rng = random.Random(draw(st.integers(0, 10**6)))
    rows, existing = [], []
    for _ in range(draw(st.integers(0, 12))):
        row = {}
        for name in draw(st.permutations(list(VALUES)))[:draw(st.integers(0, 8))]:
            row[name] = draw(st.sampled_from(VALUES[name]))
        if draw(st.booleans()):
            idn = an_id(rng)
            row["id_number"] = draw(st.sampled_from([idn, idn.lower(), idn[:17] + "0", idn[:-1], " " + idn, "",
                                                     idn.translate(str.maketrans("0123456789", "０１２３４５６７８９"))]))
            if draw(st.booleans()):
                row["birth_date"] = draw(st.sampled_from([f"{idn[6:10]}-{idn[10:12]}-{idn[12:14]}", "1900-01-01"]))
            if draw(st.booleans()):
                row["gender"] = draw(st.sampled_from(["male", "female"]))
        rows.append(row)
        existing.append(draw(st.sampled_from([None, {"id": "p", "area_id": AREA, "name": "旧名", "deleted": 0},
                                              {"id": "p", "name": "", "deleted": 1}])))
    return rows, existing


@settings(max_examples=300, deadline=None)
@given(person_rows())
def test_many_persons_validate_as_one_by_one(case):
    rows, existing = case
    assert_same("persons", rows, existing)


@pytest.mark.parametrize("bad_at", [[0], [63, 64, 65], [7, 500, 1999], list(range(0, 2000, 97))])
def test_a_long_column_with_a_few_odd_values_validates_as_one_by_one(bad_at):
    """Long columns are halved around the odd values; the answers must not change."""
    rng = random.Random(len(bad_at))
    rows = [{"area_id": AREA, "name": "王小明", "status": "present", "id_number": an_id(rng), "ethnicity": "han",
             "phone": f"138{i:08d}", "birth_date": None} for i in range(2000)]
    for r in rows:
        r["birth_date"] = f"{r['id_number'][6:10]}-{r['id_number'][10:12]}-{r['id_number'][12:14]}"
    odd = [("id_number", "130706198001011230"), ("id_number", "13070619800101123x"), ("phone", "0571-8888 8888"),
           ("phone", "12345"), ("name", " 王小明"), ("name", ""), ("ethnicity", "汉族"), ("birth_date", "1980/01/01"),
           ("status", "失踪"), ("birth_date", "2099-01-01")]
    for k, i in enumerate(bad_at):
        field, value = odd[k % len(odd)]
        rows[i][field] = value
    assert_same("persons", rows)


@pytest.mark.parametrize("table,rows", [
    ("households", [{"area_id": AREA, "number": "0301", "address": "东山村3组17号", "registration_kind": "registered"},
                    {"area_id": AREA, "number": " 0302", "registration_kind": "户籍"}, {"number": "1"},
                    {"area_id": AREA, "number": "0303", "registration_kind": "floating", "house_id": "bad"}]),
    ("houses", [{"area_id": AREA, "street": "东山村3组", "building": "17号"}, {"area_id": AREA, "street": "长" * 201},
                {"street": "西街"}]),
    ("care_subjects", [{"categories": '["elderly_alone"]', "area_id": AREA, "person_id": AREA},
                       {"categories": ["低保", "独居老人"], "area_id": AREA, "person_id": AREA, "level": "high"},
                       {"categories": "妖怪", "area_id": AREA, "person_id": AREA},
                       {"categories": "", "area_id": AREA, "person_id": AREA, "since": "2020-01-01",
                        "until": "2019-01-01"},
                       {"categories": '["elderly_alone"]', "area_id": AREA, "person_id": AREA, "visit_interval": 30},
                       {"categories": '["elderly_alone"]', "area_id": AREA, "person_id": AREA, "visit_interval": "x"}]),
])
def test_other_tables_validate_as_one_by_one(table, rows):
    assert_same(table, rows)


def test_the_fast_id_number_info_agrees_with_the_check():
    """A valid number's birth date and gender fill the record exactly as check_id_number says."""
    rng = random.Random(5)
    rows = [{"area_id": AREA, "name": "甲", "id_number": an_id(rng, male=bool(i % 2))} for i in range(300)]
    rows[3]["gender"] = "male" if rows[3]["id_number"][16] in "02468" else "female"   # disagrees
    rows[4]["birth_date"] = "1901-01-01"
    assert_same("persons", rows)
    assert validate_many("persons", [{"area_id": AREA, "name": "甲", "id_number": GOOD_ID}], today=TODAY) == [
        {"area_id": AREA, "name": "甲", "id_number": GOOD_ID, "birth_date": "1949-12-31", "gender": "female"}]


def test_nothing_to_validate():
    assert validate_many("persons", [], today=TODAY) == []
    assert outcome(validate_many("persons", [{}], today=TODAY)[0]) == outcome(one_by_one("persons", [{}], [None])[0])
    assert get_table("persons")  # the registry is the same one validate_record reads
