"""``Announcer``: the one signal on which data changes reach every view.

An operation that changed data announces a :class:`~gridkeeper.domain.changed.Changes`; every view
connected to ``changed`` looks at it and refreshes itself if it cares. No view calls another view's
refresh. The main window owns the announcer of a session (``MainWindow.announcer``); a township
workspace shown on its own makes its own.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..domain.changed import Changes


class Announcer(QObject):
    changed = Signal(object)  # Changes

    def announce(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)
