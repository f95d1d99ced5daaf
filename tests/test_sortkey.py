"""One sort order for Chinese names (domain.sortkey) in the tree, the lists and the ledgers."""

from __future__ import annotations

from gridkeeper.domain.sortkey import chinese_number, sort_key


def test_numbers_by_value_and_names_by_pinyin():
    names = ["第三网格", "第一网格", "第十二网格", "第二网格", "第十网格"]
    assert sorted(names, key=sort_key) == ["第一网格", "第二网格", "第三网格", "第十网格", "第十二网格"]
    assert sorted(["12组", "3组", "十一组", "2组"], key=sort_key) == ["2组", "3组", "十一组", "12组"]
    assert sorted(["张庄村", "西河村", "安平村", "东山村", "李家村"], key=sort_key) == \
        ["安平村", "东山村", "李家村", "西河村", "张庄村"]
    # a numeral inside a name is read as a character: 三河村 sorts under s
    assert sorted(["三河村", "东山村", "西河村"], key=sort_key) == ["东山村", "三河村", "西河村"]
    assert sort_key(None) == sort_key("") == ""


def test_chinese_numerals():
    assert [chinese_number(x) for x in ("三", "十", "十二", "二十", "一百零五", "二〇二六", "两")] == \
        [3, 10, 12, 20, 105, 2026, 2]
    assert chinese_number("三河") is None


def test_tree_lists_and_ledgers_use_it(make_db):
    from gridkeeper.store import households as H
    from gridkeeper.store.areas import area_tree
    from gridkeeper.store.records import create_record
    from gridkeeper.store.area_edits import add_area

    db = make_db("township", "乡镇")
    top = add_area(db, parent_id=None, level="township", name="下花园镇")
    village = add_area(db, parent_id=top, level="village", name="东山村")
    for n in ("第三网格", "第一网格", "第十二网格", "第二网格"):
        add_area(db, parent_id=village, level="grid", name=n)
    add_area(db, parent_id=top, level="village", name="安平村")
    names = [a["name"] for a in area_tree(db)]
    assert names == ["下花园镇", "安平村", "东山村", "第一网格", "第二网格", "第三网格", "第十二网格"]
    for name in ("张伟", "李娜", "安然", "王芳"):
        create_record(db, "persons", {"name": name, "area_id": village})
    assert [r["name"] for r in H.page(db, "persons", None, "", "name")] == ["安然", "李娜", "王芳", "张伟"]
