"""Bundles end to end with real files: enrolment both ways, bundles both ways, every refusal."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from gridkeeper.cli import main
from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.store import records as R
from gridkeeper.store.db import open_db
from gridkeeper.store.dump import canonical_dump, full_state_hash
from gridkeeper.sync import bundle as B
from gridkeeper.sync.review import list_conflicts, resolve_conflict
from gridkeeper.sync.service import merge_bundle

TOWN_PASSPHRASE = "下花园镇 grid-centre 2026"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def gk(*args, expect=0, encrypt=False):
    """Run the CLI in-process; returns parsed --json output (or None). ``init`` makes a plain database
    unless ``encrypt`` or GK_TEST_ENCRYPTED=1 (then with ``GRIDKEEPER_PASSPHRASE``)."""
    import contextlib
    import io

    from tests.conftest import ENCRYPTED

    if args and args[0] == "init" and not (encrypt or ENCRYPTED) and "--unencrypted" not in args:
        args = (*args, "--unencrypted")
    if args and args[0] == "init" and ENCRYPTED and "--unencrypted" not in args \
            and not os.environ.get("GRIDKEEPER_PASSPHRASE"):
        from tests.conftest import TEST_PASSPHRASE

        os.environ["GRIDKEEPER_PASSPHRASE"] = TEST_PASSPHRASE  # for this init only
        try:
            return gk(*args, expect=expect, encrypt=encrypt)
        finally:
            del os.environ["GRIDKEEPER_PASSPHRASE"]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    assert code == expect, f"exit {code}: {err.getvalue()}"
    text = out.getvalue()
    if "--json" in args and text.strip():
        return json.loads(text)
    return err.getvalue()


class Township:
    """One township and its enrolled worker laptops, set up through the CLI as staff would."""

    def __init__(self, folder: Path, workers: int = 3):
        self.folder = folder
        self.town = folder / "town.db"
        # the township's keys are always sealed: staff scripts give the passphrase through the environment
        # (conftest's monkeypatch of GRIDKEEPER_PASSPHRASE removes it again after the test)
        os.environ["GRIDKEEPER_PASSPHRASE"] = TOWN_PASSPHRASE
        gk("init", "--db", self.town, "--role", "township", "--name", "下花园镇网格中心")
        db = open_db(self.town)
        self.township_area = R.create_record(db, "areas", {"level": "township", "name": "下花园镇"})
        village = R.create_record(db, "areas", {"level": "village", "name": "东山村", "parent_id": self.township_area})
        self.grids = [R.create_record(db, "areas", {"level": "grid", "name": f"第{i + 1}网格", "parent_id": village})
                      for i in range(workers)]
        # the township already has one household in grid 0
        hh = R.create_record(db, "households", {"area_id": self.grids[0], "number": "010001", "address": "东山村1组1号"})
        self.old_person = R.create_record(db, "persons", {"household_id": hh, "name": "张桂兰", "phone": "13800000000"})
        db.conn.close()
        gk("keys", "export", "--db", self.town, "--out", folder / "town.gkpub")
        self.workers = []
        for i in range(workers):
            w = folder / f"w{i}.db"
            gk("init", "--db", w, "--role", "worker", "--name", f"网格员{i}的电脑")
            gk("keys", "import", "--db", w, folder / "town.gkpub")
            gk("keys", "export", "--db", w, "--out", folder / f"w{i}.gkpub")
            gk("keys", "import", "--db", self.town, folder / f"w{i}.gkpub", "--area", self.grids[i])
            self.workers.append(w)

    def device_id(self, db_path):
        return gk("keys", "list", "--db", db_path, "--json")[0]["device_id"]

    def send_back(self, i, name=None):
        out = self.folder / (name or f"ret{i}-{random.random():.6f}.gkb")
        gk("bundle", "export", "--db", self.town, "--for", self.device_id(self.workers[i]), "--out", out)
        return out

    def send_in(self, i, name=None):
        out = self.folder / (name or f"in{i}-{random.random():.6f}.gkb")
        gk("bundle", "export", "--db", self.workers[i], "--out", out)
        return out


@pytest.fixture
def township(tmp_path):
    return Township(tmp_path)


def test_enrolment_and_bundles_both_ways(township):
    t = township
    for i in range(3):
        rep = gk("bundle", "merge", "--db", t.workers[i], t.send_back(i), "--json")
        assert rep["status"] == "merged"
    w0 = open_db(t.workers[0])
    assert R.get_record(w0, "persons", t.old_person)["name"] == "张桂兰"  # the township's data reached grid 0
    assert w0.execute("SELECT count(*) FROM persons").fetchone()[0] == 1
    w1 = open_db(t.workers[1])
    assert w1.execute("SELECT count(*) FROM persons").fetchone()[0] == 0  # nothing of grid 0 on grid 1's laptop
    # workers add records; the township merges them all
    hh = R.create_record(w1, "households", {"area_id": t.grids[1], "number": "020001", "address": "东山村2组1号"})
    R.create_record(w1, "persons", {"household_id": hh, "name": "𠮷祥"})
    w1.conn.close()
    files = [t.send_in(i) for i in range(3)]
    rep = gk("bundle", "merge", "--db", t.town, *files, "--json")
    assert rep["merged"] == 3 and rep["refused"] == 0
    town = open_db(t.town)
    assert [r["name"] for r in R.list_records(town, "persons", area_id=t.grids[1])] == ["𠮷祥"]
    assert gk("search", "--db", t.town, "𠮷", "--json")[0]["name"] == "𠮷祥"
    # the same bundles again: nothing changes, exit 0, and it says so
    before = canonical_dump(town)
    rep = gk("bundle", "merge", "--db", t.town, *files, "--json")
    assert rep["already_merged"] == 3 and canonical_dump(town) == before
    # acknowledgements shrink the next bundle
    gk("bundle", "merge", "--db", t.workers[1], t.send_back(1))
    out = t.send_in(1, "after-ack.gkb")
    data = gk("bundle", "merge", "--db", t.town, out, "--json")
    assert data["applied"] == 0
    assert gk("check", "--db", t.town, "--json")["ok"]
    assert gk("check", "--db", t.workers[1], "--json")["ok"]


def test_conflict_made_on_purpose_is_resolved_and_everyone_converges(township):
    t = township
    for i in range(3):
        gk("bundle", "merge", "--db", t.workers[i], t.send_back(i))
    # worker 0 and the township change the same phone without seeing each other
    w0 = open_db(t.workers[0])
    R.update_record(w0, "persons", t.old_person, {"phone": "13911111111"})
    w0.conn.close()
    town = open_db(t.town)
    R.update_record(town, "persons", t.old_person, {"phone": "13922222222"})
    rep = gk("bundle", "merge", "--db", t.town, t.send_in(0), "--json")
    assert rep["conflicts"] == 1
    [c] = list_conflicts(town)
    assert {c["value"], c["current"]} == {"13911111111", "13922222222"}
    resolve_conflict(town, c["id"], keep="other" if c["value"] == "13911111111" else "current")
    assert R.get_record(town, "persons", t.old_person)["phone"] == "13911111111"
    town.conn.close()
    gk("bundle", "merge", "--db", t.workers[0], t.send_back(0))
    w0 = open_db(t.workers[0])
    assert R.get_record(w0, "persons", t.old_person)["phone"] == "13911111111"
    assert list_conflicts(w0) == []
    # and the township's copy of grid 0 equals the worker's
    town = open_db(t.town)
    for table in ("persons", "households"):
        a = [r for r in R.list_records(town, table, area_id=t.grids[0])]
        b = [r for r in R.list_records(w0, table)]
        assert a == b


def test_a_worker_cannot_change_another_grid(township):
    t = township
    gk("bundle", "merge", "--db", t.workers[1], t.send_back(1))
    w1 = open_db(t.workers[1])
    R.create_record(w1, "households", {"area_id": t.grids[2], "number": "999", "address": "别人的网格"})
    R.create_record(w1, "households", {"area_id": t.grids[1], "number": "020002", "address": "自己的网格"})
    w1.conn.close()
    rep = gk("bundle", "merge", "--db", t.town, t.send_in(1), "--json")
    assert rep["rejected"] > 0 and rep["rejected_records"]
    town = open_db(t.town)
    numbers = {r["number"] for r in R.list_records(town, "households")}
    assert "020002" in numbers and "999" not in numbers


# -- refusals: each with its own message, a non-zero exit and an unchanged database ----------

def refused(db_path, bundle_path, code, fragment):
    db = open_db(db_path)
    before = full_state_hash(db)
    with pytest.raises(GridkeeperError) as e:
        merge_bundle(db, bundle_path)
    assert e.value.code == code, (e.value.code, str(e.value))
    assert fragment in str(e.value)
    assert full_state_hash(db) == before
    db.conn.close()
    proc_err = gk("bundle", "merge", "--db", db_path, bundle_path, expect=1)
    assert proc_err.count("\n") == 1 and fragment in proc_err


@pytest.fixture
def good_bundle(township):
    return township, township.send_in(0, "good.gkb")


def test_refuse_not_a_bundle(good_bundle, tmp_path):
    t, _ = good_bundle
    f = tmp_path / "notes.gkb"
    f.write_text("今天走访了张桂兰", encoding="utf-8")
    refused(t.town, f, "not_a_bundle", "不是")


@pytest.mark.parametrize("cut", [1, 10, 100, 0.5, -1])
def test_refuse_truncated(good_bundle, tmp_path, cut):
    t, good = good_bundle
    data = good.read_bytes()
    n = int(len(data) * cut) if isinstance(cut, float) else (len(data) + cut if cut < 0 else cut)
    f = tmp_path / "cut.gkb"
    f.write_bytes(data[:n])
    db = open_db(t.town)
    before = full_state_hash(db)
    with pytest.raises(B.BundleError):
        merge_bundle(db, f)
    assert full_state_hash(db) == before


def test_refuse_flipped_byte(good_bundle, tmp_path):
    t, good = good_bundle
    data = bytearray(good.read_bytes())
    data[len(data) - 40] ^= 0x01
    f = tmp_path / "flip.gkb"
    f.write_bytes(bytes(data))
    refused(t.town, f, "truncated_or_damaged", "损坏")


def test_refuse_bundle_for_another_township(tmp_path, good_bundle):
    t, _ = good_bundle
    other = Township(tmp_path / "other", workers=1)
    foreign = other.send_in(0, "foreign.gkb")
    refused(t.town, foreign, "not_for_us", "")


def test_refuse_unknown_and_revoked_senders(good_bundle):
    t, good = good_bundle
    gk("keys", "revoke", "--db", t.town, t.device_id(t.workers[0]))
    refused(t.town, good, "revoked_sender", "吊销")
    rows = gk("keys", "list", "--db", t.town, "--json")
    assert any(r["status"] == "revoked" for r in rows)


def test_refuse_newer_schema(good_bundle, monkeypatch):
    t, _ = good_bundle
    import gridkeeper.sync.service as S

    with monkeypatch.context() as m:  # (undo() would also drop the fixture's environment)
        m.setattr(S, "SCHEMA_VERSION", 99)
        newer = t.send_in(1, "newer.gkb")
    db = open_db(t.town)
    before = full_state_hash(db)
    with pytest.raises(B.BundleError) as e:
        merge_bundle(db, newer)
    assert e.value.code == "newer_schema" and "升级" in str(e.value)
    assert full_state_hash(db) == before
    assert newer.exists()  # the file is kept for after the update


def test_replay_merges_nothing_and_exits_zero(good_bundle):
    t, good = good_bundle
    gk("bundle", "merge", "--db", t.town, good)
    db = open_db(t.town)
    before = canonical_dump(db)
    rep = gk("bundle", "merge", "--db", t.town, good, "--json")
    assert rep["status"] == "already_merged" and canonical_dump(db) == before


def test_a_refused_bundle_never_stops_the_others(good_bundle, tmp_path):
    t, good = good_bundle
    bad = tmp_path / "bad.gkb"
    bad.write_bytes(good.read_bytes()[:200])
    second = t.send_in(1, "second.gkb")
    rep = gk("bundle", "merge", "--db", t.town, bad, good, second, "--json", expect=1)
    assert [b["status"] for b in rep["bundles"]] == ["refused", "merged", "merged"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_bundles_never_merge(good_bundle, tmp_path, data):
    t, good = good_bundle
    raw = bytearray(good.read_bytes())
    kind = data.draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
    pos = data.draw(st.integers(0, len(raw) - 1))
    if kind == "flip":
        raw[pos] ^= data.draw(st.integers(1, 255))
    elif kind == "truncate":
        raw = raw[:pos]
    elif kind == "insert":
        raw[pos:pos] = data.draw(st.binary(min_size=1, max_size=8))
    else:
        del raw[pos:pos + data.draw(st.integers(1, 8))]
    f = tmp_path / "mutant.gkb"
    f.write_bytes(bytes(raw))
    db = open_db(t.town)
    before = full_state_hash(db)
    try:
        with pytest.raises(GridkeeperError):
            merge_bundle(db, f)
        assert full_state_hash(db) == before
    finally:
        db.conn.close()


def _vectors():
    folder = SHARED / "testdata" / "age-cctv"
    return sorted(p for p in folder.iterdir() if p.name != "README.md") if folder.is_dir() else []


@pytest.mark.skipif(not _vectors(), reason="shared age test vectors not present")
def test_every_age_vector_is_refused_cleanly(good_bundle, tmp_path):
    t, _ = good_bundle
    db = open_db(t.town)
    before = full_state_hash(db)
    for vec in _vectors():
        raw = vec.read_bytes()
        body = raw.split(b"\n\n", 1)[1] if b"\n\n" in raw else raw
        f = tmp_path / (vec.name + ".gkb")
        f.write_bytes(body)
        with pytest.raises(GridkeeperError):
            merge_bundle(db, f)
    assert full_state_hash(db) == before
    assert len(_vectors()) == 143


def test_cli_errors_are_one_line_in_the_users_language(tmp_path):
    env = dict(os.environ, GRIDKEEPER_DATA_DIR=str(tmp_path / "d"))
    p = subprocess.run([sys.executable, "-m", "gridkeeper", "bundle", "merge", "--db", str(tmp_path / "none.db"),
                        str(tmp_path / "x.gkb")], capture_output=True, text=True, env=env)
    assert p.returncode != 0 and p.stderr.count("\n") == 1 and "不存在" in p.stderr and "Traceback" not in p.stderr
    p = subprocess.run([sys.executable, "-m", "gridkeeper", "--lang", "en", "search", "--db", str(tmp_path / "none.db"),
                        "x"], capture_output=True, text=True, env=env)
    assert p.returncode != 0 and "not found" in p.stderr
    p = subprocess.run([sys.executable, "-m", "gridkeeper", "init", "--db", str(tmp_path / "a.db"), "--role", "boss",
                        "--name", "x"], capture_output=True, text=True, env=env)
    assert p.returncode == 2 and p.stderr.count("\n") == 1


def test_refuse_unknown_sender(good_bundle):
    t, _ = good_bundle
    stranger = t.folder / "stranger.db"
    gk("init", "--db", stranger, "--role", "worker", "--name", "陌生电脑")
    gk("keys", "import", "--db", stranger, t.folder / "town.gkpub")
    out = t.folder / "stranger.gkb"
    gk("bundle", "export", "--db", stranger, "--out", out)
    refused(t.town, out, "unknown_sender", "")


def test_the_audit_trail_travels_to_the_township(township):
    from gridkeeper.store.history import record_history

    t = township
    gk("bundle", "merge", "--db", t.workers[0], t.send_back(0))
    w0 = open_db(t.workers[0])
    R.update_record(w0, "persons", t.old_person, {"phone": "13977777777"}, user="王秀英")
    R.delete_record(w0, "persons", t.old_person, user="王秀英")
    w0.conn.close()
    gk("bundle", "merge", "--db", t.town, t.send_in(0))
    town = open_db(t.town)
    hist = record_history(town, "persons", t.old_person)
    worker_entries = [h for h in hist if h["user"] == "王秀英"]
    assert [h["action"] for h in worker_entries] == ["update", "delete"]
    assert worker_entries[0]["fields"]["phone"] == ["13800000000", "13977777777"]
    assert worker_entries[0]["device_name"] == "网格员0的电脑"


def test_echoed_area_tree_is_not_reported_as_out_of_scope(township):
    t = township
    gk("bundle", "merge", "--db", t.workers[0], t.send_back(0))  # the worker receives township > village > grid
    rep = gk("bundle", "merge", "--db", t.town, t.send_in(0), "--json")
    assert rep["rejected"] == 0 and rep["rejected_records"] == []
    # a worker never sends area records (they are the township's): a local rename goes nowhere
    w0 = open_db(t.workers[0])
    village = R.get_record(w0, "areas", t.grids[0])["parent_id"]
    R.update_record(w0, "areas", village, {"name": "改名村"})
    w0.conn.close()
    rep = gk("bundle", "merge", "--db", t.town, t.send_in(0), "--json")
    assert "areas" not in rep["per_table"] and rep["rejected_records"] == []
    town = open_db(t.town)
    assert R.get_record(town, "areas", village)["name"] != "改名村"


def test_an_old_return_bundle_merged_late_never_rolls_back_the_assigned_areas(township):
    t = township
    old = t.send_back(0)                        # assigns grid 1 only
    town = open_db(t.town)
    dev = t.device_id(t.workers[0])
    town.execute("UPDATE devices SET areas = ? WHERE device_id = ?", [json.dumps(sorted([t.grids[0], t.grids[1]])), dev])
    town.conn.commit()
    town.conn.close()
    new = t.send_back(0)                        # the township widened the laptop's scope
    gk("bundle", "merge", "--db", t.workers[0], new)
    gk("bundle", "merge", "--db", t.workers[0], old)   # the old stick turns up afterwards
    w0 = open_db(t.workers[0])
    from gridkeeper.store.devices import self_areas

    assert self_areas(w0) == sorted([t.grids[0], t.grids[1]])
    assert w0.execute("SELECT count(*) FROM bundles_applied").fetchone()[0] == 2


def test_a_bundle_that_fails_inside_the_merge_is_refused_alone_and_named(township, monkeypatch):
    t = township
    gk("bundle", "merge", "--db", t.workers[0], t.send_back(0))
    gk("bundle", "merge", "--db", t.workers[1], t.send_back(1))
    for i in (0, 1):
        w = open_db(t.workers[i])
        R.create_record(w, "households", {"area_id": t.grids[i], "number": f"0200{i}1"})
        w.conn.close()
    bad, good = t.send_in(0, "bad.gkb"), t.send_in(1, "good.gkb")
    import gridkeeper.sync.merge_rule as rule

    real = rule.add_new_records

    def overflow(ctx, tname, fields, rows):
        if any(r[1][fields.index("number")] == "020001" for r in rows if "number" in fields):
            raise OverflowError("Python int too large to convert to SQLite INTEGER")
        return real(ctx, tname, fields, rows)

    monkeypatch.setattr(rule, "add_new_records", overflow)
    rep = gk("bundle", "merge", "--db", t.town, bad, good, "--json", expect=1)
    by_file = {Path(o["file"]).name: o for o in rep["bundles"]} if isinstance(rep, dict) and "bundles" in rep \
        else {Path(o["file"]).name: o for o in rep}
    assert by_file["bad.gkb"]["status"] == "refused" and by_file["bad.gkb"]["code"] == "merge_failed"
    assert "OverflowError" in by_file["bad.gkb"]["message"]
    assert by_file["good.gkb"]["status"] == "merged"
    town = open_db(t.town)
    assert town.execute("SELECT count(*) FROM households WHERE number = '020001'").fetchone()[0] == 0
    assert town.execute("SELECT count(*) FROM households WHERE number = '020011'").fetchone()[0] == 1
