"""Sorting Chinese names in SQL: ``gk_sort(text)`` is :func:`gridkeeper.domain.sortkey.sort_key`.

``use_sort_key(db)`` registers the function on the connection (cheap; call it before a query that
says ``ORDER BY gk_sort(name)``). Lists, ledgers and exports use it for names, addresses and area
names, so 第二网格 comes before 第十网格 and 安平村 before 东山村 everywhere.
"""

from __future__ import annotations

from ..domain.sortkey import sort_key


def use_sort_key(db):
    conn = getattr(db, "conn", db)
    conn.create_function("gk_sort", 1, sort_key, deterministic=True)
    return db
