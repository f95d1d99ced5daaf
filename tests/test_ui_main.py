"""GUI journeys through the real widgets (pytest-qt, offscreen). Only message boxes are patched."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gridkeeper.domain.changed import Changes
from gridkeeper.store import care as C
from gridkeeper.store import disputes as D
from gridkeeper.store import households as H
from gridkeeper.store.records import get_record
from gridkeeper.ui import settings as S
from gridkeeper.ui.testing import immediate_tasks, on_next_dialog, type_text

pytestmark = pytest.mark.gui

VALID_ID = "11010519491231002X"       # GB 11643 example: born 1949-12-31, female
BAD_ID = "110105194912310021"         # same with a wrong check digit


@pytest.fixture
def win(qtbot, grid_demo_db, tmp_path):
    from gridkeeper.ui.app import make_app
    from gridkeeper.ui.main_window import MainWindow

    S.use_settings_file(tmp_path / "settings.ini")
    make_app()
    with immediate_tasks():
        w = MainWindow(grid_demo_db)
        qtbot.addWidget(w)
        w.resize(1366, 768)
        w.show()
        yield w
    from gridkeeper.ui.i18n import install_language

    install_language("zh")
    S.use_settings_file(None)


def _fill(dlg, **values):
    form = dlg.form
    for name, value in values.items():
        w = form.widget(name)
        if isinstance(value, str) and not value.isascii():
            if hasattr(w, "setPlainText"):
                w.setPlainText(value)
            else:
                w.clear()
                type_text(w, value)
        else:
            form.set_value(name, value)
            form._changed(name)


def test_add_household_and_members(qtbot, win):
    tab = win.households_tab
    n0 = H.count(win.db, "households")

    def new_household(dlg):
        assert dlg.form.raw_value("number")             # the next 户号 is suggested
        _fill(dlg, number="")
        assert not dlg.save_button.isEnabled()          # household number missing
        _fill(dlg, number="030401", registration_kind="floating", address="东山村3组17号")
        assert dlg.save_button.isEnabled(), dlg.form.problems
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)

    check = on_next_dialog(qtbot, new_household)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    check()
    assert H.count(win.db, "households") == n0 + 1
    hid = tab.panels["households"].current_id()
    assert get_record(win.db, "households", hid)["number"] == "030401"

    def member(dlg):
        _fill(dlg, name="赵𠮷")
        qtbot.keyClicks(dlg.form.widget("id_number"), VALID_ID)
        assert dlg.form.raw_value("birth_date") == "1949-12-31"
        assert dlg.form.raw_value("gender") == "female"
        assert dlg.form.raw_value("residence_kind") == "floating"
        dlg.save()

    check = on_next_dialog(qtbot, member)
    qtbot.mouseClick(tab.add_member_button, Qt.MouseButton.LeftButton)
    check()
    check = on_next_dialog(qtbot, lambda dlg: (_fill(dlg, name="赵小明", relation="son"), dlg.save()))
    qtbot.mouseClick(tab.add_member_button, Qt.MouseButton.LeftButton)
    check()
    members = H.household_members(win.db, hid)
    assert [m["name"] for m in members] == ["赵𠮷", "赵小明"]
    assert members[0]["relation"] == "head" and members[0]["area_id"] == get_record(win.db, "households", hid)["area_id"]
    assert tab.people.rowCount() == 2


def test_bad_id_number_explains_and_saves_nothing(qtbot, win):
    tab = win.households_tab
    tab.panels["households"].select(tab.panels["households"].model.record_id(0))
    n0 = H.count(win.db, "persons")
    seen = {}

    def member(dlg):
        _fill(dlg, name="李四")
        qtbot.keyClicks(dlg.form.widget("id_number"), BAD_ID)
        err = dlg.form.errors["id_number"]
        seen["text"], seen["visible"] = err.text(), err.isVisible()
        seen["enabled"] = dlg.save_button.isEnabled()
        seen["saved"] = dlg.save()
        dlg.reject()

    check = on_next_dialog(qtbot, member)
    qtbot.mouseClick(tab.add_member_button, Qt.MouseButton.LeftButton)
    check()
    assert seen["visible"] and "校验码" in seen["text"] and "应为 X" in seen["text"]
    assert seen["enabled"] is False and seen["saved"] is False
    assert H.count(win.db, "persons") == n0


def test_mark_care_subject_and_record_visit_from_due_list(qtbot, win):
    tab = win.households_tab
    tab.sub.setCurrentIndex(1)
    pid = next(r["id"] for r in H.page(win.db, "persons", None, "", "name", 0, 500)
               if C.care_subject_of_person(win.db, r["id"]) is None)
    assert tab.select("persons", pid)

    def mark(dlg):
        dlg.form.widget("categories").set_value(["elderly_alone"])
        _fill(dlg, level="high", visit_interval="30")
        assert dlg.save_button.isEnabled(), dlg.form.problems
        dlg.save()

    check = on_next_dialog(qtbot, mark)
    qtbot.mouseClick(tab.mark_care_button, Qt.MouseButton.LeftButton)
    check()
    cs = C.care_subject_of_person(win.db, pid)
    assert cs and cs["categories"] == '["elderly_alone"]'
    care = win.care_tab
    win.tabs.setCurrentWidget(care)
    row = care.model.row_of(cs["id"])
    assert row is not None and care.model.rows[row].last_visit is None
    care.view.selectRow(row)

    def visit(dlg):
        assert dlg.form.raw_value("date") == date.today().isoformat()
        _fill(dlg, findings="身体良好，需要办理医保卡", needs="申请办理医保卡")
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)

    check = on_next_dialog(qtbot, visit)
    qtbot.mouseClick(care.visit_button, Qt.MouseButton.LeftButton)      # the second click is 保存
    check()
    row = care.model.row_of(cs["id"])
    r = care.model.rows[row]
    assert r.last_visit == date.today().isoformat() and not r.overdue and r.days_left == 30
    assert care.visits.model.total == 1


def test_dispute_from_received_to_followed_up(qtbot, win, monkeypatch):
    tab = win.disputes_tab
    win.tabs.setCurrentWidget(tab)
    n0 = H.count(win.db, "disputes")

    def new(dlg):
        _fill(dlg, category="neighbour", summary="排水沟堵塞，雨水流入邻居院内")
        assert dlg.save_button.isEnabled(), dlg.form.problems
        dlg.save()

    check = on_next_dialog(qtbot, new)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    check()
    assert H.count(win.db, "disputes") == n0 + 1
    did = tab.current_id()
    assert get_record(win.db, "disputes", did)["status"] == "received"
    assert not tab.buttons["to_resolved"].isEnabled()
    for name in ("张三", "李四"):
        check = on_next_dialog(qtbot, lambda dlg, n=name: (_fill(dlg, name=n), dlg.save()))
        qtbot.mouseClick(tab.buttons["add_party"], Qt.MouseButton.LeftButton)
        check()
    check = on_next_dialog(qtbot, lambda dlg: (_fill(dlg, content="组织双方当面调解"), dlg.save()))
    qtbot.mouseClick(tab.buttons["add_step"], Qt.MouseButton.LeftButton)
    check()
    assert get_record(win.db, "disputes", did)["status"] == "mediating"
    assert tab.buttons["to_resolved"].isEnabled()

    def close(dlg):
        assert not dlg.save_button.isEnabled()           # the result is required
        assert dlg.form.raw_value("closed") == date.today().isoformat()
        _fill(dlg, agreement="双方同意共同疏通水沟")
        dlg.save()

    check = on_next_dialog(qtbot, close)
    qtbot.mouseClick(tab.buttons["to_resolved"], Qt.MouseButton.LeftButton)
    check()
    d = get_record(win.db, "disputes", did)
    assert d["status"] == "resolved" and d["closed"] == date.today().isoformat()

    def schedule(dlg):
        assert dlg.form.raw_value("followup_date") == D.propose_followup_date(d["closed"])
        dlg.save()

    check = on_next_dialog(qtbot, schedule)
    qtbot.mouseClick(tab.buttons["schedule_followup"], Qt.MouseButton.LeftButton)
    check()
    check = on_next_dialog(qtbot, lambda dlg: (_fill(dlg, followup_result="协议已履行"), dlg.save()))
    qtbot.mouseClick(tab.buttons["record_followup"], Qt.MouseButton.LeftButton)
    check()
    d = get_record(win.db, "disputes", did)
    assert d["followup_result"] == "协议已履行" and d["satisfaction"] == "satisfied"
    texts = [tab.timeline.item(i).text() for i in range(tab.timeline.count())]
    assert any("组织双方当面调解" in t for t in texts) and any("回访" in t for t in texts)
    assert tab.parties.rowCount() == 2


def test_delete_asks_then_ctrl_z_undoes(qtbot, win, monkeypatch):
    panel = win.households_tab.panels["households"]
    hid = panel.model.record_id(0)
    panel.select(hid)
    panel.view.setFocus()
    # the household has members: the app asks what happens to them (see test_ui_ux for moving them)
    check = on_next_dialog(qtbot, lambda dlg: dlg.reject())
    win.acts["delete"].trigger()
    check()
    assert get_record(win.db, "households", hid)["deleted"] == 0

    def together(dlg):
        dlg.delete.setChecked(True)
        dlg.ok.click()
    check = on_next_dialog(qtbot, together)
    win.acts["delete"].trigger()
    check()
    assert get_record(win.db, "households", hid, include_deleted=True)["deleted"] == 1
    assert panel.model.row_of(hid) is None
    win.acts["undo"].trigger()
    assert get_record(win.db, "households", hid)["deleted"] == 0
    assert panel.model.row_of(hid) is not None
    assert not win.acts["undo"].isEnabled()


def test_undo_edit_restores_old_value(qtbot, win):
    panel = win.households_tab.panels["households"]
    hid = panel.model.record_id(0)
    old = get_record(win.db, "households", hid)["phone"]
    check = on_next_dialog(qtbot, lambda dlg: (_fill(dlg, phone="13900001111"), dlg.save()))
    win.households_tab.edit("households", hid)
    check()
    assert get_record(win.db, "households", hid)["phone"] == "13900001111"
    win.undo()
    assert get_record(win.db, "households", hid)["phone"] == old


@pytest.mark.parametrize("query_of", [lambda p: p["name"][-1], lambda p: __import__(
    "gridkeeper.store.search", fromlist=["x"]).name_pinyin(p["name"])[1].split()[-1]])
def test_search_short_and_pinyin_selects_record(qtbot, win, query_of):
    p = H.page(win.db, "persons", None, "", "name", 0, 1)[0]
    q = query_of(p)
    box = win.search_box
    box.edit.clear()
    if q.isascii():
        qtbot.keyClicks(box.edit, q)
    else:
        type_text(box.edit, q)
    assert box.edit.text() == q
    qtbot.waitUntil(lambda: box.results.count() > 0, timeout=2000)   # debounced, ~200 ms
    ids = [box.results.item(i).data(Qt.ItemDataRole.UserRole)[1] for i in range(box.results.count())]
    assert p["id"] in ids
    box._choose(box.results.item(ids.index(p["id"])))
    assert win.tabs.currentWidget() is win.households_tab
    assert win.households_tab.kind() == "persons"
    assert win.households_tab.current_id() == p["id"]


def test_language_switch_shows_english(qtbot, win):
    assert win.tabs.tabText(0) == "户与人员"
    win.acts["lang_en"].trigger()
    assert win.tabs.tabText(0) == "Households and people"
    assert win.tabs.tabText(3) == "Disputes"
    header = win.households_tab.panels["households"].model.headerData(0, Qt.Orientation.Horizontal)
    assert header == "Number"
    assert S.language() == "en"
    win.acts["lang_zh"].trigger()
    assert win.tabs.tabText(0) == "户与人员"


def test_paged_model_fetches_more_on_scroll(qtbot, win):
    model = win.households_tab.panels["persons"].model
    assert model.stale and model.rowCount() == 0  # a list on a hidden tab has not queried yet
    win.households_tab.sub.setCurrentWidget(win.households_tab.panels["persons"])
    assert model.total > 200 and model.rowCount() == 200 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 400
    last = H.page(win.db, "persons", None, "", "name", model.total - 1, 1)[0]
    assert model.row_of(last["id"]) == model.total - 1 and not model.canFetchMore()
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.row_dict(0)["name"] >= model.row_dict(1)["name"]


def test_area_tree_narrows_lists(qtbot, win):
    micro = next(a["id"] for a in win._areas.values() if a["level"] == "micro_grid")
    win.select_area(micro)
    assert win.households_tab.panels["households"].model.total == 0
    win.select_area(None)
    assert win.households_tab.panels["households"].model.total == 300


def test_area_tree_creates_an_areas_children_when_it_is_expanded(qtbot, win):
    village = win.tree.topLevelItem(0).child(0)          # the township and its village are open
    grid = village.child(0)
    assert grid.text(0) == "第三网格" and grid.childCount() == 0 and not grid.isExpanded()
    assert grid.childIndicatorPolicy() == grid.ChildIndicatorPolicy.ShowIndicator   # it shows it has some
    grid.setExpanded(True)
    assert [grid.child(i).text(0) for i in range(grid.childCount())] == ["第三网格第1微网格", "第三网格第2微网格"]
    grid.setExpanded(False)
    grid.setExpanded(True)
    assert grid.childCount() == 2                        # created once


def test_selecting_an_area_deep_in_the_tree_creates_its_item(qtbot, win):
    win.load_tree()
    micro = next(a["id"] for a in win._areas.values() if a["level"] == "micro_grid")
    win.select_area(micro)
    assert win.area_id == micro and win.tree.currentItem().data(0, 256) == micro
    assert win.tree.currentItem().parent().isExpanded()
    assert win.tree.item("no-such-area") is None


def test_tabs_are_built_when_first_shown_with_the_area_chosen_before(qtbot, win, monkeypatch):
    tabs = win.tabs
    assert [tabs.name_of(t) for t in tabs.built_record_tabs()] == ["households"]   # the tab in front only
    assert tabs.count() == 8 and tabs.tabText(3) == "矛盾纠纷"
    grid = next(a["id"] for a in win._areas.values() if a["level"] == "grid")
    win.select_area(grid)
    tabs.setCurrentIndex(3)                            # as a click on 矛盾纠纷
    disputes = tabs.currentWidget()
    assert tabs.name_of(disputes) == "disputes" and disputes is win.disputes_tab and tabs.indexOf(disputes) == 3
    assert tabs.tabText(3) == "矛盾纠纷" and tabs.count() == 8
    assert disputes.panel.model.area_id == grid and disputes.panel.model.rowCount() > 0
    reloads = []
    monkeypatch.setattr(disputes.panel, "reload", lambda *a, **k: reloads.append(a))
    win.announce(Changes.of_tables("disputes"))
    assert reloads                                     # a tab built after start-up hears what changed
    care = win.care_tab                                # asked for: built, not shown
    assert tabs.currentWidget() is disputes and tabs.indexOf(care) == 1 and not care.isVisible()
    assert [tabs.name_of(t) for t in tabs.built_record_tabs()] == ["households", "care", "disputes"]


def test_delete_and_history_on_a_tab_without_a_record_list_say_what_to_do(qtbot, win):
    for tab in (win.floating_tab, win.points_tab):
        win.tabs.setCurrentWidget(tab)
        win.acts["delete"].trigger()
        assert win.statusBar().currentMessage() == "请先在列表中选择要删除的记录"
        win.acts["history"].trigger()
        assert win.statusBar().currentMessage() == "请先选择一条记录"


def test_status_bar_and_geometry_remembered(qtbot, win, tmp_path):
    assert "grid-demo.db" in win.status_db.text()
    assert "从未" in win.status_sync.text()
    win.resize(1100, 700)
    win.close()
    from gridkeeper.ui.main_window import MainWindow

    stored = S.settings().value("window/geometry")
    assert stored is not None and len(bytes(stored)) > 0
    w2 = MainWindow(win.db)        # restores it (the offscreen screen clamps the size, so no size check)
    qtbot.addWidget(w2)


def test_background_task_threaded_and_error(qtbot, grid_demo_db, tmp_path):
    from gridkeeper.store.db import db_path
    from gridkeeper.ui import tasks

    path = str(db_path(grid_demo_db))
    got = {}
    h = tasks.run_task(lambda db, progress, cancelled: (progress(1, 2, "x"),
                                                        db.execute("SELECT count(*) FROM persons").fetchone()[0])[1],
                       path, on_done=lambda r: got.setdefault("r", r), on_progress=lambda *a: got.setdefault("p", a))
    qtbot.waitUntil(lambda: h.done, timeout=5000)
    assert got["r"] == grid_demo_db.execute("SELECT count(*) FROM persons").fetchone()[0] and got["p"] == (1, 2, "x")
    h = tasks.run_task(lambda db, p, c: 1 / 0, path, on_error=lambda e: got.setdefault("e", e))
    qtbot.waitUntil(lambda: h.done, timeout=5000)
    assert isinstance(got["e"], ZeroDivisionError)


def test_first_run_creates_worker_database(qtbot, tmp_path, monkeypatch):
    from gridkeeper import paths
    from gridkeeper.store.db import open_db
    from gridkeeper.store.devices import self_device
    from gridkeeper.ui.app import make_app
    from gridkeeper.ui.first_run import FirstRunDialog

    make_app()
    dlg = FirstRunDialog()
    qtbot.addWidget(dlg)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a))
    dlg.create_button.click()                  # no name: refused with a message, nothing created
    assert warned and not paths.default_db_path().exists()
    type_text(dlg.name, "王秀英的电脑")
    dlg.passphrase.setText("abc12")    # too short, then a mismatch: refused, nothing created
    dlg.passphrase2.setText("abc12")
    dlg.create_button.click()
    assert len(warned) == 2 and "至少 6" in warned[-1][2] and not paths.default_db_path().exists()
    dlg.passphrase.setText("abc12345")
    dlg.passphrase2.setText("abc12346")
    dlg.create_button.click()
    assert len(warned) == 3 and "不一致" in warned[-1][2] and not paths.default_db_path().exists()
    dlg.passphrase2.setText("abc12345")
    dlg.create_button.click()
    assert dlg.chosen_path == str(paths.default_db_path())
    from gridkeeper.store import atrest

    assert atrest.is_encrypted(dlg.chosen_path) and atrest.sidecar_path(dlg.chosen_path).is_file()
    db = open_db(dlg.chosen_path)
    assert self_device(db).name == "王秀英的电脑" and self_device(db).role == "worker"
    db.conn.close()


def test_clock_warning(grid_demo_db):
    from gridkeeper.store.meta import set_meta
    from gridkeeper.ui.app import clock_warning

    assert clock_warning(grid_demo_db) is None
    set_meta(grid_demo_db, "hlc_last", (10 ** 13 + 5) << 16)   # far future stamp
    assert "系统时间" in clock_warning(grid_demo_db)
