"""The background-task runner takes its thread pool from outside (Picard's injected pool)."""

from __future__ import annotations

from gridkeeper.ui import tasks
from gridkeeper.ui.testing import SynchronousPool, immediate_tasks


class HeldPool:
    """Keeps the tasks it is given until the test runs them."""

    def __init__(self):
        self.waiting = []

    def start(self, runnable, priority: int = 0) -> None:
        self.waiting.append(runnable)

    def waitForDone(self, msecs: int = -1) -> bool:  # noqa: N802
        return not self.waiting


def test_a_task_runs_on_the_pool_it_is_given(qtbot):
    pool, results = HeldPool(), []
    handle = tasks.run_task(lambda db, progress, cancelled: 6 * 7, None, on_done=results.append, pool=pool)
    assert len(pool.waiting) == 1 and results == [] and not handle.done
    pool.waiting.pop().run()
    assert results == [42] and handle.done


def test_the_pool_set_for_all_tasks_is_used_and_restored(qtbot):
    pool = HeldPool()
    before = tasks.set_pool(pool)
    try:
        tasks.run_task(lambda db, progress, cancelled: None, None)
        assert len(pool.waiting) == 1 and tasks.current_pool() is pool and not tasks.wait_all(0)
    finally:
        assert tasks.set_pool(before) is pool


def test_a_synchronous_pool_reports_before_run_task_returns_to_a_handle_held_first(qtbot):
    seen = {}

    class Owner:
        handle = None

        def done(self, result):
            seen["result"], seen["handle at the end"] = result, self.handle
            self.handle = None

    owner = Owner()
    with immediate_tasks():
        assert isinstance(tasks.current_pool(), SynchronousPool)
        owner.handle = tasks.TaskHandle()
        tasks.run_task(lambda db, progress, cancelled: "ok", None, on_done=owner.done, handle=owner.handle)
    assert seen["result"] == "ok" and seen["handle at the end"] is not None and owner.handle is None


def test_errors_come_back_through_the_callback(qtbot):
    errors = []
    with immediate_tasks():
        tasks.run_task(lambda db, progress, cancelled: 1 / 0, None, on_error=errors.append)
    assert [type(e) for e in errors] == [ZeroDivisionError]


def test_the_default_pool_runs_tasks_off_the_gui_thread(qtbot):
    import threading

    seen = []
    handle = tasks.run_task(lambda db, progress, cancelled: threading.get_ident(), None, on_done=seen.append)
    qtbot.waitUntil(lambda: handle.done, timeout=5000)
    assert seen and seen[0] != threading.get_ident()
