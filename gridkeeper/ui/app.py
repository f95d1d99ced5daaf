"""Starting the desktop app: ``run_gui(db_path) -> exit code``.

Steps: a QApplication; the bundled WenQuanYi Micro Hei font as the application font (Chinese
renders on machines without CJK fonts); the translator for the saved language (Chinese by
default); then the database — the one given, else the last one opened (QSettings), else the
first-run dialog — and the main window. At start the app warns when the system clock is earlier
than the last stamp this database issued (a laptop whose date was reset).
"""

from __future__ import annotations

import logging
import sys
from datetime import timedelta

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from ..domain.errors import GridkeeperError
from ..domain.lang import pick
from ..resources import resource_path
from . import settings as S

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
    app.setApplicationDisplayName(pick("网格员台账", "gridkeeper"))
    load_cjk_font(app)
    from .i18n import install_language

    install_language(S.language())
    return app


def clock_warning(db) -> str | None:
    """A message when the system clock is behind the last stamp issued, else None."""
    from ..store.meta import load_clock

    behind = load_clock(db).system_clock_behind()
    if behind <= 60_000:
        return None
    span = timedelta(milliseconds=behind)
    hours = span.total_seconds() / 3600
    return pick(f"这台电脑的系统时间比本数据库上次记录的时间早了约 {hours:.1f} 小时。请先核对电脑的日期和时间，"
                f"否则新的修改可能在同步时被当作旧数据。",
                f"This computer's clock is about {hours:.1f} hours behind the last time this database recorded. "
                f"Please check the date and time first, or new edits may lose to older ones when syncing.")


def open_main_window(path: str, parent_for_errors=None):
    """Open ``path`` in a new main window (shown); None with a message when it cannot be opened."""
    from ..store.db import open_db
    from .main_window import MainWindow

    try:
        db = open_db(path)
        win = MainWindow(db)
    except GridkeeperError as e:
        QMessageBox.warning(parent_for_errors, pick("无法打开数据库", "Cannot open the database"), str(e))
        return None
    S.set_last_db(path)
    win.show()
    warning = clock_warning(db)
    if warning:
        QMessageBox.warning(win, pick("系统时间异常", "System clock"), warning)
    global _window
    _window = win
    return win


_window = None


def choose_database() -> str | None:
    from pathlib import Path

    last = S.last_db()
    if last and Path(last).is_file():
        return last
    from .first_run import FirstRunDialog

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
    win = open_main_window(str(path))
    if win is None:
        return 1
    return app.exec()
