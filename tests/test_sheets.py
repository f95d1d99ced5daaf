"""Spreadsheet file layer: header detection, cell normalisers, xlsx/csv reading and writing.

Every test builds real files in tmp_path (openpyxl for .xlsx, raw bytes for .csv) that carry the
traps found in rosters from the field.
"""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pytest

from gridkeeper.domain.errors import GridkeeperError
from gridkeeper.domain.lang import set_language
from gridkeeper.sheets import (
    CellError,
    FIELD_LABELS_EN,
    FIELD_LABELS_ZH,
    FIELDS,
    clean_text,
    column_kind,
    match_header,
    normalize_gender,
    normalize_id_number,
    normalize_phone,
    parse_date,
    read_sheet,
    write_sheet,
)

ID1 = "11010119900307123X"
ID2 = "110101199003071234"


@pytest.fixture(autouse=True)
def _chinese():
    set_language("zh")
    yield
    set_language("zh")


# ---------------------------------------------------------------- columns


@pytest.mark.parametrize("text,field", [
    ("姓名", "name"), ("姓　名", "name"), (" 姓 名 ", "name"), ("Name", "name"), ("ＮＡＭＥ", "name"),
    ("公民身份号码", "id_number"), ("身份证号码（必填）", "id_number"), ("*身份证号：", "id_number"),
    ("身份证号码(必填)*", "id_number"), ("ID Number", "id_number"), ("id_number", "id_number"),
    ("National ID", "id_number"), ("户号", "household_number"), ("Household No.", "household_number"),
    ("household number", "household_number"), ("出生年月", "birth_date"), ("Date of Birth", "birth_date"),
    ("出生日期\n(yyyy-mm-dd)", "birth_date"), ("手机号码", "phone"), ("Mobile", "phone"),
    ("与户主关系", "relation"), ("Relationship", "relation"), ("居住地址", "address"),
    ("人员类型", "residence_kind"), ("Resident Type", "residence_kind"), ("所属网格", "area"),
    ("Grid", "area"), ("特殊人群类别", "care_category"), ("Care Category", "care_category"),
    ("备注:", "notes"), ("Remarks", "notes"), ("人员状态", "status"), ("职业", "work"),
    ("Occupation", "work"), ("联系人", "guardian"), ("等级", "care_level"), ("性别", "gender"),
    ("Sex", "gender"), ("民族", "ethnicity"),
])
def test_match_header_aliases(text, field):
    assert match_header(text) == field


@pytest.mark.parametrize("text", ["序号", "", None, "身份证号码备注", "名字", "年龄", "123"])
def test_match_header_unknown(text):
    assert match_header(text) is None


def test_field_labels_cover_every_field():
    assert set(FIELD_LABELS_ZH) == set(FIELD_LABELS_EN) == set(FIELDS)
    assert FIELD_LABELS_ZH["id_number"] == "公民身份号码"
    assert FIELD_LABELS_EN["id_number"] == "ID Number"
    for f in FIELDS:  # every display header reads back as its own field
        assert match_header(FIELD_LABELS_ZH[f]) == f
        assert match_header(FIELD_LABELS_EN[f]) == f


# ---------------------------------------------------------------- cells


def test_clean_text():
    assert clean_text(None) == ""
    assert clean_text("\u3000 张\u00a0 三 \n 丰\t") == "张 三 丰"
    assert clean_text("\ufeff王五\u200b") == "王五"
    assert clean_text(12.0) == "12"
    assert clean_text(12.5) == "12.5"
    assert clean_text(dt.datetime(2023, 5, 1)) == "2023-05-01"
    assert clean_text("𠮷") == "𠮷"


@pytest.mark.parametrize("raw,text,lost", [
    (110101199003071234, ID2, False),                     # exact int (written by a program)
    (1.10101199003071e17, "110101199003071000", True),    # Excel number: 15 digits kept
    (110101199003071234.0, "110101199003071230", True),   # float cannot hold 18 digits
    ("1.10101199003071E+17", "110101199003071000", True),  # CSV saved by Excel
    (ID2 + "  ", ID2, False),
    ("１１０１０１１９９００３０７１２３ｘ", ID1, False),    # full-width digits and x
    ("\u3000110101 19900307 123x\u00a0", ID1, False),
    ("'" + ID2, ID2, False),
    ('="' + ID2 + '"', ID2, False),
    (110101900307123.0, "110101900307123", False),        # 15-digit first-generation number
    (None, "", False),
])
def test_normalize_id_number(raw, text, lost):
    got = normalize_id_number(raw)
    assert isinstance(got, str)
    assert got == text
    assert got.digits_lost is lost
    if lost:
        assert "Excel" in got.problem and "丢失" in got.problem


@pytest.mark.parametrize("raw,phone", [
    ("138 0013 8000", "13800138000"), ("138-0013-8000", "13800138000"),
    ("+86 138 0013 8000", "13800138000"), ("１３８００１３８０００", "13800138000"),
    (13800138000, "13800138000"), (13800138000.0, "13800138000"),
    ("0571-8888 8888", "0571-88888888"), ("(0571)88888888", "0571-88888888"),
    ("０５７１－８８８８８８８８", "0571-88888888"), ("010 12345678", "010-12345678"),
    ("0571-88888888-123", "0571-88888888-123"),
    ("13800138000/0571-8888 8888", "13800138000/0571-88888888"),
    ("13800138000、13900139000", "13800138000/13900139000"),
    (None, ""), ("  ", ""),
])
def test_normalize_phone(raw, phone):
    assert normalize_phone(raw) == phone


@pytest.mark.parametrize("raw,day", [
    (dt.date(2023, 5, 1), dt.date(2023, 5, 1)),
    (dt.datetime(2023, 5, 1, 14, 30), dt.date(2023, 5, 1)),
    (45047, dt.date(2023, 5, 1)), (45047.75, dt.date(2023, 5, 1)),
    (32939, dt.date(1990, 3, 7)),
    (1, dt.date(1900, 1, 1)), (59, dt.date(1900, 2, 28)), (61, dt.date(1900, 3, 1)),
    ("2023-05-01", dt.date(2023, 5, 1)), ("2023/5/1", dt.date(2023, 5, 1)),
    ("2023.5.1", dt.date(2023, 5, 1)), ("2023年5月1日", dt.date(2023, 5, 1)),
    ("2023 年 5 月 1 号", dt.date(2023, 5, 1)), ("20230501", dt.date(2023, 5, 1)),
    (20230501, dt.date(2023, 5, 1)), ("２０２３年５月１日", dt.date(2023, 5, 1)),
    ("２０２３．０５．０１", dt.date(2023, 5, 1)), ("2023-05-01 00:00:00", dt.date(2023, 5, 1)),
    (" 2024-02-29 ", dt.date(2024, 2, 29)), ("45047", dt.date(2023, 5, 1)),
    (None, None), ("", None), ("\u3000", None),
])
def test_parse_date(raw, day):
    assert parse_date(raw) == day


@pytest.mark.parametrize("raw,words", [
    ("2023.2.30", "不存在"), ("2023-02-29", "不存在"), ("2023-13-01", "不存在"),
    (60, "1900-02-29"), ("abc", "无法识别"), ("5/1/2023", "无法识别"), ("1990.03", "缺少日"),
    ("1990", "无法识别"), (0, "不是有效"), (-5, "不是有效"), (1e9, "不是有效"), (True, "无法识别"),
])
def test_parse_date_rejects(raw, words):
    with pytest.raises(ValueError) as info:
        parse_date(raw)
    assert isinstance(info.value, CellError)
    assert words in str(info.value)
    assert info.value.en  # an English message is always there too


def test_parse_date_year_month_when_allowed():
    assert parse_date("1990年3月", allow_year_month=True) == dt.date(1990, 3, 1)


@pytest.mark.parametrize("raw,gender", [
    ("男", "male"), ("女", "female"), ("男性", "male"), ("M", "male"), ("f", "female"),
    ("Female", "female"), (" male ", "male"), (1, "male"), (2.0, "female"), ("２", "female"),
    (None, None), ("", None),
])
def test_normalize_gender(raw, gender):
    assert normalize_gender(raw) == gender


@pytest.mark.parametrize("raw", ["未知", "x", 3, "男女"])
def test_normalize_gender_rejects(raw):
    with pytest.raises(ValueError, match="性别"):
        normalize_gender(raw)


# ---------------------------------------------------------------- reading xlsx


def _trap_workbook(path):
    """A roster as it arrives from a village office: every trap in one sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "人口信息"
    ws["A1"] = "某某镇某某村人口信息登记表"
    ws.merge_cells("A1:I1")
    # row 2 blank
    ws.append([])
    ws.append(["序号", "户号", "姓　名", "性别", "身份证号码（必填）", "出生日期", "联系电话",
               "现住址", "说明"])  # row 3; "说明" is unknown
    ws.append([1, "0001", "张三", "男", 987654321, 32939, 13800138000,
               "一组 12 号", "x"])  # row 4: ID as a number (made exact below), date as serial
    ws.append([2, None, "李四", "女", 1.10101199003071e17, "2023.5.1", "138 0013 8000 ",
               None, None])  # row 5: float ID losing digits; 户号 merged from row 4
    ws.append([3, "0002", "王　五 ", "M", "  １１０１０１１９９００３０７１２３ｘ\u3000",
               "2023年5月1日", "0571-8888 8888", "二组", None])  # row 6: full-width + spaces
    ws.append([])  # row 7: blank row in the middle
    ws.append([4, "0003", "𠮷祥", "女", ID2 + "   ", dt.datetime(2023, 5, 1), None, "三组",
               None])  # row 8: real date, trailing spaces
    ws.append([5, None, None, None, None, None, None, None, None])  # row 9: only 序号 filled
    for r in range(10, 13):
        ws.cell(r, 1).value = r - 4  # pre-numbered template rows without data
    ws.cell(14, 3).value = "   "  # a whitespace-only cell far below
    ws.merge_cells("B4:B5")  # 户号 merged over the two members of household 0001
    ws["B4"] = "0001"
    wb.save(path)
    # openpyxl (like Excel) stores numbers with at most 16-17 significant digits; some other
    # programs write exact integers. Make row 4's ID such an exact 18-digit integer.
    _patch_xlsx(path, "xl/worksheets/sheet1.xml",
                b"<v>987654321</v>", b"<v>110101199003071234</v>")


def _patch_xlsx(path, member, old, new):
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    assert old in parts[member]
    parts[member] = parts[member].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def test_read_xlsx_with_traps(tmp_path):
    path = tmp_path / "roster.xlsx"
    _trap_workbook(path)
    table = read_sheet(path)
    assert table.sheet_name == "人口信息"
    assert table.header_row == 3
    assert table.columns[:3] == ["序号", "户号", "姓 名"]
    assert table.fields == [None, "household_number", "name", "gender", "id_number",
                            "birth_date", "phone", "address", None]
    assert table.unknown_columns == ["序号", "说明"]
    assert [r.row_number for r in table.rows] == [4, 5, 6, 8]
    r4, r5, r6, r8 = (r.values for r in table.rows)

    assert r5["household_number"] == "0001"  # filled down from the merged cell
    assert set(r4) == {"household_number", "name", "gender", "id_number", "birth_date", "phone",
                       "address"}

    ids = [normalize_id_number(r["id_number"]) for r in (r4, r5, r6, r8)]
    assert ids == [ID2, "110101199003071000", ID1, ID2]
    assert [i.digits_lost for i in ids] == [False, True, False, False]

    dates = [parse_date(r["birth_date"]) for r in (r4, r5, r6, r8)]
    assert dates == [dt.date(1990, 3, 7), dt.date(2023, 5, 1), dt.date(2023, 5, 1),
                     dt.date(2023, 5, 1)]
    assert [normalize_phone(r["phone"]) for r in (r4, r5, r6, r8)] == [
        "13800138000", "13800138000", "0571-88888888", ""]
    assert clean_text(r6["name"]) == "王 五"
    assert r8["name"] == "𠮷祥"
    assert [normalize_gender(r["gender"]) for r in (r4, r5, r6, r8)] == [
        "male", "female", "male", "female"]


def test_read_xlsx_number_id_written_by_openpyxl_loses_digits(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号"])
    wb.active.append(["张三", 110101199003071234])  # stored as 1.101011990030712e+17
    wb.save(tmp_path / "n.xlsx")
    got = normalize_id_number(read_sheet(tmp_path / "n.xlsx").rows[0].values["id_number"])
    assert got.digits_lost and got != ID2


def test_read_xlsx_english_headers_and_sheet_choice(tmp_path):
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "填表说明"
    notes["A1"] = "请按模板填写，身份证号请设为文本格式"
    data = wb.create_sheet("Data")
    data.append(["Household No", "Name", "Sex", "ID Number", "Date of Birth", "Mobile"])
    data.append(["H1", "Zhang San", "F", ID1, "2001-02-03", "13800138000"])
    wb.save(tmp_path / "en.xlsx")
    table = read_sheet(tmp_path / "en.xlsx")
    assert table.sheet_name == "Data"
    assert table.header_row == 1
    assert table.rows[0].row_number == 2
    assert table.rows[0].values["gender"] == "F"
    assert table.rows[0].values["birth_date"] == "2001-02-03"
    assert read_sheet(tmp_path / "en.xlsx", sheet="Data").sheet_name == "Data"
    with pytest.raises(GridkeeperError) as info:
        read_sheet(tmp_path / "en.xlsx", sheet="填表说明")
    assert info.value.code == "no_header"
    with pytest.raises(GridkeeperError) as info:
        read_sheet(tmp_path / "en.xlsx", sheet="Nope")
    assert info.value.code == "no_sheet" and "填表说明" in str(info.value)


def test_read_xlsx_mapping_override(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["居民名字", "身份证", "联系电话", "网格"])
    wb.active.append(["赵六", ID2, "13800138000", "一网格"])
    wb.save(tmp_path / "m.xlsx")
    # without a mapping "居民名字" is unknown
    assert read_sheet(tmp_path / "m.xlsx").fields == [None, "id_number", "phone", "area"]
    table = read_sheet(tmp_path / "m.xlsx", mapping={"居民名字": "name", "网格": None})
    assert table.fields == ["name", "id_number", "phone", None]
    assert table.rows[0].values == {"name": "赵六", "id_number": ID2, "phone": "13800138000"}
    with pytest.raises(GridkeeperError) as info:
        read_sheet(tmp_path / "m.xlsx", mapping={"居民名字": "nickname"})
    assert info.value.code == "bad_mapping"


def test_read_xlsx_duplicate_columns(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "公民身份号码"])
    wb.active.append(["赵六", ID2, ID2])
    wb.save(tmp_path / "dup.xlsx")
    with pytest.raises(GridkeeperError) as info:
        read_sheet(tmp_path / "dup.xlsx")
    err = info.value
    assert err.code == "duplicate_column"
    assert "B" in err.zh and "C" in err.zh and "重复" in err.zh
    assert "duplicate" in err.en


def test_read_xlsx_header_must_be_near_the_top(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.cell(16, 1).value = "姓名"
    ws.cell(16, 2).value = "身份证号"
    wb.save(tmp_path / "deep.xlsx")
    with pytest.raises(GridkeeperError) as info:
        read_sheet(tmp_path / "deep.xlsx")
    assert info.value.code == "no_header"


def test_read_progress_is_reported(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号"])
    for i in range(2500):
        wb.active.append([f"人{i}", ID2])
    wb.save(tmp_path / "p.xlsx")
    seen = []
    table = read_sheet(tmp_path / "p.xlsx", progress=seen.append)
    assert len(table.rows) == 2500
    assert seen == [1000, 2000, 2500]


# ---------------------------------------------------------------- reading csv


CSV_TEXT = ("人口信息表,,,\r\n"
            ",,,\r\n"
            "姓名,身份证号码,出生日期,联系电话,备注\r\n"
            "张三,11010119900307123x ,2023.5.1,138 0013 8000,\r\n"
            "𠮷祥,１１０１０１１９９００３０７１２３４,2023年5月1日,,\"多行\n备注\"\r\n"
            ",,,,\r\n"
            "李四,1.10101199003071E+17,45047,0571-8888 8888,ok\r\n"
            ",,,,\r\n,,,,\r\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_read_csv_encodings(tmp_path, encoding):
    path = tmp_path / f"r-{encoding}.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    table = read_sheet(path)
    assert table.header_row == 3
    assert table.fields == ["name", "id_number", "birth_date", "phone", "notes"]
    assert table.columns[0] == "姓名"  # no BOM left on the first header
    assert [r.row_number for r in table.rows] == [4, 5, 7]
    a, b, c = (r.values for r in table.rows)
    assert b["name"] == "𠮷祥"
    assert b["phone"] is None  # blank CSV cells are None, like blank xlsx cells
    assert b["notes"] == "多行\n备注"
    assert normalize_id_number(a["id_number"]) == ID1
    assert normalize_id_number(b["id_number"]) == ID2
    assert normalize_id_number(c["id_number"]).digits_lost
    assert [parse_date(r.values["birth_date"]) for r in table.rows] == [dt.date(2023, 5, 1)] * 3


def test_read_csv_gbk_text_that_is_not_utf8(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("户号,姓名,性别\r\n0001,欧阳娜娜,女\r\n".encode("gbk"))
    table = read_sheet(path)
    assert table.rows[0].values == {"household_number": "0001", "name": "欧阳娜娜", "gender": "女"}


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_read_csv_delimiters(tmp_path, delimiter):
    path = tmp_path / "d.csv"
    path.write_text(delimiter.join(["姓名", "身份证号", "地址"]) + "\n"
                    + delimiter.join(["张三", ID2, "一组,12号"]) + "\n", encoding="utf-8")
    table = read_sheet(path)
    assert table.rows[0].values == {"name": "张三", "id_number": ID2, "address": "一组,12号"}


def test_read_utf16_tab_text(tmp_path):
    path = tmp_path / "unicode.txt"  # Excel's "Unicode text" export
    path.write_bytes("姓名\t身份证号\n张三\t{}\n".format(ID1).encode("utf-16"))
    assert read_sheet(path).rows[0].values == {"name": "张三", "id_number": ID1}


# ---------------------------------------------------------------- bad files


def _expect_error(path, code, *words):
    with pytest.raises(GridkeeperError) as info:
        read_sheet(path)
    err = info.value
    assert err.code == code, (err.code, err.zh)
    for w in words:
        assert w in err.zh or w in err.en, (w, err.zh, err.en)
    assert err.zh and err.en and err.zh != err.en
    return err


def test_bad_files(tmp_path):
    (tmp_path / "a.xls").write_bytes(b"whatever")
    _expect_error(tmp_path / "a.xls", "unsupported_format", ".xls", "另存为")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    _expect_error(tmp_path / "a.pdf", "unsupported_format", ".pdf")
    _expect_error(tmp_path / "missing.xlsx", "file_not_found", "找不到")

    (tmp_path / "garbage.xlsx").write_bytes(bytes(range(256)) * 20)
    _expect_error(tmp_path / "garbage.xlsx", "not_xlsx", "不是有效的 .xlsx")
    (tmp_path / "empty.xlsx").write_bytes(b"")
    _expect_error(tmp_path / "empty.xlsx", "not_xlsx")

    with zipfile.ZipFile(tmp_path / "zip.xlsx", "w") as z:  # a zip, but not a workbook
        z.writestr("hello.txt", "hi")
    _expect_error(tmp_path / "zip.xlsx", "unreadable", "zip.xlsx")

    good = tmp_path / "good.xlsx"
    _trap_workbook(good)
    data = good.read_bytes()
    (tmp_path / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    _expect_error(tmp_path / "truncated.xlsx", "unreadable")

    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    (tmp_path / "old.xlsx").write_bytes(ole + "Workbook".encode("utf-16-le"))
    _expect_error(tmp_path / "old.xlsx", "xls_format", ".xls")
    (tmp_path / "locked.xlsx").write_bytes(ole + "EncryptedPackage".encode("utf-16-le"))
    _expect_error(tmp_path / "locked.xlsx", "password_protected", "密码")

    (tmp_path / "binary.csv").write_bytes(b"\x00\x01\x02\xff\xfe\x00" * 100)
    _expect_error(tmp_path / "binary.csv", "encoding")
    (tmp_path / "blank.csv").write_bytes(b"")
    _expect_error(tmp_path / "blank.csv", "no_header")
    (tmp_path / "folder.csv").mkdir()
    _expect_error(tmp_path / "folder.csv", "unreadable")


def test_no_header_lists_expected_headers(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["名字", "号码", "年龄"])
    wb.active.append(["张三", ID2, 30])
    wb.save(tmp_path / "nohead.xlsx")
    err = _expect_error(tmp_path / "nohead.xlsx", "no_header", "表头", "公民身份号码",
                        "ID Number")
    set_language("en")
    assert "header" in str(err) and "ID Number" in str(err)
    (tmp_path / "nohead.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    _expect_error(tmp_path / "nohead.csv", "no_header")


# ---------------------------------------------------------------- writing


COLUMNS = [("household_number", "户号"), ("name", "姓名"), ("gender", "性别"),
           ("id_number", "公民身份号码"), ("birth_date", "出生日期"), ("phone", "联系电话"),
           ("address", "现住址"), ("notes", "备注")]
ROWS = [
    {"household_number": "000123", "name": "𠮷祥", "gender": "女", "id_number": ID2,
     "birth_date": "1990-03-07", "phone": "13800138000", "address": "一组 12 号",
     "notes": "=SUM(A1:A3)"},
    {"household_number": 7, "name": "张三", "gender": "男", "id_number": ID1,
     "birth_date": dt.date(2001, 2, 3), "phone": "0571-88888888", "address": None,
     "notes": "多行\n备注\x0b"},
    {"name": "李四", "id_number": "110101199003070000", "birth_date": "不详", "notes": ["独居老人", "残疾人"]},
]


def test_write_read_round_trip_xlsx(tmp_path):
    path = tmp_path / "out.xlsx"
    assert write_sheet(path, COLUMNS, iter(ROWS), sheet_title="人口底册") == 3

    wb = openpyxl.load_workbook(path)  # inspect the cells themselves
    ws = wb.active
    assert ws.title == "人口底册"
    assert ws.freeze_panes == "A2"
    assert ws["A1"].value == "户号" and ws["A1"].font.b
    id_cell = ws["D2"]
    assert id_cell.value == ID2 and id_cell.data_type == "s" and id_cell.number_format == "@"
    assert ws["F2"].number_format == "@"
    assert ws["A3"].value == "7" and ws["A3"].data_type == "s"  # household number as text
    assert ws["E2"].is_date and ws["E2"].number_format == "yyyy-mm-dd"
    assert ws["E2"].value == dt.datetime(1990, 3, 7)
    assert ws["H2"].value == "=SUM(A1:A3)" and ws["H2"].data_type == "s"  # not a formula
    assert ws["H3"].value == "多行\n备注"  # control character dropped
    assert ws["H4"].value == "独居老人、残疾人"
    assert ws["E4"].value == "不详"
    assert ws.column_dimensions["D"].width >= 18

    table = read_sheet(path)
    assert table.fields == [f for f, _ in COLUMNS]
    assert [r.row_number for r in table.rows] == [2, 3, 4]
    v = [r.values for r in table.rows]
    assert v[0]["id_number"] == ID2 and v[1]["id_number"] == ID1
    assert v[0]["name"] == "𠮷祥"
    assert parse_date(v[0]["birth_date"]) == dt.date(1990, 3, 7)
    assert parse_date(v[1]["birth_date"]) == dt.date(2001, 2, 3)
    assert v[0]["household_number"] == "000123"


def test_write_read_round_trip_csv(tmp_path):
    path = tmp_path / "out.csv"
    assert write_sheet(path, COLUMNS, ROWS) == 3
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == "户号,姓名,性别,公民身份号码,出生日期,联系电话,现住址,备注"
    assert ID2 in text and "1.1" not in text and "2001-02-03" in text
    assert "'=SUM(A1:A3)" in text  # CSV injection neutralised

    table = read_sheet(path)
    v = [r.values for r in table.rows]
    assert v[0]["id_number"] == ID2 and v[1]["id_number"] == ID1
    assert v[0]["name"] == "𠮷祥"
    assert v[0]["household_number"] == "000123"
    assert parse_date(v[1]["birth_date"]) == dt.date(2001, 2, 3)
    assert v[1]["notes"] == "多行\n备注\x0b"  # CSV keeps text exactly


def test_write_is_atomic_and_rejects_bad_targets(tmp_path):
    target = tmp_path / "keep.xlsx"
    write_sheet(target, COLUMNS, ROWS)
    before = target.read_bytes()

    def broken_rows():
        yield ROWS[0]
        raise RuntimeError("database went away")

    for name in ("keep.xlsx", "keep.csv"):
        with pytest.raises(RuntimeError):
            write_sheet(tmp_path / name, COLUMNS, broken_rows())
    assert target.read_bytes() == before  # previous export untouched
    assert not (tmp_path / "keep.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.xlsx"]  # no temp files left

    with pytest.raises(GridkeeperError) as info:
        write_sheet(tmp_path / "x.xls", COLUMNS, ROWS)
    assert info.value.code == "unsupported_format" and ".xls" in str(info.value)
    with pytest.raises(GridkeeperError) as info:
        write_sheet(tmp_path / "nope" / "x.xlsx", COLUMNS, ROWS)
    assert info.value.code == "no_folder"


def test_write_progress_and_empty(tmp_path):
    seen = []
    rows = ({"name": f"人{i}", "id_number": ID2} for i in range(2100))
    assert write_sheet(tmp_path / "p.csv", [("name", "姓名"), ("id_number", "身份证号")], rows,
                       progress=seen.append) == 2100
    assert seen == [1000, 2000, 2100]
    assert write_sheet(tmp_path / "e.xlsx", COLUMNS, []) == 0
    table = read_sheet(tmp_path / "e.xlsx")  # an empty export still has its header
    assert table.fields == [f for f, _ in COLUMNS] and table.rows == []


def test_column_kinds():
    assert column_kind("id_number") == "text"
    assert column_kind("party_id_number") == "text"
    assert column_kind("worker_phone") == "text"
    assert column_kind("household_number") == "text"
    assert column_kind("birth_date") == "date"
    assert column_kind("next_due") == "date"
    assert column_kind("name") == "general"
