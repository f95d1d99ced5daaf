"""Schema migrations: a database written by an older gridkeeper opens, is backed up, and upgrades.

The registry says which schema version added each table and field (``since``); each migration adds
exactly those, so an upgraded database holds the same schema objects as a fresh one.
"""

from __future__ import annotations

import pytest

from gridkeeper.domain.records import TABLES
from gridkeeper.store import schema
from gridkeeper.store.check import check_database
from gridkeeper.store.db import open_db, schema_version
from gridkeeper.store.records import create_record
from gridkeeper.store.restore import _objects, expected_objects


def _old_database(path, monkeypatch, version: int):
    """A database initialised by a gridkeeper whose newest schema was ``version``, with a person in it."""
    from tests.conftest import new_db

    with monkeypatch.context() as m:
        m.setattr(schema, "SCHEMA_VERSION", version)
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:version])
        db = new_db(path)
        area = create_record(db, "areas", dict(level="township", name="下花园镇"))
        pid = create_record(db, "persons", dict(area_id=area, name="张桂兰"))
        assert schema_version(db) == version
        db.conn.close()
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
def test_an_old_database_upgrades_with_a_backup_first(tmp_path, monkeypatch, old):
    path = tmp_path / "old.db"
    area, pid = _old_database(path, monkeypatch, old)
    newer = {("table", t.name) for t in TABLES.values() if t.since > old}
    assert newer and not newer & _objects(open_db(path, migrate=False).conn)

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
    row = db.execute("SELECT p.origin, v.origin__t IS NOT NULL FROM persons p JOIN persons__ver v USING (id) "
                     "WHERE p.id = ?", [pid]).fetchone()
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
