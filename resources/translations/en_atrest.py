"""English for encryption at rest: the unlock dialog, passphrase fields, the idle lock, and the notes
that exports are not encrypted. Same format as ``en_main_window.py``."""

EN = {
    # UnlockDialog
    "输入数据库口令": "Database passphrase",
    "数据库已加密。请输入口令：": "The database is encrypted. Enter its passphrase:",
    "忘记口令：请把电脑带到乡镇网格中心，用登记时保存的恢复密钥重设口令。":
        "Forgot it? Bring the laptop to the township grid centre: they can reset the passphrase with the "
        "recovery key kept at enrolment.",
    "解锁": "Unlock",
    # PassphraseFields
    "至少 6 个字符": "at least 6 characters",
    "数据库口令": "Database passphrase",
    "再输入一次": "Type it again",
    # FirstRunDialog
    "数据库加密保存，每次启动时输入口令。忘记口令时，乡镇可以用恢复密钥帮您重设。":
        "The database is stored encrypted; you enter the passphrase at every start. If you forget it, the "
        "township can reset it with the recovery key.",
    "请设置数据库口令：口令不能为空。": "Please set a database passphrase: it cannot be empty.",
    # _LockPage
    "已锁定": "Locked",
    "一段时间没有操作，数据已隐藏。请输入数据库口令继续：":
        "No activity for a while: the data is hidden. Enter the database passphrase to continue:",
    # LedgerDialog, HistoryDialog
    "PDF 文件不加密：请只保存到自己的电脑或U盘，用完删除。":
        "PDF files are not encrypted: save them only on your own computer or USB drive, and delete them "
        "when done.",
    "导出修改记录（文件不加密，请妥善保管）": "Export change history (the file is not encrypted; keep it safe)",
}
