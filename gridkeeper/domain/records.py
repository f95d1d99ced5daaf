"""The record kinds of DESIGN §2 as data: which tables exist and which fields each has.

This registry is the single source the store (schema, change capture), the validators, the
bundle payload and the spreadsheet import/export read from. A field's ``kind`` says how its value
is stored: ``text``, ``date`` (ISO ``YYYY-MM-DD`` text), ``int``, ``bool`` (0/1), ``code`` (a
vocabulary code), ``codes`` (a sorted JSON list of codes, stored as canonical JSON text) or ``ref``
(the id of another record). Every table also has the versioned ``deleted`` tombstone field.

Text lengths are bounded (``Field.limit``, in characters, i.e. Unicode code points): names of people
and places 100, long free text (notes, findings, summaries, agreements, mediation steps) 4,000,
every other text field 200. The same limit holds in the editors, the importer and a merged bundle.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import vocab as V
from .lang import pick


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    zh: str
    en: str
    vocab: V.Vocabulary | None = None
    ref: str | None = None
    required: bool = False
    max_len: int | None = None   # text only: the longest value in characters (default TEXT_MAX)
    since: int = 1               # the schema version that added the field (store.schema migrations)

    @property
    def label(self) -> str:
        return pick(self.zh, self.en)

    @property
    def limit(self) -> int | None:
        """The maximum length of a text value in characters (None for other kinds)."""
        if self.kind != "text":
            return None
        return self.max_len or TEXT_MAX


TEXT_MAX = 200       # any text field without its own limit (addresses, numbers, work, ...)
NAME_MAX = 100       # names of people, places and workers
LONG_TEXT_MAX = 4000  # free text: notes, findings, summaries, agreements, mediation steps


def F(name, kind, zh, en, vocab=None, ref=None, required=False, max_len=None, since=1):
    return Field(name, kind, zh, en, vocab, ref, required, max_len, since)


DELETED = F("deleted", "bool", "已删除", "Deleted")


@dataclass(frozen=True)
class Table:
    name: str
    zh: str
    en: str
    fields: tuple[Field, ...]
    since: int = 1               # the schema version that added the table (store.schema migrations)
    # Who may write the table's records: "any" device inside its areas, or only the "township"
    # (a worker bundle carrying a new version of such a record is refused per record by the screen).
    author: str = "any"
    # How its records are scoped: "area" (by their area_id), "tree" (the area tree itself: by its
    # own id) or "all" (township-wide data every device receives whole, e.g. synced vocabularies).
    scope: str = "area"

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def label(self) -> str:
        return pick(self.zh, self.en)

    @property
    def area_column(self) -> str | None:
        """The column that says which area a record belongs to (None: township-wide records)."""
        return {"area": "area_id", "tree": "id"}.get(self.scope)


def _table(name, zh, en, *fields, since=1, author="any", scope="area"):
    return Table(name, zh, en, tuple(fields) + (DELETED,), since, author, scope)


AREA = "area_id"

TABLES: dict[str, Table] = {t.name: t for t in [
    _table("areas", "区域", "Areas",
           F("parent_id", "ref", "上级区域", "Parent area", ref="areas"),
           F("level", "code", "层级", "Level", V.AREA_LEVELS, required=True),
           F("code", "text", "编码", "Code"),
           F("name", "text", "名称", "Name", required=True, max_len=NAME_MAX),
           F("worker_name", "text", "网格员", "Grid worker", max_len=NAME_MAX),
           F("worker_phone", "text", "网格员电话", "Worker phone"),
           F("worker_kind", "code", "专兼职", "Full/part time", V.WORKER_KINDS),
           F("retired", "bool", "已撤销", "Retired"),
           author="township", scope="tree"),
    _table("houses", "房屋", "Houses",
           F(AREA, "ref", "所属网格", "Area", ref="areas", required=True),
           F("street", "text", "村民组/街路", "Group / street", required=True),
           F("building", "text", "楼栋/门牌", "Building / number"),
           F("unit", "text", "单元", "Unit"),
           F("room", "text", "房间", "Room"),
           F("use", "code", "房屋用途", "Use", V.HOUSE_USES),
           F("owner_name", "text", "房主", "Owner", max_len=NAME_MAX),
           F("owner_phone", "text", "房主电话", "Owner phone"),
           F("notes", "text", "备注", "Notes", max_len=LONG_TEXT_MAX)),
    _table("households", "户", "Households",
           F(AREA, "ref", "所属网格", "Area", ref="areas", required=True),
           F("house_id", "ref", "房屋", "House", ref="houses"),
           F("number", "text", "户号", "Household number", required=True),
           F("registration_kind", "code", "户类型", "Registration kind", V.REGISTRATION_KINDS),
           F("address", "text", "地址", "Address"),
           F("phone", "text", "联系电话", "Phone"),
           F("notes", "text", "备注", "Notes", max_len=LONG_TEXT_MAX)),
    _table("persons", "人口", "Persons",
           F(AREA, "ref", "所属网格", "Area", ref="areas", required=True),
           F("household_id", "ref", "所属户", "Household", ref="households"),
           F("name", "text", "姓名", "Name", required=True, max_len=NAME_MAX),
           F("gender", "code", "性别", "Gender", V.GENDERS),
           F("id_number", "text", "公民身份号码", "ID number"),
           F("birth_date", "date", "出生日期", "Birth date"),
           F("ethnicity", "code", "民族", "Ethnicity", V.ETHNICITIES),
           F("phone", "text", "联系电话", "Phone"),
           F("relation", "code", "与户主关系", "Relation to head", V.RELATIONS),
           F("residence_kind", "code", "人口类型", "Residence kind", V.RESIDENCE_KINDS),
           F("status", "code", "状态", "Status", V.PERSON_STATUSES),
           F("work", "text", "工作单位/职业", "Work"),
           F("notes", "text", "备注", "Notes", max_len=LONG_TEXT_MAX),
           # -- schema 3: floating population (流动人口), DESIGN §2
           F("origin", "text", "户籍地", "Registered home (origin)", since=3),
           F("arrival_date", "date", "来本地日期", "Arrived on", since=3),
           F("arrival_reason", "code", "来本地事由", "Reason for coming", V.MOVE_REASONS, since=3),
           F("permit_number", "text", "居住证号码", "Residence permit number", since=3),
           F("permit_issued", "date", "居住证签发日期", "Residence permit issued", since=3),
           F("permit_expiry", "date", "居住证有效期至", "Residence permit valid until", since=3),
           F("expected_departure", "date", "预计离开日期", "Expected to leave", since=3)),
    _table("care_subjects", "重点关爱对象", "Care subjects",
           F(AREA, "ref", "所属网格", "Area", ref="areas", required=True),
           F("person_id", "ref", "人员", "Person", ref="persons", required=True),
           F("categories", "codes", "类别", "Categories", V.CARE_CATEGORIES, required=True),
           F("level", "code", "关爱等级", "Care level", V.CARE_LEVELS),
           F("visit_interval", "int", "走访周期(天)", "Visit interval (days)"),
           F("guardian_name", "text", "监护人/联系人", "Guardian / contact", max_len=NAME_MAX),
           F("guardian_phone", "text", "监护人电话", "Guardian phone"),
           F("since", "date", "纳入日期", "Since"),
           F("until", "date", "退出日期", "Until"),
           F("notes", "text", "备注", "Notes", max_len=LONG_TEXT_MAX)),
    _table("visits", "走访记录", "Visits",
           F(AREA, "ref", "所属网格", "Area", ref="areas", required=True),
           F("person_id", "ref", "走访对象", "Person visited", ref="persons"),
           F("household_id", "ref", "走访户", "Household visited", ref="households"),
           F("care_subject_id", "ref", "关爱对象", "Care subject", ref="care_subjects"),
           F("date", "date", "走访日期", "Date", required=True),
           F("method", "code", "走访方式", "Method", V.VISIT_METHODS, required=True),
           F("visitor", "text", "走访人", "Visitor", required=True, max_len=NAME_MAX),
           F("findings", "text", "走访情况", "Findings", max_len=LONG_TEXT_MAX),
           F("needs", "text", "反映诉求", "Needs raised", max_len=LONG_TEXT_MAX),
           F("followup", "text", "帮扶/跟进", "Help and follow-up", max_len=LONG_TEXT_MAX),
           F("next_due", "date", "下次走访", "Next visit due")),
    _table("disputes", "矛盾纠纷", "Disputes",
           F(AREA, "ref", "所属网格", "Area", ref="areas", required=True),
           F("number", "text", "编号", "Number"),
           F("received", "date", "受理日期", "Received", required=True),
           F("source", "code", "来源", "Source", V.DISPUTE_SOURCES, required=True),
           F("category", "code", "纠纷类别", "Category", V.DISPUTE_CATEGORIES, required=True),
           F("summary", "text", "纠纷简要情况", "Summary", required=True, max_len=LONG_TEXT_MAX),
           F("mediator", "text", "调解人", "Mediator", max_len=NAME_MAX),
           F("status", "code", "状态", "Status", V.DISPUTE_STATUSES, required=True),
           F("agreement", "text", "调解结果/协议", "Result / agreement", max_len=LONG_TEXT_MAX),
           F("closed", "date", "办结日期", "Closed"),
           F("followup_date", "date", "回访日期", "Follow-up date"),
           F("followup_result", "text", "回访情况", "Follow-up result", max_len=LONG_TEXT_MAX),
           F("satisfaction", "code", "满意度", "Satisfaction", V.SATISFACTION)),
    _table("dispute_parties", "当事人", "Dispute parties",
           F(AREA, "ref", "所属网格", "Area", ref="areas", required=True),
           F("dispute_id", "ref", "纠纷", "Dispute", ref="disputes", required=True),
           F("name", "text", "姓名", "Name", required=True, max_len=NAME_MAX),
           F("id_number", "text", "公民身份号码", "ID number"),
           F("phone", "text", "联系电话", "Phone"),
           F("role", "code", "身份", "Role", V.PARTY_ROLES),
           F("person_id", "ref", "人员", "Person", ref="persons")),
    _table("dispute_steps", "调解过程", "Mediation steps",
           F(AREA, "ref", "所属网格", "Area", ref="areas", required=True),
           F("dispute_id", "ref", "纠纷", "Dispute", ref="disputes", required=True),
           F("date", "date", "日期", "Date", required=True),
           F("mediator", "text", "调解人", "Mediator", max_len=NAME_MAX),
           F("content", "text", "调解经过", "What happened", required=True, max_len=LONG_TEXT_MAX),
           F("result", "text", "结果", "Result", max_len=LONG_TEXT_MAX)),
    # -- schema 2: resident requests (民生诉求) and hazards (问题隐患), DESIGN §2 ---------------------------
    _table("requests", "民生诉求", "Resident requests",
           F(AREA, "ref", "所属网格", "Area", ref="areas", required=True),
           F("number", "text", "编号", "Number"),
           F("received", "date", "受理日期", "Received", required=True),
           F("channel", "code", "诉求渠道", "Channel", V.REQUEST_CHANNELS, required=True),
           F("category", "code", "诉求类别", "Category", V.REQUEST_CATEGORIES, required=True),
           F("content", "text", "诉求内容", "What is needed", required=True, max_len=LONG_TEXT_MAX),
           F("person_id", "ref", "诉求人", "Resident", ref="persons"),
           F("household_id", "ref", "户", "Household", ref="households"),
           F("house_id", "ref", "房屋", "House", ref="houses"),
           F("requester_name", "text", "诉求人姓名", "Resident's name", max_len=NAME_MAX),
           F("requester_phone", "text", "诉求人电话", "Resident's phone"),
           F("department", "code", "承办部门", "Routed to", V.REQUEST_DEPARTMENTS),
           F("responders", "text", "响应人/志愿者", "Responders / volunteers"),
           F("status", "code", "状态", "Status", V.REQUEST_STATUSES, required=True),
           F("resolution", "text", "办理结果", "What was done", max_len=LONG_TEXT_MAX),
           F("resolved", "date", "解决日期", "Solved on"),
           F("satisfaction", "code", "居民评价", "Resident's feedback", V.REQUEST_FEEDBACK),
           F("feedback", "text", "反馈意见", "Feedback notes", max_len=LONG_TEXT_MAX),
           F("closed", "date", "办结日期", "Closed"),
           F("notes", "text", "备注", "Notes", max_len=LONG_TEXT_MAX),
           since=2),
    _table("request_steps", "诉求办理过程", "Request steps",
           F(AREA, "ref", "所属网格", "Area", ref="areas", required=True),
           F("request_id", "ref", "诉求", "Request", ref="requests", required=True),
           F("date", "date", "日期", "Date", required=True),
           F("step", "code", "环节", "Step", V.REQUEST_STEPS, required=True),
           F("actor", "text", "经办人", "Who", max_len=NAME_MAX),
           F("content", "text", "内容", "What happened", required=True, max_len=LONG_TEXT_MAX),
           since=2),
    _table("hazards", "问题隐患", "Hazards",
           F(AREA, "ref", "所属网格", "Area", ref="areas", required=True),
           F("number", "text", "编号", "Number"),
           F("found", "date", "发现日期", "Found", required=True),
           F("category", "code", "隐患类别", "Category", V.HAZARD_CATEGORIES, required=True),
           F("severity", "code", "隐患等级", "Severity", V.HAZARD_SEVERITIES, required=True),
           F("house_id", "ref", "房屋", "House", ref="houses"),
           F("location", "text", "具体位置", "Where"),
           F("description", "text", "隐患描述", "Description", required=True, max_len=LONG_TEXT_MAX),
           F("finder", "text", "发现人", "Found by", max_len=NAME_MAX),
           F("responsible", "text", "整改责任人/单位", "Responsible party", max_len=NAME_MAX),
           F("responsible_phone", "text", "责任人电话", "Responsible party's phone"),
           F("deadline", "date", "整改期限", "Rectify by"),
           F("status", "code", "状态", "Status", V.HAZARD_STATUSES, required=True),
           F("rectification", "text", "整改情况", "What was done", max_len=LONG_TEXT_MAX),
           F("rectified", "date", "整改完成日期", "Rectified on"),
           F("recheck_date", "date", "复查日期", "Re-checked on"),
           F("recheck_result", "text", "复查结果", "Re-check result", max_len=LONG_TEXT_MAX),
           F("closed", "date", "销号日期", "Closed"),
           F("escalation", "text", "上报上级情况", "Escalation note", max_len=LONG_TEXT_MAX),
           F("notes", "text", "备注", "Notes", max_len=LONG_TEXT_MAX),
           since=2),
    _table("hazard_steps", "隐患整改过程", "Hazard steps",
           F(AREA, "ref", "所属网格", "Area", ref="areas", required=True),
           F("hazard_id", "ref", "隐患", "Hazard", ref="hazards", required=True),
           F("date", "date", "日期", "Date", required=True),
           F("step", "code", "环节", "Step", V.HAZARD_STEPS, required=True),
           F("actor", "text", "经办人", "Who", max_len=NAME_MAX),
           F("content", "text", "内容", "What happened", required=True, max_len=LONG_TEXT_MAX),
           since=2),
    # -- schema 3: people the grid must know (DESIGN §2): floating population, tags, volunteer points ---
    _table("vocab_terms", "词表", "Vocabulary terms",
           F("vocabulary", "code", "词表", "Vocabulary", V.EDITABLE_VOCABULARIES, required=True),
           F("code", "text", "代码", "Code", required=True, max_len=40),
           F("zh", "text", "中文名称", "Chinese label", required=True, max_len=NAME_MAX),
           F("en", "text", "英文名称", "English label", max_len=NAME_MAX),
           F("sort", "int", "排序", "Sort order"),
           F("retired", "bool", "已停用", "Retired"),
           since=3, author="township", scope="all"),
    _table("person_tags", "人员标注", "Person tags",
           F(AREA, "ref", "所属网格", "Area", ref="areas", required=True),
           F("person_id", "ref", "人员", "Person", ref="persons", required=True),
           F("tag", "code", "标注", "Tag", V.PERSON_TAGS, required=True),
           F("since", "date", "标注日期", "Since"),
           F("notes", "text", "备注", "Notes", max_len=LONG_TEXT_MAX),
           since=3),
    _table("residence_events", "流动人口来离记录", "Arrivals and departures",
           F(AREA, "ref", "所属网格", "Area", ref="areas", required=True),
           F("person_id", "ref", "人员", "Person", ref="persons", required=True),
           F("date", "date", "日期", "Date", required=True),
           F("kind", "code", "类型", "Kind", V.RESIDENCE_EVENT_KINDS, required=True),
           F("place", "text", "来自/去往", "From / to"),
           F("reason", "code", "事由", "Reason", V.MOVE_REASONS),
           F("notes", "text", "备注", "Notes", max_len=LONG_TEXT_MAX),
           since=3),
    _table("volunteer_services", "志愿服务", "Volunteer services",
           F(AREA, "ref", "所属网格", "Area", ref="areas", required=True),
           F("volunteer_id", "ref", "志愿者", "Volunteer", ref="persons", required=True),
           F("date", "date", "服务日期", "Date", required=True),
           F("activity", "text", "服务内容", "Activity", required=True),
           F("minutes", "int", "服务时长(分钟)", "Duration (minutes)", required=True),
           F("points", "int", "积分", "Points", required=True),
           F("request_id", "ref", "关联诉求", "Resident request", ref="requests"),
           F("notes", "text", "备注", "Notes", max_len=LONG_TEXT_MAX),
           since=3),
    _table("point_redemptions", "积分兑换", "Point redemptions",
           F(AREA, "ref", "所属网格", "Area", ref="areas", required=True),
           F("volunteer_id", "ref", "志愿者", "Volunteer", ref="persons", required=True),
           F("date", "date", "兑换日期", "Date", required=True),
           F("shop", "text", "兑换点", "Shop", required=True, max_len=NAME_MAX),
           F("goods", "text", "兑换物品", "Goods", required=True),
           F("points", "int", "积分", "Points", required=True),
           F("notes", "text", "备注", "Notes", max_len=LONG_TEXT_MAX),
           since=3),
]}

# Parents before children: the order in which tables are created, merged and exported.
TABLE_ORDER = list(TABLES)
USER_TABLES = tuple(TABLE_ORDER)


def table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown record table {name!r}") from None
