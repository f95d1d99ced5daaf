"""Screening the audit trail a worker sends with its records.

``bad_history``
    an audit-trail entry for a record neither accepted nor at the township inside the sender's
    scope, or for an area (or another record only the township writes), or whose content is
    malformed (fields JSON not an object of the table's fields with ``[old, new]`` pairs, bad
    text, a user name over 100 characters or with control characters).

An entry of a refused record is neither kept nor listed: the record is listed, and its audit trail
goes with it. A refused entry does not take its record's valid entries with it.
"""

from __future__ import annotations

import json
import re

from ..domain.ids import is_record_id
from ..domain.records import LONG_TEXT_MAX, table as get_table
from ..domain.validate import ValueProblem, check_text
from .changeset import MAX_STAMP
from .screening import MISSING, Rejection, Screening, safe_text, safe_value

USER_MAX = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def check_history(s: Screening) -> None:
    """Keep the entries for accepted records in scope; list the others as ``bad_history``."""
    entries = s.cs.history
    if not entries:
        return
    need: dict[str, set] = {}
    for h in entries:
        if get_table(h[2]).author != "township" and h[3] not in s.new_ok.get(h[2], ()):
            need.setdefault(h[2], set()).add(h[3])
    town = {t: s.town_areas(t, ids) for t, ids in need.items()}
    for h in entries:
        stamp, user, tname, rid, action, fields_json = h
        if (tname, rid) in s.rejected:
            continue  # the record is refused and listed: its audit trail goes with it
        problem = None
        if get_table(tname).author == "township":
            problem = f"{tname}: the township's own records"
        elif not is_record_id(rid):
            problem = f"{tname}: not a record id"
        elif rid not in s.new_ok.get(tname, ()) and town.get(tname, {}).get(rid, MISSING) not in s.scope:
            problem = f"{tname}: a record outside the sender's areas or not received"
        else:
            problem = _entry_problem(tname, stamp, user, action, fields_json)
        if problem is None:
            s.history_kept.append(h)
        else:
            s.history_rejections.append(Rejection(tname, safe_text(rid, 80), "bad_history", None, safe_text(problem),
                                                  json.dumps({"user": safe_value(user), "action": action},
                                                             ensure_ascii=False)))


def _entry_problem(tname, stamp, user, action, fields_json) -> str | None:
    """What is wrong with one entry's own content (English, for ``detail``), or None."""
    if not (type(stamp) is int and 0 < stamp < MAX_STAMP):
        return "stamp out of range"
    if action not in ("update", "delete", "restore"):
        return "unknown action"
    if user is not None:
        if not isinstance(user, str) or len(user) > USER_MAX or _CONTROL.search(user):
            return "user name too long or with control characters"
        try:
            user.encode("utf-8")
        except UnicodeEncodeError:
            return "user name is not valid Unicode"
    if not isinstance(fields_json, str):
        return "fields not JSON"
    try:
        changed = json.loads(fields_json)
    except (ValueError, RecursionError):
        return "fields not JSON"
    if not isinstance(changed, dict) or not changed:
        return "fields not an object"
    return _fields_problem(tname, changed)


def _fields_problem(tname: str, changed: dict) -> str | None:
    """The changed fields are the table's, each an ``[old, new]`` pair of text or numbers SQLite holds."""
    names = set(get_table(tname).field_names)
    for f, pair in changed.items():
        if f not in names:
            return f"unknown field {safe_text(f, 40)}"
        if not (isinstance(pair, list) and len(pair) == 2):
            return f"{f}: not an [old, new] pair"
        for v in pair:
            if v is None:
                continue
            if type(v) is int:
                if not -(1 << 63) <= v < (1 << 63):
                    return f"{f}: number out of range"
            elif type(v) is str:
                try:
                    check_text(v, LONG_TEXT_MAX)
                except ValueProblem as e:
                    return f"{f}: {e.en}"
            else:
                return f"{f}: not text or a number"
    return None
