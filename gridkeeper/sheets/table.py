"""The table a sheet is read into, and what both readers (xlsx, csv) share: finding the header row
among the first rows, the problems that stop a read, and building the :class:`SheetTable`.

The decisions (which row is the header, which rows are kept, duplicate columns) are described in
:mod:`.reader`, the entry point.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from typing import Callable, Iterable, Mapping, Sequence

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.domain.messages import M, Message

from .cells import clean_text
from .columns import FIELDS, FIELD_LABELS_ZH, expected_headers, fields_of_one_kind, match_header, normalize_header
from .limits import MAX_CELL_CHARS, cell_too_long, col_letter
from .writer import csv_unescape

HEADER_SCAN_ROWS = 15
PROGRESS_EVERY = 1000

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


def sheet_error(code: str, message: Message) -> GridkeeperError:
    return GridkeeperError(message, code=code)



# ---------------------------------------------------------------- header detection


class HeaderMatcher:
    """Maps header cell texts to canonical fields, the user's mapping first."""

    def __init__(self, mapping: Mapping[str, str | None] | None):
        self.exact: dict[str, str | None] = {}
        self.folded: dict[str, str | None] = {}
        for header, target in (mapping or {}).items():
            if target is not None and target not in FIELDS:
                raise sheet_error("bad_mapping",
                           M("column_mapping_maps_to_unknown", header=header, target=target))
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


def find_header(first_rows: list[tuple[int, Sequence[object]]], matcher: HeaderMatcher):
    """Return (row_number, cells, fields) of the header among the first rows, or None."""
    for row_number, cells in first_rows:
        fields = matcher.fields(cells)
        if sum(1 for f in fields if f) >= 2:
            return row_number, list(cells), fields_of_one_kind(fields)
    return None


def no_header(where: Message) -> GridkeeperError:
    return sheet_error(
        "no_header",
        M("no_header_row_found_in", where=where, HEADER_SCAN_ROWS=HEADER_SCAN_ROWS,
          expected_headers_zh=expected_headers('zh'), expected_headers_en=expected_headers('en')),
    )


def check_duplicates(columns: list[str], fields: list[str | None]) -> None:
    seen: dict[str, int] = {}
    for i, f in enumerate(fields):
        if not f:
            continue
        if f in seen:
            j = seen[f]
            label = FIELD_LABELS_ZH[f]
            raise sheet_error(
                "duplicate_column",
                M("duplicate_columns_column_and_column", col_letter_j=col_letter(j), columns_j=columns[j],
                  col_letter_i=col_letter(i), columns_i=columns[i], label=label, f=f),
            )
        seen[f] = i


def is_blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not clean_text(v))


def build_table(sheet_name: str, header_row: int, header_cells: Sequence[object],
                 fields: list[str | None], data: Iterable[tuple[int, Sequence[object]]],
                 progress: ProgressFn | None, blank: object = None,
                 unescape: bool = False) -> SheetTable:
    columns = [clean_text(c) for c in header_cells]
    check_duplicates(columns, fields)
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
                if empty and not is_blank(v):
                    empty = False
            values[f] = v
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
        if not empty:
            rows.append(SheetRow(row_number, values))
    if progress:
        progress(count)
    return table


