"""Vocabularies: stable codes with Chinese and English labels.

Codes are what the database and bundles store; labels are only for display. Categories follow
GB/T 31000-2015 (社会治安综合治理基础数据规范) where it has them (实有人口 kinds, 特殊人群: 社区矫正,
刑满释放, 严重精神障碍, …); the care categories for the elderly, disabled and left-behind are local
extensions that grid governance uses everywhere. Adding a code is a data change: nothing switches on
codes except the few that carry rules (closing statuses of disputes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lang import pick


@dataclass(frozen=True)
class Term:
    code: str
    zh: str
    en: str

    @property
    def label(self) -> str:
        return pick(self.zh, self.en)


class Vocabulary:
    def __init__(self, name: str, terms: list[tuple[str, str, str]]):
        self.name = name
        self.terms = [Term(*t) for t in terms]
        self._by_code = {t.code: t for t in self.terms}
        self._by_label = {}
        for t in self.terms:
            self._by_label[t.zh] = t
            self._by_label[t.en.lower()] = t

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self):
        return iter(self.terms)

    def codes(self) -> list[str]:
        return [t.code for t in self.terms]

    def label(self, code: str | None) -> str:
        if not code:
            return ""
        term = self._by_code.get(code)
        return term.label if term else code

    def zh(self, code: str | None) -> str:
        term = self._by_code.get(code or "")
        return term.zh if term else (code or "")

    def lookup(self, text: str | None) -> str | None:
        """A code from a code, a Chinese label or an English label (as typed in a spreadsheet)."""
        if text is None:
            return None
        s = str(text).strip()
        if s in self._by_code:
            return s
        term = self._by_label.get(s) or self._by_label.get(s.lower())
        return term.code if term else None


AREA_LEVELS = Vocabulary("area_level", [
    ("township", "乡镇/街道", "Township"),
    ("village", "村", "Village"),
    ("community", "社区", "Community"),
    ("grid", "网格", "Grid"),
    ("micro_grid", "微网格", "Micro-grid"),
    ("unit_grid", "专属网格", "Unit grid"),
])

# Which level may sit under which: the grid tree of DESIGN §2.
AREA_CHILD_LEVELS = {
    None: {"township"},
    "township": {"village", "community"},
    "village": {"grid", "unit_grid"},
    "community": {"grid", "unit_grid"},
    "grid": {"micro_grid", "unit_grid"},
    "micro_grid": set(),
    "unit_grid": set(),
}

WORKER_KINDS = Vocabulary("worker_kind", [
    ("full_time", "专职", "Full-time"),
    ("part_time", "兼职", "Part-time"),
])

HOUSE_USES = Vocabulary("house_use", [
    ("self_occupied", "自住", "Self-occupied"),
    ("rented", "出租", "Rented"),
    ("vacant", "空置", "Vacant"),
    ("commercial", "经营", "Commercial"),
])

REGISTRATION_KINDS = Vocabulary("registration_kind", [
    ("registered", "户籍户", "Registered"),
    ("floating", "流动户", "Floating"),
    ("lodging", "寄住户", "Lodging"),
])

RESIDENCE_KINDS = Vocabulary("residence_kind", [
    ("registered", "户籍人口", "Registered resident"),
    ("floating", "流动人口", "Floating population"),
    ("foreign", "境外人员", "Foreign national"),
])

PERSON_STATUSES = Vocabulary("person_status", [
    ("present", "在住", "Living here"),
    ("away", "外出", "Away"),
    ("moved_out", "迁出", "Moved out"),
    ("deceased", "死亡", "Deceased"),
])

GENDERS = Vocabulary("gender", [
    ("male", "男", "Male"),
    ("female", "女", "Female"),
])

RELATIONS = Vocabulary("relation", [
    ("head", "户主", "Head of household"),
    ("spouse", "配偶", "Spouse"),
    ("son", "子", "Son"),
    ("daughter", "女", "Daughter"),
    ("father", "父亲", "Father"),
    ("mother", "母亲", "Mother"),
    ("grandson", "孙子", "Grandson"),
    ("granddaughter", "孙女", "Granddaughter"),
    ("son_in_law", "女婿", "Son-in-law"),
    ("daughter_in_law", "儿媳", "Daughter-in-law"),
    ("sibling", "兄弟姐妹", "Sibling"),
    ("grandparent", "祖父母", "Grandparent"),
    ("tenant", "租住人员", "Tenant"),
    ("other", "其他", "Other"),
])

ETHNICITIES = Vocabulary("ethnicity", [
    ("han", "汉族", "Han"), ("zhuang", "壮族", "Zhuang"), ("hui", "回族", "Hui"),
    ("manchu", "满族", "Manchu"), ("uyghur", "维吾尔族", "Uyghur"), ("miao", "苗族", "Miao"),
    ("yi", "彝族", "Yi"), ("tujia", "土家族", "Tujia"), ("tibetan", "藏族", "Tibetan"),
    ("mongol", "蒙古族", "Mongol"), ("dong", "侗族", "Dong"), ("bouyei", "布依族", "Bouyei"),
    ("yao", "瑶族", "Yao"), ("bai", "白族", "Bai"), ("korean", "朝鲜族", "Korean"),
    ("other", "其他", "Other"),
])

CARE_CATEGORIES = Vocabulary("care_category", [
    # local extensions (elderly, disabled, children)
    ("disabled_elderly", "失能老人", "Elderly, disabled"),
    ("elderly_alone", "独居老人", "Elderly living alone"),
    ("empty_nest", "空巢老人", "Empty-nest elderly"),
    ("left_behind_child", "留守儿童", "Left-behind child"),
    ("disabled", "残疾人", "Person with disability"),
    ("subsistence", "低保/特困", "Subsistence allowance"),
    ("serious_illness", "重病患者", "Seriously ill"),
    # GB/T 31000-2015 special populations
    ("mental_disorder", "严重精神障碍患者", "Severe mental disorder"),
    ("community_correction", "社区矫正对象", "Under community correction"),
    ("released_prisoner", "刑满释放人员", "Released prisoner"),
    ("drug_user", "吸毒人员", "Drug user"),
    ("key_youth", "重点青少年", "At-risk youth"),
])

CARE_LEVELS = Vocabulary("care_level", [
    ("high", "重点", "High"),
    ("medium", "一般", "Medium"),
    ("low", "关注", "Low"),
])

# Default visit interval (days) per care level, used when a care subject has none of its own: 重点
# monthly (the journeys' 独居老人 "monthly visits"), 一般 every two months, 关注 quarterly. The one table
# the due list, the editor's hint and the care roster read, through ``store.care.care_intervals``,
# where the township's own values (setting ``care_intervals``) override it.
DEFAULT_VISIT_INTERVAL = {"high": 30, "medium": 60, "low": 90}

VISIT_METHODS = Vocabulary("visit_method", [
    ("home", "入户", "Home visit"),
    ("phone", "电话", "Phone"),
    ("video", "视频", "Video call"),
])

DISPUTE_SOURCES = Vocabulary("dispute_source", [
    ("screening", "排查发现", "Found in screening"),
    ("reported", "群众反映", "Reported by residents"),
    ("referred", "部门转办", "Referred by a department"),
])

DISPUTE_CATEGORIES = Vocabulary("dispute_category", [
    ("neighbour", "邻里纠纷", "Neighbours"),
    ("family", "婚姻家庭纠纷", "Marriage and family"),
    ("land", "土地山林纠纷", "Land and forest"),
    ("labour", "劳资纠纷", "Labour and wages"),
    ("property_mgmt", "物业纠纷", "Property management"),
    ("homestead", "房屋宅基地纠纷", "House and homestead"),
    ("damages", "损害赔偿纠纷", "Damages"),
    ("contract", "合同纠纷", "Contract"),
    ("other", "其他纠纷", "Other"),
])

DISPUTE_STATUSES = Vocabulary("dispute_status", [
    ("received", "受理", "Received"),
    ("mediating", "调解中", "Mediating"),
    ("resolved", "调解成功", "Resolved"),
    ("failed", "调解未成功", "Mediation failed"),
    ("transferred", "已移交", "Transferred"),
])
DISPUTE_CLOSED_STATUSES = {"resolved", "failed", "transferred"}

PARTY_ROLES = Vocabulary("party_role", [
    ("applicant", "申请人", "Applicant"),
    ("respondent", "被申请人", "Respondent"),
    ("third_party", "第三人", "Third party"),
])

SATISFACTION = Vocabulary("satisfaction", [
    ("satisfied", "满意", "Satisfied"),
    ("basically", "基本满意", "Mostly satisfied"),
    ("unsatisfied", "不满意", "Not satisfied"),
])

# -- resident requests (民生诉求): the five-step loop 居民需求 → 部门反应 → 志愿者响应 → 问题解决 → 居民反馈

REQUEST_CHANNELS = Vocabulary("request_channel", [
    ("in_person", "当面反映", "In person"),
    ("phone", "电话", "Phone"),
    ("wechat", "微信群", "WeChat group"),
    ("referred", "上级转办", "Referred from above"),
    ("patrol", "巡查发现", "Found on patrol"),
])

REQUEST_CATEGORIES = Vocabulary("request_category", [
    ("infrastructure", "基础设施（道路、路灯）", "Roads and streetlights"),
    ("utilities", "水电气暖", "Water, power, gas, heating"),
    ("environment", "环境卫生", "Sanitation and environment"),
    ("elderly_help", "助老助残", "Help for the elderly and disabled"),
    ("medical", "医疗医保", "Health care and insurance"),
    ("social_aid", "社保救助", "Social security and aid"),
    ("property_mgmt", "物业管理", "Property management"),
    ("neighbourhood", "邻里关系", "Neighbours"),
    ("safety", "安全隐患", "Safety"),
    ("policy", "政策咨询", "Policy questions"),
    ("other", "其他", "Other"),
])

REQUEST_DEPARTMENTS = Vocabulary("request_department", [
    ("grid", "网格自办", "The grid itself"),
    ("village_committee", "村（居）委会", "Village / community committee"),
    ("township_office", "乡镇（街道）科室", "Township office"),
    ("police", "派出所", "Police station"),
    ("health", "卫生院", "Health centre"),
    ("property", "物业公司", "Property company"),
    ("utility", "供水供电企业", "Water or power company"),
    ("other", "其他部门", "Other department"),
])

REQUEST_STATUSES = Vocabulary("request_status", [
    ("received", "已受理", "Received"),
    ("routed", "已分派", "Routed"),
    ("responding", "响应中", "Being handled"),
    ("resolved", "已解决", "Solved"),
    ("closed", "已办结", "Closed"),
])

REQUEST_STEPS = Vocabulary("request_step", [
    ("need", "居民需求", "Resident's need"),
    ("routed", "部门反应", "Routed to a department"),
    ("response", "志愿者响应", "Volunteers respond"),
    ("solved", "问题解决", "Solved"),
    ("feedback", "居民反馈", "Resident's feedback"),
    ("note", "办理记录", "Note"),
])

REQUEST_FEEDBACK = Vocabulary("request_feedback", [
    ("satisfied", "满意", "Satisfied"),
    ("basically", "基本满意", "Mostly satisfied"),
    ("unsatisfied", "不满意", "Not satisfied"),
    ("unreachable", "无法联系", "Resident unreachable"),
])

# -- hazards found on patrol (问题隐患): 上报 → 整改 → 复查 → 销号, or 上报上级

HAZARD_CATEGORIES = Vocabulary("hazard_category", [
    ("fire", "消防安全", "Fire safety"),
    ("building", "房屋安全", "Unsafe building"),
    ("construction", "违章建设", "Illegal construction"),
    ("environment", "环境卫生", "Environment"),
    ("public_order", "社会治安", "Public order"),
    ("traffic", "交通安全", "Traffic safety"),
    ("elderly_safety", "老人居家安全", "Safety of the elderly at home"),
    ("production", "生产经营安全", "Business and production safety"),
    ("other", "其他", "Other"),
])

HAZARD_SEVERITIES = Vocabulary("hazard_severity", [
    ("minor", "一般", "Minor"),
    ("major", "较大", "Major"),
    ("serious", "重大", "Serious"),
])

HAZARD_STATUSES = Vocabulary("hazard_status", [
    ("reported", "已上报", "Reported"),
    ("rectifying", "整改中", "Being rectified"),
    ("rectified", "已整改待复查", "Rectified, awaiting re-check"),
    ("closed", "已销号", "Closed"),
    ("escalated", "已上报上级", "Escalated"),
])

HAZARD_STEPS = Vocabulary("hazard_step", [
    ("report", "上报", "Reported"),
    ("rectify", "整改", "Rectification under way"),
    ("rectified", "整改完成", "Rectification done"),
    ("recheck", "复查", "Re-check"),
    ("close", "销号", "Closed"),
    ("escalate", "上报上级", "Escalated"),
    ("note", "记录", "Note"),
])

# -- people the grid must know (schema 3): floating population, tags, volunteer points ------------

MOVE_REASONS = Vocabulary("move_reason", [
    ("work", "务工", "Work"),
    ("business", "经商", "Business"),
    ("study", "就学", "Study"),
    ("family", "投亲", "Joining relatives"),
    ("accompany", "随迁", "Accompanying family"),
    ("other", "其他", "Other"),
])

RESIDENCE_EVENT_KINDS = Vocabulary("residence_event_kind", [
    ("arrival", "来本地", "Arrival"),
    ("departure", "离开", "Departure"),
])

# A code the township may add to a synced vocabulary: lowercase ASCII, a letter first.
SYNCED_CODE = re.compile(r"[a-z][a-z0-9_]{0,39}", re.ASCII)


class SyncedVocabulary(Vocabulary):
    """A vocabulary the township edits: built-in terms here, its own additions in ``vocab_terms``.

    The terms in the database (``store.tags.vocabulary_terms``) are what the editors offer and the
    trust screen accepts; this pure side knows only the built-in terms, so it accepts any code of
    the synced form (:data:`SYNCED_CODE`) as a value and shows an unknown code as itself. A term is
    never deleted, only retired: old records stay readable.
    """

    def __contains__(self, code: object) -> bool:
        return super().__contains__(code) or (isinstance(code, str) and SYNCED_CODE.fullmatch(code) is not None)

    def lookup(self, text: str | None) -> str | None:
        code = super().lookup(text)
        if code is None and text is not None and SYNCED_CODE.fullmatch(str(text).strip()):
            return str(text).strip()
        return code


PERSON_TAGS = SyncedVocabulary("person_tag", [
    ("party_member", "党员", "Party member"),
    ("veteran", "退役军人", "Veteran"),
    ("subsistence", "低保", "Subsistence allowance"),
    ("living_alone", "独居", "Living alone"),
    ("volunteer", "志愿者", "Volunteer"),
    ("building_head", "楼栋长", "Building head"),
    ("watch", "需关注", "Needs attention"),
    ("disabled", "残疾人", "Disabled"),
])

# The vocabularies the township may extend (``vocab_terms.vocabulary``).
EDITABLE_VOCABULARIES = Vocabulary("editable_vocabulary", [
    ("person_tag", "人员标注", "Person tags"),
])
SYNCED = {PERSON_TAGS.name: PERSON_TAGS}

ALL = {v.name: v for v in [
    AREA_LEVELS, WORKER_KINDS, HOUSE_USES, REGISTRATION_KINDS, RESIDENCE_KINDS, PERSON_STATUSES,
    GENDERS, RELATIONS, ETHNICITIES, CARE_CATEGORIES, CARE_LEVELS, VISIT_METHODS, DISPUTE_SOURCES,
    DISPUTE_CATEGORIES, DISPUTE_STATUSES, PARTY_ROLES, SATISFACTION,
    REQUEST_CHANNELS, REQUEST_CATEGORIES, REQUEST_DEPARTMENTS, REQUEST_STATUSES, REQUEST_STEPS, REQUEST_FEEDBACK,
    HAZARD_CATEGORIES, HAZARD_SEVERITIES, HAZARD_STATUSES, HAZARD_STEPS,
    MOVE_REASONS, RESIDENCE_EVENT_KINDS, PERSON_TAGS, EDITABLE_VOCABULARIES,
]}
