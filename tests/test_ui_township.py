"""The township workspace through its real widgets (pytest-qt, offscreen).

Only QMessageBox and QFileDialog are patched; dialogs the workspace opens itself are driven with
``on_next_dialog``. Data is made the way staff and workers make it: the CLI-style ``Township``
helper of the end-to-end sync tests, and the demo builder.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox

from gridkeeper.domain import hlc
from gridkeeper.store import records as R
from gridkeeper.store import township as T
from gridkeeper.store.db import open_db
from gridkeeper.ui import settings as S
from gridkeeper.ui.testing import immediate_tasks, on_next_dialog, type_text
from tests.test_sync_e2e import Township, gk

pytestmark = pytest.mark.gui


@pytest.fixture
def app(qtbot, tmp_path):
    from gridkeeper.ui.app import make_app

    S.use_settings_file(tmp_path / "settings.ini")
    make_app()
    with immediate_tasks():
        yield
    S.use_settings_file(None)


@pytest.fixture
def boxes(monkeypatch):
    """Record every message box instead of showing it; ``question`` answers Yes."""
    seen = []

    def rec(kind, answer=None):
        def f(parent, title, text, *a, **k):
            seen.append((kind, title, text))
            return answer
        return f

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(rec("warning")))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(rec("information")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(rec("question", QMessageBox.StandardButton.Yes)))
    return seen


def make_ws(qtbot, path, **kw):
    from gridkeeper.ui.township import TownshipWorkspace

    ws = TownshipWorkspace(str(path), **kw)
    qtbot.addWidget(ws)
    ws.resize(1366, 768)
    ws.show()
    return ws


def fill_area(dlg, name, level=None, worker=None, phone=None):
    if level:
        dlg.level.setCurrentIndex(dlg.level.findData(level))
    dlg.name.clear()
    type_text(dlg.name, name)
    if worker:
        dlg.worker_name.clear()
        type_text(dlg.worker_name, worker)
    if phone is not None:
        dlg.worker_phone.setText(phone)
    dlg.accept()


def town_with(tmp_path, workers):
    (tmp_path / "t").mkdir(exist_ok=True)
    return Township(tmp_path / "t", workers=workers)


def statuses(ws):
    return [(r["name"], r["status"]) for r in ws.inbox.model.rows]


# -- area tree --------------------------------------------------------------------------------
def test_build_edit_move_retire_and_import_the_area_tree(qtbot, app, boxes, make_db, tmp_path):
    db = make_db("township", "下花园镇网格中心")
    ws = make_ws(qtbot, db.conn.execute("PRAGMA database_list").fetchone()[2])
    tab = ws.areas
    ws.setCurrentWidget(tab)
    assert tab.buttons["add"].isEnabled()           # an empty tree: the township can be added

    def add(parent_id, name, level=None, **kw):
        if parent_id:
            tab.select(parent_id)
        else:
            tab.tree.clearSelection()
            tab.tree.setCurrentIndex(tab.model.index(-1, -1))
        check = on_next_dialog(qtbot, lambda d: fill_area(d, name, level, **kw))
        aid = tab.add_child()
        check()
        return aid

    root = add(None, "下花园镇")
    v1 = add(root, "东山村", "village")
    v2 = add(root, "新华社区", "community")
    g = add(v1, "第三网格", "grid", worker="王秀英", phone="13800138000")
    add(g, "第一微网格", "micro_grid")
    assert R.get_record(db, "areas", g)["worker_name"] == "王秀英"
    tab.select(g)
    # the level chooser only offers what fits under a grid
    def levels_under_grid(d):
        assert {d.level.itemData(i) for i in range(d.level.count())} == {"micro_grid", "unit_grid"}
        d.reject()
    check = on_next_dialog(qtbot, levels_under_grid)
    tab.add_child()
    check()

    # a duplicate name is refused with a clear message and the dialog comes back
    tab.select(v1)

    def dup(d):
        on_next_dialog(qtbot, lambda d2: d2.reject())
        fill_area(d, "第三网格", "grid")
    check = on_next_dialog(qtbot, dup)
    assert tab.add_child() is None
    check()
    assert any("已有" in text for kind, _, text in boxes if kind == "warning")

    # edit worker phone
    tab.select(g)
    check = on_next_dialog(qtbot, lambda d: fill_area(d, "第三网格", phone="13900139000"))
    assert tab.edit_selected()
    check()
    assert R.get_record(db, "areas", g)["worker_phone"] == "13900139000"

    # move the grid to the community
    tab.select(g)

    def choose_v2(d):
        assert d.combo.findData(v2) >= 0 and d.combo.findData(g) < 0
        d.choose(v2)
        d.accept()
    check = on_next_dialog(qtbot, choose_v2)
    assert tab.move_selected()
    check()
    assert R.get_record(db, "areas", g)["parent_id"] == v2

    # retire a grid holding a household: its records move to the grid chosen
    g4 = add(v2, "第四网格", "grid")
    hh = R.create_record(db, "households", {"area_id": g, "number": "1", "address": "新华社区1号"})
    tab.refresh()
    tab.select(g)

    def retire_to_g4(d):
        assert d.combo.findData(g) < 0              # not into itself
        d.choose(g4)
        d.accept()
    check = on_next_dialog(qtbot, retire_to_g4)
    assert tab.retire_selected()
    check()
    assert R.get_record(db, "households", hh)["area_id"] == g4
    assert g not in tab.areas                          # retired areas leave the tree

    # import from a sheet: bad rows listed by row number, nothing written
    wb = Workbook()
    ws_ = wb.active
    ws_.append(["村/社区", "网格", "网格员", "电话"])
    ws_.append(["西山村", "第一网格", "李桂芳", "13800138001"])
    ws_.append(["西山村", "第二网格", "赵敏", "123"])
    ws_.append(["", "第三网格", "", ""])
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    n_before = R.count_records(db, "areas")
    tab.import_sheet(str(bad))
    assert tab.problems.isVisible() and tab.problems.count() == 2
    assert tab.problems.item(0).text().startswith("第 3 行") and "电话" in tab.problems.item(0).text()
    assert tab.problems.item(1).text().startswith("第 4 行")
    assert R.count_records(db, "areas") == n_before
    wb = Workbook()
    ws_ = wb.active
    ws_.append(["村/社区", "网格", "网格员", "电话"])
    ws_.append(["西山村", "第一网格", "李桂芳", "13800138001"])
    ws_.append(["西山村", "第二网格", "赵敏", "13800138002"])
    good = tmp_path / "good.xlsx"
    wb.save(good)
    tab.import_sheet(str(good))
    assert not tab.problems.isVisible()
    assert "新增 1 个村/社区，新增 2 个网格" in tab.status.text()
    names = {r["name"] for r in tab.areas.values()}
    assert {"西山村", "第一网格", "第二网格"} <= names


# -- merging ----------------------------------------------------------------------------------
def test_merge_a_folder_of_good_duplicate_damaged_and_revoked_bundles(qtbot, app, boxes, tmp_path, monkeypatch):
    t = town_with(tmp_path, workers=3)
    for i in range(3):
        gk("bundle", "merge", "--db", t.workers[i], t.send_back(i))
    w0 = open_db(t.workers[0])
    hh = R.create_record(w0, "households", {"area_id": t.grids[0], "number": "010002", "address": "东山村1组2号"})
    R.create_record(w0, "persons", {"household_id": hh, "name": "𠮷祥"})
    w0.conn.close()
    inbox = tmp_path / "stick"
    inbox.mkdir()
    a = t.send_in(0, "../stick/a-第1网格.gkb")
    shutil.copy(a, inbox / "b-第1网格-再次拷贝.gkb")         # the same bundle copied twice
    t.send_in(1, "../stick/c-第2网格.gkb")
    data = t.send_in(2, "../stick/d-第3网格.gkb").read_bytes()
    (inbox / "e-坏文件.gkb").write_bytes(data[: len(data) // 2])   # truncated by a bad copy
    (inbox / "readme.txt").write_text("not a bundle")

    ws = make_ws(qtbot, t.town)
    # revoke worker 2's laptop in the devices tab (asks first)
    dev2 = t.device_id(t.workers[2])
    ws.devices.select_device(dev2)
    assert ws.devices.revoke_selected()
    assert boxes[-1][0] == "question"
    assert open_db(t.town).execute("SELECT status FROM devices WHERE device_id = ?", [dev2]).fetchone()[0] == "revoked"

    monkeypatch.setattr("gridkeeper.ui.township.inbox.QFileDialog.getExistingDirectory",
                        staticmethod(lambda *a, **k: str(inbox)))
    assert not ws.inbox.return_btn.isEnabled()
    ws.inbox.choose_folder()
    got = dict(statuses(ws))
    assert got == {"a-第1网格.gkb": "merged", "b-第1网格-再次拷贝.gkb": "already_merged",
                   "c-第2网格.gkb": "merged", "d-第3网格.gkb": "refused", "e-坏文件.gkb": "refused"}
    rows = {r["name"]: r for r in ws.inbox.model.rows}
    model = ws.inbox.model
    texts = {model.data(model.index(i, 0)): [model.data(model.index(i, c)) for c in range(model.columnCount())]
             for i in range(model.rowCount())}
    assert texts["a-第1网格.gkb"][4] == "已合并" and texts["b-第1网格-再次拷贝.gkb"][4] == "已合并过"
    assert texts["d-第3网格.gkb"][4].startswith("拒绝：") and "吊销" in texts["d-第3网格.gkb"][4]
    assert texts["e-坏文件.gkb"][4].startswith("拒绝：")
    assert rows["a-第1网格.gkb"]["sender_name"] == "网格员0的电脑"
    assert "东山村 第1网格" == rows["a-第1网格.gkb"]["grid"]
    assert rows["a-第1网格.gkb"]["date"][:10] == date.today().isoformat()
    assert rows["a-第1网格.gkb"]["applied"] > 0
    assert "合并 2 个，已合并过 1 个，拒绝 2 个" in ws.inbox.summary.text()
    assert not ws.inbox.progress.isVisible()
    town = open_db(t.town)
    assert [p["name"] for p in R.list_records(town, "persons", area_id=t.grids[0]) if p["name"] == "𠮷祥"]

    # the devices tab shows the bundle arrived; the overview shows who sent nothing
    dev_rows = {r["device_id"]: r for r in ws.devices.model.rows}
    assert dev_rows[t.device_id(t.workers[0])]["last_bundle_at"]
    ws.setCurrentWidget(ws.overview)
    ov = {r["grid_id"]: r for r in ws.overview.rows}
    assert ov[t.grids[0]]["sent_this_month"] and not ov[t.grids[2]]["sent_this_month"]
    m = ws.overview.model
    row2 = m.row_of(t.grids[2])
    assert m.data(m.index(row2, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert m.data(m.index(m.row_of(t.grids[0]), 0), Qt.ItemDataRole.BackgroundRole) is None

    # return bundles for every enrolled laptop
    out = tmp_path / "returns"
    out.mkdir()
    monkeypatch.setattr("gridkeeper.ui.township.inbox.QFileDialog.getExistingDirectory",
                        staticmethod(lambda *a, **k: str(out)))
    assert ws.inbox.return_btn.isEnabled()
    ws.inbox.write_returns()
    assert len(list(out.glob("*.gkb"))) == 2          # the revoked laptop gets none
    assert "已写出 2 个返回包" in ws.inbox.summary.text()


def test_an_empty_folder_says_so(qtbot, app, boxes, tmp_path):
    t = town_with(tmp_path, workers=1)
    ws = make_ws(qtbot, t.town)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert not ws.inbox.merge_paths([str(empty)])
    assert boxes and "没有同步包" in boxes[-1][2]
    assert ws.inbox.model.rowCount() == 0


# -- review -----------------------------------------------------------------------------------
def test_resolve_a_conflict_and_the_choice_wins_on_the_worker(qtbot, app, boxes, tmp_path):
    t = town_with(tmp_path, workers=2)
    for i in range(2):
        gk("bundle", "merge", "--db", t.workers[i], t.send_back(i))
    w0 = open_db(t.workers[0])
    R.update_record(w0, "persons", t.old_person, {"phone": "13911111111"})
    w0.conn.close()
    ws = make_ws(qtbot, t.town)
    R.update_record(ws.db, "persons", t.old_person, {"phone": "13922222222"})
    ws.inbox.merge_paths([str(t.send_in(0))])
    rv = ws.review
    assert len(rv.conflicts) == 1 and ws.tabText(1) == "待审核（1）"
    tree = rv.conflict_tree
    assert tree.topLevelItemCount() == 1
    line = tree.topLevelItem(0)
    cells = [line.text(c) for c in (0, 1, 2, 4)]
    assert cells[0].startswith("张桂兰")                       # the record in context
    assert "人" in cells[1] and "电话" in cells[1]
    assert {cells[2], cells[3]} == {"13911111111", "13922222222"}
    assert "网格员0的电脑" in line.text(3) + line.text(5)
    # keep the worker's value, whichever side it is on: select the record, one click
    line.setSelected(True)
    (rv.keep_other_btn if cells[3] == "13911111111" else rv.keep_current_btn).click()
    assert rv.conflicts == [] and ws.tabText(1) == "待审核"
    assert R.get_record(ws.db, "persons", t.old_person)["phone"] == "13911111111"
    # round trip: the worker gets the decision and agrees
    gk("bundle", "merge", "--db", t.workers[0], t.send_back(0))
    w0 = open_db(t.workers[0])
    assert R.get_record(w0, "persons", t.old_person)["phone"] == "13911111111"
    from gridkeeper.sync.review import list_conflicts

    assert list_conflicts(w0) == []


def test_keep_newest_for_the_selection(qtbot, app, boxes, tmp_path):
    t = town_with(tmp_path, workers=1)
    gk("bundle", "merge", "--db", t.workers[0], t.send_back(0))
    w0 = open_db(t.workers[0])
    R.update_record(w0, "persons", t.old_person, {"phone": "13911111111", "work": "务农"})
    w0.conn.close()
    ws = make_ws(qtbot, t.town)
    R.update_record(ws.db, "persons", t.old_person, {"phone": "13922222222", "work": "个体"})
    ws.inbox.merge_paths([str(t.send_in(0))])
    assert len(ws.review.conflicts) == 2
    assert ws.review.keep_newest_selected() == 0 and "请先" in boxes[-1][2]   # nothing selected
    tree = ws.review.conflict_tree
    assert tree.topLevelItemCount() == 1                     # one person, two fields beneath
    assert tree.topLevelItem(0).childCount() == 2 and "2 项" in tree.topLevelItem(0).text(1)
    tree.topLevelItem(0).setSelected(True)
    assert ws.review.keep_newest_selected() == 2
    person = R.get_record(ws.db, "persons", t.old_person)
    assert (person["phone"], person["work"]) == ("13922222222", "个体")      # the township wrote last
    assert ws.review.conflicts == []


def test_accept_a_quarantined_change_from_a_laptop_years_ahead(qtbot, app, boxes, tmp_path):
    t = town_with(tmp_path, workers=2)
    for i in range(2):
        gk("bundle", "merge", "--db", t.workers[i], t.send_back(i))
    future = int((datetime.now() + timedelta(days=365 * 5)).timestamp() * 1000)
    hlc.set_time_source(lambda: future)
    try:
        w0 = open_db(t.workers[0])
        R.update_record(w0, "persons", t.old_person, {"phone": "13933333333"})
        new_hh = R.create_record(w0, "households", {"area_id": t.grids[0], "number": "010009",
                                                    "address": "东山村1组9号"})
        w0.conn.close()
        f = t.send_in(0)
    finally:
        hlc.set_time_source(None)
    ws = make_ws(qtbot, t.town)
    ws.inbox.merge_paths([str(f)])
    assert ws.inbox.model.rows[0]["quarantined"] >= 1
    rv = ws.review
    assert rv.quarantine
    tree = rv.quarantine_tree
    lines = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert len(lines) == 2                                   # the person's phone, the new household
    phone_line = next(t for t in lines if t.text(0).startswith("张桂兰"))
    assert phone_line.text(3)[:4] == str(datetime.now().year + 5)
    assert R.get_record(ws.db, "persons", t.old_person)["phone"] == "13800000000"   # did not win silently
    # the laptop is flagged on the devices tab
    dev = next(r for r in ws.devices.model.rows if r["device_id"] == t.device_id(t.workers[0]))
    assert ws.devices.model.color_fn(dev) == "#b00020"
    n = len(rv.quarantine)
    accepted = next(q["id"] for q in rv.quarantine if q["field"] == "phone")
    phone_line.setSelected(True)
    rv.accept_sel_btn.click()                                # 接受所选
    assert len(rv.quarantine) == n - 1
    assert R.get_record(ws.db, "persons", t.old_person)["phone"] == "13933333333"
    # the new household waits as a whole: one line described by its held values, its fields beneath
    [hh_line] = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert hh_line.text(0) == "（新记录）东山村1组9号" and hh_line.childCount() == n - 1
    children = [hh_line.child(i).text(2) for i in range(hh_line.childCount())]
    assert t.grids[0] not in children                        # ids are shown by name
    hh_line.setSelected(True)
    assert rv.handle_selected_quarantine(accept=True) == n - 1
    assert R.get_record(ws.db, "households", new_hh)["address"] == "东山村1组9号"
    assert tree.topLevelItemCount() == 0 and ws.tabText(1) == "待审核"
    assert not rv.reject_quarantined(accepted) and "已处理" in boxes[-1][2]


def test_out_of_scope_changes_are_listed_read_only(qtbot, app, boxes, tmp_path):
    t = town_with(tmp_path, workers=2)
    for i in range(2):
        gk("bundle", "merge", "--db", t.workers[i], t.send_back(i))
    w1 = open_db(t.workers[1])
    # worker 1 writes a household into grid 0, which is not theirs
    R.create_record(w1, "households", {"area_id": t.grids[0], "number": "099", "address": "越界地址"})
    w1.conn.close()
    ws = make_ws(qtbot, t.town)
    ws.inbox.merge_paths([str(t.send_in(1))])
    assert ws.inbox.model.rows[0]["rejected"] >= 1
    rt = ws.review.rejected_table
    assert rt.rowCount() >= 1
    texts = [rt.item(0, c).text() for c in range(rt.columnCount())]
    assert texts[1] == "网格员1的电脑" and "越界地址" in texts[4] and texts[5] == "超出登记网格范围"
    assert "outside the sender's areas" in rt.item(0, 5).toolTip()    # the screen's detail, kept for staff
    assert rt.editTriggers() == rt.EditTrigger.NoEditTriggers
    assert not open_db(t.town).execute("SELECT 1 FROM households WHERE address = '越界地址'").fetchone()


# -- devices ----------------------------------------------------------------------------------
def test_enrol_a_laptop_after_reading_the_fingerprint(qtbot, app, boxes, tmp_path):
    t = town_with(tmp_path, workers=1)
    new = tmp_path / "t" / "new.db"
    gk("init", "--db", new, "--role", "worker", "--name", "王秀英的新电脑")
    gk("keys", "import", "--db", new, tmp_path / "t" / "town.gkpub")
    gk("keys", "export", "--db", new, "--out", tmp_path / "t" / "new.gkpub")
    fp = gk("keys", "list", "--db", new, "--json")[0]["fingerprint"]
    ws = make_ws(qtbot, t.town)
    tab = ws.devices

    def confirm(d):
        assert d.findChild(QLabel, "fingerprint").text() == fp
        ok = d.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()                       # not before the phone check and a grid
        d.confirmed.setChecked(True)
        assert not ok.isEnabled()
        d.set_checked([t.grids[0]])
        assert ok.isEnabled()
        ok.click()
    check = on_next_dialog(qtbot, confirm)
    card = tab.enrol(str(tmp_path / "t" / "new.gkpub"))
    check()
    assert card and card["fingerprint"] == fp
    row = next(r for r in tab.model.rows if r["name"] == "王秀英的新电脑")
    assert row["status"] == "enrolled" and row["area_names"] == ["第1网格"]
    # the township's own card is not an enrolment request
    assert tab.enrol(str(tmp_path / "t" / "town.gkpub")) is None and "不是" in boxes[-1][2]


def test_export_the_township_card(qtbot, app, boxes, tmp_path):
    t = town_with(tmp_path, workers=1)
    ws = make_ws(qtbot, t.town)
    out = tmp_path / "card"
    card = ws.devices.export_card(str(out))
    assert card and (tmp_path / "card.gkpub").is_file()
    assert card["fingerprint"] in boxes[-1][2]


# -- overview ---------------------------------------------------------------------------------
def test_overview_counts_match_the_store(qtbot, app, boxes, make_db):
    from gridkeeper.store.demo import build_demo

    db = make_db("township", "乡镇")
    build_demo(db, scale="township", seed=5, villages=2)
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    ws = make_ws(qtbot, path)
    ws.setCurrentWidget(ws.overview)
    ov = ws.overview
    rows = T.overview(db)
    assert ov.rows == rows
    m = ov.model
    assert m.rowCount() == len(rows) + 1                 # plus the totals row
    total = [m.data(m.index(m.rowCount() - 1, c)) for c in range(m.columnCount())]
    hh = db.execute("SELECT count(*) FROM households WHERE deleted = 0").fetchone()[0]
    assert total[0] == "合计" and int(total[3]) == hh
    month = f"{date.today():%Y-%m}"
    visits = db.execute("SELECT count(*) FROM visits WHERE deleted = 0 AND substr(date,1,7) = ?", [month]).fetchone()[0]
    assert int(total[7]) == visits
    disputes = db.execute("SELECT count(*) FROM disputes WHERE deleted = 0").fetchone()[0]
    assert sum(int(x) for x in total[9:9 + len(ov.statuses)]) == disputes
    assert f"纠纷 {disputes} 件" in ov.totals_label.text()
    # nobody has sent anything: every grid row is highlighted, the totals row is not
    assert all(m.data(m.index(i, 0), Qt.ItemDataRole.BackgroundRole) is not None for i in range(len(rows)))
    assert m.data(m.index(len(rows), 0), Qt.ItemDataRole.BackgroundRole) is None
    # the chart got the same numbers
    assert sum(v for _, v in ov.chart.right) == disputes
    assert sum(v for _, v in ov.chart.left) == ov.totals["overdue"]
    assert not ov.chart.grab().isNull()
