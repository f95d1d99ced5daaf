"""Encryption at rest: the database key, its passphrase-wrapped sidecar file, unlocking.

Decisions (README, "At rest"):

* Each database has a **random 256-bit key**, given to SQLCipher as a raw key
  (``PRAGMA key = "x'…'"``), so opening costs no PBKDF2 (SQLCipher's own KDF would add ~0.5 s per
  connection, and every background task opens its own).
* The key is stored **wrapped** in a small sidecar file beside the database,
  ``<database>.key`` (owner-only): scrypt n=2^16, r=8, p=1 (64 MiB, ~0.2 s — fine on a 4 GB
  laptop; age's passphrase mode wants ~1 GB) derives a key-encryption key from the passphrase,
  and ChaCha20-Poly1305 wraps the database key; the envelope's public part is the AEAD's
  associated data. A wrong passphrase fails the tag: a clear "wrong passphrase", never a crash.
* Changing the passphrase rewrites only the sidecar; the township's recovery copy (the same key
  sealed to its age recipient at enrolment) stays valid, and recovery writes a new sidecar.
* Whether a file is encrypted is read from the file itself (a plain SQLite file begins with
  ``SQLite format 3``), so a stray or missing sidecar never turns a plain file into a "wrong key".
* Unlocked keys are kept in this process's memory, looked up by the sidecar's content (so a
  passphrase change, a restore or a recreated file never meets a stale key). ``open_db(path)``
  finds them there: background tasks and CLI commands open by path as before.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import threading
import unicodedata
from datetime import datetime
from pathlib import Path

from ..domain.errors import DatabaseError, GridkeeperError
from . import driver
from .database import db_path as database_path

PASSPHRASE_ENV = "GRIDKEEPER_PASSPHRASE"
SIDECAR_SUFFIX = ".key"
KEY_FORMAT = "gridkeeper-dbkey"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**16, 8, 1
_MAX_N, _MAX_R, _MAX_P = 2**20, 16, 4
_MAX_SIDECAR = 16 * 1024
MIN_PASSPHRASE = 6

_keys: dict[str, bytes] = {}
_lock = threading.Lock()


class WrongPassphrase(GridkeeperError):
    code = "wrong_passphrase"

    def __init__(self):
        super().__init__("口令不正确，请重新输入", "wrong passphrase; please try again")


class Locked(DatabaseError):
    code = "locked_db"


# -- files -----------------------------------------------------------------------------------

def sidecar_path(db_path: str | os.PathLike) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + SIDECAR_SUFFIX)


def marked_demo(path: str | os.PathLike) -> bool:
    """Whether a plain file is a demo database (``meta.demo = 1``, written by ``gridkeeper demo``)."""
    if not is_plain_file(path):
        return False
    try:
        conn = driver.raw_connect(path, None, readonly=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
        finally:
            conn.close()
    except driver.Error:
        return False
    return bool(row and row[0] == "1")


def is_plain_file(path: str | os.PathLike) -> bool:
    """True for an existing, non-empty, unencrypted SQLite file."""
    try:
        with open(path, "rb") as f:
            return f.read(16) == driver.SQLITE_HEADER
    except OSError:
        return False


def is_encrypted(db_path: str | os.PathLike) -> bool:
    """An existing file that is not plain SQLite, or a new file whose sidecar is already written."""
    p = Path(db_path)
    if str(db_path) == ":memory:":
        return False
    try:
        size = p.stat().st_size
    except OSError:
        size = 0
    if size == 0:
        return sidecar_path(p).is_file()  # a new database prepared by prepare_new
    try:
        with open(p, "rb") as f:
            head = f.read(24)
    except OSError:
        return False
    # a plain SQLite file: its magic string, or — magic damaged — the fixed payload fractions 64/32/32
    # at offsets 21–23 (a SQLCipher file is random there), so a damaged plain file reads as damaged
    return head[:16] != driver.SQLITE_HEADER and head[21:24] != b"\x40\x20\x20"


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, owner-only (0600), synced."""
    tmp = path.with_name(path.name + ".part")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def key_file_of(db_path: str | os.PathLike) -> Path:
    """The key file that opens ``db_path``: its own sidecar, or — for a backup kept in
    ``<database>.backups/`` without one — the sidecar of the database it belongs to."""
    own = sidecar_path(db_path)
    parent = Path(db_path).parent
    if not own.exists() and parent.name.endswith(".backups"):
        owner = sidecar_path(parent.with_name(parent.name[:-len(".backups")]))
        if owner.exists():
            return owner
    return own


def read_sidecar(db_path: str | os.PathLike) -> bytes | None:
    sp = key_file_of(db_path)
    try:
        if sp.stat().st_size > _MAX_SIDECAR:
            raise _bad_sidecar(sp)
        return sp.read_bytes()
    except FileNotFoundError:
        return None


def _bad_sidecar(sp) -> DatabaseError:
    return DatabaseError(f"数据库密钥文件已损坏：{sp}。可从备份中取回密钥文件，或请乡镇用恢复密钥重设口令。",
                         f"the database key file is damaged: {sp}. Take it from a backup, or ask the township "
                         "to reset the passphrase with its recovery copy.", code="bad_key_file")


# -- wrapping --------------------------------------------------------------------------------

def _norm(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt  # imported when a key is unwrapped, not at start-up

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(_norm(passphrase))


def _canon(obj) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def wrap_key(key: bytes, passphrase: str) -> bytes:
    """The sidecar content: ``key`` sealed by a passphrase-derived key (JSON, versioned)."""
    check_new_passphrase(passphrase)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    header = {"format": KEY_FORMAT, "version": 1, "cipher": "chacha20-poly1305",
              "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
                      "salt": base64.b64encode(salt).decode()},
              "nonce": base64.b64encode(nonce).decode()}
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    ct = ChaCha20Poly1305(_derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)).encrypt(nonce, key, _canon(header))
    return json.dumps({**header, "wrapped": base64.b64encode(ct).decode()}, sort_keys=True, indent=1).encode() + b"\n"


def unwrap_key(blob: bytes, passphrase: str | None, *, where: Path | None = None) -> bytes:
    if not passphrase:
        raise WrongPassphrase()
    try:
        env = json.loads(blob.decode("utf-8"))
        kdf = env["kdf"]
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        ok = (env["format"] == KEY_FORMAT and env["version"] == 1 and env["cipher"] == "chacha20-poly1305"
              and kdf["name"] == "scrypt" and 2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= _MAX_R
              and 1 <= p <= _MAX_P)
        salt, nonce = base64.b64decode(kdf["salt"], validate=True), base64.b64decode(env["nonce"], validate=True)
        ct = base64.b64decode(env["wrapped"], validate=True)
        header = {k: v for k, v in env.items() if k != "wrapped"}
        if not ok or len(nonce) != 12 or len(ct) != 48:
            raise ValueError
    except Exception:
        raise _bad_sidecar(where or "?") from None
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    try:
        return ChaCha20Poly1305(_derive(passphrase, salt, n, r, p)).decrypt(nonce, ct, _canon(header))
    except InvalidTag:
        raise WrongPassphrase() from None


def check_new_passphrase(passphrase: str | None) -> str:
    if not passphrase or len(passphrase.strip()) < MIN_PASSPHRASE:
        raise GridkeeperError(f"数据库口令至少 {MIN_PASSPHRASE} 个字符", f"the database passphrase needs at least "
                              f"{MIN_PASSPHRASE} characters", code="weak_passphrase")
    return passphrase


# -- the session's unlocked keys -------------------------------------------------------------

def _remember(blob: bytes, key: bytes) -> None:
    with _lock:
        _keys[hashlib.sha256(blob).hexdigest()] = key


def forget_all() -> None:
    """Drop every unlocked key of this process (tests; a future "lock and forget")."""
    with _lock:
        _keys.clear()


def _cached(blob: bytes) -> bytes | None:
    with _lock:
        return _keys.get(hashlib.sha256(blob).hexdigest())


def needs_passphrase(db_path: str | os.PathLike) -> bool:
    """True when ``db_path`` is encrypted and this process has not unlocked it yet."""
    if not is_encrypted(db_path):
        return False
    blob = read_sidecar(db_path)
    return blob is None or _cached(blob) is None


def unlock(db_path: str | os.PathLike, passphrase: str | None) -> bytes:
    """Check ``passphrase`` against the database's key file and keep the key for this session."""
    blob = read_sidecar(db_path)
    if blob is None:
        raise missing_key_file(db_path)
    key = unwrap_key(blob, passphrase, where=key_file_of(db_path))
    _remember(blob, key)
    return key


def missing_key_file(db_path) -> DatabaseError:
    sp = key_file_of(db_path)
    return DatabaseError(f"找不到数据库密钥文件 {sp.name}（应与数据库放在同一文件夹）。没有它无法打开加密的数据库；"
                         "可从备份处取回，或请乡镇用恢复密钥重设口令。",
                         f"the database key file {sp.name} is missing (it belongs beside the database); an "
                         "encrypted database cannot be opened without it. Take it from a backup, or ask the "
                         "township to reset the passphrase with its recovery copy.", code="no_key_file")


def key_for(db_path: str | os.PathLike) -> bytes | None:
    """The raw key to open ``db_path`` with: None for a plain file; the session's unlocked key,
    else one unlocked with ``GRIDKEEPER_PASSPHRASE``; else :class:`Locked`."""
    if not is_encrypted(db_path):
        return None
    blob = read_sidecar(db_path)
    if blob is None:
        raise missing_key_file(db_path)
    key = _cached(blob)
    if key is not None:
        return key
    env = os.environ.get(PASSPHRASE_ENV)
    if env:
        return unlock(db_path, env)
    raise Locked(f"数据库已加密，需要口令才能打开：{db_path}", f"the database is encrypted; a passphrase is needed "
                 f"to open it: {db_path}")


def key_of(db) -> bytes | None:
    """The key of an open ``sqlite_utils.Database`` (None when plain or in memory)."""
    path = database_path(db)
    return key_for(path) if path else None


# -- creating, changing, recovering ----------------------------------------------------------

def prepare_new(db_path: str | os.PathLike, passphrase: str) -> bytes:
    """Before creating ``db_path``: a fresh key, wrapped into its sidecar, unlocked for the session."""
    p = Path(db_path)
    check_new_passphrase(passphrase)
    key = secrets.token_bytes(32)
    p.parent.mkdir(parents=True, exist_ok=True)
    blob = wrap_key(key, passphrase)
    write_private(sidecar_path(p), blob)
    _remember(blob, key)
    return key


def verify_key(db_path: str | os.PathLike, key: bytes) -> bool:
    """Does ``key`` open ``db_path``?"""
    try:
        conn = driver.raw_connect(db_path, key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
        return True
    except driver.DatabaseError:
        return False


def set_key_passphrase(db_path: str | os.PathLike, key: bytes, new: str) -> None:
    """Write a new sidecar for ``db_path`` wrapping ``key`` with ``new`` (after checking the key opens it)."""
    if not verify_key(db_path, key):
        raise DatabaseError("这个密钥打不开该数据库（不是同一台电脑的数据库？）",
                            "this key does not open that database (a different laptop's database?)",
                            code="wrong_key")
    blob = wrap_key(key, new)
    write_private(sidecar_path(db_path), blob)
    _remember(blob, key)


def change_db_passphrase(db_path: str | os.PathLike, old: str | None, new: str) -> None:
    """Change the passphrase of an encrypted database: only its key file changes, never the data."""
    if not is_encrypted(db_path):
        raise DatabaseError("这个数据库没有加密，没有数据库口令可改", "this database is not encrypted; it has no "
                            "passphrase to change", code="not_encrypted")
    check_new_passphrase(new)
    blob = read_sidecar(db_path)
    if blob is None:
        raise missing_key_file(db_path)
    key = unwrap_key(blob, old, where=sidecar_path(db_path))
    set_key_passphrase(db_path, key, new)


def copy_sidecar(db_path: str | os.PathLike, dest_db: str | os.PathLike) -> Path | None:
    """Put the database's key file beside a copy of it (a backup carried away on a USB stick)."""
    blob = read_sidecar(db_path)
    if blob is None:
        return None
    dest = sidecar_path(dest_db)
    write_private(dest, blob)
    return dest


# -- secure replacement ----------------------------------------------------------------------

def shred(path: str | os.PathLike) -> None:
    """Overwrite a file with zeros, sync, then delete it. Best effort: on an SSD (wear levelling)
    or a copy-on-write file system the old blocks may survive until the drive reuses them."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        return
    try:
        with open(p, "r+b") as f:
            chunk = b"\x00" * (1 << 20)
            left = size
            while left > 0:
                n = min(left, len(chunk))
                f.write(chunk[:n])
                left -= n
            f.flush()
            os.fsync(f.fileno())
    except OSError:
        pass
    p.unlink(missing_ok=True)


# -- converting a plain database -------------------------------------------------------------

def export_encrypted(src_conn, dest: Path, key: bytes, *, wal: bool = False) -> None:
    """Write ``src_conn``'s database into a new encrypted file ``dest`` (sqlcipher_export)."""
    dest.unlink(missing_ok=True)
    version = src_conn.execute("PRAGMA user_version").fetchone()[0]
    src_conn.execute(f"ATTACH DATABASE ? AS enc KEY \"x'{key.hex()}'\"", [str(dest)])
    try:
        src_conn.execute("SELECT sqlcipher_export('enc')")
        src_conn.execute(f"PRAGMA enc.user_version = {int(version)}")
    finally:
        src_conn.execute("DETACH DATABASE enc")
    conn = driver.raw_connect(dest, key)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise DatabaseError("加密后的数据库校验失败，原文件未改动", "the encrypted copy failed its check; the "
                                "original is untouched", code="encrypt_failed")
        conn.execute("PRAGMA journal_mode = WAL" if wal else "PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    fd = os.open(dest, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def encrypt_plain_backups(db_path: str | os.PathLike, key: bytes) -> int:
    """Convert every plain backup of ``db_path`` to an encrypted one; the plain files are shredded."""
    from ..paths import backups_dir_for

    n = 0
    folder = backups_dir_for(db_path)
    if not folder.is_dir():
        return 0
    for p in sorted(folder.iterdir()):
        if p.name.endswith((".part", ".encrypting")) and p.is_file():
            shred(p)
            continue
        if not p.is_file() or not is_plain_file(p):
            continue
        tmp = p.with_name(p.name + ".encrypting")
        src = driver.raw_connect(p, None)
        try:
            export_encrypted(src, tmp, key)
        except driver.DatabaseError:
            src.close()
            tmp.unlink(missing_ok=True)
            shred(p)  # an unreadable plain backup is no use, and still holds personal data
            continue
        finally:
            try:
                src.close()
            except Exception:  # noqa: BLE001
                pass
        mtime = p.stat().st_mtime
        old = p.with_name(p.name + ".plain-old")
        os.replace(p, old)
        os.replace(tmp, p)
        os.utime(p, (mtime, mtime))  # rotation and the backups list go by the file time
        shred(old)
        n += 1
    return n


def encrypt_plain_database(db_path: str | os.PathLike, passphrase: str) -> dict:
    """Convert a plain gridkeeper database to an encrypted one in place.

    1. an encrypted copy goes to the backups folder first (``before-encrypt-…``);
    2. the database is exported with ``sqlcipher_export`` beside itself, checked, synced;
    3. the key file is written; the encrypted file replaces the plain one;
    4. the plain file, its WAL and every plain backup are overwritten and deleted (``shred``).

    A crash before step 3 leaves the plain database as it was (and a half-written copy that the
    next attempt removes); after it, :func:`finish_interrupted` completes the removal.
    """
    from ..paths import backups_dir_for

    p = Path(db_path)
    if not is_plain_file(p):
        raise DatabaseError("这个数据库已经加密了", "this database is already encrypted", code="already_encrypted")
    check_new_passphrase(passphrase)
    key = secrets.token_bytes(32)
    src = driver.connect(str(p), isolation_level=None)
    try:
        src.execute("PRAGMA busy_timeout = 10000")
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        folder = backups_dir_for(p)
        folder.mkdir(parents=True, exist_ok=True)
        first = folder / f"before-encrypt-{datetime.now():%Y%m%d-%H%M%S-%f}.db"
        export_encrypted(src, first, key)
        tmp = p.with_name(p.name + ".encrypting")
        export_encrypted(src, tmp, key, wal=True)
    finally:
        src.close()
    blob = wrap_key(key, passphrase)
    sidecar = sidecar_path(p)
    old_sidecar = sidecar.with_name(sidecar.name + ".old")
    if sidecar.exists():
        os.replace(sidecar, old_sidecar)
    write_private(sidecar, blob)
    _remember(blob, key)
    old = p.with_name(p.name + ".plain-old")
    os.replace(p, old)
    os.replace(tmp, p)
    _fsync_dir(p.parent)
    old_sidecar.unlink(missing_ok=True)
    shred(old)
    for suffix in ("-wal", "-shm"):
        shred(Path(str(old) + suffix))
        shred(Path(str(p) + suffix))
    backups = encrypt_plain_backups(p, key)
    return {"db": str(p), "backup": str(first), "backups_encrypted": backups}


def finish_interrupted(db_path: str | os.PathLike) -> None:
    """Complete a conversion a crash interrupted: no plain copy is left beside the database."""
    p = Path(db_path)
    old = p.with_name(p.name + ".plain-old")
    tmp = p.with_name(p.name + ".encrypting")
    if old.exists():
        if not p.exists() and tmp.exists():
            os.replace(tmp, p)
        if p.exists() and not is_plain_file(p):
            shred(old)
        elif not p.exists():
            os.replace(old, p)  # nothing was converted: the plain file goes back
    if tmp.exists() and p.exists():
        shred(tmp)
