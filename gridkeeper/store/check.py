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

from ..domain.messages import M, Message
from ..domain.records import TABLES
from . import driver, schema, versions as V
from .backup import daily_backup, list_backups
from .database import db_path
from .devices import self_device
from .meta import get_meta, get_setting, load_clock


@dataclass
class CheckReport:
    error_messages: list[Message] = field(default_factory=list)
    warning_messages: list[Message] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    damaged: bool = False      # the file itself is damaged (integrity check failed or unreadable)

    @property
    def ok(self) -> bool:
        return not self.error_messages

    @property
    def errors(self) -> list[str]:
        """The errors in the user's language (rendered when asked for)."""
        return [str(m) for m in self.error_messages]

    @property
    def warnings(self) -> list[str]:
        return [str(m) for m in self.warning_messages]

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
            rep.error_messages.append(M("the_database_file_is_damaged_2", detail="; ".join(res[:5])))
            return rep
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != schema.SCHEMA_VERSION:
            rep.error_messages.append(M("schema_version_is_expected", version=version, expected=schema.SCHEMA_VERSION))
            return rep
        fk = db.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            rep.error_messages.append(M("foreign_key_violations", len_fk=len(fk)))
        if not db.execute("SELECT 1 FROM devices WHERE status = 'self'").fetchone():
            rep.error_messages.append(M("no_device_identity_not_initialised"))
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
                rep.error_messages.append(M("records_without_versions_versions_without", t_zh=t.zh, missing=missing,
                                            orphans=orphans, t_name=t.name))
            n = db.execute(f"SELECT count(*) FROM [{t.name}__ver] v WHERE {V.malformed_sql(t.name)}").fetchone()[0]
            if n:
                rep.error_messages.append(M("records_have_malformed_versions", t_zh=t.zh, n=n, t_name=t.name))
                continue
            unstamped = " OR ".join(
                f"(x.[{f.name}] IS NOT NULL AND x.[{f.name}] != 0 AND NOT {V.written_sql(t.name, f.name)})"
                if f.name == "deleted" else
                f"(x.[{f.name}] IS NOT NULL AND NOT {V.written_sql(t.name, f.name)})" for f in t.fields)
            bad = db.execute(f"SELECT count(*) FROM [{t.name}] x JOIN [{t.name}__ver] v USING (id) "
                             f"WHERE {unstamped}").fetchone()[0]
            if bad:
                rep.error_messages.append(M("records_have_fields_written_without", t_zh=t.zh, bad=bad, t_name=t.name))
            for f in t.fields:
                if f.kind == "ref" and f.ref:
                    dangling = db.execute(
                        f"SELECT count(*) FROM [{t.name}] x WHERE x.[{f.name}] IS NOT NULL AND x.deleted = 0 "
                        f"AND NOT EXISTS (SELECT 1 FROM [{f.ref}] r WHERE r.id = x.[{f.name}])").fetchone()[0]
                    if dangling:
                        rep.warning_messages.append(M("references_to_records_not_received", t_zh=t.zh, f_zh=f.zh,
                                                      dangling=dangling, t_name=t.name, f_name=f.name))
            n = db.execute(f"SELECT count(*) FROM [{t.name}__ver] v WHERE {V.unknown_device_sql()}").fetchone()[0]
            if n:
                rep.error_messages.append(M("records_have_versions_written_by", t_zh=t.zh, n=n, t_name=t.name))
            stamp_of = " ".join(f"WHEN '{f.name}' THEN {V.stamp_sql(t.name, f.name)}" for f in t.fields)
            n = db.execute(f"SELECT count(DISTINCT v.id) FROM [{t.name}__ver] v, json_each(v._seen) j "
                           f"WHERE v._seen IS NOT NULL AND NOT coalesce(j.value < (CASE j.key {stamp_of} END), 0)").fetchone()[0]
            if n:
                rep.error_messages.append(M("records_have_a_seen_mark", t_zh=t.zh, n=n, t_name=t.name))
        if not quick:
            _check_across_tables(db, rep)
        rep.counts["conflicts"] = db.execute("SELECT count(*) FROM conflicts").fetchone()[0]
        rep.counts["quarantine"] = db.execute("SELECT count(*) FROM quarantine").fetchone()[0]
    except driver.DatabaseError as e:
        rep.damaged = True
        rep.error_messages.append(M("the_database_file_is_damaged", e=e))
    return rep


def _check_across_tables(db: sqlite_utils.Database, rep: CheckReport) -> None:
    union = " UNION ALL ".join(f"SELECT id FROM [{t}]" for t in TABLES)
    n = db.execute(f"SELECT count(*) FROM (SELECT id FROM ({union}) GROUP BY id HAVING count(*) > 1)").fetchone()[0]
    if n:
        rep.error_messages.append(M("record_ids_are_used_in", n=n))
    # a parent chain that comes back to where it started (bounded: real trees are a few levels deep)
    loops = db.execute("""
        WITH RECURSIVE up(start, id, depth) AS (
            SELECT id, parent_id, 1 FROM areas WHERE parent_id IS NOT NULL
            UNION ALL
            SELECT up.start, a.parent_id, up.depth + 1 FROM up JOIN areas a ON a.id = up.id
            WHERE a.parent_id IS NOT NULL AND up.id != up.start AND up.depth < 64
        ) SELECT count(DISTINCT start) FROM up WHERE id = start""").fetchone()[0]
    if loops:
        rep.error_messages.append(M("the_area_tree_has_a", loops=loops))


# --------------------------------------------------------------------------------------------
# on opening

@dataclass
class Health:
    ok: bool = True
    warning_messages: list[Message] = field(default_factory=list)
    damaged_message: Message | None = None  # the integrity problem, if any
    latest_backup: str | None = None      # offered when damaged
    days_since_export: int | None = None
    clock_behind_ms: int = 0

    @property
    def warnings(self) -> list[str]:
        """What the user should do about the data, in the user's language (rendered when asked for)."""
        return [str(m) for m in self.warning_messages]

    @property
    def damaged(self) -> str | None:
        return None if self.damaged_message is None else str(self.damaged_message)


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
        h.damaged_message = rep.error_messages[0]
        path = db_path(db)
        good = [b for b in list_backups(path) if b.ok] if path else []
        h.latest_backup = str(good[0].path) if good else None
        h.warning_messages.append(M("the_database_failed_its_check"))
        return h
    if backup:
        try:
            daily_backup(db)
        except Exception as e:  # noqa: BLE001 - a failed backup must not stop the day's work
            h.warning_messages.append(M("today_s_automatic_backup_failed", e=e))
    h.clock_behind_ms = load_clock(db).system_clock_behind()
    if self_device(db).role == "worker":
        h.days_since_export = days_since(get_meta(db, "last_export_at"))
        limit = int(get_setting(db, "export_reminder_days"))
        if h.days_since_export is None:
            has_data = db.execute("SELECT 1 FROM persons LIMIT 1").fetchone()
            if has_data:
                h.warning_messages.append(M("no_bundle_has_been_exported"))
        elif h.days_since_export >= limit:
            h.warning_messages.append(M("the_last_bundle_was_exported", h_days_since_export=h.days_since_export))
    return h
