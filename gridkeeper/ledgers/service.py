"""Print one monthly ledger: the service the CLI (``gridkeeper ledger``) and the GUI dialog call.

:func:`print_ledger` validates everything *before* writing anything (kind, month, area, output
path), gathers the rows with :mod:`gridkeeper.store.ledger_rows` and renders them with
:func:`gridkeeper.ledgers.render_ledger`.

Decisions:

* The PDF is written to a temporary file next to the target and moved into place only when it is
  complete: a failed print leaves neither a half-written PDF nor a damaged earlier copy. It is
  owner-only (0600, from ``mkstemp``): a ledger lists residents and their ID numbers.
* A month in the future is refused (there is nothing to sign yet); the current month is allowed
  (workers print at month end, a day or two early).
* Without an area, a worker laptop assigned exactly one area prints that area (its header then
  names the village and grid); otherwise the whole database is printed (a township-wide ledger).
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlite_utils

from ..domain.errors import GridkeeperError
from ..domain.messages import M
from ..store import ledger_rows as L
from ..store.devices import role, self_areas
from ..store.ledger_rows import parse_month
from .kinds import get_kind
from .render import LedgerHeader, render_ledger


def _default_area(db: sqlite_utils.Database) -> str | None:
    try:

        if role(db) == "worker":
            areas = self_areas(db)
            if len(areas) == 1:
                return areas[0]
    except GridkeeperError:
        pass
    return None


def check_month(month: str, today: date | None = None):
    """The parsed month; ``bad_month`` for a malformed month or one that has not begun yet."""
    m = parse_month(month)
    today = today or date.today()
    if m.start > today:
        raise GridkeeperError(M("bad_month:cannot_print_a_ledger_for", month=m.text, today=today.isoformat()),
                              code="bad_month")
    return m


def _check_out(out) -> Path:
    if out is None or str(out).strip() == "":
        raise GridkeeperError(M("bad_out"), code="bad_out")
    path = Path(out)
    if path.exists() and path.is_dir():
        raise GridkeeperError(M("bad_out:the_output_is_a_folder", path=path),
                              code="bad_out")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise GridkeeperError(M("bad_out:the_output_folder_does_not", parent=parent),
                              code="bad_out")
    return path


def print_ledger(db: sqlite_utils.Database, *, kind: str, month: str, area_id: str | None = None, out,
                 full_id: bool = False, today: date | None = None) -> dict:
    """Write the ``kind`` ledger of ``month`` for ``area_id`` (its whole subtree) to ``out``.

    Returns ``{"file", "kind", "month", "area", "pages", "rows", "missing_glyphs", "seconds"}``
    (``rows``: records printed — members for the household roster). Raises
    :class:`GridkeeperError` with code ``bad_kind``, ``bad_month``, ``no_area``, ``bad_out`` or
    ``write_failed``; nothing is written then.
    """
    t0 = time.perf_counter()
    get_kind(kind)
    m = check_month(month, today)
    if area_id is not None and str(area_id).strip() == "":
        area_id = None
    if area_id is not None and not L.area_exists(db, area_id):
        raise GridkeeperError(M("no_area:no_such_area_or_it", area_id=area_id),
                              code="no_area")
    if area_id is None:
        area_id = _default_area(db)
    path = _check_out(out)

    rows = L.ledger_rows(db, kind, m.text, area_id, today=today)
    names = L.header_fields(db, area_id)
    header = LedgerHeader(month=m.text, township=names["township"], village=names["village"], grid=names["grid"],
                          printed_on=today or date.today())

    fd, tmp = tempfile.mkstemp(prefix=".gk-ledger-", suffix=".pdf", dir=str(path.parent if str(path.parent) else "."))
    os.close(fd)
    try:
        result = render_ledger(kind, header, rows, tmp, full_id=full_id)
        # mkstemp made it 0600 and the rename keeps that: a ledger lists residents (DESIGN §5 "At
        # rest": owner-only). The process umask is never touched (it would race with GUI threads).
        os.replace(tmp, path)
    except OSError as exc:
        raise GridkeeperError(M("write_failed:cannot_write_ledger_file", path=path, exc=exc),
                              code="write_failed") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return {"file": str(path), "kind": kind, "month": m.text, "area": area_id, "pages": result.pages,
            "rows": result.rows, "missing_glyphs": sorted(result.missing_glyphs),
            "seconds": round(time.perf_counter() - t0, 3)}


def ledger_row_count(db: sqlite_utils.Database, *, kind: str, month: str, area_id: str | None = None,
                     today: date | None = None) -> dict:
    """How much ``print_ledger`` would print, without printing: ``{"rows", "households"}``.

    ``rows`` counts what the ledger lists (visits, care subjects, disputes; residents for the household
    roster, ``households`` then counts their households). The dialog shows it before printing, so an
    empty area is noticed before an empty 本月无 page is signed. Same validation as ``print_ledger``.
    """
    get_kind(kind)
    m = check_month(month, today)
    if area_id is not None and not L.area_exists(db, area_id):
        raise GridkeeperError(M("no_area:no_such_area_or_it", area_id=area_id),
                              code="no_area")
    if area_id is None:
        area_id = _default_area(db)
    rows = L.ledger_rows(db, kind, m.text, area_id, today=today)
    if kind == "households":
        return {"rows": sum(len(r["members"]) for r in rows), "households": len(rows)}
    return {"rows": len(rows), "households": None}
