"""QSettings for the GUI: one organisation/app name, and a redirect for tests.

``GRIDKEEPER_SETTINGS=/path/file.ini`` (or :func:`use_settings_file`) makes every setting go to that
INI file instead of the user's registry/config folder, so tests never touch real settings.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

ORG = "gridkeeper"
APP = "gridkeeper"
_file: str | None = None


def use_settings_file(path: str | None) -> None:
    global _file
    _file = str(path) if path else None


def settings() -> QSettings:
    path = _file or os.environ.get("GRIDKEEPER_SETTINGS")
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(ORG, APP)


def language() -> str:
    value = str(settings().value("language", "zh") or "zh")
    return "en" if value.startswith("en") else "zh"


def set_language_setting(code: str) -> None:
    settings().setValue("language", code)


def last_db() -> str | None:
    value = settings().value("last_db")
    return str(value) if value else None


def set_last_db(path: str) -> None:
    settings().setValue("last_db", str(path))


def idle_lock_minutes() -> float:
    """Minutes without input before an encrypted database's window locks (0: never). Default 10."""
    try:
        return max(0.0, float(settings().value("idle_lock_minutes", 10)))
    except (TypeError, ValueError):
        return 10.0


def set_idle_lock_minutes(minutes: float) -> None:
    settings().setValue("idle_lock_minutes", float(minutes))
