"""Record rules of the schema-3 records (DESIGN §2): floating population, tags, volunteer points.

Pure cross-field rules of one record, run by :func:`validate.validate_record` after every field is
cleaned (so values here are canonical: ISO dates, ints). Rules between records — a departure not
before the person's arrival, a balance that may not go below zero — need the database and live in
``store.floating`` and ``store.points``. Like every cross-field rule they are the editors' rules,
not grounds for the trust screen to refuse a merged version (see ``sync.screen_values``).
"""

from __future__ import annotations

from .errors import FieldProblem
from .messages import M
from .vocab import SYNCED_CODE

MAX_SERVICE_MINUTES = 24 * 60   # one recorded service lasts at most a day


def check_people_rules(table: str, r: dict) -> list[FieldProblem]:
    rule = _RULES.get(table)
    return rule(r) if rule else []


def _persons(r: dict) -> list[FieldProblem]:
    out = []
    arrived, issued, expiry = r.get("arrival_date"), r.get("permit_issued"), r.get("permit_expiry")
    if arrived and r.get("birth_date") and arrived < r["birth_date"]:
        out.append(FieldProblem("arrival_date", M("arrival_is_before_the_birth")))
    if issued and expiry and expiry <= issued:
        out.append(FieldProblem("permit_expiry", M("the_residence_permit_must_expire")))
    if arrived and expiry and expiry <= arrived:
        out.append(FieldProblem("permit_expiry", M("the_residence_permit_must_expire_2")))
    if arrived and issued and issued < arrived:
        out.append(FieldProblem("permit_issued", M("the_residence_permit_was_issued")))
    if arrived and r.get("expected_departure") and r["expected_departure"] < arrived:
        out.append(FieldProblem("expected_departure", M("the_expected_departure_is_before")))
    if (r.get("permit_issued") or r.get("permit_expiry")) and not r.get("permit_number"):
        out.append(FieldProblem("permit_number", M("residence_permit_dates_need_the")))
    return out


def _services(r: dict) -> list[FieldProblem]:
    out = []
    minutes = r.get("minutes")
    if minutes is not None and not 1 <= minutes <= MAX_SERVICE_MINUTES:
        out.append(FieldProblem("minutes", M("a_service_lasts_between_1")))
    return out


def _redemptions(r: dict) -> list[FieldProblem]:
    if r.get("points") is not None and r["points"] < 1:
        return [FieldProblem("points", M("a_redemption_spends_at_least"))]
    return []


def _vocab_terms(r: dict) -> list[FieldProblem]:
    code = r.get("code")
    if code and not SYNCED_CODE.fullmatch(code):
        return [FieldProblem("code", M("a_code_is_lowercase_letters"))]
    return []


_RULES = {"persons": _persons, "volunteer_services": _services, "point_redemptions": _redemptions,
          "vocab_terms": _vocab_terms}
