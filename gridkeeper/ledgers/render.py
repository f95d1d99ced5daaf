"""Render a monthly ledger (台账) to PDF with reportlab. No Qt, no store: rows come in as dicts.

Layout (DESIGN §6): A4 landscape. Every page carries the title, a header line (乡镇/街道, 村/社区,
网格, 月份), the table header (``repeatRows``) and a footer "第 X 页 共 Y 页" + print date, so a
loose sheet still says what it is. Cells are Paragraphs with CJK word wrap: long text wraps and a
row taller than a page is split inside the row (``splitInRow``), so nothing is ever cut off.
After the table come the footnotes and the signature lines, kept together on one page.

Decisions:

* Page X of Y in one layout pass: :class:`_NumberedCanvas` holds each finished page's state and
  draws the footers in ``save()`` once the total is known (a two-pass build would double the
  time).
* Text goes through :class:`~gridkeeper.ledgers.fonts.FontSet` so rare characters use an
  embedded fallback font; characters no font has are listed in a footnote and returned in
  :attr:`LedgerResult.missing_glyphs`.
* ID numbers are masked (:func:`~gridkeeper.ledgers.masking.mask_id`) in ID columns and, as a
  precaution, ID-like digit runs in free text are masked too. With ``full_id=True`` every page's
  header and the PDF subject carry "含个人信息 注意保管".
* An empty month still prints (a zero report): one spanning row "本月无".
* Households: one table row per member; 序号/户号/住址 are spanned over the member rows (a
  household is then never split across pages). A span taller than a page cannot be split, so a
  household with more than :data:`MAX_SPAN_MEMBERS` members is spanned in chunks of that size,
  later chunks marked "户号（续）".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Frame, KeepTogether, PageTemplate, Paragraph,
                                Spacer, Table, TableStyle)

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.domain.messages import M

from .fonts import FontSet, default_fonts
from .kinds import HOUSEHOLD_KEYS, MEMBER_KEYS, OVERDUE_KEY, SEQ_KEY, KindSpec, get_kind
from .masking import mask_id, mask_ids_in_text
from .paginate import FRAME_BOTTOM, FRAME_HEIGHT, FRAME_TOP, MARGIN_X, PAGE_SIZE, paginate

BODY_SIZE = 8
BODY_LEADING = 10.5
HEAD_SIZE = 8.5
TITLE_SIZE = 16
LINE_SIZE = 9.5
MAX_SPAN_MEMBERS = 20
PERSONAL_MARK = "含个人信息 注意保管"
EMPTY_TEXT = "本月无"
SIGNATURES = ("网格员签字：________________", "网格长签字：________________", "日期：________________")
OVERDUE_TEXT = "逾期"
OVERDUE_COLOR = "#c00000"
_MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass
class LedgerHeader:
    title: str = ""  # "" -> the kind's title (e.g. 走访台账)
    township: str = ""
    village: str = ""
    grid: str = ""
    month: str = ""  # "2026-11"
    printed_on: date = field(default_factory=date.today)


@dataclass
class LedgerResult:
    pages: int
    rows: int
    missing_glyphs: set[str] = field(default_factory=set)


def month_label(month: str) -> str:
    """"2026-11" -> "2026年11月"; raises a user-facing error for anything else."""
    m = _MONTH_RE.match(month or "")
    if not m:
        raise GridkeeperError(M("bad_month:month_must_be_yyyy_mm", month=month),
                              code="bad_month")
    return f"{m.group(1)}年{int(m.group(2))}月"


def format_value(value: Any) -> str:
    """Cell text for a row value: None -> "", dates as ISO, bools as 是/否, lists joined."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(format_value(v) for v in value)
    return str(value)


# ---------------------------------------------------------------------------------------------
# Styles

def _styles(font: str) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("gk-body", fontName=font, fontSize=BODY_SIZE, leading=BODY_LEADING,
                          wordWrap="CJK", alignment=TA_LEFT)
    return {
        "LEFT": body,
        "CENTER": ParagraphStyle("gk-body-c", parent=body, alignment=TA_CENTER),
        "head": ParagraphStyle("gk-head", parent=body, fontSize=HEAD_SIZE, leading=HEAD_SIZE + 2.5,
                               alignment=TA_CENTER),
        "note": ParagraphStyle("gk-note", parent=body, fontSize=9, leading=13),
        "sign": ParagraphStyle("gk-sign", parent=body, fontSize=10.5, leading=15),
    }


# ---------------------------------------------------------------------------------------------
# Page decoration: title/header on every page, footer with page X of Y drawn at save()

@dataclass
class _Decor:
    fonts: FontSet
    title: str
    header_line: str
    footer_left: str
    printed_on: str
    personal_mark: bool
    missing: set[str]

    def draw_header(self, canv: Canvas, _doc=None) -> None:
        w, h = PAGE_SIZE
        canv.saveState()
        canv.setFillColor(colors.black)
        self.fonts.draw_string(canv, w / 2, h - 13 * mm, self.title, TITLE_SIZE, align="center",
                               missing=self.missing)
        self.fonts.draw_string(canv, MARGIN_X, h - 21.5 * mm, self.header_line, LINE_SIZE,
                               missing=self.missing)
        if self.personal_mark:
            canv.setFillColor(colors.HexColor(OVERDUE_COLOR))
            self.fonts.draw_string(canv, w - MARGIN_X, h - 21.5 * mm, PERSONAL_MARK, LINE_SIZE + 1,
                                   align="right")
        canv.restoreState()

    def draw_footer(self, canv: Canvas, page: int, pages: int) -> None:
        w, _h = PAGE_SIZE
        y = 8 * mm
        canv.saveState()
        self.fonts.draw_string(canv, MARGIN_X, y, self.footer_left, 8)
        self.fonts.draw_string(canv, w / 2, y, f"第 {page} 页 共 {pages} 页", 9, align="center")
        self.fonts.draw_string(canv, w - MARGIN_X, y, f"打印日期：{self.printed_on}", 8, align="right")
        canv.restoreState()


class _NumberedCanvas(Canvas):
    """Keeps every page's state until ``save()`` so the footer can say "共 Y 页"."""

    decor: _Decor

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._page_states: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab API)
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._page_states)
        for number, state in enumerate(self._page_states, start=1):
            self.__dict__.update(state)
            self.decor.draw_footer(self, number, total)
            super().showPage()
        super().save()

    @property
    def page_count(self) -> int:
        return len(self._page_states)


def _canvas_maker(decor: _Decor, sink: list) -> Callable[..., Canvas]:
    def make(*args, **kwargs):
        canv = _NumberedCanvas(*args, **kwargs)
        canv.decor = decor
        sink.append(canv)
        return canv
    return make


# ---------------------------------------------------------------------------------------------
# Table building

class _CellMaker:
    """Turns values into cell Paragraphs: masking, font runs, escaping; collects missing glyphs."""

    def __init__(self, fonts: FontSet, full_id: bool):
        self.fonts = fonts
        self.full_id = full_id
        self.styles = _styles(fonts.main)
        self.missing: set[str] = set()

    def text(self, value: Any, *, is_id: bool = False) -> str:
        s = format_value(value).strip()
        if not self.full_id:
            s = mask_id(s) if is_id else mask_ids_in_text(s)
        return s

    def para(self, value: Any, align: str = "LEFT", *, is_id: bool = False, color: str | None = None):
        s = self.text(value, is_id=is_id)
        if not s:
            return ""
        markup = self.fonts.markup(s, self.missing)
        if color:
            markup = f'<font color="{color}">{markup}</font>'
        return Paragraph(markup, self.styles[align])

    def head(self, label: str):
        return Paragraph(self.fonts.markup(label, self.missing), self.styles["head"])


def _base_style(font: str, ncols: int) -> list[tuple]:
    return [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), BODY_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]


def _check_rows(rows: Any) -> list[dict]:
    if rows is None:
        return []
    if not isinstance(rows, (list, tuple)):
        raise GridkeeperError(M("bad_rows"), code="bad_rows")
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise GridkeeperError(M("bad_rows:ledger_row_is_not_a", i=i), code="bad_rows")
    return list(rows)


def _flat_body(spec: KindSpec, rows: list[dict], cells: _CellMaker, style: list) -> list[list]:
    body = []
    for i, row in enumerate(rows, start=1):
        line = []
        for col in spec.columns:
            if col.key == SEQ_KEY:
                line.append(cells.para(i, col.align))
            elif col.key == OVERDUE_KEY:
                overdue = bool(row.get("overdue"))
                line.append(cells.para(OVERDUE_TEXT if overdue else "", col.align, color=OVERDUE_COLOR))
                if overdue:
                    r = len(body) + 1
                    style.append(("BACKGROUND", (len(line) - 1, r), (len(line) - 1, r),
                                  colors.HexColor("#fbdada")))
            else:
                line.append(cells.para(row.get(col.key), col.align, is_id=col.is_id))
        body.append(line)
    return body


def _household_body(spec: KindSpec, rows: list[dict], cells: _CellMaker, style: list) -> tuple[list[list], int]:
    body: list[list] = []
    index = {c.key: n for n, c in enumerate(spec.columns)}
    align = {c.key: c.align for c in spec.columns}
    is_id = {c.key: c.is_id for c in spec.columns}
    members_total = 0
    for i, hh in enumerate(rows, start=1):
        members = hh.get("members") or [{}]
        if not isinstance(members, (list, tuple)) or not all(isinstance(m, dict) for m in members):
            raise GridkeeperError(M("bad_rows:household_members_must_be_a", i=i),
                                  code="bad_rows")
        members_total += len(hh.get("members") or [])
        hh_values = {SEQ_KEY: i, "household_number": hh.get("household_number"), "address": hh.get("address")}
        # Chunks of at most MAX_SPAN_MEMBERS rows, each spanned; later chunks say "（续）".
        for start in range(0, len(members), MAX_SPAN_MEMBERS):
            chunk = members[start:start + MAX_SPAN_MEMBERS]
            first = len(body) + 1
            for j, member in enumerate(chunk):
                line: list = [""] * len(spec.columns)
                if j == 0:
                    for key in HOUSEHOLD_KEYS:
                        value = hh_values[key]
                        if start and key == "household_number":
                            value = f"{format_value(value)}（续）"
                        line[index[key]] = cells.para(value, align[key])
                for key in MEMBER_KEYS:
                    line[index[key]] = cells.para(member.get(key), align[key], is_id=is_id[key])
                body.append(line)
            if len(chunk) > 1:
                for key in HOUSEHOLD_KEYS:
                    c = index[key]
                    style.append(("SPAN", (c, first), (c, len(body))))
    return body, members_total


def _column_widths(spec: KindSpec, frame_width: float) -> list[float]:
    total = sum(c.weight for c in spec.columns)
    return [frame_width * c.weight / total for c in spec.columns]


# ---------------------------------------------------------------------------------------------
# Entry point

def render_ledger(kind: str, header: LedgerHeader, rows: list[dict], out_path, *, full_id: bool = False,
                  fonts: FontSet | None = None) -> LedgerResult:
    """Write the ``kind`` ledger for ``header.month`` to ``out_path`` (PDF).

    ``rows`` are dicts with the kind's keys (see :mod:`gridkeeper.ledgers.kinds`); values may be
    str, None, date/datetime, bool. ``full_id`` prints ID numbers in full and marks every page
    "含个人信息 注意保管". ``fonts`` defaults to the bundled font set. Returns the page count, the
    number of records printed (members for households) and the characters no font could draw.
    """
    spec = get_kind(kind)
    month = month_label(header.month)
    rows = _check_rows(rows)
    fonts = fonts or default_fonts()
    out_path = Path(out_path)
    title = header.title or spec.title

    cells = _CellMaker(fonts, full_id)
    style = _base_style(fonts.main, len(spec.columns))
    head_row = [cells.head(c.label) for c in spec.columns]
    if kind == "households":
        body, count = _household_body(spec, rows, cells, style)
    else:
        body = _flat_body(spec, rows, cells, style)
        count = len(rows)
    if not body:
        empty_style = ParagraphStyle("gk-empty", parent=cells.styles["sign"], alignment=TA_CENTER)
        body = [[Paragraph(EMPTY_TEXT, empty_style)] + [""] * (len(spec.columns) - 1)]
        style += [("SPAN", (0, 1), (-1, 1)), ("VALIGN", (0, 1), (-1, 1), "MIDDLE"),
                  ("TOPPADDING", (0, 1), (-1, 1), 8), ("BOTTOMPADDING", (0, 1), (-1, 1), 8)]

    frame_width = PAGE_SIZE[0] - 2 * MARGIN_X
    tables = paginate(head_row, body, style, _column_widths(spec, frame_width), frame_width)

    parts = [f"乡镇/街道：{header.township}" if header.township else "",
             f"村/社区：{header.village}" if header.village else "",
             f"网格：{header.grid}" if header.grid else "",
             f"月份：{month}"]
    header_line = "　　".join(p for p in parts if p)
    area = " ".join(p for p in (header.township, header.village, header.grid) if p)

    decor = _Decor(fonts=fonts, title=title, header_line=header_line,
                   footer_left=f"{title}（{month}）", printed_on=_printed(header.printed_on),
                   personal_mark=full_id, missing=cells.missing)

    tail: list = [Spacer(1, 5 * mm)]
    if full_id:
        tail.append(Paragraph(fonts.markup(f"注：本台账含完整公民身份号码，{PERSONAL_MARK}。"), cells.styles["note"]))
    # Footnote computed after all cells and the page decoration strings were laid out in text.
    for text in (title, header_line):
        fonts.runs(text, cells.missing)
    if cells.missing:
        listed = "、".join(f"{ch}（U+{ord(ch):04X}）" for ch in sorted(cells.missing))
        tail.append(Paragraph(fonts.markup(f"注：以下字符无可用字体：{listed}"), cells.styles["note"]))
    signatures = Table([[Paragraph(fonts.markup(t), cells.styles["sign"]) for t in SIGNATURES]],
                       colWidths=[frame_width / len(SIGNATURES)] * len(SIGNATURES), hAlign="LEFT",
                       style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                         ("FONTNAME", (0, 0), (-1, -1), fonts.main)]))
    tail += [Spacer(1, 4 * mm), signatures]

    frame = Frame(MARGIN_X, FRAME_BOTTOM, frame_width, FRAME_HEIGHT,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc = BaseDocTemplate(
        str(out_path), pagesize=PAGE_SIZE, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=FRAME_TOP, bottomMargin=FRAME_BOTTOM,
        title=f"{title}（{month}）", author=area or "gridkeeper", creator="gridkeeper",
        subject=PERSONAL_MARK if full_id else f"{title} {header.month}",
        keywords=[kind, header.month], lang="zh-CN",
        initialFontName=fonts.main, initialFontSize=BODY_SIZE,  # else an unembedded Helvetica is listed
    )
    doc.addPageTemplates([PageTemplate(id="ledger", frames=[frame], onPage=decor.draw_header)])
    canvases: list = []
    try:
        doc.build([*tables, KeepTogether(tail)], canvasmaker=_canvas_maker(decor, canvases))
    except OSError as exc:
        raise GridkeeperError(M("write_failed", out_path=out_path, exc=exc),
                              code="write_failed") from exc
    pages = canvases[-1].page_count if canvases else 0
    return LedgerResult(pages=pages, rows=count, missing_glyphs=set(cells.missing))


def _printed(value: date | datetime | str | None) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value or date.today().isoformat())
