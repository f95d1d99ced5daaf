"""English for issue #17 (what a new grid worker and a township clerk trip over): the help menu and
dialog, the next-steps panel, deleting a household with members, care-level intervals, the ledger
dialog's row count, the review queue grouped per record. Same format as ``en_main_window.py``."""

EN = {
    # CareIntervalsDialog
    "关爱走访周期": "Care visit intervals",
    "关爱对象没有单独填写走访周期时，按关爱等级使用下面的天数。到期走访列表、关爱对象表单和重点人群花名册都按这里计算。":
        "When a care subject has no visit interval of its own, the days below apply by care level. The due "
        "list, the care-subject form and the special-care roster all use them.",
    " 天": " days",
    "这个设置只保存在本机数据库里，不会随同步包发给网格员。":
        "This setting is kept in this database only; sync bundles do not carry it to the workers.",
    # DeleteHouseholdDialog
    "删除户": "Delete household",
    "“{0}”还有 {1} 名成员：{2}。删除这一户时，这些成员怎么办？":
        "'{0}' still has {1} members: {2}. What should happen to them when the household is deleted?",
    "把成员移到另一户：": "Move the members to another household:",
    "连同 {0} 名成员一起删除": "Delete the {0} members too",
    "可以用 Ctrl+Z 撤销（户和成员一起恢复）。": "Ctrl+Z undoes this (the household and its members come back together).",
    # DeletedDialog
    "没有已删除的记录。删除的户、人员、房屋等会列在这里，可以恢复。":
        "Nothing has been deleted. Deleted households, residents, houses and so on are listed here and can be "
        "restored.",
    # HelpDialog
    "帮助": "Help", "按键": "Key", "作用": "Does", "使用说明": "User guide", "快捷键": "Keyboard shortcuts",
    "第一次使用": "First use",
    "网格员：从U盘导入乡镇发来的公钥卡片（同步 ▸ 导入乡镇卡片），再导出本机登记申请（同步 ▸ 导出本机登记申请），交给乡镇。":
        "Grid worker: import the township's public card from the USB stick (Sync ▸ Import township card), then "
        "export this laptop's enrolment request (Sync ▸ Export enrolment request) and hand it to the township.",
    "乡镇为这台电脑分配网格后，会给一个返回同步包；合并它（同步 ▸ 合并同步包），网格和已有的户、人员就出现在左边。":
        "Once the township has assigned this laptop its grid, it gives you a return bundle; merge it (Sync ▸ "
        "Merge bundles) and the grid with its households and residents appears on the left.",
    "已有 Excel 花名册：文件 ▸ 导入表格。有问题的行会按行号列出，改好表格再导入一次即可。":
        "An existing Excel roster: File ▸ Import spreadsheet. Bad rows are listed by row number; fix the sheet "
        "and import it again.",
    "日常工作": "Daily work",
    "户与人员：选中左边的网格，点“新增”登记一户，再添加成员；填好身份证号会自动填出生日期和性别。":
        "Households and residents: select the grid on the left, click New to register a household, then add its "
        "members; a valid ID number fills in the birth date and gender.",
    "重点关爱：在人员上标记关爱对象；“到期走访”列表里双击即可记录走访。":
        "Special care: mark a resident as a care subject; double-click in the due list to record a visit.",
    "矛盾纠纷：登记当事人和每次调解；编号自动生成。":
        "Disputes: register the parties and each mediation; the number is given automatically.",
    "查找：在左上角输入姓名、拼音首字母（如 zgl）、身份证后几位或电话。":
        "Search: type a name, pinyin initials (e.g. zgl), the last digits of an ID number or a phone number at "
        "the top left.",
    "月底": "Month end",
    "文件 ▸ 打印台账：选台账、月份和网格；打印前会显示要打印多少条。身份证号默认只打印前 6 位和后 4 位。":
        "File ▸ Print ledger: choose the ledger, month and grid; the dialog shows how many rows will be printed. "
        "ID numbers print only their first 6 and last 4 digits by default.",
    "同步 ▸ 导出同步包，存到U盘交给乡镇。没有确认收到的内容会一直包含在同步包里，丢了U盘也不会丢数据。":
        "Sync ▸ Export bundle to a USB stick for the township. Everything not yet acknowledged stays in every "
        "bundle, so a lost stick loses nothing.",
    "出了错怎么办": "When something goes wrong",
    "误删或改错：编辑 ▸ 撤销（Ctrl+Z）。过了几天才发现：编辑 ▸ 已删除的记录，或选中记录后看“修改记录”。":
        "Deleted or changed something by mistake: Edit ▸ Undo (Ctrl+Z). Noticed days later: Edit ▸ Deleted "
        "records, or select the record and open its change history.",
    "电脑坏了：在新电脑上重新登记，乡镇的返回包会把网格的数据补回来。每天第一次打开时也会自动备份（文件 ▸ 备份与恢复）。":
        "The laptop died: enrol a new one; the township's return bundle brings the grid's data back. A backup is "
        "also made at the first start of each day (File ▸ Backup and restore).",
    "新增（当前页的记录）": "New (a record of the current tab)", "删除所选记录": "Delete the selected record",
    "在表单中保存": "Save, in a form", "关闭对话框（不保存）": "Close a dialog (without saving)",
    # LedgerDialog
    "正在统计要打印的条数…": "Counting the rows to print…",
    "将打印 {0} 人（{1} 户）": "Will print {0} residents ({1} households)",
    "将打印 {0} 名关爱对象": "Will print {0} care subjects",
    "将打印本月 {0} 次走访": "Will print {0} visits of the month",
    "将打印 {0} 件纠纷": "Will print {0} disputes",
    "这个区域本月没有记录，台账只会印一行“本月无”。请检查区域和月份。":
        "This area has no records for the month: the ledger would only say \"none this month\". Check the area "
        "and the month.",
    "台账已保存": "Ledger saved",
    "没有找到能打开 PDF 的程序。台账已保存在：\n{0}": "No program to open PDF files was found. The ledger is saved in:\n{0}",
    "打开所在文件夹": "Open its folder",
    # MainWindow
    "关爱走访周期…": "Care visit intervals…", "帮助(&H)": "&Help", "关于网格通": "About gridkeeper",
    "乡镇工作台里请用各页自己的按钮": "In the township workspace, use the buttons of each page",
    "请先在列表中选择要删除的记录": "Select the record to delete in the list first",
    "网格通 gridkeeper {0}\n网格员离线台账工具：人口、重点关爱、走访、矛盾纠纷，月底打印台账，用加密同步包与乡镇交换数据。不联网。\n\n数据文件夹：{1}\n当前数据库：{2}\n备份：{3}":
        "gridkeeper {0}\nOffline record keeping for grid workers: residents, special care, visits, disputes; "
        "monthly ledgers; encrypted sync bundles with the township. No network.\n\nData folder: {1}\n"
        "Database: {2}\nBackups: {3}",
    # NextStepsPanel
    "下一步：建立乡镇的网格": "Next: build the township's grids",
    "先在“乡镇工作台 ▸ 区域管理”里建立村/社区和网格（也可以从表格导入），再导出乡镇公钥卡片交给各网格员，收到登记申请后为他们分配网格。":
        "First create the villages/communities and grids in Township workspace ▸ Areas (or import them from a "
        "sheet), then export the township card for the grid workers and assign each enrolment request its grid.",
    "区域管理": "Areas", "导入人口表格…": "Import residents sheet…",
    "下一步：把本网格的户和人员放进来": "Next: bring in this grid's households and residents",
    "① 导入乡镇发来的公钥卡片，导出本机登记申请交给乡镇；② 有 Excel 花名册就导入它，没有就逐户新增。":
        "1) Import the township's card and hand this laptop's enrolment request to the township; 2) import your "
        "Excel roster if you have one, otherwise add the households one by one.",
    "导入花名册…": "Import roster…", "新增户…": "New household…",
    # RecordForm
    "留空按关爱等级：": "Leave empty to use the care level's default: ", "{0} {1} 天": "{0} {1} days",
    # ReviewTab
    "两台设备同时改了同一项：选中记录或其中一项，再选保留哪个值（绿色较新）；结果随返回包发给网格员。":
        "Two devices changed the same item: select a record or one of its fields, then choose which value to "
        "keep (green is newer); the decision goes back to the workers in the return bundle.",
    "{0} 项：{1}": "{0} fields: {1}",
    "请先在冲突列表中选择要处理的记录（可按 Ctrl 或 Shift 多选）。":
        "Select the records to settle in the conflict list first (Ctrl or Shift selects several).",
    # SearchBox
    "查找 姓名/拼音/证号/电话": "Find name/pinyin/ID/phone",
    "查找人、户、房：姓名、拼音首字母、身份证号、电话或地址（Ctrl+F）":
        "Find residents, households, houses: name, pinyin initials, ID number, phone or address (Ctrl+F)",
}
