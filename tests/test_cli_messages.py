"""The command line speaks the chosen language (its texts are catalogue messages) and its ``--json``
does not depend on it."""

from __future__ import annotations

import getpass
import io
import sys

import pytest

from gridkeeper.cli import main
from gridkeeper.store.records import create_record


def _run(capsys, lang, *argv):
    code = main(["--lang", lang, *[str(a) for a in argv]])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db_path(worker_db):
    area = create_record(worker_db, "areas", {"level": "grid", "name": "第三网格"})
    hh = create_record(worker_db, "households", {"area_id": area, "number": "010001", "address": "东山村1组1号"})
    for name in ("王秀英", "王建国"):
        create_record(worker_db, "persons", {"household_id": hh, "name": name})
    return worker_db.execute("PRAGMA database_list").fetchone()[2]


@pytest.mark.parametrize("lang, person, more, nothing", [
    ("zh", "人员", "前 1 条，共 2 条（用 --limit 显示更多）", "没有找到"),
    ("en", "person", "first 1 of 2 (use --limit to see more)", "nothing found"),
])
def test_search_reports_in_the_chosen_language(db_path, capsys, lang, person, more, nothing):
    code, out, err = _run(capsys, lang, "search", "--db", db_path, "王", "--limit", "1")
    lines = out.splitlines()
    assert code == 0, err
    assert lines[0].startswith(f"{person}\t王") and lines[1] == more
    assert _run(capsys, lang, "search", "--db", db_path, "赵钱孙")[1] == nothing + "\n"


@pytest.mark.parametrize("lang, passed, limit, bad_args", [
    ("zh", "检查通过", "gridkeeper: --limit 应为正整数", "gridkeeper: 命令行参数有误："),
    ("en", "check passed", "gridkeeper: --limit must be a positive number", "gridkeeper: bad arguments: "),
])
def test_reports_and_refusals_in_the_chosen_language(db_path, capsys, lang, passed, limit, bad_args):
    assert _run(capsys, lang, "check", "--db", db_path)[1] == passed + "\n"
    code, out, err = _run(capsys, lang, "search", "--db", db_path, "王", "--limit", "0")
    assert (code, out, err) == (2, "", limit + "\n")
    code, out, err = _run(capsys, lang, "nosuch")
    assert code == 2 and out == "" and err.startswith(bad_args)


def test_json_is_the_same_in_either_language(db_path, capsys):
    for argv in (("search", "--db", db_path, "王", "--json"), ("check", "--db", db_path, "--json"),
                 ("areas", "list", "--db", db_path, "--json")):
        zh, en = _run(capsys, "zh", *argv), _run(capsys, "en", *argv)
        assert zh == en and zh[0] == 0


@pytest.mark.parametrize("lang, prompts, mismatch", [
    ("zh", ["为数据库设置口令（至少 6 个字符）: ", "再输入一次: "], "gridkeeper: 两次输入的口令不一致\n"),
    ("en", ["Set a database passphrase (6+ characters): ", "Again: "], "gridkeeper: the passphrases do not match\n"),
])
def test_passphrase_prompts_in_the_chosen_language(tmp_path, capsys, monkeypatch, lang, prompts, mismatch):
    asked, answers = [], iter(["secret-1", "secret-2"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": asked.append(prompt) or next(answers))

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    code, out, err = _run(capsys, lang, "init", "--db", tmp_path / "new.db", "--role", "worker", "--name", "x")
    assert (code, out, err) == (2, "", mismatch) and asked == prompts
    assert not (tmp_path / "new.db").exists()
