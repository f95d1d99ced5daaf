"""Rebuild the English translation: ``python resources/translations/build.py [--update] [--fill]``.

- ``--update`` re-scans ``gridkeeper/ui/**/*.py`` with ``pyside6-lupdate`` (new ``tr()`` strings
  appear in ``gridkeeper_en.ts``; existing translations are kept);
- ``--fill`` writes the translations held in ``en_*.py`` (dicts named ``EN``) into messages of the
  .ts that have none yet;
- always: ``pyside6-lrelease`` compiles ``gridkeeper_en.ts`` into ``gridkeeper_en.qm``, the file
  the app loads.

Source strings are Simplified Chinese; Chinese needs no .qm.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TS = HERE / "gridkeeper_en.ts"
QM = HERE / "gridkeeper_en.qm"


def tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else (shutil.which(name) or name)


def update() -> None:
    sources = sorted(str(p) for p in (ROOT / "gridkeeper" / "ui").rglob("*.py"))
    subprocess.run([tool("pyside6-lupdate"), *sources, "-ts", str(TS), "-source-language", "zh_CN",
                    "-target-language", "en", "-no-obsolete"], check=True)


def fill() -> int:
    table: dict[str, str] = {}
    for f in sorted(HERE.glob("en_*.py")):
        spec = importlib.util.spec_from_file_location(f.stem, f)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        table.update(mod.EN)
    tree = ET.parse(TS)
    n = 0
    for msg in tree.getroot().iter("message"):
        src = msg.find("source").text or ""
        tr = msg.find("translation")
        if src in table and (tr.text is None or tr.get("type") == "unfinished"):
            tr.text = table[src]
            tr.attrib.pop("type", None)
            n += 1
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    return n


def release() -> None:
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True)


def main(argv: list[str]) -> int:
    if "--update" in argv:
        update()
    if "--fill" in argv:
        print(f"filled {fill()} translations")
    release()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
