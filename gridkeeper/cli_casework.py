"""The command line's part for resident request lists: ``gridkeeper import`` of a 民生诉求 sheet.

``cli_sheets.cmd_import`` hands a sheet with a 诉求内容 column here (:func:`spreadsheets.import_requests`).
Same behaviour as the roster import: bad rows listed as "第 N 行 [列]：原因"; nothing imported while any
row is bad (exit 1) unless ``--skip-bad``, which imports the good rows and writes the bad ones to
``<file>-错误行.xlsx|csv``; ``--dry-run`` writes nothing.
"""

from __future__ import annotations

import sys

from .domain.lang import pick

EXIT_BAD_ROWS = 1


def _summary(c: dict) -> str:
    return pick(f"诉求新增 {c['created']} 条，不变 {c['unchanged']} 条，有错误 {c['bad']} 行",
                f"requests: {c['created']} new, {c['unchanged']} unchanged, {c['bad']} bad rows")


def _problem_lines(problems) -> list[str]:
    """"第 N 行 [列]：原因", as the roster import prints them (headers and values shown safely)."""
    from .cli import _safe

    return [_safe(pick(f"第 {p.row} 行 [{p.column}]：{p.message}", f"row {p.row} [{p.column}]: {p.message}"))
            for p in problems]


def import_request_sheet(args, db, table) -> int:
    from .cli import _out, area_arg
    from .spreadsheets.import_requests import (apply_request_import, bad_request_rows_path, plan_request_import,
                                               write_bad_request_rows)

    plan = plan_request_import(db, table, area_id=area_arg(db, args.area))
    counts, lines, bad = plan.counts(), _problem_lines(plan.problems), plan.bad_rows
    if args.dry_run:
        _out(args, dict(plan.report(), imported=False, dry_run=True, side_file=None),
             "\n".join([pick("（预览，未写入）", "(dry run, nothing written)"), _summary(counts)] + lines))
        return EXIT_BAD_ROWS if bad else 0
    if bad and not args.skip_bad:
        _out(args, dict(plan.report(), created=0, imported=False, side_file=None), "\n".join(lines))
        print(pick(f"gridkeeper：{len(bad)} 行有错误，未导入任何数据（改正后重新导入，或用 --skip-bad 只导入正确的行）",
                   f"gridkeeper: {len(bad)} bad rows, nothing imported (fix them, or use --skip-bad)"), file=sys.stderr)
        return EXIT_BAD_ROWS
    report = apply_request_import(db, plan, skip_bad=args.skip_bad)
    text = [pick("已导入：", "imported: ") + _summary(dict(counts, created=report["created"]))]
    report["side_file"] = None
    if bad:
        side = str(args.bad_out or bad_request_rows_path(args.file))
        write_bad_request_rows(plan, side)
        report["side_file"] = side
        text += lines + [pick(f"{len(bad)} 行有错误未导入，已写到 {side}，改正后可再次导入",
                              f"{len(bad)} bad rows were not imported; they are in {side} to fix and import again")]
    _out(args, report, "\n".join(text))
    return 0
