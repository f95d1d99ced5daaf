"""Rows of the two people ledgers (DESIGN §6): 流动人口登记台账 and 志愿服务积分台账.

* floating — the floating residents living in the area during the month (arrived by its end, not
  gone before it began: judged by the arrival and departure records up to the month's end); the 本月变动 column says who came (来 11-05) or
  left (离 11-20 → 北京市) this month. Ordered by arrival date, then name.
* points — the month's services and redemptions, oldest first, each with the volunteer's balance
  after it; then one 月末结余 line per volunteer active in the month (earned and spent this month,
  balance at the month's end). A balance below zero is printed with 透支待核对: it is a review item
  (``store.points``), and the paper must not hide it either.
"""

from __future__ import annotations

import sqlite_utils

import json
from dataclasses import dataclass

from ..domain import vocab as V
from .areas import subtree_ids
from .sorting import use_sort_key

# This module stands alone (store.ledger_rows registers its two row functions): the few helpers it
# shares in spirit with ledger_rows are its own, so the two never import each other.
_HOUSE_ADDR = ("coalesce(nullif(h.address, ''), (SELECT coalesce(o.street, '') || coalesce(o.building, '') || "
               "coalesce(nullif(o.unit, '') || '单元', '') || coalesce(nullif(o.room, '') || '室', '') FROM houses o "
               "WHERE o.id = h.house_id), '')")


@dataclass(frozen=True)
class _Month:
    first: str
    last: str     # the 31st: ISO dates compare as text, so it bounds every month


def _month(month: str) -> _Month:
    """``YYYY-MM`` (checked by the ledger service before rows are gathered) as its date bounds."""
    return _Month(f"{month}-01", f"{month}-31")


def _scope(db, area_id: str | None, alias: str) -> tuple[str, list]:
    if not area_id:
        return "1", []
    return f"{alias}.area_id IN (SELECT value FROM json_each(?))", [json.dumps(subtree_ids(db, area_id))]


def _md(iso: str | None) -> str:
    return iso[5:10] if iso and len(iso) >= 10 else (iso or "")


def floating_rows(db: sqlite_utils.Database, month: str, area_id: str | None = None) -> list[dict]:
    use_sort_key(db)
    m = _month(month)
    scope, args = _scope(db, area_id, "p")
    sql = f"""
        SELECT p.id, p.name, p.gender, p.id_number, p.origin, p.arrival_date, p.arrival_reason, p.work, p.phone,
               p.permit_number, p.permit_expiry, p.status, {_HOUSE_ADDR} AS address,
               (SELECT group_concat(e.kind || '|' || e.date || '|' || coalesce(e.place, ''), ';')
                  FROM residence_events e WHERE e.person_id = p.id AND e.deleted = 0
                   AND e.date BETWEEN ? AND ?) AS moves,
               (SELECT e.kind || '|' || e.date FROM residence_events e WHERE e.person_id = p.id AND e.deleted = 0
                   AND e.date <= ? ORDER BY e.date DESC, e.kind = 'arrival' LIMIT 1) AS last_move
        FROM persons p LEFT JOIN households h ON h.id = p.household_id
        WHERE p.deleted = 0 AND p.residence_kind = 'floating' AND {scope}
          AND coalesce(p.arrival_date, '') <= ?
        ORDER BY p.arrival_date, gk_sort(p.name), p.id"""
    rows = []
    for r in db.query(sql, [m.first, m.last, m.last, *args, m.last]):
        moves = _moves(r["moves"])
        if not _living_here(r["status"], r["last_move"], m.first):
            continue
        rows.append(dict(name=r["name"], gender=V.GENDERS.zh(r["gender"]), id_number=r["id_number"] or "",
                         origin=r["origin"] or "", address=r["address"] or "", arrival=r["arrival_date"] or "",
                         reason=V.MOVE_REASONS.zh(r["arrival_reason"]), work=r["work"] or "",
                         permit=_permit(r["permit_number"], r["permit_expiry"]), phone=r["phone"] or "",
                         change=_change_text(moves)))
    return rows


def _living_here(status: str | None, last_move: str | None, first_day: str) -> bool:
    """Whether a floating resident belongs on the month's ledger: not gone before the month began.

    By the events up to the month's end (a departure later than the month does not matter); a person
    marked gone without any recorded departure (an import, an old record) is left out.
    """
    if last_move:
        kind, day = last_move.split("|", 1)
        return kind == "arrival" or day >= first_day
    return status not in ("moved_out", "deceased")


def _moves(text: str | None) -> list[tuple[str, str, str]]:
    out = []
    for part in (text or "").split(";"):
        bits = part.split("|", 2)
        if len(bits) == 3:
            out.append((bits[0], bits[1], bits[2]))
    return sorted(out, key=lambda x: x[1])


def _change_text(moves) -> str:
    lines = []
    for kind, day, place in moves:
        if kind == "arrival":
            lines.append(f"来 {_md(day)}")
        else:
            lines.append(f"离 {_md(day)}" + (f" → {place}" if place else ""))
    return "\n".join(lines)


def _permit(number: str | None, expiry: str | None) -> str:
    if not number:
        return "未办理"
    return f"{number}\n至 {expiry}" if expiry else number


def points_rows(db: sqlite_utils.Database, month: str, area_id: str | None = None) -> list[dict]:
    use_sort_key(db)
    m = _month(month)
    scope_s, args_s = _scope(db, area_id, "s")
    scope_r, args_r = _scope(db, area_id, "r")
    lines = list(db.query(f"""
        SELECT s.volunteer_id AS vid, s.date, 'service' AS kind, s.activity AS what, s.minutes, s.points, s.id
          FROM volunteer_services s WHERE s.deleted = 0 AND s.date <= ? AND {scope_s}
        UNION ALL
        SELECT r.volunteer_id, r.date, 'redemption', r.shop || '：' || r.goods, NULL, -r.points, r.id
          FROM point_redemptions r WHERE r.deleted = 0 AND r.date <= ? AND {scope_r}
        ORDER BY 2, 3 DESC, 7""", [m.last, *args_s, m.last, *args_r]))
    people = {r[0]: (r[1], r[2]) for r in db.execute(
        "SELECT id, name, id_number FROM persons WHERE id IN (SELECT value FROM json_each(?))",
        [_json([x["vid"] for x in lines])])}
    running: dict[str, int] = {}
    month_totals: dict[str, list] = {}
    rows = []
    for x in lines:
        running[x["vid"]] = running.get(x["vid"], 0) + x["points"]
        if x["date"] < m.first:
            continue
        name, id_number = people.get(x["vid"], ("", ""))
        t = month_totals.setdefault(x["vid"], [0, 0])
        earned, spent = (x["points"], 0) if x["kind"] == "service" else (0, -x["points"])
        t[0] += earned
        t[1] += spent
        rows.append(dict(date=x["date"], name=name, id_number=id_number or "",
                         kind="服务" if x["kind"] == "service" else "兑换", what=x["what"] or "",
                         hours=_hours(x["minutes"]), earned=str(earned) if earned else "",
                         spent=str(spent) if spent else "", balance=_balance(running[x["vid"]])))
    for vid in sorted(month_totals, key=lambda v: people.get(v, ("", ""))[0]):
        name, id_number = people.get(vid, ("", ""))
        earned, spent = month_totals[vid]
        rows.append(dict(date="月末", name=name, id_number=id_number or "", kind="结余", what="本月合计",
                         hours="", earned=str(earned), spent=str(spent), balance=_balance(running[vid])))
    return rows


def _json(ids) -> str:
    return json.dumps(sorted(set(ids)))


def _hours(minutes: int | None) -> str:
    if not minutes:
        return ""
    h = minutes / 60
    return f"{h:.1f}".rstrip("0").rstrip(".")


def _balance(n: int) -> str:
    return f"{n}（透支待核对）" if n < 0 else str(n)
