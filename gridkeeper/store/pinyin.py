"""Pinyin for the search index: at the speed of a dictionary lookup.

pypinyin called once per full name costs ~30–200 µs (phrase segmentation and style conversion); a
township merge indexes ~100,000 names. Names are 2–4 mostly common characters, so readings come
from a per-character cache filled from pypinyin one character at a time; only a given name that
contains a pypinyin phrase (a few in a thousand) asks pypinyin for the phrase reading. The text
after the surname is cached as a whole (a township's 61,000 people share ~2,600 given names), and
the surname is read on its own with the surname table below: a surname with two readings is
indexed under both.
"""

from __future__ import annotations

# Surnames whose surname reading differs from pypinyin's default reading of the character.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao", "查": "zha",
    "盖": "ge", "乐": "yue", "覃": "qin", "种": "chong", "繁": "po", "员": "yun", "召": "shao",
    "翟": "zhai", "秘": "bi", "折": "she", "黑": "he", "缪": "miao", "尉": "yu", "长": "chang",
    "纪": "ji", "燕": "yan", "洗": "xian", "冼": "xian", "郇": "huan", "句": "gou", "蕃": "pi",
}

_CHAR: dict[str, str] = {}       # character -> its default reading, NORMAL style ('' when none)
_PHRASED: dict[str, list[str]] = {}  # given name containing a pypinyin phrase -> its syllables
_phrases = None                  # pypinyin's phrase dictionary, loaded with pypinyin
_PHRASE_MAX = 4                  # given names hold 1-3 characters; longer texts are read per character


def _pypinyin():
    global _phrases
    from pypinyin import Style, lazy_pinyin
    from pypinyin.constants import PHRASES_DICT

    _phrases = PHRASES_DICT
    return lambda text: lazy_pinyin(text, style=Style.NORMAL, errors="ignore")


def _char_reading(ch: str) -> str:
    r = _CHAR.get(ch)
    if r is None:
        if ch.isascii():
            r = ""            # digits, Latin letters, punctuation: no reading (the text itself is indexed)
        else:
            s = _pypinyin()(ch)
            r = s[0].lower() if len(s) == 1 and s[0].isascii() and s[0].isalpha() else ""
        _CHAR[ch] = r
    return r


def _has_phrase(text: str) -> bool:
    if _phrases is None:
        _pypinyin()
    n = len(text)
    return any(text[i:j] in _phrases for i in range(n - 1) for j in range(i + 2, min(n, i + _PHRASE_MAX) + 1))


def text_syllables(text: str, *, phrases: bool = False) -> list[str]:
    """Readings of the characters of ``text`` that have one (others are skipped).

    With ``phrases`` (given names), a text holding a pypinyin phrase is read by pypinyin as a
    whole, so 重阳 reads chong yang as pypinyin reads it, not zhong yang."""
    if phrases and 1 < len(text) <= _PHRASE_MAX and _has_phrase(text):
        out = _PHRASED.get(text)
        if out is None:
            out = [s.lower() for s in _pypinyin()(text) if s.isascii() and s.isalpha()]
            if len(_PHRASED) > 100_000:
                _PHRASED.clear()
            _PHRASED[text] = out
        return out
    out = []
    for ch in text:
        r = _CHAR.get(ch)
        if r is None:
            r = _char_reading(ch)
        if r:
            out.append(r)
    return out


def name_pinyin(name: str) -> tuple[str, str]:
    """``(full, initials)`` for a name, e.g. 张桂兰 → ("zhangguilan", "zgl").

    For a surname with a special surname reading both readings are given, so 单雄信 is found by
    "sxx" (its real reading) and by "dxx" (what a user may type from the everyday reading):
    ("shanxiongxin danxiongxin", "sxx dxx").
    """
    if not name:
        return "", ""
    first = _CHAR.get(name[0])
    if first is None:
        first = _char_reading(name[0])
    full, initials = _given_pinyin(name[1:])
    special = SURNAME_READINGS.get(name[0])
    if first:
        full, initials = first + full, first[0] + initials
    if special and special != first:
        if full:
            return f"{special}{full[len(first):] if first else full} {full}", \
                f"{special[0]}{initials[1:] if first else initials} {initials}"
        return special, special[0]
    return full, initials


_GIVEN: dict[str, tuple[str, str]] = {}  # the text after the surname -> (full, initials): a few thousand given names


def _given_pinyin(text: str) -> tuple[str, str]:
    r = _GIVEN.get(text)
    if r is None:
        syllables = text_syllables(text, phrases=True)
        r = ("".join(syllables), "".join(s[0] for s in syllables))
        if len(_GIVEN) > 100_000:
            _GIVEN.clear()
        _GIVEN[text] = r
    return r
