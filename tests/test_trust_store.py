"""What the trust model needs from the domain and the store: stored-value checks and ``check`` invariants.

- :func:`check_stored_value` is the editors' own validation run on a stored value (valid *and*
  canonical), and :func:`column_problems` gives the same answers for a whole column at once.
- ``gridkeeper check`` reports every invariant the merge relies on: each test damages a store on
  purpose and sees it reported (and ``check --json`` keeps its shape).
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from gridkeeper.domain.errors import ValidationError
from gridkeeper.domain.ids import all_record_ids, is_record_id, new_id
from gridkeeper.domain.records import TABLES, table as get_table
from gridkeeper.domain.validate import check_stored_value, column_problems, stored_value_problem, validate_record
from gridkeeper.store import records as R
from gridkeeper.store.check import check_database

TODAY = date(2026, 11, 27)
GOOD_ID = "11010519491231002X"


# -- stored values ------------------------------------------------------------------------------------

@pytest.mark.parametrize("table,field,value", [
    ("persons", "name", "张桂兰"), ("persons", "name", "𠮷祥"), ("persons", "id_number", GOOD_ID),
    ("persons", "phone", "13800000000"), ("persons", "phone", "0571-88888888"), ("persons", "birth_date", "1949-12-31"),
    ("persons", "gender", "female"), ("persons", "deleted", 0), ("persons", "deleted", 1), ("persons", "notes", None),
    ("care_subjects", "categories", '["disabled","elderly_alone"]'), ("care_subjects", "visit_interval", 3650),
    ("care_subjects", "visit_interval", 0), ("persons", "household_id", "0190aaaa-0000-7000-8000-000000000001"),
    ("persons", "notes", "长" * 4000), ("persons", "name", "名" * 100), ("areas", "retired", 1),
])
def test_valid_canonical_values_pass(table, field, value):
    assert check_stored_value(table, field, value, today=TODAY) is None


@pytest.mark.parametrize("table,field,value,fragment", [
    ("persons", "name", "张\x00三", "NUL"), ("persons", "name", "张\ud800", "surrogate"),
    ("persons", "name", "名" * 101, "too long"), ("persons", "notes", "长" * 4001, "too long"),
    ("persons", "name", " 张三", "canonical"), ("persons", "name", "", "canonical"), ("persons", "name", 5, "text"),
    ("persons", "id_number", GOOD_ID.lower(), "canonical"), ("persons", "id_number", "110105194912310021", "check"),
    ("persons", "id_number", "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", "digit"), ("persons", "phone", "1380000000", "11 digits"),
    ("persons", "phone", "+8613800000000", "canonical"), ("persons", "birth_date", "1949/12/31", "canonical"),
    ("persons", "birth_date", "1899-12-31", "1900"), ("persons", "birth_date", "2026-11-28", "future"),
    ("persons", "gender", "男", "canonical"), ("persons", "gender", "martian", "choices"),
    ("persons", "deleted", 2, "yes or no"), ("persons", "deleted", None, "0 or 1"), ("persons", "deleted", 1.0, "whole"),
    ("care_subjects", "visit_interval", 1 << 63, "range"), ("care_subjects", "visit_interval", "30", "whole"),
    ("care_subjects", "categories", '["elderly_alone","disabled"]', "canonical"),
    ("care_subjects", "categories", "[oops", "understood"), ("persons", "household_id", "HH-1", "record id"),
    ("persons", "household_id", new_id().upper(), "record id"), ("persons", "salary", 1, "unknown field"),
])
def test_invalid_or_non_canonical_values_fail(table, field, value, fragment):
    problem = check_stored_value(table, field, value, today=TODAY)
    assert problem is not None and fragment in problem, problem


def test_the_editors_share_the_limits():
    with pytest.raises(ValidationError):
        validate_record("persons", {"area_id": new_id(), "name": "名" * 101}, today=TODAY)
    with pytest.raises(ValidationError):
        validate_record("persons", {"area_id": new_id(), "name": "张三", "notes": "a\x00b"}, today=TODAY)
    assert validate_record("persons", {"area_id": new_id(), "name": " 张三 "}, today=TODAY)["name"] == "张三"


def test_every_text_field_has_a_limit():
    for t in TABLES.values():
        for f in t.fields:
            assert (f.limit is not None) == (f.kind == "text")
    assert get_table("persons").field("name").limit == 100
    assert get_table("persons").field("notes").limit == 4000
    assert get_table("households").field("address").limit == 200


def _samples():
    texts = st.sampled_from(["张三", " 张三", "张三 ", "", "\u3000", "a\x00b", "名" * 100, "名" * 101, "长" * 4001,
                             "x\ud800", "13800000000", "1380000000", "0571-88888888", "057188888888", "１３８００００００００",
                             GOOD_ID, GOOD_ID.lower(), "110105194912310021", "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X",
                             "11010520991231002X", "2020-02-29", "2021-02-29", "1899-12-31", "2026-11-27", "2026-11-28",
                             "2026-1-5", "2026/01/05", "20260105", "male", "男", "martian", "home",
                             '["elderly_alone"]', '["elderly_alone","disabled"]', '["disabled","elderly_alone"]', "[x",
                             "0190aaaa-0000-7000-8000-000000000001", "0190AAAA-0000-7000-8000-000000000001",
                             "0190aaaa-0000-4000-8000-000000000001", "0190aaaa-0000-7000-c000-000000000001",
                             "0190aaaa-0000-7000-8000-00000000000\x01", "a\x01b", "\x01"])
    return st.one_of(texts, st.text(max_size=12), st.integers(-5, 5), st.integers(3640, 3660),
                     st.just(1 << 63), st.floats(allow_nan=True), st.none())


FIELDS = [(t.name, f) for t in TABLES.values() for f in t.fields]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_column_problems_agree_with_stored_value_problem(data):
    tname, f = data.draw(st.sampled_from(FIELDS))
    values = data.draw(st.lists(_samples(), min_size=0, max_size=8))
    # columns of one good value repeated, with the odd one out, are the fast path's business
    if data.draw(st.booleans()):
        good = {"text": "张三", "date": "2000-01-01", "int": 30, "bool": 1, "ref": "0190aaaa-0000-7000-8000-000000000001",
                "codes": None, "code": f.vocab.codes()[0] if f.vocab else None}[f.kind]
        if f.name == "id_number":
            good = GOOD_ID
        elif "phone" in f.name:
            good = "13800000000"
        values = [good] * data.draw(st.integers(1, 5)) + values
    expected = {i: p for i, v in enumerate(values) if (p := stored_value_problem(tname, f, v, TODAY)) is not None}
    assert column_problems(tname, f, values, TODAY) == expected
    assert column_problems(tname, f, tuple(values), TODAY) == expected


def test_all_record_ids_agrees_with_is_record_id():
    ids = [new_id() for _ in range(50)]
    assert all_record_ids(ids) and all_record_ids([])
    for bad in ["x", new_id().upper(), new_id()[:-1] + "\x01", new_id()[:14] + "4" + new_id()[15:], 5, None,
                new_id().replace("-", "0", 1) + "-"[:0], " " + new_id()[1:]]:
        for pos in (0, 25, 49):
            col = list(ids)
            col[pos] = bad
            assert all_record_ids(col) is False and not is_record_id(bad)


# -- check: every invariant the merge relies on ---------------------------------------------------------

@pytest.fixture
def store(make_db):
    from gridkeeper.domain.lang import set_language

    set_language("en")   # the messages below are matched in English (conftest restores Chinese)
    db = make_db("township", "乡镇")
    from gridkeeper.store.area_edits import add_area

    t = add_area(db, parent_id=None, level="township", name="镇")
    v = add_area(db, parent_id=t, level="village", name="村")
    g = add_area(db, parent_id=v, level="grid", name="网格")
    hh = R.create_record(db, "households", {"area_id": g, "number": "1"})
    p = R.create_record(db, "persons", {"area_id": g, "household_id": hh, "name": "张三"})
    rep = check_database(db)
    assert rep.ok and not rep.warnings, rep.as_dict()
    return db, {"T": t, "V": v, "G": g, "HH": hh, "P": p}


def _errors(db) -> str:
    rep = check_database(db)
    assert {"ok", "errors", "warnings", "counts"} <= set(rep.as_dict())
    return " | ".join(rep.errors)


def test_check_reports_an_area_loop(store):
    db, ids = store
    db.execute("UPDATE areas SET parent_id = ? WHERE id = ?", [ids["G"], ids["V"]])
    assert "loop" in _errors(db)


def test_check_reports_a_dangling_parent_and_reference(store):
    db, ids = store
    db.execute("UPDATE areas SET parent_id = ? WHERE id = ?", [new_id(), ids["V"]])
    db.execute("UPDATE persons SET household_id = ? WHERE id = ?", [new_id(), ids["P"]])
    warnings = " | ".join(check_database(db).warnings)
    assert "areas.parent_id" in warnings and "persons.household_id" in warnings


def test_check_reports_rows_without_versions_and_versions_without_rows(store):
    db, ids = store
    db.execute("DELETE FROM persons__ver WHERE id = ?", [ids["P"]])
    db.execute("DELETE FROM households WHERE id = ?", [ids["HH"]])
    errors = _errors(db)
    assert "persons: 1 records without versions" in errors and "households: 0 records without versions, 1 versions" \
        in errors


def test_check_reports_a_value_without_a_version(store):
    db, ids = store
    db.execute("UPDATE persons SET phone = '13800000000' WHERE id = ?", [ids["P"]])
    assert "without a version stamp" in _errors(db)


def test_check_reports_a_version_by_a_device_not_in_devices(store):
    db, ids = store
    assert "device missing from devices" not in _errors(db)
    db.execute("UPDATE persons__ver SET _dev = 999 WHERE id = ?", [ids["P"]])   # every field's device
    assert "device missing from devices" in _errors(db)


def test_check_reports_one_field_by_a_device_not_in_devices(store):
    from gridkeeper.store import versions as V

    db, ids = store
    base, _, deltas, devices = V.read_one(db, "persons", ids["P"])
    devices[V.layout("persons").pos["name"]] = 999
    db.execute("UPDATE persons__ver SET _dev = ?, _vers = ?, _devs = ? WHERE id = ?", [*V.pack(deltas, devices), ids["P"]])
    assert db.execute("SELECT _devs FROM persons__ver WHERE id = ?", [ids["P"]]).fetchone()[0]
    assert "device missing from devices" in _errors(db)


@pytest.mark.parametrize("vers, devs", [("[0,0]", None), ("not json", None), ("{}", None), (None, "[1]")])
def test_check_reports_a_malformed_version_row(store, vers, devs):
    db, ids = store
    if vers is not None:
        db.execute("UPDATE persons__ver SET _vers = ? WHERE id = ?", [vers, ids["P"]])
    if devs is not None:
        db.execute("UPDATE persons__ver SET _devs = ? WHERE id = ?", [devs, ids["P"]])
    assert "persons: 1 records have malformed version rows" in _errors(db)


def test_check_reports_an_id_used_in_two_tables(store):
    db, ids = store
    from gridkeeper.store.changes import writing

    with writing(db) as w:
        w.create("houses", {"area_id": ids["G"], "street": "1组"}, rid=ids["P"])
    assert "used in two tables" in _errors(db)


def test_check_reports_a_seen_mark_at_or_above_its_stamp(store):
    db, ids = store
    from gridkeeper.store import versions as V

    stamp = db.execute(f"SELECT {V.stamp_sql('persons', 'name')} FROM persons__ver v WHERE id = ?",
                       [ids["P"]]).fetchone()[0]
    db.execute("UPDATE persons__ver SET _seen = ? WHERE id = ?", [json.dumps({"name": stamp}), ids["P"]])
    assert "seen mark" in _errors(db)
    db.execute("UPDATE persons__ver SET _seen = ? WHERE id = ?", [json.dumps({"phone": 5}), ids["P"]])
    assert "seen mark" in _errors(db)  # a mark on a field without a version


def test_check_json_keeps_its_shape(store, tmp_path):
    from tests.test_sync_e2e import gk

    db, ids = store
    path = db.execute("PRAGMA database_list").fetchone()[2]
    db.execute("UPDATE areas SET parent_id = ? WHERE id = ?", [ids["G"], ids["V"]])
    out = gk("check", "--db", path, "--json", expect=1)
    assert out  # stderr names the first error
