"""Helpers for GUI tests (pytest-qt): a synchronous task pool, isolated settings, typing Chinese.

Kept in the package (not only under tests/) so the frozen build's smoke test can use it too.
"""

from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QInputMethodEvent

from . import first_paint, tasks
from .settings import use_settings_file


class SynchronousPool:
    """A thread pool that runs each task at once on the calling thread (Picard's FakeThreadPool)."""

    def start(self, runnable, priority: int = 0) -> None:
        runnable.run()

    def waitForDone(self, msecs: int = -1) -> bool:  # noqa: N802 - Qt's name
        return True


def _at_once(_window, fn) -> None:
    fn()


@contextmanager
def immediate_tasks():
    """Inside the block, background tasks run at once on the calling thread (a synchronous pool),
    and the start-up steps that wait for a window's first paint run at once too."""
    before = tasks.set_pool(SynchronousPool())
    before_paint, first_paint.after_first_paint = first_paint.after_first_paint, _at_once
    try:
        yield
    finally:
        tasks.set_pool(before)
        first_paint.after_first_paint = before_paint


def isolate_settings(path) -> None:
    use_settings_file(str(path))


def type_text(widget, text: str) -> None:
    """Commit ``text`` as an input method would (``qtbot.keyClicks`` aborts on Chinese)."""
    widget.setFocus()
    ev = QInputMethodEvent("", [])
    ev.setCommitString(text)
    QCoreApplication.sendEvent(widget, ev)


def on_next_dialog(qtbot, fn, *, timeout_ms: int = 5000):
    """Run ``fn(dialog)`` on the next modal dialog once it is shown (for code that calls ``exec()``).

    Call before the action that opens the dialog. If ``fn`` fails the dialog is rejected (so the
    test does not hang) and the error is re-raised by the returned ``check()``.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    state = {"error": None, "done": False, "waited": 0}

    def poll():
        dlg = QApplication.activeModalWidget()
        if isinstance(dlg, QDialog) and dlg.isVisible():
            try:
                fn(dlg)
                if dlg.isVisible():
                    problems = getattr(getattr(dlg, "form", None), "problems", None)
                    raise AssertionError(f"dialog still open after the test's actions: {problems}")
            except BaseException as e:  # noqa: BLE001
                state["error"] = e
                dlg.reject()
            state["done"] = True
            return
        state["waited"] += 20
        if state["waited"] < timeout_ms:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)

    def check():
        if state["error"] is not None:
            raise state["error"]
        assert state["done"], "no dialog was shown"

    return check
