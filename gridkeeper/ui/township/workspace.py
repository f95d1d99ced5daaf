"""``TownshipWorkspace``: the township staff's six tabs in one QTabWidget.

It opens its own GUI-thread connection (``open_db(db_path)``) for the quick reads and one-click
writes of the review, area and device tabs; merging, return bundles, tree import and the overview
run in the background with connections of their own. When one tab changes the database the others
that show what changed are refreshed (merge → review, devices, areas, overview; a resolution →
overview; a tree edit → devices (area names) and overview). Tab titles carry the review count.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QTabWidget

from ...store.db import open_db
from .areas import AreasTab
from .casework import CaseworkTab
from .devices import DevicesTab
from .inbox import InboxTab
from .overview import OverviewTab
from .review import ReviewTab


class TownshipWorkspace(QTabWidget):
    def __init__(self, db_path: str, parent=None, *, today: date | None = None):
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
        self.inbox.merged.connect(self._after_merge)
        self.review.changed.connect(self._after_review)
        self.areas.changed.connect(self._after_areas)
        self.devices.changed.connect(self._after_devices)
        self._overview_stale = True
        self.currentChanged.connect(self._tab_changed)
        self._update_titles()

    # the overview is computed when first shown and again after changes, not on every edit
    def _tab_changed(self, index: int) -> None:
        if self.widget(index) in (self.overview, self.casework) and self._overview_stale:
            self.refresh_overview()

    def refresh_overview(self) -> None:
        """Both figure tabs (全镇概况, 诉求与隐患) are recomputed together, when one is shown."""
        self._overview_stale = False
        self.overview.refresh()
        self.casework.refresh()

    def _mark_overview(self) -> None:
        self._overview_stale = True
        if self.currentWidget() in (self.overview, self.casework):
            self.refresh_overview()

    def _after_merge(self) -> None:
        self.review.refresh()
        self.devices.refresh()
        self.areas.refresh()
        self._mark_overview()
        self._update_titles()

    def _after_review(self) -> None:
        self._mark_overview()
        self._update_titles()

    def _after_areas(self) -> None:
        self.devices.refresh()
        self._mark_overview()

    def _after_devices(self) -> None:
        self._mark_overview()

    def _update_titles(self) -> None:
        n = self.review.pending_count()
        self.setTabText(self.indexOf(self.review), self.tr("待审核") + (f"（{n}）" if n else ""))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        try:
            self.db.conn.close()
        finally:
            super().closeEvent(event)
