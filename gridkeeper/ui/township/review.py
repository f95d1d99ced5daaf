"""待审核: what a merge could not decide alone, one click per item.

Three sections, one above the other:

- 冲突 — two devices changed the same field concurrently. Both values side by side with who wrote
  each and when, the table/field label and the record in context (a person's name and address).
  保留当前 confirms the winner, 采用另一值 restores the loser; both are new versioned writes that
  travel back to the workers. 对所选全部保留最新 keeps, for every selected conflict, the value with the
  later stamp.
- 隔离的修改 — changes stamped far in the future (a laptop whose clock is wrong): 接受 applies the
  value now with this machine's clock, 拒绝 drops it.
- 越权拒收 — changes outside the sender's enrolled areas, refused at merge: a read-only list.

The lists are small (tens, rarely hundreds), so they are QTableWidgets with a button per row.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ...domain.errors import GridkeeperError
from ...domain.hlc import to_datetime
from ...store.township_queries import device_names, record_context, rejected_changes
from ...sync import review as RV
from ...sync.screen import reason_label
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


class ReviewTab(QWidget):
    changed = Signal()        # a resolution wrote to the database

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.setObjectName("township_review")
        self.conflicts: list[dict] = []
        self.quarantine: list[dict] = []
        self.rejected: list[dict] = []

        # conflicts
        self.conflict_table = QTableWidget(0, 9)
        self.conflict_table.setObjectName("conflict_table")
        self.conflict_table.setHorizontalHeaderLabels([
            self.tr("记录"), self.tr("表 / 字段"), self.tr("当前值"), self.tr("当前值来自"),
            self.tr("另一值"), self.tr("另一值来自"), "", "", ""])
        common.setup_table(self.conflict_table, multi=True, stretch_last=False)
        for col, w in enumerate((210, 130, 130, 235, 130, 235, 90, 104, 0)):
            self.conflict_table.setColumnWidth(col, w)
        self.conflict_table.setColumnHidden(8, True)
        self.keep_newest_btn = QPushButton(self.tr("对所选全部保留最新"))
        self.keep_newest_btn.setObjectName("keep_newest")
        self.keep_newest_btn.clicked.connect(self.keep_newest_selected)
        self.select_all_btn = QPushButton(self.tr("全选"))
        self.select_all_btn.clicked.connect(self.conflict_table.selectAll)
        self.conflict_box = QGroupBox()
        box = QVBoxLayout(self.conflict_box)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("两台设备同时改了同一项。请核对后选择保留哪个值；处理结果会随返回包发给网格员。")), 1)
        row.addWidget(self.select_all_btn)
        row.addWidget(self.keep_newest_btn)
        box.addLayout(row)
        box.addWidget(self.conflict_table)

        # quarantine
        self.quarantine_table = QTableWidget(0, 7)
        self.quarantine_table.setObjectName("quarantine_table")
        self.quarantine_table.setHorizontalHeaderLabels([
            self.tr("记录"), self.tr("表 / 字段"), self.tr("值"), self.tr("声称的修改时间"), self.tr("发送设备"), "", ""])
        common.setup_table(self.quarantine_table, stretch_last=False, multi=True)
        for col, w in enumerate((230, 130, 230, 150, 170, 70, 70)):
            self.quarantine_table.setColumnWidth(col, w)
        self.quarantine_box = QGroupBox()
        qbox = QVBoxLayout(self.quarantine_box)
        qrow = QHBoxLayout()
        qrow.addWidget(QLabel(self.tr("这些修改的时间比本机时间晚很多（那台电脑的日期可能设错了）。接受则按现在的时间写入。")), 1)
        self.accept_sel_btn = QPushButton(self.tr("接受所选"))
        self.accept_sel_btn.setObjectName("accept_selected")
        self.accept_sel_btn.clicked.connect(lambda: self.handle_selected_quarantine(accept=True))
        self.reject_sel_btn = QPushButton(self.tr("拒绝所选"))
        self.reject_sel_btn.setObjectName("reject_selected")
        self.reject_sel_btn.clicked.connect(lambda: self.handle_selected_quarantine(accept=False))
        qrow.addWidget(self.accept_sel_btn)
        qrow.addWidget(self.reject_sel_btn)
        qbox.addLayout(qrow)
        qbox.addWidget(self.quarantine_table)

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

        split = QSplitter(Qt.Orientation.Vertical)
        for w in (self.conflict_box, self.quarantine_box, self.rejected_box):
            split.addWidget(w)
        split.setSizes([380, 200, 160])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(split)
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
        self.conflict_box.setTitle(self.tr("冲突（{0}）").format(len(self.conflicts)))
        self.quarantine_box.setTitle(self.tr("隔离的修改（{0}）").format(len(self.quarantine)))
        self.rejected_box.setTitle(self.tr("越权拒收的修改（{0}）").format(len(self.rejected)))
        self.keep_newest_btn.setEnabled(bool(self.conflicts))
        self.accept_sel_btn.setEnabled(bool(self.quarantine))
        self.reject_sel_btn.setEnabled(bool(self.quarantine))

    def pending_count(self) -> int:
        return len(self.conflicts) + len(self.quarantine)

    def _button(self, text: str, slot, name: str) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.clicked.connect(slot)
        return b

    def _fill_conflicts(self) -> None:
        t = self.conflict_table
        t.setRowCount(len(self.conflicts))
        for i, c in enumerate(self.conflicts):
            cur_newer = (c["current_stamp"] or 0) >= c["stamp"]
            t.setItem(i, 0, _item(record_context(self.db, c["tbl"], c["rid"]), data=c["id"]))
            t.setItem(i, 1, _item(f"{c['table_label']} / {c['field_label']}"))
            cur = _item(show_value(self.db, c["tbl"], c["field"], c["current"]))
            other = _item(show_value(self.db, c["tbl"], c["field"], c["value"]))
            (cur if cur_newer else other).setForeground(QBrush(QColor("#0b6b2c")))
            t.setItem(i, 2, cur)
            t.setItem(i, 3, _item(f"{c['current_device_name'] or ''} {_when(c['current_stamp'])}".strip()))
            t.setItem(i, 4, other)
            t.setItem(i, 5, _item(f"{c['device_name'] or ''} {_when(c['stamp'])}".strip()))
            cid = c["id"]
            t.setCellWidget(i, 6, self._button(self.tr("保留当前"), lambda _=False, x=cid: self.resolve(x, "current"),
                                               f"keep_current_{i}"))
            t.setCellWidget(i, 7, self._button(self.tr("采用另一值"), lambda _=False, x=cid: self.resolve(x, "other"),
                                               f"keep_other_{i}"))

    def _fill_quarantine(self, names: dict) -> None:
        t = self.quarantine_table
        t.setRowCount(len(self.quarantine))
        from ...domain.records import table as get_table

        # a record that exists only in quarantine is described by its own held values
        held: dict[str, str] = {}
        for q in self.quarantine:
            if q["field"] in LABEL_FIELDS and q["value"] and q["rid"] not in held:
                held[q["rid"]] = str(q["value"])
        for i, q in enumerate(self.quarantine):
            ctx = record_context(self.db, q["tbl"], q["rid"])
            if ctx == q["rid"][:8] and q["rid"] in held:
                ctx = self.tr("（新记录）") + held[q["rid"]]
            try:
                tb = get_table(q["tbl"])
                label = f"{tb.label} / {tb.field(q['field']).label}"
            except Exception:  # noqa: BLE001 - a damaged row still shows
                label = f"{q['tbl']} / {q['field']}"
            t.setItem(i, 0, _item(ctx, data=q["id"]))
            t.setItem(i, 1, _item(label))
            t.setItem(i, 2, _item(show_value(self.db, q["tbl"], q["field"], q["value"])))
            claimed = _item(_when(q["claimed_time"]))
            claimed.setForeground(QBrush(QColor("#b00020")))
            t.setItem(i, 3, claimed)
            t.setItem(i, 4, _item(names.get(q["sender"] or q["device"], (q["sender"] or "")[:8])))
            qid = q["id"]
            t.setCellWidget(i, 5, self._button(self.tr("接受"), lambda _=False, x=qid: self.accept_quarantined(x),
                                               f"accept_{i}"))
            t.setCellWidget(i, 6, self._button(self.tr("拒绝"), lambda _=False, x=qid: self.reject_quarantined(x),
                                               f"reject_{i}"))

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
            t.setItem(i, 5, _item(reasons.get(r["reason"]) or reason_label(r["reason"] or "")))

    # -- actions ------------------------------------------------------------------------------
    def _do(self, title: str, fn) -> bool:
        try:
            fn()
        except GridkeeperError as e:
            common.warn(self, title, e)
            self.refresh()
            return False
        self.refresh()
        self.changed.emit()
        return True

    def resolve(self, conflict_id: str, keep: str) -> bool:
        return self._do(self.tr("处理冲突"), lambda: RV.resolve_conflict(self.db, conflict_id, keep=keep))

    def selected_conflict_ids(self) -> list[str]:
        rows = sorted({ix.row() for ix in self.conflict_table.selectionModel().selectedRows()})
        return [self.conflicts[r]["id"] for r in rows if r < len(self.conflicts)]

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
        rows = sorted({ix.row() for ix in self.quarantine_table.selectionModel().selectedRows()})
        ids = [self.quarantine[r]["id"] for r in rows if r < len(self.quarantine)]
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
