"""The main window's tabs, each built the first time it is shown or asked for.

户与人员 / 重点关爱 / 走访记录 / 矛盾纠纷 / 民生诉求 / 问题隐患 / 流动人口 / 志愿积分, and on the
township's computer 乡镇工作台 (its workspace opens a connection of its own). Start-up builds only the
tab in front; every other tab is an empty page until it is shown (``currentChanged``) or asked for
(:meth:`MainTabs.tab`, which the window's ``households_tab``, ``care_tab``, … properties use). A built
tab then replaces its empty page, so ``tabs.setCurrentWidget(win.care_tab)`` and ``currentWidget()``
see the tab itself. ``tab_built(name)`` tells the window (which connects the tab to the change
announcements and the selected area) and anyone else who waits for a tab.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget


def _households(win):
    from .households_tab import HouseholdsTab  # lazy: start-up (each tab is built when first shown)

    return HouseholdsTab(win)


def _care(win):
    from .care_tab import CareTab  # lazy: start-up (each tab is built when first shown)

    return CareTab(win)


def _visits(win):
    from .care_tab import VisitsTab  # lazy: start-up (each tab is built when first shown)

    return VisitsTab(win)


def _disputes(win):
    from .disputes_tab import DisputesTab  # lazy: start-up (each tab is built when first shown)

    return DisputesTab(win)


def _requests(win):
    from .requests_tab import RequestsTab  # lazy: start-up (each tab is built when first shown)

    return RequestsTab(win)


def _hazards(win):
    from .hazards_tab import HazardsTab  # lazy: start-up (each tab is built when first shown)

    return HazardsTab(win)


def _floating(win):
    from .floating_tab import FloatingTab  # lazy: start-up (each tab is built when first shown)

    return FloatingTab(win)


def _points(win):
    from .points_tab import PointsTab  # lazy: start-up (each tab is built when first shown)

    return PointsTab(win)


def _township(win):
    from .township import TownshipWorkspace  # lazy: start-up (each tab is built when first shown)

    return TownshipWorkspace(win.path, announcer=win.announcer)


class TabSpec(NamedTuple):
    name: str
    build: Callable[[object], QWidget]
    record_tab: bool = True   # lists records of the selected area (the township workspace does not)


RECORD_TABS = (TabSpec("households", _households), TabSpec("care", _care), TabSpec("visits", _visits),
               TabSpec("disputes", _disputes), TabSpec("requests", _requests), TabSpec("hazards", _hazards),
               TabSpec("floating", _floating), TabSpec("points", _points))
TOWNSHIP_TAB = TabSpec("township", _township, record_tab=False)


class MainTabs(QTabWidget):
    tab_built = Signal(str)  # the name of a tab just built (and put in place of its empty page)

    def __init__(self, win, *, township: bool, parent=None):
        super().__init__(parent)
        self.setObjectName("tabs")
        self._win = win
        self._specs = RECORD_TABS + ((TOWNSHIP_TAB,) if township else ())
        self._built: dict[str, QWidget] = {}
        labels = {"households": self.tr("户与人员"), "care": self.tr("重点关爱"), "visits": self.tr("走访记录"),
                  "disputes": self.tr("矛盾纠纷"), "requests": self.tr("民生诉求"), "hazards": self.tr("问题隐患"),
                  "floating": self.tr("流动人口"), "points": self.tr("志愿积分"), "township": self.tr("乡镇工作台")}
        for spec in self._specs:
            page = QWidget()
            page.setObjectName(f"{spec.name}_page")  # empty until the tab is built
            self.addTab(page, labels[spec.name])
        self.currentChanged.connect(self._build_shown)

    def has(self, name: str) -> bool:
        return any(s.name == name for s in self._specs)

    def tab(self, name: str) -> QWidget:
        """The tab called ``name``, built now if it was not yet."""
        if name not in self._built:
            index = [s.name for s in self._specs].index(name)
            self._build(self._specs[index], index)
        return self._built[name]

    def built(self, name: str) -> QWidget | None:
        """The tab called ``name`` if it has been built, else None (nothing is built)."""
        return self._built.get(name)

    def lists_records(self, name: str) -> bool:
        """Whether tab ``name`` lists the selected area's records (the township workspace does not)."""
        return any(s.name == name and s.record_tab for s in self._specs)

    def built_record_tabs(self) -> list[QWidget]:
        return [self._built[s.name] for s in self._specs if s.record_tab and s.name in self._built]

    def name_of(self, widget) -> str | None:
        return next((name for name, w in self._built.items() if w is widget), None)

    def current_tab(self) -> QWidget:
        """The tab in front, built now if it was not yet."""
        self._build_shown(self.currentIndex())
        return self.currentWidget()

    def _build_shown(self, index: int) -> None:
        if 0 <= index < len(self._specs) and self._specs[index].name not in self._built:
            self._build(self._specs[index], index)

    def _build(self, spec: TabSpec, index: int) -> None:
        widget = spec.build(self._win)
        self._built[spec.name] = widget
        placeholder = self.widget(index)
        self.blockSignals(True)  # swapping the page is not a change of tab
        try:
            # insert before the empty page and remove it after: no other tab is shown meanwhile
            self.insertTab(index, widget, self.tabText(index))
            if self.currentWidget() is placeholder:
                self.setCurrentIndex(index)
            self.removeTab(index + 1)
        finally:
            self.blockSignals(False)
        placeholder.deleteLater()
        self.tab_built.emit(spec.name)
