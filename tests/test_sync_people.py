"""Schema-3 records through real bundles: worker → township → return, the synced tag vocabulary,
negative balances made by two laptops redeeming offline at once, and crafted payloads."""

from __future__ import annotations

import os
from datetime import date, timedelta

import pytest

from gridkeeper.domain.ids import new_id
from gridkeeper.store import floating as FL, points as PT, records as R, tags as TG
from gridkeeper.store.db import open_db
from gridkeeper.store.dump import canonical_dump
from tests.test_sync_e2e import TOWN_PASSPHRASE, Township, gk
from tests.test_trust_adversarial import add_row, good_person, listed, template, views_ok, world  # noqa: F401

TODAY = date.today()


def _d(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


@pytest.fixture
def township(tmp_path):
    return Township(tmp_path, workers=2)


def _round_trip(t, i):
    gk("bundle", "merge", "--db", t.workers[i], t.send_back(i))


def test_every_new_table_travels_worker_to_township_and_back(township):
    t = township
    for i in range(2):
        _round_trip(t, i)
    w0 = open_db(t.workers[0])
    pid = t.old_person
    FL.record_arrival(w0, pid, _d(30), origin="河南省周口市", reason="work",
                      permit={"number": "豫A0001", "issued": _d(20), "expiry": _d(-300)})
    TG.set_person_tags(w0, pid, ["党员", "志愿者"])
    PT.record_service(w0, {"volunteer_id": pid, "date": _d(3), "activity": "换路灯", "minutes": 60})
    PT.record_redemption(w0, {"volunteer_id": pid, "date": _d(1), "goods": "食用油", "points": 8})
    w0.conn.close()
    rep = gk("bundle", "merge", "--db", t.town, t.send_in(0), "--json")
    assert rep["status"] == "merged" and rep["rejected_records"] == [], rep
    town = open_db(t.town)
    p = R.get_record(town, "persons", pid)
    assert (p["origin"], p["permit_number"], p["residence_kind"]) == ("河南省周口市", "豫A0001", "floating")
    assert TG.person_tags(town, pid) == ["party_member", "volunteer"]
    assert [e["kind"] for e in FL.person_events(town, pid)] == ["arrival"]
    assert PT.balance(town, pid) == {"earned": 10, "redeemed": 8, "balance": 2}
    # the township corrects the arrival reason; the worker gets it back, and both hold the same records
    R.update_record(town, "persons", pid, {"arrival_reason": "business"})
    town.conn.close()
    _round_trip(t, 0)
    w0, town = open_db(t.workers[0]), open_db(t.town)
    assert R.get_record(w0, "persons", pid)["arrival_reason"] == "business"
    for table in ("persons", "person_tags", "residence_events", "volunteer_services", "point_redemptions"):
        assert R.list_records(town, table, area_id=t.grids[0]) == R.list_records(w0, table), table
    # nothing of grid 0 on grid 1's laptop
    _round_trip(t, 1)
    w1 = open_db(t.workers[1])
    assert w1.execute("SELECT count(*) FROM volunteer_services").fetchone()[0] == 0
    assert gk("check", "--db", t.town, "--json")["ok"]


def test_tag_vocabulary_edits_at_the_township_reach_every_worker(township):
    t = township
    town = open_db(t.town)
    TG.save_term(town, "grid_helper", "网格帮手", en="Grid helper")
    TG.save_term(town, "watch", "重点关注")       # a built-in term renamed
    town.conn.close()
    for i in range(2):
        _round_trip(t, i)
    for i in range(2):
        w = open_db(t.workers[i])
        labels = TG.term_labels(w)
        assert labels["grid_helper"] == "网格帮手" and labels["watch"] == "重点关注", i
        w.conn.close()
    # a worker tags with the new term; the township accepts it (the term is its own)
    w0 = open_db(t.workers[0])
    TG.add_tag(w0, t.old_person, "网格帮手")
    # the worker's export never carries the vocabulary back
    from gridkeeper.sync.service import build_export

    cs, _, _ = build_export(w0)
    assert "vocab_terms" not in cs.tables and "person_tags" in cs.tables
    w0.conn.close()
    gk("bundle", "merge", "--db", t.town, t.send_in(0))
    town = open_db(t.town)
    assert TG.person_tags(town, t.old_person) == ["grid_helper"]
    # retiring the term: workers stop offering it, the tag stays readable
    TG.retire_term(town, "grid_helper")
    town.conn.close()
    _round_trip(t, 0)
    w0 = open_db(t.workers[0])
    assert "grid_helper" not in [x.code for x in TG.vocabulary_terms(w0, include_retired=False)]
    assert TG.term_labels(w0)["grid_helper"] == "网格帮手"
    assert TG.person_tags(w0, t.old_person) == ["grid_helper"]


@pytest.fixture
def shared_grid(tmp_path):
    """A township and two laptops enrolled for the same grid (a worker and a stand-in)."""
    os.environ["GRIDKEEPER_PASSPHRASE"] = TOWN_PASSPHRASE
    town = tmp_path / "town.db"
    gk("init", "--db", town, "--role", "township", "--name", "下花园镇网格中心")
    db = open_db(town)
    area = R.create_record(db, "areas", {"level": "township", "name": "下花园镇"})
    village = R.create_record(db, "areas", {"level": "village", "name": "东山村", "parent_id": area})
    grid = R.create_record(db, "areas", {"level": "grid", "name": "第三网格", "parent_id": village})
    vol = R.create_record(db, "persons", {"area_id": grid, "name": "王阿姨"})
    PT.record_service(db, {"volunteer_id": vol, "date": _d(10), "activity": "垃圾分类宣传", "minutes": 180})
    db.conn.close()
    gk("keys", "export", "--db", town, "--out", tmp_path / "town.gkpub")
    workers = []
    for i in range(2):
        w = tmp_path / f"w{i}.db"
        gk("init", "--db", w, "--role", "worker", "--name", f"笔记本{i}")
        gk("keys", "import", "--db", w, tmp_path / "town.gkpub")
        gk("keys", "export", "--db", w, "--out", tmp_path / f"w{i}.gkpub")
        gk("keys", "import", "--db", town, tmp_path / f"w{i}.gkpub", "--area", grid)
        workers.append(w)

    def send_back(i):
        out = tmp_path / f"ret{i}-{new_id()}.gkb"
        dev = gk("keys", "list", "--db", workers[i], "--json")[0]["device_id"]
        gk("bundle", "export", "--db", town, "--for", dev, "--out", out)
        gk("bundle", "merge", "--db", workers[i], out)

    def send_in(i):
        out = tmp_path / f"in{i}-{new_id()}.gkb"
        gk("bundle", "export", "--db", workers[i], "--out", out)
        return gk("bundle", "merge", "--db", town, out, "--json")

    return town, workers, vol, send_back, send_in


def test_two_laptops_redeeming_offline_make_a_visible_conflict_until_corrected(shared_grid):
    town, workers, vol, send_back, send_in = shared_grid
    send_back(0)
    send_back(1)
    dbs = [open_db(w) for w in workers]
    assert PT.balance(dbs[0], vol)["balance"] == 30 == PT.balance(dbs[1], vol)["balance"]
    # each laptop, offline, spends most of the same 30 points: each is fine locally
    PT.record_redemption(dbs[0], {"volunteer_id": vol, "date": _d(1), "goods": "食用油", "points": 20})
    PT.record_redemption(dbs[1], {"volunteer_id": vol, "date": _d(1), "goods": "大米", "points": 25})
    assert PT.negative_balances(dbs[0]) == [] and PT.negative_balances(dbs[1]) == []
    for db in dbs:
        db.conn.close()
    send_in(0)
    send_in(1)
    tdb = open_db(town)
    [item] = PT.negative_balances(tdb)
    assert (item.name, item.balance, len(item.redemptions)) == ("王阿姨", -15, 2)
    assert {r["device_name"] for r in item.redemptions} == {"笔记本0", "笔记本1"}
    tdb.conn.close()
    # the return bundles show it on both laptops too, never hidden
    send_back(0)
    send_back(1)
    for w in workers:
        db = open_db(w)
        [item] = PT.negative_balances(db)
        assert item.balance == -15
        db.conn.close()
    # laptop 1 corrects its redemption (the shop gave goods for 10 points only)
    db1 = open_db(workers[1])
    rid = next(r["id"] for r in item.redemptions if r["goods"] == "大米")
    PT.correct_redemption(db1, rid, points=10, notes="按实际兑换更正")
    assert PT.negative_balances(db1) == []
    db1.conn.close()
    send_in(1)
    tdb = open_db(town)
    assert PT.negative_balances(tdb) == [] and PT.balance(tdb, vol)["balance"] == 0
    tdb.conn.close()
    send_back(0)
    db0 = open_db(workers[0])
    assert PT.negative_balances(db0) == [] and PT.balance(db0, vol)["balance"] == 0


# -- crafted payloads signed with a worker's own keys ---------------------------------------------

def test_a_worker_cannot_forge_vocabulary_terms(world):
    w = world
    d = w.changes(0)
    from gridkeeper.domain.ids import derived_id

    forged = add_row(d, "vocab_terms", {"vocabulary": "person_tag", "code": "spy", "zh": "间谍"},
                     rid=derived_id("vocab_terms", "person_tag", "spy"))
    renamed = add_row(d, "vocab_terms", {"vocabulary": "person_tag", "code": "watch", "zh": "坏人"},
                      rid=derived_id("vocab_terms", "person_tag", "watch"))
    good = good_person(w, d)
    rep = w.merge_one(w.sign(0, d))
    assert listed(w, rep, "vocab_terms", forged) == "township_record"
    assert listed(w, rep, "vocab_terms", renamed) == "township_record"
    assert not w.has("vocab_terms", forged) and w.has("persons", good)
    views_ok(w)


def test_a_tag_outside_the_township_vocabulary_is_refused(world):
    w = world
    d = w.changes(0)
    good = good_person(w, d)
    bad = add_row(d, "person_tags", {"area_id": w.ids["G0"], "person_id": good, "tag": "spy"})
    ok = add_row(d, "person_tags", {"area_id": w.ids["G0"], "person_id": good, "tag": "volunteer"})
    rep = w.merge_one(w.sign(0, d))
    assert listed(w, rep, "person_tags", bad) == "bad_value"
    assert w.has("person_tags", ok) and not w.has("person_tags", bad)


POINT_CASES = [
    ("service_for_person_of_another_grid", "volunteer_services", lambda ids: {"volunteer_id": ids["P1"]}, "bad_ref"),
    ("service_in_another_grid", "volunteer_services", lambda ids: {"area_id": ids["G1"]}, "out_of_scope"),
    ("points_2_63", "volunteer_services", lambda ids: {"points": 1 << 63}, "bad_value"),
    ("negative_minutes", "volunteer_services", lambda ids: {"minutes": -60}, "bad_value"),
    ("negative_redemption", "point_redemptions", lambda ids: {"points": -30}, "bad_value"),
    ("redemption_in_future", "point_redemptions", lambda ids: {"date": (TODAY + timedelta(days=9)).isoformat()},
     "bad_value"),
    ("tag_on_person_of_another_grid", "person_tags", lambda ids: {"person_id": ids["P1"]}, "bad_ref"),
    ("event_bad_kind", "residence_events", lambda ids: {"kind": "teleport"}, "bad_value"),
]

BASE = {
    "volunteer_services": lambda ids: {"area_id": ids["G0"], "volunteer_id": ids["P0"], "date": TODAY.isoformat(),
                                       "activity": "巡逻", "minutes": 60, "points": 10},
    "point_redemptions": lambda ids: {"area_id": ids["G0"], "volunteer_id": ids["P0"], "date": TODAY.isoformat(),
                                      "shop": "爱心超市", "goods": "油", "points": 5},
    "person_tags": lambda ids: {"area_id": ids["G0"], "person_id": ids["P0"], "tag": "veteran"},
    "residence_events": lambda ids: {"area_id": ids["G0"], "person_id": ids["P0"], "date": TODAY.isoformat(),
                                     "kind": "arrival"},
}


@pytest.mark.parametrize("case,table,values,reason", POINT_CASES, ids=[c[0] for c in POINT_CASES])
def test_crafted_people_records_are_refused(world, case, table, values, reason):
    w = world
    d = w.changes(0)
    bad = add_row(d, table, {**BASE[table](w.ids), **values(w.ids)})
    good = add_row(d, "volunteer_services", BASE["volunteer_services"](w.ids))
    rep = w.merge_one(w.sign(0, d))
    assert listed(w, rep, table, bad) == reason
    assert not w.has(table, bad) and w.has("volunteer_services", good)
    views_ok(w)


def test_an_older_schema_change_set_without_the_new_fields_merges(world):
    """A laptop still on schema 2 sends persons without the floating-population fields."""
    w = world
    d = w.changes(0)
    pid = good_person(w, d)
    tc = d["tables"]["persons"]
    keep = [k for k, f in enumerate(tc["fields"]) if f not in ("origin", "arrival_date", "arrival_reason",
                                                              "permit_number", "permit_issued", "permit_expiry",
                                                              "expected_departure")]
    tc["rows"] = [[r[0], [r[1][k] for k in keep], r[2], [r[3][k] for k in keep], [r[4][k] for k in keep], r[5]]
                  for r in tc["rows"]]
    tc["fields"] = [tc["fields"][k] for k in keep]
    w.merge_one(w.sign(0, d))
    assert w.value("persons", pid, "name") == "王秀英" and w.value("persons", pid, "origin") is None
    before = canonical_dump(w.town)
    assert before
