"""The command line's part for resident request lists: ``gridkeeper import`` of a 民生诉求 sheet.

``cli_sheets.cmd_import`` hands a sheet with a 诉求内容 column here (:func:`spreadsheets.import_requests`).
Same behaviour as the roster import: bad rows listed as "第 N 行 [列]：原因"; nothing imported while any
row is bad (exit 1) unless ``--skip-bad``, which imports the good rows and writes the bad ones to
``<file>-错误行.xlsx|csv``; ``--dry-run`` writes nothing.
"""

from __future__ import annotations

import sys

from .cli_io import _out, _safe, area_arg
from .domain.messages import M
from .spreadsheets.import_requests import (apply_request_import, bad_request_rows_path, plan_request_import,
                                           write_bad_request_rows)

EXIT_BAD_ROWS = 1


def _summary(c: dict) -> str:
    return str(M("requests_new_unchanged_bad_rows", c_created=c['created'], c_unchanged=c['unchanged'],
                 c_bad=c['bad']))


def _problem_lines(problems) -> list[str]:
    """"第 N 行 [列]：原因", as the roster import prints them (headers and values shown safely)."""
    return [_safe(str(M("row_problem_line", p_row=p.row, p_column=p.column, p_message=p.message))) for p in problems]


def import_request_sheet(args, db, table) -> int:
    plan = plan_request_import(db, table, area_id=area_arg(db, args.area))
    counts, lines, bad = plan.counts(), _problem_lines(plan.problems), plan.bad_rows
    if args.dry_run:
        _out(args, dict(plan.report(), imported=False, dry_run=True, side_file=None),
             "\n".join([str(M("dry_run_nothing_written")), _summary(counts)] + lines))
        return EXIT_BAD_ROWS if bad else 0
    if bad and not args.skip_bad:
        _out(args, dict(plan.report(), created=0, imported=False, side_file=None), "\n".join(lines))
        print(str(M("gridkeeper_bad_rows_nothing_imported", len_bad=len(bad))), file=sys.stderr)
        return EXIT_BAD_ROWS
    report = apply_request_import(db, plan, skip_bad=args.skip_bad)
    text = [str(M("imported_prefix")) + _summary(dict(counts, created=report["created"]))]
    report["side_file"] = None
    if bad:
        side = str(args.bad_out or bad_request_rows_path(args.file))
        write_bad_request_rows(plan, side)
        report["side_file"] = side
        text += lines + [str(M("bad_rows_were_not_imported", len_bad=len(bad), side=side))]
    _out(args, report, "\n".join(text))
    return 0
