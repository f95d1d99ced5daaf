"""The floating-population columns of a resident sheet (流动人口登记表), read by the importer.

An existing 流动人口 sheet is a resident sheet with a few more columns: 户籍地, 来本地日期, 来本地事由,
居住证号码, 居住证签发日期, 居住证有效期至, 预计离开日期. :func:`read_floating` reads them into the
person's fields (every problem reported under its column and sheet row, like the other columns);
a row with a 来本地日期 and no 人口类型 is a floating resident. A new person with an arrival date
also gets their arrival record (:func:`arrival_events`), so the arrival shows in the month's
floating-population lists and ledger like one recorded by hand.
"""

from __future__ import annotations

from ..domain import vocab as V

FLOATING_FIELDS = ("origin", "arrival_date", "arrival_reason", "permit_number", "permit_issued",
                   "permit_expiry", "expected_departure")
_DATES = ("arrival_date", "permit_issued", "permit_expiry", "expected_departure")
_REASON_ALIASES = {"打工": "work", "务工经商": "work", "工作": "work", "做生意": "business", "读书": "study",
                   "上学": "study", "求学": "study", "投靠亲友": "family", "探亲": "family", "投亲靠友": "family",
                   "随迁家属": "accompany", "家属随迁": "accompany"}


def read_floating(people, present: set[str]) -> None:
    """The floating-population values of the rows being read (``people``: the importer's
    :class:`~.roster_people.People`), after their other person values."""
    for f in ("origin", "permit_number"):
        people.put_texts(f)
    for f in _DATES:
        if f in present:
            people.read_dates(f)
    if "arrival_reason" in present:
        people.read_codes("arrival_reason", V.MOVE_REASONS, _REASON_ALIASES)
    if "residence_kind" not in present:
        for out in people.outs:
            if out.get("arrival_date"):
                out["residence_kind"] = "floating"


def arrival_events(new_persons: list[dict]) -> list[dict]:
    """Arrival records for newly imported persons that have an arrival date."""
    return [dict(area_id=p["area_id"], person_id=p["id"], date=p["arrival_date"], kind="arrival",
                 place=p.get("origin"), reason=p.get("arrival_reason"))
            for p in new_persons if p.get("arrival_date") and p.get("area_id")]
