"""The floating-population and volunteer-points ledgers, printed and read back with poppler."""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import pytest

from gridkeeper.ledgers.masking import mask_id
from gridkeeper.ledgers.service import print_ledger
from gridkeeper.store import floating as FL, points as PT
from gridkeeper.store.ledger_rows_people import floating_rows, points_rows
from gridkeeper.store.records import create_record
from tests.test_ledger_service import flat, pdf_pages

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

TODAY = date.today()
MONTH = f"{TODAY:%Y-%m}"
FIRST = TODAY.replace(day=1)
LAST_MONTH = f"{FIRST - timedelta(days=1):%Y-%m}"


@pytest.fixture
def grid(worker_db):
    db = worker_db
    town = create_record(db, "areas", {"level": "township", "name": "下花园镇"})
    village = create_record(db, "areas", {"level": "village", "name": "东山村", "parent_id": town})
    grid = create_record(db, "areas", {"level": "grid", "name": "第三网格", "parent_id": village})
    hh = create_record(db, "households", {"area_id": grid, "number": "030017", "address": "东山村3组17号"})
    come = create_record(db, "persons", {"household_id": hh, "name": "赵建国", "id_number": "110101199003077774"})
    go = create_record(db, "persons", {"household_id": hh, "name": "孙小五", "id_number": "110101199501010011"})
    return db, grid, come, go


def test_floating_ledger_lists_residents_and_the_months_moves(grid, tmp_path):
    db, area, come, go = grid
    FL.record_arrival(db, go, FIRST - timedelta(days=90), origin="山东省菏泽市", reason="work")
    FL.record_arrival(db, come, FIRST, origin="河南省周口市", reason="work",
                      permit={"number": "豫A0001", "issued": FIRST, "expiry": (FIRST + timedelta(days=365))})
    FL.record_departure(db, go, FIRST, destination="北京市")
    rows = floating_rows(db, MONTH, area)
    assert [(r["name"], r["change"]) for r in rows] == [("孙小五", f"离 {FIRST:%m-%d} → 北京市"),
                                                        ("赵建国", f"来 {FIRST:%m-%d}")]
    out = tmp_path / "floating.pdf"
    res = print_ledger(db, kind="floating", month=MONTH, area_id=area, out=out)
    text = flat(out)
    assert res["rows"] == 2 and pdf_pages(out) == 1
    for piece in ("流动人口登记台账", "赵建国", "河南省周口市", "豫A0001", "务工", "第1页共1页", "网格员签字",
                  mask_id("110101199003077774")):
        assert piece in text, piece
    assert "110101199003077774" not in text
    # last month: only the one who had arrived by then, with no move in that month
    assert [r["name"] for r in floating_rows(db, LAST_MONTH, area)] == ["孙小五"]


def test_points_ledger_with_balances_and_an_overdraft_marked(grid, tmp_path):
    db, area, come, go = grid
    PT.record_service(db, {"volunteer_id": come, "date": FIRST - timedelta(days=3), "activity": "清扫", "minutes": 60})
    PT.record_service(db, {"volunteer_id": come, "date": FIRST, "activity": "换路灯", "minutes": 90})
    PT.record_redemption(db, {"volunteer_id": come, "date": FIRST, "goods": "食用油", "points": 20})
    rows = points_rows(db, MONTH, area)
    assert [(r["kind"], r["earned"], r["spent"], r["balance"]) for r in rows] == [
        ("服务", "15", "", "25"), ("兑换", "", "20", "5"), ("结余", "15", "20", "5")]
    out = tmp_path / "points.pdf"
    print_ledger(db, kind="points", month=MONTH, area_id=area, out=out)
    text = flat(out)
    for piece in ("志愿服务积分台账", "赵建国", "换路灯", "1.5", "爱心超市：食用油", "本月合计", "第1页共1页"):
        assert piece in text, piece
    # a merged overdraft (written here past the local check, as two laptops' merge would) is printed, not hidden
    from gridkeeper.store.changes import writing

    with writing(db) as w:
        w.create("point_redemptions", {"area_id": area, "volunteer_id": come, "date": FIRST.isoformat(),
                                       "shop": "爱心超市", "goods": "大米", "points": 40, "deleted": 0})
    assert points_rows(db, MONTH, area)[-1]["balance"] == "-35（透支待核对）"


def test_empty_months_print_their_line(grid, tmp_path):
    db, area, *_ = grid
    for kind in ("floating", "points"):
        out = tmp_path / f"{kind}.pdf"
        res = print_ledger(db, kind=kind, month=MONTH, area_id=area, out=out)
        assert res["rows"] == 0 and "本月无" in flat(out)


def test_cli_prints_both_kinds(grid, tmp_path):
    from tests.test_sync_e2e import gk

    db, area, *_ = grid
    path = db.execute("PRAGMA database_list").fetchone()[2]
    for kind in ("floating", "points"):
        res = gk("ledger", "--db", path, "--kind", kind, "--month", MONTH, "--area", area,
                 "--out", tmp_path / f"{kind}.pdf", "--json")
        assert res["kind"] == kind and res["pages"] == 1
