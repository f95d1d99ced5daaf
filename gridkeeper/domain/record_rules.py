"""Rules across the fields of one whole record (``merged``: the record as it would be stored).

``domain.validate`` checks each value on its own; the rules here need several fields at once: a
closed dispute's agreement and dates, a care subject's period, the request and hazard life cycles
(``domain.casework``) and the people records' rules (``domain.people_rules``).
"""

from __future__ import annotations

from .casework import hazard_problems, request_problems
from .errors import FieldProblem
from .messages import M
from .people_rules import check_people_rules
from .vocab import DISPUTE_CLOSED_STATUSES


def record_problems(table_name: str, merged: dict, found: list[FieldProblem]) -> list[FieldProblem]:
    """Every cross-field rule ``merged`` breaks; a request's or hazard's rule on a field already in
    ``found`` (a value problem) is left out, so each field is told once."""
    out: list[FieldProblem] = []
    if table_name == "disputes":
        out += _dispute_rules(merged)
    if table_name in ("requests", "hazards") and not merged.get("deleted"):
        out += [p for p in (request_problems if table_name == "requests" else hazard_problems)(merged)
                if not any(q.field == p.field for q in found)]
    if table_name == "care_subjects" and merged.get("since") and merged.get("until"):
        if merged["until"] < merged["since"]:
            out.append(FieldProblem("until", M("until_is_before_since")))
    out += check_people_rules(table_name, merged)
    return out


def _dispute_rules(merged: dict) -> list[FieldProblem]:
    out = []
    status = merged.get("status")
    if status in DISPUTE_CLOSED_STATUSES:
        if not (merged.get("agreement") or "").strip():
            out.append(FieldProblem("agreement", M("a_closed_dispute_needs_its")))
        if not merged.get("closed"):
            out.append(FieldProblem("closed", M("a_closed_dispute_needs_its_2")))
    if merged.get("closed") and merged.get("received") and merged["closed"] < merged["received"]:
        out.append(FieldProblem("closed", M("closed_before_it_was_received")))
    if merged.get("followup_result") and not merged.get("followup_date"):
        out.append(FieldProblem("followup_date", M("a_follow_up_result_needs")))
    return out
