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
- **Raw values**: xlsx values are what openpyxl gives with ``data_only=True`` (str, int, float,
  datetime, bool; formulas as their cached result). CSV values are ``str``. Blank cells are
  ``None`` in both.
- **Duplicate columns**: two columns meaning the same field are an error (which one would be
  right?) unless the mapping sends one of them to ``None``. Repeated *unknown* headers are
  ignored like every unknown column.
- **Errors**: every problem is a :class:`GridkeeperError` with a Chinese and English message; a
  file is read completely before anything is returned, so a bad file is never partially read.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
import warnings
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from gridkeeper.domain.errors import GridkeeperError

from .cells import clean_text
from .columns import FIELDS, FIELD_LABELS_ZH, expected_headers, match_header, normalize_header

__all__ = ["SheetRow", "SheetTable", "read_sheet", "HEADER_SCAN_ROWS", "XLSX_EXTENSIONS",
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


def _col_letter(index0: int) -> str:
    n, s = index0 + 1, ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


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
            return row_number, list(cells), fields
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
                f"表头有重复的列：第 {_col_letter(j)} 列“{columns[j]}”和第 {_col_letter(i)} 列"
                f"“{columns[i]}”都是“{label}”，请删除或改名其中一列",
                f"duplicate columns: column {_col_letter(j)} ({columns[j]!r}) and column "
                f"{_col_letter(i)} ({columns[i]!r}) both mean {f!r}; remove or rename one",
            )
        seen[f] = i


def _is_blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not clean_text(v))


def _build_table(sheet_name: str, header_row: int, header_cells: Sequence[object],
                 fields: list[str | None], data: Iterable[tuple[int, Sequence[object]]],
                 progress: ProgressFn | None, blank: object = None) -> SheetTable:
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
            elif empty and not _is_blank(v):
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


def read_sheet(path: str | os.PathLike, mapping: Mapping[str, str | None] | None = None, *,
               sheet: str | None = None, progress: ProgressFn | None = None) -> SheetTable:
    """Read ``path`` (.xlsx/.xlsm or .csv/.tsv/.txt) into a :class:`SheetTable`.

    ``mapping`` overrides header recognition: ``{original header text: canonical field}``; a
    field of ``None`` ignores that column. ``sheet`` picks a worksheet by name (xlsx only).
    ``progress(rows_read)`` is called every 1000 rows and at the end; an exception raised by
    it (e.g. the user cancelled) aborts the read and propagates unchanged.
    Raises :class:`GridkeeperError` (codes: ``unsupported_format``, ``file_not_found``,
    ``unreadable``, ``password_protected``, ``not_xlsx``, ``xls_format``, ``no_header``,
    ``no_sheet``, ``duplicate_column``, ``bad_mapping``, ``encoding``).
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
    if ext in XLSX_EXTENSIONS:
        return _read_xlsx(p, head, matcher, sheet, progress)
    return _read_csv(p, ext, matcher, progress)


# ---------------------------------------------------------------- xlsx

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _is_encrypted_ole(p: Path) -> bool:
    marker = "EncryptedPackage".encode("utf-16-le")
    with open(p, "rb") as fh:
        data = fh.read(4 * 1024 * 1024)
    return marker in data


def _vertical_merges(wb, ws) -> list[tuple[int, int, int]]:
    """(column index, first row, last row) of vertically merged ranges, read from the sheet XML.

    openpyxl's read-only mode does not expose merged cells, so the ``<mergeCell ref=..>``
    elements (which follow the cell data) are found by scanning the decompressed XML in chunks.
    """
    try:
        archive, part = wb._archive, ws._worksheet_path
        src = archive.open(part)
    except Exception:  # private attributes moved: degrade to "no merges"
        return []
    found: list[tuple[int, int, int]] = []
    tail = b""
    seen_merge = False
    with src:
        while True:
            chunk = src.read(1 << 20)
            if not chunk:
                break
            buf = tail + chunk
            if not seen_merge and b"mergeCell" not in buf:
                tail = buf[-64:]
                continue
            seen_merge = True
            last_end = 0
            for m in _MERGE_RE.finditer(buf):
                c1, r1, _c2, r2 = m.groups()
                if int(r2) > int(r1):
                    found.append((_col_index(c1), int(r1), int(r2)))
                last_end = m.end()
            tail = buf[max(last_end, len(buf) - 256):]
    return sorted(set(found))


def _fill_merges(rows: Iterator[tuple[int, tuple]], merges: list[tuple[int, int, int]],
                 header_row: int) -> Iterator[tuple[int, tuple]]:
    merges = [m for m in merges if m[1] > header_row]
    if not merges:
        yield from rows
        return
    starts: dict[int, list[tuple[int, int]]] = {}
    for col, r1, r2 in merges:
        starts.setdefault(r1, []).append((col, r2))
    active: list[list] = []  # [col, last_row, value]
    for row_number, cells in rows:
        if active:
            active = [a for a in active if a[1] >= row_number]
        for col, r2 in starts.get(row_number, ()):
            active.append([col, r2, cells[col] if col < len(cells) else None])
        if active:
            cells = list(cells)
            for col, r2, value in active:
                if r2 >= row_number and value is not None:
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

    import openpyxl  # imported here: keeps `import gridkeeper.sheets` light

    def unreadable(e: Exception) -> GridkeeperError:
        detail = clean_text(str(e))[:200] or type(e).__name__
        return _err("unreadable", f"无法读取“{p.name}”，文件可能已损坏：{detail}",
                    f"cannot read {p.name}, the file may be damaged: {detail}")

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as e:  # BadZipFile, KeyError (missing part), XML errors, InvalidFileException
        raise unreadable(e) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _read_workbook(p, wb, matcher, sheet, progress)
    except GridkeeperError:
        raise
    except Exception as e:  # corrupt XML inside the zip, etc.: never a traceback for the user
        raise unreadable(e) from None
    finally:
        wb.close()


def _iter_rows(ws) -> Iterator[tuple[int, tuple]]:
    return enumerate(ws.iter_rows(values_only=True), start=1)


def _read_workbook(p: Path, wb, matcher: _HeaderMatcher, sheet: str | None,
                   progress: ProgressFn | None) -> SheetTable:
    sheets = list(wb.worksheets)
    if sheet is not None:
        if sheet not in wb.sheetnames:
            raise _err("no_sheet", f"“{p.name}”里没有名为“{sheet}”的工作表（有：{'、'.join(wb.sheetnames)}）",
                       f"{p.name} has no sheet named {sheet!r} (sheets: {', '.join(wb.sheetnames)})")
        candidates = [wb[sheet]]
    else:
        active = wb.active if wb.active in sheets else (sheets[0] if sheets else None)
        rest = [ws for ws in sheets if ws is not active]
        visible = [ws for ws in rest if getattr(ws, "sheet_state", "visible") == "visible"]
        hidden = [ws for ws in rest if ws not in visible]
        candidates = ([active] if active is not None else []) + visible + hidden

    for ws in candidates:
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # the stored <dimension> is often wrong in files from other tools
        first: list[tuple[int, tuple]] = []
        for row_number, cells in _iter_rows(ws):
            first.append((row_number, cells))
            if row_number >= HEADER_SCAN_ROWS:
                break
        found = _find_header(first, matcher)
        if not found:
            continue
        header_row, header_cells, fields = found
        merges = _vertical_merges(wb, ws)
        data = ((n, c) for n, c in _iter_rows(ws) if n > header_row)
        return _build_table(ws.title, header_row, header_cells, fields,
                            _fill_merges(data, merges, header_row), progress)

    if sheet:
        raise _no_header(f"工作表“{sheet}”", f"sheet {sheet!r}")
    raise _no_header(f"“{p.name}”", p.name)


# ---------------------------------------------------------------- csv

_DELIMITERS = (",", "\t", ";")


def _decode(p: Path, raw: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM (Excel "Unicode text"), else GB18030 (covers GBK)."""
    if raw.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "gb18030"]
    for enc in encodings:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise _err("encoding",
               f"无法识别“{p.name}”的文字编码，或它不是文本表格。请在 Excel 中另存为“CSV UTF-8”或 .xlsx",
               f"cannot decode {p.name}, or it is not a text table; save it as CSV UTF-8 or .xlsx")


def _csv_records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) per CSV record. A record is numbered as Excel shows it: one row
    per record, even when a quoted cell spans several lines."""
    return enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)


def _read_csv(p: Path, ext: str, matcher: _HeaderMatcher,
              progress: ProgressFn | None) -> SheetTable:
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise _err("unreadable", f"无法读取文件 {p.name}：{e.strerror or e}",
                   f"cannot read {p.name}: {e.strerror or e}") from None
    text = _decode(p, raw)
    # Sniff the delimiter by trying each on the first records and keeping the one that yields
    # the header with the most known columns (csv.Sniffer guesses wrong on short Chinese rows).
    order = ("\t", ",", ";") if ext == ".tsv" else _DELIMITERS
    best = None
    for delim in order:
        try:
            first = list(itertools.islice(_csv_records(text, delim), HEADER_SCAN_ROWS))
        except csv.Error:
            continue
        found = _find_header(first, matcher)
        if found:
            score = sum(1 for f in found[2] if f)
            if best is None or score > best[0]:
                best = (score, delim, found)
    if best is None:
        raise _no_header(f"“{p.name}”", p.name)
    _, delim, (header_row, header_cells, fields) = best
    try:
        # Materialise fully first: a malformed record anywhere fails the whole file.
        rows = [(n, c) for n, c in _csv_records(text, delim) if n > header_row]
    except csv.Error as e:
        raise _err("unreadable", f"“{p.name}”格式有误：{e}",
                   f"{p.name} is malformed: {e}") from None
    return _build_table(p.stem, header_row, header_cells, fields, rows, progress, blank="")
