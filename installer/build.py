#!/usr/bin/env python3
"""Build the one-folder app in ``dist/gridkeeper/`` and measure it; ``--smoke`` also tests it.

    .venv/bin/python installer/build.py            # build, print folder and archive sizes
    .venv/bin/python installer/build.py --smoke    # … then run the frozen smoke test
    .venv/bin/python installer/build.py --smoke-only   # only test an existing dist/gridkeeper

The archive (``dist/gridkeeper-<version>-<platform>.tar.xz``, ``.zip`` on Windows) is what a
Linux user unpacks; on Windows the Inno Setup script (gridkeeper.iss) packs ``dist/gridkeeper``.
PyInstaller cannot cross-build: run this on the platform you build for.

The frozen smoke test runs ``dist/gridkeeper/gridkeeper --smoke-test`` (``gridkeeper-cli.exe`` on
Windows) with ``QT_QPA_PLATFORM`` removed from the environment – the app must pick the offscreen
platform itself – and fails on a non-zero exit or on any stderr line not in :data:`ALLOWED_STDERR`.
Size targets (folder ≤ 150 MB, archive ≤ 60 MB) are reported, and fail the build with ``--strict``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "gridkeeper.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
APP_DIR = DIST / "gridkeeper"
IS_WIN = sys.platform.startswith("win")

MAX_FOLDER_MB = 150
MAX_ARCHIVE_MB = 60

# stderr lines the frozen smoke test may print without failing. Each one is explained; add a line
# here only with the reason next to it.
ALLOWED_STDERR: list[tuple[re.Pattern[str], str]] = [
    # Qt's offscreen platform has no window manager and says so once per process when a window is
    # shown ("This plugin does not support propagateSizeHints()"): harmless, nothing is displayed.
    (re.compile(r"^This plugin does not support propagateSizeHints\(\)$"), "offscreen: no window manager"),
    # A headless machine has no XDG_RUNTIME_DIR (no login session); Qt falls back to /tmp/runtime-<user>.
    (re.compile(r"^QStandardPaths: XDG_RUNTIME_DIR not set, defaulting to '.*'$"), "no login session (CI, ssh)"),
    (re.compile(r"^QStandardPaths: runtime directory '.*' is not owned by UID \d+.*$|"
                r"^QStandardPaths: wrong permissions on runtime directory .*$"), "CI runs as another user"),
]


def frozen_exe(app_dir: Path = APP_DIR) -> Path:
    """The console executable of a build: what scripts and the smoke test run."""
    return app_dir / ("gridkeeper-cli.exe" if IS_WIN else "gridkeeper")


def version() -> str:
    text = (ROOT / "gridkeeper" / "__init__.py").read_text(encoding="utf-8")
    m = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    return m.group(1) if m else "0"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def make_archive(app_dir: Path) -> Path:
    plat = "windows-x64" if IS_WIN else f"{sys.platform}-{os.uname().machine}"
    base = DIST / f"gridkeeper-{version()}-{plat}"
    if IS_WIN:
        out = base.with_suffix(".zip")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            for p in sorted(app_dir.rglob("*")):
                z.write(p, p.relative_to(app_dir.parent))
    else:
        # xz, like the Windows installer's LZMA2: ~52 MB against ~64 MB for gzip, because gzip cannot
        # squeeze the large Qt/ICU libraries. GNU tar with multi-threaded xz when present.
        out = Path(str(base) + ".tar.xz")
        if shutil.which("tar") and shutil.which("xz"):
            env = dict(os.environ, XZ_OPT="-6 -T0")
            subprocess.run(["tar", "-cJf", str(out), "-C", str(app_dir.parent), app_dir.name], check=True, env=env)
        else:
            with tarfile.open(out, "w:xz", preset=6) as t:
                t.add(app_dir, arcname=app_dir.name)
    return out


def build() -> float:
    """Run PyInstaller on the spec; returns the seconds it took."""
    t0 = time.perf_counter()
    if APP_DIR.exists():
        shutil.rmtree(APP_DIR)
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)]
    print("$ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)
    # For the Inno Setup script (gridkeeper.iss), which cannot import Python.
    (DIST / "gridkeeper-version.iss").write_text(f'#define AppVersion "{version()}"\n', encoding="utf-8")
    return time.perf_counter() - t0


def smoke(app_dir: Path = APP_DIR, extra_env: dict[str, str] | None = None, timeout: float = 120) -> list[str]:
    """Run the frozen smoke test; returns a list of problems (empty when it passed)."""
    exe = frozen_exe(app_dir)
    if not exe.is_file():
        return [f"no frozen executable at {exe}"]
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(extra_env or {})
    t0 = time.perf_counter()
    proc = subprocess.run([str(exe), "--smoke-test"], capture_output=True, text=True, encoding="utf-8",
                          errors="replace", env=env, timeout=timeout)
    took = time.perf_counter() - t0
    sys.stdout.write(proc.stdout)
    problems = []
    if proc.returncode != 0:
        problems.append(f"exit code {proc.returncode}")
    for line in proc.stderr.splitlines():
        if line.strip() and not any(rx.match(line) for rx, _why in ALLOWED_STDERR):
            problems.append(f"unexpected stderr: {line}")
    print(f"frozen smoke test: {'passed' if not problems else 'FAILED'} in {took:.1f} s")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--smoke", action="store_true", help="run the frozen smoke test after building")
    ap.add_argument("--smoke-only", action="store_true", help="do not build; test dist/gridkeeper")
    ap.add_argument("--no-archive", action="store_true", help="skip the tar.xz/zip")
    ap.add_argument("--strict", action="store_true", help="fail when the size targets are missed")
    args = ap.parse_args(argv)

    status = 0
    if not args.smoke_only:
        took = build()
        size = folder_size(APP_DIR)
        print(f"built {APP_DIR} in {took:.0f} s")
        print(f"folder: {size / 1e6:.1f} MB (target ≤ {MAX_FOLDER_MB} MB)")
        if args.strict and size > MAX_FOLDER_MB * 1e6:
            status = 1
        if not args.no_archive:
            t0 = time.perf_counter()
            arc = make_archive(APP_DIR)
            asize = arc.stat().st_size
            print(f"archive: {arc.name} {asize / 1e6:.1f} MB (target ≤ {MAX_ARCHIVE_MB} MB; "
                  f"{time.perf_counter() - t0:.0f} s)")
            if args.strict and asize > MAX_ARCHIVE_MB * 1e6:
                status = 1
    if args.smoke or args.smoke_only:
        problems = smoke()
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        if problems:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
