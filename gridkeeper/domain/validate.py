"""Validation shared by the GUI, the CLI and the importers: pure functions, no I/O.

Each ``check_*`` returns the cleaned value or raises :class:`ValueProblem` with a message in
Chinese and English. :func:`validate_record` checks a whole record against the registry in
:mod:`records` and raises :class:`ValidationError` listing every problem at once.
"""

from __future__ import annotations

import functools
import json
import operator
import re
from itertools import compress, repeat
from operator import is_not, mul, ne
from dataclasses import dataclass
from datetime import date, datetime

from .errors import FieldProblem, ValidationError
from .ids import all_record_ids, is_record_id
from .messages import M
from .record_rules import record_problems
from .records import Field, Table, table as get_table

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
# First two digits of a GB 11643 number: the province-level divisions (GB/T 2260).
PROVINCE_CODES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83", "91",
}
_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"Ｘ": "X", "ｘ": "X", "　": " "})


class ValueProblem(ValueError):
    """What is wrong with one value (a :class:`~.messages.Message`), before the field is known."""

    def __init__(self, message: M):
        super().__init__(message.en)
        self.text = message

    @property
    def zh(self) -> str:
        return self.text.zh

    @property
    def en(self) -> str:
        return self.text.en


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(map(operator.mul, map(int, first17), ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: date
    gender: str  # "male" / "female"


def check_id_number(value: str, *, today: date | None = None) -> IdInfo:
    """Validate an 18-character national ID number; return it upper-cased with what it encodes."""
    return _check_id_number(str(value or ""), today or date.today())


@functools.lru_cache(maxsize=256)  # validate_record checks a person's number twice in a row
def _check_id_number(value: str, today: date) -> IdInfo:
    s = value.translate(_FULLWIDTH).strip().upper().replace(" ", "")
    if not s:
        raise ValueProblem(M("id_number_is_empty"))
    if len(s) != 18:
        raise ValueProblem(M("id_number_must_have_18", len_s=len(s)))
    if not s.isascii() or not s[:17].isdigit() or not (s[17].isdigit() or s[17] == "X"):
        raise ValueProblem(M("id_number_17_digits_then"))
    if s[:2] not in PROVINCE_CODES:
        raise ValueProblem(M("id_number_region_code_does", s_2=s[:2]))
    try:
        born = date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        raise ValueProblem(M("the_birth_date_in_the_2", s_6_14=s[6:14])) from None
    if born > today:
        raise ValueProblem(M("the_birth_date_in_the"))
    if born.year < 1900:
        raise ValueProblem(M("the_birth_year_in_the"))
    expected = id_check_char(s[:17])
    if s[17] != expected:
        raise ValueProblem(
            M("id_number_check_digit_is", expected=expected, s_17=s[17]))
    gender = "male" if int(s[16]) % 2 == 1 else "female"
    return IdInfo(s, born, gender)


_MOBILE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$", re.ASCII)


def check_phone(value: str) -> str:
    """A mainland mobile (11 digits) or landline (area code + 7–8 digits, optional extension)."""
    s = str(value or "").translate(_FULLWIDTH).strip()
    s = re.sub(r"[\s()（）]", "", s)
    if s.startswith("+86"):
        s = s[3:]
    elif s.startswith("0086"):
        s = s[4:]
    digits_only = s.replace("-", "")
    if digits_only.isascii() and digits_only.isdigit() and digits_only.startswith("1"):
        if _MOBILE.match(digits_only):
            return digits_only
        raise ValueProblem(M("a_mobile_number_has_11", len_digits_only=len(digits_only)))
    if _LANDLINE.match(s):
        if "-" not in s:
            area = 3 if s[:3] in {"010", "020", "021", "022", "023", "024", "025", "027", "028", "029"} else 4
            s = s[:area] + "-" + s[area:]
        return s
    raise ValueProblem(M("phone_number_not_recognised_11"))


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def check_date(value, *, not_after: date | None = None, what_zh="日期", what_en="date") -> date:
    if isinstance(value, datetime):
        d = value.date()
    elif isinstance(value, date):
        d = value
    else:
        s = str(value or "").translate(_FULLWIDTH).strip()
        for pat in _DATE_PATTERNS:
            m = pat.match(s)
            if m:
                try:
                    d = date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    raise ValueProblem(M("does_not_exist", what_zh=what_zh, s=s, what_en=what_en)) from None
                break
        else:
            raise ValueProblem(M("not_understood_use_2026_11", what_zh=what_zh, what_en=what_en))
    if d.year < 1900:
        raise ValueProblem(M("is_before_1900", what_zh=what_zh, what_en=what_en))
    if not_after and d > not_after:
        raise ValueProblem(M("cannot_be_in_the_future", what_zh=what_zh, what_en=what_en))
    return d


# Dates that cannot lie in the future, per table.
_NOT_FUTURE = {
    ("persons", "birth_date"), ("visits", "date"), ("disputes", "received"), ("disputes", "closed"),
    ("dispute_steps", "date"), ("care_subjects", "since"),
    ("requests", "received"), ("requests", "resolved"), ("requests", "closed"), ("request_steps", "date"),
    ("hazards", "found"), ("hazards", "rectified"), ("hazards", "recheck_date"), ("hazards", "closed"),
    ("hazard_steps", "date"),
    ("persons", "arrival_date"), ("persons", "permit_issued"), ("residence_events", "date"),
    ("person_tags", "since"), ("volunteer_services", "date"), ("point_redemptions", "date"),
}
_PHONE_FIELDS = {"phone", "worker_phone", "owner_phone", "guardian_phone"}


def _problem(field, message):
    return FieldProblem(field, message)


def validate_record(table_name: str, values: dict, *, existing: dict | None = None,
                    today: date | None = None) -> dict:
    """Check and clean a record's values (a full record, or a partial update of ``existing``).

    Returns the cleaned values (only the keys given). Raises ValidationError listing every problem.
    For persons, a valid ID number fills birth date and gender and must agree with entered ones.
    """
    today = today or date.today()
    t: Table = get_table(table_name)
    cleaned: dict = {}
    problems: list[FieldProblem] = []
    for name, raw in values.items():
        if name in ("id",):
            continue
        try:
            f = t.field(name)
        except KeyError:
            problems.append(_problem(name, M("unknown_field", name=name)))
            continue
        try:
            cleaned[name] = _clean_value(t.name, f, raw, today)
        except ValueProblem as e:
            problems.append(value_problem(f, e))
    return finish_record(t, values, cleaned, problems, existing)


def value_problem(f: Field, e: ValueProblem) -> FieldProblem:
    """A value's problem reported under its field."""
    return _problem(f.name, M("field_problem", f_zh=f.zh, e_zh=e.zh, f_en=f.en, e_en=e.en))


def finish_record(t: Table, values: dict, cleaned: dict, problems: list[FieldProblem], existing: dict | None,
                  id_info: IdInfo | None = None) -> dict:
    """The record-level half of :func:`validate_record`, once every value is cleaned (``cleaned``)
    or has its problem (``problems``): required fields, the ID number against birth date and
    gender, the cross-field rules. Returns ``cleaned`` or raises :class:`ValidationError`.
    ``id_info``: what ``cleaned["id_number"]`` encodes, when the caller knows it already."""
    merged = dict(existing or {})
    merged.update(values)
    merged.update(cleaned)
    if not merged.get("deleted"):
        for f in t.fields:
            if f.required and merged.get(f.name) in (None, "", "[]"):
                if not any(p.field == f.name for p in problems):
                    problems.append(_problem(f.name, M("is_required", f_zh=f.zh, f_en=f.en)))
    if t.name in ("persons", "dispute_parties") and cleaned.get("id_number"):
        problems += _cross_check_id(t.name, cleaned, merged, values, id_info)
    problems += record_problems(t.name, merged, problems)
    if problems:
        raise ValidationError(problems)
    return cleaned


def check_text(s: str, limit: int | None) -> str:
    """Text that can be stored: valid Unicode (no lone surrogates), no NUL, at most ``limit`` characters."""
    if "\x00" in s:
        raise ValueProblem(M("contains_a_nul_character"))
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueProblem(M("contains_invalid_unicode_a_lone")) from None
    if limit is not None and len(s) > limit:
        raise ValueProblem(M("too_long_at_most_characters", limit=limit, len_s=len(s)))
    return s


def check_stored_value(table_name: str, field_name: str, value, *, today: date | None = None) -> str | None:
    """Whether ``value`` is a valid stored value of the field, in canonical form.

    None when it is; otherwise the problem, in short English (for reports and logs). This is the
    editors' and the importer's own cleaning (:func:`_clean_value`) run on the value as stored:
    the value must pass it *and* come out unchanged (right type, ISO dates, upper-case ID check
    character, the phone validator's form, sorted JSON code lists, 0/1 booleans, stripped text).
    ``ref`` fields must hold a record id as :func:`ids.new_id` makes them. Required fields and
    cross-field rules are record-level: see :func:`validate_record`.
    """
    t = get_table(table_name)
    try:
        f = t.field(field_name)
    except KeyError:
        return f"unknown field {field_name}"
    return stored_value_problem(t.name, f, value, today or date.today())


_STR_KINDS = frozenset(("text", "date", "code", "codes", "ref"))


def stored_value_problem(table_name: str, f: Field, value, today: date) -> str | None:
    """:func:`check_stored_value` with the field already looked up (for callers checking many values)."""
    if value is None:
        return "must be 0 or 1, not empty" if f.kind == "bool" else None
    kind = f.kind
    if kind in _STR_KINDS:
        if type(value) is not str:
            return f"must be text, not {type(value).__name__}"
        if kind == "ref":
            return None if is_record_id(value) else "not a record id"
    elif type(value) is not int:
        return f"must be a whole number, not {type(value).__name__}"
    try:
        clean = _clean_value(table_name, f, value, today)
    except ValueProblem as e:
        return e.en
    except (ValueError, TypeError, RecursionError):  # e.g. a codes list that is not JSON
        return "not understood"
    if clean != value:
        return "not in its canonical stored form"
    return None


# -- many stored values of one field at once (screening a township-size merge) -------------------

_SEP = "\x01"
_MOBILES = re.compile(r"1[3-9]\d{9}(?:\x011[3-9]\d{9})*", re.ASCII)
_MOBILE1 = re.compile(r"1[3-9]\d{9}", re.ASCII)
_DATE_BYTES = b"0123456789-\x01"
_ID18 = re.compile(r"\d{17}[\dX]", re.ASCII)
_ID18S = re.compile(r"\d{17}[\dX](?:\x01\d{17}[\dX])*", re.ASCII)


def column_problems(table_name: str, f: Field, values: list, today: date) -> dict[int, str]:
    """:func:`stored_value_problem` for many values of one field: ``{position: problem}`` of the bad ones.

    The answers are the same as asking value by value (a property test holds them equal). Columns of
    ordinary values are accepted by a few C-level passes — the column's text joined once and checked
    for NUL, encodability, edge spaces and length; one regular expression over all dates, mobile
    numbers or ids; set operations for codes and numbers — and only what those passes do not accept
    goes through :func:`stored_value_problem` (its result cached per distinct value).
    """
    out: dict[int, str] = {}
    if None in values:
        idx = list(compress(range(len(values)), map(is_not, values, repeat(None))))
        if f.kind == "bool":
            for i, v in enumerate(values):
                if v is None:
                    out[i] = "must be 0 or 1, not empty"
        if not idx:
            return out
        present = [values[i] for i in idx]
    else:
        idx = range(len(values))
        present = values
    if not present:
        return out
    slow = _fast_column(table_name, f, present, today)
    if slow is None:
        return out
    cache: dict = {}
    for j in slow:
        v = present[j]
        key = (type(v), v)
        try:
            problem = cache[key]
        except KeyError:
            problem = cache[key] = stored_value_problem(table_name, f, v, today)
        except TypeError:
            problem = stored_value_problem(table_name, f, v, today)
        if problem is not None:
            out[idx[j]] = problem
    return out


def _fast_column(table_name: str, f: Field, vals: list, today: date):
    """None when every (non-None) value is valid and canonical; else the positions still to check."""
    kind = f.kind
    everything = range(len(vals))
    types = set(map(type, vals))
    if kind in _STR_KINDS:
        if types != {str}:
            return everything
        if kind == "ref":
            return None if all_record_ids(vals) else everything
        if kind == "code":
            return None if set(vals) <= set(f.vocab.codes()) else everything
        if kind == "codes":
            return everything  # few distinct values: the per-value path, cached
        joined = _SEP.join(vals)
        if kind == "date":
            n = len(vals)   # YYYY-MM-DD each: value j starts at 11 * j
            if set(map(len, vals)) != {10} or joined.count("-") != 2 * n or joined.count(_SEP) != n - 1 \
                    or not joined.isascii() \
                    or joined.encode().translate(None, _DATE_BYTES) \
                    or set(joined[4::11]) != {"-"} or set(joined[7::11]) != {"-"}:
                return everything
            distinct = set(vals)
            if min(distinct) < "1900-01-01":
                return everything
            if (table_name, f.name) in _NOT_FUTURE and max(distinct) > today.isoformat():
                return everything
            try:
                for v in distinct:
                    date.fromisoformat(v)
            except ValueError:
                return everything
            return None
        # text
        if "\x00" in joined or "" in vals or max(map(len, vals)) > f.limit or any(map(ne, map(str.strip, vals), vals)):
            return everything
        try:
            joined.encode("utf-8")
        except UnicodeEncodeError:
            return everything
        if f.name == "id_number":
            if not _ID18S.fullmatch(joined):
                return everything
            today_s = f"{today:%Y%m%d}"
            slow = []
            for j, v in enumerate(vals):   # _id_number_ok, inlined: this is the costliest column of all
                born = v[6:14]
                if not (v[:2] in PROVINCE_CODES and "19000101" <= born <= today_s
                        and (born in _DAYS or _real_day(born))
                        and ID_CHECK_CHARS[(sum(map(mul, v[:17].encode(), ID_WEIGHTS)) - _ID_ZERO) % 11] == v[17]):
                    slow.append(j)
            return slow or None
        if f.name in _PHONE_FIELDS:
            if _MOBILES.fullmatch(joined):
                return None
            return [j for j, v in enumerate(vals) if not _MOBILE1.fullmatch(v)] or None
        return None
    if types != {int}:
        return everything
    lo, hi = min(vals), max(vals)
    if kind == "bool":
        return None if lo >= 0 and hi <= 1 else everything
    return None if lo >= 0 and hi <= 3650 else everything   # int: the range _clean_value allows


_ID_ZERO = ord("0") * sum(ID_WEIGHTS)


_DAYS: set = set()


def _real_day(yyyymmdd: str) -> bool:
    """Whether ``YYYYMMDD`` (ASCII digits) is a real date (cached: birth dates repeat across a township)."""
    if yyyymmdd in _DAYS:
        return True
    try:
        date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return False
    _DAYS.add(yyyymmdd)
    return True


def _id_number_ok(s: str, today_s: str) -> bool:
    """What :func:`check_id_number` accepts unchanged (``today_s``: today as YYYYMMDD), checked fast."""
    born = s[6:14]
    if not (_ID18.fullmatch(s) and s[:2] in PROVINCE_CODES and "19000101" <= born <= today_s and _real_day(born)):
        return False
    total = sum(map(mul, s[:17].encode(), ID_WEIGHTS)) - _ID_ZERO   # ASCII digits: code point - 48
    return ID_CHECK_CHARS[total % 11] == s[17]


def _clean_value(table_name, f, raw, today):
    if raw is None or (isinstance(raw, str) and not raw.strip() and f.kind != "codes"):
        return 0 if f.kind == "bool" else None
    if f.kind == "text":
        s = check_text(str(raw).strip(), f.limit)
        if f.name == "id_number":
            return check_id_number(s, today=today).number
        if f.name in _PHONE_FIELDS:
            return check_phone(s)
        return s
    if f.kind == "date":
        not_after = today if (table_name, f.name) in _NOT_FUTURE else None
        return check_date(raw, not_after=not_after, what_zh=f.zh, what_en=f.en).isoformat()
    if f.kind == "int":
        try:
            n = int(str(raw).strip())
        except ValueError:
            raise ValueProblem(M("must_be_a_whole_number")) from None
        if n < 0 or n > 3650:
            raise ValueProblem(M("out_of_range"))
        return n
    if f.kind == "bool":
        if raw in (True, 1, "1", "true", "True", "是"):
            return 1
        if raw in (False, 0, "0", "false", "False", "否"):
            return 0
        raise ValueProblem(M("must_be_yes_or_no"))
    if f.kind == "code":
        code = f.vocab.lookup(raw)
        if code is None:
            choices = "、".join(t.zh for t in f.vocab)
            raise ValueProblem(M("is_not_one_of_the", raw=raw, choices=choices))
        return code
    if f.kind == "codes":
        items = raw
        if isinstance(raw, str):
            s = raw.strip()
            items = json.loads(s) if s.startswith("[") else [x for x in re.split(r"[,，、;；\s]+", s) if x]
        codes = []
        for item in items:
            code = f.vocab.lookup(item)
            if code is None:
                raise ValueProblem(M("is_not_a_known_category", item=item))
            codes.append(code)
        return canonical_codes(codes)
    if f.kind == "ref":
        s = str(raw).strip()
        return s or None
    raise AssertionError(f.kind)


def canonical_codes(codes) -> str:
    """Stored form of a ``codes`` field: sorted unique JSON list, same content → same bytes."""
    return json.dumps(sorted(set(codes)), ensure_ascii=False, separators=(",", ":"))


def _cross_check_id(table_name, cleaned, merged, given, info=None) -> list[FieldProblem]:
    info = info or check_id_number(cleaned["id_number"])
    out = []
    if table_name != "persons":
        return out
    if given.get("birth_date") and merged.get("birth_date") != info.birth_date.isoformat():
        out.append(_problem("birth_date", M("birth_date_does_not_match", birth_date=info.birth_date.isoformat())))
    if given.get("gender") and merged.get("gender") != info.gender:
        zh = "男" if info.gender == "male" else "女"
        out.append(_problem("gender", M("gender_does_not_match_the", zh=zh, info_gender=info.gender)))
    if not out:
        cleaned.setdefault("birth_date", info.birth_date.isoformat())
        cleaned.setdefault("gender", info.gender)
    return out
