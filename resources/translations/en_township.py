"""English for the township workspace (``gridkeeper/ui/township/``: contexts TownshipWorkspace,
InboxTab, ReviewTab, AreasTab, AreaDialog, DevicesTab, EnrolDialog, OverviewTab): source → translation.

``EN_CONTEXT`` holds the few strings whose English depends on where they appear
(keyed by (context, source); ``build.py --fill`` prefers it over ``EN``).
"""

EN = {
    # TownshipWorkspace: tabs and shared helpers (township/common.py)
    "合并收件箱": "Merge inbox", "待审核": "To review", "区域管理": "Areas", "全镇概况": "Township overview",
    "（空）": "(empty)", "正常": "OK", "快 {0:.0f} 天": "{0:.0f} days ahead",
    "快 {0:.1f} 小时": "{0:.1f} hours ahead", "快 {0:.0f} 分钟": "{0:.0f} min ahead", "（无）": "(none)",
    "另有 {0} 项未显示": "{0} more not shown", "是": "Yes", "否": "No",

    # InboxTab
    "把同步包（.gkb）或装有同步包的文件夹拖到这里，或者：":
        "Drop sync bundles (.gkb) or a folder of bundles here, or:",
    "选择同步包…": "Choose bundles…", "选择文件夹…": "Choose folder…",
    "写出全部返回包…": "Write all return bundles…", "%v / %m": "%v / %m",
    "还没有合并同步包。": "No sync bundles merged yet.", "已合并": "Merged", "已合并过": "Already merged",
    "拒绝：": "Rejected: ", "选择装有同步包的文件夹": "Choose a folder containing sync bundles",
    "所选位置没有同步包（.gkb 文件）。": "No sync bundles (.gkb files) found there.",
    "正在取消（当前这个同步包合并完后停止）…": "Cancelling (stops after the current bundle is merged)…",
    "本次：合并 {0} 个，已合并过 {1} 个，拒绝 {2} 个。":
        "This run: {0} merged, {1} already merged, {2} rejected.",
    " 有 {0} 个冲突、{1} 项隔离的修改等待审核。": " {0} conflicts and {1} quarantined changes await review.",
    " 已取消，其余文件没有合并。": " Cancelled; the remaining files were not merged.",
    "选择保存返回包的文件夹（如U盘）": "Choose a folder for the return bundles (e.g. a USB drive)",
    "写出返回包": "Write return bundles", "已写出 {0} 个返回包到 {1}": "Wrote {0} return bundles to {1}",
    "发送设备": "Sender", "网格": "Grid", "日期": "Date", "结果": "Result", "应用": "Applied",
    "未变": "Unchanged", "冲突": "Conflicts", "隔离": "Quarantined", "越权拒收": "Out of scope",

    # ReviewTab
    "记录": "Record", "表 / 字段": "Table / field", "当前值": "Current value", "当前值来自": "Current from",
    "另一值": "Other value", "另一值来自": "Other from", "对所选全部保留最新": "Keep newest for selected",
    "全选": "Select all",
    "两台设备同时改了同一项。请核对后选择保留哪个值；处理结果会随返回包发给网格员。":
        "Two devices changed the same item. Check and choose which value to keep; "
        "the decision goes to the grid worker with the return bundle.",
    "值": "Value", "声称的修改时间": "Claimed change time",
    "这些修改的时间比本机时间晚很多（那台电脑的日期可能设错了）。接受则按现在的时间写入。":
        "These changes are dated well ahead of this computer's clock (that computer's date may be wrong). "
        "Accepted changes are written with the current time.",
    "接受所选": "Accept selected", "拒绝所选": "Reject selected", "收到时间": "Received", "表": "Table",
    "内容": "Content", "原因": "Reason",
    "超出发送设备登记网格范围的修改，合并时已拒收（只供查看）。":
        "Changes outside the sending device's enrolled grids were rejected at merge (view only).",
    "冲突（{0}）": "Conflicts ({0})", "隔离的修改（{0}）": "Quarantined changes ({0})",
    "越权拒收的修改（{0}）": "Out-of-scope changes ({0})", "保留当前": "Keep current",
    "采用另一值": "Use other", "（新记录）": "(new record) ", "接受": "Accept", "拒绝": "Reject",
    "超出登记网格范围": "Outside enrolled grids", "处理冲突": "Resolve conflicts",
    "请先在冲突列表中选择要处理的行（可按 Ctrl 或 Shift 多选）。":
        "First select rows in the conflict list (Ctrl or Shift to select several).",
    "隔离的修改": "Quarantined changes",
    "请先在列表中选择要处理的行（可按 Ctrl 或 Shift 多选）。":
        "First select rows in the list (Ctrl or Shift to select several).",

    # AreasTab, AreaDialog
    "层级": "Level", "名称": "Name", "编码": "Code", "网格员电话": "Grid worker phone",
    "新增下级…": "Add sub-area…", "改名 / 网格员…": "Rename / grid worker…", "移动到…": "Move to…",
    "撤销…": "Dissolve…", "从表格导入…": "Import from spreadsheet…", "电话": "Phone",
    "共 {0} 个村/社区，{1} 个网格。": "{0} villages/communities, {1} grids.",
    "新增区域": "New area", "修改区域": "Edit area", "移动区域": "Move area",
    "没有可以放置这个区域的其他上级。": "There is no other parent this area can be moved under.",
    "把“{0}”移到哪个上级之下？": "Move \"{0}\" under which parent?",
    "（不移动：这个区域没有记录）": "(Don't move: this area has no records)", "撤销区域": "Dissolve area",
    "撤销“{0}”及其下级区域。它们的户、人员、走访、纠纷等记录要移到哪个网格？":
        "Dissolve \"{0}\" and its sub-areas. Which grid should their households, people, visits, "
        "disputes and other records move to?",
    "已撤销“{0}”，移动了 {1} 条记录。": "Dissolved \"{0}\"; {1} records moved.",
    "选择网格划分表": "Choose a grid layout spreadsheet",
    "表格 (*.xlsx *.csv);;所有文件 (*)": "Spreadsheets (*.xlsx *.csv);;All files (*)",
    "导入网格划分表": "Import grid layout", "正在导入 {0} …": "Importing {0}…",
    "表格有 {0} 行有问题，没有导入任何区域。请改正后再导入。":
        "{0} rows of the sheet have problems; no areas were imported. Please fix them and import again.",
    "已导入：新增 {0} 个村/社区，新增 {1} 个网格，更新 {2} 个网格。":
        "Imported: {0} new villages/communities, {1} new grids, {2} grids updated.",
    "第 {0} 行：{1}": "Row {0}: {1}", "导入问题（按表格行号）：": "Import problems (by sheet row):",

    # DevicesTab, EnrolDialog
    "导入登记申请…": "Import enrolment request…", "吊销所选设备…": "Revoke selected device…",
    "导出乡镇卡片…": "Export township card…",
    "已登记 {0} 台网格员电脑，吊销 {1} 台。": "{0} grid worker computers enrolled, {1} revoked.",
    "选择登记申请": "Choose an enrolment request",
    "登记申请 (*.gkpub);;所有文件 (*)": "Enrolment requests (*.gkpub);;All files (*)",
    "登记网格员电脑": "Enrol grid worker computer",
    "这不是网格员电脑的登记申请（可能是乡镇卡片）。":
        "This is not a grid worker computer's enrolment request (it may be a township card).",
    "已登记：{0}。请给它写一个返回包（合并收件箱 → 写出全部返回包）。":
        "Enrolled: {0}. Write it a return bundle (Merge inbox → Write all return bundles).",
    "吊销设备": "Revoke device", "请先在列表中选择一台设备。": "Please select a device in the list first.",
    "这台设备已经吊销。": "This device is already revoked.",
    "确定吊销“{0}”吗？\n吊销后这台电脑的同步包一律拒收，也不能再次登记。（电脑丢失或被盗时使用）":
        "Revoke \"{0}\"?\nAll sync bundles from this computer will be rejected and it cannot be enrolled "
        "again. (Use when a computer is lost or stolen.)",
    "已吊销：{0}": "Revoked: {0}", "保存乡镇卡片": "Save township card",
    "公钥卡片 (*.gkpub)": "Public card (*.gkpub)", "导出乡镇卡片": "Export township card",
    "已保存：{0}\n指纹：{1}\n网格员导入后请电话核对这个指纹。":
        "Saved: {0}\nFingerprint: {1}\nAfter grid workers import it, confirm this fingerprint with them by phone.",
    "已登记": "Enrolled", "已吊销": "Revoked", "本机（乡镇）": "This computer (township)",
    "负责网格": "Grids", "最近收到同步包": "Last bundle received", "时钟": "Clock",
    "（有隔离的修改）": " (changes quarantined)", "指纹": "Fingerprint",
    "电脑名称：{0}": "Computer name: {0}",
    "请打电话给这台电脑的网格员，让对方读出其电脑上显示的指纹，与上面的指纹逐字核对。不一致时不要登记（文件可能被调换）。":
        "Phone this computer's grid worker, have them read out the fingerprint shown on their computer and "
        "compare it with the one above character by character. Do not enrol if they differ "
        "(the file may have been swapped).",
    "我已电话核对，指纹一致": "I checked by phone: the fingerprints match", "登记": "Enrol",
    "指纹：": "Fingerprint: ", "这台电脑负责的网格：": "Grids this computer is responsible for:",

    # OverviewTab
    "正在统计…": "Counting…", "合计": "Total", "{0} 个网格": "{0} grids",
    "{0}：{1} 个网格，{2} 户，{3} 人（流动人口 {4}），关爱对象 {5}，本月走访 {6} 次，逾期未访 {7}，纠纷 {8} 件；本月未报送的网格 {9} 个。":
        "{0}: {1} grids, {2} households, {3} people ({4} floating), {5} care subjects, {6} visits this month, "
        "{7} overdue, {8} disputes; {9} grids have not reported this month.",
    "逾期未访（按村/社区）": "Overdue visits (by village/community)",
    "矛盾纠纷（按状态）": "Disputes (by status)", "刷新": "Refresh",
    "粉色底 = 本月没有收到同步包的网格": "Pink = no sync bundle received from the grid this month",
    "村/社区": "Village/community", "人数": "People", "流动人口": "Floating", "关爱对象": "Care subjects",
    "本月走访": "Visits this month", "逾期未访": "Overdue", "纠纷·": "Disputes: ",
    "本月报送": "Reported this month", "已报送": "Yes", "未报送": "No",
}

EN_CONTEXT = {
    ("TownshipWorkspace", "设备"): "Devices",
}

EN.update({
    # township/common.py: an unexpected error
    "出错了：{e}（详情已写入日志）": "Something went wrong: {e} (details in the log)",
})
