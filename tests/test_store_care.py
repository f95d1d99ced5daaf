"""Due/overdue visits of care subjects and recording a visit (store.care)."""

from datetime import date, timedelta

import pytest

from gridkeeper.domain.errors import GridkeeperError, ValidationError
from gridkeeper.store import care as C
from gridkeeper.store.records import create_record, get_record, update_record

TODAY = date(2026, 11, 27)


@pytest.fixture
def grid(worker_db):
    db = worker_db
    t = create_record(db, "areas", {"level": "township", "name": "下花园镇"})
    v = create_record(db, "areas", {"level": "village", "name": "东山村", "parent_id": t})
    g = create_record(db, "areas", {"level": "grid", "name": "第三网格", "parent_id": v, "worker_name": "王秀英"})
    hh = create_record(db, "households", {"area_id": g, "number": "030001"})
    p = create_record(db, "persons", {"household_id": hh, "name": "张桂兰", "relation": "head"})
    return db, g, hh, p


def test_interval_defaults():
    assert C.interval_of({"visit_interval": 10, "level": "high"}) == 10
    assert C.interval_of({"level": "high"}) == 30          # 重点: monthly, as in the journeys
    assert C.interval_of({"level": None}) == C.FALLBACK_INTERVAL


def test_one_table_of_level_defaults_the_township_can_change(grid):
    db, g, hh, p = grid
    assert C.care_intervals(db) == {"high": 30, "medium": 60, "low": 90}
    cid = C.mark_care_subject(db, p, ["elderly_alone"], level="high", since="2026-01-05", today=TODAY)
    C.record_visit(db, cid, date="2026-01-10", today=TODAY)
    assert [r.next_due for r in C.due_list(db, today=TODAY)] == ["2026-02-09"]
    assert C.set_care_intervals(db, {"high": 14}) == {"high": 14, "medium": 60, "low": 90}
    assert [r.next_due for r in C.due_list(db, today=TODAY)] == ["2026-01-24"]
    from gridkeeper.store.ledger_rows import care_rows

    assert [r["next_due"] for r in care_rows(db, "2026-01", None, today=TODAY)] == ["2026-01-24"]
    for bad in ({"high": 0}, {"high": "两周"}, {"urgent": 3}, {"low": 400}):
        with pytest.raises(GridkeeperError):
            C.set_care_intervals(db, bad)
    assert C.care_intervals(db)["high"] == 14


def test_mark_record_visit_and_due_list_moves(grid):
    db, g, hh, p = grid
    cid = C.mark_care_subject(db, p, ["elderly_alone"], level="medium", since="2026-01-05", today=TODAY)
    with pytest.raises(GridkeeperError):
        C.mark_care_subject(db, p, ["disabled"], today=TODAY)
    [row] = C.due_list(db, area_id=g, today=TODAY)
    assert row.last_visit is None and row.overdue and row.next_due == "2026-01-05"
    vid = C.record_visit(db, cid, date="2026-11-20", findings="身体良好", today=TODAY)
    v = get_record(db, "visits", vid)
    assert v["next_due"] == "2027-01-19" and v["visitor"] == "王秀英"      # 一般: every 60 days
    assert v["person_id"] == p and v["household_id"] == hh and v["area_id"] == g
    [row] = C.due_list(db, today=TODAY)
    assert row.last_visit == "2026-11-20" and not row.overdue and row.days_left == 53
    assert C.due_list(db, today=TODAY, only_due=True) == []
    assert C.due_list(db, today=TODAY, category="left_behind_child") == []
    assert len(C.due_list(db, today=TODAY, category="elderly_alone")) == 1
    assert C.due_counts(db, today=TODAY) == {"overdue": 0, "due_soon": 0, "total": 1}


def test_bad_visit_saves_nothing(grid):
    db, g, hh, p = grid
    cid = C.mark_care_subject(db, p, ["disabled"], level="high", today=TODAY)
    with pytest.raises(ValidationError):
        C.record_visit(db, cid, date="2027-01-01", today=TODAY)      # in the future
    with pytest.raises(ValidationError):
        C.record_visit(db, cid, date="2026-13-01", today=TODAY)
    assert db.execute("SELECT count(*) FROM visits").fetchone()[0] == 0


def test_ended_or_deceased_subjects_leave_the_list(grid):
    db, g, hh, p = grid
    cid = C.mark_care_subject(db, p, ["disabled"], level="low", since="2026-01-01", today=TODAY)
    assert len(C.due_list(db, today=TODAY)) == 1
    update_record(db, "persons", p, {"status": "deceased"})
    assert C.due_list(db, today=TODAY) == []
    update_record(db, "persons", p, {"status": "present"})
    update_record(db, "care_subjects", cid, {"until": (TODAY - timedelta(days=1)).isoformat()})
    assert C.due_list(db, today=TODAY) == []


def test_demo_due_list_sorted_most_urgent_first(grid_demo_db):
    rows = C.due_list(grid_demo_db)
    assert rows and [r.next_due for r in rows] == sorted(r.next_due for r in rows)
    assert any(r.overdue for r in rows) or any(r.days_left >= 0 for r in rows)
