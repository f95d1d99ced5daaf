"""Hostile and oversized spreadsheet files, made on the fly (shared by test_sheet_limits and the
sheets benchmark). Each maker writes one file and returns its path; ``HOSTILE`` lists them with
the outcome the reader must give (an error code, or ``None`` for "read, and these rows")."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import openpyxl

from gridkeeper.sheets.limits import (MAX_CELL_CHARS, MAX_CELLS, MAX_CSV_BYTES, MAX_MERGED_RANGES, MAX_ROWS,
                                      col_letter)

SHEET = "xl/worksheets/sheet1.xml"
ID = "110101199003071234"


def _base(path: Path, rows: int = 2) -> dict[str, bytes]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "公民身份号码"])
    for i in range(rows - 1):
        ws.append([f"张{i}", ID])
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _write(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return path


def _patched(path: Path, *, before_end: bytes = b"", after_data: bytes = b"",
             dimension: bytes | None = None, rows: int = 2, sheet_xml: bytes | None = None) -> Path:
    parts = _base(path, rows)
    x = parts[SHEET]
    if dimension is not None:
        x = x.replace(b'<dimension ref="A1:B%d"/>' % rows, b'<dimension ref="%s"/>' % dimension)
    x = x.replace(b"</sheetData>", before_end + b"</sheetData>" + after_data)
    parts[SHEET] = sheet_xml if sheet_xml is not None else x
    return _write(path, parts)


def whitespace_bomb(d: Path, size: int = 1 << 30) -> Path:
    """A ~1 MB .xlsx whose sheet XML unpacks to ``size`` bytes of whitespace."""
    path = d / "bomb.xlsx"
    parts = _base(path)
    head, tail = parts[SHEET].split(b"</sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            if n != SHEET:
                z.writestr(n, data)
        with z.open(SHEET, "w", force_zip64=True) as f:
            f.write(head)
            block = b" " * (1 << 20)
            for _ in range(size >> 20):
                f.write(block)
            f.write(b"</sheetData>" + tail)
    return path


def _set_sizes(path: Path, member: str, *, file_size: int | None = None,
               compress_size: int | None = None) -> None:
    """Rewrite a member's sizes in the zip's central directory (what a forger would do)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    pos = 0
    while True:
        pos = data.index(b"PK\x01\x02", pos)
        n = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46:pos + 46 + n]) == name:
            break
        pos += 4
    if compress_size is not None:
        struct.pack_into("<I", data, pos + 20, compress_size)
    if file_size is not None:
        struct.pack_into("<I", data, pos + 24, file_size)
    path.write_bytes(bytes(data))


def lying_bomb(d: Path) -> Path:
    """The whitespace bomb whose zip directory claims the sheet unpacks to 1 MB."""
    path = whitespace_bomb(d, 64 << 20)
    lying = d / "lying.xlsx"
    path.rename(lying)
    _set_sizes(lying, SHEET, file_size=1 << 20)
    return lying


def declared_huge(d: Path) -> Path:
    """The zip directory promises 300 MB of XML at an ordinary compression ratio."""
    path = _patched(d / "declared_huge.xlsx")
    _set_sizes(path, SHEET, file_size=300 << 20, compress_size=10 << 20)
    return path


def far_cell(d: Path) -> Path:
    return _patched(d / "far_cell.xlsx", before_end=(
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'))


def far_column(d: Path) -> Path:
    return _patched(d / "far_column.xlsx", before_end=(
        b'<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>'))


def wide_and_long(d: Path) -> Path:
    """Within the row and column limits, but the rectangle is 90,000 x 256 cells."""
    return _patched(d / "wide_and_long.xlsx", before_end=(
        b'<row r="3"><c r="IV3"><v>1</v></c></row>'
        b'<row r="90000"><c r="A90000"><v>1</v></c></row>'))


def huge_dimension(d: Path) -> Path:
    """Declares A1:XFD1048576 but holds two rows: read normally."""
    return _patched(d / "huge_dimension.xlsx", dimension=b"A1:XFD1048576")


def styled_far_cells(d: Path) -> Path:
    """Empty styled cells at the far corner (no content): read normally."""
    return _patched(d / "styled_far.xlsx", before_end=(
        b'<row r="1048576" s="0" customFormat="1"><c r="XFD1048576" s="0"/></row>'))


def _merges(refs) -> bytes:
    refs = list(refs)
    return b'<mergeCells count="%d">' % len(refs) + b"".join(b'<mergeCell ref="%s"/>' % r for r in refs) + \
        b"</mergeCells>"


def merges_over_limit(d: Path) -> Path:
    return _patched(d / "merges_over.xlsx", after_data=_merges(
        b"C%d:D%d" % (i + 2, i + 2) for i in range(MAX_MERGED_RANGES + 1)))


def merges_at_limit(d: Path) -> Path:
    """100,000 overlapping merges A2:A1000, A2:A1001, … over 1,000 rows: read, 张0 filled down."""
    return _patched(d / "merges_at_limit.xlsx", rows=1000, after_data=_merges(
        b"A2:A%d" % (1000 + i) for i in range(MAX_MERGED_RANGES)))


def long_cell(d: Path) -> Path:
    text = ("长" * (MAX_CELL_CHARS + 1)).encode()
    return _patched(d / "long_cell.xlsx", before_end=(
        b'<row r="3"><c r="A3" t="inlineStr"><is><t>' + text + b'</t></is></c></row>'))


def prefixed_far_column(d: Path) -> Path:
    """Namespace-prefixed elements (as some .NET writers produce) with a cell at column XFD."""
    xml = (b'<?xml version="1.0" encoding="UTF-8"?><x:worksheet '
           b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
           b'<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>\xe5\xa7\x93\xe5\x90\x8d</x:t></x:is></x:c>'
           b'<x:c r="XFD1" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>'
           b'</x:sheetData></x:worksheet>')
    return _patched(d / "prefixed.xlsx", sheet_xml=xml)


def cells_without_refs(d: Path) -> Path:
    """A row of 300 cells with content and no ``r`` attributes (positions follow each other)."""
    cells = b"".join(b'<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(300))
    return _patched(d / "no_refs.xlsx", before_end=b"<row>" + cells + b"</row>")


def max_extent(d: Path, columns: int = 40) -> Path:
    """The largest sheet the limits let through: MAX_CELLS cells of 40 columns, every one an
    inline string (the costliest cell for the reader). Read, within the memory goal."""
    path = d / "max_extent.xlsx"
    parts = _base(path)
    head, rest = parts[SHEET].split(b"<sheetData>")
    tail = rest.split(b"</sheetData>")[1]
    letters = [col_letter(i).encode() for i in range(columns)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            if n != SHEET:
                z.writestr(n, data)
        with z.open(SHEET, "w", force_zip64=True) as f:
            f.write(head + b"<sheetData>" + '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>'
                    '<c r="B1" t="inlineStr"><is><t>公民身份号码</t></is></c></row>'.encode())
            for r in range(2, MAX_CELLS // columns + 1):
                f.write(b'<row r="%d">' % r + b"".join(
                    b'<c r="%s%d" t="inlineStr"><is><t>v%d</t></is></c>' % (c, r, r) for c in letters) + b"</row>")
            f.write(b"</sheetData>" + tail)
    return path


# ---------------------------------------------------------------- csv


def csv_field_over_128k(d: Path) -> Path:
    path = d / "field_128k.csv"
    path.write_text('姓名,公民身份号码\n"张三' + "长" * (128 * 1024) + f'",{ID}\n', encoding="utf-8")
    return path


def csv_unmatched_quote(d: Path) -> Path:
    path = d / "unmatched_quote.csv"
    lines = ['姓名,公民身份号码', f'"张三,{ID}'] + [f"李{i},{ID}" for i in range(20000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def csv_long_field(d: Path) -> Path:
    path = d / "long_field.csv"
    path.write_text("姓名,公民身份号码\n" + "长" * (MAX_CELL_CHARS + 1) + f",{ID}\n", encoding="utf-8")
    return path


def csv_many_rows(d: Path) -> Path:
    path = d / "many_rows.csv"
    path.write_text("姓名,公民身份号码\n" + f"张三,{ID}\n" * MAX_ROWS, encoding="utf-8")
    return path


def csv_many_columns(d: Path) -> Path:
    path = d / "many_columns.csv"
    path.write_text("姓名,公民身份号码\n" + f"张三,{ID}" + ",x" * 300 + "\n", encoding="utf-8")
    return path


def csv_comma_record(d: Path) -> Path:
    path = d / "commas.csv"
    path.write_text("姓名,公民身份号码\n张三" + "," * (5 << 20) + "\n", encoding="utf-8")
    return path


def csv_too_big(d: Path) -> Path:
    path = d / "big.csv"
    line = f"张三,{ID}\n".encode()
    with open(path, "wb") as f:
        f.write("姓名,公民身份号码\n".encode())
        f.write(line * (MAX_CSV_BYTES // len(line) + 1))
    return path


def csv_max_extent(d: Path) -> Path:
    """Just under the CSV limits: ~31 MB, 99,999 rows, every known roster column filled, and one rare
    character in the header (the text would be held at 4 bytes a character if decoded whole)."""
    from gridkeeper.sheets.columns import FIELD_LABELS_ZH, ROSTER_FIELDS as FIELDS   # the larger sheet kind

    path = d / "csv_max.csv"
    per = (31 << 20) // MAX_ROWS // len(FIELDS) - 1
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(FIELD_LABELS_ZH[x] for x in FIELDS) + ",𠮷\n")
        for i in range(MAX_ROWS - 1):
            f.write(",".join([f"{i:0{per}d}"] * len(FIELDS)) + "\n")
    return path


#: slow to make and read (~2 million cells): the slow test and the benchmark only
HOSTILE_SLOW = [(max_extent, None), (csv_max_extent, None)]

#: (maker, expected error code or None when the file must be read)
HOSTILE = [
    (whitespace_bomb, "zip_bomb"),
    (lying_bomb, "unreadable"),
    (declared_huge, "zip_too_large"),
    (far_cell, "too_many_rows"),
    (far_column, "too_many_columns"),
    (wide_and_long, "too_many_cells"),
    (huge_dimension, None),
    (styled_far_cells, None),
    (merges_over_limit, "too_many_merges"),
    (merges_at_limit, None),
    (long_cell, "cell_too_long"),
    (prefixed_far_column, "too_many_columns"),
    (cells_without_refs, "too_many_columns"),
    (csv_field_over_128k, "cell_too_long"),
    (csv_unmatched_quote, "cell_too_long"),
    (csv_long_field, "cell_too_long"),
    (csv_many_rows, "too_many_rows"),
    (csv_many_columns, "too_many_columns"),
    (csv_comma_record, "record_too_long"),
    (csv_too_big, "file_too_large"),
]
