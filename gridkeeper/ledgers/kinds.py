"""The ledger kinds: their titles, columns (labels, relative widths) and row keys.

A kind is data, not code: :class:`KindSpec` lists the columns in print order; widths are relative
weights scaled to the frame width at render time. Weights were chosen by looking at the printed
pages (8 pt text, A4 landscape): an 18-character ID number must fit on one line (≥ 10.5 at the
frame width we use), dates need 5.5, and the free-text columns (findings, summary, steps) get the
rest. The first column is always a running number (序号); for households it numbers households,
not members.
"""

from __future__ import annotations

from dataclasses import dataclass

from gridkeeper.domain.errors import GridkeeperError

SEQ_KEY = "__seq__"
OVERDUE_KEY = "__overdue__"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    weight: float
    align: str = "LEFT"  # LEFT or CENTER
    is_id: bool = False  # national ID number: masked unless full_id


@dataclass(frozen=True)
class KindSpec:
    kind: str
    title: str
    columns: tuple[Column, ...]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


def _seq() -> Column:
    return Column(SEQ_KEY, "序号", 2.6, "CENTER")


KINDS: dict[str, KindSpec] = {
    "visits": KindSpec("visits", "走访台账", (
        _seq(),
        Column("date", "走访日期", 5.6, "CENTER"),
        Column("name", "走访对象", 5.0),
        Column("category", "对象类别", 5.6),
        Column("address", "住址", 9.5),
        Column("method", "走访方式", 3.8, "CENTER"),
        Column("findings", "走访情况", 16.0),
        Column("needs", "诉求需求", 10.5),
        Column("followup", "跟进措施", 10.5),
        Column("visitor", "走访人", 4.6, "CENTER"),
    )),
    "care": KindSpec("care", "重点人群花名册", (
        _seq(),
        Column("name", "姓名", 4.6),
        Column("category", "类别", 6.4),
        Column("level", "关爱等级", 3.8, "CENTER"),
        Column("id_number", "公民身份号码", 10.6, "CENTER", is_id=True),
        Column("address", "住址", 11.0),
        Column("guardian", "监护人/联系人", 6.2),
        Column("phone", "联系电话", 7.2, "CENTER"),
        Column("last_visit", "最近走访", 5.6, "CENTER"),
        Column("next_due", "下次应访", 5.6, "CENTER"),
        Column(OVERDUE_KEY, "状态", 3.6, "CENTER"),
    )),
    "disputes": KindSpec("disputes", "矛盾纠纷排查调处台账", (
        _seq(),
        Column("number", "编号", 6.0, "CENTER"),
        Column("received", "受理日期", 5.6, "CENTER"),
        Column("source", "来源", 4.8, "CENTER"),
        Column("category", "纠纷类别", 4.8, "CENTER"),
        Column("parties", "当事人", 8.5),
        Column("summary", "纠纷概要", 15.0),
        Column("mediator", "调解人", 4.6, "CENTER"),
        Column("steps", "调解过程", 13.0),
        Column("result", "调处结果", 7.5),
        Column("closed", "结案日期", 5.6, "CENTER"),
        Column("followup", "回访情况", 8.5),
    )),
    "households": KindSpec("households", "人口底册", (
        _seq(),
        Column("household_number", "户号", 6.5, "CENTER"),
        Column("address", "住址", 14.0),
        Column("name", "姓名", 5.5),
        Column("gender", "性别", 3.0, "CENTER"),
        Column("id_number", "公民身份号码", 10.6, "CENTER", is_id=True),
        Column("relation", "与户主关系", 5.2, "CENTER"),
        Column("residence_kind", "人口类型", 5.6, "CENTER"),
        Column("phone", "联系电话", 7.2, "CENTER"),
    )),
    "requests": KindSpec("requests", "民生诉求登记台账", (
        _seq(),
        Column("received", "受理日期", 5.6, "CENTER"),
        Column("requester", "诉求人", 10.6),
        Column("category", "诉求类别", 6.4, "CENTER"),
        Column("content", "诉求内容", 13.0),
        Column("department", "承办部门", 5.4, "CENTER"),
        Column("responders", "响应人", 5.4),
        Column("handled", "办理情况", 13.0),
        Column("resolved", "解决日期", 5.6, "CENTER"),
        Column("feedback", "居民评价", 7.0),
    )),
    "hazards": KindSpec("hazards", "问题隐患排查整改台账", (
        _seq(),
        Column("found", "发现日期", 5.6, "CENTER"),
        Column("location", "地点", 7.4),
        Column("category", "隐患类别", 5.8, "CENTER"),
        Column("severity", "等级", 3.0, "CENTER"),
        Column("description", "隐患描述", 11.0),
        Column("responsible", "整改责任人", 6.4),
        Column("deadline", "整改期限", 5.6, "CENTER"),
        Column("rectification", "整改情况", 10.0),
        Column("recheck", "复查情况", 8.0),
        Column("outcome", "销号/上报", 7.4),
        Column(OVERDUE_KEY, "状态", 3.6, "CENTER"),
    )),
    "floating": KindSpec("floating", "流动人口登记台账", (
        _seq(),
        Column("name", "姓名", 4.6),
        Column("gender", "性别", 2.6, "CENTER"),
        Column("id_number", "公民身份号码", 10.6, "CENTER", is_id=True),
        Column("origin", "户籍地", 7.0),
        Column("address", "现住址", 8.5),
        Column("arrival", "来本地日期", 5.6, "CENTER"),
        Column("reason", "事由", 3.4, "CENTER"),
        Column("work", "工作单位/职业", 6.0),
        Column("permit", "居住证号码/有效期", 9.0, "CENTER"),
        Column("phone", "联系电话", 7.2, "CENTER"),
        Column("change", "本月变动", 6.8),
    )),
    "points": KindSpec("points", "志愿服务积分台账", (
        _seq(),
        Column("date", "日期", 5.6, "CENTER"),
        Column("name", "志愿者", 4.8),
        Column("id_number", "公民身份号码", 10.6, "CENTER", is_id=True),
        Column("kind", "类型", 3.2, "CENTER"),
        Column("what", "服务内容/兑换物品", 14.0),
        Column("hours", "时长(小时)", 4.2, "CENTER"),
        Column("earned", "获得积分", 4.2, "CENTER"),
        Column("spent", "兑换积分", 4.2, "CENTER"),
        Column("balance", "积分结余", 6.0, "CENTER"),
    )),
}

# Household-level columns (spanned over the household's member rows); the rest come from members.
HOUSEHOLD_KEYS = (SEQ_KEY, "household_number", "address")
MEMBER_KEYS = ("name", "gender", "id_number", "relation", "residence_kind", "phone")


def get_kind(kind: str) -> KindSpec:
    try:
        return KINDS[kind]
    except KeyError:
        known = "、".join(KINDS)
        raise GridkeeperError(
            f"未知的台账类型：{kind}（可选：{known}）",
            f"unknown ledger kind: {kind} (choose from: {', '.join(KINDS)})",
            code="bad_kind",
        ) from None
