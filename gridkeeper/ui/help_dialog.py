"""The 帮助 menu: a short built-in guide and the keyboard shortcuts (关于 is a message box of the main
window: version, data folder, database).

Everything is in the program (no web page: the laptop is offline). The guide follows the journeys
of a month: join the township, take in the roster, a day's work, month end, sync.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QTabWidget, QTableWidget, QTableWidgetItem,
                               QTextBrowser, QVBoxLayout, QHeaderView)

from .screen import fit_to_screen


class HelpDialog(QDialog):
    """使用说明 and 快捷键 as two tabs."""

    def __init__(self, parent=None, *, tab: int = 0):
        super().__init__(parent)
        self.setWindowTitle(self.tr("帮助"))
        self.tabs = QTabWidget()
        self.guide = QTextBrowser()
        self.guide.setObjectName("guide")
        self.guide.setHtml(self.guide_html())
        self.keys = QTableWidget(0, 2)
        self.keys.setObjectName("shortcuts")
        self.keys.setHorizontalHeaderLabels([self.tr("按键"), self.tr("作用")])
        self.keys.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.keys.verticalHeader().setVisible(False)
        self.keys.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for key, what in self.shortcuts():
            r = self.keys.rowCount()
            self.keys.insertRow(r)
            self.keys.setItem(r, 0, QTableWidgetItem(key))
            self.keys.setItem(r, 1, QTableWidgetItem(what))
        self.tabs.addTab(self.guide, self.tr("使用说明"))
        self.tabs.addTab(self.keys, self.tr("快捷键"))
        self.tabs.setCurrentIndex(tab)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(buttons)
        fit_to_screen(self, 640, 520)

    def guide_html(self) -> str:
        sections = [
            (self.tr("第一次使用"), [
                self.tr("网格员：从U盘导入乡镇发来的公钥卡片（同步 ▸ 导入乡镇卡片），再导出本机登记申请（同步 ▸ 导出本机登记申请），交给乡镇。"),
                self.tr("乡镇为这台电脑分配网格后，会给一个返回同步包；合并它（同步 ▸ 合并同步包），网格和已有的户、人员就出现在左边。"),
                self.tr("已有 Excel 花名册：文件 ▸ 导入表格。有问题的行会按行号列出，改好表格再导入一次即可。")]),
            (self.tr("日常工作"), [
                self.tr("户与人员：选中左边的网格，点“新增”登记一户，再添加成员；填好身份证号会自动填出生日期和性别。"),
                self.tr("重点关爱：在人员上标记关爱对象；“到期走访”列表里双击即可记录走访。"),
                self.tr("矛盾纠纷：登记当事人和每次调解；编号自动生成。"),
                self.tr("查找：在左上角输入姓名、拼音首字母（如 zgl）、身份证后几位或电话。")]),
            (self.tr("月底"), [
                self.tr("文件 ▸ 打印台账：选台账、月份和网格；打印前会显示要打印多少条。身份证号默认只打印前 6 位和后 4 位。"),
                self.tr("同步 ▸ 导出同步包，存到U盘交给乡镇。没有确认收到的内容会一直包含在同步包里，丢了U盘也不会丢数据。")]),
            (self.tr("出了错怎么办"), [
                self.tr("误删或改错：编辑 ▸ 撤销（Ctrl+Z）。过了几天才发现：编辑 ▸ 已删除的记录，或选中记录后看“修改记录”。"),
                self.tr("电脑坏了：在新电脑上重新登记，乡镇的返回包会把网格的数据补回来。每天第一次打开时也会自动备份（文件 ▸ 备份与恢复）。")]),
        ]
        parts = [f"<h3>{self.tr('网格通使用说明')}</h3>"]
        for title, items in sections:
            parts.append(f"<h4>{title}</h4><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
        return "".join(parts)


    def shortcuts(self) -> list[tuple[str, str]]:
        return [("Ctrl+N", self.tr("新增（当前页的记录）")), ("Delete", self.tr("删除所选记录")), ("Ctrl+Z", self.tr("撤销")),
                ("Ctrl+F", self.tr("查找")), ("Ctrl+H", self.tr("修改记录")), ("Ctrl+S", self.tr("在表单中保存")),
                ("Ctrl+P", self.tr("打印台账")), ("Ctrl+O", self.tr("打开数据库")), ("F1", self.tr("使用说明")),
                ("Esc", self.tr("关闭对话框（不保存）"))]
