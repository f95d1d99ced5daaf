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
from .domain.messages import M, Message

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
        raise CliError(M("cli_bad_arguments", message=message))


def _out(args, data, text: str | Message | None = None) -> None:
    """The report on stdout: ``--json`` or text. Names in it may come from cards, bundles or
    spreadsheets, so control and bidi characters are shown escaped (``domain.display``); callers
    escape single fields too (``_safe``) so that a name cannot start a line of its own."""
    if getattr(args, "json", False):
        sys.stdout.write(escape_json_text(json.dumps(data, ensure_ascii=False, indent=2, default=str)) + "\n")
    elif text is not None:
        text = escape_untrusted(str(text), keep="\n\t")
        sys.stdout.write(text + ("\n" if not text.endswith("\n") else ""))


def _safe(text) -> str:
    """One field of untrusted text (a device or person name) for a CLI line."""
    return escape_untrusted(text)


def _err(text) -> None:
    """The one line on stderr (untrusted text inside it escaped, newlines included)."""
    print(escape_untrusted(str(text)), file=sys.stderr)


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
            raise DatabaseError(M("cli_damaged"), code="damaged")
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
    if not good:
        return DatabaseError(M("cli_damaged_no_backup", path=path), code="damaged")
    b = good[0]
    return DatabaseError(M("cli_damaged_restore_backup", path=path, when=f"{b.created:%Y-%m-%d %H:%M}",
                           persons=b.persons, backup=b.path, command=f"gridkeeper restore --db {path} {b.path}"),
                         code="damaged")


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
        raise CliError(M("cli_encrypted_no_terminal", env=PASSPHRASE_ENV))
    for attempt in range(3):
        typed = getpass.getpass(f"{M('cli_prompt_database_passphrase', name=path.name)}: ")
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
    pp = _passphrase(M("cli_prompt_set_database_passphrase"), confirm=True)
    if not pp:
        from .sync.keys import PASSPHRASE_ENV  # lazy: start-up

        raise CliError(M("cli_new_database_needs_passphrase", env=PASSPHRASE_ENV))
    return pp


def _passphrase(prompt: Message, *, confirm: bool = False) -> str | None:
    from .sync.keys import PASSPHRASE_ENV  # lazy: start-up

    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if not _tty():
        return None
    first = getpass.getpass(f"{prompt}: ")
    if confirm and first:
        again = getpass.getpass(f"{M('cli_prompt_again')}: ")
        if again != first:
            raise CliError(M("cli_passphrases_do_not_match"))
    return first or None


def _tty() -> bool:
    return bool(sys.stdin) and sys.stdin.isatty()


def _new_passphrase(env: str, prompt: Message) -> str:
    """A new township passphrase: from ``env`` if set, else typed twice in a terminal. Empty or
    mismatched is refused; neither a terminal nor the variable is refused (the township's keys are
    always sealed). A weak one gets the strength hint on stderr."""
    from .sync.keys import passphrase_strength  # lazy: start-up

    if os.environ.get(env):
        new = os.environ[env]
    elif _tty():
        new = getpass.getpass(f"{prompt}: ")
        if not new:
            raise CliError(M("cli_township_passphrase_empty"))
        if getpass.getpass(f"{M('cli_prompt_again')}: ") != new:
            raise CliError(M("cli_passphrases_do_not_match_nothing_changed"))
    else:
        raise CliError(M("cli_township_passphrase_no_terminal", env=env))
    strength = passphrase_strength(new)
    if strength.level == 0:
        raise CliError(M("cli_township_passphrase_empty"))
    if strength.level < 3:
        print(M("cli_passphrase_strength", hint=strength.hint), file=sys.stderr)
    return new
