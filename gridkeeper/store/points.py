"""Volunteer points (志愿服务积分): services earn points, redemptions at the 爱心超市 spend them.

A volunteer's balance is earned − redeemed, computed from the replicated ``volunteer_services``
and ``point_redemptions`` records (never stored, so it cannot drift). Every write here that lowers a
balance — a redemption, more points on one, fewer on a service, deleting a service — is refused
locally, with the balance in the message, when it would leave the balance below zero.

Two laptops can still both spend the same points offline. Each redemption is its own record, so
the merge keeps both; the balance then *is* negative, and that is shown, never hidden: a
:func:`negative_balances` review item per volunteer (with the redemptions that spent the points)
appears in the township's review queue and on every worker laptop holding the volunteer once the
bundles have crossed. It is resolved by an ordinary versioned write — correcting or deleting one of
the redemptions (:func:`correct_redemption`), or recording a service that was missing — and
disappears wherever that write arrives. Nothing is ever reconciled silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import sqlite_utils

from ..domain.errors import FieldProblem, ValidationError
from ..domain.messages import M
from ..domain.validate import validate_record
from . import versions as V
from .areas import subtree_ids
from .changes import writing
from .records import get_record

POINTS_PER_HOUR = 10       # the points a service is offered at by default (editable per service)
DEFAULT_SHOP = "爱心超市"


def suggest_points(minutes: int) -> int:
    """Points proposed for a service of ``minutes`` (1 hour → 10 points, rounded to whole points)."""
    return max(1, round(minutes * POINTS_PER_HOUR / 60))


def balance(db: sqlite_utils.Database, volunteer_id: str) -> dict:
    """``{"earned", "redeemed", "balance"}`` of one volunteer (deleted records left out)."""
    earned = db.execute("SELECT coalesce(sum(points), 0) FROM volunteer_services WHERE volunteer_id = ? "
                        "AND deleted = 0", [volunteer_id]).fetchone()[0]
    redeemed = db.execute("SELECT coalesce(sum(points), 0) FROM point_redemptions WHERE volunteer_id = ? "
                          "AND deleted = 0", [volunteer_id]).fetchone()[0]
    return {"earned": earned, "redeemed": redeemed, "balance": earned - redeemed}


def _refuse_overdraft(db, volunteer_id: str, change: int, field_name: str = "points") -> None:
    """Refuse a write that changes the balance by ``change`` when it would leave it below zero."""
    now = balance(db, volunteer_id)["balance"]
    if change < 0 and now + change < 0:
        raise ValidationError([FieldProblem(
            field_name, M("not_enough_points_the_balance", now=now, change=-change, now_change=now + change))])


def _for_volunteer(db, table: str, values: dict) -> dict:
    person = get_record(db, "persons", values.get("volunteer_id") or "")
    return validate_record(table, dict(values, area_id=person["area_id"]))


def record_service(db: sqlite_utils.Database, values: dict, *, user: str | None = None) -> str:
    """Record a volunteer service: ``volunteer_id``, ``date``, ``activity``, ``minutes``, ``points``
    (default :func:`suggest_points`), optional ``request_id`` and ``notes``."""
    values = dict(values)
    if values.get("points") in (None, "") and str(values.get("minutes") or "").strip().isdigit():
        values["points"] = suggest_points(int(values["minutes"]))
    clean = _for_volunteer(db, "volunteer_services", values)
    if clean.get("request_id"):
        get_record(db, "requests", clean["request_id"])
    with writing(db, user) as w:
        return w.create("volunteer_services", clean)


def record_redemption(db: sqlite_utils.Database, values: dict, *, user: str | None = None) -> str:
    """Record points spent: ``volunteer_id``, ``date``, ``shop``, ``goods``, ``points``. Refused when
    the volunteer's balance would go below zero."""
    values = dict(values)
    values.setdefault("shop", DEFAULT_SHOP)
    clean = _for_volunteer(db, "point_redemptions", values)
    with writing(db, user) as w:   # checked inside the write transaction: no other write slips between
        _refuse_overdraft(db, clean["volunteer_id"], -clean["points"])
        return w.create("point_redemptions", clean)


def correct_redemption(db: sqlite_utils.Database, rid: str, *, points: int | None = None, delete: bool = False,
                       notes: str | None = None, user: str | None = None) -> None:
    """Correct a redemption (fewer points, or delete it): how a negative balance is resolved.

    More points than before is refused like a new redemption when the balance cannot carry it.
    """
    rec = get_record(db, "point_redemptions", rid)
    with writing(db, user) as w:
        if delete:
            w.delete("point_redemptions", rid)
            return
        values = {"points": points} if points is not None else {}
        if notes is not None:
            values["notes"] = notes
        clean = validate_record("point_redemptions", values, existing=rec)
        if "points" in clean:
            _refuse_overdraft(db, rec["volunteer_id"], rec["points"] - clean["points"])
        w.update("point_redemptions", rid, clean)


def update_service(db: sqlite_utils.Database, rid: str, values: dict, *, user: str | None = None) -> None:
    rec = get_record(db, "volunteer_services", rid)
    clean = validate_record("volunteer_services", values, existing=rec)
    with writing(db, user) as w:
        if "points" in clean:
            _refuse_overdraft(db, rec["volunteer_id"], clean["points"] - rec["points"])
        w.update("volunteer_services", rid, clean)


def delete_service(db: sqlite_utils.Database, rid: str, *, user: str | None = None) -> None:
    rec = get_record(db, "volunteer_services", rid)
    with writing(db, user) as w:
        _refuse_overdraft(db, rec["volunteer_id"], -rec["points"])
        w.delete("volunteer_services", rid)


def statement(db: sqlite_utils.Database, volunteer_id: str, *, month: str | None = None) -> list[dict]:
    """A volunteer's services and redemptions, oldest first, each with the running balance after it.

    With ``month`` (YYYY-MM) only that month's lines are returned; the running balance still counts
    everything before them.
    """
    rows = list(db.query(
        "SELECT id, date, 'service' AS kind, activity AS what, minutes, points, request_id, notes "
        "FROM volunteer_services WHERE volunteer_id = ? AND deleted = 0 UNION ALL "
        "SELECT id, date, 'redemption', shop || '：' || goods, NULL, -points, NULL, notes "
        "FROM point_redemptions WHERE volunteer_id = ? AND deleted = 0 ORDER BY date, kind DESC, id",
        [volunteer_id, volunteer_id]))
    running = 0
    for r in rows:
        running += r["points"]
        r["balance"] = running
    return [r for r in rows if not month or r["date"][:7] == month]


def _area_filter(db, area_id: str | None, col: str) -> tuple[str, list]:
    if not area_id:
        return "", []
    return f" AND {col} IN (SELECT value FROM json_each(?))", [json.dumps(subtree_ids(db, area_id))]


def balances(db: sqlite_utils.Database, *, area_id: str | None = None) -> list[dict]:
    """Every volunteer with services or redemptions (optionally within an area): earned, redeemed, balance."""
    where, params = _area_filter(db, area_id, "p.area_id")
    return list(db.query(
        "WITH e AS (SELECT volunteer_id, sum(points) AS pts, sum(minutes) AS mins, count(*) AS n "
        "           FROM volunteer_services WHERE deleted = 0 GROUP BY volunteer_id), "
        "r AS (SELECT volunteer_id, sum(points) AS pts FROM point_redemptions WHERE deleted = 0 GROUP BY volunteer_id) "
        "SELECT p.id AS volunteer_id, p.name, p.id_number, p.area_id, coalesce(e.pts, 0) AS earned, "
        "coalesce(r.pts, 0) AS redeemed, coalesce(e.pts, 0) - coalesce(r.pts, 0) AS balance, "
        "coalesce(e.mins, 0) AS minutes, coalesce(e.n, 0) AS services FROM persons p "
        "LEFT JOIN e ON e.volunteer_id = p.id LEFT JOIN r ON r.volunteer_id = p.id "
        f"WHERE p.deleted = 0 AND (e.volunteer_id IS NOT NULL OR r.volunteer_id IS NOT NULL){where} "
        "ORDER BY p.name", params))


@dataclass
class NegativeBalance:
    """A review item: a volunteer whose merged records spend more than they earned."""

    volunteer_id: str
    name: str
    area_id: str
    earned: int
    redeemed: int
    balance: int
    redemptions: list[dict] = field(default_factory=list)   # newest first: the likely ones to correct

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def negative_balances(db: sqlite_utils.Database, *, area_ids: list[str] | None = None) -> list[NegativeBalance]:
    """Volunteers whose balance is below zero after a merge: conflicts to review, with their redemptions."""
    out = []
    for b in balances(db):
        if b["balance"] >= 0 or (area_ids is not None and b["area_id"] not in area_ids):
            continue
        reds = list(db.query(
            "SELECT r.id, r.date, r.shop, r.goods, r.points, d.name AS device_name FROM point_redemptions r "
            "JOIN point_redemptions__ver v USING (id) LEFT JOIN devices d "
            f"ON d.idx = {V.device_sql('point_redemptions', 'points')} "
            "WHERE r.volunteer_id = ? AND r.deleted = 0 ORDER BY r.date DESC, r.id DESC", [b["volunteer_id"]]))
        out.append(NegativeBalance(b["volunteer_id"], b["name"], b["area_id"], b["earned"], b["redeemed"],
                                   b["balance"], reds))
    return out


def month_summary(db: sqlite_utils.Database, month: str, *, area_id: str | None = None) -> dict:
    """The month's services and redemptions (the points ledger), with every volunteer's balance."""
    where_s, ps = _area_filter(db, area_id, "s.area_id")
    where_r, pr = _area_filter(db, area_id, "r.area_id")
    services = list(db.query(
        "SELECT s.*, p.name, p.id_number FROM volunteer_services s JOIN persons p ON p.id = s.volunteer_id "
        f"WHERE s.deleted = 0 AND substr(s.date, 1, 7) = ?{where_s} ORDER BY s.date, p.name", [month, *ps]))
    redemptions = list(db.query(
        "SELECT r.*, p.name, p.id_number FROM point_redemptions r JOIN persons p ON p.id = r.volunteer_id "
        f"WHERE r.deleted = 0 AND substr(r.date, 1, 7) = ?{where_r} ORDER BY r.date, p.name", [month, *pr]))
    return {"services": services, "redemptions": redemptions, "balances": balances(db, area_id=area_id)}


def request_choices(db: sqlite_utils.Database, *, area_id: str | None = None, limit: int = 100) -> list[tuple]:
    """``(request id, label)`` of the area's resident requests, newest first: what a service may answer."""
    where, params = _area_filter(db, area_id, "r.area_id")
    rows = db.execute(f"SELECT r.id, r.number, r.received, r.content FROM requests r WHERE r.deleted = 0{where} "
                      "ORDER BY r.received DESC, r.id DESC LIMIT ?", [*params, limit])
    return [(r[0], " ".join(x for x in (r[1], r[2], (r[3] or "")[:24]) if x)) for r in rows]


def delete_line(db: sqlite_utils.Database, kind: str, rid: str, *, user: str | None = None) -> None:
    """Delete a statement line: a service (refused when the balance cannot lose its points) or a redemption."""
    if kind == "service":
        delete_service(db, rid, user=user)
    else:
        correct_redemption(db, rid, delete=True, user=user)


def volunteer_choices(db: sqlite_utils.Database, *, area_id: str | None = None) -> list[tuple[str, str]]:
    """``(person id, label)`` of likely volunteers: tagged 志愿者 or with services, by name."""
    where, params = _area_filter(db, area_id, "p.area_id")
    rows = db.execute(
        "SELECT p.id, p.name, p.id_number FROM persons p WHERE p.deleted = 0 AND (p.id IN "
        "(SELECT person_id FROM person_tags WHERE tag = 'volunteer' AND deleted = 0) OR p.id IN "
        f"(SELECT volunteer_id FROM volunteer_services WHERE deleted = 0)){where} ORDER BY p.name", params)
    return [(r[0], f"{r[1]} {(r[2] or '')[-4:]}".strip()) for r in rows]
