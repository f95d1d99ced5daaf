"""下一步: what to do in a database that holds nothing yet, shown above the tabs until records arrive.

A new worker laptop: import the township card, then take in the roster (import a spreadsheet) or add
households by hand. A new township: build the area tree, then enrol laptops. Each step is a button
that opens the same dialog as the menu entry; 使用说明 opens the built-in guide.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout


class NextStepsPanel(QFrame):
    """Emits ``chosen(step)``: ``card``, ``import``, ``new_household``, ``areas``, ``guide``."""

    chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("next_steps")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#next_steps { background: #f3f8ff; border: 1px solid #b9d3f0; border-radius: 4px; }")
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.text)
        lay.addLayout(self.row)
        self.buttons: dict[str, QPushButton] = {}

    def show_for(self, state: dict) -> None:
        """Fill for ``store.setup_state.setup_state``; hidden once the database holds records."""
        while self.row.count():
            item = self.row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.buttons = {}
        if state["records"]:
            self.hide()
            return
        if state["role"] == "township":
            self.title.setText(self.tr("下一步：建立乡镇的网格"))
            self.text.setText(self.tr("先在“乡镇工作台 ▸ 区域管理”里建立村/社区和网格（也可以从表格导入），"
                                      "再导出乡镇公钥卡片交给各网格员，收到登记申请后为他们分配网格。"))
            steps = [("areas", self.tr("区域管理")), ("import", self.tr("导入人口表格…"))]
        else:
            self.title.setText(self.tr("下一步：把本网格的户和人员放进来"))
            self.text.setText(self.tr("① 导入乡镇发来的公钥卡片，导出本机登记申请交给乡镇；"
                                      "② 有 Excel 花名册就导入它，没有就逐户新增。"))
            steps = [] if state["township_card"] else [("card", self.tr("导入乡镇卡片…"))]
            steps += [("import", self.tr("导入花名册…")), ("new_household", self.tr("新增户…"))]
        steps.append(("guide", self.tr("使用说明")))
        for key, label in steps:
            b = QPushButton(label)
            b.setObjectName(f"step_{key}")
            b.clicked.connect(lambda *_, k=key: self.chosen.emit(k))
            self.row.addWidget(b)
            self.buttons[key] = b
        self.row.addStretch(1)
        self.show()
