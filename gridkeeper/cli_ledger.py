"""``gridkeeper ledger --db P --kind visits|care|disputes|households|requests|hazards --month YYYY-MM [--area ID]
[--full-id] --out FILE.pdf [--json]``: print one monthly ledger (DESIGN §6, §7).

The kind is checked by the service rather than by argparse ``choices`` so that a wrong kind gets
the same one-line Chinese/English message as in the GUI.
"""

from __future__ import annotations

from .domain.lang import pick

KIND_NAMES = {"visits": ("走访台账", "visits ledger"), "care": ("重点人群花名册", "special-care roster"),
              "disputes": ("矛盾纠纷排查调处台账", "dispute mediation ledger"), "households": ("人口底册", "household roster"),
              "requests": ("民生诉求登记台账", "resident requests ledger"),
              "hazards": ("问题隐患排查整改台账", "hazards ledger"),
              "floating": ("流动人口登记台账", "floating-population ledger"),
              "points": ("志愿服务积分台账", "volunteer points ledger")}


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
    from .cli import _open, _out, area_arg
    from .ledgers.kinds import get_kind
    from .ledgers.service import check_month, print_ledger

    get_kind(args.kind)          # bad input is refused before the database is even opened
    check_month(args.month)
    db = _open(args)
    try:
        res = print_ledger(db, kind=args.kind, month=args.month, area_id=area_arg(db, args.area), out=args.out,
                           full_id=args.full_id)
    finally:
        db.conn.close()
    zh, en = KIND_NAMES[res["kind"]]
    text = pick(f"已打印{zh}（{res['month']}）：{res['file']}，共 {res['pages']} 页，{res['rows']} 条，"
                f"用时 {res['seconds']:.1f} 秒",
                f"printed the {en} ({res['month']}): {res['file']}, {res['pages']} pages, {res['rows']} rows, "
                f"{res['seconds']:.1f} s")
    if res["missing_glyphs"]:
        text += "\n" + pick(f"注意：以下字符没有可用字体，打印为空白：{''.join(res['missing_glyphs'])}",
                            f"note: no font has these characters, they print blank: {''.join(res['missing_glyphs'])}")
    _out(args, res, text)
    return 0
