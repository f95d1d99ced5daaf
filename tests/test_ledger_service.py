"""Monthly ledgers end to end: store rows → print_ledger → PDF, read back with poppler."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.ledgers.masking import mask_id
from gridkeeper.ledgers.service import print_ledger
from gridkeeper.store import ledger_rows as L
from gridkeeper.store.records import create_record, update_record

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

TODAY = date.today()
MONTH = f"{TODAY:%Y-%m}"
RARE = "\U00020BB7祥"  # 𠮷祥: 𠮷 is outside the BMP and outside the main font


def flat(path) -> str:
    """Text in content order, whitespace removed (wrapped cells become contiguous)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", out)


def pdf_pages(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def font_names(path) -> list[str]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        rows.append((parts[0], parts[-5]))
    return rows


def ns(s) -> str:
    return re.sub(r"\s+", "", str(s))


@pytest.fixture
def db(grid_demo_db):
    return grid_demo_db


def grid_id(db) -> str:
    return db.execute("SELECT id FROM areas WHERE level = 'grid'").fetchone()[0]


# -- each kind for the current month ------------------------------------------------------------

def test_visits_ledger_prints_every_visit_of_the_month(db, tmp_path):
    rows = L.visit_rows(db, MONTH, grid_id(db))
    assert rows, "the demo has visits this month"
    res = print_ledger(db, kind="visits", month=MONTH, out=tmp_path / "v.pdf")
    assert res["rows"] == len(rows) and res["pages"] == pdf_pages(tmp_path / "v.pdf")
    text = flat(tmp_path / "v.pdf")
    for r in rows:
        assert r["date"].startswith(MONTH)
        for key in ("date", "name", "method", "visitor", "category"):
            assert ns(r[key]) in text, (key, r[key])
    assert "走访台账" in text and "网格员签字" in text and "第三网格" in text and "东山村" in text


def test_care_roster_masks_ids_and_marks_overdue(db, tmp_path):
    rows = L.care_rows(db, MONTH, grid_id(db))
    assert len(rows) > 10
    res = print_ledger(db, kind="care", month=MONTH, out=tmp_path / "c.pdf")
    text = flat(tmp_path / "c.pdf")
    assert res["rows"] == len(rows)
    for r in rows:
        assert ns(r["name"]) in text
        assert mask_id(r["id_number"]) in text
        assert r["id_number"] not in text
        assert r["next_due"] in text
    overdue = [r for r in rows if r["overdue"]]
    assert text.count("逾期") >= len(overdue)
    # with --full-id the whole numbers are there, and the page says so
    print_ledger(db, kind="care", month=MONTH, out=tmp_path / "full.pdf", full_id=True)
    full = flat(tmp_path / "full.pdf")
    assert all(r["id_number"] in full for r in rows)
    assert "含个人信息注意保管" in full


def test_disputes_ledger(db, tmp_path):
    rows = L.dispute_rows(db, MONTH, grid_id(db))
    assert rows
    print_ledger(db, kind="disputes", month=MONTH, out=tmp_path / "d.pdf")
    text = flat(tmp_path / "d.pdf")
    for r in rows:
        for key in ("number", "received", "category", "summary"):
            assert ns(r[key]) in text, (key, r[key])
        assert "（申请人）" in r["parties"] and "（被申请人）" in r["parties"]
        for party in r["parties"].split("\n"):
            assert ns(party) in text
    # party ID numbers never leak, even though the store has them
    for (idn,) in db.execute("SELECT id_number FROM dispute_parties WHERE id_number IS NOT NULL"):
        assert idn not in text


def test_households_roster_multi_page(db, tmp_path):
    rows = L.household_rows(db, MONTH, grid_id(db))
    members = sum(len(h["members"]) for h in rows)
    res = print_ledger(db, kind="households", month=MONTH, out=tmp_path / "h.pdf")
    assert res["rows"] == members
    n = pdf_pages(tmp_path / "h.pdf")
    assert n > 1 and res["pages"] == n
    text = flat(tmp_path / "h.pdf")
    assert f"第1页共{n}页" in text and f"第{n}页共{n}页" in text
    for h in rows:
        assert h["household_number"] in text
        for m in h["members"]:
            assert ns(m["name"]) in text and mask_id(m["id_number"]) in text
    # head of household first
    assert all(h["members"][0]["relation"] == "户主" for h in rows if h["members"])


def test_empty_month_prints_benyuewu(db, tmp_path):
    assert L.visit_rows(db, "2020-01") == []
    res = print_ledger(db, kind="visits", month="2020-01", out=tmp_path / "e.pdf")
    assert res["rows"] == 0 and res["pages"] == 1
    text = flat(tmp_path / "e.pdf")
    assert "本月无" in text and "2020年1月" in text and "第1页共1页" in text


def test_rare_name_in_care_roster_uses_embedded_fallback(db, tmp_path):
    gid = grid_id(db)
    hh = db.execute("SELECT id FROM households WHERE area_id = ? LIMIT 1", [gid]).fetchone()[0]
    pid = create_record(db, "persons", {"name": RARE, "household_id": hh, "gender": "male", "relation": "other"})
    create_record(db, "care_subjects", {"person_id": pid, "categories": ["elderly_alone"], "level": "high",
                                        "since": (TODAY - timedelta(days=40)).isoformat()})
    rows = L.care_rows(db, MONTH, gid)
    mine = [r for r in rows if r["name"] == RARE]
    assert mine and mine[0]["overdue"] is True   # since + 7 days, never visited
    res = print_ledger(db, kind="care", month=MONTH, out=tmp_path / "rare.pdf")
    assert res["missing_glyphs"] == []
    assert RARE in flat(tmp_path / "rare.pdf")
    fonts = font_names(tmp_path / "rare.pdf")
    rare_fonts = [(name, emb) for name, emb in fonts if "RareHan" in name]
    assert rare_fonts and all(emb == "yes" for _n, emb in rare_fonts), fonts
    assert all(emb == "yes" for _n, emb in fonts), fonts


# -- which rows belong to a month ---------------------------------------------------------------

def test_care_roster_window_and_due_rules(db):
    gid = grid_id(db)
    hh = db.execute("SELECT id FROM households WHERE area_id = ? LIMIT 1", [gid]).fetchone()[0]

    def subject(name, **values):
        pid = create_record(db, "persons", {"name": name, "household_id": hh})
        return create_record(db, "care_subjects", dict({"person_id": pid, "categories": ["disabled"],
                                                        "visit_interval": 30}, **values))

    subject("早退出", since="2024-01-01", until="2024-05-31")
    subject("六月纳入", since="2024-06-15")
    subject("六月一日退出", since="2024-01-01", until="2024-06-01")
    subject("月末纳入", since="2024-06-30")
    subject("七月纳入", since="2024-07-01")
    visited = subject("有走访", since="2024-01-01")
    create_record(db, "visits", {"care_subject_id": visited, "date": "2024-06-02", "method": "home", "visitor": "甲"})
    create_record(db, "visits", {"care_subject_id": visited, "date": "2024-07-20", "method": "phone", "visitor": "甲"})
    rows = {r["name"]: r for r in L.care_rows(db, "2024-06", gid, today=TODAY)}
    assert "早退出" not in rows and "七月纳入" not in rows
    assert "六月一日退出" in rows and "月末纳入" in rows   # boundaries belong to the month
    # never visited: due at once (the app's due-list rule), so not visited by the month end is overdue
    assert rows["六月纳入"]["last_visit"] == "" and rows["六月纳入"]["next_due"] == "2024-06-15"
    assert rows["六月纳入"]["overdue"] is True
    assert rows["有走访"]["last_visit"] == "2024-06-02"          # the July visit is after the month
    assert rows["有走访"]["next_due"] == "2024-07-02" and rows["有走访"]["overdue"] is False
    may = {r["name"]: r for r in L.care_rows(db, "2024-05", gid, today=TODAY)}
    assert "早退出" in may and "六月纳入" not in may
    assert may["有走访"]["next_due"] == "2024-01-01" and may["有走访"]["overdue"] is True
    visits = L.visit_rows(db, "2024-06", gid)
    assert [v["name"] for v in visits] == ["有走访"] and visits[0]["method"] == "入户"
    assert visits[0]["category"] == "残疾人"


def test_dispute_month_window(db):
    gid = grid_id(db)

    def dispute(number, received, **values):
        return create_record(db, "disputes", dict({"area_id": gid, "number": number, "received": received,
                                                   "source": "reported", "category": "neighbour",
                                                   "summary": "排水纠纷", "status": "received"}, **values))

    dispute("A-old-closed", "2024-01-05", status="resolved", agreement="已和解", closed="2024-02-10")
    dispute("B-open", "2024-01-20")
    dispute("E-closed-march-1", "2024-01-07", status="resolved", agreement="和解", closed="2024-03-01")
    dispute("F-received-march-31", "2024-03-31")
    dispute("G-received-april-1", "2024-04-01")
    dispute("C-closed-in-march", "2024-02-01", status="resolved", agreement="赔偿 500 元", closed="2024-03-05")
    late = dispute("D-received-in-march", "2024-03-10")
    create_record(db, "dispute_steps", {"dispute_id": late, "date": "2024-03-12", "content": "上门调解"})
    create_record(db, "dispute_steps", {"dispute_id": late, "date": "2024-04-02", "content": "再次调解"})
    update_record(db, "disputes", late, {"status": "resolved", "agreement": "签订协议", "closed": "2024-04-02",
                                         "followup_date": "2024-05-02", "followup_result": "已履行",
                                         "satisfaction": "satisfied"})
    rows = {r["number"]: r for r in L.dispute_rows(db, "2024-03", gid)}
    assert set(rows) >= {"B-open", "C-closed-in-march", "D-received-in-march"}
    assert "A-old-closed" not in rows and "G-received-april-1" not in rows
    assert "E-closed-march-1" in rows and "F-received-march-31" in rows
    assert rows["C-closed-in-march"]["result"] == "调解成功：赔偿 500 元"
    assert rows["C-closed-in-march"]["closed"] == "2024-03-05"
    # as it stood at the end of March: one step, still mediating, no result or follow-up yet
    d = rows["D-received-in-march"]
    assert d["steps"] == "03-12 上门调解" and d["result"] == "调解中" and d["closed"] == "" and d["followup"] == ""
    april = {r["number"]: r for r in L.dispute_rows(db, "2024-05", gid)}
    assert "D-received-in-march" not in april
    done = {r["number"]: r for r in L.dispute_rows(db, "2024-04", gid)}["D-received-in-march"]
    assert done["steps"] == "03-12 上门调解\n04-02 再次调解" and done["result"] == "调解成功：签订协议"
    assert done["followup"] == ""    # the follow-up is in May
    assert L.dispute_rows(db, "2024-02", gid)[0]["number"] == "A-old-closed"


def test_area_scope_and_header(db, tmp_path):
    town = db.execute("SELECT id, name FROM areas WHERE level = 'township'").fetchone()
    village = db.execute("SELECT id, name FROM areas WHERE level = 'village'").fetchone()
    micro = db.execute("SELECT id FROM areas WHERE level = 'micro_grid'").fetchone()[0]
    assert L.header_fields(db, town[0]) == {"township": town[1], "village": "", "grid": ""}
    assert L.header_fields(db, village[0])["village"] == village[1]
    assert L.header_fields(db, micro)["grid"].endswith("微网格")
    # the whole township and the one grid hold the same visits in the grid demo; the micro-grid none
    assert len(L.visit_rows(db, MONTH, town[0])) == len(L.visit_rows(db, MONTH, grid_id(db)))
    assert L.visit_rows(db, MONTH, micro) == []
    res = print_ledger(db, kind="disputes", month=MONTH, area_id=town[0], out=tmp_path / "t.pdf")
    text = flat(tmp_path / "t.pdf")
    assert town[1] in text and "网格：" not in text and res["area"] == town[0]


# -- bad input: a clear error, nothing written ---------------------------------------------------

@pytest.mark.parametrize("kwargs, code", [
    (dict(kind="visits", month="2026-13"), "bad_month"),
    (dict(kind="visits", month="26-11"), "bad_month"),
    (dict(kind="visits", month=""), "bad_month"),
    (dict(kind="visits", month=f"{TODAY.year + 1}-01"), "bad_month"),
    (dict(kind="visits", month=MONTH, area_id="no-such-area"), "no_area"),
    (dict(kind="visitz", month=MONTH), "bad_kind"),
])
def test_bad_input_writes_nothing(db, tmp_path, kwargs, code):
    out = tmp_path / "x.pdf"
    with pytest.raises(GridkeeperError) as e:
        print_ledger(db, out=out, **kwargs)
    assert e.value.code == code
    assert e.value.zh and e.value.en
    assert list(tmp_path.glob("*.pdf")) == [] and not list(tmp_path.glob(".gk-ledger-*"))


def test_deleted_area_is_unknown_and_bad_output_folder(db, tmp_path):
    micro = db.execute("SELECT id FROM areas WHERE level = 'micro_grid'").fetchone()[0]
    from gridkeeper.store.records import delete_record

    delete_record(db, "areas", micro)
    with pytest.raises(GridkeeperError) as e:
        print_ledger(db, kind="care", month=MONTH, area_id=micro, out=tmp_path / "x.pdf")
    assert e.value.code == "no_area"
    with pytest.raises(GridkeeperError) as e:
        print_ledger(db, kind="care", month=MONTH, out=tmp_path / "missing" / "x.pdf")
    assert e.value.code == "bad_out"
    with pytest.raises(GridkeeperError) as e:
        print_ledger(db, kind="care", month=MONTH, out=tmp_path)
    assert e.value.code == "bad_out"


def test_failed_write_keeps_the_earlier_file(db, tmp_path, monkeypatch):
    out = tmp_path / "c.pdf"
    out.write_bytes(b"earlier")
    import gridkeeper.ledgers.service as service

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(service, "render_ledger", boom)
    with pytest.raises(GridkeeperError) as e:
        print_ledger(db, kind="care", month=MONTH, out=out)
    assert e.value.code == "write_failed"
    assert out.read_bytes() == b"earlier" and not list(tmp_path.glob(".gk-ledger-*"))
