"""Time importing a 60,000-row persons sheet (15,000 households) into an empty worker database.

Run: PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_import.py [ROWS] [xlsx|csv]
Reports read, plan, apply (backup + one transaction) and a second, unchanged re-import, as wall
time and as CPU time of this process (the machine may be shared: CPU time is the steadier one).

Goals: 60,000 rows in <= 10 s; the unchanged re-import faster still.
Baseline (openpyxl reader, before the bounded reader and the unchanged-row shortcut), same
machine, xlsx: read 15.1 s, plan 9.9 s, apply 2.8 s, total 27.8 s; unchanged re-import 27.7 s.
Back to back on the same busy machine (load ~4.5 on 2 cores), wall: before read 30.6 s, plan
19.2 s, apply 4.1 s, total 53.9 s, re-import 53.3 s; after read 2.4 s, plan 7.8 s, apply 4.3 s
(now also 15,000 houses), total 14.4 s, re-import 6.2 s (CPU: total 11.2 s, re-import 4.7 s).

Set-based planning and bulk writes (validate_many, cells read column by column, create_many
binding only used columns), alternating runs on the same busy machine (load ~3 on 2 cores), CPU:
before read 1.7-2.0 s, plan 6.1-6.3 s, apply 8.8-9.6 s, total 16.9-17.6 s (wall 19.7-24.0 s),
re-import 4.7-5.2 s; after read 1.7-2.1 s, plan 2.8 s, apply 3.8-4.4 s (about half of it the
search index), total 8.7-8.9 s (wall 11.1-12.0 s), re-import 4.3-5.2 s. Peak memory: import
337 MB both, re-import 375 -> 379 MB.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import sys
import tempfile
import time

from gridkeeper.domain.validate import id_check_char
from gridkeeper.sheets import read_sheet, write_sheet
from gridkeeper.spreadsheets.importer import apply_import, plan_import
from gridkeeper.store.records import create_record
from gridkeeper.sync.new_database import init_database

FIELDS = [("household_number", "户号"), ("name", "姓名"), ("gender", "性别"), ("id_number", "公民身份号码"),
          ("birth_date", "出生日期"), ("ethnicity", "民族"), ("relation", "与户主关系"), ("phone", "联系电话"),
          ("address", "现住址"), ("residence_kind", "人口类型"), ("care_category", "重点人群类别")]


def rows(n: int):
    rng = random.Random(1)
    seen = set()
    for i in range(n):
        male = i % 2 == 0
        while True:
            born = dt.date(1930 + rng.randrange(0, 90), rng.randrange(1, 13), rng.randrange(1, 29))
            first17 = f"130706{born:%Y%m%d}{rng.randrange(0, 500) * 2 + male:03d}"
            idn = first17 + id_check_char(first17)
            if idn not in seen:
                seen.add(idn)
                break
        yield {"household_number": f"{i // 4:06d}", "name": "张𠮷" if i % 97 == 0 else "王小明",
               "gender": "男" if male else "女", "id_number": idn, "birth_date": born, "ethnicity": "汉族",
               "relation": "户主" if i % 4 == 0 else "子女", "phone": f"138{i:08d}",
               "address": f"东山村{i % 12 + 1}组{i // 4 + 1}号", "residence_kind": "户籍人口",
               "care_category": "独居老人" if i % 150 == 0 else None}


def peak_mb() -> int:
    """This process's peak resident memory since :func:`reset_peak` (``VmHWM``; see PITFALLS)."""
    with open("/proc/self/status") as fh:
        return int(re.search(r"VmHWM:\s+(\d+)", fh.read()).group(1)) // 1024


def reset_peak() -> None:
    """Start the peak-memory count again (Linux: writing 5 to clear_refs resets VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def main(n: int = 60_000, ext: str = "xlsx") -> None:
    with tempfile.TemporaryDirectory() as d:
        os.environ["GRIDKEEPER_DATA_DIR"] = d
        sheet = os.path.join(d, f"roster.{ext}")
        write_sheet(sheet, FIELDS, rows(n))
        db = init_database(os.path.join(d, "w.db"), role="worker", name="bench")
        t = create_record(db, "areas", {"level": "township", "name": "下花园镇"})
        v = create_record(db, "areas", {"level": "village", "name": "东山村", "parent_id": t})
        g = create_record(db, "areas", {"level": "grid", "name": "第三网格", "parent_id": v})
        reset_peak()   # writing the sheet (openpyxl) is not part of the import
        c0, t0 = time.process_time(), time.perf_counter()
        table = read_sheet(sheet)
        c1, t1 = time.process_time(), time.perf_counter()
        plan = plan_import(db, table, area_id=g)
        c2, t2 = time.process_time(), time.perf_counter()
        res = apply_import(db, plan)
        c3, t3 = time.process_time(), time.perf_counter()
        assert res.imported and res.created == n, res.report()
        care = res.care_created
        persons = db.execute("SELECT count(*) FROM persons").fetchone()[0]
        households = db.execute("SELECT count(*) FROM households").fetchone()[0]
        houses = db.execute("SELECT count(*) FROM houses").fetchone()[0]
        mem1 = peak_mb()
        del table, plan, res
        reset_peak()
        c4, t4 = time.process_time(), time.perf_counter()
        plan2 = plan_import(db, read_sheet(sheet), area_id=g)
        res2 = apply_import(db, plan2)
        c5, t5 = time.process_time(), time.perf_counter()
        assert res2.unchanged == n and res2.houses_created == 0
        mem2 = peak_mb()
        print(f"{ext}: {n} rows -> {persons} persons, {households} households, {houses} houses, "
              f"{care} care subjects\n"
              f"  wall: read {t1 - t0:.2f} s, plan {t2 - t1:.2f} s, apply {t3 - t2:.2f} s (incl. backup), "
              f"total {t3 - t0:.2f} s; unchanged re-import {t5 - t4:.2f} s\n"
              f"  cpu:  read {c1 - c0:.2f} s, plan {c2 - c1:.2f} s, apply {c3 - c2:.2f} s, "
              f"total {c3 - c0:.2f} s; unchanged re-import {c5 - c4:.2f} s\n"
              f"  peak memory: import {mem1} MB, re-import {mem2} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60_000, sys.argv[2] if len(sys.argv) > 2 else "xlsx")
