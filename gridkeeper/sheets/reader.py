"""Read a roster spreadsheet (.xlsx or .csv) into a :class:`SheetTable` of raw cell values.

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

import codecs
import contextlib
import csv
import gc
import html
import itertools
import os
import posixpath
import re
import zipfile
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from gridkeeper.domain.errors import GridkeeperError

from .cells import clean_text
from .columns import FIELDS, FIELD_LABELS_ZH, expected_headers, fields_of_one_kind, match_header, normalize_header
from .limits import (MAX_CELL_CHARS, MAX_COLUMNS, MAX_CSV_BYTES, MAX_CSV_FIELD, MAX_CSV_RECORD_CHARS,
                     MAX_ROWS, cell_too_long, check_zip, col_letter, scan_sheet, too_many_columns,
                     too_many_rows, verify_part)
from .writer import csv_unescape

__all__ = ["SheetRow", "SheetTable", "read_sheet", "gc_paused", "HEADER_SCAN_ROWS", "XLSX_EXTENSIONS",
           "CSV_EXTENSIONS"]

HEADER_SCAN_ROWS = 15
XLSX_EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xltm")
CSV_EXTENSIONS = (".csv", ".tsv", ".txt")
_PROGRESS_EVERY = 1000

ProgressFn = Callable[[int], None]


@dataclass
class SheetRow:
    """One data row. ``values`` maps canonical field -> raw cell value (None when blank) for
    every column whose header is known."""

    row_number: int
    values: dict[str, object]


@dataclass
class SheetTable:
    sheet_name: str
    header_row: int
    columns: list[str]
    fields: list[str | None]
    rows: list[SheetRow] = dc_field(default_factory=list)

    @property
    def unknown_columns(self) -> list[str]:
        """Header texts of columns that were not recognised (ignored on import)."""
        return [c for c, f in zip(self.columns, self.fields) if f is None and c]

    @property
    def present_fields(self) -> list[str]:
        return [f for f in self.fields if f]


# ---------------------------------------------------------------- errors


def _err(code: str, zh: str, en: str) -> GridkeeperError:
    return GridkeeperError(zh, en, code=code)



# ---------------------------------------------------------------- header detection


class _HeaderMatcher:
    """Maps header cell texts to canonical fields, the user's mapping first."""

    def __init__(self, mapping: Mapping[str, str | None] | None):
        self.exact: dict[str, str | None] = {}
        self.folded: dict[str, str | None] = {}
        for header, target in (mapping or {}).items():
            if target is not None and target not in FIELDS:
                raise _err("bad_mapping",
                           f"列对应设置有误：“{header}”对应的字段“{target}”不存在",
                           f"column mapping: {header!r} maps to unknown field {target!r}")
            self.exact[clean_text(header)] = target
            self.folded[normalize_header(header)] = target

    def field(self, text: object) -> str | None:
        t = clean_text(text)
        if not t:
            return None
        if t in self.exact:
            return self.exact[t]
        folded = normalize_header(t)
        if folded in self.folded:
            return self.folded[folded]
        return match_header(t)

    def fields(self, row: Sequence[object]) -> list[str | None]:
        return [self.field(v) for v in row]


def _find_header(first_rows: list[tuple[int, Sequence[object]]], matcher: _HeaderMatcher):
    """Return (row_number, cells, fields) of the header among the first rows, or None."""
    for row_number, cells in first_rows:
        fields = matcher.fields(cells)
        if sum(1 for f in fields if f) >= 2:
            return row_number, list(cells), fields_of_one_kind(fields)
    return None


def _no_header(where: str, where_en: str) -> GridkeeperError:
    return _err(
        "no_header",
        f"{where}的前 {HEADER_SCAN_ROWS} 行里找不到表头。表头行至少要有两个可识别的列名，"
        f"例如：{expected_headers('zh')}",
        f"no header row found in the first {HEADER_SCAN_ROWS} rows of {where_en}. The header row "
        f"needs at least two known column names, such as: {expected_headers('en')}",
    )


def _check_duplicates(columns: list[str], fields: list[str | None]) -> None:
    seen: dict[str, int] = {}
    for i, f in enumerate(fields):
        if not f:
            continue
        if f in seen:
            j = seen[f]
            label = FIELD_LABELS_ZH[f]
            raise _err(
                "duplicate_column",
                f"表头有重复的列：第 {col_letter(j)} 列“{columns[j]}”和第 {col_letter(i)} 列"
                f"“{columns[i]}”都是“{label}”，请删除或改名其中一列",
                f"duplicate columns: column {col_letter(j)} ({columns[j]!r}) and column "
                f"{col_letter(i)} ({columns[i]!r}) both mean {f!r}; remove or rename one",
            )
        seen[f] = i


def _is_blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not clean_text(v))


def _build_table(sheet_name: str, header_row: int, header_cells: Sequence[object],
                 fields: list[str | None], data: Iterable[tuple[int, Sequence[object]]],
                 progress: ProgressFn | None, blank: object = None,
                 unescape: bool = False) -> SheetTable:
    columns = [clean_text(c) for c in header_cells]
    _check_duplicates(columns, fields)
    picks = [(i, f) for i, f in enumerate(fields) if f]
    table = SheetTable(sheet_name, header_row, columns, fields, [])
    rows = table.rows
    count = 0
    for row_number, cells in data:
        n = len(cells)
        values = {}
        empty = True
        for i, f in picks:
            v = cells[i] if i < n else None
            if v == blank:
                v = None
            else:
                if type(v) is str:
                    if len(v) > MAX_CELL_CHARS:
                        raise cell_too_long(row_number, columns[i] or FIELD_LABELS_ZH[f], len(v))
                    if unescape and v[:1] == "'":
                        v = csv_unescape(v)
                if empty and not _is_blank(v):
                    empty = False
            values[f] = v
        count += 1
        if progress and count % _PROGRESS_EVERY == 0:
            progress(count)
        if not empty:
            rows.append(SheetRow(row_number, values))
    if progress:
        progress(count)
    return table


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
    matcher = _HeaderMatcher(mapping)
    if ext not in XLSX_EXTENSIONS + CSV_EXTENSIONS:
        hint_zh = "请在 Excel 或 WPS 中“另存为” .xlsx 后再导入" if ext in (".xls", ".et", ".ods", ".numbers", ".wps") else ""
        hint_en = "save it as .xlsx in Excel or WPS first" if hint_zh else ""
        raise _err("unsupported_format",
                   f"不支持的文件类型“{ext or p.name}”，只能导入 .xlsx 或 .csv 文件。{hint_zh}",
                   f"unsupported file type {ext or p.name!r}: only .xlsx and .csv can be "
                   f"imported. {hint_en}".strip())
    try:
        with open(p, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise _err("file_not_found", f"找不到文件：{p}", f"file not found: {p}") from None
    except IsADirectoryError:
        raise _err("unreadable", f"“{p}”是文件夹，不是表格文件", f"{p} is a folder, not a file") from None
    except OSError as e:
        raise _err("unreadable", f"无法打开文件 {p.name}：{e.strerror or e}",
                   f"cannot open {p.name}: {e.strerror or e}") from None
    with gc_paused():
        if ext in XLSX_EXTENSIONS:
            return _read_xlsx(p, head, matcher, sheet, progress)
        return _read_csv(p, ext, matcher, progress)


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
        raise _err("zip_too_large", f"工作簿的“{name}”部件大得异常（{info.file_size} 字节）",
                   f"the workbook part {name} is abnormally large ({info.file_size:,} bytes)")
    return zf.read(info)


def _workbook_sheets(zf: zipfile.ZipFile, file_name: str) -> tuple[list[_SheetInfo], int]:
    """The worksheets in tab order (name, XML part, hidden) and the active tab index."""
    wb_xml = _small_part(zf, "xl/workbook.xml")
    if not wb_xml:
        raise _err("unreadable", f"无法读取“{file_name}”：它是压缩包，但不是 Excel 工作簿（缺少 xl/workbook.xml）",
                   f"cannot read {file_name}: it is a zip archive but not an Excel workbook "
                   f"(no xl/workbook.xml)")
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


def _read_xlsx(p: Path, head: bytes, matcher: _HeaderMatcher, sheet: str | None,
               progress: ProgressFn | None) -> SheetTable:
    if head.startswith(_OLE_MAGIC):
        if _is_encrypted_ole(p):
            raise _err("password_protected",
                       f"“{p.name}”设置了打开密码，无法读取。请在 Excel 中打开，取消密码（文件→信息→保护工作簿）后另存，再导入",
                       f"{p.name} is password-protected. Open it in Excel, remove the password "
                       f"and save it again before importing")
        raise _err("xls_format",
                   f"“{p.name}”其实是旧版 .xls 格式。请在 Excel 或 WPS 中“另存为” .xlsx 后再导入",
                   f"{p.name} is really an old .xls file; save it as .xlsx in Excel or WPS first")
    if not head.startswith(b"PK\x03\x04"):
        raise _err("not_xlsx",
                   f"“{p.name}”不是有效的 .xlsx 文件（可能已损坏，或只是改了扩展名）",
                   f"{p.name} is not a valid .xlsx file (damaged, or only renamed to .xlsx)")

    def unreadable(e: Exception) -> GridkeeperError:
        detail = clean_text(str(e))[:200] or type(e).__name__
        return _err("unreadable", f"无法读取“{p.name}”，文件可能已损坏：{detail}",
                    f"cannot read {p.name}, the file may be damaged: {detail}")

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
                   matcher: _HeaderMatcher, sheet: str | None, progress: ProgressFn | None) -> SheetTable:
    from python_calamine import CalamineWorkbook  # imported here: keeps `import gridkeeper.sheets` light

    names = [s.name for s in sheets]
    if sheet is not None:
        if sheet not in names:
            raise _err("no_sheet", f"“{p.name}”里没有名为“{sheet}”的工作表（有：{'、'.join(names)}）",
                       f"{p.name} has no sheet named {sheet!r} (sheets: {', '.join(names)})")
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
            where, where_en = f"工作表“{info.name}”", f"sheet {info.name!r}"
            extent = scan_sheet(zf, info.part, where, where_en)
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
            found = _find_header(first, matcher)
            if not found:
                continue
            header_row, header_cells, fields = found
            merges = [(c0, r0 + 1, r1 + 1) for (r0, c0), (r1, _c1) in (ws.merged_cell_ranges or ())]
            data = itertools.chain(((n, c) for n, c in first if n > header_row), rows)
            return _build_table(info.name, header_row, header_cells, fields,
                                _fill_merges(data, merges, header_row), progress, blank="")
    finally:
        if wb is not None:
            wb.close()
    if sheet:
        raise _no_header(f"工作表“{sheet}”", f"sheet {sheet!r}")
    raise _no_header(f"“{p.name}”", p.name)


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


# ---------------------------------------------------------------- csv

_DELIMITERS = (",", "\t", ";")
_LINE_RX = re.compile(r"[^\r\n]*(?:\r\n?|\n)?")
_BYTE_LINE_RX = re.compile(rb"[^\r\n]*(?:\r\n?|\n)?")


class _NotText(Exception):
    """A NUL character: the file is binary, or UTF-16 without a BOM."""


def _encoding_error(p: Path) -> GridkeeperError:
    return _err("encoding",
                f"无法识别“{p.name}”的文字编码，或它不是文本表格。请在 Excel 中另存为“CSV UTF-8”或 .xlsx",
                f"cannot decode {p.name}, or it is not a text table; save it as CSV UTF-8 or .xlsx")


class _RecordTooLong(Exception):
    pass


class _Lines:
    """Physical lines (ending kept; \n, \r\n or \r) of a CSV file, decoded one at a time.

    UTF-8 and GB18030 never use the bytes of CR or LF inside a character, so the raw bytes are
    split first and each line decoded alone: the whole text is never held as one string (one
    rare character would make Python store all of it at 4 bytes a character). UTF-16 text comes
    decoded. ``taken`` counts the characters handed out since the caller last reset it, so one
    record (which may span lines inside quotes) cannot grow past the record limit.
    """

    def __init__(self, source: bytes | str, encoding: str | None = None, start: int = 0):
        self.source = source
        self.encoding = encoding
        self.pos = start
        self.taken = 0
        self._rx = _BYTE_LINE_RX if encoding else _LINE_RX

    def __iter__(self):
        return self

    def __next__(self) -> str:
        src, pos = self.source, self.pos
        if pos >= len(src):
            raise StopIteration
        end = self._rx.match(src, pos).end()
        self.pos = end
        line = src[pos:end].decode(self.encoding) if self.encoding else src[pos:end]
        if "\x00" in line:
            raise _NotText()
        self.taken += len(line)
        if self.taken > MAX_CSV_RECORD_CHARS:
            raise _RecordTooLong()
        return line


def _csv_records(lines: _Lines, delimiter: str, where: str, where_en: str,
                 limit: int | None = None) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) per CSV record, at most ``limit`` records. A record is numbered as
    Excel shows it: one row per record, even when a quoted cell spans several lines. Records
    beyond the limits (see :mod:`.limits`) raise a message naming the limit and the row."""
    reader = csv.reader(lines, delimiter=delimiter)
    n = 0
    while limit is None or n < limit:
        lines.taken = 0
        try:
            cells = next(reader)
        except StopIteration:
            return
        except _RecordTooLong:
            raise _err("record_too_long",
                       f"{where}第 {n + 1} 行超过 {MAX_CSV_RECORD_CHARS // (1024 * 1024)} MB 的上限（可能缺少配对的引号）",
                       f"{where_en}: row {n + 1} is longer than the limit of "
                       f"{MAX_CSV_RECORD_CHARS // (1024 * 1024)} MB (an unmatched quote?)") from None
        except csv.Error as e:
            if "field limit" in str(e):
                raise _err("cell_too_long",
                           f"{where}第 {n + 1} 行有一个单元格超过 {MAX_CSV_FIELD // 1024} KB"
                           f"（{MAX_CSV_FIELD} 个字符）的上限（可能缺少配对的引号）",
                           f"{where_en}: row {n + 1} has a field longer than the limit of "
                           f"{MAX_CSV_FIELD // 1024} KB ({MAX_CSV_FIELD:,} characters); an unmatched quote?") from None
            raise _err("unreadable", f"{where}格式有误（第 {n + 1} 行）：{e}",
                       f"{where_en} is malformed (row {n + 1}): {e}") from None
        n += 1
        if n > MAX_ROWS:
            raise too_many_rows(where, where_en, n)
        if len(cells) > MAX_COLUMNS:
            raise too_many_columns(where, where_en, len(cells), row=n)
        yield n, cells


def _read_csv(p: Path, ext: str, matcher: _HeaderMatcher,
              progress: ProgressFn | None) -> SheetTable:
    """UTF-8 (BOM or not), UTF-16 with BOM (Excel "Unicode text"), else GB18030 (covers GBK)."""
    where, where_en = f"“{p.name}”", p.name
    try:
        size = p.stat().st_size
        if size > MAX_CSV_BYTES:
            raise _err("file_too_large",
                       f"{where}有 {size / (1024 * 1024):.0f} MB，超过 CSV 文件 {MAX_CSV_BYTES // (1024 * 1024)} MB 的上限。"
                       f"请拆分文件，或另存为 .xlsx 后再导入",
                       f"{where_en} is {size / (1024 * 1024):.0f} MB, more than the limit of "
                       f"{MAX_CSV_BYTES // (1024 * 1024)} MB for a CSV file; split it or save it as .xlsx")
        raw = p.read_bytes()
    except OSError as e:
        raise _err("unreadable", f"无法读取文件 {p.name}：{e.strerror or e}",
                   f"cannot read {p.name}: {e.strerror or e}") from None
    if raw.startswith(codecs.BOM_UTF8):
        sources = [lambda: _Lines(raw, "utf-8", len(codecs.BOM_UTF8))]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _encoding_error(p) from None
        sources = [lambda: _Lines(text)]
    else:
        sources = [lambda: _Lines(raw, "utf-8"), lambda: _Lines(raw, "gb18030")]
    for lines in sources:
        try:
            return _read_csv_lines(p, ext, matcher, progress, lines, where, where_en)
        except UnicodeDecodeError:
            continue  # not this encoding: the next one reads from the start again
        except _NotText:
            break
    raise _encoding_error(p)


def _read_csv_lines(p: Path, ext: str, matcher: _HeaderMatcher, progress: ProgressFn | None,
                    lines: Callable[[], _Lines], where: str, where_en: str) -> SheetTable:
    # Sniff the delimiter by trying each on the first records and keeping the one that yields
    # the header with the most known columns (csv.Sniffer guesses wrong on short Chinese rows).
    order = ("\t", ",", ";") if ext == ".tsv" else _DELIMITERS
    best = None
    limit_error = None
    for delim in order:
        try:
            first = list(_csv_records(lines(), delim, where, where_en, limit=HEADER_SCAN_ROWS))
        except GridkeeperError as e:
            if e.code in ("cell_too_long", "record_too_long", "too_many_columns"):
                limit_error = limit_error or e
            continue
        found = _find_header(first, matcher)
        if found:
            score = sum(1 for f in found[2] if f)
            if best is None or score > best[0]:
                best = (score, delim, found)
    if best is None:
        if limit_error is not None:
            raise limit_error  # the real reason, not "no header found"
        raise _no_header(where, where_en)
    _, delim, (header_row, header_cells, fields) = best
    # Streamed into the table, which keeps only the mapped columns; a bad record anywhere still
    # fails the whole file before anything is returned.
    rows = ((n, c) for n, c in _csv_records(lines(), delim, where, where_en) if n > header_row)
    return _build_table(p.stem, header_row, header_cells, fields, rows, progress, blank="",
                        unescape=True)
