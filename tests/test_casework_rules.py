"""The rules of resident requests and hazards (domain.casework), good and bad, through validate_record."""

from datetime import date

import pytest

from gridkeeper.domain import casework as C
from gridkeeper.domain.errors import GridkeeperError, ValidationError
from gridkeeper.domain.lang import set_language
from gridkeeper.domain.validate import validate_record
from gridkeeper.domain.vocab import HAZARD_STATUSES, REQUEST_STATUSES

TODAY = date(2026, 11, 27)
AREA = "0190aaaa-0000-7000-8000-000000000001"
REQ = dict(area_id=AREA, received="2026-11-02", channel="in_person", category="infrastructure",
           content="井边路灯坏了一周", status="received")
HAZ = dict(area_id=AREA, found="2026-11-03", category="fire", severity="major",
           description="柴草堆放在电表下", status="reported")


def problems(table, values):
    with pytest.raises(ValidationError) as e:
        validate_record(table, values, today=TODAY)
    return {p.field: p for p in e.value.problems}


def ok(table, values):
    return validate_record(table, values, today=TODAY)


# -- requests ----------------------------------------------------------------------------------------

def test_a_new_request_is_valid():
    assert ok("requests", REQ)["status"] == "received"


def test_solved_needs_resolution_and_date():
    bad = problems("requests", dict(REQ, status="resolved"))
    assert set(bad) == {"resolution", "resolved"}
    assert "办理结果" in bad["resolution"].zh and "what was done" in bad["resolution"].en
    ok("requests", dict(REQ, status="resolved", resolution="更换灯泡", resolved="2026-11-02"))


def test_closed_needs_feedback_or_unreachable_and_a_date():
    solved = dict(REQ, status="closed", resolution="更换灯泡", resolved="2026-11-02")
    bad = problems("requests", solved)
    assert set(bad) == {"satisfaction", "closed"}
    assert "无法联系" in bad["satisfaction"].zh
    ok("requests", dict(solved, satisfaction="satisfied", closed="2026-11-03"))
    ok("requests", dict(solved, satisfaction="unreachable", closed="2026-11-03"))
    assert set(problems("requests", dict(solved, satisfaction="maybe", closed="2026-11-03"))) == {"satisfaction"}


def test_closing_also_needs_the_resolution():
    bad = problems("requests", dict(REQ, status="closed", satisfaction="satisfied", closed="2026-11-03"))
    assert set(bad) == {"resolution", "resolved"}


def test_request_dates_in_order():
    base = dict(REQ, status="closed", resolution="x", satisfaction="basically")
    bad = problems("requests", dict(base, resolved="2026-11-01", closed="2026-11-01"))
    assert set(bad) == {"resolved", "closed"}
    assert "早于受理日期" in bad["resolved"].zh
    bad = problems("requests", dict(base, resolved="2026-11-05", closed="2026-11-04"))
    assert set(bad) == {"closed"} and "早于解决日期" in bad["closed"].zh
    ok("requests", dict(base, resolved="2026-11-02", closed="2026-11-02"))


def test_request_dates_not_in_the_future():
    assert set(problems("requests", dict(REQ, received="2026-12-01"))) == {"received"}
    assert set(problems("request_steps", dict(area_id=AREA, request_id=AREA, date="2026-12-01", step="note",
                                              content="x"))) == {"date"}


def test_partial_update_checked_against_the_stored_record():
    stored = dict(REQ, status="resolved", resolution="更换灯泡", resolved="2026-11-02")
    with pytest.raises(ValidationError):
        validate_record("requests", {"resolution": ""}, existing=stored, today=TODAY)
    with pytest.raises(ValidationError):
        validate_record("requests", {"status": "closed"}, existing=stored, today=TODAY)
    validate_record("requests", {"status": "closed", "satisfaction": "满意", "closed": "2026-11-03"},
                    existing=stored, today=TODAY)


def test_deleting_a_request_is_not_blocked_by_its_rules():
    validate_record("requests", {"deleted": 1}, existing=dict(REQ, status="closed"), today=TODAY)


# -- hazards -----------------------------------------------------------------------------------------

def test_a_new_hazard_is_valid():
    assert ok("hazards", dict(HAZ, deadline="2026-11-06"))["deadline"] == "2026-11-06"


def test_deadline_not_before_found():
    bad = problems("hazards", dict(HAZ, deadline="2026-11-02"))
    assert set(bad) == {"deadline"} and "整改期限早于发现日期" in bad["deadline"].zh
    ok("hazards", dict(HAZ, deadline="2026-11-03"))


def test_deadline_may_lie_in_the_future_but_found_may_not():
    ok("hazards", dict(HAZ, deadline="2027-01-01"))
    assert set(problems("hazards", dict(HAZ, found="2026-12-01"))) == {"found"}


def test_rectified_needs_what_and_when():
    assert set(problems("hazards", dict(HAZ, status="rectified"))) == {"rectification", "rectified"}
    ok("hazards", dict(HAZ, status="rectified", rectification="柴草已移走", rectified="2026-11-05"))


def test_closing_needs_a_recheck():
    done = dict(HAZ, status="closed", rectification="柴草已移走", rectified="2026-11-05", closed="2026-11-06")
    bad = problems("hazards", done)
    assert set(bad) == {"recheck_date", "recheck_result"} and "复查" in bad["recheck_date"].zh
    assert set(problems("hazards", dict(done, recheck_date="2026-11-06"))) == {"recheck_result"}
    ok("hazards", dict(done, recheck_date="2026-11-06", recheck_result="已整改到位"))
    assert set(problems("hazards", dict(done, recheck_date="2026-11-06", recheck_result="ok",
                                        closed=None))) == {"closed"}


def test_hazard_dates_in_order():
    done = dict(HAZ, status="closed", rectification="x", recheck_result="ok")
    bad = problems("hazards", dict(done, rectified="2026-11-01", recheck_date="2026-11-02", closed="2026-11-02"))
    assert set(bad) == {"rectified", "recheck_date", "closed"}
    bad = problems("hazards", dict(done, rectified="2026-11-05", recheck_date="2026-11-04", closed="2026-11-06"))
    assert set(bad) == {"recheck_date"}
    bad = problems("hazards", dict(done, rectified="2026-11-05", recheck_date="2026-11-06", closed="2026-11-05"))
    assert set(bad) == {"closed"} and "早于复查日期" in bad["closed"].zh


def test_escalation_needs_a_note():
    bad = problems("hazards", dict(HAZ, status="escalated"))
    assert set(bad) == {"escalation"} and "上报" in bad["escalation"].zh
    assert set(problems("hazards", dict(HAZ, status="escalated", escalation="   "))) == {"escalation"}
    ok("hazards", dict(HAZ, status="escalated", escalation="墙体开裂，报镇规划办鉴定"))


def test_messages_in_english_too():
    set_language("en")
    try:
        with pytest.raises(ValidationError) as e:
            validate_record("hazards", dict(HAZ, status="escalated"), today=TODAY)
        assert "escalating needs a note" in str(e.value)
    finally:
        set_language("zh")


# -- transitions -------------------------------------------------------------------------------------

def test_transition_tables_cover_every_status():
    assert set(C.REQUEST_TRANSITIONS) == set(REQUEST_STATUSES.codes())
    assert set(C.HAZARD_TRANSITIONS) == set(HAZARD_STATUSES.codes())
    for table, vocab in ((C.REQUEST_TRANSITIONS, REQUEST_STATUSES), (C.HAZARD_TRANSITIONS, HAZARD_STATUSES)):
        assert all(s in vocab for nexts in table.values() for s in nexts)


@pytest.mark.parametrize("old,new", [("received", "routed"), ("received", "resolved"), ("routed", "responding"),
                                     ("responding", "resolved"), ("resolved", "closed"),
                                     ("resolved", "responding"), ("closed", "closed")])
def test_request_moves_allowed(old, new):
    C.check_request_transition(old, new)


@pytest.mark.parametrize("old,new", [("received", "closed"), ("routed", "closed"), ("closed", "responding"),
                                     ("responding", "received")])
def test_request_moves_refused(old, new):
    with pytest.raises(GridkeeperError) as e:
        C.check_request_transition(old, new)
    assert e.value.code == "bad_transition" and "不能从" in e.value.zh


@pytest.mark.parametrize("old,new", [("reported", "rectifying"), ("reported", "escalated"),
                                     ("rectified", "closed"), ("rectified", "rectifying"),
                                     ("escalated", "rectifying")])
def test_hazard_moves_allowed(old, new):
    C.check_hazard_transition(old, new)


@pytest.mark.parametrize("old,new", [("reported", "closed"), ("rectifying", "closed"), ("closed", "rectifying"),
                                     ("escalated", "closed")])
def test_hazard_moves_refused(old, new):
    with pytest.raises(GridkeeperError) as e:
        C.check_hazard_transition(old, new)
    assert e.value.code == "bad_transition"


def test_unknown_status_refused():
    with pytest.raises(GridkeeperError) as e:
        C.check_request_transition("received", "done")
    assert e.value.code == "bad_status"
    with pytest.raises(GridkeeperError):
        C.check_hazard_transition("reported", "fixed")


def test_step_effects_name_real_steps_and_statuses():
    from gridkeeper.domain.records import table
    from gridkeeper.domain.vocab import HAZARD_STEPS, REQUEST_STEPS

    for effects, steps, statuses, tname in ((C.REQUEST_STEP_EFFECTS, REQUEST_STEPS, REQUEST_STATUSES, "requests"),
                                            (C.HAZARD_STEP_EFFECTS, HAZARD_STEPS, HAZARD_STATUSES, "hazards")):
        assert set(effects) == set(steps.codes())
        for status, fills in effects.values():
            assert status is None or status in statuses
            assert all(table(tname).field(f) for f in fills)


def test_step_not_before_its_case():
    assert C.step_problems({"date": "2026-11-01"}, {"received": "2026-11-02"}, "received")[0].field == "date"
    assert C.step_problems({"date": "2026-11-02"}, {"received": "2026-11-02"}, "received") == []
