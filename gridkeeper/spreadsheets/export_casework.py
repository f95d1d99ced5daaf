"""The ``requests`` and ``hazards`` export kinds (registered in :mod:`spreadsheets.exporter`).

The requests sheet uses the headers :mod:`spreadsheets.import_requests` reads (编号, 受理日期, 诉求人,
公民身份号码, 联系电话, 诉求类别, 诉求内容, 状态, 居民评价, 网格, …), so export → edit → import
round-trips (an unchanged row is recognised and left alone). The requester's ID number is the
linked person's, in full: an export is a file the user chose to write, like the persons list.
"""

from __future__ import annotations

from ..domain import vocab as V

_STEPS = ("(SELECT group_concat(substr(s.date, 6) || ' ' || s.content, char(10)) FROM "
          "(SELECT date, content FROM {table} WHERE {fk} = x.id AND deleted = 0 ORDER BY date, id) s)")


def casework_specs(Col) -> dict:
    """``{kind: (FROM, columns, ORDER BY, sheet title)}`` in the exporter's own form."""
    return {
        "requests": (
            "requests x LEFT JOIN persons p ON p.id = x.person_id",
            (Col("number", "编号", "x.number", "text"),
             Col("received", "受理日期", "x.received", "date"),
             Col("channel", "诉求渠道", "x.channel", vocab=V.REQUEST_CHANNELS),
             Col("request_category", "诉求类别", "x.category", vocab=V.REQUEST_CATEGORIES),
             Col("requester_name", "诉求人", "coalesce(x.requester_name, p.name)"),
             Col("id_number", "公民身份号码", "p.id_number", "text"),
             Col("phone", "联系电话", "x.requester_phone", "text"),
             Col("content", "诉求内容", "x.content"),
             Col("department", "承办部门", "x.department", vocab=V.REQUEST_DEPARTMENTS),
             Col("responders", "响应人", "x.responders"),
             Col("status", "状态", "x.status", vocab=V.REQUEST_STATUSES),
             Col("resolution", "办理结果", "x.resolution"),
             Col("resolved", "解决日期", "x.resolved", "date"),
             Col("satisfaction", "居民评价", "x.satisfaction", vocab=V.REQUEST_FEEDBACK),
             Col("feedback", "反馈意见", "x.feedback"),
             Col("closed", "办结日期", "x.closed", "date"),
             Col("steps", "办理过程", _STEPS.format(table="request_steps", fk="request_id")),
             Col("area", "网格", "x.area_id"),
             Col("notes", "备注", "x.notes")),
            "x.received DESC, x.id", "民生诉求登记台账"),
        "hazards": (
            "hazards x",
            (Col("number", "编号", "x.number", "text"),
             Col("found", "发现日期", "x.found", "date"),
             Col("hazard_category", "隐患类别", "x.category", vocab=V.HAZARD_CATEGORIES),
             Col("severity", "隐患等级", "x.severity", vocab=V.HAZARD_SEVERITIES),
             Col("location", "具体位置", "coalesce(x.location, (SELECT coalesce(o.street, '') || "
                                         "coalesce(o.building, '') FROM houses o WHERE o.id = x.house_id))"),
             Col("description", "隐患描述", "x.description"),
             Col("finder", "发现人", "x.finder"),
             Col("responsible", "整改责任人", "x.responsible"),
             Col("responsible_phone", "责任人电话", "x.responsible_phone", "text"),
             Col("deadline", "整改期限", "x.deadline", "date"),
             Col("status", "状态", "x.status", vocab=V.HAZARD_STATUSES),
             Col("rectification", "整改情况", "x.rectification"),
             Col("rectified", "整改完成日期", "x.rectified", "date"),
             Col("recheck_date", "复查日期", "x.recheck_date", "date"),
             Col("recheck_result", "复查结果", "x.recheck_result"),
             Col("closed", "销号日期", "x.closed", "date"),
             Col("escalation", "上报上级情况", "x.escalation"),
             Col("steps", "整改过程", _STEPS.format(table="hazard_steps", fk="hazard_id")),
             Col("area", "网格", "x.area_id"),
             Col("notes", "备注", "x.notes")),
            "x.found DESC, x.id", "问题隐患排查整改台账"),
    }
