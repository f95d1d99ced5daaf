"""``gridkeeper ledger`` as a script runs it: a subprocess, exit codes, one stderr line, --json."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date

import pytest

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

MONTH = f"{date.today():%Y-%m}"


def gk(*args, data_dir, lang=None):
    env = dict(os.environ, GRIDKEEPER_DATA_DIR=str(data_dir))
    cmd = [sys.executable, "-m", "gridkeeper"] + (["--lang", lang] if lang else []) + [str(a) for a in args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli-ledger")
    db = d / "demo.db"
    r = gk("demo", "--db", db, "--seed", 3, data_dir=d / "data")
    assert r.returncode == 0, r.stderr
    return db


def test_each_kind_prints_and_reports_json(demo, tmp_path):
    for kind in ("visits", "care", "disputes", "households", "requests", "hazards"):
        out = tmp_path / f"{kind}.pdf"
        r = gk("ledger", "--db", demo, "--kind", kind, "--month", MONTH, "--out", out, "--json", data_dir=tmp_path)
        assert r.returncode == 0, r.stderr
        rep = json.loads(r.stdout)
        assert rep["file"] == str(out) and rep["kind"] == kind and rep["month"] == MONTH
        assert rep["pages"] >= 1 and rep["rows"] > 0 and rep["missing_glyphs"] == []
        assert out.read_bytes().startswith(b"%PDF")


def test_plain_report_and_full_id(demo, tmp_path):
    out = tmp_path / "care.pdf"
    r = gk("ledger", "--db", demo, "--kind", "care", "--month", MONTH, "--full-id", "--out", out, data_dir=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "重点人群花名册" in r.stdout and "页" in r.stdout
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True).stdout
    assert "含个人信息" in text


def test_area_of_the_village(demo, tmp_path):
    import sqlite3

    con = sqlite3.connect(demo)
    village = con.execute("SELECT id, name FROM areas WHERE level = 'village'").fetchone()
    con.close()
    out = tmp_path / "v.pdf"
    r = gk("ledger", "--db", demo, "--kind", "disputes", "--month", MONTH, "--area", village[0], "--out", out,
           "--json", data_dir=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["area"] == village[0]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True).stdout
    assert village[1] in text


@pytest.mark.parametrize("args, zh, en", [
    (["--kind", "care", "--month", "2026-13"], "月份", "month"),
    (["--kind", "care", "--month", f"{date.today().year + 1}-{date.today():%m}"], "未来", "future"),
    (["--kind", "care", "--month", MONTH, "--area", "nope"], "区域不存在", "no such area"),
    (["--kind", "roster", "--month", MONTH], "未知的台账类型", "unknown ledger kind"),
    (["--month", MONTH], "--kind", "--kind"),
])
def test_bad_input_one_line_no_file(demo, tmp_path, args, zh, en):
    out = tmp_path / "bad.pdf"
    for lang, word in (("zh", zh), ("en", en)):
        r = gk("ledger", "--db", demo, *args, "--out", out, data_dir=tmp_path, lang=lang)
        assert r.returncode != 0
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and word in lines[0], r.stderr
        assert "Traceback" not in r.stderr and r.stdout == ""
        assert not out.exists()
    assert list(tmp_path.glob("*.pdf")) == []


def test_missing_database(tmp_path):
    r = gk("ledger", "--db", tmp_path / "none.db", "--kind", "care", "--month", MONTH, "--out", tmp_path / "x.pdf",
           data_dir=tmp_path)
    assert r.returncode != 0 and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "none.db").exists()
