"""Rules of the two work-order loops: resident requests (民生诉求) and hazards (问题隐患). Pure.

A request runs 已受理 ``received`` → 已分派 ``routed`` → 响应中 ``responding`` → 已解决 ``resolved`` →
已办结 ``closed`` (DESIGN §2). A grid often solves a need itself ("5-minute service circle"), so a
received request may skip straight to responding or resolved; a resolved request the resident says is
not solved goes back to responding. Closing needs the resident's feedback — a satisfaction code, or
``unreachable`` said explicitly.

A hazard runs 已上报 ``reported`` → 整改中 ``rectifying`` → 已整改待复查 ``rectified`` → 已销号
``closed``, or is escalated (已上报上级 ``escalated``) to the township, from where it comes back to be
rectified. A failed re-check sends a rectified hazard back to rectifying. Closing needs the re-check.

:func:`request_problems` / :func:`hazard_problems` check a whole record (``validate_record`` calls
them, so the GUI, CLI and importer agree); :func:`check_transition` checks a status move. Each
problem names the field and says what is missing in Chinese and English.
"""

from __future__ import annotations

from .errors import FieldProblem, GridkeeperError
from .messages import M
from .vocab import HAZARD_STATUSES, REQUEST_STATUSES, Vocabulary

REQUEST_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "received": ("routed", "responding", "resolved"),
    "routed": ("responding", "resolved"),
    "responding": ("resolved",),
    "resolved": ("closed", "responding"),
    "closed": (),
}

HAZARD_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "reported": ("rectifying", "rectified", "escalated"),
    "rectifying": ("rectified", "escalated"),
    "rectified": ("closed", "rectifying", "escalated"),
    "escalated": ("rectifying", "rectified"),
    "closed": (),
}

REQUEST_OPEN_STATUSES = ("received", "routed", "responding")
REQUEST_SOLVED_STATUSES = ("resolved", "closed")
HAZARD_OPEN_STATUSES = ("reported", "rectifying", "rectified", "escalated")

# What a dated step means for the record: the status it moves to (None: no move) and which record
# fields the step's date and content fill in when they are still empty.
REQUEST_STEP_EFFECTS: dict[str, tuple[str | None, dict[str, str]]] = {
    "need": (None, {}),
    "routed": ("routed", {}),
    "response": ("responding", {}),
    "solved": ("resolved", {"resolution": "content", "resolved": "date"}),
    "feedback": ("closed", {"feedback": "content", "closed": "date"}),
    "note": (None, {}),
}
HAZARD_STEP_EFFECTS: dict[str, tuple[str | None, dict[str, str]]] = {
    "report": (None, {}),
    "rectify": ("rectifying", {}),
    "rectified": ("rectified", {"rectification": "content", "rectified": "date"}),
    "recheck": (None, {"recheck_result": "content", "recheck_date": "date"}),
    "close": ("closed", {"closed": "date"}),
    "escalate": ("escalated", {"escalation": "content"}),
    "note": (None, {}),
}


def _p(field: str, message: M) -> FieldProblem:
    return FieldProblem(field, message)


def _blank(v) -> bool:
    return v is None or not str(v).strip()


def _not_before(r: dict, later: str, earlier: str, message: M) -> list[FieldProblem]:
    if r.get(later) and r.get(earlier) and r[later] < r[earlier]:
        return [_p(later, message)]
    return []


def request_problems(r: dict) -> list[FieldProblem]:
    """Every rule a request breaks (``r``: the whole record as it would be stored)."""
    out: list[FieldProblem] = []
    status = r.get("status")
    if status in REQUEST_SOLVED_STATUSES:
        if _blank(r.get("resolution")):
            out.append(_p("resolution", M("a_solved_request_needs_what")))
        if not r.get("resolved"):
            out.append(_p("resolved", M("a_solved_request_needs_the")))
    if status == "closed":
        if not r.get("satisfaction"):
            out.append(_p("satisfaction", M("closing_needs_the_resident_s")))
        if not r.get("closed"):
            out.append(_p("closed", M("a_closed_request_needs_its")))
    out += _not_before(r, "resolved", "received", M("solved_before_it_was_received"))
    out += _not_before(r, "closed", "received", M("closed_before_it_was_received"))
    out += _not_before(r, "closed", "resolved", M("closed_before_it_was_solved"))
    return out


def hazard_problems(h: dict) -> list[FieldProblem]:
    """Every rule a hazard breaks (``h``: the whole record as it would be stored)."""
    out: list[FieldProblem] = []
    status = h.get("status")
    if status in ("rectified", "closed"):
        if _blank(h.get("rectification")):
            out.append(_p("rectification", M("a_rectified_hazard_needs_what")))
        if not h.get("rectified"):
            out.append(_p("rectified", M("a_rectified_hazard_needs_the")))
    if status == "closed":
        if not h.get("recheck_date"):
            out.append(_p("recheck_date", M("closing_needs_a_re_check")))
        if _blank(h.get("recheck_result")):
            out.append(_p("recheck_result", M("closing_needs_a_re_check_2")))
        if not h.get("closed"):
            out.append(_p("closed", M("a_closed_hazard_needs_its")))
    if status == "escalated" and _blank(h.get("escalation")):
        out.append(_p("escalation", M("escalating_needs_a_note_to")))
    out += _not_before(h, "deadline", "found", M("the_deadline_is_before_the"))
    out += _not_before(h, "rectified", "found", M("rectified_before_it_was_found"))
    out += _not_before(h, "recheck_date", "found", M("re_checked_before_it_was"))
    out += _not_before(h, "recheck_date", "rectified", M("re_checked_before_it_was_2"))
    out += _not_before(h, "closed", "found", M("closed_before_it_was_found"))
    out += _not_before(h, "closed", "recheck_date", M("closed_before_it_was_re"))
    return out


def step_problems(step: dict, parent: dict | None, parent_date_field: str) -> list[FieldProblem]:
    """A step cannot be dated before its request was received or its hazard found."""
    if parent and step.get("date") and parent.get(parent_date_field) and step["date"] < parent[parent_date_field]:
        return [_p("date", M("the_step_is_dated_before"))]
    return []


def _check(kind_zh: str, kind_en: str, table: dict, vocab: Vocabulary, old: str | None, new: str) -> None:
    if new not in vocab:
        raise GridkeeperError(M("unknown_status", new=new), code="bad_status")
    if new == old:
        return
    if new not in table.get(old or "", ()):
        allowed = "、".join(vocab.zh(s) for s in table.get(old or "", ())) or "无"
        raise GridkeeperError(
            M("a_cannot_go_from_to", kind_zh=kind_zh, vocab_zh_old=vocab.zh(old), vocab_zh_new=vocab.zh(new),
              allowed=allowed, kind_en=kind_en, old=old, new=new), code="bad_transition", field="status")


def check_request_transition(old: str | None, new: str) -> None:
    """Raise GridkeeperError (``bad_status`` / ``bad_transition``) unless a request may move old → new."""
    _check("诉求", "request", REQUEST_TRANSITIONS, REQUEST_STATUSES, old, new)


def check_hazard_transition(old: str | None, new: str) -> None:
    """Raise GridkeeperError (``bad_status`` / ``bad_transition``) unless a hazard may move old → new."""
    _check("隐患", "hazard", HAZARD_TRANSITIONS, HAZARD_STATUSES, old, new)
