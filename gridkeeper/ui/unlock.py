"""Passphrase dialogs and the idle lock (encryption at rest, ``store.atrest``).

* :class:`UnlockDialog` — asks for an encrypted database's passphrase at start; a wrong one says
  so under the field and lets the user retry (never a crash, never a silent exit).
* :class:`NewPassphraseDialog` — a new passphrase typed twice (converting an old plain database).
* :class:`PassphraseFields` — the same two fields inside another form (the first-run dialog).
* :class:`IdleLock` — after the configured idle minutes (``idle_lock_minutes`` in the settings,
  0 = never) or Ctrl+L, the main window's content, menus and any open dialogs are hidden behind
  a lock page until the passphrase is typed again. The database key stays in this process's
  memory while the app runs (background tasks need it): the lock protects the screen, the
  encryption protects the disk.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from ..domain.errors import GridkeeperError
from ..domain.messages import M
from ..store import atrest


def _password_field(name: str) -> QLineEdit:
    w = QLineEdit()
    w.setObjectName(name)
    w.setEchoMode(QLineEdit.EchoMode.Password)
    return w


class UnlockDialog(QDialog):
    """Unlock ``path``; ``passphrase`` holds what opened it when accepted."""

    def __init__(self, path: str, parent=None):
        super().__init__(parent)
        from pathlib import Path

        self.path = path
        self.passphrase: str | None = None
        self.setWindowTitle(self.tr("输入数据库口令"))
        intro = QLabel(self.tr("数据库已加密。请输入口令：") + "\n" + Path(path).name)
        intro.setWordWrap(True)
        self.field = _password_field("unlock_passphrase")
        self.error = QLabel()
        self.error.setObjectName("unlock_error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        hint = QLabel(self.tr("忘记口令：请把电脑带到乡镇网格中心，用登记时保存的恢复密钥重设口令。"))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("解锁"))
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        for w in (intro, self.field, self.error, hint, buttons):
            lay.addWidget(w)
        self.resize(420, 180)

    def try_unlock(self) -> None:
        text = self.field.text()
        try:
            atrest.unlock(self.path, text)
        except atrest.WrongPassphrase as e:
            self.error.setText(str(e))
            self.field.clear()
            self.field.setFocus()
            return
        except GridkeeperError as e:
            self.error.setText(str(e))
            return
        self.passphrase = text
        self.accept()


class PassphraseFields:
    """Two password fields (passphrase, again) added to a form; :meth:`value` checks them."""

    def __init__(self, form: QFormLayout, parent: QWidget):
        self.first = _password_field("db_passphrase")
        self.again = _password_field("db_passphrase_again")
        self.first.setPlaceholderText(QCoreApplication.translate("PassphraseFields", "至少 6 个字符"))
        form.addRow(QCoreApplication.translate("PassphraseFields", "数据库口令"), self.first)
        form.addRow(QCoreApplication.translate("PassphraseFields", "再输入一次"), self.again)
        self._parent = parent

    def value(self) -> str:
        """The passphrase, or a :class:`GridkeeperError` saying what is wrong."""
        first = self.first.text()
        atrest.check_new_passphrase(first)
        if self.again.text() != first:
            raise GridkeeperError(M("the_passphrases_do_not_match"), code="mismatch")
        return first


class NewPassphraseDialog(QDialog):
    """A new passphrase typed twice; ``passphrase`` when accepted."""

    def __init__(self, title: str, text: str, parent=None):
        super().__init__(parent)
        self.passphrase: str | None = None
        self.setWindowTitle(title)
        intro = QLabel(text)
        intro.setWordWrap(True)
        form = QFormLayout()
        self.fields = PassphraseFields(form, self)
        self.error = QLabel()
        self.error.setObjectName("new_passphrase_error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(460, 220)

    def check(self) -> None:
        try:
            self.passphrase = self.fields.value()
        except GridkeeperError as e:
            self.error.setText(str(e))
            return
        self.accept()


class _LockPage(QWidget):
    def __init__(self, lock: "IdleLock"):
        super().__init__()
        self.setObjectName("lock_page")
        self.lock = lock
        title = QLabel(self.tr("已锁定"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        f = title.font()
        f.setPointSize(f.pointSize() + 6)
        title.setFont(f)
        text = QLabel(self.tr("一段时间没有操作，数据已隐藏。请输入数据库口令继续："))
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setWordWrap(True)
        self.field = _password_field("lock_passphrase")
        self.field.setMaximumWidth(320)
        self.error = QLabel()
        self.error.setObjectName("lock_error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton(self.tr("解锁"))
        self.button.setObjectName("lock_unlock")
        self.button.setMaximumWidth(160)
        self.button.clicked.connect(self._unlock)
        self.field.returnPressed.connect(self._unlock)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        for w in (title, text, self.field, self.error, self.button):
            lay.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addStretch(2)

    def _unlock(self) -> None:
        try:
            atrest.unlock(self.lock.path, self.field.text())
        except GridkeeperError as e:
            self.error.setText(str(e))
            self.field.clear()
            return
        self.field.clear()
        self.error.clear()
        self.lock.unlock()


class IdleLock(QObject):
    """Hides ``window``'s data after ``minutes`` without keyboard or mouse input (or Ctrl+L)."""

    _INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
              QEvent.Type.TouchBegin}

    def __init__(self, window, path: str, minutes: float):
        super().__init__(window)
        self.window = window
        self.path = path
        self.locked = False
        self._content = None
        self._hidden: list[QWidget] = []
        self.page = _LockPage(self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        self.shortcut = QShortcut(QKeySequence("Ctrl+L"), window)
        self.shortcut.activated.connect(self.lock)
        QApplication.instance().installEventFilter(self)

    def set_minutes(self, minutes: float) -> None:
        self.timer.stop()
        self.interval_ms = int(minutes * 60_000)
        if self.interval_ms > 0 and not self.locked:
            self.timer.start(self.interval_ms)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if not self.locked and event.type() in self._INPUT and self.interval_ms > 0:
            self.timer.start(self.interval_ms)
        return False

    def lock(self) -> None:
        if self.locked:
            return
        self.locked = True
        self.timer.stop()
        w = self.window
        self._hidden = [t for t in QApplication.topLevelWidgets()
                        if t is not w and t.isVisible() and isinstance(t, QDialog)]
        for t in self._hidden:
            t.hide()
        self._content = w.takeCentralWidget()
        w.setCentralWidget(self.page)
        self.page.show()
        w.menuBar().setEnabled(False)
        self._docks = [d for d in w.findChildren(QWidget) if d.parent() is w and d.isVisible()
                       and d not in (self.page, w.menuBar(), w.statusBar())]
        for d in self._docks:
            d.hide()
        self.page.field.setFocus()

    def unlock(self) -> None:
        if not self.locked:
            return
        w = self.window
        w.takeCentralWidget()  # the lock page, kept for next time
        self.page.setParent(None)
        w.setCentralWidget(self._content)
        self._content = None
        w.menuBar().setEnabled(True)
        for d in self._docks:
            d.show()
        for t in self._hidden:
            t.show()
        self._hidden = []
        self.locked = False
        if self.interval_ms > 0:
            self.timer.start(self.interval_ms)
