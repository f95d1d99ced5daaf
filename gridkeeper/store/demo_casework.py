"""Demo resident requests and hazards (part of :mod:`store.demo`): a year of the grid's work orders.

Proportions, from the governance reports the project grew from: a township of ~60,000 people
handles on the order of a thousand requests a month (one grid of ~700 people about a dozen); about
80% are solved and closed, about 70% of those asked are satisfied (满意 or 基本满意), a few
residents cannot be reached; most close within days, a few take weeks. Hazards are fewer (about a
sixth as many): most rectified and closed after a re-check, some still open, some past their
deadline, a few escalated to the township. Rows are plain dicts for the writer's bulk path.
"""

from __future__ import annotations

from datetime import date, timedelta

# (category, channel weights key, content, what was done, department) — what grid workers record
REQUEST_TEMPLATES = [
    ("infrastructure", "{where}路灯不亮已有一周，晚上出行不便", "联系村电工更换灯泡，路灯恢复照明", "village_committee"),
    ("infrastructure", "{where}村道有坑洼，雨天积水", "村委会组织修补路面", "village_committee"),
    ("utilities", "{where}家中停水两天，请求协调", "联系供水站抢修管道，当天恢复供水", "utility"),
    ("utilities", "冬季取暖电压不稳，电暖器无法使用", "供电所上门检修线路", "utility"),
    ("environment", "{where}附近垃圾清运不及时，有异味", "协调保洁员增加清运次数", "village_committee"),
    ("environment", "排水沟堵塞，雨水倒灌院内", "组织志愿者疏通排水沟", "grid"),
    ("elderly_help", "独居老人行动不便，需要代购药品和生活用品", "网格志愿者代购送货上门", "grid"),
    ("elderly_help", "卧床老人需要上门理发", "联系志愿理发队上门服务", "grid"),
    ("elderly_help", "高龄老人申请助餐服务", "纳入村老年食堂助餐名单", "village_committee"),
    ("medical", "医保卡丢失，需要补办", "协助在线提交补办申请，新卡已送达", "township_office"),
    ("medical", "咨询慢性病门诊报销办理", "讲解办理流程并协助准备材料", "health"),
    ("social_aid", "家庭突遭变故，申请临时救助", "协助提交临时救助申请，已获批", "township_office"),
    ("social_aid", "咨询高龄津贴领取", "核实资格后协助办理", "township_office"),
    ("property_mgmt", "楼道灯损坏，物业长期未修", "督促物业公司三日内修复", "property"),
    ("neighbourhood", "邻居装修噪音扰民", "上门沟通，双方约定施工时间", "grid"),
    ("safety", "{where}电线私拉乱接，存在隐患", "联系电工规范线路", "village_committee"),
    ("policy", "咨询孩子入学所需材料", "讲解政策，提供材料清单", "grid"),
    ("other", "走失的狗需要帮忙寻找", "在网格群发布寻狗启事，已找回", "grid"),
]
REQUEST_CATEGORY_WEIGHTS = [14, 8, 10, 5, 9, 6, 10, 4, 4, 5, 3, 3, 3, 3, 4, 3, 3, 3]
CHANNELS = ["in_person", "phone", "wechat", "referred", "patrol"]
CHANNEL_WEIGHTS = [35, 25, 25, 8, 7]
FEEDBACK_NOTES = {"satisfied": "很满意，感谢网格员", "basically": "基本满意", "unsatisfied": "处理太慢，不满意",
                  "unreachable": "多次电话未接通"}

HAZARD_TEMPLATES = [
    ("fire", "major", "柴草堆放在电表箱下方", "督促户主移走柴草", "柴草已全部移走"),
    ("fire", "minor", "楼道内堆放杂物，堵塞消防通道", "通知住户清理楼道杂物", "杂物已清理"),
    ("fire", "major", "电动车在楼道内充电", "劝导住户到集中充电点充电", "已拆除私拉电线"),
    ("building", "serious", "老旧房屋墙体开裂，有倒塌风险", "劝导住户暂时搬离", "已加固墙体"),
    ("construction", "major", "未经审批在宅基地外加盖房屋", "责令停止施工", "违建部分已拆除"),
    ("environment", "minor", "生活污水直排河沟", "联系村委会接入污水管网", "已接入管网"),
    ("public_order", "minor", "村口路段夜间无照明，存在治安隐患", "报请安装路灯", "路灯已安装"),
    ("traffic", "major", "学校门口缺少减速带", "报请交通部门设置减速带", "减速带已设置"),
    ("elderly_safety", "minor", "独居老人家中燃气灶软管老化", "协助更换燃气软管", "软管已更换"),
    ("production", "major", "小作坊灭火器过期", "督促更换灭火器", "灭火器已更换"),
]
HAZARD_WEIGHTS = [20, 15, 12, 8, 6, 8, 6, 5, 12, 8]
RESPONDERS = ["网格员", "网格志愿服务队", "党员志愿者", "村委会", "网格员、志愿者"]


def make_requests(rng, new_id, today: date, grid_ids: list, persons: list, houses_by_id: dict,
                  per_grid_month: float, worker_of: dict, rows: list, steps: list) -> None:
    """A year of requests for every grid, ``per_grid_month`` on average, with their steps."""
    people_by_grid: dict = {}
    for p in persons:
        people_by_grid.setdefault(p["area_id"], []).append(p)
    year = 365
    for gid in grid_ids:
        n = max(1, round(per_grid_month * 12 * rng.uniform(0.7, 1.3)))
        local = people_by_grid.get(gid) or persons
        worker = worker_of.get(gid) or "网格员"
        for _ in range(n):
            received = today - timedelta(days=rng.randrange(0, year))
            _one_request(rng, new_id, today, gid, received, rng.choice(local), houses_by_id, worker, rows, steps)


def _one_request(rng, new_id, today, gid, received, person, houses_by_id, worker, rows, steps):
    cat, content, done, dept = rng.choices(REQUEST_TEMPLATES, REQUEST_CATEGORY_WEIGHTS)[0]
    hh_house = houses_by_id.get(person["household_id"])
    where = hh_house[1] if hh_house else ""
    rid = new_id()
    age = (today - received).days
    # how far it got: old requests mostly closed, the last days' still open
    days_to_solve = rng.choices([0, 1, 2, 3, 5, 8, 14, 30], [20, 25, 18, 12, 10, 7, 5, 3])[0]
    solved = received + timedelta(days=days_to_solve)
    feedback_on = solved + timedelta(days=rng.choice([0, 1, 1, 2, 3]))
    roll = rng.random()
    if feedback_on <= today and roll < 0.8:
        status = "closed"
    elif solved <= today and roll < 0.94:
        status = "resolved"
    else:    # still open: recent ones at any step, older ones waiting on a department
        status = rng.choice(["received", "routed", "responding"]) if age < 10 else "responding"
    rec = dict(id=rid, area_id=gid, number=f"SQ-{received:%Y}-{rid[-6:].upper()}", received=received.isoformat(),
               channel=rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0], category=cat, content=content.format(where=where),
               person_id=person["id"], household_id=person["household_id"],
               house_id=hh_house[0] if hh_house else None, requester_name=person["name"],
               requester_phone=person["phone"], status=status)
    if status != "received":
        rec["department"] = dept
    step = lambda d, code, text, actor=worker: steps.append(dict(  # noqa: E731 - one line per step below
        id=new_id(), area_id=gid, request_id=rid, date=min(d, today).isoformat(), step=code, actor=actor,
        content=text))
    if status == "received":    # the need itself is the record (its timeline starts with it): no step
        rows.append(rec)
        return
    step(received, "routed", f"转{_dept_label(dept)}办理")
    if status in ("responding", "resolved", "closed"):
        rec["responders"] = rng.choice(RESPONDERS)
        step(received + timedelta(days=min(days_to_solve, 1)), "response", f"{rec['responders']}到场处理")
    if status in ("resolved", "closed"):
        rec["resolution"], rec["resolved"] = done, solved.isoformat()
        step(solved, "solved", done)
    if status == "closed":
        sat = rng.choices(["satisfied", "basically", "unsatisfied", "unreachable"], [50, 18, 24, 8])[0]
        rec.update(satisfaction=sat, feedback=FEEDBACK_NOTES[sat], closed=feedback_on.isoformat())
        step(feedback_on, "feedback", FEEDBACK_NOTES[sat], rec["requester_name"])
    rows.append(rec)


def _dept_label(code: str) -> str:
    from ..domain.vocab import REQUEST_DEPARTMENTS

    return REQUEST_DEPARTMENTS.zh(code)


def make_hazards(rng, new_id, today: date, grid_ids: list, houses: list, per_grid_month: float, worker_of: dict,
                 rows: list, steps: list) -> None:
    """A year of hazards found on patrol in every grid, with their steps."""
    houses_by_grid: dict = {}
    for h in houses:
        houses_by_grid.setdefault(h["area_id"], []).append(h)
    for gid in grid_ids:
        n = max(1, round(per_grid_month * 12 * rng.uniform(0.6, 1.4)))
        local = houses_by_grid.get(gid) or houses
        worker = worker_of.get(gid) or "网格员"
        for _ in range(n):
            found = today - timedelta(days=rng.randrange(0, 365))
            _one_hazard(rng, new_id, today, gid, found, rng.choice(local), worker, rows, steps)


def _one_hazard(rng, new_id, today, gid, found, house, worker, rows, steps):
    cat, severity, desc, action, done = rng.choices(HAZARD_TEMPLATES, HAZARD_WEIGHTS)[0]
    hid = new_id()
    limit = {"minor": 3, "major": 7, "serious": 15}[severity]
    deadline = found + timedelta(days=limit)
    rectified = found + timedelta(days=rng.choice([1, 2, limit - 1, limit, limit, limit + 5]))
    recheck = rectified + timedelta(days=rng.choice([0, 1, 2]))
    roll = rng.random()
    if severity == "serious" and roll < 0.5 or roll < 0.04:
        status = "escalated"
    elif roll < 0.15 and (today - found).days < 180:   # not rectified in time: past its deadline
        status = rng.choice(["reported", "rectifying", "rectifying"])
    elif recheck <= today:
        status = "closed" if roll < 0.96 else "rectified"
    elif rectified <= today:
        status = "rectified"
    else:
        status = rng.choice(["reported", "rectifying"])
    rec = dict(id=hid, area_id=gid, number=f"YH-{found:%Y}-{hid[-6:].upper()}", found=found.isoformat(),
               category=cat, severity=severity, house_id=house["id"],
               location=f"{house['street']}{house['building']}", description=desc, finder=worker,
               responsible=house.get("owner_name"), responsible_phone=house.get("owner_phone"),
               deadline=deadline.isoformat(), status=status)
    step = lambda d, code, text: steps.append(dict(  # noqa: E731
        id=new_id(), area_id=gid, hazard_id=hid, date=min(d, today).isoformat(), step=code, actor=worker,
        content=text))
    if status == "escalated":   # the report itself is the record: no step
        rec["escalation"] = "隐患较大，网格无法处置，已报镇网格中心协调相关部门"
        step(found + timedelta(days=1), "escalate", rec["escalation"])
    elif status != "reported":
        step(found, "rectify", action)
    if status in ("rectified", "closed"):
        rec.update(rectification=done, rectified=rectified.isoformat())
        step(rectified, "rectified", done)
    if status == "closed":
        rec.update(recheck_date=recheck.isoformat(), recheck_result="复查合格，隐患已消除", closed=recheck.isoformat())
        step(recheck, "recheck", "复查合格，隐患已消除")
        step(recheck, "close", "销号")
    rows.append(rec)
