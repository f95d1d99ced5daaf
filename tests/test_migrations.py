"""Schema migrations: a database written by an older gridkeeper opens, is backed up, and upgrades.

The registry says which schema version added each table and field (``since``); each migration adds
exactly those, so an upgraded database holds the same schema objects as a fresh one.
"""

from __future__ import annotations

import pytest

from gridkeeper.domain.records import TABLES
from gridkeeper.store import schema, versions
from gridkeeper.store.check import check_database
from gridkeeper.store.db import open_db, schema_version
from gridkeeper.store.records import create_record
from gridkeeper.store.restore import _objects, expected_objects

from tests.legacy_schema import as_old_schema


def _old_database(path, version: int):
    """A database as a gridkeeper whose newest schema was ``version`` left it, with a person in it."""
    from tests.conftest import new_db

    db = new_db(path)
    area = create_record(db, "areas", dict(level="township", name="下花园镇"))
    pid = create_record(db, "persons", dict(area_id=area, name="张桂兰"))
    db.conn.close()
    as_old_schema(path, version)
    return area, pid


def test_every_table_and_field_belongs_to_a_migration():
    for t in TABLES.values():
        assert 1 <= t.since <= schema.SCHEMA_VERSION, t.name
        for f in t.fields:
            assert 1 <= f.since <= schema.SCHEMA_VERSION, (t.name, f.name)   # since <= t.since: came with the table
    assert len(schema.MIGRATIONS) == schema.SCHEMA_VERSION


def test_version_1_tables_are_those_of_the_first_release():
    """Migration 1 must never change: databases in the field ran it long ago."""
    first = [t.name for t in TABLES.values() if t.since == 1]
    assert first == ["areas", "houses", "households", "persons", "care_subjects", "visits", "disputes",
                     "dispute_parties", "dispute_steps"]


@pytest.mark.parametrize("old", range(1, schema.SCHEMA_VERSION))
def test_an_old_database_upgrades_with_a_backup_first(tmp_path, old):
    path = tmp_path / "old.db"
    area, pid = _old_database(path, old)
    newer = {("table", t.name) for t in TABLES.values() if t.since > old}
    before = open_db(path, migrate=False)
    assert schema_version(before) == old
    assert not newer & _objects(before.conn)
    assert "name__t" in [r[1] for r in before.execute("PRAGMA table_info(persons__ver)")]   # two columns a field
    before.conn.close()

    db = open_db(path)

    assert schema_version(db) == schema.SCHEMA_VERSION
    assert _objects(db.conn) == expected_objects(schema.SCHEMA_VERSION)
    assert db.execute("SELECT name FROM persons WHERE id = ?", [pid]).fetchone()[0] == "张桂兰"
    backups = list((tmp_path / "old.db.backups").glob("*migration*"))
    assert backups, "no backup was written before the migration"
    rep = check_database(db)
    assert not rep.errors, rep.errors
    # the new tables are usable at once, through the one writer
    rid = create_record(db, "requests", dict(area_id=area, received="2026-11-02", channel="in_person",
                                             category="infrastructure", content="路灯不亮", status="received"))
    assert db.execute("SELECT content FROM requests WHERE id = ?", [rid]).fetchone()[0] == "路灯不亮"
    # fields added to an older table (schema 3: floating population on persons) are written and versioned
    from gridkeeper.store.records import update_record

    update_record(db, "persons", pid, dict(origin="河南省周口市", arrival_date="2026-10-01", arrival_reason="work"))
    row = db.execute(f"SELECT p.origin, {versions.written_sql('persons', 'origin')} FROM persons p "
                     "JOIN persons__ver v USING (id) WHERE p.id = ?", [pid]).fetchone()
    assert row == ("河南省周口市", 1)
    assert not check_database(db).errors


def test_a_newer_database_is_refused(tmp_path, monkeypatch):
    from gridkeeper.domain.errors import GridkeeperError
    from tests.conftest import new_db

    path = tmp_path / "new.db"
    new_db(path).conn.close()
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION - 1)
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:-1])
    with pytest.raises(GridkeeperError) as e:
        open_db(path)
    assert e.value.code == "newer_schema"
