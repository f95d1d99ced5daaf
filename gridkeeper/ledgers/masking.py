"""Masking of national ID numbers on printed ledgers (first 6 and last 4 characters kept).

``110101199003071234`` → ``110101********1234``: the region code stays readable (useful on a
township ledger) and the last four identify the person to someone who already knows them, while
the birth date is hidden. The same rule applies to any length: the middle is replaced by as many
``*`` as it has characters, so a 15-digit old-style number keeps its length too. A malformed
value of 10 characters or fewer cannot keep 6 + 4 and still hide something, so everything but
its last 4 characters (or everything, if it has 4 or fewer) is masked.

:func:`mask_ids_in_text` also masks ID-like numbers inside free text (dispute parties, notes),
because a worker may type an ID number into any field.
"""

from __future__ import annotations

import re

# 18-digit (last may be X) or 15-digit numbers not embedded in longer digit runs.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def mask_id(value: str | None) -> str:
    """Mask a national ID number for printing; ``None``/empty gives ``""``."""
    if not value:
        return ""
    s = str(value).strip()
    n = len(s)
    if n > 10:
        return s[:6] + "*" * (n - 10) + s[-4:]
    if n > 4:
        return "*" * (n - 4) + s[-4:]
    return "*" * n


def mask_ids_in_text(text: str) -> str:
    """Mask every ID-number-like digit run inside free text."""
    if not text or len(text) < 15:
        return text
    return _ID_IN_TEXT.sub(lambda m: mask_id(m.group(1)), text)
