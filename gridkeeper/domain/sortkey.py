"""One sort order for Chinese names, used by every list, tree and ledger.

``sort_key("第十二网格")`` orders names the way a person reads them:

* Chinese characters by their pinyin (东山村 before 西河村, not by code point: 东 U+4E1C < 西 U+897F
  happens to agree, but 张 U+5F20 < 李 U+674E does not);
* numbers by their value: arabic digits always (3组 < 12组), Chinese numerals (一 … 十, 百, 两, 〇/零)
  when they count something — after 第, or before a counter such as 网格 / 组 / 号 / 栋 / 队
  (第三网格 → 3, 十二组 → 12). A numeral inside a name (三河村, 张三) is read as a character, so
  三河村 sorts under s, not before every village;
* other characters case-insensitively as themselves.

The key is a plain string (so SQLite can sort by it through a registered function, see
``store.households``): a number is ``\\x02`` + its zero-padded value, a Chinese character its toneless
pinyin then ``\\x03`` (so zhan < zhang), and the name itself is appended after ``\\x01`` to break ties
(never NUL: a SQLite driver may cut a function's text result at the first NUL).

Readings of the common block come from a generated table (``pinyin_table.py``, no pypinyin import at
start-up); rarer characters from pypinyin on first use. Each reading is cached: a name costs a few
dictionary lookups.
"""

from __future__ import annotations

import re
from functools import lru_cache

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS)
# what a counted number is followed by in area, house and household names
_COUNTERS = ("网格", "微网格", "组", "村民组", "号", "栋", "幢", "楼", "单元", "层", "室", "队", "片", "社",
             "区", "街", "巷", "弄", "期", "户")
_TOKEN = re.compile(rf"(\d+)|(第?)([{_NUMERAL_CHARS}]+)")


def chinese_number(text: str) -> int | None:
    """``"十二"`` → 12, ``"三"`` → 3, ``"一百零五"`` → 105, ``"二〇二六"`` → 2026; None if not a numeral."""
    if not text or any(c not in _DIGITS and c not in _UNITS for c in text):
        return None
    if not any(c in _UNITS for c in text):       # digit by digit: 二〇二六
        n = 0
        for c in text:
            n = n * 10 + _DIGITS[c]
        return n
    total, digit = 0, None
    for c in text:
        if c in _DIGITS:
            digit = _DIGITS[c]
        else:
            total += (1 if digit is None else digit) * _UNITS[c]
            digit = None
    return total + (digit or 0)


_TABLE: list[str] | None = None


def _table() -> list[str]:
    global _TABLE
    if _TABLE is None:
        from .pinyin_table import DATA  # lazy: start-up

        _TABLE = DATA.split(",")
    return _TABLE


@lru_cache(maxsize=None)
def _reading(ch: str) -> str:
    """The toneless pinyin of one Chinese character (its most common reading), or the character.

    Characters of the CJK Unified block come from a generated table (no pypinyin import: start-up
    sorts the area tree); others (Extension A/B names such as 𠮷) from pypinyin on first use.
    """
    o = ord(ch) - 0x4E00
    if 0 <= o < 0x5200:
        return _table()[o] or ch
    try:
        from pypinyin import Style, pinyin  # lazy: start-up
    except ImportError:          # pragma: no cover - pypinyin is a dependency; code order then
        return ch
    out = pinyin(ch, style=Style.NORMAL, heteronym=False, errors="default")
    text = out[0][0] if out and out[0] else ch
    return text if text != ch else ch


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0x20000 <= o <= 0x3FFFF or 0xF900 <= o <= 0xFAFF


def sort_key(name) -> str:
    """The key described in the module docstring; ``None`` and ``""`` sort first."""
    if name is None or name == "":
        return ""
    return _key(str(name))


@lru_cache(maxsize=131072)   # names repeat; a township list re-sorts its 60,000 names per page
def _key(text: str) -> str:
    parts: list[str] = []
    i = 0
    for m in _TOKEN.finditer(text):
        if m.start() < i:
            continue
        value = None
        if m.group(1):
            value = int(m.group(1))
        else:
            ordinal, numeral = m.group(2), m.group(3)
            n = chinese_number(numeral)
            # 第三 / 三网格 / 十二组 / a bare 十二 are counted; 三河村 / 张三 / 十里铺 are names
            if n is not None and (ordinal or text.startswith(_COUNTERS, m.end()) or m.group(0) == text):
                value = n
        if value is None:
            continue
        parts.append(_plain(text[i:m.start()]))
        if m.group(2):
            parts.append(_plain(m.group(2)))
        parts.append("\x02%012d" % value)
        i = m.end()
    parts.append(_plain(text[i:]))
    return "".join(parts) + "\x01" + text   # no NUL: SQLite drivers may cut a returned text at NUL


def _plain(text: str) -> str:
    out = []
    for ch in text:
        if _is_cjk(ch):
            out.append(_reading(ch) + "\x03")
        else:
            out.append(ch.lower())
    return "".join(out)


def sorted_by_name(items, key=lambda x: x):
    """``sorted(items)`` by :func:`sort_key` of ``key(item)``."""
    return sorted(items, key=lambda x: sort_key(key(x)))
