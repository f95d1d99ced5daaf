"""Where file dialogs start: the user's Documents folder (文档), not the program's folder.

A relative name given to ``QFileDialog`` opens in the current directory — on Windows the program's
install folder, where a worker would never look for an export again.
"""

from __future__ import annotations

from pathlib import Path


def documents_dir() -> Path:
    from PySide6.QtCore import QStandardPaths  # its 23-member enum is built at first use, not at start-up

    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def in_documents(name: str = "") -> str:
    return str(documents_dir() / name) if name else str(documents_dir())
