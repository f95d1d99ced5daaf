"""Showing untrusted text safely: names that came from a card, a bundle, a spreadsheet or a file.

A device name like ``"乡镇\\x1b[2J"`` would clear the terminal of whoever runs ``gridkeeper keys
list``; ``"\\u202e"`` (RIGHT-TO-LEFT OVERRIDE) makes ``"evil\\u202egpj.exe"`` read as
``"evilexe.jpg"``. :func:`escape_untrusted` shows such characters as escapes (``\\x1b``,
``\\u202e``) instead of letting the terminal act on them. Every CLI line that carries text from
outside passes through it (``cli._out`` and the one-line error printer); call it on single
fields too, where a field must not be able to start a new line.

Escaped: C0 and C1 control characters and DEL (``\\n`` and ``\\t`` only when not in ``keep``),
the bidi embedding/override/isolate controls U+202A–U+202E and U+2066–U+2069, the implicit marks
U+200E, U+200F, U+061C, and the line/paragraph separators U+2028, U+2029. Chinese text,
characters outside the BMP (生僻字 like 𠮷) and ordinary punctuation pass unchanged.
"""

from __future__ import annotations

import re

_BIDI_AND_SEPARATORS = "\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f" + _BIDI_AND_SEPARATORS + "]")


def _escape(ch: str) -> str:
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def escape_untrusted(text, keep: str = "") -> str:
    """``text`` with control, bidi-override and line-separator characters shown as escapes.

    ``keep`` lists characters to leave alone (``"\\n\\t"`` for a whole report whose lines and
    columns are ours). A backslash itself is left as it is: the output is for reading, not parsing.
    """
    s = "" if text is None else str(text)
    if not keep:
        return _UNSAFE.sub(lambda m: _escape(m.group()), s)
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), s)


def escape_json_text(dumped: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with the bidi and separator characters
    written as ``\\uXXXX`` escapes: the same JSON value, but nothing that reorders a terminal line.
    (``json.dumps`` already escapes control characters.)"""
    return re.sub("[" + _BIDI_AND_SEPARATORS + "\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", dumped)
