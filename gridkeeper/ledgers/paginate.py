"""The ledger's page: its geometry, and packing the rows of one long table into one table per page.

reportlab re-measures the whole remaining table at every page break, so a long table costs time
quadratic in its length; :func:`paginate` measures every row once and cuts the pages itself.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Table, TableStyle

PAGE_SIZE = landscape(A4)
MARGIN_X = 12 * mm
FRAME_TOP = 26 * mm  # distance from the page top: title + header line live above
FRAME_BOTTOM = 14 * mm  # footer lives below
FRAME_HEIGHT = PAGE_SIZE[1] - FRAME_TOP - FRAME_BOTTOM


class LedgerTable(Table):
    """A Table that splits *inside* a row only when that row cannot fit even on an empty page.

    reportlab's ``splitInRow`` would otherwise also fill the leftover space at the bottom of every
    page with the top part of the next row (and repeat the header above it), which reads badly on
    paper. Split pieces are built with ``self.__class__``, so this rule carries over.
    """

    def split(self, availWidth, availHeight):
        self._calc(availWidth, availHeight)
        result = self._splitRows(availHeight, doInRowSplit=False)
        if result:
            return result
        # The next row does not fit here: split inside it only on an empty page. (Splitting a
        # too-tall row in the space left on the current page makes reportlab repeat the header
        # in mid-page, so such a row starts on a new page instead.)
        if availHeight >= FRAME_HEIGHT - 1:
            return self._splitRows(availHeight, doInRowSplit=True)
        return []


def _row_blocks(nrows: int, style: list) -> list[tuple[int, int]]:
    """Body rows (1-based, as in the table) grouped so that spanned rows stay together."""
    end_of = {}
    for cmd in style:
        if cmd[0] == "SPAN" and cmd[1][1] >= 1 and cmd[2][1] >= 1:
            end_of[cmd[1][1]] = max(end_of.get(cmd[1][1], 0), cmd[2][1])
    blocks, r = [], 1
    while r <= nrows:
        last = max(r, end_of.get(r, r))
        blocks.append((r, last))
        r = last + 1
    return blocks


def _slice_style(style: list, first: int, last: int) -> list[tuple]:
    """The style commands for body rows ``first..last`` of the whole table, renumbered from 1."""
    out = []
    for cmd in style:
        (c0, r0), (c1, r1) = cmd[1], cmd[2]
        if r1 == -1 or (r0 == 0 and r1 == 0):
            out.append(cmd)                       # applies to every page's table alike
        elif first <= r0 <= last:
            shift = 1 - first
            out.append((cmd[0], (c0, r0 + shift), (c1, min(r1, last) + shift), *cmd[3:]))
    return out


MEASURE_BATCH = 200


def _measure_rows(head_row, body, style, col_widths, frame_width, blocks) -> list[float]:
    """Every row's height (index 0: the header), measured in batches of whole blocks.

    One probe table per batch: reportlab's height pass looks for the next unmeasured row from the
    start of the table each time, which is quadratic in the rows of one table.
    """
    heights: list[float] = []
    batches, cur = [], []
    for blk in blocks:
        cur.append(blk)
        if blk[1] - cur[0][0] + 1 >= MEASURE_BATCH:
            batches.append(cur)
            cur = []
    if cur:
        batches.append(cur)
    for batch in batches or [[]]:
        first, last = (batch[0][0], batch[-1][1]) if batch else (1, 0)
        probe = Table([head_row] + body[first - 1:last], colWidths=col_widths,
                      style=TableStyle(_slice_style(style, first, last)))
        probe.wrap(frame_width, 1e12)  # unbounded: reportlab stops measuring once a page is full
        pos = probe._rowpositions  # y of each row boundary, top first (spans already resolved)
        h = [pos[i] - pos[i + 1] for i in range(len(pos) - 1)]
        heights.extend(h if not heights else h[1:])
    return heights


def paginate(head_row: list, body: list[list], style: list, col_widths: list[float], frame_width: float) -> list:
    """One table per page instead of one long table.

    reportlab re-measures the whole remaining table at every page break, so a long table costs
    time quadratic in its length (a township-wide household roster never finished). Here every
    row is measured once, rows are packed into pages (spanned household rows kept together), and
    each page gets its own small table with the header row. A block taller than a page is left to
    :class:`LedgerTable`, which splits inside it on an empty page.
    """
    blocks = _row_blocks(len(body), style)
    heights = _measure_rows(head_row, body, style, col_widths, frame_width, blocks)
    head_h = heights[0]
    avail = FRAME_HEIGHT - head_h - 1  # a point to spare against rounding
    pages: list[tuple[int, int]] = []
    start, used = None, 0.0
    for first, last in blocks:
        h = sum(heights[first:last + 1])
        if start is not None and used + h > avail:
            pages.append((start, first - 1))
            start, used = None, 0.0
        if start is None:
            start = first
        used += h
    if start is not None:
        pages.append((start, len(body)))
    out: list = []
    for i, (first, last) in enumerate(pages):
        if i:
            out.append(PageBreak())
        known = sum(heights[first:last + 1]) <= avail  # else reportlab must split inside a row: let it measure
        out.append(LedgerTable([head_row] + body[first - 1:last], colWidths=col_widths, repeatRows=1,
                                splitInRow=1, rowHeights=[head_h] + heights[first:last + 1] if known else None,
                                style=TableStyle(_slice_style(style, first, last)), hAlign="CENTER"))
    return out
