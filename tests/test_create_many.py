"""Bulk creation (Writer.create_many, used by imports and the demo) writes exactly what creating the
records one by one writes: the same record rows and the same version rows (a stamp of its own per
record; version 0 by this device for every field that holds a value, nothing for NULL fields)."""

from __future__ import annotations

from gridkeeper.domain.ids import new_id
from gridkeeper.store.changes import writing

AREA_ROWS = [{"level": "township", "name": "镇"}]


def _rows(db, table: str, ids: list[str]) -> tuple[list, list]:
    marks = ",".join("?" * len(ids))
    records = db.execute(f"SELECT * FROM [{table}] WHERE id IN ({marks}) ORDER BY id", ids).fetchall()
    cur = db.execute(f"SELECT * FROM [{table}__ver] WHERE id IN ({marks}) ORDER BY id", ids)
    names = [d[0] for d in cur.description]
    versions = [dict(zip(names, v)) for v in cur.fetchall()]
    return records, versions


def _without_ids_and_stamps(records, versions):
    return ([r[1:] for r in records],
            [{k: v for k, v in ver.items() if k not in ("id", "_seq", "_base")} for ver in versions])


def test_bulk_creation_writes_what_single_creation_writes(worker_db):
    with writing(worker_db) as w:
        area = w.create("areas", {"level": "grid", "name": "一网格"})
    samples = {
        "persons": [{"area_id": area, "name": "王一", "gender": "male", "id_number": "11010519491231002X",
                     "notes": ""},
                    {"area_id": area, "name": "李二", "phone": "13800000000", "deleted": 1},
                    {"area_id": area, "name": "𠮷", "arrival_date": "2020-01-01", "origin": "河北"}],
        "households": [{"area_id": area, "number": "0301"}, {"area_id": area, "number": "0302", "address": "x"}],
        "care_subjects": [{"area_id": area, "person_id": new_id(), "categories": '["disabled"]',
                           "visit_interval": 30}],
    }
    for table, rows in samples.items():
        one_ids, many_ids = [new_id() for _ in rows], [new_id() for _ in rows]
        with writing(worker_db) as w:
            for rid, values in zip(one_ids, rows):
                w.create(table, values, rid)
        with writing(worker_db) as w:
            assert w.create_many(table, [dict(values, id=rid) for rid, values in zip(many_ids, rows)]) == many_ids
        one, many = _rows(worker_db, table, one_ids), _rows(worker_db, table, many_ids)
        assert _without_ids_and_stamps(*many) == _without_ids_and_stamps(*one), table
        stamps = [v["_seq"] for v in many[1]]
        assert all(v["_seq"] == v["_base"] for v in many[1])
        assert stamps == sorted(set(stamps)) and stamps[0] > max(v["_seq"] for v in one[1])


def test_bulk_creation_makes_ids_and_a_version_row_each(worker_db):
    with writing(worker_db) as w:
        ids = w.create_many("areas", [{"level": "township", "name": "镇"}, {"level": "township", "name": "乡"}])
    assert len(set(ids)) == 2
    assert worker_db.execute("SELECT count(*) FROM areas__ver WHERE id IN (?, ?)", ids).fetchone()[0] == 2
