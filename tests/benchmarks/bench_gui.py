"""GUI benchmark: cold start to a painted main window on a township demo db vs a bare PySide6 window,
time to first rows, time to a search result, peak memory.

    python -m tests.benchmarks.bench_gui [--smoke] [--db PATH]

Each measurement runs in a fresh subprocess (offscreen Qt) so start-up costs are real. Cold start is
measured end to end: from just before the parent starts the child process to the first paint event
of the main window, through the real ``gridkeeper gui --db P`` path (``endtoend.first_paints``; the
bare window is timed the same way, runs alternating), best of three after a warm-up run that writes
the bytecode caches. The interaction numbers (first rows, sort, search) come from a second child that builds the
window itself. ``--smoke`` uses a grid-scale demo database (seconds); the default builds a township
demo (60k persons, ~20 s) once in a temp folder unless ``--db`` names one. Prints numbers; asserts
nothing about speed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Both child scripts start with this: peak memory from VmHWM, not ru_maxrss (on Linux ru_maxrss
# survives exec, so a child started from a big parent would report the parent's peak).
PEAK = r"""
import resource


def peak_mb():
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

APP = PEAK + r"""
import time, resource, json, sys
t0 = time.perf_counter()
T0 = float(sys.argv[3])  # the parent's clock just before it started this process
from gridkeeper.ui.app import make_app
from gridkeeper.ui import settings as S
from gridkeeper.store.db import open_db
from gridkeeper.ui.main_window import MainWindow
S.use_settings_file(sys.argv[2])
app = make_app()
db = open_db(sys.argv[1])
w = MainWindow(db); w.resize(1280, 720); w.show(); app.processEvents()
shown = time.time() - T0
model = w.households_tab.panels["households"].model
first_rows = model.rowCount()
t1 = time.perf_counter()
w.households_tab.sub.setCurrentWidget(w.households_tab.panels["persons"]); app.processEvents()
p = w.households_tab.panels["persons"].model
persons_shown = time.perf_counter() - t1
t1 = time.perf_counter()
p.sort(0); rows_sorted = time.perf_counter() - t1
t2 = time.perf_counter()
p.fetchMore(); fetch_more = time.perf_counter() - t2
times = {}
for q in ("王", "zgl", "1307"):
    t3 = time.perf_counter()
    w.search_box.edit.setText(q); w.search_box.flush(); app.processEvents()
    times[q] = (time.perf_counter() - t3, w.search_box.results.count())
t4 = time.perf_counter()
w.tabs.setCurrentWidget(w.care_tab); app.processEvents()
care = time.perf_counter() - t4
print(json.dumps({"shown_s": shown, "first_rows": first_rows, "persons": p.total, "sort_persons_s": rows_sorted,
                  "persons_tab_s": persons_shown,
                  "fetch_more_s": fetch_more, "search": times, "care_tab_s": care,
                  "peak_mb": peak_mb()}))
"""


def run(code: str, *args: str) -> dict:
    from tests.benchmarks.endtoend import child_env

    env = child_env()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                         cwd=Path(__file__).resolve().parents[2], timeout=600)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def make_db(folder: Path, scale: str) -> Path:
    from gridkeeper.store.demo import build_demo
    from gridkeeper.sync.new_database import init_database

    path = folder / f"{scale}.db"
    db = init_database(path, role="township" if scale == "township" else "worker", name="bench")
    build_demo(db, scale=scale)
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('demo', '1')")  # opens without "encrypt it?"
    db.conn.commit()
    db.conn.close()
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--db")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        db = Path(args.db) if args.db else make_db(tmp, "grid" if args.smoke else "township")
        built = time.perf_counter() - t
        from tests.benchmarks.endtoend import first_paints

        bare, cold = first_paints(db, tmp)
        app = min((run(APP, str(db), str(tmp / "s.ini"), repr(time.time())) for _ in range(2)),
                  key=lambda r: r["shown_s"])
    print(f"database: {db.name} ({app['persons']} persons; built in {built:.1f} s)")
    print(f"bare PySide6 window, process start to first paint:  {bare['painted'] * 1000:6.0f} ms "
          f"(CPU {bare['cpu'] * 1000:.0f} ms), peak {bare['peak_mb']:.0f} MB")
    print(f"`gridkeeper gui`, process start to first paint:     {cold['painted'] * 1000:6.0f} ms "
          f"(CPU {cold['cpu'] * 1000:.0f} ms), peak {cold['peak_mb']:.0f} MB, "
          f"{cold['painted'] / bare['painted']:.2f}x (goal <= 1.5x)")
    print(f"  ... the tab in front built, its first page loaded: {cold['ready'] * 1000:6.0f} ms "
          f"(CPU {cold['ready_cpu'] * 1000:.0f} ms)")
    print(f"main window shown, then used (process start to shown): {app['shown_s'] * 1000:4.0f} ms, "
          f"peak {app['peak_mb']:.0f} MB after the steps below (first page {app['first_rows']} rows)")
    print(f"  persons tab shown (first page):   {app['persons_tab_s'] * 1000:6.0f} ms")
    print(f"  sort persons by name (re-query): {app['sort_persons_s'] * 1000:6.0f} ms; next page "
          f"{app['fetch_more_s'] * 1000:.0f} ms; care tab {app['care_tab_s'] * 1000:.0f} ms")
    for q, (s, n) in app["search"].items():
        print(f"  search {q!r:8}: {s * 1000:6.1f} ms, {n} results")
    return 0


if __name__ == "__main__":
    sys.exit(main())
