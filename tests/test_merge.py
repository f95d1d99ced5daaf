"""The merge guarantees of DESIGN §4, each with a test that can fail."""

from __future__ import annotations


import pytest

from gridkeeper.domain import hlc
from gridkeeper.store.changes import writing
from gridkeeper.store.dump import canonical_dump, full_state_hash
from gridkeeper.store.records import get_record
from gridkeeper.sync.changeset import ChangeSet, select_changes
from gridkeeper.sync.merge import apply_changeset
from gridkeeper.sync.review import list_conflicts, resolve_conflict, accept_quarantined, reject_quarantined, \
    list_quarantine

AREA = "0190aaaa-0000-7000-8000-000000000001"
T0 = 1_790_000_000_000  # a fixed "now" (2026-09) for deterministic clocks


def seed_area(db, rid=AREA):
    with writing(db) as w:
        w.create("areas", {"level": "grid", "name": "第三网格"}, rid=rid)


def person(db, name="张桂兰", rid=None, **extra):
    with writing(db) as w:
        return w.create("persons", {"area_id": AREA, "name": name, **extra}, rid=rid)


def edit(db, rid, **values):
    with writing(db) as w:
        return w.update("persons", rid, values)


def send(src, dst, **kw):
    cs = select_changes(src)
    return apply_changeset(dst, ChangeSet.from_bytes(cs.to_bytes()), **kw)


def test_edits_to_different_fields_both_survive(make_db, clock):
    a, b = make_db(), make_db()
    seed_area(a)
    rid = person(a, phone="13800138000")
    send(a, b)
    clock["now"] += 1000
    edit(a, rid, phone="13900139000")
    edit(b, rid, work="村医")
    send(a, b)
    send(b, a)
    for db in (a, b):
        row = get_record(db, "persons", rid)
        assert row["phone"] == "13900139000" and row["work"] == "村医"
    assert canonical_dump(a) == canonical_dump(b)
    assert list_conflicts(a) == []


def test_concurrent_edit_of_one_field_keeps_the_loser(make_db, clock):
    a, b, town = make_db(), make_db(), make_db("township")
    seed_area(a)
    rid = person(a, phone="13800138000")
    send(a, b)
    clock["now"] += 1000
    edit(a, rid, phone="13911111111")
    clock["now"] += 1000
    edit(b, rid, phone="13922222222")  # later: wins
    r1 = send(a, town)
    r2 = send(b, town)
    assert r1.conflicts == 0 and r2.conflicts == 1
    assert get_record(town, "persons", rid)["phone"] == "13922222222"
    [c] = list_conflicts(town)
    assert c["value"] == "13911111111" and c["current"] == "13922222222"
    # the other order gives the same conflict set
    town2 = make_db("township")
    send(b, town2)
    send(a, town2)
    assert canonical_dump(town2) == canonical_dump(town)


def test_causal_overwrite_is_not_a_conflict(make_db, clock):
    a, b = make_db(), make_db()
    seed_area(a)
    rid = person(a, phone="13800138000")
    send(a, b)
    clock["now"] += 1000
    edit(b, rid, phone="13900139000")  # b saw a's value first
    send(b, a)
    assert get_record(a, "persons", rid)["phone"] == "13900139000"
    assert list_conflicts(a) == []


def test_resolving_a_conflict_is_a_write_that_syncs(make_db, clock):
    a, b, town = make_db(), make_db(), make_db("township")
    seed_area(a)
    rid = person(a, phone="13800138000")
    send(a, b)
    clock["now"] += 1000
    edit(a, rid, phone="13911111111")
    clock["now"] += 1000
    edit(b, rid, phone="13922222222")
    send(a, town)
    send(b, town)
    [c] = list_conflicts(town)
    clock["now"] += 1000
    resolve_conflict(town, c["id"], keep="other")
    assert get_record(town, "persons", rid)["phone"] == "13911111111"
    assert list_conflicts(town) == []
    send(town, b)
    send(town, a)
    assert get_record(b, "persons", rid)["phone"] == "13911111111"
    assert list_conflicts(b) == [] and list_conflicts(a) == []


def test_delete_is_not_undone_by_a_concurrent_edit(make_db, clock):
    a, b = make_db(), make_db()
    seed_area(a)
    rid = person(a)
    send(a, b)
    clock["now"] += 1000
    with writing(a) as w:
        w.delete("persons", rid)
    clock["now"] += 1000
    edit(b, rid, phone="13900139000")  # later edit of another field
    send(b, a)
    send(a, b)
    for db in (a, b):
        assert get_record(db, "persons", rid, include_deleted=True)["deleted"] == 1
    clock["now"] += 1000
    with writing(b) as w:
        w.restore("persons", rid)
    send(b, a)
    assert get_record(a, "persons", rid)["deleted"] == 0


def test_merging_twice_changes_nothing_and_says_so(make_db, clock):
    a, b = make_db(), make_db()
    seed_area(a)
    person(a)
    cs = select_changes(a)
    first = apply_changeset(b, cs)
    before = full_state_hash(b)
    again = apply_changeset(b, cs)
    assert first.applied > 0 and not first.already_merged
    assert again.already_merged and again.applied == 0
    assert full_state_hash(b) == before
    # the same content under a new bundle id (a cumulative re-send): user data unchanged
    dump = canonical_dump(b)
    resent = select_changes(a)
    rep = apply_changeset(b, resent)
    assert rep.applied == 0 and rep.unchanged > 0
    assert canonical_dump(b) == dump


def test_future_stamps_are_quarantined_and_do_not_move_the_clock(make_db, clock):
    from gridkeeper.store.meta import load_clock

    a, town = make_db(), make_db("township")
    seed_area(a)
    rid = person(a, phone="13800138000")
    send(a, town)
    clock["now"] += 5 * 365 * 86400_000  # a's laptop thinks it is 5 years later
    edit(a, rid, phone="13900000000")
    clock["now"] -= 5 * 365 * 86400_000
    rep = send(a, town)
    assert rep.quarantined == 1 and rep.applied == 0
    assert get_record(town, "persons", rid)["phone"] == "13800138000"
    assert hlc.millis(load_clock(town).last) < T0 + 86400_000
    [q] = list_quarantine(town)
    flagged = town.execute("SELECT flagged FROM devices WHERE device_id = ?", [q["sender"]]).fetchone()[0]
    assert flagged == "clock_ahead"
    accept_quarantined(town, q["id"])
    assert get_record(town, "persons", rid)["phone"] == "13900000000"
    assert list_quarantine(town) == []
    assert hlc.millis(load_clock(town).last) < T0 + 86400_000


def test_rejecting_quarantine_keeps_the_old_value(make_db, clock):
    a, town = make_db(), make_db("township")
    seed_area(a)
    rid = person(a, phone="13800138000")
    send(a, town)
    clock["now"] += 400 * 86400_000
    edit(a, rid, phone="13900000000")
    clock["now"] -= 400 * 86400_000
    send(a, town)
    [q] = list_quarantine(town)
    reject_quarantined(town, q["id"])
    assert get_record(town, "persons", rid)["phone"] == "13800138000"
    assert list_quarantine(town) == []


def test_out_of_scope_changes_are_rejected_and_listed(make_db, clock):
    other_area = "0190aaaa-0000-7000-8000-000000000002"
    a, town = make_db(), make_db("township")
    seed_area(a)
    seed_area(a, other_area)
    inside = person(a, "张三")
    with writing(a) as w:
        outside = w.create("persons", {"area_id": other_area, "name": "李四"})
    rep = send(a, town, scope=[AREA], full_scope=False)
    assert rep.rejected > 0
    listed = {(r["table"], r["id"], r["reason"]) for r in rep.rejected_records}
    assert ("persons", outside, "out_of_scope") in listed
    assert ("persons", inside, "out_of_scope") not in listed
    assert get_record(town, "persons", inside)["name"] == "张三"
    assert town.execute("SELECT count(*) FROM persons WHERE id = ?", [outside]).fetchone()[0] == 0
    assert town.execute("SELECT count(*) FROM rejected_changes WHERE rid = ?", [outside]).fetchone()[0] == 1


def test_a_failure_at_any_step_leaves_the_store_untouched(make_db, clock):
    a, b = make_db(), make_db()
    seed_area(a)
    rids = [person(a, f"人员{i}") for i in range(5)]
    send(a, b)
    clock["now"] += 1000
    for rid in rids[:3]:
        edit(a, rid, phone="13900139000")
    clock["now"] += 1000
    edit(b, rids[0], phone="13800000000")
    person(a, "新来的")
    cs = select_changes(a)
    before = full_state_hash(b)
    dump = canonical_dump(b)
    k = 1
    while True:
        try:
            apply_changeset(b, cs, _fail_at=k)
        except RuntimeError:
            assert full_state_hash(b) == before, f"state changed after a failure at step {k}"
            k += 1
            continue
        break
    assert k > 5  # the change set really had several steps
    assert canonical_dump(b) != dump  # and the final, unfailed apply did change things
