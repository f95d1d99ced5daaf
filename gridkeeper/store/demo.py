"""A realistic, deterministic demo data set (Chinese names, valid ID numbers, plausible phones).

``grid`` scale: one township, one village, one grid of ~300 households (a worker's laptop).
``township`` scale: 46 villages/communities split into 270 grids, ≈27,000 households, ≈60,000
persons (≈1,200 floating), a few thousand care subjects with a year of visits, ~150 disputes in
every status, a year of resident requests (~1,000 a month) and hazards (store.demo_casework).
Everything is written through change capture (bulk path), so it syncs like real data.
The same seed and the same day give the same records.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from ..domain.validate import canonical_codes, id_check_char
from ..domain.vocab import DEFAULT_VISIT_INTERVAL
from .changes import writing
from .demo_people import people_records

# Surnames with rough frequency weights (most common first); heteronym surnames included.
SURNAMES = ("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 "
            "彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 "
            "石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 "
            "万 钱 严 覃 武 戴 莫 孔 向 汤 单 解 仇 区 翟 查").split()
SURNAME_WEIGHTS = [max(1.0, 80 / (i + 1) ** 0.9) for i in range(len(SURNAMES))]
GIVEN_MALE = list("伟强磊军勇杰涛明超刚平辉鹏华飞鑫波宇浩凯健俊帆建国志文斌海峰林庆东振福成旺德")
GIVEN_FEMALE = list("芳娜敏静丽艳娟霞秀英华玲桂兰萍红燕梅琳雪婷慧莉琴云凤洁颖倩佳淑珍兰芬")
RARE_GIVEN = ["𠮷", "堃", "喆", "昇", "淼"]  # 𠮷 is outside the BMP (U+20BB7)
VILLAGE_A = list("东西南北前后上下大小新老张王李马")
VILLAGE_B = list("山河庄营堡沟屯湾坡岭桥店园寨")
GRID_NAMES = ["第一网格", "第二网格", "第三网格", "第四网格", "第五网格", "第六网格", "第七网格", "第八网格"]
REGION = "130706"  # 河北省张家口市下花园区
TOWNSHIP_NAME = "下花园镇"
WORKS = ["务农", "个体经营", "外出务工", "在校学生", "退休", "教师", "司机", "无", "快递员", "村医"]
FINDINGS = ["身体状况良好，生活能自理", "血压偏高，已提醒按时服药", "家中取暖设施正常", "独自在家，情绪稳定",
            "子女每周电话联系", "行动不便，需要助餐服务", "学习情况良好，监护人照料到位", "房屋漏雨，需要维修"]
NEEDS = ["", "", "", "申请办理医保卡", "希望上门理发", "需要助餐服务", "房屋漏雨需维修", "咨询高龄津贴"]
DISPUTE_SUMMARIES = {
    "neighbour": "因排水沟堵塞导致雨水流入邻居院内，双方发生争执",
    "family": "夫妻因赡养老人问题发生矛盾",
    "land": "承包地边界不清，双方对界桩位置有争议",
    "labour": "工地拖欠工资三个月，务工人员要求结算",
    "property_mgmt": "业主对物业费上涨有异议",
    "homestead": "翻建房屋时宅基地占用公共通道",
    "damages": "电动车与行人相撞造成轻伤，对赔偿金额有争议",
    "contract": "土地流转合同到期后租金支付有争议",
    "other": "养狗扰民引发邻里矛盾",
}


@dataclass
class DemoResult:
    areas: int = 0
    houses: int = 0
    households: int = 0
    persons: int = 0
    care_subjects: int = 0
    visits: int = 0
    disputes: int = 0
    requests: int = 0
    hazards: int = 0
    residence_events: int = 0
    person_tags: int = 0
    volunteer_services: int = 0
    point_redemptions: int = 0
    grid_ids: list = None

    def as_dict(self):
        d = dict(self.__dict__)
        d.pop("grid_ids", None)
        return d


class _Ids:
    """Deterministic UUIDv7-shaped ids from the seed (creation order preserved)."""

    def __init__(self, rng: random.Random, base_ms: int):
        self.rng, self.ms = rng, base_ms

    def __call__(self) -> str:
        self.ms += 1
        value = (self.ms << 80) | (0x7 << 76) | (self.rng.getrandbits(12) << 64) | (0b10 << 62) | self.rng.getrandbits(62)
        return str(uuid.UUID(int=value))


def make_id_number(rng: random.Random, born: date, male: bool) -> str:
    seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
    first17 = f"{REGION}{born:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


def make_phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "137", "135", "150", "151", "158", "187", "188", "133", "177", "199"]) + \
        f"{rng.randrange(0, 10**8):08d}"


def make_name(rng: random.Random, male: bool, rare: bool = False) -> str:
    surname = rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]
    pool = GIVEN_MALE if male else GIVEN_FEMALE
    given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.75 else "")
    if rare:
        given = rng.choice(RARE_GIVEN) + given[1:]
    return surname + given


def build_demo(db: sqlite_utils.Database, *, scale: str = "grid", seed: int = 1, today: date | None = None,
               area_ids_out: list | None = None, villages: int | None = None) -> DemoResult:
    """Fill an initialised, empty database with demo records.

    ``villages`` shrinks the township scale (benchmark smoke runs); the default is all 46.
    """
    today = today or date.today()
    rng = random.Random(seed)
    new_id = _Ids(rng, 1_700_000_000_000 + seed * 10_000_000)
    res = DemoResult(grid_ids=[])
    if scale == "township":
        n_villages, grids_per_village, households_per_grid = 46, None, 100
    else:
        n_villages, grids_per_village, households_per_grid = 1, [1], 300
    # grids per village: 270 over 46 villages (5 or 6 each, a few communities larger)
    if grids_per_village is None:
        grids_per_village = [5] * 46
        for i in range(270 - 230):
            grids_per_village[i % 46] += 1
        if villages:
            n_villages = min(villages, 46)
            grids_per_village = grids_per_village[:n_villages]

    areas, houses, households, persons, care, visits = [], [], [], [], [], []
    disputes, parties, steps = [], [], []
    township_id = new_id()
    areas.append(dict(id=township_id, level="township", code=REGION + "100", name=TOWNSHIP_NAME))
    used_village_names = set()
    for v in range(n_villages):
        if scale == "grid":
            vname = "东山村"
        else:
            while True:
                vname = rng.choice(VILLAGE_A) + rng.choice(VILLAGE_B) + ("社区" if v % 9 == 8 else "村")
                if vname not in used_village_names:
                    break
        used_village_names.add(vname)
        level = "community" if vname.endswith("社区") else "village"
        vid = new_id()
        areas.append(dict(id=vid, parent_id=township_id, level=level, code=f"{REGION}100{v + 1:03d}", name=vname))
        for g in range(grids_per_village[v]):
            gid = new_id()
            gname = GRID_NAMES[g] if scale == "township" else "第三网格"
            worker_male = rng.random() < 0.4
            areas.append(dict(id=gid, parent_id=vid, level="grid", code=f"{REGION}100{v + 1:03d}{g + 1:02d}",
                              name=gname, worker_name=make_name(rng, worker_male), worker_phone=make_phone(rng),
                              worker_kind="full_time" if rng.random() < 0.7 else "part_time"))
            res.grid_ids.append(gid)
            for m in range(2):
                areas.append(dict(id=new_id(), parent_id=gid, level="micro_grid",
                                  code=f"{REGION}100{v + 1:03d}{g + 1:02d}{m + 1}", name=f"{gname}第{m + 1}微网格"))
            worker = areas[-3]["worker_name"]
            _fill_grid(rng, new_id, today, gid, vname, g, households_per_grid, worker,
                       houses, households, persons, care, visits, scale)
    # disputes: ~150 at township scale, ~12 in one grid
    n_disputes = 150 if scale == "township" else 12
    _make_disputes(rng, new_id, today, res.grid_ids, persons, n_disputes, disputes, parties, steps)
    requests, request_steps, hazards, hazard_steps = _make_casework(rng, new_id, today, scale, res.grid_ids, areas,
                                                                    houses, households, persons)

    people = people_records(seed, today, persons, care, scale, requests)   # schema 3: floating, tags, points

    with writing(db, user="demo") as w:
        for table, rows in [("areas", areas), ("houses", houses), ("households", households),
                            ("persons", persons), ("care_subjects", care), ("visits", visits),
                            ("disputes", disputes), ("dispute_parties", parties), ("dispute_steps", steps),
                            ("requests", requests), ("request_steps", request_steps), ("hazards", hazards),
                            ("hazard_steps", hazard_steps), *people.items()]:
            if rows:
                w.create_many(table, rows)
    res.areas, res.houses, res.households, res.persons = len(areas), len(houses), len(households), len(persons)
    res.care_subjects, res.visits, res.disputes = len(care), len(visits), len(disputes)
    res.requests, res.hazards = len(requests), len(hazards)
    for table, rows in people.items():
        setattr(res, table, len(rows))
    if area_ids_out is not None:
        area_ids_out.extend(res.grid_ids)
    return res


def _make_casework(rng, new_id, today, scale, grid_ids, areas, houses, households, persons):
    """A year of resident requests and hazards (store.demo_casework): ~1,000 requests a month township-wide."""
    from .demo_casework import make_hazards, make_requests

    worker_of = {a["id"]: a.get("worker_name") for a in areas if a["level"] == "grid"}
    house_of_household = {h["id"]: (h["house_id"], h["address"]) for h in households}
    per_grid = 3.7 if scale == "township" else 12.0      # 1,000 a month over 270 grids; ~700 people in one grid
    requests, request_steps, hazards, hazard_steps = [], [], [], []
    make_requests(rng, new_id, today, grid_ids, persons, house_of_household, per_grid, worker_of, requests,
                  request_steps)
    make_hazards(rng, new_id, today, grid_ids, houses, per_grid / 6, worker_of, hazards, hazard_steps)
    return requests, request_steps, hazards, hazard_steps


def _birth(rng, today, age_min, age_max) -> date:
    age_days = rng.randrange(age_min * 365, age_max * 365 + 1)
    return today - timedelta(days=age_days)


def _fill_grid(rng, new_id, today, gid, vname, g, n_households, worker, houses, households, persons, care,
               visits, scale):
    group = g + 1 if scale == "township" else 3
    floating_households = max(1, round(n_households * (0.02 if scale == "township" else 0.05)))
    for h in range(n_households):
        house_id, hh_id = new_id(), new_id()
        floating = h >= n_households - floating_households
        number = f"{group:02d}{h + 1:04d}"
        street = f"{vname}{group}组"
        houses.append(dict(id=house_id, area_id=gid, street=street, building=f"{h + 1}号",
                           use="rented" if floating else rng.choices(
                               ["self_occupied", "vacant", "commercial"], [90, 6, 4])[0],
                           owner_name=None, owner_phone=make_phone(rng)))
        size = rng.choices([1, 2, 3, 4, 5], [28, 38, 18, 12, 4])[0] if not floating else rng.choice([2, 3])
        head_male = rng.random() < 0.7
        head_old = rng.random() < 0.35
        head_birth = _birth(rng, today, 66, 92) if head_old else _birth(rng, today, 28, 65)
        surname_seed = make_name(rng, head_male, rare=rng.random() < 0.002)
        members = [("head", head_male, head_birth, surname_seed)]
        if size >= 2:
            sp_birth = head_birth + timedelta(days=rng.randrange(-1500, 1500))
            sp_birth = min(sp_birth, today - timedelta(days=18 * 365))
            members.append(("spouse", not head_male, sp_birth, make_name(rng, not head_male)))
        for _ in range(size - len(members)):
            child_male = rng.random() < 0.52
            oldest = max(1, (today - head_birth).days // 365 - 20)
            cb = _birth(rng, today, 1, max(2, min(oldest, 45)))
            cname = surname_seed[0] + make_name(rng, child_male)[1:]
            members.append(("son" if child_male else "daughter", child_male, cb, cname))
        houses[-1]["owner_name"] = surname_seed
        hh_phone = make_phone(rng)
        households.append(dict(id=hh_id, area_id=gid, house_id=house_id, number=number,
                               registration_kind="floating" if floating else "registered",
                               address=f"{street}{h + 1}号", phone=hh_phone))
        alone = size == 1
        for relation, male, born, name in members:
            pid = new_id()
            age = (today - born).days // 365
            persons.append(dict(
                id=pid, area_id=gid, household_id=hh_id, name=name, gender="male" if male else "female",
                id_number=make_id_number(rng, born, male), birth_date=born.isoformat(),
                ethnicity="han" if rng.random() < 0.95 else rng.choice(["hui", "manchu", "mongol"]),
                phone=hh_phone if relation == "head" else (make_phone(rng) if age >= 16 else None),
                relation=relation, residence_kind="floating" if floating else "registered",
                status=rng.choices(["present", "away"], [88, 12])[0] if 18 <= age < 60 else "present",
                work=("在校学生" if age < 19 else "退休" if age >= 60 else rng.choice(WORKS))))
            cats = []
            if age >= 70 and alone:
                cats.append("elderly_alone")
            if age >= 75 and rng.random() < 0.08:
                cats.append("disabled_elderly")
            if age < 16 and rng.random() < 0.09:
                cats.append("left_behind_child")
            if rng.random() < 0.012:
                cats.append("disabled")
            if rng.random() < 0.006:
                cats.append("subsistence")
            if cats:
                level = "high" if ("disabled_elderly" in cats or "elderly_alone" in cats and age > 80) else \
                    rng.choice(["medium", "medium", "low"])
                interval = {"high": 15, "medium": 30, "low": 90}[level] if scale == "township" else \
                    DEFAULT_VISIT_INTERVAL[level] * (2 if level == "high" else 1)
                cid = new_id()
                since = today - timedelta(days=rng.randrange(200, 1500))
                care.append(dict(id=cid, area_id=gid, person_id=pid, categories=canonical_codes(cats), level=level,
                                 visit_interval=interval, guardian_name=make_name(rng, rng.random() < 0.5),
                                 guardian_phone=make_phone(rng), since=since.isoformat()))
                # a year of visits, one per interval, the last one sometimes overdue
                d = max(since, today - timedelta(days=365)) + timedelta(days=rng.randrange(0, interval))
                while d <= today:
                    nxt = d + timedelta(days=interval)
                    visits.append(dict(id=new_id(), area_id=gid, person_id=pid, household_id=hh_id,
                                       care_subject_id=cid, date=d.isoformat(),
                                       method=rng.choices(["home", "phone", "video"], [75, 20, 5])[0],
                                       visitor=worker, findings=rng.choice(FINDINGS), needs=rng.choice(NEEDS) or None,
                                       followup="已联系村委会协助办理" if rng.random() < 0.1 else None,
                                       next_due=nxt.isoformat()))
                    d = nxt + timedelta(days=rng.randrange(-3, 8 if rng.random() < 0.85 else 40))


def _make_disputes(rng, new_id, today, grid_ids, persons, n, disputes, parties, steps):
    statuses = ["received", "mediating", "resolved", "failed", "transferred"]
    people_by_grid = {}
    for p in persons:
        people_by_grid.setdefault(p["area_id"], []).append(p)
    for i in range(n):
        gid = rng.choice(grid_ids)
        did = new_id()
        category = rng.choice(list(DISPUTE_SUMMARIES))
        status = statuses[i % len(statuses)] if i < 25 else rng.choices(statuses, [10, 15, 60, 8, 7])[0]
        received = today - timedelta(days=rng.randrange(0, 330))
        closed = None
        rec = dict(id=did, area_id=gid, number=f"{received:%Y}-{i + 1:04d}", received=received.isoformat(),
                   source=rng.choice(["screening", "reported", "referred"]), category=category,
                   summary=DISPUTE_SUMMARIES[category], mediator="调委会 " + make_name(rng, True), status=status)
        if status in ("resolved", "failed", "transferred"):
            closed = min(today, received + timedelta(days=rng.randrange(3, 40)))
            rec["closed"] = closed.isoformat()
            rec["agreement"] = {"resolved": "双方达成调解协议，当场履行", "failed": "双方分歧较大，告知通过诉讼途径解决",
                                "transferred": "已移交司法所处理"}[status]
            if status == "resolved" and closed + timedelta(days=30) <= today:
                rec["followup_date"] = (closed + timedelta(days=30)).isoformat()
                rec["followup_result"] = "协议已履行，双方关系缓和"
                rec["satisfaction"] = rng.choice(["satisfied", "satisfied", "basically"])
        disputes.append(rec)
        local = people_by_grid.get(gid) or persons
        for role in ("applicant", "respondent"):
            p = rng.choice(local)
            parties.append(dict(id=new_id(), area_id=gid, dispute_id=did, name=p["name"], id_number=p["id_number"],
                                phone=p["phone"], role=role, person_id=p["id"]))
        n_steps = 0 if status == "received" else rng.randint(1, 3)
        d = received
        for s in range(n_steps):
            d = min(today, d + timedelta(days=rng.randrange(1, 10)))
            if closed and d > closed:
                d = closed
            steps.append(dict(id=new_id(), area_id=gid, dispute_id=did, date=d.isoformat(), mediator=rec["mediator"],
                              content=["电话联系双方了解情况", "组织双方当面调解", "邀请村两委成员共同调解"][s],
                              result="双方同意继续协商" if s < n_steps - 1 else "形成初步调解意见"))
