"""The command line (DESIGN §7): the same service functions the GUI calls.

Every command takes ``--db PATH``; reporting commands take ``--json``. Success exits 0; any error
prints one clear line on stderr, in the user's language, and exits non-zero — never a traceback
(an unexpected error is logged to the data folder and summarised in one line).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .cli_io import (CliError, EXIT_ERROR, EXIT_USAGE, _Parser, _damaged, _db_path, _err, _new_db_passphrase,
                     _new_passphrase, _open, _out, _safe, unlock_database)
from .domain.errors import DatabaseError, GridkeeperError
from .domain.lang import set_language
from .domain.messages import M, Message

# -- commands ---------------------------------------------------------------------------------

def cmd_init(args) -> int:
    from .sync.keys import PASSPHRASE_ENV  # lazy: start-up
    from .sync.new_database import init_database  # lazy: start-up

    path = _db_path(args)
    passphrase = None
    if args.role == "township":  # asked before anything is created: refused means nothing on disk
        passphrase = _new_passphrase(PASSPHRASE_ENV, M("cli_prompt_township_passphrase"))
    db_passphrase = None if args.unencrypted else (passphrase or _new_db_passphrase(args))
    db = init_database(path, role=args.role, name=args.name, passphrase=passphrase, db_passphrase=db_passphrase)
    from .store.devices import get_device, self_device  # lazy: start-up

    me = self_device(db)
    fp = get_device(db, me.device_id)["fingerprint"]
    _out(args, {"db": str(path), "device_id": me.device_id, "name": me.name, "role": me.role, "fingerprint": fp,
                "keys_protected": bool(passphrase)},
         M("cli_created_database", path=path, name=_safe(me.name), role=me.role, role_label=_role_label(me.role),
           fingerprint=fp))
    return 0


def _role_label(role: str) -> Message:
    return M("cli_role_township") if role == "township" else M("cli_role_worker")


def cmd_demo(args) -> int:
    import time

    from .store.demo import build_demo  # lazy: start-up
    from .sync.new_database import init_database  # lazy: start-up

    path = _db_path(args, default_demo=True)
    if args.open and path.exists():
        return _run_gui(path)
    role = args.role or ("township" if args.scale == "township" else "worker")
    name = str(M("cli_demo_township_name") if role == "township" else M("cli_demo_worker_name"))
    t0 = time.perf_counter()
    db = init_database(path, role=role, name=name)
    res = build_demo(db, scale=args.scale, seed=args.seed)
    if role == "worker":
        from .store.devices import assign_self_areas  # lazy: start-up

        assign_self_areas(db, res.grid_ids[:1])
    from .store.meta import set_meta  # lazy: start-up

    set_meta(db, "demo", "1")  # a demo stays unencrypted and says so (ui.app.is_demo)
    elapsed = time.perf_counter() - t0
    db.conn.close()
    data = dict(res.as_dict(), db=str(path), role=role, scale=args.scale, seconds=round(elapsed, 2))
    _out(args, data, M("cli_demo_ready", path=path, households=res.households, persons=res.persons,
                       care_subjects=res.care_subjects, visits=res.visits, disputes=res.disputes, seconds=elapsed))
    if args.open:
        return _run_gui(path)
    return 0


def cmd_search(args) -> int:
    from .store.search import needs_refresh, refresh_search_index, search_page  # lazy: start-up

    if args.limit is not None and args.limit <= 0:
        raise CliError(M("cli_limit_must_be_positive"))
    db = _open(args)
    if needs_refresh(db):  # a database indexed by an older version of the app
        refresh_search_index(db)
    page = search_page(db, args.query, limit=args.limit or 50)
    results = page.results
    kinds = {"person": str(M("cli_search_kind_person")), "household": str(M("cli_search_kind_household")),
             "house": str(M("cli_search_kind_house"))}
    text = "\n".join(f"{kinds[r['kind']]}\t{_safe(r['name'])}\t{_safe(r['detail'] or '')}\t{r['id']}"
                     for r in results) \
        or str(M("cli_search_nothing_found"))
    if page.more:
        text += "\n" + str(M("cli_search_first_of_total", shown=len(results), total=page.total))
    _out(args, results, text)
    return 0


def cmd_check(args) -> int:
    from .store.check import check_database  # lazy: start-up

    db = _open(args, verify=False)  # the full check below finds damage itself (and reports it)
    rep = check_database(db)
    lines = [str(M("cli_check_passed") if rep.ok else M("cli_check_failed"))]
    lines += [str(M("cli_check_error", error=e)) for e in rep.errors]
    lines += [str(M("cli_check_warning", warning=w)) for w in rep.warnings]
    _out(args, rep.as_dict(), "\n".join(lines))
    if rep.damaged:
        _err(f"gridkeeper: {_damaged(args)}")
        return EXIT_ERROR
    if not rep.ok:
        _err(rep.errors[0])
        return EXIT_ERROR
    return 0


def cmd_backup(args) -> int:
    from datetime import datetime

    from .paths import backups_dir_for  # lazy: start-up
    from .store.backup import backup_to, list_backups  # lazy: start-up

    path = _db_path(args)
    if args.list:
        unlock_database(path)
        backups = [b.as_dict() for b in list_backups(path)]
        _out(args, backups, "\n".join(str(M("cli_backup_line", created=b['created'], kind=b['kind'],
                                                persons=b['persons'] or 0, path=b['path'])) for b in backups)
             or M("cli_no_backups_yet"))
        return 0
    from .store.files import private_dir  # lazy: start-up

    db = _open(args)
    out = Path(args.out) if args.out else private_dir(backups_dir_for(path)) / f"manual-{datetime.now():%Y%m%d-%H%M%S}.db"
    backup_to(db, out)
    key_file = None
    if args.out:  # carried away: its key file (passphrase-wrapped) goes with it
        from .store.atrest import copy_sidecar  # lazy: start-up

        key_file = copy_sidecar(path, out)
    _out(args, {"backup": str(out), "key_file": str(key_file) if key_file else None},
         M("cli_backed_up_with_key_file", out=out, key_file=key_file.name) if key_file
         else M("cli_backed_up", out=out))
    return 0


def cmd_restore(args) -> int:
    from .store.restore import restore_backup  # lazy: start-up

    path = _db_path(args)
    if path.exists():
        unlock_database(path)
    kept = restore_backup(path, Path(args.backup), allow_other_device=args.other_device)
    undo = (f"gridkeeper restore --db {path} {kept}" + (" --other-device" if args.other_device else "")) if kept else ""
    _out(args, {"restored": str(args.backup), "previous_state_kept": str(kept) if kept else None,
                "undo": undo or None},
         M("cli_restored_undo", backup=args.backup, kept=kept, undo=undo) if undo
         else M("cli_restored", backup=args.backup, kept=kept))
    return 0


def no_display() -> bool:
    """Linux/BSD without X11 or Wayland and no Qt platform chosen: Qt would abort with a core dump."""
    if sys.platform.startswith(("win", "darwin")) or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _run_gui(path: Path | None) -> int:
    if no_display():
        raise GridkeeperError(M("no_display"), code="no_display")
    # The window's Qt-free modules first: once PySide6 is loaded, its import hook reads the source
    # of every module imported after it (to look for ``from __feature__``), which start-up pays.
    from .store import (areas, care, db, devices, disputes, households, meta,  # noqa: F401 - lazy: start-up
                        records, search)
    from .ui.app import run_gui  # lazy: start-up

    return run_gui(str(path) if path else None)


def cmd_gui(args) -> int:
    return _run_gui(Path(args.db) if args.db else None)


def cmd_smoke(args) -> int:
    from .smoke import run_smoke_test  # lazy: start-up

    return run_smoke_test()


# -- parser -----------------------------------------------------------------------------------

def build_parser(*, gui_only: bool = False) -> argparse.ArgumentParser:
    """Every command; with ``gui_only`` just ``gui`` (``gridkeeper`` and ``gridkeeper gui …`` open the
    window sooner without building the other commands' parsers and importing their modules)."""
    p = _Parser(prog="gridkeeper", description=str(M("cli_description")))  # rendered now: --lang comes first
    p.add_argument("--version", action="version", version=f"gridkeeper {__version__}")
    p.add_argument("--smoke-test", action="store_true", help="headless self-test of the installed app")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    def add(name, func, help_, *, json_=True):
        sp = sub.add_parser(name, help=help_)
        sp.add_argument("--db", help="database file")
        if json_:
            sp.add_argument("--json", action="store_true", help="machine-readable report on stdout")
        sp.set_defaults(func=func)
        return sp

    if gui_only:
        add("gui", cmd_gui, "open the desktop app", json_=False)
        return p
    sp = add("init", cmd_init, "create a new empty database and this device's keys")
    sp.add_argument("--role", required=True, choices=["worker", "township"])
    sp.add_argument("--name", required=True)
    sp.add_argument("--unencrypted", action="store_true",
                    help="a plain database file (demos, tests); the app offers to encrypt it at start")

    sp = add("demo", cmd_demo, "create a realistic demo database")
    sp.add_argument("--role", choices=["worker", "township"])
    sp.add_argument("--scale", choices=["grid", "township"], default="grid")
    sp.add_argument("--seed", type=int, default=1)
    sp.add_argument("--open", action="store_true", help="open the GUI on it (reuse it if it exists)")

    sp = add("search", cmd_search, "find persons, households and houses")
    sp.add_argument("query")
    sp.add_argument("--limit", type=int)

    add("check", cmd_check, "integrity check of the database and its sync state")

    sp = add("backup", cmd_backup, "a consistent copy of the database now")
    sp.add_argument("--out", help="file to write (e.g. on a USB stick); default: the backups folder")
    sp.add_argument("--list", action="store_true", help="list the backups with their dates and record counts")
    sp = add("restore", cmd_restore, "put a backup back (keeping a copy of the current state first)")
    sp.add_argument("backup")
    sp.add_argument("--other-device", action="store_true",
                    help="the backup is from another device (another laptop or township): replace this one anyway")

    add("gui", cmd_gui, "open the desktop app", json_=False)
    _register_more(sub, add)
    return p


def _register_more(sub, add) -> None:
    """Commands that live in their own modules (keys, bundle, ledger, import, export)."""
    for modname in ("gridkeeper.cli_sync", "gridkeeper.cli_ledger", "gridkeeper.cli_sheets", "gridkeeper.cli_areas"):
        try:
            mod = __import__(modname, fromlist=["register"])
        except ModuleNotFoundError as e:
            if e.name == modname:
                continue
            raise
        mod.register(sub, add)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--lang" in argv:
        i = argv.index("--lang")
        if i + 1 < len(argv):
            set_language(argv[i + 1])
    from .store import driver  # lazy: start-up

    args = None
    try:
        args = build_parser(gui_only=not argv or argv[0] == "gui").parse_args(argv)
        if args.lang:
            set_language(args.lang)
        if args.data_dir:
            from . import paths  # lazy: start-up

            paths.set_data_dir(args.data_dir)
        if args.smoke_test:
            return cmd_smoke(args)
        if not getattr(args, "command", None):
            return _run_gui(None)
        return args.func(args) or 0
    except driver.DatabaseError as e:  # raised outside a transaction(): same mapping as inside one
        from .store.db import storage_error  # lazy: start-up

        err = storage_error(e)
        if err is None and isinstance(e, driver.OperationalError):
            return _unexpected(e)
        if err is None or err.code == "damaged":
            err = _damaged(args) if args is not None and hasattr(args, "db") else \
                (err or DatabaseError(M("cli_damaged"), code="damaged"))
        _err(f"gridkeeper: {err}")
        return EXIT_ERROR
    except GridkeeperError as e:
        if getattr(e, "code", "") == "damaged" and args is not None and hasattr(args, "db"):
            e = _damaged(args)
        _err(f"gridkeeper: {e}")
        return EXIT_USAGE if isinstance(e, CliError) else EXIT_ERROR
    except KeyboardInterrupt:
        print(M("cli_cancelled"), file=sys.stderr)
        return 130
    except OSError as e:
        _err(M("cli_file_operation_failed", reason=e.strerror or e, file=e.filename or ''))
        return EXIT_ERROR
    except Exception as e:  # noqa: BLE001 - the last line of defence: log, one line, non-zero
        return _unexpected(e)


def _unexpected(e: BaseException) -> int:
    log = _log_unexpected()
    _err(M("cli_unexpected_error", error_type=type(e).__name__, error=e, log=log))
    return EXIT_ERROR


def _log_unexpected() -> str:
    import traceback

    try:
        from . import paths  # lazy: start-up

        from .store.files import open_private_text  # lazy: start-up

        log = paths.data_dir() / "gridkeeper-errors.log"
        with open_private_text(log, "a") as f:  # tracebacks may quote personal data
            traceback.print_exc(file=f)
        return str(log)
    except Exception:  # noqa: BLE001
        return "(no log)"


def gui_main() -> int:
    return main(sys.argv[1:] or ["gui"])


if __name__ == "__main__":
    sys.exit(main())
