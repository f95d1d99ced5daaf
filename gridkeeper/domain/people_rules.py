"""Record rules of the schema-3 records (DESIGN §2): floating population, tags, volunteer points.

Pure cross-field rules of one record, run by :func:`validate.validate_record` after every field is
cleaned (so values here are canonical: ISO dates, ints). Rules between records — a departure not
before the person's arrival, a balance that may not go below zero — need the database and live in
``store.floating`` and ``store.points``. Like every cross-field rule they are the editors' rules,
not grounds for the trust screen to refuse a merged version (see ``sync.screen``).
"""

from __future__ import annotations

from .errors import FieldProblem
from .vocab import SYNCED_CODE

MAX_SERVICE_MINUTES = 24 * 60   # one recorded service lasts at most a day


def check_people_rules(table: str, r: dict) -> list[FieldProblem]:
    rule = _RULES.get(table)
    return rule(r) if rule else []


def _persons(r: dict) -> list[FieldProblem]:
    out = []
    arrived, issued, expiry = r.get("arrival_date"), r.get("permit_issued"), r.get("permit_expiry")
    if arrived and r.get("birth_date") and arrived < r["birth_date"]:
        out.append(FieldProblem("arrival_date", "来本地日期早于出生日期", "arrival is before the birth date"))
    if issued and expiry and expiry <= issued:
        out.append(FieldProblem("permit_expiry", "居住证有效期至应晚于签发日期",
                                "the residence permit must expire after it was issued"))
    if arrived and expiry and expiry <= arrived:
        out.append(FieldProblem("permit_expiry", "居住证有效期至应晚于来本地日期",
                                "the residence permit must expire after the arrival date"))
    if arrived and issued and issued < arrived:
        out.append(FieldProblem("permit_issued", "居住证签发日期早于来本地日期",
                                "the residence permit was issued before the person arrived"))
    if arrived and r.get("expected_departure") and r["expected_departure"] < arrived:
        out.append(FieldProblem("expected_departure", "预计离开日期早于来本地日期",
                                "the expected departure is before the arrival"))
    if (r.get("permit_issued") or r.get("permit_expiry")) and not r.get("permit_number"):
        out.append(FieldProblem("permit_number", "填写居住证日期时须填写居住证号码",
                                "residence permit dates need the permit number"))
    return out


def _services(r: dict) -> list[FieldProblem]:
    out = []
    minutes = r.get("minutes")
    if minutes is not None and not 1 <= minutes <= MAX_SERVICE_MINUTES:
        out.append(FieldProblem("minutes", "服务时长应在1分钟到24小时之间",
                                "a service lasts between 1 minute and 24 hours"))
    return out


def _redemptions(r: dict) -> list[FieldProblem]:
    if r.get("points") is not None and r["points"] < 1:
        return [FieldProblem("points", "兑换积分至少为1分", "a redemption spends at least 1 point")]
    return []


def _vocab_terms(r: dict) -> list[FieldProblem]:
    code = r.get("code")
    if code and not SYNCED_CODE.fullmatch(code):
        return [FieldProblem("code", "代码只能用小写英文字母、数字和下划线，以字母开头，最多40个字符",
                             "a code is lowercase letters, digits and underscores, starting with a letter, "
                             "at most 40 characters")]
    return []


_RULES = {"persons": _persons, "volunteer_services": _services, "point_redemptions": _redemptions,
          "vocab_terms": _vocab_terms}
