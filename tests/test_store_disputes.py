"""Dispute life cycle, parties, steps, follow-up and timeline (store.disputes)."""

from datetime import date

import pytest

from gridkeeper.domain.errors import GridkeeperError, ValidationError
from gridkeeper.domain.messages import Message
from gridkeeper.store import disputes as D
from gridkeeper.store.records import create_record, get_record, undo_changes

TODAY = date(2026, 11, 27)


@pytest.fixture
def dispute(worker_db):
    db = worker_db
    g = create_record(db, "areas", {"level": "township", "name": "下花园镇"})
    did = create_record(db, "disputes", {"area_id": g, "received": "2026-11-01", "source": "reported",
                                         "category": "neighbour", "summary": "排水沟纠纷", "status": "received"},
                        today=TODAY)
    return db, did


def test_full_life_cycle(dispute):
    db, did = dispute
    D.add_party(db, did, {"name": "李四", "role": "applicant", "phone": "13812345678"})
    D.add_party(db, did, {"name": "王五", "role": "respondent"})
    changes = D.add_step(db, did, {"date": "2026-11-03", "content": "第一次调解", "mediator": "调委会"}, today=TODAY)
    assert get_record(db, "disputes", did)["status"] == "mediating" and len(changes) == 2
    D.add_step(db, did, {"date": "2026-11-10", "content": "第二次调解", "result": "达成协议"}, today=TODAY)
    with pytest.raises(ValidationError) as e:
        D.change_status(db, did, "resolved", today=TODAY)
    assert {p.field for p in e.value.problems} == {"agreement", "closed"}
    D.change_status(db, did, "resolved", agreement="疏通水沟，费用平摊", closed="2026-11-10", today=TODAY)
    assert D.propose_followup_date("2026-11-10") == "2026-12-10"
    D.schedule_followup(db, did)
    assert get_record(db, "disputes", did)["followup_date"] == "2026-12-10"
    D.record_followup(db, did, "协议已履行", followup_date="2026-11-26", satisfaction="satisfied", today=TODAY)
    kinds = [e["kind"] for e in D.timeline(db, did)]
    assert kinds == ["received", "step", "step", "closed", "followup"]
    assert [p["name"] for p in D.parties(db, did)] == ["李四", "王五"]
    assert D.status_counts(db) == {"resolved": 1}


def test_timeline_events_are_messages_rendered_in_either_language(dispute):
    db, did = dispute
    D.add_step(db, did, {"date": "2026-11-03", "content": "电话联系"}, today=TODAY)
    D.add_step(db, did, {"date": "2026-11-04", "content": "当面调解", "mediator": "调委会", "result": "达成协议"},
               today=TODAY)
    D.change_status(db, did, "resolved", agreement="疏通水沟", closed="2026-11-10", today=TODAY)
    D.schedule_followup(db, did)
    events = D.timeline(db, did)
    assert all(isinstance(e["text"], Message) for e in events)
    assert [e["text"].zh for e in events] == ["受理：排水沟纠纷", "调解：电话联系", "调解：调委会：当面调解（达成协议）",
                                              "调解成功：疏通水沟", "待回访"]
    assert [e["text"].en for e in events] == ["received: 排水沟纠纷", "mediation: 电话联系",
                                              "mediation: 调委会：当面调解 (达成协议)", "resolved: 疏通水沟",
                                              "follow-up due"]
    D.record_followup(db, did, "协议已履行", followup_date="2026-12-10", today=TODAY)
    last = D.timeline(db, did)[-1]
    assert (last["kind"], last["text"].zh, last["text"].en) == ("followup", "回访：协议已履行", "follow-up: 协议已履行")


def test_illegal_transitions_refused(dispute):
    db, did = dispute
    with pytest.raises(GridkeeperError) as e:
        D.change_status(db, did, "resolved", agreement="x", closed="2026-11-02", today=TODAY)
    assert e.value.code == "bad_transition"
    with pytest.raises(GridkeeperError):
        D.schedule_followup(db, did)
    with pytest.raises(GridkeeperError):
        D.change_status(db, did, "nonsense")
    assert get_record(db, "disputes", did)["status"] == "received"
    assert D.allowed_next("resolved") == ()


def test_closing_before_received_and_step_undo(dispute):
    db, did = dispute
    D.change_status(db, did, "mediating", today=TODAY)
    with pytest.raises(ValidationError):
        D.change_status(db, did, "failed", agreement="未达成", closed="2026-10-01", today=TODAY)
    changes = D.add_step(db, did, {"date": "2026-11-05", "content": "电话联系"}, today=TODAY)
    assert len(changes) == 1
    undo_changes(db, changes)
    assert D.steps(db, did) == []
    with pytest.raises(ValidationError):
        D.add_step(db, did, {"date": "2026-11-05"}, today=TODAY)   # no content
    D.change_status(db, did, "failed", agreement="未达成", closed="2026-11-20", today=TODAY)
    D.change_status(db, did, "mediating", today=TODAY)
    assert get_record(db, "disputes", did)["closed"] is None


def test_timeline_events_are_messages_in_either_language(dispute):
    db, did = dispute
    D.add_step(db, did, {"date": "2026-11-03", "content": "第一次调解", "mediator": "调委会"}, today=TODAY)
    D.add_step(db, did, {"date": "2026-11-10", "content": "第二次调解", "result": "达成协议"}, today=TODAY)
    D.change_status(db, did, "resolved", agreement="费用平摊", closed="2026-11-10", today=TODAY)
    D.schedule_followup(db, did)
    events = D.timeline(db, did)
    assert [e["text"].render("zh") for e in events] == [
        "受理：排水沟纠纷", "调解：调委会：第一次调解", "调解：第二次调解（达成协议）", "调解成功：费用平摊", "待回访"]
    assert [e["text"].render("en") for e in events] == [
        "received: 排水沟纠纷", "mediation: 调委会：第一次调解", "mediation: 第二次调解 (达成协议)",
        "resolved: 费用平摊", "follow-up due"]
    D.record_followup(db, did, "协议已履行", followup_date="2026-11-26", satisfaction="satisfied", today=TODAY)
    last = D.timeline(db, did)[-1]
    assert last["kind"] == "followup" and last["text"].render("en") == "follow-up: 协议已履行"
