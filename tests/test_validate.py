"""The shared validators: good and bad inputs, with a real check-digit table."""

from datetime import date

import pytest

from gridkeeper.domain.errors import ValidationError
from gridkeeper.domain.lang import set_language
from gridkeeper.domain.validate import (ValueProblem, check_date, check_id_number, check_phone, id_check_char,
                                        validate_record)

TODAY = date(2026, 11, 27)



def test_check_digit_matches_the_standard_examples():
    # The example printed in GB 11643-1999 itself.
    assert id_check_char("11010519491231002") == "X"
    # Hand computation: 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2 = 167 -> 167 % 11 = 2 -> "X"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    for first17 in ["44030019900101123", "13070619850312456", "32010219991231888", "65010120000229005"]:
        total = sum(int(d) * w for d, w in zip(first17, weights))
        assert id_check_char(first17) == "10X98765432"[total % 11]


def test_every_check_value_is_reachable():
    seen = {id_check_char(f"1101051949123100{i}") for i in range(10)}
    seen |= {id_check_char(f"110105194912310{i}0") for i in range(10)}
    assert seen == set("10X98765432")


def test_valid_id_gives_birth_date_and_gender():
    info = check_id_number("11010519491231002x", today=TODAY)
    assert info.number == "11010519491231002X"  # lower-case x stored upper-case
    assert info.birth_date == date(1949, 12, 31)
    assert info.gender == "female"  # 17th digit 2 is even
    male = "13070619850312457"
    male += id_check_char(male)
    assert check_id_number(male, today=TODAY).gender == "male"


def test_full_width_and_spaces_are_accepted():
    assert check_id_number("１１０１０５１９４９１２３１００２Ｘ ", today=TODAY).number == "11010519491231002X"


@pytest.mark.parametrize("bad, fragment", [
    ("", "为空"),
    ("1101051949123100", "18位"),
    ("11010519491231002Y", "前17位应为数字"),
    ("11010519491331002X", "不是有效日期"),
    ("99010519491231002X", "地区码"),
    ("110105194912310021", "校验码不对"),
])
def test_bad_ids_are_explained(bad, fragment):
    with pytest.raises(ValueProblem) as e:
        check_id_number(bad, today=TODAY)
    assert fragment in e.value.zh
    assert e.value.en


def test_wrong_check_digit_says_which_digit_is_expected():
    with pytest.raises(ValueProblem) as e:
        check_id_number("110105194912310021", today=TODAY)
    assert "应为 X" in e.value.zh and "should be X" in e.value.en


def test_birth_in_the_future_is_refused():
    first = "13070620301231001"
    with pytest.raises(ValueProblem, match="after today"):
        check_id_number(first + id_check_char(first), today=TODAY)


@pytest.mark.parametrize("raw, clean", [
    ("13800138000", "13800138000"), ("138 0013 8000", "13800138000"), ("+8613800138000", "13800138000"),
    ("0571-88888888", "0571-88888888"), ("057188888888", "0571-88888888"), ("01088888888", "010-88888888"),
    ("(0313)1234567", "0313-1234567"), ("0571-88888888-123", "0571-88888888-123"),
])
def test_good_phones(raw, clean):
    assert check_phone(raw) == clean


@pytest.mark.parametrize("raw", ["1380013800", "12800138000", "138001380001", "abc", "88888888", "0571-123"])
def test_bad_phones(raw):
    with pytest.raises(ValueProblem):
        check_phone(raw)


@pytest.mark.parametrize("raw", ["2023-05-01", "2023/5/1", "2023.5.1", "2023年5月1日", "20230501", date(2023, 5, 1)])
def test_dates_in_the_forms_people_write(raw):
    assert check_date(raw) == date(2023, 5, 1)


@pytest.mark.parametrize("raw", ["2023-02-30", "2023.13.1", "yesterday", "1899-12-31"])
def test_bad_dates(raw):
    with pytest.raises(ValueProblem):
        check_date(raw)


def test_person_record_fills_birth_and_gender_from_the_id():
    out = validate_record("persons", {"name": "张桂兰", "area_id": "a", "id_number": "11010519491231002x"}, today=TODAY)
    assert out["id_number"] == "11010519491231002X"
    assert out["birth_date"] == "1949-12-31" and out["gender"] == "female"


def test_person_record_cross_checks_entered_birth_date_and_gender():
    with pytest.raises(ValidationError) as e:
        validate_record("persons", {"name": "张桂兰", "area_id": "a", "id_number": "11010519491231002X",
                                    "birth_date": "1950-01-01", "gender": "男"}, today=TODAY)
    fields = {p.field for p in e.value.problems}
    assert fields == {"birth_date", "gender"}


def test_every_problem_is_reported_at_once():
    with pytest.raises(ValidationError) as e:
        validate_record("persons", {"area_id": "a", "phone": "123", "id_number": "110105194912310021"}, today=TODAY)
    fields = {p.field for p in e.value.problems}
    assert {"name", "phone", "id_number"} <= fields


def test_visit_in_the_future_is_refused():
    with pytest.raises(ValidationError, match="不能晚于今天"):
        validate_record("visits", {"area_id": "a", "date": "2026-12-01", "method": "入户", "visitor": "王秀英"},
                        today=TODAY)


def test_codes_accept_labels_and_reject_unknown_values():
    out = validate_record("visits", {"area_id": "a", "date": "2026-11-01", "method": "入户", "visitor": "王秀英"},
                          today=TODAY)
    assert out["method"] == "home"
    with pytest.raises(ValidationError, match="不是可选值"):
        validate_record("visits", {"area_id": "a", "date": "2026-11-01", "method": "飞鸽传书", "visitor": "王"},
                        today=TODAY)


def test_closing_a_dispute_needs_a_result_and_date():
    base = {"area_id": "a", "received": "2026-11-01", "source": "screening", "category": "neighbour",
            "summary": "排水沟", "status": "resolved"}
    with pytest.raises(ValidationError) as e:
        validate_record("disputes", base, today=TODAY)
    assert {p.field for p in e.value.problems} == {"agreement", "closed"}
    validate_record("disputes", dict(base, agreement="达成协议", closed="2026-11-10"), today=TODAY)


def test_messages_follow_the_language():
    set_language("en")
    try:
        with pytest.raises(ValidationError) as e:
            validate_record("persons", {"area_id": "a"}, today=TODAY)
        assert "Name is required" in str(e.value)
    finally:
        set_language("zh")
    with pytest.raises(ValidationError) as e:
        validate_record("persons", {"area_id": "a"}, today=TODAY)
    assert "姓名不能为空" in str(e.value)


def test_care_categories_are_stored_canonically():
    out = validate_record("care_subjects", {"area_id": "a", "person_id": "p", "categories": "独居老人、残疾人"},
                          today=TODAY)
    assert out["categories"] == '["disabled","elderly_alone"]'
    out2 = validate_record("care_subjects", {"area_id": "a", "person_id": "p", "categories": ["残疾人", "独居老人"]},
                           today=TODAY)
    assert out2["categories"] == out["categories"]
