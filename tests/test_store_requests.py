"""Resident requests and hazards as store services: numbering, steps, timeline, due lists, overview."""

from datetime import date

import pytest

from gridkeeper.domain.errors import GridkeeperError, NotFoundError, ValidationError
from gridkeeper.store import casework_stats as S
from gridkeeper.store import hazards as H
from gridkeeper.store import requests as R
from gridkeeper.store.history import history_entries
from gridkeeper.store.records import create_record, delete_record, get_record, undo_changes

TODAY = date(2026, 11, 27)


@pytest.fixture
def grid(worker_db):
    db = worker_db
    t = create_record(db, "areas", {"level": "township", "name": "下花园镇"})
    v = create_record(db, "areas", {"level": "village", "name": "东山村", "parent_id": t})
    g = create_record(db, "areas", {"level": "grid", "name": "第三网格", "parent_id": v, "code": "130705100203"})
    house = create_record(db, "houses", {"area_id": g, "street": "东山村3组", "building": "22号",
                                         "owner_name": "李大爷", "owner_phone": "13812345678"})
    hh = create_record(db, "households", {"area_id": g, "house_id": house, "number": "0322"})
    person = create_record(db, "persons", {"household_id": hh, "name": "李大爷", "phone": "13812345678"})
    return db, dict(township=t, village=v, grid=g, house=house, household=hh, person=person)


def new_request(db, ids, **kw):
    values = dict(R.quick_entry_defaults(db, person_id=ids["person"], today=date(2026, 11, 2)),
                  category="infrastructure", content="井边路灯坏了一周")
    values.update(kw)
    return R.create_request(db, values, today=TODAY)


def test_quick_entry_from_a_person_fills_links_and_area(grid):
    db, ids = grid
    d = R.quick_entry_defaults(db, person_id=ids["person"], today=TODAY)
    assert d["area_id"] == ids["grid"] and d["house_id"] == ids["house"] and d["household_id"] == ids["household"]
    assert d["requester_name"] == "李大爷" and d["received"] == "2026-11-27"
    d = H.quick_entry_defaults(db, house_id=ids["house"], today=TODAY)
    assert d["area_id"] == ids["grid"] and d["responsible"] == "李大爷" and d["deadline"] == "2026-11-30"
    assert "22号" in d["location"]


def test_request_numbered_and_area_from_the_house(grid):
    db, ids = grid
    rid = R.create_request(db, {"house_id": ids["house"], "received": "2026-11-02", "channel": "phone",
                                "category": "utilities", "content": "停水"}, today=TODAY)
    r = get_record(db, "requests", rid)
    assert r["area_id"] == ids["grid"] and r["status"] == "received"
    assert r["number"].startswith("SQ-0203-2026-") and r["number"].endswith("-001")
    assert get_record(db, "requests", new_request(db, ids))["number"].endswith("-002")


def test_link_to_a_deleted_person_refused(grid):
    db, ids = grid
    delete_record(db, "persons", ids["person"])
    with pytest.raises(NotFoundError):
        R.create_request(db, {"person_id": ids["person"], "received": "2026-11-02", "channel": "phone",
                              "category": "other", "content": "x"}, today=TODAY)
    assert db.execute("SELECT count(*) FROM requests").fetchone()[0] == 0


def test_the_five_steps_walk_the_request_to_closed(grid):
    db, ids = grid
    rid = new_request(db, ids)
    R.add_step(db, rid, {"date": "2026-11-02", "step": "routed", "content": "转村委会"}, department="village_committee",
               today=TODAY)
    assert get_record(db, "requests", rid)["status"] == "routed"
    ch = R.add_step(db, rid, {"date": "2026-11-02", "step": "response", "content": "两名志愿者到场", "actor": "网格志愿队"},
                    responders="张三、李四", today=TODAY)
    assert len(ch) == 2 and get_record(db, "requests", rid)["responders"] == "张三、李四"
    R.add_step(db, rid, {"date": "2026-11-02", "step": "solved", "content": "更换灯泡"}, today=TODAY)
    r = get_record(db, "requests", rid)
    assert (r["status"], r["resolution"], r["resolved"]) == ("resolved", "更换灯泡", "2026-11-02")
    with pytest.raises(ValidationError) as e:    # feedback without a satisfaction code
        R.add_step(db, rid, {"date": "2026-11-03", "step": "feedback", "content": "很满意"}, today=TODAY)
    assert {p.field for p in e.value.problems} == {"satisfaction"}
    assert len(R.steps(db, rid)) == 3             # nothing written by the refused step
    R.add_step(db, rid, {"date": "2026-11-03", "step": "feedback", "content": "很满意"}, satisfaction="satisfied",
               today=TODAY)
    r = get_record(db, "requests", rid)
    assert (r["status"], r["satisfaction"], r["closed"]) == ("closed", "satisfied", "2026-11-03")
    kinds = [e["kind"] for e in R.timeline(db, rid)]
    assert kinds == ["received", "routed", "response", "solved", "feedback", "closed"]


def test_refused_moves_change_nothing(grid):
    db, ids = grid
    rid = new_request(db, ids)
    with pytest.raises(GridkeeperError) as e:
        R.change_status(db, rid, "closed", satisfaction="satisfied", closed="2026-11-03", today=TODAY)
    assert e.value.code == "bad_transition"
    with pytest.raises(GridkeeperError):
        R.add_step(db, rid, {"date": "2026-11-03", "step": "feedback", "content": "x"}, satisfaction="satisfied",
                   today=TODAY)
    with pytest.raises(ValidationError):      # a step before the request was received
        R.add_step(db, rid, {"date": "2026-11-01", "step": "note", "content": "x"}, today=TODAY)
    assert get_record(db, "requests", rid)["status"] == "received" and R.steps(db, rid) == []
    R.change_status(db, rid, "resolved", resolution="自行修复", resolved="2026-11-02", today=TODAY)
    assert get_record(db, "requests", rid)["status"] == "resolved"


def test_step_undo_and_history(grid):
    db, ids = grid
    rid = new_request(db, ids)
    changes = R.add_step(db, rid, {"date": "2026-11-02", "step": "routed", "content": "转村委会"}, today=TODAY)
    undo_changes(db, changes)
    assert get_record(db, "requests", rid)["status"] == "received" and R.steps(db, rid) == []
    assert [h["fields"].get("status") for h in history_entries(db, "requests", rid) if "status" in h["fields"]]


def test_request_due_lists(grid):
    db, ids = grid
    old = new_request(db, ids, received="2026-11-10")       # open 17 days: overdue
    soon = new_request(db, ids, received="2026-11-23")      # overdue on 11-30: due this week
    new_request(db, ids, received="2026-11-01", status="resolved", resolution="x", resolved="2026-11-02")
    assert [r["id"] for r in R.find_requests(db, due="overdue", today=TODAY)] == [old]
    assert [r["id"] for r in R.find_requests(db, due="week", today=TODAY)] == [soon]
    assert R.due_counts(db, today=TODAY) == {"open": 2, "overdue": 1, "week": 1}
    rows = R.find_requests(db, status="open", today=TODAY)
    assert {r["id"] for r in rows} == {old, soon} and rows[1]["overdue"] and rows[0]["village"] == "东山村"
    assert len(R.find_requests(db, text="路灯", today=TODAY)) == 3
    assert R.find_requests(db, text="不存在", today=TODAY) == []
    assert len(R.find_requests(db, area_ids=[ids["township"]], today=TODAY)) == 0   # area ids are exact


def test_hazard_life_with_recheck_and_escalation(grid):
    db, ids = grid
    hid = H.create_hazard(db, dict(H.quick_entry_defaults(db, house_id=ids["house"], today=date(2026, 11, 3)),
                                   category="fire", severity="major", description="柴草堆放在电表下"), today=TODAY)
    h = get_record(db, "hazards", hid)
    assert h["number"].startswith("YH-0203-2026-") and h["deadline"] == "2026-11-06"
    H.add_step(db, hid, {"date": "2026-11-03", "step": "rectify", "content": "告知户主三日内移走"}, today=TODAY)
    assert get_record(db, "hazards", hid)["status"] == "rectifying"
    with pytest.raises(GridkeeperError):
        H.add_step(db, hid, {"date": "2026-11-06", "step": "close", "content": "销号"}, today=TODAY)
    H.add_step(db, hid, {"date": "2026-11-05", "step": "rectified", "content": "柴草已移走"}, today=TODAY)
    with pytest.raises(ValidationError) as e:      # closing without a re-check
        H.add_step(db, hid, {"date": "2026-11-06", "step": "close", "content": "销号"}, today=TODAY)
    assert {p.field for p in e.value.problems} == {"recheck_date", "recheck_result"}
    H.add_step(db, hid, {"date": "2026-11-06", "step": "recheck", "content": "已整改到位"}, today=TODAY)
    H.add_step(db, hid, {"date": "2026-11-06", "step": "close", "content": "销号"}, today=TODAY)
    h = get_record(db, "hazards", hid)
    assert (h["status"], h["recheck_date"], h["closed"]) == ("closed", "2026-11-06", "2026-11-06")
    assert [e["kind"] for e in H.timeline(db, hid)] == ["found", "rectify", "rectified", "recheck", "close"]

    wall = H.create_hazard(db, {"house_id": ids["house"], "found": "2026-11-10", "category": "building",
                                "severity": "serious", "description": "老房墙体开裂", "deadline": "2026-11-20"},
                           today=TODAY)
    with pytest.raises(ValidationError):
        H.change_status(db, wall, "escalated", today=TODAY)
    H.add_step(db, wall, {"date": "2026-11-11", "step": "escalate", "content": "报镇规划办鉴定"}, today=TODAY)
    w = get_record(db, "hazards", wall)
    assert (w["status"], w["escalation"]) == ("escalated", "报镇规划办鉴定")
    assert [x["id"] for x in H.find_hazards(db, due="overdue", today=TODAY)] == [wall]
    assert H.due_counts(db, today=TODAY) == {"open": 1, "overdue": 1, "week": 0}
    assert H.due_counts(db, today=date(2026, 11, 15)) == {"open": 1, "overdue": 0, "week": 1}


def test_hazard_deadline_before_found_refused(grid):
    db, ids = grid
    with pytest.raises(ValidationError) as e:
        H.create_hazard(db, {"house_id": ids["house"], "found": "2026-11-10", "category": "fire", "severity": "minor",
                             "description": "x", "deadline": "2026-11-09"}, today=TODAY)
    assert "整改期限早于发现日期" in e.value.zh
    assert db.execute("SELECT count(*) FROM hazards").fetchone()[0] == 0


def test_request_overview_figures(grid):
    db, ids = grid
    done = dict(status="closed", resolution="x")
    new_request(db, ids, received="2026-10-01", resolved="2026-10-03", closed="2026-10-03", satisfaction="satisfied",
                **done)
    new_request(db, ids, received="2026-11-01", resolved="2026-11-05", closed="2026-11-05", satisfaction="basically",
                **done)
    new_request(db, ids, received="2026-11-02", resolved="2026-11-09", closed="2026-11-09",
                satisfaction="unsatisfied", category="utilities", **done)
    new_request(db, ids, received="2026-11-03", resolved="2026-11-04", closed="2026-11-04",
                satisfaction="unreachable", **done)
    new_request(db, ids, received="2026-11-20")
    o = S.request_overview(db)
    assert (o["received"], o["closed"], o["close_rate"]) == (5, 4, 0.8)
    assert (o["satisfied"], o["rated"]) == (2, 3) and o["satisfaction_rate"] == round(2 / 3, 4)
    assert o["median_days"] == 3.0          # 2, 4, 7, 1 days → median 3
    cats = {c["code"]: c for c in o["by_category"]}
    assert cats["utilities"]["received"] == 1 and cats["infrastructure"]["received"] == 4
    assert o["by_village"][0]["village"] == "东山村" and o["by_village"][0]["received"] == 5
    assert o["monthly"] == [dict(month="2026-10", received=1, closed=1), dict(month="2026-11", received=4, closed=3)]
    nov = S.request_overview(db, since="2026-11-01", until="2026-11-30")
    assert nov["received"] == 4 and nov["close_rate"] == 0.75
    empty = S.request_overview(db, since="2025-01-01", until="2025-01-31")
    assert empty["close_rate"] is None and empty["median_days"] is None and empty["by_category"] == []


def test_hazard_overview_figures(grid):
    db, ids = grid
    base = dict(house_id=ids["house"], category="fire", severity="minor", description="x")
    H.create_hazard(db, dict(base, found="2026-11-01", deadline="2026-11-05"), today=TODAY)           # overdue
    H.create_hazard(db, dict(base, found="2026-11-20", deadline="2026-12-05", category="traffic"), today=TODAY)
    H.create_hazard(db, dict(base, found="2026-10-01", deadline="2026-10-05", status="closed", rectification="ok",
                             rectified="2026-10-04", recheck_date="2026-10-05", recheck_result="ok",
                             closed="2026-10-05"), today=TODAY)
    o = S.hazard_overview(db, today=TODAY)
    assert {k: o[k] for k in ("found", "open", "overdue", "rectified", "closed", "escalated")} == \
        dict(found=3, open=2, overdue=1, rectified=1, closed=1, escalated=0)
    assert {c["code"]: c["found"] for c in o["by_category"]} == {"fire": 2, "traffic": 1}
    assert o["monthly"] == [dict(month="2026-10", found=1, closed=1), dict(month="2026-11", found=2, closed=0)]


# -- demo data ---------------------------------------------------------------------------------------

def test_demo_requests_and_hazards_are_valid_and_in_proportion(grid_demo_db):
    from gridkeeper.domain.validate import validate_record
    from gridkeeper.store.check import check_database

    db = grid_demo_db
    for table in ("requests", "request_steps", "hazards", "hazard_steps"):
        rows = list(db.query(f"SELECT * FROM [{table}]"))
        assert rows, table
        for row in rows:
            row.pop("id")
            validate_record(table, row)          # every rule holds on demo data
    o = S.request_overview(db)
    assert 80 <= o["received"] <= 200            # ~12 a month in a grid of ~700 people, for a year
    assert 0.65 <= o["close_rate"] <= 0.95 and 0.55 <= o["satisfaction_rate"] <= 0.85
    assert {r["step"] for r in db.query("SELECT step FROM request_steps")} >= {"routed", "response", "solved",
                                                                               "feedback"}
    h = S.hazard_overview(db)
    assert h["found"] < o["received"] / 3 and h["closed"] > h["found"] / 2
    assert check_database(db).ok


def test_township_demo_has_a_year_of_work_orders(make_db):
    from gridkeeper.store.demo import build_demo

    db = make_db("township", "乡镇")
    res = build_demo(db, scale="township", seed=5, villages=3)
    o = S.request_overview(db)
    assert res.requests == o["received"] and 12 * 3.7 * 15 * 0.6 < res.requests < 12 * 3.7 * 17 * 1.4
    assert len(o["monthly"]) >= 12 and len(o["by_village"]) == 3
    h = S.hazard_overview(db)
    assert h["escalated"] > 0 and h["overdue"] > 0 and h["open"] < h["found"] / 2
