"""Read a roster spreadsheet (.xlsx or .csv) into a :class:`~.table.SheetTable` of raw cell values.

The entry point and the xlsx reader; the table and header detection both readers share are in
:mod:`.table`, the csv reader in :mod:`.csv_reader`.

This layer only finds the header and the data rows; it knows nothing of the record store. The
import service normalises each value with :mod:`gridkeeper.sheets.cells`, validates it and
reports problems by ``SheetRow.row_number`` — the row number the user sees in Excel.

Decisions:

- **Header row**: the first row among the first :data:`HEADER_SCAN_ROWS` rows in which at least
  two cells are known column headers (aliases in :mod:`.columns`, or keys of the user's mapping).
  Merged title rows ("XX村人口底册") and blank rows above it are skipped that way.
- **Which sheet**: the named one if ``sheet`` is given; otherwise the active sheet, then the
  other visible sheets, then hidden ones — the first with a header wins (a workbook often has a
  "填表说明" sheet first).
- **Rows kept**: a row whose mapped cells are all blank is skipped wherever it is — trailing
  empty rows, spacer rows, template rows with only a pre-filled 序号. Other rows are returned
  even if half empty, so the import service can report them by row number.
- **Vertically merged data cells** (户号 or 地址 merged over the rows of one household's members)
  are filled down: every row of the merged range gets the top-left value, which is what the
  person who merged the cells meant. Horizontal merges are left alone.
- **Raw values**: xlsx values are what python-calamine gives (str, float, date/datetime, bool;
  formulas as their cached result), except that an exact integer of 16+ digits written as a
  number (an ID number from some program) is an ``int`` with all its digits. CSV values are
  ``str``, with the one apostrophe that :func:`gridkeeper.sheets.writer.csv_escape` put before
  = + - @ tab CR ' removed. Blank cells are ``None`` in both.
- **Bounds**: :mod:`.limits` checks the zip directory and measures each sheet before the cell
  reader sees it; files beyond a limit are refused with a message naming it (a cell at
  XFD1048576 would otherwise make the reader allocate 17 billion cells and abort the process).
- **Duplicate columns**: two columns meaning the same field are an error (which one would be
  right?) unless the mapping sends one of them to ``None``. Repeated *unknown* headers are
  ignored like every unknown column.
- **Errors**: every problem is a :class:`GridkeeperError` with a Chinese and English message; a
  file is read completely before anything is returned, so a bad file is never partially read.
"""

from __future__ import annotations

import contextlib
import gc
import html
import itertools
import os
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.domain.messages import M, Message

from .cells import clean_text
from .csv_reader import read_csv
from .limits import MAX_COLUMNS, MAX_ROWS, check_zip, scan_sheet, too_many_columns, too_many_rows, verify_part
from .table import (HEADER_SCAN_ROWS, PROGRESS_EVERY, HeaderMatcher, ProgressFn, SheetRow, SheetTable, build_table,
                    find_header, no_header, sheet_error)

__all__ = ["read_sheet", "gc_paused", "XLSX_EXTENSIONS", "CSV_EXTENSIONS"]

XLSX_EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xltm")
CSV_EXTENSIONS = (".csv", ".tsv", ".txt")


# ---------------------------------------------------------------- public entry


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while a big batch of objects that live on is built.

    Reading and planning a 60,000-row sheet creates a few hundred thousand dicts that all stay
    alive; every full collection walks all of them again (15-25 % of an import, measured).
    Nothing they hold is cyclic garbage. The collector is switched back on afterwards unless it
    was already off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_sheet(path: str | os.PathLike, mapping: Mapping[str, str | None] | None = None, *,
               sheet: str | None = None, progress: ProgressFn | None = None) -> SheetTable:
    """Read ``path`` (.xlsx/.xlsm or .csv/.tsv/.txt) into a :class:`SheetTable`.

    ``mapping`` overrides header recognition: ``{original header text: canonical field}``; a
    field of ``None`` ignores that column. ``sheet`` picks a worksheet by name (xlsx only).
    ``progress(rows_read)`` is called every 1000 rows and at the end; an exception raised by
    it (e.g. the user cancelled) aborts the read and propagates unchanged.
    Raises :class:`GridkeeperError` (codes: ``unsupported_format``, ``file_not_found``,
    ``unreadable``, ``password_protected``, ``not_xlsx``, ``xls_format``, ``no_header``,
    ``no_sheet``, ``duplicate_column``, ``bad_mapping``, ``encoding``, and for the bounds in
    :mod:`.limits`: ``zip_bomb``, ``zip_too_large``, ``too_many_rows``, ``too_many_columns``,
    ``too_many_cells``, ``too_many_merges``, ``cell_too_long``, ``record_too_long``,
    ``file_too_large``).
    """
    p = Path(path)
    ext = p.suffix.lower()
    matcher = HeaderMatcher(mapping)
    if ext not in XLSX_EXTENSIONS + CSV_EXTENSIONS:
        hint = M("unsupported_format:save_as_xlsx") if ext in (".xls", ".et", ".ods", ".numbers", ".wps") else ""
        raise sheet_error("unsupported_format", M("unsupported_format", ext=ext or p.name, hint=hint))
    try:
        with open(p, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise sheet_error("file_not_found", M("file_not_found", p=p)) from None
    except IsADirectoryError:
        raise sheet_error("unreadable", M("is_a_folder_not_a", p=p)) from None
    except OSError as e:
        raise sheet_error("unreadable", M("cannot_open", p_name=p.name, e_strerror_or_e=e.strerror or e)) from None
    with gc_paused():
        if ext in XLSX_EXTENSIONS:
            return _read_xlsx(p, head, matcher, sheet, progress)
        return read_csv(p, ext, matcher, progress)


# ---------------------------------------------------------------- xlsx

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SHEET_RX = re.compile(rb'<(?:[\w.-]+:)?sheet\s([^>]*?)/?>')
_ATTR_RX = re.compile(rb'([\w.:-]+)\s*=\s*"([^"]*)"')
_REL_RX = re.compile(rb'<(?:[\w.-]+:)?Relationship\s([^>]*?)/?>')
_ACTIVE_RX = re.compile(rb'<(?:[\w.-]+:)?workbookView\s[^>]*?\bactiveTab="(\d+)"')


def _is_encrypted_ole(p: Path) -> bool:
    marker = "EncryptedPackage".encode("utf-16-le")
    with open(p, "rb") as fh:
        data = fh.read(4 * 1024 * 1024)
    return marker in data


@dataclass
class _SheetInfo:
    name: str
    part: zipfile.ZipInfo | None
    hidden: bool


def _attrs(raw: bytes) -> dict[str, str]:
    return {k.decode("ascii", "replace").split(":")[-1]: html.unescape(v.decode("utf-8", "replace"))
            for k, v in _ATTR_RX.findall(raw)}


def _small_part(zf: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return b""
    if info.file_size > 16 * 1024 * 1024:  # workbook.xml of a normal file is a few KB
        raise sheet_error("zip_too_large", M("the_workbook_part_is_abnormally", name=name,
                                             info_file_size=info.file_size))
    return zf.read(info)


def _workbook_sheets(zf: zipfile.ZipFile, file_name: str) -> tuple[list[_SheetInfo], int]:
    """The worksheets in tab order (name, XML part, hidden) and the active tab index."""
    wb_xml = _small_part(zf, "xl/workbook.xml")
    if not wb_xml:
        raise sheet_error("unreadable", M("cannot_read_it_is_a", file_name=file_name))
    rels_xml = _small_part(zf, "xl/_rels/workbook.xml.rels")
    targets = {}
    for raw in _REL_RX.findall(rels_xml):
        a = _attrs(raw)
        target = a.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
        targets[a.get("Id")] = target
    names = set(zf.namelist())
    sheets = []
    for raw in _SHEET_RX.findall(wb_xml):
        a = _attrs(raw)
        target = targets.get(a.get("id"))
        part = zf.getinfo(target) if target in names else None
        sheets.append(_SheetInfo(a.get("name", ""), part, a.get("state", "visible") != "visible"))
    m = _ACTIVE_RX.search(wb_xml)
    return sheets, int(m.group(1)) if m else 0


def _fill_merges(rows: Iterable[tuple[int, list]], merges: list[tuple[int, int, int]],
                 header_row: int) -> Iterator[tuple[int, list]]:
    """Give every row of a vertically merged range the top-left value (see module doc).

    ``merges`` are (column index, first row, last row). At most one merge is active per column
    (a later one replaces it), so the work per row is bounded by the number of columns however
    many (or however overlapping) merged ranges a file declares.
    """
    starts: dict[int, list[tuple[int, int]]] = {}
    for col, r1, r2 in merges:
        if r1 > header_row and r2 > r1:
            starts.setdefault(r1, []).append((col, r2))
    if not starts:
        yield from rows
        return
    active: dict[int, list] = {}  # col -> [last_row, value]
    for row_number, cells in rows:
        if active:
            for col in [c for c, a in active.items() if a[0] < row_number]:
                del active[col]
        for col, r2 in starts.get(row_number, ()):
            v = cells[col] if col < len(cells) else None
            if v is None or v == "":
                active.pop(col, None)
            else:
                active[col] = [r2, v]
        for col, (_, value) in active.items():
            if col >= len(cells):
                cells.extend([None] * (col + 1 - len(cells)))
            cells[col] = value
        yield row_number, cells


def _read_xlsx(p: Path, head: bytes, matcher: HeaderMatcher, sheet: str | None,
               progress: ProgressFn | None) -> SheetTable:
    if head.startswith(_OLE_MAGIC):
        if _is_encrypted_ole(p):
            raise sheet_error("password_protected",
                       M("is_password_protected_open_it", p_name=p.name))
        raise sheet_error("xls_format",
                   M("is_really_an_old_xls", p_name=p.name))
    if not head.startswith(b"PK\x03\x04"):
        raise sheet_error("not_xlsx",
                   M("is_not_a_valid_xlsx", p_name=p.name))

    def unreadable(e: Exception) -> GridkeeperError:
        detail = clean_text(str(e))[:200] or type(e).__name__
        return sheet_error("unreadable", M("cannot_read_the_file_may", p_name=p.name, detail=detail))

    try:
        zf = zipfile.ZipFile(p)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise unreadable(e) from None
    try:
        with zf:
            check_zip(zf, p.name)
            sheets, active_tab = _workbook_sheets(zf, p.name)
            # The cell reader unpacks the shared parts (strings, styles) when it opens the
            # workbook: make sure now that each is what its directory entry says.
            for info in zf.infolist():
                if _is_shared_part(info.filename):
                    verify_part(zf, info)
            return _read_workbook(p, zf, sheets, active_tab, matcher, sheet, progress)
    except GridkeeperError:
        raise
    except Exception as e:  # BadZipFile, bad CRC, corrupt XML, a part missing: never a traceback
        raise unreadable(e) from None


def _is_shared_part(name: str) -> bool:
    n = name.lower()
    return n.endswith((".xml", ".rels")) and not n.startswith(("xl/worksheets/", "xl/chartsheets/",
                                                                "xl/drawings/", "xl/charts/", "xl/media/"))


def _read_workbook(p: Path, zf: zipfile.ZipFile, sheets: list[_SheetInfo], active_tab: int,
                   matcher: HeaderMatcher, sheet: str | None, progress: ProgressFn | None) -> SheetTable:
    from python_calamine import CalamineWorkbook  # lazy: start-up (keeps `import gridkeeper.sheets` light)

    names = [s.name for s in sheets]
    if sheet is not None:
        if sheet not in names:
            raise sheet_error("no_sheet", M("has_no_sheet_named_sheets", p_name=p.name, sheet=sheet,
                                            join_names='、'.join(names), join_names2=', '.join(names)))
        candidates = [s for s in sheets if s.name == sheet]
    else:
        active = sheets[active_tab] if 0 <= active_tab < len(sheets) else (sheets[0] if sheets else None)
        rest = [s for s in sheets if s is not active]
        candidates = ([active] if active is not None else []) + \
            [s for s in rest if not s.hidden] + [s for s in rest if s.hidden]

    wb = None
    try:
        for info in candidates:
            if info.part is None:
                continue  # a chart sheet or a sheet whose part is missing: nothing to import
            where = M("where:sheet", name=info.name)
            extent = scan_sheet(zf, info.part, where)
            if extent.rows == 0:
                continue
            if wb is None:
                wb = CalamineWorkbook.from_path(str(p))
            ws = wb.get_sheet_by_name(info.name)
            rows = _calamine_rows(ws, extent)
            first: list[tuple[int, list]] = []
            for row_number, cells in rows:
                first.append((row_number, cells))
                if row_number >= HEADER_SCAN_ROWS:
                    break
            found = find_header(first, matcher)
            if not found:
                continue
            header_row, header_cells, fields = found
            merges = [(c0, r0 + 1, r1 + 1) for (r0, c0), (r1, _c1) in (ws.merged_cell_ranges or ())]
            data = itertools.chain(((n, c) for n, c in first if n > header_row), rows)
            return build_table(info.name, header_row, header_cells, fields,
                                _fill_merges(data, merges, header_row), progress, blank="")
    finally:
        if wb is not None:
            wb.close()
    if sheet:
        raise no_header(M("where:sheet", name=sheet))
    raise no_header(M("where:file", name=p.name))


def _calamine_rows(ws, extent) -> Iterator[tuple[int, list]]:
    """(sheet row number, cells from column A) for every row of the sheet's used range.

    python-calamine returns the rectangle from the first used cell: rows and columns before it
    are put back so row numbers and column positions are the ones the user sees in Excel. Exact
    integers of 16+ digits (an ID number written as a number by some program) come back as a
    float; the digits measured in the XML are put back.
    """
    start_row, start_col = ws.start or (0, 0)
    pad = [""] * start_col
    big: dict[int, list[tuple[int, int]]] = {}
    for (r, c), n in extent.big_integers.items():
        big.setdefault(r, []).append((c, n))
    for i, cells in enumerate(ws.iter_rows()):
        r0 = start_row + i
        row = pad + cells if start_col else cells
        for c, n in big.get(r0, ()):
            if c < len(row) and type(row[c]) is float:
                row[c] = n
        yield r0 + 1, row


