"""NIP, rank and account-field rules, each with the code a user's message is built from."""

from datetime import date

import pytest
from pydantic_core import PydanticCustomError

from models.core.validators import check_rank, check_unit_code, parse_nip
from services.i18n import error_text

TODAY = date(2026, 11, 23)


def code_of(nip: str) -> str:
    with pytest.raises(PydanticCustomError) as exc:
        parse_nip(nip, TODAY)
    return exc.value.type


def test_a_real_nip_gives_birth_date_start_and_gender():
    parts = parse_nip("198503152010012003", TODAY)
    assert parts.birth_date == date(1985, 3, 15)
    assert parts.tmt == date(2010, 1, 1)
    assert parts.gender == "P"
    assert parts.sequence == 3


def test_spaces_typed_inside_a_nip_are_ignored():
    assert parse_nip("19850315 201001 2 003", TODAY).gender == "P"


@pytest.mark.parametrize(
    "nip, code",
    [
        ("19850315201001200", "nip_length"),  # 17 digits
        ("1985031520100120031", "nip_length"),  # 19 digits
        ("19850315201001200X", "nip_length"),
        ("", "nip_length"),
        ("198502302010012003", "nip_birth_date"),  # 30 February
        ("193012012010012003", "nip_birth_date"),  # before 1940
        ("203001012010012003", "nip_birth_date"),  # born in the future
        ("198503152010132003", "nip_tmt"),  # month 13
        ("198503152000012003", "nip_tmt"),  # started at 14
        ("198503152030012003", "nip_tmt"),  # starts years ahead
        ("198503152010013003", "nip_gender"),
        ("198503152010012000", "nip_sequence"),
    ],
)
def test_an_impossible_nip_is_refused_with_its_reason(nip, code):
    assert code_of(nip) == code


@pytest.mark.parametrize("employment, rank", [("PNS", "III/a"), ("PNS", "IV/e"), ("PPPK", "IX"), ("PPPK", None)])
def test_rank_fits_employment(employment, rank):
    assert check_rank(employment, rank) == rank


@pytest.mark.parametrize("employment, rank", [("PNS", "IX"), ("PNS", "IV/f"), ("PPPK", "III/a"), ("PPPK", "XVIII")])
def test_rank_that_does_not_fit_is_refused(employment, rank):
    with pytest.raises(PydanticCustomError) as exc:
        check_rank(employment, rank)
    assert exc.value.type == "rank_invalid"


@pytest.mark.parametrize(
    "code", ["WGR-DUKCAPIL", "GYG-KEL-GYG", "GYG-KEL-MJR", "wgr-ptsp", "TGS-RSUD-02", "SWL-A1-B2-C3"]
)
def test_unit_codes_are_the_district_code_and_one_or_more_parts(code):
    assert check_unit_code(code) == code.upper()


@pytest.mark.parametrize(
    "code",
    [
        "WGR",
        "WGR-",
        "WGR-D",
        "WGR--DUKCAPIL",
        "WGR-KEL-",
        "WGR_DUKCAPIL",
        "WG-DUKCAPIL",
        "WGR-DUK CAPIL",
        "WGR-ABCDEFGHIJKLMNOPQ",
    ],
)
def test_malformed_unit_codes_are_refused(code):
    with pytest.raises(PydanticCustomError) as exc:
        check_unit_code(code)
    assert exc.value.type == "unit_code_invalid"


def test_a_unit_code_fits_its_20_character_column():
    assert check_unit_code("GYG-KELURAHAN-KETINT") == "GYG-KELURAHAN-KETINT"  # 20 characters
    with pytest.raises(PydanticCustomError) as exc:
        check_unit_code("GYG-KELURAHAN-KETINTANG")
    assert exc.value.type == "unit_code_invalid"
    assert "20" in error_text("unit_code_invalid", "id", exc.value.context)


def test_every_seeded_unit_code_is_one_an_admin_could_type():
    from seed.core import DISTRICTS, UNITS_BY_KIND

    codes = [f"{code}-{suffix}" for _, code, kind, _, _ in DISTRICTS for suffix, *_ in UNITS_BY_KIND[kind]]
    assert {"GYG-KEL-GYG", "GYG-KEL-KTR", "GYG-KEL-MJR"} <= set(codes)
    for code in codes:
        assert check_unit_code(code) == code
