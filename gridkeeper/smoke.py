"""``gridkeeper --smoke-test``: a headless self-test of an installed or frozen gridkeeper.

It proves, in a few seconds and without a display, that everything a frozen build can silently
lose is really there: the Qt platform plugin and the bundled font (step ``qt``), SQLite with the
schema and demo data (``store``), SQLCipher encryption at rest of the worker's database
(``atrest``: not readable as plain SQLite, opens only with its passphrase), key cards and enrolment (``enrolment``), an encrypted, signed return
bundle exported by a township and merged by a worker laptop (``bundle``), the integrity check of
both databases (``check``) and a PDF ledger printed with the bundled fonts (``ledger``).

Decisions:

* The Qt probe lives in :mod:`gridkeeper.ui.smoke_qt` (Qt stays inside ``gridkeeper/ui``); it
  does not build the main window, which changes too often to be a stable probe.
* ``QT_QPA_PLATFORM=offscreen`` is set here when unset: without a display a frozen Qt app aborts
  (PITFALLS), and the installer/CI run this with no display.
* Everything happens in a temporary folder that is removed afterwards; the user's data folder is
  never touched.
* One line per step on stdout ("ok qt", "ok store" …); on the first failure one line
  "smoke test failed at step <name>: <error>" on stderr and exit code 1. A windowed Windows exe
  has no stdout (``sys.stdout is None``): printing is then skipped, the exit code still tells.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Callable

STEPS = ("qt", "store", "atrest", "enrol", "bundle", "check", "ledger")
_PASSPHRASE = "冒烟测试口令 smoke"


class _State:
    """What the steps hand to each other."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.town = None      # township sqlite_utils.Database
        self.worker = None    # worker sqlite_utils.Database
        self.grid_id = ""
        self.worker_id = ""
        self.bundle = None    # Path of the return bundle


def _say(line: str, stream=None) -> None:
    stream = stream if stream is not None else sys.stdout
    if stream is None:  # windowed Windows exe: no console
        return
    try:
        stream.write(line + "\n")
        stream.flush()
    except (OSError, ValueError, UnicodeEncodeError):
        pass


# -- steps --------------------------------------------------------------------------------------

def step_qt(st: _State) -> str:
    """Qt itself: see :func:`gridkeeper.ui.smoke_qt.check_qt` (Qt stays inside ``gridkeeper/ui``)."""
    from .ui.smoke_qt import check_qt  # lazy: each step reports its own failure

    return check_qt()


def step_store(st: _State) -> str:
    """A township database and a worker database, demo records in the township one."""
    from .store.demo import build_demo  # lazy: each step reports its own failure
    from .sync.new_database import init_database  # lazy: each step reports its own failure

    st.town = init_database(st.folder / "township.db", role="township", name="冒烟测试乡镇")
    st.worker = init_database(st.folder / "worker.db", role="worker", name="冒烟测试网格员",
                              db_passphrase=_PASSPHRASE)
    res = build_demo(st.town, scale="grid")
    if not res.grid_ids or not res.persons:
        raise RuntimeError(f"demo data is empty: {res.as_dict()}")
    st.grid_id = res.grid_ids[0]
    return f"{res.households} households, {res.persons} persons"


def step_atrest(st: _State) -> str:
    """The worker's database is a SQLCipher file: no plain header, unreadable by sqlite3, opened
    again (a new connection) only through its passphrase-wrapped key file."""
    import sqlite3

    from .store import atrest  # lazy: each step reports its own failure
    from .store.db import open_db  # lazy: each step reports its own failure

    path = st.folder / "worker.db"
    st.worker.conn.close()
    if atrest.is_plain_file(path) or not atrest.sidecar_path(path).is_file():
        raise RuntimeError("the worker database is not encrypted")
    try:
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
        raise RuntimeError("plain sqlite3 read the encrypted database")
    except sqlite3.DatabaseError:
        pass
    atrest.forget_all()
    try:
        atrest.unlock(path, "not the passphrase")
        raise RuntimeError("a wrong passphrase unlocked the database")
    except atrest.WrongPassphrase:
        pass
    t0 = time.perf_counter()
    atrest.unlock(path, _PASSPHRASE)
    st.worker = open_db(path)
    ms = (time.perf_counter() - t0) * 1000
    from .store.driver import connect  # lazy: each step reports its own failure

    cipher = connect(":memory:").execute("PRAGMA cipher_version").fetchone()[0]
    return f"SQLCipher {cipher}, unlocked and opened in {ms:.0f} ms"


def step_enrol(st: _State) -> str:
    """Worker sends its enrolment request; the township accepts it for the grid and sends its card."""
    from .store.devices import self_device  # lazy: each step reports its own failure
    from .sync.enrolment import export_card, import_card  # lazy: each step reports its own failure

    request = st.folder / "worker-request.gkpub"
    card = st.folder / "township-card.gkpub"
    req = export_card(st.worker, request)
    st.worker_id = self_device(st.worker).device_id
    if req.get("device_id") != st.worker_id:
        raise RuntimeError("enrolment request names another device")
    import_card(st.town, request, areas=[st.grid_id])
    export_card(st.town, card)
    import_card(st.worker, card)
    return f"worker {req.get('fingerprint', '')}"


def step_bundle(st: _State) -> str:
    """The township's return bundle for the worker, merged by the worker."""
    from .sync.service import export_bundle, merge_bundle  # lazy: each step reports its own failure

    st.bundle = st.folder / "return.gkb"
    exp = export_bundle(st.town, st.bundle, for_device=st.worker_id)
    out = merge_bundle(st.worker, exp.path)
    if out.status != "merged":
        raise RuntimeError(f"merge status {out.status}: {out.message}")
    applied = out.report.get("applied", 0)
    persons = st.worker.execute("SELECT count(*) FROM persons").fetchone()[0]
    if not applied or not persons:
        raise RuntimeError(f"the worker received nothing: {out.report}")
    return f"{exp.size // 1024} KiB, {applied} changes applied, {persons} persons on the laptop"


def step_check(st: _State) -> str:
    from .store.check import check_database  # lazy: each step reports its own failure

    for label, db in (("township", st.town), ("worker", st.worker)):
        rep = check_database(db)
        if not rep.ok:
            raise RuntimeError(f"{label} database: {rep.errors[0]}")
    return "township and worker databases"


def step_ledger(st: _State) -> str:
    """A visits ledger PDF with the bundled fonts (service if present, else the renderer)."""
    out = st.folder / "ledger.pdf"
    month = date.today().strftime("%Y-%m")
    if importlib.util.find_spec("gridkeeper.ledgers.service") is not None:
        from .ledgers.service import print_ledger  # lazy: each step reports its own failure

        print_ledger(st.worker, kind="visits", month=month, area_id=None, out=out)
        how = "service"
    else:
        from .ledgers.render import LedgerHeader, render_ledger  # lazy: each step reports its own failure

        rows = [dict(date=date.today(), name="张秀英", category="独居老人", address="东山村3组12号",
                     method="入户", findings="身体状况良好，家中用电安全", needs="无", followup="下月回访",
                     visitor="李建国"),
                dict(date=date.today(), name="王𠮷祥", category="留守儿童", address="东山村1组5号",
                     method="电话", findings="学习正常", needs="课外辅导", followup="联系志愿者", visitor="李建国")]
        render_ledger("visits", LedgerHeader(township="冒烟测试乡镇", village="东山村", grid="第三网格", month=month),
                      rows, out)
        how = "renderer"
    data = out.read_bytes() if out.is_file() else b""
    if not data.startswith(b"%PDF") or b"FontFile2" not in data:
        raise RuntimeError(f"{out.name} is not a PDF with embedded fonts")
    return f"{how}, {len(data) // 1024} KiB"


_STEP_FUNCS: dict[str, Callable[[_State], str]] = {
    "qt": step_qt, "store": step_store, "atrest": step_atrest, "enrol": step_enrol, "bundle": step_bundle,
    "check": step_check, "ledger": step_ledger,
}


def run_smoke_test(steps: tuple[str, ...] = STEPS) -> int:
    """Run the steps in order; 0 when all pass, 1 at the first failure (one line on stderr)."""
    if not os.environ.get("QT_QPA_PLATFORM"):  # unset or empty: without a display Qt would abort
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    t_all = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gridkeeper-smoke-") as tmp:
        st = _State(Path(tmp))
        try:
            for name in steps:
                t0 = time.perf_counter()
                try:
                    detail = _STEP_FUNCS[name](st)
                except Exception as exc:  # noqa: BLE001 - report any failure as one line
                    _say(f"smoke test failed at step {name}: {type(exc).__name__}: {exc}", sys.stderr)
                    return 1
                _say(f"ok {name} ({detail}; {time.perf_counter() - t0:.2f} s)")
        finally:
            for db in (st.town, st.worker):
                if db is not None:
                    try:
                        db.conn.close()
                    except Exception:  # noqa: BLE001
                        pass
    _say(f"smoke test passed in {time.perf_counter() - t_all:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(run_smoke_test())
