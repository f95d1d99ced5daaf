"""The PySide6 desktop app. Importing this package applies one interpreter workaround (below).

PySide6 6.12 on Python 3.11: every ``SignalInstance.emit()`` called from Python returns ``True``
without taking a reference to it, so each emit lowers ``True``'s reference count by one. After a
few hundred thousand emits (a long session, or a test run) CPython aborts with "bool_dealloc:
deallocating True or False". Python 3.12+ makes ``True``/``False`` immortal, which hides the bug;
on 3.11 we give both a very large reference count once, the same effect.
"""

from __future__ import annotations

import sys


def _pin_bool_singletons() -> None:
    if sys.version_info >= (3, 12) or not hasattr(sys, "getrefcount"):
        return
    import ctypes

    for obj in (True, False):
        if sys.getrefcount(obj) < (1 << 40):
            ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40


_pin_bool_singletons()
