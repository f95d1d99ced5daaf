"""The command line: township keys always sealed (init refuses without a passphrase, keys
passphrase changes it), untrusted names printed escaped, and a damaged database gets the same
message — with the newest readable backup — on every command."""

from __future__ import annotations

import io
import sys

import pytest

from gridkeeper.domain.display import escape_json_text, escape_untrusted
from gridkeeper.store.db import open_db
from tests.test_sync_e2e import Township, gk

EVIL = "李明\x1b[2J\x1b]0;pwned\x07\u202eexe.jpg\u2066x\u2069\r\nFAKE LINE\x9b"
EVIL_SHOWN = "李明\\x1b[2J\\x1b]0;pwned\\x07\\u202eexe.jpg\\u2066x\\u2069\\x0d\\x0aFAKE LINE\\x9b"


# -- the helper -----------------------------------------------------------------------------------

def test_escape_untrusted():
    assert escape_untrusted(EVIL) == EVIL_SHOWN
    assert escape_untrusted("王秀英 𠮷 (A-1) 110101194001011234") == "王秀英 𠮷 (A-1) 110101194001011234"
    assert escape_untrusted("a\tb\nc\u202a\u202b\u202c\u202d\u2067\u2068\u200e\u200f\u061c\u2028\x7f") == \
        "a\\x09b\\x0ac\\u202a\\u202b\\u202c\\u202d\\u2067\\u2068\\u200e\\u200f\\u061c\\u2028\\x7f"
    assert escape_untrusted("a\tb\nc\x1b", keep="\n\t") == "a\tb\nc\\x1b"
    assert escape_untrusted(None) == ""


def test_escape_json_text_keeps_the_value():
    import json

    dumped = json.dumps({"name": EVIL}, ensure_ascii=False)
    safe = escape_json_text(dumped)
    assert json.loads(safe) == {"name": EVIL}
    assert not any(c in safe for c in "\x1b\u202e\u2066\u2069\x9b")


# -- township passphrase ------------------------------------------------------------------------

def test_township_init_without_terminal_or_passphrase_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))          # not a terminal
    err = gk("init", "--db", tmp_path / "t.db", "--role", "township", "--name", "乡镇", "--unencrypted", expect=2)
    assert err == ("gridkeeper: 乡镇密钥必须设置口令：请在终端中运行，或设置环境变量 GRIDKEEPER_PASSPHRASE；"
                   "什么都没有创建或改变\n")
    assert list(tmp_path.iterdir()) == []
    gk("init", "--db", tmp_path / "w.db", "--role", "worker", "--name", "网格员电脑")   # workers need none


def test_township_init_with_the_variable_seals_the_keys(tmp_path, monkeypatch):
    from gridkeeper.sync.identity import keys_protected

    monkeypatch.setenv("GRIDKEEPER_PASSPHRASE", "abc")
    err = gk("init", "--db", tmp_path / "t.db", "--role", "township", "--name", "乡镇", "--unencrypted")
    assert err == "口令强度：弱：太短或太单一。建议至少 10 个字符，混合汉字、字母、数字或符号\n"
    db = open_db(tmp_path / "t.db")
    assert keys_protected(db)
    db.conn.close()


def test_township_init_in_a_terminal_asks_twice(tmp_path, monkeypatch):
    import getpass

    from gridkeeper import cli

    monkeypatch.setattr(cli, "_tty", lambda: True)
    answers = iter(["东山村网格2026!", "东山村网格2026?"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    err = gk("init", "--db", tmp_path / "t.db", "--role", "township", "--name", "乡镇", "--unencrypted", expect=2)
    assert err == "gridkeeper: 两次输入的口令不一致，什么都没有改变\n" and not (tmp_path / "t.db").exists()
    answers = iter(["", ""])
    err = gk("init", "--db", tmp_path / "t.db", "--role", "township", "--name", "乡镇", "--unencrypted", expect=2)
    assert err == "gridkeeper: 口令不能为空：乡镇密钥必须设置口令\n" and not (tmp_path / "t.db").exists()
    answers = iter(["东山村网格2026!", "东山村网格2026!"])
    assert gk("init", "--db", tmp_path / "t.db", "--role", "township", "--name", "乡镇", "--unencrypted") == ""


def test_keys_passphrase_from_the_environment(tmp_path, monkeypatch):
    from gridkeeper.sync.identity import load_device_keys

    db_path = tmp_path / "t.db"
    monkeypatch.setenv("GRIDKEEPER_PASSPHRASE", "旧口令 old-2026")
    gk("init", "--db", db_path, "--role", "township", "--name", "乡镇")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    err = gk("keys", "passphrase", "--db", db_path, expect=2)       # no new passphrase anywhere
    assert err == ("gridkeeper: 乡镇密钥必须设置口令：请在终端中运行，或设置环境变量 GRIDKEEPER_NEW_PASSPHRASE；"
                   "什么都没有创建或改变\n")
    monkeypatch.setenv("GRIDKEEPER_NEW_PASSPHRASE", "新口令 new-2026")
    monkeypatch.setenv("GRIDKEEPER_PASSPHRASE", "错误口令")
    err = gk("keys", "passphrase", "--db", db_path, expect=1)
    assert err == "gridkeeper: 口令不正确，无法打开本机密钥。请重新输入。\n"
    db = open_db(db_path)
    assert load_device_keys(db, "旧口令 old-2026").role == "township"     # unchanged
    db.conn.close()
    monkeypatch.setenv("GRIDKEEPER_PASSPHRASE", "旧口令 old-2026")
    assert gk("keys", "passphrase", "--db", db_path, "--json") == {"changed": True}
    db = open_db(db_path)
    assert load_device_keys(db, "新口令 new-2026").role == "township"
    with pytest.raises(Exception):
        load_device_keys(db, "旧口令 old-2026")
    db.conn.close()


def test_keys_passphrase_has_nothing_to_change_on_a_plain_worker_database(tmp_path):
    from gridkeeper.sync.identity import init_database

    init_database(tmp_path / "plain.db", role="worker", name="网格员电脑").conn.close()  # (an encrypted one
    err = gk("keys", "passphrase", "--db", tmp_path / "plain.db", expect=1)        # has: tests/test_atrest.py)
    assert err == ("gridkeeper: 网格员电脑的密钥不设口令（电脑要能随时导出同步包），这个数据库也没有加密：没有口令可改\n")


# -- untrusted names ----------------------------------------------------------------------------

def test_keys_import_and_list_show_names_escaped(tmp_path, monkeypatch):
    from gridkeeper.store.enrolment import list_devices
    from gridkeeper.sync.enrol import export_card
    from gridkeeper.sync.identity import init_database

    t = Township(tmp_path, workers=1)
    evil = init_database(tmp_path / "evil.db", role="worker", name=EVIL)
    export_card(evil, tmp_path / "evil.gkpub")
    evil.conn.close()
    import contextlib

    from gridkeeper.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["keys", "import", "--db", str(t.town), str(tmp_path / "evil.gkpub"), "--area", t.grids[0]]) == 0
    assert f"已导入“{EVIL_SHOWN}”" in out.getvalue()
    assert not any(c in out.getvalue() for c in "\x1b\u202e\u2066\r\x9b") and out.getvalue().count("\n") == 1
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["keys", "list", "--db", str(t.town)]) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and sum(EVIL_SHOWN in line for line in lines) == 1
    assert not any(c in out.getvalue() for c in "\x1b\u202e\u2066\r\x9b")
    listed = gk("keys", "list", "--db", t.town, "--json")
    assert EVIL in [d["name"] for d in listed]                      # the JSON keeps the real value
    db = open_db(t.town)
    assert EVIL in [d["name"] for d in list_devices(db)]
    db.conn.close()


def test_merge_report_and_errors_show_the_sender_escaped(tmp_path):
    import contextlib

    from gridkeeper.cli import main
    from gridkeeper.store.enrolment import revoke_device

    t = Township(tmp_path, workers=1)
    db = open_db(t.workers[0])
    db.execute("UPDATE devices SET name = ? WHERE status = 'self'", [EVIL])
    db.conn.close()
    town = open_db(t.town)
    town.execute("UPDATE devices SET name = ? WHERE status = 'enrolled'", [EVIL])
    wid = town.execute("SELECT device_id FROM devices WHERE status = 'enrolled'").fetchone()[0]
    town.conn.close()
    bundle = t.send_in(0)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["bundle", "merge", "--db", str(t.town), str(bundle)]) == 0
    assert not any(c in out.getvalue() for c in "\x1b\u202e\u2066\r\x9b")
    town = open_db(t.town)
    revoke_device(town, wid)
    town.conn.close()
    err = gk("bundle", "export", "--db", t.town, "--for", wid, "--out", tmp_path / "x.gkb", expect=1)
    assert EVIL_SHOWN in err and not any(c in err for c in "\x1b\u202e\u2066\r\x9b")
    assert err.count("\n") == 1


# -- a damaged database, every command ----------------------------------------------------------

COMMANDS = [
    ("search", "张"),
    ("keys", "list"),
    ("ledger", "--kind", "households", "--month", "2026-11", "--out", "{tmp}/l.pdf"),
    ("export", "--kind", "persons", "--out", "{tmp}/p.xlsx"),
    ("check",),
    ("bundle", "export", "--out", "{tmp}/b.gkb"),
    ("keys", "export", "--out", "{tmp}/c.gkpub"),
    ("backup",),
    ("areas", "list"),
]


def _damage(path, where):
    data = bytearray(path.read_bytes())
    if where == "header":
        data[0:16] = bytes(b ^ 0xFF for b in data[0:16])
    else:   # a b-tree page in the middle of the file: its header and cell pointers
        page = 4096 * (len(data) // 4096 // 2)
        for i in range(page, page + 48):
            data[i] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("where", ["header", "page"])
def test_a_damaged_database_gets_one_message_on_every_command(grid_demo_db, tmp_path, where):
    from gridkeeper.store.backup import backup_before

    path = tmp_path / "grid-demo.db"
    good = backup_before(grid_demo_db, "merge")
    grid_demo_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    grid_demo_db.conn.close()
    _damage(path, where)
    from gridkeeper.store.backup import list_backups

    [b] = list_backups(path)
    expected = (f"gridkeeper: 数据库文件已损坏，无法使用：{path}。最近可用的备份是 {b.created:%Y-%m-%d %H:%M}"
                f"（{b.persons} 人）：{good}；恢复请运行：gridkeeper restore --db {path} {good}"
                f"（之后合并乡镇的返回包补齐数据）\n")
    for cmd in COMMANDS:
        args = [a.format(tmp=tmp_path) for a in cmd]
        err = gk(*args[:2] if args[0] in ("keys", "bundle", "areas") else args[:1], "--db", path,
                 *(args[2:] if args[0] in ("keys", "bundle", "areas") else args[1:]), expect=1)
        assert err == expected, cmd
    # and the advice works
    gk("restore", "--db", path, good)
    assert gk("check", "--db", path) == ""


def test_a_damaged_database_without_backups(worker_db, tmp_path):
    path = tmp_path / "worker-0.db"
    worker_db.conn.close()
    _damage(path, "header")
    err = gk("search", "--db", path, "张", expect=1)
    assert err == (f"gridkeeper: 数据库文件已损坏，无法使用：{path}。没有找到可用的备份：请向乡镇索取返回包，"
                   "在新数据库中合并。\n")


def test_import_report_shows_sheet_text_escaped(worker_db, tmp_path, capsys):
    """Names and cell values from a spreadsheet print escaped in the dry-run plan and the bad-row lines."""
    from gridkeeper.cli import main
    from tests.test_importer import make_roster, setup_areas, write_csv

    areas = setup_areas(worker_db)
    rows = make_roster(2)
    rows[0]["姓名"] = "王\x1b[31m芳\u202e"
    rows[1]["联系电话"] = "138\x1b[2J\u2066"
    sheet = tmp_path / "r.csv"
    write_csv(sheet, rows)
    main(["import", "--db", str(tmp_path / "worker-0.db"), str(sheet), "--area", areas["east3"], "--dry-run"])
    out = capsys.readouterr()
    text = out.out + out.err
    assert not any(c in text for c in "\x1b\u202e\u2066")
    assert "\\x1b" in text
