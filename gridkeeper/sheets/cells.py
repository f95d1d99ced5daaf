"""Pure normalisers for raw spreadsheet cell values, used by the import service.

Each takes whatever openpyxl or the CSV reader produced (``str``, ``int``, ``float``,
``datetime``, ``None``) and returns one canonical Python value. None of them validates domain
rules (the ID check digit, the phone number plan): :mod:`gridkeeper.domain` does that.

Errors are :class:`CellError`, a ``ValueError`` that carries its message in Chinese and English
(a message, rendered in the user's language by ``str(err)``), so the import service can put it next
to the sheet row number as is.

Blank cells: ``clean_text``, ``normalize_id_number`` and ``normalize_phone`` return ``""``;
``parse_date`` and ``normalize_gender`` return ``None`` (gender and birth date can be derived from
the ID number, so blank is not an error here).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from decimal import Decimal

from gridkeeper.domain.messages import M, Message

__all__ = [
    "CellError",
    "IdNumberText",
    "clean_text",
    "normalize_id_number",
    "normalize_phone",
    "parse_date",
    "normalize_gender",
]


class CellError(ValueError):
    """A cell value that cannot be understood. ``str(err)`` is in the user's language."""

    def __init__(self, message: Message):
        super().__init__(message.en)
        self.text = message

    @property
    def zh(self) -> str:
        return self.text.zh

    @property
    def en(self) -> str:
        return self.text.en

    def __str__(self) -> str:
        return self.text.render()


# Characters that are invisible in Excel but break comparisons.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def _plain_number_text(v: float | int) -> str:
    """Render an Excel number the way a person typed it: 12.0 -> "12", 0.5 -> "0.5"."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return str(int(v))
    return str(v)


def date_text(v: object) -> str | None:
    """A date as ``2023-05-01``, a datetime as ``2023-05-01 08:30:00`` (midnight: the date only);
    None for anything else."""
    if isinstance(v, _dt.datetime):
        if v.time() == _dt.time(0, 0):
            return v.date().isoformat()
        return v.isoformat(sep=" ", timespec="seconds")
    if isinstance(v, _dt.date):
        return v.isoformat()
    return None


def clean_text(v: object) -> str:
    """Any cell value as tidy text: trimmed (incl. U+3000 and NBSP), inner whitespace collapsed.

    Numbers lose a spurious ".0" (Excel stores every number as a float); dates become
    YYYY-MM-DD (with the time only when it is not midnight). Line breaks inside a cell become
    single spaces.
    """
    if type(v) is str:
        # Fast path (most cells): no whitespace but single inner spaces, nothing invisible.
        # isprintable() is False for every Unicode space but " " and for the zero-width marks.
        if v.isprintable() and (" " not in v or (v[0] != " " and v[-1] != " " and "  " not in v)):
            return v
    elif v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, (int, float)):
        return _plain_number_text(v)
    as_date = date_text(v)
    if as_date is not None:
        return as_date
    s = str(v).translate(_INVISIBLE)
    # str.split() splits on every Unicode space, U+3000 and U+00A0 included.
    return " ".join(s.split())


def _to_halfwidth(s: str) -> str:
    """Full-width digits, letters and punctuation to ASCII (NFKC), minus invisible characters."""
    return unicodedata.normalize("NFKC", s.translate(_INVISIBLE))


# ---------------------------------------------------------------- ID numbers


class IdNumberText(str):
    """The text of an ID number cell. ``digits_lost`` is True when Excel had turned it into a
    number too large to hold 18 digits (the text then holds what is left, e.g.
    "110101199003071000"); the caller should report :attr:`problem` for that row."""

    digits_lost: bool = False

    def __new__(cls, text: str, digits_lost: bool = False):
        obj = super().__new__(cls, text)
        obj.digits_lost = digits_lost
        return obj

    @property
    def problem(self) -> str | None:
        return str(M("id_digits_lost")) if self.digits_lost else None


_SCIENTIFIC_RE = re.compile(r"^[+-]?\d+(\.\d+)?e[+-]?\d+$", re.IGNORECASE)
_EXCEL_TEXT_FORMULA_RE = re.compile(r'^="(.*)"$')


def normalize_id_number(v: object) -> IdNumberText:
    """An ID number cell as upper-case half-width text without spaces (a ``str`` subclass).

    - ``int`` (an exact integer, e.g. written by a program): its digits.
    - ``float``: a float cannot hold 18 digits (above 2**53 it is rounded, and Excel keeps only
      15 significant digits), so an ID read as a float of 16+ digits is flagged ``digits_lost``.
      A 15-digit first-generation number fits and is returned as is.
    - text like "1.10101199003071E+17" (a CSV saved by Excel) is flagged the same way.
    - full-width digits and X, spaces anywhere, a leading apostrophe, the ``="..."`` CSV trick,
      and a lower-case x are all fixed.
    """
    if type(v) is str and len(v) == 18 and v.isascii() and v[:17].isdigit() and \
            (v[17].isdigit() or v[17] == "X"):
        return IdNumberText(v)  # already clean (the usual case)
    if v is None:
        return IdNumberText("")
    if isinstance(v, bool):
        return IdNumberText(str(v))
    if isinstance(v, int):
        return IdNumberText(str(v))
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return IdNumberText("")
        if v.is_integer() and abs(v) < 1e15:
            return IdNumberText(str(int(v)))
        # repr() is the shortest text that reads back as this float, i.e. the digits Excel
        # kept ("1.10101199003071e+17" -> "110101199003071000"), not float noise ("...1008").
        text = str(int(Decimal(repr(v)))) if v.is_integer() else repr(v)
        return IdNumberText(text, digits_lost=True)
    s = _to_halfwidth(str(v))
    s = "".join(s.split())
    m = _EXCEL_TEXT_FORMULA_RE.match(s)
    if m:
        s = m.group(1)
    s = s.lstrip("'‘’`")
    if _SCIENTIFIC_RE.match(s):
        try:
            f = float(s)
        except ValueError:  # pragma: no cover - regex guarantees a float literal
            f = math.nan
        if f == f and f.is_integer() and abs(f) >= 1e15:
            return IdNumberText(str(int(Decimal(s))), digits_lost=True)
        if f == f and f.is_integer():
            return IdNumberText(str(int(f)))
    return IdNumberText(s.upper())


# ---------------------------------------------------------------- phones

_PHONE_SPLIT_RE = re.compile(r"[/、,，;；|]+|\s{2,}")
# A landline is split only where the writer separated the area code: "0571-8888 8888",
# "(0571)88888888", "0571 88888888". Without a separator "01088888888" is ambiguous (3- or
# 4-digit area code) and is left as digits.
_LANDLINE_RE = re.compile(r"^(?:\((0\d{2,3})\)[-\s]*|(0\d{2,3})[-\s]+)(\d[\d\s-]{5,})$")


def _one_phone(s: str) -> str:
    s = s.strip()
    if not s:
        return ""
    compact = re.sub(r"[\s\-()]", "", s)
    # Mobile with country code: +86 138 0013 8000, 0086-13800138000, 86 13800138000.
    m = re.fullmatch(r"(?:\+?86|0086)?(1\d{10})", compact)
    if m:
        return m.group(1)
    m = _LANDLINE_RE.match(s)
    if m:
        area, rest = m.group(1) or m.group(2), m.group(3)
        parts = [p for p in re.split(r"-", rest) if p.strip()]
        number = re.sub(r"\s", "", parts[0])
        ext = "".join(re.sub(r"\s", "", p) for p in parts[1:])
        return f"{area}-{number}" + (f"-{ext}" if ext else "")
    return compact


def normalize_phone(v: object) -> str:
    """A phone cell as text: "138 0013 8000" -> "13800138000", "(0571)8888 8888" -> "0571-88888888".

    Mobiles lose spaces, dashes and a +86 prefix; landlines keep one dash after the area code.
    Several numbers in one cell ("138…/139…", "138…、0571-…") are normalised each and joined
    with "/". Anything unrecognised is returned without spaces for the domain validator to judge.
    """
    if type(v) is str and len(v) == 11 and v[0] == "1" and v.isascii() and v.isdigit():
        return v  # a plain mobile number (the usual case)
    if v is None or isinstance(v, bool):
        return ""
    if isinstance(v, (int, float)):
        if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
            return ""
        return _plain_number_text(v)
    s = _to_halfwidth(str(v)).strip()
    s = s.lstrip("'")
    parts = [p for p in (_one_phone(x) for x in _PHONE_SPLIT_RE.split(s)) if p]
    return "/".join(parts)


# ---------------------------------------------------------------- dates

# Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 is the non-existent
# 1900-02-29 (kept for Lotus 1-2-3 compatibility), so serials from 61 on are off by one.
_EXCEL_EPOCH = _dt.date(1899, 12, 30)
# A sane range for this app's dates (births, visits, disputes): 1900-01-01 .. 2100-12-31.
_SERIAL_MIN, _SERIAL_MAX = 1, 73415

_DATE_PATTERNS = [
    # 2023-05-01, 2023/5/1, 2023.5.1, 2023-05-01 08:30:00, 2023-05-01T08:30
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    # 2023年5月1日, 2023年05月01号
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$"),
    # 20230501
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_YEAR_MONTH_PATTERNS = [
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
]


def _bad_date(text: object) -> CellError:
    return CellError(
        M("cannot_read_the_date_write", text=text),
    )


def _make_date(y: int, m: int, d: int, text: object) -> _dt.date:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        raise CellError(M("date_does_not_exist:day", text=text, y=y, m=m, d=d) if 1 <= m <= 12
                        else M("date_does_not_exist:month", text=text, m=m)) from None


def excel_serial_to_date(serial: float) -> _dt.date:
    """An Excel (1900 date system) serial number as a date; the time of day is dropped."""
    if not (_SERIAL_MIN <= serial <= _SERIAL_MAX):
        raise CellError(M("the_number_is_not_a", clean_text_serial=clean_text(serial)))
    days = int(math.floor(serial))
    if days == 60:
        raise CellError(M("the_excel_date_1900_02"))
    if days < 60:
        days += 1  # before the fictitious leap day the 1899-12-30 epoch is one day off
    return _EXCEL_EPOCH + _dt.timedelta(days=days)


def parse_date(v: object, *, allow_year_month: bool = False) -> _dt.date | None:
    """A date cell as a ``date``; ``None`` for a blank cell; :class:`CellError` otherwise.

    Accepts date/datetime objects, Excel serial numbers (1900 system, incl. the 1900-02-29 bug),
    8-digit numbers and text like 20230501, and text such as "2023-05-01", "2023/5/1",
    "2023.5.1", "2023年5月1日" in half- or full-width digits (a trailing time is ignored). A
    5-digit text is read as an Excel serial (a CSV saved from a sheet whose date column was
    formatted as a number). Year and month alone ("1990.03", from an 出生年月 column) is an error
    unless ``allow_year_month`` is set, then it means the 1st of that month. Impossible dates
    ("2023.2.30") are errors, never silently moved.
    """
    if v is None:
        return None
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, _dt.date):
        return v
    if isinstance(v, bool):
        raise _bad_date(v)
    if isinstance(v, (int, float)):
        if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
            raise _bad_date(v)
        if float(v).is_integer() and 19000101 <= v <= 29991231:
            n = int(v)
            return _make_date(n // 10000, n // 100 % 100, n % 100, n)
        return excel_serial_to_date(float(v))
    text = clean_text(v)
    if not text:
        return None
    s = _to_halfwidth(text).strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(s)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            return _make_date(y, mo, d, text)
    if re.fullmatch(r"\d{5}(\.\d+)?", s):
        return excel_serial_to_date(float(s))
    for pattern in _YEAR_MONTH_PATTERNS:
        m = pattern.match(s)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            if allow_year_month:
                return _make_date(y, mo, 1, text)
            raise CellError(M("the_date_has_no_day", text=text))
    raise _bad_date(text)


# ---------------------------------------------------------------- gender

_GENDERS = {
    "男": "male", "男性": "male", "m": "male", "male": "male", "man": "male", "1": "male",
    "女": "female", "女性": "female", "f": "female", "female": "female", "woman": "female",
    "2": "female",
}


def normalize_gender(v: object) -> str | None:
    """男/女/male/female/M/F/1/2 (any case and width) -> "male"/"female"; blank -> None.

    1 and 2 follow GB/T 2261.1 (1 男, 2 女). Anything else raises :class:`CellError`.
    """
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = _to_halfwidth(clean_text(v)).casefold()
    if not s:
        return None
    try:
        return _GENDERS[s]
    except KeyError:
        raise CellError(M("cannot_read_the_gender_use", clean_text_v=clean_text(v))) from None
