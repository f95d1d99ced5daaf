"""``TownshipWorkspace``: the township staff's tabs in one QTabWidget (six, then the people records'
人口与志愿 and 标注词表).

It opens its own GUI-thread connection (``open_db(db_path)``) for the quick reads and one-click
writes of the review, area and device tabs; merging, return bundles, tree import and the overview
run in the background with connections of their own. A tab that changes the database announces a
``Changes`` on the announcer it was given (the main window's) or its own; every tab, and the
workspace itself (the overview and the tab titles), refreshes when a change concerns it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QTabWidget

from ...domain.changed import Changes
from ...store.db import open_db
from ..announcer import Announcer
from .areas import AreasTab
from .casework import CaseworkTab
from .devices import DevicesTab
from .inbox import InboxTab
from .overview import OverviewTab
from .people import PeopleOverviewTab
from .review import ReviewTab
from .vocab import VocabTab


class TownshipWorkspace(QTabWidget):
    def __init__(self, db_path: str, parent=None, *, today: date | None = None, announcer: Announcer | None = None):
        super().__init__(parent)
        self.setObjectName("township_workspace")
        self.db_path = str(db_path)
        self.db = open_db(self.db_path)
        self.inbox = InboxTab(self.db_path, self)
        self.review = ReviewTab(self.db, self)
        self.areas = AreasTab(self.db, self.db_path, self)
        self.devices = DevicesTab(self.db, self)
        self.overview = OverviewTab(self.db_path, self, today=today)
        self.casework = CaseworkTab(self.db_path, self, today=today)
        self.addTab(self.inbox, self.tr("合并收件箱"))
        self.addTab(self.review, self.tr("待审核"))
        self.addTab(self.areas, self.tr("区域管理"))
        self.addTab(self.devices, self.tr("设备"))
        self.addTab(self.overview, self.tr("全镇概况"))
        self.addTab(self.casework, self.tr("诉求与隐患"))
        self.people = PeopleOverviewTab(self.db_path, self, today=today)
        self.vocab = VocabTab(self.db, self)
        self.addTab(self.people, self.tr("人口与志愿"))
        self.addTab(self.vocab, self.tr("标注词表"))
        self.announcer = announcer if announcer is not None else Announcer(self)
        self.inbox.merged.connect(self.announcer.announce)
        for tab in (self.review, self.areas, self.devices, self.vocab):
            tab.changed.connect(self.announcer.announce)
            self.announcer.changed.connect(tab.on_changes)
        self.announcer.changed.connect(self._on_changes)
        self._overview_stale = True
        self.currentChanged.connect(self._tab_changed)
        self._update_titles()

    # the overview is computed when first shown and again after changes, not on every edit
    def _tab_changed(self, index: int) -> None:
        if self.widget(index) in (self.overview, self.casework, self.people) and self._overview_stale:
            self.refresh_overview()

    def refresh_overview(self) -> None:
        """Both figure tabs (全镇概况, 诉求与隐患) are recomputed together, when one is shown."""
        self._overview_stale = False
        self.overview.refresh()
        self.casework.refresh()
        self.people.refresh()

    def _mark_overview(self) -> None:
        self._overview_stale = True
        if self.currentWidget() in (self.overview, self.casework, self.people):
            self.refresh_overview()

    def _on_changes(self, changes: Changes) -> None:
        self._mark_overview()
        if changes.review or changes.sync or changes.everything:
            self._update_titles()

    def _update_titles(self) -> None:
        n = self.review.pending_count()
        self.setTabText(self.indexOf(self.review), self.tr("待审核") + (f"（{n}）" if n else ""))

    def release(self) -> None:
        """Stop listening and close the connection (the main window rebuilds without this workspace)."""
        for slot in (self.review.on_changes, self.areas.on_changes, self.devices.on_changes, self.vocab.on_changes,
                     self._on_changes):
            self.announcer.changed.disconnect(slot)
        self.db.conn.close()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        try:
            self.db.conn.close()
        finally:
            super().closeEvent(event)
