"""Texts the UI once chose with ``pick(zh, en)`` now come from Qt's translator (issue #16).

Each check reads a text in Chinese (the default), switches the running application to English and
reads it again: the English must appear, so the message sits in the context the code asks for and
the .qm holds it. A wrong context or a missing translation would leave the Chinese in place.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QMessageBox

from gridkeeper.ui.i18n import install_language

pytestmark = pytest.mark.gui
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def english(qapp):
    install_language("en")
    yield
    install_language("zh")


def in_both(fn):
    """``fn()`` in Chinese, then in English."""
    zh = fn()
    install_language("en")
    try:
        return zh, fn()
    finally:
        install_language("zh")


@pytest.mark.parametrize("days_left,zh,en", [
    (-1, "逾期 1 天", "1 day overdue"), (-3, "逾期 3 天", "3 days overdue"), (0, "今天到期", "due today"),
    (1, "1 天后", "in 1 day"), (12, "12 天后", "in 12 days")])
def test_care_due_column(qapp, days_left, zh, en):
    from gridkeeper.ui.care_tab import _due_text

    row = SimpleNamespace(overdue=days_left < 0, days_left=days_left)
    assert in_both(lambda: _due_text(row)) == (zh, en)


def test_start_up_texts(qapp, grid_demo_db, tmp_path):
    from gridkeeper.store.meta import set_meta
    from gridkeeper.ui import settings as S
    from gridkeeper.ui.app import clock_warning, make_app
    from gridkeeper.ui.township.common import error_text

    set_meta(grid_demo_db, "hlc_last", (10 ** 13 + 5) << 16)   # a stamp far in the future
    zh, en = in_both(lambda: clock_warning(grid_demo_db))
    assert zh.startswith("这台电脑的系统时间比本数据库上次记录的时间早了约") and "小时" in zh
    assert en.startswith("This computer's clock is about") and not CJK.search(en)
    assert in_both(lambda: error_text(RuntimeError("boom"))) == (
        "出错了：boom（详情已写入日志）", "Something went wrong: boom (details in the log)")
    S.use_settings_file(tmp_path / "s.ini")
    try:
        S.set_language_setting("en")
        assert make_app().applicationDisplayName() == "gridkeeper"   # named after the translator is in
        S.set_language_setting("zh")
        assert make_app().applicationDisplayName() == "网格员台账"
    finally:
        S.use_settings_file(None)
        install_language("zh")


def test_mismatched_passphrases_are_refused_in_the_users_language(qtbot, english):
    from gridkeeper.ui.unlock import NewPassphraseDialog

    dlg = NewPassphraseDialog("t", "x")
    qtbot.addWidget(dlg)
    dlg.fields.first.setText("correct horse 1")
    dlg.fields.again.setText("correct horse 2")
    dlg.ok_button.click()
    assert dlg.passphrase is None and dlg.result() != NewPassphraseDialog.DialogCode.Accepted
    assert dlg.error.text() == "the passphrases do not match"


def test_search_results_are_tagged_in_english(qtbot, english, grid_demo_db):
    from gridkeeper.ui.search_box import SearchBox
    from gridkeeper.ui.testing import immediate_tasks

    box = SearchBox(grid_demo_db)
    qtbot.addWidget(box)
    assert [box._kind_label(k) for k in ("person", "household", "house", "other")] == \
        ["Person", "Household", "House", "other"]   # "户" alone is "Households" elsewhere: its own English here
    name = grid_demo_db.execute("SELECT name FROM persons WHERE deleted = 0 LIMIT 1").fetchone()[0]
    with immediate_tasks():
        box.edit.setText(name)
        box.flush()
    first = box.results.item(0).text()
    assert first.startswith("[Person] ") and name in first


def test_saving_failure_is_reported_in_english(qtbot, english, grid_demo_db, monkeypatch):
    from gridkeeper.ui import editors

    seen = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: seen.append((title, text)))

    def disk_gone(db, values):
        raise OSError("disk gone")

    dlg = editors.RecordDialog(grid_demo_db, "areas", defaults={"level": "township", "name": "x"}, save_fn=disk_gone)
    qtbot.addWidget(dlg)
    assert dlg.form.valid and not dlg.save()
    assert seen and seen[0][1] == "Saving failed: disk gone"


def test_ledger_kinds_and_result_in_english(qtbot, english, grid_demo_db, monkeypatch, tmp_path):
    from gridkeeper.store.db import db_path
    from gridkeeper.ui import ledger_dialog as mod

    dlg = mod.LedgerDialog(str(db_path(grid_demo_db)), [])
    qtbot.addWidget(dlg)
    kinds = [dlg.kind.itemText(i) for i in range(dlg.kind.count())]
    assert kinds[0] == "Visits ledger" and len(kinds) == len(mod.KINDS) and not any(CJK.search(k) for k in kinds)
    assert [dlg.kind.itemData(i) for i in range(dlg.kind.count())] == list(mod.KINDS)
    monkeypatch.setattr(mod.QDesktopServices, "openUrl", lambda url: True)
    dlg._done({"file": str(tmp_path / "a.pdf"), "pages": 3})
    assert dlg.status.text() == f"Written: {tmp_path / 'a.pdf'} (3 pages)"


def test_export_list_dialog_speaks_english(qtbot, english, grid_demo_db, monkeypatch, tmp_path):
    from gridkeeper.store.db import db_path
    from gridkeeper.ui import import_dialog as mod
    from gridkeeper.ui.testing import immediate_tasks

    asked, told = [], []
    monkeypatch.setattr(mod.QFileDialog, "getSaveFileName",
                        lambda _p, title, _d, filters: asked.append((title, filters)) or (str(tmp_path / "p"), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text: told.append((title, text)))
    with immediate_tasks():
        mod.export_list_dialog(str(db_path(grid_demo_db)), "persons")
    assert asked == [("Export spreadsheet (the file is not encrypted; keep it safe)", "Excel (*.xlsx);;CSV (*.csv)")]
    assert told and told[0][0] == "Exported" and told[0][1].startswith("Exported ") \
        and told[0][1].endswith(f" rows to {tmp_path / 'p.xlsx'}")
