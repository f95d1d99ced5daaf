"""Pausing Python's cyclic garbage collector while bulk work builds many objects.

Parsing a township change set makes millions of lists, strings and ints, and every 700 new
container objects the collector walks the young ones again; every few passes it walks everything
alive — a growing heap walked over and over. None of what a parse or a merge builds forms
reference cycles (reference counting frees it), so pausing the collector for the duration halves
the parse (msgspec's own advice for large messages) and saves a tenth of a merge. Nested and
concurrent pauses (a merge on a worker thread, the GUI thread meanwhile) count: the collector
runs again when the last one ends, if it was running before the first.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def gc_paused(*, keep: bool = False):
    """No cyclic collections inside the block. ``keep=True`` for what lives as long as the process
    (start-up's modules, classes and main window): everything tracked is then frozen out of later
    collections (``gc.freeze``) before the collector runs again, instead of the first collection
    walking it all (~7 ms at the GUI's start-up) and every full one after."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
