"""The frozen build in ``dist/gridkeeper/`` (``python installer/build.py``): it runs on its own.

Skipped unless a build exists. The build is not made by the tests (it takes about a minute); CI
builds it first (see installer/README.md). A build older than the source tests the old code: the
version test below at least catches a build from another release.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import gridkeeper

ROOT = Path(__file__).resolve().parent.parent
IS_WIN = sys.platform.startswith("win")


def _load_build_module():
    spec = importlib.util.spec_from_file_location("gridkeeper_installer_build", ROOT / "installer" / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


build = _load_build_module()
APP_DIR = build.APP_DIR
EXE = build.frozen_exe(APP_DIR)
needs_build = pytest.mark.skipif(not EXE.is_file(), reason=f"no frozen build at {EXE} (python installer/build.py)")


def _run(*args, env_extra=None, tmp_path=None, timeout=120):
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    if tmp_path is not None:
        env["GRIDKEEPER_DATA_DIR"] = str(tmp_path / "data")
    env.update(env_extra or {})
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, encoding="utf-8", errors="replace",
                          env=env, timeout=timeout)


# -- the real build -------------------------------------------------------------------------------

@needs_build
def test_frozen_smoke_test_passes_without_qt_platform_set():
    assert build.smoke(APP_DIR) == []


@needs_build
@pytest.mark.skipif(IS_WIN, reason="fontconfig is how Linux finds system fonts")
def test_frozen_smoke_test_passes_with_no_system_fonts(tmp_path):
    """A laptop without CJK fonts (or any font): the bundled font must carry both Qt and the PDF."""
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                    f"<fontconfig><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n", encoding="utf-8")
    env = {"FONTCONFIG_FILE": str(conf), "FONTCONFIG_PATH": str(tmp_path)}
    if shutil.which("fc-list"):  # prove the config really hides every system font
        listed = subprocess.run(["fc-list"], capture_output=True, text=True, env=dict(os.environ, **env))
        assert listed.stdout.strip() == ""
    assert build.smoke(APP_DIR, extra_env=env) == []


@needs_build
def test_frozen_version_matches_source():
    proc = _run("--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"gridkeeper {gridkeeper.__version__}"


@needs_build
def test_frozen_cli_commands_work(tmp_path):
    """The lazily imported command modules are in the build: demo, search, keys, check."""
    db = tmp_path / "demo.db"
    proc = _run("demo", "--db", str(db), tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = _run("search", "--db", str(db), "--json", "王", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert '"kind"' in proc.stdout
    proc = _run("keys", "list", "--db", str(db), tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = _run("check", "--db", str(db), tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = _run("check", "--db", str(tmp_path / "missing" / "x.db"), tmp_path=tmp_path)
    assert proc.returncode != 0 and len(proc.stderr.strip().splitlines()) == 1


@needs_build
def test_frozen_build_is_trimmed():
    internal = APP_DIR / "_internal"
    files = [p for p in internal.rglob("*")]
    names = {p.name for p in files}
    assert (internal / "resources" / "fonts" / "wqy-microhei.ttc").is_file()
    assert not [p for p in files if p.is_symlink() and not p.exists()], "broken symlinks"
    assert not any("gtk3" in n for n in names), "the gtk3 platform theme drags in gtk, cairo, pango"
    qms = sorted(p.name for p in files if p.suffix == ".qm" and "PySide6" in p.parts)
    assert qms and all("zh_CN" in n for n in qms), qms
    platforms = sorted(p.name for p in files if p.parent.name == "platforms")
    assert any("offscreen" in n for n in platforms) and not any("wayland" in n or "eglfs" in n for n in platforms)
    assert not any(n.startswith(("libQt6Qml", "libQt6Quick", "libQt6Network", "libQt6WebEngine")) for n in names)
    assert build.folder_size(APP_DIR) <= 200e6  # the hard ceiling; the target (150 MB) is reported by build.py


# -- the stderr allow-list (no build needed) ------------------------------------------------------

@pytest.mark.skipif(IS_WIN, reason="fake app is a shell script")
@pytest.mark.parametrize("stderr, rc, ok", [
    ("", 0, True),
    ("QStandardPaths: XDG_RUNTIME_DIR not set, defaulting to '/tmp/runtime-root'", 0, True),
    ("qt.qpa.plugin: Could not load the Qt platform plugin \"xcb\"", 0, False),
    ("", 3, False),
])
def test_smoke_runner_rejects_unexpected_stderr_and_exit_codes(tmp_path, stderr, rc, ok):
    app = tmp_path / "gridkeeper"
    app.mkdir()
    exe = app / "gridkeeper"
    exe.write_text(f"#!/bin/sh\necho 'ok qt'\n[ -n \"$QT_QPA_PLATFORM\" ] && echo 'QT_QPA_PLATFORM leaked' >&2\n"
                   f"printf '%s' {_sh_quote(stderr)} >&2\nexit {rc}\n", encoding="utf-8")
    exe.chmod(0o755)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the runner must remove it
    problems = build.smoke(app)
    assert (problems == []) is ok, problems


def _sh_quote(s: str) -> str:
    return "'" + s.replace("'", "'\\''") + "'"
