"""The trust model of DESIGN §4, attacked: hand-made change sets signed with an enrolled worker's own keys.

Every test builds a real ``.gkb`` exactly as ``sync.service.export_bundle`` does (the worker's device
keys, the township's age recipient), but with a payload crafted here: a laptop whose database was
edited by hand, or whose app was replaced. Each asserts the exact outcome: the bad record refused
and listed (merge report and ``rejected_changes``, with its reason code), every good record of the
same bundle merged, and the township still whole afterwards (``check`` clean, overview, a ledger
and an export run).
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from gridkeeper import __version__
from gridkeeper.domain import hlc
from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.domain.ids import new_id
from gridkeeper.domain.records import table as get_table
from gridkeeper.store import records as R
from gridkeeper.store.changes import writing
from gridkeeper.store.check import check_database
from gridkeeper.store.db import open_db
from gridkeeper.store.schema import SCHEMA_VERSION
from gridkeeper.sync import bundle as B
from gridkeeper.sync.enrolment import export_card, import_card
from gridkeeper.sync.new_database import init_database
from gridkeeper.sync.keys import load_device_keys
from gridkeeper.sync.service import build_export, export_bundle, merge_bundle, merge_bundles

TODAY = date.today()


# -- a township with two enrolled worker laptops, built once and copied for each test -------------------

class World:
    """town.db (areas T > V > G0 (> M0), G1; a house, two households, two persons) and two workers:
    w0.db enrolled for G0, w1.db for G1, each holding the township's return bundle."""

    def __init__(self, folder: Path, ids: dict):
        self.folder = folder
        self.ids = ids
        self.town = open_db(folder / "town.db")
        self.workers = [open_db(folder / "w0.db"), open_db(folder / "w1.db")]
        self.n = 0

    def close(self):
        for db in [self.town, *self.workers]:
            db.conn.close()

    # the worker's genuine change set, as a dict to tamper with
    def changes(self, i: int) -> dict:
        cs, _, _ = build_export(self.workers[i])
        return json.loads(json.dumps(cs.to_dict()))

    def sign(self, i: int, d: dict) -> Path:
        """A real bundle from worker i carrying the payload ``d`` (its signer's keys, the township's recipient)."""
        db = self.workers[i]
        keys = load_device_keys(db)
        town = db.execute("SELECT age_recipient, device_id FROM devices WHERE status = 'township'").fetchone()
        payload = json.dumps(d, ensure_ascii=True, separators=(",", ":"), sort_keys=True).encode()
        data = B.write_bundle({"schema": SCHEMA_VERSION, "app_version": __version__, "bundle_id": d["id"],
                               "recipients": [town[1]], "areas": [], "hlc_min": None, "hlc_max": None,
                               "counts": {t: len(tc["rows"]) for t, tc in d["tables"].items() if tc["rows"]},
                               "seq_max": 0}, payload, keys, [town[0]])
        self.n += 1
        out = self.folder / f"crafted-{i}-{self.n}.gkb"
        out.write_bytes(data)
        return out

    def merge(self, *paths) -> list[dict]:
        outcomes = merge_bundles(self.town, list(paths))
        return [o.as_dict() for o in outcomes]

    def merge_one(self, path) -> dict:
        [o] = self.merge(path)
        assert o["status"] == "merged", o
        return o["report"]

    def has(self, table: str, rid: str) -> bool:
        return self.town.execute(f"SELECT 1 FROM [{table}] WHERE id = ?", [rid]).fetchone() is not None

    def value(self, table: str, rid: str, field: str):
        return self.town.execute(f"SELECT [{field}] FROM [{table}] WHERE id = ?", [rid]).fetchone()[0]

    def device_rows(self) -> list:
        return self.town.execute("SELECT idx, device_id, status FROM devices ORDER BY idx").fetchall()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trust-world")
    town = init_database(folder / "town.db", role="township", name="下花园镇网格中心")
    from gridkeeper.store.area_edits import add_area

    ids = {}
    ids["T"] = add_area(town, parent_id=None, level="township", name="下花园镇")
    ids["V"] = add_area(town, parent_id=ids["T"], level="village", name="东山村")
    ids["G0"] = add_area(town, parent_id=ids["V"], level="grid", name="第一网格")
    ids["G1"] = add_area(town, parent_id=ids["V"], level="grid", name="第二网格")
    ids["M0"] = add_area(town, parent_id=ids["G0"], level="micro_grid", name="一号楼")
    ids["H0"] = R.create_record(town, "houses", {"area_id": ids["G0"], "street": "东山村1组", "building": "1号"})
    ids["HH0"] = R.create_record(town, "households", {"area_id": ids["G0"], "house_id": ids["H0"], "number": "010001"})
    ids["P0"] = R.create_record(town, "persons", {"area_id": ids["G0"], "household_id": ids["HH0"], "name": "张桂兰",
                                                  "phone": "13800000000"})
    ids["HH1"] = R.create_record(town, "households", {"area_id": ids["G1"], "number": "020001"})
    ids["P1"] = R.create_record(town, "persons", {"area_id": ids["G1"], "household_id": ids["HH1"], "name": "李建国"})
    export_card(town, folder / "town.gkpub")
    for i, grid in enumerate(("G0", "G1")):
        w = init_database(folder / f"w{i}.db", role="worker", name=f"网格员{i}的电脑")
        import_card(w, folder / "town.gkpub")
        export_card(w, folder / f"w{i}.gkpub")
        import_card(town, folder / f"w{i}.gkpub", areas=[ids[grid]])
        ids[f"W{i}"] = w.execute("SELECT device_id FROM devices WHERE status = 'self'").fetchone()[0]
        ret = export_bundle(town, folder / f"ret{i}.gkb", for_device=ids[f"W{i}"])
        merge_bundle(w, ret.path, backup=False)
        w.conn.close()
    ids["TOWN"] = town.execute("SELECT device_id FROM devices WHERE status = 'self'").fetchone()[0]
    town.conn.close()
    return folder, ids


@pytest.fixture
def world(template, tmp_path):
    folder, ids = template
    dst = tmp_path / "world"
    shutil.copytree(folder, dst)
    w = World(dst, dict(ids))
    yield w
    w.close()


# -- crafting helpers ----------------------------------------------------------------------------------

def fresh_stamp(k: int = 0) -> int:
    return hlc.pack(int(time.time() * 1000), 100 + k)


def pos(d: dict, device: str) -> int:
    if device not in d["devices"]:
        d["devices"].append(device)
    return d["devices"].index(device)


def add_row(d: dict, table: str, values: dict, *, rid: str | None = None, stamp: int | None = None,
            device: str | None = None, seen: dict | None = None, unversioned: dict | None = None,
            edit: bool = False) -> str:
    """Append a record to the change set in its wire layout: every given field written at ``stamp``
    (a new record also writes ``deleted`` = 0; an ``edit`` only the given fields)."""
    rid = rid or new_id()
    fields = get_table(table).field_names
    tc = d["tables"].setdefault(table, {"fields": fields, "rows": []})
    fields = tc["fields"]
    if not edit:
        values = {"deleted": 0, **values}
    p = pos(d, device or d["sender"])
    vals, deltas, devs = [], [], []
    for f in fields:
        if f in values:
            vals.append(values[f])
            deltas.append(0)
            devs.append(p)
        else:
            vals.append((unversioned or {}).get(f))
            deltas.append(None)
            devs.append(None)
    tc["rows"].append([rid, vals, stamp or fresh_stamp(), deltas, devs, seen])
    return rid


def row_of(d: dict, table: str, rid: str) -> list:
    for row in d["tables"][table]["rows"]:
        if row[0] == rid:
            return row
    raise KeyError(rid)


def set_device(d: dict, table: str, rid: str, field: str, device: str) -> None:
    row = row_of(d, table, rid)
    row[4][d["tables"][table]["fields"].index(field)] = pos(d, device)


def good_person(w: World, d: dict, name: str = "王秀英") -> str:
    return add_row(d, "persons", {"area_id": w.ids["G0"], "household_id": w.ids["HH0"], "name": name,
                                  "gender": "female", "phone": "13911112222"})


def listed(w: World, rep: dict, table: str, rid: str) -> str:
    """The reason a record was refused, checking it is in the report and in rejected_changes alike."""
    hits = [r for r in rep["rejected_records"] if r["table"] == table and r["id"] == rid]
    assert hits, f"{table} {rid} not listed in {rep['rejected_records']}"
    reason = hits[0].get("reason")
    stored = w.town.execute("SELECT reason, detail FROM rejected_changes WHERE tbl = ? AND rid = ?",
                            [table, rid]).fetchall()
    assert (reason, hits[0]["detail"]) in stored, (reason, stored)
    assert hits[0]["detail"], "a rejection must say what was wrong"
    return reason


def views_ok(w: World) -> None:
    """After any bundle the township's own views must still work, and its store be whole."""
    from gridkeeper.ledgers.service import print_ledger
    from gridkeeper.spreadsheets.exporter import export_list
    from gridkeeper.store.devices import device_rows
    from gridkeeper.store.overview import overview, overview_totals
    from gridkeeper.store.review_rows import count_rejected_changes, rejected_changes

    rep = check_database(w.town)
    assert rep.ok and not rep.warnings, rep.as_dict()
    overview_totals(overview(w.town))
    device_rows(w.town)
    for r in rejected_changes(w.town):
        json.dumps(r, ensure_ascii=False).encode()  # storable, printable text only
    assert count_rejected_changes(w.town) >= 0
    out = w.folder / "views"
    out.mkdir(exist_ok=True)
    print_ledger(w.town, kind="households", month=f"{TODAY:%Y-%m}", area_id=w.ids["T"], out=out / "roster.pdf")
    print_ledger(w.town, kind="care", month=f"{TODAY:%Y-%m}", area_id=w.ids["G0"], out=out / "care.pdf")
    export_list(w.town, "persons", None, out / "persons.csv")
    export_list(w.town, "visits", w.ids["G0"], out / "visits.xlsx")


def area_dump(w: World):
    return w.town.execute("SELECT * FROM areas ORDER BY id").fetchall(), \
        w.town.execute("SELECT * FROM areas__ver ORDER BY id").fetchall()


# -- 1. areas are the township's ---------------------------------------------------------------------

AREA_ATTACKS = ["new_township", "new_village", "new_grid_in_scope", "new_micro_grid_in_scope", "reparent", "relevel",
                "rename", "delete", "retire", "loop", "worker_name"]


@pytest.mark.parametrize("attack", AREA_ATTACKS)
def test_a_worker_cannot_create_or_change_areas(world, attack):
    """Honest worker bundles carry no area rows at all; a crafted one is refused, whatever it does."""
    w = world
    ids = w.ids
    d = w.changes(0)
    assert "areas" not in d["tables"]
    planted_person = None
    new = {"new_township": {"level": "township", "name": "伪造镇"},
           "new_village": {"level": "village", "name": "伪造村", "parent_id": ids["T"]},
           "new_grid_in_scope": {"level": "grid", "name": "伪造网格", "parent_id": ids["G0"]},
           "new_micro_grid_in_scope": {"level": "micro_grid", "name": "二号楼", "parent_id": ids["G0"]}}
    edits = {"reparent": ("G0", {"parent_id": ids["G1"]}), "relevel": ("G0", {"level": "township"}),
             "rename": ("G0", {"name": "改名网格"}), "delete": ("M0", {"deleted": 1}),
             "retire": ("G0", {"retired": 1}), "loop": ("G0", {"parent_id": ids["M0"]}),
             "worker_name": ("G0", {"worker_name": "冒名网格员", "worker_phone": "13800001111"})}
    if attack in new:
        target = add_row(d, "areas", new[attack])
        if attack == "new_micro_grid_in_scope":
            planted_person = add_row(d, "persons", {"area_id": target, "name": "种进来的人"})
    else:
        key, values = edits[attack]
        target = add_row(d, "areas", values, rid=ids[key], edit=True)
    good = good_person(w, d)
    before = area_dump(w)
    rep = w.merge_one(w.sign(0, d))
    assert area_dump(w) == before, "the township's area tree changed"
    assert listed(w, rep, "areas", target) == "area_record"
    if planted_person:
        assert not w.has("persons", planted_person)
        assert listed(w, rep, "persons", planted_person) == "out_of_scope"
    assert w.has("persons", good)
    assert {r["id"] for r in rep["rejected_records"] if r["table"] == "areas"} == {target}
    views_ok(w)


def test_an_exact_echo_of_the_area_tree_passes_unlisted(world):
    """A relayed copy of the township's own area rows (older laptops sent them) is nothing new."""
    from gridkeeper.sync.changeset import select_changes

    w = world
    ids = w.ids
    town_rows = select_changes(w.town, area_ids=[ids["G0"]], tables=["areas"]).to_dict()
    d = w.changes(0)
    for dev in town_rows["devices"]:
        pos(d, dev)
    remap = [d["devices"].index(x) for x in town_rows["devices"]]
    rows = [[r[0], r[1], r[2], r[3], [None if p is None else remap[p] for p in r[4]], r[5]]
            for r in town_rows["tables"]["areas"]["rows"]]
    d["tables"]["areas"] = {"fields": town_rows["tables"]["areas"]["fields"], "rows": rows}
    good = good_person(w, d)
    before = area_dump(w)
    rep = w.merge_one(w.sign(0, d))
    assert rep["rejected"] == 0 and rep["rejected_records"] == []
    assert area_dump(w) == before
    assert w.has("persons", good)
    views_ok(w)


def test_a_crafted_area_row_attributed_to_the_township_is_refused(world):
    w = world
    d = w.changes(0)
    fake = add_row(d, "areas", {"level": "village", "name": "伪造村", "parent_id": w.ids["T"]}, device=w.ids["TOWN"])
    good = good_person(w, d)
    rep = w.merge_one(w.sign(0, d))
    assert not w.has("areas", fake)
    assert listed(w, rep, "areas", fake) == "area_record"
    assert w.has("persons", good)
    views_ok(w)


# -- 2. scope ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("attack", ["new_in_other_grid", "move_out", "edit_other_grid", "no_area"])
def test_scope(world, attack):
    w = world
    ids = w.ids
    d = w.changes(0)
    if attack == "new_in_other_grid":
        target = add_row(d, "persons", {"area_id": ids["G1"], "name": "外网格的人"})
    elif attack == "no_area":
        target = add_row(d, "persons", {"name": "没有网格的人"})
    elif attack == "move_out":
        target = ids["P0"]
        with writing(w.workers[0]) as wr:
            wr.update("persons", target, {"area_id": ids["G1"]})
        d = w.changes(0)
    else:  # a township record of grid 1, edited in grid 0's bundle
        target = ids["P1"]
        add_row(d, "persons", {"phone": "13700000000"}, rid=target, edit=True)
    good = good_person(w, d)
    rep = w.merge_one(w.sign(0, d))
    assert listed(w, rep, "persons", target) == "out_of_scope"
    if attack == "move_out":
        assert w.value("persons", target, "area_id") == ids["G0"]
    elif attack == "edit_other_grid":
        assert w.value("persons", target, "phone") is None
    else:
        assert not w.has("persons", target)
    assert w.has("persons", good)
    views_ok(w)


def test_acks_revocations_and_counters_from_a_worker_touch_no_device(world):
    w = world
    ids = w.ids
    d = w.changes(0)
    d["revoked"] = [ids["W1"], ids["TOWN"]]
    d["acks"] = {ids["W1"]: 10 ** 6}
    good = good_person(w, d)
    devices = w.device_rows()
    w1_before = w.town.execute("SELECT status, acked_seq, received_seq FROM devices WHERE device_id = ?",
                               [ids["W1"]]).fetchone()
    rep = w.merge_one(w.sign(0, d))
    assert w.has("persons", good) and rep["rejected"] == 0
    assert w.device_rows() == devices
    assert w.town.execute("SELECT status, acked_seq, received_seq FROM devices WHERE device_id = ?",
                          [ids["W1"]]).fetchone() == w1_before
    views_ok(w)


# -- 3. writer identity is bound to the signer -----------------------------------------------------------

def lookalike(device_id: str) -> str:
    return device_id[:-1] + ("0" if device_id[-1] != "0" else "1")


@pytest.mark.parametrize("who", ["township", "other_worker", "unknown", "lookalike_township", "lookalike_self"])
def test_versions_in_another_devices_name_are_refused(world, who):
    w = world
    ids = w.ids
    device = {"township": ids["TOWN"], "other_worker": ids["W1"], "unknown": uuid.uuid4().hex[:16],
              "lookalike_township": lookalike(ids["TOWN"]), "lookalike_self": lookalike(ids["W0"])}[who]
    # an edit of a township record "by" that device, with a fresh stamp the township never issued
    with writing(w.workers[0]) as wr:
        wr.update("persons", ids["P0"], {"phone": "13922223333"})
    d = w.changes(0)
    set_device(d, "persons", ids["P0"], "phone", device)
    new = add_row(d, "persons", {"area_id": ids["G0"], "name": "冒名新建"}, device=device)
    good = good_person(w, d)
    devices = w.device_rows()
    rep = w.merge_one(w.sign(0, d))
    assert not w.has("persons", new)
    assert w.value("persons", ids["P0"], "phone") == "13800000000"
    assert listed(w, rep, "persons", new) == "forged_writer"
    assert listed(w, rep, "persons", ids["P0"]) == "forged_writer"
    assert w.has("persons", good)
    assert w.device_rows() == devices, "a device id from a file was added to the township's devices"
    views_ok(w)


def test_a_forged_losing_version_is_refused(world):
    w = world
    ids = w.ids
    d = w.changes(0)
    # "the township once wrote this phone and lost": a conflict the township never had
    d["conflicts"].append(["persons", ids["P0"], "phone", "13966666666", fresh_stamp(), pos(d, ids["TOWN"]), 0])
    good = good_person(w, d)
    rep = w.merge_one(w.sign(0, d))
    assert w.town.execute("SELECT count(*) FROM conflicts").fetchone()[0] == 0
    assert listed(w, rep, "persons", ids["P0"]) == "forged_writer"
    assert w.has("persons", good)
    views_ok(w)


def test_a_planted_lookalike_device_cannot_block_revocation(world):
    """Today's prefix lookup let a bundle plant 'seen' ids that made a real device ambiguous."""
    from tests.test_sync_e2e import gk

    w = world
    ids = w.ids
    d = w.changes(1)
    # worker 1 attributes a version to an id that starts with worker 0's id
    add_row(d, "persons", {"area_id": ids["G1"], "name": "幌子"}, device=ids["W0"] + "0")
    w.merge_one(w.sign(1, d))
    w.town.conn.close()
    out = gk("keys", "revoke", "--db", w.folder / "town.db", ids["W0"], "--json")
    assert out["device_id"] == ids["W0"] and out["status"] == "revoked"
    w.town = open_db(w.folder / "town.db")


# -- 4. values ---------------------------------------------------------------------------------------

def _future(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


VALUE_CASES = [
    # (case id, table, values, reason)
    ("bad_code", "persons", {"gender": "martian"}, "bad_value"),
    ("label_not_code", "persons", {"gender": "男"}, "bad_value"),
    ("date_before_1900", "persons", {"birth_date": "1899-12-31"}, "bad_value"),
    ("date_not_a_day", "persons", {"birth_date": "2020-02-30"}, "bad_value"),
    ("date_not_iso", "persons", {"birth_date": "2000/01/01"}, "bad_value"),
    ("birth_in_future", "persons", {"birth_date": _future(3)}, "bad_value"),
    ("visit_in_future", "visits", {"date": _future(5)}, "bad_value"),
    ("int_2_63", "care_subjects", {"visit_interval": 1 << 63}, "bad_value"),
    ("int_out_of_range", "care_subjects", {"visit_interval": 3651}, "bad_value"),
    ("int_negative", "care_subjects", {"visit_interval": -1}, "bad_value"),
    ("int_float", "care_subjects", {"visit_interval": 30.5}, "bad_value"),
    ("int_as_text", "care_subjects", {"visit_interval": "30"}, "bad_value"),
    ("bool_2", "persons", {"deleted": 2}, "bad_value"),
    ("nul", "persons", {"name": "张\x00三"}, "bad_text"),
    ("long_name", "persons", {"name": "名" * 101}, "bad_text"),
    ("long_notes", "persons", {"notes": "长" * 4001}, "bad_text"),
    ("bad_id_number", "persons", {"id_number": "110105194912310021"}, "bad_value"),
    ("lowercase_id_x", "persons", {"id_number": "11010519491231002x"}, "bad_value"),
    ("bad_phone", "persons", {"phone": "12345"}, "bad_value"),
    ("unsorted_codes", "care_subjects", {"categories": '["elderly_alone","disabled"]'}, "bad_value"),
    ("unknown_code_in_list", "care_subjects", {"categories": '["martian"]'}, "bad_value"),
    ("codes_not_json", "care_subjects", {"categories": "[elderly_alone"}, "bad_value"),
    ("wrong_type", "persons", {"name": 5}, "bad_value"),
    ("untrimmed", "persons", {"name": " 张三"}, "bad_value"),
    ("empty_text", "persons", {"work": ""}, "bad_value"),
    ("malformed_ref", "persons", {"household_id": "HH-1"}, "bad_value"),
    ("required_missing", "persons", {"name": None}, "bad_value"),
]

BASE = {
    "persons": lambda ids: {"area_id": ids["G0"], "household_id": ids["HH0"], "name": "测试人"},
    "care_subjects": lambda ids: {"area_id": ids["G0"], "person_id": ids["P0"], "categories": '["elderly_alone"]'},
    "visits": lambda ids: {"area_id": ids["G0"], "person_id": ids["P0"], "date": TODAY.isoformat(), "method": "home",
                           "visitor": "王秀英"},
}


@pytest.mark.parametrize("case,table,values,reason", VALUE_CASES, ids=[c[0] for c in VALUE_CASES])
def test_invalid_values_are_refused(world, case, table, values, reason):
    w = world
    d = w.changes(0)
    vals = {k: v for k, v in {**BASE[table](w.ids), **values}.items() if v is not None}
    bad = add_row(d, table, vals)
    good = good_person(w, d)
    good_care = add_row(d, "care_subjects", {"area_id": w.ids["G0"], "person_id": good,
                                             "categories": '["disabled","elderly_alone"]', "visit_interval": 30})
    rep = w.merge_one(w.sign(0, d))
    assert not w.has(table, bad)
    assert listed(w, rep, table, bad) == reason
    assert w.has("persons", good) and w.has("care_subjects", good_care)
    views_ok(w)


def test_a_bad_edit_of_an_existing_record_is_refused_whole(world):
    w = world
    ids = w.ids
    with writing(w.workers[0]) as wr:  # the laptop's database edited by hand: a phone no editor accepts
        wr.update("persons", ids["P0"], {"phone": "123", "work": "村医"})
    d = w.changes(0)
    good = good_person(w, d)
    rep = w.merge_one(w.sign(0, d))
    assert listed(w, rep, "persons", ids["P0"]) == "bad_value"
    assert w.value("persons", ids["P0"], "phone") == "13800000000"
    assert w.value("persons", ids["P0"], "work") is None  # the record is refused whole
    assert w.has("persons", good)
    views_ok(w)


@pytest.mark.parametrize("case", ["value_without_version", "lone_surrogate", "nan"])
def test_unreadable_change_sets_are_refused_whole(world, case):
    """Some damage the parser refuses before screening (the whole file, with its own message): the
    screen refuses the same per record when handed such a change set directly (test_trust_store)."""
    from gridkeeper.store.dump import full_state_hash

    w = world
    d = w.changes(0)
    if case == "value_without_version":
        add_row(d, "persons", {"area_id": w.ids["G0"], "name": "无版本"}, unversioned={"phone": "13912345678"})
    elif case == "lone_surrogate":
        add_row(d, "persons", {"area_id": w.ids["G0"], "name": "张\ud800三"})
    else:
        add_row(d, "care_subjects", {**BASE["care_subjects"](w.ids), "visit_interval": float("nan")})
    good_person(w, d)
    before = full_state_hash(w.town)
    with pytest.raises(GridkeeperError) as e:
        merge_bundle(w.town, w.sign(0, d), backup=False)
    assert e.value.code == "bad_format"
    assert full_state_hash(w.town) == before
    views_ok(w)


# -- 5. references -------------------------------------------------------------------------------------

@pytest.mark.parametrize("attack", ["other_grids_household", "dangling_person", "wrong_table", "refused_parent",
                                    "edit_to_other_grid"])
def test_references_stay_inside_the_senders_scope(world, attack):
    w = world
    ids = w.ids
    d = w.changes(0)
    extra = None
    if attack == "other_grids_household":
        bad, table = add_row(d, "persons", {"area_id": ids["G0"], "household_id": ids["HH1"], "name": "挂错户"}), "persons"
    elif attack == "dangling_person":
        bad, table = add_row(d, "visits", {**BASE["visits"](ids), "person_id": new_id()}), "visits"
    elif attack == "wrong_table":  # a person id where a house belongs
        bad, table = add_row(d, "households", {"area_id": ids["G0"], "house_id": ids["P0"], "number": "010009"}), \
            "households"
    elif attack == "refused_parent":  # a household refused (no number) takes its new member with it
        extra = add_row(d, "households", {"area_id": ids["G0"], "address": "无户号"})
        bad, table = add_row(d, "persons", {"area_id": ids["G0"], "household_id": extra, "name": "跟着被拒"}), "persons"
    else:
        bad, table = ids["P0"], "persons"
        with writing(w.workers[0]) as wr:
            wr.update("persons", bad, {"household_id": ids["HH1"]})
        d = w.changes(0)
    # good: a new household and its member in the same bundle
    hh = add_row(d, "households", {"area_id": ids["G0"], "number": "010002"})
    member = add_row(d, "persons", {"area_id": ids["G0"], "household_id": hh, "name": "新户主"})
    rep = w.merge_one(w.sign(0, d))
    assert listed(w, rep, table, bad) == "bad_ref"
    if attack == "edit_to_other_grid":
        assert w.value("persons", bad, "household_id") == ids["HH0"]
    else:
        assert not w.has(table, bad)
    if extra:
        assert listed(w, rep, "households", extra) == "bad_value"
    assert w.has("households", hh) and w.has("persons", member)
    views_ok(w)


# -- 6. ids ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rid", ["not-a-uuid", "UPPER", "v4", "empty_ish"])
def test_malformed_ids_are_refused(world, rid):
    w = world
    rid = {"not-a-uuid": "not-a-uuid", "UPPER": new_id().upper(), "v4": str(uuid.uuid4()), "empty_ish": " "}[rid]
    d = w.changes(0)
    add_row(d, "persons", {"area_id": w.ids["G0"], "name": "坏编号"}, rid=rid)
    good = good_person(w, d)
    rep = w.merge_one(w.sign(0, d))
    assert not w.has("persons", rid)
    assert listed(w, rep, "persons", rid) == "bad_id"
    assert w.has("persons", good)
    views_ok(w)


def test_ids_are_unique_across_tables(world):
    w = world
    ids = w.ids
    d = w.changes(0)
    # a new household wearing a township person's id; and one fresh id used by two new records
    add_row(d, "households", {"area_id": ids["G0"], "number": "010003"}, rid=ids["P0"])
    twin = new_id()
    add_row(d, "houses", {"area_id": ids["G0"], "street": "东山村2组"}, rid=twin)
    add_row(d, "households", {"area_id": ids["G0"], "number": "010004"}, rid=twin)
    good = good_person(w, d)
    rep = w.merge_one(w.sign(0, d))
    assert not w.has("households", ids["P0"])
    assert listed(w, rep, "households", ids["P0"]) == "id_taken"
    assert listed(w, rep, "houses", twin) == "id_taken" and listed(w, rep, "households", twin) == "id_taken"
    assert not w.has("houses", twin) and not w.has("households", twin)
    assert w.has("persons", good)
    views_ok(w)


# -- 7. seen marks and stamps --------------------------------------------------------------------------

def test_seen_marks_above_their_stamps_are_refused(world):
    w = world
    ids = w.ids
    d = w.changes(0)
    s = fresh_stamp()
    above = add_row(d, "persons", {"area_id": ids["G0"], "name": "看见未来"}, stamp=s, seen={"name": s + 1})
    orphan = add_row(d, "persons", {"area_id": ids["G0"], "name": "看见空字段"}, seen={"phone": 5})
    good = good_person(w, d)
    rep = w.merge_one(w.sign(0, d))
    assert listed(w, rep, "persons", above) == "bad_seen"
    assert listed(w, rep, "persons", orphan) == "bad_seen"
    assert not w.has("persons", above) and not w.has("persons", orphan)
    assert w.has("persons", good)
    views_ok(w)


def test_a_huge_seen_mark_cannot_silence_future_conflicts(world):
    """A relayed version carrying seen = 2**61 would make every later concurrent edit 'causal'."""
    w = world
    ids = w.ids
    d = w.changes(0)
    row_of(d, "persons", ids["P0"])[5] = {"phone": 1 << 61}  # the township's own phone version, echoed
    rep = w.merge_one(w.sign(0, d))
    assert listed(w, rep, "persons", ids["P0"]) == "bad_seen"
    assert "phone" not in json.loads(w.town.execute("SELECT coalesce(_seen, '{}') FROM persons__ver WHERE id = ?",
                                                    [ids["P0"]]).fetchone()[0])
    # and a real concurrent edit on both sides is still a conflict to review
    R.update_record(w.town, "persons", ids["P0"], {"phone": "13922222222"})
    R.update_record(w.workers[0], "persons", ids["P0"], {"phone": "13911111111"})
    d = w.changes(0)
    rep = w.merge_one(w.sign(0, d))
    assert rep["conflicts"] == 1
    views_ok(w)


def test_a_losing_version_seen_above_its_stamp_is_refused(world):
    w = world
    ids = w.ids
    d = w.changes(0)
    s = fresh_stamp()
    d["conflicts"].append(["persons", ids["P0"], "phone", "13955555555", s - 10, pos(d, ids["W0"]), s + 10])
    good = good_person(w, d)
    rep = w.merge_one(w.sign(0, d))
    assert listed(w, rep, "persons", ids["P0"]) == "bad_seen"
    assert w.town.execute("SELECT count(*) FROM conflicts").fetchone()[0] == 0
    assert w.has("persons", good)
    views_ok(w)


# -- 8. history ----------------------------------------------------------------------------------------

def test_history_only_for_accepted_records_in_scope(world):
    w = world
    ids = w.ids
    d = w.changes(0)
    good = good_person(w, d)
    s = fresh_stamp()
    ok = json.dumps({"phone": ["13800000000", "13800000001"]}, ensure_ascii=False)
    entries = {
        "out_of_scope": [s, "王秀英", "persons", ids["P1"], "update", ok],
        "dangling": [s + 1, "王秀英", "persons", new_id(), "update", ok],
        "area": [s + 2, "王秀英", "areas", ids["G0"], "update", json.dumps({"name": ["a", "b"]})],
        "long_user": [s + 3, "王" * 150, "persons", ids["P0"], "update", ok],
        "control_user": [s + 4, "王\x1b[2J", "persons", ids["P0"], "update", ok],
        "not_object": [s + 5, "王秀英", "persons", ids["P0"], "update", "[1, 2]"],
        "unknown_field": [s + 6, "王秀英", "persons", ids["P0"], "update", json.dumps({"salary": [1, 2]})],
        "not_json": [s + 7, "王秀英", "persons", ids["P0"], "update", "{"],
        "surrogate": [s + 8, "王秀英", "persons", ids["P0"], "update", '{"name": ["a", "\\ud800"]}'],
    }
    d["history"] = list(entries.values()) + [[s + 20, "王秀英", "persons", good, "update", ok],
                                             [s + 21, "王秀英", "persons", ids["P0"], "update", ok]]
    rep = w.merge_one(w.sign(0, d))
    kept = w.town.execute("SELECT rid, stamp FROM history WHERE device = ?", [ids["W0"]]).fetchall()
    assert sorted(kept) == sorted([(good, s + 20), (ids["P0"], s + 21)])
    bad = [r for r in rep["rejected_records"] if r.get("reason") == "bad_history"]
    assert len(bad) == len(entries)
    assert w.town.execute("SELECT count(*) FROM rejected_changes WHERE reason = 'bad_history'").fetchone()[0] == len(entries)
    assert w.has("persons", good)
    views_ok(w)


# -- 9. poison in a batch ------------------------------------------------------------------------------

def test_poison_in_a_batch_refuses_records_not_the_run(world):
    w = world
    ids = w.ids
    # worker 1: an honest bundle
    R.create_record(w.workers[1], "persons", {"area_id": ids["G1"], "household_id": ids["HH1"], "name": "二网格新人"})
    honest1 = w.sign(1, w.changes(1))
    # worker 0: a poisoned bundle with good records among the bad
    d = w.changes(0)
    good = good_person(w, d)
    poison = {
        ("care_subjects", add_row(d, "care_subjects", {**BASE["care_subjects"](ids), "visit_interval": 1 << 63})):
            "bad_value",
        ("persons", add_row(d, "persons", {"area_id": ids["G0"], "name": "\x00"})): "bad_text",
        ("areas", add_row(d, "areas", {"level": "micro_grid", "name": "伪楼", "parent_id": ids["G0"]})): "area_record",
        ("persons", add_row(d, "persons", {"area_id": ids["G0"], "name": "冒名"}, device=ids["TOWN"])): "forged_writer",
        ("persons", add_row(d, "persons", {"area_id": ids["G1"], "name": "越界"})): "out_of_scope",
    }
    poisoned = w.sign(0, d)
    d2 = w.changes(0)
    d2["id"] = new_id()
    good2 = add_row(d2, "persons", {"area_id": ids["G0"], "household_id": ids["HH0"], "name": "后来的人"})
    honest0 = w.sign(0, d2)
    outcomes = w.merge(honest1, poisoned, honest0)
    assert [o["status"] for o in outcomes] == ["merged", "merged", "merged"]
    rep = outcomes[1]["report"]
    for (table, rid), reason in poison.items():
        assert listed(w, rep, table, rid) == reason
        assert not w.has(table, rid)
    assert w.has("persons", good) and w.has("persons", good2)
    assert w.town.execute("SELECT count(*) FROM persons WHERE name = '二网格新人'").fetchone()[0] == 1
    views_ok(w)


# -- the screen on honest data: nothing refused ------------------------------------------------------------

def test_demo_grids_pass_the_screen_untouched(make_db):
    """Honest data is never refused: every grid of a demo township, screened as a worker bundle."""
    from gridkeeper.store.demo import build_demo
    from gridkeeper.store.devices import scope_area_ids
    from gridkeeper.sync.changeset import ChangeSet, select_changes
    from gridkeeper.sync.merge import apply_changeset
    from gridkeeper.sync.screen import screen_changeset

    src = make_db("township", "演示")
    build_demo(src, scale="township", seed=3, villages=1)
    me = src.execute("SELECT device_id FROM devices WHERE status = 'self'").fetchone()[0]
    town = make_db("township", "乡镇")
    town_id = town.execute("SELECT device_id FROM devices WHERE status = 'self'").fetchone()[0]
    tree = select_changes(src)
    tree.tables = {"areas": tree.tables["areas"]}
    tree.conflicts, tree.history = [], []
    apply_changeset(town, ChangeSet.from_bytes(tree.to_bytes()))  # the township's own area tree
    grids = [r[0] for r in src.execute("SELECT id FROM areas WHERE level = 'grid'")]
    assert grids
    for g in grids:
        cs = ChangeSet.from_bytes(select_changes(src, area_ids=[g]).to_bytes())
        out, rejected = screen_changeset(town, cs, sender=me, scope=scope_area_ids(town, [g]), township=town_id)
        assert rejected == []
        assert out.counts() == cs.counts() and out.devices == cs.devices
        rep = apply_changeset(town, out)
        assert rep.rejected == 0 and rep.applied > 0
    assert check_database(town).ok


def test_a_grid_sent_again_passes_as_pure_echoes_without_the_record_by_record_path(make_db, monkeypatch):
    """A cumulative worker bundle re-sends what the township holds: every record is a pure echo, told
    apart in one comparison (parsed rows carry tuples, the township's versions are lists)."""
    import gridkeeper.sync.screen_table as screen_table
    from gridkeeper.store.demo import build_demo
    from gridkeeper.store.devices import scope_area_ids
    from gridkeeper.sync.changeset import ChangeSet, select_changes
    from gridkeeper.sync.merge import apply_changeset
    from gridkeeper.sync.screen import screen_changeset

    src = make_db("township", "演示")
    build_demo(src, scale="grid", seed=3)
    me = src.execute("SELECT device_id FROM devices WHERE status = 'self'").fetchone()[0]
    town = make_db("township", "乡镇")
    town_id = town.execute("SELECT device_id FROM devices WHERE status = 'self'").fetchone()[0]
    apply_changeset(town, ChangeSet.from_bytes(select_changes(src).to_bytes()))
    grid = src.execute("SELECT id FROM areas WHERE level = 'grid'").fetchone()[0]
    sent = select_changes(src, area_ids=[grid])
    del sent.tables["areas"]
    cs = ChangeSet.from_bytes(sent.to_bytes())
    assert cs.counts().get("persons")

    def not_an_echo(*args, **kwargs):
        raise AssertionError("a pure echo took the record-by-record path")

    monkeypatch.setattr(screen_table, "screen_record", not_an_echo)
    out, rejected = screen_changeset(town, cs, sender=me, scope=scope_area_ids(town, [grid]), township=town_id)
    assert rejected == [] and out.counts() == cs.counts()


def test_device_lookup_is_exact_and_prefixes_are_unambiguous(world):
    from gridkeeper.domain.errors import NotFoundError
    from gridkeeper.store.devices import get_device, revoke_device

    w = world
    ids = w.ids
    # an older database where a bundle planted look-alike 'seen' ids
    w.town.execute("INSERT INTO devices(device_id, status) VALUES (?, 'seen')", [ids["W0"] + "0"])
    assert get_device(w.town, ids["W0"])["device_id"] == ids["W0"]
    with pytest.raises(NotFoundError):
        get_device(w.town, ids["W0"][:8])  # a prefix is for typed input only
    assert get_device(w.town, ids["W0"][:8], prefix=True)["device_id"] == ids["W0"]
    with pytest.raises(NotFoundError):
        get_device(w.town, ids["W0"][:6] + "%", prefix=True)  # no LIKE wildcards
    with pytest.raises(NotFoundError):
        get_device(w.town, ids["W0"][:6] + "_", prefix=True)
    common = 0
    while ids["W0"][common] == ids["W1"][common]:
        common += 1
    if common >= 4:
        with pytest.raises(NotFoundError) as e:
            get_device(w.town, ids["W0"][:common], prefix=True)
        assert e.value.code == "ambiguous_device"
    assert revoke_device(w.town, ids["W0"][:6], prefix=True)["device_id"] == ids["W0"]
    assert w.town.execute("SELECT status FROM devices WHERE device_id = ?", [ids["W0"]]).fetchone()[0] == "revoked"


def test_the_screen_refuses_what_the_parser_already_refuses(world):
    """Defence in depth: handed such rows directly (no parser), the screen refuses them per record."""
    from gridkeeper.store.devices import scope_area_ids
    from gridkeeper.sync.changeset import ChangeSet
    from gridkeeper.sync.screen import screen_changeset

    w = world
    ids = w.ids
    d = w.changes(0)
    surrogate = add_row(d, "persons", {"area_id": ids["G0"], "name": "张\ud800三"})
    nan = add_row(d, "care_subjects", {**BASE["care_subjects"](ids), "visit_interval": float("nan")})
    unversioned = add_row(d, "persons", {"area_id": ids["G0"], "name": "无版本"}, unversioned={"phone": "13912345678"})
    huge = add_row(d, "care_subjects", {**BASE["care_subjects"](ids), "visit_interval": 1 << 70})
    good = good_person(w, d)
    cs = ChangeSet(id=d["id"], sender=d["sender"], devices=d["devices"], tables=d["tables"], seq_max=1 << 70,
                   acks={ids["TOWN"]: -5, ids["W1"]: 3}, revoked=[ids["W1"]], conflicts=d["conflicts"],
                   history=d["history"])
    out, rejected = screen_changeset(w.town, cs, sender=ids["W0"], scope=scope_area_ids(w.town, [ids["G0"]]),
                                     township=ids["TOWN"])
    reasons = {r.rid: r.reason for r in rejected}
    assert reasons == {surrogate: "bad_text", nan: "bad_value", unversioned: "bad_value", huge: "bad_value"}
    kept = {r[0] for tc in out.tables.values() for r in tc["rows"]}
    assert good in kept and not kept & set(reasons)
    assert out.seq_max == 0 and out.acks == {} and out.revoked == []
    for r in rejected:  # storable text only
        (r.rid + r.detail + (r.value or "")).encode()
