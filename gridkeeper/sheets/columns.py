"""Canonical spreadsheet fields and the header texts people actually write for them.

Grid workers receive rosters from many offices, so the same column turns up as "公民身份号码",
"身份证号码（必填）", "身份证号：" or "ID Number". :func:`match_header` folds those variants
(width, case, spaces, trailing ``：:*`` marks, a leading ``*`` required mark and a bracketed
hint such as "(必填)" or "（yyyy-mm-dd）") and looks the result up in one alias table.

The canonical field names are the keys the import service receives in ``SheetRow.values`` and
the keys :func:`gridkeeper.sheets.writer.write_sheet` understands for column kinds.
"""

from __future__ import annotations

import re
import unicodedata

#: canonical field -> header texts seen in the wild (Chinese as people write it, then English).
#: The first Chinese and the first English alias are the display headers.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "household_number": ("户号", "户编号", "household no", "household number"),
    "name": ("姓名", "name"),
    "gender": ("性别", "gender", "sex"),
    "id_number": ("公民身份号码", "身份证号", "身份证号码", "身份证", "id number", "id_number",
                  "national id"),
    "birth_date": ("出生日期", "出生年月", "birth date", "date of birth"),
    "ethnicity": ("民族", "ethnicity"),
    "relation": ("与户主关系", "关系", "relation", "relationship"),
    "phone": ("联系电话", "手机号", "手机号码", "电话", "phone", "mobile"),
    "address": ("现住址", "住址", "地址", "居住地址", "address"),
    "residence_kind": ("人口类型", "人员类型", "residence kind", "resident type"),
    "area": ("网格", "所属网格", "网格名称", "grid"),
    "care_category": ("重点人群类别", "特殊人群类别", "关爱类别", "care category"),
    "notes": ("备注", "notes", "remarks"),
    "status": ("状态", "人员状态", "办理状态", "status"),
    "work": ("工作单位", "职业", "work", "occupation"),
    "guardian": ("监护人", "联系人", "guardian"),
    "care_level": ("关爱等级", "等级", "care level"),
    # a floating-population sheet (流动人口登记表): the person's schema-3 fields
    "origin": ("户籍地", "户籍地址", "户籍所在地", "户籍地详址", "原籍", "origin"),
    "arrival_date": ("来本地日期", "来本地时间", "来现住地日期", "来现住地时间", "流入时间", "arrival date"),
    "arrival_reason": ("来本地事由", "事由", "流入原因", "来本地原因", "arrival reason"),
    "permit_number": ("居住证号码", "居住证号", "居住证编号", "residence permit number"),
    "permit_issued": ("居住证签发日期", "居住证发证日期", "签发日期", "permit issued"),
    "permit_expiry": ("居住证有效期至", "居住证有效期", "居住证到期日期", "有效期至", "permit expiry"),
    "expected_departure": ("预计离开日期", "拟离开日期", "预计离开时间", "expected departure"),
    # the area tree sheet a township keeps: village, grid, worker, phone
    "village": ("村/社区", "村（社区）", "村社区", "村名", "社区", "行政村", "village", "community"),
    "worker_name": ("网格员", "网格员姓名", "专职网格员", "worker", "grid worker"),
    "worker_kind": ("专兼职", "网格员类型", "worker type"),
    "code": ("网格编码", "编码", "代码", "code"),
    # a township's resident request list (民生诉求台账): spreadsheets.import_requests reads these
    "number": ("编号", "诉求编号", "number"),
    "received": ("受理日期", "反映日期", "登记日期", "诉求日期", "received"),
    "channel": ("诉求渠道", "反映渠道", "渠道", "channel"),
    "request_category": ("诉求类别", "诉求类型", "问题类别", "问题类型", "category"),
    "requester_name": ("诉求人", "诉求人姓名", "反映人", "来电人", "requester"),
    "content": ("诉求内容", "反映问题", "诉求事项", "反映内容", "问题描述", "content", "request"),
    "department": ("承办部门", "办理部门", "责任部门", "承办单位", "department", "routed to"),
    "responders": ("响应人", "响应志愿者", "办理人", "responders"),
    "resolution": ("办理结果", "处理结果", "办理情况", "处理情况", "resolution"),
    "resolved": ("解决日期", "办理日期", "处理日期", "resolved", "solved on"),
    "satisfaction": ("居民评价", "满意度", "满意情况", "评价", "satisfaction", "feedback code"),
    "feedback": ("反馈意见", "回访情况", "回访意见", "feedback"),
    "closed": ("办结日期", "办结时间", "closed"),
}

FIELDS: tuple[str, ...] = tuple(FIELD_ALIASES)

# A sheet is one kind or the other, decided by its header (:func:`fields_of_one_kind`): a request list
# (it has a 诉求内容 column) keeps the request fields and the few it shares with a roster; any other
# sheet keeps the roster fields. The reader holds each kept cell of every row, so its worst case stays
# that of the larger kind, not of both together.
REQUEST_ONLY_FIELDS = frozenset(("number", "received", "channel", "request_category", "requester_name", "content",
                                 "department", "responders", "resolution", "resolved", "satisfaction", "feedback",
                                 "closed"))
REQUEST_SHEET_FIELDS = REQUEST_ONLY_FIELDS | {"id_number", "phone", "area", "notes", "status"}
ROSTER_FIELDS: tuple[str, ...] = tuple(f for f in FIELDS if f not in REQUEST_ONLY_FIELDS)


def fields_of_one_kind(fields: list) -> list:
    """A header's fields with those of the other sheet kind set to None (ignored columns)."""
    keep = REQUEST_SHEET_FIELDS if "content" in fields else ROSTER_FIELDS
    return [f if f in keep else None for f in fields]


def _first(aliases: tuple[str, ...], english: bool) -> str:
    for alias in aliases:
        if alias.isascii() == english:
            return alias
    return aliases[0]


#: canonical field -> the header we write in Chinese / English exports.
FIELD_LABELS_ZH: dict[str, str] = {f: _first(a, False) for f, a in FIELD_ALIASES.items()}
FIELD_LABELS_EN: dict[str, str] = {
    f: _first(a, True).replace("_", " ").title().replace("Id ", "ID ")
    for f, a in FIELD_ALIASES.items()
}

# A bracketed hint at the end of a header: "(必填)", "（选填）", "(yyyy-mm-dd)", "【必填】".
_SUFFIX_RE = re.compile(r"[(\[【<《][^()\[\]【】<>《》]*[)\]】>》]$")
_MARKS = "：:*＊※.。"


def normalize_header(text: object) -> str:
    """Fold a header cell to the form used for alias lookup.

    NFKC turns full-width letters, digits, brackets and colons into their ASCII forms; all
    whitespace (including U+3000 and line breaks inside a cell) is removed because people pad
    two-character headers ("姓　名") to line up with longer ones.
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = "".join(ch for ch in s if not ch.isspace() and ch not in "\u200b\ufeff")
    s = s.casefold()
    # Strip marks and bracketed hints from the end until nothing changes ("姓名(必填)*：").
    while True:
        before = s
        s = s.strip(_MARKS)
        s = _SUFFIX_RE.sub("", s)
        if s == before:
            return s


_ALIAS_INDEX: dict[str, str] = {}
for _field, _aliases in FIELD_ALIASES.items():
    for _alias in _aliases:
        _key = normalize_header(_alias)
        assert _key not in _ALIAS_INDEX, f"alias {_alias!r} used twice"
        _ALIAS_INDEX[_key] = _field
        # "household no" is also written "householdno" / "household_no"; spaces were removed above.
        _ALIAS_INDEX.setdefault(_key.replace("_", ""), _field)


def match_header(text: object) -> str | None:
    """Return the canonical field for a header cell text, or None if it is not a known column."""
    key = normalize_header(text)
    if not key:
        return None
    return _ALIAS_INDEX.get(key) or _ALIAS_INDEX.get(key.replace("_", ""))


def expected_headers(lang: str = "zh") -> str:
    """A short list of the headers we recognise, for error messages."""
    labels = FIELD_LABELS_ZH if lang == "zh" else FIELD_LABELS_EN
    sep = "、" if lang == "zh" else ", "
    return sep.join(labels[f] for f in FIELDS)
