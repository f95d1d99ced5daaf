"""English for the grid worker's main window (contexts CareTab … VisitsTab): source → translation.

``build.py --fill`` writes these into ``gridkeeper_en.ts`` for messages that have no translation
yet; translators may equally edit the .ts with Qt Linguist (the .ts is what the .qm is built from).
"""

EN = {
    "gridkeeper 数据库 (*.db);;所有文件 (*)": "gridkeeper database (*.db);;All files (*)",
    "{0}\n房主：{1}　{2}\n居住 {3} 户 {4} 人": "{0}\nOwner: {1}  {2}\n{3} households, {4} people living here",
    "{0} 人，逾期 {1} 人": "{0} people, {1} overdue",
    "{0}　{1}\n所属户：{2}\n房屋：{3}": "{0}  {1}\nHousehold: {2}\nHouse: {3}",
    "{0}　{1}　{2}\n{3}\n调解人：{4}": "{0}  {1}  {2}\n{3}\nMediator: {4}",
    "上次同步：": "Last sync: ", "上次走访": "Last visit", "下次走访": "Next due", "乡镇": "Township",
    "乡镇卡片": "Township card", "乡镇网格中心": "Township grid centre", "人员": "Persons", "从未": "never",
    "例如 2026-11-27": "e.g. 2026-11-27", "例如：王秀英的电脑": "e.g. Wang Xiuying's laptop", "保存": "Save",
    "保存 (Ctrl+S)": "Save (Ctrl+S)", "全部状态": "All statuses", "全部类别": "All categories",
    "公钥卡片 (*.gkpub);;所有文件 (*)": "Public card (*.gkpub);;All files (*)", "共 {} 条": "{} rows",
    "关爱等级": "Care level", "创建数据库": "Create database", "删除": "Delete", "取消": "Cancel",
    "只看到期/逾期": "Due/overdue only", "可选：乡镇公钥卡片 .gkpub": "Optional: township card .gkpub",
    "合并 {0} 个，共 {1} 个文件": "{0} of {1} files merged", "合并同步包": "Merge bundles",
    "合并同步包…": "Merge bundles…", "合并结果": "Merge report", "同步(&S)": "&Sync",
    "同步包 (*.gkb);;所有文件 (*)": "Sync bundles (*.gkb);;All files (*)", "同步包已保存：\n{0}": "Bundle saved:\n{0}",
    "周期(天)": "Interval (days)", "姓名": "Name", "安排回访": "Schedule follow-up",
    "导入乡镇卡片": "Import township card", "导入乡镇卡片…": "Import township card…",
    "导出同步包": "Export bundle", "导出同步包…": "Export bundle…", "已保存": "Saved",
    "已信任：{0}\n指纹：{1}\n请打电话与乡镇核对指纹。":
        "Trusted: {0}\nFingerprint: {1}\nPlease confirm the fingerprint with the township by phone.",
    "已删除（Ctrl+Z 撤销）": "Deleted (Ctrl+Z to undo)", "已撤销": "Undone", "开始调解": "Start mediation",
    "当事人": "Parties", "户": "Households", "户与人员": "Households and people",
    "户号 {0}　{1}\n房屋：{2}\n成员 {3} 人": "Household {0}  {1}\nHouse: {2}\n{3} members", "房屋": "Houses",
    "打开已有数据库…": "Open existing database…", "打开数据库": "Open database", "打开数据库…": "Open database…",
    "打开演示数据": "Open demo data", "找不到这条记录（可能已删除）": "Record not found (deleted?)",
    "找到 {} 条": "{} found", "搜索索引已重建：{0} 条": "Search index rebuilt: {0} entries", "撤销": "Undo",
    "数据库位置：": "Database location: ", "数据库：": "Database: ", "文件(&F)": "&File", "新增": "New",
    "新增人员": "New person", "新增户": "New household", "新增房屋": "New house", "新增走访": "New visit",
    "无法保存": "Cannot save", "无法创建数据库": "Cannot create the database",
    "无法创建演示数据": "Cannot create the demo data", "无法删除": "Cannot delete", "无法打开": "Cannot open",
    "无法撤销": "Cannot undo", "未办结": "Open", "未登记": "not recorded", "未走访": "never visited",
    "查找": "Find", "查找人、户、房（姓名/拼音/身份证/电话）Ctrl+F":
        "Find people, households, houses (name/pinyin/ID/phone) Ctrl+F",
    "标为重点关爱": "Mark for special care", "欢迎使用网格员台账 gridkeeper": "Welcome to gridkeeper",
    "没有可撤销的操作": "Nothing to undo", "没有合并任何同步包": "No bundle was merged", "没有找到": "Nothing found",
    "添加当事人": "Add party", "添加成员": "Add member", "添加调解记录": "Add mediation step",
    "演示网格员电脑": "Demo worker laptop", "状态": "Status", "电脑名称": "Computer name",
    "登记纠纷": "Register dispute", "监护人电话": "Guardian phone", "矛盾纠纷": "Disputes",
    "确定删除这条{0}记录吗？可以用 Ctrl+Z 撤销。": "Delete this {0} record? Ctrl+Z undoes it.", "移交": "Transfer",
    "筛选": "Filter", "筛选此列表（姓名、号码、地址…）": "Filter this list (name, number, address…)",
    "类别": "Category", "编辑": "Edit", "编辑(&E)": "&Edit", "编辑关爱对象": "Edit care subject",
    "网格员": "Grid worker", "网格员台账 gridkeeper": "gridkeeper", "网格员电脑": "Grid worker laptop",
    "角色：": "Role: ", "记录回访": "Record follow-up", "记录走访": "Record visit",
    "语言 / Language": "语言 / Language", "请填写：": "Please fill in: ", "调解成功": "Resolved",
    "调解未成功": "Mediation failed", "调解过程": "Mediation steps", "走访历史": "Visit history",
    "走访记录": "Visits", "这台电脑是": "This computer is", "这台电脑还没有数据库。请选择：":
        "This computer has no database yet. Choose:", "退出": "Quit", "选择…": "Choose…",
    "选择乡镇公钥卡片": "Choose the township card", "选择保存同步包的文件夹（如U盘）":
        "Choose the folder for the bundle (e.g. a USB stick)", "选择同步包": "Choose bundles",
    "选择左侧的一件纠纷查看详情": "Select a dispute on the left to see its details",
    "选择左侧的一条记录查看详情": "Select a record on the left to see its details",
    "重建搜索索引": "Rebuild search index", "重点关爱": "Special care", "重点关爱：": "Special care: ",
}

EN.update({
    # App (ui/app.py): start-up messages
    "网格员台账": "gridkeeper",
    "这台电脑的系统时间比本数据库上次记录的时间早了约 {hours:.1f} 小时。请先核对电脑的日期和时间，"
    "否则新的修改可能在同步时被当作旧数据。":
        "This computer's clock is about {hours:.1f} hours behind the last time this database recorded. "
        "Please check the date and time first, or new edits may lose to older ones when syncing.",
    "系统时间异常": "System clock",
    "无法打开数据库": "Cannot open the database",
    "数据库文件损坏": "Damaged database",
    "没有找到可用的备份。请向乡镇索取返回包，在新数据库中合并。":
        "No usable backup was found. Ask the township for a return bundle and merge it into a new database.",
    "是否从最近的备份恢复（{created}，{persons} 人）？\n恢复后请合并乡镇的返回包，补齐之后的数据。":
        "Restore the latest backup ({created}, {persons} persons)?\n"
        "Then merge the township's return bundle to bring it up to date.",
    "提醒": "Reminder",
    # CareTab: the due column (one day has its own source text: English says "1 day")
    "逾期 1 天": "1 day overdue", "逾期 {n} 天": "{n} days overdue", "今天到期": "due today",
    "1 天后": "in 1 day", "{n} 天后": "in {n} days",
    # RecordDialog
    "保存失败：{e}": "Saving failed: {e}",
    # SearchBox: the tag in front of a result
    "人": "Person", "房": "House", "查找出错：{e}": "Search failed: {e}",
})

# Context-dependent English (``build.py --fill`` prefers it over ``EN``).
EN_CONTEXT = {
    ("SearchBox", "户"): "Household",
}
