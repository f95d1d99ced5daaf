"""``gridkeeper import`` and ``gridkeeper export``: spreadsheets in and out (DESIGN §7).

``import`` reads the sheet, plans, and (unless ``--dry-run``) applies in one transaction after a
backup. Bad rows are listed as "第 N 行 [列]：原因" on stdout (or in the ``--json`` report); when
they stop the import the command exits 1 with one summary line on stderr. With ``--skip-bad`` the
good rows are imported and the bad ones are written to ``<file>-错误行.xlsx|csv`` beside the input.
"""

from __future__ import annotations

import sys

from .cli_io import _open, _out, _safe, area_arg
from .domain.messages import M

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


_ACTION = {"create": M("cli_import_action_create"), "update": M("cli_import_action_update"),
           "unchanged": M("cli_import_action_unchanged"), "error": M("cli_import_action_error")}


def _problem_lines(problems) -> list[str]:
    # headers and values from the sheet: one line each, escapes shown
    return [_safe(str(M("row_problem_line", p_row=p.row, p_column=p.column, p_message=p.message)))
            for p in problems]


def _summary(c: dict) -> str:
    return str(M("cli_import_summary", created=c["created"], updated=c["updated"], unchanged=c["unchanged"],
                 households_created=c["households_created"], houses_created=c.get("houses_created", 0),
                 care_created=c["care_created"], care_updated=c["care_updated"]))


def cmd_import(args) -> int:
    from .sheets.reader import read_sheet  # lazy: start-up
    from .spreadsheets.importer import apply_import, bad_rows_path, plan_import, write_bad_rows  # lazy: start-up
    from .spreadsheets.import_requests import is_request_sheet  # lazy: start-up

    db = _open(args)
    table = read_sheet(args.file)
    if is_request_sheet(table):          # a township's resident request list (cli_casework)
        from .cli_casework import import_request_sheet  # lazy: start-up (the request importer's layers)

        return import_request_sheet(args, db, table)
    plan = plan_import(db, table, area_id=area_arg(db, args.area), source=str(args.file))
    counts = plan.counts()
    lines = _problem_lines(plan.problems)
    bad = plan.bad_rows

    if args.dry_run:
        report = plan.report(rows=True)
        report.update(imported=False, dry_run=True, side_file=None)
        text = [str(M("dry_run_nothing_written")), _summary(counts)]
        for r in plan.rows:
            if r.action == "unchanged":
                continue
            detail = _safe(", ".join(f"{k}: {o or ''} → {n}" for k, (o, n) in r.changes.items()))
            text.append(str(M("cli_import_row_plan", row=r.row, action=_ACTION[r.action], name=_safe(r.name),
                              detail=detail)).rstrip())
        text += lines
        _out(args, report, "\n".join(text))
        return EXIT_BAD_ROWS if bad else 0

    if bad and not args.skip_bad:
        report = plan.report()
        report.update(created=0, updated=0, imported=False, side_file=None)
        _out(args, report, "\n".join(lines))
        print(M("gridkeeper_bad_rows_nothing_imported", len_bad=len(bad)), file=sys.stderr)
        return EXIT_BAD_ROWS

    side = None
    if bad:
        side = args.bad_out or str(bad_rows_path(args.file))
    result = apply_import(db, plan, skip_bad=args.skip_bad)
    if side:
        write_bad_rows(plan, side)
        result.side_file = side
    text = [str(M("imported_prefix")) + _summary(counts)]
    if side:
        text += lines
        text.append(str(M("bad_rows_were_not_imported", len_bad=len(bad), side=side)))
    _out(args, result.report(), "\n".join(text))
    return 0


def cmd_export(args) -> int:
    from .spreadsheets.exporter import export_list  # lazy: start-up

    db = _open(args)
    n = export_list(db, args.kind, area_arg(db, args.area), args.out)
    _out(args, {"kind": args.kind, "rows": n, "out": args.out},
         M("cli_exported_rows", rows=n, out=args.out))
    return 0
