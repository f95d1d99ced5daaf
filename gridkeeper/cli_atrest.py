"""``gridkeeper keys recover`` (encryption at rest), and the new-passphrase prompt of a database.

New passphrases come from ``GRIDKEEPER_NEW_PASSPHRASE`` or are typed twice in a terminal; the
current one from ``GRIDKEEPER_PASSPHRASE`` or typed once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .cli_io import CliError, _open, _out, _passphrase
from .domain.lang import pick



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


def new_passphrase(prompt_zh: str, prompt_en: str) -> str:
    from .store.atrest import check_new_passphrase  # lazy: start-up
    from .sync.keys import NEW_PASSPHRASE_ENV  # lazy: start-up

    if os.environ.get(NEW_PASSPHRASE_ENV):
        return check_new_passphrase(os.environ[NEW_PASSPHRASE_ENV])
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(f"需要新口令：请在终端中运行，或设置环境变量 {NEW_PASSPHRASE_ENV}",
                       f"a new passphrase is needed: run in a terminal, or set {NEW_PASSPHRASE_ENV}")
    import getpass

    first = getpass.getpass(pick(prompt_zh, prompt_en) + ": ")
    check_new_passphrase(first)
    if getpass.getpass(pick("再输入一次", "Again") + ": ") != first:
        raise CliError("两次输入的口令不一致", "the passphrases do not match")
    return first


def cmd_keys_recover(args) -> int:
    from .sync import keys as K  # lazy: start-up
    from .sync.escrow import recover_database  # lazy: start-up

    town = _open(args)
    passphrase = os.environ.get(K.PASSPHRASE_ENV) or K._session_passphrase
    if K.keys_protected(town) and not passphrase:
        passphrase = _passphrase("输入乡镇密钥口令", "Passphrase for the township keys")
    target = Path(args.target)
    new = new_passphrase("请网格员设置新的数据库口令（至少 6 个字符）",
                         "The worker sets a new database passphrase (6+ characters)")
    key_file = recover_database(town, args.device, target, new, passphrase=passphrase)
    _out(args, {"target": str(target), "key_file": str(key_file), "device_id": args.device},
         pick(f"已为 {target} 设置新口令（密钥文件 {key_file}）", f"set a new passphrase for {target} (key file {key_file})"))
    return 0
