"""Key material and sealing: device keys, fingerprints, passphrase-sealed secrets (DESIGN.md §5).

Every device (worker laptop or township PC) has:

* an **age X25519 identity** (``AGE-SECRET-KEY-1…``) whose recipient (``age1…``) others encrypt
  bundles to, and
* an **Ed25519 signing key** that signs the manifest of every bundle it writes.

The functions above the last section are pure (no SQLite, no Qt); the last section keeps this
device's sealed keys in its database (``device_secrets``) and the township passphrase for the
session. The public card that carries the public keys to another device is ``sync.enrolment``.

Decisions
---------
* ``device_id`` is 16 random lowercase hex characters (64 bits): unique enough for a district,
  short enough to read out.
* :func:`fingerprint` is SHA-256 over a domain-separation tag, the Ed25519 public key and the age
  recipient; the first 40 bits are shown as 12 decimal digits in three groups
  (``"1234 5678 9012"``), which people read over the phone in Chinese without confusion
  (digits only, no letters). 40 bits stop a swapped or mistyped card; they would not stop an
  attacker able to grind ~2^40 keys for one targeted enrolment. Both keys are inside the hash, so
  swapping either one changes the fingerprint.
* Sealed secrets (:func:`seal_secrets`) use scrypt n=2^16, r=8, p=1 (64 MiB, ~0.2 s here) and
  ChaCha20-Poly1305. The envelope is versioned JSON; its public part (KDF parameters, salt, nonce)
  is the AEAD's associated data, so it cannot be altered without detection. KDF parameters read
  from a file are bounded (n ≤ 2^20, r ≤ 16, p ≤ 4) so a crafted file cannot make the app eat
  gigabytes (cf. age's ``scrypt_work_factor_23`` test vector). Passphrases are NFC-normalised
  (Chinese input methods may compose differently). ``None`` or ``""`` means no protection; the
  envelope then says ``"protected": false`` so the UI can warn.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
import sqlite_utils

from ..domain.errors import GridkeeperError
from ..domain.messages import M
from ..store.db import transaction
from ..store.devices import self_device
from . import agefile

ROLES = ("worker", "township")
DEVICE_ID_RE = re.compile(r"\A[0-9a-f]{16}\Z")

SCRYPT_N = 2**16
SCRYPT_R = 8
SCRYPT_P = 1
_SCRYPT_MAX_N = 2**20
_SCRYPT_MAX_R = 16
_SCRYPT_MAX_P = 4

SECRETS_FORMAT = "gridkeeper-secrets"
_FINGERPRINT_TAG = b"gridkeeper-fingerprint-v1\x00"


def canonical_json(obj) -> bytes:
    """The one byte form used for everything signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def unb64(s, length: int | None = None) -> bytes:
    if not isinstance(s, str):
        raise ValueError("not a string")
    raw = base64.b64decode(s.encode("ascii"), validate=True)
    if b64(raw) != s or (length is not None and len(raw) != length):
        raise ValueError("bad base64")
    return raw


def _no_duplicates(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


def strict_json_loads(data: bytes):
    """UTF-8 JSON with duplicate keys, NaN and Infinity refused."""
    def no_const(name):
        raise ValueError(f"invalid constant {name}")
    return json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=no_const)


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def is_iso_datetime(s) -> bool:
    if not isinstance(s, str) or not 10 <= len(s) <= 40:
        return False
    try:
        datetime.fromisoformat(s)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------------------------
# device keys


@dataclass(frozen=True)
class DeviceKeys:
    """This device's identity. ``repr`` never shows the secret parts."""

    device_id: str
    name: str
    role: str
    age_identity: str = field(repr=False)
    age_recipient: str
    sign_private: bytes = field(repr=False)
    sign_public: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_public, self.age_recipient)

    def sign(self, message: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.sign_private).sign(message)


@dataclass(frozen=True)
class KnownDevice:
    """Another device as the store knows it: what a bundle reader needs to trust a sender."""

    device_id: str
    name: str
    sign_public: bytes
    revoked: bool = False
    role: str = "worker"
    age_recipient: str = ""


def new_device_id() -> str:
    return secrets.token_hex(8)


def generate_device_keys(name: str, role: str, device_id: str | None = None) -> DeviceKeys:
    """Fresh age and Ed25519 keys for this device."""
    import pyrage  # lazy: start-up

    _check_role(role)
    name = _check_name(name)
    device_id = device_id or new_device_id()
    if not DEVICE_ID_RE.match(device_id):
        raise ValueError("device_id must be 16 lowercase hex characters")
    ident = pyrage.x25519.Identity.generate()
    sk = Ed25519PrivateKey.generate()
    return DeviceKeys(device_id=device_id, name=name, role=role,
                      age_identity=str(ident), age_recipient=str(ident.to_public()),
                      sign_private=sk.private_bytes_raw(),
                      sign_public=sk.public_key().public_bytes_raw())


def _keys_from_secrets(device_id, name, role, age_identity, sign_private) -> DeviceKeys:
    """Rebuild DeviceKeys from the secret parts, deriving (never trusting) the public parts."""
    if not isinstance(device_id, str) or not DEVICE_ID_RE.match(device_id):
        raise ValueError("bad device_id")
    _check_role(role)
    name = _check_name(name)
    if not isinstance(age_identity, str):
        raise ValueError("bad age identity")
    recipient = agefile.recipient_of(age_identity)
    sk = Ed25519PrivateKey.from_private_bytes(sign_private)
    return DeviceKeys(device_id=device_id, name=name, role=role, age_identity=age_identity,
                      age_recipient=recipient, sign_private=bytes(sign_private),
                      sign_public=sk.public_key().public_bytes_raw())


def _check_role(role) -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")


def _check_name(name) -> str:
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise ValueError("device name must be a non-empty string of at most 200 characters")
    return name.strip()


def fingerprint(sign_public: bytes, age_recipient: str) -> str:
    """12 digits in 3 groups, e.g. ``"0412 7730 1985"``: SHA-256 of both public keys, first 40 bits."""
    h = hashlib.sha256(_FINGERPRINT_TAG + bytes(sign_public) + b"\x00"
                       + age_recipient.encode("ascii")).digest()
    n = int.from_bytes(h[:5], "big") % 10**12
    s = f"{n:012d}"
    return f"{s[0:4]} {s[4:8]} {s[8:12]}"


def verify_signature(sign_public: bytes, signature: bytes, message: bytes) -> bool:
    """True if ``signature`` is a valid Ed25519 signature of ``message`` by ``sign_public``."""
    try:
        Ed25519PublicKey.from_public_bytes(bytes(sign_public)).verify(bytes(signature), message)
        return True
    except (InvalidSignature, ValueError, TypeError):
        return False


# --------------------------------------------------------------------------------------------
# sealed secrets


def _bad_passphrase() -> GridkeeperError:
    return GridkeeperError(M("bad_passphrase"), code="bad_passphrase")


def _bad_secrets(detail: str = "") -> GridkeeperError:
    return GridkeeperError(M("bad_secrets", detail=f" ({detail})" if detail else ""), code="bad_secrets")


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    pw = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(pw)


@dataclass(frozen=True)
class PassphraseStrength:
    """How strong a new passphrase looks: ``level`` 0 (empty) … 3 (strong), and a hint to show."""

    level: int
    hint: M

    @property
    def zh(self) -> str:
        return self.hint.zh

    @property
    def en(self) -> str:
        return self.hint.en

    def __str__(self) -> str:
        return str(self.hint)


MIN_GOOD_LENGTH = 10


def passphrase_strength(passphrase: str | None) -> PassphraseStrength:
    """A hint from length and variety, for the user choosing the township passphrase.

    Length counts with Chinese characters as two (each is one of thousands, not one of 26); variety
    is how many of digits, lower-case, upper-case, symbols and Chinese characters appear. Weak means
    shorter than 8, or only one kind and shorter than 12; strong means at least 10 with two kinds,
    or 16 of anything. Only an empty passphrase is refused (by the callers); the rest is advice —
    the real protection is that the secret never leaves the township PC.
    """
    p = unicodedata.normalize("NFC", passphrase or "")
    if not p:
        return PassphraseStrength(0, M("passphrase_strength:empty"))
    kinds = {"digit" if c.isdigit() else "lower" if c.islower() else "upper" if c.isupper()
             else "cjk" if ord(c) >= 0x2E80 and c.isalpha() else "symbol" for c in p}
    length = sum(2 if ord(c) >= 0x2E80 and c.isalpha() else 1 for c in p)
    if length < 8 or (len(kinds) == 1 and length < 12):
        return PassphraseStrength(1, M("passphrase_strength:weak"))
    if (length >= MIN_GOOD_LENGTH and len(kinds) >= 2) or length >= 16:
        return PassphraseStrength(3, M("passphrase_strength:strong"))
    return PassphraseStrength(2, M("passphrase_strength:fair"))


def seal_secrets(keys: DeviceKeys, passphrase: str | None) -> bytes:
    """This device's keys as bytes to store; encrypted under ``passphrase`` if one is given."""
    inner = {"device_id": keys.device_id, "name": keys.name, "role": keys.role,
             "age_identity": keys.age_identity, "sign_private": b64(keys.sign_private)}
    if not passphrase:
        env = {"format": SECRETS_FORMAT, "version": 1, "protected": False, "secrets": inner}
        return canonical_json(env)
    salt, nonce = os.urandom(16), os.urandom(12)
    header = {"format": SECRETS_FORMAT, "version": 1, "protected": True,
              "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
                      "salt": b64(salt)},
              "cipher": "chacha20-poly1305", "nonce": b64(nonce)}
    key = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    ct = ChaCha20Poly1305(key).encrypt(nonce, canonical_json(inner), canonical_json(header))
    return canonical_json({**header, "ciphertext": b64(ct)})


def is_protected(blob: bytes) -> bool:
    """Whether a sealed-secrets blob needs a passphrase (so the UI knows whether to ask)."""
    try:
        env = strict_json_loads(blob)
        return bool(env.get("protected")) if isinstance(env, dict) else False
    except Exception:
        return False


def open_secrets(blob: bytes, passphrase: str | None) -> DeviceKeys:
    """Reverse of :func:`seal_secrets`. Errors: ``bad_passphrase``, ``passphrase_required``,
    ``bad_secrets`` (all :class:`GridkeeperError`)."""
    try:
        env = strict_json_loads(bytes(blob))
    except Exception:
        raise _bad_secrets("not JSON") from None
    if not isinstance(env, dict) or env.get("format") != SECRETS_FORMAT:
        raise _bad_secrets("not a key file")
    if env.get("version") != 1:
        raise GridkeeperError(M("newer_format"),
                              code="newer_format")
    protected = env.get("protected")
    if protected is False:
        inner = env.get("secrets")
    elif protected is True:
        if not passphrase:
            raise GridkeeperError(M("passphrase_required"),
                                  code="passphrase_required")
        try:
            kdf = env["kdf"]
            n, r, p = kdf["n"], kdf["r"], kdf["p"]
            ok = (kdf["name"] == "scrypt" and env["cipher"] == "chacha20-poly1305"
                  and all(type(v) is int for v in (n, r, p))
                  and 2 <= n <= _SCRYPT_MAX_N and n & (n - 1) == 0
                  and 1 <= r <= _SCRYPT_MAX_R and 1 <= p <= _SCRYPT_MAX_P)
            if not ok:
                raise ValueError("unsupported parameters")
            salt, nonce = unb64(kdf["salt"]), unb64(env["nonce"], 12)
            ct = unb64(env["ciphertext"])
            header = {k: v for k, v in env.items() if k != "ciphertext"}
        except Exception:
            raise _bad_secrets("bad envelope") from None
        key = _derive(passphrase, salt, n, r, p)
        try:
            plain = ChaCha20Poly1305(key).decrypt(nonce, ct, canonical_json(header))
        except InvalidTag:
            # A wrong passphrase and an edited file look the same to an AEAD; the passphrase is
            # by far the likelier cause, and the message says what to do.
            raise _bad_passphrase() from None
        try:
            inner = strict_json_loads(plain)
        except Exception:
            raise _bad_secrets("bad content") from None
    else:
        raise _bad_secrets("bad envelope")
    try:
        if not isinstance(inner, dict):
            raise ValueError("not an object")
        return _keys_from_secrets(inner["device_id"], inner["name"], inner["role"],
                                  inner["age_identity"], unb64(inner["sign_private"], 32))
    except Exception:
        raise _bad_secrets("bad key material") from None


# --------------------------------------------------------------------------------------------
# this device's keys, sealed in its database

PASSPHRASE_ENV = "GRIDKEEPER_PASSPHRASE"          # the township passphrase (current one)
NEW_PASSPHRASE_ENV = "GRIDKEEPER_NEW_PASSPHRASE"  # the new one, for ``keys passphrase`` without a terminal
_session_passphrase: str | None = None


def remember_passphrase(passphrase: str | None) -> None:
    """Keep the township passphrase in memory for this session (the GUI asks once at start)."""
    global _session_passphrase
    _session_passphrase = passphrase or None


def keys_protected(db: sqlite_utils.Database) -> bool:
    me = self_device(db)
    row = db.execute("SELECT blob FROM device_secrets WHERE device_id = ?", [me.device_id]).fetchone()
    return bool(row) and is_protected(row[0])


def load_device_keys(db: sqlite_utils.Database, passphrase: str | None = None) -> DeviceKeys:
    me = self_device(db)
    row = db.execute("SELECT blob FROM device_secrets WHERE device_id = ?", [me.device_id]).fetchone()
    if not row:
        raise GridkeeperError(M("no_keys"), code="no_keys")
    if passphrase is None:
        passphrase = os.environ.get(PASSPHRASE_ENV) or _session_passphrase
    return open_secrets(row[0], passphrase)


def set_passphrase(db: sqlite_utils.Database, old: str | None, new: str | None) -> None:
    """Re-seal this device's keys under ``new`` (``old`` must open them). A township's keys are
    always sealed: an empty ``new`` is refused. Errors: ``bad_passphrase``, ``passphrase_required``,
    ``empty_passphrase``."""
    if self_device(db).role == "township" and not new:
        raise GridkeeperError(M("empty_passphrase"), code="empty_passphrase")
    keys = load_device_keys(db, old)
    with transaction(db):
        db.execute("UPDATE device_secrets SET blob = ? WHERE device_id = ?",
                   [seal_secrets(keys, new), keys.device_id])
    if _session_passphrase is not None:
        remember_passphrase(new)
