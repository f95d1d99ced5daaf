"""``gridkeeper keys …`` and ``gridkeeper bundle …``."""

from __future__ import annotations

import sys
from pathlib import Path

from .domain.lang import pick


def register(sub, add) -> None:
    from .cli import _Parser

    keys = sub.add_parser("keys", help="device keys and enrolment")
    ksub = keys.add_subparsers(dest="keys_command", parser_class=_Parser, required=True)
    sp = ksub.add_parser("export", help="this device's public card or enrolment request")
    _common(sp)
    sp.add_argument("--out", required=True)
    sp.set_defaults(func=cmd_keys_export)
    sp = ksub.add_parser("import", help="trust a township card / accept an enrolment request")
    _common(sp)
    sp.add_argument("file")
    sp.add_argument("--area", action="append", default=[])
    sp.set_defaults(func=cmd_keys_import)
    sp = ksub.add_parser("list", help="this device and every known device")
    _common(sp)
    sp.set_defaults(func=cmd_keys_list)
    sp = ksub.add_parser("revoke", help="refuse a device's bundles from now on")
    _common(sp)
    sp.add_argument("device")
    sp.set_defaults(func=cmd_keys_revoke)
    from .cli_atrest import register_keys  # keys passphrase, keys recover

    register_keys(ksub)

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
    from .cli import _passphrase
    from .sync import identity

    if identity.keys_protected(db):
        if identity._session_passphrase:  # typed once already to unlock the database
            return identity._session_passphrase
        return _passphrase("输入乡镇密钥口令", "Passphrase for the township keys")
    return None


def cmd_keys_export(args) -> int:
    from .cli import _open, _out
    from .sync.enrol import export_card

    db = _open(args)
    card = export_card(db, args.out)
    kind = pick("乡镇公钥卡片", "township card") if card["kind"] == "township-card" else pick("登记申请", "enrolment request")
    _out(args, {"file": args.out, "kind": card["kind"], "device_id": card["device_id"], "name": card["name"],
                "fingerprint": card["fingerprint"], "areas": card["areas"]},
         pick(f"已写出{kind}：{args.out}\n指纹：{card['fingerprint']}（请与对方电话核对）",
              f"wrote the {kind}: {args.out}\nfingerprint: {card['fingerprint']} (compare it by phone)"))
    return 0


def cmd_keys_import(args) -> int:
    from .cli import _open, _out
    from .sync.enrol import import_card

    db = _open(args)
    card = import_card(db, args.file, areas=args.area)
    _out(args, {"device_id": card["device_id"], "name": card["name"], "role": card["role"],
                "fingerprint": card["fingerprint"], "areas": args.area},
         pick(f"已导入“{card['name']}”（{card['device_id']}），指纹 {card['fingerprint']}：请与对方电话核对",
              f"imported '{card['name']}' ({card['device_id']}), fingerprint {card['fingerprint']}: compare it by phone"))
    return 0


def cmd_keys_list(args) -> int:
    from .cli import _open, _out
    from .store.enrolment import list_devices

    db = _open(args)
    devices = list_devices(db)
    lines = [f"{d['device_id']}  {d['name'] or ''}  {d['role'] or ''}  {d['fingerprint'] or ''}  "
             f"{d['status']}  {','.join(d['areas'])}" for d in devices]
    _out(args, devices, "\n".join(lines))
    return 0


def cmd_keys_revoke(args) -> int:
    from .cli import _open, _out
    from .store.enrolment import revoke_device
    from .store.meta import self_device
    from .domain.errors import GridkeeperError

    db = _open(args)
    if self_device(db).role != "township":
        raise GridkeeperError("只有乡镇可以吊销设备", "only the township revokes devices", code="not_township")
    dev = revoke_device(db, args.device)
    _out(args, {"device_id": dev["device_id"], "name": dev["name"], "status": "revoked"},
         pick(f"已吊销“{dev['name']}”，今后拒收它的同步包", f"revoked '{dev['name']}': its bundles are refused from now on"))
    return 0


def cmd_bundle_export(args) -> int:
    from .cli import _open, _out
    from .sync.service import export_bundle

    db = _open(args)
    res = export_bundle(db, args.out, for_device=args.for_device, passphrase=_passphrase_if_needed(db))
    total = sum(res.counts.values())
    _out(args, res.as_dict(), pick(f"已导出同步包：{res.path}（{total} 条记录，{res.size // 1024} KB）",
                                   f"exported bundle: {res.path} ({total} records, {res.size // 1024} KB)"))
    return 0


def cmd_bundle_merge(args) -> int:
    from .cli import _open, _out
    from .store.search import refresh_search_index
    from .sync.service import merge_bundles, outcome_line

    db = _open(args)
    outcomes = merge_bundles(db, [Path(f) for f in args.files], passphrase=_passphrase_if_needed(db))
    refresh_search_index(db)
    data = [o.as_dict() for o in outcomes]
    if getattr(args, "json", False):
        _out(args, _json_report(data))
    else:
        _out(args, data, "\n".join(outcome_line(o) for o in outcomes))
    refused = [o for o in outcomes if o.status == "refused"]
    for o in refused:
        print(f"gridkeeper: {Path(o.file).name}: {o.message}", file=sys.stderr)
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
