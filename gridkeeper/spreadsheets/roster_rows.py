"""Reading one roster row: the words rosters use for relations, residence, status and care
categories, and the row's reader (:class:`RowReader`: its cells as text, its problems reported
under the sheet's own column headers). The person cells of many rows are turned into record values
by :mod:`.roster_people`."""

from __future__ import annotations

import re

from ..domain import vocab as V
from ..domain.messages import M, Message
from ..sheets.cells import clean_text
from ..sheets.columns import FIELD_LABELS_ZH
from ..sheets.table import SheetRow, SheetTable
from .import_floating import FLOATING_FIELDS
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

RELATION_ALIASES = {
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
BY_GENDER = {"子女": ("son", "daughter"), "孙子女": ("grandson", "granddaughter"),
             "外孙子女": ("grandson", "granddaughter")}
RESIDENCE_ALIASES = {"户籍": "registered", "常住": "registered", "常住人口": "registered",
                     "本地": "registered", "流动": "floating", "外来": "floating",
                     "外来人口": "floating", "境外": "foreign", "外籍": "foreign"}
STATUS_ALIASES = {"在家": "present", "在册": "present", "正常": "present", "在村": "present",
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




def lookup(vocab: V.Vocabulary, aliases: dict, text: str) -> str | None:
    """A code from a code, a label or one of the words rosters use (``aliases``)."""
    return vocab.lookup(text) or aliases.get(text) or aliases.get(text.replace(" ", ""))


def care_codes(text: str) -> tuple[list[str], list[str]]:
    codes, unknown = [], []
    whole = lookup(V.CARE_CATEGORIES, _CARE_ALIASES, text)
    if whole:
        return [whole], []
    for item in (x for x in _SPLIT_RE.split(text) if x):
        code = lookup(V.CARE_CATEGORIES, _CARE_ALIASES, item)
        (codes if code else unknown).append(code or item)
    return codes, unknown


class RowReader:
    """Normalise one sheet row into person / household / care values, collecting problems."""

    def __init__(self, table: SheetTable, row: SheetRow, texts: dict[str, str] | None = None):
        self.table = table
        self.row = row
        self.problems: list[RowProblem] = []
        self._texts = texts if texts is not None else {f: clean_text(v) for f, v in row.values.items()}

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
        """The cell's tidy text ("" when blank or not in the sheet)."""
        t = self._texts.get(f)
        if t is None:
            t = self._texts[f] = clean_text(self.row.values.get(f))
        return t

    def code(self, f: str, vocab: V.Vocabulary, aliases: dict) -> str | None:
        t = self.text(f)
        if not t:
            return None
        code = lookup(vocab, aliases, t)
        if code is None:
            self.not_one_of(f, t, vocab)
        return code

    def not_one_of(self, f: str, text: str, vocab: V.Vocabulary) -> None:
        self.bad(f, M("column_value_is_not_one_of", column=self.column(f), text=text,
                      choices_zh="、".join(x.zh for x in vocab), choices_en=", ".join(x.en for x in vocab)))


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
