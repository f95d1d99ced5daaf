"""Schema-3 records and their rules: floating population, person tags, volunteer points (store level)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gridkeeper.domain.errors import GridkeeperError, ValidationError
from gridkeeper.domain.validate import validate_record
from gridkeeper.store import floating as FL, points as PT, tags as TG
from gridkeeper.store.records import create_record, get_record

TODAY = date.today()


def _d(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


@pytest.fixture
def grid(worker_db):
    db = worker_db
    area = create_record(db, "areas", {"level": "township", "name": "下花园镇"})
    hh = create_record(db, "households", {"area_id": area, "number": "017", "address": "东山村3组17号"})
    pid = create_record(db, "persons", {"household_id": hh, "name": "赵建国", "id_number": "110101199003077774"})
    return db, area, pid


def _problems(table, values, **kw):
    with pytest.raises(ValidationError) as e:
        validate_record(table, values, **kw)
    return {p.field: p.zh for p in e.value.problems}


# -- rules ---------------------------------------------------------------------------------------

def test_permit_dates_rules_each_with_a_clear_message():
    p = _problems("persons", {"name": "赵", "area_id": "x", "permit_number": "1", "permit_issued": "2026-03-01",
                              "permit_expiry": "2026-02-01"})
    assert p == {"permit_expiry": "居住证有效期至应晚于签发日期"}
    p = _problems("persons", {"name": "赵", "area_id": "x", "arrival_date": "2026-03-01",
                              "permit_number": "1", "permit_expiry": "2026-01-01"})
    assert p["permit_expiry"] == "居住证有效期至应晚于来本地日期"
    p = _problems("persons", {"name": "赵", "area_id": "x", "arrival_date": "2026-03-01",
                              "expected_departure": "2026-02-28"})
    assert p == {"expected_departure": "预计离开日期早于来本地日期"}
    p = _problems("persons", {"name": "赵", "area_id": "x", "permit_expiry": "2027-01-01"})
    assert p == {"permit_number": "填写居住证日期时须填写居住证号码"}
    p = _problems("persons", {"name": "赵", "area_id": "x", "arrival_date": (TODAY + timedelta(days=3)).isoformat()})
    assert "arrival_date" in p and "晚于今天" in p["arrival_date"]
    assert _problems("persons", {"name": "赵", "area_id": "x", "arrival_reason": "旅游"})["arrival_reason"]
    ok = validate_record("persons", {"name": "赵", "area_id": "x", "arrival_date": "2026-03-01", "arrival_reason": "务工",
                                     "permit_number": "1", "permit_issued": "2026-09-01", "permit_expiry": "2027-09-01"})
    assert ok["arrival_reason"] == "work"


def test_service_and_redemption_rules():
    base = {"area_id": "a", "volunteer_id": "v", "date": "2026-11-01", "activity": "换灯泡"}
    assert "minutes" in _problems("volunteer_services", dict(base, minutes=0, points=10))
    assert "minutes" in _problems("volunteer_services", dict(base, minutes=1441, points=10))
    assert "minutes" in _problems("volunteer_services", dict(base, minutes=-60, points=10))
    assert "points" in _problems("volunteer_services", dict(base, minutes=60, points=2 ** 63))
    red = {"area_id": "a", "volunteer_id": "v", "date": "2026-11-01", "shop": "爱心超市", "goods": "食用油"}
    assert _problems("point_redemptions", dict(red, points=0)) == {"points": "兑换积分至少为1分"}
    assert "points" in _problems("point_redemptions", dict(red, points=-5))


def test_vocab_term_codes_are_plain_ascii():
    assert "code" in _problems("vocab_terms", {"vocabulary": "person_tag", "code": "党员2", "zh": "党员2"})
    assert "code" in _problems("vocab_terms", {"vocabulary": "person_tag", "code": "Party", "zh": "x"})
    assert validate_record("vocab_terms", {"vocabulary": "person_tag", "code": "grid_helper", "zh": "网格帮手"})


# -- floating population ------------------------------------------------------------------------

def test_arrival_and_departure_update_the_person_and_keep_events(grid):
    db, area, pid = grid
    FL.record_arrival(db, pid, _d(20), origin="河南省周口市", reason="务工",
                      permit={"number": "豫0001", "issued": _d(10), "expiry": (TODAY + timedelta(days=12)).isoformat()})
    p = get_record(db, "persons", pid)
    assert (p["residence_kind"], p["status"], p["origin"], p["arrival_reason"]) == ("floating", "present", "河南省周口市", "work")
    month = _d(20)[:7]
    assert [e["name"] for e in FL.events_in_month(db, month, kind="arrival")] == ["赵建国"]
    assert [r["name"] for r in FL.expiring_permits(db, within_days=30)] == ["赵建国"]
    assert FL.expiring_permits(db, within_days=5) == []
    with pytest.raises(ValidationError) as e:
        FL.record_departure(db, pid, _d(25), destination="北京")
    assert "离开日期早于来本地日期" in str(e.value.zh)
    assert len(FL.person_events(db, pid)) == 1    # nothing written
    FL.record_departure(db, pid, _d(1), destination="北京", reason="work")
    assert get_record(db, "persons", pid)["status"] == "moved_out"
    assert [r["name"] for r in FL.departed(db)] == ["赵建国"]
    assert FL.expiring_permits(db) == []          # gone: no longer on the renewal list
    assert FL.floating_roster(db) == [] and len(FL.floating_roster(db, present_only=False)) == 1
    with pytest.raises(ValidationError):
        FL.record_arrival(db, pid, _d(3))        # before the departure just recorded


# -- tags ---------------------------------------------------------------------------------------

def test_tags_with_built_in_and_township_terms(grid, make_db):
    db, area, pid = grid
    TG.set_person_tags(db, pid, ["党员", "volunteer"])
    assert TG.person_tags(db, pid) == ["party_member", "volunteer"]
    assert [p["name"] for p in TG.persons_with_tags(db, ["volunteer"])] == ["赵建国"]
    assert TG.persons_with_tags(db, ["volunteer", "veteran"], match_all=True) == []
    assert TG.tag_counts(db) == {"party_member": 1, "volunteer": 1}
    TG.remove_tag(db, pid, "党员")
    TG.add_tag(db, pid, "党员")                  # the same record comes back (derived id), no duplicate
    assert db.execute("SELECT count(*) FROM person_tags").fetchone()[0] == 2
    with pytest.raises(GridkeeperError) as e:
        TG.add_tag(db, pid, "网格帮手")
    assert e.value.code == "bad_tag"
    with pytest.raises(GridkeeperError) as e:     # a worker laptop cannot edit the vocabulary
        TG.save_term(db, "grid_helper", "网格帮手")
    assert e.value.code == "township_only"


def test_township_vocabulary_edits_and_retired_terms(make_db):
    db = make_db("township", "乡镇")
    area = create_record(db, "areas", {"level": "township", "name": "下花园镇"})
    pid = create_record(db, "persons", {"area_id": area, "name": "钱多多"})
    TG.save_term(db, "grid_helper", "网格帮手", en="Grid helper", sort=5)
    assert TG.vocabulary_terms(db, include_retired=False)[0].code == "grid_helper"
    TG.add_tag(db, pid, "网格帮手")
    TG.retire_term(db, "grid_helper")
    assert "grid_helper" not in [t.code for t in TG.vocabulary_terms(db, include_retired=False)]
    assert TG.term_labels(db)["grid_helper"] == "网格帮手"         # still readable on old records
    assert TG.person_tags(db, pid) == ["grid_helper"]
    TG.set_person_tags(db, pid, ["网格帮手", "党员"])              # keeping a retired tag is allowed
    with pytest.raises(GridkeeperError):
        TG.set_person_tags(db, create_record(db, "persons", {"area_id": area, "name": "孙"}), ["网格帮手"])
    TG.save_term(db, "watch", "重点关注")                           # renaming a built-in term
    assert TG.term_labels(db)["watch"] == "重点关注"
    with pytest.raises(GridkeeperError) as e:
        TG.save_term(db, "another", "党员")
    assert e.value.code == "duplicate"
    with pytest.raises(ValidationError):
        TG.save_term(db, "Bad Code", "坏代码")


# -- points -------------------------------------------------------------------------------------

def test_balance_statement_and_local_overdraft_refusal(grid):
    db, area, pid = grid
    req = create_record(db, "requests", dict(area_id=area, received=_d(5), channel="in_person",
                                             category="infrastructure", content="路灯不亮", status="received"))
    PT.record_service(db, {"volunteer_id": pid, "date": _d(5), "activity": "换路灯", "minutes": 60, "request_id": req})
    PT.record_service(db, {"volunteer_id": pid, "date": _d(4), "activity": "清扫", "minutes": 90, "points": 20})
    assert PT.balance(db, pid) == {"earned": 30, "redeemed": 0, "balance": 30}
    PT.record_redemption(db, {"volunteer_id": pid, "date": _d(2), "goods": "食用油", "points": 25})
    with pytest.raises(ValidationError) as e:
        PT.record_redemption(db, {"volunteer_id": pid, "date": _d(1), "goods": "大米", "points": 6})
    assert "积分不足：现有 5 分" in e.value.zh
    assert db.execute("SELECT count(*) FROM point_redemptions").fetchone()[0] == 1
    first = db.execute("SELECT id FROM volunteer_services WHERE points = 10").fetchone()[0]
    with pytest.raises(ValidationError):
        PT.delete_service(db, first)              # would leave -5
    with pytest.raises(ValidationError):
        PT.update_service(db, first, {"points": 4})
    lines = PT.statement(db, pid)
    assert [(l["kind"], l["points"], l["balance"]) for l in lines] == [
        ("service", 10, 10), ("service", 20, 30), ("redemption", -25, 5)]
    assert PT.negative_balances(db) == []
    assert [b["balance"] for b in PT.balances(db)] == [5]
    assert PT.volunteer_choices(db)[0][0] == pid
    with pytest.raises(GridkeeperError):
        PT.record_service(db, {"volunteer_id": pid, "date": _d(1), "activity": "x", "minutes": 30,
                               "request_id": "0190aaaa-0000-7000-8000-00000000dead"})


# -- township overview --------------------------------------------------------------------------

def test_overview_trends_and_leaderboard_per_village(make_db):
    from gridkeeper.store import people_overview as PO

    db = make_db("township", "乡镇")
    town = create_record(db, "areas", {"level": "township", "name": "下花园镇"})
    east = create_record(db, "areas", {"level": "village", "name": "东山村", "parent_id": town})
    grid = create_record(db, "areas", {"level": "grid", "name": "第三网格", "parent_id": east})
    west = create_record(db, "areas", {"level": "village", "name": "西河村", "parent_id": town})
    a = create_record(db, "persons", {"area_id": grid, "name": "甲"})
    b = create_record(db, "persons", {"area_id": west, "name": "乙"})
    FL.record_arrival(db, a, _d(0), origin="河南")
    FL.record_arrival(db, b, _d(0), origin="山东")
    FL.record_departure(db, b, _d(0))
    PT.record_service(db, {"volunteer_id": a, "date": _d(0), "activity": "巡逻", "minutes": 120})
    PT.record_service(db, {"volunteer_id": b, "date": _d(0), "activity": "巡逻", "minutes": 30})
    months = PO.last_months(3)
    assert len(months) == 3 and months[-1] == TODAY.strftime("%Y-%m")
    mv = PO.monthly_movements(db, months)
    assert mv["arrivals"][-1] == 2 and mv["departures"][-1] == 1
    assert [(v["village"], v["arrivals"][-1], v["departures"][-1]) for v in mv["villages"]] == [
        ("东山村", 1, 0), ("西河村", 1, 1)]
    board = PO.leaderboard(db)
    assert [(v["village"], [r["points"] for r in v["volunteers"]]) for v in board] == [("东山村", [20]), ("西河村", [5])]
    counts = PO.people_counts(db)
    assert counts["floating"] == 1 and counts["volunteers"] == 2 and counts["points_earned"] == 25


def test_demo_people_records_obey_the_rules(grid_demo_db):
    db = grid_demo_db
    floating = list(db.query("SELECT * FROM persons WHERE residence_kind = 'floating'"))
    assert len(floating) >= 20
    for p in floating:
        values = {k: p[k] for k in ("origin", "arrival_date", "arrival_reason", "permit_number", "permit_issued",
                                    "permit_expiry", "expected_departure") if p[k] is not None}
        validate_record("persons", values, existing=p)
    for table in ("residence_events", "person_tags", "volunteer_services", "point_redemptions"):
        rows = list(db.query(f"SELECT * FROM [{table}]"))
        assert rows, table
        for r in rows:
            validate_record(table, {k: v for k, v in r.items() if k != "id" and v is not None})
    assert PT.negative_balances(db) == []
    assert all(b["balance"] >= 0 for b in PT.balances(db))
    codes = {t.code for t in TG.vocabulary_terms(db)}
    assert {r[0] for r in db.execute("SELECT DISTINCT tag FROM person_tags")} <= codes
    for pid, left in db.execute("SELECT person_id, date FROM residence_events WHERE kind = 'departure'"):
        arrived = db.execute("SELECT arrival_date FROM persons WHERE id = ?", [pid]).fetchone()[0]
        assert arrived <= left


def test_demo_volunteers_answer_requests_of_their_grid(grid_demo_db):
    db = grid_demo_db
    rows = db.execute("SELECT s.area_id, r.area_id, r.resolved, s.date FROM volunteer_services s "
                      "JOIN requests r ON r.id = s.request_id").fetchall()
    assert rows and all(a == b and resolved == day for a, b, resolved, day in rows)
