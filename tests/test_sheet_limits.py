"""Bounded spreadsheet reading: every hostile file is refused with a message naming the limit
(or read, when it is only odd), in a child process whose peak memory (VmHWM) is measured.

Timings of the same files are reported by tests/benchmarks/bench_sheets.py (no timing
assertions here).
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.domain.lang import set_language
from gridkeeper.sheets import read_sheet
from gridkeeper.sheets.limits import (MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_COMPRESSION_RATIO,
                                      MAX_CSV_BYTES, MAX_MERGED_RANGES, MAX_ROWS, MAX_UNZIPPED_BYTES)

from . import hostile_sheets as H

ROOT = Path(__file__).resolve().parents[1]
# The CSV worst case fills every known column (sheets.columns.FIELDS) of 99,999 rows: it grows with the
# fields. 22 fields read in 233 MB; with the 7 floating-population columns of schema 3 (29 fields) 310 MB.
PEAK_LIMIT_KB = 330 * 1024

_CHILD = r"""
import json, sys, time
from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.domain.lang import set_language
from gridkeeper.sheets import read_sheet
set_language("zh")
t = time.perf_counter()
out = {}
try:
    table = read_sheet(sys.argv[1])
    out.update(code=None, rows=[r.row_number for r in table.rows][:5], count=len(table.rows),
               first=table.rows[0].values if table.rows else None,
               last=table.rows[-1].values if table.rows else None)
except GridkeeperError as e:
    out.update(code=e.code, zh=e.zh, en=e.en)
out["seconds"] = time.perf_counter() - t
out["peak_kb"] = int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1])
print(json.dumps(out, ensure_ascii=False, default=str))
"""


def read_in_child(path: Path) -> dict:
    """read_sheet(path) in a fresh interpreter: its own VmHWM is the peak of this read alone."""
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


@pytest.fixture(autouse=True)
def _chinese():
    set_language("zh")
    yield
    set_language("zh")


# The message names the limit, in Chinese and in English.
LIMIT_WORDS = {
    "zip_bomb": (f"超过 {MAX_COMPRESSION_RATIO} 倍的上限", f"{MAX_COMPRESSION_RATIO}:1"),
    "zip_too_large": (f"超过 {MAX_UNZIPPED_BYTES >> 20} MB 的上限", f"{MAX_UNZIPPED_BYTES >> 20} MB"),
    "too_many_rows": (f"超过 {MAX_ROWS} 行的上限", f"{MAX_ROWS:,} rows"),
    "too_many_columns": (f"超过 {MAX_COLUMNS} 列的上限", f"{MAX_COLUMNS} columns"),
    "too_many_cells": (f"超过 {MAX_CELLS} 个单元格的上限", f"{MAX_CELLS:,} cells"),
    "too_many_merges": (f"超过 {MAX_MERGED_RANGES} 个的上限", f"{MAX_MERGED_RANGES:,}"),
    "cell_too_long": ("上限", "limit"),
    "record_too_long": ("4 MB 的上限", "4 MB"),
    "file_too_large": (f"{MAX_CSV_BYTES >> 20} MB 的上限", f"{MAX_CSV_BYTES >> 20} MB"),
    "unreadable": ("无法读取", "cannot read"),
}


@pytest.mark.parametrize("maker,code", H.HOSTILE, ids=[m.__name__ for m, _ in H.HOSTILE])
def test_hostile_file_refused_or_read_within_memory(tmp_path, maker, code):
    path = maker(tmp_path)
    out = read_in_child(path)
    assert out["code"] == code, out
    assert out["peak_kb"] <= PEAK_LIMIT_KB, f"{maker.__name__}: peak {out['peak_kb'] // 1024} MB"
    if code:
        zh, en = LIMIT_WORDS[code]
        assert zh in out["zh"] and en in out["en"], out


@pytest.mark.slow
def test_largest_sheet_within_the_limits_reads_within_memory(tmp_path):
    out = read_in_child(H.max_extent(tmp_path))
    assert out["code"] is None and out["count"] == MAX_CELLS // 40 - 1
    assert out["first"] == {"name": "v2", "id_number": "v2"}
    assert out["peak_kb"] <= PEAK_LIMIT_KB, f"peak {out['peak_kb'] // 1024} MB"
    out = read_in_child(H.csv_max_extent(tmp_path))
    assert out["code"] is None and out["count"] == MAX_ROWS - 1
    assert out["peak_kb"] <= PEAK_LIMIT_KB, f"peak {out['peak_kb'] // 1024} MB"


def test_whitespace_bomb_names_the_part_and_ratio(tmp_path):
    with pytest.raises(GridkeeperError) as info:
        read_sheet(H.whitespace_bomb(tmp_path, 200 << 20))
    e = info.value
    assert e.code == "zip_bomb"
    assert "xl/worksheets/sheet1.xml" in e.zh and "压缩比为" in e.zh and "解压后 200 MB" in e.zh


def test_far_cell_message_gives_the_row(tmp_path):
    with pytest.raises(GridkeeperError) as info:
        read_sheet(H.far_cell(tmp_path))
    assert info.value.zh == ("工作表“Sheet”超过 100000 行的上限（第 1048576 行还有内容）。"
                             "请把表格拆成几个文件分别导入")


def test_far_column_message_gives_the_column(tmp_path):
    with pytest.raises(GridkeeperError) as info:
        read_sheet(H.far_column(tmp_path))
    assert info.value.zh == "工作表“Sheet”超过 256 列的上限（第 XFD 列还有内容）。请删除多余的列后再导入"


def test_odd_but_harmless_files_read_exactly(tmp_path):
    for maker in (H.huge_dimension, H.styled_far_cells):
        table = read_sheet(maker(tmp_path))
        assert [(r.row_number, r.values) for r in table.rows] == [
            (2, {"name": "张0", "id_number": H.ID})], maker.__name__


def test_overlapping_merges_at_the_limit_fill_down_once(tmp_path):
    table = read_sheet(H.merges_at_limit(tmp_path))
    assert len(table.rows) == 999
    assert {r.values["name"] for r in table.rows} == {"张0"}  # A2:A1000 merged: the top value
    assert [r.row_number for r in table.rows[:3]] == [2, 3, 4]


def test_long_cell_names_row_column_and_limit(tmp_path):
    with pytest.raises(GridkeeperError) as info:
        read_sheet(H.long_cell(tmp_path))
    assert info.value.zh == (f"第 3 行“姓名”列的内容有 {MAX_CELL_CHARS + 1} 个字符，"
                             f"超过单元格 {MAX_CELL_CHARS} 个字符的上限")


def test_csv_field_over_128k_says_so_not_no_header(tmp_path):
    with pytest.raises(GridkeeperError) as info:
        read_sheet(H.csv_field_over_128k(tmp_path))
    e = info.value
    assert e.code == "cell_too_long"
    assert e.zh == "“field_128k.csv”第 2 行有一个单元格超过 128 KB（131072 个字符）的上限（可能缺少配对的引号）"
    set_language("en")
    assert "row 2 has a field longer than the limit of 128 KB" in str(e)


def test_csv_long_field_under_128k_still_over_the_cell_limit(tmp_path):
    with pytest.raises(GridkeeperError) as info:
        read_sheet(H.csv_long_field(tmp_path))
    assert info.value.zh.startswith("第 2 行“姓名”列的内容有 32768 个字符")


def test_rows_at_the_limit_are_read(tmp_path):
    path = tmp_path / "at_limit.csv"
    path.write_text("姓名,公民身份号码\n" + f"张三,{H.ID}\n" * (MAX_ROWS - 1), encoding="utf-8")
    assert len(read_sheet(path).rows) == MAX_ROWS - 1


def test_zip_directory_is_checked_before_anything_is_unpacked(tmp_path, monkeypatch):
    path = H.declared_huge(tmp_path)
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, *a, **k: opened.append(a) or real_open(self, *a, **k))
    with pytest.raises(GridkeeperError) as info:
        read_sheet(path)
    assert info.value.code == "zip_too_large" and opened == []
