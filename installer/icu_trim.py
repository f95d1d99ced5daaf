"""A smaller ICU data library for the Linux build: Chinese and English only (32 MB -> ~8 MB).

Qt on Linux links ICU, and PySide6's wheel ships ICU's full data (``libicudata.so.NN``, 32 MB, one
symbol ``icudtNN_dat`` holding ICU's common data file). gridkeeper needs ICU's data for Chinese and
English only, so the build replaces that library with one built from a filtered copy:

* kept: everything that is not locale data (normalisation, break rules and the CJK dictionary,
  time zones, plurals, likely subtags, …) and the locale data of ``root``, ``en*`` and ``zh*``
  (collation for sorting Chinese names by pinyin, number and date formats, names of languages,
  regions, currencies, units);
* dropped: locale data of every other language, legacy code-page converters except the Chinese
  ones (GB 18030, GBK/936, GB 2312, Big5/950), stringprep profiles (IDNA2003; Qt uses UTS 46), the
  Unicode character-name table and transliteration rules (Qt uses none of these). The word-break
  dictionaries stay: ``brkitr/root.res`` refers to them, and icupkg refuses to drop an item a
  kept one depends on. A locale whose data is missing falls back to ``root``.
* ``gridkeeper --smoke-test`` sorts Chinese names with QCollator: it fails if the collation data
  went missing (it did, once: ``res_index.res`` looks like a locale name and was dropped).

Needs ``icupkg`` (Debian: icu-devtools) and a C compiler. Without them, or on any error, the build
keeps the original library and says so: never a broken build, just a bigger one. Windows builds
need nothing of this (PySide6 uses Windows' own ICU there).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

KEEP_LANGS = ("root", "en", "zh", "yue")  # zh_Hant_HK number spellout depends on yue
LOCALE_TREES = ("", "curr", "zone", "lang", "region", "unit", "coll", "rbnf", "brkitr")
KEEP_CONVERTERS = re.compile(r"^(gb18030|windows-936-2000|windows-950-2000|ibm-1383_.*|ibm-1386_.*|ibm-5478_.*|"
                             r"ibm-950_.*|ibm-1373_.*|iso-ir-165)\.cnv$")

_LOCALE = re.compile(r"^([a-z]{2,3}|root)(_[A-Za-z0-9]*)*\.res$")  # "de_.res" exists too


def keep_item(name: str) -> bool:
    """Whether to keep one item (``"coll/zh.res"``, ``"ibm-37_P100-1995.cnv"``) of the data file."""
    tree, _, leaf = name.rpartition("/")
    if tree in LOCALE_TREES and _LOCALE.match(leaf) and leaf not in ("pool.res", "res_index.res"):
        lang = leaf.split("_")[0].removesuffix(".res")
        return lang in KEEP_LANGS
    if not tree and leaf.endswith(".cnv"):
        return bool(KEEP_CONVERTERS.match(leaf))
    if not tree and (leaf.endswith(".spp") or leaf == "unames.icu"):
        return False
    if tree == "translit":
        return False
    return True


def _symbol(lib: Path) -> str:
    out = subprocess.run(["nm", "-D", "--defined-only", str(lib)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and re.fullmatch(r"icudt\d+_dat", parts[2]):
            return parts[2]
    raise RuntimeError(f"no icudtNN_dat symbol in {lib}")


def trim_icu_data(original: Path, workdir: Path) -> Path | None:
    """Build the trimmed ``libicudata`` in ``workdir``; returns its path, or None (keep the original)."""
    tools = {t: shutil.which(t) for t in ("icupkg", "objcopy", "nm", "cc")}
    missing = [t for t, p in tools.items() if not p]
    if missing:
        print(f"icu_trim: keeping the full ICU data ({', '.join(missing)} not found; apt-get install icu-devtools gcc)")
        return None
    try:
        workdir.mkdir(parents=True, exist_ok=True)
        symbol = _symbol(original)                         # icudt73_dat
        dat = workdir / f"{symbol.removesuffix('_dat')}l.dat"
        subprocess.run(["objcopy", "-O", "binary", "--only-section=.rodata", str(original), str(dat)], check=True)
        items = subprocess.run(["icupkg", "-l", str(dat)], capture_output=True, text=True, check=True).stdout.split()
        if len(items) < 100:
            raise RuntimeError(f"only {len(items)} items found: not an ICU data library layout we know")
        drop = [i for i in items if not keep_item(i)]
        (workdir / "drop.txt").write_text("\n".join(drop) + "\n", encoding="ascii")
        # icupkg names the items after the output file ("<name>/coll/zh.res"): keep ICU's name.
        (workdir / "out").mkdir(exist_ok=True)
        small = workdir / "out" / dat.name
        # icupkg refuses (exit 2) to drop an item another kept item depends on: the filter stays honest.
        run = subprocess.run(["icupkg", "-r", "drop.txt", dat.name, str(small)], cwd=workdir, capture_output=True,
                             text=True)
        if run.returncode != 0:
            raise RuntimeError(f"icupkg -r failed: {(run.stderr or run.stdout).strip()[:300]}")
        asm = workdir / "icudata.S"
        asm.write_text(f""".section .rodata
.globl {symbol}
.type {symbol}, @object
.balign 16
{symbol}:
.incbin "{small}"
.size {symbol}, .-{symbol}
.section .note.GNU-stack,"",@progbits
""", encoding="ascii")
        lib = workdir / original.name
        subprocess.run(["cc", "-shared", "-nostdlib", f"-Wl,-soname,{original.name}", "-o", str(lib), asm.name],
                       cwd=workdir, check=True)
        print(f"icu_trim: {original.name} {original.stat().st_size / 1e6:.1f} MB -> {lib.stat().st_size / 1e6:.1f} MB "
              f"({len(items) - len(drop)} of {len(items)} items kept)")
        return lib
    except (OSError, subprocess.CalledProcessError, RuntimeError) as exc:
        print(f"icu_trim: keeping the full ICU data ({exc})")
        return None
