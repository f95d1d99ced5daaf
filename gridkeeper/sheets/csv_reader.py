"""Reading a .csv/.tsv/.txt roster: the encoding (UTF-8 with or without BOM, UTF-16 with BOM,
GB18030), the delimiter, records bounded in length before the csv module sees them, and the one
apostrophe :func:`gridkeeper.sheets.writer.csv_escape` put before a formula-like value removed."""

from __future__ import annotations

import codecs
import csv
import re
from pathlib import Path
from typing import Callable, Iterator

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.domain.messages import M, Message

from .limits import (MAX_COLUMNS, MAX_CSV_BYTES, MAX_CSV_FIELD, MAX_CSV_RECORD_CHARS, MAX_ROWS, too_many_columns,
                     too_many_rows)
from .table import (HEADER_SCAN_ROWS, HeaderMatcher, ProgressFn, SheetTable, build_table, find_header, no_header,
                    sheet_error)

_DELIMITERS = (",", "\t", ";")
_LINE_RX = re.compile(r"[^\r\n]*(?:\r\n?|\n)?")
_BYTE_LINE_RX = re.compile(rb"[^\r\n]*(?:\r\n?|\n)?")


class _NotText(Exception):
    """A NUL character: the file is binary, or UTF-16 without a BOM."""


def _encoding_error(p: Path) -> GridkeeperError:
    return sheet_error("encoding",
                M("cannot_decode_or_it_is", p_name=p.name))


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


def _csv_records(lines: _Lines, delimiter: str, where: Message,
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
            raise sheet_error("record_too_long",
                       M("row_is_longer_than_the", where=where, n_1=n + 1,
                         MAX_CSV_RECORD_CHARS_1024_1024=MAX_CSV_RECORD_CHARS // (1024 * 1024))) from None
        except csv.Error as e:
            if "field limit" in str(e):
                raise sheet_error("cell_too_long",
                           M("row_has_a_field_longer", where=where, n_1=n + 1,
                             MAX_CSV_FIELD_1024=MAX_CSV_FIELD // 1024, MAX_CSV_FIELD=MAX_CSV_FIELD)) from None
            raise sheet_error("unreadable", M("is_malformed_row", where=where, n_1=n + 1, e=e)) from None
        n += 1
        if n > MAX_ROWS:
            raise too_many_rows(where, n)
        if len(cells) > MAX_COLUMNS:
            raise too_many_columns(where, len(cells), row=n)
        yield n, cells


def read_csv(p: Path, ext: str, matcher: HeaderMatcher,
              progress: ProgressFn | None) -> SheetTable:
    """UTF-8 (BOM or not), UTF-16 with BOM (Excel "Unicode text"), else GB18030 (covers GBK)."""
    where = M("where:file", name=p.name)
    try:
        size = p.stat().st_size
        if size > MAX_CSV_BYTES:
            raise sheet_error("file_too_large",
                       M("is_mb_more_than_the", where=where, size_1024_1024=size / (1024 * 1024),
                         MAX_CSV_BYTES_1024_1024=MAX_CSV_BYTES // (1024 * 1024)))
        raw = p.read_bytes()
    except OSError as e:
        raise sheet_error("unreadable", M("cannot_read", p_name=p.name, e_strerror_or_e=e.strerror or e)) from None
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
            return _read_csv_lines(p, ext, matcher, progress, lines, where)
        except UnicodeDecodeError:
            continue  # not this encoding: the next one reads from the start again
        except _NotText:
            break
    raise _encoding_error(p)


def _read_csv_lines(p: Path, ext: str, matcher: HeaderMatcher, progress: ProgressFn | None,
                    lines: Callable[[], _Lines], where: Message) -> SheetTable:
    # Sniff the delimiter by trying each on the first records and keeping the one that yields
    # the header with the most known columns (csv.Sniffer guesses wrong on short Chinese rows).
    order = ("\t", ",", ";") if ext == ".tsv" else _DELIMITERS
    best = None
    limit_error = None
    for delim in order:
        try:
            first = list(_csv_records(lines(), delim, where, limit=HEADER_SCAN_ROWS))
        except GridkeeperError as e:
            if e.code in ("cell_too_long", "record_too_long", "too_many_columns"):
                limit_error = limit_error or e
            continue
        found = find_header(first, matcher)
        if found:
            score = sum(1 for f in found[2] if f)
            if best is None or score > best[0]:
                best = (score, delim, found)
    if best is None:
        if limit_error is not None:
            raise limit_error  # the real reason, not "no header found"
        raise no_header(where)
    _, delim, (header_row, header_cells, fields) = best
    # Streamed into the table, which keeps only the mapped columns; a bad record anywhere still
    # fails the whole file before anything is returned.
    rows = ((n, c) for n, c in _csv_records(lines(), delim, where) if n > header_row)
    return build_table(p.stem, header_row, header_cells, fields, rows, progress, blank="",
                        unescape=True)
