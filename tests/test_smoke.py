"""``gridkeeper --smoke-test`` from source: every step passes, and a failing step is reported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gridkeeper import smoke

ROOT = Path(__file__).resolve().parent.parent


def _env_without_display(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["GRIDKEEPER_DATA_DIR"] = str(data_dir)
    return env


def test_smoke_test_from_source_passes_every_step(tmp_path):
    data = tmp_path / "user-data"
    proc = subprocess.run([sys.executable, "-m", "gridkeeper", "--smoke-test"], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", env=_env_without_display(data), timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    step_lines = [ln for ln in lines if ln.startswith("ok ")]
    assert [ln.split()[1] for ln in step_lines] == list(smoke.STEPS)
    assert lines[-1].startswith("smoke test passed")
    assert "offscreen" in step_lines[0]  # chose the headless platform itself
    assert proc.stderr.strip() == ""
    # It works in a temporary folder: the user's data folder gets nothing.
    assert not data.exists() or not any(data.iterdir())


def test_failing_step_is_reported_on_one_stderr_line(monkeypatch, capsys):
    def broken_check(db, quick=False):
        from gridkeeper.domain.messages import M
        from gridkeeper.store.check import CheckReport

        return CheckReport(error_messages=[M("the_database_file_is_damaged", e="test")])

    monkeypatch.setattr("gridkeeper.store.check.check_database", broken_check)
    rc = smoke.run_smoke_test(steps=("store", "enrol", "bundle", "check", "ledger"))
    out, err = capsys.readouterr()
    assert rc == 1
    assert "ok store" in out and "ok bundle" in out
    assert "ok ledger" not in out  # stops at the first failure
    assert err.strip().splitlines() == ["smoke test failed at step check: RuntimeError: township database: "
                                        "数据库文件已损坏：test"]


def test_missing_bundled_font_fails_the_qt_step(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr("gridkeeper.resources.resource_path", lambda *parts: tmp_path.joinpath(*parts))
    rc = smoke.run_smoke_test(steps=("qt",))
    _, err = capsys.readouterr()
    assert rc == 1
    assert err.startswith("smoke test failed at step qt: RuntimeError: bundled font missing")


def test_ledger_step_refuses_a_file_that_is_not_a_pdf(monkeypatch, tmp_path, capsys):
    import importlib.util

    if importlib.util.find_spec("gridkeeper.ledgers.service") is not None:
        monkeypatch.setattr("gridkeeper.ledgers.service.print_ledger",
                            lambda db, **kw: Path(kw["out"]).write_bytes(b"not a pdf"))
    else:
        monkeypatch.setattr("gridkeeper.ledgers.render.render_ledger",
                            lambda kind, header, rows, out, **kw: Path(out).write_bytes(b"not a pdf"))
    rc = smoke.run_smoke_test(steps=("store", "enrol", "bundle", "ledger"))
    _, err = capsys.readouterr()
    assert rc == 1
    assert "smoke test failed at step ledger" in err


def test_no_console_does_not_crash(monkeypatch):
    """A windowed Windows exe has sys.stdout = None: the result is then only the exit code."""
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert smoke.run_smoke_test(steps=("store", "check")) == 0
