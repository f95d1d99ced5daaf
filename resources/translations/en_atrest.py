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

EN.update({
    # App (ui/app.py): converting an old plain database, the township's sealed keys
    "加密数据库": "Encrypt the database",
    "从这个版本起，数据库在磁盘上加密保存：电脑丢失时，别人读不到居民信息。\n"
    "请设置数据库口令（每次启动时输入）。转换前会先做备份，原来未加密的文件会被覆盖删除。\n"
    "忘记口令时，乡镇可以用登记时保存的恢复密钥帮您重设（登记后生效）。":
        "From this version on the database is encrypted on disk: a lost laptop leaks no resident data.\n"
        "Set a database passphrase (asked at every start). A backup is made first; the old unencrypted "
        "file is overwritten and deleted.\nIf you forget it, the township can reset it with the recovery "
        "key it keeps from enrolment (once enrolled).",
    "未打开": "Not opened",
    "数据库需要先加密才能打开。下次启动时可以再设置口令。":
        "The database must be encrypted before it opens. You can set the passphrase at the next start.",
    "加密失败": "Encryption failed",
    "演示数据库（未加密）": "demo database (not encrypted)",
    "数据库未加密": "database not encrypted",
    "乡镇密钥受口令保护。请输入口令（合并、导出同步包时需要）：":
        "The township keys are protected. Passphrase (needed to merge and export bundles):",
    "输入口令": "Passphrase",
    "请重新输入：": "Try again:",
})
