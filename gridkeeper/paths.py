"""Where gridkeeper keeps its files. One module, so tests and development can redirect it.

The data folder comes from platformdirs (e.g. ``%LOCALAPPDATA%\\gridkeeper`` on Windows,
``~/.local/share/gridkeeper`` on Linux) unless ``GRIDKEEPER_DATA_DIR`` or ``--data-dir`` says
otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path
from .store.files import private_dir

_override: Path | None = None


def set_data_dir(path: str | os.PathLike | None) -> None:
    global _override
    _override = Path(path) if path else None


def data_dir() -> Path:
    if _override is not None:
        base = _override
    elif os.environ.get("GRIDKEEPER_DATA_DIR"):
        base = Path(os.environ["GRIDKEEPER_DATA_DIR"])
    else:
        import platformdirs  # lazy: start-up

        base = Path(platformdirs.user_data_dir("gridkeeper", appauthor=False))
    if not base.is_dir():

        private_dir(base)  # it will hold the database and its backups: owner-only (0700)
    return base


def default_db_path() -> Path:
    return data_dir() / "gridkeeper.db"


def demo_db_path() -> Path:
    return data_dir() / "demo.db"


def backups_dir_for(db_path: str | os.PathLike) -> Path:
    """Backups live beside the database, in ``<db name>.backups/``."""
    p = Path(db_path)
    return p.with_name(p.name + ".backups")
