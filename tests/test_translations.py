"""The English translation is complete, keeps its markers, and the .qm matches the .ts.

``resources/translations/gridkeeper_en.ts`` is parsed directly; the checks are small functions so
that the tests below can also show they catch bad translations. The .qm check loads the compiled
file with QTranslator and asks for *every* message in its own context: this fails when the .qm is
stale (built before the .ts was edited) and when a message sits in a context the code never uses
(QTranslator matches contexts exactly, so such English would never appear).
"""

from __future__ import annotations

import importlib.util
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TR_DIR = ROOT / "resources" / "translations"
TS = TR_DIR / "gridkeeper_en.ts"
QM = TR_DIR / "gridkeeper_en.qm"

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
BRACES = re.compile(r"\{[^{}]*\}")
PERCENT = re.compile(r"%(?:L?\d+|n|v|m|p)")
# deliberately bilingual: the language menu must be findable by someone stuck in the other language
BILINGUAL = {"语言 / Language"}


def load_module(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def messages(ts: Path = TS) -> list[tuple[str, str, str | None, str | None]]:
    """(context, source, translation text, translation type) for every message of a .ts file."""
    out = []
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            out.append((name, msg.findtext("source") or "", tr.text if tr is not None else None,
                        tr.get("type") if tr is not None else "missing"))
    return out


def problems(source: str, translation: str | None, kind: str | None = None) -> list[str]:
    """What is wrong with one translation (empty list when it is fine)."""
    if kind in ("unfinished", "missing", "obsolete", "vanished"):
        return [f"translation is {kind}"]
    if not (translation or "").strip():
        return ["empty translation"]
    found = []
    if CJK.search(translation) and source not in BILINGUAL:
        found.append("translation contains Chinese")
    if Counter(BRACES.findall(source)) != Counter(BRACES.findall(translation)):
        found.append(f"placeholders differ: {BRACES.findall(source)} vs {BRACES.findall(translation)}")
    if Counter(PERCENT.findall(source)) != Counter(PERCENT.findall(translation)):
        found.append(f"%-markers differ: {PERCENT.findall(source)} vs {PERCENT.findall(translation)}")
    if "&" in source.replace("&&", "") and translation.replace("&&", "").count("&") != 1:
        found.append("menu accelerator (&) lost or doubled")
    return found


# -- the checker itself catches bad translations ---------------------------------------------------

@pytest.mark.parametrize("source,translation,kind,expected", [
    ("共 {0} 条", "{1} rows", None, "placeholders differ"),
    ("已保存到 {path}", "Saved to {pfad}", None, "placeholders differ"),
    ("共 {} 条", "rows", None, "placeholders differ"),
    ("快 {0:.1f} 小时", "{0} hours ahead", None, "placeholders differ"),
    ("%v / %m", "%v of total", None, "%-markers differ"),
    ("保存", "保存", None, "Chinese"),
    ("保存", "Save（S）", None, "Chinese"),
    ("保存", "", None, "empty"),
    ("保存", None, None, "empty"),
    ("保存", "Save", "unfinished", "unfinished"),
    ("文件(&F)", "File", None, "accelerator"),
])
def test_checker_flags_bad_translations(source, translation, kind, expected):
    assert any(expected in p for p in problems(source, translation, kind))


def test_checker_accepts_good_translations():
    assert problems("文件(&F)", "&File") == []
    assert problems("快 {0:.1f} 小时", "{0:.1f} hours ahead") == []
    assert problems("{0}：{1}", "{0}: {1}") == []
    assert problems("%v / %m", "%v / %m") == []


# -- the real .ts ---------------------------------------------------------------------------------

def test_ts_has_messages_from_every_area():
    contexts = {c for c, *_ in messages()}
    for expected in ("MainWindow", "LedgerDialog", "ImportDialog", "HistoryDialog", "BackupsDialog",
                     "TownshipWorkspace", "InboxTab", "ReviewTab", "AreasTab", "DevicesTab", "OverviewTab"):
        assert expected in contexts
    assert len(messages()) > 350


def test_every_message_is_translated_to_english():
    bad = [(c, s, t, p) for c, s, t, k in messages() for p in problems(s, t, k)]
    assert bad == [], "\n".join(f"{c}: {s!r} → {t!r}: {p}" for c, s, t, p in bad[:40])


def test_no_message_in_a_context_the_code_never_uses():
    # lupdate puts ``tr = self.tr; tr(...)`` into "" and ``common.tr(...)`` into "common";
    # build.py --update moves them to the run-time context. Left there they are never looked up.
    stray = [(c, s) for c, s, *_ in messages() if c in ("", "common")]
    assert stray == []


def test_runtime_context_of_helper_calls():
    build = load_module(TR_DIR / "build.py")
    devices = "../../gridkeeper/ui/township/devices.py"
    text = (ROOT / "gridkeeper/ui/township/devices.py").read_text(encoding="utf-8").splitlines()
    line = next(i for i, s in enumerate(text, 1) if "tr = self.tr" in s)
    cls = next(s.split()[1].split("(")[0] for s in reversed(text[:line]) if s.startswith("class "))
    assert build.runtime_context(devices, line + 2, "") == cls
    assert build.runtime_context(devices, 30, "common") == "TownshipWorkspace"
    assert build.runtime_context("../../gridkeeper/ui/township/common.py", 40, "") == "TownshipWorkspace"
    assert build.runtime_context(devices, 1, "") is None          # module level: cannot tell
    assert build.runtime_context(devices, 10, "MainWindow") == "MainWindow"


def test_dict_modules_agree_and_are_used():
    """A source text has one English text across all en_*.py; every dict entry is still in the .ts."""
    seen: dict[str, tuple[str, str]] = {}
    conflicts, unused = [], []
    sources = {s for _, s, *_ in messages()}
    for f in sorted(TR_DIR.glob("en_*.py")):
        mod = load_module(f)
        for src, text in mod.EN.items():
            if src in seen and seen[src][1] != text:
                conflicts.append((src, seen[src], (f.name, text)))
            seen.setdefault(src, (f.name, text))
            assert problems(src, text) == [], (f.name, src, text)
            if src not in sources:
                unused.append((f.name, src))
        for (ctx, src), text in getattr(mod, "EN_CONTEXT", {}).items():
            assert problems(src, text) == [], (f.name, ctx, src, text)
    assert conflicts == []
    assert len(unused) <= 10, unused      # a few leftovers after UI rewording are tolerable


# -- the compiled .qm ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def translator():
    from PySide6.QtCore import QTranslator

    t = QTranslator()
    assert t.load(str(QM)), QM
    return t


def test_qm_is_consistent_with_ts(translator):
    """Every .ts message, asked for in its own context, comes back from the .qm as in the .ts."""
    stale = [(c, s, t, translator.translate(c, s)) for c, s, t, _ in messages()
             if translator.translate(c, s) != t]
    assert stale == [], f"{len(stale)} stale, rebuild with build.py: {stale[:5]}"


@pytest.mark.parametrize("context,source,english", [
    ("MainActions", "文件(&F)", "&File"),           # the menus (ui.main_actions)
    ("MainActions", "重点关爱对象", "Care subjects"),
    ("MainTabs", "户与人员", "Households and people"),
    ("LedgerDialog", "打印台账", "Print ledger"),
    ("BackupsDialog", "已保存到 {path}", "Saved to {path}"),
    ("DevicesTab", "指纹", "Fingerprint"),                  # written as ``tr = self.tr; tr(...)``
    ("TownshipWorkspace", "正常", "OK"),                    # written as ``common.tr(...)``
    ("TownshipWorkspace", "设备", "Devices"),               # EN_CONTEXT override …
    ("HistoryDialog", "设备", "Device"),                    # … of the shared EN entry
    ("OverviewTab", "合计", "Total"),
])
def test_qm_translates_samples(translator, context, source, english):
    assert translator.translate(context, source) == english


def test_qm_does_not_invent_translations(translator):
    assert translator.translate("MainWindow", "这句话不在界面里") == ""
    assert translator.translate("NoSuchContext", "保存") == ""


# -- the running township workspace -----------------------------------------------------------

@pytest.mark.gui
def test_township_workspace_headers_are_english(qtbot, tmp_path, make_db):
    """Tabs and table headers of the township workspace come out in English (no Chinese left)."""
    from PySide6.QtCore import Qt

    from gridkeeper.store.demo import build_demo
    from gridkeeper.ui import settings as S
    from gridkeeper.ui.app import make_app
    from gridkeeper.ui.i18n import install_language
    from gridkeeper.ui.testing import immediate_tasks
    from gridkeeper.ui.township import TownshipWorkspace

    S.use_settings_file(tmp_path / "s.ini")
    make_app()
    install_language("en")
    try:
        db = make_db("township", "下花园镇网格中心")
        build_demo(db, scale="township", seed=3, villages=3)
        with immediate_tasks():
            ws = TownshipWorkspace(db.conn.execute("PRAGMA database_list").fetchone()[2])
            qtbot.addWidget(ws)
            ws.resize(1366, 768)
            ws.show()
            tabs = [ws.tabText(i) for i in range(ws.count())]
            assert "Devices" in tabs and "Township overview" in tabs
            assert not any(CJK.search(t) for t in tabs), tabs
            for tab in (ws.inbox, ws.devices, ws.overview):
                model = tab.table.model()
                heads = [model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                         for i in range(model.columnCount())]
                assert heads and not any(CJK.search(str(h)) for h in heads), heads
            if os.environ.get("GK_SCREENS") == "1":
                Path("/tmp/gk_screens").mkdir(exist_ok=True)
                for tab, name in ((ws.overview, "overview"), (ws.devices, "devices"), (ws.areas, "areas"),
                                  (ws.inbox, "inbox"), (ws.review, "review")):
                    ws.setCurrentWidget(tab)
                    qtbot.wait(10)
                    ws.grab().save(f"/tmp/gk_screens/en_township_{name}.png")
    finally:
        install_language("zh")
        S.use_settings_file(None)
