"""English for the 民生诉求 and 问题隐患 tabs (contexts CaseworkPanel, RequestsTab, HazardsTab) and
their quick-entry buttons; township overview strings are in en_township.py."""

EN = {
    "已逾期": "Overdue", "本周到期": "Due this week", "搜索内容、姓名、编号": "Search text, name, number",
    "办理过程": "Steps", "共 {0} 条，逾期 {1} 条": "{0} rows, {1} overdue",
    "最近 {0} 条（可用筛选缩小范围），其中逾期 {1} 条": "The newest {0} rows (filter to narrow), {1} overdue", "逾期": "overdue",
    "责令整改": "Order rectification", "整改完成": "Rectified", "复查": "Re-check", "销号": "Close",
    "上报上级": "Escalate", "登记隐患": "New hazard",
    "{0}\u3000{1}\u3000{2}\u3000{3}\n{4}\n地点：{5}\n责任人：{6}\u3000期限：{7}":
        "{0}  {1}  {2}  {3}\n{4}\nWhere: {5}\nResponsible: {6}  Deadline: {7}",
    "登记诉求": "New request", "民生诉求": "Requests", "问题隐患": "Hazards", "期限": "Due",
    "分派（部门反应）": "Route (department)", "响应（志愿者）": "Respond (volunteers)", "问题解决": "Solved",
    "居民反馈": "Resident's feedback", "办理记录": "Note", "未分派": "not routed",
    "{0}\u3000{1}\u3000{2}\n{3}\n诉求人：{4}\u3000{5}\n承办：{6}": "{0}  {1}  {2}\n{3}\nResident: {4}  {5}\nRouted to: {6}",
}

EN.update({
    "村/社区": "Village/community", "网格": "Grid", "诉求与隐患": "Requests & hazards",
    "月度趋势：受理（浅）与办结（深）": "By month: received (light) and closed (dark)", "正在统计…": "Counting…",
    "近12个月": "Last 12 months", "刷新": "Refresh", "统计期间": "Period", "（未归村）": "(no village)",
    "受理诉求": "Requests", "已办结": "Closed", "办结率": "Closed %", "满意率": "Satisfied %",
    "办结天数（中位）": "Median days", "隐患未销号": "Open hazards", "隐患逾期": "Overdue hazards",
    "{0} 至 {1}：受理诉求 {2} 件，已办结 {3} 件，办结率 {4}，满意率 {5}，办结天数中位数 {6}；"
    "发现隐患 {7} 处，未销号 {8}，逾期 {9}，已整改 {10}，已上报上级 {11}。":
        "{0} to {1}: {2} requests received, {3} closed (close rate {4}, satisfied {5}), median {6} days to close; "
        "{7} hazards found, {8} open, {9} overdue, {10} rectified, {11} escalated.",
    "诉求（按类别）": "Requests by category", "隐患未销号（按类别）": "Open hazards by category",
})
