"""Background tasks (Picard's ``run_task`` / Anki's ``QueryOp`` pattern).

:func:`run_task` runs ``fn(db, progress, cancelled)`` on the global thread pool. The worker opens
its **own** connection with ``open_db(db_path)`` — a sqlite connection never crosses threads — and
closes it afterwards. Progress, the result and any error come back on the GUI thread through Qt
signals (queued connections), so callbacks may touch widgets.

The pool is injectable (Picard's ``run_task(..., thread_pool)``): :func:`set_pool` replaces Qt's
global pool for every task, and ``run_task(pool=...)`` for one. Tests hand in a pool that runs each
task at once on the calling thread (``SynchronousPool`` and ``immediate_tasks`` in
:mod:`gridkeeper.ui.testing`), which keeps GUI tests deterministic; nothing here knows about tests.
A caller that keeps the handle to cancel the task creates it first (``handle=TaskHandle()``), so its
callbacks can clear it whenever the pool runs the task.
"""

from __future__ import annotations

import logging
import threading
import traceback
from typing import Any, Callable, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..store.db import open_db

log = logging.getLogger(__name__)
_alive: set = set()   # keep signal objects alive until their task reports


class Pool(Protocol):
    """What run_task needs of a thread pool (``QThreadPool`` has both)."""

    def start(self, runnable: QRunnable) -> None: ...

    def waitForDone(self, msecs: int = ...) -> bool: ...  # noqa: N802 - Qt's name


_pool: Pool | None = None   # None: Qt's global thread pool


def set_pool(pool: Pool | None) -> Pool | None:
    """Run every task on ``pool`` from now on (None: Qt's global pool); returns the previous one."""
    global _pool
    before, _pool = _pool, pool
    return before


def current_pool() -> Pool:
    return _pool if _pool is not None else QThreadPool.globalInstance()


class TaskSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object, str)     # exception, formatted traceback


class TaskHandle:
    """What :func:`run_task` returns: ``cancel()`` asks the task to stop at its next check."""

    def __init__(self, signals: TaskSignals | None = None):
        self.signals = signals if signals is not None else TaskSignals()
        self._cancel = threading.Event()
        self.done = False

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Runnable(QRunnable):
    def __init__(self, fn, db_path, handle: TaskHandle):
        super().__init__()
        self.fn, self.db_path, self.handle = fn, db_path, handle
        self.setAutoDelete(True)

    def run(self) -> None:
        _execute(self.fn, self.db_path, self.handle)


def _execute(fn, db_path, handle: TaskHandle) -> None:
    sig = handle.signals
    db = None
    try:
        db = open_db(db_path) if db_path else None
        result = fn(db, lambda done, total, text="": sig.progress.emit(int(done), int(total), str(text)),
                    handle.cancelled)
    except BaseException as e:  # noqa: BLE001 - every error must reach the user
        tb = traceback.format_exc()
        log.error("background task failed: %s\n%s", e, tb)
        sig.failed.emit(e, tb)
    else:
        sig.finished.emit(result)
    finally:
        if db is not None:
            db.conn.close()


def run_task(fn: Callable[[Any, Callable, Callable], Any], db_path: str | None, *,
             on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None,
             on_progress: Callable[[int, int, str], None] | None = None,
             handle: TaskHandle | None = None, pool: Pool | None = None) -> TaskHandle:
    """Run ``fn(db, progress, cancelled)`` off the GUI thread with its own connection to ``db_path``.

    ``handle``: a fresh :class:`TaskHandle` the caller already holds (else one is made); ``pool``:
    this task's pool (else :func:`current_pool`).
    """
    handle = handle if handle is not None else TaskHandle()
    sig = handle.signals
    _alive.add(sig)

    def finish(*_):
        handle.done = True
        _alive.discard(sig)

    if on_progress:
        sig.progress.connect(on_progress)
    if on_done:
        sig.finished.connect(on_done)
    if on_error:
        sig.failed.connect(lambda e, tb: on_error(e))
    sig.finished.connect(finish)
    sig.failed.connect(finish)
    (pool if pool is not None else current_pool()).start(_Runnable(fn, db_path, handle))
    return handle


def wait_all(msecs: int = 30000) -> bool:
    return current_pool().waitForDone(msecs)
