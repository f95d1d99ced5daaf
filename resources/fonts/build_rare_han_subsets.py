"""Rebuild the bundled rare-character fallback fonts (developer tool, not used at runtime).

WenQuanYi Micro Hei (the main ledger font) covers the common CJK block but almost none of
CJK Extension A and nothing outside the Basic Multilingual Plane, where rare name characters
(生僻字) such as 𠮷 (U+20BB7) live. Debian's ``fonts-hanazono`` has TrueType (glyf) outlines
for all of them, but the two files weigh 53 MB, too much for a ≤150 MB application. So we ship
two subsets, renamed and xz-compressed (the ledger code decompresses them lazily, in memory,
only when a ledger actually contains such a character):

* ``GridkeeperRareHanA.ttf.xz`` — from HanaMinA: every CJK ideograph (Ext-A, URO additions,
  compatibility ideographs and their supplement, radicals, strokes) that WenQuanYi lacks.
* ``GridkeeperRareHanB.ttf.xz`` — from HanaMinB: CJK Extensions B, C and D (U+20000–2B81F).
  Extensions E–I (very rare in names, +2.5 MB) are left to system fonts found at runtime.

Licence: the Hanazono fonts are dual-licensed (Hanazono Font License *or* SIL OFL 1.1). We use
them under the Hanazono Font License, which allows modification without conditions; the subsets
are renamed anyway so no OFL Reserved Font Name is used. See ``LICENSE-hanazono.txt``.

Usage (needs ``pip install fonttools`` and ``apt-get install fonts-hanazono fonts-wqy-microhei``)::

    .venv/bin/python resources/fonts/build_rare_han_subsets.py
"""

from __future__ import annotations

import lzma
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
HANA = Path("/usr/share/fonts/truetype/hanazono")
MAIN = HERE / "wqy-microhei.ttc"

CJK_BMP_RANGES = [
    (0x2E80, 0x2EFF),  # CJK radicals supplement
    (0x2F00, 0x2FDF),  # Kangxi radicals
    (0x31C0, 0x31EF),  # CJK strokes
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # URO (only what WenQuanYi lacks is kept)
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x2F800, 0x2FA1F),  # compatibility ideographs supplement
]
EXT_BCD = [(0x20000, 0x2B81F)]


def _wanted(font_path: Path, ranges, exclude: set[int]) -> list[int]:
    cmap = TTFont(font_path, lazy=True).getBestCmap()
    return sorted(c for c in cmap if c not in exclude and any(a <= c <= b for a, b in ranges))


def _rename(font: TTFont, family: str) -> None:
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            name.removeNames(nameID=rec.nameID)
    for nid, value in ((1, family), (2, "Regular"), (3, f"{family}-Regular-subset"), (4, family), (6, family)):
        name.setName(value, nid, 3, 1, 0x409)
        name.setName(value, nid, 1, 0, 0)


def build(source: Path, ranges, family: str, exclude: set[int]) -> Path:
    unicodes = _wanted(source, ranges, exclude)
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.notdef_outline = True
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.drop_tables += ["FFTM"]
    font = TTFont(source)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    _rename(font, family)
    out = HERE / f"{family}.ttf.xz"
    raw = HERE / f"{family}.ttf"
    font.save(raw)
    out.write_bytes(lzma.compress(raw.read_bytes(), preset=9 | lzma.PRESET_EXTREME))
    raw.unlink()
    print(f"{out.name}: {len(unicodes)} characters, {out.stat().st_size / 1e6:.1f} MB")
    return out


def main() -> None:
    main_cmap = set(TTFont(MAIN, fontNumber=0, lazy=True).getBestCmap())
    build(HANA / "HanaMinA.ttf", CJK_BMP_RANGES, "GridkeeperRareHanA", main_cmap)
    build(HANA / "HanaMinB.ttf", EXT_BCD, "GridkeeperRareHanB", main_cmap)


if __name__ == "__main__":
    main()
