"""Rebuild the English translation: ``python resources/translations/build.py [--update] [--fill]``.

- ``--update`` re-scans ``gridkeeper/ui/**/*.py`` with ``pyside6-lupdate`` (new ``tr()`` strings
  appear in ``gridkeeper_en.ts``; existing translations are kept), then moves messages whose
  lupdate context differs from the one used at run time into the right context (see
  :func:`fix_contexts`);
- ``--fill`` writes the translations held in ``en_*.py`` (dicts named ``EN``, plus optional
  ``EN_CONTEXT`` keyed by (context, source) for context-dependent English) into messages of the
  .ts that have none yet;
- always: prints how many messages are still unfinished, then ``pyside6-lrelease`` compiles
  ``gridkeeper_en.ts`` into ``gridkeeper_en.qm``, the file the app loads.

``--list`` also prints the unfinished messages. Source strings are Simplified Chinese; Chinese
needs no .qm.
"""

from __future__ import annotations

import ast
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
# ``township/common.py`` translates everything through ``common.tr()`` in this one context.
TOWNSHIP_CONTEXT = "TownshipWorkspace"


def tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else (shutil.which(name) or name)


def update() -> None:
    old = _translations() if TS.exists() else {}
    sources = sorted(str(p) for p in (ROOT / "gridkeeper" / "ui").rglob("*.py"))
    subprocess.run([tool("pyside6-lupdate"), *sources, "-ts", str(TS), "-source-language", "zh_CN",
                    "-target-language", "en", "-no-obsolete"], check=True)
    moved = fix_contexts(old)
    if moved:
        print(f"moved {moved} message(s) into their run-time context")


def _translations() -> dict[tuple[str, str], str]:
    """Finished translations of the .ts as {(context, source): text}."""
    out = {}
    for ctx in ET.parse(TS).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr is not None and tr.text and tr.get("type") != "unfinished":
                out[(name, msg.findtext("source") or "")] = tr.text
    return out


def _enclosing_classes(path: Path) -> list[tuple[int, int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(n.lineno, n.end_lineno or n.lineno, n.name) for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]


def runtime_context(filename: str, line: int, lupdate_context: str) -> str | None:
    """The context ``tr()`` really uses at ``filename:line``; ``None`` if it cannot be told.

    lupdate names a context after the class only when the call is written ``self.tr(...)``; it
    gives ``""`` for ``tr = self.tr; tr(...)`` (used inside lambdas) and ``"common"`` for the
    township helper ``common.tr(...)``. PySide6's ``self.tr`` uses the object's class name, and
    ``common.tr`` always uses :data:`TOWNSHIP_CONTEXT`. Messages left in a wrong context are
    compiled into the .qm but never found at run time (QTranslator matches the context exactly).
    """
    path = (TS.parent / filename).resolve()
    if lupdate_context == "common" or path.name == "common.py" and path.parent.name == "township":
        return TOWNSHIP_CONTEXT
    if lupdate_context:
        return lupdate_context
    if not path.exists():
        return None
    inner = [c for c in _enclosing_classes(path) if c[0] <= line <= c[1]]
    return max(inner)[2] if inner else None


def fix_contexts(old: dict[tuple[str, str], str] | None = None) -> int:
    """Move messages out of lupdate's wrong contexts ("" and "common") into the run-time ones.

    A message used from several classes is copied into each. Translations from before the update
    (``old``) are restored for moved messages, so a re-scan never loses them.
    """
    old = old or {}
    tree = ET.parse(TS)
    root = tree.getroot()
    contexts = {c.findtext("name") or "": c for c in root.findall("context")}
    moved = 0
    for name in ("", "common"):
        ctx = contexts.get(name)
        if ctx is None:
            continue
        for msg in list(ctx.findall("message")):
            targets: dict[str, list[ET.Element]] = {}
            for loc in msg.findall("location"):
                target = runtime_context(loc.get("filename", ""), int(loc.get("line", "0")), name)
                if target is not None and target != name:
                    targets.setdefault(target, []).append(loc)
            if not targets:
                continue
            src = msg.findtext("source") or ""
            for target, locs in targets.items():
                tctx = contexts.get(target)
                if tctx is None:
                    tctx = ET.SubElement(root, "context")
                    ET.SubElement(tctx, "name").text = target
                    contexts[target] = tctx
                same = [m for m in tctx.findall("message") if m.findtext("source") == src]
                if same:
                    dest = same[0]
                else:
                    dest = ET.SubElement(tctx, "message")
                    for loc in locs:
                        dest.append(loc)
                    ET.SubElement(dest, "source").text = src
                    ET.SubElement(dest, "translation", {"type": "unfinished"})
                tr = dest.find("translation")
                if (tr.text is None or tr.get("type") == "unfinished") and (target, src) in old:
                    tr.text = old[(target, src)]
                    tr.attrib.pop("type", None)
                for loc in locs:
                    msg.remove(loc)
            moved += 1
            if msg.find("location") is None:
                ctx.remove(msg)
        if not ctx.findall("message"):
            root.remove(ctx)
    ET.indent(tree, space="    ")
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    return moved


def unfinished() -> list[tuple[str, str]]:
    """(context, source) of every message without a finished, non-empty translation."""
    out = []
    for ctx in ET.parse(TS).getroot().iter("context"):
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr is None or tr.get("type") == "unfinished" or not (tr.text or "").strip():
                out.append((ctx.findtext("name") or "", msg.findtext("source") or ""))
    return out


def tables() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Merge ``EN`` (source → English) and optional ``EN_CONTEXT`` ((context, source) → English)
    of every ``en_*.py``."""
    table: dict[str, str] = {}
    by_context: dict[tuple[str, str], str] = {}
    for f in sorted(HERE.glob("en_*.py")):
        spec = importlib.util.spec_from_file_location(f.stem, f)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        table.update(mod.EN)
        by_context.update(getattr(mod, "EN_CONTEXT", {}))
    return table, by_context


def fill() -> int:
    table, by_context = tables()
    tree = ET.parse(TS)
    n = 0
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            src = msg.find("source").text or ""
            tr = msg.find("translation")
            text = by_context.get((name, src), table.get(src))
            if text is not None and (tr.text is None or tr.get("type") == "unfinished"):
                tr.text = text
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
    left = unfinished()
    print(f"{len(left)} message(s) unfinished")
    for ctx, src in left if "--list" in argv else ():
        print(f"  {ctx or '(no context)'}: {src!r}")
    release()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
