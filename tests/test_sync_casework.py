"""Requests, hazards and their steps through real bundles: worker → township → return bundle, scope,
references checked by the trust screen, conflicts, history and undo — with no special case in the merge.

Uses the two-worker township of tests/test_trust_adversarial.py (G0 for worker 0, G1 for worker 1).
"""

from __future__ import annotations

from datetime import date

import pytest

from gridkeeper.store import hazards as H
from gridkeeper.store import records as R
from gridkeeper.store import requests as Q
from gridkeeper.store.history import history_entries
from gridkeeper.store.records import undo_changes
from gridkeeper.sync.review import list_conflicts, resolve_conflict
from gridkeeper.sync.service import export_bundle, merge_bundle
from tests.test_trust_adversarial import add_row, good_person, listed, template, views_ok, world  # noqa: F401

TODAY = date.today()
D0 = TODAY.isoformat()


def _request(w, db, person, **kw):
    values = dict(Q.quick_entry_defaults(db, person_id=person), category="infrastructure", content="路灯不亮")
    values.update(kw)
    return Q.create_request(db, values)


def _ship_in(w, i: int) -> dict:
    out = w.folder / f"in-{i}-{w.n}.gkb"
    w.n += 1
    export_bundle(w.workers[i], out)
    return w.merge_one(out)


def _ship_back(w, i: int) -> None:
    out = w.folder / f"back-{i}-{w.n}.gkb"
    w.n += 1
    export_bundle(w.town, out, for_device=w.ids[f"W{i}"])
    merge_bundle(w.workers[i], out, backup=False)


def _rows(db, table, area_ids):
    return [r for r in R.list_records(db, table) if r["area_id"] in area_ids]


def test_requests_and_hazards_round_trip_both_ways(world):
    w, ids = world, world.ids
    w0 = w.workers[0]
    rid = _request(w, w0, ids["P0"])
    Q.add_step(w0, rid, {"date": D0, "step": "routed", "content": "转村委会"}, department="village_committee")
    Q.add_step(w0, rid, {"date": D0, "step": "solved", "content": "更换灯泡"})
    hid = H.create_hazard(w0, dict(H.quick_entry_defaults(w0, house_id=ids["H0"]), category="fire",
                                   severity="major", description="柴草堆放在电表下"))
    H.add_step(w0, hid, {"date": D0, "step": "rectify", "content": "告知户主三日内移走"})
    rep = _ship_in(w, 0)
    assert rep["rejected_records"] == []
    for table in ("requests", "request_steps", "hazards", "hazard_steps"):
        assert _rows(w.town, table, [ids["G0"]]) == _rows(w0, table, [ids["G0"]]), table
    assert R.get_record(w.town, "requests", rid)["person_id"] == ids["P0"]
    # the township closes the request with the resident's feedback; the worker gets it back
    Q.add_step(w.town, rid, {"date": D0, "step": "feedback", "content": "满意"}, satisfaction="satisfied")
    _ship_back(w, 0)
    r = R.get_record(w0, "requests", rid)
    assert (r["status"], r["satisfaction"]) == ("closed", "satisfied")
    assert len(Q.steps(w0, rid)) == 3
    assert [h["fields"]["status"] for h in history_entries(w0, "requests", rid) if "status" in h["fields"]][-1][-1] \
        == "closed"
    # grid 1's laptop gets nothing of grid 0's requests or hazards
    _ship_back(w, 1)
    for table in ("requests", "request_steps", "hazards", "hazard_steps"):
        assert R.count_records(w.workers[1], table) == 0, table
    views_ok(w)


def test_concurrent_status_edits_make_a_conflict_to_review(world):
    w, ids = world, world.ids
    w0 = w.workers[0]
    hid = H.create_hazard(w0, {"house_id": ids["H0"], "found": D0, "category": "building", "severity": "serious",
                               "description": "墙体开裂"})
    _ship_in(w, 0)
    _ship_back(w, 0)
    H.change_status(w0, hid, "escalated", escalation="报镇规划办")
    H.change_status(w.town, hid, "escalated", escalation="报县住建局")
    rep = _ship_in(w, 0)
    assert rep["conflicts"] == 1
    [c] = list_conflicts(w.town)
    assert (c["tbl"], c["field"]) == ("hazards", "escalation")
    resolve_conflict(w.town, c["id"], keep="other")
    assert R.get_record(w.town, "hazards", hid)["escalation"] == "报镇规划办"


def test_undo_of_a_step_travels_as_an_ordinary_write(world):
    w, ids = world, world.ids
    w0 = w.workers[0]
    rid = _request(w, w0, ids["P0"])
    changes = Q.add_step(w0, rid, {"date": D0, "step": "routed", "content": "转村委会"})
    _ship_in(w, 0)
    assert R.get_record(w.town, "requests", rid)["status"] == "routed"
    undo_changes(w0, changes)
    _ship_in(w, 0)
    assert R.get_record(w.town, "requests", rid)["status"] == "received"
    assert Q.steps(w.town, rid) == []


# -- adversarial: the new references are screened like every other ------------------------------------

REQ = dict(received=D0, channel="phone", category="other", content="x", status="received")
HAZ = dict(found=D0, category="fire", severity="minor", description="x", status="reported")


@pytest.mark.parametrize("attack", ["request_person_other_grid", "request_household_other_grid",
                                    "request_in_other_grid", "step_of_other_grids_request", "hazard_dangling_house",
                                    "hazard_person_as_house"])
def test_new_references_stay_inside_the_senders_scope(world, attack):
    w, ids = world, world.ids
    d = w.changes(0)
    # a request of grid 1 that worker 0 might try to reach
    other = _request(w, w.workers[1], ids["P1"])
    _ship_in(w, 1)
    if attack == "request_person_other_grid":
        bad, table = add_row(d, "requests", dict(REQ, area_id=ids["G0"], person_id=ids["P1"])), "requests"
    elif attack == "request_household_other_grid":
        bad, table = add_row(d, "requests", dict(REQ, area_id=ids["G0"], household_id=ids["HH1"])), "requests"
    elif attack == "request_in_other_grid":
        bad, table = add_row(d, "requests", dict(REQ, area_id=ids["G1"], person_id=ids["P1"])), "requests"
    elif attack == "step_of_other_grids_request":
        bad, table = add_row(d, "request_steps", dict(area_id=ids["G0"], request_id=other, date=D0, step="note",
                                                      content="x")), "request_steps"
    elif attack == "hazard_dangling_house":
        bad, table = add_row(d, "hazards", dict(HAZ, area_id=ids["G0"], house_id="0190ffff-0000-7000-8000-0000000000ff")), \
            "hazards"
    else:
        bad, table = add_row(d, "hazards", dict(HAZ, area_id=ids["G0"], house_id=ids["P0"])), "hazards"
    good = add_row(d, "requests", dict(REQ, area_id=ids["G0"], person_id=ids["P0"]))
    good_step = add_row(d, "request_steps", dict(area_id=ids["G0"], request_id=good, date=D0, step="need",
                                                 content="居民反映"))
    good_p = good_person(w, d)
    rep = w.merge_one(w.sign(0, d))
    assert listed(w, rep, table, bad) == ("out_of_scope" if attack == "request_in_other_grid" else "bad_ref")
    assert not w.has(table, bad)
    assert w.has("requests", good) and w.has("request_steps", good_step) and w.has("persons", good_p)
    assert R.get_record(w.town, "requests", other)["content"] == "路灯不亮"
    views_ok(w)


def test_bad_request_values_are_refused(world):
    w, ids = world, world.ids
    d = w.changes(0)
    future = add_row(d, "requests", dict(REQ, area_id=ids["G0"], received="2999-01-01"))
    label = add_row(d, "hazards", dict(HAZ, area_id=ids["G0"], severity="重大"))
    good = add_row(d, "hazards", dict(HAZ, area_id=ids["G0"], deadline="2999-01-01"))   # a deadline may be ahead
    rep = w.merge_one(w.sign(0, d))
    assert listed(w, rep, "requests", future) == "bad_value"
    assert listed(w, rep, "hazards", label) == "bad_value"
    assert w.has("hazards", good)
