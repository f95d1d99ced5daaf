"""Starting the desktop app: ``run_gui(db_path) -> exit code``.

Steps: a QApplication; the bundled WenQuanYi Micro Hei font as the application font (Chinese
renders on machines without CJK fonts); the translator for the saved language (Chinese by
default); then the database — the one given, else the last one opened (QSettings), else the
first-run dialog — and the main window. At start the app warns when the system clock is earlier
than the last stamp this database issued (a laptop whose date was reset).
"""

from __future__ import annotations

import functools
import logging
import sys
from datetime import timedelta
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import paths
from ..domain.errors import GridkeeperError
from ..domain.messages import M
from ..resources import resource_path
from ..store import atrest, driver
from ..store.backup import list_backups
from ..store.check import startup_health
from ..store.db import open_db, storage_error
from ..store.devices import self_device
from ..store.meta import load_clock
from ..store.restore import restore_backup
from . import settings as S
from . import tasks
from .i18n import install_language, translate

log = logging.getLogger(__name__)
FONT_FAMILY_FALLBACK = "WenQuanYi Micro Hei"
_font_family: str | None = None


def load_cjk_font(app: QApplication) -> str | None:
    """Register the bundled CJK font and make it the application font; returns its family."""
    global _font_family
    if _font_family is None:
        fid = QFontDatabase.addApplicationFont(str(resource_path("fonts", "wqy-microhei.ttc")))
        families = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
        if not families:
            log.warning("bundled CJK font could not be loaded; relying on system fonts")
            return None
        _font_family = families[0]
    font = QFont(_font_family)
    font.setPointSize(max(app.font().pointSize(), 10))
    app.setFont(font)
    return _font_family


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(S.ORG)
    app.setApplicationName(S.APP)
    load_cjk_font(app)

    install_language(S.language())
    app.setApplicationDisplayName(translate("App", "网格员台账"))  # after the translator: in its language
    return app


def clock_warning(db) -> str | None:
    """A message when the system clock is behind the last stamp issued, else None."""
    behind = load_clock(db).system_clock_behind()
    if behind <= 60_000:
        return None
    span = timedelta(milliseconds=behind)
    hours = span.total_seconds() / 3600
    return translate("App", "这台电脑的系统时间比本数据库上次记录的时间早了约 {hours:.1f} 小时。请先核对电脑的日期和时间，"
                            "否则新的修改可能在同步时被当作旧数据。").format(hours=hours)


def unlock_database(path: str, parent=None) -> bool:
    """An encrypted database not unlocked yet: ask for its passphrase (retry on a wrong one)."""
    if not atrest.needs_passphrase(path):
        return True
    from ..sync.keys import remember_passphrase  # lazy: start-up (only when a passphrase is needed)
    from .unlock import UnlockDialog  # lazy: start-up (only when a passphrase is needed)

    dlg = UnlockDialog(path, parent)
    if dlg.exec() != UnlockDialog.DialogCode.Accepted:
        return False
    remember_passphrase(dlg.passphrase)  # a township's keys share it: not asked twice
    return True


def is_demo(path: str) -> bool:
    """The demo database (``demo.db``, or any file ``gridkeeper demo`` built): it stays plain."""
    p = Path(path)
    if p.name == paths.demo_db_path().name:
        return True
    return atrest.marked_demo(p)


def encrypt_if_plain(path: str, parent=None) -> bool:
    """First start of this version on an old plain database: convert it (a backup first, no plain
    copy left). The demo stays plain. False when the user declines (the app then does not open it)."""
    atrest.finish_interrupted(path)
    if is_demo(path) or not atrest.is_plain_file(path):
        return True
    from .unlock import NewPassphraseDialog  # lazy: start-up (only for an old plain database)

    dlg = NewPassphraseDialog(
        translate("App", "加密数据库"),
        translate("App", "从这个版本起，数据库在磁盘上加密保存：电脑丢失时，别人读不到居民信息。\n"
                         "请设置数据库口令（每次启动时输入）。转换前会先做备份，原来未加密的文件会被覆盖删除。\n"
                         "忘记口令时，乡镇可以用登记时保存的恢复密钥帮您重设（登记后生效）。"), parent)
    if dlg.exec() != NewPassphraseDialog.DialogCode.Accepted:
        QMessageBox.information(parent, translate("App", "未打开"),
                                translate("App", "数据库需要先加密才能打开。下次启动时可以再设置口令。"))
        return False
    try:
        atrest.encrypt_plain_database(path, dlg.passphrase)
    except GridkeeperError as e:
        QMessageBox.warning(parent, translate("App", "加密失败"), str(e))
        return False
    from ..sync.keys import remember_passphrase  # lazy: start-up

    remember_passphrase(dlg.passphrase)
    return True


def open_main_window(path: str, parent_for_errors=None):
    """Open ``path`` in a new main window (shown); None with a message when it cannot be opened."""
    from .main_window import MainWindow  # lazy: start-up

    if not unlock_database(path, parent_for_errors):
        return None

    try:
        try:
            db = open_db(path)
            win = MainWindow(db)
        except driver.DatabaseError as raw:  # the file opened but its pages are damaged
            raise (storage_error(raw) or GridkeeperError(M("the_database_file_is_damaged", e=raw),
                                                        code="damaged")) from raw
    except GridkeeperError as e:
        if getattr(e, "code", "") == "damaged" and offer_restore(parent_for_errors, path, str(e)):
            return open_main_window(path, parent_for_errors)
        QMessageBox.warning(parent_for_errors, translate("App", "无法打开数据库"), str(e))
        return None
    S.set_last_db(path)
    _mark_encryption(win, path)
    win.open_requested.connect(functools.partial(_open_instead, win))
    win.show()
    global _window
    _window = win
    # nothing more before the first paint: the clock warning, the passphrase and the checks follow it
    after_first_paint(win, lambda: _after_shown(win, db, path))
    return win


_window = None


def _open_instead(window, path: str) -> None:
    """文件 ▸ 打开数据库: ``path`` in a new main window; ``window`` closes once that one is open."""
    if open_main_window(path, parent_for_errors=window) is not None:
        window.close()


def _after_shown(win, db, path) -> None:
    try:
        warning = clock_warning(db)
        if warning:
            QMessageBox.warning(win, translate("App", "系统时间异常"), warning)
        _ask_passphrase(win, db)
        _startup_checks(win, db, path)
    except RuntimeError:  # the window was closed meanwhile
        log.info("window closed before its start-up steps ran")


def after_first_paint(window, fn) -> None:
    """Call ``fn`` on the GUI thread once ``window`` has painted for the first time (GUI tests swap
    this function for one that calls ``fn`` at once: ``ui.testing.immediate_tasks``)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    app = QApplication.instance()
    if app is None:
        fn()
        return

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and obj.isWidgetType() and obj.window() is window:
                app.removeEventFilter(self)
                _pending.discard(self)
                QTimer.singleShot(0, fn)
            return False

    watcher = FirstPaint()
    _pending.add(watcher)
    app.installEventFilter(watcher)


_pending: set = set()

def _mark_encryption(win, path: str) -> None:
    """The demo says it is unencrypted; an encrypted database gets the idle lock."""
    if not atrest.is_encrypted(path):
        label = translate("App", "演示数据库（未加密）") if is_demo(path) else translate("App", "数据库未加密")
        win.setWindowTitle(win.windowTitle() + " — " + label)
        win.statusBar().addPermanentWidget(_plain_label(label))
        return
    from .unlock import IdleLock  # lazy: start-up

    win.idle_lock = IdleLock(win, path, S.idle_lock_minutes())


def _plain_label(text: str):
    from PySide6.QtWidgets import QLabel

    w = QLabel(text)
    w.setObjectName("plain_db_label")
    return w


def offer_restore(parent, path: str, problem: str) -> bool:
    """A damaged file: offer the newest readable backup (the township's return bundle fills the gap)."""
    good = [b for b in list_backups(path) if b.ok]
    if not good:
        QMessageBox.critical(parent, translate("App", "数据库文件损坏"),
                             problem + "\n\n" + translate("App", "没有找到可用的备份。请向乡镇索取返回包，在新数据库中合并。"))
        return False
    b = good[0]
    answer = QMessageBox.question(
        parent, translate("App", "数据库文件损坏"),
        problem + "\n\n" + translate("App", "是否从最近的备份恢复（{created}，{persons} 人）？\n"
                                              "恢复后请合并乡镇的返回包，补齐之后的数据。").format(
            created=f"{b.created:%Y-%m-%d %H:%M}", persons=b.persons))
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        restore_backup(Path(path), b.path)  # validated first: a tampered or foreign backup is refused
    except GridkeeperError as e:
        QMessageBox.warning(parent, translate("App", "恢复失败"), str(e))
        return False
    return True


def _ask_passphrase(win, db) -> bool:
    """A township's keys are sealed: ask for the passphrase once per session (three tries)."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    if self_device(db).role != "township":  # a worker laptop's keys are never sealed
        return True
    from ..sync.keys import keys_protected, load_device_keys, remember_passphrase  # lazy: start-up

    if not keys_protected(db):
        return True
    try:
        load_device_keys(db)  # this session's passphrase (first-run dialog, or the database's at start)
        return True
    except GridkeeperError:
        pass
    prompt = translate("App", "乡镇密钥受口令保护。请输入口令（合并、导出同步包时需要）：")
    for _ in range(3):
        text, ok = QInputDialog.getText(win, translate("App", "输入口令"), prompt, QLineEdit.EchoMode.Password)
        if not ok:
            return False
        try:
            load_device_keys(db, text)
        except GridkeeperError as e:
            prompt = str(e) + "\n" + translate("App", "请重新输入：")
            continue
        remember_passphrase(text)
        return True
    return False


def _startup_checks(win, db, path):
    """The quick integrity check, today's backup and the export reminder (store.check).

    Both the check and the backup grow with the database (a township's takes seconds), so they run
    as a background task with its own connection once the window is up; what they find comes back
    on the GUI thread (:func:`_after_health`).
    """
    def failed(e):
        log.warning("start-up checks failed: %s", e)

    def start():
        tasks.run_task(lambda task_db, progress, cancelled: startup_health(task_db), path,
                       on_done=lambda health: _after_health(win, path, health), on_error=failed)

    start()
    return win


def _after_health(win, path, health):
    global _window
    try:
        if not health.ok:
            win.db.conn.close()
            if offer_restore(win, path, health.damaged or ""):
                win.close()
                _window = open_main_window(path)
                return

            win.db = open_db(path, migrate=False)  # keep reading what can be read
            return
        reminders = health.warnings
        if reminders:
            win.statusBar().showMessage(" ".join(reminders), 30000)
            if health.days_since_export is not None:  # overdue since a real export: worth a dialog
                QMessageBox.information(win, translate("App", "提醒"), "\n\n".join(reminders))
    except RuntimeError:  # the window was closed before the checks finished
        log.info("start-up checks finished after the window closed")


def choose_database() -> str | None:
    last = S.last_db()
    if last and Path(last).is_file():
        return last
    from .first_run import FirstRunDialog  # lazy: start-up

    dlg = FirstRunDialog()
    if dlg.exec() != FirstRunDialog.DialogCode.Accepted:
        return None
    return dlg.chosen_path


def run_gui(db_path: str | None) -> int:
    logging.basicConfig(level=logging.INFO)
    app = make_app()
    path = db_path or choose_database()
    if not path:
        return 0
    if not encrypt_if_plain(str(path)):
        return 1
    win = open_main_window(str(path))
    if win is None:
        return 1
    code = app.exec()

    tasks.wait_all()  # let background work started at start-up (today's backup) finish cleanly
    return code
