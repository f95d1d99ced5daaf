"""Time a 1,000-row visits ledger against a bare reportlab Table of the same rows and font.

Run: .venv/bin/python -m tests.benchmarks.bench_ledger [--rows N] [--smoke] [--repeat K]

The baseline is what one would write without the ledger layer: a SimpleDocTemplate (A4 landscape,
same margins) holding one Table of Paragraph cells (same font, size, CJK wrap, column widths,
repeated header, grid), no page header/footer, no font fallback, no masking, no page X of Y.
Both are timed after a warm-up render (fonts registered, fallback font unpacked), alternately,
best of ``--repeat`` runs each; the cold first call is printed separately. Goal: ratio ≤ 1.3.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from gridkeeper.ledgers import render as R
from gridkeeper.ledgers.fonts import default_fonts
from gridkeeper.ledgers.kinds import SEQ_KEY, get_kind
from gridkeeper.ledgers.render import LedgerHeader, format_value, render_ledger

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"
FINDINGS = ["老人身体状况良好，家中卫生整洁。", "冬季取暖设施已检查，煤气管道无泄漏。", "子女在外务工，每周电话联系一次。",
            "反映自来水管老化漏水，已登记。", "低保材料已收齐，待乡镇审核。"]


def visit_rows(n: int, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.randint(1, 2)))
        if i % 97 == 0:
            name = "张\U00020BB7"  # a rare name now and then (fallback font)
        rows.append(dict(
            date=date(2026, 11, 1 + i % 28), name=name, category=rnd.choice(["独居老人", "留守儿童", "残疾人", "低保/特困"]),
            address=f"东风村{rnd.randint(1, 12)}组{rnd.randint(1, 300)}号", method=rnd.choice(["入户", "电话", "视频"]),
            findings="".join(rnd.choice(FINDINGS) for _ in range(rnd.randint(1, 4))),
            needs=rnd.choice(["希望代购常用药品", "无", None, "需协调医保报销事宜"]),
            followup=rnd.choice(["联系村卫生室按月上门测量血压", "下周再访", ""]), visitor="李网格"))
    return rows


def bare_table(rows: list[dict], out: Path) -> None:
    """The baseline: a plain reportlab Table of the same cells in the same font."""
    spec = get_kind("visits")
    font = default_fonts().main
    body = ParagraphStyle("b", fontName=font, fontSize=R.BODY_SIZE, leading=R.BODY_LEADING, wordWrap="CJK")
    data = [[Paragraph(c.label, body) for c in spec.columns]]
    for i, row in enumerate(rows, start=1):
        data.append([Paragraph(escape(str(i) if c.key == SEQ_KEY else format_value(row.get(c.key))), body)
                     for c in spec.columns])
    width = R.PAGE_SIZE[0] - 2 * R.MARGIN_X
    table = Table(data, colWidths=R._column_widths(spec, width), repeatRows=1, style=TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    doc = SimpleDocTemplate(str(out), pagesize=R.PAGE_SIZE, leftMargin=R.MARGIN_X, rightMargin=R.MARGIN_X,
                            topMargin=R.FRAME_TOP, bottomMargin=R.FRAME_BOTTOM)
    doc.build([table])


def ledger(rows: list[dict], out: Path):
    header = LedgerHeader(township="城关镇", village="东风村", grid="第三网格", month="2026-11",
                          printed_on=date(2026, 11, 27))
    return render_ledger("visits", header, rows, out)


def interleaved_best(fns: list, repeat: int) -> list[float]:
    """Best time of each function over ``repeat`` rounds, run alternately so that load from
    other processes on a shared machine hits both sides alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> float:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--smoke", action="store_true", help="100 rows, one run (quick check)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    n, repeat = (100, 1) if args.smoke else (args.rows, args.repeat)
    rows = visit_rows(n)
    with tempfile.TemporaryDirectory() as d:
        out_l, out_b = Path(d) / "ledger.pdf", Path(d) / "bare.pdf"
        t0 = time.perf_counter()
        ledger(rows[:20], out_l)  # cold: font registration + fallback font unpacking
        cold = time.perf_counter() - t0
        bare_table(rows[:20], out_b)
        result = None

        def run():
            nonlocal result
            result = ledger(rows, out_l)
        t_bare, t_ledger = interleaved_best([lambda: bare_table(rows, out_b), run], repeat)
        size_l, size_b = out_l.stat().st_size, out_b.stat().st_size
    ratio = t_ledger / t_bare
    print(f"rows: {n}  (best of {repeat})")
    print(f"cold first ledger (fonts load, 20 rows): {cold:.3f} s")
    print(f"bare reportlab Table : {t_bare:.3f} s  {size_b / 1024:.0f} KiB")
    print(f"gridkeeper ledger    : {t_ledger:.3f} s  {size_l / 1024:.0f} KiB  {result.pages} pages")
    print(f"ratio ledger/bare    : {ratio:.2f}x  (goal <= 1.3x) {'OK' if ratio <= 1.3 else 'OVER'}")
    return ratio


if __name__ == "__main__":
    main()
