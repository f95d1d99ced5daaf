"""English for the grid worker's dialogs (contexts BackupsDialog, HistoryDialog, ImportDialog,
LedgerDialog) and the main-window menu entries that open them: source → translation.

Same format as ``en_main_window.py``; ``build.py --fill`` merges every ``en_*.py`` into one table
keyed by source text, so a source string must have one English text across all modules
(``tests/test_translations.py`` checks this).
"""

EN = {
    # main window: menus and messages added with the dialogs
    "乡镇工作台": "Township workspace", "打印台账…": "Print ledger…", "导入表格…": "Import spreadsheet…",
    "导出表格": "Export spreadsheet", "人口": "Residents", "重点关爱对象": "Care subjects",
    "备份与恢复…": "Backup and restore…", "修改记录…": "Change history…",
    "请先选择一条记录": "Please select a record first",

    # BackupsDialog
    "备份与恢复": "Backup and restore", "时间": "Time", "类型": "Type", "户数": "Households", "文件": "File",
    "恢复所选备份…": "Restore selected backup…", "备份到U盘…": "Back up to USB drive…",
    "每天第一次打开、每次合并和导入之前都会自动备份。恢复前会先保存当前状态。":
        "A backup is made automatically at the first start of each day and before every merge and import. "
        "The current state is saved before a restore.",
    "每日": "Daily", "合并前": "Before merge", "导入前": "Before import", "恢复前": "Before restore",
    "升级前": "Before upgrade", "手动": "Manual", "（已损坏）": "(damaged) ", "恢复": "Restore",
    "请先选择一个备份": "Please select a backup first", "恢复备份": "Restore backup",
    "用 {when} 的备份替换当前数据？当前状态会先另存为一个备份。":
        "Replace the current data with the backup from {when}? The current state is saved as a backup first.",
    "恢复失败": "Restore failed", "已恢复": "Restored",
    "已恢复。之后在乡镇录入或更正的数据，可以合并乡镇的返回包补齐。":
        "Restored. Data entered or corrected at the township since then can be brought back by merging "
        "the township's return bundle.",
    "选择U盘或文件夹": "Choose a USB drive or folder", "备份失败": "Backup failed", "已备份": "Backed up",
    "已保存到 {path}": "Saved to {path}",

    # HistoryDialog
    "修改记录": "Change history", "{kind}：{title}": "{kind}: {title}", "设备": "Device",
    "操作人": "Operator", "操作": "Action", "改动": "Changes", "恢复这条记录": "Restore this record",
    "导出修改记录…": "Export change history…", "新建": "Create", "修改": "Update",
    "无法恢复": "Cannot restore", "导出修改记录": "Export change history",
    "Excel 文件 (*.xlsx);;CSV 文件 (*.csv)": "Excel files (*.xlsx);;CSV files (*.csv)",
    "导出失败": "Export failed", "已导出": "Exported", "已导出 {n} 条修改记录": "Exported {n} change records",

    # ImportDialog
    "导入表格": "Import spreadsheet", "选择 .xlsx 或 .csv 文件": "Choose an .xlsx or .csv file",
    "选择文件…": "Choose file…", "（按表中“网格”列）": "(by the sheet's \"Grid\" column)",
    "跳过错误行（正确的行先导入，错误行另存为文件，改正后再导入）":
        "Skip bad rows (good rows are imported now; bad rows are saved to a file to fix and import later)",
    "无“网格”列时导入到": "Without a \"Grid\" column, import into",
    "以下列未能识别，请选择对应的字段（不需要的选“忽略”）：":
        "These columns were not recognised. Choose the matching field (\"Ignore\" if not needed):",
    "表中的列": "Column in sheet", "对应字段": "Field", "行号": "Row", "说明": "Notes", "导入": "Import",
    "关闭": "Close", "选择要导入的表格": "Choose a spreadsheet to import",
    "表格文件 (*.xlsx *.csv)": "Spreadsheets (*.xlsx *.csv)", "正在读取表格…": "Reading spreadsheet…",
    "忽略": "Ignore", "有错误行，未导入任何数据。": "Some rows have errors; nothing was imported.",

    # LedgerDialog
    "打印台账": "Print ledger", "全部": "All", "打印身份证全号": "Print full ID numbers",
    "默认只打印身份证号前 6 位和后 4 位；全号台账含个人信息，注意保管":
        "By default only the first 6 and last 4 digits of ID numbers are printed; "
        "a ledger with full numbers holds personal data, keep it safe",
    "保存为 PDF 文件": "Save as PDF file", "台账": "Ledger", "月份": "Month", "区域": "Area",
    "输出文件": "Output file", "打印": "Print", "保存台账": "Save ledger", "PDF 文件 (*.pdf)": "PDF files (*.pdf)",
    "正在生成台账…": "Generating ledger…",
}

EN.update({
    "已删除的记录": "Deleted records",
    "删除时间": "Deleted at",
    "恢复所选": "Restore selected",
    "删除的记录不会真正消失：可以在这里查看是谁、何时删除的，并恢复。":
        "Deleted records are never really gone: see who deleted them and when, and restore them here.",
    "请先选择要恢复的记录": "Select the records to restore first",
    "已删除的记录…": "Deleted records…",
    "导出乡镇公钥卡片…": "Export the township card…",
    "导出本机登记申请…": "Export this laptop's enrolment request…",
    "已保存：{0}\n指纹：{1}\n交给乡镇后，请打电话与乡镇工作人员核对这串数字。":
        "Saved: {0}\nFingerprint: {1}\nAfter handing it over, read this number to the township staff by phone.",
})

EN.update({
    # FirstRunDialog: the township's passphrase (issue #14)
    "密钥口令": "Key passphrase",
    "再输入一次": "Type it again",
    "合并、导出同步包时需要输入": "Needed to merge and export bundles",
    "乡镇密钥必须设置口令。请牢记：忘记口令将无法合并和导出同步包。":
        "The township keys must have a passphrase. Remember it: without it, bundles cannot be merged or exported.",
    "口令强度：": "Passphrase strength: ",
    "两次输入的口令不一致": "The two passphrases do not match",
    "请为乡镇密钥设置口令：口令不能为空。": "Please set a passphrase for the township keys: it cannot be empty.",
    "两次输入的口令不一致，请重新输入。": "The two passphrases do not match; please type them again.",
    "例如：下花园镇网格中心": "e.g. Xiahuayuan township grid centre",
    # BackupsDialog: restore validation
    "不能恢复这个备份": "This backup cannot be restored",
    "这个备份属于另一台设备 {other}，不是本数据库的设备 {this}。\n\n":
        "This backup belongs to another device {other}, not to this database's device {this}.\n\n",
})

EN.update({
    # ImportDialog: the plan's and the result's summary
    "民生诉求表：新增 {created} 条，不变 {unchanged} 条，错误 {bad} 行":
        "Resident request list: {created} new, {unchanged} unchanged, {bad} bad rows",
    "新增 {created} 人，更新 {updated} 人，不变 {unchanged} 人，错误 {bad} 行；"
    "新建 {households} 户、{houses} 处房屋；关爱对象新增 {care_created}、更新 {care_updated}":
        "{created} new, {updated} updated, {unchanged} unchanged, {bad} bad rows; {households} new households, "
        "{houses} new houses; care subjects {care_created} new, {care_updated} updated",
    "。有错误行时不会导入任何数据：请改正表格，或勾选“跳过错误行”。":
        ". Nothing is imported while rows are bad: fix the sheet, or tick 'skip bad rows'.",
    "更新": "Update", "不变": "Unchanged", "错误": "Error",
    "导入完成：新增民生诉求 {created} 条。": "Imported: {created} new requests.",
    "导入完成：新增 {created} 人，更新 {updated} 人，新建 {households} 户、{houses} 处房屋。":
        "Imported: {created} new, {updated} updated, {households} new households, {houses} new houses.",
    "{n} 行错误未导入，已另存为 {file}，改正后可再次导入。":
        "{n} bad rows were not imported; they are in {file} to fix and import again.",
    "导入失败，数据库没有任何改动：{err}": "Import failed; nothing was changed: {err}",
    # export_list_dialog (in the ImportDialog context)
    "导出表格（导出的文件不加密，请妥善保管）": "Export spreadsheet (the file is not encrypted; keep it safe)",
    "Excel 表格 (*.xlsx);;CSV 文件 (*.csv)": "Excel (*.xlsx);;CSV (*.csv)",
    "导出完成": "Exported", "已导出 {n} 行到 {out}": "Exported {n} rows to {out}",
    # LedgerDialog: the kinds and the result
    "走访台账": "Visits ledger", "重点人群花名册": "Special-care roster",
    "矛盾纠纷排查调处台账": "Dispute mediation ledger", "人口底册": "Household roster",
    "民生诉求登记台账": "Resident requests ledger", "问题隐患排查整改台账": "Hazards ledger",
    "流动人口登记台账": "Floating-population ledger", "志愿服务积分台账": "Volunteer points ledger",
    "已生成：{file}（共 {pages} 页）": "Written: {file} ({pages} pages)",
})
