"""Schema 4 (packed version rows): a township database of schema 3 with real versions, conflicts,
quarantine and deleted records upgrades in place, then merges, exports and dumps exactly as a
database that was always of schema 4."""

from __future__ import annotations

import json

from gridkeeper.domain.records import TABLE_ORDER, TABLES
from gridkeeper.store import versions
from gridkeeper.store.changes import writing
from gridkeeper.store.check import check_database
from gridkeeper.store.db import open_db, schema_version
from gridkeeper.store.dump import canonical_dump, version_dump
from gridkeeper.store.restore import _objects, expected_objects
from gridkeeper.sync.changeset import ChangeSet, select_changes
from gridkeeper.sync.merge import apply_changeset, release_quarantine

from tests.conftest import copy_db, raw_db
from tests.legacy_schema import as_old_schema

AREA = "0190aaaa-0000-7000-8000-000000000001"
DAY = 24 * 3600_000


def wire(cs: ChangeSet) -> ChangeSet:
    return ChangeSet.from_bytes(cs.to_bytes())


def _workers(make_db, clock):
    """Two laptops with concurrent edits, a delete, and a record written by both."""
    a, b = make_db(filename="a.db"), make_db(filename="b.db")
    with writing(a) as w:
        w.create("areas", {"level": "grid", "name": "第三网格"}, rid=AREA)
        hh = w.create("households", {"area_id": AREA, "number": "010001"})
        p = w.create("persons", {"area_id": AREA, "name": "张三", "household_id": hh, "phone": "13800000000"})
        gone = w.create("persons", {"area_id": AREA, "name": "李四", "household_id": hh})
        v = w.create("visits", {"area_id": AREA, "person_id": p, "date": "2026-10-01", "method": "home"})
    apply_changeset(b, wire(select_changes(a)))
    clock["now"] += 1000
    with writing(a) as w:
        w.update("persons", p, {"phone": "13800000001"})
        w.delete("persons", gone)
    clock["now"] += 1000
    with writing(b) as w:   # concurrent with a's phone edit; b also writes another field of p
        w.update("persons", p, {"phone": "13900000001", "work": "务农"})
        w.delete("visits", v)   # first and last written field by different laptops
        w.create("houses", {"area_id": AREA, "street": "1组", "owner_name": "𠮷田"})
    return a, b, p


def _township(make_db, clock, a, b):
    t = make_db("township", filename="t.db")
    apply_changeset(t, wire(select_changes(a)))
    apply_changeset(t, wire(select_changes(b)))
    # a laptop whose clock runs two days fast: its versions wait in quarantine
    clock["now"] += 2 * DAY
    with writing(b) as w:
        w.create("persons", {"area_id": AREA, "name": "王五"})
    ahead = wire(select_changes(b))
    clock["now"] -= 2 * DAY
    apply_changeset(t, ahead)
    return t


def _state(db) -> dict:
    tables = {t: db.execute(f"SELECT * FROM [{t}__ver] ORDER BY id").fetchall() for t in TABLE_ORDER}
    return {"dump": canonical_dump(db), "versions": version_dump(db), "rows": tables,
            "quarantine": db.execute("SELECT * FROM quarantine ORDER BY id").fetchall(),
            "export": _export(db)}


def _export(db) -> str:
    cs = select_changes(db).to_dict()
    cs.pop("id"), cs.pop("issued")
    return json.dumps(cs, sort_keys=True, ensure_ascii=False)


def _assert_legacy_matches_export(path, export: dict) -> None:
    """The schema-3 file holds every exported version in its two columns a field (stamp - base, device)."""
    conn = raw_db(path)
    try:
        devices = dict(conn.execute("SELECT idx, device_id FROM devices"))
        n = 0
        for tname, tc in export["tables"].items():
            for rid, _values, base, deltas, dpos, _seen in tc["rows"]:
                for f, dt, dp in zip(tc["fields"], deltas, dpos):
                    t, d, b = conn.execute(f"SELECT [{f}__t], [{f}__d], _base FROM [{tname}__ver] WHERE id = ?",
                                           [rid]).fetchone()
                    assert (None if t is None else t + b) == (None if dt is None else base + dt), (tname, f)
                    assert devices.get(d) == (None if dp is None else export["devices"][dp]), (tname, f)
                    n += 1
        assert n > 50
    finally:
        conn.close()


def test_a_schema_3_township_upgrades_and_then_behaves_as_if_it_never_was_old(make_db, clock, tmp_path):
    a, b, p = _workers(make_db, clock)
    t = _township(make_db, clock, a, b)
    assert t.execute("SELECT count(*) FROM conflicts").fetchone()[0] == 1
    assert t.execute("SELECT count(*) FROM quarantine").fetchone()[0] > 0
    assert t.execute("SELECT count(*) FROM persons WHERE deleted = 1").fetchone()[0] == 1
    assert t.execute("SELECT count(*) FROM persons__ver WHERE _devs IS NOT NULL").fetchone()[0] == 1   # p: two writers
    assert t.execute("SELECT count(*) FROM visits__ver WHERE _devs IS NOT NULL").fetchone()[0] == 1
    before = _state(t)
    t.conn.close()
    old = copy_db(tmp_path / "t.db", tmp_path / "old.db")
    as_old_schema(old, 3)
    _assert_legacy_matches_export(old, json.loads(before["export"]))

    up = open_db(old)

    assert schema_version(up) == 4
    assert _objects(up.conn) == expected_objects(4)
    assert list((tmp_path / "old.db.backups").glob("*migration*"))
    assert not check_database(up).errors
    assert _state(up) == before        # byte for byte: the migration writes the canonical packed form
    # and both merge what comes next alike: a new conflict, an edit, the quarantine released
    t = open_db(tmp_path / "t.db")
    clock["now"] += 1000
    with writing(a) as w:
        w.update("persons", p, {"phone": "13800000002", "notes": "复查"})
    with writing(b) as w:
        w.update("persons", p, {"phone": "13900000002"})
    for db in (t, up):
        apply_changeset(db, wire(select_changes(a)))
        apply_changeset(db, wire(select_changes(b)))
    clock["now"] += 3 * DAY
    assert release_quarantine(t) == release_quarantine(up) > 0
    after = _state(t)
    assert after != before and after == _state(up)
    assert not check_database(up).errors


def test_the_packed_form_is_canonical(make_db, clock):
    """Same versions, same bytes (given the device numbering and base): the writer, the bulk merge
    and the record-by-record merge all store what :func:`versions.pack` makes (the migration too,
    see above)."""
    a, b, p = _workers(make_db, clock)
    t1, t2 = make_db("township"), make_db("township")
    apply_changeset(t1, wire(select_changes(a)))
    apply_changeset(t1, wire(select_changes(b)))
    apply_changeset(t2, wire(select_changes(b)))   # the other order: p merged field by field
    apply_changeset(t2, wire(select_changes(a)))
    assert version_dump(t1) == version_dump(t2)
    for db in (t1, t2):   # every stored row is what pack() makes of its own unpacked lists
        for tname in TABLES:
            for dev, vers, devs in db.execute(f"SELECT _dev, _vers, _devs FROM [{tname}__ver]"):
                assert versions.pack(*versions.unpack(dev, vers, devs)) == (dev, vers, devs)


def test_a_field_a_later_schema_adds_goes_at_the_end_of_the_lists(make_db, clock, monkeypatch):
    """``records_added_in`` keeps working past schema 4: old rows keep their positions and gain a null."""
    import dataclasses

    from gridkeeper.domain.records import F
    from gridkeeper.store import schema
    from gridkeeper.store.records import create_record, update_record

    db = make_db()
    area = create_record(db, "areas", dict(level="grid", name="第三网格"))
    pid = create_record(db, "persons", dict(area_id=area, name="张桂兰"))
    before = version_dump(db)
    persons = TABLES["persons"]
    later = dataclasses.replace(persons, fields=persons.fields[:-1] + (F("nickname", "text", "小名", "Nickname", since=5),
                                                                      persons.fields[-1]))
    monkeypatch.setitem(TABLES, "persons", later)
    versions.layout.cache_clear()
    try:
        for stmt in schema.records_added_in(5):
            db.execute(stmt)
        lay = versions.layout("persons")
        assert lay.fields[-2:] == ("deleted", "nickname")   # after every field of schema 4, whatever the registry order
        assert json.loads(db.execute("SELECT _vers FROM persons__ver").fetchone()[0])[-1] is None
        assert version_dump(db) == before                  # nothing else moved
        update_record(db, "persons", pid, dict(nickname="兰兰"))
        base, _, deltas, devices = versions.read_one(db, "persons", pid)
        assert deltas[-1] is not None and devices[-1] == devices[0]
        assert db.execute(f"SELECT x.nickname, {versions.written_sql('persons', 'nickname')} FROM persons x "
                          "JOIN persons__ver v USING (id)").fetchone() == ("兰兰", 1)
    finally:
        monkeypatch.undo()
        versions.layout.cache_clear()
