"""The township workspace: merge inbox, review queue, area tree, devices, township overview.

``TownshipWorkspace(db_path)`` is one QTabWidget the main window adds when this database's role
is township. Every view reads through store/sync functions on its own GUI-thread connection; long
work (merging, return bundles, the overview, tree import) runs through :mod:`gridkeeper.ui.tasks`
with a connection of its own.
"""

from .workspace import TownshipWorkspace

__all__ = ["TownshipWorkspace"]
