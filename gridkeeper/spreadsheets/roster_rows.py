"""Reading one roster row: the words rosters use for relations, residence, status and care
categories, and a person's cells turned into record values (codes, ISO dates) with problems
reported under the sheet's own column headers."""

from __future__ import annotations

import re

from ..domain import vocab as V
from ..domain.messages import M, Message
from ..sheets.cells import CellError, clean_text, normalize_gender, normalize_id_number, normalize_phone, parse_date
from ..sheets.columns import FIELD_LABELS_ZH
from ..sheets.table import SheetRow, SheetTable
from .import_floating import FLOATING_FIELDS, read_floating
from .import_plan import RowProblem

# sheet field -> person field (fields not listed here are household or care fields)
_PERSON_FIELDS = {
    "name": "name", "gender": "gender", "id_number": "id_number", "birth_date": "birth_date",
    "ethnicity": "ethnicity", "relation": "relation", "phone": "phone",
    "residence_kind": "residence_kind", "status": "status", "work": "work", "notes": "notes",
    **{f: f for f in FLOATING_FIELDS},
}
# record field -> sheet field, for reporting a validation problem under its column
SHEET_FIELD_OF = {v: k for k, v in _PERSON_FIELDS.items()} | {
    "area_id": "area", "household_id": "household_number", "categories": "care_category",
    "level": "care_level", "guardian_name": "guardian",
}

_RELATION_ALIASES = {
    "本人": "head", "户主本人": "head", "妻": "spouse", "妻子": "spouse", "夫": "spouse",
    "丈夫": "spouse", "儿子": "son", "长子": "son", "次子": "son", "三子": "son", "四子": "son",
    "独子": "son", "养子": "son", "继子": "son", "女儿": "daughter", "长女": "daughter",
    "次女": "daughter", "三女": "daughter", "四女": "daughter", "独女": "daughter",
    "养女": "daughter", "继女": "daughter", "父": "father", "母": "mother", "孙": "grandson",
    "外孙": "grandson", "外孙子": "grandson", "外孙女": "granddaughter", "媳妇": "daughter_in_law",
    "兄": "sibling", "弟": "sibling", "姐": "sibling", "妹": "sibling", "兄弟": "sibling",
    "姐妹": "sibling", "哥哥": "sibling", "弟弟": "sibling", "姐姐": "sibling", "妹妹": "sibling",
    "祖父": "grandparent", "祖母": "grandparent", "外祖父": "grandparent",
    "外祖母": "grandparent", "爷爷": "grandparent", "奶奶": "grandparent", "租户": "tenant",
    "租客": "tenant", "租住": "tenant", "其它": "other",
}
_BY_GENDER = {"子女": ("son", "daughter"), "孙子女": ("grandson", "granddaughter"),
              "外孙子女": ("grandson", "granddaughter")}
_RESIDENCE_ALIASES = {"户籍": "registered", "常住": "registered", "常住人口": "registered",
                      "本地": "registered", "流动": "floating", "外来": "floating",
                      "外来人口": "floating", "境外": "foreign", "外籍": "foreign"}
_STATUS_ALIASES = {"在家": "present", "在册": "present", "正常": "present", "在村": "present",
                   "外出务工": "away", "外出就学": "away", "已迁出": "moved_out", "已故": "deceased",
                   "去世": "deceased", "已死亡": "deceased"}
_CARE_ALIASES = {"低保": "subsistence", "低保户": "subsistence", "特困": "subsistence",
                 "特困人员": "subsistence", "五保": "subsistence", "五保户": "subsistence",
                 "残疾": "disabled", "残疾人员": "disabled", "失能": "disabled_elderly",
                 "独居": "elderly_alone", "空巢": "empty_nest", "留守": "left_behind_child",
                 "重病": "serious_illness", "大病": "serious_illness",
                 "精神障碍": "mental_disorder", "严重精神障碍": "mental_disorder",
                 "精神病人": "mental_disorder", "社区矫正": "community_correction",
                 "刑释人员": "released_prisoner", "刑满释放": "released_prisoner",
                 "吸毒": "drug_user"}
REG_KIND_OF_RESIDENCE = {"registered": "registered", "floating": "floating"}
_SPLIT_RE = re.compile(r"[,，、;；/\s]+")




def _lookup(vocab: V.Vocabulary, aliases: dict, text: str) -> str | None:
    return vocab.lookup(text) or aliases.get(text) or aliases.get(text.replace(" ", ""))


def care_codes(text: str) -> tuple[list[str], list[str]]:
    codes, unknown = [], []
    whole = _lookup(V.CARE_CATEGORIES, _CARE_ALIASES, text)
    if whole:
        return [whole], []
    for item in (x for x in _SPLIT_RE.split(text) if x):
        code = _lookup(V.CARE_CATEGORIES, _CARE_ALIASES, item)
        (codes if code else unknown).append(code or item)
    return codes, unknown


class RowReader:
    """Normalise one sheet row into person / household / care values, collecting problems."""

    def __init__(self, table: SheetTable, row: SheetRow):
        self.table = table
        self.row = row
        self.problems: list[RowProblem] = []
        self._texts = {f: clean_text(v) for f, v in row.values.items()}

    def column(self, sheet_field: str) -> str:
        for header, f in zip(self.table.columns, self.table.fields):
            if f == sheet_field:
                return header or FIELD_LABELS_ZH.get(sheet_field, sheet_field)
        return FIELD_LABELS_ZH.get(sheet_field, sheet_field)

    def bad(self, sheet_field: str, message: Message) -> None:
        self.problems.append(RowProblem(self.row.row_number, self.column(sheet_field), message))

    def bad_cell(self, sheet_field: str, problem: Message) -> None:
        """A cell's own problem, after its column's header ("出生日期：…")."""
        self.bad(sheet_field, M("cell_problem", column=self.column(sheet_field), problem=problem))

    def text(self, f: str) -> str:
        return self._texts.get(f, "")

    def code(self, f: str, vocab: V.Vocabulary, aliases: dict) -> str | None:
        t = self.text(f)
        if not t:
            return None
        code = _lookup(vocab, aliases, t)
        if code is None:
            self.bad(f, M("column_value_is_not_one_of", column=self.column(f), text=t,
                          choices_zh="、".join(x.zh for x in vocab), choices_en=", ".join(x.en for x in vocab)))
        return code


def read_person(r: RowReader, present: set[str]) -> dict:
    """Person values for the fields present and not blank in this row (codes, ISO dates)."""
    out: dict = {}
    if "name" in present and r.text("name"):
        out["name"] = r.text("name")
    if "id_number" in present:
        idn = normalize_id_number(r.row.values.get("id_number"))
        if idn.digits_lost:
            r.bad_cell("id_number", M("id_digits_lost"))
        elif idn:
            out["id_number"] = str(idn)
    gender = None
    if "gender" in present:
        try:
            gender = normalize_gender(r.row.values.get("gender"))
        except CellError as e:
            r.bad("gender", e.text)
        if gender:
            out["gender"] = gender
    if "birth_date" in present:
        raw = r.row.values.get("birth_date")
        try:
            d = parse_date(raw)
        except CellError as e:
            d = None
            ym = _year_month(raw)
            idn = out.get("id_number", "")
            if ym and len(idn) == 18 and idn[6:12] == f"{ym[0]:04d}{ym[1]:02d}":
                pass  # 出生年月 agrees with the ID number, which gives the full date
            else:
                r.bad_cell("birth_date", e.text)
        if d:
            out["birth_date"] = d.isoformat()
    if "phone" in present:
        phone = normalize_phone(r.row.values.get("phone"))
        if phone:
            out["phone"] = phone
    if "ethnicity" in present and r.text("ethnicity"):
        t = r.text("ethnicity")
        code = V.ETHNICITIES.lookup(t) or V.ETHNICITIES.lookup(t + "族")
        if code is None and t.endswith("族") and len(t) >= 2:
            code = "other"
        if code is None:
            r.bad("ethnicity", M("ethnicity_not_recognised_write", column=r.column("ethnicity"), text=t))
        else:
            out["ethnicity"] = code
    if "relation" in present and r.text("relation"):
        t = r.text("relation")
        if t in _BY_GENDER:
            g = gender or _gender_from_id(out.get("id_number"))
            if g:
                out["relation"] = _BY_GENDER[t][0 if g == "male" else 1]
            else:
                r.bad("relation", M("relation_needs_the_gender_or", text=t))
        else:
            code = r.code("relation", V.RELATIONS, _RELATION_ALIASES)
            if code:
                out["relation"] = code
    for f, vocab, aliases in (("residence_kind", V.RESIDENCE_KINDS, _RESIDENCE_ALIASES),
                              ("status", V.PERSON_STATUSES, _STATUS_ALIASES)):
        if f in present:
            code = r.code(f, vocab, aliases)
            if code:
                out[f] = code
    for f in ("work", "notes"):
        if f in present and r.text(f):
            out[f] = r.text(f)
    out.update(read_floating(r, present))
    return out


def same_as_stored(values: dict, existing: dict) -> bool:
    """True when a row would change nothing about a stored person: every value it gives equals
    the stored one, and the stored birth date and gender agree with the ID number (validation
    would otherwise fill them in). Re-importing an unchanged sheet then skips validation."""
    for k, v in values.items():
        if existing.get(k) != v:
            return False
    idn = values.get("id_number")
    if idn and len(idn) == 18 and idn[16].isdigit():
        if existing.get("birth_date") != f"{idn[6:10]}-{idn[10:12]}-{idn[12:14]}":
            return False
        if existing.get("gender") != ("male" if int(idn[16]) % 2 else "female"):
            return False
    return True


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
