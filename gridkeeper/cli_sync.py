"""``gridkeeper keys …`` and ``gridkeeper bundle …``."""

from __future__ import annotations

from pathlib import Path

from .cli_atrest import new_passphrase, register_keys
from .cli_io import _Parser, _db_path, _err, _new_passphrase, _open, _out, _passphrase, _safe, area_arg
from .domain.errors import GridkeeperError
from .domain.messages import M


def register(sub, add) -> None:
    keys = sub.add_parser("keys", help="device keys and enrolment")
    ksub = keys.add_subparsers(dest="keys_command", parser_class=_Parser, required=True)
    sp = ksub.add_parser("export", help="this device's public card or enrolment request")
    _common(sp)
    sp.add_argument("--out", required=True)
    sp.set_defaults(func=cmd_keys_export)
    sp = ksub.add_parser("import", help="trust a township card / accept an enrolment request")
    _common(sp)
    sp.add_argument("file")
    sp.add_argument("--area", action="append", default=[],
                    help="an area to assign (repeatable): id, code or path of names such as 东山村/第三网格")
    sp.set_defaults(func=cmd_keys_import)
    sp = ksub.add_parser("list", help="this device and every known device")
    _common(sp)
    sp.set_defaults(func=cmd_keys_list)
    sp = ksub.add_parser("revoke", help="refuse a device's bundles from now on")
    _common(sp)
    sp.add_argument("device")
    sp.set_defaults(func=cmd_keys_revoke)
    sp = ksub.add_parser("passphrase", help="change the passphrase of the database and of the township's keys (old "
                         "and new: asked in a terminal, or GRIDKEEPER_PASSPHRASE and GRIDKEEPER_NEW_PASSPHRASE)")
    _common(sp)
    sp.set_defaults(func=cmd_keys_passphrase)

    register_keys(ksub)  # keys recover (encryption at rest)

    bundle = sub.add_parser("bundle", help="sync bundles")
    bsub = bundle.add_subparsers(dest="bundle_command", parser_class=_Parser, required=True)
    sp = bsub.add_parser("export", help="write a bundle")
    _common(sp)
    sp.add_argument("--out", required=True, help="file or folder (a name is suggested in a folder)")
    sp.add_argument("--for", dest="for_device")
    sp.set_defaults(func=cmd_bundle_export)
    sp = bsub.add_parser("merge", help="verify, decrypt and merge bundles")
    _common(sp)
    sp.add_argument("files", nargs="+")
    sp.set_defaults(func=cmd_bundle_merge)


def _common(sp):
    sp.add_argument("--db")
    sp.add_argument("--json", action="store_true")


def _passphrase_if_needed(db):
    from .sync import keys as K  # lazy: start-up

    if K.keys_protected(db):
        if K._session_passphrase:  # typed once already to unlock the database
            return K._session_passphrase
        return _passphrase(M("cli_prompt_township_keys_passphrase"))
    return None


def cmd_keys_export(args) -> int:
    from .sync.enrolment import export_card  # lazy: start-up

    db = _open(args)
    card = export_card(db, args.out)
    kind = M("cli_card_township") if card["kind"] == "township-card" else M("cli_card_enrolment_request")
    _out(args, {"file": args.out, "kind": card["kind"], "device_id": card["device_id"], "name": card["name"],
                "fingerprint": card["fingerprint"], "areas": card["areas"]},
         M("cli_card_written", card=kind, out=args.out, fingerprint=card["fingerprint"]))
    return 0


def cmd_keys_import(args) -> int:
    from .sync.enrolment import import_card  # lazy: start-up

    db = _open(args)
    areas = [area_arg(db, a) for a in args.area]
    card = import_card(db, args.file, areas=areas)
    _out(args, {"device_id": card["device_id"], "name": card["name"], "role": card["role"],
                "fingerprint": card["fingerprint"], "areas": areas},
         M("cli_card_imported", name=_safe(card["name"]), device_id=card["device_id"],
           fingerprint=card["fingerprint"]))
    return 0


def cmd_keys_list(args) -> int:
    from .store.areas import area_label  # lazy: start-up
    from .store.devices import list_devices  # lazy: start-up

    db = _open(args)
    devices = list_devices(db)
    for d in devices:       # people read area names; --json keeps the ids too
        d["area_names"] = [area_label(db, a) for a in d["areas"]]
    lines = [_safe(f"{d['device_id']}  {d['name'] or ''}  {d['role'] or ''}  {d['fingerprint'] or ''}  "
                   f"{d['status']}  {'、'.join(d['area_names'])}") for d in devices]
    _out(args, devices, "\n".join(lines))
    return 0


def cmd_keys_revoke(args) -> int:
    from .store.devices import revoke_device, self_device  # lazy: start-up

    db = _open(args)
    if self_device(db).role != "township":
        raise GridkeeperError(M("not_township:only_the_township_revokes"), code="not_township")
    dev = revoke_device(db, args.device, prefix=True)  # typed by a person: a unique prefix will do
    _out(args, {"device_id": dev["device_id"], "name": dev["name"], "status": "revoked"},
         M("cli_device_revoked", name=_safe(dev["name"])))
    return 0


def cmd_keys_passphrase(args) -> int:
    """The old passphrase from GRIDKEEPER_PASSPHRASE or the terminal (checked before the new one is
    asked), the new one from GRIDKEEPER_NEW_PASSPHRASE or typed twice. Nothing changes on any error.

    With encryption at rest it changes the database's passphrase too (only its key file is
    rewritten: ``store.atrest.change_db_passphrase``); a worker laptop has only that one."""
    import os

    from .store import atrest  # lazy: start-up
    from .store.devices import self_device  # lazy: start-up
    from .sync import keys as K  # lazy: start-up
    from .sync.keys import NEW_PASSPHRASE_ENV, keys_protected, load_device_keys, set_passphrase  # lazy: start-up

    db = _open(args)
    path = _db_path(args)
    encrypted = atrest.is_encrypted(path)
    township = self_device(db).role == "township"
    if not township and not encrypted:
        raise GridkeeperError(M("not_township:no_passphrase_to_change"), code="not_township")
    old = None
    if (township and keys_protected(db)) or encrypted:
        old = (os.environ.get(K.PASSPHRASE_ENV) or K._session_passphrase
               or _passphrase(M("cli_prompt_current_passphrase")))
        if old is None:
            raise GridkeeperError(M("passphrase_required:the_current_passphrase_is_needed", env=K.PASSPHRASE_ENV),
                                  code="passphrase_required")
        if township and keys_protected(db):
            load_device_keys(db, old)  # a wrong old passphrase is refused before the new one is asked
        if encrypted:
            atrest.unlock(path, old)
    if township:
        new = _new_passphrase(NEW_PASSPHRASE_ENV, M("cli_prompt_new_passphrase"))
    else:
        new = new_passphrase(M("cli_prompt_new_database_passphrase"))
    if encrypted:
        atrest.check_new_passphrase(new)  # before anything changes
    if township:
        set_passphrase(db, old, new)
    db.conn.close()
    if encrypted:
        atrest.change_db_passphrase(path, old, new)
    K.remember_passphrase(new)
    what = M("cli_what_database_and_township_keys") if township and encrypted \
        else M("cli_what_township_keys") if township else M("cli_what_database")
    _out(args, {"changed": True}, M("cli_passphrase_changed", what=what))
    return 0


def cmd_bundle_export(args) -> int:
    from .sync.service import export_bundle  # lazy: start-up

    db = _open(args)
    for_device = args.for_device
    if for_device:  # typed by a person: a unique prefix of an enrolled device will do
        from .store.devices import get_device  # lazy: start-up

        for_device = get_device(db, for_device, prefix=True)["device_id"]
    res = export_bundle(db, args.out, for_device=for_device, passphrase=_passphrase_if_needed(db))
    total = sum(res.counts.values())
    _out(args, res.as_dict(), M("cli_bundle_exported", path=res.path, records=total, kilobytes=res.size // 1024))
    return 0


def cmd_bundle_merge(args) -> int:
    from .sync.service import merge_bundles, outcome_line  # lazy: start-up

    db = _open(args)
    # each merge brings the search index up to date inside its own transaction
    outcomes = merge_bundles(db, [Path(f) for f in args.files], passphrase=_passphrase_if_needed(db))
    data = [o.as_dict() for o in outcomes]
    if getattr(args, "json", False):
        _out(args, _json_report(data))
    else:
        _out(args, data, "\n".join(_safe(outcome_line(o)) for o in outcomes))
    refused = [o for o in outcomes if o.status == "refused"]
    for o in refused:
        _err(f"gridkeeper: {Path(o.file).name}: {o.message}")
    return 1 if refused else 0


_TOTALS = ("applied", "unchanged", "conflicts", "quarantined", "rejected")


def _json_report(data: list[dict]) -> dict:
    """One file: its merge report. Several: totals at the top and each bundle under ``bundles``."""
    def flat(d):
        rep = dict(d["report"]) if d["report"] else {}
        rep.update(status=d["status"], file=d["file"], code=d["code"], message=d["message"],
                   sender_name=d["sender_name"])
        rep.setdefault("sender", d["sender"])
        return rep

    if len(data) == 1:
        return flat(data[0])
    out = {k: sum((d["report"] or {}).get(k, 0) for d in data) for k in _TOTALS}
    out["merged"] = sum(1 for d in data if d["status"] == "merged")
    out["already_merged"] = sum(1 for d in data if d["status"] == "already_merged")
    out["refused"] = sum(1 for d in data if d["status"] == "refused")
    out["bundles"] = [flat(d) for d in data]
    return out
