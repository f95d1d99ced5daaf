"""Schema and numbered migrations.

``MIGRATIONS[n]`` brings a database from version n to n+1. The version lives in
``PRAGMA user_version``. A new database runs every migration in order; an old one in the field
runs the ones it lacks, after a backup (see :mod:`gridkeeper.store.db`).

Layout decisions:
- The user-data tables of DESIGN §2 hold only replicated content, canonically stored (JSON lists
  sorted, dates ISO text): two databases that received the same changes are equal row by row.
  Replicated records refer to each other by id *without* SQL foreign keys: a merge must never fail
  because of arrival order or a change rejected as out of scope; ``gridkeeper check`` reports
  dangling references instead.
- Version metadata is one companion row per record, ``<table>__ver``. Since schema 4 it is packed
  (:mod:`gridkeeper.store.versions` is its one home): ``_base`` an HLC stamp, ``_vers`` the JSON
  list of every field's stamp *minus* ``_base`` (fields written together share a stamp, so most
  deltas are 0; null means never written), ``_dev`` the writing device (index into the local
  ``devices`` table) and ``_devs`` NULL when every written field was written by ``_dev``, else the
  list of each field's device. Schemas 1–3 had two integer columns per field (``<f>__t`` the
  delta, ``<f>__d`` the device); binding 4 + 2 × fields columns per record was what a bulk merge
  paid most for, and migration 4 converts those tables in place (README, "Version rows").
  ``_seen``, NULL for most records, is a JSON object of the highest stamp that any
  writer of a version of a field had already seen (used to tell concurrent edits from causal
  ones, see sync.merge_rule); and ``_seq``, the local HLC when the record last changed here (change
  sets select on it). ``_seq`` has no index on purpose: a scan of the compact version table costs
  milliseconds at township scale, while an index would cost every bulk merge a second B-tree
  insert per record.
- Migrations 1–3 create and extend version tables in the layout of their time (they must never
  change: databases in the field ran them); a table a later schema adds is created packed, and a
  field a later schema adds to an older table appends a null to every version row.
"""

from __future__ import annotations

from ..domain.records import TABLES, Table
from . import versions

SCHEMA_VERSION = 4


def _sql_type(kind: str) -> str:
    return "INTEGER" if kind in ("int", "bool") else "TEXT"


def _column_sql(f) -> str:
    default = " NOT NULL DEFAULT 0" if f.name == "deleted" else ""
    return f"[{f.name}] {_sql_type(f.kind)}{default}"


def user_table_sql(t: Table, version: int = SCHEMA_VERSION) -> list[str]:
    """The table and its version companion as schema ``version`` has them (fields added later left out)."""
    fields = [f for f in t.fields if f.since <= version]
    cols = ["id TEXT PRIMARY KEY NOT NULL"] + [_column_sql(f) for f in fields]
    stmts = [f"CREATE TABLE [{t.name}] (\n  " + ",\n  ".join(cols) + "\n)"]
    if version >= versions.PACKED_SINCE:
        stmts.append(versions.table_sql(t.name))
    else:   # the layout of schemas 1-3 (converted by migration 4)
        ver_cols = ["id TEXT PRIMARY KEY NOT NULL", "_seq INTEGER NOT NULL", "_base INTEGER NOT NULL", "_seen TEXT"]
        for f in fields:
            ver_cols += [f"[{f.name}__t] INTEGER", f"[{f.name}__d] INTEGER"]
        stmts.append(f"CREATE TABLE [{t.name}__ver] (\n  " + ",\n  ".join(ver_cols) + "\n) WITHOUT ROWID")
    if any(f.name == "area_id" for f in t.fields):
        stmts.append(f"CREATE INDEX [{t.name}_area] ON [{t.name}](area_id)")
    return stmts


def records_added_in(version: int) -> list[str]:
    """What schema ``version`` adds to the record tables: new tables whole, new fields of older tables.

    The registry (:mod:`domain.records`) says which version added each table and field, so a field
    added later is a column added by that version's migration, with its version: two columns before
    schema 4, a null appended to every packed version row since (:func:`versions.append_field_sql`).
    """
    stmts = []
    for t in TABLES.values():
        if t.since == version:
            stmts += user_table_sql(t, version)
        elif t.since < version:
            for f in t.fields:
                if f.since == version:
                    stmts.append(f"ALTER TABLE [{t.name}] ADD COLUMN {_column_sql(f)}")
                    if version >= versions.PACKED_SINCE:
                        stmts += versions.append_field_sql(t.name)
                    else:
                        stmts.append(f"ALTER TABLE [{t.name}__ver] ADD COLUMN [{f.name}__t] INTEGER")
                        stmts.append(f"ALTER TABLE [{t.name}__ver] ADD COLUMN [{f.name}__d] INTEGER")
    return stmts


def _migration_1() -> list[str]:
    stmts = records_added_in(1)
    stmts += [
        "CREATE INDEX areas_parent ON areas(parent_id)",
        "CREATE INDEX households_house ON households(house_id)",
        "CREATE INDEX persons_household ON persons(household_id)",
        "CREATE INDEX persons_id_number ON persons(id_number)",
        "CREATE INDEX care_subjects_person ON care_subjects(person_id)",
        "CREATE INDEX visits_date ON visits(date)",
        "CREATE INDEX visits_care ON visits(care_subject_id, date)",
        "CREATE INDEX visits_person ON visits(person_id)",
        "CREATE INDEX disputes_received ON disputes(received)",
        "CREATE INDEX dispute_parties_dispute ON dispute_parties(dispute_id)",
        "CREATE INDEX dispute_steps_dispute ON dispute_steps(dispute_id)",
        # local bookkeeping
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
        """CREATE TABLE devices (
            idx INTEGER PRIMARY KEY,
            device_id TEXT NOT NULL UNIQUE,
            name TEXT, role TEXT,
            age_recipient TEXT, sign_public TEXT, fingerprint TEXT,
            areas TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'seen',
            flagged TEXT,
            clock_offset_ms INTEGER,
            last_bundle_at TEXT,
            acked_seq INTEGER NOT NULL DEFAULT 0,
            received_seq INTEGER NOT NULL DEFAULT 0,
            added_at TEXT
        )""",
        "CREATE TABLE device_secrets (device_id TEXT PRIMARY KEY, blob BLOB NOT NULL)",
        """CREATE TABLE bundles_applied (
            bundle_id TEXT PRIMARY KEY, sender TEXT NOT NULL, sha256 TEXT NOT NULL,
            applied_at TEXT NOT NULL, report TEXT NOT NULL
        )""",
        """CREATE TABLE bundles_exported (
            bundle_id TEXT PRIMARY KEY, recipient TEXT, path TEXT, seq_max INTEGER,
            exported_at TEXT NOT NULL, counts TEXT
        )""",
        """CREATE TABLE conflicts (
            id TEXT PRIMARY KEY, tbl TEXT NOT NULL, rid TEXT NOT NULL, field TEXT NOT NULL,
            value TEXT, stamp INTEGER NOT NULL, device TEXT NOT NULL, seen INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX conflicts_record ON conflicts(tbl, rid, field)",
        """CREATE TABLE quarantine (
            id TEXT PRIMARY KEY, bundle_id TEXT, sender TEXT, tbl TEXT NOT NULL, rid TEXT NOT NULL,
            field TEXT NOT NULL, value TEXT, stamp INTEGER NOT NULL, device TEXT NOT NULL,
            seen INTEGER, received_at TEXT NOT NULL
        )""",
        """CREATE TABLE rejected_changes (
            id INTEGER PRIMARY KEY, bundle_id TEXT, sender TEXT, tbl TEXT, rid TEXT, field TEXT,
            value TEXT, reason TEXT, received_at TEXT
        )""",
        """CREATE TABLE search_index (
            rid TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, area_id TEXT, name TEXT NOT NULL,
            initials TEXT NOT NULL, detail TEXT, haystack TEXT NOT NULL
        )""",
        "CREATE VIRTUAL TABLE search_fts USING fts5(haystack, content='search_index', tokenize='trigram')",
        """CREATE TABLE history (
            id INTEGER PRIMARY KEY, stamp INTEGER NOT NULL, device TEXT NOT NULL, user TEXT,
            tbl TEXT NOT NULL, rid TEXT NOT NULL, action TEXT NOT NULL, fields TEXT NOT NULL
        )""",
        "CREATE INDEX history_record ON history(tbl, rid)",
        "CREATE UNIQUE INDEX history_write ON history(device, stamp, tbl, rid)",
    ]
    return stmts


def _migration_2() -> list[str]:
    """Resident requests and hazards (DESIGN §2)."""
    return records_added_in(2) + [
        "CREATE INDEX requests_received ON requests(received)",
        "CREATE INDEX requests_person ON requests(person_id)",
        "CREATE INDEX request_steps_request ON request_steps(request_id)",
        "CREATE INDEX hazards_found ON hazards(found)",
        "CREATE INDEX hazards_house ON hazards(house_id)",
        "CREATE INDEX hazard_steps_hazard ON hazard_steps(hazard_id)",
        # why the trust screen refused a change, in short English (sync.screen.Rejection.detail)
        "ALTER TABLE rejected_changes ADD COLUMN detail TEXT",
    ]


def _migration_3() -> list[str]:
    """People the grid must know (DESIGN §2): floating-population fields on persons, arrivals and
    departures, person tags with the township's synced vocabulary, volunteer services and redemptions."""
    return records_added_in(3) + [
        "CREATE INDEX persons_arrival ON persons(arrival_date)",
        "CREATE INDEX persons_permit_expiry ON persons(permit_expiry)",
        "CREATE INDEX residence_events_person ON residence_events(person_id, date)",
        "CREATE INDEX residence_events_date ON residence_events(date)",
        "CREATE INDEX person_tags_person ON person_tags(person_id)",
        "CREATE INDEX person_tags_tag ON person_tags(tag)",
        "CREATE INDEX volunteer_services_volunteer ON volunteer_services(volunteer_id, date)",
        "CREATE INDEX volunteer_services_date ON volunteer_services(date)",
        "CREATE INDEX point_redemptions_volunteer ON point_redemptions(volunteer_id, date)",
        "CREATE INDEX point_redemptions_date ON point_redemptions(date)",
    ]


def _migration_4() -> list[str]:
    """Packed version rows (README, "Version rows"): every version table of schema 3 converted in place."""
    stmts = []
    for t in TABLES.values():
        if t.since <= 3:
            stmts += versions.convert_legacy_sql(t, 3)
    return stmts + records_added_in(4)


MIGRATIONS = [_migration_1, _migration_2, _migration_3, _migration_4]
assert len(MIGRATIONS) == SCHEMA_VERSION
