"""``gridkeeper import`` and ``gridkeeper export``: spreadsheets in and out (DESIGN §7).

``import`` reads the sheet, plans, and (unless ``--dry-run``) applies in one transaction after a
backup. Bad rows are listed as "第 N 行 [列]：原因" on stdout (or in the ``--json`` report); when
they stop the import the command exits 1 with one summary line on stderr. With ``--skip-bad`` the
good rows are imported and the bad ones are written to ``<file>-错误行.xlsx|csv`` beside the input.
"""

from __future__ import annotations

import sys

from .domain.lang import pick

EXIT_BAD_ROWS = 1


def register(sub, add) -> None:
    sp = add("import", cmd_import, "import persons, households and care subjects (or a resident request list) "
                                    "from .xlsx/.csv")
    sp.add_argument("file")
    sp.add_argument("--area", help="area where rows without a 网格 column go: id, code or path such as 东山村/第三网格")
    sp.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    sp.add_argument("--skip-bad", action="store_true",
                    help="import the good rows; write the bad ones to a side file")
    sp.add_argument("--bad-out", help="where to write the bad rows (with --skip-bad)")

    sp = add("export", cmd_export, "write a list as .xlsx/.csv")
    sp.add_argument("--kind", required=True, choices=["persons", "households", "care", "visits", "disputes",
                                                               "requests", "hazards", "floating", "points"])
    sp.add_argument("--area", help="only this area and the areas below it (id, code or path of names)")
    sp.add_argument("--out", required=True)


_ACTION = {"create": ("新增", "create"), "update": ("更新", "update"),
           "unchanged": ("不变", "unchanged"), "error": ("错误", "error")}


def _problem_lines(problems) -> list[str]:
    from .cli import _safe  # headers and values from the sheet: one line each, escapes shown

    return [_safe(pick(f"第 {p.row} 行 [{p.column}]：{p.message}", f"row {p.row} [{p.column}]: {p.message}"))
            for p in problems]


def _summary(c: dict) -> str:
    return pick(
        f"新增 {c['created']} 人，更新 {c['updated']} 人，不变 {c['unchanged']} 人；"
        f"新建 {c['households_created']} 户，新建房屋 {c.get('houses_created', 0)} 处；"
        f"关爱对象新增 {c['care_created']}、更新 {c['care_updated']}",
        f"{c['created']} persons created, {c['updated']} updated, {c['unchanged']} unchanged; "
        f"{c['households_created']} households created, {c.get('houses_created', 0)} houses created; "
        f"care subjects {c['care_created']} created, "
        f"{c['care_updated']} updated")


def cmd_import(args) -> int:
    from .cli import _open, _out, _safe, area_arg
    from .sheets.reader import read_sheet
    from .spreadsheets.importer import apply_import, bad_rows_path, plan_import, write_bad_rows

    db = _open(args)
    table = read_sheet(args.file)
    from .spreadsheets.import_requests import is_request_sheet

    if is_request_sheet(table):          # a township's resident request list (cli_casework)
        from .cli_casework import import_request_sheet

        return import_request_sheet(args, db, table)
    plan = plan_import(db, table, area_id=area_arg(db, args.area), source=str(args.file))
    counts = plan.counts()
    lines = _problem_lines(plan.problems)
    bad = plan.bad_rows

    if args.dry_run:
        report = plan.report(rows=True)
        report.update(imported=False, dry_run=True, side_file=None)
        text = [pick("（预览，未写入）", "(dry run, nothing written)"), _summary(counts)]
        for r in plan.rows:
            if r.action == "unchanged":
                continue
            zh, en = _ACTION[r.action]
            detail = _safe(", ".join(f"{k}: {o or ''} → {n}" for k, (o, n) in r.changes.items()))
            text.append(pick(f"第 {r.row} 行 {zh} {_safe(r.name)} {detail}".rstrip(),
                             f"row {r.row} {en} {_safe(r.name)} {detail}".rstrip()))
        text += lines
        _out(args, report, "\n".join(text))
        return EXIT_BAD_ROWS if bad else 0

    if bad and not args.skip_bad:
        report = plan.report()
        report.update(created=0, updated=0, imported=False, side_file=None)
        _out(args, report, "\n".join(lines))
        print(pick(f"gridkeeper：{len(bad)} 行有错误，未导入任何数据（改正后重新导入，或用 --skip-bad 只导入正确的行）",
                   f"gridkeeper: {len(bad)} bad rows, nothing imported (fix them, or use --skip-bad)"),
              file=sys.stderr)
        return EXIT_BAD_ROWS

    side = None
    if bad:
        side = args.bad_out or str(bad_rows_path(args.file))
    result = apply_import(db, plan, skip_bad=args.skip_bad)
    if side:
        write_bad_rows(plan, side)
        result.side_file = side
    text = [pick("已导入：", "imported: ") + _summary(counts)]
    if side:
        text += lines
        text.append(pick(f"{len(bad)} 行有错误未导入，已写到 {side}，改正后可再次导入",
                         f"{len(bad)} bad rows were not imported; they are in {side} to fix and import again"))
    _out(args, result.report(), "\n".join(text))
    return 0


def cmd_export(args) -> int:
    from .cli import _open, _out, area_arg
    from .spreadsheets.exporter import export_list

    db = _open(args)
    n = export_list(db, args.kind, area_arg(db, args.area), args.out)
    _out(args, {"kind": args.kind, "rows": n, "out": args.out},
         pick(f"已导出 {n} 行到 {args.out}", f"exported {n} rows to {args.out}"))
    return 0
