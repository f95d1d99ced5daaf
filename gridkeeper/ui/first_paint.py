"""Work that waits for a window's first paint.

Start-up shows the window first and then does what grows with the data (the tab in front and its
list, the clock warning, the passphrase, the integrity check): :func:`after_first_paint` calls a
function on the GUI thread once a window has painted for the first time, :func:`when_painted` calls
it at once when the window has painted already. A window counts as painted once a watcher has seen
it paint: an event filter on that window alone, installed only while something waits (an
application-wide filter would have PySide build a Python type for every kind of widget that gets an
event before the first paint, which costs more than it watches).

GUI tests swap :func:`after_first_paint` for one that calls at once
(``ui.testing.immediate_tasks``); :func:`when_painted` looks it up here at call time, so it follows.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

_painted: weakref.WeakSet = weakref.WeakSet()                       # windows seen painting
_watchers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # window -> its watcher


class _FirstPaint(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.waiting: list = []

    def eventFilter(self, obj, event):  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint:  # a window is painted before its children
            obj.removeEventFilter(self)
            _watchers.pop(obj, None)
            _painted.add(obj)
            for fn in self.waiting:
                QTimer.singleShot(0, fn)
            self.waiting = []
            self.deleteLater()
        return False


def after_first_paint(window, fn) -> None:
    """Call ``fn`` on the GUI thread once ``window`` has painted for the first time (at once without
    a QApplication)."""
    if QApplication.instance() is None:
        fn()
        return
    watcher = _watchers.get(window)
    if watcher is None:
        watcher = _watchers[window] = _FirstPaint(window)
        window.installEventFilter(watcher)
    watcher.waiting.append(fn)


def when_painted(widget, fn) -> None:
    """Call ``fn`` now if ``widget``'s window has painted already, else once it has."""
    window = widget.window()
    if window in _painted:
        fn()
    else:
        after_first_paint(window, fn)
