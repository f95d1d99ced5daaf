"""Record ids: UUIDv7 (RFC 9562) text — unique across devices and sortable by creation time."""

from __future__ import annotations

import os
import re
import time

# The exact text form new_id() (and the demo's seeded ids) produce: a lowercase, hyphenated UUID
# with version 7 and the RFC 9562 variant. Imports and the area tree make their ids with new_id()
# too, so every record id this app ever stores has this shape; anything else in a file is refused.
RECORD_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")

_last_ms = 0
_seq = 0


def new_id(now_ms: int | None = None) -> str:
    """A new UUIDv7 string. Monotonic within one process even inside one millisecond."""
    global _last_ms, _seq
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    if ms <= _last_ms:
        ms = _last_ms
        _seq += 1
    else:
        _seq = int.from_bytes(os.urandom(2), "big") & 0x3FF
    _last_ms = ms
    rand_a = _seq & 0xFFF
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    h = f"{value:032x}"  # formatted as str(uuid.UUID(int=value)), without importing uuid (~25 ms: platform)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def derived_id(*parts: str) -> str:
    """A record id determined by ``parts`` (same parts, same id, on every device), in new_id()'s shape.

    For records that are a fact about other records — a person's tag (person × tag), a vocabulary
    term (vocabulary × code): two devices recording the same fact offline write the same record,
    so the merge combines them field by field instead of keeping two copies.
    """
    import hashlib

    digest = int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:16], "big")
    value = (digest & ~(0xF << 76) & ~(0b11 << 62)) | 0x7 << 76 | 0b10 << 62
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def is_record_id(value) -> bool:
    """Whether ``value`` is a record id exactly as this app makes them (see RECORD_ID)."""
    return type(value) is str and len(value) == 36 and RECORD_ID.fullmatch(value) is not None


_ID_BYTES = b"0123456789abcdef-\x01"
_VARIANT = frozenset("89ab")


def all_record_ids(values) -> bool:
    """Whether every value is a record id (:func:`is_record_id` for a whole column, in C-level passes)."""
    n = len(values)
    if not n:
        return True
    if set(map(type, values)) != {str} or set(map(len, values)) != {36}:
        return False
    joined = "\x01".join(values)          # id j starts at 37 * j
    if not joined.isascii() or joined.encode().translate(None, _ID_BYTES):
        return False                        # a character other than lowercase hex, "-" (and the separator)
    return (joined.count("-") == 4 * n and joined.count("\x01") == n - 1
            and all(set(joined[p::37]) == {"-"} for p in (8, 13, 18, 23))
            and set(joined[14::37]) == {"7"} and _VARIANT.issuperset(joined[19::37]))


def new_device_id() -> str:
    """A device id: 16 lowercase hex characters."""
    return os.urandom(8).hex()
