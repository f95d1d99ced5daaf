"""Bounds on what a spreadsheet may make the reader do, and the checks that enforce them before
any cell is parsed.

A roster is a few hundred to ~100,000 rows of ~10–40 short columns. A file far outside that is a
mistake or an attack (a 1 MB .xlsx whose sheet XML unpacks to gigabytes of whitespace; one cell
at XFD1048576, which makes any reader that fills a rectangle allocate 17 billion cells; 100,000
merged ranges). Each limit below is checked with a message that names it, and nothing is read
past it.

.xlsx, in this order, all before the cell reader (python-calamine) sees a sheet:

1. **Zip directory** (no decompression): at most :data:`MAX_ZIP_MEMBERS` members; the XML parts
   (the only ones read) together at most :data:`MAX_UNZIPPED_BYTES` when unpacked; an XML part
   over 1 MiB at most :data:`MAX_COMPRESSION_RATIO` times its compressed size (real sheets
   compress 5–15×, padded bombs ~1000×).
2. **The sheet XML, streamed once** (1 MiB at a time; zipfile stops at the declared size and
   checks the CRC, so a part that lies about its size is refused too): the rectangle that holds
   every cell with content — at most :data:`MAX_ROWS` rows, :data:`MAX_COLUMNS` columns and
   :data:`MAX_CELLS` cells in all — and at most :data:`MAX_MERGED_RANGES` merged ranges. The
   ``<dimension>`` a file declares is not trusted either way (often wrong in files from other
   tools): the real extent is measured. Empty styled cells (``<c r="XFD9" s="1"/>``) do not count,
   as no reader stores them.
3. **Cells**: text longer than :data:`MAX_CELL_CHARS` (Excel's own limit) is refused with its row.

.csv: at most :data:`MAX_CSV_BYTES`; decoded as a stream; a field over :data:`MAX_CSV_FIELD`
characters, a record over :data:`MAX_CSV_RECORD_CHARS`, more than :data:`MAX_ROWS` records or
:data:`MAX_COLUMNS` fields in a record are refused with the record's row number.

Within the limits the reader holds ~32 bytes per cell of the rectangle (python-calamine's cell)
plus each inline string's text: the largest sheet let through (2 million inline-string cells,
e.g. 50,000 rows x 40 columns) peaks at ~220 MB; a township roster of 60,000 rows x 14 columns
at ~140 MB. Every hostile file measured (tests/benchmarks/bench_sheets.py) stays under 300 MB and
10 s. A wider township sheet (60,000 rows x 34+ columns) must drop unused columns or be split.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field as dc_field

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.domain.messages import M, Message

MAX_ROWS = 100_000
MAX_COLUMNS = 256
MAX_CELLS = 2_000_000
MAX_MERGED_RANGES = 100_000
MAX_CELL_CHARS = 32_767
MAX_ZIP_MEMBERS = 10_000
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_CSV_BYTES = 64 * 1024 * 1024
MAX_CSV_FIELD = 128 * 1024
MAX_CSV_RECORD_CHARS = 4 * 1024 * 1024

_RATIO_FROM = 1 << 20  # parts smaller than this may compress as well as they like
_CHUNK = 1 << 20

__all__ = ["MAX_ROWS", "MAX_COLUMNS", "MAX_CELLS", "MAX_MERGED_RANGES", "MAX_CELL_CHARS",
           "MAX_ZIP_MEMBERS", "MAX_UNZIPPED_BYTES", "MAX_COMPRESSION_RATIO", "MAX_CSV_BYTES",
           "MAX_CSV_FIELD", "MAX_CSV_RECORD_CHARS", "SheetExtent", "check_zip", "scan_sheet",
           "col_letter", "too_many_rows", "too_many_columns", "cell_too_long"]


def _err(code: str, message: Message) -> GridkeeperError:
    return GridkeeperError(message, code=code)


def col_letter(index0: int) -> str:
    n, s = index0 + 1, ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


# ---------------------------------------------------------------- messages shared with csv


def too_many_rows(where: Message, row: int) -> GridkeeperError:
    return _err("too_many_rows",
                M("exceeds_the_limit_of_rows", where=where, MAX_ROWS=MAX_ROWS, row=row))


def too_many_columns(where: Message, columns: int, row: int | None = None) -> GridkeeperError:
    at = f"第 {row} 行有 {columns} 列" if row else f"第 {col_letter(columns - 1)} 列还有内容"
    at_en = f"row {row} has {columns} columns" if row else f"column {col_letter(columns - 1)} has content"
    return _err("too_many_columns",
                M("exceeds_the_limit_of_columns", where=where, MAX_COLUMNS=MAX_COLUMNS, at=at, at_en=at_en))


def cell_too_long(row: int, column: str, length: int, limit: int = MAX_CELL_CHARS) -> GridkeeperError:
    return _err("cell_too_long",
                M("row_column_characters_more_than", row=row, column=column, length=length, limit=limit))


# ---------------------------------------------------------------- the zip directory


def _is_xml_part(name: str) -> bool:
    n = name.lower()
    return n.endswith((".xml", ".rels", ".vml")) or "/" not in n


def check_zip(zf: zipfile.ZipFile, file_name: str) -> None:
    """Refuse a workbook whose zip directory promises too much, before anything is unpacked."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _err("zip_too_large",
                   M("has_parts_more_than_the", file_name=file_name, len_infos=len(infos),
                     MAX_ZIP_MEMBERS=MAX_ZIP_MEMBERS))
    total = 0
    for info in infos:
        if not _is_xml_part(info.filename):
            continue  # pictures and other media are never unpacked
        total += info.file_size
        if info.file_size > _RATIO_FROM and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _err("zip_bomb",
                       M("part_is_compressed_1_more", file_name=file_name, info_filename=info.filename, ratio=ratio,
                         MAX_COMPRESSION_RATIO=MAX_COMPRESSION_RATIO, mib_info_file_size=_mib(info.file_size)))
    if total > MAX_UNZIPPED_BYTES:
        raise _err("zip_too_large",
                   M("unpacks_to_more_than_the", file_name=file_name, mib_total=_mib(total),
                     mib_MAX_UNZIPPED_BYTES=_mib(MAX_UNZIPPED_BYTES)))


def verify_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Unpack one part without keeping it: zipfile stops at the declared size and checks the CRC,
    so a part whose directory entry understates its size fails here (BadZipFile), not later."""
    with zf.open(info) as f:
        while f.read(_CHUNK):
            pass


# ---------------------------------------------------------------- one sheet's XML


@dataclass
class SheetExtent:
    """What one streaming pass over a sheet's XML found."""

    rows: int = 0                    # last row (1-based) holding a cell with content
    columns: int = 0                 # last column (1-based) holding a cell with content
    merged_ranges: int = 0
    declared: str | None = None      # the <dimension ref=...> as written (not trusted)
    #: exact integers of 16+ digits written as numbers (0-based row, col) -> int; readers that
    #: keep numbers as float would lose their last digits (an 18-digit ID from another program)
    big_integers: dict[tuple[int, int], int] = dc_field(default_factory=dict)


_PREFIXED_RX = re.compile(rb'<[\w.-]+:(?:c|row)[\s>/]')
_ROW_RX = re.compile(rb'<row r="(\d{1,10})"')
_WIDE_RX = re.compile(rb'<c r="([A-Z]{2,10})\d')
_BIGINT_HINT = re.compile(rb'<v>\d{16}')
_BIGINT_RX = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"([^>]*)><v>(\d{16,20})</v>')
_DIM_RX = re.compile(rb'<(?:[\w.-]+:)?dimension\s+ref="([^"]{0,64})"')
# precise pass: every row and cell start tag, in any namespace prefix and attribute order
_TAG_RX = re.compile(rb'<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>')
_R_ATTR_RX = re.compile(rb'(?:^|\s)r\s*=\s*["\']([A-Z]*)(\d*)["\']')


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The part's bytes in pieces that end just before a cell start tag (so a cell is never
    split between two pieces, unless one cell is larger than 64 KiB)."""
    with zf.open(info) as f:
        tail = b""
        while True:
            chunk = f.read(_CHUNK)
            if not chunk:
                if tail:
                    yield tail
                return
            buf = tail + chunk
            cut = buf.rfind(b"<c ")
            if cut <= 0 or len(buf) - cut > 65536:
                cut = buf.rfind(b"<")
                if cut <= 0 or len(buf) - cut > 65536:
                    cut = len(buf)
            yield buf[:cut]
            tail = buf[cut:]


def _over(ext: SheetExtent) -> bool:
    return ext.rows > MAX_ROWS or ext.columns > MAX_COLUMNS or ext.rows * ext.columns > MAX_CELLS


def scan_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: Message) -> SheetExtent:
    """Measure one sheet's XML and refuse it when it is beyond the limits (see module doc).

    The fast pass relies on the layout every common writer uses (``<row r="N"`` and
    ``<c r="A1"`` with ``r`` first, no namespace prefix). It over-estimates (rows and columns of
    empty styled cells count), so a file it finds too large, or one in another layout, gets a
    precise pass that counts only cells with content, exactly as the cell reader places them.
    """
    ext = SheetExtent()
    wide: set[bytes] = set()
    usual = True
    first = True
    for buf in _chunks(zf, info):
        if first:
            m = _DIM_RX.search(buf)
            ext.declared = m.group(1).decode("ascii", "replace") if m else None
            first = False
        ext.merged_ranges += buf.count(b"<mergeCell ") + buf.count(b":mergeCell ")
        if not usual:
            continue
        n_cells = buf.count(b"<c ")
        if (n_cells != buf.count(b'<c r="') or buf.count(b"<row ") != buf.count(b'<row r="')
                or b"<c>" in buf or b"<row>" in buf or _PREFIXED_RX.search(buf)):
            usual = False
            continue
        rows = _ROW_RX.findall(buf)
        if rows:
            ext.rows = max(ext.rows, max(map(int, rows)))
        if n_cells:
            wide.update(_WIDE_RX.findall(buf))
            if _BIGINT_HINT.search(buf):
                for m in _BIGINT_RX.finditer(buf):
                    attrs = m.group(3)
                    if b't="' in attrs and b't="n"' not in attrs:
                        continue
                    ext.big_integers[(int(m.group(2)) - 1, _col_index(m.group(1)))] = int(m.group(4))
    if ext.merged_ranges > MAX_MERGED_RANGES:
        raise _err("too_many_merges",
                   M("has_merged_ranges_more_than", where=where, ext_merged_ranges=ext.merged_ranges,
                     MAX_MERGED_RANGES=MAX_MERGED_RANGES))
    if usual:
        ext.columns = max([26 if ext.rows else 0] + [_col_index(w) + 1 for w in wide])
        if not _over(ext):
            return ext
    rows, cols = _precise_extent(zf, info)
    ext.rows, ext.columns = rows, cols
    if ext.rows > MAX_ROWS:
        raise too_many_rows(where, ext.rows)
    if ext.columns > MAX_COLUMNS:
        raise too_many_columns(where, ext.columns)
    if ext.rows * ext.columns > MAX_CELLS:
        raise _err("too_many_cells",
                   M("spans_rows_x_columns_more", where=where, ext_rows=ext.rows, ext_columns=ext.columns,
                     MAX_CELLS=MAX_CELLS))
    return ext


def _precise_extent(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """(last row, last column), 1-based, of the cells with content, placed like the cell reader
    does: a row or cell without ``r`` follows the previous one. Stops as soon as the rectangle
    is certainly beyond a limit."""
    row = 0
    col = 0
    max_row = max_col = 0
    for buf in _chunks(zf, info):
        for m in _TAG_RX.finditer(buf):
            attrs = m.group(2)
            ref = _R_ATTR_RX.search(attrs)
            if m.group(1) == b"row":
                row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                col = 0
                continue
            if ref and ref.group(1):
                col = _col_index(ref.group(1)) + 1
                if ref.group(2):
                    row = int(ref.group(2))
            else:
                col += 1
            if attrs.endswith(b"/"):
                continue  # <c .../>: an empty (styled) cell, never stored
            if row > max_row:
                max_row = row
            if col > max_col:
                max_col = col
            if max_row > MAX_ROWS or max_col > MAX_COLUMNS or max_row * max_col > MAX_CELLS:
                return max_row, max_col
    return max_row, max_col
