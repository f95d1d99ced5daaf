"""Integrity checks of a database file and its sync state (``gridkeeper check``).

Errors are broken invariants the merge and the views rely on: the file's own integrity, the schema
version, the device identity; per record table, every row has its version row and vice versa, no
value without a version stamp (``deleted`` = 0 excepted), no version naming a device missing from
``devices``, no seen mark at or above its own version's stamp; across tables, no id used by two
tables and no loop in the area tree. Warnings are states that sync can leave for a while: a
reference (or an area's parent) to a record not received (yet).

:func:`startup_health` is what the app checks each time it opens a database: the quick check, the
daily backup, the clock and the stale-data reminder, and what it tells the user about them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlite_utils

from ..domain.lang import pick
from ..domain.records import TABLES
from . import driver, schema
from .backup import daily_backup, list_backups
from .database import db_path
from .devices import self_device
from .meta import get_meta, get_setting, load_clock


@dataclass
class CheckReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    damaged: bool = False      # the file itself is damaged (integrity check failed or unreadable)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {"ok": self.ok, "damaged": self.damaged, "errors": self.errors, "warnings": self.warnings,
                "counts": self.counts}


def check_database(db: sqlite_utils.Database, *, quick: bool = False) -> CheckReport:
    rep = CheckReport()
    try:
        pragma = "quick_check" if quick else "integrity_check"
        res = [r[0] for r in db.execute(f"PRAGMA {pragma}").fetchall()]
        if res != ["ok"]:
            rep.damaged = True
            rep.errors.append(pick("数据库文件已损坏：", "the database file is damaged: ") + "; ".join(res[:5]))
            return rep
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != schema.SCHEMA_VERSION:
            rep.errors.append(pick(f"结构版本为 {version}，应为 {schema.SCHEMA_VERSION}",
                                   f"schema version is {version}, expected {schema.SCHEMA_VERSION}"))
            return rep
        fk = db.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            rep.errors.append(pick(f"外键不一致：{len(fk)} 处", f"foreign key violations: {len(fk)}"))
        if not db.execute("SELECT 1 FROM devices WHERE status = 'self'").fetchone():
            rep.errors.append(pick("缺少本机身份（未初始化）", "no device identity (not initialised)"))
        for t in TABLES.values():
            n = db.execute(f"SELECT count(*) FROM [{t.name}]").fetchone()[0]
            rep.counts[t.name] = n
            if quick:
                continue
            missing = db.execute(f"SELECT count(*) FROM [{t.name}] x LEFT JOIN [{t.name}__ver] v USING (id) "
                                 "WHERE v.id IS NULL").fetchone()[0]
            orphans = db.execute(f"SELECT count(*) FROM [{t.name}__ver] v LEFT JOIN [{t.name}] x USING (id) "
                                 "WHERE x.id IS NULL").fetchone()[0]
            if missing or orphans:
                rep.errors.append(pick(f"{t.zh}：{missing} 条记录缺少版本信息，{orphans} 条版本信息没有记录",
                                       f"{t.name}: {missing} records without versions, {orphans} versions without records"))
            unstamped = " OR ".join(f"(x.[{f.name}] IS NOT NULL AND x.[{f.name}] != 0 AND v.[{f.name}__t] IS NULL)"
                                  if f.name == "deleted" else
                                  f"(x.[{f.name}] IS NOT NULL AND v.[{f.name}__t] IS NULL)" for f in t.fields)
            bad = db.execute(f"SELECT count(*) FROM [{t.name}] x JOIN [{t.name}__ver] v USING (id) "
                             f"WHERE {unstamped}").fetchone()[0]
            if bad:
                rep.errors.append(pick(f"{t.zh}：{bad} 条记录有未记录版本的字段（绕过了变更记录）",
                                       f"{t.name}: {bad} records have fields written without a version stamp"))
            for f in t.fields:
                if f.kind == "ref" and f.ref:
                    dangling = db.execute(
                        f"SELECT count(*) FROM [{t.name}] x WHERE x.[{f.name}] IS NOT NULL AND x.deleted = 0 "
                        f"AND NOT EXISTS (SELECT 1 FROM [{f.ref}] r WHERE r.id = x.[{f.name}])").fetchone()[0]
                    if dangling:
                        rep.warnings.append(pick(f"{t.zh}.{f.zh}：{dangling} 条引用的记录尚未收到",
                                                 f"{t.name}.{f.name}: {dangling} references to records not received yet"))
            bad_dev = " OR ".join(f"(v.[{f.name}__d] IS NOT NULL AND v.[{f.name}__d] NOT IN (SELECT idx FROM devices))"
                                  for f in t.fields)
            n = db.execute(f"SELECT count(*) FROM [{t.name}__ver] v WHERE {bad_dev}").fetchone()[0]
            if n:
                rep.errors.append(pick(f"{t.zh}：{n} 条记录的版本信息指向不存在的设备",
                                       f"{t.name}: {n} records have versions written by a device missing from devices"))
            stamp_of = " ".join(f"WHEN '{f.name}' THEN v._base + v.[{f.name}__t]" for f in t.fields)
            n = db.execute(f"SELECT count(DISTINCT v.id) FROM [{t.name}__ver] v, json_each(v._seen) j "
                           f"WHERE v._seen IS NOT NULL AND NOT coalesce(j.value < (CASE j.key {stamp_of} END), 0)").fetchone()[0]
            if n:
                rep.errors.append(pick(f"{t.zh}：{n} 条记录的“已见”标记不低于其版本（会掩盖冲突）",
                                       f"{t.name}: {n} records have a seen mark at or above their version's stamp "
                                       "(it would hide conflicts)"))
        if not quick:
            _check_across_tables(db, rep)
        rep.counts["conflicts"] = db.execute("SELECT count(*) FROM conflicts").fetchone()[0]
        rep.counts["quarantine"] = db.execute("SELECT count(*) FROM quarantine").fetchone()[0]
    except driver.DatabaseError as e:
        rep.damaged = True
        rep.errors.append(pick(f"数据库文件已损坏：{e}", f"the database file is damaged: {e}"))
    return rep


def _check_across_tables(db: sqlite_utils.Database, rep: CheckReport) -> None:
    union = " UNION ALL ".join(f"SELECT id FROM [{t}]" for t in TABLES)
    n = db.execute(f"SELECT count(*) FROM (SELECT id FROM ({union}) GROUP BY id HAVING count(*) > 1)").fetchone()[0]
    if n:
        rep.errors.append(pick(f"{n} 个记录编号同时出现在两个表中", f"{n} record ids are used in two tables"))
    # a parent chain that comes back to where it started (bounded: real trees are a few levels deep)
    loops = db.execute("""
        WITH RECURSIVE up(start, id, depth) AS (
            SELECT id, parent_id, 1 FROM areas WHERE parent_id IS NOT NULL
            UNION ALL
            SELECT up.start, a.parent_id, up.depth + 1 FROM up JOIN areas a ON a.id = up.id
            WHERE a.parent_id IS NOT NULL AND up.id != up.start AND up.depth < 64
        ) SELECT count(DISTINCT start) FROM up WHERE id = start""").fetchone()[0]
    if loops:
        rep.errors.append(pick(f"区域树中有循环：{loops} 个区域是自己的上级",
                               f"the area tree has a loop: {loops} areas are their own ancestors"))


# --------------------------------------------------------------------------------------------
# on opening

@dataclass
class Health:
    ok: bool = True
    warnings: list[str] = field(default_factory=list)
    damaged: str | None = None            # the integrity problem, if any
    latest_backup: str | None = None      # offered when damaged
    days_since_export: int | None = None
    clock_behind_ms: int = 0


def days_since(iso: str | None, now: datetime | None = None) -> int | None:
    if not iso:
        return None
    try:
        then = datetime.fromisoformat(iso)
    except ValueError:
        return None
    now = now or datetime.now(then.tzinfo)
    return max(0, (now - then).days)


def startup_health(db: sqlite_utils.Database, *, backup: bool = True) -> Health:
    """Quick integrity check, the daily backup and the stale-data reminder.

    ``clock_behind_ms`` is measured too; the GUI words that warning itself (ui.app.clock_warning),
    so ``warnings`` holds only what the user should do about the data.
    """
    h = Health()
    rep = check_database(db, quick=True)
    if not rep.ok:
        h.ok = False
        h.damaged = rep.errors[0]
        path = db_path(db)
        good = [b for b in list_backups(path) if b.ok] if path else []
        h.latest_backup = str(good[0].path) if good else None
        h.warnings.append(pick(
            "数据库文件检查未通过。可以从最近的备份恢复，再合并乡镇的返回包补齐之后的数据。",
            "the database failed its check: restore the latest backup, then merge the township's return bundle."))
        return h
    if backup:
        try:
            daily_backup(db)
        except Exception as e:  # noqa: BLE001 - a failed backup must not stop the day's work
            h.warnings.append(pick(f"今天的自动备份没有完成：{e}", f"today's automatic backup failed: {e}"))
    h.clock_behind_ms = load_clock(db).system_clock_behind()
    if self_device(db).role == "worker":
        h.days_since_export = days_since(get_meta(db, "last_export_at"))
        limit = int(get_setting(db, "export_reminder_days"))
        if h.days_since_export is None:
            has_data = db.execute("SELECT 1 FROM persons LIMIT 1").fetchone()
            if has_data:
                h.warnings.append(pick("还没有导出过同步包：请导出并交给乡镇，以免数据只存在这台电脑上。",
                                       "no bundle has been exported yet: export one for the township so the data "
                                       "is not only on this laptop."))
        elif h.days_since_export >= limit:
            h.warnings.append(pick(f"距离上次导出同步包已经 {h.days_since_export} 天，请尽快导出交给乡镇。",
                                   f"the last bundle was exported {h.days_since_export} days ago; please export one "
                                   "for the township."))
    return h
