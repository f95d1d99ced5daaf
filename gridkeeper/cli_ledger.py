"""``gridkeeper ledger --db P --kind visits|care|disputes|households|requests|hazards --month YYYY-MM [--area ID]
[--full-id] --out FILE.pdf [--json]``: print one monthly ledger (DESIGN §6, §7).

The kind is checked by the service rather than by argparse ``choices`` so that a wrong kind gets
the same one-line Chinese/English message as in the GUI.
"""

from __future__ import annotations

from .cli_io import _open, _out, area_arg
from .domain.messages import M

KIND_NAMES = {"visits": M("cli_ledger_visits"), "care": M("cli_ledger_care"), "disputes": M("cli_ledger_disputes"),
              "households": M("cli_ledger_households"), "requests": M("cli_ledger_requests"),
              "hazards": M("cli_ledger_hazards"), "floating": M("cli_ledger_floating"),
              "points": M("cli_ledger_points")}


def register(sub, add) -> None:
    sp = add("ledger", cmd_ledger, "print a monthly ledger (台账) as PDF")
    sp.add_argument("--kind", required=True, metavar="visits|care|disputes|households|requests|hazards|floating|points",
                    help="which ledger")
    sp.add_argument("--month", required=True, metavar="YYYY-MM", help="the month, e.g. 2026-11")
    sp.add_argument("--area", help="area: id, code or path of names such as 东山村/第三网格; "
                                   "default: this laptop's grid or everything")
    sp.add_argument("--full-id", action="store_true", help="print national ID numbers in full (default: masked)")
    sp.add_argument("--out", required=True, help="the PDF file to write")


def cmd_ledger(args) -> int:
    from .ledgers.kinds import get_kind  # lazy: start-up
    from .ledgers.service import check_month, print_ledger  # lazy: start-up

    get_kind(args.kind)          # bad input is refused before the database is even opened
    check_month(args.month)
    db = _open(args)
    try:
        res = print_ledger(db, kind=args.kind, month=args.month, area_id=area_arg(db, args.area), out=args.out,
                           full_id=args.full_id)
    finally:
        db.conn.close()
    text = str(M("cli_ledger_printed", ledger=KIND_NAMES[res["kind"]], month=res["month"], file=res["file"],
                 pages=res["pages"], rows=res["rows"], seconds=res["seconds"]))
    if res["missing_glyphs"]:
        text += "\n" + str(M("cli_ledger_missing_glyphs", characters="".join(res["missing_glyphs"])))
    _out(args, res, text)
    return 0
