"""Time writing and reading a 60,000-row roster as .xlsx and .csv (the township scale), and
reading each hostile file of tests/hostile_sheets.py in a child process (time and peak memory).

Run: PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_sheets.py [ROWS] [--hostile-only]

Goals: every hostile file refused (or read) in <= 10 s and <= 300 MB peak (VmHWM of a child
that only reads it). Before the bounded reader: a 1 MB whitespace-padded .xlsx took 2 GB and
44 s; a cell at XFD1048576 or 100,000 merged ranges ran for minutes. xlsx read of 60,000 rows:
~15 s with openpyxl (read-only), ~1.8 s with python-calamine behind the bounds checks.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time

from gridkeeper.sheets import normalize_id_number, parse_date, read_sheet, write_sheet
from gridkeeper.sheets.columns import FIELD_LABELS_ZH

FIELDS = ["household_number", "name", "gender", "id_number", "birth_date", "ethnicity",
          "relation", "phone", "address", "residence_kind", "area", "status", "notes"]
COLUMNS = [(f, FIELD_LABELS_ZH[f]) for f in FIELDS]


def rows(n: int):
    base = dt.date(1940, 1, 1)
    for i in range(n):
        yield {
            "household_number": f"{i // 4:06d}", "name": "张𠮷" if i % 97 == 0 else "王小明",
            "gender": "男" if i % 2 else "女", "id_number": f"3301021990{i % 10**8:08d}",
            "birth_date": base + dt.timedelta(days=i % 25000), "ethnicity": "汉族",
            "relation": "户主" if i % 4 == 0 else "子女", "phone": f"138{i % 10**8:08d}",
            "address": f"某某村第{i % 12 + 1}组{i % 300 + 1}号", "residence_kind": "户籍人口",
            "area": f"第{i % 270 + 1}网格", "status": "在住", "notes": "" if i % 5 else "独居",
        }


def main(n: int = 60_000) -> None:
    with tempfile.TemporaryDirectory() as d:
        for ext in ("xlsx", "csv"):
            path = os.path.join(d, f"roster.{ext}")
            t0 = time.perf_counter()
            write_sheet(path, COLUMNS, rows(n), sheet_title="人口底册")
            t1 = time.perf_counter()
            table = read_sheet(path)
            t2 = time.perf_counter()
            for r in table.rows:  # the normalisation the import service will do
                normalize_id_number(r.values["id_number"])
                parse_date(r.values["birth_date"])
            t3 = time.perf_counter()
            assert len(table.rows) == n
            try:  # Linux: this process's peak so far
                rss = int(next(ln for ln in open("/proc/self/status") if ln.startswith("VmHWM")).split()[1]) / 1024
            except (OSError, StopIteration):
                rss = float("nan")
            print(f"{ext}: {n} rows x {len(COLUMNS)} cols, {os.path.getsize(path) / 1e6:.1f} MB; "
                  f"write {t1 - t0:.2f} s, read {t2 - t1:.2f} s, "
                  f"normalise id+date {t3 - t2:.2f} s; "
                  f"max RSS so far {rss:.0f} MB")


def hostile() -> None:
    from pathlib import Path

    from tests import hostile_sheets as H
    from tests.test_sheet_limits import read_in_child

    worst_s = worst_kb = 0
    with tempfile.TemporaryDirectory() as d:
        for maker, code in H.HOSTILE + H.HOSTILE_SLOW:
            sub = Path(d) / maker.__name__
            sub.mkdir()
            path = maker(sub)
            out = read_in_child(path)
            ok = "ok " if out["code"] == code and out["seconds"] <= 10 and out["peak_kb"] <= 300 * 1024 else "BAD"
            worst_s, worst_kb = max(worst_s, out["seconds"]), max(worst_kb, out["peak_kb"])
            print(f"{ok} {maker.__name__:22s} {os.path.getsize(path) / 1e6:8.2f} MB  -> "
                  f"{out['code'] or 'read'}: {out['seconds']:.2f} s, peak {out['peak_kb'] / 1024:.0f} MB")
            path.unlink()
    print(f"hostile files: slowest {worst_s:.2f} s, highest peak {worst_kb / 1024:.0f} MB")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--hostile-only" not in sys.argv:
        main(int(args[0]) if args else 60_000)
    hostile()
