"""Spreadsheet files in and out (.xlsx / .csv), independent of the record store.

- :func:`read_sheet` finds the header row, maps headers to canonical fields and returns raw
  cell values by sheet row number (:mod:`.reader`, aliases in :mod:`.columns`).
- :mod:`.cells` normalises raw values (ID numbers, phones, dates, gender, text).
- :func:`write_sheet` streams records to .xlsx or .csv (:mod:`.writer`).

The import and export services (validation, matching, transactions) live above this package.
"""

from .cells import (
    CellError,
    IdNumberText,
    clean_text,
    normalize_gender,
    normalize_id_number,
    normalize_phone,
    parse_date,
)
from .columns import FIELD_LABELS_EN, FIELD_LABELS_ZH, FIELDS, match_header
from .reader import read_sheet
from .table import SheetRow, SheetTable
from .writer import column_kind, write_sheet

__all__ = [
    "CellError", "IdNumberText", "clean_text", "normalize_gender", "normalize_id_number",
    "normalize_phone", "parse_date", "FIELD_LABELS_EN", "FIELD_LABELS_ZH", "FIELDS",
    "match_header", "SheetRow", "SheetTable", "read_sheet", "column_kind", "write_sheet",
]
