"""Search: short Chinese names, pinyin, heteronym surnames, ID fragments, phones, addresses, 𠮷."""

import pytest

from gridkeeper.store import records as R
from gridkeeper.store.search import name_pinyin, search
from gridkeeper.domain.validate import id_check_char


def _id(first17):
    return first17 + id_check_char(first17)


@pytest.fixture
def people(worker_db):
    db = worker_db
    grid = R.create_record(db, "areas", {"level": "grid", "name": "第三网格"})
    hh = R.create_record(db, "households", {"area_id": grid, "number": "030017", "address": "东山村3组17号",
                                            "phone": "0313-1234567"})
    ids = {}
    for name, idn, phone in [("张桂兰", _id("13070619431105002"), "13812345678"), ("单雄信", None, None),
                             ("曾国藩", None, None), ("解缙", None, None), ("仇英", None, None), ("区志明", None, None),
                             ("𠮷祥", None, "13999990000"), ("王芳", None, None), ("李王", None, None)]:
        ids[name] = R.create_record(db, "persons", {"household_id": hh, "name": name, "id_number": idn, "phone": phone})
    return db, ids, hh


def names(results):
    return [r["name"] for r in results if r["kind"] == "person"]


def test_one_character(people):
    db, ids, _ = people
    assert "张桂兰" in names(search(db, "桂"))
    assert set(names(search(db, "王"))) >= {"王芳", "李王"}


def test_two_characters(people):
    db, _, _ = people
    assert names(search(db, "桂兰")) == ["张桂兰"]


def test_exact_name_ranks_first(people):
    db, _, _ = people
    assert names(search(db, "王芳"))[0] == "王芳"


def test_pinyin_initials_and_full_pinyin(people):
    db, _, _ = people
    assert "张桂兰" in names(search(db, "zgl"))
    assert "张桂兰" in names(search(db, "zhangguilan"))
    assert "张桂兰" in names(search(db, "ZGL"))


@pytest.mark.parametrize("query, name", [("sxx", "单雄信"), ("shanxiongxin", "单雄信"), ("zgf", "曾国藩"),
                                         ("xiejin", "解缙"), ("qiuying", "仇英"), ("ouzhiming", "区志明")])
def test_heteronym_surnames_found_by_their_surname_reading(people, query, name):
    db, _, _ = people
    assert name in names(search(db, query))


def test_id_fragment_phone_and_address(people):
    db, ids, hh = people
    assert "张桂兰" in names(search(db, "0023"[:0] + _id("13070619431105002")[-4:]))
    assert "张桂兰" in names(search(db, "13812345678"))
    assert "张桂兰" in names(search(db, "5678"))
    res = search(db, "3组17号")
    assert any(r["kind"] == "household" and r["id"] == hh for r in res)


def test_non_bmp_name_round_trips_and_is_found(people):
    db, ids, _ = people
    assert R.get_record(db, "persons", ids["𠮷祥"])["name"] == "𠮷祥"
    assert names(search(db, "𠮷")) == ["𠮷祥"]
    assert names(search(db, "𠮷祥")) == ["𠮷祥"]


def test_search_follows_edits_and_deletes(people):
    db, ids, _ = people
    R.update_record(db, "persons", ids["王芳"], {"name": "王芳芳"})
    assert "王芳芳" in names(search(db, "芳芳"))
    R.delete_record(db, "persons", ids["王芳"])
    assert "王芳芳" not in names(search(db, "芳"))


def test_odd_queries_are_harmless(people):
    db, _, _ = people
    assert search(db, "") == []
    assert search(db, "   ") == []
    for q in ['"', "%", "_", "a\"b", "NEAR(", "*", "'; DROP TABLE persons; --"]:
        search(db, q)
    assert len(search(db, "王", limit=1)) == 1


def test_name_pinyin_reads_surnames_right():
    full, initials = name_pinyin("单雄信")
    assert "shanxiongxin" in full and "sxx" in initials


def test_two_letter_pinyin_prefixes(people):
    db, _, _ = people
    assert "张桂兰" in names(search(db, "zg"))
    assert "单雄信" in names(search(db, "sx")) and "单雄信" in names(search(db, "dx"))
    assert "张桂兰" not in names(search(db, "gl"))  # initials match from the start, not inside


# -- pinyin at dictionary speed ---------------------------------------------------------------

@pytest.mark.parametrize("name, full, initials", [
    ("张桂兰", "zhangguilan", "zgl"),
    ("王重阳", "wangchongyang", "wcy"),          # a phrase in the given name: pypinyin's phrase reading
    ("𠮷祥", "xiang", "x"),                       # no reading for 𠮷: what can be read is kept
    ("曾国藩", "zengguofan cengguofan", "zgf cgf"),  # surname reading first, everyday reading second
    ("Tom王", "wang", "w"),
    ("", "", ""),
])
def test_name_pinyin_exact(name, full, initials):
    assert name_pinyin(name) == (full, initials)


def test_name_pinyin_matches_pypinyin_read_per_name():
    from pypinyin import Style, lazy_pinyin

    from gridkeeper.store.search import SURNAME_READINGS

    for name in ["李长青", "刘行健", "周朝阳", "孙长江", "赵晓明", "欧阳修", "王小二", "陈建国", "黄秀英"]:
        assert name[0] not in SURNAME_READINGS
        expected = lazy_pinyin(name[0], style=Style.NORMAL) + lazy_pinyin(name[1:], style=Style.NORMAL)
        assert name_pinyin(name) == ("".join(expected), "".join(s[0] for s in expected)), name


# -- the index is current inside the writing transaction ---------------------------------------

def _entry(db, rid):
    row = db.execute("SELECT kind, name, detail FROM search_index WHERE rid = ?", [rid]).fetchone()
    return tuple(row) if row else None


def test_writes_leave_the_index_current(people):
    from gridkeeper.store.search import INDEX_VERSION, index_state, needs_refresh

    db, ids, hh = people
    st = index_state(db)
    assert st.version == INDEX_VERSION and st.done == st.now and not needs_refresh(db)
    assert _entry(db, hh) == ("household", "户 030017", "东山村3组17号")  # nobody is the head yet


def test_entries_follow_the_records_they_show(people):
    db, ids, hh = people
    R.update_record(db, "persons", ids["张桂兰"], {"relation": "head"})
    assert _entry(db, hh) == ("household", "张桂兰户 030017", "东山村3组17号")
    R.update_record(db, "households", hh, {"address": "西山村1组2号"})
    assert _entry(db, ids["张桂兰"]) == ("person", "张桂兰", "西山村1组2号")
    assert len(names(search(db, "西山村1组"))) == 9
    R.update_record(db, "persons", ids["张桂兰"], {"name": "张桂芝"})
    assert _entry(db, hh)[1] == "张桂芝户 030017"
    assert [r["id"] for r in search(db, "zgz") if r["kind"] == "household"] == [hh]


def test_a_merge_indexes_in_its_own_transaction(people, make_db):
    from gridkeeper.store.search import needs_refresh
    from gridkeeper.sync.changeset import ChangeSet, select_changes
    from gridkeeper.sync.merge import apply_changeset

    src, ids, _ = people
    dst = make_db("township", "乡镇")
    apply_changeset(dst, ChangeSet.from_bytes(select_changes(src).to_bytes()))
    assert not needs_refresh(dst)
    assert dst.execute("SELECT count(*) FROM search_index").fetchone()[0] == 10  # 9 persons, 1 household
    assert names(search(dst, "sxx")) == ["单雄信"]
    # a later edit at the source arrives with the next merge, already indexed
    R.update_record(src, "persons", ids["王芳"], {"name": "王芳华"})
    apply_changeset(dst, ChangeSet.from_bytes(select_changes(src).to_bytes()))
    assert names(search(dst, "王芳华")) == ["王芳华"] and not needs_refresh(dst)


def test_a_failed_merge_leaves_the_index_as_it_was(people, make_db, monkeypatch):
    from gridkeeper.store import search as S
    from gridkeeper.sync.changeset import ChangeSet, select_changes
    from gridkeeper.sync.merge import apply_changeset

    src, _, _ = people
    dst = make_db("township", "乡镇")
    real = S.index_changes

    def index_then_fail(db, **kw):
        assert real(db, **kw) == 10
        raise RuntimeError("after indexing")

    import gridkeeper.sync.merge as M

    monkeypatch.setattr(M, "index_changes", index_then_fail)
    with pytest.raises(RuntimeError):
        apply_changeset(dst, ChangeSet.from_bytes(select_changes(src).to_bytes()))
    monkeypatch.undo()
    assert dst.execute("SELECT count(*) FROM search_index").fetchone()[0] == 0
    assert search(dst, "张桂兰") == []


def test_a_merge_rewrites_the_entries_that_show_what_it_changed(people, make_db):
    from gridkeeper.sync.changeset import ChangeSet, select_changes
    from gridkeeper.sync.merge import apply_changeset

    src, ids, hh = people
    dst = make_db("township", "乡镇")
    apply_changeset(dst, ChangeSet.from_bytes(select_changes(src).to_bytes()))
    assert _entry(dst, hh) == ("household", "户 030017", "东山村3组17号")
    R.update_record(src, "persons", ids["张桂兰"], {"relation": "head"})
    R.update_record(src, "households", hh, {"address": "西山村1组2号"})
    R.update_record(src, "persons", ids["李王"], {"name": "李王五"})
    apply_changeset(dst, ChangeSet.from_bytes(select_changes(src).to_bytes()))
    assert names(search(dst, "李王五")) == ["李王五"]
    # the household's label shows its new head, its people its new address
    assert _entry(dst, hh) == ("household", "张桂兰户 030017", "西山村1组2号")
    assert _entry(dst, ids["王芳"]) == ("person", "王芳", "西山村1组2号")
    assert [r["id"] for r in search(dst, "zglh")] == [hh]
    assert "东山村" not in " ".join(r["detail"] or "" for r in search(dst, "王芳", limit=100))


def test_a_merge_run_indexes_each_group_before_it_commits(people, make_db):
    from gridkeeper.store.search import needs_refresh
    from gridkeeper.sync.changeset import ChangeSet, select_changes
    from gridkeeper.sync.merge import apply_changeset, merge_run

    src, ids, _ = people
    first = ChangeSet.from_bytes(select_changes(src).to_bytes())
    R.update_record(src, "persons", ids["王芳"], {"name": "王芳华"})
    second = ChangeSet.from_bytes(select_changes(src).to_bytes())
    for every_s in (0.0, 3600.0):   # a commit after each bundle, or one at the end of the run
        dst = make_db("township", "乡镇")
        with merge_run(dst, commit_every_s=every_s) as run:
            apply_changeset(dst, first)
            run.bundle_done()
            if every_s == 0.0:   # committed: indexed
                assert not needs_refresh(dst) and names(search(dst, "王芳")) == ["王芳"]
            apply_changeset(dst, second)
            run.bundle_done()
        assert not needs_refresh(dst)
        assert names(search(dst, "王芳华")) == ["王芳华"] and "王芳" not in names(search(dst, "王芳", limit=100))
        assert dst.execute("SELECT count(*) FROM search_index").fetchone()[0] == 10


def test_a_bundle_rolled_back_in_a_run_leaves_the_index_as_the_records(people, make_db):
    from gridkeeper.store.search import needs_refresh
    from gridkeeper.sync.changeset import ChangeSet, select_changes
    from gridkeeper.sync.merge import apply_changeset, merge_run

    src, ids, _ = people
    first = ChangeSet.from_bytes(select_changes(src).to_bytes())
    R.update_record(src, "persons", ids["王芳"], {"name": "王芳华"})
    second = ChangeSet.from_bytes(select_changes(src).to_bytes())
    dst = make_db("township", "乡镇")
    with merge_run(dst, commit_every_s=3600.0) as run:
        apply_changeset(dst, first)
        run.bundle_done()
        with pytest.raises(RuntimeError):
            apply_changeset(dst, second, _fail_at=4)   # written, then rolled back
        run.bundle_done()
    assert not needs_refresh(dst)
    assert names(search(dst, "王芳")) == ["王芳"] and search(dst, "王芳华") == []


def test_an_older_index_format_is_rebuilt_once(people):
    from gridkeeper.store.meta import set_meta
    from gridkeeper.store.search import needs_refresh, refresh_search_index

    db, ids, _ = people
    set_meta(db, "search_version", "1")
    db.execute("UPDATE search_index SET initials = 'old'")
    assert needs_refresh(db)
    seen = []
    assert refresh_search_index(db, progress=lambda d, t, s: seen.append((d, t))) == 10
    assert not needs_refresh(db) and seen[-1] == (1, 1)
    assert "张桂兰" in names(search(db, "zg"))


# -- totals and pages -------------------------------------------------------------------------

def test_search_page_gives_the_total_and_the_next_page(people):
    from gridkeeper.store.search import search_page

    db, _, _ = people
    everyone = search(db, "东山村3组", limit=100)
    assert len(everyone) == 10
    first = search_page(db, "东山村3组", limit=4)
    assert (len(first.results), first.total, first.more) == (4, 10, 6)
    second = search_page(db, "东山村3组", limit=4, offset=4)
    last = search_page(db, "东山村3组", limit=4, offset=8)
    assert (second.total, second.more, len(last.results), last.more) == (10, 2, 2, 0)
    assert [r["id"] for r in first.results + second.results + last.results] == [r["id"] for r in everyone]
    assert search_page(db, "没有这个人").total == 0 and search_page(db, "  ").total == 0


# -- the search box ---------------------------------------------------------------------------

@pytest.fixture
def immediate():
    from gridkeeper.ui.testing import immediate_tasks

    with immediate_tasks():
        yield


def test_search_box_shows_the_total_and_loads_more(qtbot, grid_demo_db, immediate):
    from PySide6.QtCore import Qt

    from gridkeeper.store.search import search_page
    from gridkeeper.ui.search_box import MORE, SearchBox

    db = grid_demo_db
    q = db.execute("SELECT substr(name, 1, 1) AS s FROM persons GROUP BY s ORDER BY count(*) DESC").fetchone()[0]
    total = search_page(db, q).total
    assert total > 50
    box = SearchBox(db)
    qtbot.addWidget(box)
    box.edit.setText(q)
    box.flush()
    assert box.status.text() == f"前 50 条，共 {total} 条"
    assert box.results.count() == 51
    more = box.results.item(50)
    assert more.data(Qt.ItemDataRole.UserRole) == MORE and more.text() == f"显示更多（还有 {total - 50} 条）"
    box._choose(more)                                   # a click on "显示更多": the next page
    shown = min(100, total)
    assert box.results.count() == shown + (1 if total > 100 else 0)
    assert box.status.text() == (f"前 {shown} 条，共 {total} 条" if total > 100 else f"找到 {total} 条")
    ids = [box.results.item(i).data(Qt.ItemDataRole.UserRole)[1] for i in range(shown)]
    assert ids == [r["id"] for r in search_page(db, q, limit=shown).results]


def test_search_box_brings_an_old_index_up_to_date_off_the_gui_thread(qtbot, grid_demo_db, immediate, monkeypatch):
    from gridkeeper.store.meta import set_meta
    from gridkeeper.store.search import needs_refresh
    from gridkeeper.ui import search_box as SB

    db = grid_demo_db
    set_meta(db, "search_version", "1")
    db.execute("DELETE FROM search_index WHERE kind = 'person'")
    started = []
    real = SB.tasks.run_task
    monkeypatch.setattr(SB.tasks, "run_task", lambda fn, path, **kw: (started.append(path), real(fn, path, **kw))[1])
    box = SB.SearchBox(db)
    qtbot.addWidget(box)
    assert len(started) == 1 and not needs_refresh(db) and not box.updating_index
    box.edit.setText("zg")
    box.flush()
    assert any(r["kind"] == "person" for r in box.last_results)
    SB.SearchBox(db).deleteLater()                        # current now: no second task
    assert len(started) == 1


def test_cli_search_prints_the_total_and_keeps_its_json_a_list(people, capsys):
    import json

    from gridkeeper.cli import main
    from gridkeeper.store.db import db_path

    db, _, _ = people
    path = str(db_path(db))
    assert main(["search", "--db", path, "东山村3组", "--limit", "4"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 5 and out[-1] == "前 4 条，共 10 条（用 --limit 显示更多）"
    assert main(["search", "--db", path, "东山村3组", "--limit", "4", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and len(data) == 4 and {"kind", "id", "name"} <= set(data[0])
    assert main(["search", "--db", path, "张桂兰"]) == 0
    assert "共" not in capsys.readouterr().out
