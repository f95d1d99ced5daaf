"""Demo data for the people the grid must know: floating residents' arrivals and departures over a
year with their 居住证, person tags, volunteers with services and redemptions (``store.demo``).

Built from the persons the demo already made, with a random stream of its own (so the older demo
records stay exactly as they were for a given seed). Every record obeys the editors' rules: permits
expire after issue and arrival, departures follow arrivals, no balance ever goes below zero.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from ..domain.ids import derived_id

ORIGINS = ["河南省周口市", "河南省商丘市", "山东省菏泽市", "山西省大同市", "内蒙古乌兰察布市", "安徽省阜阳市",
           "四川省达州市", "河北省保定市", "黑龙江省绥化市", "甘肃省天水市"]
DESTINATIONS = ["北京市", "天津市", "张家口市", "返回原籍", "石家庄市"]
REASONS = (["work", "business", "study", "family", "accompany", "other"], [55, 15, 6, 10, 12, 2])
ACTIVITIES = ["环境卫生清扫", "垃圾分类宣传", "为独居老人送餐", "治安巡逻", "疫苗接种引导", "关爱留守儿童课业辅导",
              "防汛值守", "政策宣传入户", "更换楼道灯泡", "文明交通劝导"]
GOODS = [("食用油", 30), ("大米5公斤", 40), ("洗衣液", 20), ("牙膏毛巾", 10), ("挂面", 8), ("酱油醋", 12)]
SHOPS = ["爱心超市", "雷锋超市"]


def people_records(seed: int, today: date, persons: list[dict], care: list[dict], scale: str,
                   requests: list[dict] = ()) -> dict[str, list]:
    """The schema-3 demo records for ``persons`` (whose floating ones get their fields filled in); some
    volunteers' services answer the solved ``requests`` of their grid (志愿者响应, points credited)."""
    rng = random.Random(seed * 7919 + 3)
    ids = _Ids(rng, 1_700_000_000_000 + seed * 10_000_000 + 5_000_000)
    out = {"residence_events": [], "person_tags": [], "volunteer_services": [], "point_redemptions": []}
    _floating(rng, ids, today, persons, out["residence_events"])
    volunteers = _tags(rng, today, persons, care, out["person_tags"])
    _points(rng, ids, today, volunteers, out["volunteer_services"], out["point_redemptions"])
    _answers(rng, ids, today, volunteers, requests, out["volunteer_services"])
    return out


def _answers(rng, ids, today, volunteers, requests, services) -> None:
    """A volunteer of the grid credited for about a third of its solved requests (1 hour, 10 points)."""
    by_grid: dict[str, list] = {}
    for p in volunteers:
        by_grid.setdefault(p["area_id"], []).append(p)
    for r in requests:
        local = by_grid.get(r["area_id"])
        if not local or not r.get("resolved") or r["resolved"] > today.isoformat() or rng.random() > 0.35:
            continue
        p = rng.choice(local)
        services.append(dict(id=ids(), area_id=r["area_id"], volunteer_id=p["id"], date=r["resolved"],
                             activity="响应民生诉求：" + (r.get("content") or "")[:16], minutes=60, points=10,
                             request_id=r["id"]))


class _Ids:
    def __init__(self, rng, ms):
        self.rng, self.ms = rng, ms

    def __call__(self) -> str:
        import uuid

        self.ms += 1
        value = (self.ms << 80) | (0x7 << 76) | (self.rng.getrandbits(12) << 64) | (0b10 << 62) | self.rng.getrandbits(62)
        return str(uuid.UUID(int=value))


def _floating(rng, ids, today, persons, events) -> None:
    for p in persons:
        if p.get("residence_kind") != "floating":
            continue
        born = date.fromisoformat(p["birth_date"])
        arrived = max(born, today - timedelta(days=rng.randrange(5, 3 * 365)))
        age = (today - born).days // 365
        reason = rng.choice(["study", "accompany"]) if age < 19 else \
            rng.choice(["family", "accompany"]) if age >= 60 else rng.choices(*REASONS)[0]
        origin = rng.choice(ORIGINS)
        p.update(origin=origin, arrival_date=arrived.isoformat(), arrival_reason=reason)
        if (today - born).days >= 16 * 365 and rng.random() < 0.65:
            issued = min(today, arrived + timedelta(days=rng.randrange(180, 240)))
            if issued > arrived:
                expiry = issued + timedelta(days=365)
                while expiry < today - timedelta(days=rng.randrange(0, 60)):
                    issued, expiry = expiry, expiry + timedelta(days=365)   # renewed every year
                p.update(permit_number=f"{p['id_number'][:6]}{issued:%Y}{rng.randrange(10**6):06d}",
                         permit_issued=issued.isoformat(), permit_expiry=expiry.isoformat())
        if rng.random() < 0.3:
            p["expected_departure"] = (max(arrived, today) + timedelta(days=rng.randrange(30, 720))).isoformat()
        if arrived >= today - timedelta(days=365):
            events.append(dict(id=ids(), area_id=p["area_id"], person_id=p["id"], date=arrived.isoformat(),
                               kind="arrival", place=origin, reason=reason))
        if rng.random() < 0.12 and arrived < today - timedelta(days=10):
            left = arrived + timedelta(days=rng.randrange(1, max(2, (today - arrived).days)))
            p.update(status="moved_out")
            p.pop("expected_departure", None)
            events.append(dict(id=ids(), area_id=p["area_id"], person_id=p["id"], date=left.isoformat(),
                               kind="departure", place=rng.choice(DESTINATIONS), reason=reason))


def _tags(rng, today, persons, care, tags) -> list[dict]:
    """Tags on living persons; returns the volunteers."""
    cats_of = {}
    for c in care:
        cats_of[c["person_id"]] = c["categories"]
    volunteers = []
    heads_by_grid: dict[str, list] = {}
    for p in persons:
        if p.get("status") in ("moved_out", "deceased"):
            continue
        age = (today - date.fromisoformat(p["birth_date"])).days // 365
        mine = []
        if age >= 18 and rng.random() < 0.06:
            mine.append("party_member")
        if age >= 25 and p["gender"] == "male" and rng.random() < 0.03:
            mine.append("veteran")
        if "subsistence" in cats_of.get(p["id"], ""):
            mine.append("subsistence")
        if "elderly_alone" in cats_of.get(p["id"], ""):
            mine.append("living_alone")
        if 18 <= age <= 72 and rng.random() < 0.025:
            mine.append("volunteer")
            volunteers.append(p)
        if rng.random() < 0.004:
            mine.append("watch")
        if p.get("relation") == "head" and 35 <= age <= 70:
            heads_by_grid.setdefault(p["area_id"], []).append(p)
        for tag in mine:
            tags.append(_tag(p, tag, today - timedelta(days=rng.randrange(30, 1500))))
    for grid, heads in heads_by_grid.items():
        for p in rng.sample(heads, k=min(2, len(heads))):
            tags.append(_tag(p, "building_head", today - timedelta(days=rng.randrange(30, 900))))
    return volunteers


def _tag(p, tag, since) -> dict:
    return dict(id=derived_id("person_tags", p["id"], tag), area_id=p["area_id"], person_id=p["id"], tag=tag,
                since=since.isoformat())


def _points(rng, ids, today, volunteers, services, redemptions) -> None:
    for p in volunteers:
        events = []
        for _ in range(rng.randint(2, 12)):
            minutes = rng.choice([30, 60, 60, 90, 120, 180, 240])
            events.append((today - timedelta(days=rng.randrange(0, 365)), "service", minutes))
        for _ in range(rng.randint(0, 3)):
            events.append((today - timedelta(days=rng.randrange(0, 300)), "redemption", 0))
        balance = 0
        for day, kind, minutes in sorted(events):
            if kind == "service":
                points = max(1, round(minutes * 10 / 60))
                balance += points
                services.append(dict(id=ids(), area_id=p["area_id"], volunteer_id=p["id"], date=day.isoformat(),
                                     activity=rng.choice(ACTIVITIES), minutes=minutes, points=points))
            else:
                affordable = [g for g in GOODS if g[1] <= balance]
                if not affordable:
                    continue
                goods, points = rng.choice(affordable)
                balance -= points
                redemptions.append(dict(id=ids(), area_id=p["area_id"], volunteer_id=p["id"], date=day.isoformat(),
                                        shop=rng.choice(SHOPS), goods=goods, points=points))
