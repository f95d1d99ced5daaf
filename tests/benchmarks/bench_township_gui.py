"""Merging a township's grid bundles through the GUI inbox vs calling ``merge_bundles`` directly.

    python -m tests.benchmarks.bench_township_gui            # 46 villages, 270 grid bundles
    python -m tests.benchmarks.bench_township_gui --smoke    # 2 villages (~12 bundles)

Set-up: a source township database with demo data; one worker identity per grid, enrolled at a
receiving township (which already has the area tree); one real signed, encrypted ``.gkb`` per grid
holding that grid's records. The receiving database is copied twice: one copy merges with
``merge_bundles`` called directly, the other through ``TownshipWorkspace``'s inbox on the real
thread pool while a 16 ms (one frame) QTimer records the longest gap between event-loop ticks.

Goals (reported, not asserted): no GUI frame longer than 200 ms; GUI total <= 1.2x direct.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gridkeeper import __version__  # noqa: E402
from gridkeeper.domain.ids import new_id  # noqa: E402
from gridkeeper.store.db import open_db  # noqa: E402
from gridkeeper.store.demo import build_demo  # noqa: E402
from gridkeeper.store.schema import SCHEMA_VERSION  # noqa: E402
from gridkeeper.sync import bundle as B  # noqa: E402
from gridkeeper.sync import keys as K  # noqa: E402
from gridkeeper.sync import enrolment as C  # noqa: E402
from gridkeeper.sync.changeset import ChangeSet, select_changes  # noqa: E402
from gridkeeper.sync.enrolment import import_card  # noqa: E402
from gridkeeper.sync.keys import load_device_keys  # noqa: E402
from gridkeeper.sync.new_database import init_database  # noqa: E402
from gridkeeper.sync.merge import apply_changeset  # noqa: E402
from gridkeeper.sync.service import merge_bundles  # noqa: E402


def make_bundles(folder: Path, villages: int) -> tuple[Path, list[Path], int]:
    """(receiving township db, bundle files, persons in them)."""
    src = init_database(folder / "source.db", role="township", name="源数据")
    t0 = time.perf_counter()
    res = build_demo(src, scale="township", seed=11, villages=villages)
    print(f"demo data: {res.persons} persons in {len(res.grid_ids)} grids ({time.perf_counter() - t0:.1f} s)")
    recv = init_database(folder / "recv.db", role="township", name="下花园镇网格中心")
    town_keys = load_device_keys(recv)
    # the receiving township already has the area tree (as if entered or imported there)
    tree = select_changes(src)
    tree.tables = {"areas": tree.tables["areas"]}
    tree.history, tree.conflicts = [], []
    apply_changeset(recv, ChangeSet.from_bytes(tree.to_bytes()))
    files = []
    for i, grid in enumerate(res.grid_ids):
        keys = K.generate_device_keys(f"网格员{i + 1}的电脑", "worker")
        card = folder / f"req{i}.gkpub"
        card.write_bytes(C.card_to_bytes(C.public_card(keys, areas=[grid])))
        import_card(recv, card, areas=[grid])
        cs = select_changes(src, area_ids=[grid])
        cs.tables.pop("areas", None)                   # the tree is the township's, not the worker's
        cs.id, cs.sender = new_id(), keys.device_id
        lo, hi = cs.stamp_range()
        data = B.write_bundle({"schema": SCHEMA_VERSION, "app_version": __version__, "bundle_id": cs.id,
                               "recipients": [town_keys.device_id], "areas": [grid], "hlc_min": lo or None,
                               "hlc_max": hi or None, "counts": cs.counts(), "seq_max": cs.seq_max},
                              cs.to_bytes(), keys, [town_keys.age_recipient])
        f = folder / "stick" / f"grid{i + 1:03d}.gkb"
        f.parent.mkdir(exist_ok=True)
        f.write_bytes(data)
        files.append(f)
    recv.conn.close()
    src.conn.close()
    return folder / "recv.db", files, res.persons


def run_direct(db_path: Path, files: list[Path]) -> tuple[float, list]:
    db = open_db(db_path)
    t0 = time.perf_counter()
    out = merge_bundles(db, [str(f) for f in files])
    dt = time.perf_counter() - t0
    db.conn.close()
    return dt, out


def run_gui(db_path: Path, files: list[Path]) -> tuple[float, float, list, int]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from gridkeeper.ui.app import make_app
    from gridkeeper.ui.township import TownshipWorkspace

    app = make_app()
    ws = TownshipWorkspace(str(db_path))
    ws.resize(1366, 768)
    ws.show()
    app.processEvents()
    clock = QElapsedTimer()
    state = {"last": 0, "max_gap": 0, "ticks": 0}

    def tick():
        now = clock.elapsed()
        state["max_gap"] = max(state["max_gap"], now - state["last"])
        state["last"] = now
        state["ticks"] += 1

    timer = QTimer()
    timer.setInterval(16)                             # one 60 Hz frame
    timer.timeout.connect(tick)
    done = {"rows": None, "after": 0.0}
    loop = QEventLoop()
    original = ws.inbox._merged

    def merged(rows):                                 # time the GUI-thread work after the merge
        t = time.perf_counter()
        original(rows)
        done["after"] = time.perf_counter() - t
        done["rows"] = rows
        loop.quit()

    ws.inbox._merged = merged
    clock.start()
    timer.start()
    t0 = time.perf_counter()
    ws.inbox.merge_paths([str(files[0].parent)])     # the folder, as staff would choose it
    if done["rows"] is None:
        loop.exec()
    dt = time.perf_counter() - t0
    timer.stop()
    ws.close()
    ws.deleteLater()
    QApplication.processEvents()
    return dt, state["max_gap"], done["rows"], state["ticks"], done["after"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true", help="2 villages instead of 46")
    ap.add_argument("--villages", type=int, default=None)
    args = ap.parse_args(argv)
    villages = args.villages or (2 if args.smoke else 46)
    os.environ.setdefault("GRIDKEEPER_DATA_DIR", tempfile.mkdtemp(prefix="gk-bench-data-"))
    with tempfile.TemporaryDirectory(prefix="gk-bench-gui-") as tmp:
        folder = Path(tmp)
        recv, files, persons = make_bundles(folder, villages)
        size = sum(f.stat().st_size for f in files)
        print(f"{len(files)} bundles, {size / 1e6:.1f} MB, {persons} persons")
        shutil.copy(recv, folder / "direct.db")
        shutil.copy(recv, folder / "gui.db")
        direct, out = run_direct(folder / "direct.db", files)
        merged = sum(o.status == "merged" for o in out)
        print(f"merge_bundles directly:  {direct:7.2f} s  ({merged}/{len(out)} merged)")
        gui, gap, rows, ticks, after = run_gui(folder / "gui.db", files)
        merged_gui = sum(r["status"] == "merged" for r in rows)
        print(f"through the GUI inbox:   {gui:7.2f} s  ({merged_gui}/{len(rows)} merged)  "
              f"ratio {gui / direct:.2f}x (goal <= 1.2x)")
        print(f"  of which refreshing the views after the merge (GUI thread): {after * 1000:.0f} ms")
        print(f"longest event-loop gap:  {gap:7d} ms over {ticks} ticks (goal <= 200 ms)")
        refused = [r for r in rows if r["status"] == "refused"] + [o.as_dict() for o in out if o.status == "refused"]
        for r in refused[:5]:
            print("refused:", r.get("file"), r.get("message"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
