"""待审核: what a merge could not decide alone, one click per item.

Three sections, one above the other:

- 冲突 — two devices changed the same field concurrently. One line per record (the record in
  context: a person's name and address), its conflicting fields beneath (both values, who wrote each
  and when; the newer in green). 保留当前 confirms the winner, 采用另一值 restores the loser, for the
  selected records (all their fields) or single fields; both are new versioned writes that travel back
  to the workers. 对所选全部保留最新 keeps, for every selected conflict, the value with the later stamp.
- 隔离的修改 — changes stamped far in the future (a laptop whose clock is wrong), one line per record:
  a new household held in quarantine is one line with its 16 fields beneath, not 16 lines. 接受所选
  applies the values now with this machine's clock, 拒绝所选 drops them.
- 越权拒收 — changes outside the sender's enrolled areas, refused at merge: a read-only list.

The actions sit above each list, not in cells of its last columns (at 1366 pixels those were off the
right edge). Grouping is ``sync.review.group_by_record``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSplitter, QTableWidget, QTableWidgetItem, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from ...domain.changed import RECORD_TABLES, Changes
from ...domain.errors import GridkeeperError
from ...domain.hlc import to_datetime
from ...store.township_queries import device_names, record_context, rejected_changes
from ...sync import review as RV
from ...sync.screen import reason_label
from ..overdrafts import OverdraftsBox
from . import common


def _when(iso_or_stamp) -> str:
    if iso_or_stamp is None:
        return ""
    if isinstance(iso_or_stamp, int):
        return to_datetime(iso_or_stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    return str(iso_or_stamp)[:16].replace("T", " ")


def _item(text, *, tip: str | None = None, data=None) -> QTableWidgetItem:
    it = QTableWidgetItem("" if text is None else str(text))
    it.setToolTip(tip if tip is not None else it.text())
    if data is not None:
        it.setData(Qt.ItemDataRole.UserRole, data)
    return it


def show_value(db, tbl: str, field: str, value) -> str:
    """A field value as staff read it: vocabulary labels, and referenced records by name, not id."""
    from ...domain.records import table as get_table

    try:
        f = get_table(tbl).field(field)
    except Exception:  # noqa: BLE001 - unknown field from a damaged row
        return common.fmt_value(value)
    if value is not None and f.ref and isinstance(value, str):
        return record_context(db, f.ref, value)
    if value is not None and f.vocab is not None and isinstance(value, str):
        return f.vocab.label(value)
    if f.kind == "bool" and value in (0, 1, True, False):
        return common.tr("是") if value else common.tr("否")
    return common.fmt_value(value)


LABEL_FIELDS = ("name", "address", "number", "summary", "street")
GREEN, RED = QColor("#0b6b2c"), QColor("#b00020")


def _setup_tree(tree: QTreeWidget, widths) -> None:
    tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.setRootIsDecorated(True)
    tree.header().setStretchLastSection(True)
    for col, w in enumerate(widths):
        tree.setColumnWidth(col, w)


def _item_ids(item: QTreeWidgetItem) -> list[str]:
    return list(item.data(0, Qt.ItemDataRole.UserRole) or [])


def _selected_ids(tree: QTreeWidget) -> list[str]:
    """Ids under the selection: a record line stands for all its fields; each id once, in list order."""
    chosen = set()
    for it in tree.selectedItems():
        chosen.update(_item_ids(it))
    out = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        out += [x for x in _item_ids(top) if x in chosen and x not in out]
    return out


def _add_group(tree: QTreeWidget, ctx: str, table_label: str, rows, summary_fmt: str, field_labels,
               *, red: bool = False) -> QTreeWidgetItem:
    """One record line; with several fields, a child line per field (collapsed) and a summary."""
    ids = [x for _cells, row_ids, _col in rows for x in row_ids]
    if len(rows) == 1:
        cells, _ids, col = rows[0]
        top = QTreeWidgetItem([str(c) for c in cells])
        top.setForeground(col, QBrush(RED if red else GREEN))
    else:
        shown = "、".join(field_labels[:4]) + ("…" if len(field_labels) > 4 else "")
        top = QTreeWidgetItem([ctx, f"{table_label} / " + summary_fmt.format(len(rows), shown)])
        for cells, row_ids, col in rows:
            child = QTreeWidgetItem(["", *[str(c) for c in cells[1:]]])
            child.setData(0, Qt.ItemDataRole.UserRole, row_ids)
            child.setForeground(col, QBrush(RED if red else GREEN))
            for c in range(len(cells)):
                child.setToolTip(c, child.text(c))
            top.addChild(child)
    top.setData(0, Qt.ItemDataRole.UserRole, ids)
    for c in range(tree.columnCount()):
        top.setToolTip(c, top.text(c))
    tree.addTopLevelItem(top)
    return top


class ReviewTab(QWidget):
    changed = Signal(object)  # Changes: a resolution wrote to the database

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.setObjectName("township_review")
        self.conflicts: list[dict] = []
        self.quarantine: list[dict] = []
        self.rejected: list[dict] = []

        # conflicts: one line per record, its fields beneath; the actions sit above the list
        self.conflict_tree = QTreeWidget()
        self.conflict_tree.setObjectName("conflict_tree")
        self.conflict_tree.setHeaderLabels([
            self.tr("记录"), self.tr("表 / 字段"), self.tr("当前值"), self.tr("当前值来自"),
            self.tr("另一值"), self.tr("另一值来自")])
        _setup_tree(self.conflict_tree, (170, 160, 110, 150, 110, 150))
        self.keep_current_btn = QPushButton(self.tr("保留当前"))
        self.keep_current_btn.setObjectName("keep_current")
        self.keep_current_btn.clicked.connect(lambda: self.resolve_selected("current"))
        self.keep_other_btn = QPushButton(self.tr("采用另一值"))
        self.keep_other_btn.setObjectName("keep_other")
        self.keep_other_btn.clicked.connect(lambda: self.resolve_selected("other"))
        self.keep_newest_btn = QPushButton(self.tr("对所选全部保留最新"))
        self.keep_newest_btn.setObjectName("keep_newest")
        self.keep_newest_btn.clicked.connect(self.keep_newest_selected)
        self.select_all_btn = QPushButton(self.tr("全选"))
        self.select_all_btn.clicked.connect(self.conflict_tree.selectAll)
        self.conflict_box = QGroupBox()
        box = QVBoxLayout(self.conflict_box)
        box.setContentsMargins(6, 4, 6, 4)
        row = QHBoxLayout()
        for b in (self.keep_current_btn, self.keep_other_btn, self.keep_newest_btn, self.select_all_btn):
            row.addWidget(b)
        hint = QLabel(self.tr("两台设备同时改了同一项：选中记录或其中一项，再选保留哪个值（绿色较新）；"
                              "结果随返回包发给网格员。"))
        hint.setWordWrap(True)
        row.addWidget(hint, 1)
        box.addLayout(row)
        box.addWidget(self.conflict_tree)

        # quarantine: one line per record (a new household held whole), its fields beneath
        self.quarantine_tree = QTreeWidget()
        self.quarantine_tree.setObjectName("quarantine_tree")
        self.quarantine_tree.setHeaderLabels([
            self.tr("记录"), self.tr("表 / 字段"), self.tr("值"), self.tr("声称的修改时间"), self.tr("发送设备")])
        _setup_tree(self.quarantine_tree, (200, 160, 220, 130, 150))
        self.quarantine_box = QGroupBox()
        qbox = QVBoxLayout(self.quarantine_box)
        qbox.setContentsMargins(6, 4, 6, 4)
        qhint = QLabel(self.tr("这些修改的时间比本机时间晚很多（那台电脑的日期可能设错了）。接受则按现在的时间写入。"))
        qhint.setWordWrap(True)
        qrow = QHBoxLayout()
        self.accept_sel_btn = QPushButton(self.tr("接受所选"))
        self.accept_sel_btn.setObjectName("accept_selected")
        self.accept_sel_btn.clicked.connect(lambda: self.handle_selected_quarantine(accept=True))
        self.reject_sel_btn = QPushButton(self.tr("拒绝所选"))
        self.reject_sel_btn.setObjectName("reject_selected")
        self.reject_sel_btn.clicked.connect(lambda: self.handle_selected_quarantine(accept=False))
        qrow.addWidget(self.accept_sel_btn)
        qrow.addWidget(self.reject_sel_btn)
        qrow.addWidget(qhint, 1)
        qbox.addLayout(qrow)
        qbox.addWidget(self.quarantine_tree)

        # rejected (read-only)
        self.rejected_table = QTableWidget(0, 6)
        self.rejected_table.setObjectName("rejected_table")
        self.rejected_table.setHorizontalHeaderLabels([
            self.tr("收到时间"), self.tr("发送设备"), self.tr("表"), self.tr("记录"), self.tr("内容"), self.tr("原因")])
        common.setup_table(self.rejected_table)
        for col, w in enumerate((130, 150, 90, 190, 330)):
            self.rejected_table.setColumnWidth(col, w)
        self.rejected_box = QGroupBox()
        rbox = QVBoxLayout(self.rejected_box)
        rbox.addWidget(QLabel(self.tr("超出发送设备登记网格范围的修改，合并时已拒收（只供查看）。")))
        rbox.addWidget(self.rejected_table)

        # 积分透支: volunteers overdrawn by redemptions recorded offline on two laptops (store.points)
        self.overdrafts = OverdraftsBox(self.db, self)
        self.overdrafts.changed.connect(self._overdraft_fixed)
        split = QSplitter(Qt.Orientation.Vertical)
        for w in (self.conflict_box, self.overdrafts, self.quarantine_box, self.rejected_box):
            split.addWidget(w)
        split.setSizes([380, 200, 160])
        for tree in (self.conflict_tree, self.quarantine_tree, self.rejected_table):
            tree.setMinimumHeight(70)
        # on a short screen (1366x768 at 125%) the three lists scroll together instead of pushing
        # the window past the screen edge
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(split)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(scroll)
        self.refresh()

    # -- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.conflicts = RV.list_conflicts(self.db)
        self.quarantine = RV.list_quarantine(self.db)
        self.rejected = rejected_changes(self.db)
        names = device_names(self.db)
        self._fill_conflicts()
        self._fill_quarantine(names)
        self._fill_rejected()
        self.overdrafts.refresh()
        self.conflict_box.setTitle(self.tr("冲突（{0}）").format(len(self.conflicts)))
        self.quarantine_box.setTitle(self.tr("隔离的修改（{0}）").format(len(self.quarantine)))
        self.rejected_box.setTitle(self.tr("越权拒收的修改（{0}）").format(len(self.rejected)))
        self.rejected_box.setVisible(bool(self.rejected))     # an empty read-only list only takes room
        for b in (self.keep_current_btn, self.keep_other_btn, self.keep_newest_btn, self.select_all_btn):
            b.setEnabled(bool(self.conflicts))
        self.accept_sel_btn.setEnabled(bool(self.quarantine))
        self.reject_sel_btn.setEnabled(bool(self.quarantine))

    def pending_count(self) -> int:
        return len(self.conflicts) + len(self.quarantine) + len(self.overdrafts.items)

    def _overdraft_fixed(self) -> None:
        self.refresh()
        self.changed.emit(Changes.of_tables("point_redemptions", review=True, origin=self))

    def _fill_conflicts(self) -> None:
        t = self.conflict_tree
        t.clear()
        for group in RV.group_by_record(self.conflicts):
            ctx = record_context(self.db, group["tbl"], group["rid"])
            rows = []
            for c in group["items"]:
                cur_newer = (c["current_stamp"] or 0) >= c["stamp"]
                cells = [ctx, f"{c['table_label']} / {c['field_label']}",
                         show_value(self.db, c["tbl"], c["field"], c["current"]),
                         f"{c['current_device_name'] or ''} {_when(c['current_stamp'])}".strip(),
                         show_value(self.db, c["tbl"], c["field"], c["value"]),
                         f"{c['device_name'] or ''} {_when(c['stamp'])}".strip()]
                rows.append((cells, [c["id"]], 2 if cur_newer else 4))
            _add_group(t, ctx, group["items"][0]["table_label"], rows, self.tr("{0} 项：{1}"),
                       [c["field_label"] for c in group["items"]])

    def _fill_quarantine(self, names: dict) -> None:
        t = self.quarantine_tree
        t.clear()
        from ...domain.records import table as get_table

        for group in RV.group_by_record(self.quarantine):
            held = next((str(q["value"]) for q in group["items"] if q["field"] in LABEL_FIELDS and q["value"]), None)
            ctx = record_context(self.db, group["tbl"], group["rid"])
            if ctx == group["rid"][:8] and held:   # exists only in quarantine: described by its held values
                ctx = self.tr("（新记录）") + held
            rows, labels = [], []
            try:
                tb = get_table(group["tbl"])
            except Exception:  # noqa: BLE001 - a damaged row still shows
                tb = None
            for q in group["items"]:
                try:
                    flabel = tb.field(q["field"]).label if tb else q["field"]
                except Exception:  # noqa: BLE001
                    flabel = q["field"]
                labels.append(flabel)
                cells = [ctx, f"{tb.label if tb else q['tbl']} / {flabel}",
                         show_value(self.db, q["tbl"], q["field"], q["value"]), _when(q["claimed_time"]),
                         names.get(q["sender"] or q["device"], (q["sender"] or "")[:8])]
                rows.append((cells, [q["id"]], 3))
            top = _add_group(t, ctx, tb.label if tb else group["tbl"], rows, self.tr("{0} 项：{1}"), labels,
                             red=True)
            if len(rows) > 1:          # the record line shows when and from whom, like its fields
                top.setText(3, rows[0][0][3])
                top.setText(4, rows[0][0][4])

    def _fill_rejected(self) -> None:
        t = self.rejected_table
        t.setRowCount(len(self.rejected))
        reasons = {"out_of_scope": self.tr("超出登记网格范围")}
        for i, r in enumerate(self.rejected):
            t.setItem(i, 0, _item(_when(r["received_at"])))
            t.setItem(i, 1, _item(r["sender_name"]))
            t.setItem(i, 2, _item(r["table_label"]))
            t.setItem(i, 3, _item(r["context"]))
            t.setItem(i, 4, _item(r["summary"]))
            reason = _item(reasons.get(r["reason"]) or reason_label(r["reason"] or ""))
            if r.get("detail"):
                reason.setToolTip(r["detail"])   # the screen's own words: which field, what was wrong
            t.setItem(i, 5, reason)

    # -- actions ------------------------------------------------------------------------------
    def _do(self, title: str, fn) -> bool:
        try:
            fn()
        except GridkeeperError as e:
            common.warn(self, title, e)
            self.refresh()
            return False
        self.refresh()
        self.changed.emit(Changes(frozenset(RECORD_TABLES), review=True, origin=self))
        return True

    def on_changes(self, changes: Changes) -> None:
        if changes.origin is not self and (changes.review or changes.sync or changes.everything or
                                           changes.touches("volunteer_services", "point_redemptions")):
            self.refresh()   # an overdraft (积分透支) is a review item too

    def resolve(self, conflict_id: str, keep: str) -> bool:
        return self._do(self.tr("处理冲突"), lambda: RV.resolve_conflict(self.db, conflict_id, keep=keep))

    def selected_conflict_ids(self) -> list[str]:
        return _selected_ids(self.conflict_tree)

    def resolve_selected(self, keep: str) -> int:
        """保留当前 / 采用另一值 for every selected record (all its fields) or field; returns how many."""
        ids = self.selected_conflict_ids()
        if not ids:
            common.warn(self, self.tr("处理冲突"), self.tr("请先在冲突列表中选择要处理的记录（可按 Ctrl 或 Shift 多选）。"))
            return 0
        done = [0]

        def run():
            done[0] += RV.resolve_all(self.db, ids, keep=keep)

        self._do(self.tr("处理冲突"), run)
        return done[0]

    def keep_newest_selected(self) -> int:
        """Keep the later-stamped value of every selected conflict; returns how many were settled."""
        ids = set(self.selected_conflict_ids())
        chosen = [c for c in self.conflicts if c["id"] in ids]
        if not chosen:
            common.warn(self, self.tr("处理冲突"), self.tr("请先在冲突列表中选择要处理的行（可按 Ctrl 或 Shift 多选）。"))
            return 0
        keep_other = [c["id"] for c in chosen if c["stamp"] > (c["current_stamp"] or 0)]
        keep_current = [c["id"] for c in chosen if c["id"] not in keep_other]
        done = [0]

        def run():
            done[0] += RV.resolve_all(self.db, keep_current, keep="current")
            done[0] += RV.resolve_all(self.db, keep_other, keep="other")

        self._do(self.tr("处理冲突"), run)
        return done[0]

    def accept_quarantined(self, qid: str) -> bool:
        return self._do(self.tr("隔离的修改"), lambda: RV.accept_quarantined(self.db, qid))

    def handle_selected_quarantine(self, *, accept: bool) -> int:
        """Accept or reject every selected quarantined change (e.g. all of one laptop's); returns how many."""
        ids = _selected_ids(self.quarantine_tree)
        if not ids:
            common.warn(self, self.tr("隔离的修改"), self.tr("请先在列表中选择要处理的行（可按 Ctrl 或 Shift 多选）。"))
            return 0
        fn = RV.accept_quarantined if accept else RV.reject_quarantined
        done = [0]

        def run():
            for qid in ids:
                fn(self.db, qid)
                done[0] += 1

        self._do(self.tr("隔离的修改"), run)
        return done[0]

    def reject_quarantined(self, qid: str) -> bool:
        return self._do(self.tr("隔离的修改"), lambda: RV.reject_quarantined(self.db, qid))
