"""The first-run dialog: create this laptop's database, open the demo, or open an existing file.

Creating calls ``sync.identity.init_database`` at ``paths.default_db_path()`` (role worker or
township, a device name), then optionally imports the township card (``sync.enrol.import_card``)
so the enrolment request can be written right away. A new database is encrypted with the
passphrase typed twice here (for a township it also seals the township's keys). The demo builds a grid-scale demo database at
``paths.demo_db_path()``. ``chosen_path`` holds the database to open when the dialog is accepted.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import (QButtonGroup, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QPushButton, QRadioButton, QVBoxLayout)

from .. import paths
from ..domain.errors import GridkeeperError

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
        form = QFormLayout()
        form.addRow(self.tr("这台电脑是"), roles)
        form.addRow(self.tr("电脑名称"), self.name)
        form.addRow(self.tr("乡镇卡片"), card_row)
        from .unlock import PassphraseFields

        self.passphrase = PassphraseFields(form, self)
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
        lay.addLayout(buttons)
        self.create_button.clicked.connect(self.create)
        self.demo_button.clicked.connect(self.open_demo)
        self.open_button.clicked.connect(self.open_existing)
        self.resize(560, 320)

    def _browse_card(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择乡镇公钥卡片"), "",
                                              self.tr("公钥卡片 (*.gkpub);;所有文件 (*)"))
        if path:
            self.card.setText(path)

    def create(self) -> None:
        from ..sync.enrol import import_card
        from ..sync.identity import init_database

        role = "township" if self.township.isChecked() else "worker"
        name = self.name.text().strip()
        target = paths.default_db_path()
        try:
            passphrase = self.passphrase.value()
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
        if role == "township":
            from ..sync.identity import remember_passphrase

            remember_passphrase(passphrase)  # the same passphrase seals the township's keys
        self.chosen_path = str(target)
        self.accept()

    def open_demo(self) -> None:
        from ..store.demo import build_demo
        from ..store.enrolment import assign_self_areas
        from ..sync.identity import init_database

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
        path, _ = QFileDialog.getOpenFileName(self, self.tr("打开数据库"), str(Path.home()),
                                              self.tr("gridkeeper 数据库 (*.db);;所有文件 (*)"))
        if path:
            self.chosen_path = path
            self.accept()
