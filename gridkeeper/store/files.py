"""Owner-only files and folders: the one place that decides how gridkeeper creates them.

The database, its ``-wal``/``-shm`` files, backups and their folder, key cards, bundles and their
``.part`` temporaries, ledgers and spreadsheets all hold personal data or keys (DESIGN §5 "At
rest"). On POSIX they are created owner-only — files ``0600``, folders ``0700`` — and the mode is
given at creation (``os.open(..., 0o600)``, ``mkdir(mode=0o700)``) or set with ``chmod`` right after
creation, *before* any data is written. The process umask is never touched: changing it is
process-wide and races with every other thread (the GUI's task pool writes files too).

On Windows the modes mean nothing; the files live in the user's profile
(``%LOCALAPPDATA%\\gridkeeper``), whose ACL already limits them to that user (and administrators).
Files the user writes elsewhere (a USB stick, a FAT file system) get whatever that place allows.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
POSIX = os.name == "posix"


def make_private(path: str | os.PathLike, *, folder: bool = False) -> None:
    """Tighten an existing file (0600) or folder (0700) we own; silently a no-op where modes do not
    apply (Windows, FAT sticks) or the file is not ours."""
    if not POSIX:
        return
    try:
        os.chmod(path, PRIVATE_DIR if folder else PRIVATE_FILE)
    except OSError:
        pass


def _mkdirs(p: Path) -> None:
    """Create ``p`` and its missing parents, each one 0700 (``Path.mkdir(parents=True, mode=…)``
    gives the parents the umask's default mode)."""
    missing = []
    while not p.is_dir():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue
        make_private(folder, folder=True)


def private_dir(path: str | os.PathLike) -> Path:
    """Create ``path`` (and missing parents) if needed; the folder itself ends up 0700.

    Only for gridkeeper's own folders (data folder, backups folder): a folder the user picked is
    created owner-only when gridkeeper creates it, but an existing one is left alone
    (see :func:`ensure_dir`).
    """
    p = Path(path)
    _mkdirs(p)
    make_private(p, folder=True)
    return p


def ensure_dir(path: str | os.PathLike) -> Path:
    """A folder for a file the user chose to write: created 0700 when missing, left as it is when
    it exists (it is the user's folder)."""
    p = Path(path)
    _mkdirs(p)
    return p


def create_private(path: str | os.PathLike, *, exclusive: bool = True) -> Path:
    """Create an empty owner-only file (for SQLite to fill). With ``exclusive`` an existing file
    is an error (``FileExistsError``)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(str(path), flags, PRIVATE_FILE)
    try:
        if POSIX:
            os.fchmod(fd, PRIVATE_FILE)  # an existing file keeps its old mode through O_CREAT
    finally:
        os.close(fd)
    return Path(path)


def write_private(path: str | os.PathLike, data: bytes, *, fsync: bool = False) -> Path:
    """Write ``data`` to an owner-only file (created or truncated; mode set before the first byte)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(str(path), flags, PRIVATE_FILE)
    try:
        if POSIX:
            os.fchmod(fd, PRIVATE_FILE)
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        if fsync:
            os.fsync(fd)
    finally:
        os.close(fd)
    return Path(path)


def open_private_text(path: str | os.PathLike, mode: str = "a", encoding: str = "utf-8"):
    """A text file object (append or write) on an owner-only file, e.g. the error log."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode == "a" else os.O_TRUNC)
    fd = os.open(str(path), flags, PRIVATE_FILE)
    if POSIX:
        os.fchmod(fd, PRIVATE_FILE)
    return os.fdopen(fd, mode, encoding=encoding)


def make_database_private(path: str | os.PathLike) -> None:
    """The database file and the ``-wal``/``-shm``/``-journal`` files SQLite creates beside it.

    SQLite gives those the main file's mode; this also tightens files left by older versions.
    """
    if not POSIX:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = f"{os.fspath(path)}{suffix}"
        if os.path.exists(p):
            make_private(p)
