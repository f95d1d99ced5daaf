"""The township's services: area tree, tree import, retiring a grid, overview, return bundles."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.store import records as R
from gridkeeper.spreadsheets.area_tree import import_area_tree
from gridkeeper.store import township as T
from gridkeeper.store.check import check_database


@pytest.fixture
def town(make_db):
    return make_db("township", "下花园镇网格中心")


def test_build_an_area_tree(town):
    root = T.add_area(town, parent_id=None, level="township", name="下花园镇")
    v = T.add_area(town, parent_id=root, level="村", name="东山村")
    g = T.add_area(town, parent_id=v, level="grid", name="第三网格", worker_name="王秀英", worker_phone="13800138000")
    T.add_area(town, parent_id=g, level="micro_grid", name="第一微网格")
    T.add_area(town, parent_id=v, level="unit_grid", name="东山小学")
    with pytest.raises(GridkeeperError, match="不能放在"):
        T.add_area(town, parent_id=g, level="village", name="错层")
    with pytest.raises(GridkeeperError, match="已有"):
        T.add_area(town, parent_id=v, level="grid", name="第三网格")
    T.rename_area(town, g, "第三网格（东）", worker_phone="13900139000")
    assert R.get_record(town, "areas", g)["worker_phone"] == "13900139000"
    v2 = T.add_area(town, parent_id=root, level="community", name="新华社区")
    T.move_area(town, g, v2)
    assert R.get_record(town, "areas", g)["parent_id"] == v2
    with pytest.raises(GridkeeperError):
        T.move_area(town, v, g)


def test_retiring_a_grid_moves_its_records(town):
    root = T.add_area(town, parent_id=None, level="township", name="下花园镇")
    v = T.add_area(town, parent_id=root, level="village", name="东山村")
    old = T.add_area(town, parent_id=v, level="grid", name="第三网格")
    micro = T.add_area(town, parent_id=old, level="micro_grid", name="微网格")
    new = T.add_area(town, parent_id=v, level="grid", name="第四网格")
    hh = R.create_record(town, "households", {"area_id": micro, "number": "1", "address": "东山村3组1号"})
    pid = R.create_record(town, "persons", {"household_id": hh, "name": "张三"})
    with pytest.raises(GridkeeperError, match="还有 2 条记录"):
        T.retire_area(town, old, move_to=None)
    with pytest.raises(GridkeeperError):
        T.retire_area(town, old, move_to=micro)
    moved = T.retire_area(town, old, move_to=new)
    assert moved == {"households": 1, "persons": 1}
    assert R.get_record(town, "persons", pid)["area_id"] == new
    assert R.get_record(town, "areas", old)["retired"] == 1 and R.get_record(town, "areas", micro)["retired"] == 1
    assert check_database(town).ok


def test_import_the_tree_from_a_sheet(town, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["下花园镇网格划分表"])
    ws.append(["村/社区", "网格", "网格员", "电话"])
    ws.append(["东山村", "第一网格", "王秀英", "13800138000"])
    ws.append(["东山村", "第二网格", "李桂芳", "13800138001"])
    ws.append(["新华社区", "第一网格", "赵敏", "0313-1234567"])
    f = tmp_path / "tree.xlsx"
    wb.save(f)
    res = import_area_tree(town, f, township_name="下花园镇")
    assert (res.villages_created, res.grids_created, res.problems) == (2, 3, [])
    assert R.count_records(town, "areas") == 1 + 2 + 3
    again = import_area_tree(town, f)
    assert (again.villages_created, again.grids_created, again.grids_updated) == (0, 0, 0)
    ws.append(["东山村", "第三网格", "坏电话", "123"])
    ws.append(["", "第四网格", "", ""])
    wb.save(f)
    before = R.count_records(town, "areas")
    bad = import_area_tree(town, f)
    assert [r for r, _ in bad.problems] == [6, 7]
    assert R.count_records(town, "areas") == before  # nothing written


def test_overview_counts_match_the_store(make_db):
    from gridkeeper.store.demo import build_demo

    db = make_db("township", "乡镇")
    build_demo(db, scale="township", seed=5, villages=2)
    rows = T.overview(db)
    tot = T.overview_totals(rows)
    assert tot["households"] == db.execute("SELECT count(*) FROM households WHERE deleted = 0").fetchone()[0]
    assert tot["floating"] == db.execute("SELECT count(*) FROM persons WHERE deleted = 0 AND residence_kind = "
                                         "'floating' AND coalesce(status,'present') NOT IN ('moved_out','deceased')"
                                         ).fetchone()[0]
    month = f"{date.today():%Y-%m}"
    assert tot["visits_month"] == db.execute("SELECT count(*) FROM visits WHERE deleted = 0 AND substr(date,1,7) = ?",
                                             [month]).fetchone()[0]
    assert sum(tot["disputes_by_status"].values()) == db.execute("SELECT count(*) FROM disputes").fetchone()[0]
    assert tot["grids_silent"] == tot["grids"]  # nobody has sent anything yet


def test_return_bundles_for_every_worker(tmp_path):
    from gridkeeper.store.db import open_db
    from gridkeeper.sync.service import export_return_bundles
    from tests.test_sync_e2e import Township

    t = Township(tmp_path, workers=3)
    db = open_db(t.town)
    out = export_return_bundles(db, tmp_path / "returns")
    assert len(out) == 3 and len({r.path for r in out}) == 3
    assert all(p.endswith(".gkb") for p in (r.path for r in out))
    assert sorted(r.recipient for r in out) == sorted(t.device_id(w) for w in t.workers)


def test_areas_from_the_command_line(tmp_path, monkeypatch):
    from tests.test_sync_e2e import gk

    monkeypatch.setenv("GRIDKEEPER_PASSPHRASE", "乡镇口令 2026")
    db = tmp_path / "t.db"
    gk("init", "--db", db, "--role", "township", "--name", "乡镇")
    root = gk("areas", "add", "--db", db, "--level", "township", "--name", "下花园镇", "--json")["id"]
    v = gk("areas", "add", "--db", db, "--parent", root, "--level", "village", "--name", "东山村", "--json")["id"]
    g = gk("areas", "add", "--db", db, "--parent", v, "--level", "grid", "--name", "第三网格", "--json")["id"]
    listed = gk("areas", "list", "--db", db, "--json")
    assert [a["path"] for a in listed] == ["下花园镇", "下花园镇 / 东山村", "下花园镇 / 东山村 / 第三网格"]
    assert listed[-1]["id"] == g
    err = gk("areas", "add", "--db", db, "--parent", g, "--level", "village", "--name", "错层", expect=1)
    assert "不能放在" in err
