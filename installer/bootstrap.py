#!/usr/bin/env python3
"""Set up a development environment and run gridkeeper or its tests: the README's two commands.

    python3 installer/bootstrap.py demo    # open the app on a demo database in the data folder
    python3 installer/bootstrap.py test    # run the test suite (Qt offscreen)

It needs only Python 3.11+. It creates ``.venv`` beside the project, installs gridkeeper with its
test extra (again only when pyproject.toml changed), then runs the command. Extra arguments go to
pytest (``test -k merge``) or to ``gridkeeper demo`` (``demo --scale township``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_env() -> Path:
    if sys.version_info < (3, 11):
        sys.exit(f"gridkeeper needs Python 3.11 or newer (this is {sys.version.split()[0]})")
    py = venv_python()
    if not py.exists():
        print("creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / ".gridkeeper-installed"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text().strip() != want:
        print("installing gridkeeper and its dependencies into .venv …", flush=True)
        subprocess.check_call([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                               "-e", f"{ROOT}[test]"])
        stamp.write_text(want)
    return py


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "demo"
    rest = argv[1:]
    py = ensure_env()
    if cmd == "demo":
        return subprocess.call([str(py), "-m", "gridkeeper", "demo", "--open", *rest])
    if cmd == "test":
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        return subprocess.call([str(py), "-m", "pytest", *rest], cwd=ROOT, env=env)
    sys.exit(f"usage: {sys.argv[0]} demo|test [args…]")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
