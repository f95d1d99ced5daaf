"""The first-run dialog: create this laptop's database, open the demo, or open an existing file.

Creating calls ``sync.new_database.init_database`` at ``paths.default_db_path()`` (role worker or
township, a device name), then optionally imports the township card (``sync.enrolment.import_card``)
so the enrolment request can be written right away. The demo builds a grid-scale demo database at
``paths.demo_db_path()``. ``chosen_path`` holds the database to open when the dialog is accepted.

Every new database is encrypted (DESIGN §5 "At rest"): a passphrase typed twice, with a live
strength hint (``sync.keys.passphrase_strength``), for both roles; a township's secret keys are
sealed with the same passphrase (choosing 乡镇网格中心 hides the card row). Empty, too short or
mismatched is refused with a message and nothing is created; the accepted passphrase is
remembered for this session so the main window does not ask for it again at once.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QPushButton, QRadioButton, QVBoxLayout, QWidget)

from .. import paths
from ..domain.errors import GridkeeperError
from ..store.devices import assign_self_areas
from .screen import fit_to_screen
from .places import in_documents

log = logging.getLogger(__name__)


class FirstRunDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.chosen_path: str | None = None
        self.setWindowTitle(self.tr("欢迎使用网格员台账 gridkeeper"))
        intro = QLabel(self.tr("这台电脑还没有数据库。请选择："))
        self.worker = QRadioButton(self.tr("网格员电脑"))
        self.worker.setObjectName("role_worker")
        self.township = QRadioButton(self.tr("乡镇网格中心"))
        self.township.setObjectName("role_township")
        self.worker.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.worker)
        group.addButton(self.township)
        roles = QHBoxLayout()
        roles.addWidget(self.worker)
        roles.addWidget(self.township)
        roles.addStretch(1)
        self.name = QLineEdit()
        self.name.setObjectName("device_name")
        self.name.setPlaceholderText(self.tr("例如：王秀英的电脑"))
        self.card = QLineEdit()
        self.card.setObjectName("card_path")
        self.card.setPlaceholderText(self.tr("可选：乡镇公钥卡片 .gkpub"))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._browse_card)
        card_row = QHBoxLayout()
        card_row.addWidget(self.card, 1)
        card_row.addWidget(browse)
        self.card_row = QWidget()
        self.card_row.setLayout(card_row)
        card_row.setContentsMargins(0, 0, 0, 0)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("合并、导出同步包时需要输入"))
        self.passphrase2 = QLineEdit()
        self.passphrase2.setObjectName("passphrase_again")
        self.passphrase2.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = QLabel()
        self.strength.setObjectName("passphrase_strength")
        self.strength.setWordWrap(True)
        self.strength.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # room for the longest hint (weak + mismatch: three lines), so the dialog does not jump while typing
        self.strength.setMinimumHeight(self.strength.fontMetrics().lineSpacing() * 3 + 4)
        self.passphrase.textChanged.connect(self._update_strength)
        self.passphrase2.textChanged.connect(self._update_strength)
        self.form = form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("这台电脑是"), roles)
        form.addRow(self.tr("电脑名称"), self.name)
        form.addRow(self.tr("乡镇卡片"), self.card_row)
        form.addRow(self.tr("数据库口令"), self.passphrase)
        form.addRow(self.tr("再输入一次"), self.passphrase2)
        form.addRow("", self.strength)
        self.where = QLabel(self.tr("数据库位置：") + str(paths.default_db_path()))
        self.where.setWordWrap(True)
        self.create_button = QPushButton(self.tr("创建数据库"))
        self.create_button.setObjectName("create_db")
        self.demo_button = QPushButton(self.tr("打开演示数据"))
        self.demo_button.setObjectName("open_demo")
        self.open_button = QPushButton(self.tr("打开已有数据库…"))
        self.open_button.setObjectName("open_existing")
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.open_button)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.where)
        lay.addStretch(1)
        lay.addLayout(buttons)
        self.create_button.clicked.connect(self.create)
        self.demo_button.clicked.connect(self.open_demo)
        self.open_button.clicked.connect(self.open_existing)
        self.township.toggled.connect(self._role_changed)
        self.setMinimumWidth(600)
        self._role_changed()

    def _role_changed(self, *_):
        """A worker laptop imports the township card; a township sets the passphrase of its keys."""
        township = self.township.isChecked()
        self.name.setPlaceholderText(self.tr("例如：下花园镇网格中心") if township else self.tr("例如：王秀英的电脑"))
        self.form.setRowVisible(self.card_row, not township)
        self._update_strength()
        self.layout().activate()
        width = max(self.width(), 600)
        fit_to_screen(self, width, self.layout().totalHeightForWidth(width))

    def _update_strength(self, *_):
        from ..sync.keys import passphrase_strength  # lazy: start-up

        text = self.passphrase.text()
        if not text:
            self.strength.setText(self.tr("乡镇密钥必须设置口令。请牢记：忘记口令将无法合并和导出同步包。")
                                  if self.township.isChecked() else
                                  self.tr("数据库加密保存，每次启动时输入口令。忘记口令时，乡镇可以用恢复密钥帮您重设。"))
            self.strength.setStyleSheet("")
            return
        s = passphrase_strength(text)
        hint = self.tr("口令强度：") + str(s)
        if self.passphrase2.text() and self.passphrase2.text() != text:
            hint += "\n" + self.tr("两次输入的口令不一致")
        self.strength.setText(hint)
        self.strength.setStyleSheet({1: "color: #b00020;", 2: "color: #8a5a00;", 3: "color: #1b6e20;"}[s.level])

    def _browse_card(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择乡镇公钥卡片"), "",
                                              self.tr("公钥卡片 (*.gkpub);;所有文件 (*)"))
        if path:
            self.card.setText(path)

    def create(self) -> None:
        from ..sync.enrolment import import_card  # lazy: start-up
        from ..sync.new_database import init_database  # lazy: start-up

        role = "township" if self.township.isChecked() else "worker"
        name = self.name.text().strip()
        target = paths.default_db_path()
        passphrase = self.passphrase.text()
        problem = None
        if not passphrase:
            problem = self.tr("请为乡镇密钥设置口令：口令不能为空。") if role == "township" else \
                self.tr("请设置数据库口令：口令不能为空。")
        elif passphrase != self.passphrase2.text():
            problem = self.tr("两次输入的口令不一致，请重新输入。")
        if problem:
            QMessageBox.warning(self, self.tr("无法创建数据库"), problem)
            self.passphrase.setFocus()
            return
        try:  # one passphrase: the database (encrypted at rest) and a township's keys
            db = init_database(target, role=role, name=name, db_passphrase=passphrase,
                               passphrase=passphrase if role == "township" else None)
            try:
                if self.card.text().strip() and role == "worker":
                    import_card(db, self.card.text().strip())
            finally:
                db.conn.close()
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("无法创建数据库"), str(e))
            return
        if passphrase:
            from ..sync.keys import remember_passphrase  # lazy: start-up

            remember_passphrase(passphrase)  # typed twice just now: not asked again this session
        self.chosen_path = str(target)
        self.accept()

    def open_demo(self) -> None:
        from ..store.demo import build_demo  # lazy: start-up
        from ..sync.new_database import init_database  # lazy: start-up

        target = paths.demo_db_path()
        try:
            if not target.exists():
                db = init_database(target, role="worker", name=self.tr("演示网格员电脑"))
                try:
                    res = build_demo(db, scale="grid")
                    assign_self_areas(db, res.grid_ids[:1])
                finally:
                    db.conn.close()
        except GridkeeperError as e:
            QMessageBox.warning(self, self.tr("无法创建演示数据"), str(e))
            return
        self.chosen_path = str(target)
        self.accept()

    def open_existing(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("打开数据库"), in_documents(),
                                              self.tr("gridkeeper 数据库 (*.db);;所有文件 (*)"))
        if path:
            self.chosen_path = path
            self.accept()
