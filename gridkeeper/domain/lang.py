"""The user's language for messages produced below the UI (CLI errors, validation, reports).

Simplified Chinese is the default; English is selectable with ``set_language("en")`` or the
``GRIDKEEPER_LANG`` environment variable. The Qt UI uses its own translator for widget text and
calls :func:`set_language` so messages from the lower layers follow the same choice.
"""

from __future__ import annotations

import os

SUPPORTED = ("zh", "en")
_language: str | None = None


def get_language() -> str:
    if _language is not None:
        return _language
    env = os.environ.get("GRIDKEEPER_LANG", "").lower()
    return "en" if env.startswith("en") else "zh"


def set_language(code: str) -> None:
    global _language
    code = (code or "zh").lower()[:2]
    _language = code if code in SUPPORTED else "zh"


def pick(zh: str, en: str) -> str:
    """Return the text in the current language."""
    return en if get_language() == "en" else zh
