"""``gridkeeper keys recover`` (encryption at rest), and the new-passphrase prompt of a database.

New passphrases come from ``GRIDKEEPER_NEW_PASSPHRASE`` or are typed twice in a terminal; the
current one from ``GRIDKEEPER_PASSPHRASE`` or typed once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .cli_io import CliError, _open, _out, _passphrase
from .domain.messages import M, Message



def register_keys(ksub) -> None:
    """``keys recover`` (``keys passphrase`` lives in cli_sync and changes the database's passphrase too)."""
    sp = ksub.add_parser("recover", help="township: give a worker's database a new passphrase (recovery key)")
    _common(sp)
    sp.add_argument("--device", required=True, help="the worker laptop's device id (keys list)")
    sp.add_argument("--target", required=True, help="the worker's database file (or a backup of it)")
    sp.set_defaults(func=cmd_keys_recover)


def _common(sp):
    sp.add_argument("--db")
    sp.add_argument("--json", action="store_true")


def new_passphrase(prompt: Message) -> str:
    from .store.atrest import check_new_passphrase  # lazy: start-up
    from .sync.keys import NEW_PASSPHRASE_ENV  # lazy: start-up

    if os.environ.get(NEW_PASSPHRASE_ENV):
        return check_new_passphrase(os.environ[NEW_PASSPHRASE_ENV])
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(M("cli_new_passphrase_no_terminal", env=NEW_PASSPHRASE_ENV))
    import getpass

    first = getpass.getpass(f"{prompt}: ")
    check_new_passphrase(first)
    if getpass.getpass(f"{M('cli_prompt_again')}: ") != first:
        raise CliError(M("cli_passphrases_do_not_match"))
    return first


def cmd_keys_recover(args) -> int:
    from .sync import keys as K  # lazy: start-up
    from .sync.escrow import recover_database  # lazy: start-up

    town = _open(args)
    passphrase = os.environ.get(K.PASSPHRASE_ENV) or K._session_passphrase
    if K.keys_protected(town) and not passphrase:
        passphrase = _passphrase(M("cli_prompt_township_keys_passphrase"))
    target = Path(args.target)
    new = new_passphrase(M("cli_prompt_worker_sets_new_passphrase"))
    key_file = recover_database(town, args.device, target, new, passphrase=passphrase)
    _out(args, {"target": str(target), "key_file": str(key_file), "device_id": args.device},
         M("cli_recovered", target=target, key_file=key_file))
    return 0
