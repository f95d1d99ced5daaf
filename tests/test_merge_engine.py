"""Engine correctness cases found by the sync review (issue 13): each reproduces a broken promise."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from gridkeeper.store.changes import writing
from gridkeeper.store.db import open_db
from gridkeeper.store.dump import canonical_dump, version_dump
from gridkeeper.sync import changeset as C
from gridkeeper.sync.changeset import ChangeSet, select_changes
from gridkeeper.sync.merge import apply_changeset, merge_run, release_quarantine

AREA = "0190aaaa-0000-7000-8000-000000000001"
T0 = 1_790_000_000_000


def seed(db):
    with writing(db) as w:
        w.create("areas", {"level": "grid", "name": "第三网格"}, rid=AREA)
        hh = w.create("households", {"area_id": AREA, "number": "010001"})
        p = w.create("persons", {"area_id": AREA, "name": "张三", "household_id": hh})
    return hh, p


def wire(cs: ChangeSet) -> ChangeSet:
    return ChangeSet.from_bytes(cs.to_bytes())


def test_an_edit_committed_during_an_export_is_never_skipped(make_db, clock, monkeypatch, tmp_path):
    """An export reads one snapshot: an edit committed between two tables' reads is wholly in the
    next export, never under the acknowledged mark."""
    a = make_db(filename="a.db")
    hh, p = seed(a)
    since = select_changes(a).seq_max
    clock["now"] += 1000
    real = C.get_table
    raced = []

    def racing_get_table(name):
        if name == "persons" and not raced:   # households already read, persons not yet
            raced.append(1)
            other = open_db(tmp_path / "a.db")
            with writing(other) as w:
                w.update("households", hh, {"phone": "13800138000"})
                w.update("persons", p, {"work": "务农"})
            other.conn.close()
        return real(name)

    monkeypatch.setattr(C, "get_table", racing_get_table)
    first = select_changes(a, since_seq=since)
    monkeypatch.setattr(C, "get_table", real)
    assert raced
    sent = {r[0] for tc in first.tables.values() for r in tc["rows"]}
    assert hh not in sent and p not in sent          # the snapshot predates the racing edit
    second = select_changes(a, since_seq=first.seq_max)  # what goes after the township acks `first`
    sent2 = {r[0] for tc in second.tables.values() for r in tc["rows"]}
    assert {hh, p} <= sent2


def test_conflict_rows_do_not_depend_on_delivery_order(make_db, clock):
    """The loser's row is the same whether it arrived as a loser or was displaced as the winner."""
    a, b = make_db(), make_db()
    _, p = seed(a)
    with writing(a) as w:
        w.update("persons", p, {"phone": "13800000000"})
    apply_changeset(b, wire(select_changes(a)))
    clock["now"] += 1000
    with writing(a) as w:                 # A1
        w.update("persons", p, {"phone": "13800000001"})
    clock["now"] += 1000
    with writing(b) as w:                 # B1: concurrent with A1 (b never saw it)
        w.update("persons", p, {"phone": "13900000001"})
    clock["now"] += 1000
    with writing(a) as w:                 # A2: a saw A1, not B1; wins over B1
        w.update("persons", p, {"phone": "13800000002"})
    from_a, from_b = wire(select_changes(a)), wire(select_changes(b))
    r1, r2 = make_db("township"), make_db("township")
    apply_changeset(r1, from_b)
    apply_changeset(r1, from_a)           # B1 displaced by A2
    apply_changeset(r2, from_a)
    apply_changeset(r2, from_b)           # B1 arrives as a loser
    assert r1.execute("SELECT count(*) FROM conflicts").fetchone()[0] == 1
    assert canonical_dump(r1) == canonical_dump(r2)


def _drop_fields(cs: ChangeSet, table: str, keep: list[str]) -> ChangeSet:
    """The same change set as an older schema (with fewer fields) would have written it."""
    tc = cs.tables[table]
    pos = [tc["fields"].index(f) for f in keep]
    rows = []
    for r in tc["rows"]:
        seen = {k: v for k, v in (r[5] or {}).items() if k in keep} or None
        rows.append([r[0], [r[1][k] for k in pos], r[2], [r[3][k] for k in pos], [r[4][k] for k in pos], seen])
    cs.tables[table] = {"fields": keep, "rows": rows}
    cs.conflicts = [c for c in cs.conflicts if c[0] != table or c[2] in keep]
    return cs


def test_a_change_set_with_fewer_fields_keeps_the_other_fields_seen_marks(make_db, clock):
    a, b = make_db(), make_db()
    _, p = seed(a)
    apply_changeset(b, wire(select_changes(a)))
    clock["now"] += 1000
    with writing(a) as w:
        w.update("persons", p, {"phone": "13800000001"})
    clock["now"] += 1000
    with writing(a) as w:
        w.update("persons", p, {"phone": "13800000002"})   # a saw its own first phone: seen mark set
    apply_changeset(b, wire(select_changes(a)))
    seen_before = json.loads(b.execute("SELECT _seen FROM persons__ver WHERE id = ?", [p]).fetchone()[0])
    assert seen_before.get("phone")
    clock["now"] += 1000
    with writing(a) as w:
        w.update("persons", p, {"name": "张三丰"})
    old = _drop_fields(wire(select_changes(a)), "persons", ["area_id", "name", "deleted"])
    rep = apply_changeset(b, old)
    assert rep.applied >= 1
    seen_after = json.loads(b.execute("SELECT _seen FROM persons__ver WHERE id = ?", [p]).fetchone()[0])
    assert seen_after["phone"] == seen_before["phone"]
    assert b.execute("SELECT name, phone FROM persons WHERE id = ?", [p]).fetchone() == ("张三丰", "13800000002")


def test_a_change_set_with_an_unknown_field_is_refused(make_db, clock):
    a = make_db()
    seed(a)
    d = select_changes(a).to_dict()
    d["tables"]["persons"]["fields"].append("future_field")
    for row in d["tables"]["persons"]["rows"]:
        for k in (1, 3, 4):
            row[k].append(None)
    with pytest.raises(Exception) as ei:
        ChangeSet.from_dict(d)
    assert getattr(ei.value, "code", "") == "bad_changeset"


def _one_person_wire(deltas, positions, first=False) -> bytes:
    """Two rows, the second all written at delta 0; with ``first`` the odd row comes after a row with
    equal lists (so a shared list equal to it, 1 == 1.0 == true, is already known)."""
    rows = [["p1", ["甲", 0], 5, deltas, positions, None], ["p2", ["乙", 0], 5, [0, 0], [0, 0], None]]
    if first:
        rows = [["p0", ["丙", 0], 5, [0, 1], [0, 0], None], *rows]
    return json.dumps({"format": C.FORMAT, "id": "cs1", "sender": "d1", "devices": ["d1"], "tables": {"persons": {
        "fields": ["name", "deleted"], "rows": rows}}}).encode()


def test_rows_with_the_same_version_lists_share_them_after_parsing():
    rows = ChangeSet.from_bytes(_one_person_wire([0, 0], [0, 0])).tables["persons"]["rows"]
    assert rows[0][3] == (0, 0) and rows[0][3] is rows[1][3] and rows[0][4] is rows[1][4]
    other = ChangeSet.from_bytes(_one_person_wire([0, 1], [0, 0])).tables["persons"]["rows"]
    assert other[0][3] == (0, 1) and other[1][3] == (0, 0)
    again = ChangeSet.from_dict(ChangeSet.from_bytes(_one_person_wire([0, 0], [0, 0])).to_dict())
    assert again.tables["persons"]["rows"] == rows


@pytest.mark.parametrize("deltas, positions", [
    ([0, True], [0, 0]), ([0, 1.0], [0, 0]), ([0.0, 1], [0, 0]), ([0, 1], [0, True]), ([0, 1], [0.0, 0]), ([0, [1]], [0, 0]), ([0, "1"], [0, 0]), ([0, 1 << 62], [0, 0]),
    ([0, -(1 << 62)], [0, 0]), ("00", [0, 0]), ([0, 0], [0, -1]), ([0, 0], [0, 1 << 63]), ([0, 0], {"a": 1}),
])
def test_a_version_list_with_anything_but_numbers_in_range_is_refused(deltas, positions):
    for first in (False, True):
        with pytest.raises(Exception) as ei:
            ChangeSet.from_bytes(_one_person_wire(deltas, positions, first))
        assert getattr(ei.value, "code", "") == "bad_changeset"


def _sane_field_by_field(values, base, deltas, dpos, ndev) -> bool:
    """The version rule of a change-set row, one field at a time (what the shared shapes must agree with)."""
    for v, dt, dv in zip(values, deltas, dpos):
        if dt is None:
            if dv is not None or v is not None:
                return False
        elif dv is None or dv >= ndev or not 0 < base + dt < C.MAX_STAMP:
            return False
    return True



@settings(max_examples=400, deadline=None)
@given(rows=st.lists(st.tuples(st.lists(st.one_of(st.none(), st.just(0), st.just("x")), min_size=3, max_size=3),
                               st.sampled_from([1, 2, C.MAX_STAMP - 2]),
                               st.lists(st.one_of(st.none(), st.integers(-3, 3)), min_size=3, max_size=3),
                               st.lists(st.one_of(st.none(), st.integers(0, 2)), min_size=3, max_size=3)),
                     min_size=1, max_size=6))
def test_version_checks_shared_per_list_pair_agree_with_the_field_by_field_rule(rows):
    ndev = 2
    wire = [[f"r{i}", values, base, deltas, dpos, None] for i, (values, base, deltas, dpos) in enumerate(rows)]
    expected = all(_sane_field_by_field(v, b, d, p, ndev) for _, v, b, d, p, _ in wire)
    data = json.dumps({"format": C.FORMAT, "id": "cs1", "sender": "d1", "devices": ["d1", "d2"],
                       "tables": {"persons": {"fields": ["name", "phone", "notes"], "rows": wire}}}).encode()
    try:
        ChangeSet.from_bytes(data)
        accepted = True
    except Exception as e:   # noqa: BLE001 - the code says why
        assert getattr(e, "code", "") == "bad_changeset"
        accepted = False
    assert accepted == expected


def test_quarantined_versions_merge_by_the_rule_once_their_time_has_come(make_db, clock):
    a, b = make_db(), make_db()
    _, p = seed(a)
    apply_changeset(b, wire(select_changes(a)))
    clock["now"] += 3 * 86400_000          # a's clock runs three days fast
    with writing(a) as w:
        w.update("persons", p, {"phone": "13800000009"})
    clock["now"] -= 3 * 86400_000
    rep = apply_changeset(b, wire(select_changes(a)))
    assert rep.quarantined == 1
    assert release_quarantine(b) == 0       # not yet
    clock["now"] += 3 * 86400_000
    assert release_quarantine(b) == 1
    assert b.execute("SELECT phone FROM persons WHERE id = ?", [p]).fetchone()[0] == "13800000009"
    assert b.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 0
    assert canonical_dump(a) == canonical_dump(b)


def test_a_failing_bundle_in_a_run_rolls_back_alone_with_its_error(make_db, clock, monkeypatch):
    import gridkeeper.sync.merge_rule as rule

    a, b, town = make_db(), make_db(), make_db("township")
    seed(a)
    with writing(b) as w:
        w.create("areas", {"level": "grid", "name": "第四网格"}, rid="0190aaaa-0000-7000-8000-000000000002")
    good, bad = wire(select_changes(a)), wire(select_changes(b))
    real = rule._merge_record

    def exploding(ctx, tname, *args):
        if ctx.cs.sender == bad.sender:
            raise OverflowError("Python int too large to convert to SQLite INTEGER")
        return real(ctx, tname, *args)

    monkeypatch.setattr(rule, "_merge_record", exploding)
    # make b's records take the slow path, where the injected failure sits
    apply_changeset(town, wire(select_changes(b)))
    clock["now"] += 1000
    with writing(b) as w:
        w.update("areas", "0190aaaa-0000-7000-8000-000000000002", {"name": "第五网格"})
    bad = wire(select_changes(b))
    before = canonical_dump(town)
    errors = []
    with merge_run(town) as run:
        for cs in (bad, good):
            try:
                apply_changeset(town, cs)
            except OverflowError as e:
                errors.append(str(e))
            run.bundle_done()
    assert errors == ["Python int too large to convert to SQLite INTEGER"]
    assert town.execute("SELECT count(*) FROM bundles_applied WHERE bundle_id = ?", [bad.id]).fetchone()[0] == 0
    assert town.execute("SELECT count(*) FROM bundles_applied WHERE bundle_id = ?", [good.id]).fetchone()[0] == 1
    assert canonical_dump(town) != before
    assert town.execute("SELECT name FROM areas WHERE id = ?", ["0190aaaa-0000-7000-8000-000000000002"]
                        ).fetchone()[0] == "第四网格"


def _resent(cs: ChangeSet, change) -> ChangeSet:
    """``cs`` sent again under a new id, its persons row changed by ``change(row, cs)``."""
    d = json.loads(cs.to_bytes())
    d["id"] += "-again"
    for row in d["tables"]["persons"]["rows"]:
        change(row, d)
    return ChangeSet.from_dict(d)


def _other_writer(row, d):   # the same stamps and values, written by another device
    d["devices"].append("0190ffff-0000-7000-8000-00000000000f")
    row[4] = [None if p is None else len(d["devices"]) - 1 for p in row[4]]


def _higher_seen(row, d):    # the same versions, a writer that had seen more
    row[5] = {"name": row[2] + max(t for t in row[3] if t is not None) + 50}


def _future(row, d):         # the same versions ... whose stamps are now beyond the clock limit
    pass


def _other_value(row, d):    # the same stamp and writer, another value (a forged or corrupted copy)
    row[1][row[1].index("张三")] = "张四"


@pytest.mark.parametrize("change", [None, _other_writer, _higher_seen, _future, _other_value])
def test_a_resent_record_takes_the_quick_path_only_when_the_slow_path_would_change_nothing(make_db, clock, change):
    """``merge_rule._Echoes``: a record re-sent exactly as stored is counted unchanged without being
    merged field by field; anything else about it (writer, seen mark, stamps beyond the clock limit,
    value) goes the slow way. Both receivers must end with the same reports and the same state."""
    from tests.test_merge_properties import merge_both_ways

    a = make_db(filename="a.db")
    seed(a)
    with writing(a) as w:   # a second write: the person's fields have two stamps
        w.update("persons", a.execute("SELECT id FROM persons").fetchone()[0], {"work": "务农"})
    first = wire(select_changes(a))
    fast, slow = make_db(filename="fast.db"), make_db(filename="slow.db")
    assert merge_both_ways(fast, slow, [first]) == 0   # all new: the batched path
    if change is _future:
        clock["now"] -= 3 * 86400_000   # the receivers' clocks go back: the stored stamps are "future"
    again = _resent(first, change or (lambda row, d: None))
    echoes = merge_both_ways(fast, slow, [again])
    # the area and the household are re-sent as they are; nothing is an echo with the clock gone back
    assert echoes == {None: 3, _future: 0}.get(change, 2)
    assert (canonical_dump(fast), version_dump(fast)) == (canonical_dump(slow), version_dump(slow))


def _schema(db) -> set:
    return set(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())


def test_a_bulk_merge_into_empty_tables_builds_their_indexes_afterwards_with_the_same_schema(make_db, clock,
                                                                                            monkeypatch):
    """``merge_new_records._indexes_built_after``: a big first batch into an empty table drops its
    non-unique indexes and creates them again after the insert, from their own SQL: the schema, the
    data and the versions come out as the record-by-record growth makes them."""
    import gridkeeper.sync.merge_new_records as N

    a = make_db(filename="a.db")
    seed(a)
    with writing(a) as w:
        for i in range(30):
            w.create("persons", {"area_id": AREA, "name": f"李{i}", "id_number": None})
    cs = wire(select_changes(a))
    grown, built = make_db(filename="grown.db"), make_db(filename="built.db")
    schema = _schema(grown)
    apply_changeset(grown, cs)
    dropped = []
    real = N._indexes_built_after

    def watching(db, tname, n):
        dropped.append((tname, n))
        return real(db, tname, n)

    monkeypatch.setattr(N, "BUILD_INDEXES_AFTER", 2)
    monkeypatch.setattr(N, "_indexes_built_after", watching)
    apply_changeset(built, cs)
    assert ("persons", 31) in dropped
    assert _schema(built) == _schema(grown) == schema
    assert (canonical_dump(built), version_dump(built)) == (canonical_dump(grown), version_dump(grown))
    plan = " ".join(str(r) for r in built.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM persons WHERE household_id = ?", ["x"]).fetchall())
    assert "persons_household" in plan   # the re-created index is there and used


def test_a_bulk_merge_that_fails_after_dropping_the_indexes_leaves_them_in_place(make_db, clock, monkeypatch):
    import gridkeeper.sync.merge_new_records as N

    a = make_db(filename="a.db")
    seed(a)
    cs = wire(select_changes(a))
    b = make_db(filename="b.db")
    schema = _schema(b)
    monkeypatch.setattr(N, "BUILD_INDEXES_AFTER", 1)

    def failing(fields, rows):
        raise RuntimeError("disk full")
        yield

    monkeypatch.setattr(N, "_value_rows", failing)
    with pytest.raises(RuntimeError):
        apply_changeset(b, cs)
    assert _schema(b) == schema
    assert b.execute("SELECT count(*) FROM persons").fetchone()[0] == 0
