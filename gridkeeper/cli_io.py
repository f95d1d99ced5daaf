"""What every command shares: the database path, opening and unlocking it, passphrases typed in
the terminal, and printing a report or an error line (untrusted text escaped).

Kept apart from ``cli.py`` so the command modules (``cli_sync``, ``cli_sheets``, …) import these at
the top instead of importing ``cli`` inside each function (``cli`` registers them).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from . import paths
from .domain.display import escape_json_text, escape_untrusted
from .domain.errors import DatabaseError, GridkeeperError
from .domain.lang import pick

EXIT_ERROR = 1
EXIT_USAGE = 2


class CliError(GridkeeperError):
    code = "usage"


class _Parser(argparse.ArgumentParser):
    """Every (sub)command parser accepts ``--data-dir`` and ``--lang``, before or after the command:
    ``gridkeeper --data-dir D init …`` and ``gridkeeper init … --data-dir D`` both work."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        # the top parser sets the defaults; a subcommand's parser only overrides them when given
        default = None if kw.get("prog") == "gridkeeper" else argparse.SUPPRESS
        self.add_argument("--data-dir", default=default,
                          help="use this folder for data and backups (tests, development)")
        self.add_argument("--lang", choices=["zh", "en"], default=default, help="language of messages")

    def error(self, message):  # one clear line, not a usage dump
        raise CliError(f"命令行参数有误：{message}（用 --help 查看用法）", f"bad arguments: {message} (see --help)")


def _out(args, data, text: str | None = None) -> None:
    """The report on stdout: ``--json`` or text. Names in it may come from cards, bundles or
    spreadsheets, so control and bidi characters are shown escaped (``domain.display``); callers
    escape single fields too (``_safe``) so that a name cannot start a line of its own."""
    if getattr(args, "json", False):
        sys.stdout.write(escape_json_text(json.dumps(data, ensure_ascii=False, indent=2, default=str)) + "\n")
    elif text is not None:
        text = escape_untrusted(text, keep="\n\t")
        sys.stdout.write(text + ("\n" if not text.endswith("\n") else ""))


def _safe(text) -> str:
    """One field of untrusted text (a device or person name) for a CLI line."""
    return escape_untrusted(text)


def _err(text) -> None:
    """The one line on stderr (untrusted text inside it escaped, newlines included)."""
    print(escape_untrusted(text), file=sys.stderr)


def _db_path(args, *, default_demo=False) -> Path:
    if args.db:
        return Path(args.db)
    return paths.demo_db_path() if default_demo else paths.default_db_path()


def _open(args, *, verify: bool = True):
    """The database of ``--db`` (or the default one), checked quickly before any command uses it:
    a damaged file gets the damaged-database message (with the newest readable backup) whatever
    the command, not an error half-way through or, worse, a silent success (see ``_damaged``)."""
    from .store.db import open_db  # lazy: start-up

    path = _db_path(args)
    unlock_database(path)
    db = open_db(path)
    if verify:
        from .store import driver  # lazy: start-up

        try:
            ok = db.execute("PRAGMA quick_check(1)").fetchone()[0] == "ok"
        except driver.DatabaseError:
            ok = False
        if not ok:
            db.conn.close()
            raise DatabaseError("数据库文件已损坏", "the database file is damaged", code="damaged")
    return db


def _damaged(args) -> GridkeeperError:
    """The one damaged-database message of every command: what is wrong, and the newest backup that
    can still be read, with the command that restores it."""
    path = _db_path(args)
    try:
        from .store.backup import list_backups  # lazy: start-up

        good = [b for b in list_backups(path) if b.ok]
    except Exception:  # noqa: BLE001 - the message must come out even if the folder cannot be read
        good = []
    zh = f"数据库文件已损坏，无法使用：{path}。"
    en = f"the database file is damaged and cannot be used: {path}. "
    if good:
        b = good[0]
        when = f"{b.created:%Y-%m-%d %H:%M}"
        cmd = f"gridkeeper restore --db {path} {b.path}"
        zh += f"最近可用的备份是 {when}（{b.persons} 人）：{b.path}；恢复请运行：{cmd}（之后合并乡镇的返回包补齐数据）"
        en += (f"The newest readable backup is from {when} ({b.persons} persons): {b.path}; restore it with: "
               f"{cmd} (then merge the township's return bundle to catch up)")
    else:
        zh += "没有找到可用的备份：请向乡镇索取返回包，在新数据库中合并。"
        en += "No readable backup was found: ask the township for a return bundle and merge it into a new database."
    return DatabaseError(zh, en, code="damaged")


def area_arg(db, text):
    """An ``--area``/``--parent`` value (id, code or path of names) → the area id; None stays None."""
    from .store.areas import resolve_area  # lazy: start-up

    return resolve_area(db, text)


def unlock_database(path: Path) -> None:
    """An encrypted database: unlock it with ``GRIDKEEPER_PASSPHRASE`` or a passphrase typed in
    the terminal (three tries); no terminal and no variable is one clear error."""
    from .store import atrest  # lazy: start-up
    from .sync.keys import PASSPHRASE_ENV, remember_passphrase  # lazy: start-up

    if not atrest.needs_passphrase(path):
        return
    if os.environ.get(PASSPHRASE_ENV):
        atrest.unlock(path, os.environ[PASSPHRASE_ENV])
        return
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(f"数据库已加密：请在终端中运行以输入口令，或设置环境变量 {PASSPHRASE_ENV}",
                       f"the database is encrypted: run in a terminal to type its passphrase, or set {PASSPHRASE_ENV}")
    for attempt in range(3):
        typed = getpass.getpass(pick(f"数据库口令（{path.name}）", f"Database passphrase ({path.name})") + ": ")
        try:
            atrest.unlock(path, typed)
        except atrest.WrongPassphrase as e:
            if attempt == 2:
                raise
            print(str(e), file=sys.stderr)
            continue
        remember_passphrase(typed)  # a township's keys usually share it: not asked twice
        return


def _new_db_passphrase(args) -> str | None:
    """The passphrase for a new database: the variable, or typed twice; None with --unencrypted."""
    if getattr(args, "unencrypted", False):
        return None
    pp = _passphrase("为数据库设置口令（至少 6 个字符）", "Set a database passphrase (6+ characters)", confirm=True)
    if not pp:
        from .sync.keys import PASSPHRASE_ENV  # lazy: start-up

        raise CliError(f"新数据库需要设置口令：请在终端中运行，或设置环境变量 {PASSPHRASE_ENV}",
                       f"a new database needs a passphrase: run in a terminal, or set {PASSPHRASE_ENV}")
    return pp


def _passphrase(prompt_zh: str, prompt_en: str, *, confirm: bool = False) -> str | None:
    from .sync.keys import PASSPHRASE_ENV  # lazy: start-up

    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if not _tty():
        return None
    first = getpass.getpass(pick(prompt_zh, prompt_en) + ": ")
    if confirm and first:
        again = getpass.getpass(pick("再输入一次", "Again") + ": ")
        if again != first:
            raise CliError("两次输入的口令不一致", "the passphrases do not match")
    return first or None


def _tty() -> bool:
    return bool(sys.stdin) and sys.stdin.isatty()


def _new_passphrase(env: str, prompt_zh: str, prompt_en: str) -> str:
    """A new township passphrase: from ``env`` if set, else typed twice in a terminal. Empty or
    mismatched is refused; neither a terminal nor the variable is refused (the township's keys are
    always sealed). A weak one gets the strength hint on stderr."""
    from .sync.keys import passphrase_strength  # lazy: start-up

    if os.environ.get(env):
        new = os.environ[env]
    elif _tty():
        new = getpass.getpass(pick(prompt_zh, prompt_en) + ": ")
        if not new:
            raise CliError("口令不能为空：乡镇密钥必须设置口令", "the passphrase cannot be empty: the township keys "
                           "must be protected")
        if getpass.getpass(pick("再输入一次", "Again") + ": ") != new:
            raise CliError("两次输入的口令不一致，什么都没有改变", "the passphrases do not match; nothing was changed")
    else:
        raise CliError(f"乡镇密钥必须设置口令：请在终端中运行，或设置环境变量 {env}；什么都没有创建或改变",
                       f"the township keys must be protected by a passphrase: run this in a terminal or set {env}; "
                       "nothing was created or changed")
    strength = passphrase_strength(new)
    if strength.level == 0:
        raise CliError("口令不能为空：乡镇密钥必须设置口令", "the passphrase cannot be empty: the township keys "
                       "must be protected")
    if strength.level < 3:
        print(pick(f"口令强度：{strength.zh}", f"passphrase strength: {strength.en}"), file=sys.stderr)
    return new
