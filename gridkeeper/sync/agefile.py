"""The age layer of sync bundles: encrypt to X25519 recipients, decrypt strictly.

Encryption and the cryptography itself are pyrage's (the Rust ``age`` crate). This module adds
what a bundle reader needs on top of it:

* **Whole-file decryption only.** :func:`decrypt` returns the plaintext only after the age STREAM
  has been authenticated to its final chunk; on any failure it raises and returns nothing, so no
  caller can act on partial plaintext.
* **A strict header check before pyrage sees the file.** The age spec (age-encryption.org/v1) says
  every stanza ends with a short body line and that header base64 is canonical. pyrage 1.4
  accepts two header shapes the C2SP CCTV vectors require to be refused (``stanza_missing_body``,
  ``stanza_missing_final_line``) and returns a plaintext for them. :func:`check_header` parses the
  header grammar exactly, so this layer agrees with every X25519 vector of the CCTV suite.
* **Strict ASCII armor** (``-----BEGIN AGE ENCRYPTED FILE-----``), decoded here rather than in
  pyrage, because pyrage refuses whitespace before the armor, which the spec allows. gridkeeper
  itself always writes binary files; armor is accepted on input only for interoperability.
* **Classified failures.** :class:`AgeError` carries a ``kind`` (see the constants below) that the
  bundle reader turns into a user-facing message. Classification of pyrage's errors other than
  "no matching keys" is best effort (message text); they all mean "damaged" to the user anyway.

Nothing here is user-facing: :mod:`gridkeeper.sync.bundle` turns :class:`AgeError` into
``BundleError`` with Chinese and English text.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable

import pyrage

MAGIC = b"age-encryption.org/v1\n"
ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
ARMOR_END = b"-----END AGE ENCRYPTED FILE-----"
ARMOR_COLUMNS = 64

# AgeError kinds
NOT_AGE = "not_age"          # does not start like an age file at all
TRUNCATED = "truncated"      # a strict prefix of an age file's first line (or header cut short)
ARMOR = "armor"              # armored, but the armor is malformed
HEADER = "header"            # header grammar or content invalid
NO_MATCH = "no_match"        # none of our identities opens any stanza
HMAC = "hmac"                # header MAC does not verify
PAYLOAD = "payload"          # the encrypted payload fails authentication / is truncated
BAD_KEY = "bad_key"          # a caller-supplied identity or recipient string is invalid

_WS = b" \t\r\n"
_B64_CHARS = re.compile(rb"\A[A-Za-z0-9+/]*\Z")
_VCHAR_ARG = re.compile(rb"\A[\x21-\x7e]+\Z")


class AgeError(Exception):
    """An age file could not be decrypted. ``kind`` is one of the module constants."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail


# --------------------------------------------------------------------------------------------
# keys


def parse_identities(identities: Iterable[str]) -> list:
    """pyrage identity objects for ``AGE-SECRET-KEY-1…`` strings (X25519 only)."""
    out = []
    for s in identities:
        try:
            out.append(pyrage.x25519.Identity.from_str(s.strip()))
        except Exception as exc:  # pyrage.IdentityError, TypeError, AttributeError
            raise AgeError(BAD_KEY, "invalid age identity") from exc
    if not out:
        raise AgeError(BAD_KEY, "no identity given")
    return out


def parse_recipients(recipients: Iterable[str]) -> list:
    """pyrage recipient objects for ``age1…`` strings (X25519 only), without duplicates."""
    out, seen = [], set()
    for s in recipients:
        s = s.strip() if isinstance(s, str) else s
        if s in seen:
            continue
        seen.add(s)
        try:
            out.append(pyrage.x25519.Recipient.from_str(s))
        except Exception as exc:
            raise AgeError(BAD_KEY, f"invalid age recipient {s!r}") from exc
    if not out:
        raise AgeError(BAD_KEY, "no recipient given")
    return out


def recipient_of(identity: str) -> str:
    """The ``age1…`` recipient string of an ``AGE-SECRET-KEY-1…`` identity."""
    return str(parse_identities([identity])[0].to_public())


# --------------------------------------------------------------------------------------------
# encrypt / decrypt


def encrypt(plaintext: bytes, recipients: Iterable[str]) -> bytes:
    """Binary age file of ``plaintext`` for the given ``age1…`` recipients."""
    try:
        return pyrage.encrypt(bytes(plaintext), parse_recipients(recipients))
    except AgeError:
        raise
    except Exception as exc:  # pragma: no cover - pyrage.EncryptError is not expected
        raise AgeError(PAYLOAD, f"encryption failed: {exc}") from exc


def decrypt(data: bytes, identities: Iterable[str]) -> bytes:
    """The whole plaintext of an age file (binary or armored), or :class:`AgeError`.

    Identities are validated first (``BAD_KEY``), then the container (``NOT_AGE``/``TRUNCATED``/
    ``ARMOR``/``HEADER``), then pyrage decrypts and authenticates everything.
    """
    ids = parse_identities(identities)
    binary = to_binary(bytes(data))
    check_header(binary)
    try:
        return pyrage.decrypt(binary, ids)
    except Exception as exc:  # pyrage.DecryptError and anything unexpected
        raise AgeError(_classify(str(exc)), str(exc)) from None


def _classify(message: str) -> str:
    m = message.lower()
    if "no matching keys" in m:
        return NO_MATCH
    if "header mac" in m:
        return HMAC
    if "header is invalid" in m or "unknown age format" in m or "fill whole buffer" in m:
        return HEADER
    return PAYLOAD


# --------------------------------------------------------------------------------------------
# container checks


def to_binary(data: bytes) -> bytes:
    """The binary age file: ``data`` itself, or the decoded armor. Raises NOT_AGE/TRUNCATED/ARMOR."""
    if data.startswith(MAGIC):
        return data
    stripped = data.lstrip(_WS)
    if stripped.startswith(ARMOR_BEGIN):
        return dearmor(data)
    # a file cut inside the first line is a damaged age file; a file of a byte or two that
    # happens to match ("a", "-") is just not one
    if (len(data) >= 4 and MAGIC.startswith(data)) or \
            (len(stripped) >= 11 and ARMOR_BEGIN.startswith(stripped)):
        raise AgeError(TRUNCATED, "file ends inside the first line")
    raise AgeError(NOT_AGE, "not an age file")


def dearmor(data: bytes) -> bytes:
    """Strictly decode age ASCII armor (PEM-like, 64 columns, canonical padded base64).

    Whitespace is allowed before the BEGIN line and after the END line; lines may end with LF or
    CRLF; nothing else is tolerated (no headers, no checksum, no blank lines, no stray spaces).
    """
    text = data.strip(_WS)
    lines = text.split(b"\n")
    lines = [ln[:-1] if ln.endswith(b"\r") else ln for ln in lines]
    if len(lines) < 3 or lines[0] != ARMOR_BEGIN:
        raise AgeError(ARMOR, "bad armor begin line")
    if lines[-1] != ARMOR_END:
        raise AgeError(ARMOR, "bad armor end line")
    body = lines[1:-1]
    for i, ln in enumerate(body):
        last = i == len(body) - 1
        if not ln or len(ln) > ARMOR_COLUMNS or (not last and len(ln) != ARMOR_COLUMNS):
            raise AgeError(ARMOR, "armor lines must be 64 columns")
    joined = b"".join(body)
    if len(joined) % 4:
        raise AgeError(ARMOR, "armor base64 is not padded")
    try:
        raw = base64.b64decode(joined, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise AgeError(ARMOR, "invalid armor base64") from exc
    if base64.b64encode(raw) != joined:
        raise AgeError(ARMOR, "armor base64 is not canonical")
    if not raw.startswith(MAGIC):
        raise AgeError(HEADER, "armored data is not an age file")
    return raw


def _canonical_b64(s: bytes) -> bytes | None:
    """Decode unpadded canonical standard base64, or None."""
    if not _B64_CHARS.match(s) or len(s) % 4 == 1:
        return None
    try:
        raw = base64.b64decode(s + b"=" * (-len(s) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    if base64.b64encode(raw).rstrip(b"=") != s:
        return None
    return raw


def check_header(binary: bytes) -> int:
    """Validate the age v1 header grammar; return the offset of the payload (after the MAC line).

    header = "age-encryption.org/v1" LF *stanza "---" SP 43(base64) LF
    stanza = "->" 1*(SP 1*VCHAR) LF *(64(base64) LF) 0*63(base64) LF
    """
    if not binary.startswith(MAGIC):
        raise AgeError(NOT_AGE, "not an age file")
    pos = len(MAGIC)
    n = len(binary)

    def next_line() -> bytes:
        nonlocal pos
        end = binary.find(b"\n", pos)
        if end < 0:
            raise AgeError(TRUNCATED, "header is cut short")
        line = binary[pos:end]
        pos = end + 1
        return line

    stanzas = 0
    while True:
        if pos >= n:
            raise AgeError(TRUNCATED, "header is cut short")
        line = next_line()
        if line.startswith(b"--- ") or line == b"---":
            mac = line[4:]
            if len(mac) != 43 or _canonical_b64(mac) is None:
                raise AgeError(HEADER, "malformed header MAC line")
            break
        if not line.startswith(b"-> "):
            raise AgeError(HEADER, "malformed stanza line")
        args = line[3:].split(b" ")
        if not args or any(not _VCHAR_ARG.match(a) for a in args):
            raise AgeError(HEADER, "malformed stanza arguments")
        stanzas += 1
        while True:  # body lines: full 64-column lines, then one short (possibly empty) line
            if pos >= n:
                raise AgeError(TRUNCATED, "header is cut short")
            body = next_line()
            if body.startswith(b"-> ") or body.startswith(b"--- "):
                raise AgeError(HEADER, "stanza without final short body line")
            if len(body) > ARMOR_COLUMNS or _canonical_b64(body) is None:
                raise AgeError(HEADER, "malformed stanza body")
            if len(body) < ARMOR_COLUMNS:
                break
    if stanzas == 0:
        raise AgeError(HEADER, "header has no recipient stanza")
    return pos
