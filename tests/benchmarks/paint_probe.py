"""Watching a main window's first paint from inside the measured process (benchmarks, start-up tests).

:func:`watch` puts an event filter on the window alone: a window is painted before its children, so
its first Paint event is the window's first paint. (An application-wide Python filter would have
PySide build a Python type, with all its enums, for every kind of widget that receives any event
before the paint: ~40 ms the measured app never spends.) :func:`watch_gui` does the same for the
window that ``gridkeeper gui`` opens, without changing the order in which the app imports its
modules: it wraps ``ui.app.open_main_window`` as that module loads. Nothing here is imported by the
app itself.
"""

from __future__ import annotations

import sys


def watch(window, on_paint, on_ready=None, on_settled=None):
    """``on_paint(window)`` at the window's first paint; ``on_ready(window)`` once the tab in front is
    built with its list loaded (``MainTabs.tab_built``; at the first paint for a window without lazily
    built tabs); ``on_settled(window)`` once the start-up steps queued after the paint have run
    too (clock warning, passphrase, the background checks started). Returns the watcher (keep it)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    tabs = getattr(window, "tabs", None)
    lazy = hasattr(tabs, "tab_built")
    state = {"painted": False, "ready": False}

    def mark_ready():
        state["ready"] = True
        if on_ready is not None:
            on_ready(window)
        if on_settled is not None:  # a zero timer runs after those already queued (the start-up steps)
            QTimer.singleShot(0, lambda: on_settled(window))

    def tab_built(name):
        if not state["ready"] and name == tabs.name_of(tabs.currentWidget()):
            mark_ready()

    if lazy:
        tabs.tab_built.connect(tab_built)

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt API)
            if event.type() == QEvent.Type.Paint and not state["painted"]:
                state["painted"] = True
                on_paint(window)
                if not lazy:
                    mark_ready()
            return False

    watcher = FirstPaint(window)
    window.installEventFilter(watcher)
    return watcher


class _WrapOpen:
    """A meta path finder that wraps ``open_main_window`` once ``gridkeeper.ui.app`` is imported
    (``importlib.abc`` itself would import a dozen modules into the measured process)."""

    def __init__(self, on_paint, on_ready, on_settled):
        self.on_paint, self.on_ready, self.on_settled, self.watchers = on_paint, on_ready, on_settled, []

    def find_spec(self, name, path, target=None):
        if name != "gridkeeper.ui.app":
            return None
        import importlib.machinery

        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            opened = module.open_main_window

            def open_main_window(*args, **kwargs):  # shown, not yet painted: that waits for the event loop
                win = opened(*args, **kwargs)
                if win is not None and not self.watchers:
                    self.watchers.append(watch(win, self.on_paint, self.on_ready, self.on_settled))
                return win
            module.open_main_window = open_main_window
        spec.loader.exec_module = exec_module
        return spec


def watch_gui(on_paint, on_ready=None, on_settled=None) -> None:
    """Watch the first main window the app opens (call before importing anything of gridkeeper.ui)."""
    sys.meta_path.insert(0, _WrapOpen(on_paint, on_ready, on_settled))
