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


def _p(field: str, zh: str, en: str) -> FieldProblem:
    return FieldProblem(field, zh, en)


def _blank(v) -> bool:
    return v is None or not str(v).strip()


def _not_before(r: dict, later: str, earlier: str, zh: str, en: str) -> list[FieldProblem]:
    if r.get(later) and r.get(earlier) and r[later] < r[earlier]:
        return [_p(later, zh, en)]
    return []


def request_problems(r: dict) -> list[FieldProblem]:
    """Every rule a request breaks (``r``: the whole record as it would be stored)."""
    out: list[FieldProblem] = []
    status = r.get("status")
    if status in REQUEST_SOLVED_STATUSES:
        if _blank(r.get("resolution")):
            out.append(_p("resolution", "已解决的诉求须填写办理结果", "a solved request needs what was done"))
        if not r.get("resolved"):
            out.append(_p("resolved", "已解决的诉求须填写解决日期", "a solved request needs the date it was solved"))
    if status == "closed":
        if not r.get("satisfaction"):
            out.append(_p("satisfaction", "办结前须有居民评价（满意、基本满意、不满意，或注明无法联系）",
                          "closing needs the resident's feedback (satisfied, mostly, not satisfied, "
                          "or 'resident unreachable')"))
        if not r.get("closed"):
            out.append(_p("closed", "办结的诉求须填写办结日期", "a closed request needs its closing date"))
    out += _not_before(r, "resolved", "received", "解决日期早于受理日期", "solved before it was received")
    out += _not_before(r, "closed", "received", "办结日期早于受理日期", "closed before it was received")
    out += _not_before(r, "closed", "resolved", "办结日期早于解决日期", "closed before it was solved")
    return out


def hazard_problems(h: dict) -> list[FieldProblem]:
    """Every rule a hazard breaks (``h``: the whole record as it would be stored)."""
    out: list[FieldProblem] = []
    status = h.get("status")
    if status in ("rectified", "closed"):
        if _blank(h.get("rectification")):
            out.append(_p("rectification", "已整改的隐患须填写整改情况", "a rectified hazard needs what was done"))
        if not h.get("rectified"):
            out.append(_p("rectified", "已整改的隐患须填写整改完成日期",
                          "a rectified hazard needs the date it was rectified"))
    if status == "closed":
        if not h.get("recheck_date"):
            out.append(_p("recheck_date", "销号前须复查：请填写复查日期", "closing needs a re-check: enter its date"))
        if _blank(h.get("recheck_result")):
            out.append(_p("recheck_result", "销号前须复查：请填写复查结果", "closing needs a re-check: enter its result"))
        if not h.get("closed"):
            out.append(_p("closed", "销号须填写销号日期", "a closed hazard needs its closing date"))
    if status == "escalated" and _blank(h.get("escalation")):
        out.append(_p("escalation", "上报上级须写明上报情况（报给谁、为什么）",
                      "escalating needs a note (to whom, and why)"))
    out += _not_before(h, "deadline", "found", "整改期限早于发现日期", "the deadline is before the hazard was found")
    out += _not_before(h, "rectified", "found", "整改完成日期早于发现日期", "rectified before it was found")
    out += _not_before(h, "recheck_date", "found", "复查日期早于发现日期", "re-checked before it was found")
    out += _not_before(h, "recheck_date", "rectified", "复查日期早于整改完成日期", "re-checked before it was rectified")
    out += _not_before(h, "closed", "found", "销号日期早于发现日期", "closed before it was found")
    out += _not_before(h, "closed", "recheck_date", "销号日期早于复查日期", "closed before it was re-checked")
    return out


def step_problems(step: dict, parent: dict | None, parent_date_field: str) -> list[FieldProblem]:
    """A step cannot be dated before its request was received or its hazard found."""
    if parent and step.get("date") and parent.get(parent_date_field) and step["date"] < parent[parent_date_field]:
        return [_p("date", "环节日期早于受理（发现）日期", "the step is dated before the case began")]
    return []


def _check(kind_zh: str, kind_en: str, table: dict, vocab: Vocabulary, old: str | None, new: str) -> None:
    if new not in vocab:
        raise GridkeeperError(f"未知状态：{new}", f"unknown status: {new}", code="bad_status")
    if new == old:
        return
    if new not in table.get(old or "", ()):
        allowed = "、".join(vocab.zh(s) for s in table.get(old or "", ())) or "无"
        raise GridkeeperError(
            f"{kind_zh}状态不能从“{vocab.zh(old)}”改为“{vocab.zh(new)}”（可改为：{allowed}）",
            f"a {kind_en} cannot go from {old} to {new}", code="bad_transition", field="status")


def check_request_transition(old: str | None, new: str) -> None:
    """Raise GridkeeperError (``bad_status`` / ``bad_transition``) unless a request may move old → new."""
    _check("诉求", "request", REQUEST_TRANSITIONS, REQUEST_STATUSES, old, new)


def check_hazard_transition(old: str | None, new: str) -> None:
    """Raise GridkeeperError (``bad_status`` / ``bad_transition``) unless a hazard may move old → new."""
    _check("隐患", "hazard", HAZARD_TRANSITIONS, HAZARD_STATUSES, old, new)
