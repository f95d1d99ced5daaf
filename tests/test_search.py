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
