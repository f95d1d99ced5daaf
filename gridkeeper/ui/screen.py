"""Windows that fit the screen they open on.

An old 1366x768 laptop at 125% scaling has 1093x576 logical pixels left over for windows once the
taskbar is subtracted: a 1280x720 main window or a 660-pixel-high form puts 保存/取消 below the
screen edge. Every window and dialog therefore asks :func:`fit_to_screen` for its size instead of
calling ``resize`` with a fixed one, and long forms keep their content in a scroll area with the
buttons outside it (``editors.RecordDialog``).

:func:`available_geometry` is the one place that reads the screen; tests replace it to check each
dialog against the laptop above (``tests/test_ui_fit_screen.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication

# room left for the title bar and window frame the window manager adds around our geometry
FRAME_W, FRAME_H = 16, 40


def available_geometry(widget=None) -> QRect:
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 600)


def max_size(widget=None) -> tuple[int, int]:
    avail = available_geometry(widget)
    return max(320, avail.width() - FRAME_W), max(240, avail.height() - FRAME_H)


def fit_to_screen(widget, width: int | None = None, height: int | None = None) -> None:
    """Resize ``widget`` to ``width`` x ``height`` (default: its size hint), shrunk to the screen, and
    move it back onto the screen if it hangs over an edge."""
    hint = widget.sizeHint()
    w = width if width is not None else hint.width()
    h = height if height is not None else hint.height()
    mw, mh = max_size(widget)
    widget.resize(min(w, mw), min(h, mh))
    avail = available_geometry(widget)
    geo = widget.geometry()
    if widget.isWindow() and widget.isVisible() and not avail.contains(geo):
        x = min(max(geo.x(), avail.x()), avail.right() - geo.width())
        y = min(max(geo.y(), avail.y() + FRAME_H - 8), avail.bottom() - geo.height())
        widget.move(max(avail.x(), x), max(avail.y(), y))


def fits_on_screen(widget) -> bool:
    """The window, at its current size, is no larger than the room :func:`max_size` gives it."""
    mw, mh = max_size(widget)
    return widget.width() <= mw and widget.height() <= mh
