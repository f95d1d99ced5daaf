"""Every --area takes an id, a code or a path of names (store.areas.resolve_area); --data-dir anywhere."""

from __future__ import annotations

import json

import pytest

from gridkeeper.cli import main
from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.store.areas import area_label, resolve_area
from gridkeeper.store.area_edits import add_area


@pytest.fixture
def tree(make_db):
    db = make_db("township", "乡镇", filename="t.db")
    top = add_area(db, parent_id=None, level="township", name="下花园镇", code="01")
    east = add_area(db, parent_id=top, level="village", name="东山村", code="0101")
    west = add_area(db, parent_id=top, level="village", name="西河村", code="0102")
    g3 = add_area(db, parent_id=east, level="grid", name="第三网格", code="010103")
    w3 = add_area(db, parent_id=west, level="grid", name="第三网格", code="010203")
    g1 = add_area(db, parent_id=east, level="grid", name="第一网格", code="010101")
    return db, dict(top=top, east=east, west=west, g3=g3, w3=w3, g1=g1)


def test_resolve_by_id_code_path_and_unique_tail(tree):
    db, a = tree
    assert resolve_area(db, a["g3"]) == a["g3"]
    assert resolve_area(db, "010103") == a["g3"]
    assert resolve_area(db, "下花园镇/东山村/第三网格") == a["g3"]
    assert resolve_area(db, "东山村/第三网格") == a["g3"]
    assert resolve_area(db, " 西河村／第三网格 ") == a["w3"]
    assert resolve_area(db, "第一网格") == a["g1"]
    assert resolve_area(db, "东山村") == a["east"]
    assert resolve_area(db, None) is None and resolve_area(db, "  ") is None
    assert area_label(db, a["g3"]) == "东山村/第三网格"


def test_ambiguous_and_unknown_are_clear_errors(tree):
    db, _ = tree
    with pytest.raises(GridkeeperError) as e:
        resolve_area(db, "第三网格")
    assert e.value.code == "ambiguous_area"
    assert "下花园镇/东山村/第三网格" in str(e.value) and "下花园镇/西河村/第三网格" in str(e.value)
    with pytest.raises(GridkeeperError) as e:
        resolve_area(db, "南坡村/第三网格")
    assert e.value.code == "no_area" and "南坡村/第三网格" in str(e.value)


def test_cli_commands_take_paths(tree, tmp_path, capsys):
    db, a = tree
    path = str(tmp_path / "t.db")
    assert main(["areas", "add", "--db", path, "--parent", "东山村", "--level", "grid", "--name", "第十二网格",
                 "--json"]) == 0
    added = json.loads(capsys.readouterr().out)
    assert added["parent_id"] == a["east"]
    assert main(["export", "--db", path, "--kind", "persons", "--area", "东山村/第三网格",
                 "--out", str(tmp_path / "p.csv")]) == 0
    capsys.readouterr()
    assert main(["export", "--db", path, "--kind", "persons", "--area", "第三网格",
                 "--out", str(tmp_path / "q.csv")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "对应多个区域" in err
    assert not (tmp_path / "q.csv").exists()


def test_data_dir_after_the_subcommand(tmp_path, capsys):
    data = tmp_path / "elsewhere"
    assert main(["init", "--role", "worker", "--name", "甲", "--unencrypted", "--data-dir", str(data)]) == 0
    assert (data / "gridkeeper.db").exists()
    assert main(["--data-dir", str(tmp_path / "d2"), "init", "--role", "worker", "--name", "乙", "--unencrypted"]) == 0
    assert (tmp_path / "d2" / "gridkeeper.db").exists()


def test_gui_without_a_display_is_one_clear_line(monkeypatch, capsys):
    import sys

    monkeypatch.setattr(sys, "platform", "linux")
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    assert main(["gui"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "没有图形显示" in err


def test_areas_list_and_keys_list_read_as_names(tree, tmp_path, capsys):
    db, a = tree
    path = str(tmp_path / "t.db")
    assert main(["areas", "list", "--db", path, "--json"]) == 0
    listed = [d["path"] for d in json.loads(capsys.readouterr().out)]
    assert listed == ["下花园镇", "下花园镇 / 东山村", "下花园镇 / 东山村 / 第一网格", "下花园镇 / 东山村 / 第三网格",
                      "下花园镇 / 西河村", "下花园镇 / 西河村 / 第三网格"]
    from gridkeeper.store.devices import upsert_device

    upsert_device(db, device_id="0123456789abcdef", name="王秀英的电脑", role="worker", age_recipient="age1x",
                  sign_public="x", fingerprint="1111 2222 3333", status="enrolled", areas=[a["g3"]])
    assert main(["keys", "list", "--db", path]) == 0
    out = capsys.readouterr().out
    assert "东山村/第三网格" in out and a["g3"] not in out
