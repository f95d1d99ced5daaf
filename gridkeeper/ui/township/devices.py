"""设备: enrolled worker laptops, their grids, last bundle and clock; enrol, revoke, export the card.

Enrolling shows the request's name and fingerprint *before* anything is stored and asks staff to
read the fingerprint aloud with the worker on the phone; the OK button stays disabled until the
"I compared it" box is ticked and at least one grid is chosen. Revoking asks first: a revoked
laptop's bundles are refused from then on and it cannot be enrolled again.

A device whose clock was ahead of ours (its last bundle carried future stamps) is flagged red.
"""

from __future__ import annotations


from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel,
                               QListWidget, QListWidgetItem, QMessageBox, QPushButton, QTableView, QVBoxLayout,
                               QWidget)

from ...domain.changed import Changes
from ...domain.errors import GridkeeperError
from ...domain.sortkey import sort_key
from ...store.areas import area_tree
from ...store.enrolment import revoke_device
from ...store.township import device_rows
from ...sync.enrol import export_card, import_card, read_card_file
from ..models import RowsModel
from . import common
from ..screen import fit_to_screen
from ..places import in_documents

CLOCK_WARN_MS = 5 * 60 * 1000     # more than 5 minutes ahead is worth a look


def clock_text(offset_ms) -> str:
    if not offset_ms:
        return common.tr("正常")
    secs = offset_ms / 1000
    if secs >= 86400:
        return common.tr("快 {0:.0f} 天").format(secs / 86400)
    if secs >= 3600:
        return common.tr("快 {0:.1f} 小时").format(secs / 3600)
    return common.tr("快 {0:.0f} 分钟").format(max(secs / 60, 1))


class EnrolDialog(QDialog):
    """Show a request's name and fingerprint, ask for the phone check, choose the grids."""

    def __init__(self, parent, card: dict, grids: list[tuple[str, str]]):
        super().__init__(parent)
        self.setWindowTitle(self.tr("登记网格员电脑"))
        self.card = card
        name = QLabel(self.tr("电脑名称：{0}").format(card.get("name", "")))
        fp = QLabel(card.get("fingerprint", ""))
        fp.setObjectName("fingerprint")
        f = QFont(fp.font())
        f.setPointSize(f.pointSize() + 8)
        f.setBold(True)
        fp.setFont(f)
        fp.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        howto = QLabel(self.tr("请打电话给这台电脑的网格员，让对方读出其电脑上显示的指纹，与上面的指纹逐字核对。"
                               "不一致时不要登记（文件可能被调换）。"))
        howto.setWordWrap(True)
        self.confirmed = QCheckBox(self.tr("我已电话核对，指纹一致"))
        self.confirmed.setObjectName("confirmed")
        self.grids = QListWidget()
        self.grids.setObjectName("enrol_grids")
        wanted = set(card.get("areas") or [])
        for label, aid in grids:
            it = QListWidgetItem(label)
            it.setData(Qt.ItemDataRole.UserRole, aid)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Checked if aid in wanted else Qt.CheckState.Unchecked)
            self.grids.addItem(it)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登记"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.confirmed.toggled.connect(self._update)
        self.grids.itemChanged.connect(self._update)
        lay = QVBoxLayout(self)
        lay.addWidget(name)
        lay.addWidget(QLabel(self.tr("指纹：")))
        lay.addWidget(fp)
        lay.addWidget(howto)
        lay.addWidget(self.confirmed)
        lay.addWidget(QLabel(self.tr("这台电脑负责的网格：")))
        lay.addWidget(self.grids, 1)
        lay.addWidget(self.buttons)
        fit_to_screen(self, 460, 520)
        self._update()

    def set_checked(self, area_ids: list[str]) -> None:
        for i in range(self.grids.count()):
            it = self.grids.item(i)
            it.setCheckState(Qt.CheckState.Checked if it.data(Qt.ItemDataRole.UserRole) in area_ids
                             else Qt.CheckState.Unchecked)

    def chosen_areas(self) -> list[str]:
        return [self.grids.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.grids.count())
                if self.grids.item(i).checkState() == Qt.CheckState.Checked]

    def _update(self, *_):
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.confirmed.isChecked() and bool(self.chosen_areas()))


class DevicesTab(QWidget):
    changed = Signal(object)  # Changes: a device enrolled or revoked

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.setObjectName("township_devices")
        tr = self.tr
        status = {"enrolled": tr("已登记"), "revoked": tr("已吊销"), "township": tr("本机（乡镇）")}
        self.model = RowsModel([
            (lambda: tr("名称"), lambda r: r["name"]),
            (lambda: tr("状态"), lambda r: status.get(r["status"], r["status"])),
            (lambda: tr("负责网格"), lambda r: "、".join(r["area_names"])),
            (lambda: tr("最近收到同步包"), lambda r: (r["last_bundle_at"] or "")[:16].replace("T", " ") or tr("从未")),
            (lambda: tr("时钟"), lambda r: clock_text(r["clock_offset_ms"]) + (
                tr("（有隔离的修改）") if r.get("flagged") == "clock_ahead" else "")),
            (lambda: tr("指纹"), lambda r: r["fingerprint"] or ""),
        ], self, color_fn=self._color, id_fn=lambda r: r["device_id"])
        self.table = QTableView()
        self.table.setObjectName("devices_table")
        self.table.setModel(self.model)
        common.setup_table(self.table)
        for col, w in enumerate((180, 90, 260, 140, 250)):
            self.table.setColumnWidth(col, w)
        self.enrol_btn = QPushButton(self.tr("导入登记申请…"))
        self.enrol_btn.clicked.connect(self.choose_request)
        self.revoke_btn = QPushButton(self.tr("吊销所选设备…"))
        self.revoke_btn.setObjectName("revoke")
        self.revoke_btn.clicked.connect(self.revoke_selected)
        self.card_btn = QPushButton(self.tr("导出乡镇卡片…"))
        self.card_btn.clicked.connect(self.choose_card_out)
        bar = QHBoxLayout()
        for b in (self.enrol_btn, self.revoke_btn, self.card_btn):
            bar.addWidget(b)
        bar.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("devices_status")
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.status)
        self.refresh()

    @staticmethod
    def _color(r):
        if r["status"] == "revoked":
            return "#888888"
        if r.get("flagged") == "clock_ahead" or (r["clock_offset_ms"] or 0) > CLOCK_WARN_MS:
            return "#b00020"
        return None

    def on_changes(self, changes: Changes) -> None:
        if changes.origin is not self and (changes.devices or changes.touches("areas")):
            self.refresh()

    def refresh(self) -> None:
        rows = [r for r in device_rows(self.db) if r["status"] != "township"]
        self.model.set_rows(rows)
        n = sum(r["status"] == "enrolled" for r in rows)
        self.status.setText(self.tr("已登记 {0} 台网格员电脑，吊销 {1} 台。").format(n, len(rows) - n))

    def select_device(self, device_id: str) -> None:
        row = self.model.row_of(device_id)
        if row is not None:
            self.table.selectRow(row)

    def selected_device(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    # -- enrol --------------------------------------------------------------------------------
    def grid_choices(self) -> list[tuple[str, str]]:
        rows = area_tree(self.db)
        by_id = {r["id"]: r for r in rows}
        out = []
        for r in rows:
            if r["level"] in ("grid", "unit_grid", "micro_grid"):
                p = by_id.get(r["parent_id"])
                out.append((f"{p['name']} {r['name']}" if p else r["name"], r["id"]))
        return sorted(out, key=lambda c: sort_key(c[0]))

    def choose_request(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择登记申请"), in_documents(),
                                              self.tr("登记申请 (*.gkpub);;所有文件 (*)"))
        if path:
            self.enrol(path)

    def enrol(self, path: str) -> dict | None:
        """Show the request, and on confirmation accept it for the chosen grids."""
        title = self.tr("登记网格员电脑")
        try:
            card = read_card_file(path)
        except GridkeeperError as e:
            common.warn(self, title, e)
            return None
        if card.get("kind") != "enrolment-request":
            common.warn(self, title, self.tr("这不是网格员电脑的登记申请（可能是乡镇卡片）。"))
            return None
        dlg = EnrolDialog(self, card, self.grid_choices())
        while dlg.exec() == QDialog.DialogCode.Accepted:
            try:
                import_card(self.db, path, areas=dlg.chosen_areas())
            except GridkeeperError as e:
                common.warn(self, title, e)
                continue
            self.refresh()
            self.select_device(card["device_id"])
            self.status.setText(self.tr("已登记：{0}。请给它写一个返回包（合并收件箱 → 写出全部返回包）。").format(card["name"]))
            self.changed.emit(Changes(devices=True, origin=self))
            return card
        return None

    # -- revoke -------------------------------------------------------------------------------
    def revoke_selected(self) -> bool:
        dev = self.selected_device()
        title = self.tr("吊销设备")
        if not dev:
            common.warn(self, title, self.tr("请先在列表中选择一台设备。"))
            return False
        if dev["status"] == "revoked":
            common.warn(self, title, self.tr("这台设备已经吊销。"))
            return False
        answer = QMessageBox.question(
            self, title, self.tr("确定吊销“{0}”吗？\n吊销后这台电脑的同步包一律拒收，也不能再次登记。"
                                 "（电脑丢失或被盗时使用）").format(dev["name"]),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            revoke_device(self.db, dev["device_id"])
        except GridkeeperError as e:
            common.warn(self, title, e)
            return False
        self.refresh()
        self.status.setText(self.tr("已吊销：{0}").format(dev["name"]))
        self.changed.emit(Changes(devices=True, origin=self))
        return True

    # -- card ---------------------------------------------------------------------------------
    def choose_card_out(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存乡镇卡片"), in_documents("乡镇卡片.gkpub"),
                                              self.tr("公钥卡片 (*.gkpub)"))
        if path:
            self.export_card(path)

    def export_card(self, path: str) -> dict | None:
        if not path.endswith(".gkpub"):
            path += ".gkpub"
        try:
            card = export_card(self.db, path)
        except GridkeeperError as e:
            common.warn(self, self.tr("导出乡镇卡片"), e)
            return None
        QMessageBox.information(self, self.tr("导出乡镇卡片"),
                                self.tr("已保存：{0}\n指纹：{1}\n网格员导入后请电话核对这个指纹。").format(
                                    path, card.get("fingerprint", "")))
        return card
