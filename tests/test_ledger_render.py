"""PDF ledgers: rendered with reportlab, read back with poppler (pdftotext, pdffonts, pdfinfo)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.ledgers.fonts import MAIN_FONT_NAME, clean_text, default_fonts
from gridkeeper.ledgers.masking import mask_id, mask_ids_in_text
from gridkeeper.ledgers.render import LedgerHeader, format_value, month_label, render_ledger

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

RARE_B = "\U00020BB7"  # 𠮷, CJK Extension B
RARE_A = "\u4DAE"  # 䶮, CJK Extension A
NO_FONT = "\U00030000"  # CJK Extension G: in no bundled font
ID1 = "110101199003071234"
ID2 = "33010619580214002X"


# --- helpers -------------------------------------------------------------------------------------

def header(**kw) -> LedgerHeader:
    values = dict(township="城关镇", village="东风村", grid="第三网格", month="2026-11", printed_on=date(2026, 11, 27))
    values.update(kw)
    return LedgerHeader(**values)


def pdftext(path, layout=True) -> str:
    """``-layout`` for pages as printed; ``-raw`` (content order) keeps each cell's lines together."""
    args = ["pdftotext", "-enc", "UTF-8", "-layout" if layout else "-raw", str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def flat(path) -> str:
    """Text in content order with all whitespace removed: wrapped cell text becomes contiguous."""
    return re.sub(r"\s+", "", pdftext(path, layout=False))


def nospace(text: str) -> str:
    """pdftotext drops the narrow spaces in "第 1 页 共 1 页"; compare without whitespace."""
    return re.sub(r"\s+", "", text)


def pdffonts(path) -> list[dict]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object-id gen
        rows.append({"name": parts[0], "emb": parts[-5], "line": line})
    return rows


def pdfinfo(path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def visit(i: int, **kw) -> dict:
    row = dict(date=date(2026, 11, 1 + i % 28), name=f"王{i:03d}", category="独居老人", address=f"东风村{i % 9 + 1}组{i}号",
               method="入户", findings=f"身体状况良好，记录{i}", needs=None, followup="按月上门", visitor="李网格")
    row.update(kw)
    return row


def care_row(i: int, **kw) -> dict:
    row = dict(name=f"赵{i:02d}", category="失能老人", level="一级", id_number=ID1 if i % 2 else ID2,
               address=f"东风村{i}号", guardian="赵大（儿子）", phone=f"139{i:08d}", last_visit=date(2026, 10, 2),
               next_due=date(2026, 11, 2), overdue=(i % 3 == 0))
    row.update(kw)
    return row


def dispute_row(i: int, **kw) -> dict:
    row = dict(number=f"TJ-2026-{i:03d}", received=date(2026, 11, 3), source="群众反映", category="邻里",
               parties=f"张三（申请人）{ID1}、李四（被申请人）", summary="宅基地边界争议", mediator="赵调解",
               steps="11月5日现场调解", result="调解成功", closed=date(2026, 11, 8), followup="11月20日回访无异议")
    row.update(kw)
    return row


def household(i: int, n_members: int) -> dict:
    return dict(household_number=f"HH{i:05d}", address=f"东风村{i}组{i}号", members=[
        dict(name=f"户{i}员{j}", gender="男" if j % 2 else "女", id_number=ID1 if j % 2 else ID2,
             relation="户主" if j == 0 else "子", residence_kind="户籍人口", phone="13800138000" if j == 0 else None)
        for j in range(n_members)])


# --- masking, formatting, validation -------------------------------------------------------------

def test_mask_id():
    assert mask_id(ID1) == "110101********1234"
    assert mask_id(ID2) == "330106********002X"
    assert mask_id(" 110101199003071234 ") == "110101********1234"
    assert mask_id("110101900307123") == "110101*****7123"  # 15-digit old style keeps its length
    assert mask_id("12345678") == "****5678"
    assert mask_id("123") == "***"
    assert mask_id(None) == "" and mask_id("") == ""


def test_mask_ids_in_free_text_only_touches_id_like_numbers():
    text = f"张三{ID1}，电话13800138000，卡号{ID1}99"
    masked = mask_ids_in_text(text)
    assert "110101********1234" in masked
    assert "13800138000" in masked  # phones are not IDs
    assert f"{ID1}99" in masked  # a longer digit run is not an ID number


def test_month_label_and_bad_months():
    assert month_label("2026-11") == "2026年11月"
    assert month_label("2026-03") == "2026年3月"
    for bad in ("2026-13", "2026-1", "202611", "", "2026-00", None):
        with pytest.raises(GridkeeperError):
            month_label(bad)


def test_format_value():
    assert format_value(None) == ""
    assert format_value(date(2026, 1, 2)) == "2026-01-02"
    assert format_value(True) == "是"
    assert format_value(["a", "b"]) == "a、b"


def test_bad_inputs_are_clear_errors(tmp_path):
    out = tmp_path / "x.pdf"
    with pytest.raises(GridkeeperError) as err:
        render_ledger("weekly", header(), [], out)
    assert err.value.code == "bad_kind"
    with pytest.raises(GridkeeperError):
        render_ledger("visits", header(month="11/2026"), [], out)
    with pytest.raises(GridkeeperError):
        render_ledger("visits", header(), [visit(1), "not a row"], out)
    with pytest.raises(GridkeeperError):
        render_ledger("households", header(), [dict(household_number="1", members="张三")], out)
    with pytest.raises(GridkeeperError) as err:
        render_ledger("visits", header(), [visit(1)], tmp_path / "no_such_dir" / "x.pdf")
    assert err.value.code == "write_failed"
    assert not out.exists()


# --- fonts ---------------------------------------------------------------------------------------

def test_font_runs_split_by_coverage():
    fonts = default_fonts(use_system=False)
    runs = fonts.runs(f"张{RARE_B}祥{RARE_A}")
    assert [r[1] for r in runs] == ["张", RARE_B, "祥", RARE_A]
    assert runs[0][0] == MAIN_FONT_NAME and runs[2][0] == MAIN_FONT_NAME
    assert runs[1][0] == "GK-RareHanB" and runs[3][0] == "GK-RareHanA"
    missing: set[str] = set()
    markup = fonts.markup(f"a<b>&{RARE_B}{NO_FONT}\n", missing)
    assert markup.startswith("a&lt;b&gt;&amp;<font name=\"GK-RareHanB\">")
    assert markup.endswith("<br/>")
    assert missing == {NO_FONT}


def test_clean_text_drops_controls_and_selectors():
    assert clean_text("a\x00b\x07c\u200bd\ufe00e\ud800f\r\ng\tz") == "abcdef\ng z"


# --- each kind -----------------------------------------------------------------------------------

def test_visits_ledger(tmp_path):
    out = tmp_path / "visits.pdf"
    rows = [visit(i) for i in range(1, 6)]
    res = render_ledger("visits", header(), rows, out)
    assert res.pages == 1 and res.rows == 5 and res.missing_glyphs == set()
    text = pdftext(out)
    for label in ("走访台账", "乡镇/街道：城关镇", "村/社区：东风村", "网格：第三网格", "2026年11月",
                  "打印日期：2026-11-27", "网格员签字", "网格长签字", "日期："):
        assert label in text, label
    assert "第1页共1页" in nospace(text)
    for row in rows:
        for key in ("name", "address", "method", "visitor"):
            assert row[key] in text
        assert row["date"].isoformat() in text
    assert "本月无" not in text
    info = pdfinfo(out)
    assert info["Title"] == "走访台账（2026年11月）"
    assert info["Author"] == "城关镇 东风村 第三网格"
    assert "含个人信息" not in info.get("Subject", "")


def test_care_roster_masks_ids_by_default_and_marks_overdue(tmp_path):
    out = tmp_path / "care.pdf"
    rows = [care_row(i) for i in range(1, 7)]
    res = render_ledger("care", header(), rows, out)
    text = pdftext(out)
    assert "重点人群花名册" in text
    assert ID1 not in text and ID2 not in text
    assert "110101********1234" in text and "330106********002X" in text
    for row in rows:
        assert row["name"] in text and row["phone"] in text
    assert text.count("逾期") == sum(r["overdue"] for r in rows) == 2
    assert "含个人信息" not in text
    assert res.rows == 6


def test_full_id_prints_numbers_and_marks_every_page(tmp_path):
    out = tmp_path / "care_full.pdf"
    rows = [care_row(i) for i in range(1, 81)]
    res = render_ledger("care", header(), rows, out, full_id=True)
    assert res.pages >= 2
    pages = pdftext(out).split("\f")[: res.pages]
    for page in pages:
        assert "含个人信息注意保管" in nospace(page)
    text = "".join(pages)
    assert ID1 in text and ID2 in text and "********" not in text
    assert pdfinfo(out)["Subject"] == "含个人信息 注意保管"


def test_disputes_ledger_masks_ids_in_free_text(tmp_path):
    out = tmp_path / "disputes.pdf"
    rows = [dispute_row(i) for i in range(1, 4)]
    render_ledger("disputes", header(), rows, out)
    text = pdftext(out)
    assert "矛盾纠纷排查调处台账" in text
    for row in rows:
        assert row["number"] in text
    assert ID1 not in text
    assert "110101********1234" in flat(out)
    render_ledger("disputes", header(), rows, out, full_id=True)
    assert ID1 in flat(out)


def test_households_one_row_per_member(tmp_path):
    out = tmp_path / "households.pdf"
    rows = [household(i, n) for i, n in enumerate([1, 3, 0, 25, 2], start=1)]
    res = render_ledger("households", header(), rows, out)
    assert res.rows == 1 + 3 + 0 + 25 + 2
    text = pdftext(out)
    assert "人口底册" in text
    for hh in rows:
        # spanned over its members; a household longer than 20 members is spanned in two chunks
        expected = 2 if len(hh["members"]) > 20 else 1
        assert text.count(hh["household_number"]) == expected
        assert text.count(hh["household_number"] + "（续）") == expected - 1
        for m in hh["members"]:
            assert m["name"] in text
    assert ID1 not in text and "110101********1234" in text


def test_empty_month_prints_a_zero_report(tmp_path):
    for kind in ("visits", "care", "disputes", "households"):
        out = tmp_path / f"{kind}.pdf"
        res = render_ledger(kind, header(village="", grid=""), [], out)
        text = pdftext(out)
        assert res.pages == 1 and res.rows == 0
        assert "本月无" in text and "网格员签字" in text and "第1页共1页" in nospace(text)
        assert "村/社区" not in text  # empty header parts are left out


def test_multipage_ledger_numbers_pages_and_repeats_header(tmp_path):
    out = tmp_path / "big.pdf"
    rows = [visit(i) for i in range(1, 301)]
    res = render_ledger("visits", header(), rows, out)
    assert res.pages > 3
    pages = pdftext(out).split("\f")[: res.pages]
    assert len(pages) == res.pages
    for n, page in enumerate(pages, start=1):
        assert f"第{n}页共{res.pages}页" in nospace(page)
        assert "走访台账" in page
        for label in ("序号", "走访日期", "走访对象", "走访情况", "走访人"):
            assert label in page, (n, label)
    text = "".join(pages)
    for row in rows:
        assert row["name"] in text
    assert "网格员签字" in pages[-1]


# --- fonts in the PDF ----------------------------------------------------------------------------

def test_all_fonts_embedded(tmp_path):
    out = tmp_path / "v.pdf"
    render_ledger("visits", header(), [visit(1)], out)
    fonts = pdffonts(out)
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts
    assert all("WenQuanYiMicroHei" in f["name"] for f in fonts)


def test_rare_characters_use_embedded_fallbacks(tmp_path):
    out = tmp_path / "rare.pdf"
    res = render_ledger("visits", header(grid=f"{RARE_A}网格"), [visit(1, name=f"张{RARE_B}"),
                                                              visit(2, name=f"刘{RARE_A}")], out)
    assert res.missing_glyphs == set()
    fonts = pdffonts(out)
    names = " ".join(f["name"] for f in fonts)
    assert "GridkeeperRareHanB" in names and "GridkeeperRareHanA" in names
    assert all(f["emb"] == "yes" for f in fonts)
    text = pdftext(out)
    assert f"张{RARE_B}" in text and f"刘{RARE_A}" in text
    assert "无可用字体" not in text


def test_characters_without_any_font_are_footnoted(tmp_path):
    out = tmp_path / "missing.pdf"
    res = render_ledger("visits", header(), [visit(1, name=f"王{NO_FONT}")], out,
                        fonts=default_fonts(use_system=False))
    assert res.missing_glyphs == {NO_FONT}
    text = pdftext(out)
    assert "注：以下字符无可用字体" in text and "U+30000" in text


def test_long_text_wraps_and_nothing_is_lost(tmp_path):
    out = tmp_path / "long.pdf"
    summary = "".join(f"第{i}段：双方因土地承包经营权流转合同履行问题发生争议，经多次协商未果。" for i in range(12))
    res = render_ledger("disputes", header(), [dispute_row(1, summary=summary)], out)
    assert res.pages == 1
    assert summary in flat(out)
    lines_with_summary = [ln for ln in pdftext(out).splitlines() if "段" in ln]
    assert len(lines_with_summary) > 5  # wrapped over many lines, not cut off


def test_row_taller_than_a_page_is_split_not_cut(tmp_path):
    out = tmp_path / "huge.pdf"
    steps = "".join(f"[{i:03d}]11月{i % 28 + 1}日再次组织双方调解，未达成一致意见。" for i in range(250))
    res = render_ledger("disputes", header(), [dispute_row(1), dispute_row(2, steps=steps), dispute_row(3)], out)
    assert res.pages > 2
    text = flat(out)
    found = set(re.findall(r"\[(\d{3})\]", text))
    assert found == {f"{i:03d}" for i in range(250)}
    assert "TJ-2026-003" in text


def test_markup_characters_and_control_characters_are_printed_safely(tmp_path):
    out = tmp_path / "esc.pdf"
    rows = [visit(1, name="<b>A&B</b>", findings="x\x00y\x1bz\ud800 换行\n第二行", needs='<font name="x">')]
    render_ledger("visits", header(), rows, out)
    text = pdftext(out)
    assert "<b>A&B</b>" in text
    assert '<font name="x">' in text
    assert "xyz" in text and "第二行" in text
