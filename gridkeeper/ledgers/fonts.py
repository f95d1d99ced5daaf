"""Fonts for the PDF ledgers: one embedded main font plus fallbacks for rare characters.

Decisions (see ``resources/fonts/README.md`` for the files and licences):

* reportlab embeds TrueType (glyf) fonts only, so the main font is WenQuanYi Micro Hei
  (``wqy-microhei.ttc`` face 0), shipped in ``resources/fonts`` and subset on embedding. We never
  depend on system fonts for ordinary text.
* WenQuanYi lacks CJK Extension A and everything outside the BMP (生僻字 such as 𠮷 U+20BB7).
  Two bundled Hanazono subsets cover them; they are xz-compressed on disk and decompressed in
  memory the first time a character in their range appears, so an ordinary ledger pays nothing.
* After the bundled fonts, system fonts are tried (Windows SimSun / SimSun-ExtB / SimSun-ExtG,
  Linux full Hanazono), again lazily and only for characters still uncovered. A font that fails
  to load (missing, CFF outlines, corrupt) is skipped.
* reportlab has no per-glyph fallback, so text is split into runs by coverage
  (:meth:`FontSet.runs`) and fallback runs are wrapped in ``<font name="...">`` in Paragraph
  markup (:meth:`FontSet.markup`) or drawn run by run on a canvas (:meth:`FontSet.draw_string`).
  A character no font has is left in the main-font run (it prints as an empty box) and reported
  to the caller, which adds a footnote to the ledger.
* reportlab 5.1 writes a wrong ToUnicode entry for characters above U+FFFF (𠮷 extracts as ₻):
  :func:`_make_to_unicode_cmap` replaces its CMap writer so search/copy/pdftotext give 𠮷 back.
* Coverage lookups: a compiled regular expression matching "any character the main font lacks"
  lets the common all-covered string skip the per-character loop entirely (C speed).
"""

from __future__ import annotations

import functools
import io
import logging
import lzma
import os
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase import ttfonts as _ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.domain.messages import M
from gridkeeper.resources import resource_path

log = logging.getLogger(__name__)

MAIN_FONT_NAME = "GK-WenQuanYiMicroHei"

# Characters never drawn: zero-width marks, BOM and variation selectors (an IVS changes a glyph's
# shape, not the character; our fonts have no cmap 14, so we print the base character).
_INVISIBLE_RE = re.compile("[\u200b-\u200d\u2060\ufeff\ufe00-\ufe0f\U000e0100-\U000e01ef]")
# C0/C1 controls other than tab/newline, lone surrogates and U+FFFE/FFFF break reportlab's parser.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def _utf16_hex(cp: int) -> str:
    return chr(cp).encode("utf-16-be", "surrogatepass").hex().upper()


def _make_to_unicode_cmap(fontname, subset):
    """reportlab's ToUnicode CMap with code points above U+FFFF written as UTF-16 surrogate pairs.

    reportlab 5.1 writes ``<%04X>``, i.e. ``<20BB7>`` for 𠮷, which text extraction, search and
    copy-paste read as U+20BB (₻). The PDF spec wants UTF-16BE: ``<D842DFB7>``.
    """
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        "<< /Registry (%s)" % fontname, "/Ordering (%s)" % fontname, "/Supplement 0", ">> def",
        "/CMapName /%s def" % fontname, "/CMapType 2 def", "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1), "endcodespacerange", "%d beginbfchar" % len(subset),
    ]
    lines += ["<%02X> <%s>" % (i, _utf16_hex(v)) for i, v in enumerate(subset)]
    lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


_ttfonts.makeToUnicodeCMap = _make_to_unicode_cmap  # module global looked up at embedding time


class FontError(GridkeeperError):
    code = "font"


@dataclass(frozen=True)
class FontSource:
    """Where a font comes from. ``ranges`` is a cheap pre-filter: a fallback font is only loaded
    for a character inside one of its ranges (``None``: any character)."""

    name: str
    path: Path
    subfont_index: int = 0
    compressed: bool = False
    ranges: tuple[tuple[int, int], ...] | None = None

    def may_cover(self, cp: int) -> bool:
        return self.ranges is None or any(a <= cp <= b for a, b in self.ranges)


_register_lock = threading.Lock()


def _register(source: FontSource) -> set[int]:
    """Register ``source`` with reportlab (once per process); return the code points it covers."""
    with _register_lock:
        try:
            font = pdfmetrics.getFont(source.name)
        except KeyError:
            if source.compressed:
                data = lzma.decompress(source.path.read_bytes())
                font = TTFont(source.name, io.BytesIO(data), subfontIndex=source.subfont_index)
            else:
                font = TTFont(source.name, str(source.path), subfontIndex=source.subfont_index)
            pdfmetrics.registerFont(font)
            # <b>/<i> in markup must not fail: map every style to the same face (no bold face).
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(source.name, bold, italic, source.name)
        face = getattr(font, "face", None)
        if face is None or not hasattr(face, "charToGlyph"):
            raise FontError(M("not_a_truetype_font", source_name=source.name))
        return set(face.charToGlyph)


def clean_text(text: str) -> str:
    """Drop characters that cannot or should not be drawn (controls, zero-width, selectors)."""
    text = _INVISIBLE_RE.sub("", text)
    return _CONTROL_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def escape(text: str) -> str:
    """Escape text for reportlab Paragraph markup."""
    return text.translate(_ESCAPES)


def _negated_class(codepoints: Iterable[int]) -> re.Pattern[str]:
    """A regex matching any character *not* in ``codepoints`` (built from contiguous ranges)."""
    parts: list[str] = []
    start = prev = None
    for cp in sorted(codepoints):
        if start is None:
            start = prev = cp
        elif cp == prev + 1:
            prev = cp
        else:
            parts.append(_range(start, prev))
            start = prev = cp
    if start is not None:
        parts.append(_range(start, prev))
    return re.compile("[^" + "".join(parts) + "\n]")


def _range(a: int, b: int) -> str:
    return re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"


class FontSet:
    """The main font and an ordered list of fallbacks; answers "which font draws this text"."""

    def __init__(self, main: FontSource, fallbacks: Sequence[FontSource] = ()):
        self.main = main.name
        self._main_chars = _register(main)
        self._main_chars.add(ord("\n"))
        self._uncovered = _negated_class(self._main_chars)
        self._fallbacks = list(fallbacks)
        self._loaded: dict[str, set[int] | None] = {}  # name -> coverage, None = failed to load
        self._font_for: dict[int, str | None] = {}
        self._lock = threading.Lock()

    @property
    def fallback_names(self) -> list[str]:
        return [f.name for f in self._fallbacks]

    def font_for(self, ch: str) -> str | None:
        """Font name that draws ``ch``: the main font, a fallback, or ``None`` if none can."""
        cp = ord(ch)
        if cp in self._main_chars:
            return self.main
        try:
            return self._font_for[cp]
        except KeyError:
            pass
        with self._lock:
            found = None
            for source in self._fallbacks:
                if not source.may_cover(cp):
                    continue
                if source.name not in self._loaded:
                    try:
                        self._loaded[source.name] = _register(source)
                    except Exception as exc:  # missing file, CFF outlines, corrupt font
                        log.info("fallback font %s unusable: %s", source.path, exc)
                        self._loaded[source.name] = None
                coverage = self._loaded[source.name]
                if coverage is not None and cp in coverage:
                    found = source.name
                    break
            self._font_for[cp] = found
            return found

    def runs(self, text: str, missing: set[str] | None = None) -> list[tuple[str, str]]:
        """Split cleaned ``text`` into ``(font_name, chunk)`` runs. Characters no font has stay in
        the main font's run and are added to ``missing``."""
        if not text:
            return []
        if self._uncovered.search(text) is None:
            return [(self.main, text)]
        runs: list[tuple[str, str]] = []
        cur_font, cur = self.main, []
        for ch in text:
            font = self.font_for(ch)
            if font is None:
                if missing is not None:
                    missing.add(ch)
                font = self.main
            if font != cur_font and cur:
                runs.append((cur_font, "".join(cur)))
                cur = []
            cur_font = font
            cur.append(ch)
        if cur:
            runs.append((cur_font, "".join(cur)))
        return runs

    def markup(self, text: str, missing: set[str] | None = None) -> str:
        """Paragraph markup for plain ``text``: escaped, newlines as ``<br/>``, fallback runs in
        ``<font name=...>``. Callers style the paragraph with the main font."""
        text = clean_text(text)
        if self._uncovered.search(text) is None:
            out = escape(text)
        else:
            out = "".join(
                escape(chunk) if font == self.main else f'<font name="{font}">{escape(chunk)}</font>'
                for font, chunk in self.runs(text, missing)
            )
        return out.replace("\n", "<br/>")

    def string_width(self, text: str, size: float) -> float:
        return sum(pdfmetrics.stringWidth(c, f, size) for f, c in self.runs(clean_text(text)))

    def draw_string(self, canvas, x: float, y: float, text: str, size: float, *, align: str = "left",
                    missing: set[str] | None = None) -> float:
        """Draw one line of text on a canvas with per-run fonts; returns its width."""
        runs = self.runs(clean_text(text).replace("\n", " "), missing)
        widths = [pdfmetrics.stringWidth(c, f, size) for f, c in runs]
        total = sum(widths)
        if align == "center":
            x -= total / 2
        elif align == "right":
            x -= total
        for (font, chunk), w in zip(runs, widths):
            canvas.setFont(font, size)
            canvas.drawString(x, y, chunk)
            x += w
        return total


# ---------------------------------------------------------------------------------------------
# The default font set

BUNDLED_FALLBACKS = (
    ("GK-RareHanA", "GridkeeperRareHanA.ttf.xz",
     ((0x2E80, 0x2FDF), (0x31C0, 0x31EF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
      (0x2F800, 0x2FA1F))),
    ("GK-RareHanB", "GridkeeperRareHanB.ttf.xz", ((0x20000, 0x2B81F),)),
)


def system_fallbacks() -> list[FontSource]:
    """TrueType fonts of the running system that cover rare ideographs, if present."""
    candidates: list[tuple[str, Path, int]] = []
    if sys.platform.startswith("win"):
        fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        candidates += [
            ("GK-SimSunExtB", fonts / "simsunb.ttf", 0),
            ("GK-SimSunExtG", fonts / "SimsunExtG.ttf", 0),
            ("GK-SimSun", fonts / "simsun.ttc", 0),
        ]
    else:
        hana = Path("/usr/share/fonts/truetype/hanazono")
        candidates += [("GK-HanaMinB", hana / "HanaMinB.ttf", 0), ("GK-HanaMinA", hana / "HanaMinA.ttf", 0)]
    return [FontSource(name, path, idx) for name, path, idx in candidates if path.is_file()]


def bundled_main() -> FontSource:
    path = resource_path("fonts", "wqy-microhei.ttc")
    if not path.is_file():
        raise FontError(M("font_missing", path=path), code="font_missing")
    return FontSource(MAIN_FONT_NAME, path, subfont_index=0)


def bundled_fallbacks() -> list[FontSource]:
    out = []
    for name, filename, ranges in BUNDLED_FALLBACKS:
        path = resource_path("fonts", filename)
        if path.is_file():
            out.append(FontSource(name, path, compressed=True, ranges=ranges))
        else:
            log.warning("bundled fallback font missing: %s", path)
    return out


@functools.lru_cache(maxsize=None)
def default_fonts(use_system: bool = True) -> FontSet:
    """The process-wide font set: bundled main, bundled fallbacks, then (optionally) system fonts."""
    fallbacks = bundled_fallbacks() + (system_fallbacks() if use_system else [])
    return FontSet(bundled_main(), fallbacks)
