"""Write a list of records as a spreadsheet (.xlsx or .csv) that Chinese Excel/WPS opens cleanly.

``write_sheet(path, columns, rows)`` streams ``rows`` (any iterable of dicts) to disk, so a
60,000-row export never holds a workbook in memory.

Decisions:

- **Column kinds** decide how a value is stored. ``text`` columns (ID numbers, phones, codes,
  household numbers) are written as text cells with number format ``@``: Excel would otherwise
  show 110101199003071234 as 1.10101E+17 and destroy the last digits on the next save. ``date``
  columns hold real date cells formatted ``yyyy-mm-dd`` (ISO strings from the store are
  converted). The kind comes from the field key (see :func:`column_kind`) unless the caller
  passes ``kinds={field: "text"|"date"|"general"}``.
- **xlsx**: openpyxl write-only mode; bold header, header row frozen, column widths from the
  header and the first 200 rows (CJK characters count double). Text is always a text cell:
  text starting with = + - @ tab CR (or looking like an error value such as "#N/A") is written
  as an explicit string cell formatted "@", so it is neither a formula now nor after someone
  edits the cell in Excel; numbers in general columns stay numbers. Characters that XML cannot
  hold (control characters pasted from other programs) are dropped, CR and CRLF become LF (an
  XML reader turns a CR into LF anyway; LF is Excel's line break); text longer than Excel's
  32,767-character cell limit is cut.
- **csv**: UTF-8 with BOM (without it Chinese Excel decodes as GBK and shows mojibake), dates as
  YYYY-MM-DD, ID numbers as plain text. CSV injection: in every column, a text value starting
  with = + - @ tab or CR (or an apostrophe, to keep the escape reversible) gets one leading
  apostrophe, so Excel/WPS shows it as text instead of running it; numbers in general columns
  (counts, -3) are written as numbers. :func:`gridkeeper.sheets.read_sheet` removes that one
  apostrophe again, so gridkeeper re-imports its own CSV exactly. Note that Excel itself still
  *displays* an 18-digit ID in a CSV in scientific notation: .xlsx is the format to recommend for
  round trips through Excel.
- **Atomic**: the file is written under a temporary name in the target folder and moved into
  place at the end, so a failed export never leaves half a file or destroys the previous one.
"""

from __future__ import annotations

import csv
import datetime as _dt
import itertools
import os
import re
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.domain.messages import M, Message
from .cells import date_text

__all__ = ["write_sheet", "column_kind", "csv_escape", "csv_unescape", "TEXT_FIELDS", "DATE_FIELDS",
           "FORMULA_FIRST"]

#: field keys always written as text (besides keys ending in id_number/phone/mobile/code/number)
TEXT_FIELDS = {"id_number", "phone", "household_number", "code", "mobile", "worker_phone",
               "contact_phone", "area_code", "room", "unit", "building"}
#: field keys always written as dates (besides keys ending in "date" or "_on")
DATE_FIELDS = {"birth_date", "since", "until", "next_due", "due", "received", "closed",
               "visit_date", "received_date", "closed_date", "followup_date"}

_TEXT_SUFFIXES = ("id_number", "phone", "mobile", "_code", "_number", "_no")
_DATE_SUFFIXES = ("date", "_on", "_due")
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_ILLEGAL_XML_RE = re.compile(r"[\000-\010\013\014\016-\037]")
#: first characters that make Excel/WPS read a typed or CSV value as a formula (OWASP's list)
FORMULA_FIRST = ("=", "+", "-", "@", "\t", "\r")
#: a CSV cell starting with one of these gets a leading apostrophe; the reader removes exactly
#: one apostrophe before them (the apostrophe itself is included so the escape is reversible)
CSV_ESCAPED_FIRST = frozenset(FORMULA_FIRST + ("'",))
_LITERAL_FIRST = frozenset(FORMULA_FIRST + ("#", "\n"))  # CR is written as LF
_EXCEL_ERRORS = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                           "#GETTING_DATA"))
_MAX_CELL = 32767
_XLSX_MAX_ROWS = 1_048_576
_PROGRESS_EVERY = 1000

ProgressFn = Callable[[int], None]
Columns = Sequence[tuple[str, str]]


def column_kind(field: str) -> str:
    """"text", "date" or "general" for a field key."""
    f = field.lower()
    if f in TEXT_FIELDS or f.endswith(_TEXT_SUFFIXES):
        return "text"
    if f in DATE_FIELDS or f.endswith(_DATE_SUFFIXES):
        return "date"
    return "general"


def _err(code: str, message: Message) -> GridkeeperError:
    return GridkeeperError(message, code=code)


# ---------------------------------------------------------------- value conversion


def _as_text(v: object) -> str | None:
    """A value for a text column, or None when blank."""
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        v = int(v)
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, (list, tuple, set, frozenset)):
        v = "、".join(str(x) for x in v if x not in (None, ""))
    s = str(v)
    return s if s != "" else None


def _as_date(v: object) -> object:
    """A date for a date column: date/datetime/ISO text -> date; other text stays text."""
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, _dt.date) or v is None:
        return v
    if isinstance(v, str):
        m = _ISO_DATE_RE.match(v.strip())
        if m:
            try:
                return _dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return v
        return v or None
    return v


def _display_width(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in s)


# ---------------------------------------------------------------- public entry


def write_sheet(path: str | os.PathLike, columns: Columns, rows: Iterable[Mapping[str, object]],
                *, sheet_title: str = "", kinds: Mapping[str, str] | None = None,
                progress: ProgressFn | None = None) -> int:
    """Write ``rows`` to ``path`` (.xlsx or .csv) with ``columns`` = [(field key, header text)].

    ``sheet_title`` names the worksheet tab (xlsx). ``kinds`` overrides :func:`column_kind`.
    ``progress(rows_written)`` is called every 1000 rows. Returns the number of data rows.
    Raises :class:`GridkeeperError` for an unknown extension, a missing folder, or a file that
    cannot be replaced (e.g. open in Excel).
    """
    p = Path(path)
    ext = p.suffix.lower()
    if ext not in (".xlsx", ".csv"):
        raise _err("unsupported_format",
                   M("cannot_export_to_use_a", ext_or_p_name=ext or p.name))
    if not columns:
        raise _err("no_columns", M("no_columns_to_export"))
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        raise _err("no_folder", M("folder_does_not_exist", folder=folder))
    col_kinds = [(kinds or {}).get(f) or column_kind(f) for f, _ in columns]

    fd, tmp_name = tempfile.mkstemp(prefix=".gk-export-", suffix=ext, dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if ext == ".xlsx":
            count = _write_xlsx(tmp, columns, col_kinds, rows, sheet_title, progress)
        else:
            count = _write_csv(tmp, columns, col_kinds, rows, progress)
        try:
            os.replace(tmp, p)
        except PermissionError:
            raise _err("file_in_use",
                       M("cannot_write_the_file_is", p_name=p.name)) from None
    except OSError as e:
        raise _err("write_failed", M("cannot_write", p_name=p.name, e_strerror_or_e=e.strerror or e)) from None
    finally:
        if tmp.exists():
            try:
                tmp.unlink()
            except OSError:
                pass
    return count


# ---------------------------------------------------------------- xlsx


def _sheet_title(title: str) -> str:
    t = re.sub(r"[\[\]:*?/\\]", " ", title or "").strip().strip("'")[:31]
    return t or "Sheet1"


def _clean_xml_text(s: str) -> str:
    if _ILLEGAL_XML_RE.search(s):
        s = _ILLEGAL_XML_RE.sub("", s)
    if "\r" in s:  # XML reads a bare CR back as LF anyway: say so explicitly (Excel's line break)
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if len(s) > _MAX_CELL:
        s = s[:_MAX_CELL]
    return s


_FORMATS = {"text": "@", "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}


def _template(ws, make_cell, kind: str):
    """A reusable write-only cell for one column, or None for a general column."""
    fmt = _FORMATS.get(kind)
    if fmt is None:
        return None
    c = make_cell(ws)
    c.number_format = fmt
    return c


def _write_xlsx(tmp: Path, columns: Columns, col_kinds: list[str],
                rows: Iterable[Mapping[str, object]], sheet_title: str,
                progress: ProgressFn | None) -> int:
    from openpyxl import Workbook  # lazy: start-up
    from openpyxl.cell import WriteOnlyCell  # lazy: start-up
    from openpyxl.styles import Alignment, Font  # lazy: start-up
    from openpyxl.utils import get_column_letter  # lazy: start-up

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_sheet_title(sheet_title))
    keys = [f for f, _ in columns]

    # Column widths from the header and a sample of rows; set before any row is written.
    it = iter(rows)
    sample = list(itertools.islice(it, 200))
    for i, (key, header) in enumerate(columns):
        kind = col_kinds[i]
        width = _display_width(str(header)) + 2
        for r in sample:
            v = r.get(key)
            if v is not None:
                width = max(width, _display_width(_as_text(v) or "") + 2)
        floor = {"text": 10, "date": 12}.get(kind, 8)
        ws.column_dimensions[get_column_letter(i + 1)].width = min(max(width, floor), 50)
    ws.freeze_panes = "A2"

    bold = Font(bold=True)
    center = Alignment(horizontal="center", vertical="center")
    header_cells = []
    for _, header in columns:
        c = WriteOnlyCell(ws, value=_clean_xml_text(str(header)))
        c.data_type = "s"
        c.font = bold
        c.alignment = center
        header_cells.append(c)
    ws.append(header_cells)

    # Styled cells are refilled for every row instead of created per cell (write-only mode
    # serialises a row during append()). Each template belongs to ONE column and is used at
    # most once per row: a template shared by two columns would be written twice with the last
    # value (and openpyxl, handed a Cell, first tries to bind it as a value and leaves the
    # reused cell typed "n"). Every template carries a number format, so openpyxl never reuses
    # one of them as its own scratch cell either.
    templates = [_template(ws, WriteOnlyCell, kind) for kind in col_kinds]
    literals = [_template(ws, WriteOnlyCell, "text") for _ in col_kinds]
    datetimes = [_template(ws, WriteOnlyCell, "datetime") for _ in col_kinds]
    dates = [_template(ws, WriteOnlyCell, "date") for _ in col_kinds]

    count = 0
    ncols = len(keys)
    for row in itertools.chain(sample, it):
        out: list[object] = [None] * ncols
        for i in range(ncols):
            v = row.get(keys[i])
            if v is None or v == "":
                continue
            kind = col_kinds[i]
            if kind == "date":
                v = _as_date(v)
                if isinstance(v, _dt.date):
                    c = templates[i]
                    c.value = v
                    out[i] = c
                    continue
            if kind == "text" or isinstance(v, str) or not isinstance(
                    v, (int, float, _dt.date, _dt.time, _dt.timedelta)):
                s = _as_text(v)
                if s is None:
                    continue
                s = _clean_xml_text(s)
                if kind == "text":
                    c = templates[i]
                elif s[:1] in _LITERAL_FIRST or s in _EXCEL_ERRORS:
                    c = literals[i]  # would be a formula or an error cell: an explicit text cell
                else:
                    out[i] = s
                    continue
                c.value = s
                c.data_type = "s"  # never a formula, never an error value
                out[i] = c
            elif isinstance(v, _dt.datetime):
                c = datetimes[i]
                c.value = v
                out[i] = c
            elif isinstance(v, _dt.date):
                c = dates[i]
                c.value = v
                out[i] = c
            else:
                out[i] = v
        count += 1
        if count >= _XLSX_MAX_ROWS:
            raise _err("too_many_rows", M("more_rows_than_excel_allows"))
        ws.append(out)
        if progress and count % _PROGRESS_EVERY == 0:
            progress(count)
    wb.save(tmp)
    if progress:
        progress(count)
    return count


# ---------------------------------------------------------------- csv


def csv_escape(s: str) -> str:
    """A text cell for CSV that Excel/WPS will never run as a formula: one leading apostrophe
    when it starts with = + - @ tab, CR or an apostrophe. :func:`csv_unescape` undoes it."""
    return "'" + s if s[:1] in CSV_ESCAPED_FIRST else s


def csv_unescape(s: str) -> str:
    """Undo :func:`csv_escape` (the CSV reader applies it to every cell)."""
    return s[1:] if s[:1] == "'" and s[1:2] in CSV_ESCAPED_FIRST else s


def _csv_value(v: object, kind: str) -> str:
    if v is None:
        return ""
    if kind == "date":
        v = _as_date(v)
    as_date = date_text(v)
    if as_date is not None:
        return as_date
    if kind == "general" and isinstance(v, (int, float)) and not isinstance(v, bool):
        return _as_text(v) or ""  # a number in a numeric column stays a number (-3 included)
    return csv_escape(_as_text(v) or "")


def _write_csv(tmp: Path, columns: Columns, col_kinds: list[str],
               rows: Iterable[Mapping[str, object]], progress: ProgressFn | None) -> int:
    keys = [f for f, _ in columns]
    count = 0
    with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)  # "excel" dialect: comma, CRLF, quotes only where needed
        w.writerow([str(h) for _, h in columns])
        pairs = list(zip(keys, col_kinds))
        for row in rows:
            w.writerow([_csv_value(row.get(k), kind) for k, kind in pairs])
            count += 1
            if progress and count % _PROGRESS_EVERY == 0:
                progress(count)
    if progress:
        progress(count)
    return count
