"""The requests and hazards ledgers: rows as of the month end, PDFs read back with pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from gridkeeper.ledgers.service import print_ledger
from gridkeeper.store import hazards as H
from gridkeeper.store import ledger_rows as L
from gridkeeper.store import requests as Q
from gridkeeper.store.records import create_record

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

TODAY = date(2026, 11, 27)
ID_NUMBER = "130706194503120017"


def flat(path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", out)


@pytest.fixture
def grid(worker_db):
    db = worker_db
    t = create_record(db, "areas", {"level": "township", "name": "下花园镇"})
    v = create_record(db, "areas", {"level": "village", "name": "东山村", "parent_id": t})
    g = create_record(db, "areas", {"level": "grid", "name": "第三网格", "parent_id": v})
    house = create_record(db, "houses", {"area_id": g, "street": "东山村3组", "building": "30号", "owner_name": "赵大山"})
    hh = create_record(db, "households", {"area_id": g, "house_id": house, "number": "0330"})
    person = create_record(db, "persons", {"household_id": hh, "name": "李大爷", "id_number": ID_NUMBER,
                                           "phone": "13812345678"}, today=TODAY)
    rid = Q.create_request(db, dict(Q.quick_entry_defaults(db, person_id=person, today=date(2026, 10, 20)),
                                    category="infrastructure", content="井边路灯坏了一周"), today=TODAY)
    Q.add_step(db, rid, {"date": "2026-10-20", "step": "routed", "content": "转村委会"},
               department="village_committee", today=TODAY)
    Q.add_step(db, rid, {"date": "2026-10-20", "step": "response", "content": "两名志愿者更换灯泡"},
               responders="张三、李四", today=TODAY)
    Q.add_step(db, rid, {"date": "2026-10-20", "step": "solved", "content": "路灯已修好"}, today=TODAY)
    Q.add_step(db, rid, {"date": "2026-11-02", "step": "feedback", "content": "很满意"}, satisfaction="satisfied",
               today=TODAY)
    hid = H.create_hazard(db, {"house_id": house, "found": "2026-11-03", "category": "fire", "severity": "major",
                               "description": "柴草堆放在电表下", "deadline": "2026-11-06", "responsible": "赵大山"},
                          today=TODAY)
    late = H.create_hazard(db, {"house_id": house, "found": "2026-11-10", "category": "building",
                                "severity": "serious", "description": "老房墙体开裂", "deadline": "2026-11-20"},
                           today=TODAY)
    H.add_step(db, hid, {"date": "2026-11-03", "step": "rectify", "content": "告知三日内移走"}, today=TODAY)
    H.add_step(db, hid, {"date": "2026-11-05", "step": "rectified", "content": "柴草已移走"}, today=TODAY)
    H.add_step(db, hid, {"date": "2026-11-06", "step": "recheck", "content": "复查合格"}, today=TODAY)
    H.add_step(db, hid, {"date": "2026-11-06", "step": "close", "content": "销号"}, today=TODAY)
    return db, dict(grid=g, request=rid, hazard=hid, late=late)


def test_request_rows_as_of_each_month_end(grid):
    db, ids = grid
    [oct_row] = L.ledger_rows(db, "requests", "2026-10", ids["grid"], today=TODAY)
    assert oct_row["resolved"] == "2026-10-20" and oct_row["closed"] == "" and oct_row["feedback"] == "（已解决，待反馈）"
    assert "两名志愿者更换灯泡" in oct_row["handled"] and oct_row["department"] == "村（居）委会"
    assert ID_NUMBER in oct_row["requester"] and oct_row["responders"] == "张三、李四"
    [nov_row] = L.ledger_rows(db, "requests", "2026-11", ids["grid"], today=TODAY)
    assert nov_row["feedback"] == "满意：很满意" and nov_row["closed"] == "2026-11-02"
    assert L.ledger_rows(db, "requests", "2026-09", ids["grid"], today=TODAY) == []
    assert L.ledger_rows(db, "requests", "2026-12", ids["grid"], today=date(2026, 12, 5)) == []   # closed in Nov


def test_hazard_rows_with_overdue_and_closing(grid):
    db, ids = grid
    rows = L.ledger_rows(db, "hazards", "2026-11", ids["grid"], today=TODAY)
    assert [r["description"] for r in rows] == ["柴草堆放在电表下", "老房墙体开裂"]
    done, late = rows
    assert done["outcome"] == "已销号 2026-11-06" and "复查合格" in done["recheck"] and not done["overdue"]
    assert late["overdue"] and late["location"] == "东山村3组30号"
    early = L.ledger_rows(db, "hazards", "2026-11", ids["grid"], today=date(2026, 11, 15))
    assert not early[1]["overdue"]          # the deadline had not passed yet


def test_requests_ledger_pdf(grid, tmp_path):
    db, ids = grid
    out = tmp_path / "requests.pdf"
    res = print_ledger(db, kind="requests", month="2026-10", area_id=ids["grid"], out=out, today=TODAY)
    assert res["rows"] == 1 and res["pages"] == 1
    text = flat(out)
    for s in ("民生诉求登记台账", "下花园镇", "东山村", "第三网格", "2026年10月", "李大爷", "130706********0017",
              "井边路灯坏了一周", "村（居）委会", "张三、李四", "路灯已修好", "第1页共1页", "网格员签字", "网格长签字"):
        assert s in text, s
    assert ID_NUMBER not in text
    full = tmp_path / "full.pdf"
    print_ledger(db, kind="requests", month="2026-10", area_id=ids["grid"], out=full, full_id=True, today=TODAY)
    assert ID_NUMBER in flat(full)


def test_hazards_ledger_pdf_and_an_empty_month(grid, tmp_path):
    db, ids = grid
    out = tmp_path / "hazards.pdf"
    print_ledger(db, kind="hazards", month="2026-11", area_id=ids["grid"], out=out, today=TODAY)
    text = flat(out)
    for s in ("问题隐患排查整改台账", "柴草堆放在电表下", "消防安全", "较大", "赵大山", "2026-11-06", "柴草已移走",
              "复查合格", "已销号", "逾期", "第1页共1页"):
        assert s in text, s
    empty = tmp_path / "empty.pdf"
    res = print_ledger(db, kind="hazards", month="2026-09", area_id=ids["grid"], out=empty, today=TODAY)
    assert res["rows"] == 0 and "本月无" in flat(empty)
    res = print_ledger(db, kind="requests", month="2026-09", area_id=ids["grid"], out=empty, today=TODAY)
    assert res["rows"] == 0 and "本月无" in flat(empty)
