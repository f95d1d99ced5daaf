"""The Qt part of ``gridkeeper --smoke-test``: the platform plugin, the bundled CJK font, the
zh_CN Qt translation, pinyin collation (ICU data), and a main window shown and closed."""

from __future__ import annotations


def check_qt() -> str:
    from PySide6.QtCore import QCollator, QLibraryInfo, QLocale, QTranslator
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication, QMainWindow

    from ..resources import resource_path  # lazy: each step reports its own failure

    app = QApplication.instance() or QApplication(["gridkeeper-smoke"])
    font = resource_path("fonts", "wqy-microhei.ttc")
    if not font.is_file():
        raise RuntimeError(f"bundled font missing: {font}")
    fid = QFontDatabase.addApplicationFont(str(font))
    families = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
    if not families:
        raise RuntimeError(f"Qt could not load the bundled font {font}")
    # The Chinese Qt translations (standard dialog buttons) must be in the build.
    tr = QTranslator()
    qt_tr_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not tr.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", qt_tr_dir):
        raise RuntimeError(f"Qt zh_CN translation (qtbase_zh_CN.qm) not found in {qt_tr_dir}")
    # Chinese sorting by pinyin needs the collation data (ICU on Linux; trimmed in the frozen build).
    zh = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    names = sorted(["张伟", "李娜", "王芳", "安然"], key=QCollator(zh).sortKey)
    if names != ["安然", "李娜", "王芳", "张伟"]:
        raise RuntimeError(f"Chinese collation is wrong (ICU data missing?): {names}")
    win = QMainWindow()
    win.setWindowTitle("网格员台账 gridkeeper")
    win.show()
    app.processEvents()
    win.close()
    win.deleteLater()
    app.processEvents()
    return f"{app.platformName()}, font {families[0]}"
