"""Language switching for the GUI: the Qt translator plus the lower layers' language.

Source strings in the code are Simplified Chinese (``self.tr("保存")``); English comes from
``resources/translations/gridkeeper_en.qm`` (built from ``gridkeeper_en.ts`` by
``resources/translations/build.py``). Data labels (field names, vocabularies) carry both languages
in ``domain`` and follow :func:`gridkeeper.domain.lang.set_language`, which is called here too.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..domain.lang import set_language
from ..resources import resource_path

log = logging.getLogger(__name__)
_translators: list[QTranslator] = []

# Qt 6.12 renamed a few file-dialog labels (accelerators added: "&Look in:", "Files of &type:") and the
# qtbase_zh_CN.qm it ships still translates the old texts, so those two labels stayed English in an
# otherwise Chinese file dialog. ``qt_gaps_zh_CN.qm`` (built from the .ts beside it) fills the gap.
# (A QTranslator subclass overriding translate() in Python would do it too, but PySide6 6.12 leaks a
# reference to None on every "not mine" answer and the interpreter aborts later.)
QT_GAPS_QM = ("translations", "qt_gaps_zh_CN.qm")


def qm_path():
    return resource_path("translations", "gridkeeper_en.qm")


def install_language(code: str) -> str:
    """Switch the running application to ``code`` ("zh" or "en"); returns the code in effect."""
    app = QCoreApplication.instance()
    code = "en" if str(code).startswith("en") else "zh"
    for t in _translators:
        app.removeTranslator(t)
    _translators.clear()
    if code == "en":
        t = QTranslator(app)
        if t.load(str(qm_path())):
            app.installTranslator(t)
            _translators.append(t)
        else:
            log.warning("English translation not found at %s", qm_path())
    else:
        # Qt's own strings (Close, Cancel, Yes/No in message boxes, file dialogs) in Chinese too
        qt = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
            app.installTranslator(qt)
            _translators.append(qt)
        else:
            log.warning("Qt's Chinese translation (qtbase_zh_CN.qm) not found in %s", folder)
        gaps = QTranslator(app)
        if gaps.load(str(resource_path(*QT_GAPS_QM))):
            app.installTranslator(gaps)
            _translators.append(gaps)
    QLocale.setDefault(QLocale(QLocale.Language.English if code == "en" else QLocale.Language.Chinese,
                               QLocale.Country.UnitedStates if code == "en" else QLocale.Country.China))
    set_language(code)
    return code


def translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)
