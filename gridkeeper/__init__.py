"""gridkeeper: offline record keeping for grid workers (网格员)."""

__version__ = "0.1.0"


def _import_lazily(name: str) -> None:
    """Load a module only when one of its attributes is first used.

    Most modules import sqlite-utils for their type hints only (``db: sqlite_utils.Database``, never
    evaluated): with a lazy module those imports cost nothing, and start-up does not pay ~0.2 s for
    click, dateutil and pluggy's scan of every installed package (see ``store.database``).
    (``importlib.util.LazyLoader`` does not do: in Python 3.11 the ``import`` statement itself reads
    the module's ``__spec__`` and so loads it.)
    """
    import importlib
    import importlib.util
    import sys
    import types

    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None:
        return

    class LazyModule(types.ModuleType):
        def __getattr__(self, attr):
            if attr.startswith("__") and attr != "__path__":
                raise AttributeError(attr)  # e.g. PySide6's import hook asks every module for __wrapped__
            if sys.modules.get(name) is self:
                del sys.modules[name]
            real = importlib.import_module(name)
            self.__dict__.update(real.__dict__)
            return getattr(real, attr)

    stub = LazyModule(name)
    stub.__spec__ = spec
    stub.__file__ = spec.origin
    sys.modules[name] = stub


_import_lazily("sqlite_utils")
