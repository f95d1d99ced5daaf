"""Small modules, small functions: over 500 lines or 80 lines only with a stated reason.

A module or function that grows past the limit either splits where a natural seam is, or goes on
the allow-list below with the reason it stays whole (repeated in its docstring for modules). The
allow-list may only shrink: an entry that is back under its limit fails too, so it is removed.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "gridkeeper"
MODULE_LINES = 500
FUNCTION_LINES = 80

LONG_MODULES = {
    "domain/message_catalogue.py": "data, not code: one entry per message, grouped by the module that says it",
    "ui/main_window.py": "the menu actions are the seam (a MainWindowActions module), deferred while the "
                         "feature branches add their record kinds to the window",
    "store/atrest.py": "one concept (the database key, its passphrase-wrapped file, encrypting a plain "
                       "file); just over the limit",
}

LONG_FUNCTIONS = {
    "sheets/writer.py:_write_xlsx": "one pass over the rows with openpyxl's write-only sheet: styles, "
                                    "widths and validations must be set in that order",
    "ui/disputes_tab.py:__init__": "builds the tab's widgets in reading order (Qt layout code)",
    "ui/households_tab.py:__init__": "builds the tab's widgets in reading order (Qt layout code)",
    "ui/ledger_dialog.py:__init__": "builds the dialog's widgets in reading order (Qt layout code)",
    "ui/township/review.py:__init__": "builds the tab's widgets in reading order (Qt layout code)",
}


def long_modules(root: Path = PACKAGE) -> dict[str, int]:
    out = {}
    for path in sorted(root.rglob("*.py")):
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MODULE_LINES:
            out[path.relative_to(root).as_posix()] = n
    return out


def long_functions(source: str, rel: str) -> dict[str, int]:
    out = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            n = node.end_lineno - node.lineno + 1
            if n > FUNCTION_LINES:
                out[f"{rel}:{node.name}"] = n
    return out


def test_no_module_over_500_lines_without_a_reason():
    found = long_modules()
    assert {m: n for m, n in found.items() if m not in LONG_MODULES} == {}
    assert sorted(set(LONG_MODULES) - set(found)) == [], "back under the limit: take it off LONG_MODULES"


def test_no_function_over_80_lines_without_a_reason():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        found.update(long_functions(path.read_text(encoding="utf-8"), path.relative_to(PACKAGE).as_posix()))
    assert {f: n for f, n in found.items() if f not in LONG_FUNCTIONS} == {}
    assert sorted(set(LONG_FUNCTIONS) - set(found)) == [], "back under the limit: take it off LONG_FUNCTIONS"


def test_long_modules_say_why_in_their_docstring():
    for rel, reason in LONG_MODULES.items():
        doc = ast.get_docstring(ast.parse((PACKAGE / rel).read_text(encoding="utf-8"))) or ""
        assert "500 lines" in doc, f"{rel}: say in the module docstring why it stays over 500 lines"


def test_the_checker_counts_lines():
    src = "def short():\n    return 1\n\n\ndef long():\n" + "    x = 1\n" * 85
    assert long_functions(src, "m.py") == {"m.py:long": 86}
