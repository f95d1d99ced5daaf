"""Paged list queries and the household/house/person relations (store.households)."""

import pytest

from gridkeeper.domain.sortkey import sort_key
from gridkeeper.store import households as H
from gridkeeper.store.records import create_record, delete_record, list_records


def test_page_and_count_agree_and_page_stably(grid_demo_db):
    db = grid_demo_db
    total = H.count(db, "persons")
    assert total == len(list_records(db, "persons"))
    seen = []
    for off in range(0, total, 200):
        seen += [r["id"] for r in H.page(db, "persons", None, "", "name", off, 200)]
    assert len(seen) == total == len(set(seen))


@pytest.mark.parametrize("kind", list(H.LISTS))
def test_every_list_sorts_by_every_column(grid_demo_db, kind):
    for col in H.LISTS[kind].columns:
        for key in (col.key, "-" + col.key):
            rows = H.page(grid_demo_db, kind, None, "", key, 0, 20)
            assert all("id" in r for r in rows)


def test_sort_desc_and_filter_text(grid_demo_db):
    db = grid_demo_db
    names = [r["name"] for r in H.page(db, "persons", None, "", "-name", 0, 50)]
    assert names == sorted(names, key=sort_key, reverse=True)     # by pinyin, not by code point
    one = H.page(db, "persons", None, "", "name", 0, 1)[0]
    hits = H.page(db, "persons", None, one["id_number"][-6:], None, 0, 50)
    assert one["id"] in [r["id"] for r in hits]
    assert H.count(db, "persons", None, "不存在的名字xyz") == 0


def test_unknown_sort_key_or_filter_is_refused(grid_demo_db):
    with pytest.raises(KeyError):
        H.page(grid_demo_db, "persons", None, "", "name; DROP TABLE persons", 0, 10)
    with pytest.raises(KeyError):
        H.count(grid_demo_db, "persons", filters={"id = id OR 1": 1})
    with pytest.raises(KeyError):
        H.page(grid_demo_db, "nonsense")


def test_area_filter_and_extra_filters(grid_demo_db):
    db = grid_demo_db
    grid = [a for a in db.query("SELECT id FROM areas WHERE level = 'micro_grid'")][0]["id"]
    assert H.count(db, "persons", grid) == 0      # demo people live on the grid itself
    assert H.count(db, "disputes", filters={"status": "received"}) >= 1
    assert H.count(db, "disputes", filters={"status": ["received", "mediating"]}) >= \
        H.count(db, "disputes", filters={"status": "received"})


def test_relations_house_household_person(worker_db):
    db = worker_db
    t = create_record(db, "areas", {"level": "township", "name": "下花园镇"})
    house = create_record(db, "houses", {"area_id": t, "street": "东山村3组", "building": "17号", "use": "rented"})
    hh = create_record(db, "households", {"house_id": house, "number": "030017", "registration_kind": "floating"})
    head = create_record(db, "persons", {"household_id": hh, "name": "赵𠮷", "relation": "head"})
    child = create_record(db, "persons", {"household_id": hh, "name": "赵小明", "relation": "son"})
    assert [p["id"] for p in H.household_members(db, hh)] == [head, child]
    assert H.household_with_members(db, hh)["members"][0]["name"] == "赵𠮷"
    assert H.person_house(db, child)["id"] == house
    assert {p["id"] for p in H.house_people(db, house)} == {head, child}
    assert H.house_label(H.person_house(db, head)) == "东山村3组17号"
    rows = H.page(db, "households", None, "赵𠮷", None, 0, 10)
    assert rows and rows[0]["head"] == "赵𠮷" and rows[0]["members"] == 2
    assert H.row_index(db, "persons", child, None, "", "name") is not None
    delete_record(db, "persons", child)
    assert [p["id"] for p in H.household_members(db, hh)] == [head]
    assert H.row_index(db, "persons", child) is None
    assert H.person_house(db, "nobody") is None
    assert H.record_label(db, "households", hh).startswith("030017")
