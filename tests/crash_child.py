"""Child process for the kill tests: does one piece of work on a database and may be SIGKILLed.

    python -m tests.crash_child merge DB CHANGESET_JSON
    python -m tests.crash_child migrate DB
    python -m tests.crash_child import DB SHEET AREA_ID

Prints "READY" once everything is loaded and the interruptible work starts, then "DONE <seconds>".
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    mode, db_path = argv[0], argv[1]
    from gridkeeper.store.db import open_db

    if mode == "merge":
        from gridkeeper.sync.changeset import ChangeSet
        from gridkeeper.sync.merge import apply_changeset

        cs = ChangeSet.from_bytes(Path(argv[2]).read_bytes())
        db = open_db(db_path)
        print("READY", flush=True)
        t0 = time.perf_counter()
        apply_changeset(db, cs)
    elif mode == "migrate":
        print("READY", flush=True)
        t0 = time.perf_counter()
        db = open_db(db_path, create=True)
    elif mode == "import":
        from gridkeeper.sheets import read_sheet
        from gridkeeper.spreadsheets.importer import apply_import, plan_import

        db = open_db(db_path)
        plan = plan_import(db, read_sheet(argv[2]), area_id=argv[3])
        print("READY", flush=True)
        t0 = time.perf_counter()
        apply_import(db, plan)
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(f"DONE {time.perf_counter() - t0:.4f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
