"""Screenshots of the main views at 1366x768 (into tmp_path; also /tmp/gk_screens/ with GK_SCREENS=1).

Checks what a picture can: the window fits 1366x768, and Chinese is drawn with the bundled font
(the app font is WenQuanYi Micro Hei and it has every glyph of the visible tab and header texts,
so nothing falls back to tofu). Look at the PNGs to judge the rest.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QRawFont

from gridkeeper.ui import settings as S
from gridkeeper.ui.testing import immediate_tasks, type_text

pytestmark = pytest.mark.gui


def _save(widget, tmp_path: Path, name: str) -> Path:
    out = tmp_path / f"{name}.png"
    assert widget.grab().save(str(out))
    if os.environ.get("GK_SCREENS") == "1":
        Path("/tmp/gk_screens").mkdir(exist_ok=True)
        widget.grab().save(f"/tmp/gk_screens/{name}.png")
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_main_views_screenshots(qtbot, grid_demo_db, tmp_path, lang):
    from gridkeeper.ui.app import make_app
    from gridkeeper.ui.i18n import install_language
    from gridkeeper.ui.main_window import MainWindow
    from gridkeeper.ui.editors import RecordDialog

    S.use_settings_file(tmp_path / "s.ini")
    app = make_app()
    assert "WenQuanYi" in app.font().family()
    install_language(lang)
    try:
        with immediate_tasks():
            win = MainWindow(grid_demo_db)
            qtbot.addWidget(win)
            win.resize(1366, 768)
            win.show()
            qtbot.waitExposed(win)
            raw = QRawFont.fromFont(app.font())
            for i in range(win.tabs.count()):
                text = win.tabs.tabText(i)
                assert all(raw.supportsCharacter(ord(ch)) for ch in text if not ch.isspace()), text
            names = ["households", "care", "visits", "disputes"]
            win.households_tab.panels["households"].select(win.households_tab.panels["households"].model.record_id(0))
            win.disputes_tab.panel.select(win.disputes_tab.panel.model.record_id(0))
            for i, name in enumerate(names):
                win.tabs.setCurrentIndex(i)
                qtbot.wait(10)
                assert _save(win, tmp_path, f"{lang}_{name}").stat().st_size > 10_000
            win.tabs.setCurrentIndex(0)
            type_text(win.search_box.edit, "王")
            win.search_box.flush()
            _save(win, tmp_path, f"{lang}_search")
            assert win.width() <= 1366 and win.minimumSizeHint().height() <= 768
            hid = win.households_tab.panels["households"].model.record_id(0)
            pid = win.db.execute("SELECT id FROM persons WHERE household_id = ?", [hid]).fetchone()[0]
            dlg = RecordDialog(grid_demo_db, "persons", pid)
            qtbot.addWidget(dlg)
            dlg.show()
            dlg.form.widget("id_number").setText("110105194912310021")
            assert dlg.minimumSizeHint().height() <= 768
            _save(dlg, tmp_path, f"{lang}_person_editor")
    finally:
        install_language("zh")
        S.use_settings_file(None)
