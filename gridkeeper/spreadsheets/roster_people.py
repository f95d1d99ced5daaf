"""A roster's person cells turned into record values (codes, ISO dates), many rows at once.

:func:`read_people` reads column by column: every cell's text once, and each distinct value of a
column (a gender, an ethnicity, a relation, a date) understood once, however many rows repeat it.
Per row it gives what reading that row alone gives: the values of the fields present and not
blank, in the same key order (the order of a row's changes in ``--json``), and its problems under
the sheet's own headers in the same order — the columns are read in the order a row's cells are
checked. A blank cell never becomes a value (it never erases a stored one).
"""

from __future__ import annotations

from typing import Callable

from ..domain import vocab as V
from ..domain.messages import M
from ..sheets.cells import CellError, clean_text, normalize_gender, normalize_id_number, normalize_phone, parse_date
from ..sheets.table import SheetRow, SheetTable
from .import_floating import read_floating
from .roster_rows import BY_GENDER, RELATION_ALIASES, RESIDENCE_ALIASES, STATUS_ALIASES, RowReader, lookup


# Cells read from their raw value by their own reader (Excel numbers, dates): their text is only
# worked out if a later step asks for it (RowReader.text).
_OWN_READING = frozenset(("id_number", "gender", "birth_date", "phone"))


def read_people(table: SheetTable, rows: list[SheetRow], present: set[str]) -> list[tuple[RowReader, dict]]:
    """For each row, its reader (texts, problems) and its person values."""
    cells = [row.values for row in rows]
    texts = {f: [clean_text(c.get(f)) for c in cells] for f in table.fields if f in present and f not in _OWN_READING}
    by_row = zip(*texts.values()) if texts else ((),) * len(rows)
    readers = [RowReader(table, row, dict(zip(texts, t))) for row, t in zip(rows, by_row)]
    p = People(readers, [{} for _ in rows], texts)
    p.put_texts("name")
    if "id_number" in present:
        p.read_id_numbers()
    genders = p.read_genders() if "gender" in present else [None] * len(rows)
    if "birth_date" in present:
        p.read_birth_dates()
    if "phone" in present:
        p.read_phones()
    if "ethnicity" in present:
        p.read_ethnicities()
    if "relation" in present:
        p.read_relations(genders)
    for f, vocab, aliases in (("residence_kind", V.RESIDENCE_KINDS, RESIDENCE_ALIASES),
                              ("status", V.PERSON_STATUSES, STATUS_ALIASES)):
        if f in present:
            p.read_codes(f, vocab, aliases)
    p.put_texts("work")
    p.put_texts("notes")
    read_floating(p, present)
    return list(zip(readers, p.outs))


def once(fn: Callable) -> Callable:
    """``fn`` of a cell value, worked out once per distinct value (a raised :class:`CellError` is
    the answer too: it is returned). Values of different types never share an answer (1, 1.0, True)."""
    memo: dict = {}

    def answer(v):
        key = (v.__class__, v)
        try:
            return memo[key]
        except KeyError:
            pass
        except TypeError:   # unhashable: not remembered
            key = None
        try:
            out = fn(v)
        except CellError as e:
            out = e
        if key is not None:
            memo[key] = out
        return out
    return answer


class People:
    """The rows being read: each row's reader and values, and each field's column of texts."""

    def __init__(self, readers: list[RowReader], outs: list[dict], texts: dict[str, list[str]]):
        self.readers, self.outs, self.texts = readers, outs, texts

    def raw(self, f: str) -> list:
        return [r.row.values.get(f) for r in self.readers]

    def put_texts(self, f: str) -> None:
        """A free-text field: its text where not blank."""
        for out, t in zip(self.outs, self.texts.get(f, ())):
            if t:
                out[f] = t

    def read_id_numbers(self) -> None:
        for r, out, v in zip(self.readers, self.outs, self.raw("id_number")):
            idn = normalize_id_number(v)
            if idn.digits_lost:
                r.bad_cell("id_number", M("id_digits_lost"))
            elif idn:
                out["id_number"] = str(idn)

    def read_genders(self) -> list[str | None]:
        gender_of, genders = once(normalize_gender), []
        for r, out, v in zip(self.readers, self.outs, self.raw("gender")):
            g = gender_of(v)
            if isinstance(g, CellError):
                r.bad("gender", g.text)
                g = None
            if g:
                out["gender"] = g
            genders.append(g)
        return genders

    def read_birth_dates(self) -> None:
        iso_of = once(_iso_date)
        for r, out, v in zip(self.readers, self.outs, self.raw("birth_date")):
            d = iso_of(v)
            if isinstance(d, CellError):
                ym = _year_month(v)
                idn = out.get("id_number", "")
                if not (ym and len(idn) == 18 and idn[6:12] == f"{ym[0]:04d}{ym[1]:02d}"):
                    r.bad_cell("birth_date", d.text)   # (出生年月 agreeing with the ID number is no problem)
            elif d:
                out["birth_date"] = d

    def read_phones(self) -> None:
        for out, v in zip(self.outs, self.raw("phone")):
            phone = normalize_phone(v)
            if phone:
                out["phone"] = phone

    def read_ethnicities(self) -> None:
        code_of = once(_ethnicity)
        for r, out, t in zip(self.readers, self.outs, self.texts["ethnicity"]):
            if not t:
                continue
            code = code_of(t)
            if code is None:
                r.bad("ethnicity", M("ethnicity_not_recognised_write", column=r.column("ethnicity"), text=t))
            else:
                out["ethnicity"] = code

    def read_relations(self, genders: list[str | None]) -> None:
        code_of = once(lambda t: lookup(V.RELATIONS, RELATION_ALIASES, t))
        for r, out, t, gender in zip(self.readers, self.outs, self.texts["relation"], genders):
            if not t:
                continue
            if t in BY_GENDER:
                g = gender or _gender_from_id(out.get("id_number"))
                if g:
                    out["relation"] = BY_GENDER[t][0 if g == "male" else 1]
                else:
                    r.bad("relation", M("relation_needs_the_gender_or", text=t))
                continue
            code = code_of(t)
            if code is None:
                r.not_one_of("relation", t, V.RELATIONS)
            else:
                out["relation"] = code

    def read_codes(self, f: str, vocab: V.Vocabulary, aliases: dict) -> None:
        """A vocabulary field: a code, a label or a word rosters use (:meth:`RowReader.code`)."""
        code_of = once(lambda t: lookup(vocab, aliases, t))
        for r, out, t in zip(self.readers, self.outs, self.texts[f]):
            if not t:
                continue
            code = code_of(t)
            if code is None:
                r.not_one_of(f, t, vocab)
            else:
                out[f] = code

    def read_dates(self, f: str) -> None:
        """A date field other than the birth date: ISO text, or the cell's problem."""
        iso_of = once(_iso_date)
        for r, out, v, t in zip(self.readers, self.outs, self.raw(f), self.texts[f]):
            if not t:
                continue
            d = iso_of(v)
            if isinstance(d, CellError):
                r.bad_cell(f, d.text)
            elif d:
                out[f] = d


def _iso_date(v) -> str | None:
    d = parse_date(v)
    return d.isoformat() if d else None


def _ethnicity(t: str) -> str | None:
    """An ethnicity's code; one missing from the vocabulary but written as one ("土族") is "other"."""
    code = V.ETHNICITIES.lookup(t) or V.ETHNICITIES.lookup(t + "族")
    if code is None and t.endswith("族") and len(t) >= 2:
        code = "other"
    return code


def _year_month(raw) -> tuple[int, int] | None:
    try:
        d = parse_date(raw, allow_year_month=True)
    except CellError:
        return None
    return (d.year, d.month) if d else None


def _gender_from_id(idn: str | None) -> str | None:
    if idn and len(idn) == 18 and idn[16].isdigit():
        return "male" if int(idn[16]) % 2 else "female"
    return None
