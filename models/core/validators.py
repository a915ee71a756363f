"""Pure validation rules shared by the Create/Update models.

Each failure raises `PydanticCustomError(code, ...)` whose `code` is a key in the i18n catalogue
(`err.<code>`), so services can report it in the user's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pydantic_core import PydanticCustomError

# NIP (Nomor Induk Pegawai), BKN rule: birth date YYYYMMDD + TMT (start of service) YYYYMM
# + gender digit (1 male, 2 female) + 3-digit sequence = 18 digits.
NIP_LENGTH = 18
# An ASN is appointed at 18 at the earliest (UU 20/2023 and PP 11/2017 set the minimum age).
MIN_AGE_AT_TMT = 18
OLDEST_BIRTH_YEAR = 1940

PNS_RANKS = tuple(f"{g}/{s}" for g in ("I", "II", "III") for s in "abcd") + tuple(f"IV/{s}" for s in "abcde")
# PPPK golongan run I..XVII (Perpres 98/2020).
PPPK_RANKS = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
)  # fmt: skip

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
# A unit code is the district code and one or more segments of 2-16 capitals or digits, each after a
# hyphen: WGR-DUKCAPIL, GYG-KEL-GYG (a kelurahan office of Gayungan). At most 20 characters in all.
UNIT_CODE_RE = re.compile(r"^[A-Z]{3}(?:-[A-Z0-9]{2,16})+$")
UNIT_CODE_MAX_LENGTH = 20
DISTRICT_CODE_RE = re.compile(r"^[A-Z]{3}$")
PASSWORD_MIN_LENGTH = 8


@dataclass(frozen=True)
class NipParts:
    birth_date: date
    tmt: date  # first day of the TMT month
    gender: str  # "L" (laki-laki) or "P" (perempuan)
    sequence: int


def parse_nip(raw: str, today: date | None = None) -> NipParts:
    """Split and check an 18-digit NIP; raise PydanticCustomError('nip_*') when it cannot be real."""
    nip = raw if isinstance(raw, str) else str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else ""
    nip = nip.replace(" ", "").strip()
    if not (nip.isascii() and nip.isdigit()) or len(nip) != NIP_LENGTH:
        raise PydanticCustomError("nip_length", "NIP must be exactly 18 digits")
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise PydanticCustomError("nip_birth_date", "NIP birth date is not a real date") from None
    today = today or date.today()
    if birth.year < OLDEST_BIRTH_YEAR or birth > today:
        raise PydanticCustomError("nip_birth_date", "NIP birth date is not a real date")
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12:
        raise PydanticCustomError("nip_tmt", "NIP start month is not valid")
    tmt = date(tmt_year, tmt_month, 1)
    adult = date(birth.year + MIN_AGE_AT_TMT, birth.month, 1)
    if tmt < adult or tmt_year > today.year + 1:
        raise PydanticCustomError("nip_tmt", "NIP start month is not valid")
    gender_digit = nip[14]
    if gender_digit not in "12":
        raise PydanticCustomError("nip_gender", "NIP gender digit must be 1 or 2")
    sequence = int(nip[15:18])
    if sequence == 0:
        raise PydanticCustomError("nip_sequence", "NIP sequence must not be 000")
    return NipParts(birth_date=birth, tmt=tmt, gender="L" if gender_digit == "1" else "P", sequence=sequence)


def clean_nip(raw: str) -> str:
    parse_nip(raw)
    return str(raw).replace(" ", "").strip()


def check_rank(employment: str, rank: str | None) -> str | None:
    """A PNS holds a golongan like III/a; a PPPK one of I..XVII. Empty is allowed (unknown)."""
    if rank in (None, ""):
        return None
    allowed = PNS_RANKS if employment == "PNS" else PPPK_RANKS
    if rank not in allowed:
        raise PydanticCustomError("rank_invalid", "Rank does not fit the employment type")
    return rank


def clean_text(value: str | None) -> str | None:
    """Trim surrounding whitespace; an all-blank string becomes None. A number (a spreadsheet cell)
    is read as its text; anything else that is not text is refused, never a crash."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:  # not NaN
        value = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if not isinstance(value, str):
        raise PydanticCustomError("text_invalid", "Must be text")
    value = value.strip()
    return value or None


def require_text(value: str | None) -> str:
    value = clean_text(value)
    if not value:
        raise PydanticCustomError("required", "This field is required")
    return value


def as_list(value) -> list:
    """The items of a multi-value field: nothing, one text, or a list; anything else is refused."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    raise PydanticCustomError("choice_invalid", "Not a list of choices")


def as_text(value) -> str:
    """The text of a form or file value: "" for nothing, a number's digits, refused otherwise."""
    return clean_text(value) or ""


def check_username(value: str) -> str:
    value = as_text(value).lower()
    if not USERNAME_RE.match(value):
        raise PydanticCustomError("username_invalid", "Username format is not valid")
    return value


def check_password(value: str) -> str:
    if value is not None and not isinstance(value, str):
        raise PydanticCustomError("text_invalid", "Must be text")
    if value is None or len(value) < PASSWORD_MIN_LENGTH:
        raise PydanticCustomError("password_short", "Password is too short", {"min": PASSWORD_MIN_LENGTH})
    if value.strip() != value:
        raise PydanticCustomError("password_spaces", "Password must not start or end with a space")
    return value


def check_unit_code(value: str) -> str:
    value = as_text(value).upper()
    if len(value) > UNIT_CODE_MAX_LENGTH or not UNIT_CODE_RE.match(value):
        raise PydanticCustomError("unit_code_invalid", "Unit code format is not valid", {"max": UNIT_CODE_MAX_LENGTH})
    return value


def check_district_code(value: str) -> str:
    value = as_text(value).upper()
    if not DISTRICT_CODE_RE.match(value):
        raise PydanticCustomError("district_code_invalid", "District code format is not valid")
    return value


def single_line(value: str | None) -> str | None:
    """Trimmed text with every run of whitespace (newlines included) made one space; None when empty."""
    value = clean_text(value)
    return None if value is None else " ".join(value.split())


def check_email(value: str | None) -> str | None:
    """The one email rule of the app (accounts and complainants alike): lower-cased, None when empty."""
    value = clean_text(value)
    if value is None:
        return None
    local, _, domain = value.partition("@")
    if not local or "." not in domain or " " in value or len(value) > 200 or domain.startswith("."):
        raise PydanticCustomError("email_invalid", "Email address is not valid")
    return value.lower()


# The grammar of reporting periods, one for every screen, report, command and model:
# a month (2026-03), quarter (2026-Q1), semester (2026-S1) or year (2026).
PERIOD_PATTERNS = [
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), "month"),
    (re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE), "quarter"),
    (re.compile(r"^(\d{4})-S([12])$", re.IGNORECASE), "semester"),
    (re.compile(r"^(\d{4})$"), "year"),
]


def check_period_code(value) -> str:
    """A period code in its one spelling ("2026-q1" -> "2026-Q1"); services.core.periods parses it."""
    text = str(value or "").strip().upper()
    if not any(pattern.match(text) for pattern, _ in PERIOD_PATTERNS):
        raise PydanticCustomError("period_invalid", "Unknown period", {"value": text[:20]})
    return text
