"""gridkeeper: offline record keeping for grid workers (网格员)."""

__version__ = "0.1.0"
