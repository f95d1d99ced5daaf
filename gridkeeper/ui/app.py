"""Starting the Qt application (placeholder main window until the GUI lands)."""

from __future__ import annotations


def run_gui(db_path: str | None) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance() or QApplication([])
    win = QMainWindow()
    win.setWindowTitle("gridkeeper")
    win.show()
    return app.exec()
